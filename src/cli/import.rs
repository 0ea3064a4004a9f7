//! `rota-engage import`: reads a rota spreadsheet as the department keeps it and writes it in
//! long form (`rota.csv`, `shifts.csv`) with `import.txt`, the report of how it was read.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{read_source, say, ExitStatus, SheetArgs};
use crate::io::atomic;
use crate::io::import::{self, FoundLabel};
use crate::io::inputs::Source;
use crate::io::{shifts, Diagnostics};

/// `import`'s arguments.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The rota spreadsheet: .xlsx, .xlsm, .xls, .ods, or a CSV save of one.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    sheet: SheetArgs,
    /// Shift definitions (code, start, end, kind): the labels' legend, where the sheet has none.
    #[arg(long, value_name = "FILE")]
    shifts: Option<PathBuf>,
    /// Time zone of the rota (IANA name).
    #[arg(long, value_name = "ZONE", value_parser = super::parse_tz)]
    tz: Option<chrono_tz::Tz>,
    /// The folder to write rota.csv, shifts.csv and import.txt to.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

const OUTPUTS: [&str; 3] = ["rota.csv", "shifts.csv", "import.txt"];

/// Runs `import`.
pub(crate) fn run(args: &ImportArgs, out: &mut dyn Write) -> ExitStatus {
    let read = || -> Result<(Source, Option<Source>, import::RotaOptions), String> {
        Ok((
            read_source(&args.file)?,
            args.shifts.as_ref().map(read_source).transpose()?,
            args.sheet.options()?,
        ))
    };
    let (src, shifts_src, mut opts) = match read() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            return ExitStatus::BadInput;
        }
    };
    // A clash is read as written and reported by `check`.
    opts.clashes = crate::io::rota::Clashes::Read;
    let mut diags = Diagnostics::default();
    let defs = shifts_src.as_ref().and_then(|s| {
        crate::io::table::Table::parse(&s.name, &s.bytes, &mut diags)
            .map(|t| shifts::read(&t, &mut diags))
    });
    let tz = args.tz.unwrap_or(chrono_tz::Europe::London);
    let read = if diags.has_errors() {
        None
    } else {
        import::read(&src, &opts, defs.as_ref(), tz, &mut diags)
    };
    let Some((rota, report)) = read.filter(|_| !diags.has_errors()) else {
        eprint!("{}", diags.render());
        let n = diags.error_count();
        eprintln!(
            "{n} error{} found; nothing was written",
            if n == 1 { "" } else { "s" }
        );
        return ExitStatus::BadInput;
    };
    eprint!("{}", diags.render());
    let report = report.unwrap_or_else(|| plain_report(&src.name, &rota));
    let inputs: Vec<PathBuf> = [
        Some(&args.file),
        args.shifts.as_ref(),
        args.sheet.layout.as_ref(),
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    if let Err(e) = atomic::prepare(&args.out, &OUTPUTS, &inputs) {
        eprintln!("error: {e}");
        return ExitStatus::BadInput;
    }
    let files = vec![
        (
            "rota.csv".to_string(),
            crate::report::files::adjusted_rota(&rota),
        ),
        (
            "shifts.csv".to_string(),
            crate::report::files::legend_csv(&report.labels),
        ),
        ("import.txt".to_string(), report.render().into_bytes()),
    ];
    if let Err(e) = atomic::write_all(&args.out, &files) {
        eprintln!("error: {e}");
        return ExitStatus::BadInput;
    }
    say(
        out,
        &format!(
            "read {}: {} doctors, {} rota rows, {} to {}; {} labels, {} notes; {} cells beside the grid not read, {} (each named in import.txt)\nwrote rota.csv, shifts.csv and import.txt to {}\n",
            report.sheet,
            rota.doctors.len(),
            rota.shifts.len(),
            rota.first,
            rota.last,
            report.labels.len(),
            report.notes.len(),
            report.unread,
            match report.remarks {
                1 => "1 remark in the grid kept as a note".to_string(),
                n => format!("{n} remarks in the grid kept as notes"),
            },
            args.out.display()
        ),
    );
    ExitStatus::Ok
}

/// The report for a rota already in the contract's CSV form: its doctors and codes.
fn plain_report(file: &str, rota: &crate::domain::Rota) -> import::Report {
    let mut labels: Vec<FoundLabel> = Vec::new();
    for s in &rota.shifts {
        let label = s.code.clone().unwrap_or_else(|| s.kind.to_string());
        if let Some(l) = labels.iter_mut().find(|l| l.label == label) {
            l.count += 1;
            continue;
        }
        let times = s.timed.then(|| {
            let t = |m| {
                chrono::NaiveTime::parse_from_str(&crate::domain::time::hhmm(rota.tz, m), "%H:%M")
                    .unwrap_or_default()
            };
            (t(s.start), crate::domain::time::LocalEnd::At(t(s.end)))
        });
        labels.push(FoundLabel {
            label,
            count: 1,
            first: format!("line {}", s.line),
            times,
            kind: s.kind,
            source: "the rota's own columns".into(),
        });
    }
    import::Report {
        file: file.to_string(),
        sheet: file.to_string(),
        orientation: "the contract's long or grid form (one row per shift, or per doctor)".into(),
        doctors: rota
            .doctors
            .iter()
            .map(|d| import::FoundDoctor {
                id: d.id.clone(),
                name: d.name.clone(),
                grade: d.grade.clone(),
                group: d.group,
                fte: d.fte,
                cell: String::new(),
            })
            .collect(),
        period: Some((rota.first, rota.last)),
        department: {
            let mut ds: Vec<&str> = rota.doctors.iter().map(|d| d.department.as_str()).collect();
            ds.sort_unstable();
            ds.dedup();
            ds.join(", ")
        },
        labels,
        ..import::Report::default()
    }
}
