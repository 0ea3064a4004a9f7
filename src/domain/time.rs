//! The one home of clock-change logic: local wall-clock rows become real instants.
//!
//! An instant is a [`Min`]: whole minutes since the Unix epoch, UTC. Every duration in the
//! crate is a difference of two instants, so a night across the October change is 13 hours
//! and one across the March change 11 hours.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// Minutes since 1970-01-01T00:00Z.
pub type Min = i64;

/// Why a local time could not become an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalTimeError {
    /// The local time falls in the spring-forward gap.
    Nonexistent,
}

/// What resolving a local time had to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// One instant had that local time.
    Unique,
    /// The autumn hour that happens twice: the earlier (start) or later (end) was taken.
    Ambiguous,
}

/// Whether a local time starts or ends an interval: an ambiguous start takes the earlier
/// instant, an ambiguous end the later one (the contract's rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// The start of an interval.
    Start,
    /// The end of an interval.
    End,
}

/// Turns a local date and time in `tz` into an instant.
pub fn to_instant(
    tz: Tz,
    local: NaiveDateTime,
    edge: Edge,
) -> Result<(Min, Resolution), LocalTimeError> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok((t.timestamp().div_euclid(60), Resolution::Unique)),
        LocalResult::Ambiguous(a, b) => {
            let t = if edge == Edge::Start {
                a.min(b)
            } else {
                a.max(b)
            };
            Ok((t.timestamp().div_euclid(60), Resolution::Ambiguous))
        }
        LocalResult::None => Err(LocalTimeError::Nonexistent),
    }
}

/// The instant of local midnight starting `date` (midnight always exists in the zones we
/// know; where it does not, the first minute after the gap is taken).
pub fn midnight(tz: Tz, date: NaiveDate) -> Min {
    let mut local = date.and_time(NaiveTime::MIN);
    for _ in 0..180 {
        if let Ok((m, _)) = to_instant(tz, local, Edge::Start) {
            return m;
        }
        local += chrono::Duration::minutes(1);
    }
    // Unreachable for real zones (no gap is longer than three hours); fall back to UTC.
    date.and_time(NaiveTime::MIN)
        .and_utc()
        .timestamp()
        .div_euclid(60)
}

/// The local date-time of an instant.
pub fn local(tz: Tz, m: Min) -> DateTime<Tz> {
    let utc = DateTime::from_timestamp(m * 60, 0).unwrap_or_default();
    utc.with_timezone(&tz)
}

/// The local date of an instant.
pub fn local_date(tz: Tz, m: Min) -> NaiveDate {
    local(tz, m).date_naive()
}

/// `HH:MM` of an instant in local time.
pub fn hhmm(tz: Tz, m: Min) -> String {
    local(tz, m).format("%H:%M").to_string()
}

/// RFC 3339 with offset, e.g. `2026-03-29T08:00:00+01:00`.
pub fn rfc3339(tz: Tz, m: Min) -> String {
    local(tz, m).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// The Monday of the ISO week holding `date`.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// A local interval `[start, end)` given as a date, a start time and an end time that may be
/// `24:00` or at/before the start (then the next day).
pub fn interval(
    tz: Tz,
    date: NaiveDate,
    start: NaiveTime,
    end: LocalEnd,
) -> Result<Interval, (Edge, LocalTimeError)> {
    let start_local = date.and_time(start);
    let end_local = match end {
        LocalEnd::Midnight => (date + chrono::Duration::days(1)).and_time(NaiveTime::MIN),
        LocalEnd::At(t) if t <= start => (date + chrono::Duration::days(1)).and_time(t),
        LocalEnd::At(t) => date.and_time(t),
    };
    let (s, rs) = to_instant(tz, start_local, Edge::Start).map_err(|e| (Edge::Start, e))?;
    let (e, re) = to_instant(tz, end_local, Edge::End).map_err(|e| (Edge::End, e))?;
    Ok(Interval {
        start: s,
        end: e,
        ambiguous_start: rs == Resolution::Ambiguous,
        ambiguous_end: re == Resolution::Ambiguous,
    })
}

/// An end time as written: a clock time, or `24:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalEnd {
    /// `HH:MM`; at or before the start means the next day.
    At(NaiveTime),
    /// `24:00`: the midnight that ends the date.
    Midnight,
}

/// A resolved local interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    /// First instant.
    pub start: Min,
    /// Instant after the last (exclusive).
    pub end: Min,
    /// The start fell in the repeated autumn hour.
    pub ambiguous_start: bool,
    /// The end fell in the repeated autumn hour.
    pub ambiguous_end: bool,
}

/// Minutes of `[start, end)` that fall between 23:00 and 06:00 local time: the 2016 terms'
/// night test is "at least 3 hours of work between 23:00 and 06:00".
pub fn minutes_between_23_and_06(tz: Tz, start: Min, end: Min) -> i64 {
    let mut total = 0;
    let first = local_date(tz, start) - chrono::Duration::days(1);
    let last = local_date(tz, end);
    let mut d = first;
    while d <= last {
        let a = to_instant(tz, d.and_hms_opt(23, 0, 0).unwrap_or_default(), Edge::Start)
            .map_or(midnight(tz, d) + 23 * 60, |x| x.0);
        let next = d + chrono::Duration::days(1);
        let b = to_instant(tz, next.and_hms_opt(6, 0, 0).unwrap_or_default(), Edge::End)
            .map_or(midnight(tz, next) + 6 * 60, |x| x.0);
        total += (end.min(b) - start.max(a)).max(0);
        d = next;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn night_length_across_clock_changes() {
        #[track_caller]
        fn case(date: &str, start: &str, end: &str, minutes: i64) {
            let i = interval(
                chrono_tz::Europe::London,
                d(date),
                t(start),
                LocalEnd::At(t(end)),
            )
            .unwrap();
            assert_eq!(i.end - i.start, minutes, "{date} {start}-{end}");
        }
        case("2026-10-24", "20:00", "08:00", 13 * 60);
        case("2026-03-28", "20:00", "08:00", 11 * 60);
        case("2026-03-28", "20:00", "08:30", 11 * 60 + 30);
        case("2026-10-24", "21:00", "09:00", 13 * 60);
        case("2026-06-10", "20:00", "08:00", 12 * 60);
        case("2026-06-10", "08:00", "20:30", 12 * 60 + 30);
        case("2026-06-10", "09:00", "09:00", 24 * 60);
    }

    #[test]
    fn midnight_end_is_the_next_day() {
        let tz = chrono_tz::Europe::London;
        let i = interval(tz, d("2026-06-10"), t("14:00"), LocalEnd::Midnight).unwrap();
        assert_eq!(i.end - i.start, 10 * 60);
        assert_eq!(i.end, midnight(tz, d("2026-06-11")));
    }

    #[test]
    fn spring_gap_is_an_error_and_autumn_hour_is_resolved() {
        let tz = chrono_tz::Europe::London;
        let gap = interval(tz, d("2026-03-29"), t("01:30"), LocalEnd::At(t("09:00")));
        assert_eq!(gap, Err((Edge::Start, LocalTimeError::Nonexistent)));
        // 01:30 on 25 October 2026 happens twice: a start takes the first, an end the second.
        let s = interval(tz, d("2026-10-25"), t("01:30"), LocalEnd::At(t("05:00"))).unwrap();
        assert!(s.ambiguous_start);
        assert_eq!(s.end - s.start, 4 * 60 + 30);
        let e = interval(tz, d("2026-10-24"), t("22:00"), LocalEnd::At(t("01:30"))).unwrap();
        assert!(e.ambiguous_end);
        assert_eq!(e.end - e.start, 4 * 60 + 30);
    }

    #[test]
    fn night_test_counts_local_hours() {
        let tz = chrono_tz::Europe::London;
        let n = interval(tz, d("2026-06-10"), t("20:00"), LocalEnd::At(t("08:00"))).unwrap();
        assert_eq!(minutes_between_23_and_06(tz, n.start, n.end), 7 * 60);
        let tw = interval(tz, d("2026-06-10"), t("14:00"), LocalEnd::Midnight).unwrap();
        assert_eq!(minutes_between_23_and_06(tz, tw.start, tw.end), 60);
        let day = interval(tz, d("2026-06-10"), t("08:00"), LocalEnd::At(t("17:00"))).unwrap();
        assert_eq!(minutes_between_23_and_06(tz, day.start, day.end), 0);
    }

    #[test]
    fn rfc3339_has_the_offset() {
        let tz = chrono_tz::Europe::London;
        let s = interval(tz, d("2026-07-01"), t("12:30"), LocalEnd::At(t("13:30"))).unwrap();
        assert_eq!(rfc3339(tz, s.start), "2026-07-01T12:30:00+01:00");
        let w = interval(tz, d("2026-01-07"), t("12:30"), LocalEnd::At(t("13:30"))).unwrap();
        assert_eq!(rfc3339(tz, w.start), "2026-01-07T12:30:00+00:00");
    }
}
