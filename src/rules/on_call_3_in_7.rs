//! `tcs_on_call_3_in_7`: at most 3 on-call periods in any 7 consecutive days (2016 TCS
//! Schedule 3). Days are the local dates the periods start; every 7-day span that starts on
//! an on-call day is counted.

use chrono::Duration;

use super::periods::{when, Period};
use super::working_time::Out;
use super::Severity;

/// The 7-day spans holding more than 3 on-call periods, each run of them once.
pub(crate) fn check(out: &mut Out<'_>, on_call: &[Period]) {
    let mut i = 0;
    while i < on_call.len() {
        let last_day = on_call[i].date + Duration::days(6);
        let n = on_call[i..]
            .iter()
            .take_while(|p| p.date <= last_day)
            .count();
        if n > 3 {
            let tz = out.tz;
            let within = &on_call[i..i + n];
            let starts: Vec<String> = within.iter().map(|p| when(tz, p.start)).collect();
            out.add(
                "tcs_on_call_3_in_7",
                Severity::Error,
                within[0].start,
                within[n - 1].end,
                f64::from(u32::try_from(n).unwrap_or(u32::MAX)),
                3.0,
                format!(
                    "{n} on-call periods in the 7 days {} to {}: {}",
                    on_call[i].date.format("%a %-d %b"),
                    last_day.format("%a %-d %b"),
                    starts.join(", ")
                ),
            );
            i += n;
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::periods::at;
    use crate::rules::working_time::run;

    #[test]
    fn at_most_3_in_7_days() {
        // (start dates, found)
        for (dates, found) in [
            (&["2026-06-08", "2026-06-10", "2026-06-12"][..], false),
            (
                &["2026-06-08", "2026-06-10", "2026-06-12", "2026-06-14"][..],
                true,
            ),
            // The fourth on the eighth day: outside the 7.
            (
                &["2026-06-08", "2026-06-10", "2026-06-12", "2026-06-15"][..],
                false,
            ),
        ] {
            let ps: Vec<Period> = dates.iter().map(|d| at(d, "17:00", 15.0)).collect();
            let v = run(|o| check(o, &ps));
            assert_eq!(v.len(), usize::from(found), "{dates:?}: {v:?}");
        }
        let ps: Vec<Period> = ["2026-06-08", "2026-06-10", "2026-06-12", "2026-06-14"]
            .iter()
            .map(|d| at(d, "17:00", 15.0))
            .collect();
        let v = run(|o| check(o, &ps));
        assert_eq!(
            v[0].detail,
            "4 on-call periods in the 7 days Mon 8 Jun to Sun 14 Jun: Mon 8 Jun 17:00, Wed 10 Jun 17:00, Fri 12 Jun 17:00, Sun 14 Jun 17:00"
        );
    }
}
