//! `tcs_consecutive_nights` and `tcs_rest_after_nights`: at most 4 nights in a row, and 46
//! hours rest after the last night of any run (2019).

use super::periods::{h, hm, when, Period};
use super::working_time::Out;
use super::Severity;

/// More than 4 nights in a row; less than 46 h rest after the last night of a run.
pub(crate) fn check(out: &mut Out<'_>, ps: &[Period]) {
    let mut i = 0;
    while i < ps.len() {
        if !ps[i].night {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < ps.len() && ps[j].night && (ps[j].date - ps[j - 1].date).num_days() <= 1 {
            j += 1;
        }
        let n = j - i;
        if n > 4 {
            out.add(
                "tcs_consecutive_nights",
                Severity::Error,
                ps[i].start,
                ps[j - 1].end,
                f64::from(u32::try_from(n).unwrap_or(u32::MAX)),
                4.0,
                format!(
                    "{n} consecutive nights, {} to {}",
                    when(out.tz, ps[i].start),
                    when(out.tz, ps[j - 1].end)
                ),
            );
        }
        if let Some(next) = ps.get(j) {
            let rest = next.start - ps[j - 1].end;
            if rest < 46 * 60 {
                out.add(
                    "tcs_rest_after_nights",
                    Severity::Error,
                    ps[j - 1].end,
                    next.start,
                    h(rest),
                    46.0,
                    format!(
                        "{} rest after {n} night{}, {} to {}",
                        hm(rest),
                        if n == 1 { "" } else { "s" },
                        when(out.tz, ps[j - 1].end),
                        when(out.tz, next.start)
                    ),
                );
            }
        }
        i = j;
    }
}
