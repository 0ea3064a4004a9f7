//! The plan of a schedule, below both the solver and the reports: the problem worked out
//! without the solver ([`candidates`]: where each doctor may be released, each occurrence's
//! candidate starts and classes), each doctor's targets ([`targets`]), a re-plan's previous
//! run ([`previous`]), and the schedule a solve hands on ([`schedule`]). The solver builds and
//! fills it; the reports read it and nothing of the solver's.

pub mod candidates;
pub mod previous;
pub mod schedule;
pub mod targets;

pub use schedule::{Placed, Schedule, Status};
pub use targets::DocTarget;
