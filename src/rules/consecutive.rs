//! `tcs_consecutive_shifts` and `tcs_consecutive_long`: at most 7 shifts (4 long ones) on
//! consecutive days, then 48 hours rest.

use super::periods::{h, hm, when, Period};
use super::working_time::Out;
use super::Severity;

/// Runs of qualifying periods on consecutive days: more than `max`, or less than 48 h rest
/// after a run of `max`.
pub(crate) fn runs(
    out: &mut Out<'_>,
    ps: &[Period],
    qualifies: impl Fn(&Period) -> bool,
    max: usize,
    rule: &'static str,
    what: &str,
) {
    let mut i = 0;
    while i < ps.len() {
        if !qualifies(&ps[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < ps.len() && qualifies(&ps[j]) && (ps[j].date - ps[j - 1].date).num_days() <= 1 {
            j += 1;
        }
        let n = j - i;
        if n > max {
            out.add(
                rule,
                Severity::Error,
                ps[i].start,
                ps[j - 1].end,
                f64::from(u32::try_from(n).unwrap_or(u32::MAX)),
                f64::from(u32::try_from(max).unwrap_or(0)),
                format!(
                    "{n} consecutive {what}, {} to {}",
                    when(out.tz, ps[i].start),
                    when(out.tz, ps[j - 1].end)
                ),
            );
        } else if n == max {
            if let Some(next) = ps.get(j) {
                let rest = next.start - ps[j - 1].end;
                if rest < 48 * 60 {
                    out.add(
                        rule,
                        Severity::Error,
                        ps[j - 1].end,
                        next.start,
                        h(rest),
                        48.0,
                        format!(
                            "{} rest after {max} consecutive {what} (48 h due), {} to {}",
                            hm(rest),
                            when(out.tz, ps[j - 1].end),
                            when(out.tz, next.start)
                        ),
                    );
                }
            }
        }
        i = j;
    }
}
