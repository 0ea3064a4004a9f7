//! The rota, in long form (one row per shift) or grid form (one row per doctor, one column
//! per date), detected from the header.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use super::diagnostics::Diagnostics;
use super::shifts::{infer_kind, kind_list, ShiftDefs};
use super::table::{Row, Table};
use super::values;
use crate::domain::rota::Note;
use crate::domain::time::{interval, midnight, Edge, LocalEnd, LocalTimeError};
use crate::domain::{Doctor, DoctorIdx, Kind, Rota, Shift, StaffGroup};

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

/// A row before it is resolved to instants.
struct Raw {
    doctor: DoctorIdx,
    date: NaiveDate,
    code: Option<String>,
    start: Option<NaiveTime>,
    end: Option<LocalEnd>,
    kind: Option<Kind>,
    meeting_id: Option<String>,
    occurrence_id: Option<String>,
    line: usize,
    code_col: String,
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

/// What two rows of one doctor that overlap in time are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clashes {
    /// An input error (`validate`, `schedule`): a plan needs one shift at a time.
    #[default]
    Refused,
    /// A fact about the rota (`import`, `check`): both rows are read, with a warning; `check`
    /// reports it as `rota_overlap`.
    Read,
}

/// [`read`], saying what an overlap is.
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
    let mut book = DoctorBook::default();
    let mut raws = Vec::new();
    let mut notes = Vec::new();
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
            let Some(doc) = book.doctor(table, row, diags) else {
                continue;
            };
            for (col, date, header) in &dates {
                if let Some(code) = table.get(row, Some(*col)) {
                    raws.push(Raw {
                        doctor: doc,
                        date: *date,
                        code: Some(code.to_string()),
                        start: None,
                        end: None,
                        kind: None,
                        meeting_id: None,
                        occurrence_id: None,
                        line: row.line,
                        code_col: header.clone(),
                    });
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
            let doc = book.doctor(table, row, diags);
            // A remark kept from a rota's cell: no shift.
            if table
                .get(row, table.col("kind"))
                .is_some_and(|k| k.eq_ignore_ascii_case(NOTE))
            {
                if let (Some(doctor), Some((date, text))) =
                    (doc, note_row(table, row, shift_col, diags))
                {
                    notes.push(Note {
                        doctor,
                        date,
                        text,
                        line: row.line,
                    });
                }
                continue;
            }
            if let Some(raw) = long_row(table, row, shift_col, diags) {
                if let Some(doctor) = doc {
                    raws.push(Raw { doctor, ..raw });
                }
            }
        }
    }
    let shifts = resolve(table, raws, defs, tz, diags);
    check_overlaps(table, &book.doctors, &shifts, tz, clashes, diags);
    if table.rows.is_empty() {
        diags.error(
            &table.file,
            Some(table.header_line),
            None,
            "no rows after the header (expected one row per shift)",
        );
    }
    if diags.has_errors() {
        return None;
    }
    let mut rota = Rota::new(tz, book.doctors, shifts);
    rota.notes = notes;
    Some(rota)
}

/// The kind of a row that keeps a remark from a rota's cell (not a kind of shift).
pub const NOTE: &str = "note";

/// A `note` row: its date and text (in the shift column); no times.
fn note_row(
    table: &Table,
    row: &Row,
    shift_col: &str,
    diags: &mut Diagnostics,
) -> Option<(NaiveDate, String)> {
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
    Some((date, get(shift_col).unwrap_or_default().to_string()))
}

fn long_row(table: &Table, row: &Row, shift_col: &str, diags: &mut Diagnostics) -> Option<Raw> {
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
    ok.then(|| Raw {
        doctor: DoctorIdx(0),
        date,
        code,
        start,
        end,
        kind,
        meeting_id: get("meeting_id").map(str::to_string),
        occurrence_id: get("occurrence_id").map(str::to_string),
        line: row.line,
        code_col: shift_col.to_string(),
    })
}

/// Doctors by id, checking that grade, group and department agree between rows.
#[derive(Default)]
struct DoctorBook {
    doctors: Vec<Doctor>,
    by_id: HashMap<String, (DoctorIdx, usize)>,
    /// (doctor id, grade) whose staff group could not be read: said once, not on every row.
    refused: std::collections::HashSet<(String, String)>,
}

impl DoctorBook {
    fn doctor(&mut self, table: &Table, row: &Row, diags: &mut Diagnostics) -> Option<DoctorIdx> {
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
            Some(g) => match StaffGroup::parse(g) {
                Some(g) => g,
                None => {
                    table.error(diags, row.line, Some("staff_group"), format!("{g:?} is not a staff group (expected resident, sas, consultant or other)"));
                    return None;
                }
            },
            None => match StaffGroup::from_grade(grade) {
                Some(g) => g,
                None => {
                    if self.refused.insert((id.to_string(), grade.to_string())) {
                        table.error(diags, row.line, Some("grade"), format!("{grade:?} is not a grade the staff group can be inferred from (expected a staff_group column, or a grade such as FY1, CT2, ST5, SpR, LED, Specialty Doctor, Specialist, Consultant)"));
                    }
                    return None;
                }
            },
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
        let department = get("department").unwrap_or("default").to_string();
        if let Some(&(idx, first)) = self.by_id.get(id) {
            let d = &self.doctors[idx.ix()];
            let mut same = true;
            for (col, was, now) in [
                ("grade", d.grade.as_str(), grade),
                ("staff_group", d.group.as_str(), group.as_str()),
                ("department", d.department.as_str(), department.as_str()),
            ] {
                if was != now {
                    table.error(diags, row.line, Some(col), format!("{now:?} for doctor {id} differs from {was:?} on line {first} (expected one {col} per doctor)"));
                    same = false;
                }
            }
            return same.then_some(idx);
        }
        #[allow(clippy::cast_possible_truncation)] // fewer than 4 billion doctors
        let idx = DoctorIdx(self.doctors.len() as u32);
        self.by_id.insert(id.to_string(), (idx, row.line));
        self.doctors.push(Doctor {
            id: id.to_string(),
            name: get("name").unwrap_or("").to_string(),
            grade: grade.to_string(),
            group,
            department,
            email: get("email").map(str::to_string),
            fte,
        });
        Some(idx)
    }
}

fn resolve(
    table: &Table,
    raws: Vec<Raw>,
    defs: Option<&ShiftDefs>,
    tz: Tz,
    diags: &mut Diagnostics,
) -> Vec<Shift> {
    let mut unknown: BTreeMap<String, (usize, String, usize)> = BTreeMap::new();
    let mut out = Vec::with_capacity(raws.len());
    for r in raws {
        let def = match (&r.code, defs) {
            (Some(c), Some(defs)) => match defs.get(&c.to_ascii_uppercase()) {
                Some(d) => Some(d),
                None => {
                    let e = unknown
                        .entry(c.clone())
                        .or_insert((r.line, r.code_col.clone(), 0));
                    e.2 += 1;
                    continue;
                }
            },
            (Some(c), None) if r.start.is_none() && !r.kind.is_some_and(Kind::is_absence) => {
                let e = unknown
                    .entry(c.clone())
                    .or_insert((r.line, r.code_col.clone(), 0));
                e.2 += 1;
                continue;
            }
            _ => None,
        };
        let (start, end) = match (r.start, r.end) {
            (Some(s), Some(e)) => (Some(s), Some(e)),
            _ => (def.and_then(|d| d.start), def.and_then(|d| d.end)),
        };
        let kind = r
            .kind
            .or(def.map(|d| d.kind))
            .or_else(|| start.zip(end).map(|(s, e)| infer_kind(s, e)));
        let Some(kind) = kind else {
            table.error(
                diags,
                r.line,
                Some("kind"),
                "empty (expected a kind, a shift code, or times)",
            );
            continue;
        };
        let (start_at, end_at, timed) = match (start, end) {
            (Some(s), Some(e)) => match interval(tz, r.date, s, e) {
                Ok(iv) => {
                    if r.start.is_some() && e == LocalEnd::At(s) {
                        table.warning(diags, r.line, Some("end"), format!("the same as start ({}): read as a 24-hour shift ending the next day", s.format("%H:%M")));
                    }
                    for (amb, col, which) in [
                        (iv.ambiguous_start, "start", "earlier"),
                        (iv.ambiguous_end, "end", "later"),
                    ] {
                        if amb {
                            table.warning(diags, r.line, Some(col), format!("the local time happens twice on {} in {tz} (the clocks go back); took the {which}", r.date));
                        }
                    }
                    (iv.start, iv.end, true)
                }
                Err((edge, LocalTimeError::Nonexistent)) => {
                    let next = r.date + chrono::Duration::days(1);
                    let (col, t, day) = match (edge, e) {
                        (Edge::Start, _) => ("start", s.format("%H:%M").to_string(), r.date),
                        (Edge::End, LocalEnd::At(t)) if t <= s => ("end", end_text(e), next),
                        (Edge::End, LocalEnd::Midnight) => ("end", end_text(e), next),
                        (Edge::End, _) => ("end", end_text(e), r.date),
                    };
                    table.error(diags, r.line, Some(col), format!("{t} on {day} does not exist in {tz} (the clocks go forward; expected a time outside the gap)"));
                    continue;
                }
            },
            _ if kind.is_absence() => (
                midnight(tz, r.date),
                midnight(tz, r.date + chrono::Duration::days(1)),
                false,
            ),
            _ => {
                table.error(diags, r.line, Some(&r.code_col), format!("no times for a {kind} row (expected start and end, or a shift code with times)"));
                continue;
            }
        };
        out.push(Shift {
            doctor: r.doctor,
            date: r.date,
            start: start_at,
            end: end_at,
            timed,
            kind,
            code: r.code,
            meeting_id: r.meeting_id,
            occurrence_id: r.occurrence_id,
            within: None,
            line: r.line,
        });
    }
    let mut unknown: Vec<_> = unknown.into_iter().collect();
    unknown.sort_by_key(|(_, (line, _, _))| *line);
    let known = defs.map_or_else(
        || "no shift definitions given: pass --shifts".to_string(),
        |d| {
            if d.is_empty() {
                "expected a code defined in the shift definitions, which define none".to_string()
            } else {
                format!(
                    "expected one of {}",
                    d.keys().cloned().collect::<Vec<_>>().join(", ")
                )
            }
        },
    );
    for (code, (line, col, n)) in unknown {
        let more = if n > 1 {
            format!(", first of {n} rows")
        } else {
            String::new()
        };
        table.error(
            diags,
            line,
            Some(&col),
            format!("unknown shift code {code:?}{more} ({known})"),
        );
    }
    out
}

fn end_text(e: LocalEnd) -> String {
    match e {
        LocalEnd::Midnight => "24:00".into(),
        LocalEnd::At(t) => t.format("%H:%M").to_string(),
    }
}

/// Two timed rows of one doctor may not overlap, except an engagement row inside a working
/// row; a whole-day absence may not share its date with a shift that starts that day.
fn check_overlaps(
    table: &Table,
    doctors: &[Doctor],
    shifts: &[Shift],
    tz: Tz,
    clashes: Clashes,
    diags: &mut Diagnostics,
) {
    let mut by_doc: Vec<Vec<&Shift>> = vec![Vec::new(); doctors.len()];
    for s in shifts {
        by_doc[s.doctor.ix()].push(s);
    }
    let show = |s: &Shift| {
        let what = s.code.clone().unwrap_or_else(|| s.kind.to_string());
        if s.timed {
            format!(
                "{} {}-{} ({what}, {})",
                s.date,
                crate::domain::time::hhmm(tz, s.start),
                crate::domain::time::hhmm(tz, s.end),
                table.place_text(s.line)
            )
        } else {
            format!("{} ({what}, {})", s.date, table.place_text(s.line))
        }
    };
    let mut reported = Vec::new();
    for (d, mut rows) in by_doc.into_iter().enumerate() {
        rows.sort_by_key(|s| (s.start, s.line));
        let id = &doctors[d].id;
        let timed: Vec<&Shift> = rows
            .iter()
            .copied()
            .filter(|s| s.timed && s.kind != Kind::Engagement)
            .collect();
        for w in timed.windows(2) {
            if w[1].start < w[0].end {
                let (a, b) = if w[0].line <= w[1].line {
                    (w[0], w[1])
                } else {
                    (w[1], w[0])
                };
                reported.push((b.line, format!("doctor {id} has overlapping rows: {} and {} (expected one shift at a time)", show(b), show(a))));
            }
        }
        for e in rows.iter().filter(|s| s.kind == Kind::Engagement) {
            let inside = timed
                .iter()
                .any(|s| s.kind.is_working() && s.start <= e.start && e.end <= s.end);
            if !inside {
                if let Some(o) = timed.iter().find(|s| s.start < e.end && e.start < s.end) {
                    reported.push((e.line, format!("doctor {id} has overlapping rows: {} and {} (expected engagement inside a working shift, or apart from it)", show(e), show(o))));
                }
            }
        }
        for a in rows.iter().filter(|s| !s.timed) {
            if let Some(o) = timed
                .iter()
                .find(|s| s.date == a.date && s.kind.is_working())
            {
                let (x, y) = if a.line >= o.line { (*a, *o) } else { (*o, *a) };
                reported.push((x.line, format!("doctor {id} has overlapping rows: {} and {} (expected one row a day for an absence)", show(x), show(y))));
            }
        }
    }
    reported.sort();
    for (line, msg) in reported {
        match clashes {
            Clashes::Refused => table.error(diags, line, None, msg),
            Clashes::Read => {
                let msg = msg.replace(
                    "(expected one shift at a time)",
                    "(read as written: check reports it as rota_overlap)",
                );
                table.warning(diags, line, None, msg);
            }
        }
    }
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
