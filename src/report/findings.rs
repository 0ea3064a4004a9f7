//! The findings of `check`, as text for people, CSV and JSON.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::domain::time::local;
use crate::domain::Rota;
use crate::io::csv_out::{safe, CsvBuf};
use crate::rules::{source, Severity, Violation};

fn when(rota: &Rota, t: i64) -> String {
    local(rota.tz, t).format("%Y-%m-%d %H:%M").to_string()
}

fn num(x: Option<f64>) -> String {
    x.map(|v| {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    })
    .unwrap_or_default()
}

fn sev(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Whether no finding is an error.
pub fn compliant(v: &[Violation]) -> bool {
    v.iter().all(|x| x.severity != Severity::Error)
}

/// One row per finding.
pub fn csv(rota: &Rota, v: &[Violation]) -> Vec<u8> {
    let mut c = CsvBuf::new(&[
        "doctor_id",
        "name",
        "staff_group",
        "department",
        "rule",
        "severity",
        "start",
        "end",
        "figure",
        "limit",
        "detail",
    ]);
    for f in v {
        let (id, name, group, dept) = f.doctor.map_or_else(Default::default, |d| {
            let d = &rota.doctors[d.ix()];
            (
                safe(&d.id),
                safe(&d.name),
                d.group.to_string(),
                safe(&d.department),
            )
        });
        c.row([
            id,
            name,
            group,
            dept,
            f.rule.to_string(),
            sev(f.severity).to_string(),
            when(rota, f.start),
            when(rota, f.end),
            num(f.figure),
            num(f.limit),
            safe(&f.detail),
        ]);
    }
    c.finish()
}

/// `{"compliant": bool, "doctors_checked": n, "findings": [...]}`.
pub fn json(rota: &Rota, v: &[Violation]) -> Vec<u8> {
    let findings: Vec<serde_json::Value> = v
        .iter()
        .map(|f| {
            let d = f.doctor.map(|d| &rota.doctors[d.ix()]);
            serde_json::json!({
                "doctor_id": d.map(|d| d.id.clone()),
                "name": d.map(|d| d.name.clone()),
                "staff_group": d.map(|d| d.group.to_string()),
                "department": d.map(|d| d.department.clone()),
                "rule": f.rule,
                "severity": sev(f.severity),
                "start": when(rota, f.start),
                "end": when(rota, f.end),
                "figure": f.figure,
                "limit": f.limit,
                "detail": f.detail,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "compliant": compliant(v),
        "doctors_checked": rota.doctors.len(),
        "findings": findings,
    });
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

/// For people: grouped by doctor, then a summary line, then the definitions the rules used.
pub fn text(rota: &Rota, v: &[Violation], policy: &crate::domain::policy::Policy) -> String {
    let mut t = String::new();
    let mut by: BTreeMap<Option<u32>, Vec<&Violation>> = BTreeMap::new();
    for f in v {
        by.entry(f.doctor.map(|d| d.0)).or_default().push(f);
    }
    for (d, fs) in &by {
        match d {
            Some(d) => {
                let doc = &rota.doctors[*d as usize];
                let _ = writeln!(
                    t,
                    "{} {} ({}, {}, {})",
                    doc.id, doc.name, doc.grade, doc.group, doc.department
                );
            }
            None => {
                let _ = writeln!(t, "meetings and cover");
            }
        }
        for f in fs {
            let fig = match (f.figure, f.limit) {
                (Some(a), Some(b)) => format!(" [{} against {}]", num(Some(a)), num(Some(b))),
                _ => String::new(),
            };
            let _ = writeln!(
                t,
                "  {} {}: {} to {}: {}{fig} ({})",
                sev(f.severity),
                f.rule,
                when(rota, f.start),
                when(rota, f.end),
                f.detail,
                source(f.rule)
            );
        }
    }
    let mut rules: BTreeMap<&str, std::collections::BTreeSet<Option<u32>>> = BTreeMap::new();
    for f in v.iter().filter(|f| f.severity == Severity::Error) {
        rules
            .entry(f.rule)
            .or_default()
            .insert(f.doctor.map(|d| d.0));
    }
    let failing: std::collections::BTreeSet<u32> = v
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter_map(|f| f.doctor.map(|d| d.0))
        .collect();
    let counts: Vec<String> = rules
        .iter()
        .map(|(r, ds)| format!("{r} {}", ds.len()))
        .collect();
    let _ = writeln!(
        t,
        "checked {} doctors: {} compliant, {} not{}{}",
        rota.doctors.len(),
        rota.doctors.len() - failing.len(),
        failing.len(),
        if counts.is_empty() {
            String::new()
        } else {
            format!(" (errors by rule: {})", counts.join(", "))
        },
        if compliant(v) {
            "; the rota is compliant"
        } else {
            ""
        }
    );
    let _ = write!(t, "{}", definitions(policy));
    t
}

/// How the working-time rules measure, as the text report ends: the definitions rota
/// checkers disagree on, so that a guardian can redo a finding by hand.
pub fn definitions(policy: &crate::domain::policy::Policy) -> String {
    let lines = [
        format!(
            "times: real instants in {} (a night across a clock change is 11 or 13 h)",
            policy.timezone
        ),
        "shift: a doctor's working rows that touch, on call apart".to_string(),
        "long: over 10 h (10 h exactly is not long)".to_string(),
        "night: at least 3 h between 23:00 and 06:00".to_string(),
        "long late-evening: long, starting before 16:00, ending after 23:00".to_string(),
        "weekend: any work between Saturday 00:00 and Sunday 24:00".to_string(),
        "in a row: on consecutive calendar days (4 nights over 5 calendar days are 4)"
            .to_string(),
        "72 h in 168: every 168 h from a shift's start".to_string(),
        "11 h rest: every gap between shifts, the rota's last included".to_string(),
        format!(
            "average: rostered hours over the rota's weeks; leave-adjusted by the NHS Employers method, (D − E·C) / (B − E/5) with E = A·B/52, A = {} leave days a year, C = {} h a leave day",
            policy.annual_leave_days, policy.hours_per_leave_day
        ),
        "on call: rows of kind on_call, out of the hour limits, under their own rules".to_string(),
        "weekly rest: 24 h in each 7 days, or two of 24 h or one of 48 h in each 14, from the rota's first day".to_string(),
    ];
    let mut t = String::from("definitions:\n");
    for l in lines {
        let _ = writeln!(t, "  {l}");
    }
    t
}
