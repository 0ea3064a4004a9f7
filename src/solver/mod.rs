//! Placing meetings: the only module that knows good_lp and HiGHS.
//!
//! A run, step by step ([`schedule_with_progress`]):
//!
//! 1. **Prepare** ([`crate::plan::candidates`], no solver): where each doctor may be released,
//!    each occurrence's candidate starts and the doctors eligible at each, the cover headroom
//!    there; each doctor's targets ([`crate::plan::targets`]); a re-plan's previous schedule
//!    pinned where it is frozen ([`replan`]).
//! 2. **Decompose** ([`decompose`]): the problem falls into *parts*, sets of occurrences that
//!    share no cover pool in the same target window, directly or through others; each part is
//!    solved on its own. A cross-department occurrence is first given one start (*pinned*) and
//!    then *copied* per department ([`split`]); where there is time for it, an occurrence whose
//!    days span target windows is copied per window too, so that each window is a part of its
//!    own (a relaxation: its bound is the whole problem's).
//! 3. **First pass** ([`passes`], on the [`pool`]): every part solved on the workers at once,
//!    each with its *share* of the time left ([`budget`]: in proportion to its size among the
//!    parts not yet begun), a short share starting from a [`greedy`] schedule. With more parts
//!    than workers and little time for each, at a loose gap first.
//! 4. **Second pass** ([`passes`]): the parts short of the gap, or stopped by their share, are
//!    solved again with what is left, from the schedules they have, furthest from their bounds
//!    first; the gap the whole may have is shared among them ([`budget::gap_budget`]).
//! 5. **Rejoin** ([`rejoin`]): where more than one window copy of an occurrence was placed,
//!    its window is chosen ([`windows`]), or its other copies are taken out and their parts
//!    solved again, or the parts holding its copies are joined and solved as one.
//! 6. **Assemble** ([`assemble`]): the parts' placements mapped back from copies to their
//!    occurrences, with the whole's status and gap.
//!
//! Each part's MILP is built and solved by [`model`] (its doc comment gives the formulation;
//! [`slots`] adds the individual slots' rows). Every step carries one [`context::Ctx`]; a
//! part's placements are [`context::Choice`]s, its result a [`context::Solved`].
//!
//! Words used throughout: a **part** is a set of occurrences solved as one model; a **class**
//! is a set of an occurrence's starts on one day that share eligible doctors and cover limits
//! (interchangeable, so the model chooses classes); a **copy** is an occurrence duplicated per
//! department or per window, mapped back to it when assembled; to **pin** is to fix an
//! occurrence to one start (or one window) before its parts are solved; a part's **share** is
//! the time it is given.

pub mod assemble;
pub mod budget;
pub mod context;
pub mod decompose;
pub mod greedy;
pub mod live;
pub mod model;
pub mod passes;
pub mod pool;
pub mod rejoin;
pub mod replan;
pub mod slots;
pub mod split;
mod windows;

use std::time::Instant;

use crate::domain::cover::{CoverModel, CoverRule};
use crate::domain::meeting::Meeting;
use crate::domain::policy::Policy;
use crate::domain::Rota;

pub use crate::plan::candidates;
pub use crate::plan::targets::targets;
pub use crate::plan::{DocTarget, Placed, Schedule, Status};
pub use budget::SPLIT_FROM;
pub use context::{Choice, Ctx, OnProgress, Options, Progress, Solved};

/// The cover model of a rota as read.
pub fn cover_model(rota: &Rota, rules: &[CoverRule], policy: &Policy) -> CoverModel {
    let (clinical, released) = rota.duty_intervals();
    CoverModel::new(rota, rules, policy, &clinical, &released)
}

/// Places every occurrence and chooses attendance.
pub fn schedule(
    rota: &Rota,
    meetings: &[Meeting],
    rules: &[CoverRule],
    policy: &Policy,
    opts: &Options,
) -> Schedule {
    schedule_with_progress(rota, meetings, rules, policy, opts, &|_| {})
}

/// [`schedule`], reporting progress: the steps of the module's story, in order.
pub fn schedule_with_progress(
    rota: &Rota,
    meetings: &[Meeting],
    rules: &[CoverRule],
    policy: &Policy,
    opts: &Options,
    progress: OnProgress<'_>,
) -> Schedule {
    let started = Instant::now();
    // This run's own note of solves stopped by time.
    let opts = &Options {
        stopped: std::sync::Arc::default(),
        ..opts.clone()
    };
    progress(Progress::Preparing);
    let deadline = started + std::time::Duration::from_secs_f64(opts.time_limit.max(0.01));
    // 1. Prepare.
    let mut prep = candidates::prepare(rota, meetings, cover_model(rota, rules, policy), policy);
    if let Some(keep) = &opts.keep {
        replan::apply(rota, meetings, &mut prep, keep);
    }
    let dominated = candidates::drop_dominated(&mut prep);
    let targets = targets(rota, policy);
    // 2. Decompose.
    let parts = decompose::decompose(rota, &mut prep, &targets, policy, opts);
    if opts.tuning.debug {
        eprintln!(
            "prepare: {:.3} s, {} components, {} classes ({dominated} dominated dropped)",
            started.elapsed().as_secs_f64(),
            parts.comps.len(),
            prep.occs.iter().map(|o| o.classes.len()).sum::<usize>()
        );
    }
    progress(Progress::solving(0, parts.comps.len(), 0, 0.0, 0.0));
    let cx = Ctx {
        rota,
        meetings,
        prep: &prep,
        targets: &targets,
        opts,
        deadline,
    };
    // 3, 4. The first pass over every part, the second over those short of the gap.
    let mut comps = parts.comps.clone();
    let mut results = passes::solve(&cx, &comps, progress);
    // 5. An occurrence placed in two windows keeps one.
    let forced = rejoin::rejoin_windows(&cx, &mut comps, &mut results, &parts.window_copy_of);
    // 6. The parts as one schedule.
    let whole = assemble::assemble(&cx, &comps, results, forced, &parts);
    prep.occs.truncate(parts.originals);
    Schedule {
        prep,
        placed: whole.placed,
        status: whole.status,
        gap: whole.gap,
        seconds: started.elapsed().as_secs_f64(),
        components: comps.len(),
        tz: rota.tz,
        unsolved: whole.unsolved,
        pinned: parts.pinned,
        stopped_by_time: opts.stopped.load(std::sync::atomic::Ordering::Relaxed),
    }
}
