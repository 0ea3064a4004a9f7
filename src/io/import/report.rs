//! How a rota spreadsheet was read: the report `import.txt` prints ([`Report`]), and one
//! sheet's report folded into a rota's when several sheets are read as one.

use super::*;

/// One doctor as found in the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDoctor {
    /// The id made from the name.
    pub id: String,
    /// The name as written.
    pub name: String,
    /// The grade as read (LTFT part taken off).
    pub grade: String,
    /// The staff group.
    pub group: StaffGroup,
    /// The contracted fraction.
    pub fte: f64,
    /// The name's cell.
    pub cell: String,
}

/// One label as read from the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundLabel {
    /// As first written.
    pub label: String,
    /// Cells holding it.
    pub count: usize,
    /// The first cell holding it.
    pub first: String,
    /// Start and end, when timed.
    pub times: Option<(NaiveTime, LocalEnd)>,
    /// The kind.
    pub kind: Kind,
    /// How it was read.
    pub source: String,
}

/// How a spreadsheet was read.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The file.
    pub file: String,
    /// The sheet read (`rota.xlsx!Rota`).
    pub sheet: String,
    /// Every sheet of the workbook and what it seems to hold.
    pub sheets: Vec<(String, String)>,
    /// `doctors across (one column each), dates down` or the other way.
    pub orientation: String,
    /// The cells of the names, grades, dates and the grid.
    pub ranges: Vec<(String, String)>,
    /// The department.
    pub department: String,
    /// The doctors found.
    pub doctors: Vec<FoundDoctor>,
    /// The first and last date.
    pub period: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// Every label with its count and reading.
    pub labels: Vec<FoundLabel>,
    /// Legend entries found (label, times, source).
    pub legend: Vec<Entry>,
    /// Everything skipped or decided, one line each.
    pub notes: Vec<String>,
    /// Non-empty cells beside the grid's dates that were not read as shifts (side columns,
    /// placeholders): each has a note.
    pub unread: usize,
    /// Cells of the grid read as remarks, not shifts: kept as note rows.
    pub remarks: usize,
    /// A template's lines, one a line, when the sheet is a template.
    pub template: Vec<String>,
    /// How a template was read as doctors for `check` to audit, when it was.
    pub audit: Option<crate::domain::template::Audit>,
    /// What each cell was read as, for the page's view of the sheet.
    pub cells: super::view::Cells,
    /// Labels of the grid with no times or kind: each an error, offered to fill in.
    pub unknown: Vec<UnknownLabel>,
    /// The sheets read, by name (a CSV file's has none), in order.
    pub read_sheets: Vec<String>,
}

/// A label the grid uses that could not be read, as the page offers it to fill in.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnknownLabel {
    /// As first written.
    pub label: String,
    /// Its first cell.
    pub first: String,
    /// Cells holding it.
    pub count: usize,
    /// The kind its words suggest, if any.
    pub kind: Option<&'static str>,
}

impl Report {
    /// `import.txt`.
    pub fn render(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(t, "rota-engage import: how {} was read", self.file);
        let _ = writeln!(t);
        if self.sheets.len() > 1 {
            let _ = writeln!(t, "sheets:");
            for (name, what) in &self.sheets {
                let _ = writeln!(t, "  {name}: {what}");
            }
        }
        let _ = writeln!(t, "sheet read: {}", self.sheet);
        let _ = writeln!(t, "orientation: {}", self.orientation);
        for (what, at) in &self.ranges {
            let _ = writeln!(t, "{what}: {at}");
        }
        let _ = writeln!(t, "department: {}", self.department);
        if !self.template.is_empty() {
            let _ = writeln!(t, "template lines ({}):", self.template.len());
            for l in &self.template {
                let _ = writeln!(t, "  {l}");
            }
        }
        if let Some((a, b)) = self.period {
            let _ = writeln!(t, "period: {a} to {b} ({} days)", (b - a).num_days() + 1);
        }
        let _ = writeln!(t);
        let _ = writeln!(t, "doctors ({}):", self.doctors.len());
        for d in &self.doctors {
            let fte = if (d.fte - 1.0).abs() > 1e-9 {
                format!(", fte {}", d.fte)
            } else {
                String::new()
            };
            let _ = writeln!(
                t,
                "  {:<24} {:<28} {} ({}{fte})  [{}]",
                d.id, d.name, d.grade, d.group, d.cell
            );
        }
        let _ = writeln!(t);
        let _ = writeln!(t, "labels ({}):", self.labels.len());
        for l in &self.labels {
            let times = l.times.map_or_else(
                || "untimed".to_string(),
                |(s, e)| format!("{}-{}", s.format("%H:%M"), end_text(e)),
            );
            let _ = writeln!(
                t,
                "  {:<20} {:>5} cells  {:<12} {:<12} {} (first {})",
                format!("{:?}", l.label),
                l.count,
                times,
                l.kind.as_str(),
                l.source,
                l.first
            );
        }
        if !self.legend.is_empty() {
            let _ = writeln!(t);
            let _ = writeln!(t, "legend entries found ({}):", self.legend.len());
            for e in &self.legend {
                let times = match (e.start, e.end) {
                    (Some(s), Some(x)) => format!("{}-{}", s.format("%H:%M"), end_text(x)),
                    _ => "untimed".into(),
                };
                let _ = writeln!(
                    t,
                    "  {:<20} {:<12} {}",
                    format!("{:?}", e.label),
                    times,
                    e.source
                );
            }
        }
        let _ = writeln!(t);
        let _ = writeln!(
            t,
            "cells beside the grid not read: {} (each cross or label below says why)",
            self.unread
        );
        let _ = writeln!(
            t,
            "cells of the grid read as remarks, not shifts: {} (kept as note rows in rota.csv)",
            self.remarks
        );
        let _ = writeln!(t, "notes ({}):", self.notes.len());
        for n in &self.notes {
            let _ = writeln!(t, "  {n}");
        }
        t
    }

    /// One line for the other commands' warnings.
    pub fn summary(&self) -> String {
        format!(
            "read as a rota spreadsheet: {}, {} doctors, {} labels, {} notes (run `rota-engage import` to review how each cell was read)",
            self.orientation,
            self.doctors.len(),
            self.labels.len(),
            self.notes.len()
        )
    }
}

pub(super) fn end_text(e: LocalEnd) -> String {
    match e {
        LocalEnd::Midnight => "24:00".into(),
        LocalEnd::At(t) => t.format("%H:%M").to_string(),
    }
}

/// One sheet's report folded into the rota's: doctors once each (by id), labels counted
/// over every sheet, ranges and notes each under its sheet's name.
pub(super) fn merge_report(all: &mut Report, part: Report, sheet: &Sheet) {
    let name = sheet.name.clone().unwrap_or_default();
    if all.orientation.is_empty() {
        all.orientation = part.orientation;
    }
    all.department = part.department;
    for (what, at) in part.ranges {
        all.ranges.push((format!("{name} {what}"), at));
    }
    for d in part.doctors {
        if !all.doctors.iter().any(|x| x.id == d.id) {
            all.doctors.push(d);
        }
    }
    for l in part.labels {
        match all.labels.iter_mut().find(|x| {
            legend::key(&x.label) == legend::key(&l.label) && x.times == l.times && x.kind == l.kind
        }) {
            Some(x) => x.count += l.count,
            None => all.labels.push(l),
        }
    }
    all.legend.extend(part.legend);
    all.notes.extend(part.notes);
    all.unread += part.unread;
    all.remarks += part.remarks;
    all.cells.extend(part.cells);
    all.unknown.extend(part.unknown);
    all.read_sheets.push(name);
}
