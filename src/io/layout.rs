//! Where a rota sheet keeps its names, grades, dates and grid: detected from the sheet, or
//! said by the layout file ([`super::layout_file`]; what it leaves out is detected).
//!
//! Detection works on a [`View`] whose lines run along the dates and whose crosses are the
//! doctors, so one algorithm reads both orientations: doctors across (a column each, dates
//! down) and doctors down (a row each, dates across).

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate};

use super::sheet::{Cell, Sheet};

pub use super::dates::cell_date;
use super::dates::{is_week_label, text_date, weekday_of};
pub use super::layout_file::{range_cells, LabelSpec, LayoutFile, Range};
pub use super::not_doctors::{header_role, is_vacancy, side_table_header};
use super::not_doctors::{legend_block, seat, without_own_words, without_sparse};

/// The sheet seen along its dates: `line` runs along the dates, `cross` along the doctors.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// The sheet.
    pub sheet: &'a Sheet,
    /// Doctors across (a column each); else doctors down (a row each).
    pub across: bool,
}

impl View<'_> {
    /// The cell at a line and cross.
    pub fn cell(&self, line: usize, cross: usize) -> &Cell {
        if self.across {
            self.sheet.cell(line, cross)
        } else {
            self.sheet.cell(cross, line)
        }
    }

    /// Its text, trimmed, `None` when empty.
    pub fn text(&self, line: usize, cross: usize) -> Option<String> {
        self.cell(line, cross).text().filter(|s| !s.is_empty())
    }

    /// (row, column) of a line and cross.
    pub fn rc(&self, line: usize, cross: usize) -> (usize, usize) {
        if self.across {
            (line, cross)
        } else {
            (cross, line)
        }
    }

    fn lines(&self) -> usize {
        if self.across {
            self.sheet.height()
        } else {
            self.sheet.width()
        }
    }

    fn crosses(&self) -> usize {
        if self.across {
            self.sheet.width()
        } else {
            self.sheet.height()
        }
    }
}

/// Where the grid is.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Doctors across or down.
    pub across: bool,
    /// The line of the names.
    pub names_line: usize,
    /// The line of the grades, if any.
    pub grades_line: Option<usize>,
    /// The cross holding the dates (or day names).
    pub dates_cross: usize,
    /// Each dated line with its date, in order.
    pub dates: Vec<(usize, NaiveDate)>,
    /// The doctors' crosses, with the name as written.
    pub doctors: Vec<(usize, String)>,
    /// Crosses left out, and why (for the import report).
    pub notes: Vec<String>,
    /// Header crosses (dates, day names, week numbers): not doctors, not legend.
    pub header_crosses: Vec<usize>,
    /// The cross of day names, if any.
    pub day_cross: Option<usize>,
    /// Dates read from the run rather than as written, and other readings to warn of:
    /// ((row, column), message).
    pub warnings: Vec<((usize, usize), String)>,
    /// Dates that cannot be placed: ((row, column), message).
    pub errors: Vec<((usize, usize), String)>,
    /// The cohorts, the first the names above the grid: every doctor with the lines they own.
    pub cohorts: Vec<super::cohorts::Cohort>,
    /// Cells on the dated lines, beside the grid's crosses, that no doctor owns (each
    /// cross left out has a note saying why).
    pub unread: usize,
}

/// Whether a text reads as a grade (with an optional LTFT part).
pub fn looks_like_grade(t: &str) -> bool {
    let (g, fte, ltft) = split_grade(t);
    // As written too: a grade in brackets or after a dash is a name's (`Amy Bell (F2)`).
    let group = |x: &str| crate::domain::StaffGroup::from_grade(x).is_some();
    (group(&g) && group(t)) || (ltft && fte.is_some())
}

/// A grade as written → (grade, fte, whether it says LTFT): `GP 0.8 LTFT` → (`GP`, 0.8),
/// `ST3 (LTFT 60%)` → (`ST3`, 0.6).
pub fn split_grade(t: &str) -> (String, Option<f64>, bool) {
    let mut fte = None;
    let mut ltft = false;
    let mut kept = Vec::new();
    for w in t.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',') {
        if w.is_empty() {
            continue;
        }
        let lw = w.to_ascii_lowercase();
        if lw == "ltft" || lw == "lt" || lw == "fte" || lw == "-" || lw == "/" {
            ltft |= lw == "ltft";
            continue;
        }
        if let Some(p) = lw.strip_suffix('%') {
            if let Ok(v) = p.parse::<f64>() {
                if v > 0.0 && v <= 100.0 {
                    fte = Some(v / 100.0);
                    continue;
                }
            }
        }
        if let Ok(v) = lw.parse::<f64>() {
            if v > 0.0 && v < 1.0 || (lw.contains('.') && (v - 1.0).abs() < f64::EPSILON) {
                fte = Some(v);
                continue;
            }
        }
        kept.push(w);
    }
    (kept.join(" "), fte, ltft)
}

impl Layout {
    /// Detects the grid, taking what the layout file says as given. `None` with the reason
    /// when no grid can be found.
    pub fn detect(sheet: &Sheet, lf: &LayoutFile) -> Result<Layout, String> {
        Self::detect_with(sheet, lf, None)
    }

    /// As [`Layout::detect`], for a sheet that continues a rota running from `span.0` to
    /// `span.1` on the sheets before it: dates without a year take the year that puts them
    /// after `span.1`; dates written in a year that puts the whole sheet before `span.0`
    /// are read on from the rota too (with a warning).
    pub fn detect_after(
        sheet: &Sheet,
        lf: &LayoutFile,
        span: (NaiveDate, NaiveDate),
    ) -> Result<Layout, String> {
        Self::detect_with(sheet, lf, Some(span))
    }

    fn detect_with(
        sheet: &Sheet,
        lf: &LayoutFile,
        after: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Layout, String> {
        let fixed = lf
            .names
            .map(|r| r.is_row())
            .or_else(|| lf.dates.map(|r| r.is_col()));
        let mut tries = Vec::new();
        for across in [true, false] {
            if fixed.is_some_and(|f| f != across) {
                continue;
            }
            let view = View { sheet, across };
            tries.push(detect_in(view, lf, after));
        }
        // The orientation with the more dated lines and doctors.
        let mut best: Option<Layout> = None;
        let mut why = String::from("no dates found (expected a row or column of dates, or dates = \"C3:C134\" in a layout file)");
        for t in tries {
            match t {
                Ok(l) => {
                    let score = |l: &Layout| l.dates.len() * l.doctors.len().max(1);
                    if best.as_ref().is_none_or(|b| score(&l) > score(b)) {
                        best = Some(l);
                    }
                }
                Err(e) => why = e,
            }
        }
        best.ok_or(why)
    }
}

fn detect_in(
    view: View<'_>,
    lf: &LayoutFile,
    after: Option<(NaiveDate, NaiveDate)>,
) -> Result<Layout, String> {
    let (nl, nc) = (view.lines(), view.crosses());
    // The dates cross: given, or the one with the most dates (day names break ties).
    let (dates_cross, given_lines): (usize, Option<(usize, usize)>) = match lf.dates {
        Some(r) => {
            if view.across {
                (r.c0, Some((r.r0, r.r1)))
            } else {
                (r.r0, Some((r.c0, r.c1)))
            }
        }
        None => {
            let mut best = (0usize, 0usize);
            for j in 0..nc {
                let n = (0..nl)
                    .filter(|&i| super::dates::written(view.cell(i, j)).is_some())
                    .count();
                if n > best.1 {
                    best = (j, n);
                }
            }
            if best.1 == 0 {
                return Err("no dates found (expected a row or column of dates, or dates = \"C3:C134\" in a layout file)".into());
            }
            (best.0, None)
        }
    };
    let day_cross = (0..nc)
        .map(|j| {
            let n = (0..nl)
                .filter(|&i| weekday_of(view.cell(i, j)).is_some())
                .count();
            (j, n)
        })
        .filter(|&(_, n)| n >= 2)
        .max_by_key(|&(j, n)| (n, std::cmp::Reverse(j)))
        .map(|(j, _)| j);
    let (lo, hi) = given_lines.unwrap_or((0, nl.saturating_sub(1)));
    let run = date_lines(view, dates_cross, day_cross, lo, hi, lf.year, after);
    let at = |i: usize| view.rc(i, dates_cross);
    let warnings: Vec<((usize, usize), String)> = run
        .warnings
        .iter()
        .map(|(i, m)| (at(*i), m.clone()))
        .collect();
    let mut errors: Vec<((usize, usize), String)> = run
        .errors
        .iter()
        .map(|(i, m)| (at(*i), m.clone()))
        .collect();
    let dates = run.dates;
    // A range the layout file gives is read whole or refused, never shortened.
    if given_lines.is_some() {
        let dated: HashSet<usize> = dates.iter().map(|d| d.0).collect();
        let missing: Vec<usize> = (lo..=hi.min(nl.saturating_sub(1)))
            .filter(|i| !dated.contains(i) && !run.errors.iter().any(|e| e.0 == *i))
            .collect();
        if let Some(&first) = missing.first() {
            errors.push((
                at(first),
                format!(
                    "the layout file's dates range has {} cells that are not dates (first {:?}) (expected a date, or a day name after a date, in every cell of the range)",
                    missing.len(),
                    view.text(first, dates_cross).unwrap_or_default()
                ),
            ));
        }
    }
    if dates.is_empty() {
        return Err("no dates found (expected a row or column of dates, or dates = \"C3:C134\" in a layout file)".into());
    }
    let first_line = dates[0].0;
    let date_set: HashSet<usize> = dates.iter().map(|d| d.0).collect();
    // Header crosses: mostly dates, numbers, day names or week labels on the dated lines.
    let mut header_crosses = vec![dates_cross];
    header_crosses.extend(day_cross);
    for j in 0..nc {
        if header_crosses.contains(&j) {
            continue;
        }
        let (mut n, mut head) = (0, 0);
        for &(i, _) in &dates {
            let c = view.cell(i, j);
            if c.is_empty() {
                continue;
            }
            n += 1;
            let t = c.text().unwrap_or_default();
            if matches!(c, Cell::Number(_) | Cell::Date(_))
                || weekday_of(c).is_some()
                || is_week_label(&t)
                || t.parse::<f64>().is_ok()
                || text_date(&t).is_some()
                || super::dates::yearless(&t).is_some()
            {
                head += 1;
            }
        }
        if n > 0 && head * 2 > n {
            header_crosses.push(j);
        }
    }
    // A legend block beside the grid (`Early | 08:00 - 17:00` down two columns) is not
    // doctors, even where it shares the grid's lines.
    let mut notes = Vec::new();
    let legend_crosses = legend_block(view, nl, nc, &mut notes);
    // Crosses with something on the dated lines.
    let filled: Vec<usize> = (0..nc)
        .filter(|j| !header_crosses.contains(j) && !legend_crosses.contains(j))
        .filter(|&j| dates.iter().any(|&(i, _)| !view.cell(i, j).is_empty()))
        .collect();
    // The names line: given, or among the lines above the grid, the one with the most
    // distinct texts that are not grades, day names or dates (a role label wins).
    let header_lines: Vec<usize> = (0..first_line).filter(|i| !date_set.contains(i)).collect();
    let role_of = |i: usize| {
        header_crosses
            .iter()
            .chain(
                (0..nc)
                    .filter(|j| !filled.contains(j))
                    .collect::<Vec<_>>()
                    .iter(),
            )
            .find_map(|&j| view.text(i, j).and_then(|t| header_role(&t)))
    };
    let names_line = match lf.names {
        Some(r) => {
            if view.across {
                r.r0
            } else {
                r.c0
            }
        }
        None => {
            let by_role = header_lines
                .iter()
                .copied()
                .find(|&i| role_of(i) == Some("names"));
            by_role
                .or_else(|| {
                    header_lines
                        .iter()
                        .copied()
                        .map(|i| {
                            let texts: HashSet<String> = filled
                                .iter()
                                .filter_map(|&j| match view.cell(i, j) {
                                    Cell::Text(t) if !looks_like_grade(t) && weekday_of(view.cell(i, j)).is_none() && text_date(t).is_none() && !is_week_label(t) => Some(t.to_lowercase()),
                                    _ => None,
                                })
                                .collect();
                            (i, texts.len())
                        })
                        .filter(|&(_, n)| n > 0)
                        .max_by_key(|&(i, n)| (n, i))
                        .map(|(i, _)| i)
                })
                .ok_or_else(|| {
                    "no names found above the dates (expected a row or column of names beside the dates, or names = \"D1:P1\" in a layout file)".to_string()
                })?
        }
    };
    let grades_line = match lf.grades {
        Some(r) => Some(if view.across { r.r0 } else { r.c0 }),
        None => header_lines
            .iter()
            .copied()
            .filter(|&i| i != names_line)
            .map(|i| {
                let (mut n, mut g) = (0, 0);
                for &j in &filled {
                    // Times beside a label are a legend line's, not a grade's place.
                    if let Some(t) = view
                        .text(i, j)
                        .filter(|t| super::legend::time_range(t).is_none())
                    {
                        n += 1;
                        if looks_like_grade(&t) {
                            g += 1;
                        }
                    }
                }
                (i, g, n, role_of(i) == Some("grades"))
            })
            .filter(|&(_, g, n, role)| role || (g > 0 && g * 2 >= n))
            .max_by_key(|&(i, g, _, role)| (role, g, std::cmp::Reverse(i.abs_diff(names_line))))
            .map(|(i, ..)| i),
    };
    // The doctors: given by the names range, or each filled cross with a name.
    let candidates: Vec<usize> = match lf.names {
        Some(r) => {
            if view.across {
                (r.c0..=r.c1).collect()
            } else {
                (r.r0..=r.r1).collect()
            }
        }
        None => filled.clone(),
    };
    // The cohorts: the names line above the grid, then each names line part-way down it
    // (the doctors change; the lines after it are the new names', until the next).
    let label_counts = super::cohorts::label_counts(view, &dates, &candidates);
    let later = if !lf.cohorts.is_empty() {
        let mut v: Vec<usize> = lf
            .cohorts
            .iter()
            .map(|r| if view.across { r.r0 } else { r.c0 })
            .filter(|&i| i != names_line)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    } else if lf.names.is_none() {
        super::cohorts::names_lines(view, &dates, &candidates, &label_counts)
    } else {
        Vec::new()
    };
    let grade_step = grades_line.map(|g| g as isize - names_line as isize);
    let mut cohorts = Vec::new();
    let starts: Vec<usize> = std::iter::once(names_line)
        .chain(later.iter().copied())
        .collect();
    for (k, &line) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(usize::MAX);
        let seg: Vec<(usize, NaiveDate)> = dates
            .iter()
            .copied()
            .filter(|&(i, _)| (k == 0 || i > line) && i < end)
            .collect();
        if seg.is_empty() {
            continue;
        }
        let grades = if k == 0 {
            grades_line
        } else {
            grade_step
                .and_then(|d| line.checked_add_signed(d))
                .filter(|g| !date_set.contains(g))
        };
        let swapped = if lf.names.is_none() {
            super::cohorts::swapped(view, line, grades, &candidates)
        } else {
            Vec::new()
        };
        let mut cohort = super::cohorts::Cohort {
            names_line: line,
            grades_line: grades,
            lines: (seg[0].0, seg[seg.len() - 1].0),
            doctors: Vec::new(),
            swapped,
        };
        let mut seated = seat(view, &cohort, &candidates, &seg, lf, &mut notes);
        if lf.names.is_none() {
            // A side column goes on under later names lines that leave it unnamed: judged
            // on its lines until one names it again.
            let own_lines = |j: usize| -> Vec<(usize, NaiveDate)> {
                let until = starts[k + 1..]
                    .iter()
                    .copied()
                    .find(|&s| view.text(s, j).is_some())
                    .unwrap_or(usize::MAX);
                dates
                    .iter()
                    .copied()
                    .filter(|&(i, _)| (k == 0 || i > line) && i < until)
                    .collect()
            };
            seated = without_own_words(view, seated, &own_lines, &label_counts, &mut notes);
            seated = without_sparse(view, &cohort, seated, &seg, &mut notes);
        }
        cohort.doctors = seated;
        cohorts.push(cohort);
    }
    if cohorts.len() > 1 {
        let at: Vec<String> = cohorts[1..]
            .iter()
            .map(|c| {
                let (r, col) = view.rc(c.names_line, c.doctors.first().map_or(0, |d| d.0));
                view.sheet.cell_ref(r, col)
            })
            .collect();
        notes.push(format!(
            "{} cohorts: new names part-way down the grid at {}; the lines after each belong to its names",
            cohorts.len(),
            at.join(", ")
        ));
    }
    let doctors: Vec<(usize, String)> = cohorts.iter().flat_map(|c| c.doctors.clone()).collect();
    if doctors.is_empty() {
        return Err("no doctors found beside the dates (expected names above the grid, or names = \"D1:P1\" in a layout file)".into());
    }
    let mut owned: HashSet<(usize, usize)> = HashSet::new();
    for c in &cohorts {
        for &(j, _) in &c.doctors {
            for &(i, _) in &dates {
                if (c.lines.0..=c.lines.1).contains(&i) {
                    owned.insert((i, j));
                }
            }
        }
    }
    let mut unread = 0;
    for &j in &filled {
        for &(i, _) in &dates {
            if !owned.contains(&(i, j)) && view.text(i, j).is_some() {
                unread += 1;
            }
        }
    }
    Ok(Layout {
        unread,
        across: view.across,
        names_line,
        grades_line,
        dates_cross,
        dates,
        doctors,
        notes,
        header_crosses,
        day_cross,
        warnings,
        errors,
        cohorts,
    })
}

/// The dated lines between `lo` and `hi`: each line with a date in the dates cross; between
/// and after them, lines with a day name take the next date with that weekday; with no day
/// names, the lines after a lone first date take consecutive days while they have cells.
fn date_lines(
    view: View<'_>,
    dates_cross: usize,
    day_cross: Option<usize>,
    lo: usize,
    hi: usize,
    year: Option<i32>,
    after: Option<(NaiveDate, NaiveDate)>,
) -> super::dates::Run {
    use super::dates::Written;
    let hi = hi.min(view.lines().saturating_sub(1));
    let mut written: Vec<(usize, Written)> = (lo..=hi)
        .filter_map(|i| super::dates::written(view.cell(i, dates_cross)).map(|w| (i, w)))
        .collect();
    let mut year = year.or_else(|| {
        view.sheet
            .name
            .as_deref()
            .and_then(super::dates::year_in_name)
    });
    let mut read_on = None;
    if let (Some((begun, end)), Some(&(_, w0))) = (after, written.first()) {
        let (m, d) = match w0 {
            Written::Full(x) => (x.month(), x.day()),
            Written::Yearless(m, d) => (m, d),
        };
        let y = if NaiveDate::from_ymd_opt(end.year(), m, d).is_some_and(|x| x > end) {
            end.year()
        } else {
            end.year() + 1
        };
        year = Some(y);
        // A sheet whose written years put it wholly before the rota began repeats the
        // year of an older sheet it was copied from: its dates run on from the rota's.
        let full: Vec<(usize, NaiveDate)> = written
            .iter()
            .filter_map(|&(i, w)| match w {
                Written::Full(x) => Some((i, x)),
                Written::Yearless(..) => None,
            })
            .collect();
        if let Some(&(i, x)) = full.first() {
            if full.iter().all(|&(_, x)| x < begun) {
                read_on = Some((i, format!(
                    "{x} and the sheet's {} other dates written with a year fall before the rota began ({begun}, on the sheets before this one): read in the year the sheets run on into, {y}",
                    full.len() - 1
                )));
                for w in &mut written {
                    if let Written::Full(x) = w.1 {
                        w.1 = Written::Yearless(x.month(), x.day());
                    }
                }
            }
        }
    }
    let mut run = super::dates::run(&written, year);
    run.warnings.extend(read_on);
    // Lines with a date written, as read above (not read again below).
    let has_date: HashSet<usize> = written.iter().map(|w| w.0).collect();
    let mut explicit: Vec<Option<NaiveDate>> = vec![None; hi + 1];
    for &(i, d) in &run.dates {
        explicit[i] = Some(d);
    }
    // Lines whose date could not be placed are not filled from their neighbours either.
    let refused: HashSet<usize> = run.errors.iter().map(|e| e.0).collect();
    let wd = |i: usize| {
        day_cross
            .and_then(|j| weekday_of(view.cell(i, j)))
            .or_else(|| weekday_of(view.cell(i, dates_cross)))
    };
    let Some(first) = explicit.iter().position(Option::is_some) else {
        run.dates.clear();
        return run;
    };
    let has_days = (lo..=hi).any(|i| wd(i).is_some());
    let mut out: Vec<(usize, NaiveDate)> = Vec::new();
    // Lines before the first date that carry day names (the week's date on its Monday only
    // is common; a date on the Wednesday of the first week happens too).
    let mut before = Vec::new();
    let mut next = explicit[first].unwrap_or_default();
    for i in (lo..first).rev() {
        let Some(w) = wd(i) else { break };
        if refused.contains(&i) || has_date.contains(&i) {
            break;
        }
        let d = (1..=7)
            .map(|k| next - Duration::days(k))
            .find(|d| d.weekday() == w)
            .unwrap_or(next);
        before.push((i, d));
        next = d;
    }
    before.reverse();
    out.extend(before);
    let mut prev: Option<NaiveDate> = None;
    for i in first..=hi {
        if refused.contains(&i) {
            continue;
        }
        let date = if let Some(d) = explicit[i] {
            Some(d)
        } else if has_date.contains(&i) {
            // A date cell the run left out (the rota's start above the grid).
            None
        } else if let (Some(p), Some(w)) = (prev, wd(i)) {
            (1..=7)
                .map(|k| p + Duration::days(k))
                .find(|d| d.weekday() == w)
                .filter(|d| next_explicit_after(&explicit, i).is_none_or(|n| *d < n))
        } else if let (Some(p), false) = (prev, has_days) {
            // A first date followed by consecutive days, while the lines have cells.
            let contiguous = out.last().is_some_and(|&(l, _)| l + 1 == i);
            let any = (0..view.crosses()).any(|j| j != dates_cross && !view.cell(i, j).is_empty());
            (contiguous && any && next_explicit_agrees(&explicit, i, p))
                .then(|| p + Duration::days(1))
        } else {
            None
        };
        if let Some(d) = date {
            out.push((i, d));
            prev = Some(d);
        }
    }
    run.dates = out;
    run
}

/// The next date written after line `i`.
fn next_explicit_after(explicit: &[Option<NaiveDate>], i: usize) -> Option<NaiveDate> {
    explicit.iter().skip(i + 1).find_map(|d| *d)
}

/// Whether filling line `i` with the day after `p` agrees with the next explicit date (dates
/// written on every seventh line, the days between left blank).
fn next_explicit_agrees(explicit: &[Option<NaiveDate>], i: usize, p: NaiveDate) -> bool {
    explicit
        .iter()
        .enumerate()
        .skip(i + 1)
        .find_map(|(k, d)| d.map(|d| (k, d)))
        .is_none_or(|(k, d)| {
            #[allow(clippy::cast_possible_wrap)] // sheet sizes are small
            let gap = (k - i) as i64 + 1;
            (d - p).num_days() == gap
        })
}

/// The grid's extent, for the import report: `D3:P134`.
pub fn extent(sheet: &Sheet, l: &Layout) -> String {
    let view = View {
        sheet,
        across: l.across,
    };
    let lines: Vec<usize> = l.dates.iter().map(|d| d.0).collect();
    let crosses: Vec<usize> = l.doctors.iter().map(|d| d.0).collect();
    let (i0, i1) = (
        lines.iter().min().copied().unwrap_or(0),
        lines.iter().max().copied().unwrap_or(0),
    );
    let (j0, j1) = (
        crosses.iter().min().copied().unwrap_or(0),
        crosses.iter().max().copied().unwrap_or(0),
    );
    let (r0, c0) = view.rc(i0, j0);
    let (r1, c1) = view.rc(i1, j1);
    format!(
        "{}:{}",
        super::sheet::a1(r0.min(r1), c0.min(c1)),
        super::sheet::a1(r0.max(r1), c0.max(c1))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_as_trusts_write_them() {
        assert_eq!(split_grade("GP 0.8 LTFT"), ("GP".into(), Some(0.8), true));
        assert_eq!(
            split_grade("ST3 (LTFT 60%)"),
            ("ST3".into(), Some(0.6), true)
        );
        assert_eq!(
            split_grade("Clinical Fellow"),
            ("Clinical Fellow".into(), None, false)
        );
        assert!(looks_like_grade("CMT"));
        assert!(looks_like_grade("F2"));
        assert!(!looks_like_grade("RESP"));
        assert!(!looks_like_grade("Dr Amy Bell"));
    }

    #[test]
    fn doctors_across_with_grades_week_numbers_and_day_names() {
        let s = Sheet::of_texts(&[
            &["", "", "", "RESP", "CARDIO", "", "GASTRO"],
            &["Week", "Date", "Day", "Amy Bell", "Raj Patel", "", "Vacant"],
            &["", "", "", "F2", "CMT", "", "F1"],
            &["1", "05/08/2019", "Monday", "Early", "Late", "", "Early"],
            &["", "06/08/2019", "Tuesday", "Night", "Off", "", ""],
            &["", "07/08/2019", "Wednesday", "", "AL", "", ""],
        ]);
        let l = Layout::detect(&s, &LayoutFile::default()).unwrap();
        assert!(l.across);
        assert_eq!(l.names_line, 1);
        assert_eq!(l.grades_line, Some(2));
        assert_eq!(l.dates.len(), 3);
        assert_eq!(
            l.doctors,
            vec![(3, "Amy Bell".to_string()), (4, "Raj Patel".to_string())]
        );
        assert_eq!(
            l.notes,
            ["Rota!G2: \"Vacant\" is not a doctor; its 1 cells are not read"]
        );
    }

    #[test]
    fn doctors_down_with_a_title_and_week_headers() {
        let s = Sheet::of_texts(&[
            &["FY1 Surgery Rota Aug 18"],
            &["", "", "WEEK 1", "", ""],
            &["Name", "Grade", "Mon", "Tue", "Wed"],
            &["", "", "06/08/2018", "07/08/2018", "08/08/2018"],
            &["Amy Bell", "FY1", "D", "D", "N"],
            &["Raj Patel", "FY1", "N", "", "D"],
        ]);
        let l = Layout::detect(&s, &LayoutFile::default()).unwrap();
        assert!(!l.across);
        assert_eq!(l.names_line, 0);
        assert_eq!(l.grades_line, Some(1));
        assert_eq!(l.dates.len(), 3);
        assert_eq!(l.doctors.len(), 2);
    }

    #[test]
    fn a_first_date_then_day_names() {
        let s = Sheet::of_texts(&[
            &["", "Amy Bell", "Raj Patel"],
            &["", "ST3", "ST4"],
            &["Mon 05/08/2019", "Early", "Late"],
            &["Tue", "Early", ""],
            &["Wed", "", "Night"],
            &["Thu", "Off", "Night"],
        ]);
        let l = Layout::detect(&s, &LayoutFile::default()).unwrap();
        let want: Vec<NaiveDate> = (5..=8)
            .map(|d| NaiveDate::from_ymd_opt(2019, 8, d).unwrap())
            .collect();
        assert_eq!(l.dates.iter().map(|d| d.1).collect::<Vec<_>>(), want);
    }
}
