//! `rota-engage demo`: the built-in sample department, shipped in `data/` and embedded here.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::schedule::{run_on, SolveArgs};
use super::ExitStatus;
use crate::io::inputs::{Source, Sources};

/// `demo`'s arguments.
#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Folder for the outputs.
    #[arg(long, value_name = "DIR", default_value = "demo-out")]
    out: PathBuf,
    #[command(flatten)]
    solve: SolveArgs,
}

fn source(name: &str, bytes: &[u8]) -> Option<Source> {
    Some(Source {
        name: format!("demo/{name}"),
        bytes: bytes.to_vec(),
    })
}

/// The embedded demo department.
pub(crate) fn sources() -> Sources {
    Sources {
        rota: source("rota.csv", include_bytes!("../../data/rota.csv")),
        shifts: source("shifts.csv", include_bytes!("../../data/shifts.csv")),
        meetings: source("meetings.csv", include_bytes!("../../data/meetings.csv")),
        cover: source("cover.csv", include_bytes!("../../data/cover.csv")),
        policy: source("policy.toml", include_bytes!("../../data/policy.toml")),
        tz: None,
        rota_options: crate::io::import::RotaOptions::default(),
    }
}

/// Runs `demo`.
pub(crate) fn run(args: &DemoArgs, out: &mut dyn Write) -> ExitStatus {
    run_on(
        &sources(),
        &[],
        &args.out,
        &args.solve,
        &super::schedule::ReplanArgs::default(),
        out,
    )
}
