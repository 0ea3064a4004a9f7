//! `rota-engage serve`: the web page on this computer ([`crate::serve`]).

use std::io::Write;

use clap::Args;

use super::{say, ExitStatus};

/// `serve`'s arguments.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The port on 127.0.0.1 (0: any free one).
    #[arg(long, value_name = "P", default_value_t = 8765)]
    port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
    /// The largest upload taken at once, in megabytes.
    #[arg(long, value_name = "MB", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=2048))]
    max_upload_mb: u32,
    /// Parts solved at once for each schedule (default: the machine's cores).
    #[arg(long, value_name = "N")]
    threads: Option<std::num::NonZeroUsize>,
}

/// Runs `serve` until Ctrl-C.
pub(crate) fn run(args: &ServeArgs, out: &mut dyn Write) -> ExitStatus {
    let cfg = crate::serve::Config {
        port: args.port,
        max_upload: usize::try_from(args.max_upload_mb).unwrap_or(50) * 1024 * 1024,
        threads: args.threads.map(std::num::NonZeroUsize::get),
    };
    let served = crate::serve::run(&cfg, |url, dir| {
        say(
            out,
            &format!(
                "rota-engage serve: open {url} in your browser (this computer only; Ctrl-C stops it)\nfiles are kept in {} while it runs, and deleted when it stops\n",
                dir.display()
            ),
        );
        let _ = out.flush();
        if args.open {
            open(url);
        }
    });
    match served {
        Ok(()) => {
            say(out, "stopped; every workspace deleted\n");
            ExitStatus::Ok
        }
        Err(e) => {
            eprintln!(
                "error: cannot serve on 127.0.0.1:{}: {e} (try another --port)",
                args.port
            );
            ExitStatus::BadInput
        }
    }
}

/// Opens `url` in the default browser; a failure is only a warning.
fn open(url: &str) {
    let tried = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = tried {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}
