//! `rota-engage check`: the principle-2 and working-time audit of any rota.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::{say, ExitStatus, InputArgs};
use crate::report::findings;

/// Output format.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// Grouped by doctor, for people.
    Text,
    /// One object.
    Json,
    /// One row per finding.
    Csv,
}

/// `check`'s arguments.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// How to print the findings.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// Runs `check`.
pub(crate) fn run(args: &CheckArgs, out: &mut dyn Write) -> ExitStatus {
    let mut src = match args.inputs.read() {
        Ok(s) => s,
        Err(status) => return status,
    };
    // A clash in the rota is what an audit reports, not a reason to refuse it.
    src.rota_options.clashes = crate::io::rota::Clashes::Read;
    let (inputs, warnings) = match super::load_or_report(&src) {
        Ok(x) => x,
        Err(status) => return status,
    };
    eprint!("{}", warnings.render());
    let v = crate::pipeline::check(&inputs, src.meetings.is_some());
    match args.format {
        Format::Text => say(out, &findings::text(&inputs.rota, &v, &inputs.policy)),
        Format::Json => say(
            out,
            &String::from_utf8_lossy(&findings::json(&inputs.rota, &v)),
        ),
        Format::Csv => say(
            out,
            &String::from_utf8_lossy(&findings::csv(&inputs.rota, &v)),
        ),
    }
    if findings::compliant(&v) {
        ExitStatus::Ok
    } else {
        ExitStatus::NotCompliant
    }
}
