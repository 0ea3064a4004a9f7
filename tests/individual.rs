//! Individual slots (`format = individual`): each invited doctor's own protected time, worked
//! out by hand on a tiny ward, through every output and `check`.

use std::path::Path;

use crate::support::{folder, run_in};

const SHIFTS: &str = "code,start,end,kind\nSD,08:00,16:00,day\nAL,,,leave\n";
const POLICY: &str = "[protected_time]\nresident = { hours = 2.0, per_weeks = 1 }\n";
/// Two residents on the ward from 08:00 to 16:00: the cover row keeps one of them on duty, so
/// only one may be released at any moment.
const COVER: &str =
    "department,staff_group,weekdays,start,end,min_on_duty\nward,resident,Mon-Fri,08:00,16:00,1\n";

/// A week (Mon 19 - Fri 23 October 2026): A and B on days Monday only, C on leave all week.
fn rota() -> String {
    let mut r = String::from("doctor_id,name,grade,department,email,date,shift\n");
    r.push_str("A,Ann Able,ST3,ward,a@example.org,2026-10-19,SD\n");
    r.push_str("B,Ben Baker,ST4,ward,b@example.org,2026-10-19,SD\n");
    for day in 19..=23 {
        r.push_str(&format!("C,Cat Cole,CT2,ward,,2026-10-{day},AL\n"));
    }
    r
}

fn meetings(latest: &str) -> String {
    format!(
        "meeting_id,title,duration_min,cadence,audience,department,weekdays,earliest,latest,format,require_groups\n\
         qi,QI time,120,weekly,resident,ward,Mon-Fri,08:00,{latest},individual,\n"
    )
}

fn schedule(dir: &Path, latest: &str) -> crate::support::Run {
    schedule_with(dir, latest, &[])
}

fn schedule_with(dir: &Path, latest: &str, extra: &[&str]) -> crate::support::Run {
    std::fs::write(dir.join("rota.csv"), rota()).unwrap();
    std::fs::write(dir.join("shifts.csv"), SHIFTS).unwrap();
    std::fs::write(dir.join("policy.toml"), POLICY).unwrap();
    std::fs::write(dir.join("cover.csv"), COVER).unwrap();
    std::fs::write(dir.join("meetings.csv"), meetings(latest)).unwrap();
    run_schedule(dir, extra)
}

/// `schedule` on the files in `dir` into `out`, quietly, with `extra` flags.
fn run_schedule(dir: &Path, extra: &[&str]) -> crate::support::Run {
    let mut args = vec![
        "schedule",
        "--rota",
        "rota.csv",
        "--shifts",
        "shifts.csv",
        "--meetings",
        "meetings.csv",
        "--policy",
        "policy.toml",
        "--cover",
        "cover.csv",
        "--out",
        "out",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join("out").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The rows of `meetings.csv` as (occurrence, date, start, end, invited, attending, reason).
fn slot_rows(dir: &Path) -> Vec<Vec<String>> {
    let text = read(dir, "meetings.csv");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            [0, 4, 5, 6, 9, 10, 15]
                .iter()
                .map(|&i| rec[i].to_string())
                .collect()
        })
        .collect()
}

/// By hand: A and B can each take 2 hours between 08:00 and 12:00 on Monday, but cover lets
/// only one of them go at a time, so one takes 08:00-10:00 and the other 10:00-12:00 (both
/// reach the 2 h target). C is on leave all week: no allowed time, and the reason says so.
/// The warning for `require_groups` on an individual requirement is not raised (empty cell).
#[test]
fn cover_keeps_two_slots_apart() {
    let dir = folder(&[]);
    let r = schedule(dir.path(), "12:00");
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    let rows = slot_rows(dir.path());
    let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ["qi@2026-W43@A", "qi@2026-W43@B", "qi@2026-W43@C"]);
    let mut times: Vec<(String, String)> = rows[..2]
        .iter()
        .map(|r| {
            assert_eq!(
                (r[1].as_str(), r[4].as_str(), r[5].as_str()),
                ("2026-10-19", "1", "1")
            );
            (r[2].clone(), r[3].clone())
        })
        .collect();
    times.sort();
    assert_eq!(
        times,
        [
            ("08:00".to_string(), "10:00".to_string()),
            ("10:00".to_string(), "12:00".to_string())
        ]
    );
    assert_eq!(
        rows[2][1..],
        [
            "",
            "",
            "",
            "1",
            "0",
            "no allowed time in this block: on its 5 allowed days they were on leave (5)"
        ]
    );
    let summary: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "summary.json")).unwrap();
    assert_eq!(summary["status"], "optimal");
    assert_eq!(summary["doctors_at_target"], 2);
    assert_eq!(summary["individual_slots"], 3);
    assert_eq!(summary["individual_slots_placed"], 2);
    let compliance = read(dir.path(), "compliance.csv");
    let c_row = compliance.lines().find(|l| l.starts_with("C,")).unwrap();
    assert!(
        c_row.starts_with("C,Cat Cole,resident,ward,0,0,1.43,no,1.43,"),
        "{c_row}"
    );

    // One event per slot, with the doctor alone as attendee.
    let ics = read(dir.path(), "engagement.ics");
    let cal = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(cal.events.len(), 2);
    for (e, who) in cal.events.iter().zip(["a@example.org", "b@example.org"]) {
        let attendees: Vec<&str> = e
            .properties
            .iter()
            .filter(|p| p.name == "ATTENDEE")
            .filter_map(|p| p.value.as_deref())
            .collect();
        assert_eq!(attendees, [format!("mailto:{who}")]);
    }
    assert!(ics.contains("UID:qi@2026-W43@A@rota-engage"), "{ics}");

    // The workbook shows each slot as the doctor's own time in their shift's cell.
    use calamine::{open_workbook, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("out/rota.xlsx")).unwrap();
    let grid = wb.worksheet_range("ward").unwrap();
    let cells: Vec<String> = (1..=2)
        .map(|r| {
            grid.get_value((r, 4))
                .map(ToString::to_string)
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(cells, ["SD + qi (own)", "SD + qi (own)"]);
    // The report lists them apart from the meetings, with C's reason.
    let html = read(dir.path(), "report.html");
    assert!(html.contains("<h2>Individual protected time</h2>"));
    assert!(html
        .contains("no allowed time in this block: on its 5 allowed days they were on leave (5)"));

    // The adjusted rota passes `check` (C's shortfall is the one finding).
    let out = dir.path().join("out");
    let c = run_in(
        dir.path(),
        &[
            "check",
            "--rota",
            &out.join("adjusted_rota.csv").display().to_string(),
            "--shifts",
            "shifts.csv",
            "--meetings",
            "meetings.csv",
            "--policy",
            "policy.toml",
            "--cover",
            "cover.csv",
            "--format",
            "csv",
        ],
    );
    let rules: Vec<(String, String)> = c
        .stdout
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[4].to_string())
        })
        .collect();
    assert_eq!(
        rules,
        [("C".to_string(), "p2_target".to_string())],
        "{}",
        c.stdout
    );
}

/// `--baseline` fixes group meetings at one time, not individual slots: each doctor's slot is
/// still placed where their rota allows, and one nobody can take is not placed (it used to be
/// fixed at Monday 08:00 and counted as placed with nobody in it).
#[test]
fn baseline_leaves_slots_to_each_doctor() {
    let dir = folder(&[]);
    let r = schedule_with(dir.path(), "12:00", &["--baseline"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = slot_rows(dir.path());
    let mut times: Vec<(&str, &str, &str)> = rows[..2]
        .iter()
        .map(|r| (r[2].as_str(), r[3].as_str(), r[5].as_str()))
        .collect();
    times.sort_unstable();
    assert_eq!(times, [("08:00", "10:00", "1"), ("10:00", "12:00", "1")]);
    assert_eq!(
        (rows[2][1].as_str(), rows[2][5].as_str()),
        ("", "0"),
        "{rows:?}"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "summary.json")).unwrap();
    assert_eq!(summary["individual_slots_placed"], 2);
}

/// With the window 08:00-10:00 only one slot fits before cover binds: exactly one of A and B
/// gets it, and the other's reason names what stopped it.
#[test]
fn a_slot_cover_cannot_spare_is_left_out_with_its_reason() {
    let dir = folder(&[]);
    let r = schedule(dir.path(), "10:00");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = slot_rows(dir.path());
    let placed: Vec<_> = rows[..2].iter().filter(|r| r[5] == "1").collect();
    assert_eq!(placed.len(), 1, "{rows:?}");
    assert_eq!(
        (placed[0][2].as_str(), placed[0][3].as_str()),
        ("08:00", "10:00")
    );
    let other = rows[..2].iter().find(|r| r[5] == "0").unwrap();
    assert!(
        other[6].starts_with("not placed: at every time they were free, cover was already spared"),
        "{other:?}"
    );
}

/// `min_attendance` and `require_groups` do not apply to individual requirements: a warning,
/// not an error.
#[test]
fn group_settings_on_an_individual_requirement_are_ignored_with_a_warning() {
    let dir = folder(&[]);
    std::fs::write(dir.path().join("rota.csv"), rota()).unwrap();
    std::fs::write(dir.path().join("shifts.csv"), SHIFTS).unwrap();
    std::fs::write(
        dir.path().join("meetings.csv"),
        "meeting_id,title,duration_min,cadence,audience,min_attendance,require_groups,format\n\
         qi,QI time,120,weekly,resident,0.5,resident,individual\n",
    )
    .unwrap();
    let r = run_in(
        dir.path(),
        &[
            "validate",
            "--rota",
            "rota.csv",
            "--shifts",
            "shifts.csv",
            "--meetings",
            "meetings.csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "warning: meetings.csv:2: column 'min_attendance': ignored: an individual requirement gives each invited doctor their own slot, so min_attendance does not apply\n\
         warning: meetings.csv:2: column 'require_groups': ignored: an individual requirement gives each invited doctor their own slot, so require_groups does not apply\n"
    );
    assert!(
        r.stdout.contains(
            "meetings: 1 requirements, 0 occurrences in the period and 3 individual slots"
        ),
        "{}",
        r.stdout
    );
}

/// A slot never overlaps a meeting of its department and staff group. A and B work 08:00-16:00
/// on Monday and cover lets both go (minimum 0). Teaching is fixed at 10:00-11:00; QI slots of
/// 2 hours may start at 08:00, 09:00 or 10:00 (window 08:00-12:00). By hand: both attend
/// teaching, and both slots go at 08:00-10:00, the one start that keeps clear of it.
#[test]
fn slots_keep_clear_of_meetings() {
    let dir = folder(&[]);
    std::fs::write(dir.path().join("rota.csv"), rota()).unwrap();
    std::fs::write(dir.path().join("shifts.csv"), SHIFTS).unwrap();
    std::fs::write(dir.path().join("policy.toml"), POLICY).unwrap();
    std::fs::write(
        dir.path().join("cover.csv"),
        "department,staff_group,weekdays,start,end,min_on_duty\nward,resident,Mon-Fri,08:00,16:00,0\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("meetings.csv"),
        "meeting_id,title,duration_min,cadence,audience,department,earliest,latest,fixed,format\n\
         teach,Teaching,60,weekly,resident,ward,,,Mon 10:00,group\n\
         qi,QI time,120,weekly,resident,ward,08:00,12:00,,individual\n",
    )
    .unwrap();
    let r = run_schedule(dir.path(), &[]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let rows = slot_rows(dir.path());
    let got: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[2].as_str(), r[3].as_str(), r[5].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("teach@2026-W43", "10:00", "11:00", "2"),
            ("qi@2026-W43@A", "08:00", "10:00", "1"),
            ("qi@2026-W43@B", "08:00", "10:00", "1"),
            ("qi@2026-W43@C", "", "", "0"),
        ]
    );
}
