//! Who: doctors as a sheet names them — ids made from names, grades written with a name, the
//! department.

use super::*;

/// A doctor of a spreadsheet, with the cross of the grid they were found in.
pub(super) struct Doc {
    /// Where the doctor's cells are: (cross, first and last dated line).
    pub(super) seats: Vec<(usize, (usize, usize))>,
    /// The name as first written.
    pub(super) written: String,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) grade: String,
    pub(super) group: StaffGroup,
    pub(super) fte: f64,
}

/// Doctor ids from names: lower case words joined by `-`, unique in the rota.
pub(super) fn make_id(name: &str, taken: &mut HashMap<String, usize>) -> String {
    let mut base = String::new();
    for w in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !base.is_empty() {
            base.push('-');
        }
        base.extend(w.chars().flat_map(char::to_lowercase));
    }
    if base.is_empty() {
        base = "doctor".into();
    }
    let n = taken.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        base
    } else {
        format!("{base}-{n}")
    }
}

/// A grade written with the name, `Amy Bell (F2)` or `Amy Bell - ST3`.
pub(super) fn grade_in_name(name: &str) -> Option<String> {
    let inner = name
        .rsplit_once('(')
        .and_then(|(_, r)| r.strip_suffix(')'))
        .or_else(|| name.rsplit_once(" - ").map(|(_, r)| r))?
        .trim();
    layout::looks_like_grade(inner).then(|| inner.to_string())
}

/// The department: `--department`, the layout file's, the sheet's name, or the file's.
pub(super) fn department_of(sheet: &Sheet, lf: &LayoutFile, opts: &RotaOptions) -> String {
    opts.department
        .clone()
        .or_else(|| lf.department.clone())
        .or_else(|| sheet.name.clone())
        .unwrap_or_else(|| file_stem(&sheet.file))
}

pub(super) fn file_stem(file: &str) -> String {
    std::path::Path::new(file)
        .file_stem()
        .map_or_else(|| "default".into(), |s| s.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_names_are_stable_and_unique() {
        let mut t = HashMap::new();
        assert_eq!(make_id("Amy Bell", &mut t), "amy-bell");
        assert_eq!(make_id("Dr. Raj  Patel", &mut t), "dr-raj-patel");
        assert_eq!(make_id("amy bell", &mut t), "amy-bell-2");
        assert_eq!(make_id("1 Name 1", &mut t), "1-name-1");
        assert_eq!(make_id("?", &mut t), "doctor");
    }

    #[test]
    fn grades_written_with_names() {
        assert_eq!(grade_in_name("Amy Bell (F2)").as_deref(), Some("F2"));
        assert_eq!(grade_in_name("Raj Patel - ST3").as_deref(), Some("ST3"));
        assert_eq!(
            grade_in_name("Chloe Ward (GP 0.8 LTFT)").as_deref(),
            Some("GP 0.8 LTFT")
        );
        assert_eq!(grade_in_name("Tom (Tommy) Okafor"), None);
        assert_eq!(grade_in_name("Sara Lind"), None);
    }
}
