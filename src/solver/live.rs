//! Where HiGHS's search stands while it solves a part, read from its log.
//!
//! The `highs` crate has no callback for the incumbent, and this crate has no `unsafe` code to
//! register one; but HiGHS writes a line to its log whenever its best schedule or bound moves
//! (and every few seconds otherwise). With [`super::Options::live`] each part logs to a file of
//! its own in a temporary folder, and the progress display reads the last line of the table.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// The best bound and best schedule (if there is one yet) in a line of HiGHS's branch-and-bound
/// table, such as
/// ` L   0   0   0   0.00%   16412.9625   16410.754167   0.01%   2064  121  2  3773  2.0s`
/// (an optional one-letter source, nodes, queue, leaves, explored, bound, best, gap, ...).
#[must_use]
pub fn parse_line(line: &str) -> Option<(f64, Option<f64>)> {
    let mut t: Vec<&str> = line.split_whitespace().collect();
    if t.first()
        .is_some_and(|s| s.len() == 1 && s.chars().all(|c| c.is_ascii_alphabetic()))
    {
        t.remove(0);
    }
    if t.len() < 8
        || !t[3].ends_with('%')
        || !(t[6].ends_with('%') || t[6] == "Large")
        || t[..3].iter().any(|s| s.parse::<u64>().is_err())
    {
        return None;
    }
    let bound: f64 = t[4].parse().ok()?;
    let best: f64 = t[5].parse().ok()?;
    bound
        .is_finite()
        .then_some((bound, best.is_finite().then_some(best)))
}

/// The last table line of the log at `path`: (bound, best schedule's objective), once the part
/// has a schedule. Reads only the end of the file.
#[must_use]
pub fn last(path: &Path) -> Option<(f64, f64)> {
    const TAIL: u64 = 8192;
    let mut f = std::fs::File::open(path).ok()?;
    let len = f.metadata().ok()?.len();
    f.seek(SeekFrom::Start(len.saturating_sub(TAIL))).ok()?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    text.lines()
        .rev()
        .find_map(parse_line)
        .and_then(|(bound, best)| best.map(|b| (bound, b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_table_lines_and_nothing_else() {
        let with_src = " L       0       0         0   0.00%   16412.9625      16410.754167       0.01%     2064    121      2      3773     2.0s";
        assert_eq!(parse_line(with_src), Some((16412.9625, Some(16410.754167))));
        let without = "       582      54       229  30.04%   9124.479167     8155.854167       11.88%     5126    186   1506     54633     7.2s";
        assert_eq!(parse_line(without), Some((9124.479167, Some(8155.854167))));
        let no_bound = " J       0       0         0   0.00%   inf             -2357.091667       Large        0      0      0         0     0.1s";
        assert_eq!(parse_line(no_bound), None);
        let no_best = "         0       0         0   0.00%   15483.572917    -inf               inf        0      0      4       730     0.0s";
        assert_eq!(parse_line(no_best), None);
        let no_best_large = "         0       0         0   0.00%   15483.572917    -inf               Large        0      0      4       730     0.0s";
        assert_eq!(parse_line(no_best_large), Some((15483.572917, None)));
        for other in [
            "0.6% inactive integer columns, restarting",
            "Src  Proc. InQueue |  Leaves   Expl. | BestBound       BestSol              Gap |   Cuts   InLp Confl. | LpIters     Time",
            "  Primal bound      8155.85416667",
            "1033 rows, 1214 cols, 6453 nonzeros 0s",
            "",
        ] {
            assert_eq!(parse_line(other), None, "{other}");
        }
    }

    #[test]
    fn last_takes_the_latest_line_with_a_schedule() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("part.log");
        assert_eq!(last(&p), None);
        std::fs::write(
            &p,
            "Presolving model\n \
             J       0       0         0   0.00%   inf             -2357.0       Large        0      0      0         0     0.1s\n \
                     0       0         0   0.00%   100.5    -inf    Large        0      0      2      1682     0.2s\n",
        )
        .unwrap();
        assert_eq!(last(&p), None);
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str(" C       0       0         0   0.00%   100.5      90.25     11.36%      573     57      2      2314     0.5s\n0.6% inactive integer columns, restarting\n");
        std::fs::write(&p, text).unwrap();
        assert_eq!(last(&p), Some((100.5, 90.25)));
    }
}
