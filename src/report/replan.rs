//! A re-plan's calendar: each event's `SEQUENCE`, `DTSTAMP` and `STATUS` against the calendar
//! already sent, and one update file per affected doctor and event (`updates/`).
//!
//! An event keeps its UID. Its sequence goes one higher when its time changes, when it is
//! cancelled, or when a cancelled one is held again; its stamp is the run's when anything about
//! it changed, and stays as sent otherwise, so that a re-plan of an unchanged rota writes the
//! same calendar byte for byte. Events cancelled before (or of occurrences no longer in the
//! problem) are carried over as they were sent.

use std::collections::{BTreeMap, HashMap};

use super::changes::{Change, ChangeKind};
use super::ics::{self, Stamp};
use chrono::NaiveDate;

use crate::domain::meeting::Meeting;
use crate::domain::policy::Policy;
use crate::domain::{DoctorIdx, Rota};
use crate::io::previous::Previous;
use crate::plan::{Placed, Schedule};

/// What [`ics::calendar_file`] needs of a re-plan.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Per occurrence (index in the schedule): its event's stamp.
    pub stamps: HashMap<usize, Stamp>,
    /// Per occurrence cancelled now: its time and attendees before.
    pub was: HashMap<usize, Placed>,
    /// Events carried over as sent, unfolded.
    pub carried: Vec<String>,
}

/// Everything a re-plan adds to the outputs.
#[derive(Debug, Clone)]
pub struct Replanned {
    /// `changes.csv`'s rows.
    pub changes: Vec<Change>,
    /// The calendar's stamps.
    pub calendar: Calendar,
    /// `updates/…ics`.
    pub updates: Vec<(String, Vec<u8>)>,
}

/// The changes against the previous run, the calendar's stamps and the update files.
#[allow(clippy::too_many_arguments)]
pub fn replanned(
    rota: &Rota,
    meetings: &[Meeting],
    policy: &Policy,
    sched: &Schedule,
    outcome: &super::Outcome,
    previous: &Previous,
    frozen_until: Option<NaiveDate>,
    run_stamp: &str,
    organizer: &(String, String),
) -> Replanned {
    let changes = super::changes::diff(
        rota,
        meetings,
        policy,
        sched,
        previous,
        frozen_until,
        &outcome.occurrence_reason,
    );
    let (calendar, updates) = self::calendar(
        rota, meetings, sched, previous, &changes, run_stamp, organizer,
    );
    Replanned {
        changes,
        calendar,
        updates,
    }
}

/// A sent event cancelled: its sequence one higher, the run's stamp, `STATUS:CANCELLED`.
fn cancel_raw(raw: &str, sequence: u32, stamp: &str) -> String {
    let mut out = String::new();
    let mut has_status = false;
    for line in raw.split_terminator("\r\n") {
        let prop = line
            .split([':', ';'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let line = match prop.as_str() {
            "SEQUENCE" => format!("SEQUENCE:{sequence}"),
            "DTSTAMP" => format!("DTSTAMP:{stamp}"),
            "STATUS" => {
                has_status = true;
                "STATUS:CANCELLED".into()
            }
            "END" if !has_status => "STATUS:CANCELLED\r\nEND:VEVENT".into(),
            _ => line.to_string(),
        };
        out.push_str(&line);
        out.push_str("\r\n");
    }
    out
}

/// The calendar's stamps and the update files (`updates/<doctor_id>.ics`, then `-2`, `-3`…
/// for a doctor with several changed events).
#[allow(clippy::too_many_arguments)]
pub fn calendar(
    rota: &Rota,
    meetings: &[Meeting],
    sched: &Schedule,
    previous: &Previous,
    changes: &[Change],
    run_stamp: &str,
    organizer: &(String, String),
) -> (Calendar, Vec<(String, Vec<u8>)>) {
    let mut cal = Calendar::default();
    let mut by_occ: BTreeMap<usize, Vec<&Change>> = BTreeMap::new();
    for c in changes {
        if let Some(i) = c.occ {
            by_occ.entry(i).or_default().push(c);
        }
    }
    // (doctor, file body) in the order of the occurrences.
    let mut updates: Vec<(DoctorIdx, Vec<u8>)> = Vec::new();
    // An occurrence's attendees in the previous run who are still in the rota.
    let attendees_then = |id: &str| -> Vec<(DoctorIdx, usize)> {
        previous.occ(id).map_or_else(Vec::new, |b| {
            b.attendees
                .iter()
                .filter_map(|a| rota.doctor(a).map(|d| (d, 0)))
                .collect()
        })
    };
    for (i, plan) in sched.prep.occs.iter().enumerate() {
        let sent = previous.events.get(&ics::uid(rota, &plan.occ.id, None));
        let mine = by_occ.get(&i).map_or(&[][..], Vec::as_slice);
        let has = |k: ChangeKind| mine.iter().any(|c| c.kind == k);
        let base = sent.map_or(0, |e| e.sequence);
        let m = &meetings[plan.occ.meeting];
        let invited = plan.invited.len();
        let update = |d: DoctorIdx, p: &Placed, st: &Stamp| {
            let st = Stamp {
                organizer: Some(organizer.clone()),
                stamp: Some(run_stamp.to_string()),
                ..st.clone()
            };
            (
                d,
                ics::update_file(rota, m, &plan.occ.id, p, invited, d, &st),
            )
        };
        match &sched.placed[i] {
            Some(p) => {
                let again = sent.is_some_and(|e| e.cancelled);
                let bump = u32::from(has(ChangeKind::Moved) || again);
                let st = Stamp {
                    sequence: base + bump,
                    stamp: if mine.is_empty() && !again {
                        sent.map(|e| e.stamp.clone())
                    } else {
                        Some(run_stamp.to_string())
                    },
                    ..Stamp::default()
                };
                let everyone = has(ChangeKind::Moved) || has(ChangeKind::Added) || again;
                for &(d, _) in &p.attendees {
                    let id = rota.doctors[d.ix()].id.as_str();
                    let added = mine.iter().any(|c| {
                        c.kind == ChangeKind::AttendeeAdded && c.doctor_id.as_deref() == Some(id)
                    });
                    if everyone || added {
                        updates.push(update(d, p, &st));
                    }
                }
                // A doctor no longer attending: the event as they had it (its time and
                // attendees then), cancelled for them alone.
                let then = attendees_then(&plan.occ.id);
                for c in mine
                    .iter()
                    .filter(|c| c.kind == ChangeKind::AttendeeRemoved)
                {
                    let Some(d) = c.doctor_id.as_deref().and_then(|id| rota.doctor(id)) else {
                        continue;
                    };
                    let (start, end) = c.was.unwrap_or((p.start, p.end));
                    let gone = Placed {
                        start,
                        end,
                        attendees: then.clone(),
                    };
                    let cancel = Stamp {
                        cancelled: true,
                        ..st.clone()
                    };
                    updates.push(update(d, &gone, &cancel));
                }
                cal.stamps.insert(i, st);
            }
            None if has(ChangeKind::Cancelled) => {
                let Some((start, end)) = mine.iter().find_map(|c| c.was) else {
                    continue;
                };
                let was = Placed {
                    start,
                    end,
                    attendees: attendees_then(&plan.occ.id),
                };
                let st = Stamp {
                    sequence: base + 1,
                    stamp: Some(run_stamp.to_string()),
                    cancelled: true,
                    organizer: None,
                };
                for &(d, _) in &was.attendees {
                    updates.push(update(d, &was, &st));
                }
                cal.stamps.insert(i, st);
                cal.was.insert(i, was);
            }
            None => {
                if let Some(e) = sent.filter(|e| e.cancelled) {
                    cal.carried.push(e.raw.clone());
                }
            }
        }
    }
    // Events of occurrences no longer in the problem, in the order they were sent: cancelled
    // now (one higher, and each previous attendee told), or carried as they are if they
    // already were.
    let now: std::collections::HashSet<String> = sched
        .prep
        .occs
        .iter()
        .map(|p| ics::uid(rota, &p.occ.id, None))
        .collect();
    let mut gone: Vec<(&String, &crate::io::previous::PrevEvent)> = previous
        .events
        .iter()
        .filter(|(uid, _)| !now.contains(*uid))
        .collect();
    gone.sort_by_key(|(_, e)| e.order);
    for (uid, e) in gone {
        if e.cancelled {
            cal.carried.push(e.raw.clone());
            continue;
        }
        let raw = cancel_raw(&e.raw, e.sequence + 1, run_stamp);
        let was = uid
            .strip_suffix("@rota-engage")
            .and_then(|id| previous.occ(id));
        for a in was.map_or(&[][..], |b| b.attendees.as_slice()) {
            if let Some(d) = rota.doctor(a) {
                updates.push((d, lone_update(rota, &raw, organizer)));
            }
        }
        cal.carried.push(raw);
    }
    let mut count: HashMap<DoctorIdx, usize> = HashMap::new();
    let files = updates
        .into_iter()
        .map(|(d, body)| {
            let n = count.entry(d).or_default();
            *n += 1;
            let id = ics::file_safe(&rota.doctors[d.ix()].id);
            let name = if *n == 1 {
                format!("updates/{id}.ics")
            } else {
                format!("updates/{id}-{n}.ics")
            };
            (name, body)
        })
        .collect();
    (cal, files)
}

/// A cancellation built from a sent event's text, for an occurrence this run no longer has.
fn lone_update(rota: &Rota, raw: &str, organizer: &(String, String)) -> Vec<u8> {
    let body = if raw.contains("\r\nORGANIZER") {
        raw.to_string()
    } else {
        raw.replacen(
            "\r\nSTATUS:",
            &format!(
                "\r\nORGANIZER;CN=\"{}\":mailto:{}\r\nSTATUS:",
                organizer.0.replace('"', "'"),
                organizer.1
            ),
            1,
        )
    };
    ics::cancel_calendar(rota, &body)
}

#[cfg(test)]
mod tests {
    use super::cancel_raw;

    #[test]
    fn a_sent_event_cancelled_goes_one_higher() {
        let raw = "BEGIN:VEVENT\r\nUID:a@rota-engage\r\nDTSTAMP:20260101T000000Z\r\nSEQUENCE:1\r\nSTATUS:CONFIRMED\r\nEND:VEVENT\r\n";
        assert_eq!(
            cancel_raw(raw, 2, "20261202T080000Z"),
            "BEGIN:VEVENT\r\nUID:a@rota-engage\r\nDTSTAMP:20261202T080000Z\r\nSEQUENCE:2\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n"
        );
    }
}
