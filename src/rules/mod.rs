//! The hard rules, checked on a rota independently of the solver (no good_lp here): every
//! schedule the solver returns is re-checked by them, and `check` builds on them.
//!
//! Imports `domain` only.

pub mod after_on_call;
pub mod avg_leave_adjusted;
pub mod consecutive;
pub mod cover;
pub mod hours_72_in_168;
pub mod long_evening;
pub mod meetings;
pub mod nights;
pub mod on_call_3_in_7;
pub mod on_call_consecutive;
pub mod on_call_length;
pub mod overlap;
pub mod periods;
pub mod placement;
pub mod protected_time;
pub mod template;
pub mod weekends;
pub mod weekly_rest;
pub mod working_time;

use crate::domain::cover::CoverRule;
use crate::domain::meeting::Meeting;
use crate::domain::policy::Policy;
use crate::domain::time::Min;
use crate::domain::{DoctorIdx, Rota};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// A breach.
    Error,
    /// Worth a look.
    Warning,
}

/// One finding of a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The stable rule name (`p2_placement`, `cover`, ...).
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// The doctor, where the finding is about one.
    pub doctor: Option<DoctorIdx>,
    /// Start of what is wrong.
    pub start: Min,
    /// End of what is wrong.
    pub end: Min,
    /// The figure found, where the rule has one.
    pub figure: Option<f64>,
    /// The limit, where the rule has one.
    pub limit: Option<f64>,
    /// In words.
    pub detail: String,
}

/// The hard rules of a schedule: engagement only in allowed shift time, never in the rest
/// after nights, never two rows at once, cover never below its minimum.
pub fn check_hard(rota: &Rota, cover_rules: &[CoverRule], policy: &Policy) -> Vec<Violation> {
    let mut v = placement::check(rota, policy);
    v.extend(overlap::check(rota));
    v.extend(cover::check(rota, cover_rules, policy));
    v
}

/// The hard rules for what a schedule added to the rota as read (`after` is `before` with
/// the schedule's engagement cut into it): the findings of [`check_hard`] on `after` that
/// `before` did not have, and cover made worse. Engagement the input rota already had —
/// which may lie in a night or leave a pool short — is the rota's own finding, for `check`.
pub fn check_schedule(
    before: &Rota,
    after: &Rota,
    cover_rules: &[CoverRule],
    policy: &Policy,
) -> Vec<Violation> {
    let key = |v: &Violation| (v.rule, v.doctor, v.start, v.end);
    let mut had: Vec<_> = placement::check(before, policy);
    had.extend(overlap::check(before));
    let had: std::collections::HashSet<_> = had.iter().map(key).collect();
    let mut v: Vec<Violation> = placement::check(after, policy)
        .into_iter()
        .chain(overlap::check(after))
        .filter(|v| !had.contains(&key(v)))
        .collect();
    v.extend(cover::check_added(before, after, cover_rules, policy));
    v
}

/// Every rule of `check`: principle 2 (targets, placement, unpaid engagement, meetings' groups
/// and attendance, cover) and the working-time rules.
pub fn check_all(
    rota: &Rota,
    cover_rules: &[CoverRule],
    policy: &Policy,
    meetings: Option<&[Meeting]>,
) -> Vec<Violation> {
    let mut v = protected_time::check(rota, policy);
    v.extend(placement::check(rota, policy));
    if let Some(m) = meetings {
        v.extend(meetings::check(rota, m));
    }
    v.extend(cover::check(rota, cover_rules, policy));
    v.extend(working_time::check(rota, policy));
    // A clash in the rota as read (a night, then a morning shift over it) is a finding.
    v.extend(overlap::check(rota));
    v.sort_by(|a, b| (a.doctor, a.start, a.rule).cmp(&(b.doctor, b.start, b.rule)));
    v
}

/// Where a rule comes from, for people.
pub fn source(rule: &str) -> &'static str {
    match rule {
        "p2_target" | "p2_placement" | "p2_unpaid" => {
            "BMA principle 2: time to engage within job roles; 2016 TCS Schedule 4 work schedules"
        }
        "p2_require_groups" | "p2_min_attendance" => "BMA principle 1: inclusive engagement",
        "cover" => "minimum clinical cover (cover file or policy)",
        "rota_overlap" => "the rota itself: one doctor rostered twice at once",
        other => working_time::source(other),
    }
}
