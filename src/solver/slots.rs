//! Rows for individual slots: each doctor's own protected time, placed independently.
//!
//! A group meeting meets the others through "one group meeting a day per pool" (see
//! [`super::model`]). Individual slots cannot work that way — a department's doctors take
//! theirs on the same days — so they are kept apart in time instead, on the stretches between
//! consecutive slot and meeting boundaries of one day:
//!
//! - **cover**, per pool and stretch: the slots that would release doctors of the pool from
//!   clinical duty there number at most the pool's headroom `h` over the stretch (its least
//!   value, so it holds at every moment), and none while a group meeting that touches the pool
//!   is held then: `Σ y[slot] + h·Σ y[meeting class] ≤ h`. Cover is then never shared between
//!   a group meeting and slots, so the meeting's own cover rows stay exact.
//! - **the doctor**, per doctor and stretch, where it matters: a slot released from
//!   non-clinical time (which costs no cover, so the pool rows do not hold it) never overlaps
//!   a meeting the doctor is invited to, and two slots of one doctor (from different
//!   requirements) never overlap: `Σ y ≤ 1`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use good_lp::{Constraint, Expression, Variable};

use crate::domain::time::Min;
use crate::domain::{DoctorIdx, Rota};
use crate::plan::candidates::Prepared;

/// One class of an occurrence, with the time its schedule would take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Span {
    start: Min,
    end: Min,
    occ: usize,
    class: usize,
    solo: bool,
}

/// For each stretch between consecutive boundaries of `spans`, the indices of those covering it.
fn stretches(spans: &[Span]) -> Vec<(Min, Min, Vec<usize>)> {
    let mut bounds: Vec<Min> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    bounds
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let covering = (0..spans.len())
                .filter(|&i| spans[i].start <= a && b <= spans[i].end)
                .collect();
            (a, b, covering)
        })
        .collect()
}

/// The rows keeping the component's individual slots within cover and apart in time.
pub fn rows(
    rota: &Rota,
    prep: &Prepared,
    occ_ids: &[usize],
    y: &HashMap<(usize, usize), Variable>,
) -> Vec<Constraint> {
    if !occ_ids.iter().any(|&o| prep.occs[o].solo) {
        return Vec::new();
    }
    let mut by_pool: BTreeMap<(usize, NaiveDate), Vec<Span>> = BTreeMap::new();
    let mut by_doctor: BTreeMap<(DoctorIdx, NaiveDate), Vec<Span>> = BTreeMap::new();
    let mut non_clinical: BTreeSet<(DoctorIdx, NaiveDate)> = BTreeSet::new();
    for &o in occ_ids {
        let plan = &prep.occs[o];
        if !plan.solo {
            continue;
        }
        for (k, class) in plan.classes.iter().enumerate() {
            let cand = &plan.cands[class.members[0]];
            let Some(&(d, row)) = cand.eligible.first() else {
                continue;
            };
            let span = Span {
                start: cand.start,
                end: cand.end,
                occ: o,
                class: k,
                solo: true,
            };
            if rota.shifts[row].kind.is_clinical() {
                for &p in prep.cover.pools_of(d) {
                    by_pool.entry((p, class.day)).or_default().push(span);
                }
            } else {
                non_clinical.insert((d, class.day));
            }
            by_doctor.entry((d, class.day)).or_default().push(span);
        }
    }
    for &o in occ_ids {
        let plan = &prep.occs[o];
        if plan.solo {
            continue;
        }
        for (k, class) in plan.classes.iter().enumerate() {
            let cand = &plan.cands[class.members[0]];
            let span = Span {
                start: cand.start,
                end: cand.end,
                occ: o,
                class: k,
                solo: false,
            };
            for &p in &plan.keys {
                if let Some(v) = by_pool.get_mut(&(p, class.day)) {
                    v.push(span);
                }
            }
            for &d in &plan.invited {
                if non_clinical.contains(&(d, class.day)) {
                    if let Some(v) = by_doctor.get_mut(&(d, class.day)) {
                        v.push(span);
                    }
                }
            }
        }
    }
    let var = |s: &Span| y[&(s.occ, s.class)];
    let mut out = Vec::new();
    for ((p, _), spans) in &by_pool {
        let mut seen: BTreeSet<(Vec<usize>, i64)> = BTreeSet::new();
        for (a, b, covering) in stretches(spans) {
            let n = covering.iter().filter(|&&i| spans[i].solo).count();
            if n == 0 {
                continue;
            }
            let n = i64::try_from(n).unwrap_or(i64::MAX);
            let h = prep.cover.headroom(*p, a, b).unwrap_or(n).clamp(0, n);
            let meetings = covering.iter().any(|&i| !spans[i].solo);
            if (n <= h && !meetings) || !seen.insert((covering.clone(), h)) {
                continue;
            }
            let mut lhs = Expression::default();
            for &i in &covering {
                #[allow(clippy::cast_precision_loss)] // h is a count of doctors
                let w = if spans[i].solo { 1.0 } else { h as f64 };
                lhs += w * var(&spans[i]);
            }
            #[allow(clippy::cast_precision_loss)]
            out.push(lhs.leq(h as f64));
        }
    }
    for spans in by_doctor.values() {
        let mut seen: BTreeSet<Vec<usize>> = BTreeSet::new();
        for (_, _, covering) in stretches(spans) {
            let occs: BTreeSet<usize> = covering.iter().map(|&i| spans[i].occ).collect();
            if occs.len() < 2 || !seen.insert(covering.clone()) {
                continue;
            }
            let lhs: Expression = covering.iter().map(|&i| var(&spans[i])).sum();
            out.push(lhs.leq(1.0));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: Min, end: Min, occ: usize) -> Span {
        Span {
            start,
            end,
            occ,
            class: 0,
            solo: true,
        }
    }

    #[test]
    fn stretches_list_what_covers_each_stretch() {
        let s = [span(0, 120, 0), span(60, 180, 1), span(200, 260, 2)];
        let got = stretches(&s);
        assert_eq!(
            got,
            vec![
                (0, 60, vec![0]),
                (60, 120, vec![0, 1]),
                (120, 180, vec![1]),
                (180, 200, vec![]),
                (200, 260, vec![2]),
            ]
        );
    }
}
