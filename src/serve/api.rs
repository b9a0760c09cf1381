//! API handlers: each reads the uploads, runs the library entries the CLI
//! uses in `spawn_blocking`, and answers bytes or JSON.

use std::collections::HashMap;
use std::io::Write;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::upload::{self, Upload};
use super::{blocking, json_response, ApiError, Shared};
use crate::bulk::master::{columns::kind_label, read_master, write_template};
use crate::bulk::{collect_with as collect_forms, fill as fill_forms, FillOptions};
use crate::check::{check_form, Severity};
use crate::layout::{blank_form, LayoutOptions};
use crate::model::{Document, Form, FormKind};
use crate::read::{Place, ReadOptions, ReadOutput};
use crate::write::{write, write_report, OutputFormat, WriteOptions};

type Params = Query<HashMap<String, String>>;

/// The output formats named by `?to=` (default `json`; several with commas).
fn format_param(q: &HashMap<String, String>) -> Result<Vec<OutputFormat>, ApiError> {
    let to = q.get("to").map(String::as_str).unwrap_or("json");
    OutputFormat::parse_list(to).map_err(|_| {
        ApiError::bad_request(format!("不支持的格式 {to:?}：请用 json、xlsx、pdf 或 html"))
    })
}

/// A file download with a UTF-8 file name.
pub(super) fn download(name: &str, mime: &str, bytes: Vec<u8>) -> Response {
    let ascii: String = name
        .chars()
        .map(
            |c| match c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                true => c,
                false => '_',
            },
        )
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encode(name)
    );
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
            true => out.push(b as char),
            false => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A ZIP of named files (names made by the server, never taken from uploads
/// unless made safe).
pub(super) fn zip(entries: &[(String, Vec<u8>)]) -> Result<Vec<u8>, ApiError> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    let fail = |e: &dyn std::fmt::Display| ApiError::internal(format!("无法打包 ZIP：{e}"));
    for (name, bytes) in entries {
        w.start_file(name.as_str(), options).map_err(|e| fail(&e))?;
        w.write_all(bytes).map_err(|e| fail(&e))?;
    }
    Ok(w.finish().map_err(|e| fail(&e))?.into_inner())
}

/// Reads every upload; the first that cannot be read fails the request.
fn read_all(uploads: &[Upload], options: &ReadOptions) -> Result<Vec<ReadOutput>, ApiError> {
    uploads
        .iter()
        .map(|u| u.read(options).map_err(ApiError::unprocessable))
        .collect()
}

/// `POST /api/convert?to=json|xlsx|pdf|html`: each uploaded file in the
/// format; one file back, or a ZIP when several files (or formats, as in
/// `to=xlsx,pdf,json`) were asked for.
pub async fn convert(
    State(state): State<Shared>,
    q: Params,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let formats = format_param(&q)?;
    let uploads = upload::files(multipart).await?;
    blocking(move || {
        let read = read_all(&uploads, &state.read_options())?;
        let stems = upload::stems(&uploads);
        let options = WriteOptions::default();
        let mut files = Vec::with_capacity(read.len());
        for ((out, stem), up) in read.iter().zip(&stems).zip(&uploads) {
            for &format in &formats {
                let bytes = write(&out.document, format, &options)
                    .map_err(|e| ApiError::unprocessable(format!("{}: {e}", up.name)))?;
                files.push((format!("{stem}.{}", format.extension()), bytes));
            }
        }
        Ok(match files.len() {
            1 => {
                let (name, bytes) = files.pop().expect("one file");
                download(&name, formats[0].mime(), bytes)
            }
            _ => download("jixiao.zip", "application/zip", zip(&files)?),
        })
    })
    .await
}

/// A finding as JSON, with the place in the uploaded file when known.
fn finding_json(out: &ReadOutput, i: usize, f: &crate::check::Finding) -> Value {
    let place = out
        .places
        .get(i)
        .and_then(|p| p.of(&f.field))
        .filter(|p| !matches!(p, Place::Json { .. }))
        .map(ToString::to_string);
    let severity = match f.severity {
        Severity::Note => "提示",
        Severity::Warning => "警告",
        Severity::Error => "错误",
    };
    json!({
        "form": i + 1,
        "place": place,
        "severity": f.severity,
        "severity_label": severity,
        "field": f.field,
        "field_label": crate::check::field_label(&f.field),
        "message": f.message,
    })
}

/// The units a form names (主管部门, 实施单位, 申报单位).
fn units(form: &Form) -> Vec<String> {
    let v = serde_json::to_value(form).unwrap_or(Value::Null);
    ["department", "implementer", "applicant"]
        .iter()
        .filter_map(|k| v.get(k).and_then(Value::as_str))
        .map(str::to_string)
        .collect()
}

/// What the page and `/api/check` say about one upload.
fn report(up: &Upload, options: &ReadOptions, with_html: bool) -> Value {
    let out = match up.read(options) {
        Ok(out) => out,
        Err(e) => return json!({ "file": up.name, "error": e }),
    };
    let forms: Vec<Value> = out
        .document
        .forms
        .iter()
        .enumerate()
        .map(|(i, form)| {
            let findings: Vec<Value> = check_form(form)
                .iter()
                .map(|f| finding_json(&out, i, f))
                .collect();
            json!({
                "form": i + 1,
                "kind": form.kind().as_str(),
                "kind_label": kind_label(form.kind()),
                "title": form.title(),
                "project_name": form.project_name(),
                "year": form.year(),
                "units": units(form),
                "indicators": form.indicator_count(),
                "findings": findings,
            })
        })
        .collect();
    let text = |ws: &[crate::read::Warning]| ws.iter().map(ToString::to_string).collect::<Vec<_>>();
    let mut v = json!({
        "file": up.name,
        "forms": forms,
        "warnings": text(&out.warnings),
        "errors": text(&out.errors),
    });
    if with_html {
        match write_report(&out.document, OutputFormat::Html, &WriteOptions::default()) {
            Ok(w) => v["html"] = String::from_utf8_lossy(&w.bytes).into_owned().into(),
            Err(e) => v["error"] = format!("{}: {e}", up.name).into(),
        }
    }
    v
}

/// `POST /api/check`: the `check` findings of every uploaded file, as JSON.
pub async fn check(state: State<Shared>, multipart: Multipart) -> Result<Response, ApiError> {
    reports(state, multipart, false).await
}

/// `POST /api/inspect`: what the page lists: the check report of each file
/// with its forms drawn as the official tables (HTML).
pub async fn inspect(state: State<Shared>, multipart: Multipart) -> Result<Response, ApiError> {
    reports(state, multipart, true).await
}

/// The [`report`] of every upload, as `{"files": […]}`.
async fn reports(
    State(state): State<Shared>,
    multipart: Multipart,
    with_html: bool,
) -> Result<Response, ApiError> {
    let uploads = upload::files(multipart).await?;
    blocking(move || {
        let options = state.read_options();
        let files: Vec<Value> = uploads
            .iter()
            .map(|u| report(u, &options, with_html))
            .collect();
        Ok(json_response(json!({ "files": files })))
    })
    .await
}

/// `POST /api/collect` (汇总): many forms → the master workbook with its
/// 汇总表 and 检查 sheets, as `jixiao collect` makes it.
pub async fn collect(
    State(state): State<Shared>,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let uploads = upload::files(multipart).await?;
    blocking(move || {
        let dir = tempfile::tempdir().map_err(|e| ApiError::internal(e.to_string()))?;
        let mut paths = Vec::with_capacity(uploads.len());
        for (i, up) in uploads.iter().enumerate() {
            paths.push(up.save_in(dir.path(), &format!("{:04}", i + 1))?);
        }
        let mut collected = collect_forms(&paths, &state.read_options(), &|| {});
        // Findings and places name the uploads, not the temporary files.
        let names: Vec<(String, &str)> = paths
            .iter()
            .zip(&uploads)
            .map(|(p, u)| (p.display().to_string(), u.name.as_str()))
            .collect();
        let rename = |s: &mut String| {
            for (temp, name) in &names {
                if s.contains(temp.as_str()) {
                    *s = s.replace(temp.as_str(), name);
                }
            }
        };
        collected
            .findings
            .iter_mut()
            .for_each(|f| rename(&mut f.file));
        collected
            .master
            .forms
            .iter_mut()
            .for_each(|m| rename(&mut m.place));
        if collected.master.forms.is_empty() {
            let why: Vec<String> = collected
                .failures
                .iter()
                .map(|f| {
                    let mut s = f.to_string();
                    rename(&mut s);
                    s
                })
                .collect();
            return Err(ApiError::unprocessable(format!(
                "没有读到任何表：{}",
                why.join("；")
            )));
        }
        let target = dir.path().join("汇总.xlsx");
        collected
            .write(&target, true)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let bytes = std::fs::read(&target).map_err(|e| ApiError::internal(e.to_string()))?;
        Ok(download("汇总.xlsx", OutputFormat::Xlsx.mime(), bytes))
    })
    .await
}

/// Fills every project of an uploaded master into a ZIP of form files
/// (`?to=xlsx,pdf`, `?recompute=1`); `progress(done, total)` after each form.
pub(super) fn fill_zip(
    up: &Upload,
    q: &HashMap<String, String>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<u8>, ApiError> {
    let formats = OutputFormat::parse_list(q.get("to").map(String::as_str).unwrap_or("xlsx"))
        .map_err(ApiError::bad_request)?;
    let dir = tempfile::tempdir().map_err(|e| ApiError::internal(e.to_string()))?;
    let path = up.save_in(dir.path(), "master")?;
    let temp = path.display().to_string();
    let named = |s: String| s.replace(&temp, &up.name);
    let read = read_master(&path).map_err(|e| ApiError::unprocessable(named(e.to_string())))?;
    let total = read.master.forms.len();
    if total == 0 {
        let why: Vec<String> = read.problems.iter().map(|p| named(p.to_string())).collect();
        return Err(ApiError::unprocessable(format!(
            "{}: 总表里没有可以填写的项目{}",
            up.name,
            if why.is_empty() {
                String::new()
            } else {
                format!("：{}", why.join("；"))
            }
        )));
    }
    let options = FillOptions {
        formats,
        recompute: q.get("recompute").is_some_and(|v| v == "1" || v == "true"),
        layout: LayoutOptions::default(),
        ..Default::default()
    };
    let out = dir.path().join("out");
    let done = std::sync::atomic::AtomicUsize::new(0);
    progress(0, total);
    let report = fill_forms(&read.master, &out, &options, &|| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(n, total);
    })
    .map_err(|e| ApiError::internal(e.to_string()))?;
    let mut entries = Vec::with_capacity(report.files.len() + 1);
    for file in &report.files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(file).map_err(|e| ApiError::internal(e.to_string()))?;
        entries.push((name, bytes));
    }
    let problems: Vec<String> = read
        .problems
        .iter()
        .map(ToString::to_string)
        .chain(report.failures.iter().map(ToString::to_string))
        .chain(report.warnings.iter().map(ToString::to_string))
        .map(|s| named(s).replace(&format!("{}/", out.display()), ""))
        .collect();
    if !problems.is_empty() {
        entries.push(("问题.txt".into(), (problems.join("\n") + "\n").into_bytes()));
    }
    zip(&entries)
}

/// `POST /api/fill` (批量填表): a master workbook → a ZIP of filled forms.
pub async fn fill(q: Params, multipart: Multipart) -> Result<Response, ApiError> {
    let mut uploads = upload::files(multipart).await?;
    let up = uploads.swap_remove(0);
    blocking(move || {
        let bytes = fill_zip(&up, &q, &|_, _| {})?;
        Ok(download("填好的表.zip", "application/zip", bytes))
    })
    .await
}

/// `GET /api/template/{kind}.{xlsx|pdf|html}`: a blank form of a kind (with
/// live formulas in XLSX), or `master.xlsx`, the empty master for 批量填表.
pub async fn template(
    State(_): State<Shared>,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let (kind, ext) = file
        .rsplit_once('.')
        .ok_or_else(|| ApiError::bad_request("请求的模板要带扩展名，如 self-evaluation.xlsx"))?;
    let format = OutputFormat::parse(ext)
        .filter(|f| f.needs_grid())
        .ok_or_else(|| ApiError::bad_request("模板只有 xlsx、pdf 和 html 三种格式"))?;
    let kind = kind.to_string();
    blocking(move || {
        if kind == "master" && format == OutputFormat::Xlsx {
            let dir = tempfile::tempdir().map_err(|e| ApiError::internal(e.to_string()))?;
            let path = dir.path().join("master.xlsx");
            write_template(&path, true).map_err(|e| ApiError::internal(e.to_string()))?;
            let bytes = std::fs::read(&path).map_err(|e| ApiError::internal(e.to_string()))?;
            return Ok(download("总表模板.xlsx", format.mime(), bytes));
        }
        let k = FormKind::parse(&kind).ok_or_else(|| {
            ApiError::bad_request(format!(
                "没有 {kind:?} 这种表：请用 self-evaluation、target-declaration、target-table 或 master"
            ))
        })?;
        let doc = Document { title: None, forms: vec![blank_form(k, 10)] };
        let options = WriteOptions {
            layout: LayoutOptions { formulas: true, ..Default::default() },
            font: None,
        };
        let bytes = write(&doc, format, &options).map_err(|e| ApiError::internal(e.to_string()))?;
        let name = format!("{}-空白.{}", kind_label(k), format.extension());
        Ok(download(&name, format.mime(), bytes))
    })
    .await
}
