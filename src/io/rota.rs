//! The rota, in long form (one row per shift) or grid form (one row per doctor, one column
//! per date), detected from the header.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::diagnostics::Diagnostics;
pub use super::rota_build::Clashes;
use super::rota_build::{Builder, DoctorIn, Place, RowIn};
use super::shifts::{kind_list, ShiftDefs};
use super::table::{Row, Table};
use super::values;
use crate::domain::{Kind, Rota, StaffGroup};

const DOCTOR_COLS: [&str; 7] = [
    "doctor_id",
    "name",
    "grade",
    "staff_group",
    "department",
    "email",
    "fte",
];
const LONG_COLS: [&str; 11] = [
    "date",
    "shift",
    "start",
    "end",
    "kind",
    "meeting_id",
    "occurrence_id",
    "start_at",
    "end_at",
    // Accepted from other exports and from our own adjusted_rota.csv.
    "code",
    "label",
];

/// Whether the table is a grid: no `date` column, and some header is a date.
pub fn is_grid(table: &Table) -> bool {
    table.col("date").is_none() && table.headers.iter().any(|h| values::date(h).is_ok())
}

/// Reads the rota. `defs` are the shift definitions, when given.
pub fn read(
    table: &Table,
    defs: Option<&ShiftDefs>,
    tz: Tz,
    diags: &mut Diagnostics,
) -> Option<Rota> {
    read_with(table, defs, tz, Clashes::Refused, diags)
}

/// [`read`], saying what an overlap is: each line parsed into a typed row with its doctor,
/// the rows built into the rota by [`Builder`] (as a spreadsheet's cells are).
pub fn read_with(
    table: &Table,
    defs: Option<&ShiftDefs>,
    tz: Tz,
    clashes: Clashes,
    diags: &mut Diagnostics,
) -> Option<Rota> {
    let grid = is_grid(table);
    let ok = if grid {
        table.require(&["doctor_id", "grade"], diags)
    } else {
        table.require(&["doctor_id", "grade", "date"], diags)
    };
    if !ok {
        return None;
    }
    let mut b = Builder::new(&table.file);
    if grid {
        if defs.is_none() {
            diags.error(
                &table.file,
                Some(table.header_line),
                None,
                "a grid-form rota has shift codes in its date columns (expected shift definitions: pass --shifts)",
            );
            return None;
        }
        table.warn_unknown(&DOCTOR_COLS, |h| values::date(h).is_ok(), diags);
        let dates: Vec<(usize, NaiveDate, String)> = table
            .headers
            .iter()
            .enumerate()
            .filter_map(|(i, h)| values::date(h).ok().map(|d| (i, d, h.clone())))
            .collect();
        for row in &table.rows {
            let place = Place::Line(row.line);
            let Some(doc) = doctor_in(table, row, diags).and_then(|d| b.doctor(&d, &place, diags))
            else {
                continue;
            };
            for (col, date, header) in &dates {
                if let Some(code) = table.get(row, Some(*col)) {
                    b.push(
                        doc,
                        RowIn {
                            date: *date,
                            code: Some(code.to_string()),
                            start: None,
                            end: None,
                            kind: None,
                            note: false,
                            meeting_id: None,
                            occurrence_id: None,
                            place: place.clone(),
                            code_col: header.clone(),
                        },
                    );
                }
            }
        }
    } else {
        let known: Vec<&str> = DOCTOR_COLS
            .iter()
            .chain(LONG_COLS.iter())
            .copied()
            .collect();
        table.warn_unknown(&known, |_| false, diags);
        let shift_col = if table.col("shift").is_some() {
            "shift"
        } else {
            "code"
        };
        for row in &table.rows {
            let place = Place::Line(row.line);
            let doc = doctor_in(table, row, diags).and_then(|d| b.doctor(&d, &place, diags));
            // A remark kept from a rota's cell: no shift.
            let read = if table
                .get(row, table.col("kind"))
                .is_some_and(|k| k.eq_ignore_ascii_case(NOTE))
            {
                note_row(table, row, shift_col, diags)
            } else {
                long_row(table, row, shift_col, diags)
            };
            if let (Some(doc), Some(r)) = (doc, read) {
                b.push(doc, r);
            }
        }
    }
    if table.rows.is_empty() {
        diags.error(
            &table.file,
            Some(table.header_line),
            None,
            "no rows after the header (expected one row per shift)",
        );
    }
    b.finish(defs, tz, clashes, diags)
}

/// The doctor of a line: its id, grade and what else it gives, the values checked.
fn doctor_in(table: &Table, row: &Row, diags: &mut Diagnostics) -> Option<DoctorIn> {
    let get = |c: &str| table.get(row, table.col(c));
    let Some(id) = get("doctor_id") else {
        table.error(
            diags,
            row.line,
            Some("doctor_id"),
            "empty (expected a staff or GMC number)",
        );
        return None;
    };
    let Some(grade) = get("grade") else {
        table.error(diags, row.line, Some("grade"), format!("empty for doctor {id} (expected a grade such as FY1, ST3, Specialty Doctor, Consultant)"));
        return None;
    };
    let group = match get("staff_group") {
        Some(g) => {
            match StaffGroup::parse(g) {
                Some(g) => Some(g),
                None => {
                    table.error(diags, row.line, Some("staff_group"), format!("{g:?} is not a staff group (expected resident, sas, consultant or other)"));
                    return None;
                }
            }
        }
        None => None,
    };
    let fte = match get("fte").map(|v| {
        values::number(
            v,
            0.0,
            1.0,
            "a fraction from 0 to 1 (expected e.g. 0.6 for a 60% less-than-full-time post)",
        )
    }) {
        Some(Ok(v)) => v,
        Some(Err(m)) => {
            table.error(diags, row.line, Some("fte"), m);
            return None;
        }
        None => 1.0,
    };
    Some(DoctorIn {
        id: id.to_string(),
        name: get("name").unwrap_or("").to_string(),
        grade: grade.to_string(),
        group,
        department: get("department").unwrap_or("default").to_string(),
        email: get("email").map(str::to_string),
        fte,
    })
}

/// The kind of a row that keeps a remark from a rota's cell (not a kind of shift).
pub const NOTE: &str = "note";

/// A `note` row: its date and text (in the shift column); no times.
fn note_row(table: &Table, row: &Row, shift_col: &str, diags: &mut Diagnostics) -> Option<RowIn> {
    let get = |c: &str| table.get(row, table.col(c));
    let date = match get("date").map(values::date) {
        Some(Ok(d)) => d,
        Some(Err(m)) => {
            table.error(diags, row.line, Some("date"), m);
            return None;
        }
        None => {
            table.error(diags, row.line, Some("date"), "empty (expected a date)");
            return None;
        }
    };
    if get("start").is_some() || get("end").is_some() {
        table.error(
            diags,
            row.line,
            Some("start"),
            "a note row has times (expected none: a note is a remark, not a shift)",
        );
        return None;
    }
    Some(RowIn {
        date,
        code: Some(get(shift_col).unwrap_or_default().to_string()),
        start: None,
        end: None,
        kind: None,
        note: true,
        meeting_id: None,
        occurrence_id: None,
        place: Place::Line(row.line),
        code_col: shift_col.to_string(),
    })
}

fn long_row(table: &Table, row: &Row, shift_col: &str, diags: &mut Diagnostics) -> Option<RowIn> {
    let get = |c: &str| table.get(row, table.col(c));
    let mut ok = true;
    let date = match get("date").map(values::date) {
        Some(Ok(d)) => Some(d),
        Some(Err(m)) => {
            table.error(diags, row.line, Some("date"), m);
            None
        }
        None => {
            table.error(
                diags,
                row.line,
                Some("date"),
                "empty (expected YYYY-MM-DD or DD/MM/YYYY)",
            );
            None
        }
    };
    let start = match get("start").map(values::time) {
        Some(Err(m)) => {
            table.error(diags, row.line, Some("start"), m);
            ok = false;
            None
        }
        x => x.and_then(Result::ok),
    };
    let end = match get("end").map(values::end_time) {
        Some(Err(m)) => {
            table.error(diags, row.line, Some("end"), m);
            ok = false;
            None
        }
        x => x.and_then(Result::ok),
    };
    let kind = match get("kind") {
        Some(k) => match Kind::parse(k) {
            Some(k) => Some(k),
            None => {
                table.error(
                    diags,
                    row.line,
                    Some("kind"),
                    format!("{k:?} is not a kind (expected one of {})", kind_list()),
                );
                ok = false;
                None
            }
        },
        None => None,
    };
    let code = get(shift_col).map(str::to_string);
    if start.is_some() != end.is_some() && ok {
        let col = if start.is_none() { "start" } else { "end" };
        table.error(
            diags,
            row.line,
            Some(col),
            "empty (expected both start and end, or neither)",
        );
        ok = false;
    }
    if code.is_none() && start.is_none() && ok && !kind.is_some_and(Kind::is_absence) {
        table.error(
            diags,
            row.line,
            Some(shift_col),
            "empty (expected a shift code, or start and end times)",
        );
        ok = false;
    }
    let date = date?;
    ok.then(|| RowIn {
        date,
        code,
        start,
        end,
        kind,
        note: false,
        meeting_id: get("meeting_id").map(str::to_string),
        occurrence_id: get("occurrence_id").map(str::to_string),
        place: Place::Line(row.line),
        code_col: shift_col.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::shifts;

    fn defs() -> ShiftDefs {
        let mut d = Diagnostics::default();
        let t = Table::parse(
            "shifts.csv",
            b"code,start,end,kind\nSD,08:00,16:00,day\nLD,08:00,20:30,long_day\nN,20:00,08:30,night\nOFF,,,rest\nAL,,,leave\n",
            &mut d,
        )
        .unwrap();
        shifts::read(&t, &mut d)
    }

    fn read_str(csv: &str) -> (Option<Rota>, String) {
        let mut d = Diagnostics::default();
        let t = Table::parse("rota.csv", csv.as_bytes(), &mut d).unwrap();
        let r = read(&t, Some(&defs()), chrono_tz::Europe::London, &mut d);
        (r, d.render())
    }

    /// A grade no staff group can be read from is said once per doctor, not on every row.
    #[test]
    fn an_unknown_grade_is_one_error_per_doctor() {
        let (r, msg) = read_str(
            "doctor_id,grade,date,shift\n\
             D1,Matron,2026-01-05,SD\n\
             D1,Matron,2026-01-06,SD\n\
             D1,Matron,2026-01-07,SD\n\
             D2,Ward clerk,2026-01-05,SD\n",
        );
        assert!(r.is_none());
        assert_eq!(msg.lines().count(), 2, "{msg}");
        assert!(
            msg.starts_with("error: rota.csv:2: column 'grade': \"Matron\""),
            "{msg}"
        );
        assert!(
            msg.contains("error: rota.csv:5: column 'grade': \"Ward clerk\""),
            "{msg}"
        );
    }

    #[test]
    fn long_form_with_codes_and_times() {
        let (r, msg) = read_str(
            "doctor_id,name,grade,department,date,shift,start,end\n\
             D1,Ann,ST3,acute,2026-10-24,N,,\n\
             D1,Ann,ST3,acute,26/10/2026,OFF,,\n\
             D2,Bob,Consultant,acute,2026-10-24,,09:00,17:00\n",
        );
        let r = r.unwrap_or_else(|| panic!("{msg}"));
        assert_eq!(r.doctors.len(), 2);
        assert_eq!(r.doctors[0].group, StaffGroup::Resident);
        let night = &r.shifts[0];
        assert_eq!(night.kind, Kind::Night);
        assert_eq!(
            night.minutes(),
            13 * 60 + 30,
            "the October night is an hour longer"
        );
        assert!(!r.shifts[1].timed);
        assert_eq!(r.shifts[2].kind, Kind::Day);
    }

    #[test]
    fn grid_form() {
        let (r, msg) = read_str("doctor_id,grade,2026-01-05,2026-01-06,2026-01-07\nD1,FY1,SD,LD,\nD2,Specialty Doctor,N,,OFF\n");
        let r = r.unwrap_or_else(|| panic!("{msg}"));
        assert_eq!(r.shifts.len(), 4);
        assert_eq!(r.doctors[1].group, StaffGroup::Sas);
    }

    #[test]
    fn every_problem_at_once() {
        let (r, msg) = read_str(
            "doctor_id,grade,date,shift,start,end\n\
             D1,ST3,2026-01-05,XX,,\n\
             D1,ST3,2026-01-06,YY,,\n\
             D1,ST4,2026-01-07,SD,,\n\
             D2,Matron,2026-01-07,SD,,\n\
             D3,FY1,2026-01-32,SD,,\n\
             D3,FY1,2026-01-08,,25:00,10:00\n\
             D1,ST3,2026-01-09,XX,,\n\
             D4,FY1,2026-03-29,,01:30,09:00\n",
        );
        assert!(r.is_none());
        assert_eq!(
            msg,
            "error: rota.csv:4: column 'grade': \"ST4\" for doctor D1 differs from \"ST3\" on line 2 (expected one grade per doctor)\n\
             error: rota.csv:5: column 'grade': \"Matron\" is not a grade the staff group can be inferred from (expected a staff_group column, or a grade such as FY1, CT2, ST5, SpR, LED, Specialty Doctor, Specialist, Consultant)\n\
             error: rota.csv:6: column 'date': \"2026-01-32\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)\n\
             error: rota.csv:7: column 'start': \"25:00\" is not a time (expected HH:MM)\n\
             error: rota.csv:9: column 'start': 01:30 on 2026-03-29 does not exist in Europe/London (the clocks go forward; expected a time outside the gap)\n\
             error: rota.csv:2: column 'shift': unknown shift code \"XX\", first of 2 rows (expected one of AL, LD, N, OFF, SD)\n\
             error: rota.csv:3: column 'shift': unknown shift code \"YY\" (expected one of AL, LD, N, OFF, SD)\n"
        );
    }

    #[test]
    fn overlaps_are_errors_but_engagement_inside_a_shift_is_not() {
        let (r, msg) = read_str(
            "doctor_id,grade,date,shift,start,end,kind\n\
             D1,ST3,2026-01-05,LD,,,\n\
             D1,ST3,2026-01-05,,12:00,13:00,engagement\n\
             D1,ST3,2026-01-06,SD,,,\n\
             D1,ST3,2026-01-06,,15:00,18:00,day\n\
             D1,ST3,2026-01-07,AL,,,\n\
             D1,ST3,2026-01-07,SD,,,\n",
        );
        assert!(r.is_none());
        assert_eq!(
            msg,
            "error: rota.csv:5: doctor D1 has overlapping rows: 2026-01-06 15:00-18:00 (day, line 5) and 2026-01-06 08:00-16:00 (SD, line 4) (expected one shift at a time)\n\
             error: rota.csv:7: doctor D1 has overlapping rows: 2026-01-07 08:00-16:00 (SD, line 7) and 2026-01-07 (AL, line 6) (expected one row a day for an absence)\n"
        );
    }

    #[test]
    fn rest_day_after_a_night_is_not_an_overlap() {
        let (r, msg) =
            read_str("doctor_id,grade,date,shift\nD1,ST3,2026-01-05,N\nD1,ST3,2026-01-06,OFF\n");
        assert!(r.is_some(), "{msg}");
    }
}
