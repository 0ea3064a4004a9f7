//! The MILP for one independent component, built with good_lp and solved by HiGHS.
//!
//! Variables (all per component):
//! - `y[o,k]` ∈ {0,1}: occurrence `o` is held in class `k` — the starts of one day that share
//!   the same eligible doctors (and shifts) and cover limits, so they are interchangeable; the
//!   schedule takes the class's earliest start. `Σ_k y[o,k] ≤ 1`.
//! - `x[d,o]` ∈ {0,1}: doctor `d` is released for `o` — one per doctor and occurrence, not
//!   per start: `x[d,o] ≤ Σ_{k: d eligible in k} y[o,k]`.
//! - cover, per class `k` and pool `p` that binds there (at most `h` of the doctors `D(k,p)`
//!   on clinical duty may go): `Σ_{d ∈ D(k,p)} x[d,o] ≤ h·y[o,k] + Σ_{k'≠k} |D(k,p) ∩
//!   E(k')|·y[o,k']` — a capacity on the chosen class, in the tight form rather than big-M;
//!   exact because two occurrences touching one pool are never held on the same day (next).
//! - one meeting a day per pool: `Σ y[o,k] ≤ 1` over the occurrences touching a pool and the
//!   classes of one day. So a doctor is never in two meetings at once, and cover is never
//!   shared between two meetings. This is a modelling rule (a department holds at most one
//!   group engagement meeting a day for a staff group), stated in the README.
//! - per-shift cap: where a doctor's shift could hold more than `max_minutes_per_shift` of
//!   meetings, `z ≥ x + P_k(o) − 1` and `Σ dur·z ≤ cap`.
//! - targets, per doctor and window `w`: `E[d,w] = Σ dur·x` (or `a[d,o,w]` where an occurrence
//!   may fall in several windows), `E ≥ T·m[d,w]` with `m` binary, and a convex piecewise
//!   shortfall `s1+s2+s3 ≥ T − E` (thirds of T at rising cost) for fairness.
//!
//! The objective (maximised) orders the contract's priorities by weight: 1000 per doctor and
//! window at target; fairness penalties up to 140 per window; 30 × priority per occurrence
//! placed, 10 per required group represented, up to 20 for `min_attendance`; then at most
//! 5 × priority per occurrence for attendance.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use good_lp::{variable, Expression, ProblemVariables, SolverModel, Variable};

use super::candidates::Prepared;
use super::{Options, Status};
use crate::domain::meeting::Meeting;
use crate::domain::{DoctorIdx, Rota};

/// Weight of one doctor-window at target.
pub const W_TARGET: f64 = 1000.0;
const W_FAIR: [f64; 3] = [60.0, 120.0, 240.0];
const W_PLACE: f64 = 30.0;
const W_GROUP: f64 = 10.0;
const W_MINATT: f64 = 20.0;
const W_ATTEND: f64 = 5.0;

/// A doctor's target: per window (index, minutes), windows from `window_of`.
#[derive(Debug, Clone)]
pub struct DocTarget {
    /// Window length in days.
    pub window_days: i64,
    /// Minutes due per window (index from the Monday of the first week).
    pub due: Vec<f64>,
    /// Engagement minutes already in the rota per window.
    pub have: Vec<f64>,
}

/// A placed occurrence: (occurrence, candidate, attendees with the shift row each leaves).
pub type Chosen = (usize, usize, Vec<(DoctorIdx, usize)>);

/// What one component's solve gave.
#[derive(Debug, Clone)]
pub struct Solved {
    /// Per occurrence of the component: chosen candidate and attendees (doctor, shift row).
    pub placed: Vec<Chosen>,
    /// Status.
    pub status: Status,
    /// Objective of the schedule found.
    pub objective: f64,
    /// Best bound.
    pub bound: f64,
}

/// Builds and solves the model for the occurrences `occ_ids`.
#[allow(clippy::too_many_lines)]
pub fn solve(
    rota: &Rota,
    meetings: &[Meeting],
    prep: &Prepared,
    occ_ids: &[usize],
    targets: &[Option<DocTarget>],
    opts: &Options,
    deadline: Instant,
) -> Solved {
    let mut vars = ProblemVariables::new();
    let mut cons = Vec::new();
    let mut obj = Expression::default();
    let anchor = crate::domain::time::monday_of(rota.first);
    let window_of = |date: chrono::NaiveDate, days: i64| -> usize {
        usize::try_from((date - anchor).num_days() / days.max(1)).unwrap_or(0)
    };
    // y (per class of starts) and x.
    let mut y: HashMap<(usize, usize), Variable> = HashMap::new();
    // Column index of each y and x (good_lp numbers variables in the order they are added).
    let mut cols: HashMap<(u8, usize, usize), usize> = HashMap::new();
    let mut x: BTreeMap<(DoctorIdx, usize), Variable> = BTreeMap::new();
    // E[d,w] contributions.
    let mut earn: BTreeMap<(DoctorIdx, usize), Expression> = BTreeMap::new();
    for &o in occ_ids {
        let plan = &prep.occs[o];
        let m = &meetings[plan.occ.meeting];
        let dur = f64::from(u32::try_from(m.duration).unwrap_or(0));
        let ys: Vec<Variable> = (0..plan.classes.len())
            .map(|k| {
                cols.insert((b'y', o, k), vars.len());
                vars.add(variable().binary())
            })
            .collect();
        for (k, v) in ys.iter().enumerate() {
            y.insert((o, k), *v);
        }
        let placed: Expression = ys.iter().copied().sum();
        cons.push(placed.clone().leq(1.0));
        obj += W_PLACE * m.priority * placed.clone();
        // Which classes each doctor is eligible at.
        let mut at: BTreeMap<DoctorIdx, Vec<usize>> = BTreeMap::new();
        for (k, class) in plan.classes.iter().enumerate() {
            for &(d, _) in &plan.cands[class.members[0]].eligible {
                at.entry(d).or_default().push(k);
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let invited = plan.invited.len().max(1) as f64;
        let mut attend = Expression::default();
        for (&d, ks) in &at {
            cols.insert((b'x', d.ix(), o), vars.len());
            let xv = vars.add(variable().binary());
            x.insert((d, o), xv);
            let reach: Expression = ks.iter().map(|&k| ys[k]).sum();
            cons.push(Expression::from(xv).leq(reach));
            attend += xv;
            obj += W_ATTEND * m.priority / invited * xv;
            if let Some(t) = &targets[d.ix()] {
                let mut wins: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
                for &k in ks {
                    wins.entry(window_of(plan.classes[k].day, t.window_days))
                        .or_default()
                        .push(k);
                }
                if wins.len() == 1 {
                    let w = *wins.keys().next().unwrap_or(&0);
                    *earn.entry((d, w)).or_default() += dur * xv;
                } else {
                    let mut sum_a = Expression::default();
                    for (w, ks_w) in wins {
                        let a = vars.add(variable().min(0.0).max(1.0));
                        let reach_w: Expression = ks_w.iter().map(|&k| ys[k]).sum();
                        cons.push(Expression::from(a).leq(reach_w));
                        sum_a += a;
                        *earn.entry((d, w)).or_default() += dur * a;
                    }
                    cons.push(sum_a.leq(xv));
                }
            }
        }
        // Cover capacity per class, in its tight form: if class k is chosen at most h of the
        // doctors D(k,p) go; if another class k' is chosen, only those of D(k,p) eligible in
        // k' can. So Σ_{D(k,p)} x ≤ h·y[k] + Σ_{k'≠k} |D(k,p) ∩ eligible(k')|·y[k'].
        let elig: Vec<std::collections::HashSet<DoctorIdx>> = plan
            .classes
            .iter()
            .map(|c| {
                plan.cands[c.members[0]]
                    .eligible
                    .iter()
                    .map(|e| e.0)
                    .collect()
            })
            .collect();
        for (k, class) in plan.classes.iter().enumerate() {
            for (_, h, ds) in &class.limits {
                let lhs: Expression = ds.iter().filter_map(|d| x.get(&(*d, o)).copied()).sum();
                #[allow(clippy::cast_precision_loss)]
                let mut rhs = Expression::from(ys[k]) * (*h as f64);
                for (k2, e2) in elig.iter().enumerate() {
                    if k2 != k {
                        let n = ds.iter().filter(|d| e2.contains(d)).count();
                        if n > 0 {
                            #[allow(clippy::cast_precision_loss)]
                            let n = n as f64;
                            rhs += n * ys[k2];
                        }
                    }
                }
                cons.push(lhs.leq(rhs));
            }
        }
        // require_groups and min_attendance.
        for g in &m.require_groups {
            let members: Expression = at
                .keys()
                .filter(|d| rota.doctors[d.ix()].group == *g)
                .filter_map(|d| x.get(&(*d, o)).copied())
                .sum();
            let rg = vars.add(variable().min(0.0).max(1.0));
            cons.push(Expression::from(rg).leq(members));
            cons.push(Expression::from(rg).leq(placed.clone()));
            obj += W_GROUP * m.priority * rg;
        }
        if m.min_attendance > 0.0 {
            #[allow(clippy::cast_precision_loss)]
            let need = (m.min_attendance * plan.invited.len() as f64 - 1e-9).ceil();
            if need > 0.0 {
                let short = vars.add(variable().min(0.0).max(need));
                cons.push((Expression::from(short) + attend).geq(need));
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
    // Per-shift cap.
    let mut in_shift: BTreeMap<(DoctorIdx, usize), BTreeMap<usize, Vec<usize>>> = BTreeMap::new();
    for &o in occ_ids {
        let plan = &prep.occs[o];
        for (k, class) in plan.classes.iter().enumerate() {
            for &(d, row) in &plan.cands[class.members[0]].eligible {
                in_shift
                    .entry((d, row))
                    .or_default()
                    .entry(o)
                    .or_default()
                    .push(k);
            }
        }
    }
    for ((d, row), occs) in in_shift {
        let cap = opts.max_minutes_per_shift - prep.existing.get(&row).copied().unwrap_or(0);
        let total: i64 = occs
            .keys()
            .map(|&o| meetings[prep.occs[o].occ.meeting].duration)
            .sum();
        if occs.len() < 2 || total <= cap {
            continue;
        }
        let mut used = Expression::default();
        for (o, ks) in occs {
            let z = vars.add(variable().min(0.0).max(1.0));
            let p_k: Expression = ks.iter().map(|&k| y[&(o, k)]).sum();
            cons.push((Expression::from(z) + 1.0).geq(x[&(d, o)] + p_k));
            #[allow(clippy::cast_precision_loss)]
            let dur = meetings[prep.occs[o].occ.meeting].duration as f64;
            used += dur * z;
        }
        #[allow(clippy::cast_precision_loss)]
        cons.push(used.leq(cap as f64));
    }
    // Targets and fairness.
    let mut docs: Vec<DoctorIdx> = x.keys().map(|k| k.0).collect();
    docs.dedup();
    for d in docs {
        let Some(t) = &targets[d.ix()] else { continue };
        for (w, &due) in t.due.iter().enumerate() {
            if due <= 0.0 {
                continue;
            }
            let e =
                earn.remove(&(d, w)).unwrap_or_default() + t.have.get(w).copied().unwrap_or(0.0);
            let m = vars.add(variable().binary());
            cons.push(e.clone().geq(due * m));
            obj += W_TARGET * m;
            let mut short = Expression::default();
            for wf in W_FAIR {
                let s = vars.add(variable().min(0.0).max(due / 3.0));
                short += s;
                obj -= wf / due * s;
            }
            cons.push((short + e).geq(due));
        }
    }
    run(vars, obj, cons, &cols, prep, occ_ids, opts, deadline)
}

#[allow(clippy::too_many_arguments)]
fn run(
    vars: ProblemVariables,
    obj: Expression,
    cons: Vec<good_lp::Constraint>,
    cols_of: &HashMap<(u8, usize, usize), usize>,
    prep: &Prepared,
    occ_ids: &[usize],
    opts: &Options,
    deadline: Instant,
) -> Solved {
    let t0 = Instant::now();
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
    let empty = Solved {
        placed: Vec::new(),
        status: Status::NoSolution,
        objective: 0.0,
        bound: 0.0,
    };
    let debug = std::env::var_os("ROTA_ENGAGE_DEBUG").is_some();
    // Experiments only: ROTA_ENGAGE_HIGHS_OPTS="name=value,name=value".
    if let Ok(extra) = std::env::var("ROTA_ENGAGE_HIGHS_OPTS") {
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
    if std::env::var_os("ROTA_ENGAGE_HIGHS_LOG").is_some() {
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    }
    if debug {
        eprintln!(
            "model: {nvars} variables, {ncons} rows, built in {:.3} s",
            t0.elapsed().as_secs_f64()
        );
    }
    let t1 = Instant::now();
    let solved = model.try_solve();
    if debug {
        eprintln!("highs: {:.3} s", t1.elapsed().as_secs_f64());
    }
    let Ok(solved) = solved else {
        return Solved {
            status: Status::Failed,
            ..empty
        };
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
    if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
        let bound = solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
            .unwrap_or(0.0);
        return Solved {
            bound,
            status: if status == Status::TimeLimit {
                Status::NoSolution
            } else {
                status
            },
            ..empty
        };
    }
    let objective = solved.objective_value();
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite())
        .unwrap_or(objective);
    let sol = solved.get_solution();
    let cols = sol.columns();
    let val = |key: (u8, usize, usize)| {
        cols_of
            .get(&key)
            .and_then(|&i| cols.get(i))
            .copied()
            .unwrap_or(0.0)
    };
    let mut placed = Vec::new();
    for &o in occ_ids {
        let chosen = (0..prep.occs[o].classes.len()).find(|&k| val((b'y', o, k)) > 0.5);
        let Some(k) = chosen else { continue };
        let c = prep.occs[o].classes[k].members[0];
        let cand = &prep.occs[o].cands[c];
        let who: Vec<(DoctorIdx, usize)> = cand
            .eligible
            .iter()
            .copied()
            .filter(|(d, _)| val((b'x', d.ix(), o)) > 0.5)
            .collect();
        placed.push((o, c, who));
    }
    Solved {
        placed,
        status,
        objective,
        bound,
    }
}
