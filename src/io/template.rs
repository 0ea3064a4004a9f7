//! Rota templates: numbered lines, each a week (or several) of shifts by weekday, and who works
//! which line when — an assignment table (doctor × week → line), the rolling rule (doctor *k*
//! starts on line *k* and moves down a line a week), or neither, when each line is read as a
//! doctor (`line 1`, `line 2`, …) over the cycle so that `check` audits the template itself.
//!
//! Found where the sheet makes it plain (a `Week`/`Line` column beside `Mon … Sun` headers) or
//! by the layout file's `[template]`. The expansion is a list of (doctor, date, cell) that the
//! spreadsheet reader resolves like any grid's cells.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::layout::{cell_date, Range};
use super::sheet::Sheet;
use super::values;

/// The layout file's `[template]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TemplateKeys {
    /// `lines`: the line labels, one column.
    pub lines: Option<Range>,
    /// `days`: the Mon..Sun cells of each line (7 × weeks per line wide).
    pub days: Option<Range>,
    /// `first_monday`.
    pub first_monday: Option<NaiveDate>,
    /// `assign_names`.
    pub assign_names: Option<Range>,
    /// `assign_weeks`.
    pub assign_weeks: Option<Range>,
    /// `assign`.
    pub assign: Option<Range>,
    /// `rolling = { weeks, start = { name = line } }`.
    pub rolling: Option<(usize, Vec<(String, String)>)>,
}

/// One line of a template.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Its label as written (`1`, `5`, `EST Late`).
    pub label: String,
    /// Its name, where a column beside the label gives one (`UGI Ward`).
    pub name: String,
    /// The sheet row of the line.
    pub row: usize,
    /// The sheet columns of its days, Monday first.
    pub day_cols: Vec<usize>,
}

/// A template as found in a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// The lines, in order.
    pub lines: Vec<Line>,
    /// Weeks in each line.
    pub weeks_per_line: usize,
    /// The header row of day names (for the report).
    pub header: Option<usize>,
}

/// One doctor of an assignment table: the name, its cell, and each Monday with the line
/// label and its cell.
pub type Assigned = (
    String,
    (usize, usize),
    Vec<(NaiveDate, String, (usize, usize))>,
);

/// Who works what when, as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Rotation {
    /// Names × Mondays → line labels, with each cell's position.
    Table(Vec<Assigned>),
    /// The rolling rule over so many weeks from the first Monday.
    Rolling(usize, Vec<(String, String)>),
    /// Each line a doctor over two cycles (the second only to see across the wrap).
    Lines,
}

/// A day of the expansion: the doctor's name, the date, the template cell.
pub type Day = (String, NaiveDate, (usize, usize));

fn weekday_at(sheet: &Sheet, r: usize, c: usize) -> Option<Weekday> {
    sheet.text(r, c).and_then(|t| values::weekday(&t))
}

/// Finds a template: a row of day names Mon..Sun (one or more weeks running), and below it
/// lines with a label in a column to their left; or where `[template]` says.
pub fn find(sheet: &Sheet, keys: &TemplateKeys) -> Option<Template> {
    if let (Some(lines), Some(days)) = (keys.lines, keys.days) {
        let width = days.c1 - days.c0 + 1;
        let out: Vec<Line> = (lines.r0..=lines.r1)
            .zip(days.r0..=days.r1)
            .filter_map(|(lr, dr)| {
                let label = sheet.text(lr, lines.c0)?;
                Some(Line {
                    label,
                    name: String::new(),
                    row: dr,
                    day_cols: (days.c0..=days.c1).collect(),
                })
            })
            .collect();
        return (!out.is_empty()).then_some(Template {
            lines: out,
            weeks_per_line: width.div_ceil(7).max(1),
            header: None,
        });
    }
    for r in 0..sheet.height() {
        let w = sheet.rows[r].len();
        let Some(c0) = (0..w).find(|&c| {
            weekday_at(sheet, r, c) == Some(Weekday::Mon)
                && (0..7).all(|k| weekday_at(sheet, r, c + k) == Some(day(k)))
        }) else {
            continue;
        };
        let mut n = 7;
        while (0..7).all(|k| weekday_at(sheet, r, c0 + n + k) == Some(day(k))) {
            n += 7;
        }
        // The label column: the nearest column left of Monday whose cells below hold labels.
        let label_col = (0..c0).rev().find(|&c| {
            let head = sheet.text(r, c).map(|t| t.to_ascii_lowercase());
            head.is_some_and(|h| {
                h.starts_with("week")
                    || h.starts_with("line")
                    || h.starts_with("wk")
                    || h.contains("rota line")
            }) || (r + 1..sheet.height())
                .take(3)
                .any(|x| sheet.text(x, c).is_some_and(|t| t.parse::<u32>().is_ok()))
        })?;
        let mut lines = Vec::new();
        for x in r + 1..sheet.height() {
            let label = sheet.text(x, label_col);
            let any = (c0..c0 + n).any(|c| sheet.text(x, c).is_some());
            match label {
                Some(label) if any || sheet.text(x, label_col).is_some() && lines.is_empty() => {
                    let name = (label_col + 1..c0)
                        .filter_map(|c| sheet.text(x, c))
                        .collect::<Vec<_>>()
                        .join(" ");
                    lines.push(Line {
                        label,
                        name,
                        row: x,
                        day_cols: (c0..c0 + n).collect(),
                    });
                }
                _ if lines.is_empty() => continue,
                _ => break,
            }
        }
        if !lines.is_empty() {
            return Some(Template {
                lines,
                weeks_per_line: n / 7,
                header: Some(r),
            });
        }
    }
    None
}

fn day(k: usize) -> Weekday {
    Weekday::try_from(u8::try_from(k % 7).unwrap_or(0)).unwrap_or(Weekday::Mon)
}

/// Finds an assignment table: a row of Mondays, and below it names with line labels under
/// the Mondays; or where `[template]` says.
pub fn find_rotation(sheet: &Sheet, t: &Template, keys: &TemplateKeys) -> Rotation {
    if let Some((weeks, start)) = &keys.rolling {
        return Rotation::Rolling(*weeks, start.clone());
    }
    let known = |s: &str| {
        t.lines
            .iter()
            .any(|l| super::legend::key(&l.label) == super::legend::key(s))
    };
    let template_rows: Vec<usize> = t.lines.iter().map(|l| l.row).collect();
    let (names, weeks, cells) = match (keys.assign_names, keys.assign_weeks, keys.assign) {
        (Some(n), Some(w), Some(a)) => (n, w, a),
        _ => {
            let Some((r, cols)) = (0..sheet.height()).find_map(|r| {
                if template_rows.contains(&r) {
                    return None;
                }
                let cols: Vec<usize> = (0..sheet.rows[r].len())
                    .filter(|&c| {
                        cell_date(sheet.cell(r, c)).is_some_and(|d| d.weekday() == Weekday::Mon)
                    })
                    .collect();
                // Mondays with line labels under them (one week is a table too).
                let labelled = cols
                    .iter()
                    .any(|&c| sheet.text(r + 1, c).is_some_and(|s| known(&s)));
                (!cols.is_empty() && labelled).then_some((r, cols))
            }) else {
                return Rotation::Lines;
            };
            // Mondays often fill two or three rows above the table in reading order (a
            // column then carries a Monday of each row, weeks apart): the rows of Mondays
            // stacked directly above belong to it.
            let mondays_in = |x: usize| -> Vec<usize> {
                (0..sheet.rows.get(x).map_or(0, Vec::len))
                    .filter(|&c| {
                        cell_date(sheet.cell(x, c)).is_some_and(|d| d.weekday() == Weekday::Mon)
                    })
                    .collect()
            };
            let mut top = r;
            let mut cols = cols;
            while top > 0 && !template_rows.contains(&(top - 1)) {
                let above = mondays_in(top - 1);
                if above.is_empty() {
                    break;
                }
                cols.extend(above);
                top -= 1;
            }
            cols.sort_unstable();
            cols.dedup();
            let first = cols[0];
            let last = *cols.last().unwrap_or(&first);
            let rows: Vec<usize> = (r + 1..sheet.height())
                .take_while(|&x| {
                    cols.iter()
                        .any(|&c| sheet.text(x, c).is_some_and(|s| known(&s)))
                })
                .collect();
            let Some(name_col) = (0..first)
                .rev()
                .find(|&c| rows.iter().any(|&x| sheet.text(x, c).is_some()))
            else {
                return Rotation::Lines;
            };
            let (Some(&r0), Some(&r1)) = (rows.first(), rows.last()) else {
                return Rotation::Lines;
            };
            (
                Range {
                    r0,
                    c0: name_col,
                    r1,
                    c1: name_col,
                },
                Range {
                    r0: top,
                    c0: first,
                    r1: r,
                    c1: last,
                },
                Range {
                    r0,
                    c0: first,
                    r1,
                    c1: last,
                },
            )
        }
    };
    // Every Monday of the weeks' rows, in reading order; a column may carry several.
    let mondays: Vec<(usize, NaiveDate)> = (weeks.r0..=weeks.r1)
        .flat_map(|r| (weeks.c0..=weeks.c1).map(move |c| (r, c)))
        .filter_map(|(r, c)| cell_date(sheet.cell(r, c)).map(|d| (c, d)))
        .collect();
    let mut table = Vec::new();
    for (k, r) in (names.r0..=names.r1).enumerate() {
        let Some(name) = sheet.text(r, names.c0) else {
            continue;
        };
        let ar = cells.r0 + k;
        let weeks: Vec<(NaiveDate, String, (usize, usize))> = mondays
            .iter()
            .filter_map(|&(c, d)| sheet.text(ar, c).map(|l| (d, l, (ar, c))))
            .collect();
        table.push((name, (r, names.c0), weeks));
    }
    if table.is_empty() {
        Rotation::Lines
    } else {
        Rotation::Table(table)
    }
}

/// What went wrong expanding a template, with the cell where there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The cell, if any.
    pub at: Option<(usize, usize)>,
    /// What.
    pub message: String,
}

/// The template expanded to days: (doctor, date, template cell) for every rostered cell.
/// `first_monday` dates the lines where the rotation does not.
pub fn expand(
    t: &Template,
    rotation: &Rotation,
    first_monday: Option<NaiveDate>,
) -> Result<Vec<Day>, Vec<Problem>> {
    let n = t.lines.len();
    let index: BTreeMap<String, usize> = t
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| (super::legend::key(&l.label), i))
        .collect();
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let week_of =
        |name: &str, monday: NaiveDate, line: usize, week_in_line: usize, out: &mut Vec<Day>| {
            let l = &t.lines[line];
            for k in 0..7 {
                // A `days` range narrower than whole weeks leaves the rest of the week blank.
                let Some(&c) = l.day_cols.get(week_in_line * 7 + k) else {
                    continue;
                };
                out.push((
                    name.to_string(),
                    monday + Duration::days(k as i64),
                    (l.row, c),
                ));
            }
        };
    let need_monday = |fm: Option<NaiveDate>| -> Result<NaiveDate, Problem> {
        match fm {
            Some(d) if d.weekday() == Weekday::Mon => Ok(d),
            Some(d) => Err(Problem { at: None, message: format!("first_monday {d} is a {} (expected a Monday)", d.weekday()) }),
            None => Err(Problem { at: None, message: "the template has no dates (expected first_monday = \"YYYY-MM-DD\" under [template] in a layout file, or an assignment table of Mondays)".into() }),
        }
    };
    match rotation {
        Rotation::Table(rows) => {
            for (name, _, weeks) in rows {
                for (monday, label, at) in weeks {
                    if monday.weekday() != Weekday::Mon {
                        problems.push(Problem { at: Some(*at), message: format!("{monday} heads a week of the assignment but is a {} (expected Mondays)", monday.weekday()) });
                        continue;
                    }
                    match index.get(&super::legend::key(label)) {
                        Some(&line) => {
                            for w in 0..t.weeks_per_line {
                                week_of(
                                    name,
                                    *monday + Duration::weeks(w as i64),
                                    line,
                                    w,
                                    &mut out,
                                );
                            }
                        }
                        None => problems.push(Problem {
                            at: Some(*at),
                            message: format!(
                                "{label:?} is not a line of the template (expected one of {})",
                                labels(t)
                            ),
                        }),
                    }
                }
            }
        }
        Rotation::Rolling(weeks, start) => {
            let monday = need_monday(first_monday).map_err(|p| vec![p])?;
            for (name, line) in start {
                let Some(&l0) = index.get(&super::legend::key(line)) else {
                    problems.push(Problem { at: None, message: format!("rolling start {line:?} for {name:?} is not a line of the template (expected one of {})", labels(t)) });
                    continue;
                };
                for w in 0..*weeks {
                    let line = (l0 + w / t.weeks_per_line) % n;
                    week_of(
                        name,
                        monday + Duration::weeks(w as i64),
                        line,
                        w % t.weeks_per_line,
                        &mut out,
                    );
                }
            }
        }
        Rotation::Lines => {
            let monday = need_monday(first_monday).map_err(|p| vec![p])?;
            let cycle = n * t.weeks_per_line;
            for (l0, line) in t.lines.iter().enumerate() {
                let name = format!("line {}", line.label);
                for w in 0..2 * cycle {
                    let l = (l0 + w / t.weeks_per_line) % n;
                    week_of(
                        &name,
                        monday + Duration::weeks(w as i64),
                        l,
                        w % t.weeks_per_line,
                        &mut out,
                    );
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn labels(t: &Template) -> String {
    t.lines
        .iter()
        .map(|l| l.label.clone())
        .collect::<Vec<_>>()
        .join(", ")
}
