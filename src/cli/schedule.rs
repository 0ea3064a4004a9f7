//! `rota-engage schedule`: place meetings, reserve protected time, write the outputs.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{say, ExitStatus, InputArgs};
use crate::io::{atomic, Sources};
use crate::report;
use crate::solver::{self, Options, Progress};

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

/// `Name <address>` or a bare address.
fn parse_organizer(s: &str) -> Result<(String, String), String> {
    let s = s.trim();
    let (name, email) = match s.rsplit_once('<') {
        Some((name, rest)) => (name.trim(), rest.trim_end_matches('>').trim()),
        None => ("", s),
    };
    if !email.contains('@') || email.contains([' ', ':', '<', '>']) {
        return Err(format!(
            "{s:?} is not an organiser (expected \"Name <address@trust.nhs.uk>\")"
        ));
    }
    let name = if name.is_empty() { email } else { name };
    Ok((name.trim_matches('"').to_string(), email.to_string()))
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

/// A re-plan's previous run, read; the problems rendered for stderr.
struct Replan {
    previous: crate::io::previous::Previous,
    frozen_until: Option<chrono::NaiveDate>,
    organizer: (String, String),
    /// The run's `DTSTAMP` (`SOURCE_DATE_EPOCH` when set, for reproducible files).
    stamp: String,
}

fn read_previous(
    args: &ReplanArgs,
    inputs: &crate::io::Inputs,
    warnings: &mut crate::io::Diagnostics,
) -> Result<Option<Replan>, String> {
    let Some(dir) = &args.previous else {
        return Ok(None);
    };
    let mut diags = crate::io::Diagnostics::default();
    let Some(previous) = crate::io::previous::read(dir, inputs.rota.tz, &mut diags) else {
        return Err(diags.render());
    };
    let policy = &inputs.policy;
    let organizer = match (&args.organizer, &policy.organizer_email) {
        (Some(o), _) => o.clone(),
        (None, Some(email)) => (
            policy
                .organizer_name
                .clone()
                .unwrap_or_else(|| email.clone()),
            email.clone(),
        ),
        (None, None) => {
            warnings.warning(
                "policy",
                None,
                None,
                "no organiser for the calendar updates (--organizer \"Name <address>\", or [replan] organizer_email in the policy); they name \"Rota coordinator\" <rota-coordinator@unknown.invalid>, which calendar programs cannot reply to",
            );
            (
                policy
                    .organizer_name
                    .clone()
                    .unwrap_or_else(|| "Rota coordinator".into()),
                "rota-coordinator@unknown.invalid".into(),
            )
        }
    };
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        });
    let now = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default();
    Ok(Some(Replan {
        previous,
        frozen_until: args.frozen_until,
        organizer,
        stamp: now.format("%Y%m%dT%H%M%SZ").to_string(),
    }))
}

/// Schedules the given sources into `dir` (shared with `demo`).
pub(crate) fn run_on(
    src: &Sources,
    input_paths: &[PathBuf],
    dir: &Path,
    solve: &SolveArgs,
    replan_args: &ReplanArgs,
    out: &mut dyn Write,
) -> ExitStatus {
    let bar = progress_bar(solve.quiet);
    if let Some(b) = &bar {
        b.set_message("reading and checking the inputs");
    }
    let loaded = super::load_or_report(src);
    if let Some(b) = &bar {
        b.set_message("building the model");
    }
    let (inputs, mut warnings) = match loaded {
        Ok(x) => x,
        Err(status) => {
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            return status;
        }
    };
    let rota_file = src.rota.as_ref().map_or("rota", |r| r.name.as_str());
    warn_of_rota_engagement(&inputs, rota_file, &mut warnings);
    let replan = match read_previous(replan_args, &inputs, &mut warnings) {
        Ok(r) => r,
        Err(errors) => {
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            eprint!("{errors}");
            return ExitStatus::BadInput;
        }
    };
    if !solve.quiet {
        let text = warnings.render();
        match &bar {
            Some(b) => b.suspend(|| eprint!("{text}")),
            None => eprint!("{text}"),
        }
    }
    if let Err(e) = atomic::prepare(dir, &OUTPUTS, input_paths) {
        eprintln!("error: {e}");
        return ExitStatus::BadInput;
    }
    let opts = Options {
        time_limit: solve.time_limit,
        gap: solve.gap,
        threads: solve
            .threads
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, std::num::NonZeroUsize::get),
        max_minutes_per_shift: inputs.policy.max_minutes_per_shift,
        live: bar.is_some(),
        highs_log: None,
        // Benchmarks only (bench/split.sh): each department's windows one part from the start.
        split_windows: std::env::var_os("ROTA_ENGAGE_WHOLE").is_none(),
        keep: replan.as_ref().map(|r| {
            std::sync::Arc::new(solver::replan::Keep::new(
                &inputs.rota,
                r.previous
                    .occs
                    .iter()
                    .map(|o| (o.id.as_str(), o.held.map(|h| h.0), o.attendees.as_slice())),
                r.frozen_until,
                inputs.policy.change_cost,
            ))
        }),
    };
    let mut inputs = inputs;
    if solve.baseline {
        inputs.meetings = inputs
            .meetings
            .iter()
            .map(crate::domain::meeting::Meeting::fixed_by_hand)
            .collect();
    }
    let report = |p: Progress| {
        if let Some(b) = &bar {
            b.set_message(progress_message(p));
        }
    };
    let sched = solver::schedule_with_progress(
        &inputs.rota,
        &inputs.meetings,
        &inputs.cover,
        &inputs.policy,
        &opts,
        &report,
    );
    if let Some(b) = &bar {
        b.set_message("checking the schedule and writing the outputs");
    }
    let written = write_outputs(&inputs, &sched, dir, solve, replan.as_ref());
    // The progress line goes before anything is printed, so that nothing is left of it.
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    match written {
        Ok(summary) => {
            if !solve.quiet {
                say(out, &summary);
            }
            ExitStatus::Ok
        }
        Err((status, errors)) => {
            eprint!("{errors}");
            status
        }
    }
}

/// Re-checks the schedule, then writes every output (or nothing). Returns the summary for
/// stdout, or the exit status and the errors for stderr.
fn write_outputs(
    inputs: &crate::io::Inputs,
    sched: &solver::Schedule,
    dir: &Path,
    solve: &SolveArgs,
    replan: Option<&Replan>,
) -> Result<String, (ExitStatus, String)> {
    if !sched.status.has_schedule() {
        return Err((
            ExitStatus::NoSchedule,
            format!(
                "error: no schedule: the solver ended with status {} after {:.1} s; nothing was written\n",
                sched.status.as_str(),
                sched.seconds
            ),
        ));
    }
    let outcome = report::outcome(&inputs.rota, &inputs.meetings, &inputs.policy, sched);
    // The independent rules re-check every schedule before anything is written.
    let broken = crate::rules::check_schedule(
        &inputs.rota,
        &outcome.adjusted,
        &inputs.cover,
        &inputs.policy,
    );
    if !broken.is_empty() {
        let mut errors: String = broken
            .iter()
            .take(20)
            .map(|v| format!("error: internal check failed: {}: {}\n", v.rule, v.detail))
            .collect();
        errors.push_str("error: the schedule broke a hard rule (a bug); nothing was written\n");
        return Err((ExitStatus::NoSchedule, errors));
    }
    let replanned = replan.map(|r| {
        report::replan::replanned(
            &inputs.rota,
            &inputs.meetings,
            &inputs.policy,
            sched,
            &outcome,
            &r.previous,
            r.frozen_until,
            &r.stamp,
            &r.organizer,
        )
    });
    let mut files = report::files::all(
        &inputs.rota,
        &inputs.meetings,
        &inputs.cover,
        &inputs.policy,
        sched,
        &outcome,
        replanned.as_ref(),
    )
    .map_err(|e| {
        (
            ExitStatus::NoSchedule,
            format!("error: {e}; nothing was written\n"),
        )
    })?;
    if solve.ics_per_doctor {
        files.extend(report::ics::per_doctor(
            &inputs.rota,
            &inputs.meetings,
            sched,
            replanned.as_ref().map(|r| &r.calendar),
        ));
    }
    atomic::write_all(dir, &files).map_err(|e| (ExitStatus::BadInput, format!("error: {e}\n")))?;
    if replan.is_some() {
        // Updates of an earlier re-plan into this folder would read as this one's.
        atomic::remove_stale(dir, "updates", "ics", &files)
            .map_err(|e| (ExitStatus::BadInput, format!("error: {e}\n")))?;
    }
    let changes = replanned.as_ref().map_or(String::new(), |r| {
        format!(
            "re-plan against {}: {}; {} calendar update file{} in updates/\n",
            replan.map_or("", |p| p.previous.dir.as_str()),
            report::changes::headline(&r.changes),
            r.updates.len(),
            if r.updates.len() == 1 { "" } else { "s" }
        )
    });
    Ok(format!(
        "{changes}{}wrote {} files to {}\n",
        report::text::summary(&inputs.rota, &outcome),
        files.len(),
        dir.display()
    ))
}

/// Engagement already in the rota as read that breaks a hard rule (in a night, or leaving a
/// pool short of cover) is kept as it is: a warning, by rule, with the first of each.
fn warn_of_rota_engagement(
    inputs: &crate::io::Inputs,
    rota_file: &str,
    warnings: &mut crate::io::Diagnostics,
) {
    let rota = &inputs.rota;
    if !rota
        .shifts
        .iter()
        .any(|s| s.kind == crate::domain::Kind::Engagement)
    {
        return;
    }
    let found = crate::rules::check_hard(rota, &inputs.cover, &inputs.policy);
    let mut by_rule: std::collections::BTreeMap<&str, Vec<&crate::rules::Violation>> =
        std::collections::BTreeMap::new();
    for v in &found {
        by_rule.entry(v.rule).or_default().push(v);
    }
    for (rule, vs) in by_rule {
        let who = vs[0]
            .doctor
            .map(|d| format!("{}: ", rota.doctors[d.ix()].id))
            .unwrap_or_default();
        let kept = if rule == "cover" {
            "kept as it is, and the schedule releases nobody more there"
        } else {
            "kept as it is"
        };
        warnings.warning(
            rota_file,
            None,
            None,
            format!(
                "engagement already in the rota breaks rule {rule} {} time(s), first {who}{}; {kept} (`check` lists each)",
                vs.len(),
                vs[0].detail
            ),
        );
    }
}

/// The progress line for `p`.
fn progress_message(p: Progress) -> String {
    match p {
        Progress::Preparing => "preparing: free time, candidate starts, cover headroom".into(),
        Progress::Solving {
            done,
            parts,
            running,
            ..
        } if done + running == 0 => format!("solving: {parts} independent parts, none done yet"),
        Progress::Solving {
            done,
            parts,
            running,
            objective,
            bound,
            gap,
        } => {
            let under_way = if running > 0 {
                format!(", {running} under way")
            } else {
                String::new()
            };
            // The best schedule's score (the objective) and the most it could be.
            format!(
                "solving: {done}/{parts} parts done{under_way}; best {objective:.0}, bound {bound:.0}, gap {:.3}%",
                gap * 100.0
            )
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines() {
        let solving = |done, running, objective, bound, gap| Progress::Solving {
            done,
            parts: 7,
            running,
            objective,
            bound,
            gap,
        };
        assert_eq!(
            progress_message(solving(0, 0, 0.0, 0.0, 0.0)),
            "solving: 7 independent parts, none done yet"
        );
        assert_eq!(
            progress_message(solving(2, 1, 30_248.4, 30_260.0, 0.000_383)),
            "solving: 2/7 parts done, 1 under way; best 30248, bound 30260, gap 0.038%"
        );
        assert_eq!(
            progress_message(solving(7, 0, 100.0, 100.0, 0.0)),
            "solving: 7/7 parts done; best 100, bound 100, gap 0.000%"
        );
    }
}
