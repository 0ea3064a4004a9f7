//! Parsers for single cells: dates, times, numbers, weekdays. Each returns the message the
//! user sees on failure ("found ... (expected ...)").

use chrono::{NaiveDate, NaiveTime, Weekday};

use crate::domain::time::LocalEnd;
use crate::domain::StaffGroup;

/// `YYYY-MM-DD` or `DD/MM/YYYY` (UK spreadsheet style).
pub fn date(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    let parsed = if t.contains('/') {
        NaiveDate::parse_from_str(t, "%d/%m/%Y")
            .ok()
            .filter(|_| t.rsplit('/').next().is_some_and(|y| y.len() == 4))
    } else if t.len() == 10 {
        NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
    } else {
        None
    };
    // Years far from now are typing slips, and would overflow date arithmetic.
    parsed
        .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| format!("{t:?} is not a date (expected YYYY-MM-DD or DD/MM/YYYY)"))
}

/// `HH:MM` or `H:MM` (an optional `:00` seconds part, as spreadsheets write, is accepted).
pub fn time(s: &str) -> Result<NaiveTime, String> {
    let t = s.trim();
    let err = || format!("{t:?} is not a time (expected HH:MM)");
    let mut parts = t.split(':');
    let (Some(h), Some(m)) = (parts.next(), parts.next()) else {
        return Err(err());
    };
    let sec = parts.next();
    if parts.next().is_some() || sec.is_some_and(|x| x != "00") {
        return Err(err());
    }
    let ok =
        |x: &str, n: usize| (1..=n).contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit());
    if !ok(h, 2) || m.len() != 2 || !ok(m, 2) {
        return Err(err());
    }
    let (h, m): (u32, u32) = (h.parse().map_err(|_| err())?, m.parse().map_err(|_| err())?);
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(err)
}

/// An end time: `HH:MM`, or `24:00`.
pub fn end_time(s: &str) -> Result<LocalEnd, String> {
    let t = s.trim();
    if t == "24:00" || t == "24:00:00" {
        return Ok(LocalEnd::Midnight);
    }
    time(t).map(LocalEnd::At)
}

/// A number in a range.
pub fn number(s: &str, lo: f64, hi: f64, what: &str) -> Result<f64, String> {
    let t = s.trim();
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= lo && v <= hi => Ok(v),
        _ => Err(format!("{t:?} is not {what}")),
    }
}

/// A whole number in a range.
pub fn integer(s: &str, lo: i64, hi: i64, what: &str) -> Result<i64, String> {
    let t = s.trim();
    match t.parse::<i64>() {
        Ok(v) if v >= lo && v <= hi => Ok(v),
        _ => Err(format!("{t:?} is not {what}")),
    }
}

/// A weekday name, `Mon` or `Monday`.
pub fn weekday(s: &str) -> Option<Weekday> {
    let t = s.trim().to_ascii_lowercase();
    let days = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let long = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    (0..7)
        .find(|&i| t == names[i] || t == long[i] || (t.len() >= 3 && long[i].starts_with(&t)))
        .map(|i| days[i])
}

/// Weekdays: `Mon-Fri`, `Tue;Thu`, `Mon,Wed,Fri`, `all`, `weekdays`, `weekends`.
pub fn weekdays(s: &str) -> Result<[bool; 7], String> {
    let t = s.trim();
    let err = || format!("{t:?} is not a list of weekdays (expected e.g. Mon-Fri or Tue;Thu)");
    match t.to_ascii_lowercase().as_str() {
        "all" | "*" | "daily" => return Ok([true; 7]),
        "weekdays" => return Ok([true, true, true, true, true, false, false]),
        "weekends" | "weekend" => return Ok([false, false, false, false, false, true, true]),
        _ => {}
    }
    let mut out = [false; 7];
    for part in t
        .split([';', ',', ' ', '/'])
        .filter(|p| !p.trim().is_empty())
    {
        if let Some((a, b)) = part.split_once('-') {
            let (a, b) = (weekday(a).ok_or_else(err)?, weekday(b).ok_or_else(err)?);
            let (a, b) = (a.num_days_from_monday(), b.num_days_from_monday());
            let mut i = a;
            loop {
                out[i as usize] = true;
                if i == b {
                    break;
                }
                i = (i + 1) % 7;
            }
        } else {
            out[weekday(part).ok_or_else(err)?.num_days_from_monday() as usize] = true;
        }
    }
    if out.iter().any(|&x| x) {
        Ok(out)
    } else {
        Err(err())
    }
}

/// A list of staff groups, `;`-separated, or `all`.
pub fn groups(s: &str) -> Result<Vec<StaffGroup>, String> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("all") || t == "*" {
        return Ok(StaffGroup::ALL.to_vec());
    }
    let mut out = Vec::new();
    for part in t
        .split([';', ',', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let g = StaffGroup::parse(part).ok_or_else(|| {
            format!(
                "{part:?} is not a staff group (expected resident, sas, consultant, other or all)"
            )
        })?;
        if !out.contains(&g) {
            out.push(g);
        }
    }
    Ok(out)
}

/// `Name <address>` or a bare address.
pub fn organizer(s: &str) -> Result<(String, String), String> {
    let s = s.trim();
    let (name, email) = match s.rsplit_once('<') {
        Some((name, rest)) => (name.trim(), rest.trim_end_matches('>').trim()),
        None => ("", s),
    };
    if !email.contains('@') || email.contains([' ', ':', '<', '>']) {
        return Err(format!(
            "{s:?} is not an organiser (expected \"Name <address@trust.nhs.uk>\")"
        ));
    }
    let name = if name.is_empty() { email } else { name };
    Ok((name.trim_matches('"').to_string(), email.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            date("2026-01-07"),
            Ok(NaiveDate::from_ymd_opt(2026, 1, 7).unwrap())
        );
        assert_eq!(
            date("07/01/2026"),
            Ok(NaiveDate::from_ymd_opt(2026, 1, 7).unwrap())
        );
        assert_eq!(
            date("7/1/2026"),
            Ok(NaiveDate::from_ymd_opt(2026, 1, 7).unwrap())
        );
        assert_eq!(
            date("2026-13-01"),
            Err("\"2026-13-01\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)".into())
        );
        assert!(date("01/07/26").is_err());
        assert!(date("31/12/9999").is_err());
        assert!(date("0026-01-07").is_err());
        assert!(date("").is_err());
    }

    #[test]
    fn times() {
        assert_eq!(time("8:00"), Ok(NaiveTime::from_hms_opt(8, 0, 0).unwrap()));
        assert_eq!(
            time("08:30:00"),
            Ok(NaiveTime::from_hms_opt(8, 30, 0).unwrap())
        );
        assert_eq!(
            time("25:00"),
            Err("\"25:00\" is not a time (expected HH:MM)".into())
        );
        assert!(time("8").is_err());
        assert!(time("08:3").is_err());
        assert!(time("24:00").is_err());
        assert_eq!(end_time("24:00"), Ok(LocalEnd::Midnight));
    }

    #[test]
    fn weekday_lists() {
        assert_eq!(
            weekdays("Mon-Fri"),
            Ok([true, true, true, true, true, false, false])
        );
        assert_eq!(
            weekdays("Tue;Thu"),
            Ok([false, true, false, true, false, false, false])
        );
        assert_eq!(
            weekdays("Sat-Mon"),
            Ok([true, false, false, false, false, true, true])
        );
        assert!(weekdays("Funday").is_err());
    }

    #[test]
    fn group_lists() {
        assert_eq!(
            groups("resident;sas"),
            Ok(vec![StaffGroup::Resident, StaffGroup::Sas])
        );
        assert_eq!(groups("all").map(|g| g.len()), Ok(4));
        assert!(groups("nurses").is_err());
    }
}
