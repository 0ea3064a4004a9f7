//! Who is not a doctor, though the sheet puts them beside the doctors: placeholders (`Vacant`,
//! `Gaps`, `Locum`), side tables (`Requested Leave`), titles across the grid, columns of
//! colleagues' names or a colleague's days off, legend blocks and lines sharing the grid's
//! lines, grades among names. Each is left out with a note naming its cells.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::dates::text_date;
use super::layout::{looks_like_grade, split_grade, LayoutFile, View};
use super::sheet::Cell;

/// Names that are not doctors.
pub fn is_vacancy(name: &str) -> bool {
    let k: String = name
        .to_ascii_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    k.is_empty()
        || [
            "vacant", "vacancy", "tba", "tbc", "tbd", "gap", "gaps", "locum", "locums", "unfilled",
            "na", "none", "x",
        ]
        .contains(&k.as_str())
        || k.starts_with("vacant")
}

/// Header words that mark a side table or a column of something other than shifts.
pub fn side_table_header(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    let l = l.trim();
    [
        "requested leave",
        "denied leave",
        "leave request",
        "leave requested",
        "notes",
        "note",
        "comments",
        "comment",
        "key",
        "legend",
        "total",
        "totals",
        "hours",
        "swaps",
        "swap",
        "pos",
        "name",
        "names",
        "date",
        "day",
        "week",
        "rota pattern",
        "clinical supervisor",
        "educational supervisor",
        "supervisor",
    ]
    .iter()
    .any(|w| l == *w || l.starts_with(&format!("{w} ")) || l.ends_with(&format!(" {w}")))
}

/// What a line of headers says it holds, from a label cell in a header cross.
pub fn header_role(t: &str) -> Option<&'static str> {
    let l = t.to_ascii_lowercase();
    let l = l.trim().trim_end_matches(':');
    match l {
        "name" | "names" | "doctor" | "doctors" | "dr" | "trainee" | "trainees" | "staff" => {
            Some("names")
        }
        "grade" | "grades" | "role" | "roles" | "post" | "level" | "band" => Some("grades"),
        _ => None,
    }
}

/// The doctors a names line seats over its dated lines: each candidate cross with a name,
/// less placeholders, side tables, titles and crosses of values (each with a note).
pub(super) fn seat(
    view: View<'_>,
    cohort: &super::cohorts::Cohort,
    candidates: &[usize],
    dates: &[(usize, NaiveDate)],
    lf: &LayoutFile,
    notes: &mut Vec<String>,
) -> Vec<(usize, String)> {
    let mut doctors = Vec::new();
    let sheet = view.sheet;
    for &j in candidates {
        let names_line = cohort.lines_of(j).0;
        let (r, c) = view.rc(names_line, j);
        let at = sheet.cell_ref(r, c);
        let shifts = dates
            .iter()
            .filter(|&&(i, _)| !view.cell(i, j).is_empty())
            .count();
        match view.text(names_line, j) {
            None => {
                if shifts > 0 {
                    notes.push(format!(
                        "{at}: no name, so the {shifts} cells beside it are not read"
                    ));
                }
            }
            Some(name) if is_vacancy(&name) => {
                notes.push(format!(
                    "{at}: {name:?} is not a doctor; its {shifts} cells are not read"
                ));
            }
            Some(name)
                if lf.names.is_none()
                    && (side_table_header(&name) || header_role(&name).is_some()) =>
            {
                notes.push(format!(
                    "{at}: {name:?} heads a side table, not a doctor; its {shifts} cells are not read"
                ));
            }
            Some(name) if lf.names.is_none() && banner(view, j, &name, dates) => {
                notes.push(format!(
                    "{at}: {name:?} runs across the grid as a title; not read"
                ));
            }
            Some(name)
                if lf.names.is_none()
                    && (super::legend::time_range(&name).is_some()
                        || super::legend::split_time_range(&name).is_some()
                        || name.contains('=')
                        || text_date(&name).is_some()) =>
            {
                notes.push(format!(
                    "{at}: {name:?} is not a name; its {shifts} cells are not read"
                ));
            }
            Some(name) if lf.names.is_none() && mostly_values(view, j, dates) => {
                notes.push(format!(
                    "{at}: {name:?} holds dates or numbers, not shifts; its {shifts} cells are not read"
                ));
            }
            Some(name)
                if lf.names.is_none()
                    && (cohort
                        .lines_of(j)
                        .1
                        .and_then(|g| view.text(g, j))
                        .is_some_and(|g| super::legend::time_range(&g).is_some())
                        || legend_line(view, j, dates)) =>
            {
                notes.push(format!(
                    "{at}: {name:?} has times beside it: a legend line, not a doctor; its {shifts} cells are not read"
                ));
            }
            Some(name) => doctors.push((j, name)),
        }
    }
    // A grade among names (`CMT/ACCS` heading a legend block below the grid) is no doctor.
    let gradey = |n: &str| looks_like_grade(n);
    let named = doctors.iter().filter(|(_, n)| !gradey(n)).count();
    if lf.names.is_none() && named * 2 > doctors.len() {
        doctors.retain(|(j, name)| {
            let keep = !gradey(name);
            if !keep {
                let (r, c) = view.rc(cohort.lines_of(*j).0, *j);
                notes.push(format!(
                    "{}: {name:?} reads as a grade among names, not a doctor; its cells are not read",
                    sheet.cell_ref(r, c)
                ));
            }
            keep
        });
    }
    doctors
}

/// A doctor's cells share their labels with the other doctors'; a cross whose cells are
/// mostly words no other cross uses (colleagues' names, who covers a clinic) is a side
/// column, not a doctor.
pub(super) fn without_own_words(
    view: View<'_>,
    doctors: Vec<(usize, String)>,
    lines_of: &dyn Fn(usize) -> Vec<(usize, NaiveDate)>,
    counts: &std::collections::HashMap<String, usize>,
    notes: &mut Vec<String>,
) -> Vec<(usize, String)> {
    if doctors.len() < 3 {
        return doctors;
    }
    doctors
        .into_iter()
        .filter(|(j, name)| {
            let dates = lines_of(*j);
            let texts: Vec<String> = dates
                .iter()
                .filter_map(|&(i, _)| view.text(i, *j))
                .collect();
            let mine: Vec<String> = texts.iter().map(|t| super::legend::key(t)).collect();
            // Words of shifts (`Night`, `Off`, `LD`, times) are no colleague's name, however
            // few doctors share them.
            let worky = texts
                .iter()
                .filter(|t| {
                    super::legend::work_like(t)
                        || super::legend::time_range(t).is_some()
                        || super::legend::split_time_range(t).is_some()
                })
                .count();
            let mut own: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for k in &mine {
                *own.entry(k.as_str()).or_insert(0) += 1;
            }
            // Used elsewhere in the grid: more often than in this cross alone.
            let shared = mine
                .iter()
                .filter(|k| counts.get(k.as_str()).copied().unwrap_or(0) > own[k.as_str()])
                .count();
            // Colleagues' names change from week to week: many different words of its own.
            let distinct_own = own
                .keys()
                .filter(|k| counts.get(**k).copied().unwrap_or(0) <= own[**k])
                .count();
            let keep = mine.len() < 10
                || distinct_own < 3
                || shared * 2 >= mine.len()
                || worky * 2 >= mine.len();
            if !keep {
                let (r, c) = view.rc(dates[0].0, *j);
                notes.push(format!(
                    "{}: {name:?} holds words no doctor's column uses ({} of {} cells): a side column, not a doctor; its {} cells are not read",
                    view.sheet.cell_ref(r, c),
                    mine.len() - shared,
                    mine.len(),
                    mine.len()
                ));
            }
            keep
        })
        .collect()
}

/// Doctors' crosses hold a shift on most dated lines; a cross beside them with cells on under
/// a quarter as many lines as the typical doctor's, all of them days off (a colleague who is
/// off on Mondays), is a side column, not a doctor: left out with a note naming its cells.
/// One with a working shift among its few cells (a doctor rostered here a few days), or a
/// grade of its own on the grades line (here part of the week), is a doctor.
pub(super) fn without_sparse(
    view: View<'_>,
    cohort: &super::cohorts::Cohort,
    doctors: Vec<(usize, String)>,
    dates: &[(usize, NaiveDate)],
    notes: &mut Vec<String>,
) -> Vec<(usize, String)> {
    let fill = |j: usize| {
        dates
            .iter()
            .filter(|&&(i, _)| !view.cell(i, j).is_empty())
            .count()
    };
    let mut fills: Vec<usize> = doctors.iter().map(|&(j, _)| fill(j)).collect();
    if fills.len() < 4 {
        return doctors;
    }
    fills.sort_unstable();
    let typical = fills[fills.len() / 2];
    if typical * 2 < dates.len() {
        return doctors;
    }
    doctors
        .into_iter()
        .filter(|(j, name)| {
            let n = fill(*j);
            let graded = cohort.lines_of(*j).1.and_then(|g| view.text(g, *j)).is_some_and(|g| {
                crate::domain::StaffGroup::from_grade(&split_grade(&g).0).is_some()
            });
            let works = dates.iter().filter_map(|&(i, _)| view.text(i, *j)).any(|t| {
                !super::legend::keyword_kind(&t).is_some_and(crate::domain::Kind::is_absence)
            });
            let keep = n * 4 >= typical || (n > 0 && (graded || works));
            if !keep {
                let (r, c) = view.rc(dates[0].0, *j);
                notes.push(format!(
                    "{}: {name:?} has cells on {n} of {} dates where a doctor's column has about {typical}: a side column, not a doctor; its {n} cells are not read",
                    view.sheet.cell_ref(r, c),
                    dates.len()
                ));
            }
            keep
        })
        .collect()
}

/// A legend line below or beside the grid that shares its dated lines (`Late | | 13:00-22:15`):
/// a cross whose few cells (three at most) are all times.
pub(super) fn legend_line(view: View<'_>, j: usize, dates: &[(usize, NaiveDate)]) -> bool {
    let cells: Vec<String> = dates.iter().filter_map(|&(i, _)| view.text(i, j)).collect();
    (1..=3).contains(&cells.len()) && cells.iter().all(|c| super::legend::time_range(c).is_some())
}

/// A title merged across the grid: every cell of the cross holds the same text as its name.
pub(super) fn banner(view: View<'_>, j: usize, name: &str, dates: &[(usize, NaiveDate)]) -> bool {
    let cells: Vec<String> = dates.iter().filter_map(|&(i, _)| view.text(i, j)).collect();
    cells.len() >= 2 && cells.iter().all(|c| c == name)
}

/// Crosses holding a legend block: a cross of distinct short labels, most with a time range
/// (or a start and an end) in the next cross or the one after on the same line; those crosses too.
pub(super) fn legend_block(
    view: View<'_>,
    nl: usize,
    nc: usize,
    notes: &mut Vec<String>,
) -> Vec<usize> {
    use super::legend::time_range;
    let mut out = Vec::new();
    for j in 0..nc {
        if out.contains(&j) {
            continue;
        }
        let labels: Vec<(usize, String)> = (0..nl)
            .filter_map(|i| view.text(i, j).map(|t| (i, t)))
            .collect();
        if labels.len() < 2 || labels.len() > 200 {
            continue;
        }
        let distinct: HashSet<String> = labels.iter().map(|(_, t)| super::legend::key(t)).collect();
        if distinct.len() != labels.len() {
            continue;
        }
        // Legend lines, one a cell: `SD: 08:00-15:00`.
        let lines = labels
            .iter()
            .filter(|(_, t)| {
                super::legend::split_time_range(t)
                    .is_some_and(|(p, ..)| p.chars().any(char::is_alphabetic))
            })
            .count();
        if lines >= 2 && lines * 2 >= labels.len() {
            let (r, c) = view.rc(labels[0].0, j);
            notes.push(format!(
                "{}: {lines} legend lines, not a doctor",
                view.sheet.cell_ref(r, c)
            ));
            out.push(j);
            continue;
        }
        let mut with_times = 0;
        let mut used = Vec::new();
        let (mut first, mut last) = (usize::MAX, 0);
        for (i, t) in &labels {
            if time_range(t).is_some() {
                continue;
            }
            // As the legend scan reads a block row: the times next, or after one cell
            // (a description, or a gap).
            for k in 1..=2 {
                let c = view.cell(*i, j + k);
                let timed = matches!(c, Cell::Time(_))
                    || c.text().is_some_and(|x| time_range(&x).is_some());
                if timed {
                    with_times += 1;
                    used.push(j + k);
                    first = first.min(*i);
                    last = last.max(*i);
                    break;
                }
            }
        }
        if with_times >= 2 && with_times * 2 >= labels.len() {
            let far = used.iter().copied().max().unwrap_or(j);
            let (r0, c0) = view.rc(first, j);
            let (r1, c1) = view.rc(last, far);
            notes.push(format!(
                "{}:{}: a legend block of {with_times} labels, not doctors",
                view.sheet.cell_ref(r0.min(r1), c0.min(c1)),
                super::sheet::a1(r0.max(r1), c0.max(c1))
            ));
            out.push(j);
            for u in used {
                if !out.contains(&u) {
                    out.push(u);
                }
            }
        }
    }
    out
}

pub(super) fn mostly_values(view: View<'_>, j: usize, dates: &[(usize, NaiveDate)]) -> bool {
    let (mut n, mut v) = (0, 0);
    for &(i, _) in dates {
        let c = view.cell(i, j);
        if c.is_empty() {
            continue;
        }
        n += 1;
        if matches!(c, Cell::Date(_) | Cell::Number(_))
            || c.text().is_some_and(|t| text_date(&t).is_some())
        {
            v += 1;
        }
    }
    n > 0 && v * 2 > n
}
