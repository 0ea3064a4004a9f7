//! The per-shift cap: no shift row holds more engagement than `max_minutes_per_shift` less
//! what it holds already — a row only where the shift could hold more than it allows.

use std::collections::BTreeMap;

use good_lp::Expression;

use super::build::Model;
use crate::solver::context::Ctx;

/// Adds the rows (the releases gathered per shift row are used up).
pub(super) fn add(mdl: &mut Model, cx: &Ctx<'_>) {
    let (prep, opts) = (cx.prep, cx.opts);
    // Per-shift cap, where a shift could hold more than it allows.
    for ((_, row), list) in std::mem::take(&mut mdl.in_shift) {
        let cap = opts.max_minutes_per_shift - prep.existing.get(&row).copied().unwrap_or(0);
        let mut most: BTreeMap<usize, f64> = BTreeMap::new();
        for (o, dur, _) in &list {
            most.insert(*o, *dur);
        }
        #[allow(clippy::cast_precision_loss)]
        let cap = cap as f64;
        if most.values().sum::<f64>() <= cap {
            continue;
        }
        let used: Expression = list.into_iter().map(|(_, dur, xv)| dur * xv).sum();
        mdl.cons.push(used.leq(cap));
    }
}
