//! `wtr_weekly_rest`: 24 hours' uninterrupted rest in each 7 days, or (the employer's choice
//! the Regulations allow) two of 24 h or one of 48 h in each 14 days (Working Time
//! Regulations 1998, regulation 11). For everyone. Measured over the 14-day spans from the
//! rota's first day: a span passes if each of its weeks holds 24 h off, or it holds two such
//! rests or one of 48 h; a last span of 7 to 13 days is held to 24 h in its first week. Rest
//! is time off duty (on call and absences are not duty), clipped to the span.

use chrono::{Duration, NaiveDate};

use super::periods::{h, when, Period};
use super::working_time::Out;
use super::Severity;
use crate::domain::time::{midnight, Min};

/// Free stretches of `[lo, hi)` between the duty periods.
fn rests(ps: &[Period], lo: Min, hi: Min) -> Vec<(Min, Min)> {
    let mut out = Vec::new();
    let mut t = lo;
    for p in ps.iter().filter(|p| p.end > lo && p.start < hi) {
        if p.start > t {
            out.push((t, p.start));
        }
        t = t.max(p.end);
    }
    if hi > t {
        out.push((t, hi));
    }
    out
}

fn longest(r: &[(Min, Min)]) -> i64 {
    r.iter().map(|(a, b)| b - a).max().unwrap_or(0)
}

/// Each 14-day span (or last week) short of weekly rest.
pub(crate) fn check(out: &mut Out<'_>, ps: &[Period], first: NaiveDate, last: NaiveDate) {
    let tz = out.tz;
    let day = |d: NaiveDate| midnight(tz, d);
    let end = last + Duration::days(1);
    let mut b = first;
    while b + Duration::days(7) <= end {
        let full = b + Duration::days(14) <= end;
        let (lo, mid) = (day(b), day(b + Duration::days(7)));
        let hi = if full {
            day(b + Duration::days(14))
        } else {
            mid
        };
        let all = rests(ps, lo, hi);
        let day_off = 24 * 60;
        let week1 = longest(&rests(ps, lo, mid));
        let ok = if full {
            let week2 = longest(&rests(ps, mid, hi));
            let long_rests = all.iter().filter(|(a, b)| b - a >= day_off).count();
            (week1 >= day_off && week2 >= day_off)
                || long_rests >= 2
                || longest(&all) >= 2 * day_off
        } else {
            week1 >= day_off
        };
        if !ok {
            let best = longest(&all);
            let span_days = if full { 14 } else { 7 };
            out.add(
                "wtr_weekly_rest",
                Severity::Error,
                lo,
                hi,
                h(best),
                24.0,
                format!(
                    "the longest rest in the {span_days} days from {} to {} is {} h (expected 24 h off in each 7 days, or two of 24 h or one of 48 h in each 14)",
                    when(tz, lo),
                    when(tz, hi),
                    h(best)
                ),
            );
        }
        b += Duration::days(14);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::periods::at;
    use crate::rules::working_time::run;

    /// 12 h shifts from 08:00 on the given days of June 2026 (1 is a Monday).
    fn on(days: &[u32]) -> Vec<Period> {
        days.iter()
            .map(|d| at(&format!("2026-06-{d:02}"), "08:00", 12.0))
            .collect()
    }

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, d).expect("a date")
    }

    #[test]
    fn a_day_off_a_week_or_two_in_a_fortnight() {
        // (days worked in 1-14 June, found)
        for (days, found) in [
            // A day off each week.
            (&[1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13][..], false),
            // 14 days on: the longest rest is 12 h.
            (&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14][..], true),
            // Two days off together in the second week only: 48 h and more in the 14.
            (&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14][..], false),
            // One day off in the fortnight: 36 h, short.
            (&[1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14][..], true),
        ] {
            let v = run(|o| check(o, &on(days), date(1), date(14)));
            assert_eq!(v.len(), usize::from(found), "{days:?}: {v:?}");
        }
        let v = run(|o| {
            check(
                o,
                &on(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]),
                date(1),
                date(14),
            )
        });
        assert_eq!(v[0].figure, Some(12.0));
        // A last week alone is held to 24 h in it.
        let v = run(|o| check(o, &on(&[1, 2, 3, 4, 5, 6, 7]), date(1), date(7)));
        assert_eq!(v.len(), 1, "{v:?}");
        let v = run(|o| check(o, &on(&[1, 2, 3, 4, 5, 6]), date(1), date(7)));
        assert!(v.is_empty(), "{v:?}");
    }
}
