//! Loading every input of a command, then checking them against each other.

use chrono_tz::Tz;

use super::diagnostics::Diagnostics;
use super::import::{self, Report, RotaOptions};
use super::shifts::ShiftDefs;
use super::table::Table;
use super::{cover, meetings, policy, shifts};
use crate::domain::cover::CoverRule;
use crate::domain::meeting::Meeting;
use crate::domain::policy::Policy;
use crate::domain::Rota;

/// A file to read: the name to show in messages and its bytes.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name as the user gave it.
    pub name: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// The inputs of a command, before reading.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// `--rota`.
    pub rota: Option<Source>,
    /// `--shifts`.
    pub shifts: Option<Source>,
    /// `--meetings`.
    pub meetings: Option<Source>,
    /// `--cover`.
    pub cover: Option<Source>,
    /// `--policy`.
    pub policy: Option<Source>,
    /// `--tz`, which wins over the policy's `timezone`.
    pub tz: Option<Tz>,
    /// `--sheet`, `--layout`, `--department`, `--grade`: how to read a rota spreadsheet.
    pub rota_options: RotaOptions,
}

/// Everything read.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The rota.
    pub rota: Rota,
    /// Shift codes, when given.
    pub shift_defs: Option<ShiftDefs>,
    /// Meetings (empty when not given).
    pub meetings: Vec<Meeting>,
    /// Cover rules (empty when not given).
    pub cover: Vec<CoverRule>,
    /// The policy.
    pub policy: Policy,
    /// How a rota spreadsheet was read (`None` for the contract's CSV forms).
    pub import: Option<Report>,
}

/// The policy (with the zone given) and the shift definitions, which reading the rota needs.
fn policy_and_defs(src: &Sources, diags: &mut Diagnostics) -> (Policy, Option<ShiftDefs>) {
    let mut policy = match &src.policy {
        Some(s) => policy::read(&s.name, &s.bytes, diags),
        None => Policy::default(),
    };
    if let Some(tz) = src.tz {
        policy.timezone = tz;
    }
    let shift_defs = src
        .shifts
        .as_ref()
        .and_then(|s| Table::parse(&s.name, &s.bytes, diags).map(|t| shifts::read(&t, diags)));
    (policy, shift_defs)
}

/// How the rota spreadsheet was read as far as it could be (the sheets, each cell's reading),
/// with the problems of reading it: for the page's view of the sheet.
pub fn trace_rota(src: &Sources) -> (import::Trace, Diagnostics) {
    let mut diags = Diagnostics::default();
    let (policy, defs) = policy_and_defs(src, &mut diags);
    let Some(rota) = &src.rota else {
        return (import::Trace::default(), diags);
    };
    let (trace, read) = import::trace(rota, &src.rota_options, defs.as_ref(), policy.timezone);
    diags.extend(read);
    (trace, diags)
}

/// Reads and checks every input. Warnings ride along in the returned diagnostics.
pub fn load(src: &Sources) -> Result<(Inputs, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let (policy, shift_defs) = policy_and_defs(src, &mut diags);
    let read = src.rota.as_ref().and_then(|s| {
        import::read(
            s,
            &src.rota_options,
            shift_defs.as_ref(),
            policy.timezone,
            &mut diags,
        )
    });
    let (rota, import) = match read {
        Some((r, report)) => (Some(r), report),
        None => (None, None),
    };
    if let Some(report) = &import {
        diags.warning(&report.sheet, None, None, report.summary());
    }
    let meetings = src.meetings.as_ref().map_or_else(Vec::new, |s| {
        Table::parse(&s.name, &s.bytes, &mut diags)
            .map_or_else(Vec::new, |t| meetings::read(&t, &mut diags))
    });
    let cover = src.cover.as_ref().map_or_else(Vec::new, |s| {
        Table::parse(&s.name, &s.bytes, &mut diags)
            .map_or_else(Vec::new, |t| cover::read(&t, &mut diags))
    });
    if let Some(rota) = &rota {
        cross_check(rota, &meetings, &cover, src, &mut diags);
    }
    match rota {
        Some(rota) if !diags.has_errors() => Ok((
            Inputs {
                rota,
                shift_defs,
                meetings,
                cover,
                policy,
                import,
            },
            diags,
        )),
        _ => {
            if src.rota.is_none() {
                diags.error("rota", None, None, "no rota given (expected --rota FILE)");
            }
            Err(diags)
        }
    }
}

/// Departments named by meetings and cover rows must be in the rota.
fn cross_check(
    rota: &Rota,
    meetings: &[Meeting],
    cover: &[CoverRule],
    src: &Sources,
    diags: &mut Diagnostics,
) {
    let mut depts: Vec<&str> = rota.doctors.iter().map(|d| d.department.as_str()).collect();
    depts.sort_unstable();
    depts.dedup();
    let list = depts.join(", ");
    if let Some(s) = &src.meetings {
        for m in meetings {
            if let Some(d) = &m.department {
                if !depts.contains(&d.as_str()) {
                    diags.error(
                        &s.name,
                        Some(m.line),
                        Some("department"),
                        format!(
                            "{d:?} is not a department of the rota (expected one of {list}, or *)"
                        ),
                    );
                }
            }
            if let Some(crate::domain::meeting::Fixed::Date(d, _)) = m.fixed {
                if d < rota.first || d > rota.last {
                    diags.error(
                        &s.name,
                        Some(m.line),
                        Some("fixed"),
                        format!(
                            "{d} is outside the rota period {} to {} (expected a date in it)",
                            rota.first, rota.last
                        ),
                    );
                }
            }
        }
    }
    if let Some(s) = &src.cover {
        for r in cover {
            if let Some(d) = &r.department {
                if !depts.contains(&d.as_str()) {
                    diags.error(
                        &s.name,
                        Some(r.line),
                        Some("department"),
                        format!(
                            "{d:?} is not a department of the rota (expected one of {list}, or *)"
                        ),
                    );
                }
            }
        }
    }
}
