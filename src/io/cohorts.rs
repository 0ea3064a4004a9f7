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
    /// Crosses whose name is on the grades line and grade on the names line (a post's
    /// descriptor, "GP ITP", written over the name).
    pub swapped: Vec<usize>,
}

impl Cohort {
    /// The lines of a doctor's name and grade in this cohort.
    pub fn lines_of(&self, cross: usize) -> (usize, Option<usize>) {
        match self.grades_line {
            Some(g) if self.swapped.contains(&cross) => (g, Some(self.names_line)),
            g => (self.names_line, g),
        }
    }
}

/// The crosses whose names line holds a grade or post ("GP day release", "GP ITP") and whose
/// grades line holds what reads as a name: the two lines are the other way round there.
pub fn swapped(
    view: View<'_>,
    names_line: usize,
    grades_line: Option<usize>,
    crosses: &[usize],
) -> Vec<usize> {
    let Some(g) = grades_line else {
        return Vec::new();
    };
    let gradey = super::layout::looks_like_grade;
    crosses
        .iter()
        .copied()
        .filter(|&j| {
            let (Some(n), Some(w)) = (view.text(names_line, j), view.text(g, j)) else {
                return false;
            };
            gradey(&n)
                && !gradey(&w)
                && !super::layout::is_vacancy(&w)
                && w.split_whitespace().count() >= 2
                && w.chars().all(|c| c.is_alphabetic() || " '-.".contains(c))
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::sheet::Sheet;

    #[test]
    fn a_post_written_over_the_name_swaps_the_two_lines() {
        let s = Sheet::of_texts(&[
            &["", "Amy Bell", "GP ITP", "GP day release", "Cass"],
            &["", "F2", "Piran Fennwell", "", "off"],
        ]);
        let view = View {
            sheet: &s,
            across: true,
        };
        assert_eq!(swapped(view, 0, Some(1), &[1, 2, 3, 4]), vec![2]);
        assert_eq!(swapped(view, 0, None, &[1, 2, 3, 4]), Vec::<usize>::new());
        let c = Cohort {
            names_line: 0,
            grades_line: Some(1),
            lines: (2, 9),
            doctors: Vec::new(),
            swapped: vec![2],
        };
        assert_eq!(c.lines_of(1), (0, Some(1)));
        assert_eq!(c.lines_of(2), (1, Some(0)));
    }
}
