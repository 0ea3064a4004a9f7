//! `tcs_avg_48h_leave_adjusted`: the average weekly hours with annual leave taken out, by the
//! NHS Employers prospective-cover method that rota checkers use. With A annual leave days a
//! year (`[working_time] annual_leave_days`), B the rota's weeks, C hours a leave day
//! (`hours_per_leave_day`) and D the rostered hours: E = A·B/52 and the average is
//! (D − E·C) / (B − E/5). A rota at 48.0 h raw can be 48.9 h so.

use super::periods::Period;
use super::working_time::Out;
use super::Severity;
use crate::domain::policy::Policy;

/// The leave-adjusted average and its arithmetic, or `None` where the rota is too short for
/// the leave it would hold.
pub(crate) fn average(minutes: i64, weeks: f64, policy: &Policy) -> Option<(f64, String)> {
    #[allow(clippy::cast_precision_loss)]
    let d = minutes as f64 / 60.0;
    let (a, c) = (policy.annual_leave_days, policy.hours_per_leave_day);
    let e = a * weeks / 52.0;
    let weeks_worked = weeks - e / 5.0;
    if weeks_worked <= 0.0 {
        return None;
    }
    let avg = (d - e * c) / weeks_worked;
    let r2 = |x: f64| (x * 100.0).round() / 100.0;
    Some((
        avg,
        format!(
            "({:.1} − {} × {}) / ({} − {}) = {:.2} h (NHS Employers leave-adjusted average: {} leave days a year of {} h over {} weeks)",
            d,
            r2(e),
            c,
            r2(weeks),
            r2(e / 5.0),
            avg,
            a,
            c,
            r2(weeks)
        ),
    ))
}

/// The average above 48 h.
pub(crate) fn check(out: &mut Out<'_>, ps: &[Period], weeks: f64, policy: &Policy) {
    let (Some(first), Some(last)) = (ps.first(), ps.last()) else {
        return;
    };
    let total: i64 = ps.iter().map(Period::minutes).sum();
    if let Some((avg, arithmetic)) = average(total, weeks, policy) {
        if avg > 48.0 + 1e-9 {
            out.add(
                "tcs_avg_48h_leave_adjusted",
                Severity::Error,
                first.start,
                last.end,
                (avg * 100.0).round() / 100.0,
                48.0,
                arithmetic,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nhs_employers_example() {
        let p = Policy::default();
        // 480 h over 10 weeks: 48.0 raw, 48.93 adjusted.
        let (avg, text) = average(480 * 60, 10.0, &p).expect("an average");
        assert!((avg - 48.93).abs() < 0.005, "{avg}");
        assert_eq!(
            text,
            "(480.0 − 5.19 × 8) / (10 − 1.04) = 48.93 h (NHS Employers leave-adjusted average: 27 leave days a year of 8 h over 10 weeks)"
        );
        // (hours over 10 weeks, above 48)
        for (hours, above) in [(470.0, false), (472.0, true), (440.0, false)] {
            #[allow(clippy::cast_possible_truncation)]
            let (avg, _) = average((hours * 60.0) as i64, 10.0, &p).expect("an average");
            assert_eq!(avg > 48.0, above, "{hours}: {avg}");
        }
        // Other leave: 32 days of 7.5 h.
        let p = Policy {
            annual_leave_days: 32.0,
            hours_per_leave_day: 7.5,
            ..Policy::default()
        };
        let (avg, _) = average(480 * 60, 10.0, &p).expect("an average");
        assert!((avg - 49.47).abs() < 0.005, "{avg}");
    }
}
