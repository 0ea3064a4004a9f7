//! Why a doctor missed target, and why an occurrence was not placed, in rota terms.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::meeting::Meeting;
use crate::domain::policy::Policy;
use crate::domain::time::{rfc3339, to_instant, Edge, Min};
use crate::domain::{DoctorIdx, Kind, Rota};
use crate::solver::candidates::OccPlan;
use crate::solver::Schedule;

/// What a doctor was doing in `[s, e)`, in rota terms.
fn state(rota: &Rota, policy: &Policy, d: DoctorIdx, s: Min, e: Min) -> &'static str {
    let rows = rota.shifts_of(d);
    let over: Vec<_> = rows.iter().filter(|r| r.start < e && s < r.end).collect();
    let has = |k: Kind| over.iter().any(|r| r.kind == k);
    if has(Kind::Night) {
        "on nights"
    } else if rows
        .iter()
        .any(|r| r.kind == Kind::Night && r.end <= s && s < r.end + policy.rest_after_night_minutes)
    {
        "resting after nights"
    } else if has(Kind::Leave) {
        "on leave"
    } else if has(Kind::StudyLeave) {
        "on study leave"
    } else if has(Kind::Rest) {
        "on rest days"
    } else if has(Kind::OnCall) {
        "on call"
    } else if over.iter().any(|r| policy.allows(r.kind)) {
        "in a shift that does not hold the whole meeting"
    } else if over.is_empty() {
        "not rostered"
    } else {
        "in shifts where engagement is not allowed"
    }
}

fn tally(counts: &BTreeMap<&'static str, usize>) -> String {
    let mut v: Vec<(&&str, &usize)> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    // Every state, so the counts add up to the days named.
    v.iter()
        .map(|(k, n)| format!("{k} ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn window(rota: &Rota, m: &Meeting, day: NaiveDate) -> (Min, Min) {
    let s = to_instant(rota.tz, day.and_time(m.earliest), Edge::Start).map_or(0, |x| x.0);
    let e = to_instant(rota.tz, day.and_time(m.latest), Edge::End).map_or(s, |x| x.0);
    (s, e)
}

/// Why doctor `d` is short of target.
pub fn missed(
    rota: &Rota,
    meetings: &[Meeting],
    policy: &Policy,
    sched: &Schedule,
    d: DoctorIdx,
    engaged: f64,
    target: f64,
) -> String {
    let doc = &rota.doctors[d.ix()];
    let invited: Vec<(usize, &OccPlan)> = sched
        .prep
        .occs
        .iter()
        .enumerate()
        .filter(|(_, o)| o.invited.contains(&d))
        .collect();
    if invited.is_empty() {
        return format!(
            "not invited to any meeting: no meeting's audience includes {} doctors of {}",
            doc.group, doc.department
        );
    }
    let eligible_somewhere = invited
        .iter()
        .any(|(_, o)| o.cands.iter().any(|c| c.eligible.iter().any(|e| e.0 == d)));
    if !eligible_somewhere {
        if let Some((_, o)) = invited
            .iter()
            .find(|(_, o)| o.cover_blocked.iter().any(|b| b.0 == d))
        {
            let b = o
                .cover_blocked
                .iter()
                .find(|b| b.0 == d)
                .map(|b| (b.1, b.2))
                .unwrap_or_default();
            return format!(
                "cover bound at every candidate time: {} cover was at its minimum whenever they were free (e.g. {})",
                sched.prep.cover.pools[b.0].label,
                rfc3339(rota.tz, b.1)
            );
        }
        let mut counts = BTreeMap::new();
        for (_, o) in &invited {
            let m = &meetings[o.occ.meeting];
            for &day in &o.occ.days {
                let (s, e) = window(rota, m, day);
                *counts.entry(state(rota, policy, d, s, e)).or_insert(0) += 1;
            }
        }
        return format!(
            "no allowed time at any candidate time: on the meeting days they were {}",
            tally(&counts)
        );
    }
    let mut counts = BTreeMap::new();
    let mut unplaced = 0;
    for (o, plan) in &invited {
        match &sched.placed[*o] {
            None => unplaced += 1,
            Some(p) if p.attendees.iter().any(|a| a.0 == d) => {}
            Some(p) => {
                let cand = plan.cands.iter().find(|c| c.start == p.start);
                let why = if cand.is_some_and(|c| c.eligible.iter().any(|e| e.0 == d)) {
                    "free, but cover could spare only some of their group"
                } else if plan
                    .cover_blocked
                    .iter()
                    .any(|b| b.0 == d && b.2 == p.start)
                {
                    "free, but cover was at its minimum"
                } else {
                    state(rota, policy, d, p.start, p.end)
                };
                *counts.entry(why).or_insert(0) += 1;
            }
        }
    }
    let mut s = format!("{engaged:.1} of {target:.1} h");
    if !counts.is_empty() {
        s.push_str(&format!(
            "; at the times chosen for the meetings they missed they were {}",
            tally(&counts)
        ));
    }
    if unplaced > 0 {
        s.push_str(&format!(
            "; {unplaced} of their meetings could not be placed"
        ));
    }
    s
}

/// Why an occurrence was not placed.
pub fn unplaced(
    rota: &Rota,
    meetings: &[Meeting],
    policy: &Policy,
    o: &OccPlan,
    sched: &Schedule,
) -> String {
    if o.solo {
        return unplaced_slot(rota, meetings, policy, o, sched);
    }
    if o.invited.is_empty() {
        return "no doctor is invited: the audience and department match nobody on the rota".into();
    }
    if o.cands.is_empty() {
        if o.cover_blocked.is_empty() {
            return "no candidate time: no invited doctor is in an allowed shift (outside nights, rest, leave and post-night rest) for the whole meeting in its window".into();
        }
        return "no candidate time: whenever invited doctors were free, cover was at its minimum"
            .into();
    }
    if sched.status.has_schedule() {
        let taken = |day: NaiveDate| {
            sched.prep.occs.iter().zip(&sched.placed).any(|(other, p)| {
                !std::ptr::eq(other, o)
                    && !other.solo
                    && p.as_ref()
                        .is_some_and(|p| crate::domain::time::local_date(sched.tz, p.start) == day)
                    && other.keys.iter().any(|k| o.keys.contains(k))
            })
        };
        if o.classes.iter().all(|c| taken(c.day)) {
            "not placed: every day it could go already holds another meeting of the same staff (one group meeting a day per department and staff group)".into()
        } else {
            format!(
                "not placed: the solver kept its days for meetings that serve more doctors' targets (status {}, gap {:.2}%)",
                sched.status.as_str(),
                sched.gap * 100.0
            )
        }
    } else {
        format!(
            "not placed: the solver stopped without a schedule ({})",
            sched.status.as_str()
        )
    }
}

/// Why a doctor's individual slot was not placed.
fn unplaced_slot(
    rota: &Rota,
    meetings: &[Meeting],
    policy: &Policy,
    o: &OccPlan,
    sched: &Schedule,
) -> String {
    let Some(&d) = o.invited.first() else {
        return "no doctor is invited".into();
    };
    if o.cands.is_empty() {
        if let Some(&(_, pool, at)) = o.cover_blocked.first() {
            return format!(
                "no allowed time in this block: {} cover was at its minimum whenever they were free (e.g. {})",
                sched.prep.cover.pools[pool].label,
                rfc3339(rota.tz, at)
            );
        }
        let m = &meetings[o.occ.meeting];
        let mut counts = BTreeMap::new();
        for &day in &o.occ.days {
            let (s, e) = window(rota, m, day);
            *counts.entry(state(rota, policy, d, s, e)).or_insert(0) += 1;
        }
        return format!(
            "no allowed time in this block: on its {} allowed days they were {}",
            o.occ.days.len(),
            tally(&counts)
        );
    }
    if sched.status.has_schedule() {
        "not placed: at every time they were free, cover was already spared to colleagues' slots or group meetings, or the shift's engagement cap was reached".into()
    } else {
        format!(
            "not placed: the solver stopped without a schedule ({})",
            sched.status.as_str()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_names_every_state_most_first() {
        let counts: BTreeMap<&'static str, usize> = [
            ("on nights", 3),
            ("not rostered", 1),
            ("on rest days", 1),
            ("on study leave", 1),
            ("resting after nights", 1),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            tally(&counts),
            "on nights (3), not rostered (1), on rest days (1), on study leave (1), resting after nights (1)"
        );
    }
}
