//! The routes: the page, and per workspace the upload and read-back, the schedule with its
//! progress, the outputs (one by one and as a zip) and the check. Everything between the files
//! and the outputs is [`crate::pipeline`]'s, as for the terminal.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::workspace::{Job, Workspace};
use super::{guard, page, replan, sheet, App};
use crate::io::inputs::{Source, Sources};
use crate::io::{atomic, Diagnostics};
use crate::pipeline::{self, Problem};
use crate::solver::Progress;

/// The file fields of an upload, as the command line's flags.
const FILES: [&str; 6] = ["rota", "meetings", "shifts", "cover", "policy", "layout"];
/// The text fields: how to read a rota spreadsheet, and the zone.
const TEXTS: [&str; 4] = ["sheet", "department", "grade", "tz"];

/// Every route, behind the [`guard`].
pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/app.css", get(page::style))
        .route("/api/workspaces", post(create))
        .route("/api/workspaces/{id}", delete(clear))
        .route(
            "/api/workspaces/{id}/inputs",
            // The cap is checked again on the way in, to say so in words.
            post(upload).layer(DefaultBodyLimit::max(
                app.max_upload.saturating_add(64 * 1024),
            )),
        )
        .route("/api/workspaces/{id}/sheet", get(sheet::view))
        .route(
            "/api/workspaces/{id}/layout",
            put(sheet::layout)
                .get(sheet::layout_file)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/api/workspaces/{id}/schedule", post(schedule))
        .route("/api/workspaces/{id}/events", get(events))
        .route("/api/workspaces/{id}/check", post(check))
        .route("/api/workspaces/{id}/outputs.zip", get(zip))
        .route("/api/workspaces/{id}/files/{*name}", get(file))
        .fallback(|| async { failure(StatusCode::NOT_FOUND, "no such page") })
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            guard::check,
        ))
        .with_state(app)
}

/// A refusal: its status and `{"error": …}`.
#[derive(Debug)]
pub(crate) struct Failure(StatusCode, Value);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

pub(super) fn failure(status: StatusCode, message: impl Into<String>) -> Failure {
    Failure(status, json!({ "error": message.into() }))
}

fn too_big(max: usize) -> Failure {
    failure(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "the files are larger than the {} MB this server takes at once (start it with --max-upload-mb to take more)",
            max.div_ceil(1024 * 1024)
        ),
    )
}

pub(super) fn workspace(app: &App, id: &str) -> Result<Arc<Workspace>, Failure> {
    app.workspaces.get(id).ok_or_else(|| {
        failure(
            StatusCode::NOT_FOUND,
            "this tab's workspace is gone (the server was restarted, or it was cleared); reload the page",
        )
    })
}

/// A blocking job off the server's threads; a panic in it is an error, not a lost server.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Failure> {
    tokio::task::spawn_blocking(f).await.map_err(|_| {
        failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error while reading the files (a bug); the server goes on",
        )
    })
}

async fn create(State(app): State<Arc<App>>) -> Result<impl IntoResponse, Failure> {
    let (id, _) = app.workspaces.create().map_err(|e| {
        failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!(
                "cannot make a workspace in {}: {e}",
                app.workspaces.root().display()
            ),
        )
    })?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "max_upload": app.max_upload })),
    ))
}

async fn clear(State(app): State<Arc<App>>, Path(id): Path<String>) -> Result<StatusCode, Failure> {
    match app.workspaces.remove(&id) {
        Ok(true) => Ok(StatusCode::NO_CONTENT),
        Ok(false) => Err(workspace(&app, &id)
            .err()
            .unwrap_or_else(|| failure(StatusCode::NOT_FOUND, "no such workspace"))),
        Err(e) => Err(failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot delete the workspace: {e}"),
        )),
    }
}

/// Every problem of the inputs, for the page.
pub(super) fn diagnostics(d: &Diagnostics) -> Vec<Value> {
    d.items()
        .iter()
        .map(|d| {
            json!({
                "severity": match d.severity {
                    crate::io::diagnostics::Severity::Error => "error",
                    crate::io::diagnostics::Severity::Warning => "warning",
                },
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "text": d.to_string(),
            })
        })
        .collect()
}

/// The name a browser gave a file, without any folders.
fn file_name(given: Option<&str>, field: &str) -> String {
    let base = given
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim();
    if base.is_empty() || base == "." || base == ".." {
        field.to_string()
    } else {
        base.to_string()
    }
}

/// The upload: every file and field, or why not.
struct Upload {
    files: HashMap<&'static str, Source>,
    texts: HashMap<&'static str, String>,
    /// The previous run, to re-plan from ([`replan::FIELDS`]).
    previous: HashMap<&'static str, Source>,
}

async fn receive(mut mp: Multipart, max: usize) -> Result<Upload, Failure> {
    let mut up = Upload {
        files: HashMap::new(),
        texts: HashMap::new(),
        previous: HashMap::new(),
    };
    let mut total = 0usize;
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_big(max)
        } else {
            failure(
                StatusCode::BAD_REQUEST,
                format!("the upload could not be read: {}", e.body_text()),
            )
        }
    };
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        let given = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(bad)?;
        total += bytes.len();
        if total > max {
            return Err(too_big(max));
        }
        let file = FILES.iter().chain(&replan::FIELDS).find(|f| **f == name);
        if let Some(&f) = file {
            // A file input left empty still sends its part, with no name and no bytes.
            if given.as_deref().unwrap_or_default().is_empty() && bytes.is_empty() {
                continue;
            }
            let kept = if replan::FIELDS.contains(&f) {
                &mut up.previous
            } else {
                &mut up.files
            };
            kept.insert(
                f,
                Source {
                    name: file_name(given.as_deref(), f),
                    bytes: bytes.to_vec(),
                },
            );
        } else if let Some(&t) = TEXTS.iter().find(|t| **t == name) {
            let text = String::from_utf8_lossy(&bytes).trim().to_string();
            if !text.is_empty() {
                up.texts.insert(t, text);
            }
        } else {
            return Err(failure(
                StatusCode::BAD_REQUEST,
                format!(
                    "unknown field {name:?} in the upload (expected one of {}, {}, {})",
                    FILES.join(", "),
                    replan::FIELDS.join(", "),
                    TEXTS.join(", ")
                ),
            ));
        }
    }
    Ok(up)
}

/// The sources of an upload; a zone that is not one is a problem like any other.
fn sources(mut up: Upload) -> Result<Sources, Diagnostics> {
    let mut d = Diagnostics::default();
    let tz = up.texts.remove("tz").and_then(|z| match z.parse() {
        Ok(tz) => Some(tz),
        Err(_) => {
            d.error(
                "tz",
                None,
                None,
                format!("{z:?} is not a time zone (expected an IANA name such as Europe/London)"),
            );
            None
        }
    });
    if !up.files.contains_key("rota") {
        d.error("rota", None, None, "no rota given (choose the rota file)");
    }
    if d.has_errors() {
        return Err(d);
    }
    Ok(Sources {
        rota: up.files.remove("rota"),
        shifts: up.files.remove("shifts"),
        meetings: up.files.remove("meetings"),
        cover: up.files.remove("cover"),
        policy: up.files.remove("policy"),
        tz,
        rota_options: crate::io::import::RotaOptions {
            sheet: up.texts.remove("sheet"),
            layout: up.files.remove("layout"),
            department: up.texts.remove("department"),
            grade: up.texts.remove("grade"),
            clashes: crate::io::rota::Clashes::Refused,
        },
    })
}

/// Keeps the uploaded files in the workspace's `inputs/`, each field in a folder of its own.
fn keep_inputs(ws: &Workspace, src: &Sources) -> std::io::Result<()> {
    let dir = ws.inputs_dir();
    match std::fs::remove_dir_all(&dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let named = [
        ("rota", &src.rota),
        ("shifts", &src.shifts),
        ("meetings", &src.meetings),
        ("cover", &src.cover),
        ("policy", &src.policy),
        ("layout", &src.rota_options.layout),
    ];
    let files: Vec<(String, Vec<u8>)> = named
        .iter()
        .filter_map(|(field, s)| {
            s.as_ref()
                .map(|s| (format!("{field}/{}", s.name), s.bytes.clone()))
        })
        .collect();
    atomic::write_all(&dir, &files).map_err(|e| std::io::Error::other(e.to_string()))
}

/// Most bytes of a refused upload read (and dropped) before it is answered: a browser still
/// sending when the answer comes shows a broken connection, not the answer.
pub(super) const DRAIN: usize = 1 << 30;

async fn upload(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    req: axum::extract::Request,
) -> Result<Response, Failure> {
    use axum::extract::FromRequest as _;
    use futures_util::StreamExt as _;
    let ws = workspace(&app, &id)?;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > app.max_upload.saturating_add(64 * 1024)) {
        let mut body = req.into_body().into_data_stream();
        let mut read = 0usize;
        while let Some(Ok(chunk)) = body.next().await {
            read += chunk.len();
            if read > DRAIN {
                break;
            }
        }
        return Err(too_big(app.max_upload));
    }
    let mp: Result<Multipart, MultipartRejection> = Multipart::from_request(req, &()).await;
    let mp = mp.map_err(|e| {
        failure(
            StatusCode::BAD_REQUEST,
            format!("expected the files as a form upload: {}", e.body_text()),
        )
    })?;
    let mut up = receive(mp, app.max_upload).await?;
    if ws.running() {
        return Err(failure(
            StatusCode::CONFLICT,
            "a schedule is under way in this tab; wait for it to finish before reading new files",
        ));
    }
    let previous = std::mem::take(&mut up.previous);
    let src = match sources(up) {
        Ok(s) => s,
        Err(d) => return Ok(unreadable(&d)),
    };
    if let Err(d) = replan::keep_previous(&ws, previous) {
        return Ok(unreadable(&d));
    }
    read_in(ws, src).await
}

/// Reads the inputs into the workspace (an upload, or a corrected layout): keeps the files,
/// reads them as the terminal does, and answers with the read-back or every problem (422).
pub(super) async fn read_in(ws: Arc<Workspace>, src: Sources) -> Result<Response, Failure> {
    let ws2 = Arc::clone(&ws);
    let (src, read) = blocking(move || {
        let kept = keep_inputs(&ws2, &src);
        let read = pipeline::read(&src, None);
        (src, kept.map(|()| read))
    })
    .await?;
    let read = read.map_err(|e| {
        failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot keep the files in the workspace: {e}"),
        )
    })?;
    // New inputs: the last schedule's outputs no longer belong to them.
    let _ = std::fs::remove_dir_all(ws.out_dir());
    ws.job.send_replace(Job::Idle);
    let mut inputs = ws.lock_inputs();
    inputs.readable = read.is_ok();
    inputs.sources = Some(src);
    Ok(match read {
        Ok(r) => Json(readback(&r)).into_response(),
        Err(Problem::Input(d)) => unreadable(&d),
        Err(p @ Problem::NoSchedule(_)) => {
            failure(StatusCode::UNPROCESSABLE_ENTITY, p.render()).into_response()
        }
    })
}

fn unreadable(d: &Diagnostics) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({
            "ok": false,
            "errors": d.error_count(),
            "diagnostics": diagnostics(d),
        })),
    )
        .into_response()
}

fn times(start: Option<chrono::NaiveTime>, end: Option<crate::domain::time::LocalEnd>) -> String {
    use crate::domain::time::LocalEnd;
    match (start, end) {
        (Some(s), Some(e)) => format!(
            "{}-{}",
            s.format("%H:%M"),
            match e {
                LocalEnd::Midnight => "24:00".to_string(),
                LocalEnd::At(t) => t.format("%H:%M").to_string(),
            }
        ),
        _ => "untimed".into(),
    }
}

/// How the files were read: the doctors, the period, the legend, every warning.
fn readback(read: &pipeline::Read) -> Value {
    let i = &read.inputs;
    let r = &i.rota;
    let legend: Vec<Value> = match (&i.import, &i.shift_defs) {
        (Some(rep), _) => rep
            .labels
            .iter()
            .map(|l| {
                json!({
                    "label": l.label,
                    "count": l.count,
                    "times": times(l.times.map(|t| t.0), l.times.map(|t| t.1)),
                    "kind": l.kind.as_str(),
                    "source": l.source,
                    "first": l.first,
                })
            })
            .collect(),
        (None, Some(defs)) => defs
            .iter()
            .map(|(code, d)| {
                json!({
                    "label": code,
                    "count": r.shifts.iter().filter(|s| s.code.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(code))).count(),
                    "times": times(d.start, d.end),
                    "kind": d.kind.as_str(),
                    "source": format!("shifts file: {}", d.label),
                    "first": Value::Null,
                })
            })
            .collect(),
        (None, None) => Vec::new(),
    };
    let doctors: Vec<Value> = r
        .doctors
        .iter()
        .map(|d| {
            json!({
                "id": d.id, "name": d.name, "grade": d.grade, "group": d.group.as_str(),
                "department": d.department, "fte": d.fte,
            })
        })
        .collect();
    json!({
        "ok": true,
        "text": pipeline::describe(i),
        "doctors": doctors,
        "first": r.first.to_string(),
        "last": r.last.to_string(),
        "days": r.period_days(),
        "timezone": r.tz.name(),
        "legend": legend,
        "sheets": i.import.as_ref().map(|rep| rep.sheets.clone()).unwrap_or_default(),
        "import": i.import.as_ref().map(crate::io::import::Report::render),
        "meetings": i.meetings.len(),
        "cover_rules": i.cover.len(),
        "diagnostics": diagnostics(&read.warnings),
    })
}

/// `schedule`'s options from the page; with a previous run uploaded, a re-plan's too.
#[derive(Debug, Deserialize)]
struct ScheduleRequest {
    time_limit: Option<f64>,
    gap: Option<f64>,
    /// `YYYY-MM-DD`: what was held before it stays as it was.
    frozen_until: Option<String>,
    /// `Name <address>`: the calendar updates' organiser.
    organizer: Option<String>,
}

/// A re-plan's options, when the upload gave a previous run; a re-plan's option without one
/// is refused.
fn replan_options(
    ws: &Workspace,
    req: &ScheduleRequest,
) -> Result<Option<pipeline::ReplanOptions>, Failure> {
    let given = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (frozen, organizer) = (given(&req.frozen_until), given(&req.organizer));
    let bad = |m: String| failure(StatusCode::BAD_REQUEST, m);
    let frozen_until = frozen
        .map(|d| crate::io::values::date(&d).map_err(|e| bad(format!("frozen until: {e}"))))
        .transpose()?;
    let organizer = organizer
        .map(|o| crate::io::values::organizer(&o).map_err(|e| bad(format!("organiser: {e}"))))
        .transpose()?;
    if !ws.has_previous() {
        if frozen_until.is_some() || organizer.is_some() {
            return Err(failure(
                StatusCode::CONFLICT,
                "no previous run to re-plan from: give its outputs.zip (or its meetings.csv, engagement.ics and adjusted_rota.csv) and read the files again",
            ));
        }
        return Ok(None);
    }
    Ok(Some(pipeline::ReplanOptions {
        previous: ws.previous_dir(),
        frozen_until,
        organizer,
        stamp: pipeline::stamp_now(),
    }))
}

fn inputs_of(ws: &Workspace) -> Result<Sources, Failure> {
    let inputs = ws.lock_inputs();
    match (&inputs.sources, inputs.readable) {
        (Some(s), true) => Ok(s.clone()),
        (Some(_), false) => Err(failure(
            StatusCode::CONFLICT,
            "the files have errors (listed under the files); correct them and read them again",
        )),
        (None, _) => Err(failure(
            StatusCode::CONFLICT,
            "no files read yet: choose the rota and the meetings, then Read the files",
        )),
    }
}

async fn schedule(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Json(req): Json<ScheduleRequest>,
) -> Result<StatusCode, Failure> {
    let ws = workspace(&app, &id)?;
    let defaults = pipeline::SolveOptions::default();
    let time_limit = req.time_limit.unwrap_or(defaults.time_limit);
    if !(time_limit.is_finite() && time_limit > 0.0 && time_limit <= 3600.0) {
        return Err(failure(
            StatusCode::BAD_REQUEST,
            format!(
                "{time_limit} is not a time limit (expected seconds, more than 0 and at most 3600)"
            ),
        ));
    }
    let gap = req.gap.unwrap_or(defaults.gap);
    if !(0.0..=1.0).contains(&gap) {
        return Err(failure(
            StatusCode::BAD_REQUEST,
            format!("{gap} is not a gap from 0 to 1"),
        ));
    }
    let src = inputs_of(&ws)?;
    let replan = replan_options(&ws, &req)?;
    if !ws.start(running("reading and checking the inputs", 0.0, None)) {
        return Err(failure(
            StatusCode::CONFLICT,
            "a schedule is already under way in this tab",
        ));
    }
    let opts = pipeline::SolveOptions {
        time_limit,
        gap,
        threads: app.threads,
        live: true,
        live_dir: Some(ws.dir.clone()),
        ..defaults
    };
    tokio::task::spawn_blocking(move || {
        let job = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_schedule(&ws, &src, replan.as_ref(), &opts)
        }))
        .unwrap_or_else(|_| Job::Failed {
            errors: vec![
                "error: internal error while scheduling (a bug); nothing was written".into(),
            ],
        });
        ws.job.send_replace(job);
    });
    Ok(StatusCode::ACCEPTED)
}

fn running(message: &str, seconds: f64, search: Option<(f64, f64, f64)>) -> Job {
    Job::Running {
        message: message.to_string(),
        seconds,
        best: search.map(|s| s.0),
        bound: search.map(|s| s.1),
        gap: search.map(|s| s.2),
    }
}

/// The terminal's `schedule`, into the workspace's `out/`, telling the page as it goes.
fn run_schedule(
    ws: &Workspace,
    src: &Sources,
    replan: Option<&pipeline::ReplanOptions>,
    opts: &pipeline::SolveOptions,
) -> Job {
    let started = Instant::now();
    let failed = |p: &Problem| Job::Failed {
        errors: p.render().lines().map(str::to_string).collect(),
    };
    let read = match pipeline::read(src, replan) {
        Ok(r) => r,
        Err(p) => return failed(&p),
    };
    let warnings = diagnostics(&read.warnings);
    let on = |p: Progress| {
        let search = match p {
            Progress::Solving {
                done,
                running: r,
                objective,
                bound,
                gap,
                ..
            } if done + r > 0 => Some((objective, bound, gap)),
            _ => None,
        };
        let text = pipeline::progress_text(p);
        ws.job
            .send_replace(running(&text, started.elapsed().as_secs_f64(), search));
    };
    let done = match pipeline::solve(read, opts, &on) {
        Ok(d) => d,
        Err(p) => return failed(&p),
    };
    ws.job.send_replace(running(
        "checking the schedule and writing the outputs",
        started.elapsed().as_secs_f64(),
        None,
    ));
    if ws.cleared.load(std::sync::atomic::Ordering::SeqCst) {
        return Job::Failed {
            errors: vec!["error: the workspace was cleared; nothing was written".into()],
        };
    }
    let out = ws.out_dir();
    let _ = std::fs::remove_dir_all(&out);
    if let Err(e) = atomic::write_all(&out, &done.files) {
        return Job::Failed {
            errors: vec![format!("error: {e}")],
        };
    }
    Job::Done {
        text: done.text,
        summary: serde_json::to_value(&done.summary).unwrap_or_default(),
        files: done.files.iter().map(|f| f.0.clone()).collect(),
        warnings,
        replan: done.replan,
    }
}

/// Where the schedule stands, as server-sent events (`idle`, `running`, then `done` or
/// `failed`, which ends the stream).
async fn events(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>>, Failure> {
    let ws = workspace(&app, &id)?;
    let rx = ws.job.subscribe();
    drop(ws);
    let stream =
        futures_util::stream::unfold((rx, true, false), |(mut rx, first, ended)| async move {
            if ended || (!first && rx.changed().await.is_err()) {
                return None;
            }
            let job = rx.borrow_and_update().clone();
            let name = match &job {
                Job::Idle => "idle",
                Job::Running { .. } => "running",
                Job::Done { .. } => "done",
                Job::Failed { .. } => "failed",
            };
            let data = serde_json::to_string(&job).unwrap_or_default();
            let fin = job.is_final();
            Some((
                Ok(Event::default().event(name).data(data)),
                (rx, false, fin),
            ))
        });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// `check` on the workspace's files: the findings as `check --format json` gives them.
async fn check(State(app): State<Arc<App>>, Path(id): Path<String>) -> Result<Response, Failure> {
    let ws = workspace(&app, &id)?;
    let src = {
        let inputs = ws.lock_inputs();
        inputs.sources.clone()
    }
    .ok_or_else(|| {
        failure(
            StatusCode::CONFLICT,
            "no files read yet: choose the rota, then Read the files",
        )
    })?;
    let found = blocking(move || {
        pipeline::read(&src, None).map(|read| {
            let v = pipeline::check(&read.inputs, src.meetings.is_some());
            let findings = crate::report::findings::json(&read.inputs.rota, &v);
            (findings, diagnostics(&read.warnings))
        })
    })
    .await?;
    Ok(match found {
        Ok((findings, warnings)) => {
            let mut v: Value = serde_json::from_slice(&findings).unwrap_or_default();
            v["warnings"] = Value::Array(warnings);
            Json(v).into_response()
        }
        Err(Problem::Input(d)) => unreadable(&d),
        Err(p) => failure(StatusCode::UNPROCESSABLE_ENTITY, p.render()).into_response(),
    })
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or_default() {
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "ics" => "text/calendar; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "html" => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    }
}

pub(super) fn attachment(name: &str) -> HeaderValue {
    let base: String = name
        .rsplit('/')
        .next()
        .unwrap_or("file")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{base}\""))
        .unwrap_or(HeaderValue::from_static("attachment"))
}

/// One output file: the report shown in the page, any file as a download.
async fn file(
    State(app): State<Arc<App>>,
    Path((id, name)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let ws = workspace(&app, &id)?;
    // Only the files the last schedule wrote: no other path is ever opened.
    if !ws.outputs().contains(&name) {
        return Err(failure(
            StatusCode::NOT_FOUND,
            format!("no output file {name:?} (schedule first)"),
        ));
    }
    let bytes = tokio::fs::read(ws.out_dir().join(&name))
        .await
        .map_err(|e| failure(StatusCode::NOT_FOUND, format!("cannot read {name}: {e}")))?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&name)),
    );
    if name.ends_with(".html") && !q.contains_key("download") {
        // The report is shown in the page: its own styles, nothing else.
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
            ),
        );
    } else {
        h.insert(header::CONTENT_DISPOSITION, attachment(&name));
    }
    Ok(res)
}

/// Every output file as one zip.
async fn zip(State(app): State<Arc<App>>, Path(id): Path<String>) -> Result<Response, Failure> {
    let ws = workspace(&app, &id)?;
    let names = ws.outputs();
    if names.is_empty() {
        return Err(failure(
            StatusCode::NOT_FOUND,
            "nothing to download yet (schedule first)",
        ));
    }
    let dir = ws.out_dir();
    let made = blocking(move || -> Result<Vec<u8>, String> {
        use std::io::Write as _;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for n in &names {
            let bytes = std::fs::read(dir.join(n)).map_err(|e| format!("{n}: {e}"))?;
            z.start_file(n.as_str(), opts).map_err(|e| e.to_string())?;
            z.write_all(&bytes).map_err(|e| e.to_string())?;
        }
        z.finish()
            .map(std::io::Cursor::into_inner)
            .map_err(|e| e.to_string())
    })
    .await?
    .map_err(|e| {
        failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot make the zip: {e}"),
        )
    })?;
    let mut res = made.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        attachment("rota-engage-outputs.zip"),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_names_lose_their_folders() {
        assert_eq!(
            file_name(Some("C:\\Users\\x\\rota.xlsx"), "rota"),
            "rota.xlsx"
        );
        assert_eq!(file_name(Some("../../etc/passwd"), "rota"), "passwd");
        assert_eq!(file_name(Some(".."), "rota"), "rota");
        assert_eq!(file_name(None, "meetings"), "meetings");
    }

    #[test]
    fn downloads_are_named_safely() {
        assert_eq!(
            attachment("ics/R1\"; x.ics"),
            HeaderValue::from_static("attachment; filename=\"R1x.ics\"")
        );
        assert_eq!(
            content_type("rota.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
    }
}
