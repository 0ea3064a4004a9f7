//! The legend of a sheet, earliest source first: the layout file's `[labels]`, `--shifts`, the
//! layout file's `legend` range, legend sheets, legend blocks and lines beside the grid; and a
//! template's times written under its labels.

use super::*;

/// The legend, earliest source first: the layout file's `[labels]`, `--shifts`, the layout
/// file's `legend` range, legend sheets, then legend blocks and lines beside the grid.
pub(super) fn build_legend(
    sheet: &Sheet,
    grid: &HashSet<(usize, usize)>,
    legend_sheets: &[&Sheet],
    lf: &LayoutFile,
    defs: Option<&ShiftDefs>,
    report: &mut Report,
) -> Legend {
    let mut legend = Legend::default();
    for (label, spec) in &lf.labels {
        legend.add(Entry {
            label: label.clone(),
            start: spec.start,
            end: spec.end,
            kind: spec.kind,
            description: String::new(),
            source: format!("layout file {}", lf.file),
            grades: None,
        });
    }
    if let Some(defs) = defs {
        for (_, e) in Legend::from_defs(defs).entries() {
            legend.add(e.clone());
        }
    }
    let mut found = Vec::new();
    if let Some(r) = lf.legend {
        let cells: std::collections::HashSet<(usize, usize)> =
            layout::range_cells(r).into_iter().collect();
        found.extend(legend::scan(sheet, true, &|r, c| !cells.contains(&(r, c))));
    }
    for s in legend_sheets {
        found.extend(legend::scan(s, true, &|_, _| false));
    }
    found.extend(legend::scan(sheet, false, &|r, c| grid.contains(&(r, c))));
    view::mark_legend(report, sheet, &found);
    for e in found {
        report.legend.push(e.clone());
        legend.add(e);
    }
    legend
}

/// A template's labels with their times written under them on the same line (`Stnd Day`
/// over `07:45 – 16:45`) are legend entries, unless the user defined the label. A label
/// written over two different times is an error naming both cells. False on an error.
pub(super) fn times_under_labels(
    sheet: &Sheet,
    t: &Template,
    legend: &mut Legend,
    report: &mut Report,
    diags: &mut Diagnostics,
) -> bool {
    let mut seen: HashMap<String, (String, (usize, usize))> = HashMap::new();
    let mut ok = true;
    for (label, _, times, (r, c)) in t.times_under(sheet) {
        let k = legend::key(&label);
        match seen.get(&k) {
            Some((first, at)) if legend::time_range(first) != legend::time_range(&times) => {
                diags.error(
                    &sheet.place(r, c),
                    None,
                    None,
                    format!(
                        "{label:?} has times {times:?} here but {first:?} at {} (expected one time for a label, or [labels] in a layout file)",
                        sheet.cell_ref(at.0, at.1)
                    ),
                );
                ok = false;
            }
            Some(_) => {}
            None => {
                seen.insert(k, (times.clone(), (r, c)));
                let Some((start, end)) = legend::time_range(&times) else {
                    continue;
                };
                let e = Entry {
                    label,
                    start: Some(start),
                    end: Some(end),
                    kind: None,
                    description: String::new(),
                    source: format!("times under it, {}", sheet.cell_ref(r, c)),
                    grades: None,
                };
                report.legend.push(e.clone());
                legend.add(e);
            }
        }
    }
    ok
}
