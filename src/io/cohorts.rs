//! Cohorts that rotate inside one grid: when the doctors change part-way through a rota (the
//! F1s every four months), departments often write a new names line across the grid and go
//! on below it. The lines after it belong to the new names, until the next; each cohort's
//! doctors are their own.
//!
//! A names line part-way down is an undated line inside the grid's dated span whose cells are
//! mostly words the grid's shifts never use (names, not labels).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::layout::View;
use super::sheet::Cell;

/// One cohort: its names line, its grades line, its doctors (cross, name as written) and the
/// first and last dated line it owns.
#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    /// The line of its names.
    pub names_line: usize,
    /// The line of its grades, if any.
    pub grades_line: Option<usize>,
    /// First and last dated line of the cohort.
    pub lines: (usize, usize),
    /// (cross, name as written).
    pub doctors: Vec<(usize, String)>,
}

/// How often each label (by [`super::legend::key`]) is written on the dated lines of the crosses.
pub fn label_counts(
    view: View<'_>,
    dates: &[(usize, NaiveDate)],
    crosses: &[usize],
) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for &(i, _) in dates {
        for &j in crosses {
            if let Some(t) = view.text(i, j) {
                *counts.entry(super::legend::key(&t)).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// Whether a cell reads as a name rather than a shift: text the grid's dated cells use at most
/// once (a note such as "<name> starts" may), that is not a number, date, grade or time.
fn name_like(c: &Cell, counts: &HashMap<String, usize>) -> bool {
    let Cell::Text(t) = c else {
        return false;
    };
    let t = t.trim();
    t.chars().any(char::is_alphabetic)
        && counts.get(&super::legend::key(t)).copied().unwrap_or(0) <= 1
        && super::dates::text_date(t).is_none()
        && super::dates::yearless(t).is_none()
        && super::legend::split_time_range(t).is_none()
        && !super::layout::looks_like_grade(t)
}

/// The names lines part-way down the grid: undated lines between its first and last dated
/// line with at least two name-like cells, and more name-like cells than not.
pub fn names_lines(
    view: View<'_>,
    dates: &[(usize, NaiveDate)],
    crosses: &[usize],
    counts: &HashMap<String, usize>,
) -> Vec<usize> {
    let (Some(&(first, _)), Some(&(last, _))) = (dates.first(), dates.last()) else {
        return Vec::new();
    };
    let dated: std::collections::HashSet<usize> = dates.iter().map(|d| d.0).collect();
    (first + 1..last)
        .filter(|i| !dated.contains(i))
        .filter(|&i| {
            let filled: Vec<&Cell> = crosses
                .iter()
                .map(|&j| view.cell(i, j))
                .filter(|c| !c.is_empty())
                .collect();
            let names = filled.iter().filter(|c| name_like(c, counts)).count();
            names >= 2 && names * 2 > filled.len()
        })
        .collect()
}
