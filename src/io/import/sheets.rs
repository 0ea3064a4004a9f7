//! Which sheet is the rota: what each sheet of a workbook seems to hold (a grid, a template, a
//! legend, the contract's columns), and how a file in the contract's CSV form is told from a
//! sheet saved as CSV.

use super::*;

pub(super) fn list_sheets(listing: &[(String, String)]) -> String {
    listing
        .iter()
        .map(|(n, w)| format!("{n:?} ({w})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a CSV file is in the contract's own shapes: a header row with `doctor_id`.
pub(super) fn contract_csv(file: &str, bytes: &[u8]) -> bool {
    let mut scratch = Diagnostics::default();
    let Some(text) = table::decode(file, bytes, &mut scratch) else {
        return true;
    };
    let Some(first) = text
        .lines()
        .find(|l| !l.trim().trim_matches([',', ';', '\t']).trim().is_empty())
    else {
        return true;
    };
    let d = char::from(table::sniff(first));
    let cols: Vec<String> = first
        .split(d)
        .map(|c| table::norm(c.trim_matches('"')))
        .collect();
    let has = |n: &str| cols.iter().any(|c| c == n);
    has("doctor_id") || (has("date") && (has("shift") || has("start")) && has("grade"))
}

pub(super) fn is_contract_sheet(s: &Sheet) -> bool {
    let Some(r) = (0..s.height()).find(|&r| !s.rows[r].is_empty()) else {
        return false;
    };
    (0..s.rows[r].len()).any(|c| s.text(r, c).is_some_and(|t| table::norm(&t) == "doctor_id"))
}

/// What a sheet seems to hold.
pub(super) enum SheetKind {
    Contract,
    Grid { doctors: usize, dates: usize },
    Legend(usize),
    Template(usize),
    Empty,
    Other(String),
}

impl SheetKind {
    pub(super) fn describe(&self) -> String {
        match self {
            SheetKind::Contract => "a rota in the contract's columns (doctor_id, ...)".into(),
            SheetKind::Grid { doctors, dates } => {
                format!("a rota grid of {doctors} doctors and {dates} dates")
            }
            SheetKind::Legend(n) => format!("a legend of {n} labels"),
            SheetKind::Template(n) => format!("a rota template of {n} lines"),
            SheetKind::Empty => "empty".into(),
            SheetKind::Other(why) => format!("no rota grid: {why}"),
        }
    }
}

pub(super) fn is_legend_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.contains("key") || l.contains("legend") || l.contains("codes") || l.contains("shift times")
}

pub(super) fn classify(s: &Sheet, lf: &LayoutFile) -> SheetKind {
    if s.height() == 0 {
        return SheetKind::Empty;
    }
    if is_contract_sheet(s) {
        return SheetKind::Contract;
    }
    let legend_entries = || legend::scan(s, true, &|_, _| false).len();
    if s.name.as_deref().is_some_and(is_legend_name) {
        let n = legend_entries();
        if n > 0 {
            return SheetKind::Legend(n);
        }
    }
    let keys = lf.template.clone().unwrap_or_default();
    match Layout::detect(s, lf) {
        Ok(l) if template_not_grid(s, &l, &keys) => {
            SheetKind::Template(template::find(s, &keys).map_or(0, |t| t.lines.len()))
        }
        Ok(l) if !l.doctors.is_empty() && l.dates.len() >= 2 => SheetKind::Grid {
            // Doctors, not seats: a name in two cohorts is one doctor.
            doctors: l
                .doctors
                .iter()
                .map(|(_, n)| legend::key(n))
                .collect::<HashSet<_>>()
                .len(),
            dates: l.dates.len(),
        },
        Ok(_) => SheetKind::Other("too small to be a rota".into()),
        Err(why) => {
            if let Some(t) = template::find(s, &keys) {
                return SheetKind::Template(t.lines.len());
            }
            let n = legend_entries();
            if n >= 2 {
                SheetKind::Legend(n)
            } else {
                SheetKind::Other(why)
            }
        }
    }
}

/// Whether what reads as a grid is a template beside its assignment table: its dates are no
/// run of days (Mondays a week apart), or its day names are the template's header row.
pub(super) fn template_not_grid(sheet: &Sheet, l: &Layout, keys: &template::TemplateKeys) -> bool {
    template::find(sheet, keys)
        .is_some_and(|t| !daily(l) || (!l.across && t.header.is_some() && l.day_cross == t.header))
}

/// Whether a grid's dates hold a week of consecutive days, as a rota's do (an assignment
/// table's are Mondays).
pub(super) fn daily(l: &Layout) -> bool {
    let run = l
        .dates
        .windows(2)
        .filter(|w| (w[1].1 - w[0].1).num_days() == 1)
        .count();
    run >= 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_csv_is_told_from_a_layout() {
        assert!(contract_csv("r.csv", b"doctor_id,grade,date,shift\n"));
        assert!(contract_csv(
            "r.csv",
            b"\xEF\xBB\xBFDoctor ID;Grade;Date;Shift\n"
        ));
        assert!(!contract_csv(
            "r.csv",
            b"FY1 Surgery Rota,,\nName,Grade,Mon\n"
        ));
        assert!(!contract_csv("r.csv", b",Amy Bell,Raj Patel\n"));
    }
}
