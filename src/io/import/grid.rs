//! A grid's doctors and their cells: each seat of each cohort with its grade, then every
//! dated cell of it, to [`super::cells`].

use super::*;

/// The cells of a grid, its names and its grades: not legend.
pub(super) fn grid_cells(sheet: &Sheet, l: &Layout) -> HashSet<(usize, usize)> {
    let view = View {
        sheet,
        across: l.across,
    };
    l.cohorts
        .iter()
        .flat_map(|c| {
            c.doctors.iter().flat_map(move |&(j, _)| {
                l.dates
                    .iter()
                    .map(move |&(i, _)| i)
                    .chain([c.lines_of(j).0])
                    .chain(c.lines_of(j).1)
                    .map(move |i| view.rc(i, j))
            })
        })
        .collect()
}

/// The grid's cells, each as a typed rota row with its cell, into the builder. False when
/// something could not be read (all of it reported).
pub(super) fn long_form(
    ctx: Ctx<'_>,
    l: &Layout,
    report: &mut Report,
    builder: &mut Builder<'_>,
    diags: &mut Diagnostics,
) -> bool {
    let Ctx {
        sheet, lf, opts, ..
    } = ctx;
    let view = View {
        sheet,
        across: l.across,
    };
    let title = sheet.title();
    let department = department_of(sheet, lf, opts);
    report.department = department.clone();
    report.orientation = if l.across {
        "doctors across (one column each), dates down".into()
    } else {
        "doctors down (one row each), dates across".into()
    };
    let rc_of = |i: usize, j: usize| view.rc(i, j);
    let first_j = l.doctors.first().map_or(0, |d| d.0);
    let last_j = l.doctors.last().map_or(0, |d| d.0);
    let span = |i: usize| {
        let (a, b) = (rc_of(i, first_j), rc_of(i, last_j));
        format!("{}:{}", sheet::a1(a.0, a.1), sheet::a1(b.0, b.1))
    };
    report.ranges.push(("names".into(), span(l.names_line)));
    if let Some(g) = l.grades_line {
        report.ranges.push(("grades".into(), span(g)));
    }
    let (d0, d1) = (
        l.dates.first().map_or(0, |d| d.0),
        l.dates.last().map_or(0, |d| d.0),
    );
    let (a, b) = (rc_of(d0, l.dates_cross), rc_of(d1, l.dates_cross));
    report.ranges.push((
        "dates".into(),
        format!(
            "{}:{} ({} dates)",
            sheet::a1(a.0, a.1),
            sheet::a1(b.0, b.1),
            l.dates.len()
        ),
    ));
    report
        .ranges
        .push(("grid".into(), layout::extent(sheet, l)));
    report.notes.extend(l.notes.iter().cloned());
    report.unread += l.unread;
    let mut ok = true;
    for ((r, c), m) in &l.warnings {
        diags.warning(&sheet.place(*r, *c), None, None, m.clone());
        report
            .notes
            .push(format!("{}: {m}", sheet.cell_ref(*r, *c)));
    }
    for ((r, c), m) in &l.errors {
        diags.error(&sheet.place(*r, *c), None, None, m.clone());
        ok = false;
    }
    let default_grade = opts.grade.clone().or_else(|| lf.grade.clone());
    let every_name_has_a_grade = l.doctors.iter().all(|(_, n)| grade_in_name(n).is_some());
    if l.cohorts.iter().all(|c| c.grades_line.is_none())
        && default_grade.is_none()
        && !every_name_has_a_grade
    {
        diags.error(
            &title,
            None,
            None,
            "has no grades beside the names (expected a grade row or column, --grade GRADE, or grades = \"D2:P2\" in a layout file)",
        );
        // What was found is still shown where it was found.
        for c in &l.cohorts {
            let role = if c.names_line == l.names_line {
                Role::Names
            } else {
                Role::Cohort
            };
            for (j, name) in &c.doctors {
                let read = format!("doctor: {name} (no grade found)");
                mark(report, sheet, view.rc(c.lines_of(*j).0, *j), role, read);
            }
        }
        mark_unread(view, l, report);
        return false;
    }
    let mut taken = HashMap::new();
    let mut docs = Vec::new();
    let group_of = |written: &str, grade: &str| lf.group(written, grade);
    let seats = l
        .cohorts
        .iter()
        .flat_map(|c| c.doctors.iter().map(move |d| (c, d)));
    for (cohort, (j, name)) in seats {
        // A doctor named again in a later cohort (half the grid changes, the rest repeats)
        // is the same doctor.
        let (names_line, grades_line) = cohort.lines_of(*j);
        let (r, c) = view.rc(names_line, *j);
        let role = if cohort.names_line == l.names_line {
            Role::Names
        } else {
            Role::Cohort
        };
        if let Some(d) = docs
            .iter_mut()
            .find(|d: &&mut Doc| legend::key(&d.written) == legend::key(name))
        {
            d.seats.push((*j, cohort.lines));
            let read = format!(
                "doctor: {} ({}), named again: the same doctor",
                d.name, d.id
            );
            mark(report, sheet, (r, c), role, read);
            continue;
        }
        let grade_cell = grades_line.map(|g| view.rc(g, *j));
        let written = grade_cell
            .and_then(|(gr, gc)| sheet.text(gr, gc))
            .or_else(|| grade_in_name(name))
            .or_else(|| default_grade.clone());
        let Some(written) = written else {
            let (gr, gc) = grade_cell.unwrap_or((r, c));
            diags.error(
                &sheet.place(gr, gc),
                None,
                None,
                format!("no grade for {name:?} (expected a grade such as F2, CMT, ST3, Specialty Doctor, or --grade)"),
            );
            ok = false;
            continue;
        };
        let (grade, fte, ltft) = layout::split_grade(&written);
        let grade = if grade.is_empty() {
            written.clone()
        } else {
            grade
        };
        let group = group_of(&written, &grade).or_else(|| StaffGroup::from_grade(&grade));
        let Some(group) = group else {
            let at =
                grade_cell.map_or_else(|| "--grade".to_string(), |(gr, gc)| sheet.place(gr, gc));
            diags.error(
                &at,
                None,
                None,
                format!("{written:?} (grade of {name:?}) is not a grade the staff group can be inferred from (expected e.g. F1, F2, CMT, IMT2, ST3, SpR, Clinical Fellow, Specialty Doctor, Specialist, Consultant, or [groups] {written:?} = \"resident\" in a layout file)"),
            );
            ok = false;
            continue;
        };
        let lg = legend::key(&grade);
        if group_of(&written, &grade).is_none()
            && (lg.contains("fellow")
                || lg.contains("trustdoctor")
                || lg == "trustgrade"
                || lg == "led")
        {
            report.notes.push(format!(
                "{name:?}: grade {grade:?} read as resident (locally employed doctors work on resident rotas); if they are SAS, say [groups] {grade:?} = \"sas\" in a layout file"
            ));
        }
        if ltft && fte.is_none() {
            report.notes.push(format!(
                "{name:?}: {written:?} says LTFT without a fraction; fte 1 taken (write e.g. \"{grade} 0.8 LTFT\")"
            ));
        }
        // A grade written with the name is not part of it.
        let name = match grade_in_name(name) {
            Some(g) if grade_cell.is_none() || written == g => name
                .trim_end()
                .strip_suffix(&format!("({g})"))
                .or_else(|| name.trim_end().strip_suffix(&format!("- {g}")))
                .map_or_else(|| name.clone(), |n| n.trim().to_string()),
            _ => name.clone(),
        };
        let written_name = name.clone();
        let name = &name;
        let id = make_id(name, &mut taken);
        docs.push(Doc {
            seats: vec![(*j, cohort.lines)],
            written: written_name,
            id,
            name: name.clone(),
            grade,
            group,
            fte: fte.unwrap_or(1.0),
        });
        if let Some(d) = docs.last() {
            let read = format!("doctor: {} ({})", d.name, d.id);
            mark(report, sheet, (r, c), role, read);
            if let Some(at) = grade_cell {
                let read = format!("grade of {}: {}, {}", d.name, d.grade, d.group.as_str());
                mark(report, sheet, at, Role::Grades, read);
            }
        }
        report.doctors.push(FoundDoctor {
            id: docs.last().map(|d| d.id.clone()).unwrap_or_default(),
            name: name.clone(),
            grade: docs.last().map(|d| d.grade.clone()).unwrap_or_default(),
            group,
            fte: fte.unwrap_or(1.0),
            cell: sheet.cell_ref(r, c),
        });
    }
    let mut shared: Vec<(&String, &usize)> = taken.iter().filter(|(_, n)| **n > 1).collect();
    shared.sort();
    for (base, n) in shared {
        {
            report.notes.push(format!(
                "{n} doctors have names that make the id {base:?}: the later ones are {base}-2, ..."
            ));
        }
    }
    let cells: Vec<CellAt> = docs
        .iter()
        .enumerate()
        .flat_map(|(k, d)| {
            d.seats.iter().flat_map(move |&(j, (lo, hi))| {
                l.dates
                    .iter()
                    .filter(move |&&(i, _)| (lo..=hi).contains(&i))
                    .map(move |&(i, date)| (k, date, view.rc(i, j)))
            })
        })
        .collect();
    // Read the labels even when something else failed, so that every problem is reported
    // at once.
    let read = cells_to_rows(ctx, &docs, &cells, &department, report, builder, diags);
    mark_unread(view, l, report);
    ok && read
}

/// The dates, and the cells on the dated lines that no doctor owns (side tables, placeholder
/// columns, counts: each cross left out has a note saying why).
fn mark_unread(view: View<'_>, l: &Layout, report: &mut Report) {
    let sheet = view.sheet;
    for &(i, date) in &l.dates {
        let read = format!("date: {}", view::day(date));
        mark(report, sheet, view.rc(i, l.dates_cross), Role::Dates, read);
        if let Some(j) = l.day_cross.filter(|&j| view.text(i, j).is_some()) {
            let read = format!("weekday of {}", view::day(date));
            mark(report, sheet, view.rc(i, j), Role::Dates, read);
        }
    }
    let skip: HashSet<usize> = l
        .header_crosses
        .iter()
        .copied()
        .chain([l.dates_cross])
        .chain(l.day_cross)
        .collect();
    let crosses = if l.across {
        sheet.width()
    } else {
        sheet.height()
    };
    for &(i, _) in &l.dates {
        for j in (0..crosses).filter(|j| !skip.contains(j)) {
            if view.text(i, j).is_some() {
                let read =
                    "not read: beside the grid, in no doctor's column or row (the notes say why)"
                        .to_string();
                mark(report, sheet, view.rc(i, j), Role::Unread, read);
            }
        }
    }
}
