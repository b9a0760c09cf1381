//! The master workbook (总表): one row per form in sheet 项目, one row per
//! indicator in sheet 指标 keyed by 序号, a 说明 sheet explaining each column.
//! CSV pairs (`projects.csv` + `indicators.csv`) and the model's JSON are
//! accepted too.
//!
//! Amounts are written as text cells so that "7.80" and "10" come back with
//! their digits; numbers typed into Excel are read in their shortest exact form.
//!
//! ```
//! use jixiao::bulk::master::{Master, MasterForm, read_master, write_master};
//! use jixiao::model::{Form, SelfEvaluation};
//! let form = SelfEvaluation { project_name: Some("宣传费".into()), ..Default::default() };
//! let master = Master { forms: vec![MasterForm::new("1", Form::from(form))] };
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("master.xlsx");
//! write_master(&master, &path, false, &[]).unwrap();
//! let back = read_master(&path).unwrap();
//! assert!(back.problems.is_empty());
//! assert_eq!(back.master.forms[0].form, master.forms[0].form);
//! ```

pub mod columns;
mod parse;
pub mod table;
mod write;

use std::path::Path;

use crate::model::{Extra, Form};

pub use parse::parse_tables;
pub use write::{
    csv_safe, indicator_cells, project_cells, write_master, write_master_csv, write_template, Cell,
    ExtraSheet,
};

/// Sheet names of the master workbook.
pub const PROJECT_SHEET: &str = "项目";
/// The indicator sheet.
pub const INDICATOR_SHEET: &str = "指标";
/// The notes sheet.
pub const NOTES_SHEET: &str = "说明";

/// One project of the master: its key (序号), its form, and where it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct MasterForm {
    /// 序号: unique within the master.
    pub key: String,
    /// The form.
    pub form: Form,
    /// Where the project was read (`项目 row 7`), empty for built forms.
    pub place: String,
}

impl MasterForm {
    /// A project built in code.
    pub fn new(key: impl Into<String>, form: Form) -> MasterForm {
        MasterForm {
            key: key.into(),
            form,
            place: String::new(),
        }
    }
}

/// The projects of a master, in sheet order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Master {
    /// Projects.
    pub forms: Vec<MasterForm>,
}

/// A problem with one row or cell; the row is left out, the rest go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// `项目!F7`, `指标 第 12 行`, `projects.csv 第 3 行 B 列`.
    pub place: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// What reading a master gives: the good projects, the bad rows, and
/// warnings about cells that were ignored.
#[derive(Debug, Clone, Default)]
pub struct MasterRead {
    /// Projects whose rows were all good.
    pub master: Master,
    /// Rows left out, each with its place.
    pub problems: Vec<RowProblem>,
    /// Cells ignored (unknown column, a field the kind does not have).
    pub warnings: Vec<RowProblem>,
}

/// A master that cannot be read or written at all.
#[derive(Debug, thiserror::Error)]
pub enum MasterError {
    /// The file could not be opened or is not a workbook / CSV / JSON.
    #[error("{file}: 无法读取：{what}")]
    Open {
        /// The file.
        file: String,
        /// What went wrong.
        what: String,
    },
    /// A sheet or a required column is missing.
    #[error("{file}: {what}")]
    Layout {
        /// The file.
        file: String,
        /// What is missing and what was expected.
        what: String,
    },
    /// The master could not be written.
    #[error("{file}: 无法写入：{what}")]
    Write {
        /// The file.
        file: String,
        /// What went wrong.
        what: String,
    },
}

/// Reads a master: a workbook (.xlsx/.xls/.ods with sheets 项目 and 指标), a
/// CSV pair (`projects.csv`, with `indicators.csv` beside it; 项目.csv and
/// 指标.csv work too), or the model's JSON (`{"forms": [...]}`, keys 1, 2, …).
pub fn read_master(path: &Path) -> Result<MasterRead, MasterError> {
    let file = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => {
            let mut sheets = table::read_workbook_sheets(path, &[PROJECT_SHEET, INDICATOR_SHEET])?;
            let indicators = sheets.pop().flatten();
            let projects = sheets.pop().flatten().ok_or_else(|| MasterError::Layout {
                file: file.clone(),
                what: format!("没有名为“{PROJECT_SHEET}”的工作表（总表的项目表）"),
            })?;
            parse_tables(&file, projects, indicators)
        }
        "csv" => {
            let projects = table::read_csv(path)?;
            let indicators = csv_partner(path).map(|p| table::read_csv(&p)).transpose()?;
            parse_tables(&file, projects, indicators)
        }
        "json" => read_json_master(path),
        _ => Err(MasterError::Open {
            file,
            what: "无法识别的总表格式（请用 .xlsx、.csv 或 .json）".into(),
        }),
    }
}

/// The indicator CSV beside a project CSV, if there is one.
fn csv_partner(projects: &Path) -> Option<std::path::PathBuf> {
    let dir = projects.parent().unwrap_or(Path::new(""));
    let stem = projects.file_stem()?.to_str()?;
    let candidates: &[&str] = match stem {
        "项目" => &["指标.csv"],
        _ => &["indicators.csv", "指标.csv"],
    };
    let named = stem
        .strip_suffix("projects")
        .map(|prefix| dir.join(format!("{prefix}indicators.csv")));
    named
        .into_iter()
        .chain(candidates.iter().map(|c| dir.join(c)))
        .find(|p| p.is_file())
}

fn read_json_master(path: &Path) -> Result<MasterRead, MasterError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| MasterError::Open {
        file: file.clone(),
        what: e.to_string(),
    })?;
    let out = crate::read::json::read_json(&bytes, &file).map_err(|e| MasterError::Open {
        file: file.clone(),
        what: e.to_string(),
    })?;
    let forms = out
        .document
        .forms
        .into_iter()
        .enumerate()
        .map(|(i, form)| MasterForm {
            key: (i + 1).to_string(),
            form,
            place: format!("{file} 第{}张表", i + 1),
        })
        .collect();
    Ok(MasterRead {
        master: Master { forms },
        ..Default::default()
    })
}

/// The fields a form carries beyond the contract.
pub(crate) fn extra_of(form: &Form) -> &Extra {
    match form {
        Form::SelfEvaluation(f) => &f.extra,
        Form::TargetDeclaration(f) => &f.extra,
        Form::TargetTable(f) => &f.extra,
    }
}
