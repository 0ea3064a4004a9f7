//! `serve` in a real browser: headless Chromium, driven through WebDriver (chromedriver),
//! uploads the demo department's files, schedules, and finds the figures of `summary.json` on
//! the page; corrects how workbooks like the replicas were read by selecting cells and
//! choosing, and takes the layout file it made to the command line; re-plans. Chromium and
//! ChromeDriver are Debian's (`tools/browser` installs them when missing). Screenshots go to
//! the tests' temporary folder (`CARGO_TARGET_TMPDIR`).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::serve::Server;
use crate::support::{demo, root};

/// chromedriver on a free port, stopped when dropped.
pub(crate) struct Driver(Child, u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn have(cmd: &str) -> bool {
    Command::new(cmd)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

pub(crate) fn driver() -> Driver {
    if !(have("chromium") && have("chromedriver")) {
        let out = Command::new("bash")
            .arg(root().join("tools/browser"))
            .output()
            .expect("bash runs");
        assert!(
            out.status.success() && have("chromedriver"),
            "Chromium and ChromeDriver are needed (Debian packages chromium and chromium-driver), and tools/browser could not install them:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let port = TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not listen"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver(child, port)
}

/// A browser session of that window size.
pub(crate) async fn session(driver: &Driver, width: u32, height: u32) -> fantoccini::Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({ "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", format!("--window-size={width},{height}")] }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.1))
        .await
        .expect("a browser session")
}

/// A runtime for a test's browser session.
pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// Where a test keeps a screenshot: the tests' own temporary folder, wherever the target
/// folder is.
pub(crate) fn screenshot_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// The text of the element with that id.
pub(crate) async fn text(c: &fantoccini::Client, id: &str) -> String {
    c.find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id}: {e}"))
        .text()
        .await
        .unwrap_or_else(|e| panic!("#{id}: {e}"))
}

#[test]
fn a_coordinator_schedules_the_demo_in_a_real_browser() {
    let server = Server::start(&[]);
    let driver = driver();
    let rt = runtime();
    let shown = rt.block_on(async {
        let c = session(&driver, 1280, 1900).await;
        c.goto(&server.url).await.expect("the page");
        for (input, file) in [
            ("rota", "rota.csv"),
            ("shifts", "shifts.csv"),
            ("meetings", "meetings.csv"),
            ("cover", "cover.csv"),
            ("policy", "policy.toml"),
        ] {
            c.find(Locator::Id(input))
                .await
                .expect(input)
                .send_keys(&demo(file))
                .await
                .expect("a file chosen");
        }
        c.find(Locator::Id("read"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("#upload-status.good"))
            .await
            .expect("the files read");
        let readback = text(&c, "readback-summary").await;
        let doctors = text(&c, "doctors-title").await;
        c.find(Locator::Id("schedule"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait()
            .at_most(Duration::from_secs(90))
            .for_element(Locator::Css("#result:not([hidden])"))
            .await
            .expect("a schedule");
        let mut figures = Vec::new();
        for id in ["fig-windows", "fig-doctors", "fig-meetings", "fig-status"] {
            figures.push(text(&c, id).await);
        }
        let downloads = c
            .find_all(Locator::Css("#downloads a"))
            .await
            .unwrap()
            .len();
        // Check: the findings table, filtered by rule.
        c.find(Locator::Id("check"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("#check-count:not(:empty)"))
            .await
            .expect("the findings");
        let count = text(&c, "check-count").await;
        // The figures at the top of the page in the screenshot.
        c.execute(
            "window.scrollTo(0, document.getElementById('schedule-box').offsetTop - 10)",
            vec![],
        )
        .await
        .unwrap();
        let png = c.screenshot().await.expect("a screenshot");
        std::fs::write(screenshot_path("serve-screenshot.png"), png).expect("saved");
        c.close().await.expect("closed");
        (readback, doctors, figures, downloads, count)
    });
    let (readback, doctors, figures, downloads, count) = shown;
    assert!(readback.starts_with("valid: 46 doctors"), "{readback}");
    assert!(
        doctors.starts_with("Doctors (46), 2026-08-05 to 2026-11-03"),
        "{doctors}"
    );
    // The page shows the figures the server wrote.
    let summary = newest_summary(&server);
    assert_eq!(
        figures[0],
        format!(
            "{} of {}",
            summary["doctor_windows_at_target"], summary["doctor_windows"]
        )
    );
    assert_eq!(
        figures[1],
        format!(
            "{} of {}",
            summary["doctors_at_target"], summary["doctors_with_target"]
        )
    );
    assert_eq!(downloads, 7);
    assert!(count.ends_with("findings shown"), "{count}");
}

/// The `summary.json` of the one workspace that scheduled.
fn newest_summary(server: &Server) -> Value {
    let found: Vec<Value> = std::fs::read_dir(&server.dir)
        .expect("the workspaces")
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read(e.path().join("out/summary.json")).ok())
        .map(|b| serde_json::from_slice(&b).expect("json"))
        .collect();
    assert_eq!(found.len(), 1, "one workspace scheduled");
    found.into_iter().next().unwrap_or_default()
}
