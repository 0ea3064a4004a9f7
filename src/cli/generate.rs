//! `rota-engage generate`: write a generated department or trust.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::{say, ExitStatus};
use crate::generate::{generate, Spec};
use crate::io::atomic;

/// `generate`'s arguments.
#[derive(Debug, Args)]
pub(crate) struct GenerateArgs {
    /// Folder to write into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Doctors per department.
    #[arg(long, default_value_t = 46)]
    doctors: usize,
    /// Departments.
    #[arg(long, default_value_t = 1)]
    departments: usize,
    /// Weeks.
    #[arg(long, default_value_t = 13)]
    weeks: usize,
    /// First date (YYYY-MM-DD).
    #[arg(long, default_value = "2026-08-05")]
    start: NaiveDate,
    /// Seed.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Add a trust-wide monthly forum (department `*`).
    #[arg(long)]
    trust_wide: bool,
    /// Leave out the individual QI time requirement.
    #[arg(long)]
    no_individual: bool,
    /// Also write the rota as a coordinator's workbook, `rota_sheet.xlsx` (doctors across, a
    /// sheet per department, a legend block beside the grid).
    #[arg(long)]
    workbook: bool,
}

/// Runs `generate`.
pub(crate) fn run(a: &GenerateArgs, out: &mut dyn Write) -> ExitStatus {
    let f = generate(&Spec {
        departments: a.departments.max(1),
        doctors: a.doctors.max(3),
        weeks: a.weeks.max(1),
        start: a.start,
        seed: a.seed,
        trust_wide: a.trust_wide,
        individual: !a.no_individual,
    });
    let workbook = if a.workbook {
        match crate::generate::rota_workbook(&f) {
            Ok(b) => Some(("rota_sheet.xlsx".to_string(), b)),
            Err(e) => {
                eprintln!("error: cannot build rota_sheet.xlsx: {e}");
                return ExitStatus::BadInput;
            }
        }
    } else {
        None
    };
    let mut files = vec![
        ("rota.csv".to_string(), f.rota.into_bytes()),
        ("rota_grid.csv".to_string(), f.rota_grid.into_bytes()),
        ("shifts.csv".to_string(), f.shifts.into_bytes()),
        ("meetings.csv".to_string(), f.meetings.into_bytes()),
        ("cover.csv".to_string(), f.cover.into_bytes()),
        ("policy.toml".to_string(), f.policy.into_bytes()),
    ];
    files.extend(workbook);
    let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
    if let Err(e) =
        atomic::prepare(&a.out, &names, &[]).and_then(|()| atomic::write_all(&a.out, &files))
    {
        eprintln!("error: {e}");
        return ExitStatus::BadInput;
    }
    say(
        out,
        &format!("wrote {} files to {}\n", files.len(), a.out.display()),
    );
    ExitStatus::Ok
}
