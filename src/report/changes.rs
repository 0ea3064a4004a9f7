//! What a re-plan changed against the previous run (`changes.csv`): a pure function of the
//! previous schedule and the new one, so it is tested without a solve.
//!
//! Rows: `moved`, `cancelled` and `added` for an occurrence (no doctor), and
//! `attendee_added` / `attendee_removed` for a doctor of an occurrence held in both runs. An
//! added occurrence's attendees are invited by the event itself, a cancelled one's told by its
//! cancellation; neither gets rows of their own.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::reasons::{state, when};
use crate::domain::meeting::Meeting;
use crate::domain::policy::Policy;
use crate::domain::time::{local_date, Min};
use crate::domain::{DoctorIdx, Rota};
use crate::io::csv_out::{safe, CsvBuf};
use crate::io::previous::{PrevOcc, Previous};
use crate::plan::candidates::{free_time, holding, Free};
use crate::plan::Schedule;

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Held at another time.
    Moved,
    /// Held before, not now.
    Cancelled,
    /// Held now, not before.
    Added,
    /// A doctor attends now who did not.
    AttendeeAdded,
    /// A doctor attended who does not now.
    AttendeeRemoved,
}

impl ChangeKind {
    /// The name in `changes.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Moved => "moved",
            ChangeKind::Cancelled => "cancelled",
            ChangeKind::Added => "added",
            ChangeKind::AttendeeAdded => "attendee_added",
            ChangeKind::AttendeeRemoved => "attendee_removed",
        }
    }
}

/// One row of `changes.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// The occurrence.
    pub occurrence_id: String,
    /// The doctor, for an attendee change.
    pub doctor_id: Option<String>,
    /// The time before (`2026-03-04 12:00-13:00`), empty when not held.
    pub before: String,
    /// The time now, empty when not held.
    pub after: String,
    /// Why, in rota terms.
    pub reason: String,
    /// The occurrence's index in the new schedule, if it is one of its occurrences.
    pub occ: Option<usize>,
    /// Its time before, if it was held.
    pub was: Option<(Min, Min)>,
}

/// How the terminal summary counts them: "3 meetings moved, 1 cancelled, 2 added, 12
/// attendance changes".
pub fn headline(changes: &[Change]) -> String {
    let n = |k: ChangeKind| changes.iter().filter(|c| c.kind == k).count();
    let attendance = n(ChangeKind::AttendeeAdded) + n(ChangeKind::AttendeeRemoved);
    let moved = n(ChangeKind::Moved);
    format!(
        "{moved} meeting{} moved, {} cancelled, {} added, {attendance} attendance change{}",
        if moved == 1 { "" } else { "s" },
        n(ChangeKind::Cancelled),
        n(ChangeKind::Added),
        if attendance == 1 { "" } else { "s" }
    )
}

fn span(rota: &Rota, s: Min, e: Min) -> String {
    format!(
        "{} {}-{}",
        local_date(rota.tz, s).format("%Y-%m-%d"),
        crate::domain::time::hhmm(rota.tz, s),
        crate::domain::time::hhmm(rota.tz, e)
    )
}

/// What the schedule and the rotas say, for the reasons.
struct Cx<'a> {
    rota: &'a Rota,
    policy: &'a Policy,
    sched: &'a Schedule,
    previous: &'a Previous,
    frozen_until: Option<NaiveDate>,
    /// Where each doctor may be released, now and (when the previous rota was read) then.
    free: Vec<Vec<Free>>,
    free_then: Option<Vec<Vec<Free>>>,
}

impl Cx<'_> {
    /// Why `id` could not go at `[s, e)` in the previous rota, or `None` if they could (or
    /// that rota was not read).
    fn could_not_then(&self, id: &str, s: Min, e: Min) -> Option<&'static str> {
        let (prev, free) = (self.previous.rota.as_ref()?, self.free_then.as_ref()?);
        let d = prev.doctors.iter().position(|x| x.id == id)?;
        if holding(&free[d], s, e).is_some() {
            return None;
        }
        Some(state(
            prev,
            self.policy,
            DoctorIdx(u32::try_from(d).ok()?),
            s,
            e,
        ))
    }

    /// Why `id` cannot go at `[s, e)` now, or `None` if they can (free in an allowed shift).
    fn cannot_go(&self, id: &str, s: Min, e: Min) -> Option<String> {
        let Some(d) = self.rota.doctor(id) else {
            return Some(format!("{id} is no longer in the rota"));
        };
        if holding(&self.free[d.ix()], s, e).is_some() {
            return None;
        }
        let now = state(self.rota, self.policy, d, s, e);
        let was = match self.previous.rota {
            Some(_) if self.could_not_then(id, s, e).is_none() => " (was free then)",
            _ => "",
        };
        Some(format!(
            "{id} now {now} {}{was}",
            local_date(self.rota.tz, s).format("%d %b"),
        ))
    }

    fn frozen(&self, was: Option<(Min, Min)>) -> bool {
        self.frozen_until
            .is_some_and(|f| was.is_some_and(|w| local_date(self.rota.tz, w.0) < f))
    }
}

/// The changes from the previous run to this schedule, occurrences in the new schedule's
/// order, then those no longer in it.
pub fn diff(
    rota: &Rota,
    meetings: &[Meeting],
    policy: &Policy,
    sched: &Schedule,
    previous: &Previous,
    frozen_until: Option<NaiveDate>,
    unplaced_reason: &[String],
) -> Vec<Change> {
    let cx = Cx {
        rota,
        policy,
        sched,
        previous,
        frozen_until,
        free: free_time(rota, policy),
        free_then: previous.rota.as_ref().map(|r| free_time(r, policy)),
    };
    let mut out = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (i, plan) in sched.prep.occs.iter().enumerate() {
        let id = plan.occ.id.as_str();
        seen.insert(id);
        let before = previous.occ(id);
        let was = before.and_then(|b| b.held);
        let now = sched.placed[i].as_ref();
        let row = |kind, doctor_id: Option<&str>, reason: String| Change {
            kind,
            occurrence_id: id.to_string(),
            doctor_id: doctor_id.map(str::to_string),
            before: was.map(|(s, e)| span(rota, s, e)).unwrap_or_default(),
            after: now.map(|p| span(rota, p.start, p.end)).unwrap_or_default(),
            reason,
            occ: Some(i),
            was,
        };
        match (was, now) {
            (None, None) => {}
            (None, Some(_)) => out.push(row(
                ChangeKind::Added,
                None,
                match before {
                    Some(_) => "not held in the previous schedule; it can be now".into(),
                    None => format!(
                        "new: {} was not in the previous schedule",
                        meetings[plan.occ.meeting].id
                    ),
                },
            )),
            (Some((s, e)), None) => {
                let why = unplaced_reason.get(i).cloned().unwrap_or_default();
                let gone = before.map(|b| {
                    b.attendees
                        .iter()
                        .filter_map(|a| cx.cannot_go(a, s, e))
                        .collect::<Vec<_>>()
                });
                let mut reason = match gone.filter(|g| !g.is_empty()) {
                    Some(g) => format!("at {}: {}", when(rota, s, e), g.join("; ")),
                    None => String::new(),
                };
                if !why.is_empty() {
                    if !reason.is_empty() {
                        reason.push_str("; ");
                    }
                    reason.push_str(&why);
                }
                if cx.frozen(was) {
                    reason = format!("frozen, but it can no longer be held: {reason}");
                }
                out.push(row(ChangeKind::Cancelled, None, reason));
            }
            (Some((s, e)), Some(p)) => {
                let before = before.map_or(&[][..], |b| b.attendees.as_slice());
                if p.start != s {
                    out.push(row(
                        ChangeKind::Moved,
                        None,
                        moved_reason(&cx, i, before, s, e),
                    ));
                }
                let after: BTreeSet<&str> = p
                    .attendees
                    .iter()
                    .map(|a| rota.doctors[a.0.ix()].id.as_str())
                    .collect();
                let before_set: BTreeSet<&str> = before.iter().map(String::as_str).collect();
                for gone in before_set.difference(&after) {
                    let reason = match cx.cannot_go(gone, p.start, p.end) {
                        // The doctor has not changed; the meeting's time has.
                        Some(_) if p.start != s && cx.cannot_go(gone, s, e).is_none() => {
                            let state = cx.rota.doctor(gone).map_or("not in the rota", |d| {
                                state(rota, policy, d, p.start, p.end)
                            });
                            format!(
                                "moved to {}, when {gone} is {state}",
                                when(rota, p.start, p.end)
                            )
                        }
                        Some(why) => why,
                        None => kept_on_duty(&cx, i, gone, p.start, p.end),
                    };
                    out.push(row(ChangeKind::AttendeeRemoved, Some(gone), reason));
                }
                for new in after.difference(&before_set) {
                    let reason = match cx.could_not_then(new, p.start, p.end) {
                        Some(then) => format!("{new} is free at this time now (was {then})"),
                        None => format!("{new} can go and needs protected time in the window"),
                    };
                    out.push(row(ChangeKind::AttendeeAdded, Some(new), reason));
                }
            }
        }
    }
    for b in &previous.occs {
        if seen.contains(b.id.as_str()) {
            continue;
        }
        if let Some((s, e)) = b.held {
            out.push(Change {
                kind: ChangeKind::Cancelled,
                occurrence_id: b.id.clone(),
                doctor_id: None,
                before: span(rota, s, e),
                after: String::new(),
                reason: gone_reason(rota, meetings, b),
                occ: None,
                was: b.held,
            });
        }
    }
    out
}

/// Why an occurrence of the previous run is not one of this run's.
fn gone_reason(rota: &Rota, meetings: &[Meeting], b: &PrevOcc) -> String {
    if !meetings.iter().any(|m| m.id == b.meeting_id) {
        format!("meeting {} is no longer in the meetings file", b.meeting_id)
    } else if let Some(who) =
        b.id.rsplit('@').next().filter(|d| {
            !rota.doctors.iter().any(|x| x.id == *d) && b.attendees.iter().any(|a| a == d)
        })
    {
        format!("{who} is no longer in the rota")
    } else {
        format!(
            "no longer in the rota's period ({} to {}) or its meeting's days",
            rota.first, rota.last
        )
    }
}

/// Why an occurrence moved: who could no longer go at its old time, or what the new time
/// gives.
fn moved_reason(cx: &Cx<'_>, i: usize, before: &[String], s: Min, e: Min) -> String {
    let plan = &cx.sched.prep.occs[i];
    let gone: Vec<String> = before
        .iter()
        .filter_map(|a| cx.cannot_go(a, s, e))
        .collect();
    let old = when(cx.rota, s, e);
    let mut reason = if gone.is_empty() {
        let blocked = plan
            .cover_blocked
            .iter()
            .filter(|b| b.2 == s)
            .map(|b| b.0)
            .collect::<BTreeSet<DoctorIdx>>()
            .len();
        match plan.cands.iter().find(|c| c.start == s) {
            None if blocked > 0 => {
                format!("cover at {old} now keeps on duty every doctor who could go ({blocked})")
            }
            None => format!("{old} is no longer possible (outside the meeting's days and hours)"),
            Some(_) => {
                let now = cx.sched.placed[i].as_ref().map_or(0, |p| p.attendees.len());
                format!(
                    "{old} is still possible, but the new time brings more doctors to target ({now} attend)"
                )
            }
        }
    } else {
        format!(
            "at {old} {} of {} attendees can no longer go: {}",
            gone.len(),
            before.len(),
            gone.join("; ")
        )
    };
    if cx.frozen(Some((s, e))) {
        reason = format!("frozen, but {reason}");
    }
    reason
}

/// Why a doctor who can still go at the time is not released: cover, or their time is better
/// used elsewhere.
fn kept_on_duty(cx: &Cx<'_>, i: usize, id: &str, s: Min, e: Min) -> String {
    let plan = &cx.sched.prep.occs[i];
    let Some(d) = cx.rota.doctor(id) else {
        return format!("{id} is no longer in the rota");
    };
    let cand = plan.cands.iter().find(|c| c.start == s);
    let limit = cand.and_then(|c| {
        plan.classes[c.class]
            .limits
            .iter()
            .find(|l| l.2.contains(&d))
    });
    match (cand, limit) {
        (Some(_), Some((_, h, ds))) => format!(
            "cover at {}: at most {h} of the {} on duty with {id} may be released",
            when(cx.rota, s, e),
            ds.len()
        ),
        (Some(c), None) if !c.eligible.iter().any(|x| x.0 == d) => format!(
            "{id} cannot be released for it at {} (cover or the shift's engagement limit)",
            when(cx.rota, s, e)
        ),
        _ => format!("{id} can go, but the re-plan released others who needed the time more"),
    }
}

/// `changes.csv`.
pub fn csv(changes: &[Change]) -> Vec<u8> {
    let mut c = CsvBuf::new(&[
        "change",
        "occurrence_id",
        "doctor_id",
        "before",
        "after",
        "reason",
    ]);
    for ch in changes {
        c.row([
            ch.kind.as_str().to_string(),
            safe(&ch.occurrence_id),
            safe(ch.doctor_id.as_deref().unwrap_or("")),
            ch.before.clone(),
            ch.after.clone(),
            safe(&ch.reason),
        ]);
    }
    c.finish()
}
