//! Each browser tab's private workspace: a folder of its own under the server's temporary
//! folder (its inputs in `inputs/`, its outputs in `out/`), the inputs as last read, and where
//! its schedule stands. Named by 128 random bits, which only that tab is told.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use tokio::sync::watch;

use crate::io::Sources;

/// Where a workspace's schedule stands; sent to the page as server-sent events.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub(crate) enum Job {
    /// Nothing scheduled yet.
    Idle,
    /// Under way.
    Running {
        /// What it is doing, in the terminal's words.
        message: String,
        /// Seconds since it started.
        seconds: f64,
        /// The best schedule's objective and the bound, once solving.
        best: Option<f64>,
        /// The bound on it.
        bound: Option<f64>,
        /// The relative gap.
        gap: Option<f64>,
    },
    /// Written to `out/`.
    Done {
        /// The summary for people (what `schedule` prints).
        text: String,
        /// `summary.json`.
        summary: serde_json::Value,
        /// The output files, by name.
        files: Vec<String>,
        /// Warnings about the inputs (file, line, column, message).
        warnings: Vec<serde_json::Value>,
        /// A re-plan: `changes.csv` and `updates/` are among the files.
        replan: bool,
    },
    /// Nothing written.
    Failed {
        /// Every problem, as the terminal prints it, one a line.
        errors: Vec<String>,
    },
}

impl Job {
    /// Whether nothing more will follow.
    pub(crate) fn is_final(&self) -> bool {
        matches!(self, Job::Done { .. } | Job::Failed { .. })
    }
}

/// The inputs of a workspace as last uploaded and read.
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    /// The files, named as uploaded.
    pub(crate) sources: Option<Sources>,
    /// Whether they were read without errors.
    pub(crate) readable: bool,
}

/// One tab's workspace.
#[derive(Debug)]
pub(crate) struct Workspace {
    /// Its folder.
    pub(crate) dir: PathBuf,
    /// Its inputs.
    pub(crate) inputs: Mutex<Inputs>,
    /// Its schedule.
    pub(crate) job: watch::Sender<Job>,
    /// Deleted: a schedule still solving writes nothing.
    pub(crate) cleared: std::sync::atomic::AtomicBool,
}

impl Workspace {
    /// The inputs' folder.
    pub(crate) fn inputs_dir(&self) -> PathBuf {
        self.dir.join("inputs")
    }

    /// The outputs' folder.
    pub(crate) fn out_dir(&self) -> PathBuf {
        self.dir.join("out")
    }

    /// The previous run to re-plan from, as uploaded.
    pub(crate) fn previous_dir(&self) -> PathBuf {
        self.dir.join("previous")
    }

    /// Whether an upload gave a previous run.
    pub(crate) fn has_previous(&self) -> bool {
        self.previous_dir().join("meetings.csv").is_file()
    }

    /// The output files of the last schedule, by name.
    pub(crate) fn outputs(&self) -> Vec<String> {
        match &*self.job.borrow() {
            Job::Done { files, .. } => files.clone(),
            _ => Vec::new(),
        }
    }

    /// Whether a schedule is under way.
    pub(crate) fn running(&self) -> bool {
        matches!(&*self.job.borrow(), Job::Running { .. })
    }

    /// Starts a schedule unless one is under way (at once: two clicks start one); whether it
    /// started.
    pub(crate) fn start(&self, first: Job) -> bool {
        self.job.send_if_modified(|j| {
            if matches!(j, Job::Running { .. }) {
                false
            } else {
                *j = first;
                true
            }
        })
    }

    /// The inputs, locked (a panic elsewhere leaves them as they were).
    pub(crate) fn lock_inputs(&self) -> std::sync::MutexGuard<'_, Inputs> {
        self.inputs.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Every workspace, by name.
#[derive(Debug)]
pub(crate) struct Workspaces {
    root: PathBuf,
    by_id: Mutex<HashMap<String, Arc<Workspace>>>,
}

impl Workspaces {
    /// None yet, under `root`.
    pub(crate) fn new(root: PathBuf) -> Self {
        Self {
            root,
            by_id: Mutex::default(),
        }
    }

    /// The folder they are in.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// A new workspace and its name.
    pub(crate) fn create(&self) -> std::io::Result<(String, Arc<Workspace>)> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
        let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let dir = self.root.join(&id);
        std::fs::create_dir(&dir)?;
        let ws = Arc::new(Workspace {
            dir,
            inputs: Mutex::default(),
            job: watch::Sender::new(Job::Idle),
            cleared: std::sync::atomic::AtomicBool::new(false),
        });
        self.map().insert(id.clone(), Arc::clone(&ws));
        Ok((id, ws))
    }

    /// The workspace of that name.
    pub(crate) fn get(&self, id: &str) -> Option<Arc<Workspace>> {
        self.map().get(id).cloned()
    }

    /// Deletes the workspace and its folder; whether there was one.
    pub(crate) fn remove(&self, id: &str) -> std::io::Result<bool> {
        let Some(ws) = self.map().remove(id) else {
            return Ok(false);
        };
        ws.cleared.store(true, std::sync::atomic::Ordering::SeqCst);
        match std::fs::remove_dir_all(&ws.dir) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
            Err(e) => Err(e),
        }
    }

    /// Marks every workspace deleted (the server is stopping; its folder goes next).
    pub(crate) fn clear_all(&self) {
        for ws in self.map().drain().map(|(_, ws)| ws) {
            ws.cleared.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Workspace>>> {
        self.by_id.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspaces_are_private_folders_removed_with_them() {
        let root = tempfile::tempdir().unwrap();
        let all = Workspaces::new(root.path().to_path_buf());
        let (a, wa) = all.create().unwrap();
        let (b, wb) = all.create().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(wa.dir.is_dir() && wb.dir.is_dir());
        assert_ne!(wa.dir, wb.dir);
        assert!(all.remove(&a).unwrap());
        assert!(!wa.dir.exists());
        assert!(all.get(&a).is_none());
        assert!(!all.remove(&a).unwrap());
        assert!(all.get(&b).is_some() && wb.dir.is_dir());
    }
}
