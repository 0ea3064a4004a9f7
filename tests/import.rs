//! Rota spreadsheets as departments keep them: workbooks and CSV saves in the layouts trusts
//! use, read by `import` and taken directly by `validate`, `check` and `schedule`.

use chrono::NaiveDate;

use crate::support::{folder, listing, run_in};
use crate::workbooks::{days, t, xlsx, SheetSpec, V};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

/// An A&E rota, doctors across: sub-specialties above the names, grades below, week numbers
/// in A, Excel dates in B, day names in C, a blank separator column, a vacant post, a
/// "Requested Leave" side table, a legend block beside the grid and a note in the grid.
fn ae_rota() -> SheetSpec {
    let mut s = SheetSpec::new("Aug 19");
    s.row(0, 3, &["RESP", "RESP", "", "CARDIO", "GASTRO"]);
    s.row(
        1,
        0,
        &[
            "Week",
            "Date",
            "Day",
            "Amy Bell",
            "Raj Patel",
            "",
            "Chloe Ward",
            "Vacant",
            "",
            "Requested Leave",
        ],
    );
    s.row(2, 3, &["F2", "CMT", "", "GP 0.8 LTFT"]);
    s.row(0, 11, &["KEY"]);
    for (k, (label, times)) in [
        ("Early", "08:00 - 17:00"),
        ("Late", "13:00-22:15"),
        ("Twilight", "17:00-02:00"),
        ("Night", "22:00 - 08:30"),
        ("Induction", "0900-1700"),
    ]
    .iter()
    .enumerate()
    {
        s.row(1 + k as u32, 11, &[label, times]);
    }
    let amy = [
        "Induction",
        "Early",
        "Early",
        "Late",
        "Late",
        "Off",
        "Off",
        "Night",
        "Night",
        "Night",
        "off day",
        "(off)",
        "Early",
        "AL",
    ];
    let raj = [
        "Early",
        "Late",
        "Late",
        "Twilight",
        "Off",
        "Early",
        "Early",
        "Off",
        "AL",
        "annual leave 9 days + 1 bank holiday",
        "AL",
        "SL",
        "Late",
        "Late",
    ];
    let chloe = [
        "Late",
        "Off",
        "Early",
        "Early",
        "07:45 - 18:00",
        "",
        "night",
        "NIGHT",
        "Off",
        "Off",
        "Early",
        "Early",
        "Late",
        "Off",
    ];
    let names = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    for (k, d) in days(date(2019, 8, 5), 14).into_iter().enumerate() {
        let r = 3 + k as u32;
        if k % 7 == 0 {
            s.set(r, 0, V::N((k / 7 + 1) as f64));
        }
        s.set(r, 1, V::D(d));
        s.set(r, 2, t(names[k % 7]));
        s.row(
            r,
            3,
            &[
                amy[k],
                raj[k],
                "",
                chloe[k],
                if k < 3 { "Early" } else { "" },
            ],
        );
    }
    s.set(4, 9, V::D(date(2019, 8, 12)));
    s.set(5, 9, t("Raj AL week 2"));
    s.set(20, 3, t("Raj starts 05/08"));
    s
}

const AE_SUMMARY: &str =
    "valid: 3 doctors, 40 rota rows, 2019-08-05 to 2019-08-18 (14 days, Europe/London)
  Aug 19: 3 resident
meetings: 0 requirements, 0 occurrences in the period
cover rules: 0
";

#[test]
fn a_and_e_rota_doctors_across_in_a_workbook() {
    let dir = folder(&[("rota.xlsx", &xlsx(&[ae_rota()], false))]);
    let r = run_in(dir.path(), &["import", "rota.xlsx", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "read rota.xlsx!Aug 19: 3 doctors, 40 rota rows, 2019-08-05 to 2019-08-18; 11 labels, 4 notes; 5 cells beside the grid not read, 1 remark in the grid kept as a note (each named in import.txt)\n\
         wrote rota.csv, shifts.csv and import.txt to out\n"
    );
    assert_eq!(
        listing(&dir.path().join("out")),
        ["import.txt", "rota.csv", "shifts.csv"]
    );
    let report = std::fs::read_to_string(dir.path().join("out/import.txt")).unwrap();
    for line in [
        "sheet read: rota.xlsx!Aug 19",
        "orientation: doctors across (one column each), dates down",
        "names: D2:G2",
        "grades: D3:G3",
        "dates: B4:B17 (14 dates)",
        "grid: D4:G17",
        "department: Aug 19",
        "period: 2019-08-05 to 2019-08-18 (14 days)",
        "  amy-bell                 Amy Bell                     F2 (resident)  [Aug 19!D2]",
        "  chloe-ward               Chloe Ward                   GP (resident, fte 0.8)  [Aug 19!G2]",
        "  \"Early\"                 10 cells  08:00-17:00  day          legend Aug 19!L2 (first Aug 19!D5)",
        "  \"Twilight\"               1 cells  17:00-02:00  night        legend Aug 19!L4 (first Aug 19!E7)",
        "  \"off day\"                1 cells  untimed      rest         its words (first Aug 19!D14)",
        "  \"Night\"                  5 cells  22:00-08:30  night        legend Aug 19!L5 (first Aug 19!D11)",
        "  Aug 19!H2: \"Vacant\" is not a doctor; its 3 cells are not read",
        "  Aug 19!J2: \"Requested Leave\" heads a side table, not a doctor; its 2 cells are not read",
        "  Aug 19!E13: \"annual leave 9 days + 1 bank holiday\" reads as a remark, not a shift (1 cells); kept as a note row (kind note) that nothing else reads",
    ] {
        assert!(report.lines().any(|l| l == line), "{line:?} not in\n{report}");
    }
    let rota = std::fs::read_to_string(dir.path().join("out/rota.csv")).unwrap();
    for line in [
        "doctor_id,name,grade,staff_group,department,date,start,end,kind,shift,meeting_id,occurrence_id,start_at,end_at,fte",
        "amy-bell,Amy Bell,F2,resident,Aug 19,2019-08-05,09:00,17:00,teaching,Induction,,,2019-08-05T09:00:00+01:00,2019-08-05T17:00:00+01:00,1",
        "chloe-ward,Chloe Ward,GP,resident,Aug 19,2019-08-11,22:00,08:30,night,night,,,2019-08-11T22:00:00+01:00,2019-08-12T08:30:00+01:00,0.8",
        // A remark in the grid is kept as a note row, no shift.
        "raj-patel,Raj Patel,CMT,resident,Aug 19,2019-08-14,,,note,annual leave 9 days + 1 bank holiday,,,,,1",
        // Untimed leave keeps its times empty (no invented midnight to midnight).
        "raj-patel,Raj Patel,CMT,resident,Aug 19,2019-08-16,,,study_leave,SL,,,,,1",
    ] {
        assert!(rota.lines().any(|l| l == line), "{line:?} not in\n{rota}");
    }
    assert!(
        rota.contains("chloe-ward,Chloe Ward,GP,resident,Aug 19,2019-08-09,07:45,18:00,long_day,07:45 - 18:00,"),
        "a cell holding its own times is that shift"
    );
    assert!(
        !rota.contains("chloe-ward,Chloe Ward,GP,resident,Aug 19,2019-08-10"),
        "Chloe's blank Saturday is not rostered: {rota}"
    );
    // The other commands take the workbook directly, and the long form it wrote reads back
    // as the same rota.
    let v = run_in(dir.path(), &["validate", "--rota", "rota.xlsx"]);
    assert_eq!(v.code, 0, "{}", v.stderr);
    assert_eq!(v.stdout, AE_SUMMARY);
    assert_eq!(
        v.stderr,
        "warning: rota.xlsx!Aug 19: read as a rota spreadsheet: doctors across (one column each), dates down, 3 doctors, 11 labels, 4 notes (run `rota-engage import` to review how each cell was read)\n"
    );
    let back = run_in(dir.path(), &["validate", "--rota", "out/rota.csv"]);
    assert_eq!(
        (back.code, back.stdout.as_str()),
        (0, AE_SUMMARY),
        "{}",
        back.stderr
    );
    let back = run_in(
        dir.path(),
        &[
            "validate",
            "--rota",
            "out/rota.csv",
            "--shifts",
            "out/shifts.csv",
        ],
    );
    assert_eq!(
        (back.code, back.stdout.as_str()),
        (0, AE_SUMMARY),
        "{}",
        back.stderr
    );
    let c = run_in(
        dir.path(),
        &["check", "--rota", "rota.xlsx", "--format", "csv"],
    );
    assert_eq!(c.code, 1, "{}", c.stderr);
    assert!(
        c.stdout
            .contains("amy-bell,Amy Bell,resident,Aug 19,p2_target,error"),
        "{}",
        c.stdout
    );
}

/// The same sheet saved as CSV by a European Excel: `;`, a byte-order mark, CRLF, text dates.
#[test]
fn the_same_rota_as_a_csv_save_with_semicolons_and_a_bom() {
    let mut csv = String::from("\u{feff}");
    csv.push_str(&ae_rota().csv(';'));
    let dir = folder(&[
        ("rota.xlsx", &xlsx(&[ae_rota()], false)),
        ("rota.csv", csv.as_bytes()),
    ]);
    let a = run_in(dir.path(), &["import", "rota.xlsx", "--out", "a"]);
    let b = run_in(
        dir.path(),
        &["import", "rota.csv", "--department", "Aug 19", "--out", "b"],
    );
    assert_eq!((a.code, b.code), (0, 0), "{}{}", a.stderr, b.stderr);
    let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap();
    assert_eq!(read("a/rota.csv"), read("b/rota.csv"));
    assert!(
        read("b/import.txt").contains("  Aug 19: \"Vacant\"")
            || read("b/import.txt").contains("H2: \"Vacant\" is not a doctor")
    );
}

/// An FY1 surgical rota, doctors down: a merged title, a "rota pattern" row, merged week
/// headers, day names and text dates across, leave merged over five days, a "clinical
/// supervisor" row, legend lines in a side column; across the October clock change.
fn surgery_rota() -> SheetSpec {
    let mut s = SheetSpec::new("FY1 Surgery");
    s.set(0, 0, t("FY1 Surgery Rota Oct 18")).merge(0, 0, 0, 9);
    s.row(1, 0, &["rota pattern", "", "444", "4224"]);
    s.set(2, 2, t("WEEK 1")).merge(2, 2, 2, 8);
    s.set(2, 9, t("WEEK 2")).merge(2, 9, 2, 15);
    s.row(3, 0, &["Name", "Grade"]);
    let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    for (k, d) in days(date(2018, 10, 22), 14).into_iter().enumerate() {
        let c = 2 + k as u16;
        s.set(3, c, t(names[k % 7]));
        s.set(4, c, t(&d.format("%d/%m/%Y").to_string()));
    }
    s.row(
        5,
        0,
        &[
            "Dr Amy Bell",
            "FY1",
            "D",
            "D",
            "D",
            "D",
            "OFF",
            "N",
            "N",
            "OFF",
            "OFF",
            "D",
            "D",
            "LD",
            "",
            "",
        ],
    );
    s.row(6, 0, &["Dr Raj Patel", "F1"]);
    s.set(6, 2, t("AL")).merge(6, 2, 6, 6);
    s.row(6, 7, &["D", "D", "N", "N", "N", "OFF", "OFF", "D", "D"]);
    s.row(7, 0, &["TBA", "FY1", "D", "D"]);
    s.row(8, 0, &["clinical supervisor", "", "Mr Oak", "Ms Elm"]);
    s.row(5, 17, &["D: 08:00-17:00"]);
    s.row(6, 17, &["N: 20:00-08:30"]);
    s.row(7, 17, &["LD: 08:00-20.30"]);
    s
}

#[test]
fn doctors_down_with_title_rows_merged_cells_and_legend_lines() {
    let dir = folder(&[("rota.xlsx", &xlsx(&[surgery_rota()], false))]);
    let r = run_in(dir.path(), &["import", "rota.xlsx", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = std::fs::read_to_string(dir.path().join("out/import.txt")).unwrap();
    for line in [
        "orientation: doctors down (one row each), dates across",
        "names: A6:A7",
        "grades: B6:B7",
        "dates: C5:P5 (14 dates)",
        "  dr-amy-bell              Dr Amy Bell                  FY1 (resident)  [FY1 Surgery!A6]",
        "  \"AL\"                     5 cells  untimed      leave        its words (first FY1 Surgery!C7)",
        "  \"N\"                      5 cells  20:00-08:30  night        legend FY1 Surgery!R7 (first FY1 Surgery!H6)",
        "  FY1 Surgery!A1: \"FY1 Surgery Rota Oct 18\" runs across the grid as a title; not read",
        "  FY1 Surgery!A8: \"TBA\" is not a doctor; its 2 cells are not read",
        "  FY1 Surgery!A9: \"clinical supervisor\" heads a side table, not a doctor; its 2 cells are not read",
    ] {
        assert!(report.lines().any(|l| l == line), "{line:?} not in\n{report}");
    }
    let rota = std::fs::read_to_string(dir.path().join("out/rota.csv")).unwrap();
    // Amy's night on Saturday 27 October runs 13.5 hours: the clocks go back.
    assert!(rota.contains(
        "dr-amy-bell,Dr Amy Bell,FY1,resident,FY1 Surgery,2018-10-27,20:00,08:30,night,N,,,2018-10-27T20:00:00+01:00,2018-10-28T08:30:00+00:00"
    ), "{rota}");
    let c = run_in(
        dir.path(),
        &["check", "--rota", "rota.xlsx", "--format", "csv"],
    );
    assert!(
        c.stdout.lines().any(|l| l.starts_with("dr-amy-bell,Dr Amy Bell,resident,FY1 Surgery,tcs_shift_13h,error,2018-10-27 20:00,2018-10-28 08:30,13.5,13")),
        "{}",
        c.stdout
    );
}

/// Placeholder names, no grades, codes defined on a `KEY TO ROTA` sheet, dates in the 1904
/// system.
fn keyed_rota() -> Vec<SheetSpec> {
    let mut key = SheetSpec::new("KEY TO ROTA");
    key.row(0, 0, &["Code", "Description", "Times", "Hours"]);
    key.row(1, 0, &["E WARD HD", "Early ward", "07.30 - 17.30", "10"]);
    key.row(2, 0, &["TR LATE", "Trauma late", "14:00 -00:00", "10"]);
    key.row(
        3,
        0,
        &[
            "NIGHT TR & WD",
            "Night trauma and ward",
            "21:00-08:00",
            "11",
        ],
    );
    key.row(4, 0, &["Z", "Zero day"]);
    let mut rota = SheetSpec::new("Rota");
    rota.row(0, 0, &["Date", "1 Name 1", "2 Name 2", "3 Name 3"]);
    let cells = [
        ["E WARD HD", "TR LATE", "Z"],
        ["E WARD HD", "TR LATE", "NIGHT TR & WD"],
        ["Z", "Z", "NIGHT TR & WD"],
        ["TR LATE", "E WARD HD", "Z"],
    ];
    for (k, d) in days(date(2019, 3, 4), 4).into_iter().enumerate() {
        let r = 1 + k as u32;
        rota.set(r, 0, V::D(d));
        rota.row(r, 1, &cells[k]);
    }
    vec![rota, key]
}

#[test]
fn a_legend_sheet_1904_dates_and_no_grades() {
    let dir = folder(&[("rota.xlsx", &xlsx(&keyed_rota(), true))]);
    let r = run_in(dir.path(), &["import", "rota.xlsx", "--out", "out"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: rota.xlsx!Rota: has no grades beside the names (expected a grade row or column, --grade GRADE, or grades = \"D2:P2\" in a layout file)\n\
         1 error found; nothing was written\n"
    );
    assert!(!dir.path().join("out").exists());
    let r = run_in(
        dir.path(),
        &["import", "rota.xlsx", "--grade", "ST3", "--out", "out"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = std::fs::read_to_string(dir.path().join("out/import.txt")).unwrap();
    for line in [
        "  Rota: a rota grid of 3 doctors and 4 dates",
        "  KEY TO ROTA: a legend of 4 labels",
        "period: 2019-03-04 to 2019-03-07 (4 days)",
        "  \"TR LATE\"                3 cells  14:00-00:00  twilight     legend KEY TO ROTA!A3 (first Rota!B5)",
        "  \"Z\"                      4 cells  untimed      rest         legend KEY TO ROTA!A5 (first Rota!B4)",
        "  \"NIGHT TR & WD\"          2 cells  21:00-08:00  night        legend KEY TO ROTA!A4 (first Rota!D3)",
    ] {
        assert!(report.lines().any(|l| l == line), "{line:?} not in\n{report}");
    }
}

#[test]
fn three_rotation_sheets_need_a_choice() {
    let mut sheets = Vec::new();
    for name in ["dec 18", "april 19", "Aug 19"] {
        let mut s = ae_rota();
        s.name = name.to_string();
        sheets.push(s);
    }
    let dir = folder(&[("rota.xlsx", &xlsx(&sheets, false))]);
    let r = run_in(dir.path(), &["validate", "--rota", "rota.xlsx"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: rota.xlsx: has 3 sheets holding a rota (expected --sheet NAME to say which; sheets: \"dec 18\" (a rota grid of 3 doctors and 14 dates), \"april 19\" (a rota grid of 3 doctors and 14 dates), \"Aug 19\" (a rota grid of 3 doctors and 14 dates))\n\
         1 error found; nothing was written\n"
    );
    let r = run_in(
        dir.path(),
        &["validate", "--rota", "rota.xlsx", "--sheet", "April 19"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("  april 19: 3 resident"), "{}", r.stdout);
    let r = run_in(
        dir.path(),
        &["validate", "--rota", "rota.xlsx", "--sheet", "May 19"],
    );
    assert_eq!(
        r.stderr,
        "error: rota.xlsx: has no sheet \"May 19\" (expected one of: \"dec 18\" (a rota grid of 3 doctors and 14 dates), \"april 19\" (a rota grid of 3 doctors and 14 dates), \"Aug 19\" (a rota grid of 3 doctors and 14 dates))\n\
         1 error found; nothing was written\n"
    );
}

#[test]
fn labels_that_cannot_be_read_name_their_cells_all_at_once() {
    let mut s = ae_rota();
    s.set(7, 3, t("clinic am/ward pm"));
    s.set(8, 3, t("clinic am/ward pm"));
    s.set(9, 4, t("night shift"));
    s.set(10, 6, t("SPA"));
    let dir = folder(&[("rota.xlsx", &xlsx(&[s], false))]);
    let r = run_in(dir.path(), &["import", "rota.xlsx", "--out", "out"]);
    assert_eq!(r.code, 2);
    let expected = "expected a legend entry such as \"Early | 08:00 - 17:00\" beside the grid or on a key sheet, a --shifts file, or [labels] in a layout file";
    assert_eq!(
        r.stderr,
        format!(
            "error: rota.xlsx!Aug 19!D8: label \"clinic am/ward pm\" is not in the legend and its words say nothing of its times ({expected}) (and 1 more cells)\n\
             error: rota.xlsx!Aug 19!E10: label \"night shift\" reads as night by its words but has no times ({expected})\n\
             error: rota.xlsx!Aug 19!G11: label \"SPA\" reads as non_clinical by its words but has no times ({expected})\n\
             help: 3 labels with no times; fill in these lines, put them in a layout file (or add them to yours) and pass it with --layout (kinds: {kinds}):\n\
             [labels]\n\
             \"clinic am/ward pm\" = {{ start = \"\", end = \"\", kind = \"\" }}\n\
             \"night shift\" = {{ start = \"\", end = \"\", kind = \"night\" }}\n\
             \"SPA\" = {{ start = \"\", end = \"\", kind = \"non_clinical\" }}\n\
             3 errors found; nothing was written\n",
            kinds = "day, long_day, night, twilight, on_call, non_clinical, teaching, engagement, rest, leave, study_leave"
        )
    );
    assert!(!dir.path().join("out").exists());
    // The lines offered, filled in, read the rota.
    let help: String = r
        .stderr
        .lines()
        .skip_while(|l| *l != "[labels]")
        .take(4)
        .map(|l| {
            l.replacen(
                "start = \"\", end = \"\"",
                "start = \"09:00\", end = \"17:00\"",
                1,
            )
            .replace("kind = \"night\"", "kind = \"day\"")
                + "\n"
        })
        .collect();
    std::fs::write(dir.path().join("filled.toml"), help).unwrap();
    let r = run_in(
        dir.path(),
        &[
            "import",
            "rota.xlsx",
            "--layout",
            "filled.toml",
            "--out",
            "filled",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // `--shifts` or a layout file says what they are.
    let layout = b"[labels]\n\"clinic am/ward pm\" = { start = \"09:00\", end = \"17:00\", kind = \"day\" }\n\"SPA\" = { start = \"09:00\", end = \"13:00\" }\n";
    let shifts = b"code,start,end,kind\nNIGHT SHIFT,22:00,08:30,night\n";
    std::fs::write(dir.path().join("layout.toml"), layout).unwrap();
    std::fs::write(dir.path().join("shifts.csv"), shifts).unwrap();
    let r = run_in(
        dir.path(),
        &[
            "import",
            "rota.xlsx",
            "--layout",
            "layout.toml",
            "--shifts",
            "shifts.csv",
            "--out",
            "out",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = std::fs::read_to_string(dir.path().join("out/import.txt")).unwrap();
    for line in [
        "  \"clinic am/ward pm\"      2 cells  09:00-17:00  day          layout file layout.toml (first Aug 19!D8)",
        "  \"SPA\"                    1 cells  09:00-13:00  non_clinical layout file layout.toml (first Aug 19!G11)",
        "  \"night shift\"            1 cells  22:00-08:30  night        --shifts (first Aug 19!E10)",
    ] {
        assert!(report.lines().any(|l| l == line), "{line:?} not in\n{report}");
    }
}

/// A sheet detection cannot read alone: the names in a row below a "Post" row that also
/// looks like names, grades as local post titles; the layout file says where they are.
#[test]
fn a_layout_file_for_what_detection_cannot_see() {
    let mut s = SheetSpec::new("Sheet1");
    s.row(0, 1, &["Post A", "Post B", "Post C"]);
    s.row(1, 1, &["Amy Bell", "Raj Patel", "Chloe Ward"]);
    s.row(
        2,
        1,
        &["Clinical Fellow", "Clinical Fellow", "Specialty Doctor"],
    );
    for (k, d) in days(date(2026, 3, 23), 14).into_iter().enumerate() {
        let r = 3 + k as u32;
        s.set(r, 0, V::D(d));
        s.row(
            r,
            1,
            &[
                if k % 7 < 5 { "ward" } else { "off day" },
                "ward",
                if k % 2 == 0 { "ward" } else { "" },
            ],
        );
    }
    let layout = br#"names = "B2:D2"
grades = "B3:D3"
dates = "A4:A17"
department = "Care of the Elderly"
[labels]
"ward" = { start = "08:00", end = "17:00", kind = "day" }
[groups]
"Clinical Fellow" = "sas"
"#;
    let dir = folder(&[("rota.xlsx", &xlsx(&[s], false)), ("layout.toml", layout)]);
    let r = run_in(
        dir.path(),
        &["validate", "--rota", "rota.xlsx", "--layout", "layout.toml"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "valid: 3 doctors, 35 rota rows, 2026-03-23 to 2026-04-05 (14 days, Europe/London)\n  Care of the Elderly: 3 sas\nmeetings: 0 requirements, 0 occurrences in the period\ncover rules: 0\n"
    );
    // Without the layout file's [groups], a Clinical Fellow is read as resident, and the
    // report says so.
    let without_groups =
        String::from_utf8_lossy(layout).replace("[groups]\n\"Clinical Fellow\" = \"sas\"\n", "");
    std::fs::write(dir.path().join("layout2.toml"), without_groups).unwrap();
    let r = run_in(
        dir.path(),
        &[
            "import",
            "rota.xlsx",
            "--layout",
            "layout2.toml",
            "--out",
            "out",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = std::fs::read_to_string(dir.path().join("out/import.txt")).unwrap();
    assert!(report.contains("  \"Amy Bell\": grade \"Clinical Fellow\" read as resident (locally employed doctors work on resident rotas); if they are SAS, say [groups] \"Clinical Fellow\" = \"sas\" in a layout file"), "{report}");
}

/// `cohorts` says where later cohorts' names start when `names` is given (which turns their
/// detection off); `skip` takes cells out of the rota. Both as the page's corrections write them.
#[test]
fn layout_cohorts_and_skip() {
    let mut s = SheetSpec::new("Rota");
    s.row(0, 1, &["Amy Bell", "Raj Patel"]);
    s.row(1, 1, &["F1", "F1"]);
    s.row(9, 1, &["Cal Dunn", "Dee Ellis"]);
    s.row(10, 1, &["F1", "F1"]);
    let first = days(date(2026, 3, 23), 7);
    let second = days(date(2026, 3, 30), 7);
    for (k, d) in first.into_iter().enumerate() {
        let r = 2 + k as u32;
        s.set(r, 0, V::D(d));
        let raj = if k == 2 {
            "ask Amy about a swap"
        } else {
            "ward"
        };
        s.row(r, 1, &["ward", raj]);
    }
    for (k, d) in second.into_iter().enumerate() {
        let r = 11 + k as u32;
        s.set(r, 0, V::D(d));
        s.row(r, 1, &["ward", "off day"]);
    }
    let base = "names = \"B1:C1\"\ngrades = \"B2:C2\"\n[labels]\n\"ward\" = { start = \"08:00\", end = \"17:00\", kind = \"day\" }\n\"off day\" = { kind = \"rest\" }\n";
    let with = format!("cohorts = [\"B10:C10\"]\nskip = [\"C5\"]\n{base}");
    let dir = folder(&[
        ("rota.xlsx", &xlsx(&[s], false)),
        ("given.toml", base.as_bytes()),
        ("cohorts.toml", with.as_bytes()),
    ]);
    let import = |layout: &str, out: &str| {
        let r = run_in(
            dir.path(),
            &["import", "rota.xlsx", "--layout", layout, "--out", out],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        std::fs::read_to_string(dir.path().join(out).join("rota.csv")).unwrap()
    };
    // Names given, no cohorts: Amy and Raj own every dated row (the second names row is not
    // a date), which is the reading to correct.
    let wrong = import("given.toml", "a");
    assert!(
        wrong.contains("amy-bell,Amy Bell,F1,resident,Rota,2026-04-05"),
        "{wrong}"
    );
    assert!(!wrong.contains("cal-dunn"), "{wrong}");
    assert!(
        wrong.contains("ask Amy about a swap"),
        "a remark kept as a note: {wrong}"
    );
    // With the second cohort's names: each cohort its own weeks.
    let right = import("cohorts.toml", "b");
    assert!(
        right.contains("cal-dunn,Cal Dunn,F1,resident,Rota,2026-03-30"),
        "{right}"
    );
    assert!(
        !right.contains("amy-bell,Amy Bell,F1,resident,Rota,2026-03-30"),
        "{right}"
    );
    assert!(
        !right.contains("swap"),
        "the skipped notes are not read: {right}"
    );
    // A range that is not one, in either key: said with its line.
    std::fs::write(
        dir.path().join("bad.toml"),
        "cohorts = [\"B10:C10\", 3]\nskip = \"nowhere\"\n",
    )
    .unwrap();
    let r = run_in(
        dir.path(),
        &["import", "rota.xlsx", "--layout", "bad.toml", "--out", "c"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("bad.toml:1: key 'cohorts': is not a list of cell ranges"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("bad.toml:2: key 'skip': \"nowhere\" is not a cell range"),
        "{}",
        r.stderr
    );
}

#[test]
fn schedule_takes_the_workbook_directly() {
    let meetings = "meeting_id,title,duration_min,cadence,audience,department,weekdays,earliest,latest\nteach,Teaching,60,weekly,resident,Aug 19,Mon-Fri,09:00,17:00\n";
    let dir = folder(&[
        ("rota.xlsx", &xlsx(&[ae_rota()], false)),
        ("meetings.csv", meetings.as_bytes()),
    ]);
    let r = run_in(
        dir.path(),
        &[
            "schedule",
            "--rota",
            "rota.xlsx",
            "--meetings",
            "meetings.csv",
            "--out",
            "out",
            "--quiet",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let adjusted = std::fs::read_to_string(dir.path().join("out/adjusted_rota.csv")).unwrap();
    assert!(adjusted.contains(",engagement,"), "{adjusted}");
    let back = run_in(
        dir.path(),
        &[
            "check",
            "--rota",
            "out/adjusted_rota.csv",
            "--meetings",
            "meetings.csv",
        ],
    );
    assert_ne!(back.code, 2, "{}", back.stderr);
}

mod round_trip {
    //! Property: a rota written as a workbook (or a CSV save) in any of the layouts above and
    //! read back gives the same rota as its long form. The rotas are drawn here, apart from
    //! `generate`: names, grades, labels, layouts and dates around both clock changes.

    use proptest::prelude::*;
    use rota_engage::domain::Rota;
    use rota_engage::io::import::RotaOptions;
    use rota_engage::io::inputs::{load, Source, Sources};

    use super::date;
    use crate::support::shift_rows as rows;
    use crate::workbooks::{days, t, xlsx, SheetSpec, V};

    const NAMES: [&str; 10] = [
        "Amy Bell",
        "Raj Patel",
        "Chloe Ward",
        "Tom Okafor",
        "Sara Lind",
        "Ben Hughes",
        "Mia Chen",
        "Olu Ade",
        "Kate Moss-Reid",
        "Dan O'Neil",
    ];
    const GRADES: [&str; 8] = [
        "F1",
        "F2",
        "CMT",
        "ST3",
        "GP 0.8 LTFT",
        "Specialty Doctor",
        "Clinical Fellow",
        "Consultant",
    ];
    /// Label, legend times (empty: untimed, read by its words).
    const LABELS: [(&str, &str); 8] = [
        ("Early", "08:00 - 17:00"),
        ("Late", "13:00-22:15"),
        ("Night", "22:00 - 08:30"),
        ("LD", "08.00-20.30"),
        ("Twilight", "1700-0000"),
        ("Off", ""),
        ("AL", ""),
        ("SL", ""),
    ];

    #[derive(Debug, Clone)]
    struct Case {
        doctors: Vec<(usize, usize)>,
        first: chrono::NaiveDate,
        cells: Vec<Vec<Option<usize>>>,
        across: bool,
        dates: u8,
        title: bool,
        grades: bool,
        legend: u8,
        gap: bool,
        epoch_1904: bool,
        csv: bool,
    }

    fn case() -> impl Strategy<Value = Case> {
        let starts = prop_oneof![
            Just(date(2019, 3, 25)),
            Just(date(2018, 10, 22)),
            Just(date(2026, 3, 23)),
            Just(date(2026, 10, 19)),
            (0i64..3000).prop_map(|d| date(2018, 1, 1) + chrono::Duration::days(d)),
        ];
        (1usize..7, 2usize..21, starts).prop_flat_map(|(n, ndays, first)| {
            (
                proptest::sample::subsequence((0..NAMES.len()).collect::<Vec<_>>(), n),
                proptest::collection::vec(0..GRADES.len(), n),
                proptest::collection::vec(
                    proptest::collection::vec(
                        proptest::option::weighted(0.85, 0..LABELS.len()),
                        ndays,
                    ),
                    n,
                ),
                (any::<bool>(), 0u8..4, any::<bool>(), any::<bool>()),
                (
                    0u8..3,
                    any::<bool>(),
                    any::<bool>(),
                    prop::bool::weighted(0.25),
                ),
            )
                .prop_map(
                    move |(
                        names,
                        grades,
                        mut cells,
                        (across, dates, title, grades_on),
                        (legend, gap, e1904, csv),
                    )| {
                        // After a night, only another night, a rest day or nothing: no overlaps.
                        for row in &mut cells {
                            for k in 1..row.len() {
                                if row[k - 1] == Some(2) && !matches!(row[k], Some(2 | 5) | None) {
                                    row[k] = Some(5);
                                }
                            }
                        }
                        Case {
                            doctors: names.into_iter().zip(grades).collect(),
                            first,
                            cells,
                            across,
                            dates,
                            title,
                            grades: grades_on,
                            legend,
                            gap,
                            epoch_1904: e1904,
                            csv,
                        }
                    },
                )
        })
    }

    /// The case as a sheet (and a legend sheet when it has one).
    fn sheets(c: &Case) -> Vec<SheetSpec> {
        let ndays = c.cells[0].len();
        let mut s = SheetSpec::new("Rota");
        let mut key = SheetSpec::new("Key");
        let top = u32::from(c.title);
        if c.title {
            s.set(0, 0, t("Acute Medicine Rota"));
        }
        // Positions in "line along the dates, cross along the doctors" terms.
        let put = |s: &mut SheetSpec, line: u32, cross: u32, v: V| {
            let (r, col) = if c.across {
                (line, cross)
            } else {
                (cross, line)
            };
            s.set(r, u16::try_from(col).expect("narrow"), v);
        };
        let names_line = top;
        let grades_line = top + 1;
        let first_line = top + if c.grades { 2 } else { 1 } + 1;
        let dates_cross = 1u32;
        let mut cross = 3u32;
        let mut crosses = Vec::new();
        for (k, _) in c.doctors.iter().enumerate() {
            if c.gap && k == 2 {
                cross += 1;
            }
            crosses.push(cross);
            cross += 1;
        }
        for (k, (name, grade)) in c.doctors.iter().enumerate() {
            put(&mut s, names_line, crosses[k], t(NAMES[*name]));
            if c.grades {
                put(&mut s, grades_line, crosses[k], t(GRADES[*grade]));
            }
        }
        let weekday = |d: chrono::NaiveDate| d.format("%A").to_string();
        for (i, d) in days(c.first, ndays).into_iter().enumerate() {
            let line = first_line + u32::try_from(i).expect("few");
            let v = match c.dates {
                0 => V::D(d),
                1 => t(&d.format("%d/%m/%Y").to_string()),
                2 => t(&d.format("%a %-d %b %Y").to_string()),
                // The first date only, then day names.
                _ if i == 0 => V::D(d),
                _ => V::T(String::new()),
            };
            if !matches!(&v, V::T(x) if x.is_empty()) {
                put(&mut s, line, dates_cross, v);
            }
            if c.dates == 3 {
                put(&mut s, line, 2, t(&weekday(d)));
            }
            for (k, _) in c.doctors.iter().enumerate() {
                if let Some(l) = c.cells[k][i] {
                    put(&mut s, line, crosses[k], t(LABELS[l].0));
                }
            }
        }
        let timed: Vec<&(&str, &str)> = LABELS.iter().filter(|l| !l.1.is_empty()).collect();
        match c.legend {
            // A block beside the grid (in a doctors-down sheet: below it).
            0 => {
                for (k, (label, times)) in timed.iter().enumerate() {
                    let line = u32::try_from(k).expect("few");
                    let (r, col) = if c.across {
                        (top + line, cross + 2)
                    } else {
                        (cross + 2 + line, 0)
                    };
                    s.set(r, u16::try_from(col).expect("narrow"), t(label));
                    s.set(r, u16::try_from(col + 1).expect("narrow"), t(times));
                }
            }
            // Lines in one cell each, below or right of the grid.
            1 => {
                for (k, (label, times)) in timed.iter().enumerate() {
                    let line = u32::try_from(k).expect("few");
                    let (r, col) = if c.across {
                        (top + line, cross + 3)
                    } else {
                        (cross + 3 + line, 0)
                    };
                    s.set(
                        r,
                        u16::try_from(col).expect("narrow"),
                        t(&format!("{label}: {times}")),
                    );
                }
            }
            _ => {
                key.row(0, 0, &["Code", "Description", "Times"]);
                for (k, (label, times)) in timed.iter().enumerate() {
                    let r = 1 + u32::try_from(k).expect("few");
                    key.row(r, 0, &[label, "shift", times]);
                }
            }
        }
        if c.legend == 2 {
            vec![s, key]
        } else {
            vec![s]
        }
    }

    /// The same rota in the contract's long form.
    fn long_form(c: &Case) -> String {
        let mut out =
            String::from("doctor_id,name,grade,department,fte,date,start,end,kind,shift\n");
        for (k, (name, grade)) in c.doctors.iter().enumerate() {
            let id: String = NAMES[*name]
                .to_lowercase()
                .split(|ch: char| !ch.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            let (g, fte) = match GRADES[*grade] {
                "GP 0.8 LTFT" => ("GP", "0.8"),
                g if c.grades => (g, "1"),
                _ => ("ST3", "1"),
            };
            let (g, fte) = if c.grades { (g, fte) } else { ("ST3", "1") };
            for (i, d) in days(c.first, c.cells[k].len()).into_iter().enumerate() {
                let Some(l) = c.cells[k][i] else { continue };
                let (label, times) = LABELS[l];
                let (start, end, kind) = match label {
                    "Early" => ("08:00", "17:00", "day"),
                    "Late" => ("13:00", "22:15", "twilight"),
                    "Night" => ("22:00", "08:30", "night"),
                    "LD" => ("08:00", "20:30", "long_day"),
                    "Twilight" => ("17:00", "00:00", "twilight"),
                    "Off" => ("", "", "rest"),
                    "AL" => ("", "", "leave"),
                    _ => ("", "", "study_leave"),
                };
                let _ = times;
                out.push_str(&format!(
                    "{id},{},{g},Rota,{fte},{d},{start},{end},{kind},{label}\n",
                    NAMES[*name]
                ));
            }
        }
        out
    }

    fn read(name: &str, bytes: Vec<u8>, grade: Option<&str>) -> Result<Rota, String> {
        let src = Sources {
            rota: Some(Source {
                name: name.into(),
                bytes,
            }),
            rota_options: RotaOptions {
                department: Some("Rota".into()),
                grade: grade.map(str::to_string),
                ..RotaOptions::default()
            },
            ..Sources::default()
        };
        load(&src).map(|(i, _)| i.rota).map_err(|d| d.render())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn a_rota_written_in_any_layout_reads_back_as_its_long_form(c in case()) {
            prop_assume!(c.cells.iter().flatten().any(Option::is_some));
            let expected = read("rota.csv", long_form(&c).into_bytes(), None)
                .map_err(|e| TestCaseError::fail(format!("long form: {e}")))?;
            let sheets = sheets(&c);
            let (name, bytes) = if c.csv && sheets.len() == 1 {
                ("rota_save.csv", sheets[0].csv(',').into_bytes())
            } else {
                ("rota.xlsx", xlsx(&sheets, c.epoch_1904))
            };
            let grade = (!c.grades).then_some("ST3");
            let got = read(name, bytes, grade)
                .map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
            prop_assert_eq!(rows(&got), rows(&expected));
        }
    }
}

/// Writes the fixtures above as `.xlsx` into `$ROTA_ENGAGE_FIXTURES`, for
/// `tools/workbook-fixtures.sh` to save as `.ods` and `.xls` with LibreOffice.
#[test]
#[ignore = "run by tools/workbook-fixtures.sh"]
fn write_fixtures() {
    let dir = std::env::var("ROTA_ENGAGE_FIXTURES").expect("ROTA_ENGAGE_FIXTURES");
    std::fs::write(format!("{dir}/ae.xlsx"), xlsx(&[ae_rota()], false)).unwrap();
    std::fs::write(
        format!("{dir}/surgery.xlsx"),
        xlsx(&[surgery_rota()], false),
    )
    .unwrap();
}

/// The same two rotas saved by LibreOffice as `.ods` and `.xls` (`tests/data/workbooks/`)
/// read as their `.xlsx` do: merged cells and dates included.
#[test]
fn ods_and_xls_read_as_xlsx_does() {
    let dir = folder(&[
        ("ae.xlsx", &xlsx(&[ae_rota()], false)),
        ("surgery.xlsx", &xlsx(&[surgery_rota()], false)),
    ]);
    for name in ["ae", "surgery"] {
        let want = run_in(
            dir.path(),
            &[
                "import",
                &format!("{name}.xlsx"),
                "--out",
                &format!("{name}-xlsx"),
            ],
        );
        assert_eq!(want.code, 0, "{}", want.stderr);
        let want =
            std::fs::read_to_string(dir.path().join(format!("{name}-xlsx/rota.csv"))).unwrap();
        for ext in ["ods", "xls"] {
            let file = crate::support::data(&format!("workbooks/{name}.{ext}"));
            let out = format!("{name}-{ext}");
            let r = run_in(dir.path(), &["import", &file, "--out", &out]);
            assert_eq!(r.code, 0, "{name}.{ext}: {}", r.stderr);
            let got = std::fs::read_to_string(dir.path().join(format!("{out}/rota.csv"))).unwrap();
            assert_eq!(got, want, "{name}.{ext}");
        }
    }
}

/// Grades written with the names (`Amy Bell (F2)`), no grade row, and a date cell with a
/// remark beside it (`25/12/2019 BH`).
#[test]
fn grades_in_the_names_and_remarks_beside_dates() {
    let mut s = SheetSpec::new("Xmas");
    s.row(0, 0, &["Date", "Amy Bell (F2)", "Raj Patel - ST3"]);
    s.row(1, 0, &["23/12/2019", "Early", "Late"]);
    s.row(2, 0, &["24/12/2019", "Late", "Early"]);
    s.row(3, 0, &["25/12/2019 BH", "Off", "Early"]);
    s.row(4, 0, &["26/12/2019 BH", "Early", "Off"]);
    s.row(6, 0, &["Early: 08:00-16:00"]);
    s.row(7, 0, &["Late: 14:00-22:00"]);
    let dir = folder(&[("xmas.xlsx", &xlsx(&[s], false))]);
    let r = run_in(dir.path(), &["import", "xmas.xlsx", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rota = std::fs::read_to_string(dir.path().join("out/rota.csv")).unwrap();
    for line in [
        "amy-bell,Amy Bell,F2,resident,Xmas,2019-12-25,,,rest,Off,",
        "raj-patel,Raj Patel,ST3,resident,Xmas,2019-12-25,08:00,16:00,day,Early,",
        "raj-patel,Raj Patel,ST3,resident,Xmas,2019-12-26,,,rest,Off,",
    ] {
        assert!(
            rota.lines().any(|l| l.starts_with(line)),
            "{line:?} not in\n{rota}"
        );
    }
}

mod templates {
    //! Rota templates: lines by weekday, and who works which line when.

    use super::date;
    use crate::support::{folder, run_in};
    use crate::workbooks::{t, xlsx, SheetSpec, V};

    const DAY: &str = "07:45 - 18:00";
    const NIGHT: &str = "20:00-08:30";

    /// Ten weekly lines (labels and time ranges in the forms templates write, `24:00` and
    /// `-00:00` ends among them) and an assignment table of ten doctors by ten Mondays.
    fn ten_lines(with_table: bool) -> SheetSpec {
        let mut s = SheetSpec::new("F2 10 WEEK TEMPLATE");
        s.set(0, 0, t("F2 rota template"));
        s.row(
            1,
            0,
            &[
                "Line", "Post", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
            ],
        );
        let lines: [(&str, [&str; 7]); 10] = [
            ("UGI Ward", [DAY, DAY, DAY, DAY, DAY, "Zero", "Zero"]),
            (
                "LGI Ward",
                [
                    "08.00-18.00",
                    "08.00-18.00",
                    "08.00-18.00",
                    "08.00-18.00",
                    "08.00-18.00",
                    "OFF",
                    "OFF",
                ],
            ),
            (
                "EST Late",
                [
                    "14:00 -00:00",
                    "14:00 -00:00",
                    "14:00 -00:00",
                    "14:00 -00:00",
                    "14:00 -00:00",
                    "Zero",
                    "Zero",
                ],
            ),
            (
                "Float plus EST",
                [
                    DAY,
                    DAY,
                    "Zero",
                    "Zero",
                    "08:00-20:30",
                    "08:00-20:30",
                    "08:00-20:30",
                ],
            ),
            (
                "Nights",
                ["Zero", NIGHT, NIGHT, NIGHT, NIGHT, "Zero", "Zero"],
            ),
            (
                "Weekend nights",
                ["Zero", "Zero", "Zero", "Zero", NIGHT, NIGHT, NIGHT],
            ),
            ("Recovery", ["Zero", "Zero", DAY, DAY, DAY, "", ""]),
            (
                "Evening",
                [
                    "16:00-24:00",
                    "16:00-24:00",
                    "16:00-24:00",
                    "16:00-24:00",
                    "Zero",
                    "Zero",
                    "Zero",
                ],
            ),
            (
                "Clinic",
                ["Clinic", "Clinic", "Clinic", "Clinic", "Clinic", "", ""],
            ),
            ("Study", ["SL", DAY, DAY, DAY, DAY, "Zero", "Zero"]),
        ];
        for (k, (post, days)) in lines.iter().enumerate() {
            let r = 2 + k as u32;
            s.set(r, 0, V::N((k + 1) as f64));
            s.set(r, 1, t(post));
            s.row(r, 2, days);
        }
        s.row(13, 0, &["Clinic: 09:00-17:00"]);
        if with_table {
            s.set(15, 1, t("Doctor"));
            for w in 0..10u16 {
                s.set(
                    15,
                    2 + w,
                    V::D(date(2018, 8, 6) + chrono::Duration::weeks(i64::from(w))),
                );
            }
            for d in 0..10u32 {
                let r = 16 + d;
                s.set(r, 1, t(&format!("Doctor {}", d + 1)));
                for w in 0..10u32 {
                    s.set(r, 2 + w as u16, V::N(f64::from((d + w) % 10 + 1)));
                }
            }
        }
        s
    }

    #[test]
    fn a_ten_line_template_with_an_assignment_table() {
        let dir = folder(&[("rota.xlsx", &xlsx(&[ten_lines(true)], false))]);
        let r = run_in(
            dir.path(),
            &["import", "rota.xlsx", "--grade", "F2", "--out", "out"],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let report = std::fs::read_to_string(dir.path().join("out/import.txt")).unwrap();
        for line in [
            "orientation: a rota template: 10 lines of 1 week (a cycle of 10 weeks)",
            "lines: C3:I12",
            "assignment: a table of 10 doctors by 10 weeks",
            "  line 1      UGI Ward                 [F2 10 WEEK TEMPLATE!C3]",
            "  line 10     Study                    [F2 10 WEEK TEMPLATE!C12]",
            "period: 2018-08-06 to 2018-10-14 (70 days)",
        ] {
            assert!(
                report.lines().any(|l| l == line),
                "{line:?} not in\n{report}"
            );
        }
        let rota = std::fs::read_to_string(dir.path().join("out/rota.csv")).unwrap();
        for line in [
            // Doctor 1 works line 1 in the first week, line 3 in the third: `-00:00` ends
            // at midnight.
            "doctor-1,Doctor 1,F2,resident,F2 10 WEEK TEMPLATE,2018-08-06,07:45,18:00,long_day,07:45 - 18:00,",
            "doctor-1,Doctor 1,F2,resident,F2 10 WEEK TEMPLATE,2018-08-20,14:00,00:00,twilight,14:00 -00:00,,,2018-08-20T14:00:00+01:00,2018-08-21T00:00:00+01:00",
            // Doctor 2 starts on line 2 (`08.00-18.00`), and line 8's `24:00` in week 7.
            "doctor-2,Doctor 2,F2,resident,F2 10 WEEK TEMPLATE,2018-08-06,08:00,18:00,day,08.00-18.00,",
            "doctor-2,Doctor 2,F2,resident,F2 10 WEEK TEMPLATE,2018-09-17,16:00,00:00,twilight,16:00-24:00,,,2018-09-17T16:00:00+01:00,2018-09-18T00:00:00+01:00",
            "doctor-1,Doctor 1,F2,resident,F2 10 WEEK TEMPLATE,2018-10-01,09:00,17:00,day,Clinic,",
        ] {
            assert!(rota.lines().any(|l| l.starts_with(line)), "{line:?} not in\n{rota}");
        }
        let v = run_in(
            dir.path(),
            &["validate", "--rota", "rota.xlsx", "--grade", "F2"],
        );
        assert!(
            v.stdout
                .starts_with("valid: 10 doctors, 660 rota rows, 2018-08-06 to 2018-10-14"),
            "{}{}",
            v.stdout,
            v.stderr
        );
    }

    /// The same template located by the layout file's `[template]` ranges reads the same; and
    /// `schedule` takes the expanded rota like any other.
    #[test]
    fn template_ranges_in_the_layout_file_and_a_schedule() {
        let layout = br#"grade = "F2"
[template]
lines = "A3:A12"
days = "C3:I12"
assign_names = "B17:B26"
assign_weeks = "C16:L16"
assign = "C17:L26"
"#;
        let meetings = "meeting_id,title,duration_min,cadence,audience,weekdays,earliest,latest\nteach,Teaching,60,weekly,resident,Mon-Fri,09:00,17:00\n";
        let dir = folder(&[
            ("rota.xlsx", &xlsx(&[ten_lines(true)], false)),
            ("layout.toml", layout),
            ("meetings.csv", meetings.as_bytes()),
        ]);
        let a = run_in(
            dir.path(),
            &["import", "rota.xlsx", "--grade", "F2", "--out", "a"],
        );
        let b = run_in(
            dir.path(),
            &[
                "import",
                "rota.xlsx",
                "--layout",
                "layout.toml",
                "--out",
                "b",
            ],
        );
        assert_eq!((a.code, b.code), (0, 0), "{}{}", a.stderr, b.stderr);
        let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap();
        assert_eq!(read("a/rota.csv"), read("b/rota.csv"));
        let s = run_in(
            dir.path(),
            &[
                "schedule",
                "--rota",
                "rota.xlsx",
                "--layout",
                "layout.toml",
                "--meetings",
                "meetings.csv",
                "--out",
                "out",
                "--quiet",
            ],
        );
        assert_eq!(s.code, 0, "{}", s.stderr);
        assert!(
            read("out/meetings.csv")
                .lines()
                .skip(1)
                .any(|l| l.starts_with("teach@2018-W32,")),
            "{}",
            read("out/meetings.csv")
        );
    }

    #[test]
    fn a_rolling_five_line_template() {
        let mut s = SheetSpec::new("Rolling");
        s.row(
            0,
            0,
            &["Week", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        );
        let lines = [
            [DAY, DAY, DAY, DAY, DAY, "OFF", "OFF"],
            [NIGHT, NIGHT, NIGHT, NIGHT, "OFF", "OFF", "OFF"],
            ["OFF", "OFF", DAY, DAY, DAY, DAY, DAY],
            [DAY, DAY, "OFF", "OFF", "OFF", "OFF", "OFF"],
            ["AL", "AL", "AL", "AL", "AL", "OFF", "OFF"],
        ];
        for (k, days) in lines.iter().enumerate() {
            s.set(1 + k as u32, 0, V::N((k + 1) as f64));
            s.row(1 + k as u32, 1, days);
        }
        let layout = br#"grade = "ST4"
[template]
first_monday = "2026-03-23"
rolling = { weeks = 5, start = { "Amy Bell" = 1, "Raj Patel" = 2, "Chloe Ward" = 5 } }
"#;
        let dir = folder(&[("rota.xlsx", &xlsx(&[s], false)), ("layout.toml", layout)]);
        let r = run_in(
            dir.path(),
            &[
                "import",
                "rota.xlsx",
                "--layout",
                "layout.toml",
                "--out",
                "out",
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let rota = std::fs::read_to_string(dir.path().join("out/rota.csv")).unwrap();
        for line in [
            // Raj starts on line 2's nights; the 29 March night runs 11.5 h (the clocks go forward).
            "raj-patel,Raj Patel,ST4,resident,Rolling,2026-03-23,20:00,08:30,night,20:00-08:30,,,2026-03-23T20:00:00+00:00,2026-03-24T08:30:00+00:00",
            // Chloe starts on line 5 and wraps to line 1 in her second week.
            "chloe-ward,Chloe Ward,ST4,resident,Rolling,2026-03-23,,,leave,AL,",
            "chloe-ward,Chloe Ward,ST4,resident,Rolling,2026-03-30,07:45,18:00,long_day,07:45 - 18:00,,,2026-03-30T07:45:00+01:00",
            // Amy reaches line 2's nights in week 2.
            "amy-bell,Amy Bell,ST4,resident,Rolling,2026-03-30,20:00,08:30,night,",
        ] {
            assert!(rota.lines().any(|l| l.starts_with(line)), "{line:?} not in\n{rota}");
        }
        let report = std::fs::read_to_string(dir.path().join("out/import.txt")).unwrap();
        assert!(report.contains("assignment: the rolling rule: 3 doctors over 5 weeks, each a line further down every 1 week"), "{report}");
    }

    /// Three lines whose last ends on weekend nights and whose first starts on Tuesday: the
    /// rest after those nights is short only across the wrap, from line 3 back to line 1.
    fn wrapping() -> SheetSpec {
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
                "1",
                "Zero",
                "08:00-17:00",
                "08:00-17:00",
                "08:00-17:00",
                "08:00-17:00",
                "Zero",
                "Zero",
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
                "Zero",
                "Zero",
                "Zero",
            ],
        );
        s.row(
            3,
            0,
            &["3", "Zero", "Zero", "Zero", "Zero", NIGHT, NIGHT, NIGHT],
        );
        s
    }

    #[test]
    fn check_audits_a_template_across_its_wrap() {
        let layout = b"[template]\nfirst_monday = \"2026-01-05\"\n";
        let dir = folder(&[
            ("rota.xlsx", &xlsx(&[wrapping()], false)),
            ("layout.toml", layout),
        ]);
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
        let findings: Vec<&str> = r.stdout.lines().skip(1).collect();
        let rest: Vec<&&str> = findings
            .iter()
            .filter(|l| l.contains(",tcs_rest_after_nights,"))
            .collect();
        assert_eq!(rest.len(), 1, "{}", r.stdout);
        // Where it first happens: `line 3` works line 3, then line 1.
        assert!(rest[0].starts_with("line-3,line 3,resident,Template,tcs_rest_after_nights,error,2026-01-12 08:30,2026-01-13 08:00,23.5,46,"), "{}", rest[0]);
        assert!(
            rest[0].ends_with("(template line 1, after line 3 across the wrap)\""),
            "{}",
            rest[0]
        );
        assert!(
            !r.stdout.contains("p2_target"),
            "a template has no engagement yet: {}",
            r.stdout
        );
        // Without a first Monday nothing dates the template.
        let r = run_in(dir.path(), &["check", "--rota", "rota.xlsx"]);
        assert_eq!(r.code, 2);
        assert_eq!(
            r.stderr,
            "error: rota.xlsx!Template: the template has no dates (expected first_monday = \"YYYY-MM-DD\" under [template] in a layout file, or an assignment table of Mondays)\n1 error found; nothing was written\n"
        );
    }

    /// A 17-week cycle, one line per doctor's week: each line read as a doctor over two cycles.
    #[test]
    fn a_seventeen_week_cycle_read_line_by_line() {
        let mut s = SheetSpec::new("F2 17 WEEK TEMPLATE");
        s.row(
            0,
            0,
            &["Wk", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        );
        for k in 0..17u32 {
            let days: [&str; 7] = if k % 4 == 3 {
                ["Zero", "Zero", "Zero", NIGHT, NIGHT, NIGHT, NIGHT]
            } else if k % 4 == 0 && k > 0 {
                ["Zero", "Zero", DAY, DAY, DAY, "Zero", "Zero"]
            } else {
                [DAY, DAY, DAY, DAY, DAY, "Zero", "Zero"]
            };
            s.set(1 + k, 0, V::N(f64::from(k + 1)));
            s.row(1 + k, 1, &days);
        }
        let layout = b"[template]\nfirst_monday = \"2018-08-06\"\n";
        let dir = folder(&[("rota.xlsx", &xlsx(&[s], false)), ("layout.toml", layout)]);
        let r = run_in(
            dir.path(),
            &[
                "import",
                "rota.xlsx",
                "--layout",
                "layout.toml",
                "--out",
                "out",
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let report = std::fs::read_to_string(dir.path().join("out/import.txt")).unwrap();
        assert!(
            report
                .contains("orientation: a rota template: 17 lines of 1 week (a cycle of 17 weeks)"),
            "{report}"
        );
        assert!(report.contains("doctors (17):"), "{report}");
        assert!(
            report.contains("period: 2018-08-06 to 2019-03-31 (238 days)"),
            "{report}"
        );
        let c = run_in(
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
        assert_ne!(c.code, 2, "{}", c.stderr);
        // The whole-cycle rules once, not once per line.
        for rule in [",tcs_avg_48h,", ",tcs_weekends,"] {
            assert!(c.stdout.matches(rule).count() <= 1, "{rule}: {}", c.stdout);
        }
        // Each line's breach once: no finding starts after the first cycle's 17 weeks.
        for l in c.stdout.lines().skip(1) {
            let start = l.split(',').nth(6).unwrap_or("");
            assert!(
                start.as_bytes() < b"2018-12-03".as_slice() || start.is_empty(),
                "{l}"
            );
        }
    }
}

mod template_round_trip {
    //! Property: a rota made from a random template and rotation, written as a template
    //! workbook (lines by weekday, and an assignment table or the rolling rule) and read
    //! back, is the same rota as its long form.

    use chrono::{Datelike, Duration, NaiveDate};
    use proptest::prelude::*;
    use rota_engage::domain::Rota;
    use rota_engage::io::import::RotaOptions;
    use rota_engage::io::inputs::{load, Source, Sources};

    use super::date;
    use crate::workbooks::{t, xlsx, SheetSpec, V};

    /// Cell text, and its long form (start, end, kind); no shift runs past midnight, so any
    /// order of lines is a valid rota.
    const CELLS: [(&str, &str, &str, &str); 8] = [
        ("07:45 - 18:00", "07:45", "18:00", "long_day"),
        ("08.00-16.00", "08:00", "16:00", "day"),
        ("14:00 -00:00", "14:00", "00:00", "twilight"),
        ("16:00-24:00", "16:00", "00:00", "twilight"),
        ("Zero", "", "", "rest"),
        ("OFF", "", "", "rest"),
        ("AL", "", "", "leave"),
        ("", "", "", ""),
    ];
    const NAMES: [&str; 6] = [
        "Amy Bell",
        "Raj Patel",
        "Chloe Ward",
        "Tom Okafor",
        "Sara Lind",
        "Ben Hughes",
    ];

    #[derive(Debug, Clone)]
    struct Case {
        lines: Vec<Vec<usize>>,
        wpl: usize,
        first: NaiveDate,
        table: Option<Vec<Vec<usize>>>,
        rolling: (usize, Vec<usize>),
    }

    fn case() -> impl Strategy<Value = Case> {
        let mondays = prop_oneof![
            Just(date(2026, 3, 23)),
            Just(date(2026, 10, 19)),
            (0i64..400).prop_map(|w| date(2018, 1, 1) + Duration::weeks(w)),
        ];
        (1usize..6, 1usize..3, mondays, 1usize..5, 1usize..7).prop_flat_map(
            |(n, wpl, first, doctors, weeks)| {
                (
                    proptest::collection::vec(
                        proptest::collection::vec(0..CELLS.len(), 7 * wpl),
                        n,
                    ),
                    proptest::option::of(proptest::collection::vec(
                        proptest::collection::vec(0..n, weeks),
                        doctors,
                    )),
                    proptest::collection::vec(0..n, doctors),
                )
                    .prop_map(move |(lines, table, starts)| Case {
                        lines,
                        wpl,
                        first,
                        table,
                        rolling: (weeks, starts),
                    })
            },
        )
    }

    fn workbook(c: &Case) -> (SheetSpec, String) {
        let mut s = SheetSpec::new("Template");
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        s.set(0, 0, t("Line"));
        for k in 0..7 * c.wpl {
            s.set(0, 1 + k as u16, t(days[k % 7]));
        }
        for (i, line) in c.lines.iter().enumerate() {
            s.set(1 + i as u32, 0, V::N((i + 1) as f64));
            for (k, &cell) in line.iter().enumerate() {
                if !CELLS[cell].0.is_empty() {
                    s.set(1 + i as u32, 1 + k as u16, t(CELLS[cell].0));
                }
            }
        }
        let mut layout = String::from("grade = \"ST3\"\n[template]\n");
        match &c.table {
            Some(table) => {
                let r0 = c.lines.len() as u32 + 3;
                s.set(r0, 0, t("Name"));
                for w in 0..table[0].len() {
                    // Each assigned week is a line's first week.
                    let monday = c.first + Duration::weeks((w * c.wpl) as i64);
                    s.set(r0, 1 + w as u16, V::D(monday));
                }
                for (d, weeks) in table.iter().enumerate() {
                    s.set(r0 + 1 + d as u32, 0, t(NAMES[d]));
                    for (w, &l) in weeks.iter().enumerate() {
                        s.set(r0 + 1 + d as u32, 1 + w as u16, V::N((l + 1) as f64));
                    }
                }
            }
            None => {
                let starts: Vec<String> = c
                    .rolling
                    .1
                    .iter()
                    .enumerate()
                    .map(|(d, l)| format!("\"{}\" = {}", NAMES[d], l + 1))
                    .collect();
                layout.push_str(&format!(
                    "first_monday = \"{}\"\nrolling = {{ weeks = {}, start = {{ {} }} }}\n",
                    c.first,
                    c.rolling.0,
                    starts.join(", ")
                ));
            }
        }
        (s, layout)
    }

    fn long_form(c: &Case) -> String {
        let mut out = String::from("doctor_id,name,grade,department,date,start,end,kind,shift\n");
        let mut put = |d: usize, monday: NaiveDate, line: usize, week: usize| {
            for k in 0..7 {
                let (text, start, end, kind) = CELLS[c.lines[line][week * 7 + k]];
                if text.is_empty() {
                    continue;
                }
                let id = NAMES[d].to_lowercase().replace(' ', "-");
                let day = monday + Duration::days(k as i64);
                out.push_str(&format!(
                    "{id},{},ST3,Template,{day},{start},{end},{kind},{text}\n",
                    NAMES[d]
                ));
            }
        };
        match &c.table {
            Some(table) => {
                for (d, weeks) in table.iter().enumerate() {
                    for (w, &l) in weeks.iter().enumerate() {
                        for x in 0..c.wpl {
                            put(d, c.first + Duration::weeks((w * c.wpl + x) as i64), l, x);
                        }
                    }
                }
            }
            None => {
                for (d, &l0) in c.rolling.1.iter().enumerate() {
                    for w in 0..c.rolling.0 {
                        let line = (l0 + w / c.wpl) % c.lines.len();
                        put(d, c.first + Duration::weeks(w as i64), line, w % c.wpl);
                    }
                }
            }
        }
        out
    }

    fn read(name: &str, bytes: Vec<u8>, layout: Option<String>) -> Result<Rota, String> {
        let src = Sources {
            rota: Some(Source {
                name: name.into(),
                bytes,
            }),
            rota_options: RotaOptions {
                layout: layout.map(|l| Source {
                    name: "layout.toml".into(),
                    bytes: l.into_bytes(),
                }),
                department: Some("Template".into()),
                ..RotaOptions::default()
            },
            ..Sources::default()
        };
        load(&src).map(|(i, _)| i.rota).map_err(|d| d.render())
    }

    fn rows(r: &Rota) -> Vec<String> {
        let mut v: Vec<String> = r
            .shifts
            .iter()
            .map(|s| {
                let d = &r.doctors[s.doctor.ix()];
                format!(
                    "{} {} {} {} {} {} {} {:?}",
                    d.id, d.grade, d.group, s.date, s.start, s.end, s.kind, s.code
                )
            })
            .collect();
        v.sort();
        v
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn a_template_and_its_rotation_read_back_as_the_long_form(c in case()) {
            let expected = long_form(&c);
            prop_assume!(expected.lines().count() > 1);
            prop_assume!(c.first.weekday() == chrono::Weekday::Mon);
            let want = read("rota.csv", expected.into_bytes(), None)
                .map_err(|e| TestCaseError::fail(format!("long form: {e}")))?;
            let (sheet, layout) = workbook(&c);
            let got = read("rota.xlsx", xlsx(&[sheet], false), Some(layout))
                .map_err(|e| TestCaseError::fail(format!("template: {e}")))?;
            prop_assert_eq!(rows(&got), rows(&want));
        }
    }
}

/// Damaged workbooks: a clear error, exit 2, nothing written; and the file the fuzzer found
/// (a merge list calamine cannot load, which made it panic) now reads without its merges.
#[test]
fn damaged_workbooks() {
    let whole = xlsx(&[ae_rota()], false);
    let dir = folder(&[
        ("cut.xlsx", &whole[..whole.len() / 2]),
        ("junk.xlsx", b"PK\x03\x04not really a workbook"),
    ]);
    for name in ["cut.xlsx", "junk.xlsx"] {
        let r = run_in(dir.path(), &["import", name, "--out", "out"]);
        assert_eq!(r.code, 2, "{name}");
        assert_eq!(
            r.stderr,
            format!("error: {name}: cannot be read as a workbook (Cannot detect file format; expected an .xlsx, .xlsm, .xls or .ods file that Excel or LibreOffice opens: is it cut short?)\n1 error found; nothing was written\n")
        );
        assert!(!dir.path().join("out").exists());
    }
    let r = run_in(
        dir.path(),
        &[
            "validate",
            "--rota",
            &crate::support::data("bad/broken-merges.xlsx"),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let broken = r;
    // calamine itself fails on this one (a shared string past the end of the table).
    let r = run_in(
        dir.path(),
        &[
            "validate",
            "--rota",
            &crate::support::data("bad/shared-string-index.xlsx"),
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.ends_with("shared-string-index.xlsx: cannot be read as a workbook: it is damaged (expected a workbook that Excel or LibreOffice opens; save it again from there)\n1 error found; nothing was written\n"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let r = broken;
    assert!(
        r.stdout.starts_with("valid: 5 doctors, 35 rota rows"),
        "{}",
        r.stdout
    );
}

/// What the fuzzer found in a CSV save: a legend line in the first row made the legend scan
/// look at the row above it (a panic in a debug build); and a sheet of legend lines alone
/// says what it holds.
#[test]
fn a_legend_line_on_the_first_row() {
    let csv = b"FY1 Surgery R,OFF\nTBA,FY1,D,,,\n,,,,,D: 0fri8:00-17:00\n,,,,,,N: 20:00-08:31\n";
    let dir = folder(&[("rota.csv", csv)]);
    let r = run_in(dir.path(), &["validate", "--rota", "rota.csv"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: rota.csv: holds no rota grid: it seems to hold a legend of 3 labels (expected names beside dates, or a layout file)\n1 error found; nothing was written\n"
    );
    let first_row = b"D: 08:00-17:00,Amy Bell\nOFF: rest,\n";
    let dir = folder(&[("rota.csv", first_row)]);
    let r = run_in(dir.path(), &["validate", "--rota", "rota.csv"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

/// A `[template]` whose `days` are not whole weeks: the days it leaves out are not rostered.
#[test]
fn template_days_narrower_than_a_week() {
    let mut s = SheetSpec::new("T");
    s.row(0, 0, &["1", "Early", "Early", "Early", "Early", "Early"]);
    s.row(1, 0, &["2", "Off", "Late", "Late", "Late", "Late"]);
    let layout = b"grade = \"ST3\"\n[template]\nlines = \"A1:A2\"\ndays = \"B1:F2\"\nfirst_monday = \"2026-06-01\"\n[labels]\nEarly = { start = \"08:00\", end = \"16:00\" }\nLate = { start = \"14:00\", end = \"22:00\" }\n";
    let dir = folder(&[("t.xlsx", &xlsx(&[s], false)), ("layout.toml", layout)]);
    let r = run_in(
        dir.path(),
        &["validate", "--rota", "t.xlsx", "--layout", "layout.toml"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Two lines as doctors over two cycles of two weeks, five days a week.
    assert!(
        r.stdout
            .starts_with("valid: 2 doctors, 40 rota rows, 2026-06-01 to 2026-06-26"),
        "{}",
        r.stdout
    );
}

/// A broken `--shifts` file does not hide the workbook's own problems: all at once.
#[test]
fn problems_in_the_shifts_file_and_the_workbook_together() {
    let mut s = ae_rota();
    s.set(7, 3, t("clinic am/ward pm"));
    let dir = folder(&[
        ("rota.xlsx", &xlsx(&[s], false)),
        ("shifts.csv", b"code,start,end,kind\nX,25:00,08:00,day\n"),
    ]);
    let r = run_in(
        dir.path(),
        &["validate", "--rota", "rota.xlsx", "--shifts", "shifts.csv"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "error: shifts.csv:2: column 'start': \"25:00\" is not a time (expected HH:MM)\n"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("error: rota.xlsx!Aug 19!D8: label \"clinic am/ward pm\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.ends_with("2 errors found; nothing was written\n"),
        "{}",
        r.stderr
    );
}
