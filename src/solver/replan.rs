//! Re-planning after the rota changed (`schedule --previous`): the previous schedule is the
//! default, and a change must earn its place.
//!
//! Each occurrence carries what the previous run did with it ([`Prev`]). The model
//! ([`super::model`]) then counts, for an occurrence that was held, `change_cost`
//! doctor-windows at target against moving or cancelling it and against each attendee added or
//! removed. What was held before `--frozen-until` is pinned here: the occurrence keeps only its
//! previous time and its previous attendees (those who can still go), at a weight no gain
//! outweighs; nothing new is placed before that date. The previous schedule, trimmed to what
//! cover allows now, is the solver's starting point ([`start`]).

use super::context::Choice;
use crate::domain::meeting::Meeting;
use crate::domain::time::{local_date, Min};
use crate::domain::{DoctorIdx, Rota};
use crate::plan::candidates::{OccPlan, Prepared};
pub use crate::plan::previous::{Keep, Prev};

/// Marks each occurrence with what the previous run did with it; pins what is frozen; takes
/// away every start before `--frozen-until` from the rest; and puts each previous start first
/// in its class, so that the class stands for that start.
pub fn apply(rota: &Rota, meetings: &[Meeting], prep: &mut Prepared, keep: &Keep) {
    for plan in &mut prep.occs {
        let was = keep.occs.get(&plan.occ.id);
        let start = was.and_then(|w| w.0);
        let frozen = keep
            .frozen_until
            .is_some_and(|f| start.is_some_and(|s| local_date(rota.tz, s) < f));
        if frozen {
            let who = was.map(|w| w.1.as_slice()).unwrap_or_default();
            pin(plan, start, who, meetings[plan.occ.meeting].fixed.is_none());
        } else if let Some(f) = keep.frozen_until {
            let keep_ks: Vec<usize> = (0..plan.classes.len())
                .filter(|&k| plan.classes[k].day >= f)
                .collect();
            if keep_ks.len() < plan.classes.len() {
                super::split::restrict(plan, &keep_ks);
            }
        }
        if let Some(s) = start {
            first_in_class(plan, s);
        }
        plan.prev = was.map(|(start, who)| Prev {
            start: *start,
            attendees: who.clone(),
            frozen,
        });
    }
}

/// Leaves a frozen occurrence only its previous start and its previous attendees (cancelled
/// when that start is gone, or, for a meeting not fixed in time, nobody can go).
fn pin(plan: &mut OccPlan, start: Option<Min>, who: &[DoctorIdx], needs_someone: bool) {
    let class = start.and_then(|s| plan.cands.iter().find(|c| c.start == s).map(|c| c.class));
    let Some(k) = class else {
        super::split::restrict(plan, &[]);
        return;
    };
    super::split::restrict(plan, &[k]);
    for c in &mut plan.cands {
        c.eligible.retain(|e| who.contains(&e.0));
    }
    for class in &mut plan.classes {
        for l in &mut class.limits {
            l.2.retain(|d| who.contains(d));
        }
        class
            .limits
            .retain(|l| i64::try_from(l.2.len()).unwrap_or(0) > l.1);
    }
    if needs_someone && plan.cands.iter().all(|c| c.eligible.is_empty()) {
        super::split::restrict(plan, &[]);
    }
}

/// Whether candidate `c` of an occurrence is where the previous run held it.
pub fn at_previous(plan: &OccPlan, c: usize) -> bool {
    plan.prev
        .as_ref()
        .and_then(|p| p.start)
        .is_some_and(|s| plan.cands.get(c).is_some_and(|x| x.start == s))
}

/// Puts the candidate starting at `s` first among its class's members.
fn first_in_class(plan: &mut OccPlan, s: Min) {
    if let Some(c) = plan.cands.iter().position(|c| c.start == s) {
        let k = plan.cands[c].class;
        let members = &mut plan.classes[k].members;
        if let Some(i) = members.iter().position(|&m| m == c) {
            let m = members.remove(i);
            members.insert(0, m);
        }
    }
}

/// The previous schedule as a start for each part: each occurrence held before at its start,
/// where that start is still a candidate, with its previous attendees who can still go, as many
/// as each pool's cover allows.
pub fn start(prep: &Prepared, comps: &[Vec<usize>]) -> Vec<Vec<Choice>> {
    comps
        .iter()
        .map(|comp| {
            comp.iter()
                .filter_map(|&o| {
                    let plan = &prep.occs[o];
                    let prev = plan.prev.as_ref()?;
                    let s = prev.start?;
                    let c = plan.cands.iter().position(|c| c.start == s)?;
                    let class = &plan.classes[plan.cands[c].class];
                    if class.members.first() != Some(&c) {
                        return None;
                    }
                    let mut who: Vec<(DoctorIdx, usize)> = plan.cands[c]
                        .eligible
                        .iter()
                        .copied()
                        .filter(|e| plan.solo || prev.attendees.contains(&e.0))
                        .collect();
                    for (_, h, ds) in &class.limits {
                        let mut room = usize::try_from(*h).unwrap_or(0);
                        who.retain(|e| {
                            if !ds.contains(&e.0) {
                                return true;
                            }
                            let keep = room > 0;
                            room = room.saturating_sub(1);
                            keep
                        });
                    }
                    Some(Choice {
                        occurrence: o,
                        candidate: c,
                        attendees: who,
                    })
                })
                .collect()
        })
        .collect()
}
