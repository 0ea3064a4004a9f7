//! `rota-engage schedule`: place meetings, reserve protected time, write the outputs.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{say, ExitStatus, InputArgs};
use crate::io::{atomic, Sources};
use crate::pipeline;
use crate::solver::Progress;

/// The output files.
pub(crate) const OUTPUTS: [&str; 8] = [
    "changes.csv",
    "adjusted_rota.csv",
    "meetings.csv",
    "compliance.csv",
    "summary.json",
    "engagement.ics",
    "rota.xlsx",
    "report.html",
];

/// Solver flags shared by `schedule` and `demo`.
#[derive(Debug, Args, Clone)]
pub(crate) struct SolveArgs {
    /// Wall-clock budget for the solver, in seconds.
    #[arg(long, value_name = "S", default_value_t = 60.0, value_parser = parse_positive)]
    time_limit: f64,
    /// Stop when the schedule is proven within this relative gap of the best (0-1).
    #[arg(long, value_name = "G", default_value_t = 1e-4, value_parser = parse_gap)]
    gap: f64,
    /// Parts solved at once (default: the machine's cores).
    #[arg(long, value_name = "N")]
    threads: Option<std::num::NonZeroUsize>,
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
    /// Schedule as a coordinator would by hand, for comparison: every meeting at one fixed
    /// weekday and time (its first allowed weekday, at its earliest start); attendance is still
    /// chosen within cover.
    #[arg(long)]
    baseline: bool,
    /// Also write one calendar per doctor (`ics/<doctor_id>.ics`) with just their engagement.
    #[arg(long)]
    ics_per_doctor: bool,
}

fn parse_positive(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("{s:?} is not a positive number of seconds")),
    }
}

fn parse_gap(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{s:?} is not a gap from 0 to 1")),
    }
}

/// `schedule`'s arguments.
#[derive(Debug, Args)]
pub(crate) struct ScheduleArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Folder for the outputs (created if absent).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    solve: SolveArgs,
    #[command(flatten)]
    replan: ReplanArgs,
}

/// Re-planning flags.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct ReplanArgs {
    /// Re-plan after the rota changed: an earlier run's output folder, whose schedule is kept
    /// where it still can be; writes changes.csv and calendar updates (updates/).
    #[arg(long, value_name = "DIR")]
    previous: Option<PathBuf>,
    /// With --previous: what was held before this date (YYYY-MM-DD) stays as it was.
    #[arg(long, value_name = "DATE", requires = "previous", value_parser = parse_date)]
    frozen_until: Option<chrono::NaiveDate>,
    /// With --previous: the organiser of the calendar updates, "Name <address>" (or set
    /// [replan] organizer_name and organizer_email in the policy).
    #[arg(long, value_name = "WHO", requires = "previous", value_parser = parse_organizer)]
    organizer: Option<(String, String)>,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::io::values::date(s)
}

fn parse_organizer(s: &str) -> Result<(String, String), String> {
    crate::io::values::organizer(s)
}

/// Runs `schedule`.
pub(crate) fn run(args: &ScheduleArgs, out: &mut dyn Write) -> ExitStatus {
    let src = match args.inputs.read() {
        Ok(s) => s,
        Err(status) => return status,
    };
    run_on(
        &src,
        &args.inputs.paths(),
        &args.out,
        &args.solve,
        &args.replan,
        out,
    )
}

impl ReplanArgs {
    fn options(&self) -> Option<pipeline::ReplanOptions> {
        self.previous.as_ref().map(|dir| pipeline::ReplanOptions {
            previous: dir.clone(),
            frozen_until: self.frozen_until,
            organizer: self.organizer.clone(),
            stamp: pipeline::stamp_now(),
        })
    }
}

/// Schedules the given sources into `dir` (shared with `demo`): the library's
/// [`pipeline`], with a progress line on a terminal and the problems on stderr.
pub(crate) fn run_on(
    src: &Sources,
    input_paths: &[PathBuf],
    dir: &Path,
    solve: &SolveArgs,
    replan_args: &ReplanArgs,
    out: &mut dyn Write,
) -> ExitStatus {
    let bar = progress_bar(solve.quiet);
    let say_bar = |m: &str| {
        if let Some(b) = &bar {
            b.set_message(m.to_string());
        }
    };
    // The progress line goes before anything is printed, so that nothing is left of it.
    let fail = |p: &pipeline::Problem| {
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        eprint!("{}", p.render());
        match p {
            pipeline::Problem::Input(_) => ExitStatus::BadInput,
            pipeline::Problem::NoSchedule(_) => ExitStatus::NoSchedule,
        }
    };
    say_bar("reading and checking the inputs");
    let read = match pipeline::read(src, replan_args.options().as_ref()) {
        Ok(r) => r,
        Err(p) => return fail(&p),
    };
    say_bar("building the model");
    if !solve.quiet {
        let text = read.warnings.render();
        match &bar {
            Some(b) => b.suspend(|| eprint!("{text}")),
            None => eprint!("{text}"),
        }
    }
    if let Err(e) = atomic::prepare(dir, &OUTPUTS, input_paths) {
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        eprintln!("error: {e}");
        return ExitStatus::BadInput;
    }
    let opts = pipeline::SolveOptions {
        time_limit: solve.time_limit,
        gap: solve.gap,
        threads: solve.threads.map(std::num::NonZeroUsize::get),
        baseline: solve.baseline,
        ics_per_doctor: solve.ics_per_doctor,
        live: bar.is_some(),
        live_dir: None,
    };
    let report = |p: Progress| say_bar(&pipeline::progress_text(p));
    let done = pipeline::solve(read, &opts, &report);
    say_bar("checking the schedule and writing the outputs");
    let done = match done {
        Ok(d) => d,
        Err(p) => return fail(&p),
    };
    let written = atomic::write_all(dir, &done.files).and_then(|()| {
        if done.replan {
            // Updates of an earlier re-plan into this folder would read as this one's.
            atomic::remove_stale(dir, "updates", "ics", &done.files)
        } else {
            Ok(())
        }
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if let Err(e) = written {
        eprintln!("error: {e}");
        return ExitStatus::BadInput;
    }
    if !solve.quiet {
        say(
            out,
            &format!(
                "{}wrote {} files to {}\n",
                done.text,
                done.files.len(),
                dir.display()
            ),
        );
    }
    ExitStatus::Ok
}

/// A progress bar on stderr, only when stderr is a terminal and not `--quiet`.
fn progress_bar(quiet: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    // Cleared when dropped, so an early error leaves no stale line behind.
    let bar =
        indicatif::ProgressBar::new_spinner().with_finish(indicatif::ProgressFinish::AndClear);
    let style = indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_msg}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}
