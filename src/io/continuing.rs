//! Workbooks that keep one sheet a month (or a block), each continuing the one before in
//! time: `Aug`, `Sep`, … `Jan`. Read as one rota. The later sheets often carry no year
//! (`01-Sep`), or the year of the sheet they were copied from; each takes its year from the
//! run of sheets before it.

use chrono::NaiveDate;

use super::layout::{Layout, LayoutFile};
use super::sheet::Sheet;

/// Longest gap between two sheets of one rota (a month's sheet cut short, `Dec` ending on the
/// 4th, then `Jan`).
const MAX_GAP_DAYS: i64 = 62;

/// The sheets that continue each other, in workbook order, with their layouts: the first
/// sheet with a grid, then each later candidate sheet whose dates start after the run's
/// last date and within [`MAX_GAP_DAYS`] of it. A sheet whose dates overlap the run's (another
/// view of the same weeks) is no continuation: then none is (the caller asks which sheet).
/// Fewer than two sheets: empty.
pub fn sheets(
    sheets: &[Sheet],
    lf: &LayoutFile,
    candidate: &dyn Fn(usize) -> bool,
) -> Vec<(usize, Layout)> {
    let mut out: Vec<(usize, Layout)> = Vec::new();
    let mut span: Option<(NaiveDate, NaiveDate)> = None;
    for (i, s) in sheets.iter().enumerate() {
        if !candidate(i) {
            continue;
        }
        let read = match span {
            None => Layout::detect(s, lf),
            Some(sp) => Layout::detect_after(s, lf, sp),
        };
        let Ok(l) = read else {
            continue;
        };
        let (Some(&(_, first)), Some(&(_, last))) = (l.dates.first(), l.dates.last()) else {
            continue;
        };
        if l.doctors.is_empty() || l.dates.len() < 2 {
            continue;
        }
        match span {
            None => span = Some((first, last)),
            Some((begun, end)) => {
                if first <= end {
                    return Vec::new();
                }
                if (first - end).num_days() > MAX_GAP_DAYS {
                    break;
                }
                span = Some((begun, last));
            }
        }
        out.push((i, l));
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::sheet::Cell;

    /// A month's sheet: dates across row 1 as written, three doctors down.
    fn month(name: &str, dates: &[Cell]) -> Sheet {
        let mut rows = vec![[vec![Cell::Empty, Cell::Empty], dates.to_vec()].concat()];
        for (n, g) in [("Amy Bell", "CMT"), ("Raj Patel", "F2"), ("Cass Lee", "F1")] {
            let mut row = vec![Cell::Text(n.into()), Cell::Text(g.into())];
            row.extend(dates.iter().map(|_| Cell::Text("DAY".into())));
            rows.push(row);
        }
        Sheet {
            file: "r.xlsx".into(),
            name: Some(name.into()),
            hidden: false,
            rows,
        }
    }

    fn text(days: &[&str]) -> Vec<Cell> {
        days.iter().map(|d| Cell::Text((*d).into())).collect()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn month_sheets_run_on_taking_their_years_from_the_run() {
        let mut nov = text(&["27-Nov", "28-Nov", "29-Nov"]);
        nov.push(Cell::Date(date(2018, 11, 30)));
        let dec = text(&["01-Dec", "02-Dec", "03-Dec"]);
        // Copied from last January's sheet: its year says 2018, the run says 2019.
        let jan: Vec<Cell> = (1..=3).map(|d| Cell::Date(date(2018, 1, d))).collect();
        let sheets = [month("Nov", &nov), month("Dec", &dec), month("Jan", &jan)];
        let chain = sheets_continuing(&sheets);
        let spans: Vec<(usize, NaiveDate, NaiveDate)> = chain
            .iter()
            .map(|(i, l)| (*i, l.dates[0].1, l.dates[l.dates.len() - 1].1))
            .collect();
        assert_eq!(
            spans,
            [
                (0, date(2018, 11, 27), date(2018, 11, 30)),
                (1, date(2018, 12, 1), date(2018, 12, 3)),
                (2, date(2019, 1, 1), date(2019, 1, 3)),
            ]
        );
        assert!(chain[2].1.warnings.iter().any(|w| w
            .1
            .contains("read in the year the sheets run on into, 2019")));
    }

    #[test]
    fn two_views_of_the_same_weeks_are_no_continuation() {
        let days: Vec<Cell> = (1..=4).map(|d| Cell::Date(date(2018, 8, d))).collect();
        let sheets = [month("Rota", &days), month("On call", &days)];
        assert!(sheets_continuing(&sheets).is_empty());
        // One sheet alone is no chain either.
        assert!(sheets_continuing(&sheets[..1]).is_empty());
    }

    fn sheets_continuing(s: &[Sheet]) -> Vec<(usize, Layout)> {
        sheets(s, &LayoutFile::default(), &|_| true)
    }
}
