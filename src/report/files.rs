//! `adjusted_rota.csv`, `meetings.csv`, `compliance.csv` and `summary.json`, as the contract
//! gives their columns.

use super::Outcome;
use crate::domain::cover::CoverRule;
use crate::domain::meeting::Meeting;
use crate::domain::policy::Policy;
use crate::domain::time::{hhmm, local_date, rfc3339};
use crate::domain::{Rota, StaffGroup};
use crate::io::csv_out::{safe, CsvBuf};
use crate::plan::Schedule;

/// Every output file, named; an error only if the workbook cannot be built.
pub fn all(
    rota: &Rota,
    meetings: &[Meeting],
    rules: &[CoverRule],
    policy: &Policy,
    sched: &Schedule,
    out: &Outcome,
    replan: Option<&super::replan::Replanned>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let meetings_file = meetings_csv(rota, meetings, sched, out);
    let compliance_file = compliance_csv(rota, out);
    // The workbook and the long-form rota are the two slow ones on a trust (0.7 and 0.5 s for
    // 2,000 doctors' half-year): built side by side.
    let (workbook, adjusted) = std::thread::scope(|s| {
        let workbook = s.spawn(|| {
            super::xlsx::workbook(&out.adjusted, meetings, &meetings_file, &compliance_file)
                .map_err(|e| format!("cannot build rota.xlsx: {e}"))
        });
        let adjusted = adjusted_rota(&out.adjusted);
        let workbook = workbook
            .join()
            .unwrap_or_else(|_| Err("cannot build rota.xlsx: it failed".to_string()));
        (workbook, adjusted)
    });
    let workbook = workbook?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("adjusted_rota.csv".into(), adjusted),
        ("meetings.csv".into(), meetings_file),
        ("compliance.csv".into(), compliance_file),
        ("summary.json".into(), summary_json(out)),
        (
            "engagement.ics".into(),
            super::ics::calendar_file(rota, meetings, sched, replan.map(|r| &r.calendar)),
        ),
        ("rota.xlsx".into(), workbook),
        (
            "report.html".into(),
            super::html::page(
                rota,
                &out.adjusted,
                meetings,
                rules,
                policy,
                sched,
                out,
                replan,
            )
            .into_bytes(),
        ),
    ];
    if let Some(r) = replan {
        files.push(("changes.csv".into(), super::changes::csv(&r.changes)));
        files.extend(r.updates.iter().cloned());
    }
    Ok(files)
}

/// The whole rota in long form: the contract's columns, then `fte` when some doctor works
/// less than full time (so that `check` on this file pro-rates their targets as `schedule`
/// did; a departure from the contract, in the README).
pub fn adjusted_rota(rota: &Rota) -> Vec<u8> {
    let ltft = rota.doctors.iter().any(|d| (d.fte - 1.0).abs() > 1e-9);
    let mut header = vec![
        "doctor_id",
        "name",
        "grade",
        "staff_group",
        "department",
        "date",
        "start",
        "end",
        "kind",
        "shift",
        "meeting_id",
        "occurrence_id",
        "start_at",
        "end_at",
    ];
    if ltft {
        header.push("fte");
    }
    let mut c = CsvBuf::new(&header);
    let tz = rota.tz;
    // A row: the doctor's columns, the row's own, then `fte` where the header has it.
    let mut put = |d: &crate::domain::Doctor, own: [String; 9]| {
        let who = [
            safe(&d.id),
            safe(&d.name),
            safe(&d.grade),
            d.group.as_str().to_string(),
            safe(&d.department),
        ];
        let fte = ltft.then(|| d.fte.to_string());
        c.row(who.into_iter().chain(own).chain(fte));
    };
    for s in &rota.shifts {
        // An untimed rest or leave row keeps its times empty, as it was read: the day it
        // names is not an interval of 24 hours (after a night it would overlap the night).
        let (start, end, start_at, end_at) = if s.timed {
            (
                hhmm(tz, s.start),
                hhmm(tz, s.end),
                rfc3339(tz, s.start),
                rfc3339(tz, s.end),
            )
        } else {
            Default::default()
        };
        put(
            &rota.doctors[s.doctor.ix()],
            [
                s.date.to_string(),
                start,
                end,
                s.kind.as_str().to_string(),
                safe(s.code.as_deref().unwrap_or("")),
                safe(s.meeting_id.as_deref().unwrap_or("")),
                safe(s.occurrence_id.as_deref().unwrap_or("")),
                start_at,
                end_at,
            ],
        );
    }
    // Remarks written in the doctors' cells, as they were read.
    let mut notes: Vec<&crate::domain::rota::Note> = rota.notes.iter().collect();
    notes.sort_by_key(|n| (n.doctor, n.date));
    for n in notes {
        put(
            &rota.doctors[n.doctor.ix()],
            [
                n.date.to_string(),
                String::new(),
                String::new(),
                "note".to_string(),
                safe(&n.text),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
        );
    }
    c.finish()
}

fn meetings_csv(rota: &Rota, meetings: &[Meeting], sched: &Schedule, out: &Outcome) -> Vec<u8> {
    let mut c = CsvBuf::new(&[
        "occurrence_id",
        "meeting_id",
        "title",
        "department",
        "date",
        "start",
        "end",
        "start_at",
        "end_at",
        "invited",
        "attending",
        "attending_resident",
        "attending_sas",
        "attending_consultant",
        "attendee_ids",
        "reason",
    ]);
    let tz = rota.tz;
    for (i, plan) in sched.prep.occs.iter().enumerate() {
        let m = &meetings[plan.occ.meeting];
        let dept = m.department.clone().unwrap_or_else(|| "*".into());
        let base = [safe(&plan.occ.id), safe(&m.id), safe(&m.title), safe(&dept)];
        match &sched.placed[i] {
            Some(p) => {
                let count = |g: StaffGroup| {
                    p.attendees
                        .iter()
                        .filter(|a| rota.doctors[a.0.ix()].group == g)
                        .count()
                        .to_string()
                };
                let mut ids: Vec<&str> = p
                    .attendees
                    .iter()
                    .map(|a| rota.doctors[a.0.ix()].id.as_str())
                    .collect();
                ids.sort_unstable();
                let ids = ids.iter().map(|s| safe(s)).collect::<Vec<_>>().join(";");
                c.row(base.into_iter().chain([
                    local_date(tz, p.start).to_string(),
                    hhmm(tz, p.start),
                    hhmm(tz, p.end),
                    rfc3339(tz, p.start),
                    rfc3339(tz, p.end),
                    plan.invited.len().to_string(),
                    p.attendees.len().to_string(),
                    count(StaffGroup::Resident),
                    count(StaffGroup::Sas),
                    count(StaffGroup::Consultant),
                    ids,
                    safe(&out.occurrence_reason[i]),
                ]));
            }
            None => c.row(base.into_iter().chain([
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                plan.invited.len().to_string(),
                "0".into(),
                "0".into(),
                "0".into(),
                "0".into(),
                String::new(),
                safe(&out.occurrence_reason[i]),
            ])),
        }
    }
    c.finish()
}

fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn compliance_csv(rota: &Rota, out: &Outcome) -> Vec<u8> {
    let mut c = CsvBuf::new(&[
        "doctor_id",
        "name",
        "staff_group",
        "department",
        "rostered_hours",
        "engagement_hours",
        "target_hours",
        "met",
        "shortfall_hours",
        "reason",
        "windows",
        "windows_met",
    ]);
    for r in &out.compliance {
        let d = &rota.doctors[r.doctor];
        c.row([
            safe(&d.id),
            safe(&d.name),
            d.group.as_str().to_string(),
            safe(&d.department),
            num(r.rostered_hours),
            num(r.engagement_hours),
            r.target_hours.map(num).unwrap_or_default(),
            r.met.to_string(),
            num(r.shortfall_hours),
            safe(&r.reason),
            // Empty, as target_hours is, for a group with no target.
            r.target_hours
                .map(|_| r.windows.to_string())
                .unwrap_or_default(),
            r.target_hours
                .map(|_| r.windows_met.to_string())
                .unwrap_or_default(),
        ]);
    }
    c.finish()
}

fn summary_json(out: &Outcome) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(&out.summary).unwrap_or_default();
    v.push(b'\n');
    v
}

/// `shifts.csv` as `import` writes it: each label of the sheet as a shift definition
/// (`code,start,end,kind,label`), the label's source in `label`.
pub fn legend_csv(labels: &[crate::io::import::FoundLabel]) -> Vec<u8> {
    let mut c = CsvBuf::new(&["code", "start", "end", "kind", "label"]);
    for l in labels {
        let (start, end) = l.times.map_or((String::new(), String::new()), |(s, e)| {
            let end = match e {
                crate::domain::time::LocalEnd::Midnight => "24:00".to_string(),
                crate::domain::time::LocalEnd::At(t) => t.format("%H:%M").to_string(),
            };
            (s.format("%H:%M").to_string(), end)
        });
        c.row([
            safe(&l.label),
            start,
            end,
            l.kind.as_str().to_string(),
            safe(&l.source),
        ]);
    }
    c.finish()
}
