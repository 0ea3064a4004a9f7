//! Property tests on random small rotas (proptest): every schedule passes the independent
//! rules, pieces add up to their shifts, `check` accepts what was written, and two runs give the
//! same bytes. Dates are drawn around both clock changes; most cases have individual slots as
//! well as group meetings, and every case has some engagement already in the rota (some of it
//! on rest days).

use proptest::prelude::*;
use rota_engage::domain::Kind;
use rota_engage::generate::{generate, Spec};
use rota_engage::io::inputs::{load, Source, Sources};
use rota_engage::{report, rules, solver};

fn sources(spec: &Spec, min_fraction: f64, step: u32) -> Sources {
    let f = generate(spec);
    let policy = f
        .policy
        .replace(
            "min_fraction = 0.5",
            &format!("min_fraction = {min_fraction}"),
        )
        .replace(
            "rest_after_night_hours = 46",
            &format!(
                "rest_after_night_hours = 46\nstart_step_minutes = {step}\nslot_step_minutes = {}",
                step * 2
            ),
        );
    // Engagement the rota already has, as e-rostering lists it: a teaching hour on top of
    // one standard day in seven (a shift code of kind `engagement`), and on one rest day in
    // eleven (unpaid: the rota's own finding, which a schedule keeps and must not count).
    let shifts = f.shifts + "ENG,13:00,14:00,engagement,Departmental teaching\n";
    let mut rota = String::new();
    for (i, line) in f.rota.lines().enumerate() {
        rota.push_str(line);
        rota.push('\n');
        let n = (i as u64).wrapping_add(spec.seed);
        let day = match (line.strip_suffix(",SD"), line.strip_suffix(",OFF")) {
            (Some(day), _) if n % 7 == 0 => day,
            (_, Some(day)) if n % 11 == 0 => day,
            _ => continue,
        };
        rota.push_str(day);
        rota.push_str(",ENG\n");
    }
    let s = |name: &str, text: String| {
        Some(Source {
            name: name.into(),
            bytes: text.into_bytes(),
        })
    };
    Sources {
        rota: s("rota.csv", rota),
        shifts: s("shifts.csv", shifts),
        meetings: s("meetings.csv", f.meetings),
        cover: s("cover.csv", f.cover),
        policy: s("policy.toml", policy),
        tz: None,
        rota_options: rota_engage::io::import::RotaOptions::default(),
    }
}

/// The solver's options for these tests: one thread, `time_limit`, split by window.
fn one_thread(policy: &rota_engage::domain::policy::Policy, time_limit: f64) -> solver::Options {
    solver::Options {
        time_limit,
        gap: 1e-4,
        threads: 1,
        max_minutes_per_shift: policy.max_minutes_per_shift,
        live: false,
        live_dir: None,
        highs_log: None,
        split_windows: Some(true),
        keep: None,
        stopped: Default::default(),
        tuning: Default::default(),
    }
}

/// What one run gave: the adjusted rota's bytes, broken rules (the independent rules on the
/// schedule, and `check` on `adjusted_rota.csv` read back), the change in working minutes, and
/// whether a time limit cut the solve short (then two runs may differ).
fn run(src: &Sources) -> (Vec<u8>, Vec<String>, i64, bool) {
    let (inputs, _) = load(src).expect("generated input is valid");
    let opts = one_thread(&inputs.policy, 20.0);
    let sched = solver::schedule(
        &inputs.rota,
        &inputs.meetings,
        &inputs.cover,
        &inputs.policy,
        &opts,
    );
    assert!(sched.status.has_schedule(), "{:?}", sched.status);
    let out = report::outcome(&inputs.rota, &inputs.meetings, &inputs.policy, &sched);
    // What the schedule breaks (engagement rostered on top of a shift in the input may
    // already leave a pool short: that is the rota's).
    let mut broken: Vec<String> =
        rules::check_schedule(&inputs.rota, &out.adjusted, &inputs.cover, &inputs.policy)
            .iter()
            .map(|v| format!("{}: {}", v.rule, v.detail))
            .collect();
    let bytes = report::files::adjusted_rota(&out.adjusted);
    broken.extend(check_accepts(src, &inputs, &out, bytes.clone()));
    // Pieces add up: total minutes of working rows per doctor are unchanged by cutting.
    let total = |r: &rota_engage::domain::Rota| -> i64 {
        r.shifts
            .iter()
            .filter(|s| s.kind.is_working() && !(s.kind == Kind::Engagement && s.within.is_none()))
            .map(|s| s.minutes())
            .sum()
    };
    let diff = total(&out.adjusted) - total(&inputs.rota);
    // Engagement only inside allowed shift time: every engagement row the schedule placed
    // (the rota's own have no occurrence) sits in an allowed kind.
    for s in out
        .adjusted
        .shifts
        .iter()
        .filter(|s| s.kind == Kind::Engagement && s.occurrence_id.is_some())
    {
        assert!(
            s.within.is_some_and(|k| inputs.policy.allows(k)),
            "engagement outside an allowed shift"
        );
    }
    // Stopped by the time limit, or some solve on the way by its share of it (the whole may
    // still end within the gap, with another of the schedules there).
    let timed_out = sched.status == solver::Status::TimeLimit || sched.stopped_by_time;
    (bytes, broken, diff, timed_out)
}

/// A finding by rule, doctor, time and figure (not its words), to compare two rotas' findings.
fn key(r: &rota_engage::domain::Rota, v: &rules::Violation) -> String {
    let doctor = v.doctor.map_or("", |d| r.doctors[d.ix()].id.as_str());
    format!("{} {doctor} {} {} {:?}", v.rule, v.start, v.end, v.figure)
}

/// `check` accepts what `schedule` wrote: `adjusted_rota.csv` read back with the same files
/// has no engagement out of place, unpaid or breaking cover that the input did not already
/// have; exactly the doctors
/// `compliance.csv` says missed their target are short over the period; and the working-time
/// findings are those of the input rota (cutting engagement out of a shift changes no hours).
fn check_accepts(
    src: &Sources,
    inputs: &rota_engage::io::inputs::Inputs,
    out: &report::Outcome,
    adjusted_csv: Vec<u8>,
) -> Vec<String> {
    let mut back_src = src.clone();
    back_src.rota = Some(Source {
        name: "adjusted_rota.csv".into(),
        bytes: adjusted_csv,
    });
    let back = match load(&back_src) {
        Ok((back, _)) => back,
        Err(d) => return vec![format!("adjusted_rota.csv does not read back: {d:?}")],
    };
    let found = rules::check_all(&back.rota, &back.cover, &back.policy, Some(&back.meetings));
    let hard = |v: &&rules::Violation| matches!(v.rule, "p2_placement" | "p2_unpaid" | "cover");
    let before: Vec<String> = rules::check_all(&inputs.rota, &inputs.cover, &inputs.policy, None)
        .iter()
        .filter(hard)
        .map(|v| key(&inputs.rota, v))
        .collect();
    let id = |r: &rota_engage::domain::Rota, d: Option<rota_engage::domain::DoctorIdx>| {
        d.map_or(String::new(), |d| r.doctors[d.ix()].id.clone())
    };
    let mut broken: Vec<String> = found
        .iter()
        .filter(hard)
        .filter(|v| !before.contains(&key(&back.rota, v)))
        .map(|v| format!("check on the output: {}: {}", key(&back.rota, v), v.detail))
        .collect();
    // At target means every window at target: `check`'s p2_target findings (a window, or the
    // period when the target has one window), `compliance.csv`, the summary and the report
    // agree on every doctor (the contract's Definitions).
    let mut short_windows: std::collections::BTreeMap<String, usize> = Default::default();
    for v in found.iter().filter(|v| v.rule == "p2_target") {
        let whole = v.detail.ends_with("over the rota period");
        let windows = out
            .compliance
            .iter()
            .find(|c| inputs.rota.doctors[c.doctor].id == id(&back.rota, v.doctor))
            .map_or(0, |c| c.windows);
        // With one window the period finding is that window's; with several, the windows'.
        if whole == (windows <= 1) {
            *short_windows.entry(id(&back.rota, v.doctor)).or_default() += 1;
        }
    }
    let missed: std::collections::BTreeMap<String, usize> = out
        .compliance
        .iter()
        .filter(|c| c.met == "no")
        .map(|c| {
            (
                inputs.rota.doctors[c.doctor].id.clone(),
                c.windows - c.windows_met,
            )
        })
        .collect();
    if short_windows != missed {
        broken.push(format!(
            "check finds {short_windows:?} short (windows), compliance says {missed:?}"
        ));
    }
    let s = &out.summary;
    let engaged = || {
        out.compliance.iter().filter(|c| {
            matches!(
                inputs.rota.doctors[c.doctor].group,
                rota_engage::domain::StaffGroup::Resident | rota_engage::domain::StaffGroup::Sas
            ) && c.target_hours.is_some()
        })
    };
    let windows: usize = engaged().map(|c| c.windows).sum();
    let met: usize = engaged().map(|c| c.windows_met).sum();
    let at: usize = engaged().filter(|c| c.met == "yes").count();
    if (
        s.doctor_windows,
        s.doctor_windows_at_target,
        s.doctors_at_target,
    ) != (windows, met, at)
    {
        broken.push(format!(
            "summary says {} of {} windows, {} doctors; compliance {met} of {windows}, {at}",
            s.doctor_windows_at_target, s.doctor_windows, s.doctors_at_target
        ));
    }
    let report = rota_engage::report::text::summary(&inputs.rota, out);
    let headline = format!(
        "protected time: {met} of {windows} resident and SAS doctor-windows at target; {at} of "
    );
    if !report.contains(&headline) {
        broken.push(format!(
            "the report's headline is not {headline:?}: {report}"
        ));
    }
    let hours = |r: &rota_engage::domain::Rota| -> Vec<String> {
        let mut v: Vec<String> = rules::working_time::check(r, &inputs.policy)
            .iter()
            .map(|v| key(r, v))
            .collect();
        v.sort();
        v
    };
    if hours(&inputs.rota) != hours(&back.rota) {
        broken.push("working-time findings differ between input and output".into());
    }
    broken
}

/// Live progress (each part's HiGHS log read back as it solves) reports every part solved and
/// changes nothing in the schedule.
#[test]
fn live_progress_changes_nothing() {
    let src = sources(&spec(24, 8, 2, 0, false, 4), 0.5, 30);
    let (inputs, _) = load(&src).expect("generated input is valid");
    let solve = |live: bool, seen: &std::sync::Mutex<Vec<solver::Progress>>| {
        let opts = solver::Options {
            time_limit: 30.0,
            gap: 1e-4,
            threads: 2,
            max_minutes_per_shift: inputs.policy.max_minutes_per_shift,
            live,
            live_dir: None,
            highs_log: None,
            split_windows: Some(true),
            keep: None,
            stopped: Default::default(),
            tuning: Default::default(),
        };
        let sched = solver::schedule_with_progress(
            &inputs.rota,
            &inputs.meetings,
            &inputs.cover,
            &inputs.policy,
            &opts,
            &|p| seen.lock().unwrap().push(p),
        );
        assert!(sched.status.has_schedule(), "{:?}", sched.status);
        let out = report::outcome(&inputs.rota, &inputs.meetings, &inputs.policy, &sched);
        (
            report::files::adjusted_rota(&out.adjusted),
            sched.status == solver::Status::TimeLimit || sched.stopped_by_time,
            sched.components,
        )
    };
    let quiet = std::sync::Mutex::default();
    let (plain, cut, parts) = solve(false, &quiet);
    let seen = std::sync::Mutex::default();
    let (live, cut_live, _) = solve(true, &seen);
    assert!(
        cut || cut_live || plain == live,
        "live progress changed the schedule"
    );
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.first(), Some(&solver::Progress::Preparing));
    let solved = |p: &solver::Progress| match *p {
        solver::Progress::Solving { done, .. } => done,
        solver::Progress::Preparing => 0,
    };
    assert_eq!(seen.iter().map(solved).max(), Some(parts));
    for p in &seen {
        if let solver::Progress::Solving {
            done,
            parts: n,
            objective,
            bound,
            gap,
            ..
        } = *p
        {
            assert!(done <= n && gap >= 0.0 && objective.is_finite() && bound.is_finite());
        }
    }
}

fn check_case(spec: &Spec, min_fraction: f64, step: u32) -> Result<(), TestCaseError> {
    let src = sources(spec, min_fraction, step);
    let (bytes, broken, diff, cut) = run(&src);
    prop_assert!(broken.is_empty(), "{broken:?}");
    prop_assert_eq!(diff, 0, "pieces must add up to their shifts");
    let (again, _, _, cut_again) = run(&src);
    // The same bytes for the same input, unless the time limit stopped a solve (contract).
    prop_assert!(cut || cut_again || bytes == again, "two runs differ");
    Ok(())
}

fn spec(
    doctors: usize,
    weeks: usize,
    departments: usize,
    offset: i64,
    spring: bool,
    seed: u64,
) -> Spec {
    let base = if spring { "2026-03-09" } else { "2026-10-05" };
    let start = chrono::NaiveDate::parse_from_str(base, "%Y-%m-%d").unwrap()
        + chrono::Duration::days(offset);
    Spec {
        departments,
        doctors,
        weeks,
        start,
        seed,
        trust_wide: departments > 1,
        // Individual QI slots in two cases of three.
        individual: seed % 3 != 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn schedules_keep_the_hard_rules(
        doctors in 4usize..14,
        weeks in 1usize..5,
        departments in 1usize..3,
        offset in 0i64..28,
        spring in any::<bool>(),
        seed in any::<u64>(),
        min_fraction in prop::sample::select(vec![0.3, 0.5, 0.7]),
        step in prop::sample::select(vec![15u32, 30]),
    ) {
        check_case(&spec(doctors, weeks, departments, offset, spring, seed), min_fraction, step)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The long run: `cargo test -- --ignored`.
    #[test]
    #[ignore = "long property run"]
    fn schedules_keep_the_hard_rules_long(
        doctors in 3usize..40,
        weeks in 1usize..9,
        departments in 1usize..4,
        offset in 0i64..28,
        spring in any::<bool>(),
        seed in any::<u64>(),
        min_fraction in prop::sample::select(vec![0.0, 0.3, 0.5, 0.7, 1.0]),
        step in prop::sample::select(vec![5u32, 15, 30, 60]),
    ) {
        check_case(&spec(doctors, weeks, departments, offset, spring, seed), min_fraction, step)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The time model round-trips: every instant of 2026 (to the minute), shown in local time
    /// and read back, is itself — except in the autumn hour that happens twice, where a start
    /// reads back as the earlier instant and an end as the later; every local time in the
    /// spring gap is refused. Minutes are drawn around both changes as well as anywhere.
    #[test]
    fn local_time_round_trips_across_both_changes(
        minute in prop_oneof![
            0i64..525_600,
            // From noon the day before each change to noon of the day itself (UTC).
            (87i64 * 1440 - 720)..(87i64 * 1440 + 720),
            (297i64 * 1440 - 720)..(297i64 * 1440 + 720),
        ],
    ) {
        use rota_engage::domain::time::{local, to_instant, Edge, Resolution};
        let tz = chrono_tz::Europe::London;
        let t = 29_453_760 + minute; // 2026-01-01T00:00Z in minutes since the epoch
        let shown = local(tz, t).naive_local();
        let (s, how) = to_instant(tz, shown, Edge::Start).expect("a shown time exists");
        let (e, _) = to_instant(tz, shown, Edge::End).expect("a shown time exists");
        match how {
            Resolution::Unique => prop_assert!(s == t && e == t),
            Resolution::Ambiguous => {
                prop_assert_eq!(e - s, 60);
                prop_assert!(t == s || t == e);
            }
        }
        // One hour later in local wall time either exists or falls in the spring gap, which
        // is refused rather than moved.
        let later = shown + chrono::Duration::hours(1);
        if let Ok((l, _)) = to_instant(tz, later, Edge::Start) {
            prop_assert!(l > s);
        }
    }
}

/// Doctor-windows at target with window-spanning occurrences split per window and rejoined,
/// and with each department's windows one part from the start (the default).
fn split_against_whole(spec: &Spec, min_fraction: f64) -> Result<(), TestCaseError> {
    let src = sources(spec, min_fraction, 30);
    let (inputs, _) = load(&src).expect("generated input is valid");
    let solve = |split_windows: bool| {
        let opts = solver::Options {
            time_limit: 20.0,
            gap: 0.0,
            threads: 1,
            max_minutes_per_shift: inputs.policy.max_minutes_per_shift,
            live: false,
            live_dir: None,
            highs_log: None,
            split_windows: Some(split_windows),
            keep: None,
            stopped: Default::default(),
            tuning: Default::default(),
        };
        let sched = solver::schedule(
            &inputs.rota,
            &inputs.meetings,
            &inputs.cover,
            &inputs.policy,
            &opts,
        );
        let out = report::outcome(&inputs.rota, &inputs.meetings, &inputs.policy, &sched);
        (sched.status, out.summary.doctor_windows_at_target)
    };
    let (split_status, split) = solve(true);
    let (whole_status, whole) = solve(false);
    // Both proven: the same optimum. The split never claims an optimum it did not reach.
    if split_status == solver::Status::Optimal && whole_status == solver::Status::Optimal {
        prop_assert_eq!(split, whole, "split and whole optima differ");
    }
    if split_status == solver::Status::Optimal {
        prop_assert!(split >= whole, "split {} < whole {}", split, whole);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Splitting window-spanning occurrences loses nothing (issue 19).
    #[test]
    fn splitting_windows_keeps_the_optimum(
        doctors in 4usize..12,
        weeks in 3usize..9,
        offset in 0i64..28,
        seed in any::<u64>(),
        min_fraction in prop::sample::select(vec![0.3, 0.5, 0.7]),
    ) {
        split_against_whole(&spec(doctors, weeks, 1, offset, false, seed), min_fraction)?;
    }
}

/// A re-plan of an unchanged rota against an optimal schedule keeps every occurrence at its
/// time with its attendees, and the changes it reports are none.
fn replan_unchanged(spec: &Spec, min_fraction: f64) -> Result<(), TestCaseError> {
    let src = sources(spec, min_fraction, 30);
    let (inputs, _) = load(&src).expect("generated input is valid");
    let opts = |keep| solver::Options {
        time_limit: 20.0,
        gap: 0.0,
        threads: 1,
        max_minutes_per_shift: inputs.policy.max_minutes_per_shift,
        live: false,
        live_dir: None,
        highs_log: None,
        split_windows: Some(true),
        keep,
        stopped: Default::default(),
        tuning: Default::default(),
    };
    let solve = |o: &solver::Options| {
        solver::schedule(
            &inputs.rota,
            &inputs.meetings,
            &inputs.cover,
            &inputs.policy,
            o,
        )
    };
    let first = solve(&opts(None));
    prop_assume!(first.status == solver::Status::Optimal);
    let rota = &inputs.rota;
    let ids: Vec<(String, Option<i64>, Vec<String>)> = first
        .prep
        .occs
        .iter()
        .zip(&first.placed)
        .map(|(plan, p)| {
            (
                plan.occ.id.clone(),
                p.as_ref().map(|p| p.start),
                p.as_ref().map_or_else(Vec::new, |p| {
                    p.attendees
                        .iter()
                        .map(|a| rota.doctors[a.0.ix()].id.clone())
                        .collect()
                }),
            )
        })
        .collect();
    let keep = solver::replan::Keep::new(
        rota,
        ids.iter()
            .map(|(id, s, who)| (id.as_str(), *s, who.as_slice())),
        None,
        inputs.policy.change_cost,
    );
    let again = solve(&opts(Some(std::sync::Arc::new(keep))));
    prop_assert!(again.status.has_schedule());
    for (i, plan) in again.prep.occs.iter().enumerate() {
        let was = first.placed[i].as_ref().map(|p| (p.start, &p.attendees));
        let now = again.placed[i].as_ref().map(|p| (p.start, &p.attendees));
        prop_assert_eq!(was, now, "{} changed", plan.occ.id);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Re-planning an unchanged rota changes nothing (issue 16).
    #[test]
    fn replanning_an_unchanged_rota_keeps_everything(
        doctors in 4usize..12,
        weeks in 3usize..9,
        offset in 0i64..28,
        seed in any::<u64>(),
        spring in any::<bool>(),
        min_fraction in prop::sample::select(vec![0.3, 0.5, 0.7]),
    ) {
        replan_unchanged(&spec(doctors, weeks, 1, offset, spring, seed), min_fraction)?;
    }
}

/// The solver's context for one part's functions, with 20 s to go.
fn ctx<'a>(
    rota: &'a rota_engage::domain::Rota,
    meetings: &'a [rota_engage::domain::meeting::Meeting],
    prep: &'a solver::candidates::Prepared,
    targets: &'a [Option<solver::DocTarget>],
    opts: &'a solver::Options,
) -> solver::Ctx<'a> {
    solver::Ctx {
        rota,
        meetings,
        prep,
        targets,
        opts,
        deadline: std::time::Instant::now() + std::time::Duration::from_secs(20),
    }
}

/// The greedy start of every part keeps the hard rules on its own: the independent rules find
/// nothing in the schedule it makes (so HiGHS can take it, and a part stopped early has it).
/// With `guide`, the greedy is led by LP values (here made up from the seed: any values, the
/// rules must hold whatever the LP said), as the LP rounding is.
fn greedy_keeps_the_rules(
    spec: &Spec,
    min_fraction: f64,
    guide: Option<u64>,
) -> Result<(), TestCaseError> {
    let src = sources(spec, min_fraction, 30);
    let (inputs, _) = load(&src).expect("generated input is valid");
    let (rota, policy) = (&inputs.rota, &inputs.policy);
    let cover = solver::cover_model(rota, &inputs.cover, policy);
    let prep = solver::candidates::prepare(rota, &inputs.meetings, cover, policy);
    let targets = solver::targets(rota, policy);
    let all: Vec<usize> = (0..prep.occs.len()).collect();
    let lp: Option<std::collections::HashMap<(usize, usize), f64>> = guide.map(|g| {
        let mut y = std::collections::HashMap::new();
        for (o, occ) in prep.occs.iter().enumerate() {
            for k in 0..occ.classes.len() {
                let h = (o as u64 * 31 + k as u64 * 17).wrapping_add(g) % 5;
                y.insert((o, k), h as f64 / 4.0);
            }
        }
        y
    });
    let opts = one_thread(policy, 30.0);
    let cx = solver::Ctx {
        rota,
        meetings: &inputs.meetings,
        prep: &prep,
        targets: &targets,
        opts: &opts,
        deadline: std::time::Instant::now(),
    };
    let start = solver::greedy::start_from(&cx, &all, lp.as_ref());
    let mut placed = vec![None; prep.occs.len()];
    for solver::Choice {
        occurrence: o,
        candidate: c,
        attendees: who,
    } in start
    {
        let cand = &prep.occs[o].cands[c];
        placed[o] = Some(solver::Placed {
            start: cand.start,
            end: cand.end,
            attendees: who,
        });
    }
    let n = prep.occs.len();
    let sched = solver::Schedule {
        prep,
        placed,
        status: solver::Status::TimeLimit,
        gap: 0.0,
        seconds: 0.0,
        components: 1,
        tz: rota.tz,
        unsolved: vec![false; n],
        pinned: 0,
        stopped_by_time: false,
    };
    prop_assert!(
        sched.placed.iter().any(Option::is_some),
        "the greedy placed nothing"
    );
    let out = report::outcome(rota, &inputs.meetings, policy, &sched);
    let broken: Vec<String> = rules::check_schedule(rota, &out.adjusted, &inputs.cover, policy)
        .iter()
        .map(|v| format!("{}: {}", v.rule, v.detail))
        .collect();
    prop_assert!(broken.is_empty(), "{:?}", broken);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The greedy start, plain or led by an LP, keeps the hard rules (issue 15).
    #[test]
    fn the_greedy_start_keeps_the_hard_rules(
        doctors in 4usize..16,
        weeks in 2usize..9,
        offset in 0i64..28,
        seed in any::<u64>(),
        spring in any::<bool>(),
        departments in 1usize..3,
        min_fraction in prop::sample::select(vec![0.0, 0.3, 0.5, 0.7]),
        guide in prop::option::of(any::<u64>()),
    ) {
        greedy_keeps_the_rules(
            &spec(doctors, weeks, departments, offset, spring, seed),
            min_fraction,
            guide,
        )?;
    }
}

/// `model::value` is the model's objective: on HiGHS's schedule it gives HiGHS's value (also
/// with a re-plan's change terms), and on the greedy schedule no more than the optimum. The
/// gap of a schedule changed after its solve rests on it. And dropping dominated classes
/// keeps the optimum (issue 15).
fn value_is_the_objective(spec: &Spec, min_fraction: f64) -> Result<(), TestCaseError> {
    let src = sources(spec, min_fraction, 30);
    let (inputs, _) = load(&src).expect("generated input is valid");
    let (rota, policy, meetings) = (&inputs.rota, &inputs.policy, &inputs.meetings);
    let cover = solver::cover_model(rota, &inputs.cover, policy);
    let mut prep = solver::candidates::prepare(rota, meetings, cover, policy);
    solver::candidates::drop_dominated(&mut prep);
    let targets = solver::targets(rota, policy);
    let all: Vec<usize> = (0..prep.occs.len())
        .filter(|&o| !prep.occs[o].classes.is_empty())
        .collect();
    let mut opts = solver::Options {
        time_limit: 20.0,
        gap: 0.0,
        threads: 1,
        max_minutes_per_shift: policy.max_minutes_per_shift,
        live: false,
        live_dir: None,
        highs_log: None,
        split_windows: Some(false),
        keep: None,
        stopped: Default::default(),
        tuning: Default::default(),
    };
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0);
    let targets = &targets;
    let solve = |prep: &solver::candidates::Prepared, opts: &solver::Options| {
        solver::model::solve(&ctx(rota, meetings, prep, targets, opts), &all, &[], None)
    };
    let solved = solve(&prep, &opts);
    prop_assume!(solved.status == solver::Status::Optimal);
    // Dropping dominated classes loses nothing: the same optimum with every class.
    let cover = solver::cover_model(rota, &inputs.cover, policy);
    let every = solver::candidates::prepare(rota, meetings, cover, policy);
    let unpruned = solve(&every, &opts);
    if unpruned.status == solver::Status::Optimal {
        prop_assert!(
            close(unpruned.objective, solved.objective),
            "dominated classes dropped: {} against {} with every class",
            solved.objective,
            unpruned.objective
        );
    }
    let v = solver::model::value(
        &ctx(rota, meetings, &prep, targets, &opts),
        &all,
        &solved.placed,
    );
    prop_assert!(
        close(v, solved.objective),
        "value {} against HiGHS's {}",
        v,
        solved.objective
    );
    let greedy = solver::greedy::start(&ctx(rota, meetings, &prep, targets, &opts), &all);
    let g = solver::model::value(&ctx(rota, meetings, &prep, targets, &opts), &all, &greedy);
    prop_assert!(g <= solved.objective + 1e-6 * solved.objective.abs().max(1.0));
    // A re-plan against the schedule with half its attendees gone: its change terms count.
    let ids: Vec<(String, Option<i64>, Vec<String>)> = solved
        .placed
        .iter()
        .map(|p| {
            let plan = &prep.occs[p.occurrence];
            let kept = p.attendees.iter().step_by(2);
            (
                plan.occ.id.clone(),
                Some(plan.cands[p.candidate].start),
                kept.map(|a| rota.doctors[a.0.ix()].id.clone()).collect(),
            )
        })
        .collect();
    let keep = solver::replan::Keep::new(
        rota,
        ids.iter()
            .map(|(id, s, who)| (id.as_str(), *s, who.as_slice())),
        None,
        policy.change_cost,
    );
    let cover = solver::cover_model(rota, &inputs.cover, policy);
    let mut again = solver::candidates::prepare(rota, meetings, cover, policy);
    solver::replan::apply(rota, meetings, &mut again, &keep);
    opts.keep = Some(std::sync::Arc::new(keep));
    let resolved = solve(&again, &opts);
    prop_assume!(resolved.status == solver::Status::Optimal);
    let v = solver::model::value(
        &ctx(rota, meetings, &again, targets, &opts),
        &all,
        &resolved.placed,
    );
    prop_assert!(
        close(v, resolved.objective),
        "re-plan: value {} against HiGHS's {}",
        v,
        resolved.objective
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// The objective a schedule is valued at outside HiGHS is HiGHS's (issue 15).
    #[test]
    fn a_schedule_is_valued_as_the_model_values_it(
        doctors in 4usize..14,
        weeks in 2usize..9,
        offset in 0i64..28,
        seed in any::<u64>(),
        spring in any::<bool>(),
        departments in 1usize..3,
        min_fraction in prop::sample::select(vec![0.0, 0.3, 0.7]),
    ) {
        value_is_the_objective(
            &spec(doctors, weeks, departments, offset, spring, seed),
            min_fraction,
        )?;
    }
}

/// A solve stopped by time on the way is noted, so that the same-bytes checks above know
/// when two runs may differ; a small department with time to spare has no such stop.
#[test]
fn solves_stopped_by_time_are_noted() {
    let src = sources(&spec(8, 2, 1, 0, false, 7), 0.5, 30);
    let (inputs, _) = load(&src).expect("generated input is valid");
    let solve = |time_limit: f64, noted: bool| {
        let opts = solver::Options {
            split_windows: None,
            stopped: std::sync::Arc::new(std::sync::atomic::AtomicBool::new(noted)),
            tuning: Default::default(),
            ..one_thread(&inputs.policy, time_limit)
        };
        solver::schedule(
            &inputs.rota,
            &inputs.meetings,
            &inputs.cover,
            &inputs.policy,
            &opts,
        )
    };
    // Too short a share for the LP start, whatever the machine.
    assert!(solve(0.001, false).stopped_by_time);
    let ample = solve(30.0, false);
    assert_eq!(ample.status, solver::Status::Optimal);
    assert!(!ample.stopped_by_time);
    // Each run has its own note: one the options came with does not carry over.
    assert!(!solve(30.0, true).stopped_by_time);
}
