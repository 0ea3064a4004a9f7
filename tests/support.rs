//! Running the binary.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run printed and returned.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// The repository's root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `tests/data/`.
pub(crate) fn data(rel: &str) -> String {
    root().join("tests/data").join(rel).display().to_string()
}

/// A file under `data/` (the demo department).
pub(crate) fn demo(rel: &str) -> String {
    root().join("data").join(rel).display().to_string()
}

/// Runs `rota-engage` with `args` in `dir`.
pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with_env(dir, args, &[])
}

/// Runs `rota-engage` with `args` in `dir` and the environment variables `env` set.
pub(crate) fn run_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_rota-engage"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Writes `files` into a fresh temporary folder.
pub(crate) fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    dir
}

/// The names of the files in a folder, sorted.
pub(crate) fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// A rota's doctors and shifts as comparable rows (sorted): what two readings of one rota
/// must agree on.
pub(crate) fn shift_rows(r: &rota_engage::domain::Rota) -> Vec<String> {
    let mut v: Vec<String> = r
        .shifts
        .iter()
        .map(|s| {
            let d = &r.doctors[s.doctor.ix()];
            format!(
                "{} {} {} {} {} {} {} {} {} {} {:?}",
                d.id,
                d.name,
                d.grade,
                d.group,
                d.fte,
                s.date,
                s.start,
                s.end,
                s.timed,
                s.kind,
                s.code
            )
        })
        .collect();
    v.sort();
    v
}
