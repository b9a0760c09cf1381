//! 批量填表 with progress: `POST /api/jobs/fill` starts filling in the
//! background and answers an id; `GET /api/jobs/{id}` tells how many forms
//! are done; `GET /api/jobs/{id}/result` hands the ZIP over once and forgets
//! it. Ids are random 128-bit numbers, so one user cannot fetch another's
//! result; results not fetched are dropped after half an hour.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Multipart, Path, Query, State};
use axum::response::Response;
use serde_json::json;

use super::api::{download, fill_zip};
use super::upload;
use super::{json_response, ApiError, Shared};

/// How long a finished result waits to be fetched.
const KEEP: Duration = Duration::from_secs(30 * 60);

/// Running and finished jobs.
#[derive(Default)]
pub(super) struct Jobs {
    map: Mutex<HashMap<String, Arc<Job>>>,
}

#[derive(Default)]
struct Job {
    done: AtomicUsize,
    total: AtomicUsize,
    result: Mutex<Option<Result<Vec<u8>, String>>>,
    started: Option<Instant>,
}

/// A random id: a counter hashed by the standard library's SipHash with
/// keys drawn from the OS at start, so ids are unique and unguessable.
fn new_id() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let half = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_usize(COUNTER.fetch_add(1, Ordering::Relaxed));
        h.finish()
    };
    format!("{:016x}{:016x}", half(), half())
}

impl Jobs {
    fn get(&self, id: &str) -> Result<Arc<Job>, ApiError> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(id).cloned().ok_or_else(|| ApiError {
            status: axum::http::StatusCode::NOT_FOUND,
            message: "没有这个任务（已取走或已过期）".into(),
        })
    }
}

/// `POST /api/jobs/fill?to=…`: starts filling; answers `{"id": …}`.
pub async fn start_fill(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let mut uploads = upload::files(multipart).await?;
    let up = uploads.swap_remove(0);
    let job = Arc::new(Job {
        started: Some(Instant::now()),
        ..Default::default()
    });
    let id = new_id();
    {
        let mut map = state.jobs.map.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, j| j.started.is_some_and(|t| t.elapsed() < KEEP));
        map.insert(id.clone(), job.clone());
    }
    tokio::task::spawn_blocking(move || {
        let r = fill_zip(&up, &q, &|done, total| {
            job.total.store(total, Ordering::Relaxed);
            job.done.store(done, Ordering::Relaxed);
        });
        *job.result.lock().unwrap_or_else(|e| e.into_inner()) = Some(r.map_err(|e| e.message));
    });
    Ok(json_response(json!({ "id": id })))
}

/// `GET /api/jobs/{id}`: `{"done", "total", "finished", "error"}`.
pub async fn status(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let job = state.jobs.get(&id)?;
    let result = job.result.lock().unwrap_or_else(|e| e.into_inner());
    let error = match result.as_ref() {
        Some(Err(e)) => Some(e.clone()),
        _ => None,
    };
    Ok(json_response(json!({
        "done": job.done.load(Ordering::Relaxed),
        "total": job.total.load(Ordering::Relaxed),
        "finished": result.is_some(),
        "error": error,
    })))
}

/// `GET /api/jobs/{id}/result`: the ZIP, once; the job is forgotten.
pub async fn result(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let job = state.jobs.get(&id)?;
    let taken = job.result.lock().unwrap_or_else(|e| e.into_inner()).take();
    match taken {
        None => Err(ApiError::bad_request("任务还没有完成")),
        Some(r) => {
            state
                .jobs
                .map
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&id);
            r.map(|bytes| download("填好的表.zip", "application/zip", bytes))
                .map_err(ApiError::unprocessable)
        }
    }
}
