//! Readers: bytes in, canonical [`Document`] out, with the source place of
//! every field and a warning for everything that could not be placed.
//!
//! One module per input format; each knows labels and value shapes, never how
//! forms are drawn.

pub mod csv;
pub mod doc;
pub mod doc_format;
pub mod docx;
pub mod grid;
pub mod html;
pub mod json;
pub mod ods_guard;
pub mod pdf;
mod places;
pub mod recognize;
pub mod registry;
pub mod table;
pub mod text;
pub mod vocab;
pub mod workbook;
pub mod xlsx;

use std::fmt;
use std::path::Path;

use crate::model::Document;
pub use places::{FieldPath, FieldPlaces, Places};

/// Where something stands in an input file, shown as people say it
/// (`第 12 行`, `工作表1!G6`).
///
/// ```
/// use jixiao::read::Place;
/// assert_eq!(Place::Line(12).to_string(), "第 12 行");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A 1-based line of a text file.
    Line(usize),
    /// A run of lines, first to last (1-based, inclusive).
    Lines(usize, usize),
    /// A cell of a workbook, e.g. `项目A!D7`.
    Cell {
        /// Sheet name.
        sheet: String,
        /// A1-style reference.
        cell: String,
    },
    /// A 1-based page of a paged document (PDF).
    Page(usize),
    /// A form (1-based) of a JSON file, with the field path.
    Json {
        /// Form number, 1-based.
        form: usize,
    },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(n) => write!(f, "第 {n} 行"),
            Place::Lines(a, b) => write!(f, "第 {a}-{b} 行"),
            Place::Cell { sheet, cell } => write!(f, "{sheet}!{cell}"),
            Place::Page(n) => write!(f, "第 {n} 页"),
            Place::Json { form } => write!(f, "第 {form} 张表"),
        }
    }
}

/// Something in the input the reader kept going past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub place: Place,
    /// What, and what was done about it.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// What a reader produces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadOutput {
    /// The forms.
    pub document: Document,
    /// Source places, one entry per form (same order as `document.forms`).
    pub places: Vec<Places>,
    /// Things the reader could not place or had to guess.
    pub warnings: Vec<Warning>,
    /// Problems that make the input count as failed (a truncated form), though
    /// what could be read is kept.
    pub errors: Vec<Warning>,
    /// Titles of forms that are not project forms (部门整体支出绩效自评表,
    /// 执行监控表), named in a warning each and skipped.
    pub skipped: Vec<String>,
}

impl ReadOutput {
    /// The output when it holds forms; else the error for a file without
    /// any: that it holds only forms of other kinds (naming them), or none
    /// at all (`hint` says what was looked for).
    ///
    /// ```
    /// use jixiao::read::ReadOutput;
    /// let mut out = ReadOutput::default();
    /// out.skipped.push("部门整体支出绩效自评表".into());
    /// let e = out.or_no_form("a.txt", "…").unwrap_err().to_string();
    /// assert!(e.contains("只有部门整体支出绩效自评表"), "{e}");
    /// ```
    pub fn or_no_form(self, file: &str, hint: &str) -> Result<ReadOutput, ReadError> {
        match self.document.forms.is_empty() {
            true => Err(ReadError::no_form(file, hint, &self.skipped)),
            false => Ok(self),
        }
    }
}

impl ReadError {
    /// The error for a file without project forms: that it holds only
    /// forms of other kinds (`skipped`, their titles), or none at all
    /// (`hint` says what was looked for).
    pub fn no_form(file: &str, hint: &str, skipped: &[String]) -> ReadError {
        let file = file.to_string();
        match skipped.is_empty() {
            true => ReadError::NoForm {
                file,
                hint: hint.to_string(),
            },
            false => ReadError::OnlyOtherForms {
                file,
                titles: skipped.join("、"),
            },
        }
    }
}

/// A file the readers could not turn into forms.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{file}: 无法读取：{}", workbook::io_text(source))]
    Io {
        /// The file.
        file: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The bytes are not text in a known encoding.
    #[error("{file}: {what}")]
    Encoding {
        /// The file.
        file: String,
        /// What is wrong and what to do.
        what: String,
    },
    /// The file holds no form at all.
    #[error("{file}: 没有找到表格：{hint}")]
    NoForm {
        /// The file.
        file: String,
        /// What was looked for.
        hint: String,
    },
    /// The file holds forms, but none of a project (a department's whole
    /// budget, an execution monitor).
    #[error("{file}: 没有项目表：文件里只有{titles}，不是项目支出的表（本工具读项目支出绩效自评表、绩效目标申报表和绩效目标表），已跳过")]
    OnlyOtherForms {
        /// The file.
        file: String,
        /// The titles of the forms found, joined by 、.
        titles: String,
    },
    /// A form is there but broken beyond reading.
    #[error("{file}: {place}: {what}")]
    Malformed {
        /// The file.
        file: String,
        /// Where.
        place: Place,
        /// What was expected.
        what: String,
    },
    /// The input format is unknown.
    #[error("{file}: 无法判断输入格式（请用 --from {formats} 指定）", formats = registry::names_bar())]
    UnknownFormat {
        /// The file.
        file: String,
    },
}

pub use registry::{InputFormat, ReadOptions};

/// Reads one file in the given format (or the one its extension says),
/// with the built-in vocabulary; see [`registry::read_path_with`].
pub fn read_path(path: &Path, format: Option<InputFormat>) -> Result<ReadOutput, ReadError> {
    registry::read_path_with(path, format, &ReadOptions::default())
}

/// Reads a file's bytes in `format`; `name` names it in messages.
/// Workbooks need a file: for [`InputFormat::Xlsx`] use [`read_path`].
///
/// ```
/// use jixiao::read::{read_bytes, InputFormat};
/// let text = "财政项目支出绩效目标申报表\n项目名称\t宣传费\n";
/// let out = read_bytes(text.as_bytes(), "a.txt", InputFormat::Text).unwrap();
/// assert_eq!(out.document.forms[0].project_name(), Some("宣传费"));
/// ```
pub fn read_bytes(bytes: &[u8], name: &str, format: InputFormat) -> Result<ReadOutput, ReadError> {
    registry::read_bytes_with(bytes, name, format, &ReadOptions::default())
}
