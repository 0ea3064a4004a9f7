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

use super::dates;
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
    /// The doctor named on the line, where a `Name` column gives one, with its cell: who
    /// starts the rolling rule on this line.
    pub doctor: Option<(String, (usize, usize))>,
    /// The sheet row of the line (its first).
    pub row: usize,
    /// Every row of the line: one, or a row of labels over a row of their times and more.
    pub rows: Vec<usize>,
    /// The sheet columns of its days, Monday first.
    pub day_cols: Vec<usize>,
    /// The cell of each day, Monday first: the first filled of the line's rows in the
    /// day's column (its first row where none is).
    pub cells: Vec<(usize, usize)>,
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
    /// A date written under a day of the header (`5th DEC` under `WED`): the first day of
    /// the rota, with its cell and the weekday of its column.
    pub start: Option<((usize, usize), dates::Written, Weekday)>,
}

impl Template {
    /// The first day of the rota from the date under the header: as written, or a date
    /// without its year given `year`, else the year in which it falls on its column's day.
    /// (date, how it was read), or what is wrong with it.
    pub fn first_day(
        &self,
        year: Option<i32>,
        until: i32,
    ) -> Option<Result<(NaiveDate, String), Problem>> {
        let (at, written, weekday) = self.start?;
        let (date, how) = match written {
            dates::Written::Full(d) => (d, "as written".to_string()),
            dates::Written::Yearless(m, d) => match year {
                Some(y) => match NaiveDate::from_ymd_opt(y, m, d) {
                    Some(date) => (date, format!("the year {y} from the layout file")),
                    None => {
                        return Some(Err(Problem {
                            at: Some(at),
                            message: format!("{d}/{m} is not a date in {y}"),
                        }))
                    }
                },
                None => match dates::year_by_weekday(m, d, weekday, until) {
                    Some(y) => match NaiveDate::from_ymd_opt(y, m, d) {
                        Some(date) => (date, format!("no year written: {y}, the latest year to {until} in which {} falls on a {weekday}, as its column says; year = in a layout file gives another", date.format("%-d %B"))),
                        None => return None,
                    },
                    None => {
                        return Some(Err(Problem {
                            at: Some(at),
                            message: format!("the rota's first day {d}/{m} has no year and falls on a {weekday} in no recent year (expected year = \"YYYY\" in a layout file)"),
                        }))
                    }
                },
            },
        };
        if date.weekday() != weekday {
            return Some(Err(Problem {
                at: Some(at),
                message: format!("the rota's first day {date} is a {} but sits under {weekday} (expected the date of that column's day)", date.weekday()),
            }));
        }
        Some(Ok((date, how)))
    }

    /// Each day's label beside the times written under it on the same line (`Stnd Day` over
    /// `07:45 – 16:45`): (label, its cell, times, their cell).
    pub fn times_under(&self, sheet: &Sheet) -> Vec<TimesUnder> {
        let mut out = Vec::new();
        for l in &self.lines {
            for &(r, c) in &l.cells {
                let Some(label) = sheet.text(r, c) else {
                    continue;
                };
                if super::legend::time_range(&label).is_some() {
                    continue;
                }
                let under = l
                    .rows
                    .iter()
                    .filter(|&&x| x > r)
                    .filter_map(|&x| sheet.text(x, c).map(|t| (x, t)))
                    .find(|(_, t)| *t != label);
                if let Some((x, times)) = under {
                    if super::legend::time_range(&times).is_some() {
                        out.push((label, (r, c), times, (x, c)));
                    }
                }
            }
        }
        out
    }
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

/// A label with the times written under it: (label, its cell, times, their cell).
pub type TimesUnder = (String, (usize, usize), String, (usize, usize));

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
                    doctor: None,
                    row: dr,
                    rows: vec![dr],
                    day_cols: (days.c0..=days.c1).collect(),
                    cells: (days.c0..=days.c1).map(|c| (dr, c)).collect(),
                })
            })
            .collect();
        return (!out.is_empty()).then_some(Template {
            lines: out,
            weeks_per_line: width.div_ceil(7).max(1),
            header: None,
            start: None,
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
        let (lines, start) = scan_lines(sheet, r, c0, n, label_col);
        if !lines.is_empty() {
            return Some(Template {
                lines,
                weeks_per_line: n / 7,
                header: Some(r),
                start,
            });
        }
    }
    None
}

/// What a row below a template's header holds in its day columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    /// Nothing at all, there or to its left.
    Blank,
    /// Labels (`Stnd Day`), mostly not times.
    Labels,
    /// Mostly times (`07:45 – 16:45`): a line of times, or the times of the labels above.
    Times,
    /// Nothing in the day columns, something to their left (a name).
    Aside,
}

/// The lines under a template's header row `r` (day columns `c0..c0 + n`, labels in
/// `label_col`), and a date under the header. A line is one row with its label; or, where a
/// row of labels has rows under it with no label of their own or with the labels' times
/// (`Stnd Day` over `07:45 – 16:45`), all those rows, lines then parted by blank rows.
#[allow(clippy::type_complexity)]
fn scan_lines(
    sheet: &Sheet,
    r: usize,
    c0: usize,
    n: usize,
    label_col: usize,
) -> (Vec<Line>, Option<((usize, usize), dates::Written, Weekday)>) {
    let day_cols: Vec<usize> = (c0..c0 + n).collect();
    let kind = |x: usize| {
        let texts: Vec<String> = day_cols.iter().filter_map(|&c| sheet.text(x, c)).collect();
        if texts.is_empty() {
            return if (0..c0).any(|c| sheet.text(x, c).is_some()) {
                RowKind::Aside
            } else {
                RowKind::Blank
            };
        }
        let timed = texts
            .iter()
            .filter(|t| super::legend::time_range(t).is_some())
            .count();
        if timed * 2 > texts.len() {
            RowKind::Times
        } else {
            RowKind::Labels
        }
    };
    // The header merged over two rows repeats under itself; a date under a day there is the
    // rota's first day.
    let mut start = None;
    let mut x = r + 1;
    while x < sheet.height() {
        let cells: Vec<(usize, &super::sheet::Cell)> = day_cols
            .iter()
            .map(|&c| (c, sheet.cell(x, c)))
            .filter(|(_, cell)| !cell.is_empty())
            .collect();
        let heady = cells
            .iter()
            .filter(|(_, cell)| dates::weekday_of(cell).is_some() || dates::written(cell).is_some())
            .count();
        if cells.is_empty() || heady * 2 <= cells.len() {
            break;
        }
        if start.is_none() {
            start = cells.iter().find_map(|&(c, cell)| {
                dates::written(cell).map(|w| ((x, c), w, day((c - c0) % 7)))
            });
        }
        x += 1;
    }
    // A person's name beside the line, in a column headed so.
    let name_col = (0..c0).filter(|&c| c != label_col).find(|&c| {
        sheet.text(r, c).is_some_and(|h| {
            let h = h.trim().to_ascii_lowercase();
            ["name", "names", "doctor", "doctors", "trainee", "trainees"].contains(&h.as_str())
        })
    });
    let person = |t: &str| t.split_whitespace().count() >= 2 && t.chars().any(char::is_lowercase);
    let mut groups: Vec<(Vec<usize>, RowKind)> = Vec::new();
    let mut gap = 0;
    let mut several = false;
    for x in x..sheet.height() {
        let k = kind(x);
        if k == RowKind::Blank {
            if groups.is_empty() {
                continue;
            }
            gap += 1;
            // Blank rows part lines of several rows; they end lines of one.
            if !several || gap > 2 {
                break;
            }
            continue;
        }
        let label = sheet.text(x, label_col);
        let new_label =
            label.is_some() && (gap > 0 || label != sheet.text(x.wrapping_sub(1), label_col));
        // A row joins the line above: one with no new label (a merged label repeats), or
        // the times of a row of labels, whose own label is no line number where the line
        // has one (`OC` under line 5; line 6's number on its times row).
        let numbered = |t: &str| t.trim().parse::<u32>().is_ok();
        let joins = gap == 0
            && groups.last().is_some_and(|(rows, first)| {
                let line_numbered = rows
                    .iter()
                    .any(|&y| sheet.text(y, label_col).is_some_and(|t| numbered(&t)));
                !new_label
                    || (*first == RowKind::Labels
                        && k != RowKind::Labels
                        && !(line_numbered && label.as_deref().is_some_and(numbered)))
            });
        if joins {
            if let Some((rows, _)) = groups.last_mut() {
                rows.push(x);
                several = true;
            }
        } else if (new_label && k != RowKind::Aside) || (gap > 0 && several && k == RowKind::Labels)
        {
            groups.push((vec![x], k));
        } else if groups.is_empty() {
            continue;
        } else {
            break;
        }
        gap = 0;
    }
    let mut lines = Vec::new();
    for (rows, _) in groups {
        let labels: Vec<String> = rows
            .iter()
            .filter_map(|&x| sheet.text(x, label_col))
            .collect();
        let Some(label) = labels
            .iter()
            .find(|t| t.trim().parse::<u32>().is_ok())
            .or_else(|| labels.first())
            .cloned()
        else {
            // A group with no label is no line: the template ends before it.
            break;
        };
        let row = rows[0];
        let name = (label_col + 1..c0)
            .filter(|&c| Some(c) != name_col)
            .filter_map(|c| sheet.text(row, c))
            .collect::<Vec<_>>()
            .join(" ");
        let doctor = name_col.and_then(|c| {
            rows.iter()
                .find_map(|&x| sheet.text(x, c).filter(|t| person(t)).map(|t| (t, (x, c))))
        });
        let cells = day_cols
            .iter()
            .map(|&c| {
                let x = rows
                    .iter()
                    .copied()
                    .find(|&x| sheet.text(x, c).is_some())
                    .unwrap_or(row);
                (x, c)
            })
            .collect();
        lines.push(Line {
            label,
            name,
            doctor,
            row,
            rows,
            day_cols: day_cols.clone(),
            cells,
        });
    }
    (lines, start)
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
    // Doctors named on the lines start the rolling rule there, for one cycle.
    let named: Vec<(String, String)> = t
        .lines
        .iter()
        .filter_map(|l| l.doctor.as_ref().map(|(d, _)| (d.clone(), l.label.clone())))
        .collect();
    if !named.is_empty() {
        return Rotation::Rolling(t.lines.len() * t.weeks_per_line, named);
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
/// `first_monday` dates the lines where the rotation does not; `from`, a day later in that
/// week, starts the rota there (its weeks then end as many days into the week after).
pub fn expand(
    t: &Template,
    rotation: &Rotation,
    first_monday: Option<NaiveDate>,
    from: Option<NaiveDate>,
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
    // Days before `from` are not the rota's; as many after its last week are.
    let shift = match (first_monday, from) {
        (Some(m), Some(f)) if f > m => (f - m).num_days(),
        _ => 0,
    };
    let extra = usize::from(shift > 0);
    let within = |date: NaiveDate| {
        matches!(rotation, Rotation::Table(_))
            || first_monday.is_none_or(|m| {
                let d = (date - m).num_days();
                d >= shift && d < shift + rota_days(rotation, t)
            })
    };
    let week_of =
        |name: &str, monday: NaiveDate, line: usize, week_in_line: usize, out: &mut Vec<Day>| {
            let l = &t.lines[line];
            for k in 0..7 {
                // A `days` range narrower than whole weeks leaves the rest of the week blank.
                let Some(&at) = l.cells.get(week_in_line * 7 + k) else {
                    continue;
                };
                let date = monday + Duration::days(k as i64);
                if within(date) {
                    out.push((name.to_string(), date, at));
                }
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
                for w in 0..*weeks + extra {
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
                for w in 0..2 * cycle + extra {
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

/// Days a dated rotation covers from its first Monday: the rolling rule's weeks, or two
/// cycles of lines; an assignment table dates itself.
fn rota_days(rotation: &Rotation, t: &Template) -> i64 {
    let weeks = match rotation {
        Rotation::Rolling(weeks, _) => *weeks,
        Rotation::Lines => 2 * t.lines.len() * t.weeks_per_line,
        Rotation::Table(_) => return i64::MAX / 2,
    };
    i64::try_from(weeks * 7).unwrap_or(i64::MAX / 2)
}

fn labels(t: &Template) -> String {
    t.lines
        .iter()
        .map(|l| l.label.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAYS: [&str; 7] = ["", "", "", "", "", "", ""];

    /// Labels over their times, lines parted by blank rows: a merged line number repeated
    /// down its rows, a remark (`OC`) under a number, a number on the times row, a name
    /// under each line's tag, a yearless first day under its weekday.
    fn two_row_lines() -> Sheet {
        let t = "07:45 – 16:45";
        let mut rows: Vec<Vec<&str>> = vec![
            vec![
                "Name", "WK", "MON", "TUES", "WED", "THURS", "FRI", "SAT", "SUN",
            ],
            vec![
                "Name", "WK", "MON", "TUES", "5th DEC", "THURS", "FRI", "SAT", "SUN",
            ],
            vec![
                "U3 - ZXQ", "1", "Zero", "Stnd Day", "Stnd Day", "Stnd Day", "Long Day", "", "",
            ],
            vec!["Amy Bell", "1", "", t, t, t, "08:00 – 20:00", "", ""],
            vec!["", "", "", "", "", "", "", "", ""],
            vec!["U1", "2", "Stnd Day", "Half Day", "", "", "", "", ""],
            vec!["Raj Patel", "OC", t, "07:45 – 12:00", "", "", "", "", ""],
            vec!["", "", "", "", "", "", "", "", ""],
            vec!["TR", "", "Stnd Day", "", "", "", "", "", ""],
            vec!["Cass Lee", "3", t, "", "", "", "", "", ""],
            vec!["", "", "", "", "", "", "", "", ""],
            vec!["Team", "Doctor", "", "", "", "", "", "", ""],
        ];
        rows.push(DAYS.to_vec());
        let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        Sheet::of_texts(&refs)
    }

    #[test]
    fn lines_of_labels_over_their_times() {
        let s = two_row_lines();
        let t = find(&s, &TemplateKeys::default()).expect("a template");
        let labels: Vec<&str> = t.lines.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["1", "2", "3"]);
        assert_eq!(t.lines[0].rows, [2, 3]);
        assert_eq!(t.lines[1].rows, [5, 6]);
        assert_eq!(t.lines[2].rows, [8, 9]);
        let doctors: Vec<&str> = t
            .lines
            .iter()
            .filter_map(|l| l.doctor.as_ref().map(|d| d.0.as_str()))
            .collect();
        assert_eq!(doctors, ["Amy Bell", "Raj Patel", "Cass Lee"]);
        // Each day's cell is the first filled of the line's rows.
        assert_eq!(t.lines[0].cells[0], (2, 2));
        assert_eq!(t.lines[0].cells[5], (2, 7));
        // The label's times come from the row under it.
        let under = t.times_under(&s);
        assert!(under.contains(&("Stnd Day".into(), (2, 3), "07:45 – 16:45".into(), (3, 3))));
        assert!(under.contains(&("Half Day".into(), (5, 3), "07:45 – 12:00".into(), (6, 3))));
        assert!(!under.iter().any(|u| u.0 == "Zero"));
        // 5 December under Wednesday: 2018, the last such year to 2027.
        let (first, how) = t.first_day(None, 2027).expect("a start").expect("read");
        assert_eq!(first, NaiveDate::from_ymd_opt(2018, 12, 5).expect("a date"));
        assert!(how.contains("2018"), "{how}");
        // A year given is taken, and a date off its column's weekday is refused.
        let e = t.first_day(Some(2019), 2027).expect("a start");
        assert!(e.is_err_and(|p| p.message.contains("is a Thu but sits under Wed")));
    }

    #[test]
    fn the_rolling_rule_from_a_day_mid_week_runs_whole_cycles_of_days() {
        let s = two_row_lines();
        let t = find(&s, &TemplateKeys::default()).expect("a template");
        let rotation = find_rotation(&s, &t, &TemplateKeys::default());
        let Rotation::Rolling(weeks, ref start) = rotation else {
            panic!("{rotation:?}");
        };
        assert_eq!(weeks, 3);
        assert_eq!(start[1], ("Raj Patel".to_string(), "2".to_string()));
        let monday = NaiveDate::from_ymd_opt(2018, 12, 3);
        let from = NaiveDate::from_ymd_opt(2018, 12, 5);
        let days = expand(&t, &rotation, monday, from).expect("expanded");
        let amy: Vec<&Day> = days.iter().filter(|d| d.0 == "Amy Bell").collect();
        assert_eq!(amy.first().map(|d| d.1), from);
        assert_eq!(amy.len(), 21);
        assert_eq!(
            amy.last().map(|d| d.1),
            NaiveDate::from_ymd_opt(2018, 12, 25)
        );
        // Week 2 (from Monday 10 December) is line 2's: Monday is its Stnd Day at C6.
        let mon = amy
            .iter()
            .find(|d| d.1 == NaiveDate::from_ymd_opt(2018, 12, 10).expect("a date"));
        assert_eq!(mon.map(|d| d.2), Some((5, 2)));
        // The week after the cycle: line 1 again, Monday and Tuesday only.
        assert!(amy.iter().any(
            |d| d.1 == NaiveDate::from_ymd_opt(2018, 12, 24).expect("a date") && d.2 == (2, 2)
        ));
    }

    #[test]
    fn one_row_lines_stay_one_row_each() {
        // A line of mostly `Zero` over a line of times: two lines, the second numbered.
        let s = Sheet::of_texts(&[
            &[
                "Week", "Duty", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
            ],
            &[
                "1",
                "Ward",
                "Zero",
                "Zero",
                "Zero",
                "07:45 - 18:00",
                "07:45 - 18:00",
                "",
                "",
            ],
            &[
                "2",
                "Late",
                "14:00 -00:00",
                "14:00 -00:00",
                "",
                "",
                "",
                "",
                "",
            ],
            &["", "", "", "", "", "", "", "", ""],
            &["Team", "Doctor", "1", "2", "", "", "", "", ""],
        ]);
        let t = find(&s, &TemplateKeys::default()).expect("a template");
        assert_eq!(t.lines.len(), 2);
        assert_eq!(t.lines[0].rows, [1]);
        assert_eq!(t.lines[1].rows, [2]);
        assert_eq!(t.lines[1].name, "Late");
        assert!(t.start.is_none());
    }
}
