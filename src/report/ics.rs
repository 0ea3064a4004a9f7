//! `engagement.ics` (RFC 5545, written with the `ics` crate): one event per placed occurrence,
//! times with TZID and a VTIMEZONE built from the zone's real transitions over the period,
//! stable UIDs holding the occurrence id, attendees by name and email where known, and a
//! description saying what the time is for (principle 3: open and transparent). Also one
//! calendar per doctor with just their engagement.

use std::collections::BTreeMap;

use chrono::Offset;
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use ics::parameters::{Role, TzIDParam, CN};
use ics::properties::{
    Attendee, CalScale, Categories, Description, DtEnd, DtStart, Method, Organizer, Sequence,
    Status, Summary, Transp, TzName,
};
use ics::{Daylight, Event, ICalendar, Standard, TimeZone};

use crate::domain::meeting::{Format, Meeting};
use crate::domain::time::{local, midnight, Min};
use crate::domain::{DoctorIdx, Rota, StaffGroup};
use crate::plan::{Placed, Schedule};

fn offset_minutes(tz: Tz, m: Min) -> i32 {
    local(tz, m).offset().fix().local_minus_utc() / 60
}

fn fmt_offset(min: i32) -> String {
    let sign = if min < 0 { '-' } else { '+' };
    format!("{sign}{:02}{:02}", min.abs() / 60, min.abs() % 60)
}

/// The zone as a VTIMEZONE: the offset at the start of the period, then every transition in it.
fn timezone(rota: &Rota) -> TimeZone<'static> {
    let tz = rota.tz;
    let t0 = midnight(tz, rota.first - chrono::Duration::days(7));
    let t1 = midnight(tz, rota.last + chrono::Duration::days(8));
    let observance = |at: Min, from: i32, to: i32| -> (bool, String, String, String, String) {
        let dst = !local(tz, at).offset().dst_offset().is_zero();
        let name = local(tz, at)
            .offset()
            .abbreviation()
            .unwrap_or("")
            .to_string();
        // DTSTART of an observance is the local time in the offset before it (02:00 for the
        // October change in London, 01:00 for the March one).
        let start = chrono::DateTime::from_timestamp((at + i64::from(from)) * 60, 0)
            .unwrap_or_default()
            .naive_utc()
            .format("%Y%m%dT%H%M%S")
            .to_string();
        (dst, start, fmt_offset(from), fmt_offset(to), name)
    };
    let mut obs = vec![observance(
        t0,
        offset_minutes(tz, t0),
        offset_minutes(tz, t0),
    )];
    let mut t = t0;
    while t < t1 {
        let next = t + 60;
        let (a, b) = (offset_minutes(tz, t), offset_minutes(tz, next));
        if a != b {
            // The change happens in (t, next]: find the minute.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if offset_minutes(tz, mid) == a {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            obs.push(observance(hi, a, b));
        }
        t = next;
    }
    let mut zone: Option<TimeZone<'static>> = None;
    for (dst, start, from, to, name) in obs {
        let add_name = |p: &mut Vec<TzName<'static>>| {
            if !name.is_empty() {
                p.push(TzName::new(name.clone()));
            }
        };
        let mut names = Vec::new();
        add_name(&mut names);
        if dst {
            let mut d = Daylight::new(start, from, to);
            names.into_iter().for_each(|n| d.push(n));
            match &mut zone {
                Some(z) => z.add_daylight(d),
                None => zone = Some(TimeZone::daylight(tz.name().to_string(), d)),
            }
        } else {
            let mut s = Standard::new(start, from, to);
            names.into_iter().for_each(|n| s.push(n));
            match &mut zone {
                Some(z) => z.add_standard(s),
                None => zone = Some(TimeZone::standard(tz.name().to_string(), s)),
            }
        }
    }
    zone.unwrap_or_else(|| {
        TimeZone::standard(
            tz.name().to_string(),
            Standard::new("19700101T000000", "+0000", "+0000"),
        )
    })
}

fn audience(m: &Meeting) -> String {
    let groups: Vec<&str> = m
        .audience
        .iter()
        .map(|g| match g {
            StaffGroup::Resident => "resident doctors",
            StaffGroup::Sas => "SAS doctors",
            StaffGroup::Consultant => "consultants",
            StaffGroup::Other => "other staff",
        })
        .collect();
    let dept = m
        .department
        .as_deref()
        .map_or("all departments".to_string(), |d| {
            format!("the {d} department")
        });
    let list = match groups.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => groups.join(""),
    };
    format!("{list} of {dept}")
}

/// How one event stands against the calendar already sent (a re-plan): `SEQUENCE`, `DTSTAMP`
/// and `STATUS`, and for an update the organiser it comes from.
#[derive(Debug, Clone, Default)]
pub struct Stamp {
    /// `SEQUENCE`.
    pub sequence: u32,
    /// `DTSTAMP`; `None`: the stable stamp (the period's first midnight, UTC).
    pub stamp: Option<String>,
    /// `STATUS:CANCELLED`.
    pub cancelled: bool,
    /// For an update (`METHOD:REQUEST` or `CANCEL`): the organiser's name and address; the
    /// doctor is then named as attendee even without an address in the rota.
    pub organizer: Option<(String, String)>,
}

fn event(
    rota: &Rota,
    m: &Meeting,
    occ_id: &str,
    p: &Placed,
    invited: usize,
    only: Option<DoctorIdx>,
    st: &Stamp,
) -> Event<'static> {
    let tz = rota.tz;
    let when = |t: Min| {
        local(tz, t)
            .naive_local()
            .format("%Y%m%dT%H%M%S")
            .to_string()
    };
    // A stable stamp (the period's first midnight, UTC) keeps the file the same for the same input.
    let stamp = st.stamp.clone().unwrap_or_else(|| {
        chrono::DateTime::from_timestamp(midnight(tz, rota.first) * 60, 0)
            .unwrap_or_default()
            .format("%Y%m%dT%H%M%SZ")
            .to_string()
    });
    let solo = m.format == Format::Individual;
    let uid = uid(rota, occ_id, only.filter(|_| !solo));
    let mut e = Event::new(uid, stamp);
    let mut start = DtStart::new(when(p.start));
    start.add(TzIDParam::new(tz.name().to_string()));
    let mut end = DtEnd::new(when(p.end));
    end.add(TzIDParam::new(tz.name().to_string()));
    e.push(start);
    e.push(end);
    e.push(Summary::new(ics::escape_text(m.title.clone())));
    let text = if solo {
        format!(
            "Your own protected time in the rota (BMA principle 2: time to engage within job roles): \
             {}, an individual slot for {}, taken on your own. You are released from your rostered \
             shift for it; clinical cover is kept. Slot {occ_id}.",
            m.title,
            audience(m),
        )
    } else {
        format!(
            "Protected engagement time in the rota (BMA principle 2: time to engage within job roles). \
             {} for {}. Those attending are released from their rostered shift for it; clinical cover is kept. \
             {} of {invited} invited are released. Occurrence {occ_id}.",
            m.title,
            audience(m),
            p.attendees.len()
        )
    };
    e.push(Description::new(ics::escape_text(text)));
    e.push(Categories::new("Engagement"));
    // Raised by a re-plan when the event's time changes.
    e.push(Sequence::new(st.sequence.to_string()));
    e.push(if st.cancelled {
        Status::cancelled()
    } else {
        Status::confirmed()
    });
    e.push(Transp::opaque());
    if let Some((name, email)) = &st.organizer {
        let mut o = Organizer::new(format!("mailto:{email}"));
        o.add(CN::new(format!("\"{}\"", name.replace('"', "'"))));
        e.push(o);
    }
    for &(d, _) in &p.attendees {
        if only.is_some_and(|o| o != d) {
            continue;
        }
        let doc = &rota.doctors[d.ix()];
        // An update names its doctor even without an address (one that can never be sent to).
        let email = doc.email.clone().or_else(|| {
            st.organizer
                .as_ref()
                .map(|_| format!("{}@unknown.invalid", file_safe(&doc.id)))
        });
        if let Some(email) = email {
            let mut a = Attendee::new(format!("mailto:{email}"));
            let name = if doc.name.is_empty() {
                doc.id.clone()
            } else {
                doc.name.clone()
            };
            a.add(CN::new(format!("\"{}\"", name.replace('"', "'"))));
            a.add(Role::new("REQ-PARTICIPANT"));
            e.push(a);
        }
    }
    e
}

/// An event's UID: the occurrence's, or, in a doctor's own calendar, the occurrence's and the
/// doctor's (an individual slot's id already names its doctor).
pub fn uid(rota: &Rota, occ_id: &str, only: Option<DoctorIdx>) -> String {
    match only {
        Some(d) => format!("{occ_id}@{}@rota-engage", rota.doctors[d.ix()].id),
        None => format!("{occ_id}@rota-engage"),
    }
}

/// A doctor id as a file name.
pub fn file_safe(id: &str) -> String {
    id.chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || ch == '-' || ch == '_' {
                ch
            } else {
                '_'
            }
        })
        .collect()
}

fn calendar(rota: &Rota, name: &str) -> ICalendar<'static> {
    calendar_with(rota, name, "PUBLISH")
}

fn calendar_with(rota: &Rota, name: &str, method: &str) -> ICalendar<'static> {
    let mut c = ICalendar::new("2.0", "-//rota-engage//protected engagement time//EN");
    c.push(CalScale::new("GREGORIAN"));
    c.push(Method::new(method.to_string()));
    c.push(ics::components::Property::new(
        "X-WR-CALNAME",
        ics::escape_text(name.to_string()),
    ));
    c.add_timezone(timezone(rota));
    c
}

fn bytes(c: &ICalendar<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = c.write(&mut out);
    fold(&String::from_utf8_lossy(&out)).into_bytes()
}

/// Folds every content line at 75 octets (RFC 5545 §3.1), the leading space of a continuation
/// line included, never inside a UTF-8 character. The `ics` crate folds its continuation lines
/// at 76 octets, so its output is unfolded and folded again here.
pub(super) fn fold(text: &str) -> String {
    const LIMIT: usize = 75;
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 64 * 3);
    for line in unfolded.split_terminator("\r\n") {
        let mut rest = line;
        let mut room = LIMIT;
        loop {
            if rest.len() <= room {
                out.push_str(rest);
                break;
            }
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            room = LIMIT - 1;
        }
        out.push_str("\r\n");
    }
    out
}

/// `engagement.ics`: one event per placed occurrence; in a re-plan (`calendar` given) also
/// the cancelled ones, with each event's sequence and stamp as [`super::replan`] works out.
pub fn calendar_file(
    rota: &Rota,
    meetings: &[Meeting],
    sched: &Schedule,
    replan: Option<&super::replan::Calendar>,
) -> Vec<u8> {
    let mut c = calendar(rota, "Protected engagement time");
    let plain = Stamp::default();
    for (i, (plan, p)) in sched.prep.occs.iter().zip(&sched.placed).enumerate() {
        let st = replan.and_then(|r| r.stamps.get(&i));
        match (p, st) {
            (Some(p), st) => c.add_event(event(
                rota,
                &meetings[plan.occ.meeting],
                &plan.occ.id,
                p,
                plan.invited.len(),
                None,
                st.unwrap_or(&plain),
            )),
            (None, Some(st)) if st.cancelled => {
                if let Some(was) = replan.and_then(|r| r.was.get(&i)) {
                    c.add_event(event(
                        rota,
                        &meetings[plan.occ.meeting],
                        &plan.occ.id,
                        was,
                        plan.invited.len(),
                        None,
                        st,
                    ));
                }
            }
            _ => {}
        }
    }
    let mut text = String::from_utf8_lossy(&bytes(&c)).into_owned();
    // Events already cancelled before, or of occurrences no longer in the problem, as they
    // were sent (the `ics` crate builds no event from text): before the calendar's end.
    if let Some(r) = replan.filter(|r| !r.carried.is_empty()) {
        if let Some(at) = text.rfind("END:VCALENDAR") {
            text.insert_str(at, &fold(&r.carried.concat()));
        }
    }
    text.into_bytes()
}

/// One update per file (Outlook applies only single-event files): `(file name under
/// `updates/`, bytes)`, `METHOD:REQUEST` for an event a doctor is to attend at its time now,
/// `METHOD:CANCEL` for one they no longer attend.
pub fn update_file(
    rota: &Rota,
    m: &Meeting,
    occ_id: &str,
    p: &Placed,
    invited: usize,
    doctor: DoctorIdx,
    st: &Stamp,
) -> Vec<u8> {
    let method = if st.cancelled { "CANCEL" } else { "REQUEST" };
    let mut c = calendar_with(
        rota,
        &format!("Protected engagement time: {}", m.title),
        method,
    );
    c.add_event(event(rota, m, occ_id, p, invited, Some(doctor), st));
    bytes(&c)
}

/// A `METHOD:CANCEL` calendar around an event given as (unfolded) text.
pub fn cancel_calendar(rota: &Rota, raw_event: &str) -> Vec<u8> {
    let c = calendar_with(rota, "Protected engagement time", "CANCEL");
    let mut text = String::from_utf8_lossy(&bytes(&c)).into_owned();
    if let Some(at) = text.rfind("END:VCALENDAR") {
        text.insert_str(at, &fold(raw_event));
    }
    text.into_bytes()
}

/// One calendar per doctor with engagement: (file name under `ics/`, bytes); in a re-plan
/// each event with its sequence.
pub fn per_doctor(
    rota: &Rota,
    meetings: &[Meeting],
    sched: &Schedule,
    replan: Option<&super::replan::Calendar>,
) -> Vec<(String, Vec<u8>)> {
    let plain = Stamp::default();
    let mut by: BTreeMap<DoctorIdx, Vec<usize>> = BTreeMap::new();
    for (o, p) in sched.placed.iter().enumerate() {
        for a in p.iter().flat_map(|p| &p.attendees) {
            by.entry(a.0).or_default().push(o);
        }
    }
    by.into_iter()
        .map(|(d, occs)| {
            let doc = &rota.doctors[d.ix()];
            let mut c = calendar(
                rota,
                &format!(
                    "Protected engagement time: {}",
                    if doc.name.is_empty() {
                        &doc.id
                    } else {
                        &doc.name
                    }
                ),
            );
            for o in occs {
                let plan = &sched.prep.occs[o];
                if let Some(p) = &sched.placed[o] {
                    let st = replan.and_then(|r| r.stamps.get(&o)).unwrap_or(&plain);
                    let st = Stamp {
                        sequence: st.sequence,
                        ..Stamp::default()
                    };
                    c.add_event(event(
                        rota,
                        &meetings[plan.occ.meeting],
                        &plan.occ.id,
                        p,
                        plan.invited.len(),
                        Some(d),
                        &st,
                    ));
                }
            }
            (format!("ics/{}.ics", file_safe(&doc.id)), bytes(&c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_every_line_at_75_octets_without_splitting_a_character() {
        let long = format!("DESCRIPTION:{}", "Protected time é ".repeat(20));
        let text = format!("BEGIN:VEVENT\r\n{long}\r\nEND:VEVENT\r\n");
        let folded = fold(&text);
        for line in folded.split_terminator("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), text);
        assert!(folded.starts_with("BEGIN:VEVENT\r\nDESCRIPTION:"));
        assert!(folded.ends_with("\r\nEND:VEVENT\r\n"));
        // Already folded input (as the `ics` crate writes it) comes out the same.
        assert_eq!(fold(&folded), folded);
    }
}
