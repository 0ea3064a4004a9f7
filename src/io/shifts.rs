//! Shift definitions: `code, start, end, kind, [label]`.

use std::collections::BTreeMap;

use chrono::NaiveTime;

use super::diagnostics::Diagnostics;
use super::table::Table;
use super::values;
use crate::domain::time::LocalEnd;
use crate::domain::Kind;

/// One shift code.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftDef {
    /// Start, for a timed code.
    pub start: Option<NaiveTime>,
    /// End, for a timed code.
    pub end: Option<LocalEnd>,
    /// What the code is.
    pub kind: Kind,
    /// Description.
    pub label: String,
}

/// Shift codes (case-insensitive: keys are upper case).
pub type ShiftDefs = BTreeMap<String, ShiftDef>;

/// Infers a kind from times: a night has at least 3 hours between 23:00 and 06:00; a long
/// day is over 10 hours; a twilight starts after noon and runs past 22:00; else a day.
pub fn infer_kind(start: NaiveTime, end: LocalEnd) -> Kind {
    let s = i64::from(start.signed_duration_since(NaiveTime::MIN).num_minutes() as i32);
    let mut e = match end {
        LocalEnd::Midnight => 24 * 60,
        LocalEnd::At(t) => t.signed_duration_since(NaiveTime::MIN).num_minutes(),
    };
    if e <= s {
        e += 24 * 60;
    }
    let overlap = |a: i64, b: i64| (e.min(b) - s.max(a)).max(0);
    let night = overlap(-60, 6 * 60) + overlap(23 * 60, 30 * 60) + overlap(47 * 60, 54 * 60);
    if night >= 180 {
        Kind::Night
    } else if e - s > 600 {
        Kind::LongDay
    } else if s >= 12 * 60 && e > 22 * 60 {
        Kind::Twilight
    } else {
        Kind::Day
    }
}

/// Reads shift definitions.
pub fn read(table: &Table, diags: &mut Diagnostics) -> ShiftDefs {
    const KNOWN: [&str; 5] = ["code", "start", "end", "kind", "label"];
    let mut out = ShiftDefs::new();
    if !table.require(&["code"], diags) {
        return out;
    }
    table.warn_unknown(&KNOWN, |_| false, diags);
    let [c_code, c_start, c_end, c_kind, c_label] = KNOWN.map(|k| table.col(k));
    let f = table.file.as_str();
    if table.rows.is_empty() {
        diags.error(
            f,
            Some(table.header_line),
            None,
            "no rows after the header (expected one row per shift code)",
        );
    }
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    for row in &table.rows {
        let Some(code) = table.get(row, c_code) else {
            diags.error(
                f,
                Some(row.line),
                Some("code"),
                "empty (expected a shift code)",
            );
            continue;
        };
        let key = code.to_ascii_uppercase();
        if let Some(l) = first_line.get(&key) {
            diags.error(
                f,
                Some(row.line),
                Some("code"),
                format!("{code:?} is defined twice (expected each code once; first on line {l})"),
            );
            continue;
        }
        first_line.insert(key.clone(), row.line);
        let start = table.get(row, c_start).map(values::time);
        let end = table.get(row, c_end).map(values::end_time);
        let mut bad = false;
        let start = match start {
            Some(Err(m)) => {
                diags.error(f, Some(row.line), Some("start"), m);
                bad = true;
                None
            }
            Some(Ok(t)) => Some(t),
            None => None,
        };
        let end = match end {
            Some(Err(m)) => {
                diags.error(f, Some(row.line), Some("end"), m);
                bad = true;
                None
            }
            Some(Ok(t)) => Some(t),
            None => None,
        };
        let kind = match table.get(row, c_kind) {
            Some(k) => match Kind::parse(k) {
                Some(k) => Some(k),
                None => {
                    diags.error(
                        f,
                        Some(row.line),
                        Some("kind"),
                        format!("{k:?} is not a kind (expected one of {})", kind_list()),
                    );
                    bad = true;
                    None
                }
            },
            None => None,
        };
        if bad {
            continue;
        }
        let kind = match (kind, start, end) {
            (Some(k), _, _) => k,
            (None, Some(s), Some(e)) => infer_kind(s, e),
            (None, _, _) => {
                diags.error(
                    f,
                    Some(row.line),
                    Some("kind"),
                    "empty (expected a kind, or start and end to infer it from)",
                );
                continue;
            }
        };
        if start.is_some() != end.is_some() {
            let col = if start.is_none() { "start" } else { "end" };
            diags.error(
                f,
                Some(row.line),
                Some(col),
                "empty (expected both start and end, or neither)",
            );
            continue;
        }
        if start.is_none() && kind.is_working() {
            diags.error(
                f,
                Some(row.line),
                Some("start"),
                format!("empty (expected times for a working shift of kind {kind})"),
            );
            continue;
        }
        if let (Some(s), Some(LocalEnd::At(e))) = (start, end) {
            if s == e {
                diags.warning(
                    f,
                    Some(row.line),
                    Some("end"),
                    format!(
                        "the same as start ({}): read as a 24-hour shift ending the next day",
                        s.format("%H:%M")
                    ),
                );
            }
        }
        out.insert(
            key,
            ShiftDef {
                start,
                end,
                kind,
                label: table.get(row, c_label).unwrap_or("").to_string(),
            },
        );
    }
    out
}

/// The kinds, for messages.
pub fn kind_list() -> String {
    Kind::ALL.map(Kind::as_str).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    #[test]
    fn kinds_from_times() {
        assert_eq!(
            infer_kind(t("20:00"), LocalEnd::At(t("08:00"))),
            Kind::Night
        );
        assert_eq!(
            infer_kind(t("08:00"), LocalEnd::At(t("20:30"))),
            Kind::LongDay
        );
        assert_eq!(infer_kind(t("14:00"), LocalEnd::Midnight), Kind::Twilight);
        assert_eq!(infer_kind(t("08:00"), LocalEnd::At(t("16:00"))), Kind::Day);
        // 22:00-02:00: 3 hours between 23:00 and 06:00 makes it a night.
        assert_eq!(
            infer_kind(t("22:00"), LocalEnd::At(t("02:00"))),
            Kind::Night
        );
    }

    #[test]
    fn reads_definitions_and_reports_problems() {
        let mut d = Diagnostics::default();
        let tab = Table::parse(
            "shifts.csv",
            b"code,start,end,kind,label\nSD,08:00,16:00,day,Day\nN,20:00,08:30,,Night\nOFF,,,rest,Rest\nsd,08:00,17:00,day,Dup\nX,25:00,08:00,day,\nY,,,day,\n",
            &mut d,
        )
        .unwrap();
        let defs = read(&tab, &mut d);
        assert_eq!(defs["N"].kind, Kind::Night);
        assert_eq!(defs["OFF"].start, None);
        assert_eq!(
            d.render(),
            "error: shifts.csv:5: column 'code': \"sd\" is defined twice (expected each code once; first on line 2)\n\
             error: shifts.csv:6: column 'start': \"25:00\" is not a time (expected HH:MM)\n\
             error: shifts.csv:7: column 'start': empty (expected times for a working shift of kind day)\n"
        );
    }
}
