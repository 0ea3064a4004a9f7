//! Problems found in input files, each with its file, line and column.

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Stops the command (exit 2).
    Error,
    /// Reported; the command goes on.
    Warning,
}

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file as the user named it.
    pub file: String,
    /// 1-based line, where there is one.
    pub line: Option<usize>,
    /// The column's name, where there is one.
    pub column: Option<String>,
    /// What was found and what was expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: {}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ": column '{c}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A text cut to about `max` bytes in the middle (a 1 MB cell quoted in a message would bury
/// it): the start and the end, where a message says what was expected, are kept.
fn shorten(text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let keep = max / 2;
    let head = (0..=keep)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let tail = (text.len() - keep..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    format!(
        "{} … [{} bytes left out] … {}",
        &text[..head],
        tail - head,
        &text[tail..]
    )
}

/// Most errors listed; the rest are counted.
pub const MAX_SHOWN: usize = 100;

/// Problems collected while reading, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Ready-to-fill text that would mend the problems (the `[labels]` lines of the labels
    /// with no times), shown after them.
    helps: Vec<String>,
}

impl Diagnostics {
    /// Adds ready-to-fill text, shown after the problems as it is.
    pub fn help(&mut self, text: impl Into<String>) {
        self.helps.push(text.into());
    }

    /// Adds an error.
    pub fn error(
        &mut self,
        file: &str,
        line: Option<usize>,
        column: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Error, file, line, column, message.into());
    }

    /// Adds a warning.
    pub fn warning(
        &mut self,
        file: &str,
        line: Option<usize>,
        column: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Warning, file, line, column, message.into());
    }

    fn push(
        &mut self,
        severity: Severity,
        file: &str,
        line: Option<usize>,
        column: Option<&str>,
        message: String,
    ) {
        self.items.push(Diagnostic {
            severity,
            file: file.to_string(),
            line,
            column: column.map(|c| shorten(c.to_string(), 80)),
            message: shorten(message, 400),
        });
    }

    /// The same problems, ordered by line (stable), for files read out of order.
    pub fn sorted_by_line(mut self) -> Diagnostics {
        self.items.sort_by_key(|d| d.line);
        self
    }

    /// Appends another list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.helps.extend(other.helps);
    }

    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// All problems.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// The report for people: errors first (at most [`MAX_SHOWN`]), then warnings.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let errors: Vec<&Diagnostic> = self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        for d in errors.iter().take(MAX_SHOWN) {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        if errors.len() > MAX_SHOWN {
            out.push_str(&format!(
                "error: {} more errors not shown\n",
                errors.len() - MAX_SHOWN
            ));
        }
        for d in self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .take(MAX_SHOWN)
        {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        for h in &self.helps {
            out.push_str(h);
            if !h.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_in_the_middle_on_char_boundaries() {
        let long = format!(
            "\"{}\" is not a date (expected YYYY-MM-DD)",
            "é".repeat(1000)
        );
        let s = shorten(long, 100);
        assert!(s.starts_with("\"éééé"), "{s}");
        assert!(
            s.ends_with("éé\" is not a date (expected YYYY-MM-DD)"),
            "{s}"
        );
        assert!(s.contains("bytes left out"), "{s}");
        assert_eq!(shorten("short".into(), 100), "short");
    }
}
