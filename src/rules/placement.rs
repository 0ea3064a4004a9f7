//! `p2_placement` and `p2_unpaid`: engagement lies inside a working shift of an allowed kind,
//! never in a night, on-call, rest, leave or the rest after nights.

use super::{Severity, Violation};
use crate::domain::policy::Policy;
use crate::domain::{Kind, Rota};

/// Checks every engagement row.
pub fn check(rota: &Rota, policy: &Policy) -> Vec<Violation> {
    let mut out = Vec::new();
    let tz = rota.tz;
    for e in rota.shifts.iter().filter(|s| s.kind == Kind::Engagement) {
        let rows = rota.shifts_of(e.doctor);
        let at = |rule, detail: String| Violation {
            rule,
            severity: Severity::Error,
            doctor: Some(e.doctor),
            start: e.start,
            end: e.end,
            figure: None,
            limit: None,
            detail,
        };
        let when = format!(
            "{} {}-{}",
            e.date,
            crate::domain::time::hhmm(tz, e.start),
            crate::domain::time::hhmm(tz, e.end)
        );
        match e.within {
            None => {
                out.push(at(
                    "p2_unpaid",
                    format!(
                        "engagement {when} lies outside any working shift (unpaid engagement time)"
                    ),
                ));
                continue;
            }
            Some(k) if !policy.allows(k) => {
                out.push(at(
                    "p2_placement",
                    format!(
                        "engagement {when} lies in a {k} shift (allowed: {})",
                        policy
                            .allowed_kinds
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
                continue;
            }
            Some(_) => {}
        }
        if let Some(a) = rows.iter().find(|s| {
            (s.kind.is_absence() || matches!(s.kind, Kind::Night | Kind::OnCall))
                && s.start < e.end
                && e.start < s.end
        }) {
            out.push(at(
                "p2_placement",
                format!(
                    "engagement {when} overlaps {} ({}, line {})",
                    a.kind,
                    a.code.as_deref().unwrap_or("-"),
                    a.line
                ),
            ));
            continue;
        }
        if let Some(n) = rows.iter().find(|s| {
            s.kind == Kind::Night
                && s.end <= e.start
                && e.start < s.end + policy.rest_after_night_minutes
        }) {
            #[allow(clippy::cast_precision_loss)]
            let h = (e.start - n.end) as f64 / 60.0;
            out.push(Violation {
                figure: Some(h),
                limit: Some(policy.rest_after_night_minutes as f64 / 60.0),
                ..at("p2_placement", format!("engagement {when} is {h:.1} h after a night shift ended (inside the post-night rest)"))
            });
        }
    }
    out
}
