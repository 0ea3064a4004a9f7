//! Writing outputs: every file is written to a temporary name in the output folder and
//! renamed into place, so no half-written file is ever left; inputs are never overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why the outputs could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output folder cannot be made or is not a folder.
    #[error("cannot use {path} as the output folder: {reason}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// An output would replace an input.
    #[error("{path} is an input file; refusing to overwrite it (expected an --out folder apart from the inputs)")]
    WouldOverwriteInput {
        /// The file.
        path: PathBuf,
    },
    /// Writing failed.
    #[error("cannot write {path}: {reason}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// Checks the output folder can be used and that no output would replace an input; makes
/// the folder. Call before any output is written.
pub fn prepare(out: &Path, names: &[&str], inputs: &[PathBuf]) -> Result<(), WriteError> {
    if out.exists() && !out.is_dir() {
        return Err(WriteError::Folder {
            path: out.to_path_buf(),
            reason: "it is a file".into(),
        });
    }
    std::fs::create_dir_all(out).map_err(|e| WriteError::Folder {
        path: out.to_path_buf(),
        reason: e.to_string(),
    })?;
    let canon_inputs: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    for n in names {
        let p = out.join(n);
        if let Ok(c) = p.canonicalize() {
            if canon_inputs.contains(&c) {
                return Err(WriteError::WouldOverwriteInput { path: p });
            }
        }
    }
    // A probe file proves the folder is writable before anything real is written.
    tempfile::NamedTempFile::new_in(out).map_err(|e| WriteError::Folder {
        path: out.to_path_buf(),
        reason: format!("it is not writable ({e})"),
    })?;
    Ok(())
}

/// Removes the files with extension `ext` in `out/sub` that are not among `written` (so that
/// what an earlier run left there is not taken for this run's). Nothing else is touched.
pub fn remove_stale(
    out: &Path,
    sub: &str,
    ext: &str,
    written: &[(String, Vec<u8>)],
) -> Result<(), WriteError> {
    let dir = out.join(sub);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = format!("{sub}/{}", entry.file_name().to_string_lossy());
        let ours = path.extension().is_some_and(|e| e == ext) && path.is_file();
        if ours && !written.iter().any(|(n, _)| *n == name) {
            std::fs::remove_file(&path).map_err(|e| WriteError::Io {
                path: path.clone(),
                reason: e.to_string(),
            })?;
        }
    }
    Ok(())
}

/// Writes all files, each atomically.
pub fn write_all(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), WriteError> {
    for (name, bytes) in files {
        let path = out.join(name);
        let io = |e: std::io::Error| WriteError::Io {
            path: path.clone(),
            reason: e.to_string(),
        };
        let dir = path.parent().unwrap_or(out);
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
        tmp.write_all(bytes).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        // Temporary files are private (0600); outputs are ordinary files.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
                .map_err(io)?;
        }
        tmp.persist(&path).map_err(|e| io(e.error))?;
    }
    Ok(())
}
