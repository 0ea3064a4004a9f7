//! `validate` on good input: the demo department in every form a real export takes.

use crate::support::{demo, folder, run_in};

fn demo_args<'a>(
    rota: &'a str,
    shifts: &'a str,
    meetings: &'a str,
    cover: &'a str,
    policy: &'a str,
) -> Vec<&'a str> {
    vec![
        "validate",
        "--rota",
        rota,
        "--shifts",
        shifts,
        "--meetings",
        meetings,
        "--cover",
        cover,
        "--policy",
        policy,
    ]
}

const SUMMARY: &str =
    "valid: 46 doctors, 4186 rota rows, 2026-08-05 to 2026-11-03 (91 days, Europe/London)
  acute: 7 consultant, 32 resident, 7 sas
meetings: 5 requirements, 26 occurrences in the period and 156 individual slots (one per invited doctor and block)
cover rules: 2
";

#[test]
fn demo_department_long_and_grid() {
    let dir = folder(&[]);
    let (s, m, c, p) = (
        demo("shifts.csv"),
        demo("meetings.csv"),
        demo("cover.csv"),
        demo("policy.toml"),
    );
    for rota in ["rota.csv", "rota_grid.csv"] {
        let r = run_in(dir.path(), &demo_args(&demo(rota), &s, &m, &c, &p));
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{rota}");
        assert_eq!(r.stdout, SUMMARY, "{rota}");
    }
}

/// The same rota as a European spreadsheet exports it: `;`, byte-order mark, CRLF, UK dates,
/// blank rows.
#[test]
fn demo_department_as_a_messy_export() {
    let src = std::fs::read_to_string(demo("rota.csv")).unwrap();
    let mut out = String::from("\u{feff}");
    for (i, line) in src.lines().enumerate() {
        let cells: Vec<String> = line
            .split(',')
            .map(|c| {
                if c.len() == 10 && c.as_bytes()[4] == b'-' {
                    format!("{}/{}/{}", &c[8..10], &c[5..7], &c[0..4])
                } else {
                    c.to_string()
                }
            })
            .collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
        if i % 500 == 0 {
            out.push_str(";;;\r\n\r\n");
        }
    }
    let dir = folder(&[("export.csv", out.as_bytes())]);
    let (s, m, c, p) = (
        demo("shifts.csv"),
        demo("meetings.csv"),
        demo("cover.csv"),
        demo("policy.toml"),
    );
    let r = run_in(dir.path(), &demo_args("export.csv", &s, &m, &c, &p));
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(r.stdout, SUMMARY);
}

#[test]
fn unknown_columns_are_a_warning() {
    let dir = folder(&[(
        "rota.csv",
        b"doctor_id,grade,date,start,end,ward\nD1,FY1,2026-01-05,08:00,16:00,7B\n",
    )]);
    let r = run_in(dir.path(), &["validate", "--rota", "rota.csv"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        "warning: rota.csv:1: ignoring unknown columns: ward\n"
    );
}

#[test]
fn autumn_ambiguous_time_is_a_warning() {
    let dir = folder(&[(
        "rota.csv",
        b"doctor_id,grade,date,start,end\nD1,FY1,2026-10-24,20:00,01:30\n",
    )]);
    let r = run_in(dir.path(), &["validate", "--rota", "rota.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "warning: rota.csv:2: column 'end': the local time happens twice on 2026-10-24 in Europe/London (the clocks go back); took the later\n"
    );
}

/// Half a million rows (120 generated departments of 46 doctors over 13 weeks) read, resolved
/// and checked without error. Slow in a debug build, so behind `--ignored`; its time and memory
/// are measured by `bench/import.sh` (BENCHMARKS.md).
#[test]
#[ignore = "large input: run with --release -- --ignored"]
fn half_a_million_rows() {
    let dir = folder(&[]);
    let gen = run_in(
        dir.path(),
        &[
            "generate",
            "--out",
            "big",
            "--departments",
            "120",
            "--weeks",
            "13",
        ],
    );
    assert_eq!(gen.code, 0, "{}", gen.stderr);
    let r = run_in(
        dir.path(),
        &[
            "validate",
            "--rota",
            "big/rota.csv",
            "--shifts",
            "big/shifts.csv",
            "--meetings",
            "big/meetings.csv",
            "--cover",
            "big/cover.csv",
        ],
    );
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let rows: usize = r
        .stdout
        .split_whitespace()
        .nth(3)
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(rows >= 500_000, "{}", r.stdout);
}
