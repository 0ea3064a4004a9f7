//! `tcs_on_call_consecutive`: no on-call periods on consecutive days, other than Saturday and
//! Sunday (2016 TCS Schedule 3). Days are the local dates the periods start.

use chrono::{Datelike, Weekday};

use super::periods::{span, Period};
use super::working_time::Out;
use super::Severity;

/// Each pair of on-call periods starting on consecutive days that are not Saturday then
/// Sunday.
pub(crate) fn check(out: &mut Out<'_>, on_call: &[Period]) {
    for w in on_call.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let next_day = (b.date - a.date).num_days() == 1;
        if next_day && a.date.weekday() != Weekday::Sat {
            let tz = out.tz;
            out.add(
                "tcs_on_call_consecutive",
                Severity::Error,
                a.start,
                b.end,
                2.0,
                1.0,
                format!(
                    "on call on consecutive days: {} and {} (only Saturday and Sunday may follow each other)",
                    span(tz, a),
                    span(tz, b)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::periods::at;
    use crate::rules::working_time::run;

    #[test]
    fn not_on_consecutive_days_but_the_weekend() {
        // 2026-06-12 is a Friday. (first, second, found)
        for (a, b, found) in [
            ("2026-06-13", "2026-06-14", false), // Saturday, Sunday
            ("2026-06-12", "2026-06-13", true),  // Friday, Saturday
            ("2026-06-14", "2026-06-15", true),  // Sunday, Monday
            ("2026-06-08", "2026-06-09", true),  // Monday, Tuesday
            ("2026-06-08", "2026-06-10", false), // a day between
        ] {
            let v = run(|o| check(o, &[at(a, "17:00", 15.0), at(b, "17:00", 15.0)]));
            assert_eq!(v.len(), usize::from(found), "{a} {b}: {v:?}");
        }
    }
}
