//! `cover`: while doctors are in engagement, clinical cover never drops below its minimum.

use super::{Severity, Violation};
use crate::domain::cover::{CoverModel, CoverRule};
use crate::domain::policy::Policy;
use crate::domain::rota::PerDoctor;
use crate::domain::time::Min;
use crate::domain::Rota;

/// Checks every pool at every moment some of its doctors are released.
pub fn check(rota: &Rota, rules: &[CoverRule], policy: &Policy) -> Vec<Violation> {
    let (clinical, released) = rota.duty_intervals();
    let model = CoverModel::new(rota, rules, policy, &clinical, &released);
    findings(rota, &model, None, &released)
}

/// What a schedule did to cover: the moments at which `after` (`before` with engagement
/// added) has a pool below its minimum with more of its doctors released than `before` had.
/// Engagement already in the rota as read may leave a pool short; that is the rota's, not
/// the schedule's (and [`check`] reports it).
pub fn check_added(
    before: &Rota,
    after: &Rota,
    rules: &[CoverRule],
    policy: &Policy,
) -> Vec<Violation> {
    let (clinical, released) = before.duty_intervals();
    // With nothing released in the rota as read (the usual case), every breach is added: no
    // second model of the whole rota on the way to writing.
    let was = released
        .iter()
        .any(|r| !r.is_empty())
        .then(|| CoverModel::new(before, rules, policy, &clinical, &released));
    let (clinical, released) = after.duty_intervals();
    let model = CoverModel::new(after, rules, policy, &clinical, &released);
    findings(after, &model, was.as_ref(), &released)
}

fn findings(
    rota: &Rota,
    model: &CoverModel,
    was: Option<&CoverModel>,
    released: &PerDoctor,
) -> Vec<Violation> {
    model
        .breaches_beyond(was)
        .into_iter()
        .map(|b| {
            let p = &model.pools[b.pool];
            let away = in_engagement(rota, model, released, b.pool, b.at);
            #[allow(clippy::cast_precision_loss)]
            Violation {
                rule: "cover",
                severity: Severity::Error,
                doctor: None,
                start: b.at,
                end: b.at,
                figure: Some(b.on_duty as f64),
                limit: Some(b.need as f64),
                detail: format!(
                    "{} cover at {}: {} on clinical duty, minimum {}; {} rostered less {} in engagement ({})",
                    p.label,
                    crate::domain::time::rfc3339(rota.tz, b.at),
                    b.on_duty,
                    b.need,
                    p.on_duty.at(b.at),
                    away.len(),
                    away.join(", ")
                ),
            }
        })
        .collect()
}

/// The doctors of pool `p` in engagement at `t`, by id and name, as the detail lists them.
fn in_engagement(
    rota: &Rota,
    model: &CoverModel,
    released: &PerDoctor,
    p: usize,
    t: Min,
) -> Vec<String> {
    rota.doctors
        .iter()
        .zip(released)
        .enumerate()
        .filter(|(d, (_, iv))| {
            model.pools_of[*d].contains(&p) && iv.iter().any(|&(s, e)| s <= t && t < e)
        })
        .map(|(_, (doc, _))| {
            if doc.name.is_empty() {
                doc.id.clone()
            } else {
                format!("{} {}", doc.id, doc.name)
            }
        })
        .collect()
}
