//! An earlier run's output folder, read for a re-plan (`schedule --previous DIR`):
//! - `meetings.csv`: where each occurrence was held and who attended (required);
//! - `engagement.ics`: each event's `SEQUENCE`, `DTSTAMP` and `STATUS`, so that an update goes
//!   one higher and an unchanged event stays as it was (optional: without it every event is
//!   taken as sequence 0);
//! - `adjusted_rota.csv`: the rota as it was then, for the reasons of the changes (optional).

use std::collections::HashMap;
use std::path::Path;

use chrono_tz::Tz;

use super::diagnostics::Diagnostics;
use super::inputs::Source;
use super::table::Table;
use crate::domain::time::Min;
use crate::domain::Rota;

/// One occurrence as the previous run left it.
#[derive(Debug, Clone, PartialEq)]
pub struct PrevOcc {
    /// `occurrence_id`.
    pub id: String,
    /// `meeting_id`.
    pub meeting_id: String,
    /// Start and end, when it was held.
    pub held: Option<(Min, Min)>,
    /// Attendees' doctor ids.
    pub attendees: Vec<String>,
}

/// One event of the previous calendar, by UID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrevEvent {
    /// `SEQUENCE`.
    pub sequence: u32,
    /// `DTSTAMP` as written.
    pub stamp: String,
    /// `STATUS:CANCELLED`.
    pub cancelled: bool,
    /// The whole `VEVENT`, unfolded, each line ending CRLF.
    pub raw: String,
    /// Its place in the file (0 for the first event).
    pub order: usize,
}

/// The previous run.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// The folder as the user named it.
    pub dir: String,
    /// Occurrences in the order of its `meetings.csv`.
    pub occs: Vec<PrevOcc>,
    /// Its calendar's events by UID.
    pub events: HashMap<String, PrevEvent>,
    /// Its adjusted rota, when it could be read.
    pub rota: Option<Rota>,
    /// Index of each occurrence id in `occs`.
    by_id: HashMap<String, usize>,
}

impl Previous {
    /// The occurrence with this id.
    pub fn occ(&self, id: &str) -> Option<&PrevOcc> {
        self.by_id.get(id).map(|&i| &self.occs[i])
    }
}

/// Reads the folder. Problems go to `diags` with their file and line.
pub fn read(dir: &Path, tz: Tz, diags: &mut Diagnostics) -> Option<Previous> {
    let shown = dir.display().to_string();
    let file = |name: &str| dir.join(name);
    let name = |n: &str| file(n).display().to_string();
    let meetings_path = file("meetings.csv");
    let Ok(bytes) = std::fs::read(&meetings_path) else {
        diags.error(
            &name("meetings.csv"),
            None,
            None,
            format!("cannot read it (expected --previous {shown} to be the output folder of an earlier `schedule` run)"),
        );
        return None;
    };
    let before = diags.error_count();
    let table = Table::parse(&name("meetings.csv"), &bytes, diags)?;
    let occs = read_meetings(&table, diags);
    let events = std::fs::read(file("engagement.ics"))
        .map(|b| read_events(&String::from_utf8_lossy(&b)))
        .unwrap_or_default();
    let rota = std::fs::read(file("adjusted_rota.csv"))
        .ok()
        .and_then(|bytes| {
            // The rota as it was only words the reasons: one that does not read is left out.
            let src = Source {
                name: name("adjusted_rota.csv"),
                bytes,
            };
            let mut quiet = Diagnostics::default();
            super::import::read(
                &src,
                &super::import::RotaOptions::default(),
                None,
                tz,
                &mut quiet,
            )
            .map(|r| r.0)
        });
    let by_id = occs
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.clone(), i))
        .collect();
    (diags.error_count() == before).then_some(Previous {
        dir: shown,
        occs,
        events,
        rota,
        by_id,
    })
}

/// A cell as `report::files` wrote it: a leading `'` keeps a spreadsheet from running it.
fn unsafe_cell(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

fn read_meetings(t: &Table, diags: &mut Diagnostics) -> Vec<PrevOcc> {
    if !t.require(
        &[
            "occurrence_id",
            "meeting_id",
            "start_at",
            "end_at",
            "attendee_ids",
        ],
        diags,
    ) {
        return Vec::new();
    }
    let col = |n: &str| t.col(n);
    let (c_id, c_meeting, c_start, c_end, c_who) = (
        col("occurrence_id"),
        col("meeting_id"),
        col("start_at"),
        col("end_at"),
        col("attendee_ids"),
    );
    let instant = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .map(|t| t.timestamp().div_euclid(60))
            .map_err(|_| {
                format!("{s:?} is not a date and time (expected e.g. 2026-03-04T12:00:00+00:00)")
            })
    };
    let mut out: Vec<PrevOcc> = Vec::new();
    for row in &t.rows {
        let Some(id) = t.get(row, c_id).map(unsafe_cell) else {
            t.error(
                diags,
                row.line,
                Some("occurrence_id"),
                "empty (expected an occurrence id)",
            );
            continue;
        };
        if out.iter().any(|o| o.id == id) {
            t.error(
                diags,
                row.line,
                Some("occurrence_id"),
                format!("{id:?} is listed twice (expected one row per occurrence)"),
            );
            continue;
        }
        let (start, end) = (t.get(row, c_start), t.get(row, c_end));
        let mut bad = false;
        let mut read = |cell: Option<&str>, column: &str, other: &str| match cell.map(instant) {
            Some(Ok(m)) => Some(m),
            Some(Err(msg)) => {
                t.error(diags, row.line, Some(column), msg);
                bad = true;
                None
            }
            None => {
                if start.is_some() || end.is_some() {
                    t.error(
                        diags,
                        row.line,
                        Some(column),
                        format!("empty while {other} is set (expected both, or neither for an occurrence not held)"),
                    );
                    bad = true;
                }
                None
            }
        };
        let (a, b) = (
            read(start, "start_at", "end_at"),
            read(end, "end_at", "start_at"),
        );
        let held = match (a, b) {
            (Some(a), Some(b)) if a < b => Some((a, b)),
            (Some(_), Some(_)) => {
                t.error(diags, row.line, Some("end_at"), "ends before it starts");
                continue;
            }
            _ if bad => continue,
            _ => None,
        };
        let attendees = t
            .get(row, c_who)
            .map(|s| {
                s.split(';')
                    .map(|x| unsafe_cell(x.trim()).to_string())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        out.push(PrevOcc {
            id: id.to_string(),
            meeting_id: t
                .get(row, c_meeting)
                .map(unsafe_cell)
                .unwrap_or("")
                .to_string(),
            held,
            attendees,
        });
    }
    out
}

/// The events of a calendar by UID: unfolded content lines, VEVENT by VEVENT.
pub fn read_events(text: &str) -> HashMap<String, PrevEvent> {
    let unfolded = text
        .replace("\r\n ", "")
        .replace("\r\n\t", "")
        .replace("\n ", "")
        .replace("\n\t", "");
    let mut out = HashMap::new();
    let mut current: Option<(Option<String>, PrevEvent)> = None;
    for line in unfolded.lines() {
        let line = line.trim_end_matches('\r');
        let (head, value) = line.split_once(':').unwrap_or((line, ""));
        let prop = head.split(';').next().unwrap_or("").to_ascii_uppercase();
        if prop == "BEGIN" && value == "VEVENT" {
            current = Some((
                None,
                PrevEvent {
                    sequence: 0,
                    stamp: String::new(),
                    cancelled: false,
                    raw: String::new(),
                    order: out.len(),
                },
            ));
        }
        let Some((uid, ev)) = current.as_mut() else {
            continue;
        };
        ev.raw.push_str(line);
        ev.raw.push_str("\r\n");
        match prop.as_str() {
            "UID" => *uid = Some(value.to_string()),
            "SEQUENCE" => ev.sequence = value.trim().parse().unwrap_or(0),
            "DTSTAMP" => ev.stamp = value.to_string(),
            "STATUS" => ev.cancelled = value.eq_ignore_ascii_case("CANCELLED"),
            "END" if value == "VEVENT" => {
                if let Some((Some(uid), ev)) = current.take() {
                    out.insert(uid, ev);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_by_uid_through_folded_lines() {
        let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:gov@2026-03@rota-en\r\n gage\r\nDTSTAMP:20260302T000000Z\r\nSEQUENCE:2\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:t@x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let ev = read_events(ics);
        assert_eq!(
            ev["gov@2026-03@rota-engage"],
            PrevEvent {
                sequence: 2,
                stamp: "20260302T000000Z".into(),
                cancelled: true,
                raw: "BEGIN:VEVENT\r\nUID:gov@2026-03@rota-engage\r\nDTSTAMP:20260302T000000Z\r\nSEQUENCE:2\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n".into(),
                order: 0,
            }
        );
        assert_eq!((ev["t@x"].sequence, ev["t@x"].order), (0, 1));
        assert!(!ev["t@x"].cancelled);
    }

    #[test]
    fn meetings_rows_with_every_problem_at_once() {
        let csv = "occurrence_id,meeting_id,start_at,end_at,attendee_ids\n\
                   a@1,a,2026-03-04T12:00:00+00:00,2026-03-04T13:00:00+00:00,D1;'-D2\n\
                   a@2,a,,,\n\
                   a@3,a,noon,2026-03-04T13:00:00+00:00,D1\n\
                   a@1,a,,,\n";
        let mut diags = Diagnostics::default();
        let t = Table::parse("prev/meetings.csv", csv.as_bytes(), &mut diags).unwrap();
        let occs = read_meetings(&t, &mut diags);
        assert_eq!(occs.len(), 2);
        assert_eq!(occs[0].attendees, ["D1", "-D2"]);
        assert_eq!(occs[0].held.map(|h| h.1 - h.0), Some(60));
        assert_eq!(occs[1].held, None);
        let text = diags.render();
        assert!(
            text.contains(
                "prev/meetings.csv:4: column 'start_at': \"noon\" is not a date and time"
            ),
            "{text}"
        );
        assert!(
            text.contains("prev/meetings.csv:5: column 'occurrence_id': \"a@1\" is listed twice"),
            "{text}"
        );
    }
}
