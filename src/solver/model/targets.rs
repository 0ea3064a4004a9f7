//! Targets and fairness: per doctor-window the part can change, `m` (at target) with its
//! knapsack cuts ([`target_cuts`]), and the shortfall's convex cost — the plain thirds in
//! the relaxation and restricted model, the lines through whole releases ([`fairness_rows`])
//! in the full model.

use std::collections::BTreeSet;

use good_lp::{variable, Expression};

use super::build::Model;
use super::{How, W_FAIR, W_TARGET};
use crate::solver::context::Ctx;

/// Adds each doctor-window's target rows and terms (the doctors and releases gathered by the
/// occurrences are used up).
pub(super) fn add(mdl: &mut Model, cx: &Ctx<'_>, how: How<'_>) {
    let (prep, targets) = (cx.prep, cx.targets);
    // Targets and fairness.
    for d in std::mem::take(&mut mdl.docs) {
        let Some(t) = &targets[d.ix()] else { continue };
        for (w, &due) in t.due.iter().enumerate() {
            // Only the windows this part can change: elsewhere the terms are constants, which
            // would be counted again in every part and shrink the objective that the relative
            // gap is measured against.
            let Some(mut reach) = mdl.reach_of.remove(&(d, w)) else {
                continue;
            };
            if due <= 0.0 {
                continue;
            }
            let have = t.have.get(w).copied().unwrap_or(0.0);
            let e = reach
                .values()
                .map(|(dur, xo)| *dur * xo.clone())
                .sum::<Expression>()
                + have;
            // A slot's release sums all its starts: named once, for the rows below.
            if reach.len() >= 2 {
                for (&o, (_, xo)) in &mut reach {
                    if prep.occs[o].solo {
                        let z = mdl.vars.add(variable().min(0.0).max(1.0));
                        mdl.cons.push(Expression::from(z).eq(xo.clone()));
                        *xo = Expression::from(z);
                    }
                }
            }
            mdl.cols.m.push((mdl.vars.len(), d, w, due - have));
            let m = mdl.bin();
            mdl.cons.push(e.clone().geq(due * m));
            let durs: Vec<f64> = reach.values().map(|(dur, _)| *dur).collect();
            for (coefs, rhs) in target_cuts(&durs, due - have) {
                let lhs: Expression = coefs
                    .iter()
                    .zip(reach.values())
                    .filter(|(c, _)| **c > 0.0)
                    .map(|(c, (_, xo))| *c * xo.clone())
                    .sum();
                mdl.cons.push(lhs.geq(rhs * m));
            }
            mdl.obj += W_TARGET * m;
            // The shortfall's cost. In the full model, the one that proves the optimum, as
            // `F` over the lines through the shortfalls whole releases can reach
            // (`fairness_rows`): exact for whole schedules and much tighter for the LP. The
            // relaxation that leads the restricted model, and that model, keep the plain
            // thirds `s1+s2+s3 ≥ T − E`: with the lines there too, the trust's time-limited
            // runs found 10-40 doctor-windows fewer (`BENCHMARKS.md`).
            if how.relax || how.allowed.is_some() {
                let mut short = Expression::default();
                for wf in W_FAIR {
                    let s = mdl.vars.add(variable().min(0.0).max(due / 3.0));
                    short += s;
                    mdl.obj -= wf / due * s;
                }
                mdl.cons.push((short + e).geq(due));
            } else {
                let f = mdl
                    .vars
                    .add(variable().min(0.0).max(W_FAIR.iter().sum::<f64>() / 3.0));
                mdl.obj -= f;
                for (slope, offset) in fairness_rows(due, have, &durs) {
                    let row = Expression::from(f) + slope * e.clone() - offset * m;
                    mdl.cons.push(row.geq(slope * due - offset));
                }
            }
        }
    }
}

/// The cost of a window's shortfall `S = T − E`: thirds of `T` at the rising weights
/// [`W_FAIR`], a convex function of `E`.
pub(super) fn shortfall_cost(due: f64, e: f64) -> f64 {
    let short = (due - e).max(0.0);
    let third = due / 3.0;
    (0..3)
        .map(|i| {
            #[allow(clippy::cast_precision_loss)]
            let piece = (short - i as f64 * third).clamp(0.0, third);
            W_FAIR[i] / due * piece
        })
        .sum()
}

/// The rows `(c, k)` of a window's shortfall cost `F ≥ c·(T − E) − k·(1 − m)`, where the rota
/// holds `have` of the target `T` and the part can release for the occurrences of minutes
/// `durs`. The lines join the cost at each `E` whole releases can reach below `T` (and 0 at
/// `T`): `E` can take no other value in a schedule, and on a convex cost the lines through
/// those points are the cost there and below it elsewhere, so for whole schedules the model
/// charges exactly [`shortfall_cost`]. For the LP they are tighter than the cost itself in two
/// ways: between reachable values (only whole meetings: a doctor who can reach 0 or 120 of 180
/// minutes is not charged the cost of 60 at a half-held meeting), and where `m` is fractional,
/// `1 − m` takes back the offset `k` only as far as the window is short of target, since
/// `E ≥ T·m` spends `T·m` of `E` on `m` (the perspective of the cost). Without them the LP
/// priced a window at `m = 0.9`, `E = 0.9·T` as 0.1 `T` short in the cheapest third, where any
/// mix of whole schedules pays a tenth of missing it all.
pub(super) fn fairness_rows(due: f64, have: f64, durs: &[f64]) -> Vec<(f64, f64)> {
    let need = due - have;
    // At target from the rota alone: nothing short, `F ≥ 0` is all.
    if need <= 1e-9 {
        return Vec::new();
    }
    // The sums of releases below the need, in millionths of a minute.
    #[allow(clippy::cast_possible_truncation)]
    let key = |v: f64| (v * 1e6).round() as i64;
    let cap = key(need);
    let mut sums = BTreeSet::from([0i64]);
    for &dur in durs {
        let more: Vec<i64> = sums
            .iter()
            .map(|s| s + key(dur))
            .filter(|s| *s < cap)
            .collect();
        sums.extend(more);
    }
    #[allow(clippy::cast_precision_loss)]
    let mut points: Vec<(f64, f64)> = sums
        .into_iter()
        .map(|s| {
            let e = have + s as f64 / 1e6;
            (e, shortfall_cost(due, e))
        })
        .collect();
    points.push((due, 0.0));
    let mut rows: Vec<(f64, f64)> = Vec::new();
    for pair in points.windows(2) {
        let ((e1, f1), (e2, f2)) = (pair[0], pair[1]);
        let c = (f1 - f2) / (e2 - e1);
        let k = c * (due - e2) - f2;
        match rows.last_mut() {
            // The same line as the last: one row for both.
            Some(last) if (last.0 - c).abs() <= 1e-9 * c.max(1.0) => *last = (c, k),
            _ => rows.push((c, k)),
        }
    }
    rows
}

/// The most sets left out in [`target_cuts`]' residual rows, per doctor and window.
pub(super) const MAX_LEFT_OUT: usize = 64;

/// Rows that tighten `E ≥ T·m` for the LP, where `need` = `T` less what the rota already
/// holds and `durs` are the minutes of the occurrences the doctor could be released for in
/// the window (a 0/1 release `x` each: never two releases for one occurrence). Both families
/// are valid for whole releases; without them the LP counts a 60-minute meeting as 0.87 of a
/// 69-minute target, or half a 90-minute meeting plus one of 60 as a whole one, and one short
/// last window took seconds of branching:
///
/// - rounded (Chvátal-Gomory), for each duration `q` on offer: `Σ ⌈dur/q⌉·x ≥ ⌈need/q⌉·m`,
///   the left side being a whole number at least `need/q` when `m = 1`;
/// - residual: without a set `L` of occurrences too short together (`Σ_L dur < need`), the
///   others must bring the rest `r`: `Σ_{o∉L} min(dur_o, r)·x_o ≥ r·m` (valid: a set at the
///   need holds at least `r` outside `L`, and either one of them is `r` long or all count in
///   full). With `L` one occurrence, and a single one left, this says `m = 0`; with `L` all
///   the others, `x_o ≥ m` (necessary); with `L` two forums, that one of two governances is;
/// - where all of them together fall short of the need, `m = 0`.
///
/// Each row is `(coefficients, rhs)` for `Σ coefficient_o·x_o ≥ rhs·m`, coefficients in the
/// order of `durs`; a row whose every coefficient is its right-hand side is given as
/// `Σ x ≥ m`.
pub(super) fn target_cuts(durs: &[f64], need: f64) -> Vec<(Vec<f64>, f64)> {
    let mut rows = Vec::new();
    if need <= 1e-6 {
        return rows;
    }
    // All of them too short together: `m = 0`.
    let total: f64 = durs.iter().sum();
    if total < need - 1e-6 {
        rows.push((vec![0.0; durs.len()], 1.0));
        return rows;
    }
    let units: BTreeSet<u64> = durs.iter().map(|dur| dur.to_bits()).collect();
    for q in units.into_iter().map(f64::from_bits).filter(|&q| q > 0.0) {
        let rhs = (need / q - 1e-9).ceil();
        if rhs >= 2.0 {
            let coefs = durs
                .iter()
                .map(|dur| (dur / q - 1e-9).ceil().min(rhs))
                .collect();
            rows.push((coefs, rhs));
        }
    }
    // Without a set `L` of occurrences that together fall short of the need, the others must
    // bring the rest `r = need − Σ_L dur`: `Σ_{o∉L} min(dur_o, r)·x_o ≥ r·m`. Every such `L`
    // of one, two, ... occurrences, smallest first, up to `MAX_LEFT_OUT` of them; then, where
    // the others fall short without `o`, `L` = the others, which says `x_o ≥ m` (necessary).
    // Two governances and two forums, 180 minutes due: without both forums a governance must
    // be there, `x_g + x_g' ≥ m`, which no single `L` gives; without it the LP met the need
    // with half of each governance and the forums. `L` empty would be `E ≥ need·m` again
    // where no occurrence is longer than the need; where one is, the row tightens the LP but
    // made the 120-doctor department's proof slower on every seed (`BENCHMARKS.md`), so it
    // is left out.
    let n = durs.len();
    let mut sets: Vec<Vec<usize>> = Vec::new();
    let mut frontier: Vec<(Vec<usize>, f64)> = vec![(Vec::new(), 0.0)];
    'grow: while !frontier.is_empty() {
        let mut next = Vec::new();
        for (set, sum) in &frontier {
            let from = set.last().map_or(0, |&l| l + 1);
            for (o, dur) in durs.iter().enumerate().skip(from) {
                let with = sum + dur;
                if with < need - 1e-6 {
                    if sets.len() >= MAX_LEFT_OUT {
                        break 'grow;
                    }
                    let mut grown = set.clone();
                    grown.push(o);
                    sets.push(grown.clone());
                    next.push((grown, with));
                }
            }
        }
        frontier = next;
    }
    for (o, dur) in durs.iter().enumerate() {
        let others: Vec<usize> = (0..n).filter(|&o2| o2 != o).collect();
        if total - dur < need - 1e-6 && !sets.contains(&others) {
            sets.push(others);
        }
    }
    let mut seen: BTreeSet<Vec<u64>> = BTreeSet::new();
    for left_out in sets {
        let rest = need - left_out.iter().map(|&o| durs[o]).sum::<f64>();
        if rest <= 1e-6 {
            continue;
        }
        let mut coefs: Vec<f64> = (0..n)
            .map(|o| {
                if left_out.contains(&o) {
                    0.0
                } else {
                    durs[o].min(rest)
                }
            })
            .collect();
        let mut rhs = rest;
        // Every occurrence left in brings the rest alone: `Σ x ≥ m`.
        if coefs.iter().all(|&c| c == 0.0 || (c - rest).abs() < 1e-9) {
            for c in &mut coefs {
                if *c > 0.0 {
                    *c = 1.0;
                }
            }
            rhs = 1.0;
        }
        let key: Vec<u64> = coefs.iter().chain([&rhs]).map(|c| c.to_bits()).collect();
        if seen.insert(key) {
            rows.push((coefs, rhs));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::{fairness_rows, target_cuts};

    /// Every set of releases that reaches the need satisfies every row (so no schedule is cut
    /// off), on all sets of up to five durations from a spread of meeting lengths and needs.
    #[test]
    fn target_cuts_never_cut_off_a_schedule_at_target() {
        let lengths = [30.0, 45.0, 60.0, 90.0, 120.0];
        let needs = [20.0, 54.9, 60.0, 68.57, 90.0, 100.0, 120.0, 150.0, 240.0];
        let mut rows_seen = 0;
        for n in 1..=5_u32 {
            for pick in 0..5_usize.pow(n) {
                let durs: Vec<f64> = (0..n).map(|i| lengths[pick / 5_usize.pow(i) % 5]).collect();
                for &need in &needs {
                    let rows = target_cuts(&durs, need);
                    rows_seen += rows.len();
                    for set in 0..(1_u32 << n) {
                        let has = |o: usize| set >> o & 1 == 1;
                        let earned: f64 =
                            (0..durs.len()).filter(|&o| has(o)).map(|o| durs[o]).sum();
                        if earned < need {
                            continue;
                        }
                        for (coefs, rhs) in &rows {
                            let lhs: f64 =
                                (0..durs.len()).filter(|&o| has(o)).map(|o| coefs[o]).sum();
                            assert!(
                                lhs >= rhs - 1e-9,
                                "{durs:?} need {need}: {coefs:?} >= {rhs}"
                            );
                        }
                    }
                }
            }
        }
        assert!(rows_seen > 1000);
    }

    /// For every schedule (every set of releases, at target or not) the largest of the rows
    /// is the shortfall's cost exactly, so the model charges what `value` does.
    #[test]
    fn fairness_rows_charge_the_cost_exactly_for_whole_schedules() {
        let lengths = [30.0, 45.0, 60.0, 90.0, 120.0];
        let cases = [
            (180.0, 0.0),
            (180.0, 60.0),
            (120.0, 0.0),
            (45.0, 0.0),
            (68.57, 10.0),
            (240.0, 30.0),
            (60.0, 60.0),
            (60.0, 90.0),
        ];
        for n in 0..=4_u32 {
            for pick in 0..5_usize.pow(n) {
                let durs: Vec<f64> = (0..n).map(|i| lengths[pick / 5_usize.pow(i) % 5]).collect();
                for &(due, have) in &cases {
                    let rows = fairness_rows(due, have, &durs);
                    assert!(rows.iter().all(|(c, k)| c.is_finite() && k.is_finite()));
                    for set in 0..(1_u32 << n) {
                        let e = have
                            + (0..durs.len())
                                .filter(|&o| set >> o & 1 == 1)
                                .map(|o| durs[o])
                                .sum::<f64>();
                        let m = if e + 1e-6 >= due { 1.0 } else { 0.0 };
                        let charged = rows
                            .iter()
                            .map(|(c, k)| c * (due - e) - k * (1.0 - m))
                            .fold(0.0_f64, f64::max);
                        let cost = super::shortfall_cost(due, e);
                        assert!(
                            (charged - cost).abs() < 1e-6,
                            "{durs:?} due {due} have {have} e {e}: {charged} against {cost}"
                        );
                    }
                }
            }
        }
        // A doctor who can reach 0 or 120 of 180 minutes: one line from (0, 140) to
        // (120, 20), then one to (180, 0), fewer rows than the cost's three thirds.
        let rows = fairness_rows(180.0, 0.0, &[120.0]);
        assert_eq!(rows.len(), 2);
        // Half way to 120 the LP is charged the chord (80), not the cost at 60 (60).
        let (c, k) = rows[0];
        assert!((c * 120.0 - k - 80.0).abs() < 1e-9);
    }

    #[test]
    fn target_cuts_stay_few_and_valid_with_many_short_meetings() {
        // Nine half-hour meetings for four hours: 2^9 sets, more left-out sets than are kept.
        let durs = [30.0; 9];
        let rows = target_cuts(&durs, 240.0);
        assert!(
            rows.len() <= super::MAX_LEFT_OUT + durs.len() + 2,
            "{}",
            rows.len()
        );
        for set in 0..(1_u32 << durs.len()) {
            if set.count_ones() < 8 {
                continue;
            }
            for (coefs, rhs) in &rows {
                let lhs: f64 = (0..durs.len())
                    .filter(|&o| set >> o & 1 == 1)
                    .map(|o| coefs[o])
                    .sum();
                assert!(lhs + 1e-9 >= *rhs, "{set:b} {coefs:?} {rhs}");
            }
        }
    }

    #[test]
    fn target_cuts_say_what_the_lp_missed() {
        // 69 minutes from two 60-minute meetings or one of 90: one 60 alone is not enough.
        let rows = target_cuts(&[90.0, 60.0, 60.0], 68.57);
        // Rounded with q = 60: 2·x90 + x60 + x60' ≥ 2m.
        assert!(rows.contains(&(vec![2.0, 1.0, 1.0], 2.0)));
        // Without the first 60: min(90, 8.57)·x90 + 8.57·x60' ≥ 8.57m, that is x90 + x60' ≥ m.
        assert!(rows.contains(&(vec![1.0, 0.0, 1.0], 1.0)));
        // A single meeting too short for the need, or all of them: m = 0.
        assert_eq!(target_cuts(&[60.0], 68.57), vec![(vec![0.0], 1.0)]);
        assert_eq!(
            target_cuts(&[60.0, 60.0], 150.0),
            vec![(vec![0.0, 0.0], 1.0)]
        );
        // 180 minutes from a 120-minute governance and two teachings of 60: the governance is
        // necessary (the teachings bring 120), the teachings are not.
        let rows = target_cuts(&[120.0, 60.0, 60.0], 180.0);
        assert!(rows.contains(&(vec![1.0, 0.0, 0.0], 1.0)));
        assert!(!rows.contains(&(vec![0.0, 1.0, 0.0], 1.0)));
        // Two governances of 120 and two forums of 60 in a window, 180 minutes due: without
        // both forums (120 minutes) a governance must be there, either one — a row no single
        // occurrence left out gives (the hard department's root gap, BENCHMARKS.md).
        let rows = target_cuts(&[120.0, 120.0, 60.0, 60.0], 180.0);
        assert!(rows.contains(&(vec![1.0, 1.0, 0.0, 0.0], 1.0)));
        // Without one forum the rest is 120: 120·x_g + 120·x_g' + 60·x_f' ≥ 120m.
        assert!(rows.contains(&(vec![120.0, 120.0, 0.0, 60.0], 120.0)));
        // Not `E ≥ need·m` again where no occurrence is longer than the need.
        assert!(!target_cuts(&[60.0, 90.0], 120.0).contains(&(vec![60.0, 90.0], 120.0)));
        // Nothing needed, nothing added.
        assert!(target_cuts(&[60.0], 0.0).is_empty());
    }
}
