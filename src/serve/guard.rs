//! What keeps the server the coordinator's own: requests must be addressed to this server by
//! its loopback name (a web page elsewhere that points a name of its own at 127.0.0.1 — DNS
//! rebinding — is refused), may not come from another site's page, and every answer tells the
//! browser to load nothing from elsewhere and keep nothing.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::App;

/// Why a request is refused, if it is.
pub(crate) fn refusal(headers: &HeaderMap, port: u16, api: bool) -> Option<String> {
    let ours = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| ours.iter().any(|o| o.eq_ignore_ascii_case(h))) {
        return Some(format!(
            "this server answers only requests for http://127.0.0.1:{port}/ or http://localhost:{port}/ (the request was for {})",
            host.map_or_else(|| "no host".to_string(), |h| format!("{h:?}"))
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or_default();
        if !ours
            .iter()
            .any(|o| origin.eq_ignore_ascii_case(&format!("http://{o}")))
        {
            return Some(format!(
                "requests from other sites' pages are refused (origin {origin:?})"
            ));
        }
    }
    let site = headers
        .get("sec-fetch-site")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("none");
    if api && !matches!(site, "same-origin" | "none") {
        return Some(format!(
            "requests from other sites' pages are refused (sec-fetch-site {site})"
        ));
    }
    None
}

/// Refuses requests not addressed to this server, and sets the headers every answer carries.
pub(crate) async fn check(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    if let Some(why) = refusal(req.headers(), app.port, api) {
        return (StatusCode::FORBIDDEN, why).into_response();
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "no-referrer");
    set(h, "cache-control", "no-store");
    set(
        h,
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn only_this_servers_own_names_pass() {
        for ok in ["127.0.0.1:8765", "localhost:8765", "LocalHost:8765"] {
            assert_eq!(refusal(&headers(&[("host", ok)]), 8765, true), None, "{ok}");
        }
        for bad in [
            "127.0.0.1:8766",
            "evil.example:8765",
            "127.0.0.1",
            "0.0.0.0:8765",
            "localhost.evil.example:8765",
        ] {
            let why = refusal(&headers(&[("host", bad)]), 8765, false).unwrap();
            assert!(why.contains("http://127.0.0.1:8765/"), "{why}");
        }
        assert!(refusal(&HeaderMap::new(), 8765, false).is_some());
    }

    #[test]
    fn other_sites_pages_are_refused() {
        let host = ("host", "127.0.0.1:8765");
        assert_eq!(
            refusal(
                &headers(&[host, ("origin", "http://localhost:8765")]),
                8765,
                true
            ),
            None
        );
        assert!(refusal(
            &headers(&[host, ("origin", "http://evil.example")]),
            8765,
            true
        )
        .is_some());
        assert!(refusal(
            &headers(&[host, ("sec-fetch-site", "cross-site")]),
            8765,
            true
        )
        .is_some());
        // Following a link to the page itself is fine; its API is not for other sites.
        assert_eq!(
            refusal(
                &headers(&[host, ("sec-fetch-site", "cross-site")]),
                8765,
                false
            ),
            None
        );
    }
}
