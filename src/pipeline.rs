//! The job `schedule` does between the files and the outputs, for every front end: the
//! terminal's `schedule` and `demo`, and `serve`'s web page. Inputs go in, progress comes out
//! as events, and the output files or the problems come back as values; where the files are
//! written, and how problems are shown, is the front end's.
//!
//! Two steps, so that a front end can show what was read before anything is solved (the web
//! page's read-back, the terminal's warnings) and prepare its output folder in between:
//! [`read`] then [`solve`].

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::domain::meeting::Meeting;
use crate::io::previous::Previous;
use crate::io::{Diagnostics, Inputs, Sources};
use crate::report::{self, Summary};
use crate::solver::{self, Options, Progress};

/// How to solve.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    /// Wall-clock budget in seconds.
    pub time_limit: f64,
    /// Relative gap to stop at.
    pub gap: f64,
    /// Parts solved at once (`None`: the machine's cores).
    pub threads: Option<usize>,
    /// Every meeting at one fixed weekday and time, as by hand (a comparison).
    pub baseline: bool,
    /// Also one calendar per doctor, `ics/<doctor_id>.ics`.
    pub ics_per_doctor: bool,
    /// Follow each part's best schedule and bound while HiGHS works on it (for a display).
    pub live: bool,
    /// Where the live logs go (default: the system's temporary folder).
    pub live_dir: Option<PathBuf>,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            time_limit: 60.0,
            gap: 1e-4,
            threads: None,
            baseline: false,
            ics_per_doctor: false,
            live: false,
            live_dir: None,
        }
    }
}

/// A re-plan after the rota changed.
#[derive(Debug, Clone)]
pub struct ReplanOptions {
    /// The earlier run's output folder.
    pub previous: PathBuf,
    /// What was held before this date stays as it was.
    pub frozen_until: Option<chrono::NaiveDate>,
    /// The calendar updates' organiser (name, address); else the policy's.
    pub organizer: Option<(String, String)>,
    /// The run's `DTSTAMP`, `YYYYMMDDTHHMMSSZ`.
    pub stamp: String,
}

/// Why there is nothing to write.
#[derive(Debug, Clone)]
pub enum Problem {
    /// Inputs that could not be read: every problem, with its file, line and column.
    Input(Diagnostics),
    /// No schedule (the solver found none in time, or one broke a hard rule): what to say.
    NoSchedule(Vec<String>),
}

impl Problem {
    /// The text for a terminal: every problem a line, then a closing count for bad input.
    #[must_use]
    pub fn render(&self) -> String {
        match self {
            Problem::Input(d) => {
                let n = d.error_count();
                format!(
                    "{}{n} error{} found; nothing was written\n",
                    d.render(),
                    if n == 1 { "" } else { "s" }
                )
            }
            Problem::NoSchedule(lines) => lines.iter().map(|l| format!("error: {l}\n")).collect(),
        }
    }
}

/// The inputs read and checked, with their warnings: what a front end shows before solving.
#[derive(Debug)]
pub struct Read {
    /// The inputs.
    pub inputs: Inputs,
    /// Warnings (no errors: those are a [`Problem::Input`]).
    pub warnings: Diagnostics,
    replan: Option<Replan>,
}

/// A re-plan's previous run, read.
#[derive(Debug)]
struct Replan {
    previous: Previous,
    frozen_until: Option<chrono::NaiveDate>,
    organizer: (String, String),
    stamp: String,
}

/// A schedule, re-checked, as files.
#[derive(Debug)]
pub struct Done {
    /// Every output file, named relative to the output folder.
    pub files: Vec<(String, Vec<u8>)>,
    /// The headline figures (`summary.json`).
    pub summary: Summary,
    /// The summary for people (what `schedule` prints).
    pub text: String,
    /// Whether this was a re-plan (whose folder keeps only this run's `updates/`).
    pub replan: bool,
}

/// Reads and checks every input, and a re-plan's previous run.
///
/// # Errors
/// Every problem of the inputs at once.
pub fn read(src: &Sources, replan: Option<&ReplanOptions>) -> Result<Read, Problem> {
    let (inputs, mut warnings) = crate::io::load(src).map_err(Problem::Input)?;
    let rota_file = src.rota.as_ref().map_or("rota", |r| r.name.as_str());
    warn_of_rota_engagement(&inputs, rota_file, &mut warnings);
    let replan = replan
        .map(|r| read_previous(r, &inputs, &mut warnings))
        .transpose()?;
    Ok(Read {
        inputs,
        warnings,
        replan,
    })
}

fn read_previous(
    args: &ReplanOptions,
    inputs: &Inputs,
    warnings: &mut Diagnostics,
) -> Result<Replan, Problem> {
    let mut diags = Diagnostics::default();
    let Some(previous) = crate::io::previous::read(&args.previous, inputs.rota.tz, &mut diags)
    else {
        return Err(Problem::Input(diags));
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
    Ok(Replan {
        previous,
        frozen_until: args.frozen_until,
        organizer,
        stamp: args.stamp.clone(),
    })
}

/// Solves, re-checks the schedule against the independent rules, and renders every output.
/// `on` is told the solver's progress (from its threads).
///
/// # Errors
/// No schedule: none found in time, or one that broke a hard rule (a bug), or a file that could
/// not be built.
pub fn solve(read: Read, opts: &SolveOptions, on: solver::OnProgress<'_>) -> Result<Done, Problem> {
    let Read {
        mut inputs, replan, ..
    } = read;
    let solver_opts = Options {
        time_limit: opts.time_limit,
        gap: opts.gap,
        threads: opts
            .threads
            .or_else(|| std::thread::available_parallelism().ok().map(Into::into))
            .unwrap_or(1)
            .max(1),
        max_minutes_per_shift: inputs.policy.max_minutes_per_shift,
        live: opts.live,
        live_dir: opts.live_dir.clone(),
        highs_log: None,
        // Split by window where there is time for it (`solver::SPLIT_FROM`). For comparison
        // (bench/split.sh): ROTA_ENGAGE_SPLIT=1 always splits, =0 never.
        split_windows: match std::env::var("ROTA_ENGAGE_SPLIT").as_deref() {
            Ok("0") => Some(false),
            Ok(_) => Some(true),
            Err(_) => None,
        },
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
        stopped: std::sync::Arc::default(),
        tuning: solver::context::Tuning::from_env(),
    };
    if opts.baseline {
        inputs.meetings = inputs.meetings.iter().map(Meeting::fixed_by_hand).collect();
    }
    let sched = solver::schedule_with_progress(
        &inputs.rota,
        &inputs.meetings,
        &inputs.cover,
        &inputs.policy,
        &solver_opts,
        on,
    );
    render(&inputs, &sched, opts, replan.as_ref())
}

/// Re-checks the schedule, then renders every output.
fn render(
    inputs: &Inputs,
    sched: &solver::Schedule,
    opts: &SolveOptions,
    replan: Option<&Replan>,
) -> Result<Done, Problem> {
    if !sched.status.has_schedule() {
        return Err(Problem::NoSchedule(vec![format!(
            "no schedule: the solver ended with status {} after {:.1} s; nothing was written",
            sched.status.as_str(),
            sched.seconds
        )]));
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
        let mut lines: Vec<String> = broken
            .iter()
            .take(20)
            .map(|v| format!("internal check failed: {}: {}", v.rule, v.detail))
            .collect();
        lines.push("the schedule broke a hard rule (a bug); nothing was written".into());
        return Err(Problem::NoSchedule(lines));
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
    .map_err(|e| Problem::NoSchedule(vec![format!("{e}; nothing was written")]))?;
    if opts.ics_per_doctor {
        files.extend(report::ics::per_doctor(
            &inputs.rota,
            &inputs.meetings,
            sched,
            replanned.as_ref().map(|r| &r.calendar),
        ));
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
    Ok(Done {
        files,
        text: format!("{changes}{}", report::text::summary(&inputs.rota, &outcome)),
        summary: outcome.summary,
        replan: replan.is_some(),
    })
}

/// Engagement already in the rota as read that breaks a hard rule (in a night, or leaving a
/// pool short of cover) is kept as it is: a warning, by rule, with the first of each.
fn warn_of_rota_engagement(inputs: &Inputs, rota_file: &str, warnings: &mut Diagnostics) {
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

/// What the solve is doing, in words: the terminal's progress line and the web page's.
#[must_use]
pub fn progress_text(p: Progress) -> String {
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

/// What was read, in a few lines (`validate`'s output, the web page's read-back).
#[must_use]
pub fn describe(i: &Inputs) -> String {
    let r = &i.rota;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "valid: {} doctors, {} rota rows, {} to {} ({} days, {})",
        r.doctors.len(),
        r.shifts.len(),
        r.first,
        r.last,
        r.period_days(),
        r.tz
    );
    let mut by: std::collections::BTreeMap<(&str, &str), usize> = std::collections::BTreeMap::new();
    for d in &r.doctors {
        *by.entry((d.department.as_str(), d.group.as_str()))
            .or_default() += 1;
    }
    let mut depts: std::collections::BTreeMap<&str, Vec<String>> =
        std::collections::BTreeMap::new();
    for ((dept, g), n) in by {
        depts.entry(dept).or_default().push(format!("{n} {g}"));
    }
    for (dept, groups) in depts {
        let _ = writeln!(t, "  {dept}: {}", groups.join(", "));
    }
    let occ = crate::domain::meeting::occurrences(&i.meetings, r.first, r.last);
    let (mut group, mut slots) = (0, 0);
    for o in &occ {
        let m = &i.meetings[o.meeting];
        match m.format {
            crate::domain::meeting::Format::Group => group += 1,
            crate::domain::meeting::Format::Individual => {
                slots += r
                    .doctors
                    .iter()
                    .filter(|d| m.invites(d.group, &d.department))
                    .count();
            }
        }
    }
    let _ = write!(
        t,
        "meetings: {} requirements, {group} occurrences in the period",
        i.meetings.len(),
    );
    if slots > 0 {
        let _ = write!(
            t,
            " and {slots} individual slots (one per invited doctor and block)"
        );
    }
    let _ = writeln!(t);
    let _ = writeln!(t, "cover rules: {}", i.cover.len());
    t
}

/// The findings of `check` on the inputs read (a template read as one doctor per line reports
/// each breach once, under its line).
#[must_use]
pub fn check(inputs: &Inputs, with_meetings: bool) -> Vec<crate::rules::Violation> {
    let meetings = with_meetings.then_some(inputs.meetings.as_slice());
    let v = crate::rules::check_all(&inputs.rota, &inputs.cover, &inputs.policy, meetings);
    match inputs.import.as_ref().and_then(|r| r.audit.as_ref()) {
        Some(audit) => crate::rules::template::fold(&inputs.rota, audit, v),
        None => v,
    }
}

/// The run's `DTSTAMP`: `SOURCE_DATE_EPOCH` when set (for reproducible files), else now.
#[must_use]
pub fn stamp_now() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        });
    let now = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default();
    now.format("%Y%m%dT%H%M%SZ").to_string()
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
            progress_text(solving(0, 0, 0.0, 0.0, 0.0)),
            "solving: 7 independent parts, none done yet"
        );
        assert_eq!(
            progress_text(solving(2, 1, 30_248.4, 30_260.0, 0.000_383)),
            "solving: 2/7 parts done, 1 under way; best 30248, bound 30260, gap 0.038%"
        );
        assert_eq!(
            progress_text(solving(7, 0, 100.0, 100.0, 0.0)),
            "solving: 7/7 parts done; best 100, bound 100, gap 0.000%"
        );
    }

    #[test]
    fn problems_read_as_the_terminal_prints_them() {
        let mut d = Diagnostics::default();
        d.error("rota.csv", Some(3), Some("date"), "\"x\" is not a date");
        assert_eq!(
            Problem::Input(d).render(),
            "error: rota.csv:3: column 'date': \"x\" is not a date\n1 error found; nothing was written\n"
        );
        assert_eq!(
            Problem::NoSchedule(vec!["no schedule".into()]).render(),
            "error: no schedule\n"
        );
    }
}
