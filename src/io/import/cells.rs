//! A sheet's cells as typed rota rows: each label read once (legend, times in the cell, its
//! words), remarks kept as notes, every problem reported at once with the `[labels]` lines to
//! fill in.

use super::*;

/// One cell to read: the doctor (index into the doctors), the date, the cell.
pub(super) type CellAt = (usize, chrono::NaiveDate, (usize, usize));

/// A label's times, kind, and how it was read.
pub(super) type Reading = (Option<(NaiveTime, LocalEnd)>, Kind, String);

/// The cells as typed rows into the builder, each with its cell, every label read once (all
/// problems reported at once). False when a label could not be read.
pub(super) fn cells_to_rows(
    ctx: Ctx<'_>,
    docs: &[Doc],
    cells: &[CellAt],
    department: &str,
    report: &mut Report,
    builder: &mut Builder<'_>,
    diags: &mut Diagnostics,
) -> bool {
    let Ctx { sheet, legend, .. } = ctx;
    let mut ok = true;
    // Every label of the grid.
    struct Seen {
        text: String,
        label: String,
        count: usize,
        first: (usize, usize),
        reading: Result<Reading, String>,
    }
    let mut seen: BTreeMap<String, Seen> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut read = 0usize;
    let people: Vec<DoctorIn> = docs
        .iter()
        .map(|d| DoctorIn {
            id: d.id.clone(),
            name: d.name.clone(),
            grade: d.grade.clone(),
            group: Some(d.group),
            department: department.to_string(),
            email: None,
            fte: d.fte,
        })
        .collect();
    // How often each text is written: a stray number written once is a remark, a code
    // written often is not.
    let mut written: HashMap<String, usize> = HashMap::new();
    for &(_, _, (r, c)) in cells {
        if let Some(t) = sheet.text(r, c) {
            *written.entry(legend::key(&t)).or_insert(0) += 1;
        }
    }
    let mut splitting: HashMap<String, bool> = HashMap::new();
    for &(ix, date, (r, c)) in cells {
        let Some(text) = sheet.text(r, c) else {
            continue;
        };
        // A label the legend times apart by weekday and weekend, or by grade, is read
        // for each.
        let weekend = matches!(date.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
        let grade = docs[ix].grade.as_str();
        // Whether a label splits is asked once per label, not once per cell.
        let splits = *splitting
            .entry(legend::key(&text))
            .or_insert_with(|| legend.splits(&text));
        let scope = splits
            .then(|| legend.scope_on(&text, weekend, grade))
            .flatten();
        let k = match &scope {
            Some(x) => format!("{}|{x}", legend::key(&text)),
            None => legend::key(&text),
        };
        let entry = seen.entry(k.clone()).or_insert_with(|| {
            order.push(k.clone());
            Seen {
                text: text.clone(),
                label: match &scope {
                    Some(x) => format!("{text} ({x})"),
                    None => text.clone(),
                },
                count: 0,
                first: (r, c),
                reading: read_label(&text, legend, weekend, grade).map_err(|e| {
                    if stray(&text) && written[&legend::key(&text)] <= 2 {
                        String::new()
                    } else {
                        e
                    }
                }),
            }
        });
        entry.count += 1;
        let who = format!("{} ({}), {}", docs[ix].name, docs[ix].id, view::day(date));
        let (times, kind, note) = match &entry.reading {
            Ok((times, kind, _)) => {
                let t = times.map_or(String::new(), |(s, e)| {
                    format!(" {}-{}", s.format("%H:%M"), end_text(e))
                });
                let read = format!("{who}: {}{t}, {kind}", entry.label);
                mark(report, sheet, (r, c), Role::Grid, read);
                (*times, Some(*kind), false)
            }
            // A remark is kept as a note row: no shift.
            Err(why) if why.is_empty() => {
                let read = format!("{who}: note: {text} (kept as a note row, not a shift)");
                mark(report, sheet, (r, c), Role::Note, read);
                (None, None, true)
            }
            Err(why) => {
                let read = format!("{who}: not read: {why}");
                mark(report, sheet, (r, c), Role::Unknown, read);
                continue;
            }
        };
        let place = Place::Cell(sheet.cell_ref(r, c), r + 1);
        let Some(doctor) = builder.doctor(&people[ix], &place, diags) else {
            continue;
        };
        builder.push(
            doctor,
            RowIn {
                date,
                code: Some(text.clone()),
                start: times.map(|t| t.0),
                end: times.map(|t| t.1),
                kind,
                note,
                meeting_id: None,
                occurrence_id: None,
                place,
                code_col: "shift".into(),
            },
        );
        read += 1;
    }
    let mut unknown: Vec<(String, String)> = Vec::new();
    for k in &order {
        let s = &seen[k];
        match &s.reading {
            Ok((times, kind, source)) => report.labels.push(FoundLabel {
                label: s.label.clone(),
                count: s.count,
                first: sheet.cell_ref(s.first.0, s.first.1),
                times: *times,
                kind: *kind,
                source: source.clone(),
            }),
            Err(why) if why.is_empty() => {
                report.remarks += s.count;
                report.notes.push(format!(
                    "{}: {:?} reads as a remark, not a shift ({} cells); kept as a note row (kind note) that nothing else reads",
                    sheet.cell_ref(s.first.0, s.first.1),
                    s.label,
                    s.count
                ));
            }
            Err(why) => {
                unknown.push((s.text.clone(), s.label.clone()));
                report.unknown.push(UnknownLabel {
                    label: s.text.trim().to_string(),
                    first: sheet.cell_ref(s.first.0, s.first.1),
                    count: s.count,
                    kind: legend::keyword_kind(&s.text).map(Kind::as_str),
                });
                let more = if s.count > 1 {
                    format!(" (and {} more cells)", s.count - 1)
                } else {
                    String::new()
                };
                diags.error(
                    &sheet.place(s.first.0, s.first.1),
                    None,
                    None,
                    format!("{why}{more}"),
                );
                ok = false;
            }
        }
    }
    if !unknown.is_empty() {
        diags.help(labels_to_fill(&unknown));
    }
    if !ok {
        return false;
    }
    if read == 0 {
        diags.error(
            &sheet.title(),
            None,
            None,
            "no shifts in the cells read (expected labels in the cells beside the names)",
        );
        return false;
    }
    true
}

/// How a cell's label reads: (times, kind, how), or the error; an empty error is a note.
pub(super) fn read_label(
    text: &str,
    legend: &Legend,
    weekend: bool,
    grade: &str,
) -> Result<Reading, String> {
    let expected = "expected a legend entry such as \"Early | 08:00 - 17:00\" beside the grid or on a key sheet, a --shifts file, or [labels] in a layout file";
    if let Some(e) = legend.get_on(text, weekend, grade) {
        let times = e.start.zip(e.end);
        let kind = legend::kind_of(e.kind, &e.label, &e.description, times);
        return match kind {
            Some(k) if k.is_working() && times.is_none() => Err(format!(
                "label {text:?} ({k} in {}) has no times ({expected})",
                e.source
            )),
            Some(k) => Ok((times, k, e.source.clone())),
            None => Err(format!(
                "label {text:?} in {} has no times or kind ({expected})",
                e.source
            )),
        };
    }
    if let Some((prefix, s, e, rest)) = legend::split_time_range(text) {
        let words = format!("{prefix} {rest}");
        let kind = legend::kind_of(None, &words, "", Some((s, e))).unwrap_or(Kind::Day);
        return Ok((Some((s, e)), kind, "times in the cell".into()));
    }
    if is_note(text) {
        return Err(String::new());
    }
    match legend::keyword_kind(text) {
        Some(k) if k.is_absence() => Ok((None, k, "its words".into())),
        Some(k) => Err(format!(
            "label {text:?} reads as {k} by its words but has no times ({expected})"
        )),
        None => Err(format!(
            "label {text:?} is not in the legend and its words say nothing of its times ({expected})"
        )),
    }
}

/// Words that read as prose, not a label: a note left in the grid.
pub(super) fn is_note(t: &str) -> bool {
    t.split_whitespace().count() >= 4 || t.chars().count() > 30
}

/// A stray mark in the grid rather than a code: a number (`22312`), or letters of both cases
/// among digits (`1RAq`). Read as a remark where written once or twice.
pub(super) fn stray(t: &str) -> bool {
    let t = t.trim();
    let has = |f: fn(&char) -> bool| t.chars().any(|c| f(&c));
    legend::keyword_kind(t).is_none()
        && (t.parse::<f64>().is_ok()
            || (has(char::is_ascii_digit)
                && has(char::is_ascii_uppercase)
                && has(char::is_ascii_lowercase)
                && !t.contains(char::is_whitespace)))
}

/// The `[labels]` lines for labels with no times, ready to fill: each label as written (a
/// weekday or weekend reading named after it), its kind where its words say one.
pub(super) fn labels_to_fill(unknown: &[(String, String)]) -> String {
    let mut t = format!(
        "help: {} label{} with no times; fill in these lines, put them in a layout file (or add them to yours) and pass it with --layout (kinds: {}):\n[labels]\n",
        unknown.len(),
        if unknown.len() == 1 { "" } else { "s" },
        crate::io::shifts::kind_list()
    );
    let mut done: Vec<String> = Vec::new();
    for (text, _) in unknown {
        let k = legend::key(text);
        if done.contains(&k) {
            continue;
        }
        done.push(k);
        let kind = legend::keyword_kind(text).map_or("", Kind::as_str);
        let _ = writeln!(
            t,
            "{} = {{ start = \"\", end = \"\", kind = \"{kind}\" }}",
            toml_string(text.trim())
        );
    }
    t
}

/// A TOML basic string.
pub(super) fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stray_marks_are_not_codes() {
        for t in ["22312", "1RAq", "0.5"] {
            assert!(stray(t), "{t}");
        }
        // Codes, with digits or not, are read (or refused) as labels.
        for t in ["N2", "LD", "E1", "D WARD", "Ld 2", "AL"] {
            assert!(!stray(t), "{t}");
        }
    }
}
