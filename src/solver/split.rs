//! Splitting a problem into parts that can be solved on their own.
//!
//! Two kinds of occurrence tie parts together.
//!
//! - One that invites doctors of several departments (`department = *`) ties them together.
//!   It is given one start by a greedy score — the doctors with a target who could attend
//!   there, within cover — and copied per department, so each department is then a part of
//!   its own. The solver's gap is then relative to that fixed start (`gap_scope` says so).
//! - One whose days fall in several target windows (a monthly meeting against 4-weekly
//!   windows, a `once` consultation) ties the windows together. It is copied per window, each
//!   copy keeping that window's days ([`split_windows`]): a relaxation, since the copies may
//!   all be placed, whose parts' bounds add up to a bound on the whole. Where more than one
//!   copy is placed, the windows of those copies are solved again as one part with the
//!   occurrence whole (`solver::schedule_with_progress`), until none is: so the window is
//!   chosen inside the optimisation, and the schedule is the whole problem's optimum when the
//!   parts are.

use std::collections::{BTreeMap, HashSet};

use crate::domain::{DoctorIdx, Rota};
use crate::plan::candidates::{OccPlan, Prepared};
use crate::plan::DocTarget;

/// How many of class `k`'s eligible doctors with a target could be released, cover allowing.
fn score(plan: &OccPlan, k: usize, targets: &[Option<DocTarget>]) -> (i64, i64) {
    let class = &plan.classes[k];
    let elig = &plan.cands[class.members[0]].eligible;
    let has = |d: &DoctorIdx| targets[d.ix()].is_some();
    let with_target = i64::try_from(elig.iter().filter(|e| has(&e.0)).count()).unwrap_or(0);
    let over: i64 = class
        .limits
        .iter()
        .map(|(_, h, ds)| {
            (i64::try_from(ds.iter().filter(|d| has(d)).count()).unwrap_or(0) - h).max(0)
        })
        .sum();
    (with_target - over, i64::try_from(elig.len()).unwrap_or(0))
}

/// Keeps only the classes `keep` of an occurrence (renumbering candidates' class indices).
pub(super) fn restrict(plan: &mut OccPlan, keep: &[usize]) {
    let classes: Vec<_> = keep.iter().map(|&k| plan.classes[k].clone()).collect();
    let mut cands = Vec::new();
    let mut classes_out = Vec::new();
    for mut c in classes {
        let members: Vec<usize> = c
            .members
            .iter()
            .map(|&m| {
                let mut cand = plan.cands[m].clone();
                cand.class = classes_out.len();
                cands.push(cand);
                cands.len() - 1
            })
            .collect();
        c.members = members;
        classes_out.push(c);
    }
    plan.cands = cands;
    plan.classes = classes_out;
}

/// An occurrence's classes by the target window (its index from the rota's first Monday)
/// their day falls in; more than one window means [`split_windows`] copies it.
pub fn classes_by_window(
    rota: &Rota,
    plan: &OccPlan,
    window_days: i64,
) -> BTreeMap<usize, Vec<usize>> {
    let anchor = crate::domain::time::monday_of(rota.first);
    let mut by_window: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, c) in plan.classes.iter().enumerate() {
        let w = usize::try_from((c.day - anchor).num_days() / window_days.max(1)).unwrap_or(0);
        by_window.entry(w).or_default().push(k);
    }
    by_window
}

/// Copies each occurrence whose classes fall in several target windows once per window, the
/// copy keeping that window's classes. Returns, for each copy (appended to `prep.occs`), the
/// occurrence it came from.
pub fn split_windows(
    rota: &Rota,
    prep: &mut Prepared,
    window_days: i64,
    skip: &HashSet<usize>,
) -> Vec<(usize, usize)> {
    let mut copies = Vec::new();
    for o in 0..prep.occs.len() {
        if skip.contains(&o) {
            continue;
        }
        let by_window = classes_by_window(rota, &prep.occs[o], window_days);
        if by_window.len() < 2 {
            continue;
        }
        for keep in by_window.into_values() {
            let mut copy = prep.occs[o].clone();
            restrict(&mut copy, &keep);
            copies.push((prep.occs.len(), o));
            prep.occs.push(copy);
        }
    }
    copies
}

/// Fixes the start of each occurrence that invites several departments and copies it per
/// department. Returns, for each copy (appended to `prep.occs`), the occurrence it came from.
pub fn split_departments(
    rota: &Rota,
    prep: &mut Prepared,
    targets: &[Option<DocTarget>],
) -> Vec<(usize, usize)> {
    let dept_of_pool = |p: usize| prep.cover.pools[p].department.clone();
    let n = prep.occs.len();
    let mut used: HashSet<(usize, chrono::NaiveDate)> = HashSet::new();
    let mut copies = Vec::new();
    for o in 0..n {
        let depts: Vec<Option<String>> = {
            let mut v: Vec<Option<String>> =
                prep.occs[o].keys.iter().map(|&p| dept_of_pool(p)).collect();
            v.sort();
            v.dedup();
            v
        };
        if depts.len() < 2 || depts.contains(&None) || prep.occs[o].classes.is_empty() {
            continue;
        }
        let plan = &prep.occs[o];
        let mut order: Vec<usize> = (0..plan.classes.len()).collect();
        // In a re-plan the previous start comes first (`replan::apply` put it first in its class).
        let was = |k: usize| {
            plan.prev.as_ref().and_then(|p| p.start)
                == Some(plan.cands[plan.classes[k].members[0]].start)
        };
        order.sort_by_key(|&k| (!was(k), std::cmp::Reverse(score(plan, k, targets)), k));
        let free = |k: usize| {
            plan.keys
                .iter()
                .all(|&p| !used.contains(&(p, plan.classes[k].day)))
        };
        let Some(&k) = order.iter().find(|&&k| free(k)).or(order.first()) else {
            continue;
        };
        for &p in &plan.keys {
            used.insert((p, plan.classes[k].day));
        }
        restrict(&mut prep.occs[o], &[k]);
        for dept in depts.into_iter().flatten() {
            let mut copy = prep.occs[o].clone();
            let in_dept = |d: &DoctorIdx| rota.doctors[d.ix()].department == dept;
            copy.invited.retain(in_dept);
            copy.keys
                .retain(|&p| dept_of_pool(p).as_deref() == Some(dept.as_str()));
            for c in &mut copy.cands {
                c.eligible.retain(|e| in_dept(&e.0));
            }
            for c in &mut copy.classes {
                c.limits
                    .retain(|l| dept_of_pool(l.0).as_deref() == Some(dept.as_str()));
            }
            copy.cover_blocked.retain(|b| in_dept(&b.0));
            if copy.cands.iter().all(|c| c.eligible.is_empty()) {
                continue;
            }
            copies.push((prep.occs.len(), o));
            prep.occs.push(copy);
        }
    }
    copies
}
