//! Findings on a template's audit, folded back onto its lines: the template was read as one
//! doctor per line over two cycles (`domain::template::Audit`), so each breach shows up once
//! for every pseudo-doctor whose weeks pass that line. Each is kept once, under the line it
//! starts in and dated in that line's own weeks from the first Monday, with the line named;
//! what starts in the second cycle repeats the first and is dropped, and so is `p2_target`
//! (a template carries no engagement yet).

use std::collections::HashSet;

use chrono::Duration;

use super::Violation;
use crate::domain::template::Audit;
use crate::domain::time::{local, to_instant, Edge};
use crate::domain::{DoctorIdx, Rota};

/// The findings of `check` on an audited template, one per breach of a line.
pub fn fold(rota: &Rota, audit: &Audit, findings: Vec<Violation>) -> Vec<Violation> {
    let tz = rota.tz;
    let n = audit.lines.len().max(1);
    let wpl = audit.weeks_per_line.max(1);
    let cycle_end =
        audit.first_monday + Duration::weeks(i64::try_from(audit.cycle_weeks()).unwrap_or(0));
    let (period_start, period_end) = (
        crate::domain::time::midnight(tz, rota.first),
        crate::domain::time::midnight(tz, rota.last + Duration::days(1)),
    );
    let shift = |m: crate::domain::Min, weeks: i64| {
        let l = local(tz, m).naive_local() - Duration::weeks(weeks);
        to_instant(tz, l, Edge::Start).map_or(m - weeks * 7 * 1440, |(x, _)| x)
    };
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
        let whole = v.start <= period_start && v.end >= period_end;
        if whole {
            // The same for every line's doctor: one is enough.
            let key = (
                v.rule,
                usize::MAX,
                0i64,
                0i64,
                v.figure.map(|f| (f * 100.0).round() as i64),
            );
            if seen.insert(key) {
                v.doctor = Some(DoctorIdx(0));
                v.end = shift(period_end, i64::try_from(audit.cycle_weeks()).unwrap_or(0));
                v.detail = format!("{} (over the template's cycle)", v.detail);
                out.push(v);
            }
            continue;
        }
        let date = local(tz, v.start).date_naive();
        if date >= cycle_end {
            continue;
        }
        let w = usize::try_from((date - audit.first_monday).num_days().max(0) / 7).unwrap_or(0);
        let line = (d.ix() + w / wpl) % n;
        let in_line = w % wpl;
        // Dated in that line's own weeks: pseudo-doctor `line` has it in weeks 0..wpl.
        let back = i64::try_from(w - in_line).unwrap_or(0);
        let (start, end) = (shift(v.start, back), shift(v.end, back));
        let key = (
            v.rule,
            line,
            start,
            end,
            v.figure.map(|f| (f * 100.0).round() as i64),
        );
        if !seen.insert(key) {
            continue;
        }
        #[allow(clippy::cast_possible_truncation)] // fewer than 4 billion lines
        let idx = DoctorIdx(line as u32);
        let week = if wpl > 1 {
            format!(", week {} of the line", in_line + 1)
        } else {
            String::new()
        };
        v.doctor = Some(idx);
        v.start = start;
        v.end = end;
        // A breach early in the cycle's first line comes from the end of the last one: the
        // rota repeats, so it is there across the wrap.
        let week_start = crate::domain::time::midnight(
            tz,
            audit.first_monday + Duration::weeks(i64::try_from(line * wpl + in_line).unwrap_or(0)),
        );
        let wrap = if line == 0 && in_line == 0 && n > 1 && start - week_start < 2 * 1440 {
            format!(", after line {} across the wrap", audit.lines[n - 1])
        } else {
            String::new()
        };
        v.detail = format!(
            "{} (template line {}{week}{wrap})",
            v.detail, audit.lines[line]
        );
        out.push(v);
    }
    out.sort_by(|a, b| (a.doctor, a.start, a.rule).cmp(&(b.doctor, b.start, b.rule)));
    out
}
