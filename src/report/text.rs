//! The short summary printed on stdout after `schedule` and `demo`.

use std::fmt::Write;

use super::Outcome;
use crate::domain::Rota;

/// The summary for people.
pub fn summary(rota: &Rota, out: &Outcome) -> String {
    let s = &out.summary;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "rota: {} doctors, {} to {} ({})",
        s.doctors, s.period_first, s.period_last, s.timezone
    );
    let _ = writeln!(
        t,
        "solver: {} (gap {:.2}% over the {}, {:.1} s, {} independent part{})",
        s.status,
        s.gap * 100.0,
        s.gap_scope,
        s.solve_seconds,
        s.components,
        if s.components == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        t,
        "meetings: {} of {} occurrences placed, {} attendances",
        s.occurrences_placed - s.individual_slots_placed,
        s.occurrences - s.individual_slots,
        s.attendances - s.individual_slots_placed
    );
    if s.individual_slots > 0 {
        let _ = writeln!(
            t,
            "individual slots: {} of {} placed (each doctor's own protected time)",
            s.individual_slots_placed, s.individual_slots
        );
    }
    let _ = writeln!(
        t,
        "protected time: {} of {} resident and SAS doctor-windows at target; {} of {} doctors at target in every window; {:.1} h given",
        s.doctor_windows_at_target,
        s.doctor_windows,
        s.doctors_at_target,
        s.doctors_with_target,
        s.protected_hours
    );
    for (g, f) in &s.by_group {
        if f.with_target > 0 {
            let _ = writeln!(
                t,
                "  {g:<10} {:>5} of {:>5} windows, {:>4} of {:>4} doctors at target, {:>7.1} h",
                f.windows_met, f.windows, f.at_target, f.with_target, f.protected_hours
            );
        } else {
            let _ = writeln!(
                t,
                "  {g:<10} {:>4} doctors (no target), {:>7.1} h",
                f.doctors, f.protected_hours
            );
        }
    }
    let missed: Vec<_> = out.compliance.iter().filter(|c| c.met == "no").collect();
    if !missed.is_empty() {
        let _ = writeln!(t, "short of target ({}):", missed.len());
        for c in missed.iter().take(10) {
            let d = &rota.doctors[c.doctor];
            let _ = writeln!(t, "  {} {} ({}): {}", d.id, d.name, d.group, c.reason);
        }
        if missed.len() > 10 {
            let _ = writeln!(
                t,
                "  ... and {} more (see compliance.csv)",
                missed.len() - 10
            );
        }
    }
    t
}
