//! `report.html`: one self-contained page for a clinical director — headline figures,
//! protected hours per doctor against target, cover headroom over time per department with
//! the meetings marked, attendance per meeting by staff group, unmet targets and why, the
//! settings and the solver status. Inline SVG and CSS only: no scripts, fonts or anything
//! from the network. It prints well.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Outcome;
use crate::domain::cover::{CoverModel, CoverRule};
use crate::domain::meeting::Meeting;
use crate::domain::policy::Policy;
use crate::domain::time::{hhmm, local_date, midnight, Min};
use crate::domain::{Kind, Rota, StaffGroup};
use crate::plan::Schedule;

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ccc;padding-bottom:.2em}
.sub{color:#555}.cards{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}
.card{border:1px solid #ccd;border-radius:6px;padding:.6em 1em;min-width:10em}.card b{display:block;font-size:1.6em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left}
th{background:#eef3f8}td.n{text-align:right}.no{color:#9c0006}.yes{color:#006100}
svg text{font-size:10px;font-family:inherit}.key span{display:inline-block;width:1em;height:1em;vertical-align:middle;margin:0 .3em 0 1em}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}svg,table{break-inside:avoid}}";

/// Builds the page.
#[allow(clippy::too_many_arguments)]
pub fn page(
    rota: &Rota,
    adjusted: &Rota,
    meetings: &[Meeting],
    rules: &[CoverRule],
    policy: &Policy,
    sched: &Schedule,
    out: &Outcome,
    replan: Option<&super::replan::Replanned>,
) -> String {
    let s = &out.summary;
    let mut h = String::new();
    let _ = write!(h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Protected engagement time: {} to {}</title><style>{CSS}</style></head><body>\n", s.period_first, s.period_last);
    let _ = write!(h, "<h1>Protected engagement time in the rota</h1><p class=\"sub\">{} doctors, {} to {} ({}). BMA principle 2: time to engage within job roles, with meetings included within rotas and clinical cover kept.</p>", s.doctors, s.period_first, s.period_last, esc(&s.timezone));
    if let Some(r) = replan {
        changes(&mut h, r);
    }
    let _ = write!(
        h,
        "<div class=\"cards\"><div class=\"card\"><b>{} of {}</b>resident and SAS doctor-windows at target</div><div class=\"card\"><b>{} of {}</b>resident and SAS doctors at target in every window</div><div class=\"card\"><b>{:.1} h</b>protected time given</div><div class=\"card\"><b>{} of {}</b>meetings placed</div><div class=\"card\"><b>{}</b>attendances</div>",
        s.doctor_windows_at_target, s.doctor_windows, s.doctors_at_target, s.doctors_with_target, s.protected_hours, s.occurrences_placed - s.individual_slots_placed, s.occurrences - s.individual_slots, s.attendances - s.individual_slots_placed
    );
    if s.individual_slots > 0 {
        let _ = write!(
            h,
            "<div class=\"card\"><b>{} of {}</b>individual slots placed</div>",
            s.individual_slots_placed, s.individual_slots
        );
    }
    let _ = write!(
        h,
        "<div class=\"card\"><b>{}</b>solver status, gap {:.4}% over the {}</div></div>",
        s.status,
        s.gap * 100.0,
        esc(&s.gap_scope)
    );
    h.push_str("<p>A doctor's target is counted in windows of its <i>per_weeks</i> weeks from the first Monday of the rota (pro rata for a part window and for less-than-full-time doctors): principle 4 asks for time in every window, not all of it in one. A <b>doctor-window at target</b> is one doctor's window with protected time at least its target; a doctor is <b>at target</b> when every one of their windows is. The optimiser maximises doctor-windows at target first.</p>");
    h.push_str("<table><tr><th>Staff group</th><th>Doctors</th><th>With a target</th><th>Windows</th><th>Windows at target</th><th>At target in every window</th><th>Protected hours</th></tr>");
    for (g, f) in &s.by_group {
        let _ = write!(h, "<tr><td>{g}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}</td></tr>", f.doctors, f.with_target, f.windows, f.windows_met, f.at_target, f.protected_hours);
    }
    h.push_str("</table>\n");
    bars(&mut h, rota, out);
    heatmap(&mut h, adjusted, rules, policy);
    attendance(&mut h, rota, meetings, sched, out);
    slots(&mut h, rota, meetings, sched, out);
    unmet(&mut h, rota, out);
    settings(&mut h, policy, sched);
    h.push_str("</body></html>\n");
    h
}

/// A re-plan's changes, first: what moved, was cancelled or added, and who attends now or no
/// longer, with why.
fn changes(h: &mut String, r: &super::replan::Replanned) {
    let _ = write!(
        h,
        "<h2>Changes since the previous schedule</h2><p>{}; {} calendar update file{} in <code>updates/</code> (one event each, for the doctors affected).</p>",
        esc(&super::changes::headline(&r.changes)),
        r.updates.len(),
        if r.updates.len() == 1 { "" } else { "s" }
    );
    if r.changes.is_empty() {
        h.push_str("<p>Nothing changed: every meeting keeps its time and its attendees.</p>");
        return;
    }
    h.push_str("<table><tr><th>Change</th><th>Occurrence</th><th>Doctor</th><th>Before</th><th>After</th><th>Why</th></tr>");
    for c in &r.changes {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            c.kind.as_str().replace('_', " "),
            esc(&c.occurrence_id),
            esc(c.doctor_id.as_deref().unwrap_or("")),
            esc(&c.before),
            esc(&c.after),
            esc(&c.reason)
        );
    }
    h.push_str("</table>\n");
}

/// Protected hours per doctor against target, by staff group.
fn bars(h: &mut String, rota: &Rota, out: &Outcome) {
    h.push_str("<h2>Protected hours per doctor against target</h2>");
    let with: Vec<_> = out
        .compliance
        .iter()
        .filter(|c| c.target_hours.is_some())
        .collect();
    if with.is_empty() {
        h.push_str("<p>No staff group has a target.</p>");
        return;
    }
    const MAX_BARS: usize = 400;
    let max = with
        .iter()
        .map(|c| c.engagement_hours.max(c.target_hours.unwrap_or(0.0)))
        .fold(1.0_f64, f64::max);
    // Room on the left for the longest label: a 7-digit id, 18 letters of name, "(consultant)".
    let (w, left, row) = (720.0, 230.0, 13.0);
    let shown: Vec<_> = with.iter().take(MAX_BARS).collect();
    #[allow(clippy::cast_precision_loss)]
    let height = shown.len() as f64 * row + 30.0;
    let _ = write!(h, "<p class=\"key\">Bar: protected hours given over the period; line: the doctor's target; right: windows at target of the doctor's windows.<span style=\"background:#70ad47\"></span>at target<span style=\"background:#c00000\"></span>short</p><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"protected hours per doctor\">", w + left + 110.0);
    let scale = |x: f64| x / max * w;
    for (i, c) in shown.iter().enumerate() {
        let d = &rota.doctors[c.doctor];
        #[allow(clippy::cast_precision_loss)]
        let y = i as f64 * row + 4.0;
        let colour = if c.met == "yes" { "#70ad47" } else { "#c00000" };
        let t = c.target_hours.unwrap_or(0.0);
        let _ = write!(
            h,
            "<text x=\"0\" y=\"{:.1}\">{} {} ({})</text><rect x=\"{left}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{colour}\"><title>{}: {:.1} of {:.1} h</title></rect><line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#000\"/>",
            y + 9.0,
            esc(&d.id),
            esc(&d.name.chars().take(18).collect::<String>()),
            d.group,
            scale(c.engagement_hours),
            row - 3.0,
            esc(&d.id),
            c.engagement_hours,
            t,
            left + scale(t),
            left + scale(t),
            y - 1.0,
            y + row - 2.0
        );
        let _ = write!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\">{} of {} windows</text>",
            left + w + 8.0,
            y + 9.0,
            c.windows_met,
            c.windows
        );
    }
    h.push_str("</svg>");
    if with.len() > MAX_BARS {
        let _ = write!(h, "<p>Showing the first {MAX_BARS} of {} doctors with a target; all are in compliance.csv.</p>", with.len());
    }
}

/// Cover headroom per department, hour by day, after engagement: how many more resident and
/// SAS doctors (the groups engagement releases) could be released with cover kept, summed over
/// their cover pools (a cover row pooling all groups counts as it pools). A consultant pool,
/// whose lone doctor on duty is never released, would show 0 almost everywhere and hide where
/// engagement is tight, so it is not counted. Hours holding engagement of the department (a
/// meeting or individual slots) are outlined.
fn heatmap(h: &mut String, adjusted: &Rota, rules: &[CoverRule], policy: &Policy) {
    h.push_str("<h2>Cover headroom over time</h2><p class=\"key\">Resident and SAS doctors who could still be released from clinical duty each hour with cover kept (after engagement), over the department's resident and SAS cover pools.<span style=\"background:#c00000\"></span>0<span style=\"background:#f4b183\"></span>1-2<span style=\"background:#c5e0b4\"></span>3-5<span style=\"background:#70ad47\"></span>6 or more<span style=\"background:#f2f2f2\"></span>no cover rule in force. Outlined: engagement in that hour (a meeting or individual slots).</p>");
    let (clinical, released) = adjusted.duty_intervals();
    let model = CoverModel::new(adjusted, rules, policy, &clinical, &released);
    let mut depts: Vec<&str> = adjusted
        .doctors
        .iter()
        .map(|d| d.department.as_str())
        .collect();
    depts.sort_unstable();
    depts.dedup();
    const MAX_DEPTS: usize = 12;
    let days = adjusted.period_days();
    let mut meeting_hours: BTreeMap<(&str, Min), bool> = BTreeMap::new();
    for s in adjusted
        .shifts
        .iter()
        .filter(|s| s.kind == Kind::Engagement)
    {
        let dept = adjusted.doctors[s.doctor.ix()].department.as_str();
        let mut t = s.start - s.start.rem_euclid(60);
        while t < s.end {
            meeting_hours.insert((dept, t), true);
            t += 60;
        }
    }
    for dept in depts.iter().take(MAX_DEPTS) {
        let pools: Vec<usize> = model
            .pools
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.department.as_deref() == Some(*dept)
                    && matches!(p.group, None | Some(StaffGroup::Resident | StaffGroup::Sas))
            })
            .map(|(i, _)| i)
            .collect();
        let (cw, ch, left) = (22.0, 7.0, 70.0);
        #[allow(clippy::cast_precision_loss)]
        let height = days as f64 * ch + 20.0;
        let _ = write!(h, "<h3>{}</h3><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"cover headroom\">", esc(dept), left + 24.0 * cw + 10.0);
        for hour in 0..24 {
            let _ = write!(
                h,
                "<text x=\"{:.1}\" y=\"10\">{hour:02}</text>",
                left + f64::from(hour) * cw + 4.0
            );
        }
        for day in 0..days {
            let date = adjusted.first + chrono::Duration::days(day);
            let base = midnight(adjusted.tz, date);
            #[allow(clippy::cast_precision_loss)]
            let y = 14.0 + day as f64 * ch;
            if date.format("%u").to_string() == "1" {
                let _ = write!(
                    h,
                    "<text x=\"0\" y=\"{:.1}\">{}</text>",
                    y + 6.0,
                    date.format("%d %b")
                );
            }
            for hour in 0..24i64 {
                let (s, e) = (base + hour * 60, base + hour * 60 + 60);
                if local_date(adjusted.tz, s) != date {
                    continue;
                }
                let rooms: Vec<i64> = pools
                    .iter()
                    .filter_map(|&p| model.headroom(p, s, e))
                    .collect();
                let room =
                    (!rooms.is_empty()).then(|| rooms.iter().map(|r| (*r).max(0)).sum::<i64>());
                let fill = match room {
                    None => "#f2f2f2",
                    Some(0) => "#c00000",
                    Some(1..=2) => "#f4b183",
                    Some(3..=5) => "#c5e0b4",
                    Some(_) => "#70ad47",
                };
                let stroke = if meeting_hours.contains_key(&(*dept, s)) {
                    " stroke=\"#000\" stroke-width=\"1.2\""
                } else {
                    ""
                };
                #[allow(clippy::cast_precision_loss)]
                let x = left + hour as f64 * cw;
                let _ = write!(h, "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\"{stroke}/>", cw - 1.0, ch - 1.0);
            }
        }
        h.push_str("</svg>");
    }
    if depts.len() > MAX_DEPTS {
        let _ = write!(
            h,
            "<p>Showing {MAX_DEPTS} of {} departments.</p>",
            depts.len()
        );
    }
}

/// Attendance per meeting by staff group.
fn attendance(h: &mut String, rota: &Rota, meetings: &[Meeting], sched: &Schedule, out: &Outcome) {
    h.push_str("<h2>Attendance per meeting</h2><table><tr><th>Occurrence</th><th>Meeting</th><th>When</th><th>Invited</th><th>Resident</th><th>SAS</th><th>Consultant</th><th>Other</th><th>Not placed, or short, because</th></tr>");
    const MAX_ROWS: usize = 300;
    let group: Vec<usize> = (0..sched.prep.occs.len())
        .filter(|&i| !sched.prep.occs[i].solo)
        .collect();
    for &i in group.iter().take(MAX_ROWS) {
        let (plan, p) = (&sched.prep.occs[i], &sched.placed[i]);
        let m = &meetings[plan.occ.meeting];
        let count = |g: StaffGroup| {
            p.as_ref().map_or(0, |p| {
                p.attendees
                    .iter()
                    .filter(|a| rota.doctors[a.0.ix()].group == g)
                    .count()
            })
        };
        let when = p.as_ref().map_or(String::new(), |p| {
            format!(
                "{} {}-{}",
                local_date(rota.tz, p.start).format("%a %d %b"),
                hhmm(rota.tz, p.start),
                hhmm(rota.tz, p.end)
            )
        });
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{when}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&plan.occ.id),
            esc(&m.title),
            plan.invited.len(),
            count(StaffGroup::Resident),
            count(StaffGroup::Sas),
            count(StaffGroup::Consultant),
            count(StaffGroup::Other),
            esc(&out.occurrence_reason[i])
        );
    }
    h.push_str("</table>");
    if group.len() > MAX_ROWS {
        let _ = write!(
            h,
            "<p>Showing {MAX_ROWS} of {} occurrences; all are in meetings.csv.</p>",
            group.len()
        );
    }
}

/// Individual slots per requirement and block, and the slots not placed with their reasons.
fn slots(h: &mut String, rota: &Rota, meetings: &[Meeting], sched: &Schedule, out: &Outcome) {
    // (meeting, block) -> (invited, placed, minutes).
    let mut blocks: BTreeMap<(usize, &str), (usize, usize, i64)> = BTreeMap::new();
    let mut missing = Vec::new();
    for (i, (plan, p)) in sched.prep.occs.iter().zip(&sched.placed).enumerate() {
        if !plan.solo {
            continue;
        }
        let block = plan.occ.id.split('@').nth(1).unwrap_or("");
        let e = blocks.entry((plan.occ.meeting, block)).or_default();
        e.0 += 1;
        if let Some(p) = p {
            e.1 += 1;
            e.2 += p.end - p.start;
        } else {
            missing.push(i);
        }
    }
    if blocks.is_empty() {
        return;
    }
    h.push_str("<h2>Individual protected time</h2><p>Each invited doctor's own slot per block, placed on its own inside their rostered hours (QI, audit, self-development).</p><table><tr><th>Requirement</th><th>Block</th><th>Doctors</th><th>Slots placed</th><th>Hours</th></tr>");
    for ((m, block), (n, placed, minutes)) in &blocks {
        #[allow(clippy::cast_precision_loss)]
        let hours = *minutes as f64 / 60.0;
        let _ = write!(h, "<tr><td>{}</td><td>{}</td><td class=\"n\">{n}</td><td class=\"n\">{placed}</td><td class=\"n\">{hours:.1}</td></tr>", esc(&meetings[*m].title), esc(block));
    }
    h.push_str("</table>");
    if !missing.is_empty() {
        h.push_str("<table><tr><th>Slot not placed</th><th>Doctor</th><th>Because</th></tr>");
        for &i in missing.iter().take(300) {
            let plan = &sched.prep.occs[i];
            let who = plan.invited.first().map_or(String::new(), |d| {
                let doc = &rota.doctors[d.ix()];
                format!("{} {}", doc.id, doc.name)
            });
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&plan.occ.id),
                esc(&who),
                esc(&out.occurrence_reason[i])
            );
        }
        h.push_str("</table>");
    }
}

/// Doctors short of target, with the reason in rota terms.
fn unmet(h: &mut String, rota: &Rota, out: &Outcome) {
    let missed: Vec<_> = out.compliance.iter().filter(|c| c.met == "no").collect();
    let _ = write!(h, "<h2>Unmet targets ({})</h2>", missed.len());
    if missed.is_empty() {
        h.push_str("<p class=\"yes\">Every doctor with a target reached it in every window.</p>");
        return;
    }
    h.push_str("<p>Doctors short of target in at least one window; <i>Why</i> names each short window.</p><table><tr><th>Doctor</th><th>Group</th><th>Department</th><th>Hours</th><th>Target</th><th>Windows at target</th><th>Short by (h)</th><th>Why</th></tr>");
    for c in missed.iter().take(300) {
        let d = &rota.doctors[c.doctor];
        let _ = write!(h, "<tr><td>{} {}</td><td>{}</td><td>{}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{} of {}</td><td class=\"n\">{:.2}</td><td>{}</td></tr>", esc(&d.id), esc(&d.name), d.group, esc(&d.department), c.engagement_hours, c.target_hours.unwrap_or(0.0), c.windows_met, c.windows, c.shortfall_hours, esc(&c.reason));
    }
    h.push_str("</table>");
}

/// The settings the schedule was made with.
fn settings(h: &mut String, policy: &Policy, sched: &Schedule) {
    h.push_str("<h2>Settings and solver</h2><table>");
    for (g, t) in &policy.targets {
        let _ = write!(
            h,
            "<tr><th>Target, {g}</th><td>{} h per {} weeks, pro rata to fte</td></tr>",
            t.hours, t.per_weeks
        );
    }
    let kinds: Vec<&str> = policy.allowed_kinds.iter().map(|k| k.as_str()).collect();
    let _ = write!(
        h,
        "<tr><th>Engagement allowed in</th><td>{}</td></tr><tr><th>Most per shift</th><td>{} min</td></tr><tr><th>Rest after nights</th><td>{} h</td></tr><tr><th>Default cover</th><td>at least max(ceil({} &times; on duty), min({}, on duty)) stay</td></tr><tr><th>Solver</th><td>HiGHS via good_lp: status {}, gap {:.4}% over the {}, {:.1} s, {} independent parts</td></tr></table>",
        kinds.join(", "),
        policy.max_minutes_per_shift,
        policy.rest_after_night_minutes / 60,
        policy.cover_min_fraction,
        policy.cover_min_count,
        sched.status.as_str(),
        sched.gap * 100.0,
        esc(&sched.gap_scope()),
        sched.seconds,
        sched.components
    );
}
