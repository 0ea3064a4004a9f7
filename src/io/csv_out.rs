//! CSV output that opens safely in a spreadsheet.

/// A text cell that a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, tab or
/// carriage return) gets a leading `'`, so it is shown as text.
pub fn safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Builds a CSV file in memory (LF line ends, quoting as needed).
pub struct CsvBuf {
    w: csv::Writer<Vec<u8>>,
}

impl CsvBuf {
    /// A new file with a header row.
    pub fn new(header: &[&str]) -> CsvBuf {
        let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
        // Writing to a Vec cannot fail.
        let _ = w.write_record(header);
        CsvBuf { w }
    }

    /// Adds a row.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        let _ = self.w.write_record(cells);
    }

    /// The bytes.
    pub fn finish(self) -> Vec<u8> {
        self.w.into_inner().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe("+44"), "'+44");
        assert_eq!(safe("-1"), "'-1");
        assert_eq!(safe("@SUM"), "'@SUM");
        assert_eq!(safe("Ann"), "Ann");
        let mut c = CsvBuf::new(&["a", "b"]);
        c.row(["x,y", "z"]);
        assert_eq!(String::from_utf8(c.finish()).unwrap(), "a,b\n\"x,y\",z\n");
    }
}
