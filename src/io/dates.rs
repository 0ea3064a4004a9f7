//! Dates as people type them in a rota sheet, and the run of dates a grid runs along.
//!
//! A cell may hold a real date, a text date with a year (`07/08/2019`, `Wed 7 Aug 2019`) or
//! one without (`01-Aug`, `7th August`, `5th DEC`). [`run`] turns the cells of a dates row or
//! column into one run of dates: yearless dates take their year from the run they sit in
//! (rolling into the next year after December), a date above the grid that repeats the
//! first is the rota's start, not a dated line, and a date out of order with the run is read
//! as the run says (with a warning naming the cell and both readings) where it differs only
//! by a mistyped year, and is an error otherwise. Nothing is skipped quietly.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::sheet::Cell;
use super::values;

/// A date as written in a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// With its year (a date cell, or text with a year).
    Full(NaiveDate),
    /// Month and day, no year (`01-Aug`).
    Yearless(u32, u32),
}

/// A date in a cell: a date cell, or text as rotas write it (`07/08/2019`, `2019-08-07`,
/// `Wed 7 Aug 2019`, `7-Aug-19`).
pub fn cell_date(c: &Cell) -> Option<NaiveDate> {
    match c {
        Cell::Date(d) => Some(*d),
        Cell::Text(t) => text_date(t),
        _ => None,
    }
}

/// A date in a cell, with or without its year.
pub fn written(c: &Cell) -> Option<Written> {
    match c {
        Cell::Date(d) => Some(Written::Full(*d)),
        Cell::Text(t) => text_date(t)
            .map(Written::Full)
            .or_else(|| yearless(t).map(|(m, d)| Written::Yearless(m, d))),
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month by its name or first three letters or more (`Aug`, `Sept`, `DEC`).
fn month(w: &str) -> Option<u32> {
    let l = w.to_ascii_lowercase();
    if l.len() < 3 {
        return None;
    }
    let l = if l == "sept" { "sep".to_string() } else { l };
    MONTHS
        .iter()
        .position(|m| m.starts_with(&l))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// A day of the month, with or without its ordinal (`7`, `07`, `7th`, `21st`).
fn day_of_month(w: &str) -> Option<u32> {
    let digits = w
        .strip_suffix("st")
        .or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd"))
        .or_else(|| w.strip_suffix("th"))
        .unwrap_or(w);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A date written without its year: `01-Aug`, `7th August`, `5th DEC`, `Wed 6th February`,
/// `Aug 7`. (month, day).
pub fn yearless(t: &str) -> Option<(u32, u32)> {
    let t = t.trim();
    if t.len() > 30 {
        return None;
    }
    let words: Vec<String> = t
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | ',' | '.' | '/'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .filter(|w| values::weekday(w).is_none() || month(w).is_some())
        .collect();
    let (m, d) = match words.as_slice() {
        [a, b] => match (day_of_month(a), month(b), month(a), day_of_month(b)) {
            (Some(d), Some(m), ..) | (_, _, Some(m), Some(d)) => (m, d),
            _ => return None,
        },
        _ => return None,
    };
    // 29 February is a real date in some year.
    NaiveDate::from_ymd_opt(2000, m, d).map(|_| (m, d))
}

/// A date written with its year.
pub fn text_date(t: &str) -> Option<NaiveDate> {
    let t = t.trim();
    if t.len() > 40 || !t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Ok(d) = values::date(t) {
        return Some(d);
    }
    // A date with a remark beside it (`25/12/2019 BH`, `Mon 07/08/2019`): the one word that
    // is a whole date.
    let whole: Vec<NaiveDate> = t
        .split_whitespace()
        .filter_map(|w| {
            values::date(w.trim_matches(|c: char| c == ',' || c == '(' || c == ')')).ok()
        })
        .collect();
    if let [d] = whole.as_slice() {
        return Some(*d);
    }
    let cleaned: String = t
        .replace(',', " ")
        .split_whitespace()
        .filter(|w| values::weekday(w).is_none() || w.chars().any(|c| c.is_ascii_digit()))
        .map(|w| match day_of_month(w) {
            Some(d) if w.len() > 2 => d.to_string(),
            _ => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ");
    if let Ok(d) = values::date(&cleaned) {
        return Some(d);
    }
    let in_range = |d: NaiveDate| (1900..=2200).contains(&d.year());
    for f in [
        "%d/%m/%y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%b-%y", "%d %b %y", "%d.%m.%Y",
        "%d.%m.%y", "%d-%m-%Y", "%d %B %y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(&cleaned, f) {
            if in_range(d) {
                return Some(d);
            }
        }
    }
    None
}

/// A weekday named at the start of a cell (`Mon`, `Tues 6th`, `SAT`, `BH Mon` aside).
pub fn weekday_of(c: &Cell) -> Option<Weekday> {
    match c {
        Cell::Text(t) => {
            let mut words = t.split([' ', ',']).filter(|w| !w.is_empty());
            let first = words.next().unwrap_or("");
            values::weekday(first).or_else(|| {
                // `BH Mon`: a bank holiday marked before the day.
                (first.eq_ignore_ascii_case("bh"))
                    .then(|| words.next().and_then(values::weekday))
                    .flatten()
            })
        }
        _ => None,
    }
}

/// `WEEK 1`, `Wk 3`, `week commencing`: week labels.
pub fn is_week_label(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    let l = l.trim();
    l.starts_with("week") || l.starts_with("wk") || l == "w/c" || l.starts_with("w/c ")
}

/// The year of a date written without one, from the weekday it falls on (`5th DEC` under
/// `WED`): the latest year up to `until` in which it does (rotas are written up to a year
/// ahead, and read after). `None` when no year of the last 28 does.
pub fn year_by_weekday(month: u32, day: u32, weekday: Weekday, until: i32) -> Option<i32> {
    (until - 27..=until)
        .rev()
        .find(|&y| NaiveDate::from_ymd_opt(y, month, day).is_some_and(|d| d.weekday() == weekday))
}

/// The year of a sheet's name: `Aug 19` → 2019, `Aug-Dec 2018` → 2018 (the first year named).
pub fn year_in_name(name: &str) -> Option<i32> {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.bytes().all(|b| b.is_ascii_digit()))
        .find_map(|w| match w.len() {
            4 => w.parse().ok().filter(|y| (1990..=2100).contains(y)),
            2 => w.parse::<i32>().ok().map(|y| 2000 + y),
            _ => None,
        })
}

/// The dates of a run, read: each dated line with its date, in order, and what was said.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    /// (line, date), lines and dates increasing.
    pub dates: Vec<(usize, NaiveDate)>,
    /// Readings the user should know of (a year read from the run, a header date).
    pub warnings: Vec<(usize, String)>,
    /// Dates that cannot be placed in the run.
    pub errors: Vec<(usize, String)>,
}

/// Reads the dates written on `lines` (each line with what its dates cell holds) into one
/// increasing run. `year` dates a run of yearless dates that holds no year at all.
pub fn run(lines: &[(usize, Written)], year: Option<i32>) -> Run {
    let mut out = Run::default();
    // 1. Yearless dates take the year of the run around them.
    let full = with_years(lines, year, &mut out);
    if full.is_empty() {
        return out;
    }
    // 2. A date above the grid that the first dated line repeats is the rota's start.
    let mut full = full;
    if full.len() >= 2 && full[0].1 == full[1].1 && full[1].0 == full[0].0 + 1 {
        out.warnings.push((
            full[0].0,
            format!(
                "{} repeats the date of the line below it: read as the rota's start, not a dated line",
                full[0].1
            ),
        ));
        full.remove(0);
    }
    // 3. The longest increasing run is the rota's; every other date is a slip or an error.
    let keep = increasing(&full);
    let mut dates: Vec<(usize, NaiveDate)> = Vec::new();
    for (k, &(line, d)) in full.iter().enumerate() {
        if keep[k] {
            dates.push((line, d));
            continue;
        }
        let before = full[..k]
            .iter()
            .enumerate()
            .rev()
            .find(|(x, _)| keep[*x])
            .map(|(_, p)| *p);
        let after = full[k + 1..]
            .iter()
            .enumerate()
            .find(|(x, _)| keep[k + 1 + x])
            .map(|(_, p)| *p);
        match implied(line, before, after) {
            Some(meant) if is_year_slip(d, meant) => {
                out.warnings.push((
                    line,
                    format!("{d} is out of order with the dates around it: read as {meant}"),
                ));
                dates.push((line, meant));
            }
            _ => {
                let (what, other) = match (before, after) {
                    (Some((_, p)), _) if d == p => ("repeats", p),
                    (Some((_, p)), _) if d < p => ("goes back before", p),
                    (_, Some((_, n))) => ("is after", n),
                    (Some((_, p)), None) => ("is out of order after", p),
                    (None, None) => ("is out of order", d),
                };
                out.errors.push((
                    line,
                    format!("date {d} {what} {other} (expected the dates to run in order; a repeated block of dates, or a date typed wrong?)"),
                ));
            }
        }
    }
    dates.sort_by_key(|&(l, _)| l);
    // A date read from the run may still clash with one next to it.
    dates.dedup_by(|b, a| b.1 <= a.1);
    year_slips(&mut dates, &mut out);
    for w in dates.windows(2) {
        let gap = (w[1].1 - w[0].1).num_days();
        if gap > 7 {
            out.warnings.push((
                w[1].0,
                format!(
                    "the dates jump from {} to {} ({gap} days): the days between are not in the rota",
                    w[0].1, w[1].1
                ),
            ));
        }
    }
    out.dates = dates;
    out
}

/// The yearless dates given the year of the run: from the nearest full date before them
/// (rolling on after December), else the first full date after them, else `year`.
fn with_years(
    lines: &[(usize, Written)],
    year: Option<i32>,
    out: &mut Run,
) -> Vec<(usize, NaiveDate)> {
    let first_full = lines.iter().find_map(|(_, w)| match w {
        Written::Full(d) => Some(*d),
        Written::Yearless(..) => None,
    });
    let mut prev: Option<NaiveDate> = None;
    let mut said = false;
    let mut dates = Vec::new();
    for &(line, w) in lines {
        let d = match w {
            Written::Full(d) => Some(d),
            Written::Yearless(m, day) => {
                let on = |y: i32| NaiveDate::from_ymd_opt(y, m, day);
                match (prev, first_full) {
                    // The same year, or the next where the month comes round again.
                    (Some(p), _) => on(p.year())
                        .filter(|d| *d >= p - Duration::days(7))
                        .or_else(|| on(p.year() + 1)),
                    // Before the first full date: its year, or the one before.
                    (None, Some(f)) => on(f.year())
                        .filter(|d| *d <= f + Duration::days(7))
                        .or_else(|| on(f.year() - 1)),
                    (None, None) => match year {
                        Some(y) => on(y),
                        None => {
                            if !said {
                                out.errors.push((line, format!("{m:02}-{day:02} has no year and nothing in the run gives one (expected a date with its year nearby, a sheet named like \"Aug 19\", or year = 2019 in a layout file)")));
                                said = true;
                            }
                            None
                        }
                    },
                }
            }
        };
        if let Some(d) = d {
            prev = Some(d);
            dates.push((line, d));
        }
    }
    dates
}

/// Dates in order but a year out, at an end of the run (last year's dates left on the first
/// lines): a part cut off from the longest part by a jump of more than a week, whose every
/// date is a mistyped year of the date the run gives its line, is read as the run says.
fn year_slips(dates: &mut [(usize, NaiveDate)], out: &mut Run) {
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    for k in 1..=dates.len() {
        if k == dates.len() || (dates[k].1 - dates[k - 1].1).num_days() > 7 {
            parts.push((from, k));
            from = k;
        }
    }
    let Some(&(m0, m1)) = parts.iter().max_by_key(|(a, b)| b - a) else {
        return;
    };
    for &(a, b) in &parts {
        if (a, b) == (m0, m1) || b - a >= m1 - m0 {
            continue;
        }
        // From the main part's nearest date, a day a line.
        let (anchor_line, anchor) = if b <= m0 { dates[m0] } else { dates[m1 - 1] };
        let meant: Vec<Option<NaiveDate>> = dates[a..b]
            .iter()
            .map(|&(line, _)| {
                let k = i64::try_from(line.abs_diff(anchor_line)).ok()?;
                Some(if line < anchor_line {
                    anchor - Duration::days(k)
                } else {
                    anchor + Duration::days(k)
                })
            })
            .collect();
        let all = dates[a..b]
            .iter()
            .zip(&meant)
            .all(|(&(_, d), m)| m.is_some_and(|m| is_year_slip(d, m)));
        if !all {
            continue;
        }
        for (x, m) in dates[a..b].iter_mut().zip(meant.into_iter().flatten()) {
            out.warnings.push((
                x.0,
                format!(
                    "{} is a year out of the run of dates around it: read as {m}",
                    x.1
                ),
            ));
            x.1 = m;
        }
    }
}

/// Which dates make the longest run increasing with their lines (the rota's own dates).
fn increasing(dates: &[(usize, NaiveDate)]) -> Vec<bool> {
    let n = dates.len();
    // Longest strictly increasing subsequence, ties to the earliest (O(n log n)).
    let mut tails: Vec<usize> = Vec::new();
    let mut parent = vec![usize::MAX; n];
    for i in 0..n {
        let pos = tails.partition_point(|&t| dates[t].1 < dates[i].1);
        if pos > 0 {
            parent[i] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; n];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = (parent[i] != usize::MAX).then_some(parent[i]);
    }
    keep
}

/// The date a line would carry in the run: a day on from the date before it per line, or
/// back from the date after it; only where it fits between the two.
fn implied(
    line: usize,
    before: Option<(usize, NaiveDate)>,
    after: Option<(usize, NaiveDate)>,
) -> Option<NaiveDate> {
    let days = |a: usize, b: usize| i64::try_from(b.abs_diff(a)).ok().map(Duration::days);
    let fits = |d: NaiveDate| before.is_none_or(|(_, p)| d > p) && after.is_none_or(|(_, n)| d < n);
    let from_after = after.and_then(|(l, n)| days(line, l).map(|k| n - k));
    let from_before = before.and_then(|(l, p)| days(l, line).map(|k| p + k));
    from_after
        .filter(|d| fits(*d))
        .or(from_before.filter(|d| fits(*d)))
}

/// Whether a typed date differs from the one meant only by a mistyped year (the same days of
/// a year before or after, give or take the week that moves the weekdays).
fn is_year_slip(typed: NaiveDate, meant: NaiveDate) -> bool {
    typed.year() != meant.year()
        && (typed.year() - meant.year()).abs() <= 1
        && NaiveDate::from_ymd_opt(meant.year(), typed.month(), typed.day().min(28))
            .is_some_and(|t| (t - meant).num_days().abs() <= 7)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_year_from_the_weekday_is_the_latest_to_the_limit() {
        assert_eq!(year_by_weekday(12, 5, Weekday::Wed, 2027), Some(2018));
        assert_eq!(year_by_weekday(12, 5, Weekday::Wed, 2030), Some(2029));
        assert_eq!(year_by_weekday(2, 29, Weekday::Thu, 2027), Some(2024));
        assert_eq!(year_by_weekday(12, 5, Weekday::Thu, 2027), Some(2024));
    }

    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn text_dates() {
        let d = |s: &str| text_date(s);
        let aug7 = NaiveDate::from_ymd_opt(2019, 8, 7);
        assert_eq!(d("07/08/2019"), aug7);
        assert_eq!(d("2019-08-07"), aug7);
        assert_eq!(d("Wed 7 Aug 2019"), aug7);
        assert_eq!(d("Wednesday, 7 August 2019"), aug7);
        assert_eq!(d("Wed 7th Aug 2019"), aug7);
        assert_eq!(d("7-Aug-19"), aug7);
        assert_eq!(d("07/08/19"), aug7);
        assert_eq!(d("07/08/2019 BH"), aug7);
        assert_eq!(d("(07/08/2019)"), aug7);
        assert_eq!(d("Early"), None);
        assert_eq!(d("1"), None);
        assert_eq!(d("01-Aug"), None);
    }

    #[test]
    fn dates_without_a_year() {
        assert_eq!(yearless("01-Aug"), Some((8, 1)));
        assert_eq!(yearless("7th August"), Some((8, 7)));
        assert_eq!(yearless("5th DEC"), Some((12, 5)));
        assert_eq!(yearless("Wed 6th February"), Some((2, 6)));
        assert_eq!(yearless("Sept 30"), Some((9, 30)));
        assert_eq!(yearless("31-Feb"), None);
        assert_eq!(yearless("Early"), None);
        assert_eq!(yearless("Mon"), None);
        assert_eq!(yearless("2 May 3"), None);
    }

    #[test]
    fn years_from_names() {
        assert_eq!(year_in_name("Aug 19"), Some(2019));
        assert_eq!(year_in_name("Aug-Dec 2018"), Some(2018));
        assert_eq!(year_in_name("Dec 18- Apr 19"), Some(2018));
        assert_eq!(year_in_name("Rota"), None);
    }

    fn full(lines: &[(usize, NaiveDate)]) -> Vec<(usize, Written)> {
        lines.iter().map(|&(l, d)| (l, Written::Full(d))).collect()
    }

    #[test]
    fn yearless_dates_take_the_runs_year_and_roll_over() {
        let lines = vec![
            (0, Written::Yearless(12, 30)),
            (1, Written::Yearless(12, 31)),
            (2, Written::Yearless(1, 1)),
            (3, Written::Full(ymd(2019, 1, 2))),
        ];
        let r = run(&lines, None);
        assert_eq!(
            r.dates,
            vec![
                (0, ymd(2018, 12, 30)),
                (1, ymd(2018, 12, 31)),
                (2, ymd(2019, 1, 1)),
                (3, ymd(2019, 1, 2))
            ]
        );
        assert!(r.errors.is_empty() && r.warnings.is_empty());
        let r = run(&[(0, Written::Yearless(8, 1))], None);
        assert_eq!(r.errors.len(), 1);
        let r = run(&[(0, Written::Yearless(8, 1))], Some(2018));
        assert_eq!(r.dates, vec![(0, ymd(2018, 8, 1))]);
    }

    #[test]
    fn a_mistyped_year_is_read_from_the_run_with_a_warning() {
        // Last year's dates left on the first two lines (2017-07-31 was a Monday).
        let r = run(
            &full(&[
                (3, ymd(2017, 7, 31)),
                (4, ymd(2017, 8, 1)),
                (5, ymd(2018, 8, 1)),
                (6, ymd(2018, 8, 2)),
                (7, ymd(2018, 8, 3)),
            ]),
            None,
        );
        assert_eq!(
            r.dates,
            vec![
                (3, ymd(2018, 7, 30)),
                (4, ymd(2018, 7, 31)),
                (5, ymd(2018, 8, 1)),
                (6, ymd(2018, 8, 2)),
                (7, ymd(2018, 8, 3))
            ]
        );
        assert_eq!(r.warnings.len(), 2);
        assert!(r.errors.is_empty());
        // A 2017 among 2018 dates.
        let r = run(
            &full(&[
                (0, ymd(2018, 3, 1)),
                (1, ymd(2018, 3, 2)),
                (2, ymd(2017, 3, 3)),
                (3, ymd(2018, 3, 4)),
                (4, ymd(2018, 3, 5)),
            ]),
            None,
        );
        assert_eq!(r.dates[2], (2, ymd(2018, 3, 3)));
        assert_eq!(r.warnings.len(), 1);
    }

    #[test]
    fn repeats_and_dates_going_back_are_errors() {
        let r = run(
            &full(&[
                (0, ymd(2018, 3, 1)),
                (1, ymd(2018, 3, 2)),
                (2, ymd(2018, 3, 3)),
                (3, ymd(2018, 3, 2)),
                (4, ymd(2018, 3, 4)),
            ]),
            None,
        );
        assert_eq!(r.errors.len(), 1, "{r:?}");
        assert_eq!(r.errors[0].0, 3);
        assert_eq!(r.dates.len(), 4);
    }

    #[test]
    fn a_start_date_above_the_grid_is_not_a_line() {
        let r = run(
            &full(&[
                (0, ymd(2019, 8, 7)),
                (1, ymd(2019, 8, 7)),
                (2, ymd(2019, 8, 8)),
            ]),
            None,
        );
        assert_eq!(r.dates, vec![(1, ymd(2019, 8, 7)), (2, ymd(2019, 8, 8))]);
        assert_eq!(r.warnings.len(), 1);
        assert!(r.errors.is_empty());
    }

    #[test]
    fn a_jump_is_named() {
        let r = run(&full(&[(0, ymd(2019, 8, 7)), (1, ymd(2019, 9, 7))]), None);
        assert_eq!(r.dates.len(), 2);
        assert_eq!(r.warnings.len(), 1);
    }
}
