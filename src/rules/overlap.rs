//! No doctor is in two places at once: timed rows never overlap, except engagement inside the
//! working shift it sits in; two engagement rows never overlap.

use super::{Severity, Violation};
use crate::domain::{Kind, Rota};

/// Checks every doctor's rows.
pub fn check(rota: &Rota) -> Vec<Violation> {
    let mut out = Vec::new();
    for (i, _) in rota.doctors.iter().enumerate() {
        let d = crate::domain::DoctorIdx(u32::try_from(i).unwrap_or(u32::MAX));
        let rows = rota.shifts_of(d);
        let eng: Vec<_> = rows.iter().filter(|s| s.kind == Kind::Engagement).collect();
        for w in eng.windows(2) {
            if w[1].start < w[0].end {
                out.push(Violation {
                    rule: "overlap",
                    severity: Severity::Error,
                    doctor: Some(d),
                    start: w[1].start,
                    end: w[0].end,
                    figure: None,
                    limit: None,
                    detail: format!(
                        "two engagements at once: {} and {}",
                        w[0].occurrence_id.as_deref().unwrap_or("-"),
                        w[1].occurrence_id.as_deref().unwrap_or("-")
                    ),
                });
            }
        }
        let timed: Vec<_> = rows
            .iter()
            .filter(|s| s.timed && s.kind != Kind::Engagement)
            .collect();
        for w in timed.windows(2) {
            if w[1].start < w[0].end {
                out.push(Violation {
                    rule: "overlap",
                    severity: Severity::Error,
                    doctor: Some(d),
                    start: w[1].start,
                    end: w[0].end,
                    figure: None,
                    limit: None,
                    detail: format!("rows at lines {} and {} overlap", w[0].line, w[1].line),
                });
            }
        }
    }
    out
}
