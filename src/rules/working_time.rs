//! The working-time rules: the 2016 terms (Schedule 3) for resident doctors in England, the
//! Working Time Regulations for SAS doctors and consultants. All on real instants, so a 13 h
//! rostered October night is found at 14 h and a March rest of 11 h rostered at 10 h.
//!
//! Rules: `tcs_avg_48h`, `tcs_72h_in_168h`, `tcs_shift_13h`, `tcs_rest_11h`,
//! `tcs_consecutive_shifts`, `tcs_consecutive_long`, `tcs_consecutive_nights`,
//! `tcs_rest_after_nights`, `tcs_weekends`, `wtr_avg_48h`, `wtr_rest_11h`.

use super::periods::{h, periods, Period};
use super::{Severity, Violation};
use crate::domain::{DoctorIdx, Rota, StaffGroup};

/// Where each rule comes from, for people.
pub fn source(rule: &str) -> &'static str {
    match rule {
        "tcs_avg_48h" | "tcs_72h_in_168h" | "tcs_shift_13h" | "tcs_consecutive_nights" => {
            "2016 TCS Schedule 3 (NHS Employers working hours FAQ)"
        }
        "tcs_rest_11h" | "tcs_consecutive_shifts" | "tcs_consecutive_long" => {
            "2016 TCS Schedule 3 as amended 2019"
        }
        "tcs_rest_after_nights" => "2016 TCS Schedule 3 as amended 2019: 46 h after any nights",
        "tcs_weekends" => "2016 TCS Schedule 3: at most 1 in 2; 1 in 3 the norm since 2019",
        "wtr_avg_48h" | "wtr_rest_11h" => "Working Time Regulations 1998",
        _ => "",
    }
}

struct Out<'a> {
    v: &'a mut Vec<Violation>,
    d: DoctorIdx,
}

impl Out<'_> {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        rule: &'static str,
        sev: Severity,
        s: i64,
        e: i64,
        figure: f64,
        limit: f64,
        detail: String,
    ) {
        self.v.push(Violation {
            rule,
            severity: sev,
            doctor: Some(self.d),
            start: s,
            end: e,
            figure: Some(figure),
            limit: Some(limit),
            detail,
        });
    }
}

/// Checks every doctor.
pub fn check(rota: &Rota) -> Vec<Violation> {
    let mut v = Vec::new();
    let weeks = {
        #[allow(clippy::cast_precision_loss)]
        let w = rota.period_days() as f64 / 7.0;
        w.max(1.0 / 7.0)
    };
    for (i, doc) in rota.doctors.iter().enumerate() {
        let d = DoctorIdx(u32::try_from(i).unwrap_or(u32::MAX));
        let rows = rota.shifts_of(d);
        let ps = periods(rota.tz, rows);
        // On-call is not counted: the limits are on work done, which for non-resident
        // on-call is not known from a rota.
        let total: i64 = ps.iter().map(Period::minutes).sum::<i64>();
        let mut out = Out { v: &mut v, d };
        #[allow(clippy::cast_precision_loss)]
        let avg = total as f64 / 60.0 / weeks;
        let (s0, e0) = (
            ps.first().map_or(0, |p| p.start),
            ps.last().map_or(0, |p| p.end),
        );
        let resident = doc.group == StaffGroup::Resident;
        if avg > 48.0 + 1e-9 {
            let rule = if resident {
                "tcs_avg_48h"
            } else {
                "wtr_avg_48h"
            };
            out.add(
                rule,
                Severity::Error,
                s0,
                e0,
                (avg * 10.0).round() / 10.0,
                48.0,
                format!("average {avg:.1} h a week over the rota period"),
            );
        }
        for w in ps.windows(2) {
            let rest = w[1].start - w[0].end;
            if rest < 11 * 60 {
                let rule = if resident {
                    "tcs_rest_11h"
                } else {
                    "wtr_rest_11h"
                };
                out.add(
                    rule,
                    Severity::Error,
                    w[0].end,
                    w[1].start,
                    h(rest),
                    11.0,
                    format!("{} h rest between shifts", h(rest)),
                );
            }
        }
        if !resident {
            continue;
        }
        for p in &ps {
            if p.minutes() > 13 * 60 {
                out.add(
                    "tcs_shift_13h",
                    Severity::Error,
                    p.start,
                    p.end,
                    h(p.minutes()),
                    13.0,
                    format!("a shift of {} h elapsed", h(p.minutes())),
                );
            }
        }
        seventy_two(&mut out, &ps);
        runs(
            &mut out,
            &ps,
            |_| true,
            7,
            "tcs_consecutive_shifts",
            "shifts",
        );
        runs(
            &mut out,
            &ps,
            |p| p.long,
            4,
            "tcs_consecutive_long",
            "long shifts",
        );
        nights(&mut out, &ps);
        weekends(&mut out, rota, &ps);
    }
    v
}

/// More than 72 h in any 168 consecutive hours: the worst window starting at a period start.
fn seventy_two(out: &mut Out<'_>, ps: &[Period]) {
    let week = 168 * 60;
    let mut worst: Option<(i64, i64)> = None;
    let mut hi = 0;
    for (lo, p) in ps.iter().enumerate() {
        let t = p.start;
        hi = hi.max(lo);
        while hi < ps.len() && ps[hi].start < t + week {
            hi += 1;
        }
        let sum: i64 = ps[lo..hi]
            .iter()
            .map(|q| q.end.min(t + week) - q.start)
            .sum();
        if sum > 72 * 60 && worst.is_none_or(|w| sum > w.1) {
            worst = Some((t, sum));
        }
    }
    if let Some((t, sum)) = worst {
        out.add(
            "tcs_72h_in_168h",
            Severity::Error,
            t,
            t + week,
            h(sum),
            72.0,
            format!("{} h worked in the 168 h from this shift", h(sum)),
        );
    }
}

/// Runs of qualifying periods on consecutive days: more than `max`, or less than 48 h rest
/// after a run of `max`.
fn runs(
    out: &mut Out<'_>,
    ps: &[Period],
    qualifies: impl Fn(&Period) -> bool,
    max: usize,
    rule: &'static str,
    what: &str,
) {
    let mut i = 0;
    while i < ps.len() {
        if !qualifies(&ps[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < ps.len() && qualifies(&ps[j]) && (ps[j].date - ps[j - 1].date).num_days() <= 1 {
            j += 1;
        }
        let n = j - i;
        if n > max {
            out.add(
                rule,
                Severity::Error,
                ps[i].start,
                ps[j - 1].end,
                f64::from(u32::try_from(n).unwrap_or(u32::MAX)),
                f64::from(u32::try_from(max).unwrap_or(0)),
                format!("{n} consecutive {what}"),
            );
        } else if n == max {
            if let Some(next) = ps.get(j) {
                let rest = next.start - ps[j - 1].end;
                if rest < 48 * 60 {
                    out.add(
                        rule,
                        Severity::Error,
                        ps[j - 1].end,
                        next.start,
                        h(rest),
                        48.0,
                        format!(
                            "{} h rest after {max} consecutive {what} (48 h due)",
                            h(rest)
                        ),
                    );
                }
            }
        }
        i = j;
    }
}

/// More than 4 nights in a row; less than 46 h rest after the last night of a run.
fn nights(out: &mut Out<'_>, ps: &[Period]) {
    let mut i = 0;
    while i < ps.len() {
        if !ps[i].night {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < ps.len() && ps[j].night && (ps[j].date - ps[j - 1].date).num_days() <= 1 {
            j += 1;
        }
        let n = j - i;
        if n > 4 {
            out.add(
                "tcs_consecutive_nights",
                Severity::Error,
                ps[i].start,
                ps[j - 1].end,
                f64::from(u32::try_from(n).unwrap_or(u32::MAX)),
                4.0,
                format!("{n} consecutive nights"),
            );
        }
        if let Some(next) = ps.get(j) {
            let rest = next.start - ps[j - 1].end;
            if rest < 46 * 60 {
                out.add(
                    "tcs_rest_after_nights",
                    Severity::Error,
                    ps[j - 1].end,
                    next.start,
                    h(rest),
                    46.0,
                    format!(
                        "{} h rest after {n} night{}",
                        h(rest),
                        if n == 1 { "" } else { "s" }
                    ),
                );
            }
        }
        i = j;
    }
}

/// Weekends worked over weekends in the period: above 1 in 2 an error, above 1 in 3 a warning.
fn weekends(out: &mut Out<'_>, rota: &Rota, ps: &[Period]) {
    let mut worked: Vec<chrono::NaiveDate> = ps.iter().filter_map(|p| p.weekend).collect();
    worked.dedup();
    worked.sort_unstable();
    worked.dedup();
    let mut total = 0u32;
    let mut d = rota.first;
    while d <= rota.last {
        if d.format("%u").to_string() == "6"
            || (d == rota.first && d.format("%u").to_string() == "7")
        {
            total += 1;
        }
        d += chrono::Duration::days(1);
    }
    if total < 3 || worked.is_empty() {
        return;
    }
    let n = u32::try_from(worked.len()).unwrap_or(u32::MAX);
    let frac = f64::from(n) / f64::from(total);
    let (s, e) = (
        ps.first().map_or(0, |p| p.start),
        ps.last().map_or(0, |p| p.end),
    );
    let fig = (frac * 1000.0).round() / 1000.0;
    if frac > 0.5 + 1e-9 {
        out.add(
            "tcs_weekends",
            Severity::Error,
            s,
            e,
            fig,
            0.5,
            format!("{n} of {total} weekends worked (more than 1 in 2)"),
        );
    } else if frac > 1.0 / 3.0 + 1e-9 {
        out.add(
            "tcs_weekends",
            Severity::Warning,
            s,
            e,
            fig,
            0.333,
            format!("{n} of {total} weekends worked (more than 1 in 3)"),
        );
    }
}
