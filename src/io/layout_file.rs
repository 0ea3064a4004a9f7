//! The layout file (`--layout`, TOML): what a rota sheet's detection cannot see — which
//! sheet, where the names, grades, dates and legend are, labels and their times, grades' staff
//! groups, a template's lines and rotation. Every key optional; unknown keys and bad values
//! are errors with their lines.

use std::collections::BTreeMap;

use super::diagnostics::Diagnostics;
use super::policy::Cx;
use super::sheet::parse_a1;
use super::values;
use crate::domain::time::LocalEnd;
use crate::domain::Kind;

/// A range in a layout file: rows and columns, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// First row.
    pub r0: usize,
    /// First column.
    pub c0: usize,
    /// Last row.
    pub r1: usize,
    /// Last column.
    pub c1: usize,
}

impl Range {
    /// `D1:P1`, or one cell `D1`.
    pub fn parse(s: &str) -> Option<Range> {
        let (a, b) = s.split_once(':').unwrap_or((s, s));
        let (r0, c0) = parse_a1(a)?;
        let (r1, c1) = parse_a1(b)?;
        Some(Range {
            r0: r0.min(r1),
            c0: c0.min(c1),
            r1: r0.max(r1),
            c1: c0.max(c1),
        })
    }

    /// Whether it holds the cell at a row and column.
    pub fn contains(&self, r: usize, c: usize) -> bool {
        (self.r0..=self.r1).contains(&r) && (self.c0..=self.c1).contains(&c)
    }

    /// Whether it is one row.
    pub fn is_row(&self) -> bool {
        self.r0 == self.r1
    }

    /// Whether it is one column.
    pub fn is_col(&self) -> bool {
        self.c0 == self.c1
    }

    fn cells(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (self.r0..=self.r1).flat_map(move |r| (self.c0..=self.c1).map(move |c| (r, c)))
    }
}

/// A label's meaning as the layout file gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelSpec {
    /// Start.
    pub start: Option<chrono::NaiveTime>,
    /// End.
    pub end: Option<LocalEnd>,
    /// Kind.
    pub kind: Option<Kind>,
}

/// The layout file, read.
#[derive(Debug, Clone, Default)]
pub struct LayoutFile {
    /// The file's name, for messages.
    pub file: String,
    /// `sheet`.
    pub sheet: Option<String>,
    /// `names`.
    pub names: Option<Range>,
    /// `grades`.
    pub grades: Option<Range>,
    /// `dates`.
    pub dates: Option<Range>,
    /// `legend`.
    pub legend: Option<Range>,
    /// `department`.
    pub department: Option<String>,
    /// `grade`: the grade of every doctor, where the sheet has none (as `--grade`).
    pub grade: Option<String>,
    /// `year`: the year of the first yearless date, where nothing in the sheet gives it.
    pub year: Option<i32>,
    /// `[labels]`, by label as written.
    pub labels: Vec<(String, LabelSpec)>,
    /// `[groups]`: grade as written → staff group.
    pub groups: BTreeMap<String, crate::domain::StaffGroup>,
    /// `[template]`.
    pub template: Option<super::template::TemplateKeys>,
    /// `cohorts`: the names lines of later cohorts, part-way through the grid (the lines
    /// after each belong to its names); given, they replace detection's.
    pub cohorts: Vec<Range>,
    /// `skip`: cells that are not part of the rota (read as empty).
    pub skip: Vec<Range>,
}

const KEYS: &str =
    "sheet, names, grades, dates, legend, cohorts, skip, department, grade, year, labels, groups, template";

impl LayoutFile {
    /// The staff group `[groups]` gives a grade, matched as written (`GP 0.8 LTFT`) or as
    /// read (`GP`), ignoring case and spacing.
    pub fn group(&self, written: &str, grade: &str) -> Option<crate::domain::StaffGroup> {
        let (w, g) = (super::legend::key(written), super::legend::key(grade));
        self.groups
            .iter()
            .find(|(k, _)| {
                let k = super::legend::key(k);
                k == w || k == g
            })
            .map(|(_, group)| *group)
    }

    /// Reads a layout file; every problem is reported with its line.
    pub fn read(file: &str, bytes: &[u8], diags: &mut Diagnostics) -> LayoutFile {
        let mut local = Diagnostics::default();
        let out = Self::read_into(file, bytes, &mut local);
        diags.extend(local.sorted_by_line());
        out
    }

    fn read_into(file: &str, bytes: &[u8], diags: &mut Diagnostics) -> LayoutFile {
        let mut out = LayoutFile {
            file: file.to_string(),
            ..LayoutFile::default()
        };
        let Some((src, table)) = super::policy::parse_toml(file, bytes, diags) else {
            return out;
        };
        let mut cx = Cx { file, src, diags };
        for (k, v) in &table {
            let range = |cx: &mut Cx<'_>| -> Option<Range> {
                let s = cx.string(&[], k, v)?;
                let r = Range::parse(s);
                if r.is_none() {
                    cx.bad(
                        &[],
                        k,
                        &format!(
                            "{s:?} is not a cell range (expected A1 ranges such as \"D1:P1\")"
                        ),
                    );
                }
                r
            };
            match k.as_str() {
                "sheet" => out.sheet = cx.string(&[], k, v).map(str::to_string),
                "department" => out.department = cx.string(&[], k, v).map(str::to_string),
                "grade" => out.grade = cx.string(&[], k, v).map(str::to_string),
                "year" => {
                    out.year = cx
                        .integer(&[], k, v, 1990, 2100)
                        .and_then(|y| i32::try_from(y).ok());
                }
                "names" => out.names = range(&mut cx),
                "grades" => out.grades = range(&mut cx),
                "dates" => out.dates = range(&mut cx),
                "legend" => out.legend = range(&mut cx),
                "cohorts" | "skip" => {
                    let list = ranges(&mut cx, k, v);
                    if k == "cohorts" {
                        out.cohorts = list;
                    } else {
                        out.skip = list;
                    }
                }
                "labels" => {
                    let Some(t) = cx.table(&[], k, v) else {
                        continue;
                    };
                    for (label, spec) in t {
                        let Some(spec_t) = cx.table(&[k], label, spec) else {
                            continue;
                        };
                        let mut ls = LabelSpec {
                            start: None,
                            end: None,
                            kind: None,
                        };
                        let mut ok = true;
                        for (kk, vv) in spec_t {
                            let sec = [k.as_str(), label.as_str()];
                            // Left empty (the lines `import` offers to fill): not given.
                            if vv.as_str().is_some_and(|x| x.trim().is_empty()) {
                                continue;
                            }
                            match kk.as_str() {
                                "start" => match cx.string(&sec, kk, vv).map(values::time) {
                                    Some(Ok(t)) => ls.start = Some(t),
                                    Some(Err(m)) => {
                                        cx.bad(&sec, kk, &m);
                                        ok = false;
                                    }
                                    None => ok = false,
                                },
                                "end" => match cx.string(&sec, kk, vv).map(values::end_time) {
                                    Some(Ok(t)) => ls.end = Some(t),
                                    Some(Err(m)) => {
                                        cx.bad(&sec, kk, &m);
                                        ok = false;
                                    }
                                    None => ok = false,
                                },
                                "kind" => {
                                    match cx.string(&sec, kk, vv) {
                                        Some(s) => {
                                            match Kind::parse(s) {
                                                Some(kind) => ls.kind = Some(kind),
                                                None => {
                                                    cx.bad(&sec, kk, &format!("{s:?} is not a kind (expected one of {})", super::shifts::kind_list()));
                                                    ok = false;
                                                }
                                            }
                                        }
                                        None => ok = false,
                                    }
                                }
                                _ => cx.unknown(&sec, kk, "start, end, kind"),
                            }
                        }
                        if ls.start.is_some() != ls.end.is_some() {
                            cx.bad(
                                &[k],
                                label,
                                "has only one of start and end (expected both, or neither)",
                            );
                            ok = false;
                        }
                        if ok {
                            out.labels.push((label.clone(), ls));
                        }
                    }
                }
                "groups" => {
                    let Some(t) = cx.table(&[], k, v) else {
                        continue;
                    };
                    for (grade, g) in t {
                        let Some(s) = cx.string(&[k], grade, g) else {
                            continue;
                        };
                        match crate::domain::StaffGroup::parse(s) {
                            Some(group) => {
                                out.groups.insert(grade.clone(), group);
                            }
                            None => cx.bad(
                                &[k],
                                grade,
                                &format!("{s:?} is not a staff group (expected resident, sas, consultant or other)"),
                            ),
                        }
                    }
                }
                "template" => {
                    let Some(t) = cx.table(&[], k, v) else {
                        continue;
                    };
                    let mut keys = super::template::TemplateKeys::default();
                    for (kk, vv) in t {
                        let sec = [k.as_str()];
                        let range = |cx: &mut Cx<'_>| -> Option<Range> {
                            let s = cx.string(&sec, kk, vv)?;
                            let r = Range::parse(s);
                            if r.is_none() {
                                cx.bad(&sec, kk, &format!("{s:?} is not a cell range (expected A1 ranges such as \"B18:B27\")"));
                            }
                            r
                        };
                        match kk.as_str() {
                            "lines" => keys.lines = range(&mut cx),
                            "days" => keys.days = range(&mut cx),
                            "assign_names" => keys.assign_names = range(&mut cx),
                            "assign_weeks" => keys.assign_weeks = range(&mut cx),
                            "assign" => keys.assign = range(&mut cx),
                            "first_monday" => match cx.string(&sec, kk, vv).map(values::date) {
                                Some(Ok(d)) => keys.first_monday = Some(d),
                                Some(Err(m)) => cx.bad(&sec, kk, &m),
                                None => {}
                            },
                            "rolling" => {
                                let Some(rt) = cx.table(&sec, kk, vv) else { continue };
                                let sec2 = [k.as_str(), kk.as_str()];
                                let mut weeks = None;
                                let mut start = Vec::new();
                                for (rk, rv) in rt {
                                    match rk.as_str() {
                                        "weeks" => {
                                            weeks = cx
                                                .integer(&sec2, rk, rv, 1, 520)
                                                .and_then(|w| usize::try_from(w).ok());
                                        }
                                        "start" => {
                                            let Some(st) = cx.table(&sec2, rk, rv) else { continue };
                                            for (name, line) in st {
                                                let line = match line {
                                                    toml::Value::Integer(i) => Some(i.to_string()),
                                                    toml::Value::String(s) => Some(s.clone()),
                                                    _ => None,
                                                };
                                                match line {
                                                    Some(l) => start.push((name.clone(), l)),
                                                    None => cx.bad(&[k, kk, rk], name, "is not a line (expected its number or label)"),
                                                }
                                            }
                                        }
                                        _ => cx.unknown(&sec2, rk, "weeks, start"),
                                    }
                                }
                                match weeks {
                                    Some(w) => keys.rolling = Some((w, start)),
                                    None => cx.bad(&sec, kk, "has no weeks (expected rolling = { weeks = 10, start = { \"Dr A\" = 1 } })"),
                                }
                            }
                            _ => cx.unknown(&sec, kk, "lines, days, first_monday, assign_names, assign_weeks, assign, rolling"),
                        }
                    }
                    out.template = Some(keys);
                }
                _ => cx.unknown(&[], k, KEYS),
            }
        }
        let lines = out.cohorts.iter().map(|r| ("cohorts", Some(*r)));
        for (key, r) in [("names", out.names), ("grades", out.grades)]
            .into_iter()
            .chain(lines)
        {
            if let Some(r) = r {
                if !r.is_row() && !r.is_col() {
                    cx.bad(
                        &[],
                        key,
                        "is not one row or one column (expected e.g. \"D1:P1\" or \"A3:A40\")",
                    );
                }
            }
        }
        out
    }
}

/// A list of ranges (`["A20:P20", "A40:P40"]`), or one (`"A20:P20"`); each bad one named.
fn ranges(cx: &mut Cx<'_>, k: &str, v: &toml::Value) -> Vec<Range> {
    let items: Vec<&toml::Value> = match v {
        toml::Value::Array(a) => a.iter().collect(),
        one => vec![one],
    };
    let mut out = Vec::new();
    for item in items {
        let Some(s) = item.as_str() else {
            cx.bad(
                &[],
                k,
                "is not a list of cell ranges (expected e.g. [\"A20:P20\", \"A41:P41\"])",
            );
            continue;
        };
        match Range::parse(s) {
            Some(r) => out.push(r),
            None => cx.bad(
                &[],
                k,
                &format!("{s:?} is not a cell range (expected A1 ranges such as \"D1:P1\")"),
            ),
        }
    }
    out
}

/// The cells of a range, for the layout file's `legend`.
pub fn range_cells(r: Range) -> Vec<(usize, usize)> {
    r.cells().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_file_keys_and_errors() {
        let mut d = Diagnostics::default();
        let lf = LayoutFile::read(
            "layout.toml",
            br#"sheet = "Rota"
names = "D1:P1"
grades = "D2:P2"
dates = "C3:C134"
department = "Cardiology"
[labels]
"ward" = { start = "08:00", end = "17:00", kind = "day" }
"off day" = { kind = "rest" }
[groups]
"Clinical Fellow" = "sas"
"#,
            &mut d,
        );
        assert!(!d.has_errors(), "{}", d.render());
        assert_eq!(lf.names, Range::parse("D1:P1"));
        assert_eq!(lf.labels.len(), 2);
        assert_eq!(lf.groups["Clinical Fellow"], crate::domain::StaffGroup::Sas);
        let mut d = Diagnostics::default();
        LayoutFile::read(
            "layout.toml",
            b"names = \"D1:P9\"\ndates = \"nowhere\"\ncolour = 1\n[labels]\nward = { start = \"8\" }\n",
            &mut d,
        );
        assert_eq!(
            d.render(),
            "error: layout.toml:1: key 'names': is not one row or one column (expected e.g. \"D1:P1\" or \"A3:A40\")\n\
             error: layout.toml:2: key 'dates': \"nowhere\" is not a cell range (expected A1 ranges such as \"D1:P1\")\n\
             error: layout.toml:3: unknown key 'colour' (expected one of sheet, names, grades, dates, legend, cohorts, skip, department, grade, year, labels, groups, template)\n\
             error: layout.toml:5: key 'labels.ward.start': \"8\" is not a time (expected HH:MM)\n"
        );
    }
}
