//! Doctors and their rostered rows, resolved to instants.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::kinds::{Kind, StaffGroup};
use super::time::Min;

/// Index of a doctor in [`Rota::doctors`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DoctorIdx(pub u32);

impl DoctorIdx {
    /// As a `usize` index.
    pub fn ix(self) -> usize {
        self.0 as usize
    }
}

/// A doctor on the rota.
#[derive(Debug, Clone, PartialEq)]
pub struct Doctor {
    /// Stable identifier (staff or GMC number).
    pub id: String,
    /// Display name (may be empty).
    pub name: String,
    /// Grade as written.
    pub grade: String,
    /// Staff group, given or inferred from the grade.
    pub group: StaffGroup,
    /// Department (`default` when not given).
    pub department: String,
    /// Email for calendar invitations.
    pub email: Option<String>,
    /// Contracted fraction, 0-1.
    pub fte: f64,
}

/// One rostered row: a shift, a piece of one, or an absence.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    /// Whose row.
    pub doctor: DoctorIdx,
    /// The local date the row starts.
    pub date: NaiveDate,
    /// First instant.
    pub start: Min,
    /// Instant after the last.
    pub end: Min,
    /// False for a whole-day absence written without times.
    pub timed: bool,
    /// What the row is.
    pub kind: Kind,
    /// The shift code, where one was given.
    pub code: Option<String>,
    /// For engagement rows: the meeting.
    pub meeting_id: Option<String>,
    /// For engagement rows: the occurrence.
    pub occurrence_id: Option<String>,
    /// For engagement rows: the kind of the working shift it lies in or was cut from, if any.
    pub within: Option<Kind>,
    /// 1-based line in the source file (0 when made by the tool).
    pub line: usize,
}

impl Shift {
    /// Elapsed minutes.
    pub fn minutes(&self) -> i64 {
        self.end - self.start
    }
}

/// Intervals per doctor, indexed by [`DoctorIdx`].
pub type PerDoctor = Vec<Vec<(Min, Min)>>;

/// A whole rota: doctors and rows, sorted by doctor then start.
#[derive(Debug, Clone)]
pub struct Rota {
    /// The rota's time zone.
    pub tz: Tz,
    /// Doctors in order of first appearance.
    pub doctors: Vec<Doctor>,
    /// Rows sorted by doctor, then start, then end.
    pub shifts: Vec<Shift>,
    /// First date of the rota period.
    pub first: NaiveDate,
    /// Last date of the rota period (inclusive).
    pub last: NaiveDate,
    /// Remarks written in the rota's cells, kept with it and read by nothing else.
    pub notes: Vec<Note>,
}

/// A remark written in a doctor's cell of a rota (`22312`, `Gristbury starts`, `clinic /
/// ?AL`): kept with the rota, so that nothing the sheet holds is lost, and written back
/// with it (kind `note`); no shift: no rule, cover count or schedule reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Whose cell.
    pub doctor: DoctorIdx,
    /// The cell's date.
    pub date: NaiveDate,
    /// The cell's text.
    pub text: String,
    /// The line it was read from.
    pub line: usize,
}

impl Rota {
    /// Builds a rota, sorting rows and working out where engagement rows sit.
    pub fn new(tz: Tz, doctors: Vec<Doctor>, mut shifts: Vec<Shift>) -> Rota {
        shifts.sort_by(|a, b| {
            (a.doctor, a.start, a.end, a.kind == Kind::Engagement).cmp(&(
                b.doctor,
                b.start,
                b.end,
                b.kind == Kind::Engagement,
            ))
        });
        let first = shifts.iter().map(|s| s.date).min().unwrap_or_default();
        let last = shifts.iter().map(|s| s.date).max().unwrap_or_default();
        let mut rota = Rota {
            tz,
            doctors,
            shifts,
            first,
            last,
            notes: Vec::new(),
        };
        rota.place_engagement();
        rota
    }

    /// Number of days in the rota period.
    pub fn period_days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    /// The doctor with this id.
    pub fn doctor(&self, id: &str) -> Option<DoctorIdx> {
        let i = self.doctors.iter().position(|d| d.id == id)?;
        u32::try_from(i).ok().map(DoctorIdx)
    }

    /// The rows of one doctor (a slice, as rows are sorted by doctor).
    pub fn shifts_of(&self, d: DoctorIdx) -> &[Shift] {
        let lo = self.shifts.partition_point(|s| s.doctor < d);
        let hi = self.shifts.partition_point(|s| s.doctor <= d);
        &self.shifts[lo..hi]
    }

    /// Per doctor: intervals on clinical duty in the baseline (engagement cut from or listed on
    /// top of clinical duty counts as duty) and intervals already released from it.
    pub fn duty_intervals(&self) -> (PerDoctor, PerDoctor) {
        let n = self.doctors.len();
        let (mut clinical, mut released) = (vec![Vec::new(); n], vec![Vec::new(); n]);
        for s in &self.shifts {
            let d = s.doctor.ix();
            if s.kind.is_clinical() {
                clinical[d].push((s.start, s.end));
            } else if s.kind == Kind::Engagement && s.within.is_some_and(Kind::is_clinical) {
                clinical[d].push((s.start, s.end));
                released[d].push((s.start, s.end));
            }
        }
        for c in &mut clinical {
            *c = super::cover::merge(std::mem::take(c));
        }
        (clinical, released)
    }

    /// Sets [`Shift::within`] on engagement rows: the kind of the working row that contains
    /// it, or of the row it was cut from (same code, touching it, as `adjusted_rota.csv`
    /// writes pieces).
    fn place_engagement(&mut self) {
        let mut lo = 0;
        while lo < self.shifts.len() {
            let d = self.shifts[lo].doctor;
            let hi = lo + self.shifts[lo..].partition_point(|s| s.doctor == d);
            let rows = &self.shifts[lo..hi];
            let within: Vec<Option<Kind>> = rows
                .iter()
                .map(|e| {
                    if e.kind != Kind::Engagement {
                        return None;
                    }
                    container_kind(rows, e)
                })
                .collect();
            for (row, w) in self.shifts[lo..hi].iter_mut().zip(within) {
                if row.kind == Kind::Engagement {
                    row.within = w;
                }
            }
            lo = hi;
        }
    }
}

/// The kind of the working shift an engagement row lies in, if any.
fn container_kind(rows: &[Shift], e: &Shift) -> Option<Kind> {
    let working = |s: &&Shift| s.kind != Kind::Engagement && s.kind.is_working() && s.timed;
    if let Some(c) = rows
        .iter()
        .filter(working)
        .find(|s| s.start <= e.start && e.end <= s.end)
    {
        return Some(c.kind);
    }
    // A cut piece: walk over touching rows with the same code (or both without one) until a
    // working piece.
    let same = |s: &Shift| s.code == e.code;
    let mut edge = e.start;
    let mut back = true;
    let mut fwd_edge = e.end;
    for _ in 0..rows.len() {
        let mut moved = false;
        if back {
            if let Some(p) = rows.iter().find(|s| same(s) && s.end == edge && s.timed) {
                if p.kind != Kind::Engagement && p.kind.is_working() {
                    return Some(p.kind);
                }
                if p.kind == Kind::Engagement {
                    edge = p.start;
                    moved = true;
                } else {
                    back = false;
                }
            } else {
                back = false;
            }
        }
        if let Some(n) = rows
            .iter()
            .find(|s| same(s) && s.start == fwd_edge && s.timed)
        {
            if n.kind != Kind::Engagement && n.kind.is_working() {
                return Some(n.kind);
            }
            if n.kind == Kind::Engagement {
                fwd_edge = n.end;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    None
}
