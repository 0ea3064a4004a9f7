//! `tcs_long_evening`: at most 4 long late-evening shifts in a row, then 48 hours off (2016
//! TCS Schedule 3 as amended 2019). A long late-evening shift is longer than 10 h, starts
//! before 16:00 and ends after 23:00 (local); "in a row" is on consecutive calendar days.

use chrono::{NaiveTime, Timelike};

use super::periods::{h, hm, when, Period};
use super::working_time::Out;
use super::Severity;
use crate::domain::time::local;

/// Most long late-evening shifts in a row.
const MOST: usize = 4;
/// Rest after that many, in minutes.
const REST: i64 = 48 * 60;

/// Whether a duty period is a long late-evening shift.
fn long_evening(tz: chrono_tz::Tz, p: &Period) -> bool {
    let (s, e) = (local(tz, p.start), local(tz, p.end));
    let eleven = NaiveTime::from_hms_opt(23, 0, 0).unwrap_or(NaiveTime::MIN);
    p.long && s.hour() < 16 && (e.date_naive() > s.date_naive() || e.time() > eleven)
}

/// Runs of more than 4; less than 48 h rest after a run of 4 or more.
pub(crate) fn check(out: &mut Out<'_>, ps: &[Period]) {
    let tz = out.tz;
    let mut i = 0;
    while i < ps.len() {
        if !long_evening(tz, &ps[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < ps.len()
            && long_evening(tz, &ps[j])
            && (ps[j].date - ps[j - 1].date).num_days() == 1
        {
            j += 1;
        }
        let n = j - i;
        let run = &ps[i..j];
        let list = || {
            run.iter()
                .map(|p| format!("{} ({} h)", when(tz, p.start), h(p.minutes())))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if n > MOST {
            out.add(
                "tcs_long_evening",
                Severity::Error,
                run[0].start,
                run[n - 1].end,
                f64::from(u32::try_from(n).unwrap_or(u32::MAX)),
                4.0,
                format!("{n} long late-evening shifts in a row: {}", list()),
            );
        }
        if n >= MOST {
            if let Some(next) = ps.get(j) {
                let rest = next.start - run[n - 1].end;
                if rest < REST {
                    out.add(
                        "tcs_long_evening",
                        Severity::Error,
                        run[n - 1].end,
                        next.start,
                        h(rest),
                        48.0,
                        format!(
                            "{} rest after {n} long late-evening shifts in a row, {} to {}",
                            hm(rest),
                            when(tz, run[n - 1].end),
                            when(tz, next.start)
                        ),
                    );
                }
            }
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::periods::at;
    use crate::rules::working_time::run;

    fn days(first: u32, n: u32, time: &str, hours: f64) -> Vec<Period> {
        (0..n)
            .map(|k| at(&format!("2026-06-{:02}", first + k), time, hours))
            .collect()
    }

    #[test]
    fn what_a_long_late_evening_shift_is() {
        let tz = chrono_tz::Europe::London;
        // (start, hours, is one)
        for (time, hours, one) in [
            ("13:00", 10.5, true),  // 13:00-23:30
            ("13:00", 10.0, false), // 10 h exactly is not long
            ("14:00", 9.5, false),  // ends 23:30 but not long
            ("16:00", 10.5, false), // starts at 16:00, not before
            ("15:59", 10.5, true),
            ("12:00", 11.0, false), // ends at 23:00, not after
            ("14:00", 11.0, true),  // ends at 01:00 the next day
        ] {
            assert_eq!(
                long_evening(tz, &at("2026-06-08", time, hours)),
                one,
                "{time} {hours}"
            );
        }
    }

    #[test]
    fn at_most_4_in_a_row_then_48_hours_off() {
        // Four, then 48 h off: none.
        let mut ps = days(8, 4, "13:00", 10.5);
        ps.push(at("2026-06-14", "09:00", 8.0));
        assert!(run(|o| check(o, &ps)).is_empty());
        // Five in a row.
        let ps = days(8, 5, "13:00", 10.5);
        let v = run(|o| check(o, &ps));
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].figure, Some(5.0));
        // Four, then back 33.5 h later.
        let mut ps = days(8, 4, "13:00", 10.5);
        ps.push(at("2026-06-13", "09:00", 8.0));
        let v = run(|o| check(o, &ps));
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(
            v[0].detail,
            "33 h 30 min rest after 4 long late-evening shifts in a row, Thu 11 Jun 23:30 to Sat 13 Jun 09:00"
        );
        // Three, then a day between, then two: no run of more than 4.
        let mut ps = days(8, 3, "13:00", 10.5);
        ps.extend(days(12, 2, "13:00", 10.5));
        assert!(run(|o| check(o, &ps)).is_empty());
    }
}
