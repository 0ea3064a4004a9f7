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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use std::time::Instant;

use good_lp::{
    variable, Expression, IntoAffineExpression, ProblemVariables, SolverModel, Variable,
};

use super::context::{Choice, Ctx, Options, Solved};
use crate::domain::meeting::Meeting;
use crate::domain::DoctorIdx;
use crate::plan::candidates::Prepared;
use crate::plan::{DocTarget, Status};

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

/// A model as built: its variables, objective and rows, and the constant its objective
/// leaves out.
struct Lp {
    vars: ProblemVariables,
    obj: Expression,
    cons: Vec<good_lp::Constraint>,
    offset: f64,
}

/// A release from a shift: (occurrence, minutes, the 0/1 expression of it).
type Release = (usize, f64, Expression);

/// Where the variables read back after the solve are.
#[derive(Debug, Default)]
struct Cols {
    /// `y[o,k]`.
    y: HashMap<(usize, usize), usize>,
    /// `x[o,d,row,day]`.
    x: HashMap<(usize, DoctorIdx, usize, NaiveDate), usize>,
    /// `m[d,w]` with its target: (column, doctor, window, minutes due less those held).
    m: Vec<(usize, DoctorIdx, usize, f64)>,
}

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
#[allow(clippy::too_many_arguments)]
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
#[allow(clippy::too_many_lines)]
fn build_and_run(
    cx: &Ctx<'_>,
    occ_ids: &[usize],
    start: &[Choice],
    how: How<'_>,
) -> (Solved, Vec<ClassValue>) {
    let Ctx {
        rota,
        meetings,
        prep,
        targets,
        opts,
        ..
    } = *cx;
    let bin = || {
        if how.relax {
            variable().min(0.0).max(1.0)
        } else {
            variable().binary()
        }
    };
    let mut vars = ProblemVariables::new();
    let mut cons = Vec::new();
    let mut obj = Expression::default();
    // Constant part of the objective (good_lp gives HiGHS none): a re-plan's change terms
    // are rewards for what is kept, less their sum, so that keeping everything costs nothing.
    let mut offset = 0.0;
    let anchor = crate::domain::time::monday_of(rota.first);
    let window_of = |date: NaiveDate, days: i64| -> usize {
        usize::try_from((date - anchor).num_days() / days.max(1)).unwrap_or(0)
    };
    let mut y: HashMap<(usize, usize), Variable> = HashMap::new();
    // Column index of each variable read back (good_lp numbers them in the order added).
    let mut cols = Cols::default();
    // Released for each (doctor, shift row): duration and release, for the per-shift cap.
    let mut in_shift: BTreeMap<(DoctorIdx, usize), Vec<Release>> = BTreeMap::new();
    // E[d,w]: per doctor and window, each occurrence's minutes and release (summed over
    // its shifts).
    let mut reach_of: BTreeMap<(DoctorIdx, usize), BTreeMap<usize, (f64, Expression)>> =
        BTreeMap::new();
    let mut docs: BTreeSet<DoctorIdx> = BTreeSet::new();
    for &o in occ_ids {
        let plan = &prep.occs[o];
        let m = &meetings[plan.occ.meeting];
        let dur = f64::from(u32::try_from(m.duration).unwrap_or(0));
        let ys: Vec<Variable> = (0..plan.classes.len())
            .map(|k| {
                cols.y.insert((o, k), vars.len());
                if how.allowed.is_some_and(|a| !a.contains(&(o, k))) {
                    vars.add(variable().min(0.0).max(0.0))
                } else {
                    vars.add(bin())
                }
            })
            .collect();
        for (k, v) in ys.iter().enumerate() {
            y.insert((o, k), *v);
        }
        let placed: Expression = ys.iter().copied().sum();
        cons.push(placed.clone().leq(1.0));
        obj += W_PLACE * m.priority * placed.clone();
        // The classes that would release each doctor from each shift row on each day.
        let mut at: BTreeMap<(DoctorIdx, usize, NaiveDate), Vec<usize>> = BTreeMap::new();
        for (k, class) in plan.classes.iter().enumerate() {
            for &(d, row) in &plan.cands[class.members[0]].eligible {
                at.entry((d, row, class.day)).or_default().push(k);
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let invited = plan.invited.len().max(1) as f64;
        let mut x: BTreeMap<(DoctorIdx, usize, NaiveDate), Expression> = BTreeMap::new();
        let mut attend_of: BTreeMap<DoctorIdx, Expression> = BTreeMap::new();
        for (&(d, row, day), ks) in &at {
            let reach: Expression = ks.iter().map(|&k| ys[k]).sum();
            // A slot's class names its doctor and shift: it is its own release.
            let xv = if plan.solo {
                reach
            } else {
                cols.x.insert((o, d, row, day), vars.len());
                let v = vars.add(bin());
                cons.push(Expression::from(v).leq(reach));
                Expression::from(v)
            };
            obj += W_ATTEND * m.priority / invited * xv.clone();
            if let Some(t) = &targets[d.ix()] {
                reach_of
                    .entry((d, window_of(day, t.window_days)))
                    .or_default()
                    .entry(o)
                    .or_insert_with(|| (dur, Expression::default()))
                    .1 += xv.clone();
                docs.insert(d);
            }
            in_shift
                .entry((d, row))
                .or_default()
                .push((o, dur, xv.clone()));
            *attend_of.entry(d).or_default() += xv.clone();
            x.insert((d, row, day), xv);
        }
        // Cover per class, in its tight form: if class k is chosen at most h of the doctors
        // D(k,p) go; if another class k' of the same day is chosen, only those of D(k,p)
        // released there from the same shift can (a release is tied to its day and shift):
        // Σ_{D(k,p)} x ≤ h·y[k] + Σ_{k'≠k, same day} n(k')·y[k'].
        let elig: Vec<BTreeSet<(DoctorIdx, usize)>> = plan
            .classes
            .iter()
            .map(|c| plan.cands[c.members[0]].eligible.iter().copied().collect())
            .collect();
        // With them, the attendance bound (module docs): the most who can go in the class
        // chosen — its eligible doctors, less those over each pool's headroom (pools are
        // disjoint).
        let mut most = Expression::default();
        for (k, class) in plan.classes.iter().enumerate() {
            let row_of: BTreeMap<DoctorIdx, usize> = elig[k].iter().copied().collect();
            let mut seats = row_of.len();
            for (_, h, ds) in &class.limits {
                let released: Vec<(DoctorIdx, usize)> = ds
                    .iter()
                    .filter_map(|d| row_of.get(d).map(|&r| (*d, r)))
                    .collect();
                let headroom = usize::try_from(*h).unwrap_or(0);
                seats -= released.len().saturating_sub(headroom).min(seats);
                let lhs: Expression = released
                    .iter()
                    .filter_map(|&(d, r)| x.get(&(d, r, class.day)).cloned())
                    .sum();
                #[allow(clippy::cast_precision_loss)]
                let mut rhs = Expression::from(ys[k]) * (*h as f64);
                for (k2, e2) in elig.iter().enumerate() {
                    if k2 != k && plan.classes[k2].day == class.day {
                        let n = released.iter().filter(|dr| e2.contains(dr)).count();
                        if n > 0 {
                            #[allow(clippy::cast_precision_loss)]
                            let n = n as f64;
                            rhs += n * ys[k2];
                        }
                    }
                }
                cons.push(lhs.leq(rhs));
            }
            #[allow(clippy::cast_precision_loss)]
            let seats = seats as f64;
            most += seats * ys[k];
        }
        if !plan.solo {
            let all: Expression = x.values().cloned().sum();
            cons.push(all.leq(most));
        }
        // A re-plan: keeping the previous time and each previous attendee is worth a change
        // each; a new attendee costs one (module `replan`).
        if let Some((prev, w)) = held_before(plan, opts) {
            if let Some(k) = previous_class(plan, prev) {
                obj += w * ys[k];
                offset -= w;
            }
            if !plan.solo {
                for (d, e) in &attend_of {
                    if prev.attendees.binary_search(d).is_ok() {
                        obj += w * e.clone();
                        offset -= w;
                    } else {
                        obj -= w * e.clone();
                    }
                }
            }
        }
        // require_groups and min_attendance.
        for g in &m.require_groups {
            let members: Expression = attend_of
                .iter()
                .filter(|(d, _)| rota.doctors[d.ix()].group == *g)
                .map(|(_, e)| e.clone())
                .sum();
            let rg = vars.add(variable().min(0.0).max(1.0));
            cons.push(Expression::from(rg).leq(members));
            cons.push(Expression::from(rg).leq(placed.clone()));
            obj += W_GROUP * m.priority * rg;
        }
        if m.min_attendance > 0.0 && !plan.solo {
            #[allow(clippy::cast_precision_loss)]
            let need = (m.min_attendance * plan.invited.len() as f64 - 1e-9).ceil();
            if need > 0.0 {
                let attend: Expression = attend_of.into_values().sum();
                // Short of it only when placed (not placing is already paid for by W_PLACE):
                // so an occurrence split into window copies (see `split::split_windows`) costs
                // the same with one copy placed as the whole occurrence does, and the copies'
                // optimum bounds the whole problem's.
                let short = vars.add(variable().min(0.0).max(need));
                cons.push((Expression::from(short) + attend).geq(placed.clone() * need));
                obj -= W_MINATT * m.priority / need * short;
            }
        }
    }
    // One group meeting a day per pool: occurrences sharing a pool never meet on one day, so
    // they never overlap and a doctor is never in two meetings at once.
    let mut by_key_day: BTreeMap<(usize, chrono::NaiveDate), Vec<(usize, usize)>> = BTreeMap::new();
    for &o in occ_ids.iter().filter(|&&o| !prep.occs[o].solo) {
        for &key in &prep.occs[o].keys {
            for (k, class) in prep.occs[o].classes.iter().enumerate() {
                by_key_day.entry((key, class.day)).or_default().push((o, k));
            }
        }
    }
    let mut seen_rows: std::collections::HashSet<Vec<(usize, usize)>> =
        std::collections::HashSet::new();
    for (_, list) in by_key_day {
        let first = list.first().map(|a| a.0);
        if list.iter().all(|a| Some(a.0) == first) {
            continue;
        }
        if seen_rows.insert(list.clone()) {
            let row: Expression = list.iter().map(|a| y[a]).sum();
            cons.push(row.leq(1.0));
        }
    }
    // Individual slots: cover and time, stretch by stretch.
    cons.extend(super::slots::rows(rota, prep, occ_ids, &y));
    // Per-shift cap, where a shift could hold more than it allows.
    for ((_, row), list) in in_shift {
        let cap = opts.max_minutes_per_shift - prep.existing.get(&row).copied().unwrap_or(0);
        let mut most: BTreeMap<usize, f64> = BTreeMap::new();
        for (o, dur, _) in &list {
            most.insert(*o, *dur);
        }
        #[allow(clippy::cast_precision_loss)]
        let cap = cap as f64;
        if most.values().sum::<f64>() <= cap {
            continue;
        }
        let used: Expression = list.into_iter().map(|(_, dur, xv)| dur * xv).sum();
        cons.push(used.leq(cap));
    }
    // Targets and fairness.
    for d in docs {
        let Some(t) = &targets[d.ix()] else { continue };
        for (w, &due) in t.due.iter().enumerate() {
            // Only the windows this part can change: elsewhere the terms are constants, which
            // would be counted again in every part and shrink the objective that the relative
            // gap is measured against.
            let Some(mut reach) = reach_of.remove(&(d, w)) else {
                continue;
            };
            if due <= 0.0 {
                continue;
            }
            let have = t.have.get(w).copied().unwrap_or(0.0);
            let e = reach
                .values()
                .map(|(dur, xo)| *dur * xo.clone())
                .sum::<Expression>()
                + have;
            // A slot's release sums all its starts: named once, for the rows below.
            if reach.len() >= 2 {
                for (&o, (_, xo)) in &mut reach {
                    if prep.occs[o].solo {
                        let z = vars.add(variable().min(0.0).max(1.0));
                        cons.push(Expression::from(z).eq(xo.clone()));
                        *xo = Expression::from(z);
                    }
                }
            }
            cols.m.push((vars.len(), d, w, due - have));
            let m = vars.add(bin());
            cons.push(e.clone().geq(due * m));
            let durs: Vec<f64> = reach.values().map(|(dur, _)| *dur).collect();
            for (coefs, rhs) in target_cuts(&durs, due - have) {
                let lhs: Expression = coefs
                    .iter()
                    .zip(reach.values())
                    .filter(|(c, _)| **c > 0.0)
                    .map(|(c, (_, xo))| *c * xo.clone())
                    .sum();
                cons.push(lhs.geq(rhs * m));
            }
            obj += W_TARGET * m;
            // The shortfall's cost. In the full model, the one that proves the optimum, as
            // `F` over the lines through the shortfalls whole releases can reach
            // (`fairness_rows`): exact for whole schedules and much tighter for the LP. The
            // relaxation that leads the restricted model, and that model, keep the plain
            // thirds `s1+s2+s3 ≥ T − E`: with the lines there too, the trust's time-limited
            // runs found 10-40 doctor-windows fewer (`BENCHMARKS.md`).
            if how.relax || how.allowed.is_some() {
                let mut short = Expression::default();
                for wf in W_FAIR {
                    let s = vars.add(variable().min(0.0).max(due / 3.0));
                    short += s;
                    obj -= wf / due * s;
                }
                cons.push((short + e).geq(due));
            } else {
                let f = vars.add(variable().min(0.0).max(W_FAIR.iter().sum::<f64>() / 3.0));
                obj -= f;
                for (slope, offset) in fairness_rows(due, have, &durs) {
                    let row = Expression::from(f) + slope * e.clone() - offset * m;
                    cons.push(row.geq(slope * due - offset));
                }
            }
        }
    }
    let initial = (!start.is_empty()).then(|| {
        initial_solution(
            vars.len(),
            &cols,
            prep,
            meetings,
            start,
            targets,
            &window_of,
        )
    });
    let lp = Lp {
        vars,
        obj,
        cons,
        offset,
    };
    let (mut solved, columns) = run(cx, lp, &cols, occ_ids, initial.as_deref());
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

/// The model's objective for a schedule of the occurrences `occ_ids` (what HiGHS would give
/// it): for a part's schedule changed after its solve (a copy dropped to make it whole) or
/// left empty, so that the gap summed over the parts stays one of schedule against bound.
/// Mirrors [`solve`]'s terms; a test holds the two to agree on solved parts.
pub fn value(cx: &Ctx<'_>, occ_ids: &[usize], placed: &[Choice]) -> f64 {
    let Ctx {
        rota,
        meetings,
        prep,
        targets,
        opts,
        ..
    } = *cx;
    let anchor = crate::domain::time::monday_of(rota.first);
    let window_of = |date: NaiveDate, days: i64| -> usize {
        usize::try_from((date - anchor).num_days() / days.max(1)).unwrap_or(0)
    };
    let held: HashMap<usize, &Choice> = placed.iter().map(|p| (p.occurrence, p)).collect();
    let mut v = 0.0;
    // The doctor-windows the part can change, and the minutes its schedule brings them.
    let mut earned: BTreeMap<(DoctorIdx, usize), f64> = BTreeMap::new();
    for &o in occ_ids {
        let plan = &prep.occs[o];
        let m = &meetings[plan.occ.meeting];
        let dur = f64::from(u32::try_from(m.duration).unwrap_or(0));
        let mut could: BTreeSet<DoctorIdx> = BTreeSet::new();
        for class in &plan.classes {
            for &(d, _) in &plan.cands[class.members[0]].eligible {
                could.insert(d);
                if let Some(t) = &targets[d.ix()] {
                    earned
                        .entry((d, window_of(class.day, t.window_days)))
                        .or_default();
                }
            }
        }
        let at = held
            .get(&o)
            .map(|p| (p.candidate, p.attendees.as_slice()))
            .filter(|(c, _)| *c < plan.cands.len());
        let who: Vec<DoctorIdx> =
            at.map_or_else(Vec::new, |(_, w)| w.iter().map(|a| a.0).collect());
        if let Some((c, _)) = at {
            let day = plan.classes[plan.cands[c].class].day;
            #[allow(clippy::cast_precision_loss)]
            let invited = plan.invited.len().max(1) as f64;
            #[allow(clippy::cast_precision_loss)]
            let n = who.len() as f64;
            v += W_PLACE * m.priority + W_ATTEND * m.priority / invited * n;
            for g in &m.require_groups {
                if who.iter().any(|d| rota.doctors[d.ix()].group == *g) {
                    v += W_GROUP * m.priority;
                }
            }
            if m.min_attendance > 0.0 && !plan.solo {
                #[allow(clippy::cast_precision_loss)]
                let need = (m.min_attendance * plan.invited.len() as f64 - 1e-9).ceil();
                if need > 0.0 {
                    v -= W_MINATT * m.priority / need * (need - n).max(0.0);
                }
            }
            for d in &who {
                if let Some(t) = &targets[d.ix()] {
                    *earned
                        .entry((*d, window_of(day, t.window_days)))
                        .or_default() += dur;
                }
            }
        }
        if let Some((prev, w)) = held_before(plan, opts) {
            if let Some(k) = previous_class(plan, prev) {
                let kept = at.is_some_and(|(c, _)| plan.cands[c].class == k);
                v += if kept { 0.0 } else { -w };
            }
            if !plan.solo {
                for d in &could {
                    let was = prev.attendees.binary_search(d).is_ok();
                    let is = who.contains(d);
                    v += match (was, is) {
                        (true, false) => -w,
                        (false, true) => -w,
                        _ => 0.0,
                    };
                }
            }
        }
    }
    for ((d, w), got) in earned {
        let Some(t) = &targets[d.ix()] else { continue };
        let due = t.due.get(w).copied().unwrap_or(0.0);
        if due <= 0.0 {
            continue;
        }
        let e = t.have.get(w).copied().unwrap_or(0.0) + got;
        if e + 1e-6 >= due {
            v += W_TARGET;
        }
        v -= shortfall_cost(due, e);
    }
    v
}

/// In a re-plan, an occurrence held before: what it was, and what one change to it weighs
/// (a frozen one: [`W_FROZEN`]).
fn held_before<'p>(
    plan: &'p crate::plan::candidates::OccPlan,
    opts: &Options,
) -> Option<(&'p crate::plan::previous::Prev, f64)> {
    let prev = plan.prev.as_ref().filter(|p| p.start.is_some())?;
    let w = if prev.frozen {
        W_FROZEN
    } else {
        W_TARGET * opts.keep.as_ref().map_or(0.0, |k| k.change_cost)
    };
    Some((prev, w))
}

/// The class holding an occurrence's previous start, if it is still a candidate.
fn previous_class(
    plan: &crate::plan::candidates::OccPlan,
    prev: &crate::plan::previous::Prev,
) -> Option<usize> {
    plan.classes
        .iter()
        .position(|c| Some(plan.cands[c.members[0]].start) == prev.start)
}

/// The columns of a schedule: `y` and `x` of what it places, `m` where a doctor-window
/// reaches its target with it, the rest 0 (HiGHS completes the continuous ones by an LP
/// with the integers fixed).
fn initial_solution(
    ncols: usize,
    cols: &Cols,
    prep: &Prepared,
    meetings: &[Meeting],
    start: &[Choice],
    targets: &[Option<DocTarget>],
    window_of: &dyn Fn(NaiveDate, i64) -> usize,
) -> Vec<f64> {
    let mut v = vec![0.0; ncols];
    let mut earned: HashMap<(DoctorIdx, usize), f64> = HashMap::new();
    for Choice {
        occurrence: o,
        candidate: c,
        attendees: who,
    } in start
    {
        let plan = &prep.occs[*o];
        let Some(cand) = plan.cands.get(*c) else {
            continue;
        };
        let k = cand.class;
        let day = plan.classes[k].day;
        if let Some(&col) = cols.y.get(&(*o, k)) {
            v[col] = 1.0;
        }
        let dur = f64::from(u32::try_from(meetings[plan.occ.meeting].duration).unwrap_or(0));
        for &(d, row) in who {
            if let Some(&col) = cols.x.get(&(*o, d, row, day)) {
                v[col] = 1.0;
            }
            if let Some(t) = &targets[d.ix()] {
                *earned
                    .entry((d, window_of(day, t.window_days)))
                    .or_default() += dur;
            }
        }
    }
    for &(col, d, w, need) in &cols.m {
        if earned.get(&(d, w)).copied().unwrap_or(0.0) + 1e-6 >= need {
            v[col] = 1.0;
        }
    }
    v
}

/// The cost of a window's shortfall `S = T − E`: thirds of `T` at the rising weights
/// [`W_FAIR`], a convex function of `E`.
fn shortfall_cost(due: f64, e: f64) -> f64 {
    let short = (due - e).max(0.0);
    let third = due / 3.0;
    (0..3)
        .map(|i| {
            #[allow(clippy::cast_precision_loss)]
            let piece = (short - i as f64 * third).clamp(0.0, third);
            W_FAIR[i] / due * piece
        })
        .sum()
}

/// The rows `(c, k)` of a window's shortfall cost `F ≥ c·(T − E) − k·(1 − m)`, where the rota
/// holds `have` of the target `T` and the part can release for the occurrences of minutes
/// `durs`. The lines join the cost at each `E` whole releases can reach below `T` (and 0 at
/// `T`): `E` can take no other value in a schedule, and on a convex cost the lines through
/// those points are the cost there and below it elsewhere, so for whole schedules the model
/// charges exactly [`shortfall_cost`]. For the LP they are tighter than the cost itself in two
/// ways: between reachable values (only whole meetings: a doctor who can reach 0 or 120 of 180
/// minutes is not charged the cost of 60 at a half-held meeting), and where `m` is fractional,
/// `1 − m` takes back the offset `k` only as far as the window is short of target, since
/// `E ≥ T·m` spends `T·m` of `E` on `m` (the perspective of the cost). Without them the LP
/// priced a window at `m = 0.9`, `E = 0.9·T` as 0.1 `T` short in the cheapest third, where any
/// mix of whole schedules pays a tenth of missing it all.
fn fairness_rows(due: f64, have: f64, durs: &[f64]) -> Vec<(f64, f64)> {
    let need = due - have;
    // At target from the rota alone: nothing short, `F ≥ 0` is all.
    if need <= 1e-9 {
        return Vec::new();
    }
    // The sums of releases below the need, in millionths of a minute.
    #[allow(clippy::cast_possible_truncation)]
    let key = |v: f64| (v * 1e6).round() as i64;
    let cap = key(need);
    let mut sums = BTreeSet::from([0i64]);
    for &dur in durs {
        let more: Vec<i64> = sums
            .iter()
            .map(|s| s + key(dur))
            .filter(|s| *s < cap)
            .collect();
        sums.extend(more);
    }
    #[allow(clippy::cast_precision_loss)]
    let mut points: Vec<(f64, f64)> = sums
        .into_iter()
        .map(|s| {
            let e = have + s as f64 / 1e6;
            (e, shortfall_cost(due, e))
        })
        .collect();
    points.push((due, 0.0));
    let mut rows: Vec<(f64, f64)> = Vec::new();
    for pair in points.windows(2) {
        let ((e1, f1), (e2, f2)) = (pair[0], pair[1]);
        let c = (f1 - f2) / (e2 - e1);
        let k = c * (due - e2) - f2;
        match rows.last_mut() {
            // The same line as the last: one row for both.
            Some(last) if (last.0 - c).abs() <= 1e-9 * c.max(1.0) => *last = (c, k),
            _ => rows.push((c, k)),
        }
    }
    rows
}

/// The most sets left out in [`target_cuts`]' residual rows, per doctor and window.
const MAX_LEFT_OUT: usize = 64;

/// Rows that tighten `E ≥ T·m` for the LP, where `need` = `T` less what the rota already
/// holds and `durs` are the minutes of the occurrences the doctor could be released for in
/// the window (a 0/1 release `x` each: never two releases for one occurrence). Both families
/// are valid for whole releases; without them the LP counts a 60-minute meeting as 0.87 of a
/// 69-minute target, or half a 90-minute meeting plus one of 60 as a whole one, and one short
/// last window took seconds of branching:
///
/// - rounded (Chvátal-Gomory), for each duration `q` on offer: `Σ ⌈dur/q⌉·x ≥ ⌈need/q⌉·m`,
///   the left side being a whole number at least `need/q` when `m = 1`;
/// - residual: without a set `L` of occurrences too short together (`Σ_L dur < need`), the
///   others must bring the rest `r`: `Σ_{o∉L} min(dur_o, r)·x_o ≥ r·m` (valid: a set at the
///   need holds at least `r` outside `L`, and either one of them is `r` long or all count in
///   full). With `L` one occurrence, and a single one left, this says `m = 0`; with `L` all
///   the others, `x_o ≥ m` (necessary); with `L` two forums, that one of two governances is;
/// - where all of them together fall short of the need, `m = 0`.
///
/// Each row is `(coefficients, rhs)` for `Σ coefficient_o·x_o ≥ rhs·m`, coefficients in the
/// order of `durs`; a row whose every coefficient is its right-hand side is given as
/// `Σ x ≥ m`.
fn target_cuts(durs: &[f64], need: f64) -> Vec<(Vec<f64>, f64)> {
    let mut rows = Vec::new();
    if need <= 1e-6 {
        return rows;
    }
    // All of them too short together: `m = 0`.
    let total: f64 = durs.iter().sum();
    if total < need - 1e-6 {
        rows.push((vec![0.0; durs.len()], 1.0));
        return rows;
    }
    let units: BTreeSet<u64> = durs.iter().map(|dur| dur.to_bits()).collect();
    for q in units.into_iter().map(f64::from_bits).filter(|&q| q > 0.0) {
        let rhs = (need / q - 1e-9).ceil();
        if rhs >= 2.0 {
            let coefs = durs
                .iter()
                .map(|dur| (dur / q - 1e-9).ceil().min(rhs))
                .collect();
            rows.push((coefs, rhs));
        }
    }
    // Without a set `L` of occurrences that together fall short of the need, the others must
    // bring the rest `r = need − Σ_L dur`: `Σ_{o∉L} min(dur_o, r)·x_o ≥ r·m`. Every such `L`
    // of one, two, ... occurrences, smallest first, up to `MAX_LEFT_OUT` of them; then, where
    // the others fall short without `o`, `L` = the others, which says `x_o ≥ m` (necessary).
    // Two governances and two forums, 180 minutes due: without both forums a governance must
    // be there, `x_g + x_g' ≥ m`, which no single `L` gives; without it the LP met the need
    // with half of each governance and the forums. `L` empty would be `E ≥ need·m` again
    // where no occurrence is longer than the need; where one is, the row tightens the LP but
    // made the 120-doctor department's proof slower on every seed (`BENCHMARKS.md`), so it
    // is left out.
    let n = durs.len();
    let mut sets: Vec<Vec<usize>> = Vec::new();
    let mut frontier: Vec<(Vec<usize>, f64)> = vec![(Vec::new(), 0.0)];
    'grow: while !frontier.is_empty() {
        let mut next = Vec::new();
        for (set, sum) in &frontier {
            let from = set.last().map_or(0, |&l| l + 1);
            for (o, dur) in durs.iter().enumerate().skip(from) {
                let with = sum + dur;
                if with < need - 1e-6 {
                    if sets.len() >= MAX_LEFT_OUT {
                        break 'grow;
                    }
                    let mut grown = set.clone();
                    grown.push(o);
                    sets.push(grown.clone());
                    next.push((grown, with));
                }
            }
        }
        frontier = next;
    }
    for (o, dur) in durs.iter().enumerate() {
        let others: Vec<usize> = (0..n).filter(|&o2| o2 != o).collect();
        if total - dur < need - 1e-6 && !sets.contains(&others) {
            sets.push(others);
        }
    }
    let mut seen: BTreeSet<Vec<u64>> = BTreeSet::new();
    for left_out in sets {
        let rest = need - left_out.iter().map(|&o| durs[o]).sum::<f64>();
        if rest <= 1e-6 {
            continue;
        }
        let mut coefs: Vec<f64> = (0..n)
            .map(|o| {
                if left_out.contains(&o) {
                    0.0
                } else {
                    durs[o].min(rest)
                }
            })
            .collect();
        let mut rhs = rest;
        // Every occurrence left in brings the rest alone: `Σ x ≥ m`.
        if coefs.iter().all(|&c| c == 0.0 || (c - rest).abs() < 1e-9) {
            for c in &mut coefs {
                if *c > 0.0 {
                    *c = 1.0;
                }
            }
            rhs = 1.0;
        }
        let key: Vec<u64> = coefs.iter().chain([&rhs]).map(|c| c.to_bits()).collect();
        if seen.insert(key) {
            rows.push((coefs, rhs));
        }
    }
    rows
}

fn run(
    cx: &Ctx<'_>,
    lp: Lp,
    cols_of: &Cols,
    occ_ids: &[usize],
    initial: Option<&[f64]>,
) -> (Solved, Vec<f64>) {
    let Ctx {
        prep,
        opts,
        deadline,
        ..
    } = *cx;
    let Lp {
        vars,
        obj,
        cons,
        offset,
    } = lp;
    let t0 = Instant::now();
    // A bound that always holds, for when HiGHS stops before it has one: every variable with a
    // positive weight at its upper bound (1: they are the binaries and the [0, 1] group terms).
    let trivial: f64 = (&obj)
        .linear_coefficients()
        .map(|(_, c)| c.max(0.0))
        .sum::<f64>()
        + offset;
    let nvars = vars.len();
    let ncons = cons.len();
    let mut problem = vars.maximise(obj).using(good_lp::solvers::highs::highs);
    for c in cons {
        problem.add_constraint(c);
    }
    let left = deadline
        .saturating_duration_since(Instant::now())
        .as_secs_f64()
        .max(0.01);
    let mut model = problem.into_inner();
    model.make_quiet();
    model.set_option("time_limit", left);
    model.set_option("mip_rel_gap", opts.gap);
    model.set_option("threads", i32::try_from(opts.threads).unwrap_or(1));
    model.set_option("random_seed", 0);
    // HiGHS's full MIP presolve (probing above all) took most of the time on these models —
    // 0.7-1 s of a 1.5 s part — for little gain; the light presolve roughly halves the demo's
    // solve (BENCHMARKS.md). An older HiGHS without the option just keeps its default.
    let _ = model.try_set_option("presolve_mode", 2);
    // The feasibility jump heuristic, run before the root LP, cost a fifth of each small
    // part's solve (the window parts of a split department, solved hundreds of times in a
    // trust) and found nothing the LP-based heuristics and the start did not: the trust split
    // by window went from 26-31 s to 18-23 s with it off (`BENCHMARKS.md`).
    let _ = model.try_set_option("mip_heuristic_run_feasibility_jump", false);
    let empty = Solved {
        placed: Vec::new(),
        status: Status::NoSolution,
        objective: 0.0,
        bound: 0.0,
    };
    let debug = opts.tuning.debug;
    // Experiments only: ROTA_ENGAGE_HIGHS_OPTS="name=value,name=value".
    if let Some(extra) = &opts.tuning.highs_opts {
        for kv in extra.split(',') {
            if let Some((k, v)) = kv.split_once('=') {
                let set = if let Ok(i) = v.parse::<i32>() {
                    model.try_set_option(k, i)
                } else if let Ok(f) = v.parse::<f64>() {
                    model.try_set_option(k, f)
                } else if let Ok(b) = v.parse::<bool>() {
                    model.try_set_option(k, b)
                } else {
                    model.try_set_option(k, v)
                };
                if set.is_err() {
                    eprintln!("warning: ROTA_ENGAGE_HIGHS_OPTS: HiGHS refused {k}={v}");
                }
            }
        }
    }
    // For live progress ([`super::live`]): the log to a file, not the console.
    if let Some(path) = opts.highs_log.as_deref().and_then(std::path::Path::to_str) {
        if model.try_set_option("log_file", path).is_ok() {
            model.set_option("output_flag", true);
            model.set_option("log_to_console", false);
        }
    }
    if opts.tuning.highs_log {
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    }
    if debug {
        eprintln!(
            "model: {nvars} variables, {ncons} rows, built in {:.3} s",
            t0.elapsed().as_secs_f64()
        );
    }
    if let Some(cols) = initial {
        // A start of the wrong length is refused; the solve goes on without it.
        let _ = model.try_set_solution(Some(cols), None, None, None);
    }
    let t1 = Instant::now();
    let solved = model.try_solve();
    if debug {
        eprintln!("highs: {:.3} s", t1.elapsed().as_secs_f64());
    }
    let Ok(solved) = solved else {
        return (
            Solved {
                status: Status::Failed,
                ..empty
            },
            Vec::new(),
        );
    };
    use highs::{HighsModelStatus as H, HighsSolutionStatus};
    let gap = solved.mip_gap();
    let status = match solved.status() {
        H::Optimal if gap.is_finite() && gap > 1e-9 => Status::GapLimit,
        H::Optimal | H::ObjectiveBound | H::ObjectiveTarget => Status::Optimal,
        H::ReachedTimeLimit
        | H::ReachedIterationLimit
        | H::ReachedSolutionLimit
        | H::ReachedInterrupt
        | H::ReachedMemoryLimit => Status::TimeLimit,
        H::Infeasible | H::UnboundedOrInfeasible => Status::Infeasible,
        _ => Status::Failed,
    };
    if status == Status::TimeLimit {
        opts.note_stopped();
    }
    // The bindings panic on a solution status they don't know (HiGHS reports -1 when it did
    // not solve at all, as with its write-the-model options): read it only after a status
    // that comes with one.
    if status == Status::Failed {
        return (Solved { status, ..empty }, Vec::new());
    }
    if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
        let bound = solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
            .map_or(trivial, |b| b + offset);
        return (
            Solved {
                bound,
                status: if status == Status::TimeLimit {
                    Status::NoSolution
                } else {
                    status
                },
                ..empty
            },
            Vec::new(),
        );
    }
    let objective = solved.objective_value() + offset;
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite())
        .map_or(trivial, |b| (b + offset).max(objective));
    let sol = solved.get_solution();
    let cols = sol.columns();
    let val = |col: Option<&usize>| col.and_then(|&i| cols.get(i)).copied().unwrap_or(0.0);
    let mut placed = Vec::new();
    for &o in occ_ids {
        let plan = &prep.occs[o];
        let chosen = (0..plan.classes.len()).find(|&k| val(cols_of.y.get(&(o, k))) > 0.5);
        let Some(k) = chosen else { continue };
        let c = plan.classes[k].members[0];
        let day = plan.classes[k].day;
        let who: Vec<(DoctorIdx, usize)> = plan.cands[c]
            .eligible
            .iter()
            .copied()
            .filter(|&(d, row)| plan.solo || val(cols_of.x.get(&(o, d, row, day))) > 0.5)
            .collect();
        placed.push(Choice {
            occurrence: o,
            candidate: c,
            attendees: who,
        });
    }
    (
        Solved {
            placed,
            status,
            objective,
            bound,
        },
        cols.to_vec(),
    )
}

#[cfg(test)]
mod tests {
    use super::{fairness_rows, target_cuts};

    /// Every set of releases that reaches the need satisfies every row (so no schedule is cut
    /// off), on all sets of up to five durations from a spread of meeting lengths and needs.
    #[test]
    fn target_cuts_never_cut_off_a_schedule_at_target() {
        let lengths = [30.0, 45.0, 60.0, 90.0, 120.0];
        let needs = [20.0, 54.9, 60.0, 68.57, 90.0, 100.0, 120.0, 150.0, 240.0];
        let mut rows_seen = 0;
        for n in 1..=5_u32 {
            for pick in 0..5_usize.pow(n) {
                let durs: Vec<f64> = (0..n).map(|i| lengths[pick / 5_usize.pow(i) % 5]).collect();
                for &need in &needs {
                    let rows = target_cuts(&durs, need);
                    rows_seen += rows.len();
                    for set in 0..(1_u32 << n) {
                        let has = |o: usize| set >> o & 1 == 1;
                        let earned: f64 =
                            (0..durs.len()).filter(|&o| has(o)).map(|o| durs[o]).sum();
                        if earned < need {
                            continue;
                        }
                        for (coefs, rhs) in &rows {
                            let lhs: f64 =
                                (0..durs.len()).filter(|&o| has(o)).map(|o| coefs[o]).sum();
                            assert!(
                                lhs >= rhs - 1e-9,
                                "{durs:?} need {need}: {coefs:?} >= {rhs}"
                            );
                        }
                    }
                }
            }
        }
        assert!(rows_seen > 1000);
    }

    /// For every schedule (every set of releases, at target or not) the largest of the rows
    /// is the shortfall's cost exactly, so the model charges what `value` does.
    #[test]
    fn fairness_rows_charge_the_cost_exactly_for_whole_schedules() {
        let lengths = [30.0, 45.0, 60.0, 90.0, 120.0];
        let cases = [
            (180.0, 0.0),
            (180.0, 60.0),
            (120.0, 0.0),
            (45.0, 0.0),
            (68.57, 10.0),
            (240.0, 30.0),
            (60.0, 60.0),
            (60.0, 90.0),
        ];
        for n in 0..=4_u32 {
            for pick in 0..5_usize.pow(n) {
                let durs: Vec<f64> = (0..n).map(|i| lengths[pick / 5_usize.pow(i) % 5]).collect();
                for &(due, have) in &cases {
                    let rows = fairness_rows(due, have, &durs);
                    assert!(rows.iter().all(|(c, k)| c.is_finite() && k.is_finite()));
                    for set in 0..(1_u32 << n) {
                        let e = have
                            + (0..durs.len())
                                .filter(|&o| set >> o & 1 == 1)
                                .map(|o| durs[o])
                                .sum::<f64>();
                        let m = if e + 1e-6 >= due { 1.0 } else { 0.0 };
                        let charged = rows
                            .iter()
                            .map(|(c, k)| c * (due - e) - k * (1.0 - m))
                            .fold(0.0_f64, f64::max);
                        let cost = super::shortfall_cost(due, e);
                        assert!(
                            (charged - cost).abs() < 1e-6,
                            "{durs:?} due {due} have {have} e {e}: {charged} against {cost}"
                        );
                    }
                }
            }
        }
        // A doctor who can reach 0 or 120 of 180 minutes: one line from (0, 140) to
        // (120, 20), then one to (180, 0), fewer rows than the cost's three thirds.
        let rows = fairness_rows(180.0, 0.0, &[120.0]);
        assert_eq!(rows.len(), 2);
        // Half way to 120 the LP is charged the chord (80), not the cost at 60 (60).
        let (c, k) = rows[0];
        assert!((c * 120.0 - k - 80.0).abs() < 1e-9);
    }

    #[test]
    fn target_cuts_stay_few_and_valid_with_many_short_meetings() {
        // Nine half-hour meetings for four hours: 2^9 sets, more left-out sets than are kept.
        let durs = [30.0; 9];
        let rows = target_cuts(&durs, 240.0);
        assert!(
            rows.len() <= super::MAX_LEFT_OUT + durs.len() + 2,
            "{}",
            rows.len()
        );
        for set in 0..(1_u32 << durs.len()) {
            if set.count_ones() < 8 {
                continue;
            }
            for (coefs, rhs) in &rows {
                let lhs: f64 = (0..durs.len())
                    .filter(|&o| set >> o & 1 == 1)
                    .map(|o| coefs[o])
                    .sum();
                assert!(lhs + 1e-9 >= *rhs, "{set:b} {coefs:?} {rhs}");
            }
        }
    }

    #[test]
    fn target_cuts_say_what_the_lp_missed() {
        // 69 minutes from two 60-minute meetings or one of 90: one 60 alone is not enough.
        let rows = target_cuts(&[90.0, 60.0, 60.0], 68.57);
        // Rounded with q = 60: 2·x90 + x60 + x60' ≥ 2m.
        assert!(rows.contains(&(vec![2.0, 1.0, 1.0], 2.0)));
        // Without the first 60: min(90, 8.57)·x90 + 8.57·x60' ≥ 8.57m, that is x90 + x60' ≥ m.
        assert!(rows.contains(&(vec![1.0, 0.0, 1.0], 1.0)));
        // A single meeting too short for the need, or all of them: m = 0.
        assert_eq!(target_cuts(&[60.0], 68.57), vec![(vec![0.0], 1.0)]);
        assert_eq!(
            target_cuts(&[60.0, 60.0], 150.0),
            vec![(vec![0.0, 0.0], 1.0)]
        );
        // 180 minutes from a 120-minute governance and two teachings of 60: the governance is
        // necessary (the teachings bring 120), the teachings are not.
        let rows = target_cuts(&[120.0, 60.0, 60.0], 180.0);
        assert!(rows.contains(&(vec![1.0, 0.0, 0.0], 1.0)));
        assert!(!rows.contains(&(vec![0.0, 1.0, 0.0], 1.0)));
        // Two governances of 120 and two forums of 60 in a window, 180 minutes due: without
        // both forums (120 minutes) a governance must be there, either one — a row no single
        // occurrence left out gives (the hard department's root gap, BENCHMARKS.md).
        let rows = target_cuts(&[120.0, 120.0, 60.0, 60.0], 180.0);
        assert!(rows.contains(&(vec![1.0, 1.0, 0.0, 0.0], 1.0)));
        // Without one forum the rest is 120: 120·x_g + 120·x_g' + 60·x_f' ≥ 120m.
        assert!(rows.contains(&(vec![120.0, 120.0, 0.0, 60.0], 120.0)));
        // Not `E ≥ need·m` again where no occurrence is longer than the need.
        assert!(!target_cuts(&[60.0, 90.0], 120.0).contains(&(vec![60.0, 90.0], 120.0)));
        // Nothing needed, nothing added.
        assert!(target_cuts(&[60.0], 0.0).is_empty());
    }
}
