//! The vocabulary of the forms, kept as data: titles, field labels, table
//! headings, funding rows and indicator categories with every spelling seen
//! in published forms. The built-in list is `templates/labels/default.toml`,
//! compiled in; `--labels FILE.toml` adds a local one. Every reader asks
//! here, so there is one list, not one per reader.
//!
//! Every lookup takes a raw cell text and normalises it itself: full-width
//! ASCII becomes half-width, white space goes, a trailing `*`, `:` or `：`
//! goes; then the text is tried as it is, without a leading list number
//! (`2.`, `(一)`), and without trailing bracketed decorations (`(盖章)`,
//! `(万元)`, `(50分)`, `(B/A)`).
//!
//! ```
//! use jixiao::read::vocab::{FundingColumn, FundingRowKind, Title, Vocabulary};
//! use jixiao::model::FormKind;
//! let v = Vocabulary::builtin();
//! assert_eq!(v.title("部门预算项目支出绩效自评表(2023年度)"), Some(Title::Form(FormKind::SelfEvaluation)));
//! assert!(matches!(v.title("部门整体支出绩效自评表"), Some(Title::Skip(_))));
//! assert_eq!(v.field("实施单位 (盖章)"), Some("implementer"));
//! assert_eq!(v.funding_column("调整后预算数"), Some(FundingColumn::AnnualBudget));
//! assert_eq!(v.funding_row("年度资金总额："), Some(FundingRowKind::Total));
//! assert_eq!(v.level1("产出指标(50分)").as_deref(), Some("产出指标"));
//! assert!(v.heading("绩效指标(90分)"));
//! assert!(!v.is_label("发放(缴纳)覆盖率"));
//! ```

use std::path::Path;
use std::sync::OnceLock;

use crate::model::FormKind;

mod load;
mod meaning;
mod memo;
mod norm;
mod title;
pub use meaning::Meaning;
pub use norm::norm_label;
// Kept for readers that normalise into a buffer of their own (the
// recognizer now goes through the remembered labels).
#[allow(unused_imports)]
pub(crate) use norm::norm_label_into;
use norm::{keys, strip_numbering, title_core, Keys};
use rustc_hash::FxHashMap;
use title::contains_short;

/// The built-in vocabulary's source.
const DEFAULT_TOML: &str = include_str!("../../templates/labels/default.toml");

/// A form title, or the title of a form that is not one project's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Title<'a> {
    /// A project form of this kind (the title's hint; the structure decides).
    Form(FormKind),
    /// A form to name and skip (部门整体支出绩效自评表, 绩效目标执行监控表 …):
    /// the vocabulary entry it matched.
    Skip(&'a str),
}

/// A column of the self-evaluation's funding table (项目资金).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FundingColumn {
    /// 年初预算数, 年初预算.
    InitialBudget,
    /// 全年预算数, 调整后预算数.
    AnnualBudget,
    /// 全年执行数, 预算执行数.
    Executed,
    /// 分值, 分数, 权重.
    Weight,
    /// 执行率, 预算执行率.
    ExecutionRate,
    /// 得分.
    Score,
    /// 原因 (a text column, kept in `extra`).
    Reason,
}

/// A row of the funding table, by its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FundingRowKind {
    /// 年度资金总额, 总额.
    Total,
    /// 其中：当年财政拨款, 其中：财政资金 …
    CurrentAppropriation,
    /// 上年结转资金.
    Carryover,
    /// 其他资金.
    Other,
    /// A row the model has no field for (财政专户管理资金, 单位资金): `funding.extra`.
    Extra,
}

/// A column of an indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndicatorColumn {
    /// 一级指标 / 一级目标.
    Level1,
    /// 二级指标 / 二级目标.
    Level2,
    /// 三级指标, 指标名称, 指标内容.
    Name,
    /// 指标性质 (=, ≥, 定性 …), joined into the target.
    Nature,
    /// 年度指标值, 指标值, 指标目标值.
    Target,
    /// 度量单位, joined into the target.
    Unit,
    /// 实际完成值, 完成值, 全年实际值.
    Actual,
    /// 分值, 权重.
    Weight,
    /// 得分.
    Score,
    /// 偏差原因分析及改进措施, 未完成原因分析.
    Note,
}

/// Which indicator table of a declaration a heading names, when the 中期
/// (长期) and 年度 tables are stacked one below the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableHalf {
    /// 长期绩效指标, 中期绩效指标: `midterm_indicators`.
    Midterm,
    /// 年度绩效指标: `indicators`.
    Annual,
}

/// A vocabulary file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum VocabError {
    /// The file could not be read.
    #[error("标签文件 {path}: 无法读取: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is not a vocabulary.
    #[error("标签文件 {path}: {what}")]
    Invalid {
        /// The file (`<内置>` for the built-in one).
        path: String,
        /// What is wrong.
        what: String,
    },
}

/// Exact and prefix entries of one list.
#[derive(Debug, Clone)]
struct Table<T> {
    exact: FxHashMap<String, T>,
    prefix: Vec<(String, T)>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            exact: FxHashMap::default(),
            prefix: Vec::new(),
        }
    }
}

impl<T: Clone> Table<T> {
    fn add(&mut self, entry: &str, value: T) {
        let key = norm_label(entry.trim_end_matches('*'));
        if entry.ends_with('*') {
            self.prefix.push((key, value));
        } else {
            self.exact.entry(key).or_insert(value);
        }
    }

    /// The entry matching the first candidate that matches anything.
    fn get<'a>(&'a self, keys: &Keys<'_>) -> Option<&'a T> {
        self.get_from(keys.iter())
    }

    /// [`Table::get`] over candidates already listed.
    fn get_in<'a>(&'a self, cands: &[&str]) -> Option<&'a T> {
        self.get_from(cands.iter().copied())
    }

    fn get_from<'a, 'k>(&'a self, mut cands: impl Iterator<Item = &'k str>) -> Option<&'a T> {
        cands.find_map(|k| {
            self.exact.get(k).or_else(|| {
                self.prefix
                    .iter()
                    .find(|(p, _)| k.starts_with(p.as_str()))
                    .map(|(_, v)| v)
            })
        })
    }

    fn get_key(&self, keys: &Keys<'_>) -> Option<String> {
        keys.iter()
            .find(|k| {
                self.exact.contains_key(*k)
                    || self.prefix.iter().any(|(p, _)| k.starts_with(p.as_str()))
            })
            .map(str::to_string)
    }
}

/// The spellings of titles, labels and headings the readers know.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Title endings with their kinds, longest first.
    title_suffixes: Vec<(String, FormKind)>,
    skip: Vec<String>,
    /// The last characters of titles and skip entries: a text with none of
    /// them is no title, without normalising it.
    title_ends: Vec<char>,
    /// The last UTF-8 bytes of `title_ends`, as a 256-bit set.
    title_end_bytes: [u64; 4],
    /// The same bytes listed (searched eight at a time when few).
    title_end_last: Vec<u8>,
    fields: Table<String>,
    funding_columns: Table<FundingColumn>,
    funding_rows: Table<FundingRowKind>,
    indicator_columns: Table<IndicatorColumn>,
    level1: Table<()>,
    /// Level-2 name → its level-1 parent ("" when it has none).
    level2: Table<String>,
    headings: Table<()>,
    /// Headings naming an indicator table 中期 (长期绩效指标) or 年度.
    table_halves: Table<TableHalf>,
    /// Words an indicator's explanation starts with (反映…).
    explanation_starts: Vec<String>,
    /// Every key of the lists above, for [`Vocabulary::meaning`].
    known: meaning::Known,
    /// The TOML texts this vocabulary was made from, in order, for readers
    /// that index the spellings their own way (the run-together cutter).
    sources: Vec<std::sync::Arc<str>>,
    /// A new number whenever the lists change (clones share it, as they
    /// share the answers), so remembered answers are never another list's.
    id: u64,
}

/// Field ids [`Vocabulary::field`] may return.
pub const FIELD_IDS: &[&str] = &[
    "project_name",
    "department",
    "implementer",
    "project_nature",
    "project_category",
    "start_date",
    "end_date",
    "applicant",
    "period",
    "includes_procurement",
    "performance_type",
    "overview",
    "basis",
    "necessity",
    "safeguards",
    "plan",
    "objectives",
    "grade",
    "total",
    "goals.expected",
    "goals.actual",
    "goals.overall",
    "goals.annual",
    "funding.project_total",
    "funding.annual_total",
    "prior_funding.total_budget",
    "prior_funding.current_budget",
    "prior_funding.prior_budget",
    "prior_funding.prior_executed",
    "extra",
];

impl Vocabulary {
    /// The built-in vocabulary (templates/labels/default.toml).
    pub fn builtin() -> &'static Vocabulary {
        static BUILTIN: OnceLock<Vocabulary> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Vocabulary::from_toml_str(DEFAULT_TOML).expect("the built-in vocabulary is valid")
        })
    }

    /// The built-in vocabulary with a local file's entries added.
    pub fn with_file(path: &Path) -> Result<Vocabulary, VocabError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| VocabError::Io {
            path: name.clone(),
            source,
        })?;
        let mut v = Vocabulary::builtin().clone();
        v.add_toml(&text, &name)?;
        Ok(v)
    }

    /// The TOML texts this vocabulary was made from, the built-in one first
    /// when it was added. Clones of a vocabulary share them.
    pub(crate) fn sources(&self) -> &[std::sync::Arc<str>] {
        &self.sources
    }

    /// Whether this is the built-in vocabulary with nothing added.
    pub(crate) fn is_builtin(&self) -> bool {
        matches!(&self.sources[..], [only] if &**only == DEFAULT_TOML)
    }

    /// A vocabulary from TOML text alone (the sections of
    /// templates/labels/default.toml).
    ///
    /// ```
    /// use jixiao::read::vocab::Vocabulary;
    /// let v = Vocabulary::from_toml_str("[fields]\nproject_name = [\"项目名\"]").unwrap();
    /// assert_eq!(v.field("项目名："), Some("project_name"));
    /// assert!(Vocabulary::from_toml_str("[fields]\nnope = [\"x\"]").is_err());
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Vocabulary, VocabError> {
        let mut v = Vocabulary::default();
        v.add_toml(text, "<内置>")?;
        Ok(v)
    }

    /// The title of a form (its kind), or of a form that is not one
    /// project's (部门整体支出绩效自评表, 绩效目标执行监控表) to skip.
    pub fn title(&self, text: &str) -> Option<Title<'_>> {
        if !self.has_title_end(text) {
            return None;
        }
        let t = title_core(text)?;
        if let Some(s) = self.skip.iter().find(|s| contains_short(&t, s)) {
            return Some(Title::Skip(s));
        }
        self.title_suffixes
            .iter()
            .find(|(s, _)| t.ends_with(s.as_str()))
            .map(|&(_, k)| Title::Form(k))
    }

    /// The title as the form's `title` field writes it: normalised, without
    /// a year (`(2023年度)`, `2022年度`, `2022年`) or an `附件:` mark.
    ///
    /// ```
    /// use jixiao::read::vocab::Vocabulary;
    /// let v = Vocabulary::builtin();
    /// assert_eq!(v.clean_title("鄂州市2022年市直部门预算项目支出绩效目标表").as_deref(),
    ///            Some("鄂州市市直部门预算项目支出绩效目标表"));
    /// assert_eq!(v.clean_title("财政项目支出绩效自评表 (2024年度)").as_deref(), Some("财政项目支出绩效自评表"));
    /// ```
    pub fn clean_title(&self, text: &str) -> Option<String> {
        title_core(text)
    }

    /// A header field label → field id (one of [`FIELD_IDS`]: `project_name`,
    /// `department`, `goals.expected`, `extra` …).
    pub fn field(&self, text: &str) -> Option<&str> {
        self.fields.get(&keys(text)).map(String::as_str)
    }

    /// The label of an `extra` field as the form's `extra` object keys it:
    /// normalised, without its list number and trailing colon
    /// (`2.项目实施内容及过程概述` → `项目实施内容及过程概述`).
    pub fn label_key(&self, text: &str) -> String {
        self.fields
            .get_key(&keys(text))
            .unwrap_or_else(|| strip_numbering(&norm_label(text)).to_string())
    }

    /// A funding-table heading.
    pub fn funding_column(&self, text: &str) -> Option<FundingColumn> {
        self.funding_columns.get(&keys(text)).copied()
    }

    /// A funding-row label.
    pub fn funding_row(&self, text: &str) -> Option<FundingRowKind> {
        self.funding_rows.get(&keys(text)).copied()
    }

    /// An indicator-table heading.
    pub fn indicator_column(&self, text: &str) -> Option<IndicatorColumn> {
        self.indicator_columns.get(&keys(text)).copied()
    }

    /// A level-1 indicator category, normalised and without its points
    /// (`产出指标(50分)` → `产出指标`).
    pub fn level1(&self, text: &str) -> Option<String> {
        self.level1.get_key(&keys(text))
    }

    /// A level-2 indicator category, normalised (`经济效 益指标` → `经济效益指标`).
    pub fn level2(&self, text: &str) -> Option<String> {
        self.level2.get_key(&keys(text))
    }

    /// The level-1 category a level-2 category belongs to, when it has one.
    pub fn parent_of(&self, level2: &str) -> Option<&str> {
        self.level2
            .get(&keys(level2))
            .map(String::as_str)
            .filter(|p| !p.is_empty())
    }

    /// A section heading that is neither a label nor content
    /// (绩效指标(90分), 预算执行情况(10分), 项目资金(万元) …).
    pub fn heading(&self, text: &str) -> bool {
        self.headings.get(&keys(text)).is_some()
    }

    /// The indicator table a heading names (长期绩效指标 → 中期).
    ///
    /// ```
    /// use jixiao::read::vocab::{TableHalf, Vocabulary};
    /// let v = Vocabulary::builtin();
    /// assert_eq!(v.table_half("长期绩效指标"), Some(TableHalf::Midterm));
    /// assert_eq!(v.table_half("年度绩效指标："), Some(TableHalf::Annual));
    /// assert_eq!(v.table_half("绩效指标"), None);
    /// ```
    pub fn table_half(&self, text: &str) -> Option<TableHalf> {
        self.table_halves.get(&keys(text)).copied()
    }

    /// Where an indicator's explanation starts in a text that runs a name
    /// and its explanation together (`成本控制率反映…` → the byte index of
    /// `反映`); never at the start.
    pub fn explanation_start(&self, text: &str) -> Option<usize> {
        self.explanation_starts
            .iter()
            .filter_map(|w| text.find(w.as_str()))
            .filter(|&i| i > 0)
            .min()
    }

    /// The money unit a funding block heading names (`项目资金（万元）`,
    /// `年度预算数(万元)`, `资金情况(元)`).
    pub fn funding_unit(&self, text: &str) -> Option<&'static str> {
        if !text.contains(['(', '（']) {
            return None;
        }
        let n = norm_label(text);
        let (head, rest) = n.split_once('(')?;
        if !self.heading(head) && self.field(head) != Some("funding.project_total") {
            return None;
        }
        match rest.strip_suffix(')')? {
            "万元" => Some("万元"),
            "元" => Some("元"),
            _ => None,
        }
    }

    /// Whether a cell is a label, never a value: a title, field label,
    /// heading, funding row or column, indicator column or category.
    pub fn is_label(&self, text: &str) -> bool {
        let k = keys(text);
        k.iter().next().is_some_and(|s| !s.is_empty())
            && (self.fields.get(&k).is_some()
                || self.funding_columns.get(&k).is_some()
                || self.funding_rows.get(&k).is_some()
                || self.indicator_columns.get(&k).is_some()
                || self.level1.get(&k).is_some()
                || self.level2.get(&k).is_some()
                || self.headings.get(&k).is_some()
                || self.title(text).is_some())
    }

    /// The indicator headings a cut-off heading begins (`指标` of 指标目标值,
    /// the page edge cut the rest): normalised spellings and their columns,
    /// shortest first.
    pub fn indicator_headings_from(&self, cut: &str) -> Vec<(&str, IndicatorColumn)> {
        let cut = norm_label(cut);
        let mut out: Vec<(&str, IndicatorColumn)> = self
            .indicator_columns
            .exact
            .iter()
            .filter(|(k, _)| k.len() > cut.len() && k.starts_with(&cut))
            .map(|(k, &c)| (k.as_str(), c))
            .collect();
        out.sort_by_key(|&(k, _)| (k.len(), k));
        out
    }
}

#[cfg(test)]
mod tests;
