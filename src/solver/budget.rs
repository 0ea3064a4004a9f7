//! How the time and the gap are shared: each part's share of the time left ([`share_of`]),
//! the thread-seconds a part would have ([`per_part`]), the gap the parts taken up again may
//! each stop at ([`gap_budget`]) and which of them the second pass takes ([`furthest_first`]);
//! and the constants these choices were measured by (`BENCHMARKS.md`).

use std::collections::HashMap;

use super::context::Solved;

/// The relative gap of a schedule worth `objective` against `bound`, as HiGHS measures it.
pub(crate) fn rel_gap(bound: f64, objective: f64) -> f64 {
    (bound - objective) / objective.abs().max(1.0)
}

/// The gap of the first pass when there are more parts than workers (see
/// [`super::passes`]).
pub(super) const FIRST_PASS_GAP: f64 = 0.01;

/// The thread-seconds per part from which the first pass is at the gap asked for.
pub(super) const ONE_PASS_FROM: f64 = 2.0;

/// The least time a part is given, even when the time left is shorter.
pub(super) const PART_FLOOR: std::time::Duration = std::time::Duration::from_millis(20);
/// The thread-seconds per part to be split from which windows are split by default (the
/// trust split at 20 s ended nearer its best than whole on three seeds of three; at 15 s
/// either won on some seeds, at 10 and 12 s whole on all: `BENCHMARKS.md`).
pub const SPLIT_FROM: f64 = 1.0;

/// What a part costs before its size counts, in occurrences, for its share of the time.
pub(super) const PART_OVERHEAD: usize = 16;

/// The least share of the time (seconds) a part is solved again with in the second pass.
const RETRY_SHARE: f64 = 0.5;

/// A part whose share of the time is shorter than this (seconds) starts from a greedy
/// schedule ([`super::greedy`]).
pub(super) const GREEDY_BELOW: f64 = 2.0;

/// The whole problem may be `gap` (relative) from its bound: what the parts not taken up again
/// leave of that (their schedules' distance from their bounds) is shared evenly among the
/// parts of `again`, each of which may then stop at its share, not at `gap` itself — so the
/// time goes to the parts that need it and the whole still ends within `gap`. A part already
/// within its share is not taken up again. Returns the parts to take up with their gaps.
pub(super) fn gap_budget(
    results: &[Solved],
    again: Vec<usize>,
    gap: f64,
) -> (Vec<usize>, HashMap<usize, f64>) {
    let total: f64 = results.iter().map(|r| r.objective).sum();
    let allowed = gap * total.abs().max(1.0);
    let settled: f64 = (0..results.len())
        .filter(|i| !again.contains(i))
        .map(|i| (results[i].bound - results[i].objective).max(0.0))
        .sum();
    #[allow(clippy::cast_precision_loss)]
    let each = (allowed - settled).max(0.0) / again.len().max(1) as f64;
    let mut gaps = HashMap::new();
    let mut keep = Vec::new();
    for i in again {
        let r = &results[i];
        if !r.status.has_schedule() {
            keep.push(i);
            continue;
        }
        if r.bound - r.objective <= each {
            continue;
        }
        gaps.insert(i, gap.max(each / r.objective.abs().max(1.0)));
        keep.push(i);
    }
    (keep, gaps)
}

/// The parts of `again` that the second pass takes, in order: what is left goes to those
/// furthest from their bounds (those without a schedule first), as many as can have
/// `RETRY_SHARE` each on `threads` workers — spread thinner, a part's second solve ends before
/// its root and changes nothing.
pub(super) fn furthest_first(
    results: &[Solved],
    mut again: Vec<usize>,
    left_secs: f64,
    threads: usize,
) -> Vec<usize> {
    let gap_of = |r: &Solved| {
        if r.status.has_schedule() {
            r.bound - r.objective
        } else {
            f64::INFINITY
        }
    };
    again.sort_by(|&a, &b| gap_of(&results[b]).total_cmp(&gap_of(&results[a])));
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let room = (left_secs.max(0.0) * threads.max(1) as f64 / RETRY_SHARE) as usize;
    again.truncate(room.max(1));
    again.sort_unstable();
    again
}

/// The thread-seconds each of `parts` parts would have in `secs` seconds on `threads` threads.
pub(super) fn per_part(secs: f64, threads: usize, parts: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let (threads, parts) = (threads.max(1) as f64, parts.max(1) as f64);
    secs * threads / parts
}

/// Part `i`'s share of `left_secs` (seconds): in proportion to its weight among the parts
/// not yet begun (`weight[i..]`), which `workers` solve that many at once; never more than
/// what is left.
pub(super) fn share_of(weight: &[f64], i: usize, left_secs: f64, workers: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let workers = workers.max(1) as f64;
    let rest: f64 = weight.get(i..).map_or(0.0, |w| w.iter().sum());
    let own = weight.get(i).copied().unwrap_or(0.0);
    (left_secs * workers * own / rest.max(f64::MIN_POSITIVE)).min(left_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Status;

    fn solved(objective: f64, bound: f64, status: Status) -> Solved {
        Solved {
            placed: Vec::new(),
            status,
            objective,
            bound,
        }
    }

    #[test]
    fn shares_follow_the_weights_and_never_exceed_what_is_left() {
        // Two workers, parts of weight 61 and 24 (45 and 8 occurrences, plus the overhead).
        let weight = [61.0, 24.0, 61.0, 24.0];
        let total: f64 = weight.iter().sum();
        let first = share_of(&weight, 0, 10.0, 2);
        assert!((first - 10.0 * 2.0 * 61.0 / total).abs() < 1e-9);
        assert!(share_of(&weight, 1, 10.0, 2) < first);
        // Equal weights: the time left over the rounds left.
        let even = [1.0; 6];
        assert!((share_of(&even, 0, 9.0, 2) - 3.0).abs() < 1e-9);
        // The last part alone may take all that is left, and no more.
        assert!((share_of(&weight, 3, 4.0, 2) - 4.0).abs() < 1e-9);
        assert!(share_of(&weight, 9, 4.0, 2).abs() < 1e-9);
    }

    #[test]
    fn the_gap_left_by_proven_parts_is_shared_by_the_others() {
        // The whole may be 1 % from its bound: 10 of 1,000.
        let results = vec![
            solved(400.0, 400.0, Status::Optimal),
            solved(300.0, 302.0, Status::GapLimit),
            solved(200.0, 210.0, Status::TimeLimit),
            solved(100.0, 101.0, Status::TimeLimit),
            solved(0.0, 0.0, Status::NoSolution),
        ];
        let (again, gaps) = gap_budget(&results, vec![2, 3, 4], 0.01);
        // Settled: 0 + 2 of the 10; 8 left for three parts, 8/3 each. Part 3 (1 short) is
        // within its share and not taken up; part 2 may stop 8/3 from its bound; the part
        // without a schedule is taken up at the gap asked for.
        assert_eq!(again, vec![2, 4]);
        assert!((gaps[&2] - (8.0 / 3.0) / 200.0).abs() < 1e-12);
        assert!(!gaps.contains_key(&4));
        // Never looser than asked for where the share is smaller than the gap.
        let (_, gaps) = gap_budget(&results, vec![0, 1, 2], 0.0001);
        assert!(gaps.values().all(|&g| g >= 0.0001));
    }

    #[test]
    fn the_second_pass_takes_the_parts_furthest_from_their_bounds() {
        let results = vec![
            solved(100.0, 101.0, Status::TimeLimit),
            solved(100.0, 150.0, Status::TimeLimit),
            solved(0.0, 0.0, Status::NoSolution),
            solved(100.0, 120.0, Status::GapLimit),
        ];
        // Room for two (1 s on 1 worker, 0.5 s each): no schedule first, then the widest gap.
        assert_eq!(
            furthest_first(&results, vec![0, 1, 2, 3], 1.0, 1),
            vec![1, 2]
        );
        // Room for all: all of them, in part order.
        assert_eq!(
            furthest_first(&results, vec![3, 0, 1, 2], 10.0, 2),
            vec![0, 1, 2, 3]
        );
        // Never none when one is asked for and a little time is left.
        assert_eq!(furthest_first(&results, vec![0, 3], 0.1, 1), vec![3]);
    }
}
