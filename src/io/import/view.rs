//! What each cell of a sheet was read as — the names, grades and dates, every grid cell's
//! doctor, date and shift, the legend, the cohorts' names, the remarks, the cells not read —
//! for the page's view of the sheet ([`crate::serve`]): the reading shown where it was made.

use super::*;

/// What part of the rota a cell was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A doctor's name (the first cohort's).
    Names,
    /// A doctor's grade.
    Grades,
    /// A date of the grid.
    Dates,
    /// A cell of the grid read as a shift or absence.
    Grid,
    /// A legend entry.
    Legend,
    /// A later cohort's name, part-way through the grid.
    Cohort,
    /// A cell of the grid kept as a remark (a `note` row).
    Note,
    /// A cell of the grid whose label could not be read: an error.
    Unknown,
    /// A cell beside the grid's dates that was not read (a side table, a placeholder).
    Unread,
}

/// One cell's reading.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CellRead {
    /// What it was read as.
    pub role: Role,
    /// In words: `Dr A Bell (a-bell), Mon 3 Aug 2026: LD 08:00-20:30, long_day`.
    pub read: String,
}

/// Every cell read, by (sheet name, row, column); a CSV file's sheet has no name.
pub type Cells = HashMap<(String, usize, usize), CellRead>;

/// Marks a cell, unless it was marked already (a cell is what it was first read as).
pub(super) fn mark(
    report: &mut Report,
    sheet: &Sheet,
    at: (usize, usize),
    role: Role,
    read: String,
) {
    report
        .cells
        .entry((sheet.name.clone().unwrap_or_default(), at.0, at.1))
        .or_insert(CellRead { role, read });
}

/// A date as the page says it: `Mon 3 Aug 2026`.
pub(super) fn day(d: chrono::NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// The legend entries found on this sheet, each label cell with the cells beside it on its
/// row up to the next empty one (`Normal day (DAY) | 08.00-17.00`).
pub(super) fn mark_legend(report: &mut Report, sheet: &Sheet, entries: &[Entry]) {
    let first = format!("legend {}", sheet.cell_ref(0, 0));
    let own = first.strip_suffix("A1").unwrap_or(&first);
    for e in entries {
        let Some(at) = e.source.strip_prefix(own) else {
            continue;
        };
        let Some((r, c)) = sheet::parse_a1(at) else {
            continue;
        };
        let times = match (e.start, e.end) {
            (Some(s), Some(x)) => format!(" {}-{}", s.format("%H:%M"), end_text(x)),
            _ => String::new(),
        };
        let kind = e.kind.map_or(String::new(), |k| format!(", {k}"));
        let read = format!("legend: {}{times}{kind}", e.label);
        let mut k = c;
        while k < c + 4 && sheet.text(r, k).is_some() {
            mark(report, sheet, (r, k), Role::Legend, read.clone());
            k += 1;
        }
    }
}

/// A template's parts: its header of weekdays, the date the rota starts from, the doctors
/// named on its lines and the times written under its labels (the days themselves are
/// marked as any grid's cells are).
pub(super) fn mark_template(report: &mut Report, sheet: &Sheet, t: &Template) {
    if let (Some(h), Some(first)) = (t.header, t.lines.first()) {
        for &c in &first.day_cols {
            if let Some(day) = sheet.text(h, c) {
                mark(
                    report,
                    sheet,
                    (h, c),
                    Role::Dates,
                    format!("weekday: {day}"),
                );
            }
        }
    }
    if let Some((at, _, weekday)) = t.start {
        let read = format!("the rota's first day, a {weekday}");
        mark(report, sheet, at, Role::Dates, read);
    }
    for l in &t.lines {
        if let Some((name, at)) = &l.doctor {
            let read = format!("doctor: {name}, on line {} first", l.label);
            mark(report, sheet, *at, Role::Names, read);
        }
    }
    for (label, _, times, at) in t.times_under(sheet) {
        let read = format!("legend: the times of {label}, {times}");
        mark(report, sheet, at, Role::Legend, read);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_keeps_its_first_reading() {
        let sheet = Sheet::of_texts(&[&["Amy", "LD"]]);
        let mut r = Report::default();
        mark(&mut r, &sheet, (0, 0), Role::Names, "doctor Amy".into());
        mark(&mut r, &sheet, (0, 0), Role::Unread, "not read".into());
        assert_eq!(r.cells[&("Rota".to_string(), 0, 0)].role, Role::Names);
    }

    #[test]
    fn legend_entries_mark_their_line() {
        let sheet = Sheet::of_texts(&[&["", ""], &["Long day (LD)", "08:00-20:00", "", "x"]]);
        let entries = legend::scan(&sheet, true, &|_, _| false);
        let mut r = Report::default();
        mark_legend(&mut r, &sheet, &entries);
        let mut marked: Vec<(usize, usize)> = r.cells.keys().map(|k| (k.1, k.2)).collect();
        marked.sort_unstable();
        assert_eq!(marked, [(1, 0), (1, 1)], "{:?}", r.cells);
        let read = &r.cells[&("Rota".into(), 1, 0)].read;
        assert!(
            read.starts_with("legend: Long day (LD) 08:00-20:00"),
            "{read}"
        );
    }
}
