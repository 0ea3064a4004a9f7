//! The MILP for one independent component, built with good_lp and solved by HiGHS.
//!
//! Variables (all per component):
//! - `y[o,k]` ∈ {0,1}: occurrence `o` is held in class `k` — the starts of one day that share
//!   the same eligible doctors (and shifts) and cover limits, so they are interchangeable; the
//!   schedule takes the class's earliest start. `Σ_k y[o,k] ≤ 1`.
//! - `x[d,o,r]` ∈ {0,1}: doctor `d` is released for `o` from shift row `r` (one day) — per
//!   doctor, occurrence and shift, not per start: `x[d,o,r] ≤ Σ_{k: d eligible in k from r}
//!   y[o,k]`. So `Σ_r x[d,o,r] ≤ 1`, and a release says which shift and window it falls in.
//!   An individual slot (one doctor's own occurrence, every start its own class) needs no `x`:
//!   its release is `Σ_{k from r} y[o,k]`.
//! - cover, per class `k` and pool `p` that binds there (at most `h` of the doctors `D(k,p)`
//!   on clinical duty may go): `Σ_{d ∈ D(k,p)} x[d,o,r_k(d)] ≤ h·y[o,k] + Σ_{k'≠k, same day}
//!   n(k')·y[o,k']`, with `n(k')` those of `D(k,p)` released from the same shift in `k'` — a
//!   capacity on the chosen class, in the tight form rather than big-M; exact because two
//!   occurrences touching one pool are never held on the same day (next).
//! - attendance per occurrence: `Σ x[·,o,·] ≤ Σ_k A_k·y[o,k]`, with `A_k` the most who can go
//!   in class `k` (its eligible doctors less those over each pool's headroom). Redundant for
//!   whole `y`, but without it the LP spreads `y` over classes to seat more than any one holds,
//!   and proving the optimum took seconds of branching on the last 0.01 %.
//! - one meeting a day per pool: `Σ y[o,k] ≤ 1` over the group occurrences touching a pool
//!   and the classes of one day. So a doctor is never in two meetings at once, and cover is
//!   never shared between two meetings. This is a modelling rule (a department holds at most
//!   one group engagement meeting a day for a staff group), stated in the README.
//! - individual slots against cover, meetings and each other: time-indexed rows, in
//!   [`super::slots`].
//! - per-shift cap: where a doctor's shift could hold more than `max_minutes_per_shift`,
//!   `Σ dur·x[d,o,r] ≤ cap` over what it could hold.
//! - targets, per doctor and window `w`: `E[d,w] = Σ dur·x` over releases in `w`,
//!   `E ≥ T·m[d,w]` with `m` binary, tightened for the LP by rounded and residual rows
//!   (`target_cuts`), and for fairness the shortfall's convex cost (thirds of T at rising
//!   weights): in the full model `F ≥ c·(T − E) − k·(1 − m)` over the lines through the
//!   shortfalls whole releases can reach (`fairness_rows`), in the relaxation and the
//!   restricted model `s1+s2+s3 ≥ T − E`. Only the windows a part can change get these terms.
//!
//! The objective (maximised) orders the contract's priorities by weight: 1000 per doctor and
//! window at target; fairness penalties up to 140 per window; 30 × priority per occurrence
//! placed, 10 per required group represented, up to 20 for `min_attendance`; then at most
//! 5 × priority per occurrence for attendance. In a re-plan ([`super::replan`]) an occurrence
//! held before adds `change_cost × 1000` for keeping its previous class and for each previous
//! attendee kept, less that for each new attendee, with a constant offset so that the previous
//! schedule costs nothing; what is frozen weighs 100 × 1000 instead.

mod build;
mod highs;
mod occurrence;
mod one_a_day;
mod shift_cap;
mod targets;
mod value;

use std::collections::HashMap;
use std::time::Instant;

use super::context::{Choice, Ctx, Options, Solved};
use crate::plan::Status;
use highs::Lp;
pub use value::value;

/// Weight of one doctor-window at target.
pub const W_TARGET: f64 = 1000.0;
const W_FAIR: [f64; 3] = [60.0, 120.0, 240.0];
const W_PLACE: f64 = 30.0;
const W_GROUP: f64 = 10.0;
const W_MINATT: f64 = 20.0;
const W_ATTEND: f64 = 5.0;
/// In a re-plan, the weight of keeping what was held before `--frozen-until`: no gain
/// outweighs it, so only a hard rule (cover) takes a frozen attendee away.
const W_FROZEN: f64 = 100.0 * W_TARGET;

/// Solves the model for the occurrences `occ_ids`, from the schedule `start` if one is given
/// (a MIP start: HiGHS completes the continuous variables), and from its LP relaxation
/// `relaxed` where that was solved already ([`relax`]).
///
/// First a schedule from the LP relaxation: the classes the LP holds an occurrence in at
/// all (and the start's) are the only ones a restricted model may use, started from the LP
/// rounded ([`super::greedy::start_from`]) where that is worth more than `start`; that model,
/// solved in up to three quarters of the time the LP left, is the full model's start (or the
/// answer, when within `--gap` of the LP's bound). The relaxation's bound is tight
/// on these models (within about 0.4 % on the speed issue's trust), but HiGHS's own
/// heuristics took seconds to find a schedule near it; the restricted model finds one in a
/// fraction of that (`BENCHMARKS.md`). The better of the two schedules is returned, with the
/// full model's bound.
pub fn solve(
    cx: &Ctx<'_>,
    occ_ids: &[usize],
    start: &[Choice],
    relaxed: Option<&Relaxation>,
) -> Solved {
    let Ctx {
        prep,
        opts,
        deadline,
        ..
    } = *cx;
    // The live log is the full model's only: the restricted model's bound is not the part's.
    let unlogged = Options {
        highs_log: None,
        ..opts.clone()
    };
    let part = |how: How<'_>, until: Instant, from: &[Choice]| {
        let o = if how.relax || how.allowed.is_some() {
            &unlogged
        } else {
            opts
        };
        build_and_run(&cx.with(o).until(until), occ_ids, from, how)
    };
    let left = deadline.saturating_duration_since(Instant::now());
    let mut restricted: Option<Solved> = None;
    let mut lp_bound = None;
    let lp_start = !opts.tuning.no_lp_start;
    if lp_start && left.as_secs_f64() < LP_START_FROM {
        // Too short a share for the LP start: the part's path is the time's.
        opts.note_stopped();
    }
    if lp_start && left.as_secs_f64() >= LP_START_FROM {
        // The LP is what the rest stands on: it may take nearly all of a short share.
        let own;
        let r = match relaxed {
            Some(r) => r,
            None => {
                let lp_until = Instant::now() + left * 9 / 10;
                own = relax(&cx.until(lp_until), occ_ids);
                &own
            }
        };
        let (lp, ys, lp_took) = (&r.solved, &r.ys, r.took);
        // The relaxation's optimum bounds every schedule.
        lp_bound = (lp.status == Status::Optimal).then_some(lp.objective);
        if !ys.is_empty() {
            // The LP rounded (greedy attendees) is the restricted model's start where it is
            // the better of the two.
            let rounded;
            let mut start = start;
            if lp_bound.is_some() {
                let y: HashMap<(usize, usize), f64> = ys.iter().copied().collect();
                rounded = super::greedy::start_from(cx, occ_ids, Some(&y));
                let worth = |s: &[Choice]| value(cx, occ_ids, s);
                if start.is_empty() || worth(&rounded) > worth(start) {
                    start = &rounded;
                }
            }
            let mut allowed: std::collections::HashSet<(usize, usize)> = ys
                .iter()
                .filter(|(_, v)| *v > 1e-6)
                .map(|(k, _)| *k)
                .collect();
            allowed.extend(start.iter().filter_map(
                |Choice {
                     occurrence: o,
                     candidate: c,
                     ..
                 }| { prep.occs[*o].cands.get(*c).map(|cand| (*o, cand.class)) },
            ));
            if allowed.len() < ys.len() {
                let half =
                    Instant::now() + deadline.saturating_duration_since(Instant::now()) * 3 / 4;
                let how = How {
                    relax: false,
                    allowed: Some(&allowed),
                };
                let (r, _) = part(how, half, start);
                if r.status.has_schedule() {
                    // (The restricted model's own bound is not the part's; the LP's is.)
                    if let Some(bound) = lp_bound {
                        // Within the gap of the relaxation's bound already: no need of the
                        // rest.
                        let gap = super::budget::rel_gap(bound, r.objective);
                        if gap <= opts.gap {
                            return Solved {
                                status: if gap > 1e-9 {
                                    Status::GapLimit
                                } else {
                                    Status::Optimal
                                },
                                bound: bound.max(r.objective),
                                ..r
                            };
                        }
                        // The full model's root alone costs about what the relaxation did:
                        // with less time than that left it would only overrun this part's
                        // share (and so the later parts'), so the restricted schedule stands.
                        if deadline.saturating_duration_since(Instant::now()) < lp_took * 2 {
                            opts.note_stopped();
                            return Solved {
                                status: Status::TimeLimit,
                                bound: bound.max(r.objective),
                                ..r
                            };
                        }
                    }
                    restricted = Some(r);
                }
            }
        }
    }
    let from = restricted.as_ref().map_or(start, |r| r.placed.as_slice());
    let (mut full, _) = part(How::default(), deadline, from);
    // The relaxation's bound holds too (and is all a part stopped before its root has).
    if let Some(b) = lp_bound {
        full.bound = full.bound.min(b).max(full.objective);
    }
    if let Some(r) = restricted {
        if !full.status.has_schedule() || r.objective > full.objective {
            // Against a proven full model the restricted schedule is better only by HiGHS's
            // tolerances, and proven with it (seen at `--gap 0`).
            let bound = full.bound.max(r.objective);
            let gap = super::budget::rel_gap(bound, r.objective);
            let proven = matches!(full.status, Status::Optimal | Status::GapLimit);
            full = Solved {
                placed: r.placed,
                status: if proven && gap <= 1e-9 {
                    Status::Optimal
                } else if proven && gap <= opts.gap {
                    Status::GapLimit
                } else {
                    Status::TimeLimit
                },
                objective: r.objective,
                bound,
            };
        }
    }
    if opts.tuning.debug && full.status.has_schedule() {
        let v = value(cx, occ_ids, &full.placed);
        eprintln!(
            "value: {v:.4} against HiGHS's {:.4}; bound {:.1} (LP {:.1})",
            full.objective,
            full.bound,
            lp_bound.unwrap_or(f64::NAN),
        );
    }
    full
}

/// A part's LP relaxation, solved ahead of [`solve`] (which then does not solve it again).
#[derive(Debug, Clone)]
pub struct Relaxation {
    solved: Solved,
    ys: Vec<ClassValue>,
    took: std::time::Duration,
}

impl Relaxation {
    /// Its optimum, which bounds every schedule of the part; `None` when the LP was not
    /// solved to optimality in time.
    pub fn bound(&self) -> Option<f64> {
        (self.solved.status == Status::Optimal).then_some(self.solved.objective)
    }
}

/// Solves the LP relaxation of the model for `occ_ids` (as [`solve`] does first).
pub fn relax(cx: &Ctx<'_>, occ_ids: &[usize]) -> Relaxation {
    let how = How {
        relax: true,
        allowed: None,
    };
    let unlogged = Options {
        highs_log: None,
        ..cx.opts.clone()
    };
    let started = Instant::now();
    let (solved, ys) = build_and_run(&cx.with(&unlogged), occ_ids, &[], how);
    Relaxation {
        solved,
        ys,
        took: started.elapsed(),
    }
}

/// A part's time from which it starts from its LP relaxation (seconds).
const LP_START_FROM: f64 = 0.1;

/// A class `(occurrence, class)` with its `y` in a relaxation.
type ClassValue = ((usize, usize), f64);

/// How [`build_and_run`] builds the model.
#[derive(Debug, Clone, Copy, Default)]
struct How<'a> {
    /// The LP relaxation: every variable continuous.
    relax: bool,
    /// Only these classes `(occurrence, class)` may be chosen.
    allowed: Option<&'a std::collections::HashSet<(usize, usize)>>,
}

/// Builds the model as `how` says and solves it; with it, in a relaxation, each class's `y`.
fn build_and_run(
    cx: &Ctx<'_>,
    occ_ids: &[usize],
    start: &[Choice],
    how: How<'_>,
) -> (Solved, Vec<ClassValue>) {
    let opts = cx.opts;
    let mdl = build::build(cx, occ_ids, how);
    let initial = (!start.is_empty()).then(|| {
        value::initial_solution(
            mdl.vars.len(),
            &mdl.cols,
            cx.prep,
            cx.meetings,
            start,
            cx.targets,
            &|date, days| mdl.window_of(date, days),
        )
    });
    let build::Model {
        vars,
        cons,
        obj,
        offset,
        cols,
        ..
    } = mdl;
    let lp = Lp {
        vars,
        obj,
        cons,
        offset,
    };
    let (mut solved, columns) = highs::run(cx, lp, &cols, occ_ids, initial.as_deref());
    // The schedule read back is worth at least HiGHS's objective (`value` completes the
    // continuous terms at their best). Less means the columns are not the solution the
    // objective is of: HiGHS 1.16 was seen to return the MIP start's columns with a better
    // solution's objective (a property test's case). Solved again without the start; failing
    // that, the schedule is valued as it is, short of its bound.
    if !how.relax && solved.status.has_schedule() {
        let worth = value(cx, occ_ids, &solved.placed);
        if worth + 1e-6 * worth.abs().max(1.0) < solved.objective {
            if !start.is_empty() {
                return build_and_run(cx, occ_ids, &[], how);
            }
            solved.objective = worth;
            solved.status = if super::budget::rel_gap(solved.bound, worth) <= opts.gap {
                Status::GapLimit
            } else {
                Status::TimeLimit
            };
        }
    }
    let ys = if how.relax {
        cols.y
            .iter()
            .filter_map(|(k, &col)| Some((*k, *columns.get(col)?)))
            .collect()
    } else {
        Vec::new()
    };
    (solved, ys)
}
