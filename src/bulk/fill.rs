//! `fill`: every project of a master becomes a form file (XLSX, PDF, JSON),
//! one per project or all in one file, written in parallel and atomically.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::master::{Master, MasterForm};
use super::names::UniqueStems;
use super::recompute::recompute;
use crate::layout::{layout_form, Grid, LayoutOptions, Template};
use crate::model::{Form, FormKind};
use crate::write::atomic::write_bytes_atomic;
use crate::write::pdf::PdfFont;
use crate::write::{write_laid, OutputFormat, WriteOptions, Written as Rendered};

/// What `fill` writes and how.
#[derive(Debug, Clone)]
pub struct FillOptions {
    /// Output formats (one file per format per project).
    pub formats: Vec<OutputFormat>,
    /// One file per format holding every form, named after `one_file_stem`.
    pub one_file: bool,
    /// Stem of the single files with `one_file` (usually the master's stem).
    pub one_file_stem: String,
    /// Recompute derived numbers instead of keeping them as given.
    pub recompute: bool,
    /// Replace existing files.
    pub overwrite: bool,
    /// Layout choices (templates, formulas).
    pub layout: LayoutOptions,
    /// Font for PDF output.
    pub pdf_font: PdfFont,
    /// Files never to replace, even with `overwrite` (the master itself);
    /// canonical paths.
    pub keep: Vec<PathBuf>,
    /// Set (e.g. by a Ctrl-C handler) to stop starting new forms; forms in
    /// hand are finished, so no file is left half written.
    pub cancel: Option<&'static AtomicBool>,
}

impl Default for FillOptions {
    fn default() -> FillOptions {
        FillOptions {
            formats: vec![OutputFormat::Xlsx],
            one_file: false,
            one_file_stem: "forms".into(),
            recompute: false,
            overwrite: false,
            layout: LayoutOptions::default(),
            pdf_font: PdfFont::builtin(),
            keep: Vec::new(),
            cancel: None,
        }
    }
}

/// A form or file that could not be written; the others were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FillFailure {
    /// Where the project was read (`项目 row 7`) and its 序号, or the file.
    pub place: String,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for FillFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// What `fill` did.
#[derive(Debug, Clone, Default)]
pub struct FillReport {
    /// Forms written in every requested format.
    pub forms_written: usize,
    /// Files written.
    pub files: Vec<PathBuf>,
    /// Forms or files that failed.
    pub failures: Vec<FillFailure>,
    /// Files written with something to look at (characters the PDF font lacks).
    pub warnings: Vec<FillFailure>,
    /// Forms not started because the run was cancelled.
    pub skipped: usize,
    /// Files that existed and were kept (without `overwrite`).
    pub kept: Vec<PathBuf>,
    /// Forms all of whose files existed, so nothing was made for them.
    pub forms_kept: usize,
}

/// Fills forms from `master` into `out_dir` (created if missing). Each file
/// is written to a temporary name and renamed; nothing is written outside
/// `out_dir`. Existing files are kept unless `options.overwrite` and only
/// the missing ones are made, so a run that was stopped can be run again
/// (a project whose XLSX exists but whose PDF does not gets its PDF).
/// `progress` is called once per form done.
pub fn fill(
    master: &Master,
    out_dir: &Path,
    options: &FillOptions,
    progress: &(dyn Fn() + Sync),
) -> Result<FillReport, std::io::Error> {
    std::fs::create_dir_all(out_dir)?;
    let mut layout = options.layout.clone();
    // Parse each built-in template once, not once per form.
    for kind in FormKind::ALL {
        layout
            .templates
            .entry(kind)
            .or_insert_with(|| Template::builtin(kind));
    }
    let write = WriteOptions {
        layout,
        font: Some(options.pdf_font.clone()),
    };
    let prepared = |m: &MasterForm| -> Form {
        let mut form = m.form.clone();
        if options.recompute {
            recompute(&mut form);
        }
        form
    };
    if options.one_file {
        return Ok(fill_one_file(
            master, out_dir, options, &write, &prepared, progress,
        ));
    }
    let mut stems = UniqueStems::default();
    let jobs: Vec<(&MasterForm, String)> = master
        .forms
        .iter()
        .map(|m| {
            let name = match m.form.project_name() {
                Some(p) => format!("{}-{p}", m.key),
                None => m.key.clone(),
            };
            (m, stems.claim(&name))
        })
        .collect();
    let cancelled = || options.cancel.is_some_and(|c| c.load(Ordering::Relaxed));
    let results: Vec<Option<Result<Written, FillFailure>>> = jobs
        .par_iter()
        .map(|(m, stem)| {
            if cancelled() {
                return None;
            }
            let r = fill_one(&prepared(m), m, stem, out_dir, options, &write);
            progress();
            Some(r)
        })
        .collect();
    let mut report = FillReport::default();
    for r in results {
        let Some(r) = r else {
            report.skipped += 1;
            continue;
        };
        match r {
            Ok(done) => {
                match done.files.is_empty() {
                    true => report.forms_kept += 1,
                    false => report.forms_written += 1,
                }
                report.files.extend(done.files);
                report.kept.extend(done.kept);
                report.warnings.extend(done.warnings);
            }
            Err(f) => report.failures.push(f),
        }
    }
    Ok(report)
}

fn where_of(m: &MasterForm) -> String {
    match m.place.is_empty() {
        true => format!("序号 {}", m.key),
        false => format!("{} (序号 {})", m.place, m.key),
    }
}

/// What was done for one project.
#[derive(Default)]
struct Written {
    /// Files written.
    files: Vec<PathBuf>,
    /// Files that existed and were kept.
    kept: Vec<PathBuf>,
    /// Warnings about the files written.
    warnings: Vec<FillFailure>,
}

/// Whether an existing `path` is to be kept rather than made again.
fn keep_existing(path: &Path, options: &FillOptions) -> bool {
    !options.overwrite && path.exists()
}

/// One project → its files. The first failure stops this project only.
fn fill_one(
    form: &Form,
    m: &MasterForm,
    stem: &str,
    out_dir: &Path,
    options: &FillOptions,
    write: &WriteOptions,
) -> Result<Written, FillFailure> {
    let fail = |message: String| FillFailure {
        place: where_of(m),
        message,
    };
    let mut done = Written::default();
    let mut todo = Vec::new();
    for &format in &options.formats {
        let path = out_dir.join(format!("{stem}.{}", format.extension()));
        match keep_existing(&path, options) {
            true => done.kept.push(path),
            false => todo.push((format, path)),
        }
    }
    let grid = if todo.iter().any(|(f, _)| f.needs_grid()) {
        vec![layout_form(form, &write.layout).map_err(|e| fail(e.to_string()))?]
    } else {
        Vec::new()
    };
    for (format, path) in todo {
        let Rendered {
            bytes,
            warnings: notes,
        } = write_laid(None, &[form], &grid, format, write)
            .map_err(|e| fail(format!("{}: {e}", path.display())))?;
        match write_checked(out_dir, &path, options, &bytes) {
            Ok(()) => done.files.push(path.clone()),
            // Made meanwhile by someone else: theirs is kept.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                done.kept.push(path);
                continue;
            }
            Err(e) => return Err(fail(write_error(&path, &e))),
        }
        done.warnings.extend(
            notes
                .into_iter()
                .map(|n| fail(format!("{}: {n}", path.display()))),
        );
    }
    Ok(done)
}

fn write_error(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            format!("{} exists (use --force to overwrite)", path.display())
        }
        _ => format!("{}：无法写入：{e}", path.display()),
    }
}

/// Writes a file known to be a direct child of `out_dir`, never one of
/// `options.keep`.
fn write_checked(
    out_dir: &Path,
    path: &Path,
    options: &FillOptions,
    bytes: &[u8],
) -> std::io::Result<()> {
    // Names come from `safe_stem`; this guards against a future caller.
    if path.parent() != Some(out_dir) {
        return Err(std::io::Error::other("不能写到输出文件夹之外"));
    }
    if let Ok(real) = path.canonicalize() {
        if options.keep.contains(&real) {
            return Err(std::io::Error::other("不能覆盖汇总表（master）"));
        }
    }
    write_bytes_atomic(path, options.overwrite, bytes)
}

/// Every form in one file per format: a sheet per form, a PDF with every form
/// on its own pages. Holds all grids in memory.
fn fill_one_file(
    master: &Master,
    out_dir: &Path,
    options: &FillOptions,
    write: &WriteOptions,
    prepared: &(dyn Fn(&MasterForm) -> Form + Sync),
    progress: &(dyn Fn() + Sync),
) -> FillReport {
    let needs_grid = options.formats.iter().any(|f| f.needs_grid());
    let laid: Vec<Result<(Form, Option<Grid>), FillFailure>> = master
        .forms
        .par_iter()
        .map(|m| {
            let form = prepared(m);
            let grid = match needs_grid {
                true => Some(layout_form(&form, &write.layout).map_err(|e| FillFailure {
                    place: where_of(m),
                    message: e.to_string(),
                })?),
                false => None,
            };
            progress();
            Ok((form, grid))
        })
        .collect();
    let mut report = FillReport::default();
    let mut forms = Vec::new();
    let mut grids = Vec::new();
    for r in laid {
        match r {
            Ok((form, grid)) => {
                forms.push(form);
                grids.extend(grid);
            }
            Err(f) => report.failures.push(f),
        }
    }
    if options.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
        report.skipped = forms.len();
        return report;
    }
    let stem = super::names::safe_stem(&options.one_file_stem);
    let form_refs: Vec<&Form> = forms.iter().collect();
    let mut all_written = !forms.is_empty();
    for &format in &options.formats {
        let path = out_dir.join(format!("{stem}.{}", format.extension()));
        if keep_existing(&path, options) {
            report.kept.push(path);
            continue;
        }
        let result = write_laid(None, &form_refs, &grids, format, write)
            .map_err(|e| e.to_string())
            .and_then(|w| {
                write_checked(out_dir, &path, options, &w.bytes)
                    .map_err(|e| write_error(&path, &e))?;
                Ok(w.warnings)
            });
        match result {
            Ok(notes) => {
                report
                    .warnings
                    .extend(notes.into_iter().map(|message| FillFailure {
                        place: path.display().to_string(),
                        message,
                    }));
                report.files.push(path);
            }
            Err(message) => {
                all_written = false;
                report.failures.push(FillFailure {
                    place: path.display().to_string(),
                    message,
                });
            }
        }
    }
    if all_written && !report.files.is_empty() {
        report.forms_written = forms.len();
    } else if report.files.is_empty() && !report.kept.is_empty() {
        report.forms_kept = forms.len();
    }
    report
}
