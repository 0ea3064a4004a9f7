//! A rota template read as doctors `line 1`, `line 2`, … for an audit: what `check` needs to
//! fold its findings back onto the template's lines and weeks.

use chrono::NaiveDate;

/// How a template was expanded for its audit: pseudo-doctor `k` (in rota order) starts on
/// line `k` on `first_monday` and moves down a line every `weeks_per_line` weeks, over two
/// cycles (the second only so that the rules see across the wrap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    /// The template's first Monday.
    pub first_monday: NaiveDate,
    /// The line labels, in order.
    pub lines: Vec<String>,
    /// Weeks in each line.
    pub weeks_per_line: usize,
}

impl Audit {
    /// Weeks in one cycle.
    pub fn cycle_weeks(&self) -> usize {
        self.lines.len() * self.weeks_per_line
    }
}
