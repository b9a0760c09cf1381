//! The page (网页): HTML, CSS and a little JavaScript compiled into the
//! binary, so it works with no internet and no installation.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

const PAGE: &str = include_str!("assets/index.html");
const CSS: &str = include_str!("assets/page.css");
const JS: &str = include_str!("assets/page.js");

/// The page with the readers' extensions filled in (the file pickers'
/// `accept` and the script's list), from the one list in
/// [`crate::read::registry`]: a format added there is offered here too.
static PAGE_FILLED: LazyLock<String> = LazyLock::new(|| {
    let exts: Vec<&str> = crate::read::registry::extensions().collect();
    let accept: Vec<String> = exts.iter().map(|e| format!(".{e}")).collect();
    PAGE.replace("{{EXTENSIONS}}", &exts.join(","))
        .replace("{{ACCEPT}}", &accept.join(","))
});

/// `GET /`: the page.
pub async fn page() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        PAGE_FILLED.as_str(),
    )
        .into_response()
}

/// `GET /assets/{name}`: the page's stylesheet and script.
pub async fn asset(Path(name): Path<String>) -> Response {
    let (mime, body) = match name.as_str() {
        "page.css" => ("text/css; charset=utf-8", CSS),
        "page.js" => ("text/javascript; charset=utf-8", JS),
        _ => return (StatusCode::NOT_FOUND, "没有这个文件").into_response(),
    };
    ([(header::CONTENT_TYPE, mime)], body).into_response()
}
