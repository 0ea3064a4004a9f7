//! Engagement requirements: one row per meeting (or individual requirement).

use std::collections::HashMap;

use chrono::NaiveTime;

use super::diagnostics::Diagnostics;
use super::table::Table;
use super::values;
use crate::domain::meeting::{Cadence, Fixed, Format, Meeting};

const KNOWN: [&str; 17] = [
    "meeting_id",
    "title",
    "duration_min",
    "cadence",
    "audience",
    "department",
    "weekdays",
    "earliest",
    "latest",
    "min_attendance",
    "require_groups",
    "fixed",
    "priority",
    "from",
    "until",
    "format",
    "description",
];

/// Reads the meetings.
pub fn read(table: &Table, diags: &mut Diagnostics) -> Vec<Meeting> {
    let mut out = Vec::new();
    if !table.require(
        &["meeting_id", "title", "duration_min", "cadence", "audience"],
        diags,
    ) {
        return out;
    }
    table.warn_unknown(&KNOWN, |_| false, diags);
    let f = table.file.as_str();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let get = |c: &str| table.get(row, table.col(c));
        let line = Some(row.line);
        let before = diags.error_count();
        let mut err = |col: &str, m: String| diags.error(f, line, Some(col), m);
        let id = get("meeting_id").unwrap_or_default().to_string();
        if id.is_empty() {
            err("meeting_id", "empty (expected a unique id)".into());
        } else if id.contains('@') {
            err("meeting_id", format!("{id:?} contains '@' (expected an id without it: '@' separates the parts of an occurrence id)"));
        } else if let Some(l) = seen.get(&id) {
            err(
                "meeting_id",
                format!("{id:?} is used twice (expected a unique id; first on line {l})"),
            );
        } else {
            seen.insert(id.clone(), row.line);
        }
        let title = get("title").unwrap_or_default().to_string();
        if title.is_empty() {
            err("title", "empty (expected a title)".into());
        }
        let duration = match get("duration_min")
            .map(|v| values::integer(v, 15, 480, "a duration in minutes (expected 15 to 480)"))
        {
            Some(Ok(v)) => v,
            Some(Err(m)) => {
                err("duration_min", m);
                0
            }
            None => {
                err("duration_min", "empty (expected minutes, 15 to 480)".into());
                0
            }
        };
        let cadence = match get("cadence") {
            Some(c) => Cadence::parse(c).unwrap_or_else(|| {
                err("cadence", format!("{c:?} is not a cadence (expected once, weekly, fortnightly, every_4_weeks or monthly)"));
                Cadence::Once
            }),
            None => {
                err("cadence", "empty (expected once, weekly, fortnightly, every_4_weeks or monthly)".into());
                Cadence::Once
            }
        };
        let audience = match get("audience").map(values::groups) {
            Some(Ok(g)) if !g.is_empty() => g,
            Some(Err(m)) => {
                err("audience", m);
                vec![]
            }
            _ => {
                err(
                    "audience",
                    "empty (expected staff groups, e.g. resident;sas, or all)".into(),
                );
                vec![]
            }
        };
        let department = get("department").filter(|d| *d != "*").map(str::to_string);
        let weekdays = match get("weekdays").map(values::weekdays) {
            Some(Ok(w)) => w,
            Some(Err(m)) => {
                err("weekdays", m);
                [true; 7]
            }
            None => [true, true, true, true, true, false, false],
        };
        let mut time_or = |col: &str, default: (u32, u32)| match get(col).map(values::time) {
            Some(Ok(t)) => Some(t),
            Some(Err(m)) => {
                err(col, m);
                None
            }
            None => NaiveTime::from_hms_opt(default.0, default.1, 0),
        };
        let earliest = time_or("earliest", (8, 0));
        let latest = time_or("latest", (18, 0));
        let mut min_attendance = match get("min_attendance")
            .map(|v| values::number(v, 0.0, 1.0, "a fraction from 0 to 1"))
        {
            Some(Ok(v)) => v,
            Some(Err(m)) => {
                err("min_attendance", m);
                0.0
            }
            None => 0.0,
        };
        let mut require_groups = match get("require_groups").map(values::groups) {
            Some(Ok(g)) => g,
            Some(Err(m)) => {
                err("require_groups", m);
                vec![]
            }
            None => vec![],
        };
        let priority = match get("priority").map(|v| {
            values::number(
                v,
                0.0,
                1000.0,
                "a weight (expected a number from 0 to 1000)",
            )
        }) {
            Some(Ok(v)) => v,
            Some(Err(m)) => {
                err("priority", m);
                1.0
            }
            None => 1.0,
        };
        let mut date_or = |col: &str| match get(col).map(values::date) {
            Some(Ok(d)) => Some(d),
            Some(Err(m)) => {
                err(col, m);
                None
            }
            None => None,
        };
        let from = date_or("from");
        let until = date_or("until");
        let format = match get("format").map(str::to_ascii_lowercase).as_deref() {
            None | Some("group") => Format::Group,
            Some("individual") => Format::Individual,
            Some(other) => {
                err(
                    "format",
                    format!("{other:?} is not a format (expected group or individual)"),
                );
                Format::Group
            }
        };
        let fixed = get("fixed").and_then(|v| match parse_fixed(v) {
            Ok(x) => Some(x),
            Err(m) => {
                err("fixed", m);
                None
            }
        });
        if let Some(Fixed::Date(..)) = fixed {
            if cadence != Cadence::Once {
                err("fixed", format!("{:?} is a date, but the meeting is not `once` (expected a weekday and time, e.g. Wed 12:30)", get("fixed").unwrap_or_default()));
            }
        }
        if let (Some(f0), Some(u0)) = (from, until) {
            if u0 < f0 {
                err(
                    "until",
                    format!("{u0} is before from {f0} (expected until on or after from)"),
                );
            }
        }
        let (Some(earliest), Some(latest)) = (earliest, latest) else {
            continue;
        };
        if fixed.is_none() && duration > 0 {
            let window = latest.signed_duration_since(earliest).num_minutes();
            if window < duration {
                err("latest", format!("the window {}-{} is {window} minutes, shorter than duration_min {duration} (expected a window that fits the meeting)", earliest.format("%H:%M"), latest.format("%H:%M")));
            }
        }
        if diags.error_count() > before {
            continue;
        }
        if format == Format::Individual {
            for (col, set) in [
                ("min_attendance", min_attendance > 0.0),
                ("require_groups", !require_groups.is_empty()),
            ] {
                if set {
                    diags.warning(f, line, Some(col), format!("ignored: an individual requirement gives each invited doctor their own slot, so {col} does not apply"));
                }
            }
            min_attendance = 0.0;
            require_groups.clear();
        }
        out.push(Meeting {
            id,
            title,
            duration,
            cadence,
            audience,
            department,
            weekdays,
            earliest,
            latest,
            min_attendance,
            require_groups,
            fixed,
            priority,
            from,
            until,
            format,
            line: row.line,
        });
    }
    if table.rows.is_empty() {
        diags.error(
            f,
            Some(table.header_line),
            None,
            "no rows after the header (expected one row per meeting)",
        );
    }
    out
}

/// `Wed 12:30` or `2026-01-07 12:30` (or `07/01/2026 12:30`).
fn parse_fixed(v: &str) -> Result<Fixed, String> {
    let err = || format!("{v:?} is not a fixed time (expected e.g. Wed 12:30 or 2026-01-07 12:30)");
    let mut parts = v.split_whitespace();
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(err());
    };
    let t = values::time(b).map_err(|_| err())?;
    if let Some(w) = values::weekday(a) {
        return Ok(Fixed::Weekday(w, t));
    }
    values::date(a)
        .map(|d| Fixed::Date(d, t))
        .map_err(|_| err())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(csv: &str) -> (Vec<Meeting>, String) {
        let mut d = Diagnostics::default();
        let t = Table::parse("meetings.csv", csv.as_bytes(), &mut d).unwrap();
        let m = read(&t, &mut d);
        (m, d.render())
    }

    #[test]
    fn reads_a_full_row() {
        let (m, msg) = read_str(
            "meeting_id,title,duration_min,cadence,audience,department,weekdays,earliest,latest,min_attendance,require_groups,fixed,priority,from,until\n\
             gov,Governance,90,monthly,resident;sas;consultant,acute,Tue;Thu,12:00,17:00,0.3,resident;sas,,2,2026-01-01,\n\
             qi,QI huddle,30,weekly,all,*,,,,,,Wed 12:30,,,\n",
        );
        assert_eq!(msg, "");
        assert_eq!(
            m[0].weekdays,
            [false, true, false, true, false, false, false]
        );
        assert_eq!(m[0].department.as_deref(), Some("acute"));
        assert_eq!(m[1].department, None);
        assert!(matches!(
            m[1].fixed,
            Some(Fixed::Weekday(chrono::Weekday::Wed, _))
        ));
    }

    #[test]
    fn reports_every_problem() {
        let (m, msg) = read_str(
            "meeting_id,title,duration_min,cadence,audience,earliest,latest\n\
             a,A,60,weekly,resident,12:00,12:30\n\
             a,A2,600,daily,nurses,,\n",
        );
        assert!(m.is_empty());
        assert_eq!(
            msg,
            "error: meetings.csv:2: column 'latest': the window 12:00-12:30 is 30 minutes, shorter than duration_min 60 (expected a window that fits the meeting)\n\
             error: meetings.csv:3: column 'meeting_id': \"a\" is used twice (expected a unique id; first on line 2)\n\
             error: meetings.csv:3: column 'duration_min': \"600\" is not a duration in minutes (expected 15 to 480)\n\
             error: meetings.csv:3: column 'cadence': \"daily\" is not a cadence (expected once, weekly, fortnightly, every_4_weeks or monthly)\n\
             error: meetings.csv:3: column 'audience': \"nurses\" is not a staff group (expected resident, sas, consultant, other or all)\n"
        );
    }
}
