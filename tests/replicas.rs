//! Workbooks laid out exactly as real departments' rotas are (`tests/data/replicas/`, copied
//! from the project's shared replicas, names made up), each with the cells a correct reader
//! returns (`X.truth.csv`). Each is imported as `score.py` does — with `X.shifts.csv` where the
//! workbook holds no times, and the project's `X.layout.toml` of at most five lines — and
//! compared cell by cell: every truth cell read with its label, no row the truth lacks, no
//! doctor the sheet lacks.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::support::{data, run_in};

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// (doctor, date) → labels, from a CSV file with those columns.
fn cells(
    path: &Path,
    doctor: &str,
    date: &str,
    label: &str,
) -> BTreeMap<(String, String), Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let h = r.headers().expect("a header").clone();
    let col = |n: &str| {
        h.iter()
            .position(|x| x.trim_start_matches('\u{feff}') == n)
            .unwrap_or_else(|| panic!("{}: no column {n}", path.display()))
    };
    let (d, t, l) = (col(doctor), col(date), col(label));
    let mut out: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.expect("a record");
        out.entry((norm(&rec[d]), rec[t].to_string()))
            .or_default()
            .push(norm(&rec[l]));
    }
    out
}

/// Imports one replica and compares: (matched, truth cells, missing, extra rows, phantom
/// doctors), and the terminal's last lines.
fn score(name: &str) -> (usize, usize, usize, usize, usize, String) {
    let file = data(&format!("replicas/{name}"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut args = vec!["import".to_string(), file.clone()];
    for (flag, ext) in [("--shifts", "shifts.csv"), ("--layout", "layout.toml")] {
        let p = format!("{file}.{ext}");
        if Path::new(&p).exists() {
            if ext == "layout.toml" {
                let text = std::fs::read_to_string(&p).expect("read");
                let lines = text
                    .lines()
                    .filter(|l| !l.trim().is_empty() && !l.trim().starts_with('#'))
                    .count();
                assert!(
                    lines <= 5,
                    "{name}: the layout file has {lines} lines (at most 5)"
                );
            }
            args.push(flag.into());
            args.push(p);
        }
    }
    args.extend(["--out".into(), "out".into()]);
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run_in(dir.path(), &argv);
    assert_eq!(r.code, 0, "{name} was not read:\n{}", r.stderr);
    let want = cells(
        Path::new(&format!("{file}.truth.csv")),
        "doctor",
        "date",
        "label",
    );
    let got = cells(&dir.path().join("out/rota.csv"), "name", "date", "shift");
    let (mut ok, mut total, mut missing) = (0, 0, 0);
    for (key, labels) in &want {
        let mut have: HashMap<&str, usize> = HashMap::new();
        for l in got.get(key).into_iter().flatten() {
            *have.entry(l.as_str()).or_insert(0) += 1;
        }
        for l in labels {
            total += 1;
            match have.get_mut(l.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    ok += 1;
                }
                _ => missing += 1,
            }
        }
    }
    let extra = got
        .iter()
        .filter(|(k, _)| !want.contains_key(*k))
        .map(|(_, v)| v.len())
        .sum();
    let truth_doctors: std::collections::HashSet<&String> = want.keys().map(|k| &k.0).collect();
    let phantom = got
        .keys()
        .map(|k| &k.0)
        .collect::<std::collections::HashSet<_>>()
        .iter()
        .filter(|d| !truth_doctors.contains(**d))
        .count();
    (ok, total, missing, extra, phantom, r.stderr)
}

fn cell_exact(name: &str) {
    let (ok, total, missing, extra, phantom, stderr) = score(name);
    assert!(
        missing == 0 && extra == 0 && phantom == 0 && ok == total,
        "{name}: {ok}/{total} cells, {missing} missing, {extra} extra rows, {phantom} phantom doctors\n{stderr}"
    );
}

#[test]
fn ae_doctors_across_reads_cell_exact() {
    // The visible sheet only (two hidden sheets of older rotations), a date above the grid
    // in the names row, a number among the names, a merged induction day, a legend beside.
    cell_exact("ae_doctors_across.xlsx");
}

#[test]
fn ae_doctors_across_saved_as_csv_reads_cell_exact() {
    cell_exact("ae_doctors_across.csv");
}

#[test]
fn cardiology_legend_lines_reads_cell_exact() {
    // A colleague's column of Monday offs beside the grid, leave-request columns, legend lines
    // in one cell each, and a night followed by a morning shift (read, with a warning).
    cell_exact("cardiology_legend_lines.xlsx");
    let (.., stderr) = score("cardiology_legend_lines.xlsx");
    assert!(stderr.contains("rota_overlap"), "{stderr}");
}

#[test]
fn medicine_letter_codes_reads_cell_exact() {
    cell_exact("medicine_letter_codes.xlsx");
}

#[test]
fn surgery_rotating_cohorts_reads_cell_exact() {
    // Five cohorts' names rows part-way down; colleagues' names in side columns; a legend
    // sheet of lists of labels; last year's dates on the first two lines.
    cell_exact("surgery_rotating_cohorts.xlsx");
    let (.., stderr) = score("surgery_rotating_cohorts.xlsx");
    assert!(
        stderr.contains("F1 ROTA SEU!A4: 2017-07-31 is a year out of the run of dates around it: read as 2018-07-30"),
        "{stderr}"
    );
}

#[test]
fn surgery_template_assignment_reads_cell_exact() {
    // Mondays over two rows above the assignment table: a column carries two weeks.
    cell_exact("surgery_template_assignment.xlsx");
}

#[test]
fn paeds_rotation_blocks_reads_cell_exact() {
    // Three blocks of names, grades and line numbers; in the second, GP posts written over
    // the names and the names on the grades line; GP trainees here one day a week (their
    // sparse columns are doctors: each has a grade); Gaps columns; "Paed ST" without a year.
    cell_exact("paeds_rotation_blocks.xlsx");
}

#[test]
fn urology_template_two_row_lines_reads_cell_exact() {
    // Lines of labels over their times, parted by blank rows; the doctors named under the
    // lines roll down a line a week from the yearless first day under WED (the year from the
    // layout file, checked against the weekday).
    cell_exact("urology_template_two_row_lines.xlsx");
}

#[test]
fn resp_month_sheets_reads_cell_exact_as_one_rota() {
    // Six month sheets read as one rota with no options: yearless dates from the run of
    // sheets, January's copied year read on from December (with a warning), legend lines
    // below each grid (by grade, weekday and weekend) not doctors, stray marks kept as notes.
    cell_exact("resp_month_sheets.xlsx");
    let (.., stderr) = score("resp_month_sheets.xlsx");
    assert!(
        stderr.contains("Jan!F1: 2018-01-04 and the sheet's 27 other dates written with a year fall before the rota began (2018-08-01, on the sheets before this one): read in the year the sheets run on into, 2019"),
        "{stderr}"
    );
}

#[test]
fn the_notes_kept_from_a_grid_read_back_and_are_no_shifts() {
    let file = data("replicas/resp_month_sheets.xlsx");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let r = run_in(dir.path(), &["import", &file, "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rota = std::fs::read_to_string(dir.path().join("out/rota.csv")).expect("rota.csv");
    let notes: Vec<&str> = rota.lines().filter(|l| l.contains(",note,")).collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].contains("2018-10-29,,,note,22312"), "{}", notes[0]);
    // The written rota reads back (the notes with it) and `check` audits it: the weekend
    // long days are 08:00-21:00, the weekday ones 09:00-21:00.
    let r = run_in(
        dir.path(),
        &["check", "--rota", "out/rota.csv", "--format", "csv"],
    );
    assert_ne!(r.code, 2, "{}", r.stderr);
    assert!(
        rota.contains("2018-12-01,08:00,21:00,long_day,LD,"),
        "no weekend LD"
    );
    assert!(rota.contains(",09:00,21:00,long_day,LD,"), "no weekday LD");
    let r = run_in(dir.path(), &["import", "out/rota.csv", "--out", "again"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let again = std::fs::read_to_string(dir.path().join("again/rota.csv")).expect("rota.csv");
    assert_eq!(again, rota);
}

#[test]
fn check_reports_the_clashes_a_replica_holds() {
    // Two nights followed by a morning shift that starts before the night ends.
    let file = data("replicas/cardiology_legend_lines.xlsx");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let shifts = format!("{file}.shifts.csv");
    let layout = format!("{file}.layout.toml");
    let r = run_in(
        dir.path(),
        &[
            "check", "--rota", &file, "--shifts", &shifts, "--layout", &layout, "--format", "csv",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let clashes: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains(",rota_overlap,"))
        .collect();
    assert_eq!(clashes.len(), 2, "{}", r.stdout);
    assert!(
        clashes[0].contains("night shift 2019-09-01 20:00-08:30 (line 30) and Gristbury starts 2019-09-02 08:00-17:00 (line 31) overlap by 30 min"),
        "{}",
        clashes[0]
    );
}
