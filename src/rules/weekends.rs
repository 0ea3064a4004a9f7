//! `tcs_weekends`: weekends worked no more often than 1 in 2 (error), 1 in 3 (warning).

use super::periods::Period;
use super::working_time::Out;
use super::Severity;
use crate::domain::Rota;
use chrono::{Datelike, Weekday};

/// Weekends worked over weekends in the period: above 1 in 2 an error, above 1 in 3 a warning.
pub(crate) fn check(out: &mut Out<'_>, rota: &Rota, ps: &[Period]) {
    let mut worked: Vec<chrono::NaiveDate> = ps.iter().filter_map(|p| p.weekend).collect();
    worked.sort_unstable();
    worked.dedup();
    // Weekends in the period: its Saturdays, and a Sunday it starts on.
    let mut total = 0u32;
    let mut d = rota.first;
    while d <= rota.last {
        if d.weekday() == Weekday::Sat || (d == rota.first && d.weekday() == Weekday::Sun) {
            total += 1;
        }
        d += chrono::Duration::days(1);
    }
    if total < 3 || worked.is_empty() {
        return;
    }
    let n = u32::try_from(worked.len()).unwrap_or(u32::MAX);
    let frac = f64::from(n) / f64::from(total);
    let (s, e) = (
        ps.first().map_or(0, |p| p.start),
        ps.last().map_or(0, |p| p.end),
    );
    let fig = (frac * 1000.0).round() / 1000.0;
    if frac > 0.5 + 1e-9 {
        out.add(
            "tcs_weekends",
            Severity::Error,
            s,
            e,
            fig,
            0.5,
            format!("{n} of {total} weekends worked (more than 1 in 2)"),
        );
    } else if frac > 1.0 / 3.0 + 1e-9 {
        out.add(
            "tcs_weekends",
            Severity::Warning,
            s,
            e,
            fig,
            0.333,
            format!("{n} of {total} weekends worked (more than 1 in 3)"),
        );
    }
}
