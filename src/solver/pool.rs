//! The workers: parts solved on `opts.threads` threads at once ([`solve_parts`]), with the live
//! progress read from their HiGHS logs; and any job spread on threads ([`par_map`]).

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Instant;

use super::budget::{per_part, rel_gap, share_of, GREEDY_BELOW, ONE_PASS_FROM, PART_OVERHEAD};
use super::context::{Choice, Ctx, OnProgress, Options, Progress, Solved};
use super::model::{self, Relaxation};
use super::{greedy, live};
use crate::plan::Status;

/// What each part starts from, by part: a start (placements), a gap of its own, an LP
/// relaxation already solved. Each may be shorter than the parts (then nothing).
#[derive(Clone, Copy, Default)]
pub(super) struct Each<'s> {
    /// Starts.
    pub starts: &'s [Vec<Choice>],
    /// Gaps.
    pub gaps: &'s [f64],
    /// Relaxations.
    pub relaxed: &'s [Option<Relaxation>],
}

/// Solves the parts on `opts.threads` workers, each with its share of the time left
/// ([`share_of`]). Results come back in the parts' order, so the schedule does not depend on
/// timing (unless a time limit binds).
pub(super) fn solve_parts(
    cx: &Ctx<'_>,
    comps: &[Vec<usize>],
    each: &Each<'_>,
    floor: std::time::Duration,
    progress: OnProgress<'_>,
) -> Vec<Solved> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let Ctx { opts, deadline, .. } = *cx;
    let workers = opts.threads.max(1).min(comps.len().max(1));
    #[allow(clippy::cast_precision_loss)]
    let weight: Vec<f64> = comps
        .iter()
        .map(|c| (c.len() + PART_OVERHEAD) as f64)
        .collect();
    // With time to spare for each part, the largest first, so that the last to finish is a
    // small one (a 26-week department's window parts ended on one long part while the other
    // worker idled: 1.7 s against 1.55 s). Where time is short they stay in order, which
    // mixes large and small (the trust whole at 10 s: 11,080 against 11,065 doctor-windows).
    let mut order: Vec<usize> = (0..comps.len()).collect();
    let left = deadline.saturating_duration_since(Instant::now());
    if per_part(left.as_secs_f64(), workers, comps.len()) >= ONE_PASS_FROM {
        order.sort_by(|&a, &b| weight[b].total_cmp(&weight[a]));
    }
    let in_order: Vec<f64> = order.iter().map(|&i| weight[i]).collect();
    let next = AtomicUsize::new(0);
    let one = Options {
        threads: 1,
        ..opts.clone()
    };
    let per_worker = if workers > 1 { &one } else { opts };
    let board = Board::new(comps.len(), opts);
    let finished = AtomicBool::new(false);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| loop {
                    let k = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&i) = order.get(k) else {
                        break;
                    };
                    // A share of the time left in proportion to the part's size among those
                    // not yet begun (the workers run that many at once): a department's
                    // part of 45 occurrences needs more than one of 8, which hands back what
                    // it does not use. Every part also costs a fixed amount (model, LP,
                    // presolve): `PART_OVERHEAD` occurrences' worth.
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() && floor.is_zero() {
                        // Out of time, and not to be solved past it.
                        opts.note_stopped();
                        board.put(i, Solved::none(f64::INFINITY));
                        continue;
                    }
                    let job = Job {
                        part: i,
                        share: share_of(&in_order, k, left.as_secs_f64(), workers),
                        floor,
                        log: board.log_of(i),
                    };
                    board.begin(i);
                    let solved = solve_one(cx, per_worker, &comps[i], each, job);
                    board.end(i, solved);
                    board.tell(progress);
                })
            })
            .collect();
        if board.logs.is_some() {
            s.spawn(|| {
                while !finished.load(Ordering::SeqCst) {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                    board.tell(progress);
                }
            });
        }
        // A part whose thread panicked is left without a schedule (status failed), not
        // taken down with the whole run.
        for h in handles {
            let _ = h.join();
        }
        finished.store(true, Ordering::SeqCst);
    });
    board.results()
}

/// One part to solve: which, its share of the time (seconds), the least it is given, and
/// where its HiGHS log goes (live progress).
struct Job {
    part: usize,
    share: f64,
    floor: std::time::Duration,
    log: Option<std::path::PathBuf>,
}

/// Solves one part in its share of the time.
fn solve_one(
    cx: &Ctx<'_>,
    per_worker: &Options,
    comp: &[usize],
    each: &Each<'_>,
    job: Job,
) -> Solved {
    let Job {
        part: i,
        share,
        floor,
        log,
    } = job;
    let started = Instant::now();
    let own = started + std::time::Duration::from_secs_f64(share).max(floor);
    let part = Options {
        highs_log: log,
        gap: each.gaps.get(i).copied().unwrap_or(per_worker.gap),
        ..per_worker.clone()
    };
    // Without a start of its own, a part whose share of the time is short starts from a
    // greedy schedule, so that it ends with one. (With time to spare HiGHS does as well
    // without: the start only changes its path.)
    let greedy;
    let start = match each.starts.get(i) {
        Some(s) if !s.is_empty() => s.as_slice(),
        _ if share >= GREEDY_BELOW => &[],
        _ => {
            greedy = greedy::start(cx, comp);
            greedy.as_slice()
        }
    };
    let until = own.min(cx.deadline).max(Instant::now() + floor);
    let solved = model::solve(
        &cx.with(&part).until(until),
        comp,
        start,
        each.relaxed.get(i).and_then(Option::as_ref),
    );
    if cx.opts.tuning.debug {
        eprintln!(
            "part {i}: {} occurrences, share {share:.3} s, took {:.3} s, {}, {:.2}% from its bound",
            comp.len(),
            started.elapsed().as_secs_f64(),
            solved.status.as_str(),
            100.0 * rel_gap(solved.bound, solved.objective),
        );
    }
    solved
}

/// What the workers share: each part's result as it comes, the parts solved with the sums of
/// their objectives and bounds, the parts under way, and (for live progress) the folder of
/// their HiGHS logs.
struct Board {
    parts: usize,
    out: Mutex<Vec<Option<Solved>>>,
    done: Mutex<(usize, f64, f64)>,
    running: Mutex<BTreeSet<usize>>,
    logs: Option<tempfile::TempDir>,
}

impl Board {
    fn new(parts: usize, opts: &Options) -> Board {
        // Live progress: each part's HiGHS log in a temporary folder, read back by a watcher.
        let logs = if opts.live {
            match &opts.live_dir {
                Some(dir) => tempfile::tempdir_in(dir).ok(),
                None => tempfile::tempdir().ok(),
            }
        } else {
            None
        };
        Board {
            parts,
            out: Mutex::new(vec![None; parts]),
            done: Mutex::new((0, 0.0, 0.0)),
            running: Mutex::default(),
            logs,
        }
    }

    fn log_of(&self, i: usize) -> Option<std::path::PathBuf> {
        self.logs
            .as_ref()
            .map(|d| d.path().join(format!("part-{i}.log")))
    }

    fn put(&self, i: usize, solved: Solved) {
        if let Ok(mut v) = self.out.lock() {
            v[i] = Some(solved);
        }
    }

    fn begin(&self, i: usize) {
        if let Ok(mut r) = self.running.lock() {
            r.insert(i);
        }
    }

    fn end(&self, i: usize, solved: Solved) {
        if let Ok(mut t) = self.done.lock() {
            t.0 += 1;
            t.1 += solved.objective;
            t.2 += solved.bound;
        }
        self.put(i, solved);
        if let Ok(mut r) = self.running.lock() {
            r.remove(&i);
        }
    }

    /// Where the search stands: the parts solved, and those in progress with a schedule yet.
    fn tell(&self, progress: OnProgress<'_>) {
        let Ok((n, mut obj, mut bound)) = self.done.lock().map(|t| *t) else {
            return;
        };
        let under_way: Vec<usize> = self
            .running
            .lock()
            .map(|r| r.iter().copied().collect())
            .unwrap_or_default();
        let mut counted = 0;
        for (b, best) in under_way
            .into_iter()
            .filter_map(|i| self.log_of(i).and_then(|p| live::last(&p)))
        {
            obj += best;
            bound += b;
            counted += 1;
        }
        progress(Progress::solving(n, self.parts, counted, obj, bound));
    }

    /// Each part's result; a part whose worker panicked has none (failed).
    fn results(self) -> Vec<Solved> {
        self.out
            .into_inner()
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                s.unwrap_or(Solved {
                    status: Status::Failed,
                    ..Solved::none(0.0)
                })
            })
            .collect()
    }
}

/// `f` of each of `0..n`, on up to `threads` threads at once; `None` where `f` panicked.
pub(super) fn par_map<T: Send>(
    n: usize,
    threads: usize,
    f: impl Fn(usize) -> T + Sync,
) -> Vec<Option<T>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<Option<T>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.clamp(1, n.max(1)))
            .map(|_| {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        break;
                    }
                    let r = f(i);
                    if let Ok(mut v) = out.lock() {
                        v[i] = Some(r);
                    }
                })
            })
            .collect();
        for h in handles {
            let _ = h.join();
        }
    });
    out.into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
