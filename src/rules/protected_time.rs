//! `p2_target`: every resident and SAS doctor (every group with a target) has protected
//! engagement time inside rostered working hours at least their target, over the period and
//! over each `per_weeks` window, pro rata for a part window and `fte`.

use super::{Severity, Violation};
use crate::domain::policy::Policy;
use crate::domain::targets::{target_minutes, windows, Window};
use crate::domain::time::midnight;
use crate::domain::{DoctorIdx, Kind, Rota, Shift};

/// Whether an engagement row is protected time: inside a working shift of an allowed kind and
/// outside the rest after nights.
pub fn is_protected(rows: &[Shift], e: &Shift, policy: &Policy) -> bool {
    e.kind == Kind::Engagement
        && e.within.is_some_and(|k| policy.allows(k))
        && !rows.iter().any(|s| {
            s.kind == Kind::Night
                && s.end <= e.start
                && e.start < s.end + policy.rest_after_night_minutes
        })
        && !rows.iter().any(|s| {
            (s.kind.is_absence() || matches!(s.kind, Kind::Night | Kind::OnCall))
                && s.start < e.end
                && e.start < s.end
        })
}

/// One of a doctor's target windows: protected minutes in it against its pro-rata target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowTime {
    /// The window (the whole period when the target has one window).
    pub window: Window,
    /// Protected minutes of engagement starting in the window.
    pub have: i64,
    /// The window's target in minutes: `hours × window_days / (7 × per_weeks) × fte`.
    pub due: f64,
}

impl WindowTime {
    /// Whether the window is at target.
    pub fn met(&self) -> bool {
        #[allow(clippy::cast_precision_loss)]
        let have = self.have as f64;
        have + 1e-6 >= self.due
    }

    /// Minutes short of target (0 when met).
    pub fn short(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let have = self.have as f64;
        if self.met() {
            0.0
        } else {
            self.due - have
        }
    }
}

/// A doctor's target windows with their protected time, or `None` when the doctor's group has
/// no target. The one test of "at target" that `check`, `compliance.csv`, `summary.json` and
/// the report share: a doctor is at target when every window is.
pub fn window_times(rota: &Rota, policy: &Policy, d: DoctorIdx) -> Option<Vec<WindowTime>> {
    let doc = &rota.doctors[d.ix()];
    let t = policy.targets.get(&doc.group)?;
    let rows = rota.shifts_of(d);
    let protected: Vec<&Shift> = rows
        .iter()
        .filter(|e| is_protected(rows, e, policy))
        .collect();
    Some(
        windows(rota.first, rota.last, t.per_weeks)
            .into_iter()
            .map(|window| WindowTime {
                window,
                have: protected
                    .iter()
                    .filter(|e| window.contains(e.date))
                    .map(|e| e.minutes())
                    .sum(),
                due: target_minutes(t.hours, t.per_weeks, window.days(), doc.fte),
            })
            .collect(),
    )
}

/// Checks every doctor with a target.
pub fn check(rota: &Rota, policy: &Policy) -> Vec<Violation> {
    let mut out = Vec::new();
    let tz = rota.tz;
    for i in 0..rota.doctors.len() {
        let d = DoctorIdx(u32::try_from(i).unwrap_or(u32::MAX));
        let Some(ws) = window_times(rota, policy, d) else {
            continue;
        };
        // The engagement rows counted, so that the sum can be redone by hand.
        let rows = rota.shifts_of(d);
        let protected: Vec<&Shift> = rows
            .iter()
            .filter(|e| is_protected(rows, e, policy))
            .collect();
        let counted = |w: &Window| -> String {
            let within: Vec<String> = protected
                .iter()
                .filter(|e| w.contains(e.date))
                .map(|e| {
                    format!(
                        "{} on {}-{}",
                        crate::rules::periods::hm(e.minutes()),
                        crate::rules::periods::when(tz, e.start),
                        crate::domain::time::hhmm(tz, e.end)
                    )
                })
                .collect();
            match within.len() {
                0 => " (none in rostered hours)".to_string(),
                n if n <= 6 => format!(" ({})", within.join(" + ")),
                n => format!(" ({} + {} more rows)", within[..6].join(" + "), n - 6),
            }
        };
        let mut push = |w: &WindowTime, what: &str| {
            if !w.met() {
                let r = |x: f64| (x / 60.0 * 100.0).round() / 100.0;
                #[allow(clippy::cast_precision_loss)]
                let have = r(w.have as f64);
                out.push(Violation {
                    rule: "p2_target",
                    severity: Severity::Error,
                    doctor: Some(d),
                    start: midnight(tz, w.window.first),
                    end: midnight(tz, w.window.last + chrono::Duration::days(1)),
                    figure: Some(have),
                    limit: Some(r(w.due)),
                    detail: format!(
                        "{have} h of protected engagement time{} against a target of {} h {what}",
                        counted(&w.window),
                        r(w.due)
                    ),
                });
            }
        };
        let period = WindowTime {
            window: Window {
                first: rota.first,
                last: rota.last,
            },
            have: ws.iter().map(|w| w.have).sum(),
            due: ws.iter().map(|w| w.due).sum(),
        };
        push(&period, "over the rota period");
        if ws.len() > 1 {
            for w in &ws {
                push(
                    w,
                    &format!("in the window {} to {}", w.window.first, w.window.last),
                );
            }
        }
    }
    out
}
