//! Re-planning after the rota changed (`schedule --previous`): what was published is kept,
//! changes are listed with their reasons, and calendar updates apply in place. Each case
//! schedules a small department, changes its rota as rotas change, and re-plans through the
//! real binary.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{folder, run_in, run_with_env};

pub(crate) const SHIFTS: &[u8] = b"code,start,end,kind,label
SD,08:00,17:00,day,Standard day
N,20:00,08:00,night,Night
OFF,,,rest,Rest
AL,,,leave,Annual leave
";

/// Two weeks from Mon 2 Nov 2026, Monday to Friday.
pub(crate) const DAYS: [&str; 10] = [
    "2026-11-02",
    "2026-11-03",
    "2026-11-04",
    "2026-11-05",
    "2026-11-06",
    "2026-11-09",
    "2026-11-10",
    "2026-11-11",
    "2026-11-12",
    "2026-11-13",
];

/// Weekly teaching, an hour, Tuesday to Thursday midday.
pub(crate) const MEETINGS: &str =
    "meeting_id,title,duration_min,cadence,audience,department,weekdays,earliest,latest
teach,Teaching,60,weekly,resident,ward,Tue-Thu,12:00,14:00
";

pub(crate) const POLICY: &str = "[protected_time]\nresident = { hours = 1.0, per_weeks = 1 }\n[cover]\nmin_fraction = 0.0\nmin_count = 0\n[replan]\norganizer_name = \"Rota office\"\norganizer_email = \"rota.office@example.nhs.uk\"\n";

/// A rota of residents R1..Rn: `code(doctor, day)` for each weekday (weekends off).
pub(crate) fn rota(n: usize, code: impl Fn(usize, &str) -> &'static str) -> String {
    let mut s = String::from("doctor_id,name,grade,department,email,date,shift\n");
    for d in 1..=n {
        for day in DAYS {
            s.push_str(&format!(
                "R{d},Doctor {d},ST3,ward,r{d}@example.nhs.uk,{day},{}\n",
                code(d, day)
            ));
        }
    }
    s
}

/// Writes the inputs into `dir` (the rota as `rota_file`) and schedules into `out`, re-planning
/// against `previous` with `extra` flags. Returns stdout.
pub(crate) fn schedule(
    dir: &Path,
    rota_file: &str,
    rota: &str,
    out: &str,
    previous: Option<&str>,
    extra: &[&str],
) -> String {
    std::fs::write(dir.join(rota_file), rota).unwrap();
    let mut args = vec![
        "schedule",
        "--rota",
        rota_file,
        "--shifts",
        "shifts.csv",
        "--meetings",
        "meetings.csv",
        "--policy",
        "policy.toml",
        "--out",
        out,
        "--gap",
        "0",
        "--ics-per-doctor",
    ];
    if let Some(p) = previous {
        args.extend(["--previous", p]);
    }
    args.extend(extra);
    let r = run_with_env(dir, &args, &[("SOURCE_DATE_EPOCH", "1796083200")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

pub(crate) fn setup(meetings: &str) -> tempfile::TempDir {
    folder(&[
        ("shifts.csv", SHIFTS),
        ("meetings.csv", meetings.as_bytes()),
        ("policy.toml", POLICY.as_bytes()),
    ])
}

/// `changes.csv` as (change, occurrence, doctor, before, after, reason) rows.
pub(crate) fn changes(dir: &Path, out: &str) -> Vec<[String; 6]> {
    let text = std::fs::read_to_string(dir.join(out).join("changes.csv")).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "change",
            "occurrence_id",
            "doctor_id",
            "before",
            "after",
            "reason"
        ]
    );
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            std::array::from_fn(|i| rec[i].to_string())
        })
        .collect()
}

/// Per occurrence in `meetings.csv`: (date, start, attendee ids).
pub(crate) fn placed(dir: &Path, out: &str) -> BTreeMap<String, (String, String, String)> {
    let text = std::fs::read_to_string(dir.join(out).join("meetings.csv")).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (
                rec[0].to_string(),
                (rec[4].to_string(), rec[5].to_string(), rec[14].to_string()),
            )
        })
        .collect()
}

/// Every file under a folder, by path relative to it.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Each resident has one weekday off a week, staggered: R1 Monday, R2 Tuesday, ...
pub(crate) fn staggered(d: usize, day: &str) -> &'static str {
    let i = DAYS.iter().position(|x| *x == day).unwrap();
    if i % 5 == d % 5 {
        "OFF"
    } else {
        "SD"
    }
}

#[test]
fn an_unchanged_rota_changes_nothing() {
    let dir = setup(MEETINGS);
    let r = rota(8, staggered);
    schedule(dir.path(), "rota.csv", &r, "v1", None, &[]);
    let out = schedule(dir.path(), "rota.csv", &r, "v2", Some("v1"), &[]);
    assert!(
        out.contains(
            "0 meetings moved, 0 cancelled, 0 added, 0 attendance changes; 0 calendar update files"
        ),
        "{out}"
    );
    assert!(changes(dir.path(), "v2").is_empty());
    let (a, b) = (files(&dir.path().join("v1")), files(&dir.path().join("v2")));
    for (name, bytes) in &a {
        if name == "summary.json" || name == "report.html" {
            continue;
        }
        assert!(b.get(name) == Some(bytes), "{name} differs");
    }
    let extra: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert_eq!(extra, ["changes.csv"]);
    let html = String::from_utf8_lossy(&b["report.html"]).into_owned();
    assert!(html.contains("Nothing changed"), "the report says so first");
}

#[test]
fn a_swap_of_two_shifts_changes_only_those_two_doctors() {
    let dir = setup(MEETINGS);
    let v1 = rota(8, staggered);
    schedule(dir.path(), "rota.csv", &v1, "v1", None, &[]);
    let before = placed(dir.path(), "v1");
    let (date, _, who) = &before["teach@2026-W45"];
    // Someone who attends swaps their shift that day with someone who was off then.
    let day = DAYS.iter().position(|d| d == date).unwrap();
    let off = (1..=8)
        .find(|&d| day % 5 == d % 5)
        .expect("someone is off that day");
    let goer = (1..=8)
        .find(|&d| who.split(';').any(|w| w == format!("R{d}")))
        .unwrap();
    let v2 = rota(8, |d, x| {
        if x == *date && d == goer {
            "OFF"
        } else if x == *date && d == off {
            "SD"
        } else {
            staggered(d, x)
        }
    });
    let out = schedule(dir.path(), "rota2.csv", &v2, "v2", Some("v1"), &[]);
    let rows = changes(dir.path(), "v2");
    let mut got: Vec<(String, String)> =
        rows.iter().map(|r| (r[0].clone(), r[2].clone())).collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("attendee_added".to_string(), format!("R{off}")),
            ("attendee_removed".to_string(), format!("R{goer}"))
        ],
        "{rows:?}"
    );
    assert!(rows.iter().all(|r| r[1] == "teach@2026-W45"));
    let removed = rows.iter().find(|r| r[0] == "attendee_removed").unwrap();
    assert!(
        removed[5].starts_with(&format!("R{goer} now on rest days")),
        "{removed:?}"
    );
    let added = rows.iter().find(|r| r[0] == "attendee_added").unwrap();
    assert_eq!(
        added[5],
        format!("R{off} is free at this time now (was on rest days)")
    );
    assert!(
        out.contains("0 meetings moved, 0 cancelled, 0 added, 2 attendance changes"),
        "{out}"
    );
    // Week 46 is as it was.
    assert_eq!(
        placed(dir.path(), "v2")["teach@2026-W46"],
        before["teach@2026-W46"]
    );
}

#[test]
fn a_new_week_of_nights_takes_the_doctor_out_of_that_weeks_meeting_only() {
    let dir = setup(MEETINGS);
    let v1 = rota(8, staggered);
    schedule(dir.path(), "rota.csv", &v1, "v1", None, &[]);
    let before = placed(dir.path(), "v1");
    let who = &before["teach@2026-W46"].2;
    let night = (1..=8)
        .find(|&d| who.split(';').any(|w| w == format!("R{d}")))
        .unwrap();
    // Week 46: nights Monday to Thursday, then rest.
    let v2 = rota(8, |d, x| {
        if d != night || x < "2026-11-09" {
            staggered(d, x)
        } else if x < "2026-11-13" {
            "N"
        } else {
            "OFF"
        }
    });
    schedule(dir.path(), "rota2.csv", &v2, "v2", Some("v1"), &[]);
    let rows = changes(dir.path(), "v2");
    assert_eq!(rows.len(), 1, "{rows:?}");
    let r = &rows[0];
    assert_eq!(
        (r[0].as_str(), r[1].as_str(), r[2].as_str()),
        (
            "attendee_removed",
            "teach@2026-W46",
            format!("R{night}").as_str()
        )
    );
    let day = chrono::NaiveDate::parse_from_str(&before["teach@2026-W46"].0, "%Y-%m-%d").unwrap();
    let expected = format!("R{night} now resting after nights {}", day.format("%d %b"));
    assert!(r[5].starts_with(&expected), "{r:?}");
    let after = placed(dir.path(), "v2");
    assert_eq!(after["teach@2026-W45"], before["teach@2026-W45"]);
    assert_eq!(after["teach@2026-W46"].1, before["teach@2026-W46"].1);

    // The doctor gets a cancellation of that one event, as an independent parser reads it.
    let update = dir.path().join(format!("v2/updates/R{night}.ics"));
    let cal = parse_one(&update);
    assert_eq!(prop(&cal, "METHOD"), Some("CANCEL".into()));
    let ev = &cal.events[0];
    assert_eq!(
        ev_prop(ev, "UID"),
        Some(format!("teach@2026-W46@R{night}@rota-engage"))
    );
    assert_eq!(ev_prop(ev, "STATUS"), Some("CANCELLED".into()));
    assert_eq!(ev_prop(ev, "SEQUENCE"), Some("0".into()));
    assert_eq!(ev_prop(ev, "DTSTAMP"), Some("20261201T000000Z".into()));
    assert!(ev_prop(ev, "ORGANIZER").is_some_and(|o| o == "mailto:rota.office@example.nhs.uk"));
    let attendees: Vec<String> = ev
        .properties
        .iter()
        .filter(|p| p.name == "ATTENDEE")
        .filter_map(|p| p.value.clone())
        .collect();
    assert_eq!(attendees, [format!("mailto:r{night}@example.nhs.uk")]);
    let listing = crate::support::listing(&dir.path().join("v2/updates"));
    assert_eq!(listing, [format!("R{night}.ics")]);

    // `check` accepts the new adjusted rota as before: no hard rule broken.
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--rota",
            "v2/adjusted_rota.csv",
            "--policy",
            "policy.toml",
            "--format",
            "csv",
        ],
    );
    assert_ne!(r.code, 2, "{}", r.stderr);
    for rule in ["p2_placement", "p2_unpaid", "cover"] {
        assert!(!r.stdout.contains(&format!(",{rule},")), "{}", r.stdout);
    }
}

/// Teaching may go Tuesday or Wednesday; everyone works both days but R1 is off every
/// Wednesday, so the first schedule takes Tuesday.
fn tue_or_wed(d: usize, day: &str) -> &'static str {
    let i = DAYS.iter().position(|x| *x == day).unwrap();
    if d == 1 && i % 5 == 2 {
        "OFF"
    } else {
        "SD"
    }
}

const TUE_WED: &str =
    "meeting_id,title,duration_min,cadence,audience,department,weekdays,earliest,latest
teach,Teaching,60,weekly,resident,ward,Tue;Wed,12:00,13:00
";

#[test]
fn a_meeting_whose_day_became_a_cover_problem_moves_with_its_reason_and_updates() {
    let dir = setup(TUE_WED);
    let v1 = rota(6, tue_or_wed);
    schedule(dir.path(), "rota.csv", &v1, "v1", None, &[]);
    let before = placed(dir.path(), "v1");
    assert_eq!(before["teach@2026-W45"].0, "2026-11-03");
    // From now on every resident on duty on Tuesdays must stay.
    std::fs::write(
        dir.path().join("cover.csv"),
        "department,staff_group,weekdays,start,end,min_on_duty\nward,resident,Tue,08:00,17:00,6\n",
    )
    .unwrap();
    schedule(
        dir.path(),
        "rota.csv",
        &v1,
        "v2",
        Some("v1"),
        &["--cover", "cover.csv"],
    );
    let after = placed(dir.path(), "v2");
    assert_eq!(after["teach@2026-W45"].0, "2026-11-04");
    let rows = changes(dir.path(), "v2");
    let moved: Vec<&[String; 6]> = rows.iter().filter(|r| r[0] == "moved").collect();
    assert_eq!(moved.len(), 2, "{rows:?}");
    let m = moved[0];
    assert_eq!(m[1], "teach@2026-W45");
    assert_eq!(m[3], "2026-11-03 12:00-13:00");
    assert_eq!(m[4], "2026-11-04 12:00-13:00");
    assert_eq!(
        m[5],
        "cover at Tue 03 Nov 12:00-13:00 now keeps on duty every doctor who could go (6)"
    );
    // R1 is off on Wednesdays: removed, with the reason.
    let r1 = rows
        .iter()
        .find(|r| r[0] == "attendee_removed" && r[1] == "teach@2026-W45")
        .unwrap();
    assert_eq!(
        (r1[2].as_str(), r1[5].as_str()),
        (
            "R1",
            "moved to Wed 04 Nov 12:00-13:00, when R1 is on rest days"
        )
    );

    // The calendar: same UID, SEQUENCE one higher, the run's stamp.
    let cal = parse_one(&dir.path().join("v2/engagement.ics"));
    let ev = cal
        .events
        .iter()
        .find(|e| ev_prop(e, "UID").as_deref() == Some("teach@2026-W45@rota-engage"))
        .unwrap();
    assert_eq!(ev_prop(ev, "SEQUENCE"), Some("1".into()));
    assert_eq!(ev_prop(ev, "DTSTART"), Some("20261104T120000".into()));
    assert_eq!(ev_prop(ev, "DTSTAMP"), Some("20261201T000000Z".into()));
    // Each attendee at the new time gets a request; R1 a cancellation.
    let r2 = parse_one(&dir.path().join("v2/updates/R2.ics"));
    assert_eq!(prop(&r2, "METHOD"), Some("REQUEST".into()));
    assert_eq!(
        ev_prop(&r2.events[0], "UID"),
        Some("teach@2026-W45@R2@rota-engage".into())
    );
    assert_eq!(ev_prop(&r2.events[0], "SEQUENCE"), Some("1".into()));
    // Both weeks moved: R2 has two events, one per file.
    assert!(dir.path().join("v2/updates/R2-2.ics").exists());
    let r1 = parse_one(&dir.path().join("v2/updates/R1.ics"));
    assert_eq!(prop(&r1, "METHOD"), Some("CANCEL".into()));

    // Re-planned again on the same rota: nothing more changes, and sequences stay.
    schedule(
        dir.path(),
        "rota.csv",
        &v1,
        "v3",
        Some("v2"),
        &["--cover", "cover.csv"],
    );
    assert!(changes(dir.path(), "v3").is_empty());
    same_calendar(dir.path(), "v2", "v3");
}

#[test]
fn what_is_frozen_never_moves_even_when_moving_would_gain() {
    let dir = setup(TUE_WED);
    let v1 = rota(6, tue_or_wed);
    schedule(dir.path(), "rota.csv", &v1, "v1", None, &[]);
    // Tuesdays now hold most doctors on leave: moving to Wednesday would bring four more
    // doctors to target in each week.
    let v2 = rota(6, |d, x| {
        let i = DAYS.iter().position(|y| *y == x).unwrap();
        if i % 5 == 1 && d >= 3 {
            "AL"
        } else {
            tue_or_wed(d, x)
        }
    });
    schedule(dir.path(), "rota2.csv", &v2, "free", Some("v1"), &[]);
    let free = placed(dir.path(), "free");
    assert_eq!(free["teach@2026-W45"].0, "2026-11-04", "unfrozen, it moves");
    schedule(
        dir.path(),
        "rota2.csv",
        &v2,
        "frozen",
        Some("v1"),
        &["--frozen-until", "2026-11-09"],
    );
    let frozen = placed(dir.path(), "frozen");
    assert_eq!(frozen["teach@2026-W45"].0, "2026-11-03", "frozen, it stays");
    assert_eq!(
        frozen["teach@2026-W46"].0, "2026-11-11",
        "after the date, it moves"
    );
    let rows = changes(dir.path(), "frozen");
    assert!(
        rows.iter()
            .all(|r| !(r[1] == "teach@2026-W45" && r[0] != "attendee_removed")),
        "{rows:?}"
    );
    // Those on leave are taken out of the frozen meeting; nobody is added to it.
    let out: Vec<&str> = rows
        .iter()
        .filter(|r| r[1] == "teach@2026-W45")
        .map(|r| r[2].as_str())
        .collect();
    assert_eq!(out, ["R3", "R4", "R5", "R6"]);
}

#[test]
fn a_previous_folder_that_is_not_a_run_is_refused_with_nothing_written() {
    let dir = setup(MEETINGS);
    std::fs::write(dir.path().join("rota.csv"), rota(4, staggered)).unwrap();
    std::fs::create_dir(dir.path().join("old")).unwrap();
    std::fs::write(
        dir.path().join("old/meetings.csv"),
        "occurrence_id,meeting_id,start_at,end_at,attendee_ids\nteach@2026-W45,teach,tuesday,,R1\nteach@2026-W46,teach,,,R1\nteach@2026-W46,teach,,,R2\n",
    )
    .unwrap();
    let args = |prev: &'static str| {
        vec![
            "schedule",
            "--rota",
            "rota.csv",
            "--shifts",
            "shifts.csv",
            "--meetings",
            "meetings.csv",
            "--policy",
            "policy.toml",
            "--out",
            "new",
            "--previous",
            prev,
        ]
    };
    let r = run_in(dir.path(), &args("old"));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("meetings.csv:2: column 'start_at': \"tuesday\" is not a date and time"),
        "{}",
        r.stderr
    );
    // Every problem at once.
    assert!(r
        .stderr
        .contains("meetings.csv:2: column 'end_at': empty while start_at is set"));
    assert!(r
        .stderr
        .contains("meetings.csv:4: column 'occurrence_id': \"teach@2026-W46\" is listed twice"));
    let r = run_in(dir.path(), &args("missing"));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "expected --previous missing to be the output folder of an earlier `schedule` run"
        ),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("new").exists(), "nothing written");
}

/// Two runs wrote the same `engagement.ics`, byte for byte.
fn same_calendar(dir: &Path, a: &str, b: &str) {
    let read = |v: &str| std::fs::read_to_string(dir.join(v).join("engagement.ics")).unwrap();
    assert!(read(b) == read(a), "{}\n----\n{}", read(a), read(b));
}

fn parse_one(path: &Path) -> ical::parser::ical::component::IcalCalendar {
    let text = std::fs::read(path).unwrap();
    let mut cals = ical::IcalParser::new(text.as_slice());
    let cal = cals.next().expect("a calendar").expect("it parses");
    assert!(cals.next().is_none());
    cal
}

fn prop(cal: &ical::parser::ical::component::IcalCalendar, name: &str) -> Option<String> {
    cal.properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
}

fn ev_prop(ev: &ical::parser::ical::component::IcalEvent, name: &str) -> Option<String> {
    ev.properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
}

#[test]
fn a_meeting_taken_out_is_cancelled_and_a_new_one_added_in_every_calendar() {
    let dir = setup(MEETINGS);
    let r = rota(4, staggered);
    schedule(dir.path(), "rota.csv", &r, "v1", None, &[]);
    let before = placed(dir.path(), "v1");
    std::fs::write(
        dir.path().join("meetings.csv"),
        "meeting_id,title,duration_min,cadence,audience,department,weekdays,earliest,latest\n\
         forum,Forum,60,fortnightly,resident,ward,Mon-Fri,12:00,14:00\n",
    )
    .unwrap();
    let out = schedule(dir.path(), "rota.csv", &r, "v2", Some("v1"), &[]);
    assert!(
        out.contains("0 meetings moved, 2 cancelled, 1 added"),
        "{out}"
    );
    let rows = changes(dir.path(), "v2");
    let kinds: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("added", "forum@2026-11-02"),
            ("cancelled", "teach@2026-W45"),
            ("cancelled", "teach@2026-W46")
        ]
    );
    assert_eq!(rows[0][5], "new: forum was not in the previous schedule");
    assert_eq!(
        rows[1][5],
        "meeting teach is no longer in the meetings file"
    );
    // The calendar cancels what was sent, one higher, and holds the new event.
    let cal = parse_one(&dir.path().join("v2/engagement.ics"));
    let by_uid = |uid: &str| {
        cal.events
            .iter()
            .find(|e| ev_prop(e, "UID").as_deref() == Some(uid))
            .unwrap_or_else(|| panic!("no {uid}"))
    };
    let gone = by_uid("teach@2026-W45@rota-engage");
    assert_eq!(ev_prop(gone, "STATUS"), Some("CANCELLED".into()));
    assert_eq!(ev_prop(gone, "SEQUENCE"), Some("1".into()));
    assert_eq!(
        ev_prop(by_uid("forum@2026-11-02@rota-engage"), "SEQUENCE"),
        Some("0".into())
    );
    // Every previous attendee of teaching gets a cancellation, every forum attendee a request.
    let who = before["teach@2026-W45"]
        .2
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let methods: Vec<String> = std::fs::read_dir(dir.path().join("v2/updates"))
        .unwrap()
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name == format!("{who}.ics") || name.starts_with(&format!("{who}-"))
        })
        .map(|e| prop(&parse_one(&e.path()), "METHOD").unwrap())
        .collect();
    assert!(methods.contains(&"CANCEL".to_string()), "{methods:?}");
    assert!(methods.contains(&"REQUEST".to_string()), "{methods:?}");
    // And a re-plan after that changes nothing more: the cancelled events are carried as sent.
    schedule(dir.path(), "rota.csv", &r, "v3", Some("v2"), &[]);
    assert!(changes(dir.path(), "v3").is_empty());
    same_calendar(dir.path(), "v2", "v3");
}
