//! `rota.xlsx` (rust_xlsxwriter): the adjusted rota as the person-by-date grid coordinators
//! know, one sheet per department, shift codes in the cells, engagement highlighted with its
//! meeting (and a note with the details), frozen headers; then a compliance sheet and a
//! meetings sheet. Text is always written as text, never as a formula. The creation date is
//! the rota's first day, so the same input gives the same file.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};

use crate::domain::meeting::{Format as MeetingFormat, Meeting};
use crate::domain::time::hhmm;
use crate::domain::{DoctorIdx, Kind, Rota, Shift};

/// Fills for the grid.
struct Styles {
    head: Format,
    engagement: Format,
    own: Format,
    leave: Format,
    rest: Format,
    night: Format,
    plain: Format,
    missed: Format,
}

fn styles() -> Styles {
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xD9D9D9));
    Styles {
        head: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin),
        engagement: cell
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xC6EFCE))
            .set_font_color(Color::RGB(0x006100)),
        own: cell
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xBDD7EE))
            .set_font_color(Color::RGB(0x1F4E78)),
        leave: cell.clone().set_background_color(Color::RGB(0xFFF2CC)),
        rest: cell.clone().set_font_color(Color::RGB(0x808080)),
        night: cell.clone().set_background_color(Color::RGB(0xE4DFEC)),
        plain: cell,
        missed: Format::new().set_background_color(Color::RGB(0xFFC7CE)),
    }
}

/// A valid, unique sheet name (at most 31 characters, none of `[]:*?/\`).
fn sheet_name(want: &str, used: &mut Vec<String>) -> String {
    let clean: String = want
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let mut name = if clean.trim().is_empty() {
        "Rota".to_string()
    } else {
        clean
    };
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        name = format!("{}~{n}", name.chars().take(26).collect::<String>());
        n += 1;
    }
    used.push(name.clone());
    name
}

fn grid(
    ws: &mut Worksheet,
    rota: &Rota,
    doctors: &[DoctorIdx],
    meetings: &[Meeting],
    st: &Styles,
) -> Result<(), XlsxError> {
    let titles: BTreeMap<&str, (&str, bool)> = meetings
        .iter()
        .map(|m| {
            let own = m.format == MeetingFormat::Individual;
            (m.id.as_str(), (m.title.as_str(), own))
        })
        .collect();
    let own = |id: Option<&str>| id.and_then(|i| titles.get(i)).is_some_and(|t| t.1);
    let heads = ["Doctor ID", "Name", "Grade", "Group"];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, u16::try_from(c).unwrap_or(0), *h, &st.head)?;
    }
    let mut dates = Vec::new();
    let mut d = rota.first;
    while d <= rota.last {
        dates.push(d);
        d += chrono::Duration::days(1);
    }
    for (i, date) in dates.iter().enumerate() {
        let col = u16::try_from(4 + i).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, col, date.format("%a %d %b").to_string(), &st.head)?;
        ws.set_column_width(col, 13)?;
    }
    for (r, &doc_ix) in doctors.iter().enumerate() {
        let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
        let doc = &rota.doctors[doc_ix.ix()];
        ws.write_string(row, 0, &doc.id)?;
        ws.write_string(row, 1, &doc.name)?;
        ws.write_string(row, 2, &doc.grade)?;
        ws.write_string(row, 3, doc.group.as_str())?;
        let mut by_date: BTreeMap<chrono::NaiveDate, Vec<&Shift>> = BTreeMap::new();
        for s in rota.shifts_of(doc_ix) {
            by_date.entry(s.date).or_default().push(s);
        }
        for (date, rows) in by_date {
            let Ok(i) = usize::try_from((date - rota.first).num_days()) else {
                continue;
            };
            let col = u16::try_from(4 + i).unwrap_or(u16::MAX);
            let mut codes: Vec<String> = Vec::new();
            for s in rows.iter().filter(|s| s.kind != Kind::Engagement) {
                let c = s.code.clone().unwrap_or_else(|| s.kind.to_string());
                if codes.last() != Some(&c) {
                    codes.push(c);
                }
            }
            let eng: Vec<&&Shift> = rows.iter().filter(|s| s.kind == Kind::Engagement).collect();
            let mut text = codes.join(" ");
            let fmt = if eng.is_empty() {
                match rows.iter().map(|s| s.kind).find(|k| *k != Kind::Engagement) {
                    Some(Kind::Leave | Kind::StudyLeave) => &st.leave,
                    Some(Kind::Rest) => &st.rest,
                    Some(Kind::Night) => &st.night,
                    _ => &st.plain,
                }
            } else {
                // A meeting by its id; engagement the input rota already had (no meeting) by
                // its own code, else by the word.
                let labels: Vec<String> = eng
                    .iter()
                    .map(|e| match (e.meeting_id.as_deref(), &e.code) {
                        (Some(id), _) if own(Some(id)) => format!("{id} (own)"),
                        (Some(id), _) => id.to_string(),
                        (None, Some(c)) if !codes.contains(c) => c.clone(),
                        (None, _) => "engagement".to_string(),
                    })
                    .collect();
                text = if codes.is_empty() {
                    labels.join(", ")
                } else {
                    format!("{text} + {}", labels.join(", "))
                };
                let lines: Vec<String> = eng
                    .iter()
                    .map(|e| {
                        let (start, end) = (hhmm(rota.tz, e.start), hhmm(rota.tz, e.end));
                        let Some(mid) = e.meeting_id.as_deref() else {
                            return format!("Engagement in the rota as read, {start}-{end}");
                        };
                        let (title, solo) = titles.get(mid).copied().unwrap_or((mid, false));
                        format!(
                            "{title}{} {start}-{end} ({})",
                            if solo { ", own time" } else { ", meeting" },
                            e.occurrence_id.as_deref().unwrap_or("")
                        )
                    })
                    .collect();
                let note = Note::new(format!("Protected engagement time:\n{}", lines.join("\n")))
                    .set_author("rota-engage");
                ws.insert_note(row, col, &note)?;
                if eng.iter().all(|e| own(e.meeting_id.as_deref())) {
                    &st.own
                } else {
                    &st.engagement
                }
            };
            ws.write_string_with_format(row, col, text, fmt)?;
        }
    }
    ws.set_column_width(0, 10)?;
    ws.set_column_width(1, 20)?;
    ws.set_column_width(2, 16)?;
    ws.set_column_width(3, 11)?;
    ws.set_freeze_panes(1, 4)?;
    Ok(())
}

fn table(
    ws: &mut Worksheet,
    text: &[u8],
    st: &Styles,
    numeric: &[usize],
    missed_col: Option<usize>,
) -> Result<(), XlsxError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text);
    for (r, rec) in rdr.records().flatten().enumerate() {
        let row = u32::try_from(r).unwrap_or(u32::MAX);
        let missed = r > 0 && missed_col.is_some_and(|c| rec.get(c) == Some("no"));
        for (c, cell) in rec.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            // The CSV neutralised formula-like text with a leading '; a spreadsheet cell
            // written as text needs no such mark.
            let cell = cell
                .strip_prefix('\'')
                .filter(|x| x.starts_with(['=', '+', '-', '@', '\t', '\r']))
                .unwrap_or(cell);
            if r == 0 {
                ws.write_string_with_format(row, col, cell, &st.head)?;
            } else if numeric.contains(&c) && !cell.is_empty() {
                match cell.parse::<f64>() {
                    Ok(v) => ws.write_number(row, col, v)?,
                    Err(_) => ws.write_string(row, col, cell)?,
                };
            } else if missed {
                ws.write_string_with_format(row, col, cell, &st.missed)?;
            } else {
                ws.write_string(row, col, cell)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 20)?;
    Ok(())
}

/// The workbook's bytes.
pub fn workbook(
    adjusted: &Rota,
    meetings: &[Meeting],
    meetings_csv: &[u8],
    compliance_csv: &[u8],
) -> Result<Vec<u8>, XlsxError> {
    let st = styles();
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(chrono::Datelike::year(&adjusted.first)).unwrap_or(2000),
        u8::try_from(chrono::Datelike::month(&adjusted.first)).unwrap_or(1),
        u8::try_from(chrono::Datelike::day(&adjusted.first)).unwrap_or(1),
    )?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Adjusted rota with protected engagement time")
            .set_creation_datetime(&created),
    );
    let mut by_dept: BTreeMap<&str, Vec<DoctorIdx>> = BTreeMap::new();
    for (i, d) in adjusted.doctors.iter().enumerate() {
        by_dept
            .entry(d.department.as_str())
            .or_default()
            .push(DoctorIdx(u32::try_from(i).unwrap_or(u32::MAX)));
    }
    let mut used = Vec::new();
    for (dept, docs) in by_dept {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(dept, &mut used))?;
        grid(ws, adjusted, &docs, meetings, &st)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name("Compliance", &mut used))?;
    table(ws, compliance_csv, &st, &[4, 5, 6, 8, 10, 11], Some(7))?;
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name("Meetings", &mut used))?;
    table(ws, meetings_csv, &st, &[9, 10, 11, 12, 13], None)?;
    wb.save_to_buffer()
}
