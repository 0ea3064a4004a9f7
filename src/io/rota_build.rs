//! The rota builder: rows as the readers give them — a CSV file's lines (long or grid form)
//! or a rota spreadsheet's cells, typed, each with its place — checked and resolved into the
//! [`Rota`]: one doctor per id with one grade, group and department; codes looked up in the
//! shift definitions; times made real instants across clock changes; overlapping rows refused
//! or read ([`Clashes`]); remarks kept aside as notes. Every problem names the row's line, or
//! its cell.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use super::diagnostics::Diagnostics;
use super::shifts::{infer_kind, ShiftDefs};
use crate::domain::rota::Note;
use crate::domain::time::{interval, midnight, Edge, LocalEnd, LocalTimeError};
use crate::domain::{Doctor, DoctorIdx, Kind, Rota, Shift, StaffGroup};

/// Where a row came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A line of a CSV file (1-based).
    Line(usize),
    /// A sheet's cell (`Rota!B17`), and the sheet row it is on (1-based) that the shift keeps
    /// as its line.
    Cell(String, usize),
}

impl Place {
    /// The line a shift keeps: the file's line, or the sheet's row.
    pub fn line(&self) -> usize {
        match self {
            Place::Line(l) | Place::Cell(_, l) => *l,
        }
    }

    /// How a message names it: `line 17`, or `cell Rota!B17`.
    pub fn text(&self) -> String {
        match self {
            Place::Line(l) => format!("line {l}"),
            Place::Cell(c, _) => format!("cell {c}"),
        }
    }
}

/// The file the rows are read from, which messages name.
struct Origin<'a> {
    file: &'a str,
}

impl Origin<'_> {
    /// Where a message about a row goes: (file, line, column) — `file:17: column 'start'`, or
    /// `file!Rota!B17` (a cell names its own column).
    fn locate<'c>(
        &self,
        p: &Place,
        column: Option<&'c str>,
    ) -> (String, Option<usize>, Option<&'c str>) {
        match p {
            Place::Line(l) => (self.file.to_string(), Some(*l), column),
            Place::Cell(c, _) => (format!("{}!{c}", self.file), None, None),
        }
    }

    /// An error at a row.
    fn error(
        &self,
        diags: &mut Diagnostics,
        p: &Place,
        column: Option<&str>,
        msg: impl Into<String>,
    ) {
        let (file, line, column) = self.locate(p, column);
        diags.error(&file, line, column, msg);
    }

    /// A warning at a row.
    fn warning(
        &self,
        diags: &mut Diagnostics,
        p: &Place,
        column: Option<&str>,
        msg: impl Into<String>,
    ) {
        let (file, line, column) = self.locate(p, column);
        diags.warning(&file, line, column, msg);
    }
}

/// A doctor as one row gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct DoctorIn {
    /// `doctor_id`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Grade as written.
    pub grade: String,
    /// Staff group, where given; else read from the grade.
    pub group: Option<StaffGroup>,
    /// Department.
    pub department: String,
    /// Email.
    pub email: Option<String>,
    /// Contracted fraction.
    pub fte: f64,
}

/// One row of a rota, typed, before it is resolved to instants.
#[derive(Debug, Clone, PartialEq)]
pub struct RowIn {
    /// The date the shift starts.
    pub date: NaiveDate,
    /// The shift code or label as written; a note's text.
    pub code: Option<String>,
    /// Start, where given.
    pub start: Option<NaiveTime>,
    /// End, where given.
    pub end: Option<LocalEnd>,
    /// Kind, where given.
    pub kind: Option<Kind>,
    /// A remark kept from a sheet's cell: no shift.
    pub note: bool,
    /// Meeting id of an engagement row.
    pub meeting_id: Option<String>,
    /// Occurrence id of an engagement row.
    pub occurrence_id: Option<String>,
    /// Where it was read.
    pub place: Place,
    /// The column of a CSV file its code came from, for messages.
    pub code_col: String,
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

/// Builds a rota from rows read one at a time: [`Builder::doctor`] for each row's doctor (in
/// the order read, so that messages come in the file's order), [`Builder::push`] for the row,
/// then [`Builder::finish`].
pub struct Builder<'a> {
    at: Origin<'a>,
    doctors: Vec<Doctor>,
    by_id: HashMap<String, (DoctorIdx, Place)>,
    /// (doctor id, grade) whose staff group could not be read: said once, not on every row.
    refused: HashSet<(String, String)>,
    rows: Vec<(DoctorIdx, RowIn)>,
    notes: Vec<Note>,
}

impl<'a> Builder<'a> {
    /// A builder for the rows of `file`.
    pub fn new(file: &'a str) -> Builder<'a> {
        Builder {
            at: Origin { file },
            doctors: Vec::new(),
            by_id: HashMap::new(),
            refused: HashSet::new(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The doctor of a row at `place`: their staff group read from the grade where not given,
    /// and one grade, group and department per doctor. `None` (reported) when that fails.
    pub fn doctor(
        &mut self,
        d: &DoctorIn,
        place: &Place,
        diags: &mut Diagnostics,
    ) -> Option<DoctorIdx> {
        let group = match d.group.or_else(|| StaffGroup::from_grade(&d.grade)) {
            Some(g) => g,
            None => {
                if self.refused.insert((d.id.clone(), d.grade.clone())) {
                    self.at.error(diags, place, Some("grade"), format!("{:?} is not a grade the staff group can be inferred from (expected a staff_group column, or a grade such as FY1, CT2, ST5, SpR, LED, Specialty Doctor, Specialist, Consultant)", d.grade));
                }
                return None;
            }
        };
        if let Some((idx, first)) = self.by_id.get(&d.id) {
            let was = &self.doctors[idx.ix()];
            let mut same = true;
            for (col, before, now) in [
                ("grade", was.grade.as_str(), d.grade.as_str()),
                ("staff_group", was.group.as_str(), group.as_str()),
                ("department", was.department.as_str(), d.department.as_str()),
            ] {
                if before != now {
                    self.at.error(diags, place, Some(col), format!("{now:?} for doctor {} differs from {before:?} on {} (expected one {col} per doctor)", d.id, first.text()));
                    same = false;
                }
            }
            return same.then_some(*idx);
        }
        #[allow(clippy::cast_possible_truncation)] // fewer than 4 billion doctors
        let idx = DoctorIdx(self.doctors.len() as u32);
        self.by_id.insert(d.id.clone(), (idx, place.clone()));
        self.doctors.push(Doctor {
            id: d.id.clone(),
            name: d.name.clone(),
            grade: d.grade.clone(),
            group,
            department: d.department.clone(),
            email: d.email.clone(),
            fte: d.fte,
        });
        Some(idx)
    }

    /// A row of a doctor [`Builder::doctor`] gave.
    pub fn push(&mut self, doctor: DoctorIdx, row: RowIn) {
        if row.note {
            self.notes.push(Note {
                doctor,
                date: row.date,
                text: row.code.unwrap_or_default(),
                line: row.place.line(),
            });
        } else {
            self.rows.push((doctor, row));
        }
    }

    /// The rota, or `None` when any problem was found (all reported).
    pub fn finish(
        self,
        defs: Option<&ShiftDefs>,
        tz: Tz,
        clashes: Clashes,
        diags: &mut Diagnostics,
    ) -> Option<Rota> {
        let shifts = resolve(&self.at, self.rows, defs, tz, diags);
        check_overlaps(&self.at, &self.doctors, &shifts, tz, clashes, diags);
        if diags.has_errors() {
            return None;
        }
        let mut rota = Rota::new(
            tz,
            self.doctors,
            shifts.into_iter().map(|(s, _)| s).collect(),
        );
        rota.notes = self.notes;
        Some(rota)
    }
}

/// The rows as shifts at real instants, each with its place: codes looked up, kinds inferred,
/// times across clock changes resolved (every problem reported, the row left out).
fn resolve(
    at: &Origin<'_>,
    raws: Vec<(DoctorIdx, RowIn)>,
    defs: Option<&ShiftDefs>,
    tz: Tz,
    diags: &mut Diagnostics,
) -> Vec<(Shift, Place)> {
    let mut unknown: BTreeMap<String, (Place, String, usize)> = BTreeMap::new();
    let mut out = Vec::with_capacity(raws.len());
    for (doctor, r) in raws {
        let def = match (&r.code, defs) {
            (Some(c), Some(defs)) => match defs.get(&c.to_ascii_uppercase()) {
                Some(d) => Some(d),
                None => {
                    let e = unknown.entry(c.clone()).or_insert((
                        r.place.clone(),
                        r.code_col.clone(),
                        0,
                    ));
                    e.2 += 1;
                    continue;
                }
            },
            (Some(c), None) if r.start.is_none() && !r.kind.is_some_and(Kind::is_absence) => {
                let e =
                    unknown
                        .entry(c.clone())
                        .or_insert((r.place.clone(), r.code_col.clone(), 0));
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
            at.error(
                diags,
                &r.place,
                Some("kind"),
                "empty (expected a kind, a shift code, or times)",
            );
            continue;
        };
        let (start_at, end_at, timed) = match (start, end) {
            (Some(s), Some(e)) => match interval(tz, r.date, s, e) {
                Ok(iv) => {
                    if r.start.is_some() && e == LocalEnd::At(s) {
                        at.warning(diags, &r.place, Some("end"), format!("the same as start ({}): read as a 24-hour shift ending the next day", s.format("%H:%M")));
                    }
                    for (amb, col, which) in [
                        (iv.ambiguous_start, "start", "earlier"),
                        (iv.ambiguous_end, "end", "later"),
                    ] {
                        if amb {
                            at.warning(diags, &r.place, Some(col), format!("the local time happens twice on {} in {tz} (the clocks go back); took the {which}", r.date));
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
                    at.error(diags, &r.place, Some(col), format!("{t} on {day} does not exist in {tz} (the clocks go forward; expected a time outside the gap)"));
                    continue;
                }
            },
            _ if kind.is_absence() => (
                midnight(tz, r.date),
                midnight(tz, r.date + chrono::Duration::days(1)),
                false,
            ),
            _ => {
                at.error(diags, &r.place, Some(&r.code_col), format!("no times for a {kind} row (expected start and end, or a shift code with times)"));
                continue;
            }
        };
        let line = r.place.line();
        out.push((
            Shift {
                doctor,
                date: r.date,
                start: start_at,
                end: end_at,
                timed,
                kind,
                code: r.code,
                meeting_id: r.meeting_id,
                occurrence_id: r.occurrence_id,
                within: None,
                line,
            },
            r.place,
        ));
    }
    let mut unknown: Vec<_> = unknown.into_iter().collect();
    unknown.sort_by_key(|(_, (place, _, _))| place.line());
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
    for (code, (place, col, n)) in unknown {
        let more = if n > 1 {
            format!(", first of {n} rows")
        } else {
            String::new()
        };
        at.error(
            diags,
            &place,
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
    at: &Origin<'_>,
    doctors: &[Doctor],
    shifts: &[(Shift, Place)],
    tz: Tz,
    clashes: Clashes,
    diags: &mut Diagnostics,
) {
    let mut by_doc: Vec<Vec<&Shift>> = vec![Vec::new(); doctors.len()];
    // The place of a shift, by its address (the rows are not moved).
    let place_of: HashMap<*const Shift, &Place> = shifts
        .iter()
        .map(|(s, p)| (std::ptr::from_ref(s), p))
        .collect();
    for (s, _) in shifts {
        by_doc[s.doctor.ix()].push(s);
    }
    let place = |s: &Shift| place_of[&std::ptr::from_ref(s)].clone();
    let show = |s: &Shift| {
        let what = s.code.clone().unwrap_or_else(|| s.kind.to_string());
        if s.timed {
            format!(
                "{} {}-{} ({what}, {})",
                s.date,
                crate::domain::time::hhmm(tz, s.start),
                crate::domain::time::hhmm(tz, s.end),
                place(s).text()
            )
        } else {
            format!("{} ({what}, {})", s.date, place(s).text())
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
                reported.push((place(b), format!("doctor {id} has overlapping rows: {} and {} (expected one shift at a time)", show(b), show(a))));
            }
        }
        for e in rows.iter().filter(|s| s.kind == Kind::Engagement) {
            let inside = timed
                .iter()
                .any(|s| s.kind.is_working() && s.start <= e.start && e.end <= s.end);
            if !inside {
                if let Some(o) = timed.iter().find(|s| s.start < e.end && e.start < s.end) {
                    reported.push((place(e), format!("doctor {id} has overlapping rows: {} and {} (expected engagement inside a working shift, or apart from it)", show(e), show(o))));
                }
            }
        }
        for a in rows.iter().filter(|s| !s.timed) {
            if let Some(o) = timed
                .iter()
                .find(|s| s.date == a.date && s.kind.is_working())
            {
                let (x, y) = if a.line >= o.line { (*a, *o) } else { (*o, *a) };
                reported.push((place(x), format!("doctor {id} has overlapping rows: {} and {} (expected one row a day for an absence)", show(x), show(y))));
            }
        }
    }
    reported.sort_by(|a, b| (a.0.line(), &a.1).cmp(&(b.0.line(), &b.1)));
    for (p, msg) in reported {
        match clashes {
            Clashes::Refused => at.error(diags, &p, None, msg),
            Clashes::Read => {
                let msg = msg.replace(
                    "(expected one shift at a time)",
                    "(read as written: check reports it as rota_overlap)",
                );
                at.warning(diags, &p, None, msg);
            }
        }
    }
}
