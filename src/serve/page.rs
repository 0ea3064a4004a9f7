//! The page: one HTML file, its script and its styles, all in the binary (no CDN, no fonts or
//! scripts from elsewhere).

use axum::http::header;
use axum::response::IntoResponse;

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");

pub(crate) async fn index() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX)
}

pub(crate) async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
}

pub(crate) async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_loads_nothing_from_elsewhere() {
        for text in [INDEX, SCRIPT, STYLE] {
            for far in ["http://", "https://", "//cdn", "@import", "fonts.g"] {
                assert!(!text.contains(far), "{far}");
            }
        }
        assert!(INDEX.contains("<script src=\"/app.js\""));
        assert!(INDEX.contains("href=\"/app.css\""));
    }
}
