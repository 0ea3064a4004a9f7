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
        "Late", "Off", "Early", "Early", "", "", "night", "NIGHT", "Off", "Off", "Early", "Early",
        "Late", "Off",
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
    "valid: 3 doctors, 39 rota rows, 2019-08-05 to 2019-08-18 (14 days, Europe/London)
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
        "read rota.xlsx!Aug 19: 3 doctors, 39 rota rows, 2019-08-05 to 2019-08-18; 10 labels, 4 notes\n\
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
        "  Aug 19!J2: \"Requested Leave\" heads a side table, not a doctor; not read",
        "  Aug 19!E13: \"annual leave 9 days + 1 bank holiday\" reads as a note, not a shift (1 cells); not read",
    ] {
        assert!(report.lines().any(|l| l == line), "{line:?} not in\n{report}");
    }
    let rota = std::fs::read_to_string(dir.path().join("out/rota.csv")).unwrap();
    for line in [
        "doctor_id,name,grade,staff_group,department,date,start,end,kind,shift,meeting_id,occurrence_id,start_at,end_at,fte",
        "amy-bell,Amy Bell,F2,resident,Aug 19,2019-08-05,09:00,17:00,teaching,Induction,,,2019-08-05T09:00:00+01:00,2019-08-05T17:00:00+01:00,1",
        "chloe-ward,Chloe Ward,GP,resident,Aug 19,2019-08-11,22:00,08:30,night,night,,,2019-08-11T22:00:00+01:00,2019-08-12T08:30:00+01:00,0.8",
        "raj-patel,Raj Patel,CMT,resident,Aug 19,2019-08-16,,,study_leave,SL,,,2019-08-16T00:00:00+01:00,2019-08-17T00:00:00+01:00,1",
    ] {
        assert!(rota.lines().any(|l| l == line), "{line:?} not in\n{rota}");
    }
    assert!(
        !rota.contains("2019-08-09,,,,"),
        "Chloe's blank Friday is not rostered"
    );
    // The other commands take the workbook directly, and the long form it wrote reads back
    // as the same rota.
    let v = run_in(dir.path(), &["validate", "--rota", "rota.xlsx"]);
    assert_eq!(v.code, 0, "{}", v.stderr);
    assert_eq!(v.stdout, AE_SUMMARY);
    assert_eq!(
        v.stderr,
        "warning: rota.xlsx!Aug 19: read as a rota spreadsheet: doctors across (one column each), dates down, 3 doctors, 10 labels, 4 notes (run `rota-engage import` to review how each cell was read)\n"
    );
    let back = run_in(dir.path(), &["validate", "--rota", "out/rota.csv"]);
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
        "  FY1 Surgery!A9: \"clinical supervisor\" heads a side table, not a doctor; not read",
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
        "error: rota.xlsx: has 3 sheets holding a rota grid (expected --sheet NAME to say which; sheets: \"dec 18\" (a rota grid of 3 doctors and 14 dates), \"april 19\" (a rota grid of 3 doctors and 14 dates), \"Aug 19\" (a rota grid of 3 doctors and 14 dates))\n\
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
             3 errors found; nothing was written\n"
        )
    );
    assert!(!dir.path().join("out").exists());
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
