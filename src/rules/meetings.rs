//! `p2_require_groups` and `p2_min_attendance`: each occurrence of a meeting has each of its
//! required staff groups represented and at least its minimum share of the invited released.
//! Attendance is read from engagement rows naming the occurrence (`occurrence_id`).

use std::collections::{BTreeMap, BTreeSet};

use super::{Severity, Violation};
use crate::domain::meeting::{occurrences, Format, Meeting};
use crate::domain::time::midnight;
use crate::domain::{DoctorIdx, Kind, Rota};

/// Checks every group occurrence in the period.
pub fn check(rota: &Rota, meetings: &[Meeting]) -> Vec<Violation> {
    let mut attended: BTreeMap<&str, (BTreeSet<DoctorIdx>, i64, i64)> = BTreeMap::new();
    for s in rota.shifts.iter().filter(|s| s.kind == Kind::Engagement) {
        if let Some(id) = s.occurrence_id.as_deref() {
            let e = attended
                .entry(id)
                .or_insert((BTreeSet::new(), s.start, s.end));
            e.0.insert(s.doctor);
            e.1 = e.1.min(s.start);
            e.2 = e.2.max(s.end);
        }
    }
    let mut out = Vec::new();
    for occ in occurrences(meetings, rota.first, rota.last) {
        let m = &meetings[occ.meeting];
        if m.format != Format::Group {
            continue;
        }
        let invited = rota
            .doctors
            .iter()
            .filter(|d| m.invites(d.group, &d.department))
            .count();
        let (who, s, e) = attended.get(occ.id.as_str()).cloned().unwrap_or_else(|| {
            let day = occ.days.first().copied().unwrap_or(rota.first);
            (
                BTreeSet::new(),
                midnight(rota.tz, day),
                midnight(rota.tz, day + chrono::Duration::days(1)),
            )
        });
        let held = !who.is_empty();
        let at = |rule, figure: f64, limit: f64, detail: String| Violation {
            rule,
            severity: Severity::Error,
            doctor: None,
            start: s,
            end: e,
            figure: Some(figure),
            limit: Some(limit),
            detail,
        };
        for g in &m.require_groups {
            let n = who
                .iter()
                .filter(|d| rota.doctors[d.ix()].group == *g)
                .count();
            if n == 0 {
                let state = if held {
                    "held without"
                } else {
                    "not held, so without"
                };
                out.push(at(
                    "p2_require_groups",
                    0.0,
                    1.0,
                    format!("{}: {state} any {g} doctor", occ.id),
                ));
            }
        }
        if m.min_attendance > 0.0 {
            #[allow(clippy::cast_precision_loss)]
            let need = (m.min_attendance * invited as f64 - 1e-9).ceil();
            #[allow(clippy::cast_precision_loss)]
            let n = who.len() as f64;
            if n < need {
                out.push(at(
                    "p2_min_attendance",
                    n,
                    need,
                    format!(
                        "{}: {n} of {invited} invited attended, {need} needed ({}%)",
                        occ.id,
                        (m.min_attendance * 100.0).round()
                    ),
                ));
            }
        }
    }
    out
}
