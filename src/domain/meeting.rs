//! Engagement requirements and their occurrences (the contract's Definitions).

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

use super::kinds::StaffGroup;
use super::time::monday_of;

/// How often a meeting happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// Once in the period.
    Once,
    /// One per ISO week.
    Weekly,
    /// One per 14-day block from the Monday of the first week.
    Fortnightly,
    /// One per 28-day block from the Monday of the first week.
    Every4Weeks,
    /// One per calendar month.
    Monthly,
}

impl Cadence {
    /// Parses a cadence name.
    pub fn parse(s: &str) -> Option<Cadence> {
        Some(
            match s
                .trim()
                .to_ascii_lowercase()
                .replace(['-', ' '], "_")
                .as_str()
            {
                "once" => Cadence::Once,
                "weekly" => Cadence::Weekly,
                "fortnightly" => Cadence::Fortnightly,
                "every_4_weeks" | "four_weekly" | "4_weekly" => Cadence::Every4Weeks,
                "monthly" => Cadence::Monthly,
                _ => return None,
            },
        )
    }
}

/// Whether the invited share one occurrence or each take their own slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One shared occurrence per block.
    Group,
    /// One slot per invited doctor per block.
    Individual,
}

/// A fixed time for every occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixed {
    /// `Wed 12:30`.
    Weekday(Weekday, NaiveTime),
    /// `2026-01-07 12:30` (a `once` meeting).
    Date(NaiveDate, NaiveTime),
}

/// One engagement requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Minutes.
    pub duration: i64,
    /// How often.
    pub cadence: Cadence,
    /// Invited staff groups.
    pub audience: Vec<StaffGroup>,
    /// A department, or `None` for all (`*`).
    pub department: Option<String>,
    /// Allowed weekdays, Monday first.
    pub weekdays: [bool; 7],
    /// Start no earlier than this.
    pub earliest: NaiveTime,
    /// End no later than this.
    pub latest: NaiveTime,
    /// Fraction of the invited who must attend each occurrence.
    pub min_attendance: f64,
    /// Groups each needing one attendee at every occurrence.
    pub require_groups: Vec<StaffGroup>,
    /// A fixed time, if any.
    pub fixed: Option<Fixed>,
    /// Weight.
    pub priority: f64,
    /// First date of occurrences.
    pub from: Option<NaiveDate>,
    /// Last date of occurrences.
    pub until: Option<NaiveDate>,
    /// Shared or individual.
    pub format: Format,
    /// Source line.
    pub line: usize,
}

impl Meeting {
    /// Whether a doctor of this group and department is invited.
    pub fn invites(&self, group: StaffGroup, department: &str) -> bool {
        self.audience.contains(&group) && self.department.as_deref().is_none_or(|d| d == department)
    }

    /// Whether the meeting may be held on this weekday.
    pub fn allows_day(&self, day: Weekday) -> bool {
        match self.fixed {
            Some(Fixed::Weekday(w, _)) => w == day,
            _ => self.weekdays[day.num_days_from_monday() as usize],
        }
    }
}

impl Meeting {
    /// The meeting as a coordinator would set it by hand: one fixed weekday and time — the
    /// first allowed weekday at the earliest start — unless it already has a fixed time or is
    /// an individual requirement (each doctor's own slot, left to the solver).
    pub fn fixed_by_hand(&self) -> Meeting {
        let mut m = self.clone();
        // Individual slots are each doctor's own: no one time for everybody.
        if m.fixed.is_none() && m.format == Format::Group {
            let first = (0u8..7).find(|&i| m.weekdays[usize::from(i)]);
            if let Some(day) = first.and_then(|i| Weekday::try_from(i).ok()) {
                m.fixed = Some(Fixed::Weekday(day, m.earliest));
            }
        }
        m
    }
}

/// One occurrence of a meeting: a block of days in which it happens once.
#[derive(Debug, Clone, PartialEq)]
pub struct Occurrence {
    /// Index into the meetings.
    pub meeting: usize,
    /// `<meeting_id>@<block label>`.
    pub id: String,
    /// Days of the block on which it may be held.
    pub days: Vec<NaiveDate>,
}

/// The occurrences of every meeting over the period `first..=last`.
pub fn occurrences(meetings: &[Meeting], first: NaiveDate, last: NaiveDate) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for (mi, m) in meetings.iter().enumerate() {
        let lo = m.from.map_or(first, |f| f.max(first));
        let hi = m.until.map_or(last, |u| u.min(last));
        for (label, bstart, bend) in blocks(m.cadence, first, last) {
            let (s, e) = (bstart.max(lo), bend.min(hi));
            let mut days = Vec::new();
            let mut d = s;
            while d <= e {
                let ok = match m.fixed {
                    Some(Fixed::Date(fd, _)) => d == fd,
                    _ => m.allows_day(d.weekday()),
                };
                if ok {
                    days.push(d);
                }
                d += chrono::Duration::days(1);
            }
            if !days.is_empty() {
                out.push(Occurrence {
                    meeting: mi,
                    id: format!("{}@{}", m.id, label),
                    days,
                });
            }
        }
    }
    out
}

/// The blocks of a cadence over the period: (label, first, last).
fn blocks(
    cadence: Cadence,
    first: NaiveDate,
    last: NaiveDate,
) -> Vec<(String, NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let anchor = monday_of(first);
    match cadence {
        Cadence::Once => out.push(("once".to_string(), first, last)),
        Cadence::Weekly => {
            let mut s = anchor;
            while s <= last {
                let w = s.iso_week();
                out.push((
                    format!("{}-W{:02}", w.year(), w.week()),
                    s,
                    s + chrono::Duration::days(6),
                ));
                s += chrono::Duration::days(7);
            }
        }
        Cadence::Fortnightly | Cadence::Every4Weeks => {
            let len = if cadence == Cadence::Fortnightly {
                14
            } else {
                28
            };
            let mut s = anchor;
            while s <= last {
                out.push((
                    s.format("%Y-%m-%d").to_string(),
                    s,
                    s + chrono::Duration::days(len - 1),
                ));
                s += chrono::Duration::days(len);
            }
        }
        Cadence::Monthly => {
            let mut s = first.with_day(1).unwrap_or(first);
            while s <= last {
                let next = if s.month() == 12 {
                    NaiveDate::from_ymd_opt(s.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(s.year(), s.month() + 1, 1)
                };
                let Some(next) = next else { break };
                out.push((
                    s.format("%Y-%m").to_string(),
                    s,
                    next - chrono::Duration::days(1),
                ));
                s = next;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn meeting(cadence: Cadence) -> Meeting {
        Meeting {
            id: "m".into(),
            title: "M".into(),
            duration: 60,
            cadence,
            audience: vec![StaffGroup::Resident],
            department: None,
            weekdays: [true, true, true, true, true, false, false],
            earliest: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            latest: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            min_attendance: 0.0,
            require_groups: vec![],
            fixed: None,
            priority: 1.0,
            from: None,
            until: None,
            format: Format::Group,
            line: 2,
        }
    }

    #[test]
    fn occurrence_ids_and_blocks() {
        // Period Wed 2026-01-07 .. Sun 2026-02-08.
        let (f, l) = (d("2026-01-07"), d("2026-02-08"));
        let ids = |c| {
            occurrences(&[meeting(c)], f, l)
                .into_iter()
                .map(|o| o.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids(Cadence::Weekly),
            [
                "m@2026-W02",
                "m@2026-W03",
                "m@2026-W04",
                "m@2026-W05",
                "m@2026-W06"
            ]
        );
        assert_eq!(ids(Cadence::Monthly), ["m@2026-01", "m@2026-02"]);
        assert_eq!(
            ids(Cadence::Fortnightly),
            ["m@2026-01-05", "m@2026-01-19", "m@2026-02-02"]
        );
        assert_eq!(ids(Cadence::Every4Weeks), ["m@2026-01-05", "m@2026-02-02"]);
        assert_eq!(ids(Cadence::Once), ["m@once"]);
        // The first weekly block is clipped to the period: Wed-Fri only.
        let first = &occurrences(&[meeting(Cadence::Weekly)], f, l)[0];
        assert_eq!(
            first.days,
            [d("2026-01-07"), d("2026-01-08"), d("2026-01-09")]
        );
    }

    #[test]
    fn a_block_without_an_allowed_weekday_has_no_occurrence() {
        // The period ends on Saturday 2026-02-07 of W06... use a weekend-only tail.
        let (f, l) = (d("2026-01-05"), d("2026-01-11"));
        let mut m = meeting(Cadence::Weekly);
        m.from = Some(d("2026-01-10"));
        assert!(occurrences(&[m], f, l).is_empty());
    }
}
