//! The command line: arguments → inputs → a command → one report and an exit status.
//! Only this module touches clap, paths, stdout and exit codes.

mod check;
mod demo;
mod generate;
mod import;
mod schedule;
mod serve;
mod validate;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::io::inputs::{Source, Sources};

/// The contract's exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Done.
    Ok = 0,
    /// `check`: the rota is not compliant.
    NotCompliant = 1,
    /// Bad input or usage.
    BadInput = 2,
    /// No schedule satisfies the hard rules, or the solver failed.
    NoSchedule = 3,
}

/// Places engagement meetings and protected time inside NHS doctors' rotas without breaking
/// minimum clinical cover (BMA principle 2).
#[derive(Debug, Parser)]
#[command(name = "rota-engage", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Schedule the built-in sample department (acute medicine, 13 weeks) and print the summary.
    Demo(demo::DemoArgs),
    /// Place meetings and reserve protected time; write the adjusted rota and reports.
    Schedule(schedule::ScheduleArgs),
    /// Check any rota for principle-2 compliance and working-time rules.
    Check(check::CheckArgs),
    /// Read and check the input files only.
    Validate(InputArgs),
    /// Read a rota spreadsheet as the department keeps it; write it in long form with a report
    /// of how it was read.
    Import(import::ImportArgs),
    /// The same work from a web page on this computer (127.0.0.1 only): upload, read-back,
    /// schedule with progress, report, downloads, check.
    Serve(serve::ServeArgs),
    /// Write a generated department or trust (rota, shifts, meetings, cover) for trials and benchmarks.
    Generate(generate::GenerateArgs),
}

/// How to read a rota spreadsheet (shared by every command that reads a rota).
#[derive(Debug, Args, Clone, Default)]
pub struct SheetArgs {
    /// The sheet of a workbook to read (by name); without it, the one sheet holding a rota grid.
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// A layout file (TOML) saying where the names, grades, dates and legend are.
    #[arg(long, value_name = "FILE")]
    layout: Option<PathBuf>,
    /// The department of every doctor in the sheet (default: the sheet's name).
    #[arg(long, value_name = "NAME")]
    department: Option<String>,
    /// The grade of every doctor, for a sheet without grades.
    #[arg(long, value_name = "GRADE")]
    grade: Option<String>,
}

impl SheetArgs {
    fn options(&self) -> Result<crate::io::import::RotaOptions, String> {
        Ok(crate::io::import::RotaOptions {
            sheet: self.sheet.clone(),
            layout: self.layout.as_ref().map(read_source).transpose()?,
            department: self.department.clone(),
            grade: self.grade.clone(),
            clashes: crate::io::rota::Clashes::Refused,
        })
    }
}

/// Reads one input file; an unreadable one is bad input.
fn read_source(p: &PathBuf) -> Result<Source, String> {
    std::fs::read(p)
        .map(|bytes| Source {
            name: p.display().to_string(),
            bytes,
        })
        .map_err(|e| format!("error: {}: cannot read the file ({e})", p.display()))
}

/// The input files shared by the commands.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// The rota: long or grid form (CSV), or a rota spreadsheet as the department keeps it
    /// (.xlsx, .xlsm, .xls, .ods, or a CSV save of one).
    #[arg(long, value_name = "FILE")]
    rota: PathBuf,
    #[command(flatten)]
    sheet: SheetArgs,
    /// Shift definitions: code, start, end, kind, [label].
    #[arg(long, value_name = "FILE")]
    shifts: Option<PathBuf>,
    /// Engagement meetings, one row per requirement.
    #[arg(long, value_name = "FILE")]
    meetings: Option<PathBuf>,
    /// Minimum clinical cover rules.
    #[arg(long, value_name = "FILE")]
    cover: Option<PathBuf>,
    /// Policy (TOML): targets, placement, default cover.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Time zone of the rota (IANA name); wins over the policy's.
    #[arg(long, value_name = "ZONE", value_parser = parse_tz)]
    tz: Option<chrono_tz::Tz>,
}

fn parse_tz(s: &str) -> Result<chrono_tz::Tz, String> {
    s.parse().map_err(|_| {
        format!("{s:?} is not a time zone (expected an IANA name such as Europe/London)")
    })
}

impl InputArgs {
    /// Every input path given.
    fn paths(&self) -> Vec<PathBuf> {
        [
            Some(&self.rota),
            self.sheet.layout.as_ref(),
            self.shifts.as_ref(),
            self.meetings.as_ref(),
            self.cover.as_ref(),
            self.policy.as_ref(),
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
    }

    /// Reads the files; an unreadable one is reported as bad input.
    fn read(&self) -> Result<Sources, ExitStatus> {
        self.sources().map_err(|e| {
            eprintln!("{e}");
            ExitStatus::BadInput
        })
    }

    /// Reads the files; an unreadable one is bad input.
    fn sources(&self) -> Result<Sources, String> {
        let read = read_source;
        let opt = |p: &Option<PathBuf>| p.as_ref().map(read).transpose();
        Ok(Sources {
            rota: Some(read(&self.rota)?),
            shifts: opt(&self.shifts)?,
            meetings: opt(&self.meetings)?,
            cover: opt(&self.cover)?,
            policy: opt(&self.policy)?,
            tz: self.tz,
            rota_options: self.sheet.options()?,
        })
    }
}

/// Runs the command line and returns the exit status.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                ExitStatus::BadInput as u8
            } else {
                0
            });
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let status = match cli.command {
        Command::Demo(a) => demo::run(&a, &mut out),
        Command::Schedule(a) => schedule::run(&a, &mut out),
        Command::Check(a) => check::run(&a, &mut out),
        Command::Validate(a) => validate::run(&a, &mut out),
        Command::Import(a) => import::run(&a, &mut out),
        Command::Generate(a) => generate::run(&a, &mut out),
        Command::Serve(a) => serve::run(&a, &mut out),
    };
    let _ = out.flush();
    ExitCode::from(status as u8)
}

/// Reads and checks the inputs; on bad input prints every problem and a closing count.
fn load_or_report(
    src: &crate::io::Sources,
) -> Result<(crate::io::Inputs, crate::io::Diagnostics), ExitStatus> {
    crate::io::load(src).map_err(|d| {
        eprint!("{}", d.render());
        let n = d.error_count();
        eprintln!(
            "{n} error{} found; nothing was written",
            if n == 1 { "" } else { "s" }
        );
        ExitStatus::BadInput
    })
}

/// Writes to stdout; a closed pipe is not an error (like ripgrep).
fn say(out: &mut dyn Write, text: &str) {
    let _ = out.write_all(text.as_bytes());
}
