//! The one write entry (输出): a document in any output format, as bytes.
//! `convert`, `template`, `fill` and the server all come through here, so a
//! format is added in one place.

use std::path::Path;

use crate::layout::{layout_form, Grid, LayoutError, LayoutOptions};
use crate::model::{Document, Form};
use crate::write::pdf::{render_pdf_report, PdfError, PdfFont};

/// An output format (输出格式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// The model's JSON.
    Json,
    /// The official form as a workbook, a sheet per form.
    Xlsx,
    /// The official form as printable PDF, every form on its own pages.
    Pdf,
    /// The official form as one self-contained HTML page, a table per form.
    Html,
}

impl OutputFormat {
    /// Every format, in the order menus show them.
    pub const ALL: [OutputFormat; 4] = [
        OutputFormat::Json,
        OutputFormat::Xlsx,
        OutputFormat::Pdf,
        OutputFormat::Html,
    ];

    /// Parses `json`, `xlsx`, `pdf` or `html` (any case, `htm` too).
    ///
    /// ```
    /// use jixiao::write::OutputFormat;
    /// assert_eq!(OutputFormat::parse(" HTML"), Some(OutputFormat::Html));
    /// assert_eq!(OutputFormat::parse("docx"), None);
    /// ```
    pub fn parse(s: &str) -> Option<OutputFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Some(OutputFormat::Json),
            "xlsx" => Some(OutputFormat::Xlsx),
            "pdf" => Some(OutputFormat::Pdf),
            "html" | "htm" => Some(OutputFormat::Html),
            _ => None,
        }
    }

    /// Parses a comma-separated list (`xlsx,pdf`), without repeats.
    ///
    /// ```
    /// use jixiao::write::OutputFormat;
    /// assert_eq!(OutputFormat::parse_list("xlsx, pdf").unwrap(), [OutputFormat::Xlsx, OutputFormat::Pdf]);
    /// assert!(OutputFormat::parse_list("docx").is_err());
    /// ```
    pub fn parse_list(s: &str) -> Result<Vec<OutputFormat>, String> {
        let mut out = Vec::new();
        for part in s.split(',').filter(|p| !p.trim().is_empty()) {
            let f = OutputFormat::parse(part).ok_or_else(|| {
                format!("未知的输出格式 {part:?}（可用 json、xlsx、pdf 或 html）")
            })?;
            if !out.contains(&f) {
                out.push(f);
            }
        }
        if out.is_empty() {
            return Err("没有指定输出格式（可用 json、xlsx、pdf 或 html）".into());
        }
        Ok(out)
    }

    /// The format a file name's extension names.
    pub fn from_path(p: &Path) -> Option<OutputFormat> {
        p.extension()
            .and_then(|e| e.to_str())
            .and_then(OutputFormat::parse)
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Json => "json",
            OutputFormat::Xlsx => "xlsx",
            OutputFormat::Pdf => "pdf",
            OutputFormat::Html => "html",
        }
    }

    /// The media type, for HTTP answers.
    pub fn mime(self) -> &'static str {
        match self {
            OutputFormat::Json => "application/json",
            OutputFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            OutputFormat::Pdf => "application/pdf",
            OutputFormat::Html => "text/html; charset=utf-8",
        }
    }

    /// Whether the format is drawn from laid-out grids (all but JSON).
    pub fn needs_grid(self) -> bool {
        self != OutputFormat::Json
    }
}

/// How forms are drawn: layout templates and formulas, and the PDF font.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Layout choices (template overrides, live formulas).
    pub layout: LayoutOptions,
    /// The PDF font; `None` is the built-in Noto Serif SC.
    pub font: Option<PdfFont>,
}

/// What the writers made: the file's bytes and anything to look at
/// (characters the PDF font lacks).
#[derive(Debug, Clone)]
pub struct Written {
    /// The output file's bytes.
    pub bytes: Vec<u8>,
    /// Warnings, each naming the form and cell.
    pub warnings: Vec<String>,
}

/// Why a document could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Nothing to draw (XLSX, PDF and HTML need at least one form).
    #[error("没有可写出的表")]
    Empty,
    /// A form could not be laid out (bad template override).
    #[error("第 {index} 张表：{source}")]
    Layout {
        /// Position of the form, from 1.
        index: usize,
        /// What the layout engine said.
        source: LayoutError,
    },
    /// The workbook could not be built (a grid beyond spreadsheet limits).
    #[error("无法生成工作簿：{0}")]
    Xlsx(String),
    /// The PDF could not be drawn.
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

/// Writes a document in `format` and returns the file's bytes.
///
/// ```
/// use jixiao::layout::blank_form;
/// use jixiao::model::{Document, FormKind};
/// use jixiao::write::{write, OutputFormat, WriteOptions};
/// let doc = Document { title: None, forms: vec![blank_form(FormKind::TargetTable, 2)] };
/// let html = write(&doc, OutputFormat::Html, &WriteOptions::default()).unwrap();
/// assert!(String::from_utf8(html).unwrap().contains("<table"));
/// let xlsx = write(&doc, OutputFormat::Xlsx, &WriteOptions::default()).unwrap();
/// assert!(xlsx.starts_with(b"PK"));
/// ```
pub fn write(
    doc: &Document,
    format: OutputFormat,
    options: &WriteOptions,
) -> Result<Vec<u8>, WriteError> {
    write_report(doc, format, options).map(|w| w.bytes)
}

/// [`write`], also returning warnings (characters the PDF font lacks).
pub fn write_report(
    doc: &Document,
    format: OutputFormat,
    options: &WriteOptions,
) -> Result<Written, WriteError> {
    let grids = match format.needs_grid() {
        true => layout_all(doc.forms.iter(), &options.layout)?,
        false => Vec::new(),
    };
    let forms: Vec<&Form> = doc.forms.iter().collect();
    write_laid(doc.title.as_deref(), &forms, &grids, format, options)
}

/// Lays every form out; the error names the form.
pub fn layout_all<'a>(
    forms: impl Iterator<Item = &'a Form>,
    layout: &LayoutOptions,
) -> Result<Vec<Grid>, WriteError> {
    forms
        .enumerate()
        .map(|(i, f)| {
            layout_form(f, layout).map_err(|source| WriteError::Layout {
                index: i + 1,
                source,
            })
        })
        .collect()
}

/// Writes forms already laid out as `grids` (one per form; unused for
/// JSON), for callers that draw one layout in several formats (`fill`).
pub fn write_laid(
    title: Option<&str>,
    forms: &[&Form],
    grids: &[Grid],
    format: OutputFormat,
    options: &WriteOptions,
) -> Result<Written, WriteError> {
    if format.needs_grid() && grids.is_empty() {
        return Err(WriteError::Empty);
    }
    let mut written = write_grids(title, forms, grids, format, options)?;
    // The official layouts have no place for what the model keeps beyond
    // them: said, not dropped silently.
    if format.needs_grid() {
        let mut left: Vec<String> = forms
            .iter()
            .enumerate()
            .filter_map(|(i, f)| unwritten(i + 1, f, format))
            .collect();
        left.append(&mut written.warnings);
        written.warnings = left;
    }
    Ok(written)
}

/// What of a form the official layout has no place for (中期 indicators,
/// extra funding rows, `extra` texts), as one warning; `None` when nothing.
fn unwritten(index: usize, form: &Form, format: OutputFormat) -> Option<String> {
    let (texts, mid, rows) = match form {
        Form::SelfEvaluation(f) => (&f.texts, 0, f.funding.extra.len()),
        Form::TargetDeclaration(f) => (&f.texts, f.midterm_indicators.len(), 0),
        Form::TargetTable(f) => (&f.texts, 0, 0),
    };
    let mut parts = Vec::new();
    if mid > 0 {
        parts.push(format!("中期（长期）绩效指标 {mid} 行"));
    }
    if rows > 0 {
        parts.push(format!("资金表的其他资金行 {rows} 行"));
    }
    if !texts.is_empty() {
        let labels: Vec<&str> = texts.0.iter().map(|(k, _)| k.as_str()).collect();
        parts.push(format!("其他内容（{}）", labels.join("、")));
    }
    if parts.is_empty() {
        return None;
    }
    let name = form.project_name().unwrap_or("未命名");
    Some(format!(
        "第 {index} 张表（{name}）：{}在 {} 的官方版式中没有位置，未写出；完整内容请另存为 JSON",
        parts.join("、"),
        format.extension().to_uppercase()
    ))
}

/// The bytes of one output format from its forms and their grids.
fn write_grids(
    title: Option<&str>,
    forms: &[&Form],
    grids: &[Grid],
    format: OutputFormat,
    options: &WriteOptions,
) -> Result<Written, WriteError> {
    let plain = |bytes| Written {
        bytes,
        warnings: Vec::new(),
    };
    match format {
        OutputFormat::Json => {
            let mut w = crate::write::json::FormsWriter::new(Vec::new(), title)
                .expect("writing to memory cannot fail");
            for f in forms {
                w.form(f).expect("writing to memory cannot fail");
            }
            Ok(plain(w.finish().expect("writing to memory cannot fail")))
        }
        OutputFormat::Xlsx => crate::write::xlsx::xlsx_bytes(grids)
            .map(plain)
            .map_err(WriteError::Xlsx),
        OutputFormat::Html => Ok(plain(
            crate::write::html::html_document(title, grids).into_bytes(),
        )),
        OutputFormat::Pdf => {
            let font = options.font.clone().unwrap_or_else(PdfFont::builtin);
            let out = render_pdf_report(grids, &font)?;
            let warnings = out.warnings();
            Ok(Written {
                bytes: out.bytes,
                warnings,
            })
        }
    }
}
