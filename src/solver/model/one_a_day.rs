//! One group meeting a day per cover pool: occurrences sharing a pool never meet on one day,
//! so they never overlap and a doctor is never in two meetings at once.

use std::collections::{BTreeMap, HashMap, HashSet};

use good_lp::{Constraint, Expression, Variable};

use crate::plan::candidates::Prepared;

/// The rows: one per pool and day that more than one occurrence could use (each list of
/// classes once).
pub(super) fn rows(
    prep: &Prepared,
    occ_ids: &[usize],
    y: &HashMap<(usize, usize), Variable>,
) -> Vec<Constraint> {
    let mut out = Vec::new();
    // One group meeting a day per pool: occurrences sharing a pool never meet on one day, so
    // they never overlap and a doctor is never in two meetings at once.
    let mut by_key_day: BTreeMap<(usize, chrono::NaiveDate), Vec<(usize, usize)>> = BTreeMap::new();
    for &o in occ_ids.iter().filter(|&&o| !prep.occs[o].solo) {
        for &key in &prep.occs[o].keys {
            for (k, class) in prep.occs[o].classes.iter().enumerate() {
                by_key_day.entry((key, class.day)).or_default().push((o, k));
            }
        }
    }
    let mut seen_rows: HashSet<Vec<(usize, usize)>> = HashSet::new();
    for (_, list) in by_key_day {
        let first = list.first().map(|a| a.0);
        if list.iter().all(|a| Some(a.0) == first) {
            continue;
        }
        if seen_rows.insert(list.clone()) {
            let row: Expression = list.iter().map(|a| y[a]).sum();
            out.push(row.leq(1.0));
        }
    }
    out
}
