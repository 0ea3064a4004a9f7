//! A quick schedule for a part, to start the solver from (a MIP start): so that a part stopped
//! by its share of the time still has a schedule, and the search starts from one that already
//! brings most doctors to target.
//!
//! Group meetings only (individual slots are left to the solver), most constrained first
//! (fewest classes); each at the class where the most doctors still short of target in that
//! window can go within cover, on a day no other meeting of its pools holds; attendees those
//! short of target first, then the rest, as many as each pool's headroom and each shift's
//! engagement cap allow; then, meeting by meeting, a doctor already at target without it
//! gives their seat to one it brings to target. It keeps every row of the model
//! ([`super::model`]), so HiGHS takes it as it is (a property test holds it to the hard rules);
//! where it would not, HiGHS says so and goes on without it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::context::{Choice, Ctx};
use crate::domain::DoctorIdx;

/// Doctors released, each with the shift row they leave.
type Attendees = Vec<(DoctorIdx, usize)>;

/// The greedy schedule of the occurrences `occ_ids`.
pub fn start(cx: &Ctx<'_>, occ_ids: &[usize]) -> Vec<Choice> {
    start_from(cx, occ_ids, None)
}

/// The same, guided by an LP relaxation's `y` per `(occurrence, class)`: each occurrence at
/// the free class the LP holds it in most (the greedy's own choice among the rest when none of
/// those is free). A rounding of the LP, with the greedy's attendees.
pub fn start_from(
    cx: &Ctx<'_>,
    occ_ids: &[usize],
    lp: Option<&HashMap<(usize, usize), f64>>,
) -> Vec<Choice> {
    let Ctx {
        rota,
        meetings,
        prep,
        targets,
        opts,
        ..
    } = *cx;
    let max_minutes_per_shift = opts.max_minutes_per_shift;
    let anchor = crate::domain::time::monday_of(rota.first);
    let window_of = |d: DoctorIdx, day: NaiveDate| -> Option<(usize, f64)> {
        let t = targets[d.ix()].as_ref()?;
        let w = usize::try_from((day - anchor).num_days() / t.window_days.max(1)).ok()?;
        let due = t.due.get(w).copied().unwrap_or(0.0) - t.have.get(w).copied().unwrap_or(0.0);
        Some((w, due))
    };
    // Minutes given so far per doctor and window, and per shift row.
    let mut given: HashMap<(DoctorIdx, usize), f64> = HashMap::new();
    let mut in_row: HashMap<usize, i64> = HashMap::new();
    let mut busy: HashSet<(usize, NaiveDate)> = HashSet::new();
    let mut order: Vec<usize> = occ_ids
        .iter()
        .copied()
        .filter(|&o| !prep.occs[o].solo && !prep.occs[o].classes.is_empty())
        .collect();
    order.sort_by_key(|&o| (prep.occs[o].classes.len(), o));
    let mut out = Vec::new();
    for o in order {
        let plan = &prep.occs[o];
        let dur = meetings[plan.occ.meeting].duration;
        let cap =
            |row: usize| max_minutes_per_shift - prep.existing.get(&row).copied().unwrap_or(0);
        // Who would go at class k: short of target first, within each pool's headroom.
        let pick = |k: usize,
                    given: &HashMap<(DoctorIdx, usize), f64>,
                    in_row: &HashMap<usize, i64>|
         -> (Attendees, usize) {
            let class = &plan.classes[k];
            let mut elig: Vec<(bool, f64, DoctorIdx, usize)> = plan.cands[class.members[0]]
                .eligible
                .iter()
                .filter(|&&(_, row)| in_row.get(&row).copied().unwrap_or(0) + dur <= cap(row))
                .map(|&(d, row)| {
                    let left = window_of(d, class.day).map_or(0.0, |(w, due)| {
                        due - given.get(&(d, w)).copied().unwrap_or(0.0)
                    });
                    (left > 1e-6, left, d, row)
                })
                .collect();
            // Short of target first, the least short first (the most likely to reach it).
            elig.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
            let mut room: Vec<i64> = class.limits.iter().map(|l| l.1.max(0)).collect();
            let mut who = Vec::new();
            let mut short = 0;
            for (needs, _, d, row) in elig {
                let pools: Vec<usize> = (0..class.limits.len())
                    .filter(|&i| class.limits[i].2.contains(&d))
                    .collect();
                if pools.iter().any(|&i| room[i] <= 0) {
                    continue;
                }
                for i in pools {
                    room[i] -= 1;
                }
                short += usize::from(needs);
                who.push((d, row));
            }
            (who, short)
        };
        // (class, (the LP's y, doctors short of target who go, all who go), who).
        let mut best: Option<(usize, (f64, usize, usize), Attendees)> = None;
        for k in 0..plan.classes.len() {
            let day = plan.classes[k].day;
            if plan.keys.iter().any(|&p| busy.contains(&(p, day))) {
                continue;
            }
            let y = lp.and_then(|v| v.get(&(o, k))).copied().unwrap_or(0.0);
            let (who, short) = pick(k, &given, &in_row);
            let score = (if y > 1e-6 { y } else { 0.0 }, short, who.len());
            let better = best.as_ref().is_none_or(|b| {
                score
                    .0
                    .total_cmp(&b.1 .0)
                    .then((score.1, score.2).cmp(&(b.1 .1, b.1 .2)))
                    .is_gt()
            });
            if better {
                best = Some((k, score, who));
            }
        }
        let Some((k, _, who)) = best else { continue };
        let day = plan.classes[k].day;
        for &p in &plan.keys {
            busy.insert((p, day));
        }
        #[allow(clippy::cast_precision_loss)]
        let minutes = dur as f64;
        for &(d, row) in &who {
            *in_row.entry(row).or_default() += dur;
            if let Some((w, _)) = window_of(d, day) {
                *given.entry((d, w)).or_default() += minutes;
            }
        }
        out.push(Choice {
            occurrence: o,
            candidate: plan.classes[k].members[0],
            attendees: who,
        });
    }
    // A second look at each meeting's seats: a doctor who is at target without it gives their
    // seat to one it brings to target (same cover pools, room in their shift).
    let left = |given: &HashMap<(DoctorIdx, usize), f64>, d: DoctorIdx, day: NaiveDate| {
        window_of(d, day).map(|(w, due)| (w, due - given.get(&(d, w)).copied().unwrap_or(0.0)))
    };
    for Choice {
        occurrence: o,
        candidate: c,
        attendees: who,
    } in &mut out
    {
        let plan = &prep.occs[*o];
        let class = &plan.classes[plan.cands[*c].class];
        let (day, dur) = (class.day, meetings[plan.occ.meeting].duration);
        #[allow(clippy::cast_precision_loss)]
        let minutes = dur as f64;
        let pools = |d: DoctorIdx| -> Vec<usize> {
            (0..class.limits.len())
                .filter(|&i| class.limits[i].2.contains(&d))
                .collect()
        };
        let takers: Vec<(DoctorIdx, usize)> = plan.cands[*c]
            .eligible
            .iter()
            .copied()
            .filter(|e| !who.contains(e))
            .collect();
        for (d, row) in takers {
            let reaches =
                left(&given, d, day).is_some_and(|(_, l)| l > 1e-6 && l <= minutes + 1e-6);
            let cap = max_minutes_per_shift - prep.existing.get(&row).copied().unwrap_or(0);
            if !reaches || in_row.get(&row).copied().unwrap_or(0) + dur > cap {
                continue;
            }
            let mine = pools(d);
            let spare = who.iter().position(|&(a, _)| {
                pools(a) == mine && left(&given, a, day).is_none_or(|(_, l)| l + minutes <= 1e-6)
            });
            let Some(i) = spare else { continue };
            let (a, a_row) = who.remove(i);
            *in_row.entry(a_row).or_default() -= dur;
            if let Some((w, _)) = window_of(a, day) {
                *given.entry((a, w)).or_default() -= minutes;
            }
            *in_row.entry(row).or_default() += dur;
            if let Some((w, _)) = window_of(d, day) {
                *given.entry((d, w)).or_default() += minutes;
            }
            who.push((d, row));
        }
        who.sort_unstable();
    }
    out
}
