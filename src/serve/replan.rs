//! Re-planning from the page: the previous run as uploaded — its `outputs.zip`, or its
//! `meetings.csv`, `engagement.ics` and `adjusted_rota.csv` — kept in the workspace's
//! `previous/` folder, and read there by the same code as `schedule --previous DIR`.

use std::collections::HashMap;
use std::io::Read as _;

use super::workspace::Workspace;
use crate::io::inputs::Source;
use crate::io::{atomic, Diagnostics};

/// The upload's fields for the previous run: its zip, or its three files.
pub(super) const FIELDS: [&str; 4] = [
    "previous",
    "previous_meetings",
    "previous_calendar",
    "previous_rota",
];

/// Each of the three files: its field and its name in the output folder.
const FILES: [(&str, &str); 3] = [
    ("previous_meetings", "meetings.csv"),
    ("previous_calendar", "engagement.ics"),
    ("previous_rota", "adjusted_rota.csv"),
];

/// Most bytes taken from one file of the zip (a zip that unpacks to far more than it holds
/// is refused, not unpacked).
const MOST: u64 = 256 * 1024 * 1024;

/// Keeps the previous run of an upload in the workspace's `previous/` folder, in place of
/// any earlier one (an upload without one leaves none). Every problem at once.
pub(super) fn keep_previous(
    ws: &Workspace,
    mut given: HashMap<&'static str, Source>,
) -> Result<(), Diagnostics> {
    let dir = ws.previous_dir();
    match std::fs::remove_dir_all(&dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            let mut d = Diagnostics::default();
            d.error("previous", None, None, format!("cannot replace it: {e}"));
            return Err(d);
        }
        _ => {}
    }
    if given.is_empty() {
        return Ok(());
    }
    let files = match given.remove("previous") {
        Some(zip) => unzip(&zip)?,
        None => FILES
            .iter()
            .filter_map(|(field, name)| given.remove(field).map(|s| ((*name).to_string(), s.bytes)))
            .collect(),
    };
    if !files.iter().any(|(n, _)| n == "meetings.csv") {
        let mut d = Diagnostics::default();
        d.error(
            "previous",
            None,
            None,
            "has no meetings.csv (expected the outputs.zip of an earlier run, or its meetings.csv with engagement.ics and adjusted_rota.csv)",
        );
        return Err(d);
    }
    atomic::write_all(&dir, &files).map_err(|e| {
        let mut d = Diagnostics::default();
        d.error("previous", None, None, e.to_string());
        d
    })
}

/// The three files of an earlier run's zip, found by name in any folder of it.
fn unzip(src: &Source) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let bad = |why: String| {
        let mut d = Diagnostics::default();
        d.error(&src.name, None, None, why);
        d
    };
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&src.bytes)).map_err(|e| {
        bad(format!(
            "is not a zip ({e}) (expected the outputs.zip of an earlier run)"
        ))
    })?;
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z
            .by_index(i)
            .map_err(|e| bad(format!("cannot be read ({e})")))?;
        let base = f.name().rsplit(['/', '\\']).next().unwrap_or_default();
        let Some((_, name)) = FILES.iter().find(|(_, n)| *n == base) else {
            continue;
        };
        if out.iter().any(|(n, _): &(String, Vec<u8>)| n == name) {
            return Err(bad(format!(
                "holds {name} twice (expected one earlier run's outputs)"
            )));
        }
        let mut bytes = Vec::new();
        (&mut f)
            .take(MOST + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(format!("{name} cannot be unpacked ({e})")))?;
        if bytes.len() as u64 > MOST {
            return Err(bad(format!("{name} unpacks to more than 256 MB")));
        }
        out.push(((*name).to_string(), bytes));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn zip_of(files: &[(&str, &str)]) -> Source {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (n, t) in files {
            z.start_file(*n, zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(t.as_bytes()).unwrap();
        }
        Source {
            name: "outputs.zip".into(),
            bytes: z.finish().unwrap().into_inner(),
        }
    }

    #[test]
    fn the_three_files_are_found_in_any_folder_and_nothing_else_is_taken() {
        let src = zip_of(&[
            ("out/meetings.csv", "m"),
            ("out/engagement.ics", "e"),
            ("../../adjusted_rota.csv", "r"),
            ("report.html", "x"),
        ]);
        let mut got = unzip(&src).unwrap();
        got.sort();
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["adjusted_rota.csv", "engagement.ics", "meetings.csv"]
        );
    }

    #[test]
    fn not_a_zip_is_said() {
        let d = unzip(&Source {
            name: "outputs.zip".into(),
            bytes: b"not a zip".to_vec(),
        })
        .unwrap_err();
        assert!(
            d.render().contains("outputs.zip: is not a zip"),
            "{}",
            d.render()
        );
    }
}
