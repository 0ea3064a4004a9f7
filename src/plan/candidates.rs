//! Everything the model needs, worked out without the solver: where each doctor may be
//! released, each occurrence's candidate starts with the doctors eligible at each, the cover
//! headroom there, and the classes of starts that share all of that.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveTime};

use crate::domain::cover::CoverModel;
use crate::domain::meeting::{occurrences, Fixed, Format, Meeting, Occurrence};
use crate::domain::policy::Policy;
use crate::domain::time::{to_instant, Edge, Min};
use crate::domain::{DoctorIdx, Kind, Rota};

/// A stretch of a working shift in which a doctor may be released.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Free {
    /// Start.
    pub start: Min,
    /// End.
    pub end: Min,
    /// Index of the shift row in `Rota::shifts`.
    pub row: usize,
    /// Whether the shift is clinical duty (costs cover).
    pub clinical: bool,
}

/// One candidate start of an occurrence.
#[derive(Debug, Clone)]
pub struct Cand {
    /// Start instant.
    pub start: Min,
    /// End instant.
    pub end: Min,
    /// Doctors who could attend: (doctor, shift row).
    pub eligible: Vec<(DoctorIdx, usize)>,
    /// Class (starts with the same doctors and cover limits).
    pub class: usize,
}

/// Starts of one occurrence on one day that share eligible doctors (and the shifts they
/// would be released from) and cover limits: interchangeable, so the model chooses a class
/// and the schedule takes its earliest start.
#[derive(Debug, Clone)]
pub struct Class {
    /// The local date.
    pub day: chrono::NaiveDate,
    /// Candidates in the class, earliest first.
    pub members: Vec<usize>,
    /// Cover limits: (pool, most that may be released, doctors of the pool who would be).
    pub limits: Vec<(usize, i64, Vec<DoctorIdx>)>,
}

/// An occurrence with its candidates.
#[derive(Debug, Clone)]
pub struct OccPlan {
    /// The occurrence.
    pub occ: Occurrence,
    /// Invited doctors.
    pub invited: Vec<DoctorIdx>,
    /// Candidate starts, by time.
    pub cands: Vec<Cand>,
    /// Classes of candidates.
    pub classes: Vec<Class>,
    /// Pools touched (clique keys): two occurrences sharing one never overlap.
    pub keys: Vec<usize>,
    /// Invited doctors left out by cover at some start (for reasons).
    pub cover_blocked: Vec<(DoctorIdx, usize, Min)>,
    /// An individual slot (one doctor's own protected time): every start is its own class,
    /// and it meets others through time-indexed rows rather than one-a-day rows.
    pub solo: bool,
    /// In a re-plan, what the previous schedule did with it ([`super::previous`]).
    pub prev: Option<super::previous::Prev>,
}

/// The prepared problem.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Occurrences with candidates.
    pub occs: Vec<OccPlan>,
    /// Per doctor, engagement minutes already in each shift row.
    pub existing: HashMap<usize, i64>,
    /// Pools.
    pub cover: CoverModel,
}

/// Where each doctor may be released: inside shifts of an allowed kind, outside every other
/// row of theirs and the rest after nights.
pub fn free_time(rota: &Rota, policy: &Policy) -> Vec<Vec<Free>> {
    let mut out = vec![Vec::new(); rota.doctors.len()];
    let mut lo = 0;
    while lo < rota.shifts.len() {
        let d = rota.shifts[lo].doctor;
        let hi = lo + rota.shifts[lo..].partition_point(|s| s.doctor == d);
        let rows = &rota.shifts[lo..hi];
        let mut blocked: Vec<(Min, Min)> = Vec::new();
        for s in rows {
            if s.kind == Kind::Night {
                blocked.push((s.end, s.end + policy.rest_after_night_minutes));
            }
        }
        for (i, s) in rows.iter().enumerate() {
            if !policy.allows(s.kind) || !s.timed {
                continue;
            }
            let mut cut: Vec<(Min, Min)> = blocked
                .iter()
                .copied()
                .chain(
                    rows.iter()
                        .enumerate()
                        .filter(|&(j, o)| j != i && o.start < s.end && s.start < o.end)
                        .map(|(_, o)| (o.start, o.end)),
                )
                .filter(|&(a, b)| a < s.end && s.start < b)
                .collect();
            cut.sort_unstable();
            let mut t = s.start;
            for (a, b) in cut {
                if a > t {
                    out[d.ix()].push(Free {
                        start: t,
                        end: a.min(s.end),
                        row: lo + i,
                        clinical: s.kind.is_clinical(),
                    });
                }
                t = t.max(b);
            }
            if t < s.end {
                out[d.ix()].push(Free {
                    start: t,
                    end: s.end,
                    row: lo + i,
                    clinical: s.kind.is_clinical(),
                });
            }
        }
        lo = hi;
    }
    for f in &mut out {
        f.sort_by_key(|x| x.start);
    }
    out
}

/// The free stretch holding `[s, e)`, if any.
pub fn holding(free: &[Free], s: Min, e: Min) -> Option<&Free> {
    let i = free.partition_point(|f| f.start <= s);
    (i > 0).then(|| &free[i - 1]).filter(|f| e <= f.end)
}

/// Prepares the problem.
pub fn prepare(rota: &Rota, meetings: &[Meeting], cover: CoverModel, policy: &Policy) -> Prepared {
    let free = free_time(rota, policy);
    let mut existing: HashMap<usize, i64> = HashMap::new();
    for s in rota.shifts.iter().filter(|s| s.kind == Kind::Engagement) {
        let d = s.doctor.ix();
        if let Some(f) = rota.shifts_of(s.doctor).iter().position(|w| {
            w.kind != Kind::Engagement
                && w.kind.is_working()
                && w.start <= s.start
                && s.end <= w.end
        }) {
            let base = rota.shifts.partition_point(|x| x.doctor.ix() < d);
            *existing.entry(base + f).or_default() += s.minutes();
        }
    }
    let mut occs = Vec::new();
    let ctx = Ctx {
        rota,
        free: &free,
        existing: &existing,
        cover: &cover,
        policy,
    };
    for occ in occurrences(meetings, rota.first, rota.last) {
        let m = &meetings[occ.meeting];
        let invited: Vec<DoctorIdx> = (0..rota.doctors.len())
            .map(|i| DoctorIdx(u32::try_from(i).unwrap_or(u32::MAX)))
            .filter(|d| {
                let doc = &rota.doctors[d.ix()];
                m.invites(doc.group, &doc.department)
            })
            .collect();
        match m.format {
            Format::Group => occs.push(plan_occurrence(&ctx, m, occ, invited, false)),
            Format::Individual => {
                for d in invited {
                    let own = Occurrence {
                        id: format!("{}@{}", occ.id, rota.doctors[d.ix()].id),
                        ..occ.clone()
                    };
                    occs.push(plan_occurrence(&ctx, m, own, vec![d], true));
                }
            }
        }
    }
    Prepared {
        occs,
        existing,
        cover,
    }
}

/// What planning an occurrence reads.
struct Ctx<'a> {
    rota: &'a Rota,
    free: &'a [Vec<Free>],
    existing: &'a HashMap<usize, i64>,
    cover: &'a CoverModel,
    policy: &'a Policy,
}

fn plan_occurrence(
    ctx: &Ctx<'_>,
    m: &Meeting,
    occ: Occurrence,
    invited: Vec<DoctorIdx>,
    solo: bool,
) -> OccPlan {
    let Ctx {
        rota,
        free,
        existing,
        cover,
        policy,
    } = *ctx;
    let tz = rota.tz;
    let mut keys: Vec<usize> = invited
        .iter()
        .flat_map(|d| cover.pools_of(*d).iter().copied())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let step = if solo {
        policy.slot_step_minutes
    } else {
        policy.start_step_minutes
    }
    .max(1);
    let mut cands = Vec::new();
    let mut classes: Vec<Class> = Vec::new();
    let mut class_of: HashMap<Vec<i64>, usize> = HashMap::new();
    let mut cover_blocked = Vec::new();
    for &day in &occ.days {
        let starts: Vec<NaiveTime> = match m.fixed {
            Some(Fixed::Weekday(_, t) | Fixed::Date(_, t)) => vec![t],
            None => {
                let mut v = Vec::new();
                let mut t = m.earliest;
                let last = m.latest - Duration::minutes(m.duration);
                while t <= last {
                    v.push(t);
                    let (next, wrap) = t.overflowing_add_signed(Duration::minutes(step));
                    if wrap != 0 {
                        break;
                    }
                    t = next;
                }
                v
            }
        };
        let latest = to_instant(tz, day.and_time(m.latest), Edge::End)
            .map(|x| x.0)
            .ok();
        for t in starts {
            let Ok((s, _)) = to_instant(tz, day.and_time(t), Edge::Start) else {
                continue;
            };
            let e = s + m.duration;
            if m.fixed.is_none() && latest.is_some_and(|l| e > l) {
                continue;
            }
            let mut eligible: Vec<(DoctorIdx, usize, bool)> = invited
                .iter()
                .filter_map(|&d| {
                    let f = holding(&free[d.ix()], s, e)?;
                    let used = existing.get(&f.row).copied().unwrap_or(0);
                    (used + m.duration <= policy.max_minutes_per_shift)
                        .then_some((d, f.row, f.clinical))
                })
                .collect();
            // Cover: per pool, how many of the clinical eligible may go.
            let mut per_pool: HashMap<usize, Vec<DoctorIdx>> = HashMap::new();
            for &(d, _, clinical) in &eligible {
                if clinical {
                    for &p in cover.pools_of(d) {
                        per_pool.entry(p).or_default().push(d);
                    }
                }
            }
            let mut pools: Vec<(usize, Vec<DoctorIdx>)> = per_pool.into_iter().collect();
            pools.sort_unstable_by_key(|x| x.0);
            let mut limits = Vec::new();
            let mut out_of_cover: Vec<DoctorIdx> = Vec::new();
            for (p, ds) in &pools {
                match cover.headroom(*p, s, e) {
                    Some(h) if h <= 0 => {
                        for &d in ds {
                            cover_blocked.push((d, *p, s));
                        }
                        out_of_cover.extend(ds);
                    }
                    Some(h) if h < i64::try_from(ds.len()).unwrap_or(i64::MAX) => {
                        limits.push((*p, h, ds.clone()))
                    }
                    _ => {}
                }
            }
            if !out_of_cover.is_empty() {
                eligible.retain(|(d, _, _)| !out_of_cover.contains(d));
                for l in &mut limits {
                    l.2.retain(|d| !out_of_cover.contains(d));
                }
                limits.retain(|l| i64::try_from(l.2.len()).unwrap_or(0) > l.1);
            }
            // A fixed meeting is held even if nobody can come; a slot with nobody is no slot.
            if eligible.is_empty() && (m.fixed.is_none() || solo) {
                continue;
            }
            let mut sig: Vec<i64> = vec![i64::from(day.num_days_from_ce())];
            if solo {
                // A slot's time matters to its neighbours: no two starts are merged.
                sig.push(s);
            }
            for &(d, row, _) in &eligible {
                sig.push(i64::from(d.0));
                sig.push(i64::try_from(row).unwrap_or(0));
            }
            for (p, h, ds) in &limits {
                sig.push(-1);
                sig.push(i64::try_from(*p).unwrap_or(0));
                sig.push(*h);
                sig.extend(ds.iter().map(|d| i64::from(d.0)));
            }
            let class = *class_of.entry(sig).or_insert_with(|| {
                classes.push(Class {
                    day,
                    members: Vec::new(),
                    limits,
                });
                classes.len() - 1
            });
            classes[class].members.push(cands.len());
            cands.push(Cand {
                start: s,
                end: e,
                eligible: eligible.into_iter().map(|(d, r, _)| (d, r)).collect(),
                class,
            });
        }
    }
    OccPlan {
        occ,
        invited,
        cands,
        classes,
        keys,
        cover_blocked,
        solo,
        prev: None,
    }
}

/// Drops the classes of group occurrences that another class of the same day dominates: one
/// whose eligible doctors (with their shifts) are a subset of the other's, and whose every
/// release set the other's cover limits allow too. Nothing a schedule can gain is lost — any
/// attendance at the dominated class is possible at the other, with the same shifts, window
/// and day — and the model shrinks, with fewer ways for the LP to split a meeting over
/// classes. Kept as they are: individual slots, days with one (a slot's rows meet a meeting's
/// time, not just its day) and, in a re-plan, occurrences held before (their previous start
/// is a class of its own worth keeping). Returns how many classes were dropped.
pub fn drop_dominated(prep: &mut Prepared) -> usize {
    let slot_days: std::collections::HashSet<chrono::NaiveDate> = prep
        .occs
        .iter()
        .filter(|o| o.solo)
        .flat_map(|o| o.classes.iter().map(|c| c.day))
        .collect();
    let mut dropped = 0;
    for plan in prep.occs.iter_mut().filter(|p| !p.solo && p.prev.is_none()) {
        let n = plan.classes.len();
        let elig: Vec<&[(DoctorIdx, usize)]> = plan
            .classes
            .iter()
            .map(|c| plan.cands[c.members[0]].eligible.as_slice())
            .collect();
        let dominates = |a: usize, b: usize| {
            let (ea, eb) = (elig[a], elig[b]);
            if eb.len() > ea.len() || !eb.iter().all(|x| ea.binary_search(x).is_ok()) {
                return false;
            }
            plan.classes[a].limits.iter().all(|(p, ha, ds)| {
                let count = eb.iter().filter(|(d, _)| ds.contains(d)).count();
                let count = i64::try_from(count).unwrap_or(i64::MAX);
                let cap = plan.classes[b]
                    .limits
                    .iter()
                    .find(|l| l.0 == *p)
                    .map_or(count, |l| l.1.min(count));
                cap <= *ha
            })
        };
        let mut dead = vec![false; n];
        for b in 0..n {
            if slot_days.contains(&plan.classes[b].day) {
                continue;
            }
            dead[b] = (0..n).any(|a| {
                a != b
                    && !dead[a]
                    && plan.classes[a].day == plan.classes[b].day
                    && dominates(a, b)
                    && (a < b || !dominates(b, a))
            });
        }
        let gone = dead.iter().filter(|&&d| d).count();
        if gone == 0 {
            continue;
        }
        dropped += gone;
        let mut new_index = vec![usize::MAX; n];
        let mut classes = Vec::with_capacity(n - gone);
        for (k, class) in std::mem::take(&mut plan.classes).into_iter().enumerate() {
            if !dead[k] {
                new_index[k] = classes.len();
                classes.push(Class {
                    members: Vec::new(),
                    ..class
                });
            }
        }
        let mut cands = Vec::with_capacity(plan.cands.len());
        for mut cand in std::mem::take(&mut plan.cands) {
            let k = new_index[cand.class];
            if k != usize::MAX {
                cand.class = k;
                classes[k].members.push(cands.len());
                cands.push(cand);
            }
        }
        plan.classes = classes;
        plan.cands = cands;
    }
    dropped
}
