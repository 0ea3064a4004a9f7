//! Findings on a template's audit, folded onto its lines. The template was read as one doctor
//! per line (`line k` starts on line *k* and moves down a line a week) over two cycles
//! (`domain::template::Audit`), so a breach of a line shows up for every pseudo-doctor whose
//! weeks pass it. Each is kept once, at the first date it happens, with the template line it
//! starts in named (and the line before it where the breach comes from that line's end, as
//! the rest after a run of nights does — across the wrap for the first line). What starts in
//! the second cycle is only there to let the rules see across the wrap, and is dropped; the
//! whole-period rules (average hours, weekends) are kept once, over the cycle; `p2_target` is
//! left out (a template carries no engagement yet).

use std::collections::HashSet;

use chrono::Duration;

use super::Violation;
use crate::domain::template::Audit;
use crate::domain::time::{local, midnight};
use crate::domain::{DoctorIdx, Rota};

/// The findings of `check` on an audited template, one per breach of a line.
pub fn fold(rota: &Rota, audit: &Audit, mut findings: Vec<Violation>) -> Vec<Violation> {
    let tz = rota.tz;
    let n = audit.lines.len().max(1);
    let wpl = audit.weeks_per_line.max(1);
    let weeks = |w: usize| Duration::weeks(i64::try_from(w).unwrap_or(0));
    let cycle_end = audit.first_monday + weeks(audit.cycle_weeks());
    let period_start = midnight(tz, audit.first_monday);
    let cycle_end_at = midnight(tz, cycle_end);
    // The earliest first: a breach is kept where it first happens.
    findings.sort_by_key(|v| (v.start, v.doctor, v.rule));
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for mut v in findings {
        if v.rule == "p2_target" {
            continue;
        }
        let Some(d) = v.doctor else {
            out.push(v);
            continue;
        };
        let figure = v.figure.map(|f| (f * 100.0).round() as i64);
        if matches!(v.rule, "tcs_avg_48h" | "wtr_avg_48h" | "tcs_weekends") {
            // The same for every line's doctor, and over two cycles as over one.
            if seen.insert((v.rule, usize::MAX, 0, 0, figure)) {
                v.doctor = Some(DoctorIdx(0));
                v.start = period_start;
                v.end = cycle_end_at;
                v.detail = format!("{} (over the template's cycle)", v.detail);
                out.push(v);
            }
            continue;
        }
        let date = local(tz, v.start).date_naive();
        if date >= cycle_end || date < audit.first_monday {
            continue;
        }
        let w = usize::try_from((date - audit.first_monday).num_days() / 7).unwrap_or(0);
        let line = (d.ix() + w / wpl) % n;
        let in_line = w % wpl;
        let week_start = midnight(tz, audit.first_monday + weeks(w));
        let offset = v.start - week_start;
        if !seen.insert((v.rule, line, offset, v.end - v.start, figure)) {
            continue;
        }
        // From the line before: the breach starts before this week's first shift.
        let first_shift = rota
            .shifts_of(d)
            .iter()
            .filter(|s| s.timed && s.kind.is_working() && s.start >= week_start)
            .map(|s| s.start)
            .min();
        let before = in_line == 0 && n > 1 && first_shift.is_some_and(|f| v.start < f);
        let after = if before {
            let prev = &audit.lines[(line + n - 1) % n];
            if line == 0 {
                format!(", after line {prev} across the wrap")
            } else {
                format!(", after line {prev}")
            }
        } else {
            String::new()
        };
        let week = if wpl > 1 {
            format!(", week {} of the line", in_line + 1)
        } else {
            String::new()
        };
        v.detail = format!(
            "{} (template line {}{week}{after})",
            v.detail, audit.lines[line]
        );
        out.push(v);
    }
    out.sort_by(|a, b| (a.doctor, a.start, a.rule).cmp(&(b.doctor, b.start, b.rule)));
    out
}
