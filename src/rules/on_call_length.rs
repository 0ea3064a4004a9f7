//! `tcs_on_call_length`: an on-call period is at most 24 hours (2016 TCS Schedule 3).

use super::periods::{h, span, Period};
use super::working_time::Out;
use super::Severity;

/// The longest on-call period, in minutes.
const LIMIT: i64 = 24 * 60;

/// Each on-call period longer than 24 h.
pub(crate) fn check(out: &mut Out<'_>, on_call: &[Period]) {
    for p in on_call {
        if p.minutes() > LIMIT {
            let tz = out.tz;
            out.add(
                "tcs_on_call_length",
                Severity::Error,
                p.start,
                p.end,
                h(p.minutes()),
                24.0,
                format!("an on-call period of {} h: {}", h(p.minutes()), span(tz, p)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::periods::at;
    use crate::rules::working_time::run;

    #[test]
    fn at_most_24_hours() {
        // (start, hours, found)
        for (time, hours, found) in [
            ("09:00", 23.9, false),
            ("09:00", 24.0, false),
            ("09:00", 24.1, true),
            ("08:00", 48.0, true),
        ] {
            let v = run(|o| check(o, &[at("2026-06-13", time, hours)]));
            assert_eq!(v.len(), usize::from(found), "{hours} h: {v:?}");
        }
        // Across the autumn change 09:00 to 09:00 is 25 hours.
        let v = run(|o| check(o, &[at("2026-10-24", "09:00", 25.0)]));
        assert_eq!(v[0].figure, Some(25.0));
        assert_eq!(
            v[0].detail,
            "an on-call period of 25 h: Sat 24 Oct 09:00 to Sun 25 Oct 09:00 (25 h)"
        );
    }
}
