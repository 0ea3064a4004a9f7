//! Step 6: the parts as one schedule — each placement mapped back from a copy to its
//! occurrence, a part with no schedule left empty, and the whole's status and gap.

use super::context::{Choice, Ctx, Solved};
use super::decompose::Parts;
use super::model;
use crate::plan::{Placed, Status};

/// The whole schedule's placements, status and gap.
pub(super) struct Whole {
    /// Per occurrence (before copies): where it went.
    pub placed: Vec<Option<Placed>>,
    /// How the whole ended.
    pub status: Status,
    /// Relative gap of the whole.
    pub gap: f64,
    /// Per occurrence: its part found no schedule in time.
    pub unsolved: Vec<bool>,
}

/// The parts' results as one schedule; `forced` where copies were dropped after a solve.
pub(super) fn assemble(
    cx: &Ctx<'_>,
    comps: &[Vec<usize>],
    mut results: Vec<Solved>,
    forced: bool,
    parts: &Parts,
) -> Whole {
    // A part whose schedule changed after its solve (copies dropped) or that has none (left
    // empty) is valued as it stands, so that the gap is the schedule's against the bound.
    if forced || results.iter().any(|r| !r.status.has_schedule()) {
        for (part, r) in comps.iter().zip(results.iter_mut()) {
            r.objective = model::value(cx, part, &r.placed);
        }
    }
    let originals = parts.originals;
    let origin_of = |o: usize| parts.origin.get(&o).copied().unwrap_or(o);
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
        for Choice {
            occurrence: o,
            candidate: c,
            attendees: who,
        } in solved.placed
        {
            let cand = &cx.prep.occs[o].cands[c];
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
    let gap = if status == Status::Optimal {
        0.0
    } else {
        ((bound - obj).abs() / obj.abs().max(1.0)).max(0.0)
    };
    // The whole within `--gap` of its bound is at the gap, whichever parts stopped for time
    // (the second pass lets the hard parts stop short of it where others are proven; see
    // [`super::budget::gap_budget`]) — unless something was left out or forced.
    if status == Status::TimeLimit && !forced && !unsolved.contains(&true) && gap <= cx.opts.gap {
        status = Status::GapLimit;
    }
    Whole {
        placed,
        status,
        gap,
        unsolved,
    }
}
