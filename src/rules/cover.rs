//! `cover`: while doctors are in engagement, clinical cover never drops below its minimum.

use super::{Severity, Violation};
use crate::domain::cover::{CoverModel, CoverRule};
use crate::domain::policy::Policy;
use crate::domain::Rota;

/// Checks every pool at every moment some of its doctors are released.
pub fn check(rota: &Rota, rules: &[CoverRule], policy: &Policy) -> Vec<Violation> {
    let (clinical, released) = rota.duty_intervals();
    let model = CoverModel::new(rota, rules, policy, &clinical, &released);
    model
        .breaches()
        .into_iter()
        .map(|b| {
            let p = &model.pools[b.pool];
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
                    "{} cover at {}: {} on clinical duty, minimum {}",
                    p.label,
                    crate::domain::time::rfc3339(rota.tz, b.at),
                    b.on_duty,
                    b.need
                ),
            }
        })
        .collect()
}
