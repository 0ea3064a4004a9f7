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

/// For people: grouped by doctor, then a summary line.
pub fn text(rota: &Rota, v: &[Violation]) -> String {
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
    t
}
