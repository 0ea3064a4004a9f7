//! `check`: each rule just passing and just breaking, at its boundary.

use crate::support::{folder, run_in};

/// Runs `check --format csv` on a long-form rota (policy: no targets unless given) and returns
/// (exit code, the rule names found).
#[track_caller]
fn rules(rota: &str, policy: &str, meetings: Option<&str>) -> (i32, Vec<String>) {
    let mut files: Vec<(&str, &[u8])> = vec![
        ("rota.csv", rota.as_bytes()),
        ("policy.toml", policy.as_bytes()),
    ];
    if let Some(m) = meetings {
        files.push(("meetings.csv", m.as_bytes()));
    }
    let dir = folder(&files);
    let mut args = vec![
        "check",
        "--rota",
        "rota.csv",
        "--policy",
        "policy.toml",
        "--format",
        "csv",
    ];
    if meetings.is_some() {
        args.extend(["--meetings", "meetings.csv"]);
    }
    let r = run_in(dir.path(), &args);
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    let rules = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap_or("").to_string())
        .collect();
    (r.code, rules)
}

const NO_TARGETS: &str = "[protected_time]\nresident = { hours = 0 }\nsas = { hours = 0 }\n[cover]\nmin_fraction = 0\nmin_count = 0\n";
const HEAD: &str = "doctor_id,grade,date,start,end,kind,occurrence_id\n";

/// R1's rows, in a rota period stretched to four weeks from 2026-06-01 (or the first row) with
/// a rest day, so that the 48 h average is not what the short cases test.
fn rota(rows: &[(&str, &str, &str, &str)]) -> String {
    let mut s = HEAD.to_string();
    for (date, start, end, kind) in rows {
        s.push_str(&format!("R1,ST3,{date},{start},{end},{kind},\n"));
    }
    let first = rows.first().map_or("2026-06-01", |r| r.0);
    let d0 = chrono::NaiveDate::parse_from_str(first, "%Y-%m-%d").unwrap();
    s.push_str(&format!(
        "R1,ST3,{},,,rest,\n",
        d0 + chrono::Duration::days(27)
    ));
    s
}

fn days(
    first: &str,
    n: i64,
    start: &str,
    end: &str,
    kind: &'static str,
) -> Vec<(String, String, String, &'static str)> {
    let d0 = chrono::NaiveDate::parse_from_str(first, "%Y-%m-%d").unwrap();
    (0..n)
        .map(|i| {
            (
                (d0 + chrono::Duration::days(i)).to_string(),
                start.to_string(),
                end.to_string(),
                kind,
            )
        })
        .collect()
}

fn owned(v: &[(String, String, String, &'static str)]) -> String {
    let rows: Vec<(&str, &str, &str, &str)> = v
        .iter()
        .map(|(a, b, c, d)| (a.as_str(), b.as_str(), c.as_str(), *d))
        .collect();
    rota(&rows)
}

#[test]
fn shift_of_13h_and_the_october_night() {
    let ok = rota(&[("2026-06-10", "20:00", "09:00", "night")]);
    assert_eq!(rules(&ok, NO_TARGETS, None), (0, vec![]));
    // 20:00-09:00 is 13 h rostered, 14 h elapsed across the October change.
    let oct = rota(&[("2026-10-24", "20:00", "09:00", "night")]);
    assert_eq!(
        rules(&oct, NO_TARGETS, None),
        (1, vec!["tcs_shift_13h".to_string()])
    );
}

#[test]
fn rest_of_11h_and_the_march_change() {
    let ok = rota(&[
        ("2026-06-10", "08:00", "20:00", "long_day"),
        ("2026-06-11", "07:00", "15:00", "day"),
    ]);
    assert_eq!(rules(&ok, NO_TARGETS, None), (0, vec![]));
    let short = rota(&[
        ("2026-06-10", "08:00", "20:00", "long_day"),
        ("2026-06-11", "06:59", "15:00", "day"),
    ]);
    assert_eq!(
        rules(&short, NO_TARGETS, None),
        (1, vec!["tcs_rest_11h".to_string()])
    );
    // 21:00 Saturday to 08:00 Sunday is 11 h on the clock but 10 h across the March change.
    let march = rota(&[
        ("2026-03-28", "09:00", "21:00", "long_day"),
        ("2026-03-29", "08:00", "16:00", "day"),
    ]);
    assert_eq!(
        rules(&march, NO_TARGETS, None),
        (1, vec!["tcs_rest_11h".to_string()])
    );
}

#[test]
fn seventy_two_hours_in_168() {
    // Six 12 h days with 12 h rest: exactly 72 h in the 168 h from the first.
    let ok = days("2026-06-08", 6, "08:00", "20:00", "day");
    let (code, found) = rules(&owned(&ok), NO_TARGETS, None);
    assert!(
        !found.contains(&"tcs_72h_in_168h".to_string()),
        "{found:?} {code}"
    );
    let mut over = ok.clone();
    over[5].2 = "20:01".into();
    let (_, found) = rules(&owned(&over), NO_TARGETS, None);
    assert!(found.contains(&"tcs_72h_in_168h".to_string()), "{found:?}");
}

#[test]
fn consecutive_shifts_and_long_shifts() {
    let seven = days("2026-06-08", 7, "08:00", "16:00", "day");
    assert_eq!(rules(&owned(&seven), NO_TARGETS, None), (0, vec![]));
    let eight = days("2026-06-08", 8, "08:00", "16:00", "day");
    assert_eq!(
        rules(&owned(&eight), NO_TARGETS, None),
        (1, vec!["tcs_consecutive_shifts".to_string()])
    );
    let four = days("2026-06-08", 4, "08:00", "20:30", "long_day");
    assert_eq!(rules(&owned(&four), NO_TARGETS, None), (0, vec![]));
    let five = days("2026-06-08", 5, "08:00", "20:30", "long_day");
    assert_eq!(
        rules(&owned(&five), NO_TARGETS, None),
        (1, vec!["tcs_consecutive_long".to_string()])
    );
}

#[test]
fn nights_in_a_row_and_the_rest_after() {
    // Three nights end 08:00 Thursday; 46 h later is 06:00 Saturday.
    let mut three = days("2026-06-08", 3, "20:00", "08:00", "night");
    three.push(("2026-06-13".into(), "06:00".into(), "14:00".into(), "day"));
    assert_eq!(rules(&owned(&three), NO_TARGETS, None), (0, vec![]));
    let mut short = days("2026-06-08", 3, "20:00", "08:00", "night");
    short.push(("2026-06-13".into(), "05:59".into(), "14:00".into(), "day"));
    assert_eq!(
        rules(&owned(&short), NO_TARGETS, None),
        (1, vec!["tcs_rest_after_nights".to_string()])
    );
    // Four (long) nights then 48 h off are fine; a fifth night is not.
    let mut four = days("2026-06-08", 4, "20:00", "08:00", "night");
    four.push(("2026-06-14".into(), "08:00".into(), "16:00".into(), "day"));
    assert_eq!(rules(&owned(&four), NO_TARGETS, None), (0, vec![]));
    let five = days("2026-06-08", 5, "20:00", "08:00", "night");
    let (code, found) = rules(&owned(&five), NO_TARGETS, None);
    assert_eq!(code, 1);
    assert!(
        found.contains(&"tcs_consecutive_nights".to_string()),
        "{found:?}"
    );
}

#[test]
fn engagement_placement_and_unpaid_time() {
    let target = "[protected_time]\nresident = { hours = 0.25, per_weeks = 4 }\n[cover]\nmin_fraction = 0\nmin_count = 0\n";
    let inside = rota(&[
        ("2026-06-08", "08:00", "16:00", "day"),
        ("2026-06-08", "12:00", "13:00", "engagement"),
    ]);
    assert_eq!(rules(&inside, target, None), (0, vec![]));
    let unpaid = rota(&[
        ("2026-06-08", "08:00", "16:00", "day"),
        ("2026-06-09", "12:00", "13:00", "engagement"),
    ]);
    let (code, found) = rules(&unpaid, target, None);
    assert_eq!(code, 1);
    assert!(
        found.contains(&"p2_unpaid".to_string()) && found.contains(&"p2_target".to_string()),
        "{found:?}"
    );
    // Engagement one minute into a leave day (after a twilight that ends at midnight).
    let leave = rota(&[
        ("2026-06-08", "14:00", "00:01", "twilight"),
        ("2026-06-08", "23:30", "00:01", "engagement"),
        ("2026-06-09", "", "", "leave"),
    ]);
    let (_, found) = rules(&leave, target, None);
    assert!(found.contains(&"p2_placement".to_string()), "{found:?}");
}

#[test]
fn meetings_groups_and_attendance() {
    let m = "meeting_id,title,duration_min,cadence,audience,min_attendance,require_groups\ngov,Gov,60,weekly,resident;sas,0.5,resident;sas\n";
    let r = "doctor_id,grade,date,start,end,kind,occurrence_id\nR1,ST3,2026-06-08,08:00,16:00,day,\nR1,ST3,2026-06-08,12:00,13:00,engagement,gov@2026-W24\nS1,Specialty Doctor,2026-06-08,08:00,16:00,day,\nR1,ST3,2026-06-14,,,rest,\nS1,Specialty Doctor,2026-06-14,,,rest,\n";
    let (code, found) = rules(r, NO_TARGETS, Some(m));
    assert_eq!(code, 1);
    assert_eq!(found, ["p2_require_groups"]);
    let r2 = format!("{r}S1,Specialty Doctor,2026-06-08,12:00,13:00,engagement,gov@2026-W24\n");
    assert_eq!(rules(&r2, NO_TARGETS, Some(m)), (0, vec![]));
}

#[test]
fn weekends_warning_and_error() {
    // Six weeks; working 2 of 6 weekends is fine, 3 of 6 a warning (above 1 in 3), 4 an error.
    let mk = |n: usize| {
        let mut v = Vec::new();
        for w in 0..n {
            let sat = chrono::NaiveDate::from_ymd_opt(2026, 6, 6).unwrap()
                + chrono::Duration::days(7 * i64::try_from(w).unwrap());
            v.push((
                sat.to_string(),
                "08:00".to_string(),
                "16:00".to_string(),
                "day",
            ));
        }
        v.push((
            "2026-07-17".to_string(),
            "08:00".to_string(),
            "16:00".to_string(),
            "day",
        ));
        owned(&v)
    };
    assert_eq!(rules(&mk(2), NO_TARGETS, None), (0, vec![]));
    assert_eq!(
        rules(&mk(3), NO_TARGETS, None),
        (0, vec!["tcs_weekends".to_string()])
    );
    assert_eq!(
        rules(&mk(4), NO_TARGETS, None),
        (1, vec!["tcs_weekends".to_string()])
    );
}

#[test]
fn a_schedule_passes_check_on_its_own_inputs() {
    let dir = folder(&[]);
    let d = |f: &str| crate::support::data(&format!("small/{f}"));
    let r = run_in(
        dir.path(),
        &[
            "schedule",
            "--rota",
            &d("rota.csv"),
            "--shifts",
            &d("shifts.csv"),
            "--meetings",
            &d("meetings.csv"),
            "--policy",
            &d("policy.toml"),
            "--out",
            "out",
            "--quiet",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--rota",
            "out/adjusted_rota.csv",
            "--shifts",
            &d("shifts.csv"),
            "--meetings",
            &d("meetings.csv"),
            "--policy",
            &d("policy.toml"),
            "--format",
            "csv",
        ],
    );
    // The only findings are the targets the schedule reports as missed (R1, R3).
    let found: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap_or(""))
        .collect();
    assert_eq!(found, ["p2_target", "p2_target"], "{}", r.stdout);
    let json = run_in(
        dir.path(),
        &[
            "check",
            "--rota",
            "out/adjusted_rota.csv",
            "--shifts",
            &d("shifts.csv"),
            "--policy",
            &d("policy.toml"),
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["compliant"], false);
    assert_eq!(v["doctors_checked"], 5);
    assert_eq!(json.code, 1);
}

#[test]
fn on_call_length_consecutive_days_3_in_7_and_the_day_after() {
    let on = |rows: &[(&str, &str, &str)]| -> (i32, Vec<String>) {
        let v: Vec<(&str, &str, &str, &str)> = rows
            .iter()
            .map(|(d, s, e)| (*d, *s, *e, "on_call"))
            .collect();
        rules(&rota(&v), NO_TARGETS, None)
    };
    // 24 h from Saturday 09:00 is the longest; the same across the October change is 25 h,
    // and so are two rows that run on into each other.
    assert_eq!(on(&[("2026-06-13", "09:00", "09:00")]), (0, vec![]));
    assert_eq!(
        on(&[("2026-10-24", "09:00", "09:00")]),
        (1, vec!["tcs_on_call_length".to_string()])
    );
    assert_eq!(
        on(&[
            ("2026-06-13", "09:00", "24:00"),
            ("2026-06-14", "00:00", "10:00")
        ]),
        (1, vec!["tcs_on_call_length".to_string()])
    );
    // Saturday then Sunday may follow each other; Monday then Tuesday may not.
    assert_eq!(
        on(&[
            ("2026-06-13", "09:00", "21:00"),
            ("2026-06-14", "09:00", "21:00")
        ]),
        (0, vec![])
    );
    assert_eq!(
        on(&[
            ("2026-06-08", "17:00", "08:00"),
            ("2026-06-09", "17:00", "08:00")
        ]),
        (1, vec!["tcs_on_call_consecutive".to_string()])
    );
    // Three in seven days; a fourth (Sunday) is one too many.
    let three = [
        ("2026-06-08", "17:00", "08:00"),
        ("2026-06-10", "17:00", "08:00"),
        ("2026-06-12", "17:00", "08:00"),
    ];
    assert_eq!(on(&three), (0, vec![]));
    let mut four = three.to_vec();
    four.push(("2026-06-14", "17:00", "08:00"));
    assert_eq!(on(&four), (1, vec!["tcs_on_call_3_in_7".to_string()]));
    // The day after Monday evening's on call: 10 h of work, not 11.
    let after = |end: &str| {
        rota(&[
            ("2026-06-08", "17:00", "08:00", "on_call"),
            ("2026-06-09", "08:00", end, "day"),
        ])
    };
    assert_eq!(rules(&after("18:00"), NO_TARGETS, None), (0, vec![]));
    assert_eq!(
        rules(&after("19:00"), NO_TARGETS, None),
        (1, vec!["tcs_after_on_call".to_string()])
    );
}

#[test]
fn long_late_evening_shifts() {
    // 13:00-23:30 is long, starts before 16:00, ends after 23:00. Four then 48 h off: fine.
    let mut four = days("2026-06-08", 4, "13:00", "23:30", "long_day");
    four.push(("2026-06-14".into(), "08:00".into(), "16:00".into(), "day"));
    assert_eq!(rules(&owned(&four), NO_TARGETS, None), (0, vec![]));
    // Back the next morning but one: 33.5 h off.
    let mut back = days("2026-06-08", 4, "13:00", "23:30", "long_day");
    back.push(("2026-06-13".into(), "09:00".into(), "17:00".into(), "day"));
    // (After four long shifts the consecutive-long rule asks 48 h too.)
    let (code, found) = rules(&owned(&back), NO_TARGETS, None);
    assert_eq!(code, 1);
    assert!(found.contains(&"tcs_long_evening".to_string()), "{found:?}");
    // Five in a row (long shifts too, so the consecutive-long rule says so as well).
    let five = days("2026-06-08", 5, "13:00", "23:30", "long_day");
    let (code, found) = rules(&owned(&five), NO_TARGETS, None);
    assert_eq!(code, 1);
    assert!(found.contains(&"tcs_long_evening".to_string()), "{found:?}");
}

#[test]
fn weekly_rest_for_everyone() {
    // Fourteen days on, 8 h a day: no 24 h off in either week (a specialty doctor too).
    let v = days("2026-06-01", 14, "08:00", "16:00", "day");
    let (code, found) = rules(&owned(&v), NO_TARGETS, None);
    assert_eq!(code, 1);
    assert!(found.contains(&"wtr_weekly_rest".to_string()), "{found:?}");
    let sas = owned(&v).replace("R1,ST3,", "S1,Specialty Doctor,");
    assert_eq!(
        rules(&sas, NO_TARGETS, None),
        (1, vec!["wtr_weekly_rest".to_string()])
    );
    // Weekends off: fine.
    let mut weekdays = days("2026-06-01", 5, "08:00", "16:00", "day");
    weekdays.extend(days("2026-06-08", 5, "08:00", "16:00", "day"));
    assert_eq!(rules(&owned(&weekdays), NO_TARGETS, None), (0, vec![]));
}

#[test]
fn the_leave_adjusted_average() {
    // 190 h over four weeks: 47.5 h raw, (190 − 2.08 × 8) / (4 − 0.42) = 48.37 h with the
    // default 27 days of leave a year.
    let mut v = Vec::new();
    for monday in ["2026-06-01", "2026-06-08", "2026-06-15"] {
        v.extend(days(monday, 5, "08:00", "18:00", "day"));
    }
    v.extend(days("2026-06-22", 4, "08:00", "18:00", "day"));
    assert_eq!(
        rules(&owned(&v), NO_TARGETS, None),
        (1, vec!["tcs_avg_48h_leave_adjusted".to_string()])
    );
    // No leave to take out: 47.5 h.
    let none = format!("{NO_TARGETS}[working_time]\nannual_leave_days = 0\n");
    assert_eq!(rules(&owned(&v), &none, None), (0, vec![]));
}

/// Where open-source rota checkers have gone wrong, `check` follows the 2016 terms' wording.
#[test]
fn definitions_rota_checkers_disagree_on() {
    // Four nights touching five calendar days (Monday 20:00 to Friday 08:00) are four nights,
    // not five.
    let mut four = days("2026-06-08", 4, "20:00", "08:00", "night");
    four.push(("2026-06-14".into(), "08:00".into(), "16:00".into(), "day"));
    assert_eq!(rules(&owned(&four), NO_TARGETS, None), (0, vec![]));
    // 72 h in 168 is measured from any shift's start: six nights from Monday 20:00 (72 h),
    // then an hour's work the next Monday 08:00 are 73 h in the 168 h from the first night's
    // start, though no week from a midnight holds more than 72.
    let mut nights = days("2026-06-08", 6, "20:00", "08:00", "night");
    nights.push(("2026-06-15".into(), "08:00".into(), "09:00".into(), "day"));
    let (_, found) = rules(&owned(&nights), NO_TARGETS, None);
    assert!(found.contains(&"tcs_72h_in_168h".to_string()), "{found:?}");
    // The rota's last gap counts: a 10 h rest between its last two shifts.
    let mut last = days("2026-06-08", 3, "08:00", "16:00", "day");
    last.push((
        "2026-06-11".into(),
        "08:00".into(),
        "20:00".into(),
        "long_day",
    ));
    last.push(("2026-06-12".into(), "06:00".into(), "14:00".into(), "day"));
    assert_eq!(
        rules(&owned(&last), NO_TARGETS, None),
        (1, vec!["tcs_rest_11h".to_string()])
    );
    // A shift of exactly 10 h is not long: five in a row break no long-shift rule; five of
    // 10 h 1 min do.
    let ten = days("2026-06-08", 5, "08:00", "18:00", "day");
    assert_eq!(rules(&owned(&ten), NO_TARGETS, None), (0, vec![]));
    let over = days("2026-06-08", 5, "08:00", "18:01", "day");
    assert_eq!(
        rules(&owned(&over), NO_TARGETS, None),
        (1, vec!["tcs_consecutive_long".to_string()])
    );
}

#[test]
fn the_text_report_ends_with_its_definitions() {
    let dir = folder(&[(
        "rota.csv",
        rota(&[("2026-06-10", "08:00", "16:00", "day")]).as_bytes(),
    )]);
    let r = run_in(dir.path(), &["check", "--rota", "rota.csv"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let tail: Vec<&str> = r
        .stdout
        .lines()
        .skip_while(|l| *l != "definitions:")
        .collect();
    assert_eq!(tail.len(), 13, "{}", r.stdout);
    assert!(
        tail.contains(&"  long: over 10 h (10 h exactly is not long)"),
        "{tail:?}"
    );
    assert!(
        tail.iter().any(|l| l.contains(
            "(D − E·C) / (B − E/5) with E = A·B/52, A = 27 leave days a year, C = 8 h a leave day"
        )),
        "{tail:?}"
    );
}

#[test]
fn details_show_the_arithmetic() {
    // Six 12 h days and one minute more: which shifts, and the sum.
    let mut over = days("2026-06-08", 6, "08:00", "20:00", "day");
    over[5].2 = "20:01".into();
    let dir = folder(&[("rota.csv", owned(&over).as_bytes())]);
    let r = run_in(
        dir.path(),
        &["check", "--rota", "rota.csv", "--format", "csv"],
    );
    assert!(
        r.stdout.contains("72 h 1 min worked in the 168 h from Mon 8 Jun 08:00 to Mon 15 Jun 08:00: 6 shifts, 12 h + 12 h + 12 h + 12 h + 12 h + 12 h 1 min = 72 h 1 min"),
        "{}",
        r.stdout
    );
    // A rest between two shifts names both ends.
    let short = rota(&[
        ("2026-06-10", "08:00", "20:00", "long_day"),
        ("2026-06-11", "06:59", "15:00", "day"),
    ]);
    let dir = folder(&[("rota.csv", short.as_bytes())]);
    let r = run_in(
        dir.path(),
        &["check", "--rota", "rota.csv", "--format", "csv"],
    );
    assert!(
        r.stdout
            .contains("10 h 59 min rest between shifts, Wed 10 Jun 20:00 to Thu 11 Jun 06:59"),
        "{}",
        r.stdout
    );
}

#[test]
fn on_call_rules_fold_onto_a_template_line() {
    use crate::workbooks::{xlsx, SheetSpec};
    let mut s = SheetSpec::new("Template");
    s.row(
        0,
        0,
        &["Line", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    );
    s.row(
        1,
        0,
        &[
            "1", "On call", "On call", "Zero", "Zero", "Zero", "Zero", "Zero",
        ],
    );
    s.row(
        2,
        0,
        &[
            "2",
            "08:00-17:00",
            "08:00-17:00",
            "08:00-17:00",
            "08:00-17:00",
            "08:00-17:00",
            "Zero",
            "Zero",
        ],
    );
    // The legend below the template.
    s.row(5, 0, &["On call", "17:00-09:00"]);
    let layout = b"[template]\nfirst_monday = \"2026-01-05\"\n";
    let dir = folder(&[("rota.xlsx", &xlsx(&[s], false)), ("layout.toml", layout)]);
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--rota",
            "rota.xlsx",
            "--layout",
            "layout.toml",
            "--format",
            "csv",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let found: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains(",tcs_on_call_consecutive,"))
        .collect();
    assert_eq!(found.len(), 1, "{}", r.stdout);
    assert!(found[0].contains("(template line 1"), "{}", found[0]);
}

#[test]
fn a_short_target_lists_the_engagement_it_counted() {
    let csv = "doctor_id,grade,date,start,end,kind,occurrence_id\n\
               R1,ST3,2026-06-08,08:00,16:00,day,\n\
               R1,ST3,2026-06-08,12:00,12:30,engagement,\n\
               R1,ST3,2026-06-14,,,rest,\n";
    let policy = "[protected_time]\nresident = { hours = 1, per_weeks = 1 }\n[cover]\nmin_fraction = 0\nmin_count = 0\n";
    let dir = folder(&[
        ("rota.csv", csv.as_bytes()),
        ("policy.toml", policy.as_bytes()),
    ]);
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--rota",
            "rota.csv",
            "--policy",
            "policy.toml",
            "--format",
            "csv",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("0.5 h of protected engagement time (30 min on Mon 8 Jun 12:00-12:30) against a target of 1 h over the rota period"),
        "{}",
        r.stdout
    );
}

/// Each new rule through a grid (names down, dates across, labels from a shifts file), saved as
/// a workbook and as CSV: one doctor a rule, and the rule found for that doctor in both.
#[test]
fn each_new_rule_through_a_grid_and_a_workbook() {
    use crate::workbooks::{days, xlsx, SheetSpec, V};
    let shifts = "code,start,end,kind\n\
                  OC,17:00,08:00,on_call\n\
                  OCA,09:00,00:00,on_call\n\
                  OCB,00:00,10:00,on_call\n\
                  L11,08:00,19:00,long_day\n\
                  LE,13:00,23:30,long_day\n\
                  LD,08:00,20:00,long_day\n\
                  H4,09:00,13:00,day\n\
                  N,20:00,08:30,night\n\
                  D,08:00,17:00,day\n";
    // Two weeks from Monday 8 June 2026; a blank cell is a day off.
    let lines: [(&str, &str, [&str; 14]); 8] = [
        // Saturday 09:00 to midnight, then on till Sunday 10:00: one period of 25 h.
        (
            "A",
            "tcs_on_call_length",
            ["", "", "", "", "", "OCA", "OCB", "", "", "", "", "", "", ""],
        ),
        (
            "B",
            "tcs_on_call_consecutive",
            ["OC", "OC", "", "", "", "", "", "", "", "", "", "", "", ""],
        ),
        (
            "C",
            "tcs_on_call_3_in_7",
            [
                "OC", "", "OC", "", "OC", "", "OC", "", "", "", "", "", "", "",
            ],
        ),
        (
            "D",
            "tcs_after_on_call",
            ["OC", "L11", "", "", "", "", "", "", "", "", "", "", "", ""],
        ),
        (
            "E",
            "tcs_long_evening",
            [
                "LE", "LE", "LE", "LE", "LE", "", "", "", "", "", "", "", "", "",
            ],
        ),
        // 8 × 12 h = 96 h in 2 weeks: 48.00 raw, (96 − 1.04 × 8) / (2 − 0.21) = 48.93 adjusted.
        (
            "F",
            "tcs_avg_48h_leave_adjusted",
            [
                "LD", "LD", "LD", "LD", "", "", "", "LD", "LD", "LD", "LD", "", "", "",
            ],
        ),
        ("G", "wtr_weekly_rest", ["H4"; 14]),
        (
            "H",
            "rota_overlap",
            ["N", "D", "", "", "", "", "", "", "", "", "", "", "", ""],
        ),
    ];
    let mut s = SheetSpec::new("Rota");
    s.row(0, 0, &["Name", "Grade"]);
    let first = chrono::NaiveDate::from_ymd_opt(2026, 6, 8).unwrap();
    for (k, d) in days(first, 14).into_iter().enumerate() {
        s.set(0, 2 + u16::try_from(k).unwrap(), V::D(d));
    }
    for (r, (name, _, cells)) in lines.iter().enumerate() {
        let r = 1 + u32::try_from(r).unwrap();
        s.row(r, 0, &[&format!("Dr {name}"), "ST4"]);
        s.row(r, 2, cells);
    }
    let csv = s.csv(',');
    let book = xlsx(&[s], false);
    let dir = folder(&[
        ("rota.csv", csv.as_bytes()),
        ("rota.xlsx", &book),
        ("shifts.csv", shifts.as_bytes()),
        ("policy.toml", NO_TARGETS.as_bytes()),
    ]);
    for file in ["rota.csv", "rota.xlsx"] {
        let r = run_in(
            dir.path(),
            &[
                "check",
                "--rota",
                file,
                "--shifts",
                "shifts.csv",
                "--policy",
                "policy.toml",
                "--format",
                "csv",
            ],
        );
        assert_eq!(r.code, 1, "{file}: {}", r.stderr);
        for (name, rule, _) in &lines {
            let hit = r.stdout.lines().any(|l| {
                let f: Vec<&str> = l.split(',').collect();
                f.get(1) == Some(&format!("Dr {name}").as_str()) && f.get(4) == Some(rule)
            });
            assert!(hit, "{file}: Dr {name} has no {rule}:\n{}", r.stdout);
        }
    }
}
