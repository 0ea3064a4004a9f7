//! Reading `--rota` whatever its shape: the contract's long and grid CSV forms, or a rota
//! spreadsheet as a department keeps it (a workbook or a CSV save of one). A spreadsheet is
//! read in steps, each in its own file:
//!
//! 1. which sheet, or which sheets in a run of months ([`sheets`], [`super::continuing`]);
//! 2. its layout: dates, names, grades, cohorts ([`super::layout`], [`super::dates`],
//!    [`super::cohorts`]), or a template ([`super::template`], [`templates`]);
//! 3. its legend ([`legends`]);
//! 4. its doctors ([`grid`], [`doctors`]) and each cell as a typed rota row with its cell
//!    ([`cells`]),
//!
//! and the rows go to the same [`super::rota_build::Builder`] as a CSV file's lines (real
//! instants, overlaps, one grade per doctor), so every rota is read by one builder.
//! [`Report`] says how a spreadsheet was read (`import.txt`).

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
use super::rota_build::{Builder, DoctorIn, Place, RowIn};
use super::sheet::{self, Sheet};
use super::shifts::ShiftDefs;
use super::table::{self, Table};
use super::template::{self, Template};
use crate::domain::time::LocalEnd;
use crate::domain::{Kind, Rota, StaffGroup};

mod cells;
mod doctors;
mod grid;
mod legends;
mod report;
mod sheets;
mod templates;
pub mod view;

use cells::*;
use doctors::*;
use grid::*;
use legends::*;
use report::*;
pub use report::{FoundDoctor, FoundLabel, Report, UnknownLabel};
use sheets::*;
use templates::*;
use view::{mark, Role};

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

/// Reads `--rota`. The report is `Some` for a spreadsheet read through a layout.
pub fn read(
    src: &Source,
    opts: &RotaOptions,
    defs: Option<&ShiftDefs>,
    tz: Tz,
    diags: &mut Diagnostics,
) -> Option<(Rota, Option<Report>)> {
    read_traced(src, opts, defs, tz, diags, None)
}

/// How a spreadsheet was read as far as it could be, for the page's view of the sheet.
#[derive(Debug, Default)]
pub struct Trace {
    /// The sheets as read, before the layout file's `skip` emptied any cell (none for the
    /// contract's CSV forms).
    pub sheets: Vec<Sheet>,
    /// The layout file's `skip` ranges.
    pub skip: Vec<layout::Range>,
    /// The report, with each cell's reading, also when the rota could not be read; `None`
    /// where no sheet got as far as a layout.
    pub report: Option<Report>,
}

/// [`read`] for the page: what was read, and every problem of reading it.
pub fn trace(
    src: &Source,
    opts: &RotaOptions,
    defs: Option<&ShiftDefs>,
    tz: Tz,
) -> (Trace, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut trace = Trace::default();
    if let Some((_, Some(report))) = read_traced(src, opts, defs, tz, &mut diags, Some(&mut trace))
    {
        trace.report = Some(report);
    }
    (trace, diags)
}

/// [`read`], keeping in `trace` (where given) the sheets as read, and the report where the
/// sheet was read only in part.
fn read_traced(
    src: &Source,
    opts: &RotaOptions,
    defs: Option<&ShiftDefs>,
    tz: Tz,
    diags: &mut Diagnostics,
    mut trace: Option<&mut Trace>,
) -> Option<(Rota, Option<Report>)> {
    // Errors of the other inputs do not stop this one being read: all are reported at once.
    let before = diags.error_count();
    let lf = opts
        .layout
        .as_ref()
        .map(|s| LayoutFile::read(&s.name, &s.bytes, diags))
        .unwrap_or_default();
    let mut sheets = if sheet::is_workbook(&src.bytes) {
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
    if let Some(t) = trace.as_deref_mut() {
        t.sheets = sheets.clone();
        t.skip = lf.skip.clone();
    }
    // Cells the layout file says are not part of the rota are read as empty.
    for s in &mut sheets {
        for r in &lf.skip {
            s.blank(r.r0, r.c0, r.r1, r.c1);
        }
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
                let (rota, report) = read_continuing(&all, chain, &lf, opts, defs, tz, diags);
                return match rota {
                    Some(r) => Some((r, Some(report))),
                    None => {
                        if let Some(t) = trace.as_deref_mut() {
                            t.report = Some(report);
                        }
                        None
                    }
                };
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
        read_sheets: vec![sheet.name.clone().unwrap_or_default()],
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
        view::mark_template(&mut report, sheet, t);
        if !times_under_labels(sheet, t, &mut legend, &mut report, diags) {
            if let Some(t) = trace.as_deref_mut() {
                t.report = Some(report);
            }
            return None;
        }
    }
    let mut b = Builder::new(&src.name);
    let ctx = Ctx {
        sheet,
        legend: &legend,
        lf: &lf,
        opts,
    };
    let read = match (&layout, &tmpl) {
        (Some(l), _) => long_form(ctx, l, &mut report, &mut b, diags),
        (None, Some(t)) => template_form(ctx, t, &mut report, &mut b, diags),
        (None, None) => false,
    };
    let Some(r) = read
        .then(|| b.finish(None, tz, opts.clashes, diags))
        .flatten()
    else {
        if let Some(t) = trace {
            t.report = Some(report);
        }
        return None;
    };
    report.period = Some((r.first, r.last));
    Some((r, Some(report)))
}

/// What each step of reading one sheet needs: the sheet, its legend, the layout file and the
/// user's options.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    sheet: &'a Sheet,
    legend: &'a Legend,
    lf: &'a LayoutFile,
    opts: &'a RotaOptions,
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
/// one after another, the doctors by name across the sheets, the report one (also when the
/// rota could not be read).
fn read_continuing(
    book: &Workbook<'_>,
    chain: Vec<(usize, Layout)>,
    lf: &LayoutFile,
    opts: &RotaOptions,
    defs: Option<&ShiftDefs>,
    tz: Tz,
    diags: &mut Diagnostics,
) -> (Option<Rota>, Report) {
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
                        l.doctors
                            .iter()
                            .map(|(_, n)| legend::key(n))
                            .collect::<HashSet<_>>()
                            .len(),
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
    // One builder over the sheets: a name on two sheets is one doctor, with one grade.
    let mut b = Builder::new(&book.src.name);
    let mut ok = true;
    for (i, l) in &chain {
        let sheet = &book.sheets[*i];
        let grid = grid_cells(sheet, l);
        let mut part = Report::default();
        let legend = build_legend(sheet, &grid, &legend_sheets, &lf, defs, &mut part);
        let ctx = Ctx {
            sheet,
            legend: &legend,
            lf: &lf,
            opts,
        };
        ok &= long_form(ctx, l, &mut part, &mut b, diags);
        merge_report(&mut report, part, sheet);
    }
    let r = ok
        .then(|| b.finish(None, tz, opts.clashes, diags))
        .flatten();
    if let Some(r) = &r {
        report.period = Some((r.first, r.last));
    }
    (r, report)
}
