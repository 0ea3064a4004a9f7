//! `tcs_72h_in_168h`: no more than 72 hours of work in any 168 consecutive hours.

use super::periods::{h, hm, when, Period};
use super::working_time::Out;
use super::Severity;

/// More than 72 h in any 168 consecutive hours: the worst window starting at a period start.
pub(crate) fn check(out: &mut Out<'_>, ps: &[Period]) {
    let week = 168 * 60;
    let mut worst: Option<(i64, i64)> = None;
    let mut hi = 0;
    for (lo, p) in ps.iter().enumerate() {
        let t = p.start;
        hi = hi.max(lo);
        while hi < ps.len() && ps[hi].start < t + week {
            hi += 1;
        }
        let sum: i64 = ps[lo..hi]
            .iter()
            .map(|q| q.end.min(t + week) - q.start)
            .sum();
        if sum > 72 * 60 && worst.is_none_or(|w| sum > w.1) {
            worst = Some((t, sum));
        }
    }
    if let Some((t, sum)) = worst {
        // The shifts counted, each as far as the window goes.
        let parts: Vec<String> = ps
            .iter()
            .filter(|q| q.start >= t && q.start < t + week)
            .map(|q| hm(q.end.min(t + week) - q.start))
            .collect();
        let tz = out.tz;
        out.add(
            "tcs_72h_in_168h",
            Severity::Error,
            t,
            t + week,
            h(sum),
            72.0,
            format!(
                "{} worked in the 168 h from {} to {}: {} shift{}, {} = {}",
                hm(sum),
                when(tz, t),
                when(tz, t + week),
                parts.len(),
                if parts.len() == 1 { "" } else { "s" },
                parts.join(" + "),
                hm(sum)
            ),
        );
    }
}
