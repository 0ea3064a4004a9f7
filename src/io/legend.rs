//! The legend of a rota spreadsheet: what each label in the grid means (`Early` →
//! 08:00-17:00, a day shift). Entries come from `--shifts`, the layout file's `[labels]`, a
//! legend sheet, a legend block beside the grid (`Early | 08:00 - 17:00`) or legend lines
//! (`SD: 08:00-15:00`); the time-range parser and the keyword kinds live here too.
//!
//! Labels are matched ignoring case and spacing ([`key`]).

use std::collections::BTreeMap;

use chrono::NaiveTime;

use super::sheet::{Cell, Sheet};
use super::shifts::{infer_kind, ShiftDefs};
use crate::domain::time::LocalEnd;
use crate::domain::Kind;

/// What one label means.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The label as first written.
    pub label: String,
    /// Start, for a timed label.
    pub start: Option<NaiveTime>,
    /// End, for a timed label.
    pub end: Option<LocalEnd>,
    /// The kind given by the source, if it gives one.
    pub kind: Option<Kind>,
    /// A description (`Standard day`), where the source has one.
    pub description: String,
    /// Where the entry comes from, for the import report: `--shifts`, `layout file`,
    /// `legend KEY!A3`.
    pub source: String,
    /// The grades it is for, as the heading over its block says (`CMT/ACCS`), where a sheet
    /// keeps a legend block per grade.
    pub grades: Option<String>,
}

/// Labels by [`key`].
#[derive(Debug, Clone, Default)]
pub struct Legend {
    entries: BTreeMap<String, Entry>,
    /// [`word_key`] → [`key`] of the first entry with those words.
    words: BTreeMap<String, String>,
    /// [`key`] → entries for some days or grades only: weekdays or weekends (`week day long
    /// day (LD)` and `weekend long day (LD)` give `LD` two times), the grades of a block's
    /// heading (`F2/GPT`), or both.
    scoped: BTreeMap<String, Vec<Scoped>>,
}

/// An entry for some days or grades only.
#[derive(Debug, Clone)]
struct Scoped {
    /// Weekends (true) or weekdays (false) only.
    weekend: Option<bool>,
    /// The grades of its block's heading.
    grades: Option<String>,
    entry: Entry,
}

/// The grades a block heading names (`CMT/ACCS`, `F2/GPT`, `F1s`), each as written, a plural
/// after a year (`F1s`) made one.
fn heading_grades(heading: &str) -> impl Iterator<Item = &str> {
    heading
        .split(['/', ',', '&', '+'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .map(|p| {
            p.strip_suffix('s')
                .filter(|one| one.chars().last().is_some_and(|c| c.is_ascii_digit()))
                .unwrap_or(p)
        })
        .filter(|p| !p.is_empty())
}

/// Whether a block heading's grades (`CMT/ACCS`, `F2/GPT`, `F1s`) take in a doctor's grade.
pub fn grades_take_in(heading: &str, grade: &str) -> bool {
    let g = key(grade);
    heading_grades(heading)
        .map(key)
        .any(|k| g == k || (g.starts_with(&k) && g[k.len()..].chars().all(|c| c.is_ascii_digit())))
}

/// Whether a cell heads a legend block of some grades: a short text of which a part reads as
/// a grade (`CMT/ACCS`, `F2/GPT`, `F1s`).
fn grade_heading(text: &str) -> bool {
    text.chars().count() <= 30
        && time_range(text).is_none()
        && heading_grades(text).any(super::layout::looks_like_grade)
}

/// Whether a legend line is for weekends only (`weekend long day (LD)`, `Sat/Sun`) or
/// weekdays only (`week day long day`, `Mon-Fri`), by its words.
fn day_class(text: &str) -> Option<bool> {
    let compact: String = text
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect();
    if compact.contains("weekend") || compact.contains("satsun") {
        Some(true)
    } else if compact.contains("weekday") || compact.contains("monfri") {
        Some(false)
    } else {
        None
    }
}

impl Legend {
    /// Adds an entry unless its label is already known (earlier sources win). Labels as
    /// people write them: a list (`Ward D, Ward E, Ward F`) defines each label listed, and a
    /// description with a code in brackets (`Normal day (DAY)`) defines the code.
    pub fn add(&mut self, e: Entry) {
        let parts: Vec<&str> = e
            .label
            .split([',', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        // A label the user defined (`--shifts`, the layout file) is taken whole.
        if parts.len() > 1 && e.source.starts_with("legend") {
            for p in parts {
                self.add(Entry {
                    label: p.to_string(),
                    ..e.clone()
                });
            }
            return;
        }
        if let Some((before, code)) = bracketed_code(&e.label) {
            let description = if e.description.is_empty() {
                before.to_string()
            } else {
                format!("{before} {}", e.description)
            };
            self.add(Entry {
                label: code.to_string(),
                description,
                ..e.clone()
            });
        }
        self.words
            .entry(word_key(&e.label))
            .or_insert_with(|| key(&e.label));
        let weekend = day_class(&format!("{} {}", e.label, e.description));
        if weekend.is_some() || e.grades.is_some() {
            let list = self.scoped.entry(key(&e.label)).or_default();
            if !list
                .iter()
                .any(|x| x.weekend == weekend && x.grades == e.grades)
            {
                list.push(Scoped {
                    weekend,
                    grades: e.grades.clone(),
                    entry: e.clone(),
                });
            }
        }
        self.entries.entry(key(&e.label)).or_insert(e);
    }

    /// The entry for a label on a weekday or a weekend day, for a doctor of `grade`: the
    /// legend's line for those days and that grade where it has one (the one that says most),
    /// else [`Legend::get`]'s.
    pub fn get_on(&self, label: &str, weekend: bool, grade: &str) -> Option<&Entry> {
        let e = self.get(label)?;
        Some(self.scoped_on(e, weekend, grade).map_or(e, |x| &x.entry))
    }

    /// The days and grades of the entry [`Legend::get_on`] takes, where it is a scoped one:
    /// `weekends`, `CMT/ACCS`, `F1s, weekdays`.
    pub fn scope_on(&self, label: &str, weekend: bool, grade: &str) -> Option<String> {
        let x = self.scoped_on(self.get(label)?, weekend, grade)?;
        let days = x.weekend.map(|w| if w { "weekends" } else { "weekdays" });
        let parts: Vec<&str> = x.grades.as_deref().into_iter().chain(days).collect();
        Some(parts.join(", "))
    }

    fn scoped_on(&self, e: &Entry, weekend: bool, grade: &str) -> Option<&Scoped> {
        self.scoped
            .get(&key(&e.label))
            .into_iter()
            .flatten()
            .filter(|x| x.weekend.is_none_or(|w| w == weekend))
            .filter(|x| x.grades.as_deref().is_none_or(|g| grades_take_in(g, grade)))
            .max_by_key(|x| (x.grades.is_some(), x.weekend.is_some()))
    }

    /// Whether a label has times of its own on some days or for some grades: its cells are
    /// then read by day and grade.
    pub fn splits(&self, label: &str) -> bool {
        self.get(label)
            .is_some_and(|e| self.scoped.contains_key(&key(&e.label)))
    }

    /// The entry for a label as written in a cell: by its letters (case and spaces aside),
    /// else by its words in any order (`F WARD LD` is `Ward F LD`; `WD` is `ward`), else
    /// without a remark after it (`LD (swap)`, `SL - exam`).
    pub fn get(&self, label: &str) -> Option<&Entry> {
        self.entries
            .get(&key(label))
            .or_else(|| {
                self.words
                    .get(&word_key(label))
                    .and_then(|k| self.entries.get(k))
            })
            .or_else(|| {
                let bare = without_remark(label)?;
                self.get(bare)
            })
            .or_else(|| self.abbreviated(label))
    }

    /// A label written short for a word of the legend's (`EVE` for `Evening shift`, `NIGHT`
    /// for `nights`, `HALF` for `Half day`): three letters or more starting a word no more
    /// than four letters longer, where every entry so matched has the same times.
    fn abbreviated(&self, label: &str) -> Option<&Entry> {
        let short = label.trim().to_lowercase();
        if short.len() < 3 || !short.chars().all(char::is_alphabetic) {
            return None;
        }
        let found: Vec<&Entry> = self
            .entries
            .values()
            .filter(|e| e.start.is_some())
            .filter(|e| {
                format!("{} {}", e.label, e.description)
                    .to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.starts_with(&short) && w.len() <= short.len() + 4)
            })
            .collect();
        let first = *found.first()?;
        found
            .iter()
            .all(|e| (e.start, e.end) == (first.start, first.end))
            .then_some(first)
    }

    /// Every entry, by key.
    pub fn entries(&self) -> impl Iterator<Item = (&String, &Entry)> {
        self.entries.iter()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries of shift definitions (`--shifts`).
    pub fn from_defs(defs: &ShiftDefs) -> Legend {
        let mut l = Legend::default();
        for (code, d) in defs {
            l.add(Entry {
                label: code.clone(),
                start: d.start,
                end: d.end,
                kind: Some(d.kind),
                description: d.label.clone(),
                source: "--shifts".into(),
                grades: None,
            });
        }
        l
    }
}

/// `Normal day (DAY)` → (`Normal day`, `DAY`): a description naming its code in brackets.
fn bracketed_code(label: &str) -> Option<(&str, &str)> {
    let (before, rest) = label.trim().rsplit_once('(')?;
    let code = rest.strip_suffix(')')?.trim();
    let short = !code.is_empty()
        && code.len() <= 8
        && !code.contains(' ')
        && code.chars().any(char::is_alphabetic);
    (short && !before.trim().is_empty()).then_some((before.trim(), code))
}

/// `LD (swap)` → `LD`, `SL - exam` → `SL`: a label with a remark after it.
pub fn without_remark(label: &str) -> Option<&str> {
    let t = label.trim();
    let bare = t
        .rsplit_once('(')
        .filter(|(_, r)| r.trim_end().ends_with(')'))
        .map(|(b, _)| b)
        .or_else(|| t.split_once(" - ").map(|(b, _)| b))?
        .trim();
    (!bare.is_empty() && bare != t).then_some(bare)
}

/// A label's words in order, lower case, the usual abbreviations written out: `NIGHT TR &
/// WD` and `Night TR & ward` have the same words.
fn word_key(label: &str) -> String {
    let mut words: Vec<String> = label
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "wd" => "ward".to_string(),
            other => other.to_string(),
        })
        .collect();
    words.sort();
    words.dedup();
    words.join(" ")
}

/// A label's matching key: lower case, without white space.
pub fn key(label: &str) -> String {
    label
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a label's words say it is a shift or an absence (the contract's work words: night,
/// day, late, early, long, twilight, on call, ward, clinic, theatre, list, SHO, reg; and any
/// word that gives a kind, `Off`, `AL`, `LD`), rather than a person or a remark.
pub fn work_like(label: &str) -> bool {
    const WORDS: [&str; 14] = [
        "night", "nights", "day", "late", "early", "long", "twilight", "ward", "clinic", "theatre",
        "theatres", "list", "sho", "reg",
    ];
    let lower = label.to_lowercase();
    keyword_kind(label).is_some()
        || lower.contains("on call")
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| WORDS.contains(&w))
}

/// The kind a label's words say, if any: `off day` → rest, `AL` → leave, `night shift` →
/// night, `SPA` → non_clinical, `Induction` → teaching.
pub fn keyword_kind(label: &str) -> Option<Kind> {
    let lower = label.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let compact: String = words.concat();
    let exact = |list: &[&str]| list.contains(&compact.as_str());
    let has = |w: &str| words.contains(&w);
    let has_phrase = |p: &str| compact.contains(p);
    if exact(&[
        "off",
        "offday",
        "dayoff",
        "rest",
        "restday",
        "rd",
        "zero",
        "zeroday",
        "nwd",
        "nonworkingday",
        "lieu",
        "lieuday",
        "toil",
        "rdo",
        "x",
    ]) {
        return Some(Kind::Rest);
    }
    if exact(&[
        "al",
        "annualleave",
        "leave",
        "bh",
        "bankholiday",
        "bankhol",
        "ml",
        "maternityleave",
        "pl",
        "paternityleave",
        "parentalleave",
        "sick",
        "sickness",
        "sickleave",
        "compassionateleave",
        "specialleave",
        "unpaidleave",
        "absent",
        "absence",
    ]) {
        return Some(Kind::Leave);
    }
    if exact(&[
        "sl",
        "studyleave",
        "study",
        "studyday",
        "exam",
        "examleave",
        "course",
    ]) {
        return Some(Kind::StudyLeave);
    }
    if has_phrase("annualleave") || has("leave") && !has_phrase("studyleave") {
        return Some(Kind::Leave);
    }
    if has_phrase("studyleave") || has("study") {
        return Some(Kind::StudyLeave);
    }
    if has("off") || has("rest") || has("zero") || has_phrase("nonworking") {
        return Some(Kind::Rest);
    }
    if has_phrase("oncall") || has("oc") {
        return Some(Kind::OnCall);
    }
    if has("night") || has("nights") || has_phrase("nightshift") || exact(&["n", "nd"]) {
        return Some(Kind::Night);
    }
    if has("induction") || has("teaching") || has("training") {
        return Some(Kind::Teaching);
    }
    if has("spa") || has("admin") {
        return Some(Kind::NonClinical);
    }
    if has("twilight") || has("tw") {
        return Some(Kind::Twilight);
    }
    if has_phrase("longday") || exact(&["ld"]) {
        return Some(Kind::LongDay);
    }
    None
}

/// The kind of a label: the source's own, else the words for anything that is not a plain
/// shift, else the contract's rule on the times (night, long day), keeping `twilight` where
/// the words say so and the times make it neither.
pub fn kind_of(
    given: Option<Kind>,
    label: &str,
    description: &str,
    times: Option<(NaiveTime, LocalEnd)>,
) -> Option<Kind> {
    if given.is_some() {
        return given;
    }
    let words = keyword_kind(label).or_else(|| keyword_kind(description));
    let plain_shift =
        |k: Kind| matches!(k, Kind::Day | Kind::LongDay | Kind::Night | Kind::Twilight);
    match (words, times) {
        (Some(k), _) if !plain_shift(k) => Some(k),
        (w, Some((s, e))) => {
            let by_times = infer_kind(s, e);
            if by_times == Kind::Day && w == Some(Kind::Twilight) {
                Some(Kind::Twilight)
            } else {
                Some(by_times)
            }
        }
        (w, None) => w,
    }
}

/// A time-of-day token: `8:00`, `08:00`, `08.00`, `0800`, `8am`, `24:00`.
fn time_token(t: &str) -> Option<LocalEnd> {
    let t = t.trim().to_ascii_lowercase();
    let (t, meridiem) = if let Some(x) = t.strip_suffix("am") {
        (x.trim_end().to_string(), Some(false))
    } else if let Some(x) = t.strip_suffix("pm") {
        (x.trim_end().to_string(), Some(true))
    } else {
        (t, None)
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    let (h, m) = if let Some((h, m)) = t.split_once([':', '.']) {
        if !digits(h) || m.len() != 2 || !digits(m) {
            return None;
        }
        (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)
    } else if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) && meridiem.is_none() {
        (t[..2].parse::<u32>().ok()?, t[2..].parse::<u32>().ok()?)
    } else if digits(&t) && meridiem.is_some() {
        (t.parse::<u32>().ok()?, 0)
    } else {
        return None;
    };
    let h = match meridiem {
        Some(pm) if (1..=12).contains(&h) => (h % 12) + if pm { 12 } else { 0 },
        Some(_) => return None,
        None => h,
    };
    if h == 24 && m == 0 {
        return Some(LocalEnd::Midnight);
    }
    NaiveTime::from_hms_opt(h, m, 0).map(LocalEnd::At)
}

/// A time range in any of the forms rotas write (`07.30 - 17.30`, `08:00-20.30`,
/// `8.00-20.00`, `0800-1700`, `14:00 -00:00`, `8am to 5pm`), with the text before and after
/// it: `SD: 08:00-15:00 (7h)` → (`SD:`, 08:00, 15:00, `(7h)`).
pub fn split_time_range(text: &str) -> Option<(String, NaiveTime, LocalEnd, String)> {
    let norm = text.replace(['–', '—', '−'], "-");
    let norm = replace_word(&norm, "to", "-");
    for (i, _) in norm.match_indices('-') {
        let left = norm[..i].trim_end();
        let right = norm[i + 1..].trim_start();
        let is_tok = |c: char| c.is_ascii_digit() || c == ':' || c == '.';
        // The token before the dash, with an optional am/pm.
        let (l_core, l_mer) = strip_meridiem(left);
        let l_start = l_core
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_tok(*c))
            .last()
            .map(|(j, _)| j)?;
        let l_tok = format!("{}{}", &l_core[l_start..], l_mer);
        let prefix = &l_core[..l_start];
        if prefix.chars().last().is_some_and(char::is_alphanumeric) && !prefix.ends_with(' ') {
            // `SD08:00` is not a range boundary we can trust; `LD:08:00` is.
            if prefix.chars().last().is_some_and(|c| c.is_ascii_digit()) {
                continue;
            }
        }
        let r_end = right
            .char_indices()
            .take_while(|(_, c)| is_tok(*c))
            .last()
            .map(|(j, c)| j + c.len_utf8())?;
        let mut r_tok = right[..r_end].to_string();
        let mut rest = &right[r_end..];
        let rest_trim = rest.trim_start().to_ascii_lowercase();
        if rest_trim.starts_with("am") || rest_trim.starts_with("pm") {
            let skip = rest.len() - rest.trim_start().len() + 2;
            r_tok.push_str(&rest[rest.len() - rest.trim_start().len()..skip]);
            rest = &rest[skip..];
        }
        let (Some(s), Some(e)) = (time_token(&l_tok), time_token(&r_tok)) else {
            continue;
        };
        let start = match s {
            LocalEnd::At(t) => t,
            LocalEnd::Midnight => NaiveTime::MIN,
        };
        if rest.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        return Some((prefix.to_string(), start, e, rest.trim().to_string()));
    }
    None
}

fn strip_meridiem(s: &str) -> (&str, &'static str) {
    let lower = s.to_ascii_lowercase();
    for (suffix, m) in [("am", "am"), ("pm", "pm")] {
        if lower.ends_with(suffix) {
            let core = s[..s.len() - 2].trim_end();
            if core.chars().last().is_some_and(|c| c.is_ascii_digit()) {
                return (core, m);
            }
        }
    }
    (s, "")
}

fn replace_word(s: &str, word: &str, with: &str) -> String {
    s.split(' ')
        .map(|w| {
            if w.eq_ignore_ascii_case(word) {
                with
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A cell that is only a time range: its times.
pub fn time_range(text: &str) -> Option<(NaiveTime, LocalEnd)> {
    split_time_range(text)
        .filter(|(p, _, _, rest)| p.trim().is_empty() && rest.trim().is_empty())
        .map(|(_, s, e, _)| (s, e))
}

/// The label part of a legend line's prefix: `SD:` → `SD`, `Early |` → `Early`.
fn label_of(prefix: &str) -> String {
    prefix
        .trim()
        .trim_end_matches([':', '=', '|', '-', '(', ',', ';'])
        .trim()
        .to_string()
}

/// A short label, as legends have: not a date, not a number, at most 40 characters.
fn short_label(t: &str) -> bool {
    !t.is_empty()
        && crate::io::values::weekday(t).is_none()
        && t.chars().count() <= 40
        && t.chars().any(char::is_alphabetic)
        && split_time_range(t).is_none()
}

/// Legend entries on a sheet, outside the cells `skip` rules out: legend lines in one cell
/// (`SD: 08:00-15:00`), and rows of a block (`Early | [description |] 08:00 - 17:00 [| 9]`,
/// or start and end in two time cells). In a legend sheet (`whole`), rows of a label and a
/// description whose words give an untimed kind (`AL | Annual leave`) count too.
pub fn scan(sheet: &Sheet, whole: bool, skip: &dyn Fn(usize, usize) -> bool) -> Vec<Entry> {
    let mut out = Vec::new();
    for r in 0..sheet.height() {
        let width = sheet.rows[r].len();
        let mut c = 0;
        while c < width {
            if skip(r, c) {
                c += 1;
                continue;
            }
            let Some(t) = sheet.text(r, c) else {
                c += 1;
                continue;
            };
            let source = format!("legend {}", sheet.cell_ref(r, c));
            if let Some((prefix, s, e, rest)) = split_time_range(&t) {
                let label = label_of(&prefix);
                if short_label(&label) {
                    out.push(Entry {
                        label,
                        start: Some(s),
                        end: Some(e),
                        kind: None,
                        description: rest,
                        source,
                        grades: heading_over(sheet, r, c),
                    });
                }
                c += 1;
                continue;
            }
            if !short_label(&t) || matches!(sheet.cell(r, c), Cell::Date(_)) {
                c += 1;
                continue;
            }
            // A block row: the label, then within three cells a time range or two times.
            let mut description = Vec::new();
            let mut found = None;
            for k in 1..=3 {
                let cell = sheet.cell(r, c + k);
                if let Cell::Time(s) = cell {
                    if let Some(e) = end_cell(sheet.cell(r, c + k + 1)) {
                        found = Some((*s, e, c + k + 1));
                    }
                    break;
                }
                let Some(x) = cell.text() else { continue };
                if let Some((s, e)) = time_range(&x) {
                    found = Some((s, e, c + k));
                    break;
                }
                if let (Some(LocalEnd::At(s)), Some(e)) = (
                    time_token(&x),
                    sheet.text(r, c + k + 1).and_then(|y| time_token(&y)),
                ) {
                    found = Some((s, e, c + k + 1));
                    break;
                }
                // One description cell may stand between a label and its times (`E WARD HD
                // | Early ward | 07.30 - 17.30`); any other text ends the row's entry, so a
                // stray heading never takes the next label's times.
                if k > 1 || !description.is_empty() {
                    break;
                }
                description.push(x);
            }
            if let Some((s, e, last)) = found {
                out.push(Entry {
                    label: t,
                    start: Some(s),
                    end: Some(e),
                    kind: None,
                    description: description.join(" "),
                    source,
                    grades: heading_over(sheet, r, last),
                });
                c = last + 1;
                continue;
            }
            // A row of a label and a description whose words say rest or leave (`ZD | Zero
            // day`): on a legend sheet, or just below another entry of a block.
            let in_block = r > 0
                && out.last().is_some_and(|e: &Entry| {
                    e.source == format!("legend {}", sheet.cell_ref(r - 1, c))
                });
            if (whole && c == first_text_col(sheet, r)) || in_block {
                let desc = description.join(" ");
                let k = keyword_kind(&t).or_else(|| keyword_kind(&desc));
                if k.is_some_and(Kind::is_absence) && !desc.is_empty() {
                    out.push(Entry {
                        label: t,
                        start: None,
                        end: None,
                        kind: k,
                        description: desc,
                        source,
                        grades: None,
                    });
                }
            }
            c += 1;
        }
    }
    out
}

/// The grade heading over a legend entry's times (`CMT/ACCS` merged over a block): up the
/// column past other entries' times, to the first other text, if that reads as grades among
/// filled cells that all do (`CMT/ACCS | F2/GPT | F1s`). A blank cell ends the block, and a
/// run with anything else (a doctor's name beside their grade) heads nothing.
fn heading_over(sheet: &Sheet, r: usize, c: usize) -> Option<String> {
    for x in (r.saturating_sub(15)..r).rev() {
        let t = sheet.text(x, c)?;
        if time_range(&t).is_some() || split_time_range(&t).is_some() {
            continue;
        }
        // The run of filled cells around it on its row (a grid beside it is apart).
        let filled = |k: usize| sheet.text(x, k).is_some();
        let lo = (0..c).rev().take_while(|&k| filled(k)).last().unwrap_or(c);
        let hi = (c..sheet.rows[x].len())
            .take_while(|&k| filled(k))
            .last()
            .unwrap_or(c);
        let headings_only = (lo..=hi)
            .filter_map(|k| sheet.text(x, k))
            .all(|h| grade_heading(&h));
        return (grade_heading(&t) && headings_only).then_some(t);
    }
    None
}

fn first_text_col(sheet: &Sheet, r: usize) -> usize {
    (0..sheet.rows[r].len())
        .find(|&c| sheet.text(r, c).is_some())
        .unwrap_or(0)
}

fn end_cell(c: &Cell) -> Option<LocalEnd> {
    match c {
        Cell::Time(t) => Some(LocalEnd::At(*t)),
        other => other.text().and_then(|x| time_token(&x)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    #[test]
    fn time_ranges_in_the_forms_rotas_write() {
        #[track_caller]
        fn case(text: &str, start: &str, end: Option<&str>) {
            let (s, e) = time_range(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(s, t(start), "{text}");
            let want = end.map_or(LocalEnd::Midnight, |x| LocalEnd::At(t(x)));
            assert_eq!(e, want, "{text}");
        }
        case("07.30 - 17.30", "07:30", Some("17:30"));
        case("08:00-20.30", "08:00", Some("20:30"));
        case("8.00-20.00", "08:00", Some("20:00"));
        case("0800-1700", "08:00", Some("17:00"));
        case("14:00 -00:00", "14:00", Some("00:00"));
        case("07:45 - 18:00", "07:45", Some("18:00"));
        case("22:00 – 08:30", "22:00", Some("08:30"));
        case("8am to 5pm", "08:00", Some("17:00"));
        case("20:00-24:00", "20:00", None);
        for not in [
            "2019-08-07",
            "Early",
            "08:00",
            "12-14",
            "25:00-08:00",
            "8-5",
            "",
        ] {
            assert_eq!(time_range(not), None, "{not}");
        }
    }

    #[test]
    fn legend_lines_split_into_label_and_times() {
        let (p, s, e, rest) = split_time_range("LD: 08:00-20.30 (12.5h)").unwrap();
        assert_eq!(label_of(&p), "LD");
        assert_eq!((s, e), (t("08:00"), LocalEnd::At(t("20:30"))));
        assert_eq!(rest, "(12.5h)");
        let (p, ..) = split_time_range("Night | 22:00 - 08:30").unwrap();
        assert_eq!(label_of(&p), "Night");
    }

    #[test]
    fn keywords_give_kinds() {
        #[track_caller]
        fn case(label: &str, kind: Option<Kind>) {
            assert_eq!(keyword_kind(label), kind, "{label}");
        }
        use Kind::*;
        for l in [
            "Off", "off day", "(off)", "OFF", "Zero", "Rest day", "day off",
        ] {
            case(l, Some(Rest));
        }
        for l in ["AL", "annual leave", "A/L", "Bank Holiday", "Sick"] {
            case(l, Some(Leave));
        }
        for l in ["SL", "study leave", "S/L", "Study day"] {
            case(l, Some(StudyLeave));
        }
        case("night shift", Some(Night));
        case("NIGHT TR & WD", Some(Night));
        case("Nights", Some(Night));
        case("INDUCTION", Some(Teaching));
        case("SPA", Some(NonClinical));
        case("On call", Some(OnCall));
        case("Twilight", Some(Twilight));
        case("Early", None);
        case("ward", None);
        case("clinic am/ward pm", None);
        case("E WARD HD", None);
    }

    #[test]
    fn kinds_from_the_words_then_the_times() {
        let tw = Some((t("17:00"), LocalEnd::At(t("02:00"))));
        // 17:00-02:00 has 3 h between 23:00 and 06:00: a night under the contract's rule.
        assert_eq!(kind_of(None, "Twilight", "", tw), Some(Kind::Night));
        let tw = Some((t("14:00"), LocalEnd::At(t("22:00"))));
        assert_eq!(kind_of(None, "Twilight", "", tw), Some(Kind::Twilight));
        let day = Some((t("08:00"), LocalEnd::At(t("17:00"))));
        assert_eq!(kind_of(None, "SPA", "", day), Some(Kind::NonClinical));
        assert_eq!(kind_of(None, "Early", "", day), Some(Kind::Day));
        assert_eq!(kind_of(None, "Off", "", None), Some(Kind::Rest));
        assert_eq!(
            kind_of(Some(Kind::Teaching), "Early", "", day),
            Some(Kind::Teaching)
        );
    }

    #[test]
    fn labels_match_ignoring_case_and_spacing() {
        let mut l = Legend::default();
        l.add(Entry {
            label: "Night Shift".into(),
            start: Some(t("20:00")),
            end: Some(LocalEnd::At(t("08:00"))),
            kind: None,
            description: String::new(),
            source: "x".into(),
            grades: None,
        });
        assert!(l.get("night  shift").is_some());
        assert!(l.get("NIGHTSHIFT").is_some());
        assert!(l.get("nightly").is_none());
    }

    fn entry(label: &str, start: &str, end: &str) -> Entry {
        Entry {
            label: label.into(),
            start: Some(t(start)),
            end: Some(LocalEnd::At(t(end))),
            kind: None,
            description: String::new(),
            source: "legend Aug!A22".into(),
            grades: None,
        }
    }

    #[test]
    fn labels_written_short_for_a_legend_word() {
        let mut l = Legend::default();
        l.add(entry("Evening shift", "13:00", "21:00"));
        l.add(entry("Half day", "08:00", "13:00"));
        l.add(entry("Clerking / Ward nights (nights)", "20:00", "09:00"));
        l.add(entry("clerking nights (nights)", "20:00", "09:00"));
        assert_eq!(
            l.get("EVE").map(|e| e.label.as_str()),
            Some("Evening shift")
        );
        assert_eq!(l.get("HALF").map(|e| e.label.as_str()), Some("Half day"));
        // Every entry with the word has the same times: any of them.
        assert_eq!(l.get("NIGHT").and_then(|e| e.start), Some(t("20:00")));
        // Too short, or a word of entries with different times: not matched.
        assert!(l.get("EV").is_none());
        l.add(entry("Day ward", "08:00", "17:00"));
        l.add(entry("Day clinic", "09:00", "17:00"));
        assert!(l.get("DAY").is_none());
    }

    #[test]
    fn a_label_timed_apart_on_weekdays_and_weekends() {
        let mut l = Legend::default();
        l.add(entry("week day long day (LD)", "09:00", "21:00"));
        l.add(entry("weekend long day (LD)", "08:00", "21:00"));
        l.add(entry("Normal day (DAY)", "08:00", "17:00"));
        assert!(l.splits("LD"));
        assert!(l.splits("LD (swap)"));
        assert!(!l.splits("DAY"));
        assert_eq!(
            l.get_on("LD", false, "F1").and_then(|e| e.start),
            Some(t("09:00"))
        );
        assert_eq!(
            l.get_on("LD", true, "F1").and_then(|e| e.start),
            Some(t("08:00"))
        );
        assert_eq!(l.scope_on("LD", true, "F1").as_deref(), Some("weekends"));
        assert_eq!(
            l.get_on("DAY", true, "F1").and_then(|e| e.start),
            Some(t("08:00"))
        );
        assert_eq!(keyword_kind("X"), Some(Kind::Rest));
    }

    #[test]
    fn legend_blocks_by_grade() {
        assert!(grades_take_in("CMT/ACCS", "CMT"));
        assert!(grades_take_in("F2/GPT", "F2"));
        assert!(grades_take_in("F1s", "F1"));
        assert!(grades_take_in(
            "CMT/ST3s/Specialty Doctor",
            "Specialty Doctor"
        ));
        assert!(grades_take_in("ST", "ST3"));
        assert!(!grades_take_in("F1s", "F2"));
        assert!(!grades_take_in("CMT/ACCS", "F1"));
        // Blocks side by side under their headings, the times under each heading.
        let rows: &[&[&str]] = &[
            &["CMT/ACCS", "CMT/ACCS", "F1s", "F1s"],
            &[
                "Long day (LD)",
                "09.00-21.00",
                "Long day (LD)",
                "08.00-20.30",
            ],
            &["Night (N)", "20.00-09.00", "Night (N)", "20.00-09.00"],
            &["", "", "", ""],
            &["Amy Bell", "CMT", "", ""],
            &["Late (L)", "13:00-22:00", "", ""],
        ];
        let sheet = Sheet::of_texts(rows);
        let mut l = Legend::default();
        for e in scan(&sheet, true, &|_, _| false) {
            l.add(e);
        }
        let start = |grade: &str| l.get_on("LD", false, grade).and_then(|e| e.start);
        assert_eq!(start("CMT"), Some(t("09:00")));
        assert_eq!(start("F1"), Some(t("08:00")));
        assert_eq!(l.scope_on("LD", true, "F1").as_deref(), Some("F1s"));
        // A doctor's grade beside their name heads nothing.
        assert_eq!(l.get("L").and_then(|e| e.grades.clone()), None);
    }
}
