//! Writing rota workbooks for the tests, in the layouts trusts use (rust_xlsxwriter), with
//! merged cells and the 1904 date system where asked. Made-up names only.

use std::io::{Cursor, Read, Write};

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A cell's value.
#[derive(Debug, Clone)]
pub(crate) enum V {
    /// Text.
    T(String),
    /// An Excel date cell.
    D(NaiveDate),
    /// A number.
    N(f64),
}

/// Text.
pub(crate) fn t(s: &str) -> V {
    V::T(s.to_string())
}

/// One sheet: cells at (row, column), 0-based, and merged ranges.
#[derive(Debug, Clone, Default)]
pub(crate) struct SheetSpec {
    pub(crate) name: String,
    pub(crate) cells: Vec<(u32, u16, V)>,
    pub(crate) merges: Vec<(u32, u16, u32, u16)>,
}

impl SheetSpec {
    pub(crate) fn new(name: &str) -> SheetSpec {
        SheetSpec {
            name: name.to_string(),
            ..SheetSpec::default()
        }
    }

    /// Sets a cell.
    pub(crate) fn set(&mut self, r: u32, c: u16, v: V) -> &mut Self {
        self.cells.push((r, c, v));
        self
    }

    /// Sets a row of texts from column `c`.
    pub(crate) fn row(&mut self, r: u32, c: u16, texts: &[&str]) -> &mut Self {
        for (k, s) in texts.iter().enumerate() {
            if !s.is_empty() {
                let col = c + u16::try_from(k).expect("narrow sheet");
                self.cells.push((r, col, t(s)));
            }
        }
        self
    }

    /// Merges a range (its value is the first cell's).
    pub(crate) fn merge(&mut self, r0: u32, c0: u16, r1: u32, c1: u16) -> &mut Self {
        self.merges.push((r0, c0, r1, c1));
        self
    }

    /// The sheet as a CSV save (`;` or `,`), dates as `DD/MM/YYYY`.
    pub(crate) fn csv(&self, delimiter: char) -> String {
        let h = self.cells.iter().map(|c| c.0).max().unwrap_or(0) as usize + 1;
        let w = self.cells.iter().map(|c| c.1).max().unwrap_or(0) as usize + 1;
        let mut grid = vec![vec![String::new(); w]; h];
        for (r, c, v) in &self.cells {
            grid[*r as usize][*c as usize] = match v {
                V::T(s) => s.clone(),
                V::D(d) => d.format("%d/%m/%Y").to_string(),
                V::N(n) => n.to_string(),
            };
        }
        for &(r0, c0, r1, c1) in &self.merges {
            let v = grid[r0 as usize][c0 as usize].clone();
            for row in grid.iter_mut().take(r1 as usize + 1).skip(r0 as usize) {
                for cell in row.iter_mut().take(c1 as usize + 1).skip(c0 as usize) {
                    cell.clone_from(&v);
                }
            }
        }
        let mut out = String::new();
        for row in grid {
            let cells: Vec<String> = row
                .iter()
                .map(|c| {
                    if c.contains(delimiter) || c.contains('"') {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.clone()
                    }
                })
                .collect();
            out.push_str(&cells.join(&delimiter.to_string()));
            out.push_str("\r\n");
        }
        out
    }
}

/// Days from 1899-12-31 (Excel's 1900 system, with its phantom 29 Feb 1900) to a date.
fn serial_1900(d: NaiveDate) -> f64 {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a date");
    #[allow(clippy::cast_precision_loss)]
    let n = (d - base).num_days() as f64;
    n
}

/// An `.xlsx` of the sheets; with `epoch_1904`, dates are written in the 1904 system.
pub(crate) fn xlsx(sheets: &[SheetSpec], epoch_1904: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let plain = Format::new();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).expect("a sheet name");
        for &(r0, c0, r1, c1) in &s.merges {
            let text = s
                .cells
                .iter()
                .find(|c| c.0 == r0 && c.1 == c0)
                .map(|c| match &c.2 {
                    V::T(x) => x.clone(),
                    _ => String::new(),
                })
                .unwrap_or_default();
            ws.merge_range(r0, c0, r1, c1, &text, &plain)
                .expect("merge");
        }
        for (r, c, v) in &s.cells {
            if s.merges.iter().any(|m| m.0 == *r && m.1 == *c) {
                continue;
            }
            match v {
                V::T(x) => {
                    ws.write_string(*r, *c, x).expect("write");
                }
                V::N(n) => {
                    ws.write_number(*r, *c, *n).expect("write");
                }
                V::D(d) if epoch_1904 => {
                    ws.write_number_with_format(*r, *c, serial_1900(*d) - 1462.0, &date_fmt)
                        .expect("write");
                }
                V::D(d) => {
                    let x = ExcelDateTime::from_ymd(
                        u16::try_from(d.year()).expect("year"),
                        u8::try_from(d.month()).expect("month"),
                        u8::try_from(d.day()).expect("day"),
                    )
                    .expect("a date");
                    ws.write_datetime_with_format(*r, *c, &x, &date_fmt)
                        .expect("write");
                }
            }
        }
    }
    let bytes = wb.save_to_buffer().expect("a workbook");
    if epoch_1904 {
        set_1904(&bytes)
    } else {
        bytes
    }
}

/// The same workbook with `date1904` set in `xl/workbook.xml`.
fn set_1904(bytes: &[u8]) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut zout = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).expect("an entry");
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        if name == "xl/workbook.xml" {
            let text = String::from_utf8(data).expect("xml");
            data = text
                .replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
                .into_bytes();
        }
        zout.start_file(name, opts).expect("start");
        zout.write_all(&data).expect("write");
    }
    zout.finish().expect("finish").into_inner()
}

/// Consecutive dates from `first`.
pub(crate) fn days(first: NaiveDate, n: usize) -> Vec<NaiveDate> {
    (0..n)
        .map(|k| first + chrono::Duration::days(i64::try_from(k).expect("few days")))
        .collect()
}
