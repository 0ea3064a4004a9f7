//! No doctor is in two places at once: timed rows never overlap, except engagement inside the
//! working shift it sits in; two engagement rows never overlap.

use super::{Severity, Violation};
use crate::domain::{Kind, Rota, Shift};

/// Checks every doctor's rows.
pub fn check(rota: &Rota) -> Vec<Violation> {
    let mut out = Vec::new();
    for (i, _) in rota.doctors.iter().enumerate() {
        let d = crate::domain::DoctorIdx(u32::try_from(i).unwrap_or(u32::MAX));
        let rows = rota.shifts_of(d);
        let mut found = |a: &Shift, b: &Shift, detail: String| {
            out.push(Violation {
                rule: "rota_overlap",
                severity: Severity::Error,
                doctor: Some(d),
                start: b.start,
                end: a.end,
                figure: None,
                limit: None,
                detail,
            });
        };
        let eng: Vec<&Shift> = rows.iter().filter(|s| s.kind == Kind::Engagement).collect();
        for w in eng.windows(2) {
            if w[1].start < w[0].end {
                let id = |s: &Shift| s.occurrence_id.clone().unwrap_or_else(|| "-".into());
                found(
                    w[0],
                    w[1],
                    format!("two engagements at once: {} and {}", id(w[0]), id(w[1])),
                );
            }
        }
        let timed: Vec<&Shift> = rows
            .iter()
            .filter(|s| s.timed && s.kind != Kind::Engagement)
            .collect();
        for w in timed.windows(2) {
            if w[1].start < w[0].end {
                let show = |x: &Shift| {
                    format!(
                        "{} {} {}-{} (line {})",
                        x.code.clone().unwrap_or_else(|| x.kind.to_string()),
                        x.date,
                        crate::domain::time::hhmm(rota.tz, x.start),
                        crate::domain::time::hhmm(rota.tz, x.end),
                        x.line
                    )
                };
                found(
                    w[0],
                    w[1],
                    format!(
                        "{} and {} overlap by {} min",
                        show(w[0]),
                        show(w[1]),
                        w[0].end - w[1].start
                    ),
                );
            }
        }
    }
    out
}
