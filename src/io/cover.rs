//! Cover rules: `department, staff_group, weekdays, start, end, min_on_duty`.

use super::diagnostics::Diagnostics;
use super::table::Table;
use super::values;
use crate::domain::cover::CoverRule;
use crate::domain::StaffGroup;

const KNOWN: [&str; 6] = [
    "department",
    "staff_group",
    "weekdays",
    "start",
    "end",
    "min_on_duty",
];

/// Reads cover rules. Departments are checked against the rota by the caller.
pub fn read(table: &Table, diags: &mut Diagnostics) -> Vec<CoverRule> {
    let mut out = Vec::new();
    if !table.require(
        &["department", "staff_group", "start", "end", "min_on_duty"],
        diags,
    ) {
        return out;
    }
    table.warn_unknown(&KNOWN, |_| false, diags);
    let f = table.file.as_str();
    for row in &table.rows {
        let get = |c: &str| table.get(row, table.col(c));
        let before = diags.error_count();
        let mut err = |col: &str, m: String| diags.error(f, Some(row.line), Some(col), m);
        let department = match get("department") {
            Some("*") => None,
            Some(d) => Some(d.to_string()),
            None => {
                err("department", "empty (expected a department or *)".into());
                None
            }
        };
        let group = match get("staff_group") {
            Some("*") => None,
            Some(g) => StaffGroup::parse(g).or_else(|| {
                err("staff_group", format!("{g:?} is not a staff group (expected resident, sas, consultant, other or *)"));
                None
            }),
            None => {
                err("staff_group", "empty (expected a staff group or *)".into());
                None
            }
        };
        let weekdays = match get("weekdays").map(values::weekdays) {
            Some(Ok(w)) => w,
            Some(Err(m)) => {
                err("weekdays", m);
                [true; 7]
            }
            None => [true; 7],
        };
        let start = match get("start").map(values::time) {
            Some(Ok(t)) => Some(t),
            Some(Err(m)) => {
                err("start", m);
                None
            }
            None => {
                err("start", "empty (expected HH:MM)".into());
                None
            }
        };
        let end = match get("end").map(values::end_time) {
            Some(Ok(t)) => Some(t),
            Some(Err(m)) => {
                err("end", m);
                None
            }
            None => {
                err("end", "empty (expected HH:MM)".into());
                None
            }
        };
        let min = match get("min_on_duty").map(|v| {
            values::integer(
                v,
                0,
                10_000,
                "a number of doctors (expected a whole number, 0 or more)",
            )
        }) {
            Some(Ok(v)) => v,
            Some(Err(m)) => {
                err("min_on_duty", m);
                0
            }
            None => {
                err(
                    "min_on_duty",
                    "empty (expected a whole number of doctors)".into(),
                );
                0
            }
        };
        if diags.error_count() > before {
            continue;
        }
        if let (Some(start), Some(end)) = (start, end) {
            out.push(CoverRule {
                department,
                group,
                weekdays,
                start,
                end,
                min_on_duty: min,
                line: row.line,
            });
        }
    }
    out
}
