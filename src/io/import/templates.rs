//! A rota template expanded into its doctors' days: by its assignment table, the rolling rule,
//! or each line as a doctor for `check` to audit.

use super::*;

/// A template expanded: by its assignment table, the rolling rule, or each line as a doctor
/// (`line 1`, …) over two cycles for the audit, which `report.audit` then describes.
pub(super) fn template_form(
    ctx: Ctx<'_>,
    t: &Template,
    report: &mut Report,
    builder: &mut Builder<'_>,
    diags: &mut Diagnostics,
) -> bool {
    let Ctx {
        sheet, lf, opts, ..
    } = ctx;
    let keys = lf.template.clone().unwrap_or_default();
    let rotation = template::find_rotation(sheet, t, &keys);
    // The first day: `first_monday` in the layout file, else a date under the header.
    let until = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).year() + 1;
    let from = match (keys.first_monday, t.first_day(lf.year, until)) {
        (Some(d), _) => Some(d),
        (None, None) => None,
        (None, Some(Ok((d, how)))) => {
            let (r, c) = t.start.map_or((0, 0), |s| s.0);
            report.notes.push(format!(
                "{}: the rota starts {d} ({how})",
                sheet.cell_ref(r, c)
            ));
            Some(d)
        }
        (None, Some(Err(p))) => {
            let at =
                p.at.map_or_else(|| sheet.title(), |(r, c)| sheet.place(r, c));
            diags.error(&at, None, None, p.message);
            return false;
        }
    };
    let first_monday = keys.first_monday.or_else(|| {
        from.map(|d| d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday())))
    });
    let days = match template::expand(t, &rotation, first_monday, from) {
        Ok(d) => d,
        Err(problems) => {
            for p in problems {
                let at =
                    p.at.map_or_else(|| sheet.title(), |(r, c)| sheet.place(r, c));
                diags.error(&at, None, None, p.message);
            }
            return false;
        }
    };
    let department = department_of(sheet, lf, opts);
    report.department = department.clone();
    let first = t.lines.first().map_or(0, |l| l.row);
    let last = t
        .lines
        .last()
        .map_or(0, |l| l.rows.last().copied().unwrap_or(l.row));
    let (c0, c1) = t.lines.first().map_or((0, 0), |l| {
        (l.day_cols[0], *l.day_cols.last().unwrap_or(&0))
    });
    let cycle = t.lines.len() * t.weeks_per_line;
    report.orientation = format!(
        "a rota template: {} lines of {} week{} (a cycle of {cycle} weeks)",
        t.lines.len(),
        t.weeks_per_line,
        if t.weeks_per_line == 1 { "" } else { "s" }
    );
    report.ranges.push((
        "lines".into(),
        format!("{}:{}", sheet::a1(first, c0), sheet::a1(last, c1)),
    ));
    for l in &t.lines {
        let who = l
            .doctor
            .as_ref()
            .map_or_else(String::new, |(d, _)| format!(" starts {d:?}"));
        report.template.push(format!(
            "line {:<6} {:<24} [{}]{who}",
            l.label,
            l.name,
            sheet.cell_ref(l.row, l.day_cols[0])
        ));
    }
    let grade = opts.grade.clone().or_else(|| lf.grade.clone());
    let mut names: Vec<String> = Vec::new();
    for (name, _, _) in &days {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    match &rotation {
        template::Rotation::Table(rows) => {
            report.ranges.push((
                "assignment".into(),
                format!(
                    "a table of {} doctors by {} weeks",
                    rows.len(),
                    rows.iter().map(|r| r.2.len()).max().unwrap_or(0)
                ),
            ));
        }
        template::Rotation::Rolling(weeks, start) => {
            report.ranges.push((
                "assignment".into(),
                format!("the rolling rule: {} doctors over {weeks} weeks, each a line further down every {} week{}", start.len(), t.weeks_per_line, if t.weeks_per_line == 1 { "" } else { "s" }),
            ));
        }
        template::Rotation::Lines => {
            report.ranges.push((
                "assignment".into(),
                format!("none: each line read as a doctor (line 1, ...) over two cycles from {}, so that check audits the template (its findings are folded back onto the lines, the second cycle only showing what crosses the wrap)", keys.first_monday.map_or_else(String::new, |d| d.to_string())),
            ));
            report.audit = keys
                .first_monday
                .map(|first_monday| crate::domain::template::Audit {
                    first_monday,
                    lines: t.lines.iter().map(|l| l.label.clone()).collect(),
                    weeks_per_line: t.weeks_per_line,
                });
        }
    }
    let mut taken = HashMap::new();
    let mut docs = Vec::new();
    for name in &names {
        let written = match (&rotation, &grade) {
            (_, Some(g)) => g.clone(),
            (template::Rotation::Lines, None) => "resident doctor".to_string(),
            (_, None) => match grade_in_name(name) {
                Some(g) => g,
                None => {
                    diags.error(
                        &sheet.title(),
                        None,
                        None,
                        format!("no grade for {name:?} (expected --grade GRADE, or grade = \"ST3\" in a layout file)"),
                    );
                    return false;
                }
            },
        };
        let (g, fte, _) = layout::split_grade(&written);
        let g = if g.is_empty() { written.clone() } else { g };
        let group = lf
            .group(&written, &g)
            .or_else(|| StaffGroup::from_grade(&g));
        let Some(group) = group else {
            diags.error(
                &sheet.title(),
                None,
                None,
                format!("{written:?} is not a grade the staff group can be inferred from (expected e.g. F2, CMT, ST3, Specialty Doctor, or [groups] in a layout file)"),
            );
            return false;
        };
        let id = make_id(name, &mut taken);
        report.doctors.push(FoundDoctor {
            id: id.clone(),
            name: name.clone(),
            grade: g.clone(),
            group,
            fte: fte.unwrap_or(1.0),
            cell: t
                .lines
                .iter()
                .find_map(|l| l.doctor.as_ref().filter(|(d, _)| d == name))
                .map_or_else(String::new, |(_, (r, c))| sheet.cell_ref(*r, *c)),
        });
        docs.push(Doc {
            seats: Vec::new(),
            written: name.clone(),
            id,
            name: name.clone(),
            grade: g,
            group,
            fte: fte.unwrap_or(1.0),
        });
    }
    let cells: Vec<CellAt> = days
        .iter()
        .filter_map(|(name, date, at)| {
            names
                .iter()
                .position(|n| n == name)
                .map(|k| (k, *date, *at))
        })
        .collect();
    cells_to_rows(ctx, &docs, &cells, &department, report, builder, diags)
}
