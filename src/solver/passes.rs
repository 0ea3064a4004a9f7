//! Steps 3 and 4: the first pass solves every part; the second takes up, with what time is
//! left, the parts short of the gap or stopped by their share, from the schedules they have.

use super::budget::{
    furthest_first, gap_budget, per_part, rel_gap, FIRST_PASS_GAP, ONE_PASS_FROM, PART_FLOOR,
};
use super::context::{Choice, Ctx, OnProgress, Options, Solved};
use super::pool::{solve_parts, Each};
use super::replan;
use crate::plan::Status;

/// Both passes over the parts: each part's result, in the parts' order.
pub(super) fn solve(cx: &Ctx<'_>, comps: &[Vec<usize>], progress: OnProgress<'_>) -> Vec<Solved> {
    let opts = cx.opts;
    // A re-plan starts from the previous schedule.
    let starts = if opts.keep.is_some() {
        replan::start(cx.prep, comps)
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
    let each = Each {
        starts: &starts,
        ..Each::default()
    };
    let mut results = solve_parts(&cx.with(&first), comps, &each, PART_FLOOR, progress);
    // Parts that ran out of their share of time, or stopped at the first pass's gap, are
    // solved again with what is left, from the schedule they have.
    let short_of_gap =
        |r: &Solved| r.status == Status::GapLimit && rel_gap(r.bound, r.objective) > opts.gap;
    let again: Vec<usize> = (0..comps.len())
        .filter(|&i| {
            matches!(results[i].status, Status::TimeLimit | Status::NoSolution)
                || short_of_gap(&results[i])
        })
        .collect();
    let (again, budget) = gap_budget(&results, again, opts.gap);
    let left = cx.left();
    let again = furthest_first(&results, again, left, opts.threads);
    let retry_gaps: Vec<f64> = again
        .iter()
        .map(|&i| budget.get(&i).copied().unwrap_or(opts.gap))
        .collect();
    if !again.is_empty() && left > 0.5 {
        let retry: Vec<Vec<usize>> = again.iter().map(|&i| comps[i].clone()).collect();
        let retry_starts: Vec<Vec<Choice>> = again
            .iter()
            .map(|&i| start_again(&results[i], starts.get(i)))
            .collect();
        // Told nobody, so no live logs either.
        let quiet = Options {
            live: false,
            ..opts.clone()
        };
        let each = Each {
            starts: &retry_starts,
            gaps: &retry_gaps,
            ..Each::default()
        };
        let second = solve_parts(&cx.with(&quiet), &retry, &each, PART_FLOOR, &|_| {});
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
    results
}

/// The start of a part solved again: the schedule it has, or without one the start it had.
pub(super) fn start_again(r: &Solved, start: Option<&Vec<Choice>>) -> Vec<Choice> {
    if r.status.has_schedule() {
        r.placed.clone()
    } else {
        start.cloned().unwrap_or_default()
    }
}

/// A part solved again: both bounds hold, so the tighter is kept with the better schedule.
pub(super) fn merge_again(old: &mut Solved, new: Solved) {
    let bound = old.bound.min(new.bound);
    if new.status.has_schedule() && (!old.status.has_schedule() || new.objective >= old.objective) {
        *old = new;
    }
    old.bound = bound.max(old.objective);
}
