//! `serve`: the real server over HTTP — the page and its guard, upload and read-back, schedule
//! with progress, downloads, check, bad files, an oversized upload, two tabs at once, and the
//! workspaces deleted.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::support::{data, demo, folder, run_in};

/// A server on a free port, stopped (SIGTERM) when dropped.
pub(crate) struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`.
    pub(crate) url: String,
    /// The folder its workspaces are in.
    pub(crate) dir: PathBuf,
    agent: ureq::Agent,
}

impl Server {
    pub(crate) fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rota-engage"))
            .args(["serve", "--port", "0", "--threads", "1"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary runs");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let (mut first, mut second) = (String::new(), String::new());
        out.read_line(&mut first).expect("the address");
        out.read_line(&mut second).expect("the folder");
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("an address")
            .to_string();
        let dir = second
            .split_whitespace()
            .find(|w| w.starts_with('/'))
            .map(PathBuf::from)
            .expect("a folder");
        // The rest of stdout (the closing line) is read by nobody: keep the pipe open.
        std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = out.read_to_string(&mut rest);
        });
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Server {
            child,
            url,
            dir,
            agent,
        }
    }

    pub(crate) fn port(&self) -> u16 {
        self.url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port")
    }

    pub(crate) fn get(&self, path: &str) -> (u16, Vec<u8>, ureq::http::HeaderMap) {
        let mut res = self
            .agent
            .get(format!("{}{path}", self.url))
            .call()
            .expect("the server answers");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .expect("a body");
        (status, body, headers)
    }

    pub(crate) fn get_json(&self, path: &str) -> (u16, Value) {
        let (status, body, _) = self.get(path);
        (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }

    pub(crate) fn send(&self, method: &str, path: &str, ct: &str, body: &[u8]) -> (u16, Value) {
        let url = format!("{}{path}", self.url);
        let req = match method {
            "POST" => self.agent.post(&url),
            "PUT" => self.agent.put(&url),
            other => panic!("{other}"),
        };
        let mut res = req
            .header("Content-Type", ct)
            .send(body)
            .expect("the server answers");
        let status = res.status().as_u16();
        let text = res
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub(crate) fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send(
            "POST",
            path,
            "application/json",
            body.to_string().as_bytes(),
        )
    }

    /// A new workspace (a browser tab).
    pub(crate) fn workspace(&self) -> String {
        let (status, v) = self.send("POST", "api/workspaces", "application/json", b"");
        assert_eq!(status, 201, "{v}");
        v["id"].as_str().expect("an id").to_string()
    }

    /// Uploads files (field, file name, bytes) and text fields.
    pub(crate) fn upload(
        &self,
        ws: &str,
        files: &[(&str, &str, Vec<u8>)],
        texts: &[(&str, &str)],
    ) -> (u16, Value) {
        let (ct, body) = multipart(files, texts);
        self.send("POST", &format!("api/workspaces/{ws}/inputs"), &ct, &body)
    }

    /// Schedules and follows the events to the end: every event (name, data).
    pub(crate) fn schedule(&self, ws: &str, time_limit: f64) -> Vec<(String, Value)> {
        let (status, v) = self.post_json(
            &format!("api/workspaces/{ws}/schedule"),
            &serde_json::json!({ "time_limit": time_limit }),
        );
        assert_eq!(status, 202, "{v}");
        let mut res = self
            .agent
            .get(format!("{}api/workspaces/{ws}/events", self.url))
            .call()
            .expect("events");
        assert_eq!(
            res.headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("text/event-stream")
        );
        let reader = BufReader::new(res.body_mut().as_reader());
        let mut events = Vec::new();
        let mut name = String::new();
        for line in reader.lines() {
            let line = line.expect("a line");
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                let v: Value = serde_json::from_str(d).expect("json data");
                let fin = name == "done" || name == "failed";
                events.push((name.clone(), v));
                if fin {
                    break;
                }
            }
        }
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = Command::new("kill")
                .arg(self.child.id().to_string())
                .status();
        }
        let _ = self.child.wait();
    }
}

/// A `multipart/form-data` body, as a browser sends a form.
pub(crate) fn multipart(
    files: &[(&str, &str, Vec<u8>)],
    texts: &[(&str, &str)],
) -> (String, Vec<u8>) {
    let boundary = "----rota-engage-test-boundary-7d9f";
    let mut body = Vec::new();
    for (field, name, bytes) in files {
        let _ = write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    for (field, value) in texts {
        let _ = write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n"
        );
    }
    let _ = write!(body, "--{boundary}--\r\n");
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The demo department's five files, as the page uploads them.
pub(crate) fn demo_files() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    [
        ("rota", "rota.csv"),
        ("shifts", "shifts.csv"),
        ("meetings", "meetings.csv"),
        ("cover", "cover.csv"),
        ("policy", "policy.toml"),
    ]
    .into_iter()
    .map(|(f, n)| (f, n, std::fs::read(demo(n)).expect("demo file")))
    .collect()
}

/// Runs the binary in `dir` with `before`, the demo department's five files as flags, then
/// `after`.
fn run_demo(dir: &std::path::Path, before: &[&str], after: &[&str]) -> crate::support::Run {
    let mut v: Vec<String> = before.iter().map(|s| (*s).to_string()).collect();
    for (flag, file) in [
        ("--rota", "rota.csv"),
        ("--shifts", "shifts.csv"),
        ("--meetings", "meetings.csv"),
        ("--cover", "cover.csv"),
        ("--policy", "policy.toml"),
    ] {
        v.push(flag.into());
        v.push(demo(file));
    }
    v.extend(after.iter().map(|s| (*s).to_string()));
    run_in(dir, &v.iter().map(String::as_str).collect::<Vec<_>>())
}

fn small_files() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    [
        ("rota", "rota.csv"),
        ("shifts", "shifts.csv"),
        ("meetings", "meetings.csv"),
        ("policy", "policy.toml"),
    ]
    .into_iter()
    .map(|(f, n)| {
        (
            f,
            n,
            std::fs::read(data(&format!("small/{n}"))).expect("file"),
        )
    })
    .collect()
}

/// A raw request, for headers a client library sets itself.
fn raw(port: u16, request: &str) -> String {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.write_all(request.as_bytes()).expect("write");
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

#[test]
fn the_page_is_local_and_guarded() {
    let s = Server::start(&[]);
    assert!(s.url.starts_with("http://127.0.0.1:"), "{}", s.url);
    let (status, body, headers) = s.get("");
    assert_eq!(status, 200);
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("Read the files"));
    assert!(!page.contains("https://") && !page.contains("http://"));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    assert!(!headers.contains_key("access-control-allow-origin"));
    for asset in ["app.js", "app.css"] {
        let (status, body, _) = s.get(asset);
        assert_eq!(status, 200, "{asset}");
        assert!(!String::from_utf8(body).unwrap().contains("https://"));
    }
    // Listening on the loopback address alone.
    let port = s.port();
    let tcp = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let listening: Vec<&str> = tcp
        .lines()
        .filter(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() > 3 && f[3] == "0A" && f[1].ends_with(&format!(":{port:04X}"))
        })
        .collect();
    assert_eq!(listening.len(), 1, "{listening:?}");
    assert!(listening[0]
        .split_whitespace()
        .nth(1)
        .unwrap()
        .starts_with("0100007F:"));
    // DNS rebinding: a name of another site's pointed at 127.0.0.1.
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "127.0.0.1:1",
    ] {
        let answer = raw(
            port,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert!(answer.starts_with("HTTP/1.1 403"), "{host}: {answer}");
        assert!(
            answer.contains(&format!("http://127.0.0.1:{port}/")),
            "{answer}"
        );
    }
    let ok = raw(
        port,
        &format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    // Another site's page posting here.
    let answer = raw(
        port,
        &format!("POST /api/workspaces HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    );
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(!answer.to_ascii_lowercase().contains("access-control-allow"));
    // A name not known, and a path outside the outputs.
    let (status, v) = s.get_json("api/workspaces/0123/files/summary.json");
    assert_eq!(status, 404);
    assert!(
        v["error"].as_str().unwrap().contains("reload the page"),
        "{v}"
    );
    let ws = s.workspace();
    for path in [
        "../../../etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
        "inputs/rota/rota.csv",
    ] {
        let (status, _) = s.get_json(&format!("api/workspaces/{ws}/files/{path}"));
        assert_eq!(status, 404, "{path}");
    }
}

#[test]
fn upload_read_back_schedule_and_download() {
    let s = Server::start(&[]);
    let ws = s.workspace();
    let (status, read) = s.upload(&ws, &demo_files(), &[]);
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["ok"], true);
    assert_eq!(read["doctors"].as_array().unwrap().len(), 46);
    assert_eq!(read["first"], "2026-08-05");
    assert_eq!(read["last"], "2026-11-03");
    assert_eq!(read["timezone"], "Europe/London");
    assert!(read["text"]
        .as_str()
        .unwrap()
        .starts_with("valid: 46 doctors"));
    let legend = read["legend"].as_array().unwrap();
    assert!(
        legend
            .iter()
            .any(|l| l["label"] == "N" && l["kind"] == "night" && l["times"] == "20:00-08:30"),
        "{legend:?}"
    );
    // The files are kept in the tab's workspace, nowhere else.
    assert!(s.dir.join(&ws).join("inputs/rota/rota.csv").is_file());

    let events = s.schedule(&ws, 60.0);
    let (last, done) = events.last().unwrap();
    assert_eq!(last, "done", "{events:?}");
    assert!(
        events
            .iter()
            .any(|(n, v)| n == "running"
                && v["message"].as_str().unwrap().starts_with("solving: ")),
        "{events:?}"
    );
    let files: Vec<&str> = done["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    for f in [
        "adjusted_rota.csv",
        "meetings.csv",
        "compliance.csv",
        "summary.json",
        "engagement.ics",
        "rota.xlsx",
        "report.html",
    ] {
        assert!(files.contains(&f), "{f}: {files:?}");
    }
    let (status, summary) = s.get_json(&format!("api/workspaces/{ws}/files/summary.json"));
    assert_eq!(status, 200);
    assert_eq!(summary, done["summary"]);
    assert!(done["text"]
        .as_str()
        .unwrap()
        .contains("doctor-windows at target"));

    // The same job as the terminal's: the CLI on the same files reaches the same figures.
    let dir = tempfile::tempdir().unwrap();
    let cli = run_demo(
        dir.path(),
        &["schedule"],
        &["--out", "out", "--threads", "1", "--quiet"],
    );
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    let cli_summary: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/summary.json")).unwrap())
            .unwrap();
    for k in [
        "doctor_windows",
        "doctor_windows_at_target",
        "doctors_with_target",
        "occurrences",
        "occurrences_placed",
    ] {
        assert_eq!(summary[k], cli_summary[k], "{k}");
    }

    // Downloads: each file named for saving, the report shown in the page.
    let (status, body, headers) =
        s.get(&format!("api/workspaces/{ws}/files/meetings.csv?download"));
    assert_eq!(status, 200);
    assert!(
        body.starts_with(b"occurrence_id,"),
        "{}",
        String::from_utf8_lossy(&body[..40])
    );
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"meetings.csv\""
    );
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    let (status, body, headers) = s.get(&format!("api/workspaces/{ws}/files/report.html"));
    assert_eq!(status, 200);
    assert!(body.starts_with(b"<!DOCTYPE html>"));
    assert!(!headers.contains_key("content-disposition"));
    assert!(headers["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'none'"));
    let (_, ics, headers) = s.get(&format!("api/workspaces/{ws}/files/engagement.ics"));
    assert_eq!(headers["content-type"], "text/calendar; charset=utf-8");
    assert!(ics.starts_with(b"BEGIN:VCALENDAR"));

    // All of them as one zip, each file as downloaded one by one.
    let (status, zip, headers) = s.get(&format!("api/workspaces/{ws}/outputs.zip"));
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    assert_eq!(archive.len(), files.len());
    for f in &files {
        let mut inside = Vec::new();
        archive
            .by_name(f)
            .unwrap_or_else(|_| panic!("{f} in the zip"))
            .read_to_end(&mut inside)
            .unwrap();
        let (_, one, _) = s.get(&format!("api/workspaces/{ws}/files/{f}"));
        assert!(inside == one, "{f} differs in the zip");
    }

    // Check on the same files: the CLI's findings.
    let (status, found) = s.post_json(&format!("api/workspaces/{ws}/check"), &Value::Null);
    assert_eq!(status, 200, "{found}");
    let cli = run_demo(dir.path(), &["check"], &["--format", "json"]);
    let cli: Value = serde_json::from_str(&cli.stdout).unwrap();
    assert_eq!(found["findings"], cli["findings"]);
    assert_eq!(found["compliant"], cli["compliant"]);
}

#[test]
fn a_workbook_is_read_back_with_its_legend_and_sheets() {
    let s = Server::start(&[]);
    let ws = s.workspace();
    let ods = std::fs::read(data("workbooks/ae.ods")).unwrap();
    let (status, read) = s.upload(&ws, &[("rota", "ae.ods", ods)], &[("department", "AE")]);
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["doctors"].as_array().unwrap().len(), 3);
    assert_eq!(
        read["doctors"][0]["department"], "AE",
        "{}",
        read["doctors"]
    );
    assert_eq!(read["doctors"][0]["grade"], "F2", "{}", read["doctors"]);
    assert!(read["import"]
        .as_str()
        .unwrap()
        .contains("sheet read: ae.ods!"));
    assert!(!read["legend"].as_array().unwrap().is_empty());
    let warnings = read["diagnostics"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w["severity"] == "warning"
        && w["message"]
            .as_str()
            .unwrap()
            .contains("read as a rota spreadsheet")));
    // A sheet that is not there: the CLI's message.
    let ods = std::fs::read(data("workbooks/ae.ods")).unwrap();
    let (status, read) = s.upload(&ws, &[("rota", "ae.ods", ods)], &[("sheet", "Nope")]);
    assert_eq!(status, 422, "{read}");
    let dir = folder(&[("ae.ods", &std::fs::read(data("workbooks/ae.ods")).unwrap())]);
    let cli = run_in(
        dir.path(),
        &["validate", "--rota", "ae.ods", "--sheet", "Nope"],
    );
    assert_eq!(cli.code, 2);
    let page: Vec<&str> = read["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["text"].as_str().unwrap())
        .collect();
    let terminal: Vec<&str> = cli
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(page, terminal);
}

#[test]
fn bad_files_get_the_terminals_messages_and_the_server_goes_on() {
    let s = Server::start(&[]);
    let ws = s.workspace();
    let rota = b"doctor_id,name,grade,date,shift\nR1,Rhys Ahmed,ST3,2026-13-40,SD\nR2,Ann Bell,XX9,2026-10-19,ZZ\n";
    let mut files = small_files();
    files[0].2 = rota.to_vec();
    let (status, read) = s.upload(&ws, &files, &[]);
    assert_eq!(status, 422, "{read}");
    assert_eq!(read["ok"], false);
    let page: Vec<String> = read["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["text"].as_str().unwrap().to_string())
        .collect();
    assert!(page.len() >= 2, "every problem at once: {page:?}");
    assert!(
        page.iter()
            .any(|t| t.starts_with("error: rota.csv:2: column 'date'")),
        "{page:?}"
    );
    let dir = folder(&[
        ("rota.csv", rota),
        ("shifts.csv", &files[1].2),
        ("meetings.csv", &files[2].2),
        ("policy.toml", &files[3].2),
    ]);
    let cli = run_in(
        dir.path(),
        &[
            "validate",
            "--rota",
            "rota.csv",
            "--shifts",
            "shifts.csv",
            "--meetings",
            "meetings.csv",
            "--policy",
            "policy.toml",
        ],
    );
    let terminal: Vec<&str> = cli
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(page, terminal);
    // Nothing to schedule from files with errors.
    let (status, v) = s.post_json(
        &format!("api/workspaces/{ws}/schedule"),
        &serde_json::json!({}),
    );
    assert_eq!(status, 409, "{v}");
    assert!(v["error"].as_str().unwrap().contains("correct them"));
    // No rota at all; a time zone that is not one; a field the page never sends.
    let (status, v) = s.upload(&ws, &[], &[("tz", "Mars/Olympus")]);
    assert_eq!(status, 422);
    let texts: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["text"].as_str().unwrap())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("\"Mars/Olympus\" is not a time zone")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("no rota given")),
        "{texts:?}"
    );
    let (status, v) = s.upload(&ws, &[("password", "x", vec![1])], &[]);
    assert_eq!(status, 400);
    assert!(v["error"]
        .as_str()
        .unwrap()
        .contains("unknown field \"password\""));
    // Bytes that are no spreadsheet at all.
    let (status, v) = s.upload(
        &ws,
        &[("rota", "rota.xlsx", b"PK\x03\x04 not a zip".to_vec())],
        &[],
    );
    assert_eq!(status, 422, "{v}");
    // The server goes on: the same tab reads good files and schedules them.
    let (status, read) = s.upload(&ws, &small_files(), &[]);
    assert_eq!(status, 200, "{read}");
    let (status, v) = s.post_json(
        &format!("api/workspaces/{ws}/schedule"),
        &serde_json::json!({ "time_limit": -1 }),
    );
    assert_eq!(status, 400);
    assert!(v["error"].as_str().unwrap().contains("is not a time limit"));
    let events = s.schedule(&ws, 20.0);
    assert_eq!(events.last().unwrap().0, "done", "{events:?}");
}

#[test]
fn an_oversized_upload_is_refused_in_words() {
    let s = Server::start(&["--max-upload-mb", "1"]);
    let ws = s.workspace();
    let big = vec![b'x'; 3 * 1024 * 1024];
    let (status, v) = s.upload(&ws, &[("rota", "rota.csv", big)], &[]);
    assert_eq!(status, 413, "{v}");
    let msg = v["error"].as_str().unwrap();
    assert!(msg.contains("larger than the 1 MB"), "{msg}");
    assert!(msg.contains("--max-upload-mb"), "{msg}");
    // Declared small, sent large (no Content-Length to go by): refused all the same.
    let (ct, body) = multipart(&[("rota", "rota.csv", vec![b'y'; 2 * 1024 * 1024])], &[]);
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", s.port())).unwrap();
    let head = format!(
        "POST /api/workspaces/{ws}/inputs HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: {ct}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        s.port()
    );
    stream.write_all(head.as_bytes()).unwrap();
    for chunk in body.chunks(64 * 1024) {
        if stream
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .and_then(|()| stream.write_all(chunk))
            .and_then(|()| stream.write_all(b"\r\n"))
            .is_err()
        {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("larger than the 1 MB"), "{answer}");
    // And goes on serving.
    let (status, read) = s.upload(&ws, &small_files(), &[]);
    assert_eq!(status, 200, "{read}");
}

#[test]
fn two_tabs_at_once_keep_their_own_files() {
    let s = Server::start(&[]);
    let (a, b) = (s.workspace(), s.workspace());
    assert_ne!(a, b);
    let (status, read_a) = s.upload(&a, &demo_files(), &[]);
    assert_eq!(status, 200);
    let (status, read_b) = s.upload(&b, &small_files(), &[]);
    assert_eq!(status, 200);
    assert_eq!(read_a["doctors"].as_array().unwrap().len(), 46);
    let b_doctors = read_b["doctors"].as_array().unwrap().len();
    assert!(b_doctors < 10, "{b_doctors}");
    // Both scheduling at once.
    let (ea, eb) = std::thread::scope(|scope| {
        let ta = scope.spawn(|| s.schedule(&a, 60.0));
        let tb = scope.spawn(|| s.schedule(&b, 60.0));
        (ta.join().unwrap(), tb.join().unwrap())
    });
    let (da, db) = (&ea.last().unwrap().1, &eb.last().unwrap().1);
    assert_eq!(da["summary"]["doctors"], 46, "{da}");
    assert_eq!(db["summary"]["doctors"], b_doctors, "{db}");
    let (_, sa) = s.get_json(&format!("api/workspaces/{a}/files/summary.json"));
    let (_, sb) = s.get_json(&format!("api/workspaces/{b}/files/summary.json"));
    assert_eq!(sa, da["summary"]);
    assert_eq!(sb, db["summary"]);
    let (_, rota_b, _) = s.get(&format!("api/workspaces/{b}/files/adjusted_rota.csv"));
    assert!(
        !String::from_utf8_lossy(&rota_b).contains("D00001"),
        "B has none of A's doctors"
    );
    // Clearing one leaves the other.
    let res = s
        .agent
        .delete(format!("{}api/workspaces/{a}", s.url))
        .call()
        .unwrap();
    assert_eq!(res.status().as_u16(), 204);
    assert!(!s.dir.join(&a).exists());
    let (status, v) = s.get_json(&format!("api/workspaces/{a}/files/summary.json"));
    assert_eq!(status, 404);
    assert!(v["error"].as_str().unwrap().contains("workspace is gone"));
    let (status, _) = s.get_json(&format!("api/workspaces/{b}/files/summary.json"));
    assert_eq!(status, 200);
}

#[test]
fn stopping_the_server_deletes_every_workspace() {
    let mut s = Server::start(&[]);
    let ws = s.workspace();
    let (status, _) = s.upload(&ws, &small_files(), &[]);
    assert_eq!(status, 200);
    assert!(s.dir.join(&ws).join("inputs").is_dir());
    // A second tab scheduling, its page following the events: stopping does not wait for it.
    let busy = s.workspace();
    let (status, _) = s.upload(&busy, &demo_files(), &[]);
    assert_eq!(status, 200);
    let (status, _) = s.post_json(
        &format!("api/workspaces/{busy}/schedule"),
        &serde_json::json!({ "time_limit": 60 }),
    );
    assert_eq!(status, 202);
    let following = s
        .agent
        .get(format!("{}api/workspaces/{busy}/events", s.url))
        .call()
        .unwrap();
    let dir = s.dir.clone();
    let st = Command::new("kill")
        .arg(s.child.id().to_string())
        .status()
        .unwrap();
    assert!(st.success());
    let asked = std::time::Instant::now();
    let code = loop {
        if let Some(code) = s.child.try_wait().unwrap() {
            break code;
        }
        assert!(asked.elapsed().as_secs() < 20, "the server did not stop");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    drop(following);
    assert!(code.success(), "{code:?}");
    assert!(!dir.exists(), "{} is left", dir.display());
}

/// The sheet as read, and the layout that corrects it, through the API the page uses: each
/// cell with its A1 position and reading (also when the rota cannot be read), a corrected
/// layout read at once (422 with every error for a bad one), the layout offered back, rows
/// paged, and the guard's rules on the new routes.
#[test]
fn the_sheet_view_and_the_layout_through_the_api() {
    let s = Server::start(&[]);
    let ws = s.workspace();
    let book = std::fs::read(crate::support::data("replicas/ae_doctors_across.xlsx")).unwrap();
    let (status, v) = s.upload(&ws, &[("rota", "ae.xlsx", book.clone())], &[]);
    assert_eq!(status, 422, "no grades: {v}");
    let (status, view) = s.get_json(&format!("api/workspaces/{ws}/sheet?rows=1-40"));
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["from"], 1);
    assert_eq!(view["to"], 40);
    let cells = view["cells"].as_array().unwrap();
    let names: Vec<&Value> = cells.iter().filter(|c| c["role"] == "names").collect();
    assert!(!names.is_empty(), "the names shown where they were found");
    assert!(
        names[0]["read"].as_str().unwrap().starts_with("doctor: "),
        "{}",
        names[0]
    );
    assert!(cells
        .iter()
        .all(|c| c["a1"].as_str().is_some_and(|a| !a.is_empty())));
    // A bad layout: every error, 422, nothing else changed.
    let bad = s.send(
        "PUT",
        &format!("api/workspaces/{ws}/layout"),
        "text/plain",
        b"names = \"nowhere\"\ncolour = 1\n",
    );
    assert_eq!(bad.0, 422, "{}", bad.1);
    let texts: Vec<&str> = bad.1["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["text"].as_str())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("\"nowhere\" is not a cell range")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("unknown key 'colour'")),
        "{texts:?}"
    );
    // The replica's own layout, as the page builds it: read, and offered back as written.
    let layout = "grade = \"resident doctor\"\n\n[labels]\nINDUCTION = { start = \"09:00\", end = \"17:00\", kind = \"teaching\" }\n";
    let (status, read) = s.send(
        "PUT",
        &format!("api/workspaces/{ws}/layout"),
        "text/plain",
        layout.as_bytes(),
    );
    assert_eq!(status, 200, "{read}");
    let (status, back, headers) = s.get(&format!("api/workspaces/{ws}/layout"));
    assert_eq!(status, 200);
    assert_eq!(String::from_utf8(back).unwrap(), layout);
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("layout.toml"));
    let (_, view) = s.get_json(&format!("api/workspaces/{ws}/sheet"));
    assert_eq!(view["layout"]["parsed"]["grade"], "resident doctor");
    let grid = view["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["role"] == "grid")
        .count();
    assert!(grid > 100, "{grid} grid cells");
    // Rows paged; a bad range said.
    let (status, page2) = s.get_json(&format!("api/workspaces/{ws}/sheet?rows=201-400"));
    assert_eq!(status, 200);
    assert_eq!(page2["from"], 201);
    let (status, v) = s.get_json(&format!("api/workspaces/{ws}/sheet?rows=5-1"));
    assert_eq!(status, 400, "{v}");
    // Another tab sees none of it; a tab that is gone is told so.
    let other = s.workspace();
    let (status, _) = s.get_json(&format!("api/workspaces/{other}/sheet"));
    assert_eq!(status, 409);
    let (status, _) = s.get_json("api/workspaces/0123/sheet");
    assert_eq!(status, 404);
    // The guard holds for the new routes: another site's page, a rebound name, too much.
    let port = s.port();
    for (what, req) in [
        ("origin", format!("PUT /api/workspaces/{ws}/layout HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")),
        ("host", format!("GET /api/workspaces/{ws}/sheet HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n")),
    ] {
        let answer = raw(port, &req);
        assert!(answer.starts_with("HTTP/1.1 403"), "{what}: {answer}");
    }
    let huge = vec![b'#'; 3 * 1024 * 1024];
    let (status, _) = s.send(
        "PUT",
        &format!("api/workspaces/{ws}/layout"),
        "text/plain",
        &huge,
    );
    assert_eq!(status, 413);
}

/// A previous run that is not one is refused in words; a re-plan's options without one are
/// refused.
#[test]
fn a_previous_run_is_checked_on_the_way_in() {
    let s = Server::start(&[]);
    let ws = s.workspace();
    let mut files = small_files();
    files.push(("previous", "outputs.zip", b"not a zip".to_vec()));
    let (status, v) = s.upload(&ws, &files, &[]);
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("outputs.zip: is not a zip"), "{v}");
    let (status, _) = s.upload(&ws, &small_files(), &[]);
    assert_eq!(status, 200);
    let (status, v) = s.post_json(
        &format!("api/workspaces/{ws}/schedule"),
        &serde_json::json!({ "frozen_until": "2026-06-01" }),
    );
    assert_eq!(status, 409, "{v}");
    assert!(
        v["error"].as_str().unwrap().contains("no previous run"),
        "{v}"
    );
}
