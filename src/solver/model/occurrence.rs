//! One occurrence's rows and terms: its classes (`y`, placed at most once), each eligible
//! doctor's release (`x`), cover per class in its tight form with the attendance bound, a
//! re-plan's change terms, and the required groups and minimum attendance.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use good_lp::{variable, Expression, Variable};

use super::build::Model;
use super::value::{held_before, previous_class};
use super::{How, W_ATTEND, W_GROUP, W_MINATT, W_PLACE};
use crate::domain::meeting::Meeting;
use crate::domain::{DoctorIdx, Rota};
use crate::plan::candidates::OccPlan;
use crate::solver::context::{Ctx, Options};

/// Each release of a doctor from a shift row on a day, as an expression.
type Releases = BTreeMap<(DoctorIdx, usize, NaiveDate), Expression>;

/// Adds occurrence `o`'s variables, rows and terms.
pub(super) fn add(mdl: &mut Model, cx: &Ctx<'_>, o: usize, how: How<'_>) {
    let Ctx {
        rota,
        meetings,
        prep,
        targets,
        opts,
        ..
    } = *cx;
    let plan = &prep.occs[o];
    let m = &meetings[plan.occ.meeting];
    let dur = f64::from(u32::try_from(m.duration).unwrap_or(0));
    let ys: Vec<Variable> = (0..plan.classes.len())
        .map(|k| {
            mdl.cols.y.insert((o, k), mdl.vars.len());
            if how.allowed.is_some_and(|a| !a.contains(&(o, k))) {
                mdl.vars.add(variable().min(0.0).max(0.0))
            } else {
                mdl.bin()
            }
        })
        .collect();
    for (k, v) in ys.iter().enumerate() {
        mdl.y.insert((o, k), *v);
    }
    let placed: Expression = ys.iter().copied().sum();
    mdl.cons.push(placed.clone().leq(1.0));
    mdl.obj += W_PLACE * m.priority * placed.clone();
    // The classes that would release each doctor from each shift row on each day.
    let mut at: BTreeMap<(DoctorIdx, usize, NaiveDate), Vec<usize>> = BTreeMap::new();
    for (k, class) in plan.classes.iter().enumerate() {
        for &(d, row) in &plan.cands[class.members[0]].eligible {
            at.entry((d, row, class.day)).or_default().push(k);
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let invited = plan.invited.len().max(1) as f64;
    let mut x: BTreeMap<(DoctorIdx, usize, NaiveDate), Expression> = BTreeMap::new();
    let mut attend_of: BTreeMap<DoctorIdx, Expression> = BTreeMap::new();
    for (&(d, row, day), ks) in &at {
        let reach: Expression = ks.iter().map(|&k| ys[k]).sum();
        // A slot's class names its doctor and shift: it is its own release.
        let xv = if plan.solo {
            reach
        } else {
            mdl.cols.x.insert((o, d, row, day), mdl.vars.len());
            let v = mdl.bin();
            mdl.cons.push(Expression::from(v).leq(reach));
            Expression::from(v)
        };
        mdl.obj += W_ATTEND * m.priority / invited * xv.clone();
        if let Some(t) = &targets[d.ix()] {
            mdl.reach_of
                .entry((d, mdl.window_of(day, t.window_days)))
                .or_default()
                .entry(o)
                .or_insert_with(|| (dur, Expression::default()))
                .1 += xv.clone();
            mdl.docs.insert(d);
        }
        mdl.in_shift
            .entry((d, row))
            .or_default()
            .push((o, dur, xv.clone()));
        *attend_of.entry(d).or_default() += xv.clone();
        x.insert((d, row, day), xv);
    }
    cover_rows(mdl, plan, &ys, &x);
    replan_terms(mdl, plan, opts, &ys, &attend_of);
    group_terms(mdl, rota, plan, m, &placed, attend_of);
}

/// Cover per class, and the attendance bound.
fn cover_rows(mdl: &mut Model, plan: &OccPlan, ys: &[Variable], x: &Releases) {
    // Cover per class, in its tight form: if class k is chosen at most h of the doctors
    // D(k,p) go; if another class k' of the same day is chosen, only those of D(k,p)
    // released there from the same shift can (a release is tied to its day and shift):
    // Σ_{D(k,p)} x ≤ h·y[k] + Σ_{k'≠k, same day} n(k')·y[k'].
    let elig: Vec<BTreeSet<(DoctorIdx, usize)>> = plan
        .classes
        .iter()
        .map(|c| plan.cands[c.members[0]].eligible.iter().copied().collect())
        .collect();
    // With them, the attendance bound (module docs): the most who can go in the class
    // chosen — its eligible doctors, less those over each pool's headroom (pools are
    // disjoint).
    let mut most = Expression::default();
    for (k, class) in plan.classes.iter().enumerate() {
        let row_of: BTreeMap<DoctorIdx, usize> = elig[k].iter().copied().collect();
        let mut seats = row_of.len();
        for (_, h, ds) in &class.limits {
            let released: Vec<(DoctorIdx, usize)> = ds
                .iter()
                .filter_map(|d| row_of.get(d).map(|&r| (*d, r)))
                .collect();
            let headroom = usize::try_from(*h).unwrap_or(0);
            seats -= released.len().saturating_sub(headroom).min(seats);
            let lhs: Expression = released
                .iter()
                .filter_map(|&(d, r)| x.get(&(d, r, class.day)).cloned())
                .sum();
            #[allow(clippy::cast_precision_loss)]
            let mut rhs = Expression::from(ys[k]) * (*h as f64);
            for (k2, e2) in elig.iter().enumerate() {
                if k2 != k && plan.classes[k2].day == class.day {
                    let n = released.iter().filter(|dr| e2.contains(dr)).count();
                    if n > 0 {
                        #[allow(clippy::cast_precision_loss)]
                        let n = n as f64;
                        rhs += n * ys[k2];
                    }
                }
            }
            mdl.cons.push(lhs.leq(rhs));
        }
        #[allow(clippy::cast_precision_loss)]
        let seats = seats as f64;
        most += seats * ys[k];
    }
    if !plan.solo {
        let all: Expression = x.values().cloned().sum();
        mdl.cons.push(all.leq(most));
    }
}

/// A re-plan's terms for an occurrence held before.
fn replan_terms(
    mdl: &mut Model,
    plan: &OccPlan,
    opts: &Options,
    ys: &[Variable],
    attend_of: &BTreeMap<DoctorIdx, Expression>,
) {
    // A re-plan: keeping the previous time and each previous attendee is worth a change
    // each; a new attendee costs one (module `replan`).
    if let Some((prev, w)) = held_before(plan, opts) {
        if let Some(k) = previous_class(plan, prev) {
            mdl.obj += w * ys[k];
            mdl.offset -= w;
        }
        if !plan.solo {
            for (d, e) in attend_of {
                if prev.attendees.binary_search(d).is_ok() {
                    mdl.obj += w * e.clone();
                    mdl.offset -= w;
                } else {
                    mdl.obj -= w * e.clone();
                }
            }
        }
    }
}

/// The meeting's required groups and minimum attendance.
fn group_terms(
    mdl: &mut Model,
    rota: &Rota,
    plan: &OccPlan,
    m: &Meeting,
    placed: &Expression,
    attend_of: BTreeMap<DoctorIdx, Expression>,
) {
    // require_groups and min_attendance.
    for g in &m.require_groups {
        let members: Expression = attend_of
            .iter()
            .filter(|(d, _)| rota.doctors[d.ix()].group == *g)
            .map(|(_, e)| e.clone())
            .sum();
        let rg = mdl.vars.add(variable().min(0.0).max(1.0));
        mdl.cons.push(Expression::from(rg).leq(members));
        mdl.cons.push(Expression::from(rg).leq(placed.clone()));
        mdl.obj += W_GROUP * m.priority * rg;
    }
    if m.min_attendance > 0.0 && !plan.solo {
        #[allow(clippy::cast_precision_loss)]
        let need = (m.min_attendance * plan.invited.len() as f64 - 1e-9).ceil();
        if need > 0.0 {
            let attend: Expression = attend_of.into_values().sum();
            // Short of it only when placed (not placing is already paid for by W_PLACE):
            // so an occurrence split into window copies (see `split::split_windows`) costs
            // the same with one copy placed as the whole occurrence does, and the copies'
            // optimum bounds the whole problem's.
            let short = mdl.vars.add(variable().min(0.0).max(need));
            mdl.cons
                .push((Expression::from(short) + attend).geq(placed.clone() * need));
            mdl.obj -= W_MINATT * m.priority / need * short;
        }
    }
}
