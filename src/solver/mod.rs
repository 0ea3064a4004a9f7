//! Placing meetings: the only module that knows good_lp and HiGHS.
//!
//! [`candidates`] works out, without the solver, where each doctor may be released and each
//! occurrence's candidate starts; [`model`] builds and solves the MILP (its doc comment gives
//! the formulation). The problem splits into independent components — sets of occurrences that
//! share no cover pool, directly or through others — each solved on its own.

pub mod candidates;
pub mod model;

use std::time::Instant;

use crate::domain::cover::{CoverModel, CoverRule};
use crate::domain::meeting::Meeting;
use crate::domain::policy::Policy;
use crate::domain::targets::{target_minutes, windows};
use crate::domain::{DoctorIdx, Kind, Rota};
use candidates::Prepared;
use model::DocTarget;

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
    /// The prepared problem (candidates, free time, cover pools).
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
    /// Each doctor's target (none for groups without one).
    pub targets: Vec<Option<DocTarget>>,
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

/// Places every occurrence and chooses attendance.
pub fn schedule(
    rota: &Rota,
    meetings: &[Meeting],
    rules: &[CoverRule],
    policy: &Policy,
    opts: &Options,
) -> Schedule {
    let started = Instant::now();
    let deadline = started + std::time::Duration::from_secs_f64(opts.time_limit.max(0.01));
    let cover = cover_model(rota, rules, policy);
    let prep = candidates::prepare(rota, meetings, cover, policy);
    let targets = targets(rota, policy);
    let comps = components(&prep);
    if std::env::var_os("ROTA_ENGAGE_DEBUG").is_some() {
        eprintln!(
            "prepare: {:.3} s, {} components, {} candidates",
            started.elapsed().as_secs_f64(),
            comps.len(),
            prep.occs.iter().map(|o| o.cands.len()).sum::<usize>()
        );
    }
    let mut placed = vec![None; prep.occs.len()];
    let (mut status, mut obj, mut bound) = (Status::Optimal, 0.0, 0.0);
    for comp in &comps {
        let solved = model::solve(rota, meetings, &prep, comp, &targets, opts, deadline);
        status = status.max(solved.status);
        obj += solved.objective;
        bound += solved.bound;
        for (o, c, who) in solved.placed {
            let cand = &prep.occs[o].cands[c];
            placed[o] = Some(Placed {
                start: cand.start,
                end: cand.end,
                attendees: who,
            });
        }
    }
    let gap = if status == Status::Optimal {
        0.0
    } else {
        ((bound - obj).abs() / obj.abs().max(1.0)).max(0.0)
    };
    Schedule {
        prep,
        placed,
        status,
        gap,
        seconds: started.elapsed().as_secs_f64(),
        components: comps.len(),
        targets,
    }
}

/// Groups occurrences that share a cover pool (directly or through others).
fn components(prep: &Prepared) -> Vec<Vec<usize>> {
    let n = prep.cover.pools.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for o in &prep.occs {
        if o.cands.is_empty() {
            continue;
        }
        if let Some(&first) = o.keys.first() {
            for &k in &o.keys[1..] {
                let (a, b) = (find(&mut parent, first), find(&mut parent, k));
                parent[b] = a;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> =
        std::collections::BTreeMap::new();
    for (i, o) in prep.occs.iter().enumerate() {
        if o.cands.is_empty() {
            continue;
        }
        let root = o
            .keys
            .first()
            .map_or(usize::MAX - i, |&k| find(&mut parent, k));
        groups.entry(root).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort();
    out
}
