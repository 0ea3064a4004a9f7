//! A CSV file as spreadsheets export it: byte-order mark, CRLF, `,` `;` or tab (sniffed from
//! the header), blank rows, Windows-1252. Rows keep their line numbers for messages.

use std::collections::HashMap;

use super::diagnostics::Diagnostics;

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line in the file.
    pub line: usize,
    /// Cells, trimmed.
    pub cells: Vec<String>,
}

/// A parsed CSV file.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file as the user named it.
    pub file: String,
    /// Header names as written (trimmed).
    pub headers: Vec<String>,
    /// Normalised header name → column index.
    index: HashMap<String, usize>,
    /// Data rows, blank rows dropped.
    pub rows: Vec<Row>,
    /// Line of the header.
    pub header_line: usize,
}

/// Normalises a header: lower case, surrounding space dropped, inner spaces and `-` as `_`.
pub fn norm(h: &str) -> String {
    h.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

impl Table {
    /// Reads a file's bytes. Problems go to `diags`; `None` when nothing usable was read.
    pub fn parse(file: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<Table> {
        let text = decode(file, bytes, diags)?;
        if let Some(pos) = text.find('\0') {
            let line = text[..pos].matches('\n').count() + 1;
            diags.error(
                file,
                Some(line),
                None,
                "contains a NUL byte (expected a text CSV file)",
            );
            return None;
        }
        let Some((header_idx, header_line)) = text
            .split('\n')
            .enumerate()
            .find(|(_, l)| !l.trim().trim_matches([',', ';', '\t']).trim().is_empty())
        else {
            diags.error(
                file,
                None,
                None,
                "the file is empty (expected a header row)",
            );
            return None;
        };
        if let Some(line) = unclosed_quote(&text) {
            diags.error(
                file,
                Some(line),
                None,
                "a quote (\") opened here is never closed (expected a closing quote; is the file cut short?)",
            );
            return None;
        }
        let delimiter = sniff(header_line);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut headers: Option<Vec<String>> = None;
        let mut header_at = header_idx + 1;
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        // csv's own line numbers count a record from the end of the previous one (blank lines
        // and CRLF included), so lines are counted here from byte offsets.
        let bytes = text.as_bytes();
        let (mut seen_byte, mut seen_line) = (0usize, 1usize);
        let mut line_at = |byte: usize| {
            let mut i = byte.min(bytes.len());
            while i < bytes.len() && (bytes[i] == b'\r' || bytes[i] == b'\n') {
                i += 1;
            }
            if i >= seen_byte {
                seen_line += bytes[seen_byte..i].iter().filter(|&&b| b == b'\n').count();
                seen_byte = i;
            }
            seen_line
        };
        loop {
            match rdr.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let byte = record.position().map_or(0, |p| p.byte() as usize);
                    let line = line_at(byte);
                    let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
                    if cells.iter().all(String::is_empty) {
                        continue;
                    }
                    if headers.is_none() {
                        headers = Some(cells);
                        header_at = line;
                    } else {
                        rows.push(Row { line, cells });
                    }
                }
                Err(e) => {
                    let line = e.position().map(|p| line_at(p.byte() as usize));
                    diags.error(file, line, None, format!("is not valid CSV: {e}"));
                    return None;
                }
            }
        }
        let headers = headers.unwrap_or_default();
        let mut index = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let n = norm(h);
            if n.is_empty() {
                continue;
            }
            if let Some(&j) = index.get(&n) {
                diags.error(
                    file,
                    Some(header_at),
                    Some(h.as_str()),
                    format!(
                        "duplicate column (columns {} and {} have the same name)",
                        j + 1,
                        i + 1
                    ),
                );
            } else {
                index.insert(n, i);
            }
        }
        let width = headers.len();
        let delim = char::from(delimiter);
        rows.retain(|r| {
            let mixed = width > 1
                && r.cells.len() == 1
                && [',', ';', '\t'].iter().any(|&c| c != delim && r.cells[0].contains(c));
            if mixed {
                diags.error(
                    file,
                    Some(r.line),
                    None,
                    format!("the row is not split by {delim:?} like the header (expected one delimiter throughout)"),
                );
            }
            !mixed
        });
        for r in &rows {
            let extra = r.cells.iter().skip(width).filter(|c| !c.is_empty()).count();
            if extra > 0 {
                diags.error(
                    file,
                    Some(r.line),
                    None,
                    format!(
                        "the row has {} cells but the header has {width} (expected one delimiter, {:?}, throughout)",
                        r.cells.len(),
                        char::from(delimiter)
                    ),
                );
            }
        }
        Some(Table {
            file: file.to_string(),
            headers,
            index,
            rows,
            header_line: header_at,
        })
    }

    /// Reports an error at a line and column.
    pub fn error(
        &self,
        diags: &mut Diagnostics,
        line: usize,
        column: Option<&str>,
        message: impl Into<String>,
    ) {
        diags.error(&self.file, Some(line), column, message);
    }

    /// Reports a warning at a line and column.
    pub fn warning(
        &self,
        diags: &mut Diagnostics,
        line: usize,
        column: Option<&str>,
        message: impl Into<String>,
    ) {
        diags.warning(&self.file, Some(line), column, message);
    }

    /// Index of a column by normalised name.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The trimmed cell of a row in a column, `None` when absent or empty.
    pub fn get<'a>(&self, row: &'a Row, col: Option<usize>) -> Option<&'a str> {
        col.and_then(|c| row.cells.get(c))
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    /// Reports each required column that is missing; true when all are there.
    pub fn require(&self, names: &[&str], diags: &mut Diagnostics) -> bool {
        let mut ok = true;
        for n in names {
            if self.col(n).is_none() {
                ok = false;
                diags.error(
                    &self.file,
                    Some(self.header_line),
                    None,
                    format!(
                        "missing required column '{n}' (found: {})",
                        self.headers.join(", ")
                    ),
                );
            }
        }
        ok
    }

    /// Warns about columns not in `known` (and not accepted by `also`).
    pub fn warn_unknown(
        &self,
        known: &[&str],
        also: impl Fn(&str) -> bool,
        diags: &mut Diagnostics,
    ) {
        let unknown: Vec<&str> = self
            .headers
            .iter()
            .filter(|h| !h.is_empty() && !known.contains(&norm(h).as_str()) && !also(h))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            diags.warning(
                &self.file,
                Some(self.header_line),
                None,
                format!("ignoring unknown columns: {}", unknown.join(", ")),
            );
        }
    }
}

/// UTF-8 (with or without a byte-order mark); otherwise Windows-1252, as Excel's plain "CSV"
/// writes on UK Windows, with a warning. UTF-16 is refused: it needs re-saving.
pub(super) fn decode(file: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        diags.error(
            file,
            None,
            None,
            "is UTF-16 text (expected UTF-8: save it as \"CSV UTF-8\")",
        );
        return None;
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            diags.warning(
                file,
                Some(line),
                None,
                "is not UTF-8; read as Windows-1252 (save as \"CSV UTF-8\" to avoid this)",
            );
            Some(text.into_owned())
        }
    }
}

/// The line of a quote that is never closed, if any (`""` inside quotes is an escaped quote).
fn unclosed_quote(text: &str) -> Option<usize> {
    let (mut quoted, mut line, mut opened) = (false, 1, 0);
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                if quoted {
                    opened = line;
                }
            }
            '\n' => line += 1,
            _ => {}
        }
    }
    quoted.then_some(opened)
}

/// The delimiter that occurs most in the header line outside quotes: `,`, `;` or tab.
pub(super) fn sniff(header: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> (Option<Table>, Diagnostics) {
        let mut d = Diagnostics::default();
        let t = Table::parse("t.csv", bytes, &mut d);
        (t, d)
    }

    #[test]
    fn bom_crlf_semicolon_and_blank_rows() {
        let (t, d) =
            parse(b"\xEF\xBB\xBFDoctor_ID ; Date\r\n\r\nD1;07/01/2026\r\n;\r\nD2;2026-01-08\r\n");
        let t = t.unwrap();
        assert!(!d.has_errors(), "{}", d.render());
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 3);
        assert_eq!(t.rows[1].line, 5);
        assert_eq!(t.col("doctor_id"), Some(0));
        assert_eq!(t.get(&t.rows[1], t.col("date")), Some("2026-01-08"));
    }

    #[test]
    fn tabs_and_quotes() {
        let (t, _) = parse(b"a\tb\n\"x,1\"\ty\n");
        let t = t.unwrap();
        assert_eq!(t.rows[0].cells, ["x,1", "y"]);
    }

    #[test]
    fn empty_nul_and_duplicates() {
        assert_eq!(
            parse(b"").1.render(),
            "error: t.csv: the file is empty (expected a header row)\n"
        );
        assert_eq!(
            parse(b"a,b\n1,\x002\n").1.render(),
            "error: t.csv:2: contains a NUL byte (expected a text CSV file)\n"
        );
        assert_eq!(
            parse(b"a,A\n1,2\n").1.render(),
            "error: t.csv:1: column 'A': duplicate column (columns 1 and 2 have the same name)\n"
        );
    }

    #[test]
    fn windows_1252_is_decoded_with_a_warning() {
        let (t, d) = parse(b"name\nZo\xEB\n");
        assert_eq!(t.unwrap().rows[0].cells[0], "Zoë");
        assert!(d.render().starts_with("warning: t.csv:2: is not UTF-8"));
    }
}
