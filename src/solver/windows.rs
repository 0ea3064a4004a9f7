//! The window of each window-spanning occurrence, chosen by a small programme over the
//! windows instead of by one joined part.
//!
//! Where the relaxation of [`super::split::split_windows`] placed an occurrence in two windows,
//! the parts holding its copies are one problem again. Its objective adds up over the parts
//! (each part is a window: parts never share a doctor-window), so given which part may hold
//! each such occurrence, the parts are independent. Each part is solved once for every subset
//! of the copies it holds that it may keep (a copy kept may still be left unplaced, so keeping
//! none of an occurrence's copies never beats keeping one), and the best assignment of each
//! occurrence to one part is read off the parts' optima: exact when they are proven, with the
//! best sum of the parts' bounds over all assignments as the group's bound. On the speed
//! issue's 26-week departments this was several times faster than the joined part, whose LP
//! holds a monthly governance partly in each of its two windows (`BENCHMARKS.md`).
//!
//! Not every variant needs its own solve. Each is first bounded by its LP relaxation (a few
//! milliseconds); then the variants of each group's assignment with the highest bound are
//! solved, and after them only those of assignments whose bounds reach the best schedule so
//! found. An assignment below it cannot be the best, so the choice is the same as with every
//! variant solved, and the group's bound still counts the unsolved ones by their relaxations.
//! On the trust this leaves about half of the variants unsolved.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

use std::time::Duration;

use super::budget::rel_gap;
use super::context::{Choice, Ctx, Options, Solved};
use super::decompose::part_of;
use super::model;
use super::passes::{merge_again, start_again};
use super::pool::{par_map, solve_parts, Each};
use crate::plan::Status;

/// The most models (parts times subsets of their copies) one group may cost (a group with
/// more is pinned or joined as before). The groups together have no cap of their own: their
/// models share the time left like any parts, and whether to split at all is chosen by the
/// time there is (`super::budget::SPLIT_FROM`).
const MAX_MODELS: usize = 64;
/// The least time left (seconds) for which variants stopped for time are solved again.
const RETRY_FROM: f64 = 0.5;
/// The most assignments of occurrences to parts that are compared in one group.
const MAX_ASSIGNMENTS: usize = 4096;

/// A group's occurrences (all their copies inside it), each part's share of them, and the
/// part that carries the group's bound.
struct Plan {
    origs: Vec<usize>,
    held: BTreeMap<usize, Vec<usize>>,
    first: usize,
}

/// One part of a group solved with a subset of its copies.
struct Variant {
    /// The part (index into `comps`).
    part: usize,
    /// Which of the part's occurrences of the group it may hold (bit `i`: the `i`-th).
    mask: usize,
    /// Its occurrences.
    occs: Vec<usize>,
    /// It may hold all of them: the part as the relaxation solved it.
    all: bool,
}

/// Settles the groups it can (see the module docs): for each, its parts' results are
/// replaced by the best assignment's, valued on the parts' whole occurrence lists (so that
/// the objective and bound are those of `comps`), and the group's bound is put on its first
/// part. Returns, per group, whether it was settled; a group with too many models or
/// assignments, or whose best assignment lacks a schedule in some part, is left as it was.
#[allow(clippy::too_many_lines)]
pub(super) fn choose(
    cx: &Ctx<'_>,
    comps: &[Vec<usize>],
    results: &mut [Solved],
    groups: &[BTreeSet<usize>],
    window_copy_of: &HashMap<usize, usize>,
) -> Vec<bool> {
    let Ctx { opts, deadline, .. } = *cx;
    let started = Instant::now();
    let (copies, plans, variants) = plan_groups(comps, groups, window_copy_of);
    let mut settled = vec![false; groups.len()];
    if variants.is_empty() {
        return settled;
    }
    // A part with all its copies is the relaxation's own part: its result stands where it is
    // proven to the gap asked for.
    let proven = |r: &Solved| {
        r.status == Status::Optimal
            || (r.status == Status::GapLimit && rel_gap(r.bound, r.objective) <= opts.gap)
    };
    let reused: Vec<Option<Solved>> = variants
        .iter()
        .map(|v| (v.all && proven(&results[v.part])).then(|| results[v.part].clone()))
        .collect();
    let todo: Vec<usize> = (0..variants.len())
        .filter(|&i| reused[i].is_none())
        .collect();
    // Each variant starts from its part's schedule, less the copies it may not hold (fewer
    // releases keep every hard rule).
    let starts: Vec<Vec<Choice>> = variants
        .iter()
        .map(|v| {
            let keep: BTreeSet<usize> = v.occs.iter().copied().collect();
            results[v.part]
                .placed
                .iter()
                .filter(|c| keep.contains(&c.occurrence))
                .cloned()
                .collect()
        })
        .collect();
    // Each variant's schedule and bound on its part's whole occurrence list: a variant's model
    // leaves out the doctor-windows only its dropped copies reach, which cost the same
    // whatever it does, so the two differ by what the empty schedule is worth on each.
    let worth = |occs: &[usize], placed: &[Choice]| model::value(cx, occs, placed);
    let shifts: Vec<f64> = variants
        .iter()
        .map(|v| worth(&comps[v.part], &[]) - worth(&v.occs, &[]))
        .collect();
    // What each variant can be worth before it is solved: its part's bound (a variant holds
    // some of its part's copies), and its LP relaxation's optimum. An assignment whose
    // variants' bounds add up to less than a schedule found is never the best, and its
    // variants need no solve of their own: on the trust about half of them (`BENCHMARKS.md`).
    let one = Options {
        threads: 1,
        ..opts.clone()
    };
    let mut relaxed: Vec<Option<model::Relaxation>> = vec![None; variants.len()];
    let found = par_map(todo.len(), opts.threads, |k| {
        let occs = &variants[todo[k]].occs;
        model::relax(&cx.with(&one), occs)
    });
    for (&i, r) in todo.iter().zip(found) {
        relaxed[i] = r;
    }
    let bounded_at = started.elapsed().as_secs_f64();
    let ceiling: Vec<f64> = variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let own = relaxed[i].as_ref().and_then(model::Relaxation::bound);
            results[v.part]
                .bound
                .min(own.map_or(f64::INFINITY, |b| b + shifts[i]))
        })
        .collect();
    let table_of = |solved: &[Option<Solved>]| -> Table {
        let mut table = HashMap::new();
        for (i, (v, s)) in variants.iter().zip(solved).enumerate() {
            let entry = match s {
                Some(s) => {
                    let value = s
                        .status
                        .has_schedule()
                        .then(|| worth(&comps[v.part], &s.placed));
                    let bound = (s.bound + shifts[i])
                        .min(ceiling[i])
                        .max(value.unwrap_or(f64::NEG_INFINITY));
                    (value, bound, i)
                }
                None => (None, ceiling[i], i),
            };
            table.insert((v.part, v.mask), entry);
        }
        table
    };
    // The variants `these`, from `from` (their first starts when empty).
    let solve = |these: &[usize], from: Vec<Vec<Choice>>, until: Instant| {
        let lists: Vec<Vec<usize>> = these.iter().map(|&i| variants[i].occs.clone()).collect();
        let from = if from.is_empty() {
            these.iter().map(|&i| starts[i].clone()).collect()
        } else {
            from
        };
        let lps: Vec<Option<model::Relaxation>> =
            these.iter().map(|&i| relaxed[i].clone()).collect();
        let each = Each {
            starts: &from,
            relaxed: &lps,
            ..Each::default()
        };
        // A variant is not solved past the deadline (hundreds of them at the floor each
        // overran the trust's 10 s by 2 s): its group is then pinned or joined.
        solve_parts(&cx.until(until), &lists, &each, Duration::ZERO, &|_| {})
    };
    let mut solved = reused;
    let planned = || {
        plans
            .iter()
            .zip(groups)
            .filter_map(|(plan, group)| plan.as_ref().map(|plan| (plan, group)))
    };
    // First, in each group, the variants of the assignment with the best bound (most often
    // the best), with the share of the time that all the variants would have had.
    let table = table_of(&solved);
    let first: BTreeSet<usize> = planned()
        .flat_map(|(plan, group)| most_promising(plan, group, &copies, &table))
        .filter(|&i| solved[i].is_none())
        .collect();
    let first: Vec<usize> = first.into_iter().collect();
    let left = deadline.saturating_duration_since(Instant::now());
    #[allow(clippy::cast_precision_loss)]
    let share = first.len() as f64 / todo.len().max(1) as f64;
    let until = Instant::now() + left.mul_f64(share.min(1.0));
    for (&i, r) in first.iter().zip(solve(&first, Vec::new(), until)) {
        solved[i] = Some(r);
    }
    let first_at = started.elapsed().as_secs_f64();
    // Then every variant of an assignment that could still beat the group's best.
    let table = table_of(&solved);
    let second: BTreeSet<usize> = planned()
        .flat_map(|(plan, group)| could_beat(plan, group, &copies, &table))
        .filter(|&i| solved[i].is_none())
        .collect();
    let second: Vec<usize> = second.into_iter().collect();
    for (&i, r) in second.iter().zip(solve(&second, Vec::new(), deadline)) {
        solved[i] = Some(r);
    }
    let mut table = table_of(&solved);
    // The variants share the time left, which at a short limit is less than some roots take.
    // Where the groups' distance from their bounds, with the other parts', is more than the gap
    // asked for allows, the variants stopped for time are solved again with what is left, from
    // what they found, the groups furthest from their bounds first (the trust at 30 s otherwise
    // ended at 19 s, a third of its groups unproven; at 60 s few need it).
    let retry = retry_list(
        plans.as_slice(),
        groups,
        &copies,
        &table,
        &solved,
        results,
        opts.gap,
    );
    let left = deadline.saturating_duration_since(Instant::now());
    if !retry.is_empty() && left.as_secs_f64() > RETRY_FROM {
        // From what it found, or (not begun before the deadline) the start it was to have.
        let mut again: Vec<(usize, Solved)> = Vec::new();
        for &i in &retry {
            if let Some(s) = &solved[i] {
                again.push((i, s.clone()));
            }
        }
        let these: Vec<usize> = again.iter().map(|(i, _)| *i).collect();
        let from: Vec<Vec<Choice>> = again
            .iter()
            .map(|(i, s)| start_again(s, Some(&starts[*i])))
            .collect();
        let redone = solve(&these, from, deadline);
        for ((i, mut s), r) in again.into_iter().zip(redone) {
            merge_again(&mut s, r);
            if s.status == Status::TimeLimit && rel_gap(s.bound, s.objective) <= opts.gap {
                s.status = Status::GapLimit;
            }
            solved[i] = Some(s);
        }
        table = table_of(&solved);
    }
    for (g, plan) in plans.iter().enumerate() {
        let Some(plan) = plan else { continue };
        let found = Found {
            copies: &copies,
            table: &table,
            solved: &solved,
        };
        settled[g] = settle(plan, &groups[g], &found, results);
    }
    if opts.tuning.debug {
        eprintln!(
            "windows: {} of {} groups settled, {} variants, {} reused, {} bounded by {bounded_at:.3} s, {} solved first by {first_at:.3} s, {} then, {:.3} s",
            settled.iter().filter(|&&s| s).count(),
            groups.len(),
            variants.len(),
            variants.len() - todo.len(),
            todo.len(),
            first.len(),
            second.len(),
            started.elapsed().as_secs_f64()
        );
    }
    settled
}

/// The groups' plans: per occurrence split by window, the parts holding its copies; per
/// group, its plan (`None` where it has too many models or assignments), and every variant
/// to solve.
fn plan_groups(
    comps: &[Vec<usize>],
    groups: &[BTreeSet<usize>],
    window_copy_of: &HashMap<usize, usize>,
) -> (Copies, Vec<Option<Plan>>, Vec<Variant>) {
    let part_of = part_of(comps);
    // Per occurrence split by window: the parts holding its copies, and the copy in each.
    let mut copies: Copies = BTreeMap::new();
    for (&copy, &orig) in window_copy_of {
        if let Some(&p) = part_of.get(&copy) {
            copies.entry(orig).or_default().insert(p, copy);
        }
    }
    // Per group: its plan, and the variants to solve.
    let mut plans: Vec<Option<Plan>> = Vec::new();
    let mut variants: Vec<Variant> = Vec::new();
    for group in groups {
        let origs: Vec<usize> = copies
            .iter()
            .filter(|(_, ps)| ps.len() > 1 && ps.keys().all(|p| group.contains(p)))
            .map(|(&o, _)| o)
            .collect();
        let held: BTreeMap<usize, Vec<usize>> = group
            .iter()
            .map(|&p| {
                let mine = origs
                    .iter()
                    .copied()
                    .filter(|o| copies[o].contains_key(&p))
                    .collect();
                (p, mine)
            })
            .collect();
        let models: usize = held
            .values()
            .map(|h| 1_usize.checked_shl(u32::try_from(h.len()).unwrap_or(u32::MAX)))
            .try_fold(0_usize, |a, n| n.and_then(|n| a.checked_add(n)))
            .unwrap_or(usize::MAX);
        let assignments = origs
            .iter()
            .try_fold(1_usize, |a, o| a.checked_mul(copies[o].len()))
            .unwrap_or(usize::MAX);
        let Some(&first) = group.iter().next() else {
            plans.push(None);
            continue;
        };
        if origs.is_empty() || models > MAX_MODELS || assignments > MAX_ASSIGNMENTS {
            plans.push(None);
            continue;
        }
        for (&p, mine) in &held {
            for mask in 0..(1_usize << mine.len()) {
                let dropped: BTreeSet<usize> = mine
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask >> i & 1 == 0)
                    .map(|(_, o)| copies[o][&p])
                    .collect();
                let occs = comps[p]
                    .iter()
                    .copied()
                    .filter(|o| !dropped.contains(o))
                    .collect();
                let all = mask + 1 == 1 << mine.len();
                variants.push(Variant {
                    part: p,
                    mask,
                    occs,
                    all,
                });
            }
        }
        plans.push(Some(Plan { origs, held, first }));
    }
    (copies, plans, variants)
}

/// What the variants' solves found, for settling a group.
struct Found<'a> {
    copies: &'a Copies,
    table: &'a Table,
    solved: &'a [Option<Solved>],
}

/// Settles one group: its parts' results replaced by its best assignment's, the group's
/// bound on its first part. False, with nothing changed, where the best assignment lacks a
/// schedule in some part.
fn settle(plan: &Plan, group: &BTreeSet<usize>, found: &Found<'_>, results: &mut [Solved]) -> bool {
    let (best, bound_best) = best_assignment(plan, group, found.copies, found.table);
    let Some((value, masks)) = best else {
        return false;
    };
    // The group's bound: the best over assignments, and the relaxation's (the parts'
    // bounds as they were) holds too.
    let relaxed: f64 = group.iter().map(|&p| results[p].bound).sum();
    let group_bound = bound_best.min(relaxed).max(value);
    // Proven only when every variant is (the bound rests on all of them; a variant left
    // unsolved rests on its proven ceiling).
    let worst = variants_of(plan, group, found.table)
        .map(|i| match found.solved[i].as_ref().map(|s| s.status) {
            None => Status::Optimal,
            Some(s @ (Status::Optimal | Status::GapLimit)) => s,
            Some(_) => Status::TimeLimit,
        })
        .max()
        .unwrap_or(Status::Optimal);
    let mut chosen_bounds = 0.0;
    let mut chosen = Vec::new();
    for (&p, mask) in &masks {
        let (v, b, i) = found.table[&(p, *mask)];
        let Some(s) = &found.solved[i] else { break };
        chosen_bounds += b;
        chosen.push((
            p,
            Solved {
                placed: s.placed.clone(),
                status: s.status,
                objective: v.unwrap_or(0.0),
                bound: b,
            },
        ));
    }
    if chosen.len() < masks.len() {
        return false;
    }
    for (p, r) in chosen {
        results[p] = r;
    }
    let first = &mut results[plan.first];
    first.bound += group_bound - chosen_bounds;
    first.status = first.status.max(worst);
    true
}

/// Per part and mask: the variant's value and bound on the part's whole occurrence list
/// (`None`: no schedule), and its index among the variants.
type Table = HashMap<(usize, usize), (Option<f64>, f64, usize)>;

/// Per occurrence split by window: the parts holding its copies, and the copy in each.
type Copies = BTreeMap<usize, BTreeMap<usize, usize>>;

/// Per part of a group, the mask of the occurrences it holds in an assignment.
type Masks = BTreeMap<usize, usize>;

/// The variants of a group's parts.
fn variants_of<'a>(
    plan: &'a Plan,
    group: &'a BTreeSet<usize>,
    table: &'a Table,
) -> impl Iterator<Item = usize> + 'a {
    group.iter().flat_map(move |&p| {
        (0..(1_usize << plan.held[&p].len()))
            .filter_map(move |mask| table.get(&(p, mask)).map(|t| t.2))
    })
}

/// Every assignment of a group's occurrences to one of the parts holding their copies, as
/// each part's mask.
fn assignments(plan: &Plan, group: &BTreeSet<usize>, copies: &Copies) -> Vec<Masks> {
    let choices: Vec<Vec<usize>> = plan
        .origs
        .iter()
        .map(|o| copies[o].keys().copied().collect())
        .collect();
    let mut pick = vec![0_usize; choices.len()];
    let mut all = Vec::new();
    loop {
        let mut masks: Masks = group.iter().map(|&p| (p, 0)).collect();
        for (j, o) in plan.origs.iter().enumerate() {
            let p = choices[j][pick[j]];
            let i = plan.held[&p].iter().position(|x| x == o).unwrap_or(0);
            *masks.entry(p).or_default() |= 1 << i;
        }
        all.push(masks);
        // The next assignment.
        let mut j = 0;
        while j < pick.len() {
            pick[j] += 1;
            if pick[j] < choices[j].len() {
                break;
            }
            pick[j] = 0;
            j += 1;
        }
        if j == pick.len() {
            return all;
        }
    }
}

/// The sum of an assignment's variants' bounds.
fn bound_of(masks: &Masks, table: &Table) -> f64 {
    masks
        .iter()
        .map(|(&p, &mask)| table.get(&(p, mask)).map_or(0.0, |t| t.1))
        .sum()
}

/// An assignment's variants (indices).
fn indices_of(masks: &Masks, table: &Table) -> Vec<usize> {
    masks
        .iter()
        .filter_map(|(&p, &mask)| table.get(&(p, mask)).map(|t| t.2))
        .collect()
}

/// The variants of the group's assignment with the highest bound.
fn most_promising(
    plan: &Plan,
    group: &BTreeSet<usize>,
    copies: &Copies,
    table: &Table,
) -> Vec<usize> {
    assignments(plan, group, copies)
        .into_iter()
        .max_by(|a, b| bound_of(a, table).total_cmp(&bound_of(b, table)))
        .map(|a| indices_of(&a, table))
        .unwrap_or_default()
}

/// The variants of every assignment of the group whose bound reaches the best schedule's
/// value (all of them while there is none): the others cannot be the best, whatever their
/// variants' own optima. A millionth of the value is kept in hand for the LP's tolerances.
fn could_beat(plan: &Plan, group: &BTreeSet<usize>, copies: &Copies, table: &Table) -> Vec<usize> {
    let (best, _) = best_assignment(plan, group, copies, table);
    let floor = best.map_or(f64::NEG_INFINITY, |(v, _)| v - 1e-6 * v.abs().max(1.0));
    let mut these: Vec<usize> = assignments(plan, group, copies)
        .into_iter()
        .filter(|a| bound_of(a, table) >= floor)
        .flat_map(|a| indices_of(&a, table))
        .collect();
    these.sort_unstable();
    these.dedup();
    these
}

/// Over every assignment of a group's occurrences to one of the parts holding their copies:
/// the best with a schedule in each part (its value and each part's mask), and the best sum
/// of the parts' bounds.
fn best_assignment(
    plan: &Plan,
    group: &BTreeSet<usize>,
    copies: &Copies,
    table: &Table,
) -> (Option<(f64, Masks)>, f64) {
    let mut best: Option<(f64, Masks)> = None;
    let mut bound_best = f64::NEG_INFINITY;
    for masks in assignments(plan, group, copies) {
        let value = masks.iter().try_fold(0.0, |a, (&p, &mask)| {
            table.get(&(p, mask)).and_then(|t| t.0).map(|v| a + v)
        });
        bound_best = bound_best.max(bound_of(&masks, table));
        if let Some(v) = value {
            if best.as_ref().is_none_or(|(bv, _)| v > *bv + 1e-9) {
                best = Some((v, masks));
            }
        }
    }
    (best, bound_best)
}

/// The variants to solve again: those stopped for time in the groups furthest from their
/// bounds, as many groups as it takes for the rest (with the parts outside the groups) to be
/// within `gap` of the whole's bound; none when they already are.
fn retry_list(
    plans: &[Option<Plan>],
    groups: &[BTreeSet<usize>],
    copies: &Copies,
    table: &Table,
    solved: &[Option<Solved>],
    results: &[Solved],
    gap: f64,
) -> Vec<usize> {
    let total: f64 = results.iter().map(|r| r.objective).sum();
    let allowed = gap * total.abs().max(1.0);
    let planned: BTreeSet<usize> = plans
        .iter()
        .zip(groups)
        .filter(|(plan, _)| plan.is_some())
        .flat_map(|(_, g)| g.iter().copied())
        .collect();
    let mut slack: f64 = (0..results.len())
        .filter(|p| !planned.contains(p))
        .map(|p| (results[p].bound - results[p].objective).max(0.0))
        .sum();
    let mut by_group: Vec<(f64, Vec<usize>)> = Vec::new();
    for (plan, group) in plans.iter().zip(groups) {
        let Some(plan) = plan else { continue };
        let (best, bound_best) = best_assignment(plan, group, copies, table);
        let relaxed: f64 = group.iter().map(|&p| results[p].bound).sum();
        // A group without a whole schedule counts as far as the whole objective.
        let own = best.map_or(total.abs().max(1.0), |(v, _)| {
            (bound_best.min(relaxed) - v).max(0.0)
        });
        let unproven: Vec<usize> = variants_of(plan, group, table)
            .filter(|&i| {
                solved[i]
                    .as_ref()
                    .is_some_and(|s| matches!(s.status, Status::TimeLimit | Status::NoSolution))
            })
            .collect();
        slack += own;
        by_group.push((own, unproven));
    }
    by_group.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut retry = Vec::new();
    for (own, unproven) in by_group {
        if slack <= allowed {
            break;
        }
        if !unproven.is_empty() {
            retry.extend(unproven);
            slack -= own;
        }
    }
    retry.sort_unstable();
    retry
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solved(status: Status, objective: f64, bound: f64) -> Solved {
        Solved {
            placed: Vec::new(),
            status,
            objective,
            bound,
        }
    }

    /// Two parts (0 and 1) holding copies of one occurrence (7): part 0 worth 10 with it and
    /// 6 without, part 1 worth 9 with it and 8 without. Variants are numbered as in `table`.
    fn two_parts() -> (Plan, BTreeSet<usize>, Copies, Table) {
        let plan = Plan {
            origs: vec![7],
            held: BTreeMap::from([(0, vec![7]), (1, vec![7])]),
            first: 0,
        };
        let group = BTreeSet::from([0, 1]);
        let copies = BTreeMap::from([(7, BTreeMap::from([(0, 100), (1, 101)]))]);
        let table = Table::from([
            ((0, 1), (Some(10.0), 10.0, 0)),
            ((0, 0), (Some(6.0), 6.0, 1)),
            ((1, 1), (Some(9.0), 9.0, 2)),
            ((1, 0), (Some(8.0), 8.0, 3)),
        ]);
        (plan, group, copies, table)
    }

    #[test]
    fn the_best_assignment_is_read_off_the_variants() {
        let (plan, group, copies, table) = two_parts();
        let (best, bound) = best_assignment(&plan, &group, &copies, &table);
        // In part 0: 10 + 8 = 18; in part 1: 6 + 9 = 15.
        let (value, masks) = best.expect("an assignment");
        assert!((value - 18.0).abs() < 1e-9);
        assert_eq!(masks, BTreeMap::from([(0, 1), (1, 0)]));
        assert!((bound - 18.0).abs() < 1e-9);
        // A variant without a schedule rules its assignments out, not the bound's.
        let mut table = table;
        table.insert((1, 0), (None, 8.5, 3));
        let (best, bound) = best_assignment(&plan, &group, &copies, &table);
        assert!((best.expect("an assignment").0 - 15.0).abs() < 1e-9);
        assert!((bound - 18.5).abs() < 1e-9);
    }

    #[test]
    fn assignments_that_cannot_win_are_left_unsolved() {
        let (plan, group, copies, _) = two_parts();
        // Before any solve: the parts with all their copies known (10 and 9), the others
        // only by their ceilings (part 0 without the occurrence at most 7, part 1 at most 8.5).
        let table = Table::from([
            ((0, 1), (Some(10.0), 10.0, 0)),
            ((0, 0), (None, 7.0, 1)),
            ((1, 1), (Some(9.0), 9.0, 2)),
            ((1, 0), (None, 8.5, 3)),
        ]);
        // In part 0 it could reach 18.5, in part 1 16: part 1 without it is solved first.
        assert_eq!(most_promising(&plan, &group, &copies, &table), vec![0, 3]);
        // Part 1 without it is worth 8: 18 against at most 16, so part 0 without it is never
        // needed.
        let mut table = table;
        table.insert((1, 0), (Some(8.0), 8.0, 3));
        assert_eq!(could_beat(&plan, &group, &copies, &table), vec![0, 3]);
        // Worth 5 instead: 15 against a possible 16, so both assignments stay in play.
        table.insert((1, 0), (Some(5.0), 5.0, 3));
        assert_eq!(could_beat(&plan, &group, &copies, &table), vec![0, 1, 2, 3]);
        // With no schedule at all yet, every variant.
        table.insert((1, 0), (None, 8.5, 3));
        table.insert((0, 1), (None, 10.0, 0));
        assert_eq!(could_beat(&plan, &group, &copies, &table), vec![0, 1, 2, 3]);
    }

    #[test]
    fn variants_are_retried_only_when_the_gap_needs_it() {
        let (plan, group, copies, mut table) = two_parts();
        // Variant 3 stopped for time 2 short of its bound.
        table.insert((1, 0), (Some(8.0), 10.0, 3));
        let mut done = vec![Some(solved(Status::Optimal, 0.0, 0.0)); 4];
        done[3] = Some(solved(Status::TimeLimit, 8.0, 10.0));
        let plans = vec![Some(plan)];
        let groups = vec![group];
        // The relaxation's parts (0 and 1: 10 and 9 with their bounds) and one part outside.
        let results = vec![
            solved(Status::Optimal, 10.0, 10.0),
            solved(Status::Optimal, 9.0, 11.0),
            solved(Status::Optimal, 1000.0, 1000.0),
        ];
        // Best 18 against a bound of 20 (10 + 10): 2 of 1018 is within a gap of 1 %, not of
        // 0.1 %.
        let loose = retry_list(&plans, &groups, &copies, &table, &done, &results, 0.01);
        assert!(loose.is_empty());
        let tight = retry_list(&plans, &groups, &copies, &table, &done, &results, 0.001);
        assert_eq!(tight, vec![3]);
        // Nothing to retry when every variant is proven, however far.
        if let Some(s) = &mut done[3] {
            s.status = Status::Optimal;
        }
        let none = retry_list(&plans, &groups, &copies, &table, &done, &results, 0.0);
        assert!(none.is_empty());
    }
}
