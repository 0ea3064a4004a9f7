//! Reading `--rota` whatever its shape: the contract's long and grid CSV forms, or a rota
//! spreadsheet as a department keeps it (a workbook or a CSV save of one). The spreadsheet
//! path is sheet → layout → legend → long-form rows, which then go through the same
//! resolution as a long-form CSV (real instants, overlaps, staff groups), so every rota is
//! read by one reader. [`Report`] says how a spreadsheet was read (`import.txt`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use chrono::{Datelike, NaiveTime};
use chrono_tz::Tz;

use super::continuing;
use super::diagnostics::Diagnostics;
use super::inputs::Source;
use super::layout::{self, Layout, LayoutFile, View};
use super::legend::{self, Entry, Legend};
use super::rota;
use super::sheet::{self, Sheet};
use super::shifts::ShiftDefs;
use super::table::{self, Table};
use super::template::{self, Template};
use crate::domain::time::LocalEnd;
use crate::domain::{Kind, Rota, StaffGroup};

/// What the user said about a rota spreadsheet.
#[derive(Debug, Clone, Default)]
pub struct RotaOptions {
    /// `--sheet`.
    pub sheet: Option<String>,
    /// `--layout`.
    pub layout: Option<Source>,
    /// `--department`.
    pub department: Option<String>,
    /// `--grade`.
    pub grade: Option<String>,
    /// Whether rows that overlap are read (`import`, `check`) or refused.
    pub clashes: rota::Clashes,
}

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

fn end_text(e: LocalEnd) -> String {
    match e {
        LocalEnd::Midnight => "24:00".into(),
        LocalEnd::At(t) => t.format("%H:%M").to_string(),
    }
}

/// Reads `--rota`. The report is `Some` for a spreadsheet read through a layout.
pub fn read(
    src: &Source,
    opts: &RotaOptions,
    defs: Option<&ShiftDefs>,
    tz: Tz,
    diags: &mut Diagnostics,
) -> Option<(Rota, Option<Report>)> {
    // Errors of the other inputs do not stop this one being read: all are reported at once.
    let before = diags.error_count();
    let lf = opts
        .layout
        .as_ref()
        .map(|s| LayoutFile::read(&s.name, &s.bytes, diags))
        .unwrap_or_default();
    let sheets = if sheet::is_workbook(&src.bytes) {
        sheet::read_workbook(&src.name, &src.bytes, diags)?
    } else {
        if opts.layout.is_none() && opts.sheet.is_none() && contract_csv(&src.name, &src.bytes) {
            let t = Table::parse(&src.name, &src.bytes, diags)?;
            return rota::read_with(&t, defs, tz, opts.clashes, diags).map(|r| (r, None));
        }
        vec![sheet::read_csv(&src.name, &src.bytes, diags)?]
    };
    if diags.error_count() > before {
        return None;
    }
    let wanted = opts.sheet.as_ref().or(lf.sheet.as_ref());
    let kinds: Vec<(usize, SheetKind)> = sheets
        .iter()
        .enumerate()
        .map(|(i, s)| (i, classify(s, &lf)))
        .collect();
    let listing: Vec<(String, String)> = kinds
        .iter()
        .map(|(i, k)| {
            let what = if sheets[*i].hidden {
                format!("hidden, not read unless --sheet names it; {}", k.describe())
            } else {
                k.describe()
            };
            (sheets[*i].name.clone().unwrap_or_default(), what)
        })
        .collect();
    let chosen = match wanted {
        Some(name) => {
            let found = sheets.iter().position(|s| {
                s.name
                    .as_deref()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(name.trim()))
            });
            match found {
                Some(i) => i,
                None if sheets.len() == 1 && sheets[0].name.is_none() => 0,
                None => {
                    diags.error(
                        &src.name,
                        None,
                        None,
                        format!(
                            "has no sheet {name:?} (expected one of: {})",
                            list_sheets(&listing)
                        ),
                    );
                    return None;
                }
            }
        }
        None => {
            // Visible sheets that continue each other in time are one rota.
            let chain = continuing::sheets(&sheets, &lf, &|i| {
                !sheets[i].hidden
                    && !matches!(
                        kinds[i].1,
                        SheetKind::Contract | SheetKind::Template(_) | SheetKind::Empty
                    )
                    && !sheets[i].name.as_deref().is_some_and(is_legend_name)
            });
            if !chain.is_empty() {
                let all = Workbook {
                    src,
                    sheets: &sheets,
                    kinds: &kinds,
                    listing,
                };
                return read_continuing(&all, chain, &lf, opts, defs, tz, diags);
            }
            let mut rotas: Vec<usize> = kinds
                .iter()
                .filter(|(i, _)| !sheets[*i].hidden)
                .filter(|(_, k)| matches!(k, SheetKind::Contract | SheetKind::Grid { .. }))
                .map(|(i, _)| *i)
                .collect();
            // A template is the rota only where the workbook has no named rota.
            if rotas.is_empty() {
                rotas = kinds
                    .iter()
                    .filter(|(i, _)| !sheets[*i].hidden)
                    .filter(|(_, k)| matches!(k, SheetKind::Template(_)))
                    .map(|(i, _)| *i)
                    .collect();
            }
            match rotas.as_slice() {
                [one] => *one,
                [] => {
                    let why = kinds
                        .iter()
                        .find_map(|(_, k)| match k {
                            SheetKind::Other(why) => Some(why.clone()),
                            _ => None,
                        })
                        .unwrap_or_else(|| {
                            let what: Vec<String> = kinds.iter().map(|(_, k)| k.describe()).collect();
                            format!("it seems to hold {} (expected names beside dates, or a layout file)", what.join(", "))
                        });
                    let what = if sheets.len() == 1 {
                        format!("holds no rota grid: {why}")
                    } else {
                        format!(
                            "has no sheet holding a rota grid (expected --sheet NAME or a layout file; sheets: {})",
                            list_sheets(&listing)
                        )
                    };
                    diags.error(&src.name, None, None, what);
                    return None;
                }
                _ => {
                    diags.error(
                        &src.name,
                        None,
                        None,
                        format!(
                            "has {} sheets holding a rota (expected --sheet NAME to say which; sheets: {})",
                            rotas.len(),
                            list_sheets(&listing)
                        ),
                    );
                    return None;
                }
            }
        }
    };
    let sheet = &sheets[chosen];
    if matches!(kinds[chosen].1, SheetKind::Contract) {
        let t = Table::parse(&sheet.title(), &sheet.to_csv_bytes(), diags)?;
        return rota::read_with(&t, defs, tz, opts.clashes, diags).map(|r| (r, None));
    }
    let keys = lf.template.clone().unwrap_or_default();
    let given = keys.lines.is_some() && keys.days.is_some();
    let (layout, tmpl) = if given {
        (None, template::find(sheet, &keys))
    } else {
        match Layout::detect(sheet, &lf) {
            // Dates that are not a run of days (an assignment table's Mondays) beside a
            // template are not a rota's days.
            Ok(l) if template_not_grid(sheet, &l, &keys) => (None, template::find(sheet, &keys)),
            Ok(l) => (Some(l), None),
            Err(why) => match template::find(sheet, &keys) {
                Some(t) => (None, Some(t)),
                None => {
                    diags.error(
                        &sheet.title(),
                        None,
                        None,
                        format!("holds no rota grid: {why}; nor a rota template (expected a Week or Line column beside Mon ... Sun headers, or [template] in a layout file)"),
                    );
                    return None;
                }
            },
        }
    };
    let legend_sheets: Vec<&Sheet> = kinds
        .iter()
        .filter(|(i, k)| *i != chosen && matches!(k, SheetKind::Legend(_)))
        .map(|(i, _)| &sheets[*i])
        .collect();
    let mut report = Report {
        file: src.name.clone(),
        sheet: sheet.title(),
        sheets: if sheets.len() > 1 {
            listing
        } else {
            Vec::new()
        },
        ..Report::default()
    };
    let grid = match (&layout, &tmpl) {
        (Some(l), _) => grid_cells(sheet, l),
        (None, Some(t)) => t
            .lines
            .iter()
            // Its lines whole: labels, names and days (a name beside times is no legend).
            .flat_map(|l| {
                let last = l.day_cols.last().copied().unwrap_or(0);
                l.rows
                    .iter()
                    .flat_map(move |&r| (0..=last).map(move |c| (r, c)))
            })
            .collect(),
        (None, None) => {
            diags.error(
                &sheet.title(),
                None,
                None,
                "holds no rota template where [template] says (expected line labels in `lines` and their cells in `days`)",
            );
            return None;
        }
    };
    let mut legend = build_legend(sheet, &grid, &legend_sheets, &lf, defs, &mut report);
    if let Some(t) = &tmpl {
        if !times_under_labels(sheet, t, &mut legend, &mut report, diags) {
            return None;
        }
    }
    let (t, places) = match (&layout, &tmpl) {
        (Some(l), _) => long_form(sheet, l, &legend, &lf, opts, &mut report, diags)?,
        (None, Some(t)) => template_form(sheet, t, &legend, &lf, opts, &mut report, diags)?,
        (None, None) => return None,
    };
    let mut r = rota::read_with(&t, None, tz, opts.clashes, diags)?;
    for s in &mut r.shifts {
        s.line = places.get(s.line.wrapping_sub(1)).map_or(0, |p| p.1);
    }
    report.period = Some((r.first, r.last));
    Some((r, Some(report)))
}

/// A workbook as read: its sheets, what each seems to hold, and the listing for the report.
struct Workbook<'a> {
    src: &'a Source,
    sheets: &'a [Sheet],
    kinds: &'a [(usize, SheetKind)],
    listing: Vec<(String, String)>,
}

/// Sheets that continue each other in time (`Aug` … `Jan`), read as one rota: each sheet's
/// grid read as any grid is, with its own legend and the workbook's key sheets, the rows put
/// one after another, the doctors by name across the sheets, the report one.
fn read_continuing(
    book: &Workbook<'_>,
    chain: Vec<(usize, Layout)>,
    lf: &LayoutFile,
    opts: &RotaOptions,
    defs: Option<&ShiftDefs>,
    tz: Tz,
    diags: &mut Diagnostics,
) -> Option<(Rota, Option<Report>)> {
    let in_chain: Vec<usize> = chain.iter().map(|(i, _)| *i).collect();
    let legend_sheets: Vec<&Sheet> = book
        .kinds
        .iter()
        .filter(|(i, k)| !in_chain.contains(i) && matches!(k, SheetKind::Legend(_)))
        .map(|(i, _)| &book.sheets[*i])
        .collect();
    let names: Vec<String> = in_chain
        .iter()
        .map(|&i| book.sheets[i].name.clone().unwrap_or_default())
        .collect();
    // One department for the whole rota: as given, else the file's name (not a month's).
    let lf = LayoutFile {
        department: opts
            .department
            .clone()
            .or_else(|| lf.department.clone())
            .or_else(|| Some(file_stem(&book.src.name))),
        ..lf.clone()
    };
    let mut report = Report {
        file: book.src.name.clone(),
        sheet: format!(
            "{}!{} ({} sheets that continue each other in time, read as one rota)",
            book.src.name,
            names.join(", "),
            names.len()
        ),
        sheets: book
            .listing
            .iter()
            .enumerate()
            .map(
                |(i, (name, what))| match chain.iter().find(|(k, _)| *k == i) {
                    Some((_, l)) => (
                        name.clone(),
                        format!(
                        "a rota grid of {} doctors and {} dates, {} to {}, part of the rota read",
                        l.doctors.len(),
                        l.dates.len(),
                        l.dates.first().map_or_else(String::new, |d| d.1.to_string()),
                        l.dates.last().map_or_else(String::new, |d| d.1.to_string())
                    ),
                    ),
                    None => (name.clone(), what.clone()),
                },
            )
            .collect(),
        ..Report::default()
    };
    report.notes.push(format!(
        "sheets {} continue each other in time: read as one rota (--sheet NAME reads one alone)",
        names.join(", ")
    ));
    let mut table: Option<Table> = None;
    let mut places: Places = Vec::new();
    let mut ok = true;
    for (i, l) in &chain {
        let sheet = &book.sheets[*i];
        let grid = grid_cells(sheet, l);
        let mut part = Report::default();
        let legend = build_legend(sheet, &grid, &legend_sheets, &lf, defs, &mut part);
        match long_form(sheet, l, &legend, &lf, opts, &mut part, diags) {
            Some((t, p)) => {
                places.extend(p);
                match &mut table {
                    Some(all) => all.append(t),
                    None => table = Some(t),
                }
            }
            None => ok = false,
        }
        merge_report(&mut report, part, sheet);
    }
    let table = table.filter(|_| ok)?;
    let mut r = rota::read_with(&table, None, tz, opts.clashes, diags)?;
    for s in &mut r.shifts {
        s.line = places.get(s.line.wrapping_sub(1)).map_or(0, |p| p.1);
    }
    report.period = Some((r.first, r.last));
    Some((r, Some(report)))
}

/// One sheet's report folded into the rota's: doctors once each (by id), labels counted
/// over every sheet, ranges and notes each under its sheet's name.
fn merge_report(all: &mut Report, part: Report, sheet: &Sheet) {
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
        match all
            .labels
            .iter_mut()
            .find(|x| x.label == l.label && x.times == l.times && x.kind == l.kind)
        {
            Some(x) => x.count += l.count,
            None => all.labels.push(l),
        }
    }
    all.legend.extend(part.legend);
    all.notes.extend(part.notes);
    all.unread += part.unread;
    all.remarks += part.remarks;
}

fn list_sheets(listing: &[(String, String)]) -> String {
    listing
        .iter()
        .map(|(n, w)| format!("{n:?} ({w})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a CSV file is in the contract's own shapes: a header row with `doctor_id`.
fn contract_csv(file: &str, bytes: &[u8]) -> bool {
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

fn is_contract_sheet(s: &Sheet) -> bool {
    let Some(r) = (0..s.height()).find(|&r| !s.rows[r].is_empty()) else {
        return false;
    };
    (0..s.rows[r].len()).any(|c| s.text(r, c).is_some_and(|t| table::norm(&t) == "doctor_id"))
}

/// What a sheet seems to hold.
enum SheetKind {
    Contract,
    Grid { doctors: usize, dates: usize },
    Legend(usize),
    Template(usize),
    Empty,
    Other(String),
}

impl SheetKind {
    fn describe(&self) -> String {
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

fn is_legend_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.contains("key") || l.contains("legend") || l.contains("codes") || l.contains("shift times")
}

fn classify(s: &Sheet, lf: &LayoutFile) -> SheetKind {
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
            doctors: l.doctors.len(),
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

/// The legend, earliest source first: the layout file's `[labels]`, `--shifts`, the layout
/// file's `legend` range, legend sheets, then legend blocks and lines beside the grid.
fn build_legend(
    sheet: &Sheet,
    grid: &HashSet<(usize, usize)>,
    legend_sheets: &[&Sheet],
    lf: &LayoutFile,
    defs: Option<&ShiftDefs>,
    report: &mut Report,
) -> Legend {
    let mut legend = Legend::default();
    for (label, spec) in &lf.labels {
        legend.add(Entry {
            label: label.clone(),
            start: spec.start,
            end: spec.end,
            kind: spec.kind,
            description: String::new(),
            source: format!("layout file {}", lf.file),
        });
    }
    if let Some(defs) = defs {
        for (_, e) in Legend::from_defs(defs).entries() {
            legend.add(e.clone());
        }
    }
    let mut found = Vec::new();
    if let Some(r) = lf.legend {
        let cells: std::collections::HashSet<(usize, usize)> =
            layout::range_cells(r).into_iter().collect();
        found.extend(legend::scan(sheet, true, &|r, c| !cells.contains(&(r, c))));
    }
    for s in legend_sheets {
        found.extend(legend::scan(s, true, &|_, _| false));
    }
    found.extend(legend::scan(sheet, false, &|r, c| grid.contains(&(r, c))));
    for e in found {
        report.legend.push(e.clone());
        legend.add(e);
    }
    legend
}

/// A template's labels with their times written under them on the same line (`Stnd Day`
/// over `07:45 – 16:45`) are legend entries, unless the user defined the label. A label
/// written over two different times is an error naming both cells. False on an error.
fn times_under_labels(
    sheet: &Sheet,
    t: &Template,
    legend: &mut Legend,
    report: &mut Report,
    diags: &mut Diagnostics,
) -> bool {
    let mut seen: HashMap<String, (String, (usize, usize))> = HashMap::new();
    let mut ok = true;
    for (label, _, times, (r, c)) in t.times_under(sheet) {
        let k = legend::key(&label);
        match seen.get(&k) {
            Some((first, at)) if legend::time_range(first) != legend::time_range(&times) => {
                diags.error(
                    &sheet.place(r, c),
                    None,
                    None,
                    format!(
                        "{label:?} has times {times:?} here but {first:?} at {} (expected one time for a label, or [labels] in a layout file)",
                        sheet.cell_ref(at.0, at.1)
                    ),
                );
                ok = false;
            }
            Some(_) => {}
            None => {
                seen.insert(k, (times.clone(), (r, c)));
                let Some((start, end)) = legend::time_range(&times) else {
                    continue;
                };
                let e = Entry {
                    label,
                    start: Some(start),
                    end: Some(end),
                    kind: None,
                    description: String::new(),
                    source: format!("times under it, {}", sheet.cell_ref(r, c)),
                };
                report.legend.push(e.clone());
                legend.add(e);
            }
        }
    }
    ok
}

/// Whether what reads as a grid is a template beside its assignment table: its dates are no
/// run of days (Mondays a week apart), or its day names are the template's header row.
fn template_not_grid(sheet: &Sheet, l: &Layout, keys: &template::TemplateKeys) -> bool {
    template::find(sheet, keys)
        .is_some_and(|t| !daily(l) || (!l.across && t.header.is_some() && l.day_cross == t.header))
}

/// Whether a grid's dates hold a week of consecutive days, as a rota's do (an assignment
/// table's are Mondays).
fn daily(l: &Layout) -> bool {
    let run = l
        .dates
        .windows(2)
        .filter(|w| (w[1].1 - w[0].1).num_days() == 1)
        .count();
    run >= 6
}

/// The cells of a grid, its names and its grades: not legend.
fn grid_cells(sheet: &Sheet, l: &Layout) -> HashSet<(usize, usize)> {
    let view = View {
        sheet,
        across: l.across,
    };
    l.cohorts
        .iter()
        .flat_map(|c| {
            c.doctors.iter().flat_map(move |&(j, _)| {
                l.dates
                    .iter()
                    .map(move |&(i, _)| i)
                    .chain([c.lines_of(j).0])
                    .chain(c.lines_of(j).1)
                    .map(move |i| view.rc(i, j))
            })
        })
        .collect()
}

/// A template expanded: by its assignment table, the rolling rule, or each line as a doctor
/// (`line 1`, …) over two cycles for the audit, which `report.audit` then describes.
fn template_form(
    sheet: &Sheet,
    t: &Template,
    legend: &Legend,
    lf: &LayoutFile,
    opts: &RotaOptions,
    report: &mut Report,
    diags: &mut Diagnostics,
) -> Option<(Table, Places)> {
    let keys = lf.template.clone().unwrap_or_default();
    let rotation = template::find_rotation(sheet, t, &keys);
    // The first day: `first_monday` in the layout file, else a date under the header.
    let until = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).year() + 1;
    let from = match (keys.first_monday, t.first_day(lf.year, until)) {
        (Some(d), _) => Some(d),
        (None, None) => None,
        (None, Some(Ok((d, how)))) => {
            let (r, c) = t.start.map_or((0, 0), |s| s.0);
            report.notes.push(format!(
                "{}: the rota starts {d} ({how})",
                sheet.cell_ref(r, c)
            ));
            Some(d)
        }
        (None, Some(Err(p))) => {
            let at =
                p.at.map_or_else(|| sheet.title(), |(r, c)| sheet.place(r, c));
            diags.error(&at, None, None, p.message);
            return None;
        }
    };
    let first_monday = keys.first_monday.or_else(|| {
        from.map(|d| d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday())))
    });
    let days = match template::expand(t, &rotation, first_monday, from) {
        Ok(d) => d,
        Err(problems) => {
            for p in problems {
                let at =
                    p.at.map_or_else(|| sheet.title(), |(r, c)| sheet.place(r, c));
                diags.error(&at, None, None, p.message);
            }
            return None;
        }
    };
    let department = department_of(sheet, lf, opts);
    report.department = department.clone();
    let first = t.lines.first().map_or(0, |l| l.row);
    let last = t
        .lines
        .last()
        .map_or(0, |l| l.rows.last().copied().unwrap_or(l.row));
    let (c0, c1) = t.lines.first().map_or((0, 0), |l| {
        (l.day_cols[0], *l.day_cols.last().unwrap_or(&0))
    });
    let cycle = t.lines.len() * t.weeks_per_line;
    report.orientation = format!(
        "a rota template: {} lines of {} week{} (a cycle of {cycle} weeks)",
        t.lines.len(),
        t.weeks_per_line,
        if t.weeks_per_line == 1 { "" } else { "s" }
    );
    report.ranges.push((
        "lines".into(),
        format!("{}:{}", sheet::a1(first, c0), sheet::a1(last, c1)),
    ));
    for l in &t.lines {
        let who = l
            .doctor
            .as_ref()
            .map_or_else(String::new, |(d, _)| format!(" starts {d:?}"));
        report.template.push(format!(
            "line {:<6} {:<24} [{}]{who}",
            l.label,
            l.name,
            sheet.cell_ref(l.row, l.day_cols[0])
        ));
    }
    let grade = opts.grade.clone().or_else(|| lf.grade.clone());
    let mut names: Vec<String> = Vec::new();
    for (name, _, _) in &days {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    match &rotation {
        template::Rotation::Table(rows) => {
            report.ranges.push((
                "assignment".into(),
                format!(
                    "a table of {} doctors by {} weeks",
                    rows.len(),
                    rows.iter().map(|r| r.2.len()).max().unwrap_or(0)
                ),
            ));
        }
        template::Rotation::Rolling(weeks, start) => {
            report.ranges.push((
                "assignment".into(),
                format!("the rolling rule: {} doctors over {weeks} weeks, each a line further down every {} week{}", start.len(), t.weeks_per_line, if t.weeks_per_line == 1 { "" } else { "s" }),
            ));
        }
        template::Rotation::Lines => {
            report.ranges.push((
                "assignment".into(),
                format!("none: each line read as a doctor (line 1, ...) over two cycles from {}, so that check audits the template (its findings are folded back onto the lines, the second cycle only showing what crosses the wrap)", keys.first_monday.map_or_else(String::new, |d| d.to_string())),
            ));
            report.audit = keys
                .first_monday
                .map(|first_monday| crate::domain::template::Audit {
                    first_monday,
                    lines: t.lines.iter().map(|l| l.label.clone()).collect(),
                    weeks_per_line: t.weeks_per_line,
                });
        }
    }
    let mut taken = HashMap::new();
    let mut docs = Vec::new();
    for name in &names {
        let written = match (&rotation, &grade) {
            (_, Some(g)) => g.clone(),
            (template::Rotation::Lines, None) => "resident doctor".to_string(),
            (_, None) => match grade_in_name(name) {
                Some(g) => g,
                None => {
                    diags.error(
                        &sheet.title(),
                        None,
                        None,
                        format!("no grade for {name:?} (expected --grade GRADE, or grade = \"ST3\" in a layout file)"),
                    );
                    return None;
                }
            },
        };
        let (g, fte, _) = layout::split_grade(&written);
        let g = if g.is_empty() { written.clone() } else { g };
        let group = lf
            .group(&written, &g)
            .or_else(|| StaffGroup::from_grade(&g));
        let Some(group) = group else {
            diags.error(
                &sheet.title(),
                None,
                None,
                format!("{written:?} is not a grade the staff group can be inferred from (expected e.g. F2, CMT, ST3, Specialty Doctor, or [groups] in a layout file)"),
            );
            return None;
        };
        let id = make_id(name, &mut taken);
        report.doctors.push(FoundDoctor {
            id: id.clone(),
            name: name.clone(),
            grade: g.clone(),
            group,
            fte: fte.unwrap_or(1.0),
            cell: t
                .lines
                .iter()
                .find_map(|l| l.doctor.as_ref().filter(|(d, _)| d == name))
                .map_or_else(String::new, |(_, (r, c))| sheet.cell_ref(*r, *c)),
        });
        docs.push(Doc {
            seats: Vec::new(),
            written: name.clone(),
            id,
            name: name.clone(),
            grade: g,
            group,
            fte: fte.unwrap_or(1.0),
        });
    }
    let cells: Vec<CellAt> = days
        .iter()
        .filter_map(|(name, date, at)| {
            names
                .iter()
                .position(|n| n == name)
                .map(|k| (k, *date, *at))
        })
        .collect();
    cells_to_rows(sheet, legend, &docs, &cells, &department, report, diags)
}

/// Doctor ids from names: lower case words joined by `-`, unique in the rota.
fn make_id(name: &str, taken: &mut HashMap<String, usize>) -> String {
    let mut base = String::new();
    for w in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !base.is_empty() {
            base.push('-');
        }
        base.extend(w.chars().flat_map(char::to_lowercase));
    }
    if base.is_empty() {
        base = "doctor".into();
    }
    let n = taken.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        base
    } else {
        format!("{base}-{n}")
    }
}

/// A grade written with the name, `Amy Bell (F2)` or `Amy Bell - ST3`.
fn grade_in_name(name: &str) -> Option<String> {
    let inner = name
        .rsplit_once('(')
        .and_then(|(_, r)| r.strip_suffix(')'))
        .or_else(|| name.rsplit_once(" - ").map(|(_, r)| r))?
        .trim();
    layout::looks_like_grade(inner).then(|| inner.to_string())
}

/// Words that read as prose, not a label: a note left in the grid.
fn is_note(t: &str) -> bool {
    t.split_whitespace().count() >= 4 || t.chars().count() > 30
}

/// The `[labels]` lines for labels with no times, ready to fill: each label as written (a
/// weekday or weekend reading named after it), its kind where its words say one.
fn labels_to_fill(unknown: &[(String, String)]) -> String {
    let mut t = format!(
        "help: {} label{} with no times; fill in these lines, put them in a layout file (or add them to yours) and pass it with --layout (kinds: {}):\n[labels]\n",
        unknown.len(),
        if unknown.len() == 1 { "" } else { "s" },
        crate::io::shifts::kind_list()
    );
    let mut done: Vec<String> = Vec::new();
    for (text, _) in unknown {
        let k = legend::key(text);
        if done.contains(&k) {
            continue;
        }
        done.push(k);
        let kind = legend::keyword_kind(text).map_or("", Kind::as_str);
        let _ = writeln!(
            t,
            "{} = {{ start = \"\", end = \"\", kind = \"{kind}\" }}",
            toml_string(text.trim())
        );
    }
    t
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A stray mark in the grid rather than a code: a number (`22312`), or letters of both cases
/// among digits (`1RAq`). Read as a remark where written once or twice.
fn stray(t: &str) -> bool {
    let t = t.trim();
    let has = |f: fn(&char) -> bool| t.chars().any(|c| f(&c));
    legend::keyword_kind(t).is_none()
        && (t.parse::<f64>().is_ok()
            || (has(char::is_ascii_digit)
                && has(char::is_ascii_uppercase)
                && has(char::is_ascii_lowercase)
                && !t.contains(char::is_whitespace)))
}

type Places = Vec<(String, usize)>;

/// A doctor of a spreadsheet, with the cross of the grid they were found in.
struct Doc {
    /// Where the doctor's cells are: (cross, first and last dated line).
    seats: Vec<(usize, (usize, usize))>,
    /// The name as first written.
    written: String,
    id: String,
    name: String,
    grade: String,
    group: StaffGroup,
    fte: f64,
}

/// One cell to read: the doctor (index into the doctors), the date, the cell.
type CellAt = (usize, chrono::NaiveDate, (usize, usize));

/// A label's times, kind, and how it was read.
type Reading = (Option<(NaiveTime, LocalEnd)>, Kind, String);

/// The grid as long-form rows (a synthetic table whose line `k + 1` is at `places[k]`).
fn long_form(
    sheet: &Sheet,
    l: &Layout,
    legend: &Legend,
    lf: &LayoutFile,
    opts: &RotaOptions,
    report: &mut Report,
    diags: &mut Diagnostics,
) -> Option<(Table, Places)> {
    let view = View {
        sheet,
        across: l.across,
    };
    let title = sheet.title();
    let department = department_of(sheet, lf, opts);
    report.department = department.clone();
    report.orientation = if l.across {
        "doctors across (one column each), dates down".into()
    } else {
        "doctors down (one row each), dates across".into()
    };
    let rc_of = |i: usize, j: usize| view.rc(i, j);
    let first_j = l.doctors.first().map_or(0, |d| d.0);
    let last_j = l.doctors.last().map_or(0, |d| d.0);
    let span = |i: usize| {
        let (a, b) = (rc_of(i, first_j), rc_of(i, last_j));
        format!("{}:{}", sheet::a1(a.0, a.1), sheet::a1(b.0, b.1))
    };
    report.ranges.push(("names".into(), span(l.names_line)));
    if let Some(g) = l.grades_line {
        report.ranges.push(("grades".into(), span(g)));
    }
    let (d0, d1) = (
        l.dates.first().map_or(0, |d| d.0),
        l.dates.last().map_or(0, |d| d.0),
    );
    let (a, b) = (rc_of(d0, l.dates_cross), rc_of(d1, l.dates_cross));
    report.ranges.push((
        "dates".into(),
        format!(
            "{}:{} ({} dates)",
            sheet::a1(a.0, a.1),
            sheet::a1(b.0, b.1),
            l.dates.len()
        ),
    ));
    report
        .ranges
        .push(("grid".into(), layout::extent(sheet, l)));
    report.notes.extend(l.notes.iter().cloned());
    report.unread += l.unread;
    let mut ok = true;
    for ((r, c), m) in &l.warnings {
        diags.warning(&sheet.place(*r, *c), None, None, m.clone());
        report
            .notes
            .push(format!("{}: {m}", sheet.cell_ref(*r, *c)));
    }
    for ((r, c), m) in &l.errors {
        diags.error(&sheet.place(*r, *c), None, None, m.clone());
        ok = false;
    }
    let default_grade = opts.grade.clone().or_else(|| lf.grade.clone());
    let every_name_has_a_grade = l.doctors.iter().all(|(_, n)| grade_in_name(n).is_some());
    if l.cohorts.iter().all(|c| c.grades_line.is_none())
        && default_grade.is_none()
        && !every_name_has_a_grade
    {
        diags.error(
            &title,
            None,
            None,
            "has no grades beside the names (expected a grade row or column, --grade GRADE, or grades = \"D2:P2\" in a layout file)",
        );
        return None;
    }
    let mut taken = HashMap::new();
    let mut docs = Vec::new();
    let group_of = |written: &str, grade: &str| lf.group(written, grade);
    let seats = l
        .cohorts
        .iter()
        .flat_map(|c| c.doctors.iter().map(move |d| (c, d)));
    for (cohort, (j, name)) in seats {
        // A doctor named again in a later cohort (half the grid changes, the rest repeats)
        // is the same doctor.
        if let Some(d) = docs
            .iter_mut()
            .find(|d: &&mut Doc| legend::key(&d.written) == legend::key(name))
        {
            d.seats.push((*j, cohort.lines));
            continue;
        }
        let (names_line, grades_line) = cohort.lines_of(*j);
        let (r, c) = view.rc(names_line, *j);
        let grade_cell = grades_line.map(|g| view.rc(g, *j));
        let written = grade_cell
            .and_then(|(gr, gc)| sheet.text(gr, gc))
            .or_else(|| grade_in_name(name))
            .or_else(|| default_grade.clone());
        let Some(written) = written else {
            let (gr, gc) = grade_cell.unwrap_or((r, c));
            diags.error(
                &sheet.place(gr, gc),
                None,
                None,
                format!("no grade for {name:?} (expected a grade such as F2, CMT, ST3, Specialty Doctor, or --grade)"),
            );
            ok = false;
            continue;
        };
        let (grade, fte, ltft) = layout::split_grade(&written);
        let grade = if grade.is_empty() {
            written.clone()
        } else {
            grade
        };
        let group = group_of(&written, &grade).or_else(|| StaffGroup::from_grade(&grade));
        let Some(group) = group else {
            let at =
                grade_cell.map_or_else(|| "--grade".to_string(), |(gr, gc)| sheet.place(gr, gc));
            diags.error(
                &at,
                None,
                None,
                format!("{written:?} (grade of {name:?}) is not a grade the staff group can be inferred from (expected e.g. F1, F2, CMT, IMT2, ST3, SpR, Clinical Fellow, Specialty Doctor, Specialist, Consultant, or [groups] {written:?} = \"resident\" in a layout file)"),
            );
            ok = false;
            continue;
        };
        let lg = legend::key(&grade);
        if group_of(&written, &grade).is_none()
            && (lg.contains("fellow")
                || lg.contains("trustdoctor")
                || lg == "trustgrade"
                || lg == "led")
        {
            report.notes.push(format!(
                "{name:?}: grade {grade:?} read as resident (locally employed doctors work on resident rotas); if they are SAS, say [groups] {grade:?} = \"sas\" in a layout file"
            ));
        }
        if ltft && fte.is_none() {
            report.notes.push(format!(
                "{name:?}: {written:?} says LTFT without a fraction; fte 1 taken (write e.g. \"{grade} 0.8 LTFT\")"
            ));
        }
        // A grade written with the name is not part of it.
        let name = match grade_in_name(name) {
            Some(g) if grade_cell.is_none() || written == g => name
                .trim_end()
                .strip_suffix(&format!("({g})"))
                .or_else(|| name.trim_end().strip_suffix(&format!("- {g}")))
                .map_or_else(|| name.clone(), |n| n.trim().to_string()),
            _ => name.clone(),
        };
        let written_name = name.clone();
        let name = &name;
        let id = make_id(name, &mut taken);
        docs.push(Doc {
            seats: vec![(*j, cohort.lines)],
            written: written_name,
            id,
            name: name.clone(),
            grade,
            group,
            fte: fte.unwrap_or(1.0),
        });
        report.doctors.push(FoundDoctor {
            id: docs.last().map(|d| d.id.clone()).unwrap_or_default(),
            name: name.clone(),
            grade: docs.last().map(|d| d.grade.clone()).unwrap_or_default(),
            group,
            fte: fte.unwrap_or(1.0),
            cell: sheet.cell_ref(r, c),
        });
    }
    let mut shared: Vec<(&String, &usize)> = taken.iter().filter(|(_, n)| **n > 1).collect();
    shared.sort();
    for (base, n) in shared {
        {
            report.notes.push(format!(
                "{n} doctors have names that make the id {base:?}: the later ones are {base}-2, ..."
            ));
        }
    }
    let cells: Vec<CellAt> = docs
        .iter()
        .enumerate()
        .flat_map(|(k, d)| {
            d.seats.iter().flat_map(move |&(j, (lo, hi))| {
                l.dates
                    .iter()
                    .filter(move |&&(i, _)| (lo..=hi).contains(&i))
                    .map(move |&(i, date)| (k, date, view.rc(i, j)))
            })
        })
        .collect();
    if !ok {
        // Read the labels anyway, so that every problem is reported at once.
        let _ = cells_to_rows(sheet, legend, &docs, &cells, &department, report, diags);
        return None;
    }
    cells_to_rows(sheet, legend, &docs, &cells, &department, report, diags)
}

/// The cells as long-form rows, every label read once (all problems reported at once).
fn cells_to_rows(
    sheet: &Sheet,
    legend: &Legend,
    docs: &[Doc],
    cells: &[CellAt],
    department: &str,
    report: &mut Report,
    diags: &mut Diagnostics,
) -> Option<(Table, Places)> {
    let mut ok = true;
    // Every label of the grid.
    struct Seen {
        text: String,
        label: String,
        count: usize,
        first: (usize, usize),
        reading: Result<Reading, String>,
    }
    let mut seen: BTreeMap<String, Seen> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let headers = [
        "doctor_id",
        "name",
        "grade",
        "staff_group",
        "department",
        "fte",
        "date",
        "shift",
        "start",
        "end",
        "kind",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut places: Places = Vec::new();
    // How often each text is written: a stray number written once is a remark, a code
    // written often is not.
    let mut written: HashMap<String, usize> = HashMap::new();
    for &(_, _, (r, c)) in cells {
        if let Some(t) = sheet.text(r, c) {
            *written.entry(legend::key(&t)).or_insert(0) += 1;
        }
    }
    for &(k, date, (r, c)) in cells {
        let d = &docs[k];
        {
            let Some(text) = sheet.text(r, c) else {
                continue;
            };
            // A label the legend times apart on weekdays and weekends is read for each.
            let weekend = legend
                .splits_by_day(&text)
                .then(|| matches!(date.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun));
            let k = match weekend {
                Some(w) => format!("{}|{w}", legend::key(&text)),
                None => legend::key(&text),
            };
            let entry = seen.entry(k.clone()).or_insert_with(|| {
                order.push(k.clone());
                Seen {
                    text: text.clone(),
                    label: match weekend {
                        Some(true) => format!("{text} (weekends)"),
                        Some(false) => format!("{text} (weekdays)"),
                        None => text.clone(),
                    },
                    count: 0,
                    first: (r, c),
                    reading: read_label(&text, legend, weekend.unwrap_or(false)).map_err(|e| {
                        if stray(&text) && written[&legend::key(&text)] <= 2 {
                            String::new()
                        } else {
                            e
                        }
                    }),
                }
            });
            entry.count += 1;
            let (times, kind) = match &entry.reading {
                Ok((times, kind, _)) => (*times, kind.as_str()),
                // A remark is kept as a note row: no shift.
                Err(why) if why.is_empty() => (None, rota::NOTE),
                Err(_) => continue,
            };
            let (start, end) = times.map_or((String::new(), String::new()), |(s, e)| {
                (s.format("%H:%M").to_string(), end_text(e))
            });
            rows.push(vec![
                d.id.clone(),
                d.name.clone(),
                d.grade.clone(),
                d.group.as_str().to_string(),
                department.to_string(),
                format!("{}", d.fte),
                date.format("%Y-%m-%d").to_string(),
                text.clone(),
                start,
                end,
                kind.to_string(),
            ]);
            places.push((sheet.cell_ref(r, c), r + 1));
        }
    }
    let mut unknown: Vec<(String, String)> = Vec::new();
    for k in &order {
        let s = &seen[k];
        match &s.reading {
            Ok((times, kind, source)) => report.labels.push(FoundLabel {
                label: s.label.clone(),
                count: s.count,
                first: sheet.cell_ref(s.first.0, s.first.1),
                times: *times,
                kind: *kind,
                source: source.clone(),
            }),
            Err(why) if why.is_empty() => {
                report.remarks += s.count;
                report.notes.push(format!(
                    "{}: {:?} reads as a remark, not a shift ({} cells); kept as a note row (kind note) that nothing else reads",
                    sheet.cell_ref(s.first.0, s.first.1),
                    s.label,
                    s.count
                ));
            }
            Err(why) => {
                unknown.push((s.text.clone(), s.label.clone()));
                let more = if s.count > 1 {
                    format!(" (and {} more cells)", s.count - 1)
                } else {
                    String::new()
                };
                diags.error(
                    &sheet.place(s.first.0, s.first.1),
                    None,
                    None,
                    format!("{why}{more}"),
                );
                ok = false;
            }
        }
    }
    if !unknown.is_empty() {
        diags.help(labels_to_fill(&unknown));
    }
    if !ok {
        return None;
    }
    if rows.is_empty() {
        diags.error(
            &sheet.title(),
            None,
            None,
            "no shifts in the cells read (expected labels in the cells beside the names)",
        );
        return None;
    }
    Some((
        Table::synthetic(&sheet.file, &headers, rows, &places),
        places,
    ))
}

/// How a cell's label reads: (times, kind, how), or the error; an empty error is a note.
fn read_label(text: &str, legend: &Legend, weekend: bool) -> Result<Reading, String> {
    let expected = "expected a legend entry such as \"Early | 08:00 - 17:00\" beside the grid or on a key sheet, a --shifts file, or [labels] in a layout file";
    if let Some(e) = legend.get_on(text, weekend) {
        let times = e.start.zip(e.end);
        let kind = legend::kind_of(e.kind, &e.label, &e.description, times);
        return match kind {
            Some(k) if k.is_working() && times.is_none() => Err(format!(
                "label {text:?} ({k} in {}) has no times ({expected})",
                e.source
            )),
            Some(k) => Ok((times, k, e.source.clone())),
            None => Err(format!(
                "label {text:?} in {} has no times or kind ({expected})",
                e.source
            )),
        };
    }
    if let Some((prefix, s, e, rest)) = legend::split_time_range(text) {
        let words = format!("{prefix} {rest}");
        let kind = legend::kind_of(None, &words, "", Some((s, e))).unwrap_or(Kind::Day);
        return Ok((Some((s, e)), kind, "times in the cell".into()));
    }
    if is_note(text) {
        return Err(String::new());
    }
    match legend::keyword_kind(text) {
        Some(k) if k.is_absence() => Ok((None, k, "its words".into())),
        Some(k) => Err(format!(
            "label {text:?} reads as {k} by its words but has no times ({expected})"
        )),
        None => Err(format!(
            "label {text:?} is not in the legend and its words say nothing of its times ({expected})"
        )),
    }
}

/// The department: `--department`, the layout file's, the sheet's name, or the file's.
fn department_of(sheet: &Sheet, lf: &LayoutFile, opts: &RotaOptions) -> String {
    opts.department
        .clone()
        .or_else(|| lf.department.clone())
        .or_else(|| sheet.name.clone())
        .unwrap_or_else(|| file_stem(&sheet.file))
}

fn file_stem(file: &str) -> String {
    std::path::Path::new(file)
        .file_stem()
        .map_or_else(|| "default".into(), |s| s.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stray_marks_are_not_codes() {
        for t in ["22312", "1RAq", "0.5"] {
            assert!(stray(t), "{t}");
        }
        // Codes, with digits or not, are read (or refused) as labels.
        for t in ["N2", "LD", "E1", "D WARD", "Ld 2", "AL"] {
            assert!(!stray(t), "{t}");
        }
    }

    #[test]
    fn ids_from_names_are_stable_and_unique() {
        let mut t = HashMap::new();
        assert_eq!(make_id("Amy Bell", &mut t), "amy-bell");
        assert_eq!(make_id("Dr. Raj  Patel", &mut t), "dr-raj-patel");
        assert_eq!(make_id("amy bell", &mut t), "amy-bell-2");
        assert_eq!(make_id("1 Name 1", &mut t), "1-name-1");
        assert_eq!(make_id("?", &mut t), "doctor");
    }

    #[test]
    fn grades_written_with_names() {
        assert_eq!(grade_in_name("Amy Bell (F2)").as_deref(), Some("F2"));
        assert_eq!(grade_in_name("Raj Patel - ST3").as_deref(), Some("ST3"));
        assert_eq!(
            grade_in_name("Chloe Ward (GP 0.8 LTFT)").as_deref(),
            Some("GP 0.8 LTFT")
        );
        assert_eq!(grade_in_name("Tom (Tommy) Okafor"), None);
        assert_eq!(grade_in_name("Sara Lind"), None);
    }

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
