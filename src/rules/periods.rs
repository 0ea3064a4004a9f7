//! Duty periods: a doctor's working rows merged where they touch or overlap (pieces of a cut
//! shift, engagement listed on top of a shift), with what the working-time rules ask of them.
//! On-call is kept apart: it counts towards hours but not towards shift length or rest.

use chrono::{Datelike, NaiveDate, Weekday};
use chrono_tz::Tz;

use crate::domain::time::{local, local_date, minutes_between_23_and_06, Min};
use crate::domain::{Kind, Shift};

/// One continuous stretch of work.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// Start.
    pub start: Min,
    /// End.
    pub end: Min,
    /// Local date it starts.
    pub date: NaiveDate,
    /// At least 3 hours between 23:00 and 06:00 (the 2016 terms' night).
    pub night: bool,
    /// Longer than 10 hours.
    pub long: bool,
    /// Any work between Saturday 00:00 and Sunday 24:00 (local); the Monday of that weekend.
    pub weekend: Option<NaiveDate>,
    /// Source line of the first row.
    pub line: usize,
}

impl Period {
    /// Elapsed minutes.
    pub fn minutes(&self) -> i64 {
        self.end - self.start
    }
}

/// The duty periods of one doctor's rows (sorted by start), on-call excluded.
pub fn periods(tz: Tz, rows: &[Shift]) -> Vec<Period> {
    merged(tz, rows, |s| s.kind.is_working() && s.kind != Kind::OnCall)
}

/// The on-call periods of one doctor's rows (sorted by start): `on_call` rows, merged where
/// they touch.
pub fn on_call_periods(tz: Tz, rows: &[Shift]) -> Vec<Period> {
    merged(tz, rows, |s| s.kind == Kind::OnCall)
}

/// The timed rows `keep` takes, merged where they touch or overlap.
fn merged(tz: Tz, rows: &[Shift], keep: impl Fn(&Shift) -> bool) -> Vec<Period> {
    let mut iv: Vec<(Min, Min, usize)> = rows
        .iter()
        .filter(|s| s.timed && keep(s))
        .map(|s| (s.start, s.end, s.line))
        .collect();
    iv.sort_unstable();
    let mut merged: Vec<(Min, Min, usize)> = Vec::new();
    for (s, e, l) in iv {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e, l)),
        }
    }
    merged
        .into_iter()
        .map(|(s, e, line)| period(tz, s, e, line))
        .collect()
}

/// One period from its instants, with what the rules ask of it.
fn period(tz: Tz, s: Min, e: Min, line: usize) -> Period {
    Period {
        start: s,
        end: e,
        date: local_date(tz, s),
        night: minutes_between_23_and_06(tz, s, e) >= 180,
        long: e - s > 600,
        weekend: weekend_of(tz, s, e),
        line,
    }
}

/// The weekend (its Saturday) a period works in, if any.
fn weekend_of(tz: Tz, s: Min, e: Min) -> Option<NaiveDate> {
    let mut t = s;
    while t < e {
        let l = local(tz, t);
        if matches!(l.weekday(), Weekday::Sat | Weekday::Sun) {
            let d = l.date_naive();
            let sat = if l.weekday() == Weekday::Sun {
                d - chrono::Duration::days(1)
            } else {
                d
            };
            return Some(sat);
        }
        t += 30;
    }
    None
}

/// An instant as a guardian reads it: `Mon 14 Jun 15:00`.
pub fn when(tz: Tz, m: Min) -> String {
    local(tz, m).format("%a %-d %b %H:%M").to_string()
}

/// A period as a guardian reads it: `Mon 14 Jun 17:00 to Tue 15 Jun 09:00 (16.0 h)`.
pub fn span(tz: Tz, p: &Period) -> String {
    format!(
        "{} to {} ({} h)",
        when(tz, p.start),
        when(tz, p.end),
        h(p.minutes())
    )
}

/// Minutes as a guardian reads them, exactly: `72 h`, `10 h 59 min`, `45 min`.
pub fn hm(minutes: i64) -> String {
    let (hh, mm) = (minutes.div_euclid(60), minutes.rem_euclid(60));
    match (hh, mm) {
        (0, m) => format!("{m} min"),
        (hh, 0) => format!("{hh} h"),
        (hh, m) => format!("{hh} h {m} min"),
    }
}

/// Hours with one decimal, for details.
pub fn h(minutes: i64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let x = minutes as f64 / 60.0;
    (x * 10.0).round() / 10.0
}

/// A period for unit tests: from a local date and time in Europe/London, so long; on call
/// or not makes no difference to a period.
#[cfg(test)]
pub(crate) fn at(date: &str, time: &str, hours: f64) -> Period {
    let tz = chrono_tz::Europe::London;
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a date");
    let t = chrono::NaiveTime::parse_from_str(time, "%H:%M").expect("a time");
    let (s, _) =
        crate::domain::time::to_instant(tz, d.and_time(t), crate::domain::time::Edge::Start)
            .expect("a real instant");
    #[allow(clippy::cast_possible_truncation)]
    let e = s + (hours * 60.0).round() as i64;
    period(tz, s, e, 0)
}
