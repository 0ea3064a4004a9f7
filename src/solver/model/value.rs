//! A schedule's worth by the model's objective, without solving ([`value`]); a re-plan's
//! previous occurrence and its class; and a schedule as the columns of a MIP start
//! ([`initial_solution`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::build::Cols;
use super::targets::shortfall_cost;
use super::{W_ATTEND, W_FROZEN, W_GROUP, W_MINATT, W_PLACE, W_TARGET};
use crate::domain::meeting::Meeting;
use crate::domain::DoctorIdx;
use crate::plan::candidates::Prepared;
use crate::plan::DocTarget;
use crate::solver::context::{Choice, Ctx, Options};

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
pub(super) fn held_before<'p>(
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
pub(super) fn previous_class(
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
pub(super) fn initial_solution(
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
