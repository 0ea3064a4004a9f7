//! Step 5: where the relaxation placed more than one window copy of an occurrence, one
//! window is kept — chosen by solving its parts once per choice ([`super::windows`]), or by
//! pinning it to the window where its copy had the most attendees and solving the parts that
//! held its other copies again ([`pin_copies`]), or by joining the parts that hold its copies
//! and solving them as one; out of time, its other copies are dropped ([`drop_copies`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::budget::{rel_gap, PART_FLOOR};
use super::context::{Choice, Ctx, Options, Solved};
use super::decompose::{find, part_of};
use super::pool::{solve_parts, Each};
use super::{model, replan, windows};
use crate::domain::DoctorIdx;
use crate::plan::Status;

/// Where more than one window copy of an occurrence was placed (the relaxation of
/// [`split::split_windows`] allows it), solves the parts holding its copies again as one
/// part with the occurrence whole, until no occurrence is placed twice or the time is up. An
/// occurrence still placed twice then keeps its first copy only (true is returned: the
/// schedule is then not proven). The parts' bounds stay bounds on the whole problem: a
/// rejoined part is exact, an untouched one the relaxation's.
pub(super) fn rejoin_windows(
    cx: &Ctx<'_>,
    comps: &mut Vec<Vec<usize>>,
    results: &mut Vec<Solved>,
    window_copy_of: &HashMap<usize, usize>,
) -> bool {
    let opts = cx.opts;
    let quiet = Options {
        live: false,
        ..opts.clone()
    };
    let quiet_cx = cx.with(&quiet);
    let left = || cx.left();
    let mut pinning_tried = false;
    let mut choosing_tried = false;
    // Copies were settled without a proof (the time ran out).
    let mut settled = false;
    // The parts as `pin_copies` solved them again, for the joined parts' start.
    let mut pinned_placed: HashMap<usize, Vec<Choice>> = HashMap::new();
    loop {
        let twice = placed_twice(results, window_copy_of);
        if twice.is_empty() {
            return settled;
        }
        if left() < 0.2 {
            // Out of time: keep each such occurrence's first copy placed, drop the others.
            if opts.tuning.debug {
                eprintln!("settle: out of time, copies dropped");
            }
            drop_copies(cx, results, window_copy_of, &twice);
            return true;
        }
        if !choosing_tried {
            choosing_tried = true;
            // Where it is small enough, the window of each such occurrence is chosen by
            // solving its parts once per choice (`windows`); the rest are pinned or joined.
            let groups = groups_of(comps, window_copy_of, &twice);
            let settled = windows::choose(&quiet_cx, comps, results, &groups, window_copy_of);
            if settled.contains(&true) {
                continue;
            }
        }
        if !pinning_tried {
            pinning_tried = true;
            match pin_copies(&quiet_cx, comps, results, window_copy_of, &twice) {
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
                    drop_copies(cx, &mut dropped, window_copy_of, &twice);
                    let at =
                        |rs: &[Solved]| windows_at_target(cx, rs.iter().flat_map(|r| &r.placed));
                    if opts.tuning.debug {
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
                drop_copies(cx, results, window_copy_of, &twice);
                return true;
            }
        }
        // Join every part holding a copy of such an occurrence (placed or not), transitively.
        if !join(
            &quiet_cx,
            comps,
            results,
            window_copy_of,
            &twice,
            &pinned_placed,
        ) {
            // A joined part found no schedule, not even its start: keep the parts as they
            // were, each such occurrence in one window only (not proven).
            drop_copies(cx, results, window_copy_of, &twice);
            return true;
        }
    }
}

/// The groups of parts that hold copies of the occurrences `twice`, joined transitively: each
/// is one problem again.
pub(super) fn groups_of(
    comps: &[Vec<usize>],
    window_copy_of: &HashMap<usize, usize>,
    twice: &BTreeSet<usize>,
) -> Vec<BTreeSet<usize>> {
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
    cx: &Ctx<'_>,
    results: &mut [Solved],
    window_copy_of: &HashMap<usize, usize>,
    twice: &BTreeSet<usize>,
) {
    let orig_of = |o: &usize| window_copy_of.get(o).filter(|x| twice.contains(x)).copied();
    // The placed copies of each occurrence, and the placements that stay whatever is chosen.
    let mut copies: BTreeMap<usize, Vec<&Choice>> = BTreeMap::new();
    let mut fixed: Vec<&Choice> = Vec::new();
    for p in results.iter().flat_map(|r| &r.placed) {
        match orig_of(&p.occurrence) {
            Some(orig) => copies.entry(orig).or_default().push(p),
            None => fixed.push(p),
        }
    }
    let mut choice: BTreeMap<usize, usize> = copies
        .iter()
        .map(|(&orig, cs)| {
            let most = (0..cs.len())
                .max_by_key(|&i| (cs[i].attendees.len(), std::cmp::Reverse(i)))
                .unwrap_or(0);
            (orig, most)
        })
        .collect();
    let score = |choice: &BTreeMap<usize, usize>| {
        windows_at_target(
            cx,
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
    let kept: HashSet<usize> = choice
        .iter()
        .map(|(orig, &i)| copies[orig][i].occurrence)
        .collect();
    for r in results.iter_mut() {
        r.placed
            .retain(|p| orig_of(&p.occurrence).is_none() || kept.contains(&p.occurrence));
    }
}

/// What [`pin_copies`] came to.
enum Pinned {
    /// The pinned schedule is within `--gap` of the relaxation's bound, and taken.
    Taken,
    /// It is not: the parts it solved again (index, occurrences, result), a start for
    /// joining them, or the schedule when there is no time to join.
    Short(Vec<(usize, Vec<usize>, Solved)>),
    /// A part solved again found no schedule.
    Failed,
}

/// The cheap way out of a relaxation that placed copies twice: keep each such occurrence in
/// the window where its copy had the most attendees, take its other copies out of their parts,
/// and solve those parts again (from what they had, less those copies). The schedule is then
/// whole, and the relaxation's bounds still bound it; when it is within `--gap` of them it is
/// taken, the parts' bounds kept at the relaxation's so the gap stays honest. Otherwise
/// nothing changes, and what it found starts the joined parts.
fn pin_copies(
    cx: &Ctx<'_>,
    comps: &mut [Vec<usize>],
    results: &mut [Solved],
    window_copy_of: &HashMap<usize, usize>,
    twice: &BTreeSet<usize>,
) -> Pinned {
    let (opts, prep) = (cx.opts, cx.prep);
    // The copy kept per occurrence: in a re-plan the one at its previous start, then most
    // attendees, then the earlier part.
    let mut keep: BTreeMap<usize, (usize, (bool, usize))> = BTreeMap::new();
    for r in results.iter() {
        for p in &r.placed {
            let o = &p.occurrence;
            if let Some(orig) = window_copy_of.get(o).filter(|x| twice.contains(x)) {
                let rank = (
                    replan::at_previous(&prep.occs[*o], p.candidate),
                    p.attendees.len(),
                );
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
    let starts: Vec<Vec<Choice>> = affected
        .iter()
        .map(|&i| {
            results[i]
                .placed
                .iter()
                .filter(|p| !removed(&p.occurrence))
                .cloned()
                .collect()
        })
        .collect();
    let bound: f64 = results.iter().map(|r| r.bound).sum();
    let affected_set: BTreeSet<usize> = affected.iter().copied().collect();
    let within = |solved: &[Solved]| {
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
    let quick: Vec<Solved> = pinned
        .iter()
        .zip(&starts)
        .map(|(occs, start)| Solved {
            placed: start.clone(),
            status: Status::TimeLimit,
            objective: model::value(cx, occs, start),
            bound: f64::INFINITY,
        })
        .collect();
    let each = Each {
        starts: &starts,
        ..Each::default()
    };
    let solved = if within(&quick) {
        quick
    } else {
        if cx.left() < 1.0 {
            return Pinned::Failed;
        }
        let solved = solve_parts(cx, &pinned, &each, PART_FLOOR, &|_| {});
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

/// The doctor-windows at target that these placements give (to choose between whole
/// schedules when the time is out).
fn windows_at_target<'c>(cx: &Ctx<'_>, placed: impl Iterator<Item = &'c Choice>) -> usize {
    let anchor = crate::domain::time::monday_of(cx.rota.first);
    let mut earned: HashMap<(DoctorIdx, usize), f64> = HashMap::new();
    for Choice {
        occurrence: o,
        candidate: c,
        attendees: who,
    } in placed
    {
        let plan = &cx.prep.occs[*o];
        let day = plan.classes[plan.cands[*c].class].day;
        #[allow(clippy::cast_precision_loss)]
        let dur = cx.meetings[plan.occ.meeting].duration as f64;
        for &(d, _) in who {
            if let Some(t) = &cx.targets[d.ix()] {
                let w =
                    usize::try_from((day - anchor).num_days() / t.window_days.max(1)).unwrap_or(0);
                *earned.entry((d, w)).or_default() += dur;
            }
        }
    }
    cx.targets
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

/// Per window-split occurrence placed more than once: the occurrences (two copies may share
/// a part once parts are joined).
fn placed_twice(results: &[Solved], window_copy_of: &HashMap<usize, usize>) -> BTreeSet<usize> {
    let mut placed_copies: BTreeMap<usize, usize> = BTreeMap::new();
    for r in results {
        for Choice { occurrence: o, .. } in &r.placed {
            if let Some(&orig) = window_copy_of.get(o) {
                *placed_copies.entry(orig).or_default() += 1;
            }
        }
    }
    placed_copies
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(o, _)| o)
        .collect()
}

/// Joins the parts that hold copies of the occurrences `twice` (transitively) and solves
/// each group as one part, with such an occurrence whole where all its copies are in it; each
/// joined part starts from what its parts found (`pinned_placed` where the pinning solved them
/// again). False, with nothing changed, when a joined part finds no schedule.
fn join(
    cx: &Ctx<'_>,
    comps: &mut Vec<Vec<usize>>,
    results: &mut Vec<Solved>,
    window_copy_of: &HashMap<usize, usize>,
    twice: &BTreeSet<usize>,
    pinned_placed: &HashMap<usize, Vec<Choice>>,
) -> bool {
    let prep = cx.prep;
    // Join every part holding a copy of such an occurrence (placed or not), transitively.
    let groups_parts = groups_of(comps, window_copy_of, twice);
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
    let starts: Vec<Vec<Choice>> = {
        let mut best: BTreeMap<usize, Choice> = BTreeMap::new();
        let mut other: Vec<Vec<Choice>> = vec![Vec::new(); rejoined.len()];
        for (g, parts) in groups_parts.iter().enumerate() {
            for &p in parts {
                let placed = pinned_placed.get(&p).unwrap_or(&results[p].placed);
                for Choice {
                    occurrence: o,
                    candidate: c,
                    attendees: who,
                } in placed
                {
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
                                (
                                    replan::at_previous(&prep.occs[*orig], b.candidate),
                                    b.attendees.len(),
                                ) < rank
                            });
                            if keep {
                                best.insert(
                                    *orig,
                                    Choice {
                                        occurrence: *orig,
                                        candidate: c0,
                                        attendees: who.clone(),
                                    },
                                );
                            }
                        }
                        _ => other[g].push(Choice {
                            occurrence: *o,
                            candidate: *c,
                            attendees: who.clone(),
                        }),
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
    let each = Each {
        starts: &starts,
        ..Each::default()
    };
    let solved = solve_parts(cx, &rejoined, &each, PART_FLOOR, &|_| {});
    if solved.iter().any(|r| !r.status.has_schedule()) {
        return false;
    }
    let mut new_comps: Vec<Vec<usize>> = Vec::new();
    let mut new_results: Vec<Solved> = Vec::new();
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
    true
}
