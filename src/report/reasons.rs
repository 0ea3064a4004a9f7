//! Why a doctor missed target, and why an occurrence was not placed, in rota terms.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::meeting::Meeting;
use crate::domain::policy::Policy;
use crate::domain::targets::Window;
use crate::domain::time::{rfc3339, to_instant, Edge, Min};
use crate::domain::{DoctorIdx, Kind, Rota};
use crate::plan::candidates::OccPlan;
use crate::plan::{Placed, Schedule};
use crate::rules::protected_time::WindowTime;

/// What a doctor was doing in `[s, e)`, in rota terms.
pub(super) fn state(rota: &Rota, policy: &Policy, d: DoctorIdx, s: Min, e: Min) -> &'static str {
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

fn window_on(rota: &Rota, m: &Meeting, day: NaiveDate) -> (Min, Min) {
    let s = to_instant(rota.tz, day.and_time(m.earliest), Edge::Start).map_or(0, |x| x.0);
    let e = to_instant(rota.tz, day.and_time(m.latest), Edge::End).map_or(s, |x| x.0);
    (s, e)
}

/// Why doctor `d` is short of target, window by window: each short window named, with its
/// hours against its target and why, in rota terms.
pub fn missed(
    rota: &Rota,
    meetings: &[Meeting],
    policy: &Policy,
    sched: &Schedule,
    d: DoctorIdx,
    short: &[WindowTime],
) -> String {
    let doc = &rota.doctors[d.ix()];
    if !sched.prep.occs.iter().any(|o| o.invited.contains(&d)) {
        return format!(
            "not invited to any meeting: no meeting's audience includes {} doctors of {}",
            doc.group, doc.department
        );
    }
    short
        .iter()
        .map(|w| {
            #[allow(clippy::cast_precision_loss)]
            let have = w.have as f64 / 60.0;
            format!(
                "window {} to {}: {have:.1} of {:.1} h; {}",
                w.window.first,
                w.window.last,
                w.due / 60.0,
                missed_in(rota, meetings, policy, sched, d, &w.window)
            )
        })
        .collect::<Vec<_>>()
        .join(". ")
}

/// Why doctor `d` is short in one window: what stood in the way of each occurrence of theirs
/// whose days fall in it.
fn missed_in(
    rota: &Rota,
    meetings: &[Meeting],
    policy: &Policy,
    sched: &Schedule,
    d: DoctorIdx,
    window: &Window,
) -> String {
    let invited: Vec<(usize, &OccPlan)> = sched
        .prep
        .occs
        .iter()
        .enumerate()
        .filter(|(_, o)| o.invited.contains(&d) && o.occ.days.iter().any(|&x| window.contains(x)))
        .collect();
    if invited.is_empty() {
        return "none of their meetings or slots falls in this window".into();
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
            for &day in o.occ.days.iter().filter(|&&x| window.contains(x)) {
                let (s, e) = window_on(rota, m, day);
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
    let mut attended = 0;
    let mut elsewhere = 0;
    for (o, plan) in &invited {
        match &sched.placed[*o] {
            None => unplaced += 1,
            // A meeting whose days span windows, held in another one.
            Some(p) if !window.contains(crate::domain::time::local_date(rota.tz, p.start)) => {
                elsewhere += 1;
            }
            Some(p) if p.attendees.iter().any(|a| a.0 == d) => attended += 1,
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
    let mut parts = Vec::new();
    if !counts.is_empty() {
        parts.push(format!(
            "at the times chosen for the meetings they missed they were {}",
            tally(&counts)
        ));
    }
    if unplaced > 0 {
        parts.push(format!("{unplaced} of their meetings could not be placed"));
    }
    if elsewhere > 0 {
        parts.push(format!(
            "{elsewhere} of their meetings that could fall here {} held in another window",
            if elsewhere == 1 { "was" } else { "were" }
        ));
    }
    if parts.is_empty() {
        parts.push(format!(
            "they attend all {attended} of their meetings here, which hold less than the target"
        ));
    }
    parts.join("; ")
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

/// The most of the doctors `who` that class `k` of an occurrence could release at once: those
/// eligible there outside any cover limit, and in each pool that binds no more than its
/// headroom.
fn seats(plan: &OccPlan, k: usize, who: impl Fn(DoctorIdx) -> bool) -> usize {
    let class = &plan.classes[k];
    let eligible: Vec<DoctorIdx> = plan.cands[class.members[0]]
        .eligible
        .iter()
        .map(|e| e.0)
        .filter(|&d| who(d))
        .collect();
    let limited: usize = class
        .limits
        .iter()
        .map(|(_, h, ds)| {
            let n = ds.iter().filter(|d| eligible.contains(d)).count();
            n.min(usize::try_from(*h).unwrap_or(0))
        })
        .sum();
    let in_limits = eligible
        .iter()
        .filter(|d| class.limits.iter().any(|(_, _, ds)| ds.contains(d)))
        .count();
    eligible.len() - in_limits + limited
}

/// What kept the invited doctors of `who` from class `k`: how many cover holds on duty, then
/// what the others were doing at its time, in rota terms.
fn held(
    rota: &Rota,
    policy: &Policy,
    plan: &OccPlan,
    k: usize,
    who: impl Fn(DoctorIdx) -> bool + Copy,
) -> Vec<String> {
    let cand = &plan.cands[plan.classes[k].members[0]];
    let eligible: Vec<DoctorIdx> = cand
        .eligible
        .iter()
        .map(|e| e.0)
        .filter(|&d| who(d))
        .collect();
    let mut parts = Vec::new();
    // Free but held by cover: over a pool's headroom at this time, or in a pool at its minimum.
    let blocked: Vec<DoctorIdx> = plan
        .cover_blocked
        .iter()
        .filter(|b| b.2 == cand.start && who(b.0) && !eligible.contains(&b.0))
        .map(|b| b.0)
        .collect();
    let kept = eligible.len() - seats(plan, k, who) + blocked.len();
    if kept > 0 {
        parts.push(format!("cover keeps {kept} of them on duty"));
    }
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for &d in plan
        .invited
        .iter()
        .filter(|&&d| who(d) && !eligible.contains(&d) && !blocked.contains(&d))
    {
        *counts
            .entry(state(rota, policy, d, cand.start, cand.end))
            .or_insert(0) += 1;
    }
    let mut v: Vec<(&&str, &usize)> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    parts.extend(v.into_iter().map(|(what, n)| format!("{n} {what}")));
    parts
}

/// When a time is, for people: `Wed 14 Jan 12:00-13:00`.
pub(super) fn when(rota: &Rota, s: Min, e: Min) -> String {
    format!(
        "{} {}-{}",
        crate::domain::time::local_date(rota.tz, s).format("%a %d %b"),
        crate::domain::time::hhmm(rota.tz, s),
        crate::domain::time::hhmm(rota.tz, e)
    )
}

/// Why a placed occurrence is short of its `min_attendance` or lacks one of its
/// `require_groups`: the rule that binds and the best that was possible, in rota terms.
/// Empty when it meets both.
pub fn short(
    rota: &Rota,
    meetings: &[Meeting],
    policy: &Policy,
    plan: &OccPlan,
    placed: &Placed,
) -> String {
    let m = &meetings[plan.occ.meeting];
    if plan.solo || plan.classes.is_empty() {
        return String::new();
    }
    let invited = plan.invited.len();
    let mut out = Vec::new();
    #[allow(clippy::cast_precision_loss)]
    let need = (m.min_attendance * invited as f64 - 1e-9).ceil();
    #[allow(clippy::cast_precision_loss)]
    if m.min_attendance > 0.0 && (placed.attendees.len() as f64) < need {
        let all = |_: DoctorIdx| true;
        let best = (0..plan.classes.len())
            .max_by_key(|&k| (seats(plan, k, all), std::cmp::Reverse(k)))
            .unwrap_or(0);
        let most = seats(plan, best, all);
        let c = &plan.cands[plan.classes[best].members[0]];
        let mut text = format!(
            "{} of {invited} attend, short of min_attendance {} ({need} of {invited}): at most {most} of {invited} could be released at once in the window ({}): {}",
            placed.attendees.len(),
            m.min_attendance,
            when(rota, c.start, c.end),
            held(rota, policy, plan, best, all).join("; ")
        );
        if placed.attendees.len() < most {
            text.push_str("; the time chosen serves more doctors' targets");
        }
        out.push(text);
    }
    for &g in &m.require_groups {
        let g_name = if g == crate::domain::StaffGroup::Sas {
            "SAS"
        } else {
            g.as_str()
        };
        if placed
            .attendees
            .iter()
            .any(|a| rota.doctors[a.0.ix()].group == g)
        {
            continue;
        }
        let of_g = |d: DoctorIdx| rota.doctors[d.ix()].group == g;
        let invited_g = plan.invited.iter().filter(|&&d| of_g(d)).count();
        if invited_g == 0 {
            out.push(format!("no {g_name} doctor is invited"));
            continue;
        }
        let possible = (0..plan.classes.len()).find(|&k| seats(plan, k, of_g) > 0);
        match possible {
            Some(k) => {
                let c = &plan.cands[plan.classes[k].members[0]];
                out.push(format!(
                    "no {g_name} doctor attends: one could go at {}, but the time chosen serves more doctors' targets",
                    when(rota, c.start, c.end)
                ));
            }
            None => {
                // At the time chosen, what each of them was doing.
                let k = plan
                    .cands
                    .iter()
                    .find(|c| c.start == placed.start)
                    .map_or(0, |c| c.class);
                let held_by_cover = plan
                    .invited
                    .iter()
                    .filter(|&&d| of_g(d) && plan.cover_blocked.iter().any(|b| b.0 == d))
                    .count();
                if invited_g == 1 && held_by_cover == 1 {
                    out.push(format!(
                        "no {g_name} doctor is free in the window: the only one on duty holds cover"
                    ));
                } else {
                    out.push(format!(
                        "no {g_name} doctor is free at any time in the window (of {invited_g} invited, at the time chosen: {})",
                        held(rota, policy, plan, k, of_g).join("; ")
                    ));
                }
            }
        }
    }
    out.join(". ")
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
            let (s, e) = window_on(rota, m, day);
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
