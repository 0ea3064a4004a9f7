//! `tcs_after_on_call`: the day after an on-call period is rostered for at most 10 hours
//! (2016 TCS Schedule 3). "The day after" is the local date after the one the period starts
//! on (Tuesday after Monday evening's on call); its hours are the duty periods starting then.

use chrono::Duration;

use super::periods::{h, hm, span, Period};
use super::working_time::Out;
use super::Severity;

/// Most minutes rostered on the day after an on-call period.
const LIMIT: i64 = 10 * 60;

/// Each day after an on-call period rostered for more than 10 h.
pub(crate) fn check(out: &mut Out<'_>, on_call: &[Period], duty: &[Period]) {
    for oc in on_call {
        let day = oc.date + Duration::days(1);
        let work: Vec<&Period> = duty.iter().filter(|p| p.date == day).collect();
        let total: i64 = work.iter().map(|p| p.minutes()).sum();
        if total > LIMIT {
            let tz = out.tz;
            let parts: Vec<String> = work.iter().map(|p| hm(p.minutes())).collect();
            out.add(
                "tcs_after_on_call",
                Severity::Error,
                work[0].start,
                work[work.len() - 1].end,
                h(total),
                10.0,
                format!(
                    "{} after on call {}: {} shift{}, {} = {}",
                    day.format("%a %-d %b"),
                    span(tz, oc),
                    work.len(),
                    if work.len() == 1 { "" } else { "s" },
                    parts.join(" + "),
                    hm(total)
                ),
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
    fn at_most_10_hours_the_day_after() {
        let oc = [at("2026-06-08", "17:00", 15.0)];
        // (work on the day after, found)
        for (work, found) in [
            (vec![at("2026-06-09", "09:00", 9.9)], false),
            (vec![at("2026-06-09", "09:00", 10.0)], false),
            (vec![at("2026-06-09", "09:00", 10.1)], true),
            (
                vec![
                    at("2026-06-09", "08:00", 6.0),
                    at("2026-06-09", "18:00", 5.0),
                ],
                true,
            ),
            // Two days after: another day.
            (vec![at("2026-06-10", "08:00", 12.5)], false),
        ] {
            let v = run(|o| check(o, &oc, &work));
            assert_eq!(v.len(), usize::from(found), "{work:?}: {v:?}");
        }
        let work = [
            at("2026-06-09", "08:00", 6.0),
            at("2026-06-09", "18:00", 5.0),
        ];
        let v = run(|o| check(o, &oc, &work));
        assert_eq!(
            v[0].detail,
            "Tue 9 Jun after on call Mon 8 Jun 17:00 to Tue 9 Jun 08:00 (15 h): 2 shifts, 6 h + 5 h = 11 h"
        );
    }
}
