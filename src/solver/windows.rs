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

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

use super::candidates::Prepared;
use super::model::{self, DocTarget};
use super::{Options, Status};
use crate::domain::meeting::Meeting;
use crate::domain::Rota;

/// The most models (parts times subsets of their copies) one group may cost (a group with
/// more is pinned or joined as before). The groups together have no cap of their own: their
/// models share the time left like any parts, and whether to split at all is chosen by the
/// time there is (`super::SPLIT_FROM`).
const MAX_MODELS: usize = 64;
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
#[allow(clippy::too_many_arguments, clippy::too_many_lines)]
pub(super) fn choose(
    rota: &Rota,
    meetings: &[Meeting],
    prep: &Prepared,
    comps: &[Vec<usize>],
    results: &mut [model::Solved],
    groups: &[BTreeSet<usize>],
    window_copy_of: &HashMap<usize, usize>,
    targets: &[Option<DocTarget>],
    opts: &Options,
    deadline: Instant,
) -> Vec<bool> {
    let started = Instant::now();
    let part_of = super::part_of(comps);
    // Per occurrence split by window: the parts holding its copies, and the copy in each.
    let mut copies: BTreeMap<usize, BTreeMap<usize, usize>> = BTreeMap::new();
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
    let mut settled = vec![false; groups.len()];
    if variants.is_empty() {
        return settled;
    }
    // A part with all its copies is the relaxation's own part: its result stands where it is
    // proven to the gap asked for.
    let proven = |r: &model::Solved| {
        r.status == Status::Optimal
            || (r.status == Status::GapLimit && super::rel_gap(r.bound, r.objective) <= opts.gap)
    };
    let reused: Vec<Option<model::Solved>> = variants
        .iter()
        .map(|v| (v.all && proven(&results[v.part])).then(|| results[v.part].clone()))
        .collect();
    let todo: Vec<usize> = (0..variants.len())
        .filter(|&i| reused[i].is_none())
        .collect();
    let occ_lists: Vec<Vec<usize>> = todo.iter().map(|&i| variants[i].occs.clone()).collect();
    // Each variant starts from its part's schedule, less the copies it may not hold (fewer
    // releases keep every hard rule).
    let todo_starts: Vec<Vec<model::Chosen>> = todo
        .iter()
        .map(|&i| {
            let v = &variants[i];
            let keep: BTreeSet<usize> = v.occs.iter().copied().collect();
            results[v.part]
                .placed
                .iter()
                .filter(|c| keep.contains(&c.0))
                .cloned()
                .collect()
        })
        .collect();
    let mut fresh = super::solve_all(
        rota,
        meetings,
        prep,
        &occ_lists,
        targets,
        opts,
        deadline,
        &|_| {},
        &todo_starts,
        &[],
        super::PART_FLOOR,
    )
    .into_iter();
    let solved: Vec<model::Solved> = reused
        .into_iter()
        .map(|r| {
            r.or_else(|| fresh.next()).unwrap_or_else(|| model::Solved {
                placed: Vec::new(),
                status: Status::NoSolution,
                objective: 0.0,
                bound: f64::INFINITY,
            })
        })
        .collect();
    // Each variant's schedule and bound on its part's whole occurrence list: a variant's model
    // leaves out the doctor-windows only its dropped copies reach, which cost the same
    // whatever it does, so the two differ by what the empty schedule is worth on each.
    let worth = |occs: &[usize], placed: &[model::Chosen]| {
        model::value(rota, meetings, prep, occs, targets, opts, placed)
    };
    let mut table: HashMap<(usize, usize), (Option<f64>, f64, usize)> = HashMap::new();
    for (i, (v, s)) in variants.iter().zip(&solved).enumerate() {
        let shift = worth(&comps[v.part], &[]) - worth(&v.occs, &[]);
        let value = s
            .status
            .has_schedule()
            .then(|| worth(&comps[v.part], &s.placed));
        let bound = (s.bound + shift).max(value.unwrap_or(f64::NEG_INFINITY));
        table.insert((v.part, v.mask), (value, bound, i));
    }
    for (g, plan) in plans.iter().enumerate() {
        let Some(plan) = plan else { continue };
        let group = &groups[g];
        // Every assignment of the group's occurrences to one of their parts.
        let choices: Vec<Vec<usize>> = plan
            .origs
            .iter()
            .map(|o| copies[o].keys().copied().collect())
            .collect();
        let mut pick = vec![0_usize; choices.len()];
        let mut best: Option<(f64, BTreeMap<usize, usize>)> = None;
        let mut bound_best = f64::NEG_INFINITY;
        loop {
            let mut masks: BTreeMap<usize, usize> = group.iter().map(|&p| (p, 0)).collect();
            for (j, o) in plan.origs.iter().enumerate() {
                let p = choices[j][pick[j]];
                let i = plan.held[&p].iter().position(|x| x == o).unwrap_or(0);
                *masks.entry(p).or_default() |= 1 << i;
            }
            let mut value = Some(0.0);
            let mut bound = 0.0;
            for (&p, &mask) in &masks {
                let (v, b, _) = table.get(&(p, mask)).copied().unwrap_or((None, 0.0, 0));
                value = value.zip(v).map(|(a, b)| a + b);
                bound += b;
            }
            bound_best = bound_best.max(bound);
            if let Some(v) = value {
                if best.as_ref().is_none_or(|(bv, _)| v > *bv + 1e-9) {
                    best = Some((v, masks));
                }
            }
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
                break;
            }
        }
        let Some((value, masks)) = best else { continue };
        // The group's bound: the best over assignments, and the relaxation's (the parts'
        // bounds as they were) holds too.
        let relaxed: f64 = group.iter().map(|&p| results[p].bound).sum();
        let group_bound = bound_best.min(relaxed).max(value);
        // Proven only when every variant is (the bound rests on all of them).
        let (table, solved) = (&table, &solved);
        let worst = group
            .iter()
            .flat_map(|&p| {
                (0..(1_usize << plan.held[&p].len()))
                    .filter_map(move |mask| table.get(&(p, mask)).map(|t| solved[t.2].status))
            })
            .map(|s| match s {
                Status::Optimal | Status::GapLimit => s,
                _ => Status::TimeLimit,
            })
            .max()
            .unwrap_or(Status::Optimal);
        let mut chosen_bounds = 0.0;
        for (&p, mask) in &masks {
            let (v, b, i) = table[&(p, *mask)];
            let s = &solved[i];
            chosen_bounds += b;
            results[p] = model::Solved {
                placed: s.placed.clone(),
                status: s.status,
                objective: v.unwrap_or(0.0),
                bound: b,
            };
        }
        let first = &mut results[plan.first];
        first.bound += group_bound - chosen_bounds;
        first.status = first.status.max(worst);
        settled[g] = true;
    }
    if std::env::var_os("ROTA_ENGAGE_DEBUG").is_some() {
        eprintln!(
            "windows: {} of {} groups settled, {} models, {:.3} s",
            settled.iter().filter(|&&s| s).count(),
            groups.len(),
            variants.len(),
            started.elapsed().as_secs_f64()
        );
    }
    settled
}
