//! Protected-time targets: pro rata to the period, to `fte`, and per `per_weeks` window.

use chrono::NaiveDate;

use super::time::monday_of;

/// A target window: `per_weeks` weeks from the Monday of the rota's first week, clipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First date (inclusive).
    pub first: NaiveDate,
    /// Last date (inclusive).
    pub last: NaiveDate,
}

impl Window {
    /// Days in the window.
    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    /// Whether a date lies in the window.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }
}

/// The windows of `per_weeks` weeks covering the period `first..=last`.
pub fn windows(first: NaiveDate, last: NaiveDate, per_weeks: u32) -> Vec<Window> {
    let len = i64::from(per_weeks.max(1)) * 7;
    let mut start = monday_of(first);
    let mut out = Vec::new();
    while start <= last {
        let end = start + chrono::Duration::days(len - 1);
        out.push(Window {
            first: start.max(first),
            last: end.min(last),
        });
        start += chrono::Duration::days(len);
    }
    out
}

/// The target in minutes for `days` days: `hours × days / (7 × per_weeks) × fte`.
pub fn target_minutes(hours: f64, per_weeks: u32, days: i64, fte: f64) -> f64 {
    #[allow(clippy::cast_precision_loss)] // days is at most a few thousand
    let days = days as f64;
    hours * 60.0 * days / (7.0 * f64::from(per_weeks.max(1))) * fte
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn windows_start_on_the_first_monday_and_are_clipped() {
        // 2026-01-07 is a Wednesday; the first window starts Monday 2026-01-05.
        let w = windows(d("2026-01-07"), d("2026-02-10"), 4);
        assert_eq!(w.len(), 2);
        assert_eq!((w[0].first, w[0].last), (d("2026-01-07"), d("2026-02-01")));
        assert_eq!((w[1].first, w[1].last), (d("2026-02-02"), d("2026-02-10")));
        assert_eq!(w[0].days() + w[1].days(), 35);
    }

    #[test]
    fn targets_are_pro_rata() {
        assert!((target_minutes(2.0, 4, 28, 1.0) - 120.0).abs() < 1e-9);
        assert!((target_minutes(2.0, 4, 91, 1.0) - 390.0).abs() < 1e-9);
        assert!((target_minutes(2.0, 4, 28, 0.6) - 72.0).abs() < 1e-9);
    }
}
