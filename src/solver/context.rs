//! What every step of the solve carries: one [`Ctx`] (the rota, the meetings, the prepared
//! problem, the targets, the settings and the deadline), and the values the steps hand each
//! other — a [`Choice`] per placed occurrence, a [`Solved`] part.

use std::time::Instant;

use crate::domain::meeting::Meeting;
use crate::domain::{DoctorIdx, Rota};
use crate::plan::candidates::Prepared;
use crate::plan::previous::Keep;
use crate::plan::{DocTarget, Status};

/// Solver settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// Wall-clock budget in seconds, for the whole solve.
    pub time_limit: f64,
    /// Relative optimality gap to stop at.
    pub gap: f64,
    /// Solver threads.
    pub threads: usize,
    /// The policy's per-shift cap (minutes).
    pub max_minutes_per_shift: i64,
    /// Show each part's best schedule and bound while HiGHS works on it (through its log,
    /// written to a temporary file and read back; see [`super::live`]). For a progress display.
    pub live: bool,
    /// Where the live logs' temporary folder is made (default: the system's temporary folder);
    /// `serve` keeps everything of a browser tab's inside its workspace.
    pub live_dir: Option<std::path::PathBuf>,
    /// Where HiGHS writes its log for this part (set per part when `live`).
    pub highs_log: Option<std::path::PathBuf>,
    /// Copy window-spanning occurrences per window, each window a part, and choose each such
    /// occurrence's window afterwards ([`super::windows`]); or not, each department's windows one
    /// part from the start. `None` (the default) splits where every part that would be split
    /// has at least [`super::SPLIT_FROM`] seconds of a thread (the property tests compare the two).
    pub split_windows: Option<bool>,
    /// A re-plan: the previous schedule to keep ([`super::replan`]).
    pub keep: Option<std::sync::Arc<Keep>>,
    /// Set when some solve on the way is stopped by its share of the time (shared by the
    /// clones of these options; [`super::schedule`] gives each run its own and reports it as
    /// [`crate::plan::Schedule::stopped_by_time`]).
    pub stopped: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The developers' knobs ([`Tuning`]), read once where the options are made.
    pub tuning: Tuning,
}

/// Knobs for developers and benchmarks, from the environment ([`Tuning::from_env`], read once
/// where the options are made): none changes what a schedule must satisfy.
#[derive(Debug, Clone, Default)]
pub struct Tuning {
    /// `ROTA_ENGAGE_DEBUG`: each step's sizes and times on stderr.
    pub debug: bool,
    /// `ROTA_ENGAGE_NO_LP_START`: no LP relaxation first (for comparison).
    pub no_lp_start: bool,
    /// `ROTA_ENGAGE_HIGHS_OPTS`: extra HiGHS options, `name=value` separated by commas.
    pub highs_opts: Option<String>,
    /// `ROTA_ENGAGE_HIGHS_LOG`: HiGHS's own log on the console.
    pub highs_log: bool,
}

impl Tuning {
    /// The knobs as the environment sets them.
    pub fn from_env() -> Tuning {
        let set = |k: &str| std::env::var_os(k).is_some();
        Tuning {
            debug: set("ROTA_ENGAGE_DEBUG"),
            no_lp_start: set("ROTA_ENGAGE_NO_LP_START"),
            highs_opts: std::env::var("ROTA_ENGAGE_HIGHS_OPTS").ok(),
            highs_log: set("ROTA_ENGAGE_HIGHS_LOG"),
        }
    }
}

impl Options {
    /// Notes that a solve was stopped by its share of the time.
    pub(crate) fn note_stopped(&self) {
        self.stopped
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// What every step of the solve needs: the problem and how to solve it.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    /// The rota.
    pub rota: &'a Rota,
    /// The meetings.
    pub meetings: &'a [Meeting],
    /// The prepared problem: occurrences (with their copies), candidates, cover.
    pub prep: &'a Prepared,
    /// Each doctor's target, where their group has one.
    pub targets: &'a [Option<DocTarget>],
    /// The settings.
    pub opts: &'a Options,
    /// When the whole solve must end.
    pub deadline: Instant,
}

impl<'a> Ctx<'a> {
    /// The same problem under other settings (a pass's gap, one thread, no live log).
    pub fn with<'b>(&self, opts: &'b Options) -> Ctx<'b>
    where
        'a: 'b,
    {
        Ctx { opts, ..*self }
    }

    /// The same problem, to end by `deadline`.
    pub fn until(&self, deadline: Instant) -> Ctx<'a> {
        Ctx { deadline, ..*self }
    }

    /// Seconds left before the deadline.
    pub fn left(&self) -> f64 {
        self.deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64()
    }
}

/// A placed occurrence: which candidate start, and who attends, each with the shift row they
/// are released from.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// Index into `prep.occs`.
    pub occurrence: usize,
    /// Index into that occurrence's candidates.
    pub candidate: usize,
    /// (doctor, shift row).
    pub attendees: Vec<(DoctorIdx, usize)>,
}

/// What one component's solve gave.
#[derive(Debug, Clone)]
pub struct Solved {
    /// Per occurrence of the component: chosen candidate and attendees (doctor, shift row).
    pub placed: Vec<Choice>,
    /// Status.
    pub status: Status,
    /// Objective of the schedule found.
    pub objective: f64,
    /// Best bound.
    pub bound: f64,
}

/// What the solve tells as it goes on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Progress {
    /// Working out free time, candidate starts, cover headroom and classes.
    Preparing,
    /// Parts solved so far, and where the search stands: the best schedule's objective against
    /// the solver's bound, over the parts solved and (when [`Options::live`]) those in progress
    /// that have a schedule yet. Final for each part as it is solved.
    Solving {
        /// Parts solved.
        done: usize,
        /// Parts.
        parts: usize,
        /// Parts in progress counted in `objective` and `bound`.
        running: usize,
        /// The best schedule's objective so far.
        objective: f64,
        /// The solver's bound on it.
        bound: f64,
        /// Relative gap between them.
        gap: f64,
    },
}

impl Progress {
    /// [`Progress::Solving`] from its sums.
    pub(crate) fn solving(
        done: usize,
        parts: usize,
        running: usize,
        objective: f64,
        bound: f64,
    ) -> Self {
        Self::Solving {
            done,
            parts,
            running,
            objective,
            bound,
            gap: ((bound - objective).abs() / objective.abs().max(1.0)).max(0.0),
        }
    }
}

/// Told [`Progress`] as the solve goes on (from the solving threads).
pub type OnProgress<'a> = &'a (dyn Fn(Progress) + Sync);

impl Solved {
    /// No schedule (not solved), with this bound.
    pub fn none(bound: f64) -> Solved {
        Solved {
            placed: Vec::new(),
            status: Status::NoSolution,
            objective: 0.0,
            bound,
        }
    }
}
