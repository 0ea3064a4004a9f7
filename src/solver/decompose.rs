//! Step 2: the problem as parts. Cross-department occurrences are pinned to one start and
//! copied per department ([`split::split_departments`]); where there is time for it, an
//! occurrence whose days span target windows is copied per window ([`split::split_windows`]);
//! then the occurrences fall into parts that share no cover pool in the same window
//! ([`components`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::budget::{per_part, SPLIT_FROM};
use super::context::Options;
use super::split;
use crate::domain::policy::Policy;
use crate::domain::Rota;
use crate::plan::candidates::{OccPlan, Prepared};
use crate::plan::DocTarget;

/// The problem as parts, and how to map copies back.
#[derive(Debug, Clone)]
pub struct Parts {
    /// Each part's occurrences (indices into `prep.occs`, copies included).
    pub comps: Vec<Vec<usize>>,
    /// Each copy's occurrence.
    pub origin: HashMap<usize, usize>,
    /// Each window copy's occurrence.
    pub window_copy_of: HashMap<usize, usize>,
    /// Cross-department occurrences pinned to one start.
    pub pinned: usize,
    /// Occurrences before any copy was made.
    pub originals: usize,
}

/// Copies what is to be copied and splits the problem into parts.
pub fn decompose(
    rota: &Rota,
    prep: &mut Prepared,
    targets: &[Option<DocTarget>],
    policy: &Policy,
    opts: &Options,
) -> Parts {
    let originals = prep.occs.len();
    let dept_copies = split::split_departments(rota, prep, targets);
    let mut split_from: HashSet<usize> = dept_copies.iter().map(|c| c.1).collect();
    let pinned = split_from.len();
    // An occurrence whose days span target windows is copied per window (a relaxation whose
    // bound is the whole problem's); where the solve places more than one copy, its window is
    // chosen afterwards (`rejoin_windows`).
    let window_days = common_window_days(policy);
    // The parts with each department whole: the answer when nothing is split, and what the
    // default choice below counts.
    let whole = components(rota, prep, window_days, &split_from);
    // In a re-plan an occurrence held before stays whole: its copies would each be rewarded
    // for its previous attendees, and the relaxation would hold it twice for that alone. The
    // previous schedule starts the joined part instead.
    let mut skip = split_from.clone();
    skip.extend((0..prep.occs.len()).filter(|&o| {
        prep.occs[o]
            .prev
            .as_ref()
            .is_some_and(|p| p.start.is_some())
    }));
    let split = opts.split_windows.unwrap_or_else(|| {
        // Split, a department's windows cost a few solves each for their choices (about a
        // thread-second for a 50-doctor, 26-week department): with less time than that per
        // part that would be split (the trust at 10 or 15 s) the relaxation's many small parts
        // and those solves do not fit, and whole departments gave the better schedules
        // (`BENCHMARKS.md`).
        let Some(days) = window_days else {
            return false;
        };
        let spans = |o: usize| {
            !skip.contains(&o) && split::classes_by_window(rota, &prep.occs[o], days).len() > 1
        };
        let split_parts = whole.iter().filter(|c| c.iter().any(|&o| spans(o))).count();
        per_part(opts.time_limit, opts.threads, split_parts) >= SPLIT_FROM
    });
    let win_copies = match window_days {
        Some(days) if split => split::split_windows(rota, prep, days, &skip),
        _ => Vec::new(),
    };
    split_from.extend(win_copies.iter().map(|c| c.1));
    let origin: HashMap<usize, usize> = dept_copies.iter().chain(&win_copies).copied().collect();
    let window_copy_of: HashMap<usize, usize> = win_copies.iter().copied().collect();
    let comps = if win_copies.is_empty() {
        whole
    } else {
        components(rota, prep, window_days, &split_from)
    };
    Parts {
        comps,
        origin,
        window_copy_of,
        pinned,
        originals,
    }
}

/// The window length (days) shared by every group with a target, if they share one.
fn common_window_days(policy: &Policy) -> Option<i64> {
    let mut lens = policy.targets.values().map(|t| i64::from(t.per_weeks) * 7);
    let first = lens.next()?;
    lens.all(|l| l == first).then_some(first)
}

/// Groups occurrences that share a cover pool in the same target window (directly or through
/// others); an occurrence whose days fall in several windows joins them all, so a monthly
/// meeting against 4-weekly windows makes its department's windows one part. Occurrences
/// split into department copies are left out (their copies take part).
pub(super) fn components(
    rota: &Rota,
    prep: &Prepared,
    window_days: Option<i64>,
    split_from: &HashSet<usize>,
) -> Vec<Vec<usize>> {
    let anchor = crate::domain::time::monday_of(rota.first);
    let wins = |o: &OccPlan| -> BTreeSet<usize> {
        o.classes
            .iter()
            .map(|c| match window_days {
                Some(days) => {
                    usize::try_from((c.day - anchor).num_days() / days.max(1)).unwrap_or(0)
                }
                None => 0,
            })
            .collect()
    };
    let mut node: HashMap<(usize, usize), usize> = HashMap::new();
    let mut parent: Vec<usize> = Vec::new();
    let live = |i: usize, o: &OccPlan| !o.classes.is_empty() && !split_from.contains(&i);
    let mut first_node: Vec<Option<usize>> = vec![None; prep.occs.len()];
    for (i, o) in prep.occs.iter().enumerate() {
        if !live(i, o) {
            continue;
        }
        let mut ids = Vec::new();
        for w in wins(o) {
            for &k in &o.keys {
                let id = *node.entry((k, w)).or_insert_with(|| {
                    parent.push(parent.len());
                    parent.len() - 1
                });
                ids.push(id);
            }
        }
        if ids.is_empty() {
            parent.push(parent.len());
            ids.push(parent.len() - 1);
        }
        for &id in &ids[1..] {
            let (a, b) = (find(&mut parent, ids[0]), find(&mut parent, id));
            parent[b] = a;
        }
        first_node[i] = Some(ids[0]);
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, n) in first_node.iter().enumerate() {
        if let Some(n) = n {
            groups.entry(find(&mut parent, *n)).or_default().push(i);
        }
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort();
    out
}

/// The part holding each occurrence.
pub(super) fn part_of(comps: &[Vec<usize>]) -> HashMap<usize, usize> {
    comps
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.iter().map(move |&o| (o, i)))
        .collect()
}

/// The root of `i` in a union-find forest (halving the path on the way).
pub(super) fn find(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}
