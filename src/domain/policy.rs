//! The department's policy: targets, where engagement may go, and the default cover rule.

use std::collections::BTreeMap;

use chrono_tz::Tz;

use super::kinds::{Kind, StaffGroup};

/// A protected-time target for one staff group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// Hours per window.
    pub hours: f64,
    /// Window length in weeks.
    pub per_weeks: u32,
}

/// Resolved policy, defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// The rota's zone.
    pub timezone: Tz,
    /// Targets by group; a group without one has no target.
    pub targets: BTreeMap<StaffGroup, Target>,
    /// Kinds of shift engagement may be placed in.
    pub allowed_kinds: Vec<Kind>,
    /// Most engagement minutes in one shift.
    pub max_minutes_per_shift: i64,
    /// No engagement this long after a night shift ends.
    pub rest_after_night_minutes: i64,
    /// Default cover: fraction of those on clinical duty who must stay.
    pub cover_min_fraction: f64,
    /// Default cover: this many stay (capped at the number rostered).
    pub cover_min_count: i64,
    /// Candidate meeting starts are this many minutes apart.
    pub start_step_minutes: i64,
    /// Candidate starts of an individual slot are this many minutes apart.
    pub slot_step_minutes: i64,
    /// Re-planning (`schedule --previous`): what one change costs, in doctor-windows at
    /// target — a moved or cancelled occurrence, an attendee added or removed.
    pub change_cost: f64,
    /// The organiser named in calendar updates (`[replan] organizer_name`).
    pub organizer_name: Option<String>,
    /// The organiser's address in calendar updates (`[replan] organizer_email`).
    pub organizer_email: Option<String>,
    /// Annual leave days a year, for the leave-adjusted average (`[working_time]
    /// annual_leave_days`).
    pub annual_leave_days: f64,
    /// Hours a leave day counts for (`[working_time] hours_per_leave_day`).
    pub hours_per_leave_day: f64,
}

impl Default for Policy {
    fn default() -> Self {
        let t = Target {
            hours: 2.0,
            per_weeks: 4,
        };
        Policy {
            timezone: chrono_tz::Europe::London,
            targets: [(StaffGroup::Resident, t), (StaffGroup::Sas, t)]
                .into_iter()
                .collect(),
            allowed_kinds: vec![Kind::Day, Kind::LongDay, Kind::Twilight, Kind::NonClinical],
            max_minutes_per_shift: 180,
            rest_after_night_minutes: 46 * 60,
            cover_min_fraction: 0.5,
            cover_min_count: 1,
            start_step_minutes: 15,
            slot_step_minutes: 60,
            change_cost: 0.5,
            organizer_name: None,
            organizer_email: None,
            annual_leave_days: 27.0,
            hours_per_leave_day: 8.0,
        }
    }
}

impl Policy {
    /// The default rule's minimum with `r` on clinical duty:
    /// `max(ceil(min_fraction × r), min(min_count, r))`.
    pub fn default_need(&self, r: i64) -> i64 {
        default_need(self.cover_min_fraction, self.cover_min_count, r)
    }

    /// Whether engagement may be placed in a shift of this kind.
    pub fn allows(&self, kind: Kind) -> bool {
        self.allowed_kinds.contains(&kind)
    }
}

/// The default cover rule: with `r` on clinical duty,
/// `max(ceil(min_fraction × r), min(min_count, r))` stay.
pub fn default_need(min_fraction: f64, min_count: i64, r: i64) -> i64 {
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
    let frac = (min_fraction * r as f64 - 1e-9).ceil() as i64;
    frac.max(min_count.min(r)).min(r).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_cover_never_releases_a_lone_doctor() {
        let p = Policy::default();
        assert_eq!(p.default_need(0), 0);
        assert_eq!(p.default_need(1), 1);
        assert_eq!(p.default_need(2), 1);
        assert_eq!(p.default_need(3), 2);
        assert_eq!(p.default_need(10), 5);
    }
}
