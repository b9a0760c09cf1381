//! The local web server (网页版): one page for people who do not use a
//! terminal, and the same actions as an HTTP API for scripts.
//!
//! Routes: `GET /` (the page, embedded in the binary), `POST /api/convert?to=`
//! (`json|xlsx|pdf|html`; a ZIP when several files), `POST /api/check`,
//! `POST /api/inspect` (what the page lists: forms, findings, tables),
//! `POST /api/collect` (汇总), `POST /api/fill` (批量填表, ZIP) and its
//! progress-reporting twin `POST /api/jobs/fill` + `GET /api/jobs/{id}`,
//! `GET /api/template/{kind}.{xlsx|pdf|html}`.
//!
//! Every handler calls the library entries the CLI uses (read, check, write,
//! bulk); CPU work runs in `spawn_blocking`; uploads live in memory within
//! the size limit, and in a temporary folder (deleted on drop) when a reader
//! needs a path.

mod api;
mod assets;
mod jobs;
pub mod upload;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::read::vocab::Vocabulary;
use crate::read::ReadOptions;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Largest request body in bytes (uploads); larger ones get 413.
    pub max_upload: usize,
    /// Longest time one request may take before it is answered 503.
    pub timeout: Duration,
    /// `Host` headers accepted (`127.0.0.1:8080`); empty accepts any. A
    /// server on the loopback address accepts only its own names, so a web
    /// page elsewhere cannot reach it through DNS rebinding.
    pub hosts: Vec<String>,
    /// Titles, labels and headings the readers know: the built-in
    /// vocabulary, plus a `--labels` file.
    pub vocab: Arc<Vocabulary>,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            max_upload: 100 * 1024 * 1024,
            timeout: Duration::from_secs(300),
            hosts: Vec::new(),
            vocab: Arc::new(Vocabulary::builtin().clone()),
        }
    }
}

/// Shared by all requests: the options and running fill jobs.
struct AppState {
    options: ServeOptions,
    jobs: jobs::Jobs,
}

type Shared = Arc<AppState>;

impl AppState {
    /// How uploads are read.
    fn read_options(&self) -> ReadOptions<'_> {
        ReadOptions {
            vocab: &self.options.vocab,
            text_shape: None,
        }
    }
}

/// An API failure: status and a message in Chinese, sent as `{"error": …}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    fn unprocessable(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: message.into(),
        }
    }

    fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.into(),
        }
    }

    fn too_large(limit: usize) -> ApiError {
        ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: format!("上传的文件太大：上限 {}", human_size(limit)),
        }
    }

    fn multipart(e: axum::extract::multipart::MultipartError) -> ApiError {
        match e.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                message: "上传的文件太大，超过了服务器的上限".into(),
            },
            status => ApiError {
                status,
                message: format!("无法读取上传的内容：{}", e.body_text()),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message }).to_string();
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response()
    }
}

/// A JSON answer (axum's `json` feature is left out: this is all it does).
fn json_response(v: serde_json::Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        v.to_string(),
    )
        .into_response()
}

/// `100 MB`, `512 KB`.
fn human_size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{} MB", b >> 20),
        b => format!("{} KB", b.div_ceil(1024)),
    }
}

/// Parses `100MB`, `20M`, `512KB`, `1GB` or a number of bytes.
///
/// ```
/// use jixiao::serve::parse_size;
/// assert_eq!(parse_size("100MB"), Some(100 << 20));
/// assert_eq!(parse_size("512 kb"), Some(512 << 10));
/// assert_eq!(parse_size("12"), Some(12));
/// assert_eq!(parse_size("lots"), None);
/// ```
pub fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim().to_ascii_uppercase();
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == ' ');
    let unit = s[digits.len()..].trim();
    let shift = match unit {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return None,
    };
    digits.trim().parse::<usize>().ok()?.checked_mul(1 << shift)
}

/// The application: routes, body limit, per-request time limit.
pub fn router(options: ServeOptions) -> Router {
    let limit = options.max_upload;
    let state: Shared = Arc::new(AppState {
        options,
        jobs: jobs::Jobs::default(),
    });
    Router::new()
        .route("/", get(assets::page))
        .route("/assets/{name}", get(assets::asset))
        .route("/api/convert", post(api::convert))
        .route("/api/check", post(api::check))
        .route("/api/inspect", post(api::inspect))
        .route("/api/collect", post(api::collect))
        .route("/api/fill", post(api::fill))
        .route("/api/jobs/fill", post(jobs::start_fill))
        .route("/api/jobs/{id}", get(jobs::status))
        .route("/api/jobs/{id}/result", get(jobs::result))
        .route("/api/template/{file}", get(api::template))
        .layer(axum::middleware::from_fn_with_state(state.clone(), limits))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// Refuses a foreign `Host`, a declared body over the limit before reading
/// any of it, and
/// answers 503 when a request takes longer than the time limit.
async fn limits(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok());
    let hosts = &state.options.hosts;
    if !hosts.is_empty() && !host.is_some_and(|h| hosts.iter().any(|a| a.eq_ignore_ascii_case(h))) {
        return ApiError {
            status: StatusCode::MISDIRECTED_REQUEST,
            message: format!("请用 http://{}/ 打开本页面", hosts[0]),
        }
        .into_response();
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.options.max_upload as u64) {
        return ApiError::too_large(state.options.max_upload).into_response();
    }
    match tokio::time::timeout(state.options.timeout, next.run(req)).await {
        Ok(r) => r,
        Err(_) => ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: format!("处理超时（上限 {} 秒）", state.options.timeout.as_secs()),
        }
        .into_response(),
    }
}

/// Runs CPU work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::internal(format!("处理失败：{e}")))?
}

/// Serves on `listener` until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    options: ServeOptions,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Without TCP_NODELAY a small answer can wait ~40 ms for the client's
    // delayed ACK (Nagle's algorithm).
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, router(options)).await
}

/// The names a loopback server answers to on `port`.
///
/// ```
/// let hosts = jixiao::serve::loopback_hosts(8080);
/// assert!(hosts.contains(&"localhost:8080".to_string()));
/// ```
pub fn loopback_hosts(port: u16) -> Vec<String> {
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .map(|h| format!("{h}:{port}"))
        .collect()
}

/// Binds `addr`, calls `ready` with the bound address (port 0 picks a free
/// one), and serves forever on a multi-threaded runtime.
pub fn run(
    addr: SocketAddr,
    options: ServeOptions,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let bound = listener.local_addr()?;
        let mut options = options;
        if bound.ip().is_loopback() && options.hosts.is_empty() {
            options.hosts = loopback_hosts(bound.port());
        }
        ready(bound);
        serve(listener, options).await
    })
}
