//! The canonical form model: the contract between every reader and writer.
//!
//! Its JSON form is public and fixed by `docs/form-json.md`: field names are the
//! serde names below, amounts and scores are [`Decimal`]s written as JSON strings
//! with the digits the source shows, blanks and dashes are `null`.
//!
//! ```
//! use jixiao::model::{Document, Form};
//! let doc: Document = serde_json::from_str(
//!     r#"{"forms":[{"kind":"target_declaration","project_name":"宣传费"}]}"#,
//! ).unwrap();
//! assert_eq!(doc.forms[0].project_name(), Some("宣传费"));
//! ```

mod extra;
mod forms;
mod indicator;
pub mod taxonomy;

pub use extra::*;
pub use forms::*;
pub use indicator::*;
pub use rust_decimal::Decimal;

use serde::{Deserialize, Serialize};

/// A file's worth of forms: `{"title": ..., "forms": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Collection title above the forms (e.g. `…2024年度项目绩效目标汇总表`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The forms in document order.
    #[serde(default)]
    pub forms: Vec<Form>,
}

/// One form of any kind; the JSON `kind` field selects the variant.
// The variants are similar in size and a form is built once and then read
// in place, so boxing would cost an allocation for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Form {
    /// 财政项目支出绩效自评表.
    SelfEvaluation(SelfEvaluation),
    /// 财政项目支出绩效目标申报表.
    TargetDeclaration(TargetDeclaration),
    /// 财政项目支出绩效目标表 (older layout, e.g. 2020).
    TargetTable(TargetTable),
}

/// The three form kinds, for command lines, templates and master sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// 财政项目支出绩效自评表
    SelfEvaluation,
    /// 财政项目支出绩效目标申报表
    TargetDeclaration,
    /// 财政项目支出绩效目标表
    TargetTable,
}

impl FormKind {
    /// All kinds, in a stable order.
    pub const ALL: [FormKind; 3] = [
        FormKind::SelfEvaluation,
        FormKind::TargetDeclaration,
        FormKind::TargetTable,
    ];

    /// The JSON name (`self_evaluation`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::SelfEvaluation => "self_evaluation",
            FormKind::TargetDeclaration => "target_declaration",
            FormKind::TargetTable => "target_table",
        }
    }

    /// The official title of the form kind.
    pub fn official_title(self) -> &'static str {
        match self {
            FormKind::SelfEvaluation => "财政项目支出绩效自评表",
            FormKind::TargetDeclaration => "财政项目支出绩效目标申报表",
            FormKind::TargetTable => "财政项目支出绩效目标表",
        }
    }

    /// Parses a JSON name or a Chinese title (`自评表`, `申报表`, `目标表`).
    pub fn parse(s: &str) -> Option<FormKind> {
        let s = s.trim();
        FormKind::ALL.into_iter().find(|k| {
            k.as_str() == s || k.as_str().replace('_', "-") == s || k.official_title() == s
        })
    }
}

impl Form {
    /// The form's kind.
    pub fn kind(&self) -> FormKind {
        match self {
            Form::SelfEvaluation(_) => FormKind::SelfEvaluation,
            Form::TargetDeclaration(_) => FormKind::TargetDeclaration,
            Form::TargetTable(_) => FormKind::TargetTable,
        }
    }

    /// 项目名称.
    pub fn project_name(&self) -> Option<&str> {
        match self {
            Form::SelfEvaluation(f) => f.project_name.as_deref(),
            Form::TargetDeclaration(f) => f.project_name.as_deref(),
            Form::TargetTable(f) => f.project_name.as_deref(),
        }
    }

    /// The year in （2024年度）.
    pub fn year(&self) -> Option<i32> {
        match self {
            Form::SelfEvaluation(f) => f.year,
            Form::TargetDeclaration(f) => f.year,
            Form::TargetTable(f) => f.year,
        }
    }

    /// The form's title as the document writes it.
    pub fn title(&self) -> Option<&str> {
        match self {
            Form::SelfEvaluation(f) => f.title.as_deref(),
            Form::TargetDeclaration(f) => f.title.as_deref(),
            Form::TargetTable(f) => f.title.as_deref(),
        }
    }

    /// Number of indicator rows.
    pub fn indicator_count(&self) -> usize {
        match self {
            Form::SelfEvaluation(f) => f.indicators.len(),
            Form::TargetDeclaration(f) => f.indicators.len(),
            Form::TargetTable(f) => f.indicators.len(),
        }
    }
}

impl From<SelfEvaluation> for Form {
    fn from(f: SelfEvaluation) -> Form {
        Form::SelfEvaluation(f)
    }
}
impl From<TargetDeclaration> for Form {
    fn from(f: TargetDeclaration) -> Form {
        Form::TargetDeclaration(f)
    }
}
impl From<TargetTable> for Form {
    fn from(f: TargetTable) -> Form {
        Form::TargetTable(f)
    }
}
