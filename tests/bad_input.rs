//! Bad input: each case gets its exact message, exit 2, and nothing written.

use crate::support::{folder, listing, run_in};

const SHIFTS: &[u8] = b"code,start,end,kind\nSD,08:00,16:00,day\nN,20:00,08:00,night\nOFF,,,rest\n";
const MEETINGS: &[u8] =
    b"meeting_id,title,duration_min,cadence,audience\nqi,QI,60,weekly,resident\n";
const ROTA: &[u8] = b"doctor_id,grade,date,shift\nD1,FY1,2026-01-05,SD\nD2,ST3,2026-01-05,SD\n";

/// Runs `schedule` with the given files replacing the good defaults; checks exit 2, the exact
/// stderr and that no output folder appeared.
#[track_caller]
fn case(files: &[(&str, &[u8])], expected: &str) {
    let mut all: Vec<(&str, &[u8])> = vec![
        ("rota.csv", ROTA),
        ("shifts.csv", SHIFTS),
        ("meetings.csv", MEETINGS),
    ];
    for f in files {
        all.retain(|a| a.0 != f.0);
        all.push(*f);
    }
    let dir = folder(&all);
    let mut args = vec![
        "schedule",
        "--rota",
        "rota.csv",
        "--shifts",
        "shifts.csv",
        "--meetings",
        "meetings.csv",
        "--out",
        "out",
    ];
    for (flag, name) in [("--cover", "cover.csv"), ("--policy", "policy.toml")] {
        if all.iter().any(|a| a.0 == name) {
            args.extend([flag, name]);
        }
    }
    let r = run_in(dir.path(), &args);
    assert_eq!(r.stderr, expected);
    assert_eq!(r.code, 2);
    assert!(!dir.path().join("out").exists(), "nothing may be written");
    assert!(!listing(dir.path()).iter().any(|f| f.starts_with(".tmp")));
}

#[test]
fn empty_and_header_only_files() {
    case(&[("rota.csv", b"")], "error: rota.csv: the file is empty (expected a header row)\n1 error found; nothing was written\n");
    case(
        &[("rota.csv", b"doctor_id,grade,date,shift\n")],
        "error: rota.csv:1: no rows after the header (expected one row per shift)\n1 error found; nothing was written\n",
    );
    case(
        &[("meetings.csv", b"\n\n")],
        "error: meetings.csv: the file is empty (expected a header row)\n1 error found; nothing was written\n",
    );
}

#[test]
fn missing_columns_are_named() {
    case(
        &[("rota.csv", b"doctor_id,date,shift\nD1,2026-01-05,SD\n")],
        "error: rota.csv:1: missing required column 'grade' (found: doctor_id, date, shift)\n1 error found; nothing was written\n",
    );
}

#[test]
fn bad_dates_and_times_all_at_once() {
    case(
        &[("rota.csv", b"doctor_id,grade,date,shift,start,end\nD1,FY1,2026-02-30,SD,,\nD1,FY1,2026-01-06,,25:00,08:00\nD1,FY1,1/2/26,SD,,\n")],
        "error: rota.csv:2: column 'date': \"2026-02-30\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)\n\
         error: rota.csv:3: column 'start': \"25:00\" is not a time (expected HH:MM)\n\
         error: rota.csv:4: column 'date': \"1/2/26\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)\n\
         3 errors found; nothing was written\n",
    );
}

#[test]
fn unknown_shift_codes_each_with_first_row() {
    case(
        &[("rota.csv", b"doctor_id,grade,date,shift\nD1,FY1,2026-01-05,LD\nD1,FY1,2026-01-06,XX\nD1,FY1,2026-01-07,LD\n")],
        "error: rota.csv:2: column 'shift': unknown shift code \"LD\", first of 2 rows (expected one of N, OFF, SD)\n\
         error: rota.csv:3: column 'shift': unknown shift code \"XX\" (expected one of N, OFF, SD)\n\
         2 errors found; nothing was written\n",
    );
}

#[test]
fn overlapping_shifts() {
    case(
        &[("rota.csv", b"doctor_id,grade,date,shift,start,end\nD1,FY1,2026-01-05,N,,\nD1,FY1,2026-01-06,,07:00,15:00\n")],
        "error: rota.csv:3: doctor D1 has overlapping rows: 2026-01-06 07:00-15:00 (day, line 3) and 2026-01-05 20:00-08:00 (N, line 2) (expected one shift at a time)\n\
         1 error found; nothing was written\n",
    );
}

#[test]
fn doctor_details_that_differ_between_rows() {
    case(
        &[("rota.csv", b"doctor_id,grade,department,date,shift\nD1,FY1,acute,2026-01-05,SD\nD1,FY1,renal,2026-01-06,SD\n")],
        "error: rota.csv:3: column 'department': \"renal\" for doctor D1 differs from \"acute\" on line 2 (expected one department per doctor)\n\
         1 error found; nothing was written\n",
    );
}

#[test]
fn unknown_staff_groups() {
    case(
        &[("rota.csv", b"doctor_id,grade,staff_group,date,shift\nD1,FY1,nurse,2026-01-05,SD\n")],
        "error: rota.csv:2: column 'staff_group': \"nurse\" is not a staff group (expected resident, sas, consultant or other)\n\
         1 error found; nothing was written\n",
    );
}

#[test]
fn spring_gap_times() {
    case(
        &[("rota.csv", b"doctor_id,grade,date,start,end\nD1,FY1,2026-03-28,20:00,01:30\nD1,FY1,29/03/2026,01:00,09:00\n")],
        "error: rota.csv:2: column 'end': 01:30 on 2026-03-29 does not exist in Europe/London (the clocks go forward; expected a time outside the gap)\n\
         error: rota.csv:3: column 'start': 01:00 on 2026-03-29 does not exist in Europe/London (the clocks go forward; expected a time outside the gap)\n\
         2 errors found; nothing was written\n",
    );
}

#[test]
fn fte_out_of_range() {
    case(
        &[("rota.csv", b"doctor_id,grade,fte,date,shift\nD1,FY1,1.2,2026-01-05,SD\n")],
        "error: rota.csv:2: column 'fte': \"1.2\" is not a fraction from 0 to 1 (expected e.g. 0.6 for a 60% less-than-full-time post)\n\
         1 error found; nothing was written\n",
    );
}

#[test]
fn meetings_problems() {
    case(
        &[("meetings.csv", b"meeting_id,title,duration_min,cadence,audience,earliest,latest,department\nqi,QI,90,weekly,resident,12:00,13:00,\nqi,QI again,60,weekly,resident,,,renal\n")],
        "error: meetings.csv:2: column 'latest': the window 12:00-13:00 is 60 minutes, shorter than duration_min 90 (expected a window that fits the meeting)\n\
         error: meetings.csv:3: column 'meeting_id': \"qi\" is used twice (expected a unique id; first on line 2)\n\
         2 errors found; nothing was written\n",
    );
    case(
        &[("meetings.csv", b"meeting_id,title,duration_min,cadence,audience,department\nqi,QI,60,weekly,resident,renal\n")],
        "error: meetings.csv:2: column 'department': \"renal\" is not a department of the rota (expected one of default, or *)\n\
         1 error found; nothing was written\n",
    );
}

#[test]
fn cover_rules_naming_unknown_departments() {
    case(
        &[("cover.csv", b"department,staff_group,weekdays,start,end,min_on_duty\nicu,resident,Mon-Fri,08:00,17:00,2\n")],
        "error: cover.csv:2: column 'department': \"icu\" is not a department of the rota (expected one of default, or *)\n\
         1 error found; nothing was written\n",
    );
}

#[test]
fn policy_keys_and_types() {
    case(
        &[("policy.toml", b"[placement]\nmax_minutes = 60\n[cover]\nmin_count = \"one\"\n")],
        "error: policy.toml:2: unknown key 'placement.max_minutes' (expected one of allowed_kinds, max_minutes_per_shift, rest_after_night_hours, slot_step_minutes, start_step_minutes)\n\
         error: policy.toml:4: key 'cover.min_count': \"one\" is not a whole number from 0 to 10000\n\
         2 errors found; nothing was written\n",
    );
}

#[test]
fn nul_bytes_and_mixed_delimiters() {
    case(
        &[("rota.csv", b"doctor_id,grade,date,shift\nD1,FY1,2026-01-05,S\0D\n")],
        "error: rota.csv:2: contains a NUL byte (expected a text CSV file)\n1 error found; nothing was written\n",
    );
    case(
        &[("rota.csv", b"doctor_id;grade;date;shift\nD1;FY1;2026-01-05;SD\nD2,FY1,2026-01-05,SD,x\n")],
        "error: rota.csv:3: the row is not split by ';' like the header (expected one delimiter throughout)\n\
         1 error found; nothing was written\n",
    );
}

#[test]
fn out_that_is_a_file() {
    let dir = folder(&[
        ("rota.csv", ROTA),
        ("shifts.csv", SHIFTS),
        ("meetings.csv", MEETINGS),
        ("out", b"x"),
    ]);
    let r = run_in(
        dir.path(),
        &[
            "schedule",
            "--rota",
            "rota.csv",
            "--shifts",
            "shifts.csv",
            "--meetings",
            "meetings.csv",
            "--out",
            "out",
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: cannot use out as the output folder: it is a file\n"
    );
}

#[test]
fn missing_file_and_usage() {
    let dir = folder(&[]);
    let r = run_in(dir.path(), &["validate", "--rota", "nope.csv"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: nope.csv: cannot read the file ("),
        "{}",
        r.stderr
    );
    let r = run_in(dir.path(), &["schedule", "--rota", "x.csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--out <DIR>"), "{}", r.stderr);
}

#[test]
fn more_messy_exports() {
    case(
        &[("shifts.csv", b"code,start,end,kind\n")],
        "error: shifts.csv:1: no rows after the header (expected one row per shift code)\n\
         error: rota.csv:2: column 'shift': unknown shift code \"SD\", first of 2 rows (expected a code defined in the shift definitions, which define none)\n\
         2 errors found; nothing was written\n",
    );
    case(
        &[("rota.csv", b"doctor_id,grade,date,shift,kind\nD1,FY1,2026-01-05,SD,nap\n")],
        "error: rota.csv:2: column 'kind': \"nap\" is not a kind (expected one of day, long_day, night, twilight, on_call, non_clinical, teaching, engagement, rest, leave, study_leave)\n\
         1 error found; nothing was written\n",
    );
    case(
        &[("rota.csv", b"doctor_id,grade,fte,date,shift\nD1,FY1,-0.5,2026-01-05,SD\n")],
        "error: rota.csv:2: column 'fte': \"-0.5\" is not a fraction from 0 to 1 (expected e.g. 0.6 for a 60% less-than-full-time post)\n\
         1 error found; nothing was written\n",
    );
    case(
        &[(
            "rota.csv",
            b"doctor_id,grade,date,date,shift\nD1,FY1,2026-01-05,2026-01-05,SD\n",
        )],
        "error: rota.csv:1: column 'date': duplicate column (columns 3 and 4 have the same name)\n\
         1 error found; nothing was written\n",
    );
    case(
        &[("rota.csv", b"doctor_id,grade,date,shift\nD1,FY1,2026-01-05,SD\n\"D2,FY1,2026-01-05,SD\n")],
        "error: rota.csv:3: a quote (\") opened here is never closed (expected a closing quote; is the file cut short?)\n\
         1 error found; nothing was written\n",
    );
    case(
        &[("rota.csv", b"\xff\xfed\x00o\x00c\x00\n\x00")],
        "error: rota.csv: is UTF-16 text (expected UTF-8: save it as \"CSV UTF-8\")\n1 error found; nothing was written\n",
    );
}

#[test]
fn more_meeting_cover_and_policy_problems() {
    case(
        &[("meetings.csv", b"meeting_id,title,duration_min,cadence,audience,weekdays\nqi,QI,60,weekly,resident,Funday\n")],
        "error: meetings.csv:2: column 'weekdays': \"Funday\" is not a list of weekdays (expected e.g. Mon-Fri or Tue;Thu)\n\
         1 error found; nothing was written\n",
    );
    case(
        &[("meetings.csv", b"meeting_id,title,duration_min,cadence,audience,fixed\nqi,QI,60,once,resident,2027-01-07 12:30\n")],
        "error: meetings.csv:2: column 'fixed': 2027-01-07 is outside the rota period 2026-01-05 to 2026-01-05 (expected a date in it)\n\
         1 error found; nothing was written\n",
    );
    case(
        &[("meetings.csv", b"meeting_id,title,duration_min,cadence,audience,min_attendance,priority\nqi,QI,60,weekly,resident,1.5,-2\n")],
        "error: meetings.csv:2: column 'min_attendance': \"1.5\" is not a fraction from 0 to 1\n\
         error: meetings.csv:2: column 'priority': \"-2\" is not a weight (expected a number from 0 to 1000)\n\
         2 errors found; nothing was written\n",
    );
    case(
        &[("cover.csv", b"department,staff_group,weekdays,start,end,min_on_duty\ndefault,nurse,Mon-Fri,08:00,17:00,-1\n")],
        "error: cover.csv:2: column 'staff_group': \"nurse\" is not a staff group (expected resident, sas, consultant, other or *)\n\
         error: cover.csv:2: column 'min_on_duty': \"-1\" is not a number of doctors (expected a whole number, 0 or more)\n\
         2 errors found; nothing was written\n",
    );
    case(
        &[("policy.toml", b"[placement]\nallowed_kinds = \"day\"\n")],
        "error: policy.toml:2: key 'placement.allowed_kinds': \"day\" is not a list (expected e.g. [\"day\", \"long_day\"])\n\
         1 error found; nothing was written\n",
    );
    case(
        &[("policy.toml", b"timezone = \n")],
        "error: policy.toml:1: is not valid TOML: invalid string; expected `\"`, `'`\n1 error found; nothing was written\n",
    );
}

#[test]
fn truncated_files() {
    // Cut short in the middle of a date, and before the last column.
    case(
        &[("rota.csv", b"doctor_id,grade,date,shift\nD1,FY1,2026-01-05,SD\nD2,FY1,2026-01-0")],
        "error: rota.csv:3: column 'date': \"2026-01-0\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)\n\
         error: rota.csv:3: column 'shift': empty (expected a shift code, or start and end times)\n\
         2 errors found; nothing was written\n",
    );
    case(
        &[("rota.csv", b"doctor_id,grade,date,shift\nD1,FY1,2026-01-05,SD\nD2,FY1,2026-01-05")],
        "error: rota.csv:3: column 'shift': empty (expected a shift code, or start and end times)\n\
         1 error found; nothing was written\n",
    );
}

#[test]
fn a_one_megabyte_line_is_quoted_short() {
    let mut rota = b"doctor_id,grade,date,shift\nD1,FY1,2026-01-05,".to_vec();
    rota.extend(std::iter::repeat_n(b'S', 1_000_000));
    rota.push(b'\n');
    let head = "S".repeat(180);
    let tail = "S".repeat(170);
    case(
        &[("rota.csv", &rota)],
        &format!(
            "error: rota.csv:2: column 'shift': unknown shift code \"{head} … [999650 bytes left out] … {tail}\" (expected one of N, OFF, SD)\n\
             1 error found; nothing was written\n"
        ),
    );
}

#[test]
fn times_out_of_range_and_empty_required_cells() {
    case(
        &[(
            "rota.csv",
            b"doctor_id,grade,date,start,end\nD1,FY1,2026-01-05,-1:00,32:00\n",
        )],
        "error: rota.csv:2: column 'start': \"-1:00\" is not a time (expected HH:MM)\n\
         error: rota.csv:2: column 'end': \"32:00\" is not a time (expected HH:MM)\n\
         2 errors found; nothing was written\n",
    );
    case(
        &[("rota.csv", b"doctor_id,grade,date,shift\n,FY1,2026-01-05,SD\nD2,,2026-01-05,SD\nD3,FY1,,SD\n")],
        "error: rota.csv:2: column 'doctor_id': empty (expected a staff or GMC number)\n\
         error: rota.csv:3: column 'grade': empty for doctor D2 (expected a grade such as FY1, ST3, Specialty Doctor, Consultant)\n\
         error: rota.csv:4: column 'date': empty (expected YYYY-MM-DD or DD/MM/YYYY)\n\
         3 errors found; nothing was written\n",
    );
}

#[test]
fn grid_rotas_need_shift_codes_they_know() {
    case(
        &[("rota.csv", b"doctor_id,grade,2026-01-05,2026-01-06\nD1,FY1,SD,ZZ\n")],
        "error: rota.csv:2: column '2026-01-06': unknown shift code \"ZZ\" (expected one of N, OFF, SD)\n\
         1 error found; nothing was written\n",
    );
    let dir = folder(&[
        ("rota.csv", b"doctor_id,grade,2026-01-05\nD1,FY1,SD\n"),
        ("meetings.csv", MEETINGS),
    ]);
    let r = run_in(
        dir.path(),
        &[
            "schedule",
            "--rota",
            "rota.csv",
            "--meetings",
            "meetings.csv",
            "--out",
            "out",
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: rota.csv:1: a grid-form rota has shift codes in its date columns (expected shift definitions: pass --shifts)\n\
         1 error found; nothing was written\n"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn meeting_cover_and_policy_values() {
    case(
        &[("meetings.csv", b"meeting_id,title,duration_min,cadence,audience\nqi,QI,0,,\n")],
        "error: meetings.csv:2: column 'duration_min': \"0\" is not a duration in minutes (expected 15 to 480)\n\
         error: meetings.csv:2: column 'cadence': empty (expected once, weekly, fortnightly, every_4_weeks or monthly)\n\
         error: meetings.csv:2: column 'audience': empty (expected staff groups, e.g. resident;sas, or all)\n\
         3 errors found; nothing was written\n",
    );
    case(
        &[("cover.csv", b"department,staff_group,weekdays,start,end,min_on_duty\ndefault,resident,Mon-Funday,8am,17:00,1\n")],
        "error: cover.csv:2: column 'weekdays': \"Mon-Funday\" is not a list of weekdays (expected e.g. Mon-Fri or Tue;Thu)\n\
         error: cover.csv:2: column 'start': \"8am\" is not a time (expected HH:MM)\n\
         2 errors found; nothing was written\n",
    );
    case(
        &[("policy.toml", b"[protected_time]\nresident = { hours = \"two\", per_weeks = 4 }\n[rules]\nx = 1\n")],
        "error: policy.toml:2: key 'protected_time.resident.hours': \"two\" is not a number from 0 to 1000\n\
         error: policy.toml:3: unknown key 'rules' (expected one of timezone, protected_time, placement, cover, replan, working_time)\n\
         2 errors found; nothing was written\n",
    );
}

#[test]
fn out_under_a_file_is_refused() {
    let dir = folder(&[
        ("rota.csv", ROTA),
        ("shifts.csv", SHIFTS),
        ("meetings.csv", MEETINGS),
        ("blocker", b"x"),
    ]);
    let r = run_in(
        dir.path(),
        &[
            "schedule",
            "--rota",
            "rota.csv",
            "--shifts",
            "shifts.csv",
            "--meetings",
            "meetings.csv",
            "--out",
            "blocker/out",
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: cannot use blocker/out as the output folder: Not a directory (os error 20)\n"
    );
}

/// Not errors: both date forms in one file are read, and an end equal to the start is a
/// 24-hour shift, with a warning (it is more often a slip than meant).
#[test]
fn mixed_date_forms_and_a_24_hour_shift() {
    let dir = folder(&[(
        "rota.csv",
        b"doctor_id,grade,date,start,end\nD1,FY1,2026-01-05,08:00,16:00\nD1,FY1,06/01/2026,09:00,09:00\n",
    )]);
    let r = run_in(dir.path(), &["validate", "--rota", "rota.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "warning: rota.csv:3: column 'end': the same as start (09:00): read as a 24-hour shift ending the next day\n"
    );
    assert!(
        r.stdout
            .starts_with("valid: 1 doctors, 2 rota rows, 2026-01-05 to 2026-01-06 (2 days"),
        "{}",
        r.stdout
    );
}
