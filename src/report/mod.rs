//! The outputs of `schedule`: the adjusted rota, the meeting schedule, the compliance table
//! and the headline figures, computed once ([`Outcome`]) and rendered by [`files`] and
//! [`text`].

pub mod changes;
pub mod files;
pub mod findings;
pub mod html;
pub mod ics;
pub mod reasons;
pub mod replan;
pub mod text;
pub mod xlsx;

use serde::Serialize;

use crate::domain::meeting::Meeting;
use crate::domain::policy::Policy;
use crate::domain::{DoctorIdx, Kind, Rota, Shift, StaffGroup};
use crate::plan::Schedule;
use crate::rules::protected_time::{self, WindowTime};

/// One doctor's line of `compliance.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct Compliance {
    /// Doctor.
    pub doctor: usize,
    /// Working time in the rota (elapsed hours).
    pub rostered_hours: f64,
    /// Protected engagement hours inside working time.
    pub engagement_hours: f64,
    /// Target over the period, if the group has one.
    pub target_hours: Option<f64>,
    /// `yes`, `no` or `n/a`.
    pub met: &'static str,
    /// Hours short of target: the windows' shortfalls added up.
    pub shortfall_hours: f64,
    /// Why the target was missed, naming each short window.
    pub reason: String,
    /// Target windows (0 without a target).
    pub windows: usize,
    /// Of them, at target.
    pub windows_met: usize,
}

/// Figures for one staff group.
#[derive(Debug, Clone, Serialize, Default)]
pub struct GroupFigures {
    /// Doctors of the group.
    pub doctors: usize,
    /// Of them, with a target.
    pub with_target: usize,
    /// Of them, at target in every window.
    pub at_target: usize,
    /// Their target windows.
    pub windows: usize,
    /// Of them, at target.
    pub windows_met: usize,
    /// Protected hours given.
    pub protected_hours: f64,
}

/// The headline figures (`summary.json`).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// `optimal`, `gap_limit`, `time_limit`, `no_solution`, `infeasible` or `failed`.
    pub status: &'static str,
    /// Relative optimality gap (0 when proven optimal).
    pub gap: f64,
    /// What the gap is relative to: `whole problem`, or the parts after some choices were
    /// fixed first (`parts, 12 cross-department occurrences pinned to one time first`).
    pub gap_scope: String,
    /// Seconds spent solving.
    pub solve_seconds: f64,
    /// Resident and SAS doctors with a target.
    pub doctors_with_target: usize,
    /// Resident and SAS doctors at target in every window.
    pub doctors_at_target: usize,
    /// Resident and SAS doctor-windows (each doctor's target windows, added up): what the
    /// optimiser maximises at target.
    pub doctor_windows: usize,
    /// Of them, at target.
    pub doctor_windows_at_target: usize,
    /// Protected engagement hours over all doctors.
    pub protected_hours: f64,
    /// Occurrences in the period.
    pub occurrences: usize,
    /// Occurrences placed.
    pub occurrences_placed: usize,
    /// Of the occurrences, individual slots (one per doctor and block).
    pub individual_slots: usize,
    /// Of them, placed.
    pub individual_slots_placed: usize,
    /// Attendances (doctor × occurrence) over all placed occurrences.
    pub attendances: usize,
    /// Figures by staff group.
    pub by_group: std::collections::BTreeMap<&'static str, GroupFigures>,
    /// Independent components solved.
    pub components: usize,
    /// Rota period.
    pub period_first: String,
    /// Rota period.
    pub period_last: String,
    /// Time zone.
    pub timezone: String,
    /// Doctors on the rota.
    pub doctors: usize,
}

/// Everything the outputs show.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The rota with engagement cut into its shifts.
    pub adjusted: Rota,
    /// One per doctor.
    pub compliance: Vec<Compliance>,
    /// Headline figures.
    pub summary: Summary,
    /// Per occurrence: why it was not placed, or why it is short of its `min_attendance` or
    /// `require_groups` (empty when it meets them).
    pub occurrence_reason: Vec<String>,
}

/// Builds the outcome of a schedule.
pub fn outcome(rota: &Rota, meetings: &[Meeting], policy: &Policy, sched: &Schedule) -> Outcome {
    let adjusted = adjust(rota, meetings, sched);
    let compliance = compliance(rota, &adjusted, meetings, policy, sched);
    let mut by_group: std::collections::BTreeMap<&'static str, GroupFigures> =
        std::collections::BTreeMap::new();
    for c in &compliance {
        let g = by_group
            .entry(rota.doctors[c.doctor].group.as_str())
            .or_default();
        g.doctors += 1;
        g.protected_hours += c.engagement_hours;
        if c.target_hours.is_some() {
            g.with_target += 1;
            g.windows += c.windows;
            g.windows_met += c.windows_met;
            if c.met == "yes" {
                g.at_target += 1;
            }
        }
    }
    let engaged_groups = || {
        compliance.iter().filter(|c| {
            matches!(
                rota.doctors[c.doctor].group,
                StaffGroup::Resident | StaffGroup::Sas
            )
        })
    };
    let counts = |want: fn(&Compliance) -> bool| engaged_groups().filter(|c| want(c)).count();
    let summary = Summary {
        status: sched.status.as_str(),
        gap: round(sched.gap, 6),
        gap_scope: sched.gap_scope(),
        solve_seconds: round(sched.seconds, 3),
        doctors_with_target: counts(|c| c.target_hours.is_some()),
        doctors_at_target: counts(|c| c.met == "yes"),
        doctor_windows: engaged_groups().map(|c| c.windows).sum(),
        doctor_windows_at_target: engaged_groups().map(|c| c.windows_met).sum(),
        protected_hours: round(compliance.iter().map(|c| c.engagement_hours).sum(), 2),
        occurrences: sched.prep.occs.len(),
        occurrences_placed: sched.placed.iter().filter(|p| p.is_some()).count(),
        individual_slots: sched.prep.occs.iter().filter(|o| o.solo).count(),
        individual_slots_placed: sched
            .prep
            .occs
            .iter()
            .zip(&sched.placed)
            .filter(|(o, p)| o.solo && p.is_some())
            .count(),
        attendances: sched
            .placed
            .iter()
            .flatten()
            .map(|p| p.attendees.len())
            .sum(),
        by_group: by_group
            .into_iter()
            .map(|(k, mut v)| {
                v.protected_hours = round(v.protected_hours, 2);
                (k, v)
            })
            .collect(),
        components: sched.components,
        period_first: rota.first.to_string(),
        period_last: rota.last.to_string(),
        timezone: rota.tz.to_string(),
        doctors: rota.doctors.len(),
    };
    let occurrence_reason = sched
        .prep
        .occs
        .iter()
        .zip(&sched.placed)
        .enumerate()
        .map(|(i, (o, p))| {
            if let Some(p) = p {
                reasons::short(rota, meetings, policy, o, p)
            } else if sched.unsolved[i] {
                "not placed: the solver found no schedule for its part within the time limit (try a longer --time-limit)".into()
            } else {
                reasons::unplaced(rota, meetings, policy, o, sched)
            }
        })
        .collect();
    Outcome {
        adjusted,
        compliance,
        summary,
        occurrence_reason,
    }
}

/// Rounds for stable, readable output.
pub fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// The rota with each attendance cut out of the shift it lies in.
fn adjust(rota: &Rota, meetings: &[Meeting], sched: &Schedule) -> Rota {
    let mut cuts: std::collections::BTreeMap<usize, Vec<(i64, i64, usize)>> =
        std::collections::BTreeMap::new();
    for (o, p) in sched.placed.iter().enumerate() {
        let Some(p) = p else { continue };
        for &(_, row) in &p.attendees {
            cuts.entry(row).or_default().push((p.start, p.end, o));
        }
    }
    let mut shifts = Vec::with_capacity(rota.shifts.len() + cuts.len() * 2);
    for (i, s) in rota.shifts.iter().enumerate() {
        let Some(list) = cuts.get_mut(&i) else {
            shifts.push(s.clone());
            continue;
        };
        list.sort_unstable();
        let mut t = s.start;
        let piece = |a: i64, b: i64, kind: Kind| Shift {
            date: crate::domain::time::local_date(rota.tz, a),
            start: a,
            end: b,
            kind,
            ..s.clone()
        };
        for &(a, b, o) in list.iter() {
            if a > t {
                shifts.push(piece(t, a, s.kind));
            }
            let occ = &sched.prep.occs[o].occ;
            shifts.push(Shift {
                meeting_id: Some(meetings[occ.meeting].id.clone()),
                occurrence_id: Some(occ.id.clone()),
                within: Some(s.kind),
                ..piece(a, b, Kind::Engagement)
            });
            t = b;
        }
        if t < s.end {
            shifts.push(piece(t, s.end, s.kind));
        }
    }
    let mut adjusted = Rota::new(rota.tz, rota.doctors.clone(), shifts);
    adjusted.notes = rota.notes.clone();
    adjusted
}

/// Working minutes of a doctor: every working row, an engagement row lying on top of another
/// working row not counted twice.
fn working_minutes(rows: &[Shift]) -> i64 {
    rows.iter()
        .filter(|s| s.kind.is_working())
        .filter(|s| {
            s.kind != Kind::Engagement
                || !rows.iter().any(|w| {
                    w.kind != Kind::Engagement
                        && w.kind.is_working()
                        && w.start <= s.start
                        && s.end <= w.end
                })
        })
        .map(Shift::minutes)
        .sum()
}

fn compliance(
    rota: &Rota,
    adjusted: &Rota,
    meetings: &[Meeting],
    policy: &Policy,
    sched: &Schedule,
) -> Vec<Compliance> {
    let mut out = Vec::with_capacity(rota.doctors.len());
    for i in 0..rota.doctors.len() {
        let d = DoctorIdx(u32::try_from(i).unwrap_or(u32::MAX));
        let rows = adjusted.shifts_of(d);
        #[allow(clippy::cast_precision_loss)]
        let rostered = working_minutes(rows) as f64 / 60.0;
        #[allow(clippy::cast_precision_loss)]
        let engaged = rows
            .iter()
            .filter(|s| s.kind == Kind::Engagement && s.within.is_some())
            .map(Shift::minutes)
            .sum::<i64>() as f64
            / 60.0;
        let windows = protected_time::window_times(adjusted, policy, d);
        let target = windows
            .as_ref()
            .map(|ws| ws.iter().map(|w| w.due).sum::<f64>() / 60.0);
        let ws = windows.unwrap_or_default();
        let short: Vec<WindowTime> = ws.iter().filter(|w| !w.met()).copied().collect();
        let met = match target {
            None => "n/a",
            Some(_) if short.is_empty() => "yes",
            Some(_) => "no",
        };
        let reason = if short.is_empty() {
            String::new()
        } else {
            reasons::missed(rota, meetings, policy, sched, d, &short)
        };
        out.push(Compliance {
            doctor: i,
            rostered_hours: round(rostered, 2),
            engagement_hours: round(engaged, 2),
            target_hours: target.map(|t| round(t, 2)),
            met,
            // fold from +0: an empty f64 sum is -0, which would print as "-0".
            shortfall_hours: round(short.iter().fold(0.0, |a, w| a + w.short()) / 60.0, 2),
            reason,
            windows: ws.len(),
            windows_met: ws.len() - short.len(),
        });
    }
    out
}
