//! The HiGHS call: the model handed over with its time, gap and options (and a MIP start),
//! the status read back in the contract's words, and the chosen classes and releases read
//! back as placements.

use std::time::Instant;

use good_lp::{Expression, IntoAffineExpression, ProblemVariables, SolverModel};

use super::build::Cols;
use crate::domain::DoctorIdx;
use crate::plan::candidates::Prepared;
use crate::plan::Status;
use crate::solver::context::{Choice, Ctx, Options, Solved};

/// A model as built: its variables, objective and rows, and the constant its objective
/// leaves out.
pub(super) struct Lp {
    pub vars: ProblemVariables,
    pub obj: Expression,
    pub cons: Vec<good_lp::Constraint>,
    pub offset: f64,
}

/// Solves the model in the time left: the part's placements, status, objective and bound,
/// and every column's value.
pub(super) fn run(
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
    let mut model = problem.into_inner();
    configure(&mut model, opts, deadline);
    let empty = Solved::none(0.0);
    let debug = opts.tuning.debug;
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
    let status = status_of(&solved);
    if status == Status::TimeLimit {
        opts.note_stopped();
    }
    // The bindings panic on a solution status they don't know (HiGHS reports -1 when it did
    // not solve at all, as with its write-the-model options): read it only after a status
    // that comes with one.
    if status == Status::Failed {
        return (Solved { status, ..empty }, Vec::new());
    }
    if solved.primal_solution_status() != highs::HighsSolutionStatus::Feasible {
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
    let placed = placements(prep, occ_ids, cols_of, cols);
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

/// HiGHS's settings for a part: its time and gap, one seed, the light presolve, no
/// feasibility jump; the developers' extra options and logs.
fn configure(model: &mut highs::Model, opts: &Options, deadline: Instant) {
    let left = deadline
        .saturating_duration_since(Instant::now())
        .as_secs_f64()
        .max(0.01);
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
}

/// How HiGHS ended, in the contract's words.
fn status_of(solved: &highs::SolvedModel) -> Status {
    use highs::HighsModelStatus as H;
    let gap = solved.mip_gap();
    match solved.status() {
        H::Optimal if gap.is_finite() && gap > 1e-9 => Status::GapLimit,
        H::Optimal | H::ObjectiveBound | H::ObjectiveTarget => Status::Optimal,
        H::ReachedTimeLimit
        | H::ReachedIterationLimit
        | H::ReachedSolutionLimit
        | H::ReachedInterrupt
        | H::ReachedMemoryLimit => Status::TimeLimit,
        H::Infeasible | H::UnboundedOrInfeasible => Status::Infeasible,
        _ => Status::Failed,
    }
}

/// The placements a solution's columns say: each occurrence's chosen class (its earliest
/// start) and the doctors released there.
fn placements(prep: &Prepared, occ_ids: &[usize], cols_of: &Cols, cols: &[f64]) -> Vec<Choice> {
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
    placed
}
