//! The schedule the solver hands on: where each occurrence went and who attends, how the
//! solve ended, and what its gap is relative to. What `report/` and `rules/` read of a solve.

use crate::domain::DoctorIdx;

use super::candidates::Prepared;

/// How the solve ended, in the contract's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Proven optimal.
    Optimal,
    /// Stopped within the requested gap.
    GapLimit,
    /// Stopped at the time limit with a schedule.
    TimeLimit,
    /// The time ran out before any schedule was found.
    NoSolution,
    /// No schedule satisfies the hard rules.
    Infeasible,
    /// The solver failed.
    Failed,
}

impl Status {
    /// The name in `summary.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::GapLimit => "gap_limit",
            Status::TimeLimit => "time_limit",
            Status::NoSolution => "no_solution",
            Status::Infeasible => "infeasible",
            Status::Failed => "failed",
        }
    }

    /// Whether a schedule came with it.
    pub fn has_schedule(self) -> bool {
        matches!(self, Status::Optimal | Status::GapLimit | Status::TimeLimit)
    }
}

/// A placed occurrence.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Start instant.
    pub start: i64,
    /// End instant.
    pub end: i64,
    /// Released doctors with the shift row each is released from.
    pub attendees: Vec<(DoctorIdx, usize)>,
}

/// The schedule: per occurrence of `prep.occs`, where it went.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The prepared problem (candidates, cover pools).
    pub prep: Prepared,
    /// Placement per occurrence.
    pub placed: Vec<Option<Placed>>,
    /// How the solve ended.
    pub status: Status,
    /// Relative gap (0 when proven optimal).
    pub gap: f64,
    /// Seconds spent solving.
    pub seconds: f64,
    /// Independent components solved.
    pub components: usize,
    /// The rota's zone.
    pub tz: chrono_tz::Tz,
    /// Per occurrence: its part found no schedule in time (so it was left out).
    pub unsolved: Vec<bool>,
    /// Cross-department occurrences given one start before the parts were solved: the gap
    /// is relative to those choices (see [`Schedule::gap_scope`]).
    pub pinned: usize,
    /// Some solve on the way was stopped by its share of the time, even where the whole
    /// ended within the gap: the same input may then give another schedule (the contract's
    /// same bytes hold only when no time limit stopped a solve).
    pub stopped_by_time: bool,
}

impl Schedule {
    /// What the gap is relative to, in words (`summary.json`'s `gap_scope`).
    pub fn gap_scope(&self) -> String {
        match self.pinned {
            0 => "whole problem".into(),
            n => format!(
                "parts, {n} cross-department occurrence{} pinned to one time first",
                if n == 1 { "" } else { "s" }
            ),
        }
    }
}
