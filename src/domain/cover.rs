//! Minimum clinical cover: the rules of the cover file, the policy's default rule, and how
//! many doctors of a pool may be released at a moment.
//!
//! A *pool* is a set of doctors whose count on clinical duty is constrained: one per cover row
//! (its department and group, `*` pooling), active in the row's windows, and one per department
//! and staff group for the default rule, active wherever no row applies to it. `r(t)`, the count
//! on clinical duty in the input rota, is a step function per pool.

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::kinds::StaffGroup;
use super::policy::{default_need, Policy};
use super::rota::{DoctorIdx, Rota};
use super::time::{interval, midnight, LocalEnd, Min};

/// A row of the cover file.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverRule {
    /// A department, or `None` for `*`.
    pub department: Option<String>,
    /// A group, or `None` for `*`.
    pub group: Option<StaffGroup>,
    /// Weekdays the window starts on, Monday first.
    pub weekdays: [bool; 7],
    /// Window start (local).
    pub start: NaiveTime,
    /// Window end (local); at or before the start means the next day.
    pub end: LocalEnd,
    /// Doctors that stay on clinical duty.
    pub min_on_duty: i64,
    /// Source line.
    pub line: usize,
}

impl CoverRule {
    fn applies_to(&self, department: &str, group: StaffGroup) -> bool {
        self.department.as_deref().is_none_or(|d| d == department)
            && self.group.is_none_or(|g| g == group)
    }
}

/// What a pool requires.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Need {
    /// The policy's default rule.
    Default,
    /// `min(n, r)` from a cover row.
    AtLeast(i64),
}

/// A step function of time: `value(t)` is the value of the last step at or before `t`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Steps(Vec<(Min, i64)>);

impl Steps {
    /// Builds from `(start, end)` intervals, each adding one while it lasts.
    pub fn from_intervals(iv: impl IntoIterator<Item = (Min, Min)>) -> Steps {
        let mut ev: Vec<(Min, i64)> = Vec::new();
        for (s, e) in iv {
            if e > s {
                ev.push((s, 1));
                ev.push((e, -1));
            }
        }
        ev.sort_unstable();
        let mut out: Vec<(Min, i64)> = Vec::with_capacity(ev.len());
        let mut v = 0;
        for (t, dv) in ev {
            v += dv;
            match out.last_mut() {
                Some(last) if last.0 == t => last.1 = v,
                _ => out.push((t, v)),
            }
        }
        Steps(out)
    }

    /// The value at `t`.
    pub fn at(&self, t: Min) -> i64 {
        let i = self.0.partition_point(|&(x, _)| x <= t);
        if i == 0 {
            0
        } else {
            self.0[i - 1].1
        }
    }

    /// Times of steps strictly inside `(s, e)`.
    fn breaks(&self, s: Min, e: Min) -> impl Iterator<Item = Min> + '_ {
        let i = self.0.partition_point(|&(x, _)| x <= s);
        self.0[i..]
            .iter()
            .map(|&(t, _)| t)
            .take_while(move |&t| t < e)
    }
}

/// One constrained set of doctors.
#[derive(Debug, Clone)]
pub struct Pool {
    /// For messages, e.g. `acute resident` or `cover row 4 (* sas)`.
    pub label: String,
    /// Department (`None`: all).
    pub department: Option<String>,
    /// Group (`None`: all).
    pub group: Option<StaffGroup>,
    /// What it requires.
    pub need: Need,
    /// Sorted disjoint intervals in which the requirement holds.
    pub active: Vec<(Min, Min)>,
    /// Doctors of the pool on clinical duty in the input rota.
    pub on_duty: Steps,
    /// Doctors of the pool already released (engagement rows in the input).
    pub released: Steps,
}

/// A moment where cover falls below its minimum.
#[derive(Debug, Clone, PartialEq)]
pub struct Breach {
    /// Index of the pool.
    pub pool: usize,
    /// When it starts.
    pub at: Min,
    /// On duty after release.
    pub on_duty: i64,
    /// The minimum.
    pub need: i64,
}

/// All pools of a rota.
#[derive(Debug, Clone)]
pub struct CoverModel {
    /// The pools.
    pub pools: Vec<Pool>,
    /// For each doctor, the pools it belongs to.
    pub pools_of: Vec<Vec<usize>>,
    fraction: f64,
    count: i64,
}

impl CoverModel {
    /// Builds the pools. `clinical[d]` are doctor d's baseline intervals on clinical duty and
    /// `released[d]` the intervals in which it is already released from them.
    pub fn new(
        rota: &Rota,
        rules: &[CoverRule],
        policy: &Policy,
        clinical: &[Vec<(Min, Min)>],
        released: &[Vec<(Min, Min)>],
    ) -> CoverModel {
        let tz = rota.tz;
        let h0 = midnight(tz, rota.first - chrono::Duration::days(1));
        let h1 = midnight(tz, rota.last + chrono::Duration::days(2));
        let rule_active: Vec<Vec<(Min, Min)>> = rules
            .iter()
            .map(|r| rule_windows(r, rota.tz, rota.first, rota.last))
            .collect();
        let mut pools = Vec::new();
        let member = |p_dept: &Option<String>, p_group: Option<StaffGroup>, d: usize| {
            let doc = &rota.doctors[d];
            p_dept.as_deref().is_none_or(|x| x == doc.department)
                && p_group.is_none_or(|g| g == doc.group)
        };
        let mut keys: Vec<(String, StaffGroup)> = rota
            .doctors
            .iter()
            .map(|d| (d.department.clone(), d.group))
            .collect();
        keys.sort();
        keys.dedup();
        for (dept, group) in keys {
            let covered: Vec<(Min, Min)> = merge(
                rules
                    .iter()
                    .zip(&rule_active)
                    .filter(|(r, _)| r.applies_to(&dept, group))
                    .flat_map(|(_, a)| a.iter().copied())
                    .collect(),
            );
            let active = complement(&covered, h0, h1);
            pools.push(Pool {
                label: format!("{dept} {group}"),
                department: Some(dept),
                group: Some(group),
                need: Need::Default,
                active,
                on_duty: Steps::default(),
                released: Steps::default(),
            });
        }
        for (r, a) in rules.iter().zip(rule_active) {
            pools.push(Pool {
                label: format!(
                    "{} {} (cover row at line {})",
                    r.department.as_deref().unwrap_or("*"),
                    r.group.map_or("*", StaffGroup::as_str),
                    r.line
                ),
                department: r.department.clone(),
                group: r.group,
                need: Need::AtLeast(r.min_on_duty),
                active: a,
                on_duty: Steps::default(),
                released: Steps::default(),
            });
        }
        let mut pools_of = vec![Vec::new(); rota.doctors.len()];
        for (pi, p) in pools.iter_mut().enumerate() {
            let members: Vec<usize> = (0..rota.doctors.len())
                .filter(|&d| member(&p.department, p.group, d))
                .collect();
            for &d in &members {
                pools_of[d].push(pi);
            }
            p.on_duty = Steps::from_intervals(
                members
                    .iter()
                    .flat_map(|&d| clinical.get(d).into_iter().flatten().copied()),
            );
            p.released = Steps::from_intervals(
                members
                    .iter()
                    .flat_map(|&d| released.get(d).into_iter().flatten().copied()),
            );
        }
        CoverModel {
            pools,
            pools_of,
            fraction: policy.cover_min_fraction,
            count: policy.cover_min_count,
        }
    }

    /// The pools a doctor belongs to.
    pub fn pools_of(&self, d: DoctorIdx) -> &[usize] {
        &self.pools_of[d.ix()]
    }

    fn need(&self, p: &Pool, r: i64) -> i64 {
        match p.need {
            Need::Default => default_need(self.fraction, self.count, r),
            Need::AtLeast(n) => n.min(r).max(0),
        }
    }

    fn is_active(p: &Pool, t: Min) -> bool {
        let i = p.active.partition_point(|&(s, _)| s <= t);
        i > 0 && t < p.active[i - 1].1
    }

    fn breakpoints(p: &Pool, s: Min, e: Min) -> Vec<Min> {
        let mut b: Vec<Min> = std::iter::once(s)
            .chain(p.on_duty.breaks(s, e))
            .chain(p.released.breaks(s, e))
            .collect();
        let i = p.active.partition_point(|&(_, ae)| ae <= s);
        for &(a0, a1) in &p.active[i..] {
            if a0 >= e {
                break;
            }
            for t in [a0, a1] {
                if t > s && t < e {
                    b.push(t);
                }
            }
        }
        b.sort_unstable();
        b.dedup();
        b
    }

    /// How many more doctors of pool `p` on clinical duty may be released throughout
    /// `[s, e)`, or `None` when the pool's rule is not in force then.
    pub fn headroom(&self, p: usize, s: Min, e: Min) -> Option<i64> {
        let pool = &self.pools[p];
        Self::breakpoints(pool, s, e)
            .into_iter()
            .filter(|&t| Self::is_active(pool, t))
            .map(|t| {
                let r = pool.on_duty.at(t);
                r - pool.released.at(t) - self.need(pool, r)
            })
            .min()
    }

    /// Every moment at which a pool is below its minimum (with the releases the model was
    /// built with), one per pool and stretch.
    pub fn breaches(&self) -> Vec<Breach> {
        self.breaches_beyond(None)
    }

    /// [`Self::breaches`], counting only the moments at which more of a pool's doctors are
    /// released than in `was` (the same rota before a schedule added engagement, so the same
    /// pools): what the schedule made worse, not what the rota already had.
    pub fn breaches_beyond(&self, was: Option<&CoverModel>) -> Vec<Breach> {
        let mut out = Vec::new();
        for (pi, p) in self.pools.iter().enumerate() {
            let before = was.and_then(|w| w.pools.get(pi)).map(|w| &w.released);
            let mut times: Vec<Min> = p.released.0.iter().map(|&(t, _)| t).collect();
            times.extend(p.on_duty.0.iter().map(|&(t, _)| t));
            times.extend(p.active.iter().map(|&(s, _)| s));
            times.extend(before.into_iter().flat_map(|b| b.0.iter().map(|&(t, _)| t)));
            times.sort_unstable();
            times.dedup();
            let mut open = false;
            for t in times {
                let rel = p.released.at(t);
                if rel <= before.map_or(0, |b| b.at(t)) || !Self::is_active(p, t) {
                    open = false;
                    continue;
                }
                let r = p.on_duty.at(t);
                let need = self.need(p, r);
                if r - rel < need {
                    if !open {
                        out.push(Breach {
                            pool: pi,
                            at: t,
                            on_duty: r - rel,
                            need,
                        });
                    }
                    open = true;
                } else {
                    open = false;
                }
            }
        }
        out
    }
}

/// The instants in which a cover row is in force over the period.
fn rule_windows(
    r: &CoverRule,
    tz: chrono_tz::Tz,
    first: NaiveDate,
    last: NaiveDate,
) -> Vec<(Min, Min)> {
    let mut out = Vec::new();
    let mut d = first - chrono::Duration::days(1);
    while d <= last {
        if r.weekdays[d.weekday().num_days_from_monday() as usize] {
            // A window starting in the spring gap starts when the gap ends.
            let iv = interval(tz, d, r.start, r.end)
                .ok()
                .map(|i| (i.start, i.end));
            if let Some(iv) = iv {
                out.push(iv);
            }
        }
        d += chrono::Duration::days(1);
    }
    merge(out)
}

/// Sorts and merges overlapping or touching intervals.
pub fn merge(mut v: Vec<(Min, Min)>) -> Vec<(Min, Min)> {
    v.sort_unstable();
    let mut out: Vec<(Min, Min)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

fn complement(covered: &[(Min, Min)], h0: Min, h1: Min) -> Vec<(Min, Min)> {
    let mut out = Vec::new();
    let mut t = h0;
    for &(s, e) in covered {
        if s > t {
            out.push((t, s.min(h1)));
        }
        t = t.max(e);
    }
    if t < h1 {
        out.push((t, h1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_count_overlaps() {
        let s = Steps::from_intervals([(0, 10), (5, 15), (10, 20)]);
        assert_eq!(s.at(-1), 0);
        assert_eq!(s.at(0), 1);
        assert_eq!(s.at(5), 2);
        assert_eq!(s.at(10), 2);
        assert_eq!(s.at(15), 1);
        assert_eq!(s.at(20), 0);
    }

    #[test]
    fn merge_and_complement() {
        assert_eq!(
            merge(vec![(5, 8), (0, 3), (3, 4), (7, 9)]),
            [(0, 4), (5, 9)]
        );
        assert_eq!(
            complement(&[(2, 4), (6, 8)], 0, 10),
            [(0, 2), (4, 6), (8, 10)]
        );
    }
}
