//! `p2_target`: every resident and SAS doctor (every group with a target) has protected
//! engagement time inside rostered working hours at least their target, over the period and
//! over each `per_weeks` window, pro rata for a part window and `fte`.

use super::{Severity, Violation};
use crate::domain::policy::Policy;
use crate::domain::targets::{target_minutes, windows};
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

/// Checks every doctor with a target.
pub fn check(rota: &Rota, policy: &Policy) -> Vec<Violation> {
    let mut out = Vec::new();
    let tz = rota.tz;
    for (i, doc) in rota.doctors.iter().enumerate() {
        let Some(t) = policy.targets.get(&doc.group) else {
            continue;
        };
        let d = DoctorIdx(u32::try_from(i).unwrap_or(u32::MAX));
        let rows = rota.shifts_of(d);
        let protected: Vec<&Shift> = rows
            .iter()
            .filter(|e| is_protected(rows, e, policy))
            .collect();
        let minutes_in = |first: chrono::NaiveDate, last: chrono::NaiveDate| -> i64 {
            protected
                .iter()
                .filter(|e| first <= e.date && e.date <= last)
                .map(|e| e.minutes())
                .sum()
        };
        let mut push = |first: chrono::NaiveDate, last: chrono::NaiveDate, what: &str| {
            let days = (last - first).num_days() + 1;
            let due = target_minutes(t.hours, t.per_weeks, days, doc.fte);
            #[allow(clippy::cast_precision_loss)]
            let have = minutes_in(first, last) as f64;
            if have + 1e-6 < due {
                let r = |x: f64| (x / 60.0 * 100.0).round() / 100.0;
                out.push(Violation {
                    rule: "p2_target",
                    severity: Severity::Error,
                    doctor: Some(d),
                    start: midnight(tz, first),
                    end: midnight(tz, last + chrono::Duration::days(1)),
                    figure: Some(r(have)),
                    limit: Some(r(due)),
                    detail: format!(
                        "{} h of protected engagement time against a target of {} h {what}",
                        r(have),
                        r(due)
                    ),
                });
            }
        };
        push(rota.first, rota.last, "over the rota period");
        let ws = windows(rota.first, rota.last, t.per_weeks);
        if ws.len() > 1 {
            for w in ws {
                push(
                    w.first,
                    w.last,
                    &format!("in the window {} to {}", w.first, w.last),
                );
            }
        }
    }
    out
}
