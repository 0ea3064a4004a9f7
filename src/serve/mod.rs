//! `rota-engage serve`: the whole job from a web page on the coordinator's own computer.
//!
//! A thin front end over [`crate::pipeline`], as the terminal is: the page uploads the files,
//! shows how they were read, schedules with live progress (server-sent events) and offers every
//! output. Local only: the server listens on 127.0.0.1, answers only requests addressed to
//! `127.0.0.1:PORT` or `localhost:PORT` ([`guard`]), sends no CORS headers, loads nothing from
//! elsewhere (the page's files are in the binary) and tells nobody anything. Each browser tab
//! works in a private workspace of its own ([`workspace`]), deleted when the tab clears it or
//! the server stops. tokio and axum are used here and nowhere else.

mod api;
mod guard;
mod page;
mod replan;
mod sheet;
mod workspace;

use std::net::Ipv4Addr;
use std::path::Path;
use std::sync::Arc;

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// The port on 127.0.0.1 (0: any free one).
    pub port: u16,
    /// The largest upload taken, in bytes.
    pub max_upload: usize,
    /// Parts solved at once for each schedule (`None`: the machine's cores).
    pub threads: Option<usize>,
}

/// What every request sees.
#[derive(Debug)]
pub(crate) struct App {
    /// The port listened on, for the `Host` check.
    port: u16,
    /// The largest upload, in bytes.
    max_upload: usize,
    /// Solver threads per schedule.
    threads: Option<usize>,
    /// The browser tabs' workspaces.
    workspaces: workspace::Workspaces,
}

/// Serves until Ctrl-C (or SIGTERM), then deletes every workspace. `ready` is told the page's
/// address and the folder the workspaces are in, once the server listens.
///
/// # Errors
/// The port cannot be listened on, or the workspaces' folder cannot be made.
pub fn run(cfg: &Config, ready: impl FnOnce(&str, &Path)) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let root = tempfile::Builder::new()
        .prefix("rota-engage-serve-")
        .tempdir()?;
    let mut workspaces = None;
    let served = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, cfg.port)).await?;
        let port = listener.local_addr()?.port();
        let app = Arc::new(App {
            port,
            max_upload: cfg.max_upload,
            threads: cfg.threads,
            workspaces: workspace::Workspaces::new(root.path().to_path_buf()),
        });
        workspaces = Some(Arc::clone(&app));
        ready(&format!("http://127.0.0.1:{port}/"), root.path());
        // Not a graceful shutdown: a page following a schedule keeps its event stream open,
        // and Ctrl-C must not wait for it.
        let serving = std::future::IntoFuture::into_future(axum::serve(listener, api::router(app)));
        tokio::select! {
            served = serving => served,
            () = stopped() => Ok(()),
        }
    });
    // A schedule still solving is not waited for, and writes nothing: its workspace goes with
    // the rest.
    if let Some(app) = workspaces {
        app.workspaces.clear_all();
    }
    rt.shutdown_background();
    let removed = root.close();
    served.and(removed)
}

/// Resolves at Ctrl-C or SIGTERM.
async fn stopped() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
