//! The working-time rules: the 2016 terms (Schedule 3) for resident doctors in England, the
//! Working Time Regulations for SAS doctors and consultants. All on real instants, so a 13 h
//! rostered October night is found at 14 h and a March rest of 11 h rostered at 10 h.
//!
//! The 48 h averages, 11 h rest and 13 h shift length are here; the other rules have a file
//! each (`hours_72_in_168`, `consecutive`, `nights`, `weekends`).
//!
//! Rules: `tcs_avg_48h`, `tcs_72h_in_168h`, `tcs_shift_13h`, `tcs_rest_11h`,
//! `tcs_consecutive_shifts`, `tcs_consecutive_long`, `tcs_consecutive_nights`,
//! `tcs_rest_after_nights`, `tcs_weekends`, `tcs_long_evening`, `tcs_avg_48h_leave_adjusted`,
//! `tcs_on_call_length`, `tcs_on_call_consecutive`, `tcs_on_call_3_in_7`, `tcs_after_on_call`,
//! `wtr_avg_48h`, `wtr_rest_11h`, `wtr_weekly_rest`.

use super::periods::{h, hm, on_call_periods, periods, when, Period};
use super::{Severity, Violation};
use crate::domain::policy::Policy;
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
        "wtr_weekly_rest" => "Working Time Regulations 1998, regulation 11: weekly rest",
        "tcs_long_evening" => "2016 TCS Schedule 3 as amended 2019: long late-evening shifts",
        "tcs_avg_48h_leave_adjusted" => {
            "2016 TCS Schedule 3; NHS Employers prospective-cover method for leave"
        }
        "tcs_on_call_length"
        | "tcs_on_call_consecutive"
        | "tcs_on_call_3_in_7"
        | "tcs_after_on_call" => "2016 TCS Schedule 3: on-call periods",
        _ => "",
    }
}

/// Where the rules of one doctor put their findings.
pub(crate) struct Out<'a> {
    v: &'a mut Vec<Violation>,
    d: DoctorIdx,
    /// The rota's zone, for the times details name.
    pub(crate) tz: chrono_tz::Tz,
}

impl Out<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn add(
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

/// The findings one rule makes on one doctor, for unit tests.
#[cfg(test)]
pub(crate) fn run(f: impl FnOnce(&mut Out<'_>)) -> Vec<Violation> {
    let mut v = Vec::new();
    let mut out = Out {
        v: &mut v,
        d: DoctorIdx(0),
        tz: chrono_tz::Europe::London,
    };
    f(&mut out);
    v
}

/// Checks every doctor.
pub fn check(rota: &Rota, policy: &Policy) -> Vec<Violation> {
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
        let mut out = Out {
            v: &mut v,
            d,
            tz: rota.tz,
        };
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
                format!(
                    "average {avg:.1} h a week over the rota period: {:.1} h / {:.2} weeks",
                    h(total),
                    weeks
                ),
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
                    format!(
                        "{} rest between shifts, {} to {}",
                        hm(rest),
                        when(rota.tz, w[0].end),
                        when(rota.tz, w[1].start)
                    ),
                );
            }
        }
        // Weekly rest is everyone's (the Regulations); the rest are the 2016 terms'.
        super::weekly_rest::check(&mut out, &ps, rota.first, rota.last);
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
                    format!(
                        "a shift of {} elapsed, {} to {}",
                        hm(p.minutes()),
                        when(rota.tz, p.start),
                        when(rota.tz, p.end)
                    ),
                );
            }
        }
        super::hours_72_in_168::check(&mut out, &ps);
        super::consecutive::runs(
            &mut out,
            &ps,
            |_| true,
            7,
            "tcs_consecutive_shifts",
            "shifts",
        );
        super::consecutive::runs(
            &mut out,
            &ps,
            |p| p.long,
            4,
            "tcs_consecutive_long",
            "long shifts",
        );
        super::nights::check(&mut out, &ps);
        super::weekends::check(&mut out, rota, &ps);
        super::long_evening::check(&mut out, &ps);
        super::avg_leave_adjusted::check(&mut out, &ps, weeks, policy);
        let oc = on_call_periods(rota.tz, rows);
        super::on_call_length::check(&mut out, &oc);
        super::on_call_consecutive::check(&mut out, &oc);
        super::on_call_3_in_7::check(&mut out, &oc);
        super::after_on_call::check(&mut out, &oc, &ps);
    }
    v
}
