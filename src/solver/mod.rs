//! Placing meetings: the only module that knows good_lp and HiGHS.
//!
//! [`candidates`] works out, without the solver, where each doctor may be released and each
//! occurrence's candidate starts; [`model`] builds and solves the MILP (its doc comment gives
//! the formulation). The problem splits into independent components — sets of occurrences that
//! share no cover pool, directly or through others — each solved on its own.

pub mod candidates;
pub mod greedy;
pub mod live;
pub mod model;
pub mod replan;
pub mod slots;
pub mod split;
mod windows;

use std::time::Instant;

use crate::domain::cover::{CoverModel, CoverRule};
use crate::domain::meeting::Meeting;
use crate::domain::policy::Policy;
use crate::domain::targets::{target_minutes, windows};
use crate::domain::{DoctorIdx, Kind, Rota};
use candidates::Prepared;
use model::DocTarget;

/// The relative gap of a schedule worth `objective` against `bound`, as HiGHS measures it.
pub(crate) fn rel_gap(bound: f64, objective: f64) -> f64 {
    (bound - objective) / objective.abs().max(1.0)
}

/// The gap of the first pass when there are more parts than workers (see
/// [`schedule_with_progress`]).
const FIRST_PASS_GAP: f64 = 0.01;

/// The thread-seconds per part from which the first pass is at the gap asked for.
const ONE_PASS_FROM: f64 = 2.0;

/// The least time a part is given, even when the time left is shorter.
const PART_FLOOR: std::time::Duration = std::time::Duration::from_millis(20);
/// The thread-seconds per part to be split from which windows are split by default (the
/// trust split at 20 s ended nearer its best than whole on three seeds of three; at 15 s
/// either won on some seeds, at 10 and 12 s whole on all: `BENCHMARKS.md`).
pub const SPLIT_FROM: f64 = 1.0;

/// What a part costs before its size counts, in occurrences, for its share of the time.
const PART_OVERHEAD: usize = 16;

/// The least share of the time (seconds) a part is solved again with in the second pass.
const RETRY_SHARE: f64 = 0.5;

/// A part whose share of the time is shorter than this (seconds) starts from a greedy
/// schedule ([`greedy`]).
const GREEDY_BELOW: f64 = 2.0;

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
    /// written to a temporary file and read back; see [`live`]). For a progress display.
    pub live: bool,
    /// Where the live logs' temporary folder is made (default: the system's temporary folder);
    /// `serve` keeps everything of a browser tab's inside its workspace.
    pub live_dir: Option<std::path::PathBuf>,
    /// Where HiGHS writes its log for this part (set per part when `live`).
    pub highs_log: Option<std::path::PathBuf>,
    /// Copy window-spanning occurrences per window, each window a part, and choose each such
    /// occurrence's window afterwards ([`windows`]); or not, each department's windows one
    /// part from the start. `None` (the default) splits where every part that would be split
    /// has at least [`SPLIT_FROM`] seconds of a thread (the property tests compare the two).
    pub split_windows: Option<bool>,
    /// A re-plan: the previous schedule to keep ([`replan`]).
    pub keep: Option<std::sync::Arc<replan::Keep>>,
    /// Set when some solve on the way is stopped by its share of the time (shared by the
    /// clones of these options; [`schedule`] gives each run its own and reports it as
    /// [`Schedule::stopped_by_time`]).
    pub stopped: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Options {
    /// Notes that a solve was stopped by its share of the time.
    pub(crate) fn note_stopped(&self) {
        self.stopped
            .store(true, std::sync::atomic::Ordering::Relaxed);
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

/// Builds each doctor's windows and targets.
pub fn targets(rota: &Rota, policy: &Policy) -> Vec<Option<DocTarget>> {
    rota.doctors
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let t = policy.targets.get(&doc.group)?;
            let ws = windows(rota.first, rota.last, t.per_weeks);
            let due = ws
                .iter()
                .map(|w| target_minutes(t.hours, t.per_weeks, w.days(), doc.fte))
                .collect();
            let mut have = vec![0.0; ws.len()];
            let d = DoctorIdx(u32::try_from(i).unwrap_or(u32::MAX));
            for s in rota.shifts_of(d) {
                if s.kind == Kind::Engagement && s.within.is_some() {
                    if let Some(w) = ws.iter().position(|w| w.contains(s.date)) {
                        #[allow(clippy::cast_precision_loss)]
                        let m = s.minutes() as f64;
                        have[w] += m;
                    }
                }
            }
            Some(DocTarget {
                window_days: i64::from(t.per_weeks) * 7,
                due,
                have,
            })
        })
        .collect()
}

/// The cover model of a rota as read.
pub fn cover_model(rota: &Rota, rules: &[CoverRule], policy: &Policy) -> CoverModel {
    let (clinical, released) = rota.duty_intervals();
    CoverModel::new(rota, rules, policy, &clinical, &released)
}

/// The window length (days) shared by every group with a target, if they share one.
fn common_window_days(policy: &Policy) -> Option<i64> {
    let mut lens = policy.targets.values().map(|t| i64::from(t.per_weeks) * 7);
    let first = lens.next()?;
    lens.all(|l| l == first).then_some(first)
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
    fn solving(done: usize, parts: usize, running: usize, objective: f64, bound: f64) -> Self {
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

/// [`schedule`], reporting progress.
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
    let cover = cover_model(rota, rules, policy);
    let mut prep = candidates::prepare(rota, meetings, cover, policy);
    if let Some(keep) = &opts.keep {
        replan::apply(rota, meetings, &mut prep, keep);
    }
    let dominated = candidates::drop_dominated(&mut prep);
    let targets = targets(rota, policy);
    let originals = prep.occs.len();
    let dept_copies = split::split_departments(rota, &mut prep, &targets);
    let mut split_from: std::collections::HashSet<usize> =
        dept_copies.iter().map(|c| c.1).collect();
    let pinned = split_from.len();
    // An occurrence whose days span target windows is copied per window (a relaxation whose
    // bound is the whole problem's); where the solve places more than one copy, its window is
    // chosen afterwards (`rejoin_windows`).
    let window_days = common_window_days(policy);
    // The parts with each department whole: the answer when nothing is split, and what the
    // default choice below counts.
    let whole = components(rota, &prep, window_days, &split_from);
    // In a re-plan an occurrence held before stays whole: its copies would each be rewarded
    // for its previous attendees, and the relaxation would hold it twice for that alone. The
    // previous schedule starts the joined part instead.
    let mut skip = split_from.clone();
    skip.extend((0..prep.occs.len()).filter(|&o| {
        prep.occs[o]
            .prev
            .as_ref()
            .is_some_and(|p| p.start.is_some())
    }));
    let split = opts.split_windows.unwrap_or_else(|| {
        // Split, a department's windows cost a few solves each for their choices (about a
        // thread-second for a 50-doctor, 26-week department): with less time than that per
        // part that would be split (the trust at 10 or 15 s) the relaxation's many small parts
        // and those solves do not fit, and whole departments gave the better schedules
        // (`BENCHMARKS.md`).
        let Some(days) = window_days else {
            return false;
        };
        let spans = |o: usize| {
            !skip.contains(&o) && split::classes_by_window(rota, &prep.occs[o], days).len() > 1
        };
        let split_parts = whole.iter().filter(|c| c.iter().any(|&o| spans(o))).count();
        per_part(opts.time_limit, opts.threads, split_parts) >= SPLIT_FROM
    });
    let win_copies = match window_days {
        Some(days) if split => split::split_windows(rota, &mut prep, days, &skip),
        _ => Vec::new(),
    };
    split_from.extend(win_copies.iter().map(|c| c.1));
    let origin: std::collections::HashMap<usize, usize> =
        dept_copies.iter().chain(&win_copies).copied().collect();
    let window_copy_of: std::collections::HashMap<usize, usize> =
        win_copies.iter().copied().collect();
    let mut comps = if win_copies.is_empty() {
        whole
    } else {
        components(rota, &prep, window_days, &split_from)
    };
    if std::env::var_os("ROTA_ENGAGE_DEBUG").is_some() {
        eprintln!(
            "prepare: {:.3} s, {} components, {} classes ({dominated} dominated dropped)",
            started.elapsed().as_secs_f64(),
            comps.len(),
            prep.occs.iter().map(|o| o.classes.len()).sum::<usize>()
        );
    }
    progress(Progress::solving(0, comps.len(), 0, 0.0, 0.0));
    // A re-plan starts from the previous schedule.
    let starts = if opts.keep.is_some() {
        replan::start(&prep, &comps)
    } else {
        Vec::new()
    };
    // With more parts than workers and little time for each, a first pass at a loose gap
    // gives every part a schedule before any part spends its time on the last fraction of a
    // per cent; the second pass below takes up, from those schedules, the parts short of the
    // gap asked for. With time to spare the two passes only did each part's root twice (a
    // 120-doctor department split by window: 1.8 s against 1.55 s in one pass).
    let first = if comps.len() > opts.threads.max(1)
        && per_part(opts.time_limit, opts.threads, comps.len()) < ONE_PASS_FROM
        && opts.gap < FIRST_PASS_GAP
    {
        Options {
            gap: FIRST_PASS_GAP,
            ..opts.clone()
        }
    } else {
        opts.clone()
    };
    let mut results = solve_all(
        rota,
        meetings,
        &prep,
        &comps,
        &targets,
        &first,
        deadline,
        progress,
        &starts,
        &[],
        &[],
        PART_FLOOR,
    );
    // Parts that ran out of their share of time, or stopped at the first pass's gap, are
    // solved again with what is left, from the schedule they have.
    let short_of_gap = |r: &model::Solved| {
        r.status == Status::GapLimit && rel_gap(r.bound, r.objective) > opts.gap
    };
    let again: Vec<usize> = (0..comps.len())
        .filter(|&i| {
            matches!(results[i].status, Status::TimeLimit | Status::NoSolution)
                || short_of_gap(&results[i])
        })
        .collect();
    let (again, budget) = gap_budget(&results, again, opts.gap);
    let left = deadline.saturating_duration_since(Instant::now());
    let again = furthest_first(&results, again, left.as_secs_f64(), opts.threads);
    let retry_gaps: Vec<f64> = again
        .iter()
        .map(|&i| budget.get(&i).copied().unwrap_or(opts.gap))
        .collect();
    if !again.is_empty() && left.as_secs_f64() > 0.5 {
        let retry: Vec<Vec<usize>> = again.iter().map(|&i| comps[i].clone()).collect();
        let retry_starts: Vec<Vec<model::Chosen>> = again
            .iter()
            .map(|&i| start_again(&results[i], starts.get(i)))
            .collect();
        // Told nobody, so no live logs either.
        let quiet = Options {
            live: false,
            ..opts.clone()
        };
        let second = solve_all(
            rota,
            meetings,
            &prep,
            &retry,
            &targets,
            &quiet,
            deadline,
            &|_| {},
            &retry_starts,
            &retry_gaps,
            &[],
            PART_FLOOR,
        );
        for (i, r) in again.into_iter().zip(second) {
            merge_again(&mut results[i], r);
        }
    }
    // A part left at the first pass's gap, short of the one asked for, stopped for time; one
    // stopped for time whose schedule is within the gap of its bound (the tighter of its
    // passes') is at the gap.
    for r in &mut results {
        if short_of_gap(r) {
            r.status = Status::TimeLimit;
        } else if r.status == Status::TimeLimit && rel_gap(r.bound, r.objective) <= opts.gap {
            r.status = Status::GapLimit;
        }
    }
    let forced = rejoin_windows(
        rota,
        meetings,
        &prep,
        &mut comps,
        &mut results,
        &window_copy_of,
        &targets,
        opts,
        deadline,
    );
    // A part whose schedule changed after its solve (copies dropped) or that has none (left
    // empty) is valued as it stands, so that the gap is the schedule's against the bound.
    if forced || results.iter().any(|r| !r.status.has_schedule()) {
        for (part, r) in comps.iter().zip(results.iter_mut()) {
            r.objective = model::value(rota, meetings, &prep, part, &targets, opts, &r.placed);
        }
    }
    let origin_of = |o: usize| origin.get(&o).copied().unwrap_or(o);
    let mut placed: Vec<Option<Placed>> = vec![None; originals];
    let (mut status, mut obj, mut bound) = (Status::Optimal, 0.0, 0.0);
    let mut unsolved = vec![false; originals];
    let solved_any = results.iter().any(|r| r.status.has_schedule()) || results.is_empty();
    for (i, solved) in results.into_iter().enumerate() {
        // A part with no schedule in time is left empty (an empty part keeps every hard rule);
        // the whole is `no_solution` only when no part has one.
        let part_status = match solved.status {
            Status::NoSolution if solved_any => {
                for &o in &comps[i] {
                    unsolved[origin_of(o)] = true;
                }
                Status::TimeLimit
            }
            s => s,
        };
        status = status.max(part_status);
        obj += solved.objective;
        if forced {
            // Extra copies were dropped to make the schedule whole: not proven.
            status = status.max(Status::TimeLimit);
        }
        bound += solved.bound;
        for (o, c, who) in solved.placed {
            let cand = &prep.occs[o].cands[c];
            let o = origin_of(o);
            let entry = placed[o].get_or_insert_with(|| Placed {
                start: cand.start,
                end: cand.end,
                attendees: Vec::new(),
            });
            entry.attendees.extend(who);
            entry.attendees.sort_unstable();
        }
    }
    prep.occs.truncate(originals);
    let gap = if status == Status::Optimal {
        0.0
    } else {
        ((bound - obj).abs() / obj.abs().max(1.0)).max(0.0)
    };
    // The whole within `--gap` of its bound is at the gap, whichever parts stopped for time
    // (the second pass lets the hard parts stop short of it where others are proven; see
    // [`gap_budget`]) — unless something was left out or forced.
    if status == Status::TimeLimit && !forced && !unsolved.contains(&true) && gap <= opts.gap {
        status = Status::GapLimit;
    }
    Schedule {
        prep,
        placed,
        status,
        gap,
        seconds: started.elapsed().as_secs_f64(),
        components: comps.len(),
        tz: rota.tz,
        unsolved,
        pinned,
        stopped_by_time: opts.stopped.load(std::sync::atomic::Ordering::Relaxed),
    }
}

/// Where more than one window copy of an occurrence was placed (the relaxation of
/// [`split::split_windows`] allows it), solves the parts holding its copies again as one
/// part with the occurrence whole, until no occurrence is placed twice or the time is up. An
/// occurrence still placed twice then keeps its first copy only (true is returned: the
/// schedule is then not proven). The parts' bounds stay bounds on the whole problem: a
/// rejoined part is exact, an untouched one the relaxation's.
#[allow(clippy::too_many_arguments)]
fn rejoin_windows(
    rota: &Rota,
    meetings: &[Meeting],
    prep: &Prepared,
    comps: &mut Vec<Vec<usize>>,
    results: &mut Vec<model::Solved>,
    window_copy_of: &std::collections::HashMap<usize, usize>,
    targets: &[Option<DocTarget>],
    opts: &Options,
    deadline: Instant,
) -> bool {
    use std::collections::{BTreeMap, BTreeSet};
    let quiet = Options {
        live: false,
        ..opts.clone()
    };
    let left = || {
        deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64()
    };
    let cx = Tally {
        rota,
        meetings,
        prep,
        targets,
    };
    let mut pinning_tried = false;
    let mut choosing_tried = false;
    // Copies were settled without a proof (the time ran out).
    let mut settled = false;
    // The parts as `pin_copies` solved them again, for the joined parts' start.
    let mut pinned_placed: std::collections::HashMap<usize, Vec<model::Chosen>> =
        std::collections::HashMap::new();
    loop {
        // Per window-split occurrence: how many of its copies were placed (two may share a
        // part once parts are joined).
        let mut placed_copies: BTreeMap<usize, usize> = BTreeMap::new();
        for r in results.iter() {
            for (o, _, _) in &r.placed {
                if let Some(&orig) = window_copy_of.get(o) {
                    *placed_copies.entry(orig).or_default() += 1;
                }
            }
        }
        let twice: BTreeSet<usize> = placed_copies
            .into_iter()
            .filter(|&(_, n)| n > 1)
            .map(|(o, _)| o)
            .collect();
        if twice.is_empty() {
            return settled;
        }
        if left() < 0.2 {
            // Out of time: keep each such occurrence's first copy placed, drop the others.
            if std::env::var_os("ROTA_ENGAGE_DEBUG").is_some() {
                eprintln!("settle: out of time, copies dropped");
            }
            drop_copies(&cx, results, window_copy_of, &twice);
            return true;
        }
        if !choosing_tried {
            choosing_tried = true;
            // Where it is small enough, the window of each such occurrence is chosen by
            // solving its parts once per choice (`windows`); the rest are pinned or joined.
            let groups = groups_of(comps, window_copy_of, &twice);
            let settled = windows::choose(
                rota,
                meetings,
                prep,
                comps,
                results,
                &groups,
                window_copy_of,
                targets,
                &quiet,
                deadline,
            );
            if settled.contains(&true) {
                continue;
            }
        }
        if !pinning_tried {
            pinning_tried = true;
            match pin_copies(
                rota,
                meetings,
                prep,
                comps,
                results,
                window_copy_of,
                &twice,
                targets,
                &quiet,
                deadline,
            ) {
                // Solving a part again frees the copies it holds of other occurrences, which
                // may now be placed twice: look again (joining where they are).
                Pinned::Taken => continue,
                Pinned::Short(parts) if left() < 1.0 => {
                    // No time to join. Two whole schedules are at hand: the parts solved again
                    // with each such occurrence in one window, and the relaxation with the
                    // other copies dropped. The one with more doctor-windows at target is
                    // kept; the bound stays the relaxation's, and the schedule is not proven.
                    let mut pinned = results.clone();
                    let mut pinned_comps = comps.clone();
                    for (i, c, mut r) in parts {
                        r.bound = results[i].bound;
                        r.status = r.status.max(Status::TimeLimit);
                        pinned_comps[i] = c;
                        pinned[i] = r;
                    }
                    let mut dropped = results.clone();
                    drop_copies(&cx, &mut dropped, window_copy_of, &twice);
                    let at = |rs: &[model::Solved]| {
                        cx.windows_at_target(rs.iter().flat_map(|r| &r.placed))
                    };
                    if std::env::var_os("ROTA_ENGAGE_DEBUG").is_some() {
                        eprintln!(
                            "settle: pinned {} against dropped {}",
                            at(&pinned),
                            at(&dropped)
                        );
                    }
                    if at(&pinned) >= at(&dropped) {
                        *results = pinned;
                        *comps = pinned_comps;
                        settled = true;
                        continue;
                    }
                    *results = dropped;
                    return true;
                }
                Pinned::Short(parts) => {
                    pinned_placed = parts.into_iter().map(|(i, _, r)| (i, r.placed)).collect();
                }
                Pinned::Failed => {}
            }
            if left() < 1.0 {
                drop_copies(&cx, results, window_copy_of, &twice);
                return true;
            }
        }
        // Join every part holding a copy of such an occurrence (placed or not), transitively.
        let groups_parts = groups_of(comps, window_copy_of, &twice);
        let joined: BTreeSet<usize> = groups_parts.iter().flatten().copied().collect();
        let part_of = part_of(comps);
        let relaxed_bound: Vec<f64> = results.iter().map(|r| r.bound).collect();
        // In a joined part an occurrence is whole when all its copies are in it (those placed
        // twice always are); one with copies outside stays copied.
        let mut copies_of: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for (&c, &orig) in window_copy_of {
            if let Some(&p) = part_of.get(&c) {
                copies_of.entry(orig).or_default().insert(p);
            }
        }
        let rejoined: Vec<Vec<usize>> = groups_parts
            .iter()
            .map(|parts| {
                let mut occs: BTreeSet<usize> = BTreeSet::new();
                for &o in parts.iter().flat_map(|&p| &comps[p]) {
                    match window_copy_of.get(&o) {
                        Some(orig)
                            if twice.contains(orig)
                                || copies_of.get(orig).is_some_and(|ps| ps.is_subset(parts)) =>
                        {
                            occs.insert(*orig)
                        }
                        _ => occs.insert(o),
                    };
                }
                occs.into_iter().collect()
            })
            .collect();
        // Each joined part starts from what its parts found, each such occurrence kept in the
        // window where its copy had the most attendees (the copies' starts are the
        // occurrence's own candidates).
        let starts: Vec<Vec<model::Chosen>> = {
            let mut best: BTreeMap<usize, model::Chosen> = BTreeMap::new();
            let mut other: Vec<Vec<model::Chosen>> = vec![Vec::new(); rejoined.len()];
            for (g, parts) in groups_parts.iter().enumerate() {
                for &p in parts {
                    let placed = pinned_placed.get(&p).unwrap_or(&results[p].placed);
                    for (o, c, who) in placed {
                        match window_copy_of.get(o) {
                            Some(orig) if rejoined[g].binary_search(orig).is_ok() => {
                                let at = prep.occs[*o].cands[*c].start;
                                let Some(c0) =
                                    prep.occs[*orig].cands.iter().position(|x| x.start == at)
                                else {
                                    continue;
                                };
                                let rank = (replan::at_previous(&prep.occs[*o], *c), who.len());
                                let keep = best.get(orig).is_none_or(|b| {
                                    (replan::at_previous(&prep.occs[*orig], b.1), b.2.len()) < rank
                                });
                                if keep {
                                    best.insert(*orig, (*orig, c0, who.clone()));
                                }
                            }
                            _ => other[g].push((*o, *c, who.clone())),
                        }
                    }
                }
            }
            for (g, occs) in rejoined.iter().enumerate() {
                for (orig, chosen) in &best {
                    if occs.binary_search(orig).is_ok() {
                        other[g].push(chosen.clone());
                    }
                }
            }
            other
        };
        let solved = solve_all(
            rota,
            meetings,
            prep,
            &rejoined,
            targets,
            &quiet,
            deadline,
            &|_| {},
            &starts,
            &[],
            &[],
            PART_FLOOR,
        );
        if solved.iter().any(|r| !r.status.has_schedule()) {
            // A joined part found no schedule, not even its start: keep the parts as they
            // were, each such occurrence in one window only (not proven).
            drop_copies(&cx, results, window_copy_of, &twice);
            return true;
        }
        let mut new_comps: Vec<Vec<usize>> = Vec::new();
        let mut new_results: Vec<model::Solved> = Vec::new();
        for (i, (c, r)) in comps.drain(..).zip(results.drain(..)).enumerate() {
            if !joined.contains(&i) {
                new_comps.push(c);
                new_results.push(r);
            }
        }
        for (mut r, parts) in solved.into_iter().zip(&groups_parts) {
            // The parts' relaxation bounds the joined part too: the tighter of the two.
            r.bound = r.bound.min(parts.iter().map(|&p| relaxed_bound[p]).sum());
            new_results.push(r);
        }
        new_comps.extend(rejoined);
        *comps = new_comps;
        *results = new_results;
    }
}

/// The part holding each occurrence.
fn part_of(comps: &[Vec<usize>]) -> std::collections::HashMap<usize, usize> {
    comps
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.iter().map(move |&o| (o, i)))
        .collect()
}

/// The groups of parts that hold copies of the occurrences `twice`, joined transitively: each
/// is one problem again.
fn groups_of(
    comps: &[Vec<usize>],
    window_copy_of: &std::collections::HashMap<usize, usize>,
    twice: &std::collections::BTreeSet<usize>,
) -> Vec<std::collections::BTreeSet<usize>> {
    use std::collections::{BTreeMap, BTreeSet};
    let part_of = part_of(comps);
    let mut parent: Vec<usize> = (0..comps.len()).collect();
    let mut joined: BTreeSet<usize> = BTreeSet::new();
    for &orig in twice {
        let mut parts: Vec<usize> = window_copy_of
            .iter()
            .filter(|(_, &o)| o == orig)
            .filter_map(|(c, _)| part_of.get(c).copied())
            .collect();
        parts.sort_unstable();
        for &p in &parts {
            joined.insert(p);
            let (a, b) = (find(&mut parent, parts[0]), find(&mut parent, p));
            parent[b] = a;
        }
    }
    let mut groups: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for &p in &joined {
        let root = find(&mut parent, p);
        groups.entry(root).or_default().insert(p);
    }
    groups.into_values().collect()
}

/// Keeps each occurrence of `twice` placed in one window and drops its other copies'
/// placements (so the schedule is whole: fewer releases keep every hard rule). The copy kept
/// is chosen occurrence by occurrence for the most doctor-windows at target, starting from the
/// copy with the most attendees.
fn drop_copies(
    cx: &Tally<'_>,
    results: &mut [model::Solved],
    window_copy_of: &std::collections::HashMap<usize, usize>,
    twice: &std::collections::BTreeSet<usize>,
) {
    use std::collections::BTreeMap;
    let orig_of = |o: &usize| window_copy_of.get(o).filter(|x| twice.contains(x)).copied();
    // The placed copies of each occurrence, and the placements that stay whatever is chosen.
    let mut copies: BTreeMap<usize, Vec<&model::Chosen>> = BTreeMap::new();
    let mut fixed: Vec<&model::Chosen> = Vec::new();
    for p in results.iter().flat_map(|r| &r.placed) {
        match orig_of(&p.0) {
            Some(orig) => copies.entry(orig).or_default().push(p),
            None => fixed.push(p),
        }
    }
    let mut choice: BTreeMap<usize, usize> = copies
        .iter()
        .map(|(&orig, cs)| {
            let most = (0..cs.len())
                .max_by_key(|&i| (cs[i].2.len(), std::cmp::Reverse(i)))
                .unwrap_or(0);
            (orig, most)
        })
        .collect();
    let score = |choice: &BTreeMap<usize, usize>| {
        cx.windows_at_target(
            fixed
                .iter()
                .copied()
                .chain(choice.iter().map(|(orig, &i)| copies[orig][i])),
        )
    };
    for (orig, cs) in &copies {
        let mut best = (score(&choice), choice[orig]);
        for i in 0..cs.len() {
            let mut trial = choice.clone();
            trial.insert(*orig, i);
            let n = score(&trial);
            if n > best.0 {
                best = (n, i);
            }
        }
        choice.insert(*orig, best.1);
    }
    let kept: std::collections::HashSet<usize> =
        choice.iter().map(|(orig, &i)| copies[orig][i].0).collect();
    for r in results.iter_mut() {
        r.placed
            .retain(|(o, _, _)| orig_of(o).is_none() || kept.contains(o));
    }
}

/// What [`pin_copies`] came to.
enum Pinned {
    /// The pinned schedule is within `--gap` of the relaxation's bound, and taken.
    Taken,
    /// It is not: the parts it solved again (index, occurrences, result), a start for
    /// joining them, or the schedule when there is no time to join.
    Short(Vec<(usize, Vec<usize>, model::Solved)>),
    /// A part solved again found no schedule.
    Failed,
}

/// The cheap way out of a relaxation that placed copies twice: keep each such occurrence in
/// the window where its copy had the most attendees, take its other copies out of their parts,
/// and solve those parts again (from what they had, less those copies). The schedule is then
/// whole, and the relaxation's bounds still bound it; when it is within `--gap` of them it is
/// taken, the parts' bounds kept at the relaxation's so the gap stays honest. Otherwise
/// nothing changes, and what it found starts the joined parts.
#[allow(clippy::too_many_arguments)]
fn pin_copies(
    rota: &Rota,
    meetings: &[Meeting],
    prep: &Prepared,
    comps: &mut [Vec<usize>],
    results: &mut [model::Solved],
    window_copy_of: &std::collections::HashMap<usize, usize>,
    twice: &std::collections::BTreeSet<usize>,
    targets: &[Option<DocTarget>],
    opts: &Options,
    deadline: Instant,
) -> Pinned {
    use std::collections::{BTreeMap, BTreeSet};
    // The copy kept per occurrence: in a re-plan the one at its previous start, then most
    // attendees, then the earlier part.
    let mut keep: BTreeMap<usize, (usize, (bool, usize))> = BTreeMap::new();
    for r in results.iter() {
        for (o, c, who) in &r.placed {
            if let Some(orig) = window_copy_of.get(o).filter(|x| twice.contains(x)) {
                let rank = (replan::at_previous(&prep.occs[*o], *c), who.len());
                let better = keep.get(orig).is_none_or(|&(_, n)| n < rank);
                if better {
                    keep.insert(*orig, (*o, rank));
                }
            }
        }
    }
    let removed = |o: &usize| {
        window_copy_of
            .get(o)
            .and_then(|orig| keep.get(orig))
            .is_some_and(|&(kept, _)| kept != *o)
    };
    let affected: Vec<usize> = (0..comps.len())
        .filter(|&i| comps[i].iter().any(removed))
        .collect();
    let pinned: Vec<Vec<usize>> = affected
        .iter()
        .map(|&i| comps[i].iter().copied().filter(|o| !removed(o)).collect())
        .collect();
    let starts: Vec<Vec<model::Chosen>> = affected
        .iter()
        .map(|&i| {
            results[i]
                .placed
                .iter()
                .filter(|(o, _, _)| !removed(o))
                .cloned()
                .collect()
        })
        .collect();
    let bound: f64 = results.iter().map(|r| r.bound).sum();
    let affected_set: BTreeSet<usize> = affected.iter().copied().collect();
    let within = |solved: &[model::Solved]| {
        let objective: f64 = results
            .iter()
            .enumerate()
            .filter(|(i, _)| !affected_set.contains(i))
            .map(|(_, r)| r.objective)
            .chain(solved.iter().map(|r| r.objective))
            .sum();
        solved.iter().all(|r| r.status.has_schedule()) && rel_gap(bound, objective) <= opts.gap
    };
    // First only the value of the start itself (each part's schedule less the copies
    // removed, which keeps every hard rule), which is often enough at a loose --gap; then a
    // real solve. (HiGHS's own evaluation of the start, stopped after 25 ms, sometimes got
    // further and sometimes not, so that the same input gave different schedules by the
    // machine's load, both said to be within the gap.)
    let quick: Vec<model::Solved> = pinned
        .iter()
        .zip(&starts)
        .map(|(occs, start)| model::Solved {
            placed: start.clone(),
            status: Status::TimeLimit,
            objective: model::value(rota, meetings, prep, occs, targets, opts, start),
            bound: f64::INFINITY,
        })
        .collect();
    let solve = |until: Instant, floor: std::time::Duration| {
        solve_all(
            rota,
            meetings,
            prep,
            &pinned,
            targets,
            opts,
            until,
            &|_| {},
            &starts,
            &[],
            &[],
            floor,
        )
    };
    let solved = if within(&quick) {
        quick
    } else {
        if deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64()
            < 1.0
        {
            return Pinned::Failed;
        }
        let solved = solve(deadline, PART_FLOOR);
        if solved.iter().any(|r| !r.status.has_schedule()) {
            return Pinned::Failed;
        }
        if !within(&solved) {
            return Pinned::Short(
                affected
                    .into_iter()
                    .zip(pinned)
                    .zip(solved)
                    .map(|((i, c), r)| (i, c, r))
                    .collect(),
            );
        }
        solved
    };
    for ((i, c), mut r) in affected.into_iter().zip(pinned).zip(solved) {
        // Within --gap of the relaxation's bound over the whole (checked above), whatever
        // the part's own status (the start's value has none).
        r.bound = results[i].bound;
        r.status = if r.bound - r.objective > 1e-9 * r.objective.abs().max(1.0) {
            Status::GapLimit
        } else {
            Status::Optimal
        };
        comps[i] = c;
        results[i] = r;
    }
    Pinned::Taken
}

/// What counting doctor-windows at target needs.
struct Tally<'a> {
    rota: &'a Rota,
    meetings: &'a [Meeting],
    prep: &'a Prepared,
    targets: &'a [Option<DocTarget>],
}

impl Tally<'_> {
    /// The doctor-windows at target that these placements give (to choose between whole
    /// schedules when the time is out).
    fn windows_at_target<'c>(&self, placed: impl Iterator<Item = &'c model::Chosen>) -> usize {
        let anchor = crate::domain::time::monday_of(self.rota.first);
        let mut earned: std::collections::HashMap<(DoctorIdx, usize), f64> =
            std::collections::HashMap::new();
        for (o, c, who) in placed {
            let plan = &self.prep.occs[*o];
            let day = plan.classes[plan.cands[*c].class].day;
            #[allow(clippy::cast_precision_loss)]
            let dur = self.meetings[plan.occ.meeting].duration as f64;
            for &(d, _) in who {
                if let Some(t) = &self.targets[d.ix()] {
                    let w = usize::try_from((day - anchor).num_days() / t.window_days.max(1))
                        .unwrap_or(0);
                    *earned.entry((d, w)).or_default() += dur;
                }
            }
        }
        self.targets
            .iter()
            .enumerate()
            .filter_map(|(i, t)| Some((DoctorIdx(u32::try_from(i).ok()?), t.as_ref()?)))
            .map(|(d, t)| {
                (0..t.due.len())
                    .filter(|&w| {
                        let have = t.have.get(w).copied().unwrap_or(0.0)
                            + earned.get(&(d, w)).copied().unwrap_or(0.0);
                        t.due[w] > 0.0 && have + 1e-6 >= t.due[w]
                    })
                    .count()
            })
            .sum()
    }
}

/// The root of `i` in a union-find forest (halving the path on the way).
fn find(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}

/// Solves the components on `opts.threads` workers, each with an even share of the time
/// left. Results come back in component order, so the schedule does not depend on timing
/// (unless a time limit binds).
#[allow(clippy::too_many_arguments)]
fn solve_all(
    rota: &Rota,
    meetings: &[Meeting],
    prep: &Prepared,
    comps: &[Vec<usize>],
    targets: &[Option<DocTarget>],
    opts: &Options,
    deadline: Instant,
    progress: OnProgress<'_>,
    starts: &[Vec<model::Chosen>],
    gaps: &[f64],
    relaxed: &[Option<model::Relaxation>],
    floor: std::time::Duration,
) -> Vec<model::Solved> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Mutex;
    let workers = opts.threads.max(1).min(comps.len().max(1));
    #[allow(clippy::cast_precision_loss)]
    let weight: Vec<f64> = comps
        .iter()
        .map(|c| (c.len() + PART_OVERHEAD) as f64)
        .collect();
    // With time to spare for each part, the largest first, so that the last to finish is a
    // small one (a 26-week department's window parts ended on one long part while the other
    // worker idled: 1.7 s against 1.55 s). Where time is short they stay in order, which
    // mixes large and small (the trust whole at 10 s: 11,080 against 11,065 doctor-windows).
    let mut order: Vec<usize> = (0..comps.len()).collect();
    let left = deadline.saturating_duration_since(Instant::now());
    if per_part(left.as_secs_f64(), workers, comps.len()) >= ONE_PASS_FROM {
        order.sort_by(|&a, &b| weight[b].total_cmp(&weight[a]));
    }
    let in_order: Vec<f64> = order.iter().map(|&i| weight[i]).collect();
    let next = AtomicUsize::new(0);
    // Parts solved, and the sums of their objectives and bounds.
    let done: Mutex<(usize, f64, f64)> = Mutex::new((0, 0.0, 0.0));
    let out: Mutex<Vec<Option<model::Solved>>> = Mutex::new(vec![None; comps.len()]);
    let one = Options {
        threads: 1,
        ..opts.clone()
    };
    let per_worker = if workers > 1 { &one } else { opts };
    // Live progress: each part's HiGHS log in a temporary folder, read back by a watcher.
    let logs = if opts.live {
        match &opts.live_dir {
            Some(dir) => tempfile::tempdir_in(dir).ok(),
            None => tempfile::tempdir().ok(),
        }
    } else {
        None
    };
    let log_of = |i: usize| {
        logs.as_ref()
            .map(|d| d.path().join(format!("part-{i}.log")))
    };
    let running: Mutex<std::collections::BTreeSet<usize>> = Mutex::default();
    let finished = AtomicBool::new(false);
    // Where the search stands: the parts solved, and those in progress with a schedule yet.
    let tell = || {
        let Ok((n, mut obj, mut bound)) = done.lock().map(|t| *t) else {
            return;
        };
        let under_way: Vec<usize> = running
            .lock()
            .map(|r| r.iter().copied().collect())
            .unwrap_or_default();
        let mut counted = 0;
        for (b, best) in under_way
            .into_iter()
            .filter_map(|i| log_of(i).and_then(|p| live::last(&p)))
        {
            obj += best;
            bound += b;
            counted += 1;
        }
        progress(Progress::solving(n, comps.len(), counted, obj, bound));
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| loop {
                    let k = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&i) = order.get(k) else {
                        break;
                    };
                    // A share of the time left in proportion to the part's size among those
                    // not yet begun (the workers run that many at once): a department's
                    // part of 45 occurrences needs more than one of 8, which hands back what
                    // it does not use. Every part also costs a fixed amount (model, LP,
                    // presolve): `PART_OVERHEAD` occurrences' worth.
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() && floor.is_zero() {
                        // Out of time, and not to be solved past it.
                        opts.note_stopped();
                        if let Ok(mut v) = out.lock() {
                            v[i] = Some(model::Solved {
                                placed: Vec::new(),
                                status: Status::NoSolution,
                                objective: 0.0,
                                bound: f64::INFINITY,
                            });
                        }
                        continue;
                    }
                    let share = share_of(&in_order, k, left.as_secs_f64(), workers);
                    let started = Instant::now();
                    let own = started + std::time::Duration::from_secs_f64(share).max(floor);
                    let part = Options {
                        highs_log: log_of(i),
                        gap: gaps.get(i).copied().unwrap_or(per_worker.gap),
                        ..per_worker.clone()
                    };
                    if let Ok(mut r) = running.lock() {
                        r.insert(i);
                    }
                    // Without a start of its own, a part whose share of the time is short
                    // starts from a greedy schedule, so that it ends with one. (With time to
                    // spare HiGHS does as well without: the start only changes its path.)
                    let greedy;
                    let start = match starts.get(i) {
                        Some(s) if !s.is_empty() => s.as_slice(),
                        _ if share >= GREEDY_BELOW => &[],
                        _ => {
                            greedy = greedy::start(
                                rota,
                                meetings,
                                prep,
                                &comps[i],
                                targets,
                                opts.max_minutes_per_shift,
                            );
                            greedy.as_slice()
                        }
                    };
                    let solved = model::solve(
                        rota,
                        meetings,
                        prep,
                        &comps[i],
                        targets,
                        &part,
                        own.min(deadline).max(Instant::now() + floor),
                        start,
                        relaxed.get(i).and_then(Option::as_ref),
                    );
                    if std::env::var_os("ROTA_ENGAGE_DEBUG").is_some() {
                        eprintln!(
                            "part {i}: {} occurrences, share {share:.3} s, took {:.3} s, {}, {:.2}% from its bound",
                            comps[i].len(),
                            started.elapsed().as_secs_f64(),
                            solved.status.as_str(),
                            100.0 * rel_gap(solved.bound, solved.objective),
                        );
                    }
                    if let Ok(mut t) = done.lock() {
                        t.0 += 1;
                        t.1 += solved.objective;
                        t.2 += solved.bound;
                    }
                    if let Ok(mut v) = out.lock() {
                        v[i] = Some(solved);
                    }
                    if let Ok(mut r) = running.lock() {
                        r.remove(&i);
                    }
                    tell();
                })
            })
            .collect();
        if logs.is_some() {
            s.spawn(|| {
                while !finished.load(Ordering::SeqCst) {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                    tell();
                }
            });
        }
        // A part whose thread panicked is left without a schedule (status failed), not
        // taken down with the whole run.
        for h in handles {
            let _ = h.join();
        }
        finished.store(true, Ordering::SeqCst);
    });
    out.into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|s| {
            s.unwrap_or(model::Solved {
                placed: Vec::new(),
                status: Status::Failed,
                objective: 0.0,
                bound: 0.0,
            })
        })
        .collect()
}

/// The whole problem may be `gap` (relative) from its bound: what the parts not taken up again
/// leave of that (their schedules' distance from their bounds) is shared evenly among the
/// parts of `again`, each of which may then stop at its share, not at `gap` itself — so the
/// time goes to the parts that need it and the whole still ends within `gap`. A part already
/// within its share is not taken up again. Returns the parts to take up with their gaps.
fn gap_budget(
    results: &[model::Solved],
    again: Vec<usize>,
    gap: f64,
) -> (Vec<usize>, std::collections::HashMap<usize, f64>) {
    let total: f64 = results.iter().map(|r| r.objective).sum();
    let allowed = gap * total.abs().max(1.0);
    let settled: f64 = (0..results.len())
        .filter(|i| !again.contains(i))
        .map(|i| (results[i].bound - results[i].objective).max(0.0))
        .sum();
    #[allow(clippy::cast_precision_loss)]
    let each = (allowed - settled).max(0.0) / again.len().max(1) as f64;
    let mut gaps = std::collections::HashMap::new();
    let mut keep = Vec::new();
    for i in again {
        let r = &results[i];
        if !r.status.has_schedule() {
            keep.push(i);
            continue;
        }
        if r.bound - r.objective <= each {
            continue;
        }
        gaps.insert(i, gap.max(each / r.objective.abs().max(1.0)));
        keep.push(i);
    }
    (keep, gaps)
}

/// The parts of `again` that the second pass takes, in order: what is left goes to those
/// furthest from their bounds (those without a schedule first), as many as can have
/// `RETRY_SHARE` each on `threads` workers — spread thinner, a part's second solve ends before
/// its root and changes nothing.
fn furthest_first(
    results: &[model::Solved],
    mut again: Vec<usize>,
    left_secs: f64,
    threads: usize,
) -> Vec<usize> {
    let gap_of = |r: &model::Solved| {
        if r.status.has_schedule() {
            r.bound - r.objective
        } else {
            f64::INFINITY
        }
    };
    again.sort_by(|&a, &b| gap_of(&results[b]).total_cmp(&gap_of(&results[a])));
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let room = (left_secs.max(0.0) * threads.max(1) as f64 / RETRY_SHARE) as usize;
    again.truncate(room.max(1));
    again.sort_unstable();
    again
}

/// The start of a part solved again: the schedule it has, or without one the start it had.
fn start_again(r: &model::Solved, start: Option<&Vec<model::Chosen>>) -> Vec<model::Chosen> {
    if r.status.has_schedule() {
        r.placed.clone()
    } else {
        start.cloned().unwrap_or_default()
    }
}

/// `f` of each of `0..n`, on up to `threads` threads at once; `None` where `f` panicked.
fn par_map<T: Send>(n: usize, threads: usize, f: impl Fn(usize) -> T + Sync) -> Vec<Option<T>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<Option<T>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.clamp(1, n.max(1)))
            .map(|_| {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        break;
                    }
                    let r = f(i);
                    if let Ok(mut v) = out.lock() {
                        v[i] = Some(r);
                    }
                })
            })
            .collect();
        for h in handles {
            let _ = h.join();
        }
    });
    out.into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A part solved again: both bounds hold, so the tighter is kept with the better schedule.
fn merge_again(old: &mut model::Solved, new: model::Solved) {
    let bound = old.bound.min(new.bound);
    if new.status.has_schedule() && (!old.status.has_schedule() || new.objective >= old.objective) {
        *old = new;
    }
    old.bound = bound.max(old.objective);
}

/// The thread-seconds each of `parts` parts would have in `secs` seconds on `threads` threads.
fn per_part(secs: f64, threads: usize, parts: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let (threads, parts) = (threads.max(1) as f64, parts.max(1) as f64);
    secs * threads / parts
}

/// Part `i`'s share of `left_secs` (seconds): in proportion to its weight among the parts
/// not yet begun (`weight[i..]`), which `workers` solve that many at once; never more than
/// what is left.
fn share_of(weight: &[f64], i: usize, left_secs: f64, workers: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let workers = workers.max(1) as f64;
    let rest: f64 = weight.get(i..).map_or(0.0, |w| w.iter().sum());
    let own = weight.get(i).copied().unwrap_or(0.0);
    (left_secs * workers * own / rest.max(f64::MIN_POSITIVE)).min(left_secs)
}

/// Groups occurrences that share a cover pool in the same target window (directly or through
/// others); an occurrence whose days fall in several windows joins them all, so a monthly
/// meeting against 4-weekly windows makes its department's windows one part. Occurrences
/// split into department copies are left out (their copies take part).
fn components(
    rota: &Rota,
    prep: &Prepared,
    window_days: Option<i64>,
    split_from: &std::collections::HashSet<usize>,
) -> Vec<Vec<usize>> {
    let anchor = crate::domain::time::monday_of(rota.first);
    let wins = |o: &candidates::OccPlan| -> std::collections::BTreeSet<usize> {
        o.classes
            .iter()
            .map(|c| match window_days {
                Some(days) => {
                    usize::try_from((c.day - anchor).num_days() / days.max(1)).unwrap_or(0)
                }
                None => 0,
            })
            .collect()
    };
    let mut node: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    let mut parent: Vec<usize> = Vec::new();
    let live =
        |i: usize, o: &candidates::OccPlan| !o.classes.is_empty() && !split_from.contains(&i);
    let mut first_node: Vec<Option<usize>> = vec![None; prep.occs.len()];
    for (i, o) in prep.occs.iter().enumerate() {
        if !live(i, o) {
            continue;
        }
        let mut ids = Vec::new();
        for w in wins(o) {
            for &k in &o.keys {
                let id = *node.entry((k, w)).or_insert_with(|| {
                    parent.push(parent.len());
                    parent.len() - 1
                });
                ids.push(id);
            }
        }
        if ids.is_empty() {
            parent.push(parent.len());
            ids.push(parent.len() - 1);
        }
        for &id in &ids[1..] {
            let (a, b) = (find(&mut parent, ids[0]), find(&mut parent, id));
            parent[b] = a;
        }
        first_node[i] = Some(ids[0]);
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> =
        std::collections::BTreeMap::new();
    for (i, n) in first_node.iter().enumerate() {
        if let Some(n) = n {
            groups.entry(find(&mut parent, *n)).or_default().push(i);
        }
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solved(objective: f64, bound: f64, status: Status) -> model::Solved {
        model::Solved {
            placed: Vec::new(),
            status,
            objective,
            bound,
        }
    }

    #[test]
    fn shares_follow_the_weights_and_never_exceed_what_is_left() {
        // Two workers, parts of weight 61 and 24 (45 and 8 occurrences, plus the overhead).
        let weight = [61.0, 24.0, 61.0, 24.0];
        let total: f64 = weight.iter().sum();
        let first = share_of(&weight, 0, 10.0, 2);
        assert!((first - 10.0 * 2.0 * 61.0 / total).abs() < 1e-9);
        assert!(share_of(&weight, 1, 10.0, 2) < first);
        // Equal weights: the time left over the rounds left.
        let even = [1.0; 6];
        assert!((share_of(&even, 0, 9.0, 2) - 3.0).abs() < 1e-9);
        // The last part alone may take all that is left, and no more.
        assert!((share_of(&weight, 3, 4.0, 2) - 4.0).abs() < 1e-9);
        assert!(share_of(&weight, 9, 4.0, 2).abs() < 1e-9);
    }

    #[test]
    fn the_gap_left_by_proven_parts_is_shared_by_the_others() {
        // The whole may be 1 % from its bound: 10 of 1,000.
        let results = vec![
            solved(400.0, 400.0, Status::Optimal),
            solved(300.0, 302.0, Status::GapLimit),
            solved(200.0, 210.0, Status::TimeLimit),
            solved(100.0, 101.0, Status::TimeLimit),
            solved(0.0, 0.0, Status::NoSolution),
        ];
        let (again, gaps) = gap_budget(&results, vec![2, 3, 4], 0.01);
        // Settled: 0 + 2 of the 10; 8 left for three parts, 8/3 each. Part 3 (1 short) is
        // within its share and not taken up; part 2 may stop 8/3 from its bound; the part
        // without a schedule is taken up at the gap asked for.
        assert_eq!(again, vec![2, 4]);
        assert!((gaps[&2] - (8.0 / 3.0) / 200.0).abs() < 1e-12);
        assert!(!gaps.contains_key(&4));
        // Never looser than asked for where the share is smaller than the gap.
        let (_, gaps) = gap_budget(&results, vec![0, 1, 2], 0.0001);
        assert!(gaps.values().all(|&g| g >= 0.0001));
    }

    #[test]
    fn the_second_pass_takes_the_parts_furthest_from_their_bounds() {
        let results = vec![
            solved(100.0, 101.0, Status::TimeLimit),
            solved(100.0, 150.0, Status::TimeLimit),
            solved(0.0, 0.0, Status::NoSolution),
            solved(100.0, 120.0, Status::GapLimit),
        ];
        // Room for two (1 s on 1 worker, 0.5 s each): no schedule first, then the widest gap.
        assert_eq!(
            furthest_first(&results, vec![0, 1, 2, 3], 1.0, 1),
            vec![1, 2]
        );
        // Room for all: all of them, in part order.
        assert_eq!(
            furthest_first(&results, vec![3, 0, 1, 2], 10.0, 2),
            vec![0, 1, 2, 3]
        );
        // Never none when one is asked for and a little time is left.
        assert_eq!(furthest_first(&results, vec![0, 3], 0.1, 1), vec![3]);
    }
}
