//! `rota-engage validate`: reads and checks the inputs, prints what was read.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use super::{say, ExitStatus, InputArgs};
use crate::domain::meeting::{occurrences, Format};
use crate::io::Inputs;

/// Runs `validate`.
pub(crate) fn run(args: &InputArgs, out: &mut dyn Write) -> ExitStatus {
    let src = match args.read() {
        Ok(s) => s,
        Err(status) => return status,
    };
    match super::load_or_report(&src) {
        Ok((inputs, warnings)) => {
            eprint!("{}", warnings.render());
            say(out, &describe(&inputs));
            ExitStatus::Ok
        }
        Err(status) => status,
    }
}

/// What was read, in a few lines.
pub(crate) fn describe(i: &Inputs) -> String {
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
    let mut by: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for d in &r.doctors {
        *by.entry((d.department.as_str(), d.group.as_str()))
            .or_default() += 1;
    }
    let mut depts: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for ((dept, g), n) in by {
        depts.entry(dept).or_default().push(format!("{n} {g}"));
    }
    for (dept, groups) in depts {
        let _ = writeln!(t, "  {dept}: {}", groups.join(", "));
    }
    let occ = occurrences(&i.meetings, r.first, r.last);
    let (mut group, mut slots) = (0, 0);
    for o in &occ {
        let m = &i.meetings[o.meeting];
        match m.format {
            Format::Group => group += 1,
            Format::Individual => {
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
