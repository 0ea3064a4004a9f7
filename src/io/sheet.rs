//! A sheet: a rectangle of cells with A1 positions, read from a workbook (calamine: `.xlsx`,
//! `.xlsm`, `.xls`, `.ods`) or from a CSV save of one. Merged cells are filled in: every cell
//! a merged range covers holds the range's value, as a person reading the sheet sees it.

use std::io::Cursor;

use calamine::{Data, Reader, Sheets};
use chrono::{NaiveDate, NaiveTime};

use super::diagnostics::Diagnostics;
use super::table;

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text, trimmed (booleans and errors are read as their text).
    Text(String),
    /// A plain number.
    Number(f64),
    /// A date cell (its time of day, if any, dropped).
    Date(NaiveDate),
    /// A time-of-day cell (a date cell whose value is under one day).
    Time(NaiveTime),
}

impl Cell {
    /// The text a person sees, trimmed; `None` when empty.
    pub fn text(&self) -> Option<String> {
        match self {
            Cell::Empty => None,
            Cell::Text(s) => Some(s.clone()),
            Cell::Number(n) => Some(number_text(*n)),
            Cell::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
            Cell::Time(t) => Some(t.format("%H:%M").to_string()),
        }
    }

    /// Whether there is nothing in it.
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

/// A rectangle of cells; `rows[r][c]` is the cell at row `r + 1`, column `c` (A = 0).
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The file as the user named it.
    pub file: String,
    /// The sheet's name in a workbook; `None` for a CSV file.
    pub name: Option<String>,
    /// Rows of cells, ragged (a missing cell is empty).
    pub rows: Vec<Vec<Cell>>,
    /// Hidden in the workbook: not read unless named.
    pub hidden: bool,
}

const EMPTY: Cell = Cell::Empty;

impl Sheet {
    /// A sheet `Rota` of `r.xlsx` holding these texts (empty strings are empty cells), for
    /// unit tests.
    #[cfg(test)]
    pub(crate) fn of_texts(rows: &[&[&str]]) -> Sheet {
        Sheet {
            file: "r.xlsx".into(),
            name: Some("Rota".into()),
            hidden: false,
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| match *c {
                            "" => Cell::Empty,
                            c => Cell::Text(c.to_string()),
                        })
                        .collect()
                })
                .collect(),
        }
    }

    /// Empties every cell of a range (a layout file's `skip`: not part of the rota).
    pub fn blank(&mut self, r0: usize, c0: usize, r1: usize, c1: usize) {
        for row in self.rows.iter_mut().take(r1.saturating_add(1)).skip(r0) {
            for cell in row.iter_mut().take(c1.saturating_add(1)).skip(c0) {
                *cell = Cell::Empty;
            }
        }
    }

    /// The cell at a 0-based row and column.
    pub fn cell(&self, r: usize, c: usize) -> &Cell {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&EMPTY)
    }

    /// The trimmed text of a cell, `None` when empty.
    pub fn text(&self, r: usize, c: usize) -> Option<String> {
        self.cell(r, c).text().filter(|s| !s.is_empty())
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        self.rows.len()
    }

    /// Number of columns of the widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// A cell's position as messages give it: `rota.xlsx!Rota!B17`, or `rota.csv:17` with the
    /// column letter after it (`rota.csv:17: column B`).
    pub fn place(&self, r: usize, c: usize) -> String {
        match &self.name {
            Some(n) => format!("{}!{}!{}", self.file, n, a1(r, c)),
            None => format!("{}:{}: column {}", self.file, r + 1, column_name(c)),
        }
    }

    /// The position inside the file: `Rota!B17` for a workbook, `B17` for a CSV file.
    pub fn cell_ref(&self, r: usize, c: usize) -> String {
        match &self.name {
            Some(n) => format!("{n}!{}", a1(r, c)),
            None => a1(r, c),
        }
    }

    /// The sheet as messages name it: `rota.xlsx!Rota`, or the CSV file.
    pub fn title(&self) -> String {
        match &self.name {
            Some(n) => format!("{}!{n}", self.file),
            None => self.file.clone(),
        }
    }

    /// The rows as text, for sheets in the contract's own CSV shapes.
    pub fn to_csv_bytes(&self) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|c| c.text().unwrap_or_default()).collect();
            if cells.is_empty() {
                let _ = w.write_record([""]);
            } else {
                let _ = w.write_record(&cells);
            }
        }
        w.into_inner().unwrap_or_default()
    }
}

/// `B17` for row 16, column 1 (0-based).
pub fn a1(r: usize, c: usize) -> String {
    format!("{}{}", column_name(c), r + 1)
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
pub fn column_name(c: usize) -> String {
    let mut n = c + 1;
    let mut s = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        s.push(b'A' + u8::try_from(rem).unwrap_or(0));
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Parses `B17` into (row, column), 0-based.
pub fn parse_a1(s: &str) -> Option<(usize, usize)> {
    let s = s.trim().trim_start_matches('$');
    let letters: String = s.chars().take_while(char::is_ascii_alphabetic).collect();
    let rest = s[letters.len()..].trim_start_matches('$');
    if letters.is_empty() || letters.len() > 3 || rest.is_empty() {
        return None;
    }
    let row: usize = rest.parse().ok().filter(|r| (1..=1_048_576).contains(r))?;
    let mut col = 0usize;
    for ch in letters.to_ascii_uppercase().bytes() {
        col = col * 26 + usize::from(ch - b'A' + 1);
    }
    Some((row - 1, col - 1))
}

/// Whether the bytes are a workbook (a zip container: xlsx, xlsm, ods; or OLE: xls).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// The largest sheet read: beyond this a workbook is refused rather than exhaust memory.
const MAX_CELLS: usize = 20_000_000;

/// Reads every sheet of a workbook. Problems go to `diags`; `None` when it cannot be opened.
/// A damaged file that makes the workbook reader itself fail is reported as damaged, never a
/// crash (the fuzzer found two such files in calamine 0.30: a merge list it cannot load, avoided
/// below, and a shared-string index past the end of the table, which this guard reports).
pub fn read_workbook(file: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<Vec<Sheet>> {
    let mut local = Diagnostics::default();
    // Quietly: the panic's own message is for calamine's developers, not a coordinator.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_workbook_inner(file, bytes, &mut local)
    }));
    std::panic::set_hook(hook);
    match read {
        Ok(sheets) => {
            diags.extend(local);
            sheets
        }
        Err(_) => {
            diags.error(
                file,
                None,
                None,
                "cannot be read as a workbook: it is damaged (expected a workbook that Excel or LibreOffice opens; save it again from there)",
            );
            None
        }
    }
}

fn read_workbook_inner(file: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<Vec<Sheet>> {
    let mut book = match calamine::open_workbook_auto_from_rs(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => {
            diags.error(
                file,
                None,
                None,
                format!("cannot be read as a workbook ({e}; expected an .xlsx, .xlsm, .xls or .ods file that Excel or LibreOffice opens: is it cut short?)"),
            );
            return None;
        }
    };
    // Merged ranges are a nicety: a workbook whose merge list is broken still reads (and
    // calamine must not be asked for ranges it failed to load: it panics).
    let xlsx_merges = match &mut book {
        Sheets::Xlsx(x) => x.load_merged_regions().is_ok(),
        _ => false,
    };
    let ods_merges = if matches!(book, Sheets::Ods(_)) {
        ods_merged_ranges(bytes)
    } else {
        std::collections::HashMap::new()
    };
    let hidden: std::collections::HashSet<String> = book
        .sheets_metadata()
        .iter()
        .filter(|m| m.visible != calamine::SheetVisible::Visible)
        .map(|m| m.name.clone())
        .collect();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = match book.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                diags.error(
                    file,
                    None,
                    None,
                    format!("sheet {name:?} cannot be read ({e})"),
                );
                continue;
            }
        };
        let (r0, c0) = range
            .start()
            .map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let (h, w) = (range.height(), range.width());
        if (r0 + h).saturating_mul(c0 + w) > MAX_CELLS {
            diags.error(
                file,
                None,
                None,
                format!(
                    "sheet {name:?} is {} rows by {} columns (expected at most {MAX_CELLS} cells)",
                    r0 + h,
                    c0 + w
                ),
            );
            continue;
        }
        let mut rows = vec![Vec::new(); r0 + h];
        for (r, row) in range.rows().enumerate() {
            let cells = &mut rows[r0 + r];
            cells.resize(c0 + row.len(), Cell::Empty);
            for (c, d) in row.iter().enumerate() {
                cells[c0 + c] = cell(d);
            }
        }
        let merges: Vec<Merge> = match &book {
            Sheets::Xlsx(_) if !xlsx_merges => Vec::new(),
            Sheets::Xlsx(x) => x
                .merged_regions_by_sheet(&name)
                .into_iter()
                .map(|(_, _, d)| (d.start, d.end))
                .collect(),
            Sheets::Xls(x) => x
                .worksheet_merge_cells(&name)
                .unwrap_or_default()
                .into_iter()
                .map(|d| (d.start, d.end))
                .collect(),
            Sheets::Ods(_) => ods_merges.get(&name).cloned().unwrap_or_default(),
            Sheets::Xlsb(_) => Vec::new(),
        };
        fill_merged(&mut rows, &merges);
        trim(&mut rows);
        out.push(Sheet {
            file: file.to_string(),
            hidden: hidden.contains(&name),
            name: Some(name),
            rows,
        });
    }
    Some(out)
}

/// A merged range: its first and last (row, column).
type Merge = ((u32, u32), (u32, u32));

/// The merged ranges of each sheet of an `.ods` file, from the spans in its `content.xml`
/// (calamine reads the cells but not the spans). A file whose spans cannot be read gives none.
fn ods_merged_ranges(bytes: &[u8]) -> std::collections::HashMap<String, Vec<Merge>> {
    use quick_xml::events::Event;
    use std::io::Read as _;
    let mut out: std::collections::HashMap<String, Vec<Merge>> = std::collections::HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let mut xml = String::new();
    match zip.by_name("content.xml") {
        Ok(mut f) if f.size() < 512 * 1024 * 1024 => {
            if f.read_to_string(&mut xml).is_err() {
                return out;
            }
        }
        _ => return out,
    }
    let mut reader = quick_xml::Reader::from_str(&xml);
    let decoder = reader.decoder();
    let (mut sheet, mut row, mut col) = (String::new(), 0u32, 0u32);
    let mut row_repeat = 1u32;
    let number = |e: &quick_xml::events::BytesStart<'_>, key: &[u8]| -> Option<u32> {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse().ok())
    };
    loop {
        let (ev, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                if e.name().as_ref() == b"table:table-row" {
                    row = row.saturating_add(row_repeat);
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        match ev.name().as_ref() {
            b"table:table" => {
                sheet = ev
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == b"table:name")
                    .and_then(|a| {
                        a.decode_and_unescape_value(decoder)
                            .ok()
                            .map(|v| v.into_owned())
                    })
                    .unwrap_or_default();
                row = 0;
            }
            b"table:table-row" => {
                row_repeat = number(&ev, b"table:number-rows-repeated").unwrap_or(1);
                col = 0;
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                let cs = number(&ev, b"table:number-columns-spanned").unwrap_or(1);
                let rs = number(&ev, b"table:number-rows-spanned").unwrap_or(1);
                if (cs > 1 || rs > 1) && cs > 0 && rs > 0 {
                    out.entry(sheet.clone()).or_default().push((
                        (row, col),
                        (row.saturating_add(rs - 1), col.saturating_add(cs - 1)),
                    ));
                }
                col =
                    col.saturating_add(number(&ev, b"table:number-columns-repeated").unwrap_or(1));
            }
            _ => {}
        }
    }
    out
}

/// Copies each merged range's top-left value into every cell it covers.
fn fill_merged(rows: &mut [Vec<Cell>], merges: &[Merge]) {
    for &((r0, c0), (r1, c1)) in merges {
        let (r0, c0, r1, c1) = (r0 as usize, c0 as usize, r1 as usize, c1 as usize);
        if r1 < r0 || c1 < c0 || r0 >= rows.len() || (r1 - r0 + 1) * (c1 - c0 + 1) > 100_000 {
            continue;
        }
        let v = rows[r0].get(c0).cloned().unwrap_or(Cell::Empty);
        if v.is_empty() {
            continue;
        }
        for row in rows.iter_mut().take(r1 + 1).skip(r0) {
            if row.len() <= c1 {
                row.resize(c1 + 1, Cell::Empty);
            }
            for cell in row.iter_mut().take(c1 + 1).skip(c0) {
                *cell = v.clone();
            }
        }
    }
}

/// Drops trailing empty cells and rows.
fn trim(rows: &mut Vec<Vec<Cell>>) {
    for row in rows.iter_mut() {
        while row.last().is_some_and(Cell::is_empty) {
            row.pop();
        }
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(t.to_string())
            }
        }
        #[allow(clippy::cast_precision_loss)] // cell integers are small
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(dt) => {
            let v = dt.as_f64();
            if dt.is_duration() || (0.0..1.0).contains(&v) {
                time_of_day(v).map_or(Cell::Number(v), Cell::Time)
            } else {
                dt.as_datetime()
                    .map_or(Cell::Number(v), |x| Cell::Date(x.date()))
            }
        }
        Data::DateTimeIso(s) => {
            if let Ok(x) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
                Cell::Date(x.date())
            } else if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Cell::Date(d)
            } else if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M:%S") {
                Cell::Time(t)
            } else {
                Cell::Text(s.clone())
            }
        }
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// A fraction of a day as a time, to the nearest minute.
fn time_of_day(v: f64) -> Option<NaiveTime> {
    if !(0.0..1.0).contains(&v) {
        return None;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0 <= v < 1
    let m = (v * 1440.0).round() as u32;
    if m == 1440 {
        return NaiveTime::from_hms_opt(0, 0, 0);
    }
    NaiveTime::from_hms_opt(m / 60, m % 60, 0)
}

/// A CSV save of a sheet: every record at the row of its line, so that row `r` is line
/// `r + 1` (blank lines are empty rows). Delimiter sniffed over the first lines.
pub fn read_csv(file: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<Sheet> {
    let text = table::decode(file, bytes, diags)?;
    if let Some(pos) = text.find('\0') {
        let line = text[..pos].matches('\n').count() + 1;
        diags.error(
            file,
            Some(line),
            None,
            "contains a NUL byte (expected a text CSV file or a workbook)",
        );
        return None;
    }
    let head: String = text.lines().take(30).collect::<Vec<_>>().join("\n");
    let delimiter = table::sniff(&head);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut record = csv::StringRecord::new();
    let (mut seen_byte, mut seen_line) = (0usize, 1usize);
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let mut i = record
                    .position()
                    .map_or(0, |p| p.byte() as usize)
                    .min(bytes.len());
                while i < bytes.len() && (bytes[i] == b'\r' || bytes[i] == b'\n') {
                    i += 1;
                }
                if i >= seen_byte {
                    seen_line += bytes[seen_byte..i].iter().filter(|&&b| b == b'\n').count();
                    seen_byte = i;
                }
                let r = seen_line - 1;
                if rows.len() <= r {
                    rows.resize(r + 1, Vec::new());
                }
                rows[r] = record.iter().map(text_cell).collect();
            }
            Err(e) => {
                diags.error(file, None, None, format!("is not valid CSV: {e}"));
                return None;
            }
        }
    }
    trim(&mut rows);
    Some(Sheet {
        file: file.to_string(),
        name: None,
        rows,
        hidden: false,
    })
}

fn text_cell(s: &str) -> Cell {
    let t = s.trim();
    if t.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(t.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names_round_trip() {
        #[track_caller]
        fn case(r: usize, c: usize, s: &str) {
            assert_eq!(a1(r, c), s);
            assert_eq!(parse_a1(s), Some((r, c)));
        }
        case(0, 0, "A1");
        case(16, 1, "B17");
        case(0, 25, "Z1");
        case(9, 26, "AA10");
        case(0, 701, "ZZ1");
        case(0, 702, "AAA1");
        assert_eq!(parse_a1("$C$3"), Some((2, 2)));
        assert_eq!(parse_a1("3C"), None);
        assert_eq!(parse_a1("C0"), None);
        assert_eq!(parse_a1(""), None);
    }

    #[test]
    fn csv_rows_keep_their_lines() {
        let mut d = Diagnostics::default();
        let s = read_csv("r.csv", b"\xEF\xBB\xBFTitle;;\n\n;Ann;Bob\r\n", &mut d).unwrap();
        assert_eq!(s.height(), 3);
        assert_eq!(s.text(0, 0).as_deref(), Some("Title"));
        assert!(s.rows[1].is_empty());
        assert_eq!(s.text(2, 2).as_deref(), Some("Bob"));
        assert_eq!(s.place(2, 2), "r.csv:3: column C");
    }

    #[test]
    fn merged_ranges_fill_every_cell() {
        let mut rows = vec![vec![Cell::Text("Night".into())], vec![]];
        fill_merged(&mut rows, &[((0, 0), (1, 2))]);
        assert_eq!(rows[1][2], Cell::Text("Night".into()));
        assert_eq!(rows[0][1], Cell::Text("Night".into()));
    }

    #[test]
    fn fractions_of_a_day_are_times() {
        assert_eq!(time_of_day(0.5), NaiveTime::from_hms_opt(12, 0, 0));
        assert_eq!(time_of_day(0.854_166_7), NaiveTime::from_hms_opt(20, 30, 0));
        assert_eq!(time_of_day(1.5), None);
    }
}
