//! The sheet as it was read, and the layout file that corrects the reading:
//! `GET …/sheet?name=S&rows=R0-R1` answers with the cells of a page of rows, each with its A1
//! position and what it was read as (the import's own record of its reading, also when the
//! rota could not be read); `PUT …/layout` takes a layout file and reads the files again,
//! answering as an upload does.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::api::{attachment, blocking, diagnostics, failure, read_in, workspace, Failure, DRAIN};
use super::App;
use crate::io::import::view::CellRead;
use crate::io::import::Trace;
use crate::io::inputs::{Source, Sources};
use crate::io::sheet::{self, Sheet};
use crate::io::Diagnostics;

/// The largest layout file taken (a layout file is a few lines).
const LAYOUT_MAX: usize = 1024 * 1024;

/// Rows sent when the page asks for none in particular, and the most it may ask for at once.
const PAGE: usize = 200;
const MOST: usize = 2000;

/// The sheet view's query: which sheet, which rows (1-based, as the sheet numbers them).
#[derive(Debug, Deserialize)]
pub(super) struct SheetQuery {
    name: Option<String>,
    rows: Option<String>,
}

/// `R0-R1` (1-based, inclusive): 0-based first and last row.
fn rows(q: Option<&str>) -> Result<(usize, usize), String> {
    let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else {
        return Ok((0, PAGE - 1));
    };
    let (a, b) = q.split_once('-').unwrap_or((q, q));
    let n = |s: &str| s.trim().parse::<usize>().ok().filter(|&n| n >= 1);
    match (n(a), n(b)) {
        (Some(a), Some(b)) if a <= b && b - a < MOST => Ok((a - 1, b - 1)),
        _ => Err(format!(
            "rows {q:?} are not a range of rows (expected e.g. 1-200, at most {MOST} rows)"
        )),
    }
}

/// `GET …/sheet`.
pub(super) async fn view(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(q): Query<SheetQuery>,
) -> Result<Json<Value>, Failure> {
    let ws = workspace(&app, &id)?;
    let (r0, r1) = rows(q.rows.as_deref()).map_err(|m| failure(StatusCode::BAD_REQUEST, m))?;
    let src = ws.lock_inputs().sources.clone().ok_or_else(|| {
        failure(
            StatusCode::CONFLICT,
            "no files read yet: choose the rota, then Read the files",
        )
    })?;
    let v = blocking(move || sheet_view(&src, q.name.as_deref(), (r0, r1))).await?;
    v.map(Json)
}

fn sheet_view(
    src: &Sources,
    name: Option<&str>,
    (r0, r1): (usize, usize),
) -> Result<Value, Failure> {
    let Some(rota) = &src.rota else {
        return Err(failure(StatusCode::CONFLICT, "no rota given"));
    };
    let (trace, problems) = crate::io::inputs::trace_rota(src);
    let Trace {
        mut sheets,
        skip,
        report,
    } = trace;
    if sheets.is_empty() && !sheet::is_workbook(&rota.bytes) {
        // The contract's CSV forms are read as tables, not sheets: shown as one all the same.
        let mut quiet = Diagnostics::default();
        sheets.extend(sheet::read_csv(&rota.name, &rota.bytes, &mut quiet));
    }
    let read_sheets = report
        .as_ref()
        .map(|r| r.read_sheets.clone())
        .unwrap_or_default();
    let title = |s: &Sheet| s.name.clone().unwrap_or_default();
    let chosen = match name {
        Some(n) => sheets
            .iter()
            .find(|s| title(s).eq_ignore_ascii_case(n.trim())),
        None => read_sheets
            .first()
            .and_then(|n| sheets.iter().find(|s| title(s) == *n))
            .or_else(|| sheets.iter().find(|s| !s.hidden))
            .or(sheets.first()),
    };
    let Some(sheet) = chosen else {
        return Err(failure(
            StatusCode::NOT_FOUND,
            format!("{} has no sheet {:?}", rota.name, name.unwrap_or_default()),
        ));
    };
    let skipped = |r: usize, c: usize| skip.iter().any(|x| x.contains(r, c));
    let me = title(sheet);
    let empty = crate::io::import::Report::default();
    let rep = report.as_ref().unwrap_or(&empty);
    let mut cells = Vec::new();
    for r in r0..=r1.min(sheet.height().saturating_sub(1)) {
        for c in 0..sheet.width() {
            let text = sheet.text(r, c);
            let read = if skipped(r, c) {
                Some(
                    json!({ "role": "skipped", "read": "not part of the rota (layout file: skip)" }),
                )
            } else {
                rep.cells
                    .get(&(me.clone(), r, c))
                    .map(|CellRead { role, read }| json!({ "role": role, "read": read }))
            };
            if text.is_none() && read.is_none() {
                continue;
            }
            let (role, said) = read.map_or((Value::Null, Value::Null), |v| {
                (v["role"].clone(), v["read"].clone())
            });
            cells.push(json!({
                "a1": sheet::a1(r, c), "r": r, "c": c,
                "text": text.unwrap_or_default(), "role": role, "read": said,
            }));
        }
    }
    let layout_text = src
        .rota_options
        .layout
        .as_ref()
        .map(|l| String::from_utf8_lossy(&l.bytes).into_owned())
        .unwrap_or_default();
    let parsed = toml::from_str::<toml::Table>(&layout_text)
        .ok()
        .and_then(|t| serde_json::to_value(t).ok());
    Ok(json!({
        "file": rota.name,
        "sheet": me,
        "sheets": sheets.iter().map(|s| json!({ "name": title(s), "hidden": s.hidden })).collect::<Vec<_>>(),
        "read_sheets": read_sheets,
        "height": sheet.height(),
        "width": sheet.width(),
        "from": r0 + 1,
        "to": (r1 + 1).min(sheet.height()),
        "cells": cells,
        "ranges": rep.ranges,
        "notes": rep.notes,
        "unknown": rep.unknown,
        "kinds": crate::domain::Kind::ALL.map(crate::domain::Kind::as_str),
        "layout": { "text": layout_text, "parsed": parsed },
        "diagnostics": diagnostics(&problems),
    }))
}

/// `GET …/layout`: the layout file in force, as `layout.toml` to keep (empty: none yet).
pub(super) async fn layout_file(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    let ws = workspace(&app, &id)?;
    let text = ws
        .lock_inputs()
        .sources
        .as_ref()
        .and_then(|s| s.rota_options.layout.as_ref())
        .map(|l| l.bytes.clone())
        .unwrap_or_default();
    let mut res = text.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/toml; charset=utf-8"),
    );
    h.insert(header::CONTENT_DISPOSITION, attachment("layout.toml"));
    Ok(res)
}

/// `PUT …/layout`: the layout file (TOML text; empty for none) in place of the one given, and
/// the files read again with it.
pub(super) async fn layout(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    req: axum::extract::Request,
) -> Result<Response, Failure> {
    use futures_util::StreamExt as _;
    let ws = workspace(&app, &id)?;
    let too_big = || {
        failure(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "a layout file is a few lines of text; this one is over {} KB",
                LAYOUT_MAX / 1024
            ),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let mut body = req.into_body().into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            failure(
                StatusCode::BAD_REQUEST,
                format!("the layout could not be read: {e}"),
            )
        })?;
        // Past the cap the rest is read and dropped before the answer (as an upload's is): a
        // client still sending when the answer comes sees a broken connection, not it.
        if bytes.len() + chunk.len() > LAYOUT_MAX || declared.is_some_and(|n| n > LAYOUT_MAX) {
            let mut read = bytes.len() + chunk.len();
            while let Some(Ok(c)) = body.next().await {
                read += c.len();
                if read > DRAIN {
                    break;
                }
            }
            return Err(too_big());
        }
        bytes.extend_from_slice(&chunk);
    }
    let Ok(body) = String::from_utf8(bytes) else {
        return Err(failure(
            StatusCode::BAD_REQUEST,
            "the layout file is not UTF-8 text",
        ));
    };
    if ws.running() {
        return Err(failure(
            StatusCode::CONFLICT,
            "a schedule is under way in this tab; wait for it to finish before reading the files again",
        ));
    }
    let mut src = ws.lock_inputs().sources.clone().ok_or_else(|| {
        failure(
            StatusCode::CONFLICT,
            "no files read yet: choose the rota, then Read the files",
        )
    })?;
    src.rota_options.layout = (!body.trim().is_empty()).then(|| Source {
        name: "layout.toml".into(),
        bytes: body.into_bytes(),
    });
    read_in(ws, src).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_as_the_sheet_numbers_them() {
        assert_eq!(rows(None), Ok((0, PAGE - 1)));
        assert_eq!(rows(Some("1-200")), Ok((0, 199)));
        assert_eq!(rows(Some("7")), Ok((6, 6)));
        for bad in ["0-3", "5-2", "a-b", "1-5000"] {
            assert!(rows(Some(bad)).is_err(), "{bad}");
        }
    }
}
