//! The page (网页): HTML, CSS and a little JavaScript compiled into the
//! binary, so it works with no internet and no installation.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

const PAGE: &str = include_str!("assets/index.html");
const CSS: &str = include_str!("assets/page.css");
const JS: &str = include_str!("assets/page.js");

/// `GET /`: the page.
pub async fn page() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], PAGE).into_response()
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
