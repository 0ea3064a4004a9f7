//! Each doctor's protected-time target, window by window: what is due, and what engagement
//! the rota already holds.

use crate::domain::policy::Policy;
use crate::domain::targets::{target_minutes, windows};
use crate::domain::{DoctorIdx, Kind, Rota};

/// A doctor's target: per window (index, minutes), windows from `window_of`.
#[derive(Debug, Clone)]
pub struct DocTarget {
    /// Window length in days.
    pub window_days: i64,
    /// Minutes due per window (index from the Monday of the first week).
    pub due: Vec<f64>,
    /// Engagement minutes already in the rota per window.
    pub have: Vec<f64>,
}

/// Builds each doctor's windows and targets.
pub fn targets(rota: &Rota, policy: &Policy) -> Vec<Option<DocTarget>> {
    rota.doctors
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let t = policy.targets.get(&doc.group)?;
            let ws = windows(rota.first, rota.last, t.per_weeks);
            let due = ws
                .iter()
                .map(|w| target_minutes(t.hours, t.per_weeks, w.days(), doc.fte))
                .collect();
            let mut have = vec![0.0; ws.len()];
            let d = DoctorIdx(u32::try_from(i).unwrap_or(u32::MAX));
            for s in rota.shifts_of(d) {
                if s.kind == Kind::Engagement && s.within.is_some() {
                    if let Some(w) = ws.iter().position(|w| w.contains(s.date)) {
                        #[allow(clippy::cast_precision_loss)]
                        let m = s.minutes() as f64;
                        have[w] += m;
                    }
                }
            }
            Some(DocTarget {
                window_days: i64::from(t.per_weeks) * 7,
                due,
                have,
            })
        })
        .collect()
}
