//! The policy file (TOML): every unknown key and wrong type is reported with its line.

use chrono_tz::Tz;
use toml::Value;

use super::diagnostics::Diagnostics;
use crate::domain::policy::{Policy, Target};
use crate::domain::{Kind, StaffGroup};

/// Reads a policy, starting from the defaults.
pub fn read(file: &str, bytes: &[u8], diags: &mut Diagnostics) -> Policy {
    let mut local = Diagnostics::default();
    let p = read_into(file, bytes, &mut local);
    diags.extend(local.sorted_by_line());
    p
}

fn read_into(file: &str, bytes: &[u8], diags: &mut Diagnostics) -> Policy {
    let mut p = Policy::default();
    let Some((src, table)) = parse_toml(file, bytes, diags) else {
        return p;
    };
    let mut cx = Cx { file, src, diags };
    for (k, v) in &table {
        match k.as_str() {
            "timezone" => {
                if let Some(s) = cx.string(&[], k, v) {
                    match s.parse::<Tz>() {
                        Ok(tz) => p.timezone = tz,
                        Err(_) => cx.bad(&[], k, &format!("{s:?} is not a time zone (expected an IANA name such as Europe/London)")),
                    }
                }
            }
            "protected_time" => {
                let Some(t) = cx.table(&[], k, v) else {
                    continue;
                };
                for (g, val) in t {
                    let Some(group) = StaffGroup::parse(g) else {
                        cx.unknown(&[k], g, "resident, sas, consultant, other");
                        continue;
                    };
                    let Some(tt) = cx.table(&[k], g, val) else {
                        continue;
                    };
                    let mut target = p.targets.get(&group).copied().unwrap_or(Target {
                        hours: 0.0,
                        per_weeks: 4,
                    });
                    for (kk, vv) in tt {
                        match kk.as_str() {
                            "hours" => {
                                if let Some(h) = cx.number(&[k, g], kk, vv, 0.0, 1000.0) {
                                    target.hours = h;
                                }
                            }
                            "per_weeks" => {
                                if let Some(w) = cx.integer(&[k, g], kk, vv, 1, 52) {
                                    target.per_weeks = u32::try_from(w).unwrap_or(4);
                                }
                            }
                            _ => cx.unknown(&[k, g], kk, "hours, per_weeks"),
                        }
                    }
                    if target.hours > 0.0 {
                        p.targets.insert(group, target);
                    } else {
                        p.targets.remove(&group);
                    }
                }
            }
            "placement" => {
                let Some(t) = cx.table(&[], k, v) else {
                    continue;
                };
                for (kk, vv) in t {
                    match kk.as_str() {
                        "allowed_kinds" => {
                            let Some(arr) = vv.as_array() else {
                                cx.bad(&[k], kk, &format!("{vv} is not a list (expected e.g. [\"day\", \"long_day\"])"));
                                continue;
                            };
                            let mut kinds = Vec::new();
                            for item in arr {
                                match item.as_str().and_then(Kind::parse) {
                                    Some(kind) if kind.is_working() && kind != Kind::Engagement => kinds.push(kind),
                                    _ => cx.bad(&[k], kk, &format!("{item} is not a working kind engagement may go in (expected day, long_day, twilight, non_clinical, teaching, night or on_call)")),
                                }
                            }
                            p.allowed_kinds = kinds;
                        }
                        "max_minutes_per_shift" => {
                            if let Some(m) = cx.integer(&[k], kk, vv, 15, 1440) {
                                p.max_minutes_per_shift = m;
                            }
                        }
                        "rest_after_night_hours" => {
                            if let Some(h) = cx.number(&[k], kk, vv, 0.0, 168.0) {
                                #[allow(clippy::cast_possible_truncation)] // at most 168 h
                                let m = (h * 60.0).round() as i64;
                                p.rest_after_night_minutes = m;
                            }
                        }
                        "start_step_minutes" => {
                            if let Some(m) = cx.integer(&[k], kk, vv, 5, 60) {
                                p.start_step_minutes = m;
                            }
                        }
                        "slot_step_minutes" => {
                            if let Some(m) = cx.integer(&[k], kk, vv, 5, 240) {
                                p.slot_step_minutes = m;
                            }
                        }
                        _ => cx.unknown(&[k], kk, "allowed_kinds, max_minutes_per_shift, rest_after_night_hours, slot_step_minutes, start_step_minutes"),
                    }
                }
            }
            "cover" => {
                let Some(t) = cx.table(&[], k, v) else {
                    continue;
                };
                for (kk, vv) in t {
                    match kk.as_str() {
                        "min_fraction" => {
                            if let Some(x) = cx.number(&[k], kk, vv, 0.0, 1.0) {
                                p.cover_min_fraction = x;
                            }
                        }
                        "min_count" => {
                            if let Some(x) = cx.integer(&[k], kk, vv, 0, 10_000) {
                                p.cover_min_count = x;
                            }
                        }
                        _ => cx.unknown(&[k], kk, "min_fraction, min_count"),
                    }
                }
            }
            "replan" => {
                let Some(t) = cx.table(&[], k, v) else {
                    continue;
                };
                for (kk, vv) in t {
                    match kk.as_str() {
                        "change_cost" => {
                            if let Some(x) = cx.number(&[k], kk, vv, 0.0, 1000.0) {
                                p.change_cost = x;
                            }
                        }
                        "organizer_name" => {
                            if let Some(x) = cx.string(&[k], kk, vv) {
                                p.organizer_name = Some(x.trim().to_string());
                            }
                        }
                        "organizer_email" => match cx.string(&[k], kk, vv) {
                            Some(x) if x.contains('@') && !x.contains([' ', ':', '<', '>']) => {
                                p.organizer_email = Some(x.trim().to_string());
                            }
                            Some(x) => cx.bad(
                                &[k],
                                kk,
                                &format!("{x:?} is not an email address (expected e.g. \"rota.office@trust.nhs.uk\")"),
                            ),
                            None => {}
                        },
                        _ => cx.unknown(&[k], kk, "change_cost, organizer_name, organizer_email"),
                    }
                }
            }
            "working_time" => {
                let Some(t) = cx.table(&[], k, v) else {
                    continue;
                };
                for (kk, vv) in t {
                    match kk.as_str() {
                        "annual_leave_days" => {
                            if let Some(x) = cx.number(&[k], kk, vv, 0.0, 100.0) {
                                p.annual_leave_days = x;
                            }
                        }
                        "hours_per_leave_day" => {
                            if let Some(x) = cx.number(&[k], kk, vv, 0.0, 24.0) {
                                p.hours_per_leave_day = x;
                            }
                        }
                        _ => cx.unknown(&[k], kk, "annual_leave_days, hours_per_leave_day"),
                    }
                }
            }
            _ => cx.unknown(
                &[],
                k,
                "timezone, protected_time, placement, cover, replan, working_time",
            ),
        }
    }
    p
}

/// A TOML file's text and table; its encoding or syntax error, with the line, otherwise.
pub(super) fn parse_toml<'a>(
    file: &str,
    bytes: &'a [u8],
    diags: &mut Diagnostics,
) -> Option<(&'a str, toml::Table)> {
    let Ok(src) = std::str::from_utf8(bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes))
    else {
        diags.error(file, None, None, "is not UTF-8 text (expected a TOML file)");
        return None;
    };
    match src.parse() {
        Ok(t) => Some((src, t)),
        Err(e) => {
            let e: toml::de::Error = e;
            let line = e
                .span()
                .map(|s| src[..s.start.min(src.len())].matches('\n').count() + 1);
            let msg = e.message().trim().replace('\n', "; ");
            diags.error(file, line, None, format!("is not valid TOML: {msg}"));
            None
        }
    }
}

/// Reports problems in a TOML file at the lines of their keys.
pub(super) struct Cx<'a> {
    pub(super) file: &'a str,
    pub(super) src: &'a str,
    pub(super) diags: &'a mut Diagnostics,
}

impl Cx<'_> {
    fn path(section: &[&str], key: &str) -> String {
        section
            .iter()
            .copied()
            .chain(std::iter::once(key))
            .collect::<Vec<_>>()
            .join(".")
    }

    pub(super) fn bad(&mut self, section: &[&str], key: &str, msg: &str) {
        let line = key_line(self.src, section, key);
        self.diags.error(
            self.file,
            line,
            None,
            format!("key '{}': {msg}", Self::path(section, key)),
        );
    }

    pub(super) fn unknown(&mut self, section: &[&str], key: &str, expected: &str) {
        let line = key_line(self.src, section, key);
        self.diags.error(
            self.file,
            line,
            None,
            format!(
                "unknown key '{}' (expected one of {expected})",
                Self::path(section, key)
            ),
        );
    }

    pub(super) fn table<'v>(
        &mut self,
        section: &[&str],
        key: &str,
        v: &'v Value,
    ) -> Option<&'v toml::Table> {
        let t = v.as_table();
        if t.is_none() {
            self.bad(
                section,
                key,
                &format!(
                    "{v} is not a table (expected [{}] or {{ ... }})",
                    Self::path(section, key)
                ),
            );
        }
        t
    }

    pub(super) fn string<'v>(
        &mut self,
        section: &[&str],
        key: &str,
        v: &'v Value,
    ) -> Option<&'v str> {
        let s = v.as_str();
        if s.is_none() {
            self.bad(
                section,
                key,
                &format!("{v} is not a string (expected text in quotes)"),
            );
        }
        s
    }

    pub(super) fn number(
        &mut self,
        section: &[&str],
        key: &str,
        v: &Value,
        lo: f64,
        hi: f64,
    ) -> Option<f64> {
        #[allow(clippy::cast_precision_loss)] // small integers
        let x = v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
        match x {
            Some(x) if x >= lo && x <= hi => Some(x),
            _ => {
                self.bad(
                    section,
                    key,
                    &format!("{v} is not a number from {lo} to {hi}"),
                );
                None
            }
        }
    }

    pub(super) fn integer(
        &mut self,
        section: &[&str],
        key: &str,
        v: &Value,
        lo: i64,
        hi: i64,
    ) -> Option<i64> {
        match v.as_integer() {
            Some(x) if x >= lo && x <= hi => Some(x),
            _ => {
                self.bad(
                    section,
                    key,
                    &format!("{v} is not a whole number from {lo} to {hi}"),
                );
                None
            }
        }
    }
}

/// The line where `key` is set inside `section` (`[a]`, `[a.b]`, or an inline table's parent
/// key's line).
fn key_line(src: &str, section: &[&str], key: &str) -> Option<usize> {
    let mut current: Vec<String> = Vec::new();
    let starts_key = |line: &str, k: &str| {
        let l = line.trim_start();
        let l = l.strip_prefix('"').map_or(l, |x| x);
        l.strip_prefix(k).is_some_and(|rest| {
            let rest = rest.trim_start_matches('"').trim_start();
            rest.starts_with('=') || rest.starts_with('.')
        })
    };
    let mut fallback = None;
    for (i, line) in src.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            current = t
                .trim_matches(|c| c == '[' || c == ']')
                .split('.')
                .map(|s| s.trim().trim_matches('"').to_string())
                .collect();
            if current
                .iter()
                .map(String::as_str)
                .eq(section.iter().copied().chain([key]))
            {
                return Some(i + 1);
            }
            continue;
        }
        if current
            .iter()
            .map(String::as_str)
            .eq(section.iter().copied())
            && starts_key(t, key)
        {
            return Some(i + 1);
        }
        // `key` inside an inline table: the line of its parent.
        if section.len() >= 2
            && current
                .iter()
                .map(String::as_str)
                .eq(section[..section.len() - 1].iter().copied())
            && starts_key(t, section[section.len() - 1])
            && t.contains(key)
        {
            fallback = Some(i + 1);
        }
    }
    fallback
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(s: &str) -> (Policy, String) {
        let mut d = Diagnostics::default();
        let p = read("policy.toml", s.as_bytes(), &mut d);
        (p, d.render())
    }

    #[test]
    fn the_documented_defaults_read_back() {
        let (p, msg) = read_str(
            "timezone = \"Europe/London\"\n\n[protected_time]\nresident = { hours = 2.0, per_weeks = 4 }\nsas      = { hours = 2.0, per_weeks = 4 }\n\n[placement]\nallowed_kinds = [\"day\", \"long_day\", \"twilight\", \"non_clinical\"]\nmax_minutes_per_shift = 180\nrest_after_night_hours = 46\n\n[cover]\nmin_fraction = 0.5\nmin_count = 1\n",
        );
        assert_eq!(msg, "");
        assert_eq!(p, Policy::default());
    }

    #[test]
    fn unknown_keys_and_types_with_lines() {
        let (_, msg) = read_str(
            "timezone = \"Mars/Olympus\"\nfoo = 1\n[protected_time]\nresident = { hours = \"two\", per_weeks = 4 }\n[placement]\nmax_minuts = 3\n[cover]\nmin_fraction = 2\n",
        );
        assert_eq!(
            msg,
            "error: policy.toml:1: key 'timezone': \"Mars/Olympus\" is not a time zone (expected an IANA name such as Europe/London)\n\
             error: policy.toml:2: unknown key 'foo' (expected one of timezone, protected_time, placement, cover, replan, working_time)\n\
             error: policy.toml:4: key 'protected_time.resident.hours': \"two\" is not a number from 0 to 1000\n\
             error: policy.toml:6: unknown key 'placement.max_minuts' (expected one of allowed_kinds, max_minutes_per_shift, rest_after_night_hours, slot_step_minutes, start_step_minutes)\n\
             error: policy.toml:8: key 'cover.min_fraction': 2 is not a number from 0 to 1\n"
        );
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let (_, msg) = read_str("[cover]\nmin_fraction = = 1\n");
        assert!(
            msg.starts_with("error: policy.toml:2: is not valid TOML"),
            "{msg}"
        );
    }
}
