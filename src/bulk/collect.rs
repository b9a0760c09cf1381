//! `collect`: submitted forms (XLSX, text, JSON; files or folders) → one
//! master workbook, plus a 汇总表 (one row per project, totals per money
//! unit) and a 检查 sheet (every check finding with its file and place).

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rust_decimal::Decimal;

use super::master::columns::kind_label;
use super::master::{write_master, Cell, ExtraSheet, Master, MasterError, MasterForm};
use super::FillFailure;
use crate::check::{check_form, Severity};
use crate::model::Form;
use crate::read::registry::read_path_with;
use crate::read::{InputFormat, ReadOptions};

/// A problem to list on the 检查 sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectFinding {
    /// The file.
    pub file: String,
    /// Form number in the file (0 when about the whole file).
    pub form: usize,
    /// 项目名称 of that form.
    pub project: String,
    /// Field path (`funding.total.execution_rate`), empty for reader problems.
    pub field: String,
    /// Where in the file (`line 12`, `自评表!F7`), when known.
    pub place: String,
    /// 错误 / 警告 / 提示.
    pub severity: &'static str,
    /// What is wrong.
    pub message: String,
}

/// Everything gathered from the inputs.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    /// The forms, in input order (folders in natural order), keyed 1, 2, …;
    /// each one's place is `file form N`.
    pub master: Master,
    /// Check findings and reader problems.
    pub findings: Vec<CollectFinding>,
    /// Files that could not be read at all, or held errors.
    pub failures: Vec<FillFailure>,
    /// Files read.
    pub files_read: usize,
}

/// The files to read: given files as they are, folders searched recursively
/// for .xlsx/.xls/.ods/.txt/.json (hidden and Office lock files skipped),
/// sorted; `exclude` (the output) is left out.
pub fn expand_inputs(
    inputs: &[PathBuf],
    exclude: Option<&Path>,
) -> (Vec<PathBuf>, Vec<FillFailure>) {
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found, &mut failures);
            found.sort_by_cached_key(|p| natural_key(p));
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    files.retain(|f| exclude.is_none() || f.canonicalize().ok() != exclude);
    (files, failures)
}

/// Sort key that puts `2-…` before `10-…`: digit runs compare as numbers.
fn natural_key(path: &Path) -> Vec<(u8, u128, String)> {
    let s = path.to_string_lossy();
    let mut key = Vec::new();
    let mut rest = s.as_ref();
    while let Some(c) = rest.chars().next() {
        let is_digit = c.is_ascii_digit();
        let end = rest
            .find(|ch: char| ch.is_ascii_digit() != is_digit)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        key.push(match is_digit {
            true => (0, run.parse().unwrap_or(u128::MAX), String::new()),
            false => (1, 0, run.to_string()),
        });
        rest = tail;
    }
    key
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, failures: &mut Vec<FillFailure>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            failures.push(FillFailure {
                place: dir.display().to_string(),
                message: format!("无法列出文件夹：{e}"),
            });
            return;
        }
    };
    let mut here = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, found, failures);
        } else if let Some(format) = InputFormat::from_path(&path) {
            here.push((path, format));
        }
    }
    // A PDF, Word file, web page or CSV beside a form file of the same
    // name is its printout or export (as `fill --to xlsx,pdf` leaves
    // them): read the data file only, so the form is not counted twice.
    let is_printout = |p: &Path, f: InputFormat| {
        matches!(
            f,
            InputFormat::Pdf
                | InputFormat::Docx
                | InputFormat::Doc
                | InputFormat::Html
                | InputFormat::Csv
        ) && here.iter().any(|(q, g)| {
            matches!(g, InputFormat::Text | InputFormat::Json | InputFormat::Xlsx)
                && q.file_stem() == p.file_stem()
        })
    };
    let keep: Vec<PathBuf> = here
        .iter()
        .filter(|(p, f)| !is_printout(p, *f))
        .map(|(p, _)| p.clone())
        .collect();
    found.extend(keep);
}

fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Note => "提示",
    }
}

/// Reads and checks every file, in parallel; `progress` is called once per file.
pub fn collect(files: &[PathBuf], progress: &(dyn Fn() + Sync)) -> Collected {
    collect_with(files, &ReadOptions::default(), progress)
}

/// [`collect`] with reader options (a `--labels` vocabulary).
pub fn collect_with(
    files: &[PathBuf],
    options: &ReadOptions,
    progress: &(dyn Fn() + Sync),
) -> Collected {
    let results: Vec<_> = files
        .par_iter()
        .map(|path| {
            let r = read_one(path, options);
            progress();
            let time = std::fs::metadata(path).and_then(|m| m.modified()).ok();
            (r, time)
        })
        .collect();
    let mut all = Collected::default();
    let mut handed_in = Vec::new();
    for (file_no, (r, time)) in results.into_iter().enumerate() {
        match r {
            Ok((forms, findings, failed)) => {
                all.files_read += 1;
                handed_in.extend((0..forms.len()).map(|i| (time, file_no, i)));
                all.master.forms.extend(forms);
                all.findings.extend(findings);
                all.failures.extend(failed);
            }
            Err(f) => {
                all.findings.push(CollectFinding {
                    file: f.place.clone(),
                    form: 0,
                    project: String::new(),
                    field: String::new(),
                    place: String::new(),
                    severity: "错误",
                    message: f.message.clone(),
                });
                all.failures.push(f);
            }
        }
    }
    super::dedupe::keep_last(&mut all.master.forms, &handed_in, &mut all.findings);
    for (i, m) in all.master.forms.iter_mut().enumerate() {
        m.key = (i + 1).to_string();
    }
    all
}

type FileResult = (Vec<MasterForm>, Vec<CollectFinding>, Option<FillFailure>);

fn read_one(path: &Path, options: &ReadOptions) -> Result<FileResult, FillFailure> {
    let file = path.display().to_string();
    let out = read_path_with(path, None, options).map_err(|e| FillFailure {
        place: file.clone(),
        message: e
            .to_string()
            .trim_start_matches(&format!("{file}: "))
            .to_string(),
    })?;
    let mut findings = Vec::new();
    let reader_problem = |w: &crate::read::Warning, severity| CollectFinding {
        file: file.clone(),
        form: 0,
        project: String::new(),
        field: String::new(),
        place: w.place.to_string(),
        severity,
        message: w.message.clone(),
    };
    findings.extend(out.errors.iter().map(|w| reader_problem(w, "错误")));
    findings.extend(out.warnings.iter().map(|w| reader_problem(w, "警告")));
    let failed = out.errors.first().map(|e| FillFailure {
        place: file.clone(),
        message: e.to_string(),
    });
    let mut forms = Vec::new();
    for (i, form) in out.document.forms.into_iter().enumerate() {
        let places = out.places.get(i);
        for f in check_form(&form) {
            findings.push(CollectFinding {
                file: file.clone(),
                form: i + 1,
                project: form.project_name().unwrap_or_default().to_string(),
                place: places
                    .and_then(|p| p.of(&f.field))
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                field: f.field,
                severity: severity_label(f.severity),
                message: f.message,
            });
        }
        forms.push(MasterForm {
            key: String::new(),
            form,
            place: format!("{file} 第{}张表", i + 1),
        });
    }
    Ok((forms, findings, failed))
}

impl Collected {
    /// Writes the master with its 汇总表 and 检查 sheets.
    pub fn write(&self, path: &Path, overwrite: bool) -> Result<(), MasterError> {
        let sheets = [self.summary_sheet(), self.check_sheet()];
        write_master(&self.master, path, overwrite, &sheets)
    }

    /// 汇总表: unit, project, budget, executed, rate, score, grade, and a
    /// total row per money unit (万元 and 元 are never added together).
    pub fn summary_sheet(&self) -> ExtraSheet {
        let headers = [
            "序号",
            "单位",
            "项目名称",
            "表类型",
            "资金单位",
            "预算数",
            "执行数",
            "执行率(%)",
            "总分",
            "评分等级",
            "来源文件",
        ];
        let mut sheet = ExtraSheet {
            name: "汇总表".into(),
            headers: headers.map(String::from).to_vec(),
            widths: vec![6.0, 24.0, 28.0, 8.0, 8.0, 14.0, 14.0, 10.0, 8.0, 8.0, 30.0],
            title: Some("财政项目支出绩效汇总表".into()),
            active: true,
            ..Default::default()
        };
        // Per money unit: budget sum, executed sum over rows with both, their
        // budget, count. A sum beyond what a decimal holds becomes `None` and
        // is shown as such; the other rows and units are unaffected.
        let mut totals: Vec<UnitTotal> = Vec::new();
        for (i, c) in self.master.forms.iter().enumerate() {
            let s = summary_of(&c.form);
            let unit = s.money_unit.clone().unwrap_or_default();
            let at = match totals.iter().position(|t| t.unit == unit) {
                Some(at) => at,
                None => {
                    totals.push(UnitTotal::new(unit.clone()));
                    totals.len() - 1
                }
            };
            totals[at].add(s.budget, s.executed);
            sheet.rows.push(vec![
                Cell::Number((i as u64 + 1).into()),
                text(s.unit),
                text(c.form.project_name().map(String::from)),
                Cell::Text(kind_label(c.form.kind()).into()),
                text(s.money_unit),
                number(s.budget),
                number(s.executed),
                number(s.rate),
                number(s.score),
                text(s.grade),
                Cell::Text(c.place.clone()),
            ]);
        }
        for t in totals {
            let label = match t.unit.is_empty() {
                true => "合计".to_string(),
                false => format!("合计（{}）", t.unit),
            };
            let rate = match (t.executed, t.with_both) {
                (Some(e), Some(b)) if !b.is_zero() => crate::check::execution_rate(e, b),
                _ => None,
            };
            sheet.bold_rows.push(sheet.rows.len());
            sheet.rows.push(vec![
                Cell::Text(label),
                Cell::Empty,
                Cell::Text(format!("{} 个项目", t.count)),
                Cell::Empty,
                text(Some(t.unit)),
                sum_cell(t.budget),
                sum_cell(t.executed),
                number(rate),
            ]);
        }
        sheet
    }

    /// 检查: file, form, project, field, place, severity, what is wrong.
    pub fn check_sheet(&self) -> ExtraSheet {
        let headers = [
            "文件",
            "表序号",
            "项目名称",
            "字段",
            "位置",
            "严重程度",
            "问题",
        ];
        ExtraSheet {
            name: "检查".into(),
            headers: headers.map(String::from).to_vec(),
            widths: vec![40.0, 8.0, 30.0, 30.0, 14.0, 8.0, 70.0],
            rows: self
                .findings
                .iter()
                .map(|f| {
                    vec![
                        Cell::Text(f.file.clone()),
                        match f.form {
                            0 => Cell::Empty,
                            n => Cell::Number((n as u64).into()),
                        },
                        text(Some(f.project.clone())),
                        text(Some(crate::check::field_label(&f.field))),
                        text(Some(f.place.clone())),
                        Cell::Text(f.severity.into()),
                        Cell::Text(f.message.clone()),
                    ]
                })
                .collect(),
            ..Default::default()
        }
    }
}

fn text(s: Option<String>) -> Cell {
    match s {
        Some(s) if !s.is_empty() => Cell::Text(s),
        _ => Cell::Empty,
    }
}

/// A total: the sum, or a word when it is beyond what a decimal holds.
fn sum_cell(d: Option<Decimal>) -> Cell {
    d.map_or_else(|| Cell::Text("超出可计算范围".into()), Cell::Number)
}

/// The running totals of one money unit on the 汇总表.
struct UnitTotal {
    unit: String,
    budget: Option<Decimal>,
    executed: Option<Decimal>,
    /// Budget of the rows that give both budget and executed.
    with_both: Option<Decimal>,
    count: usize,
}

impl UnitTotal {
    fn new(unit: String) -> UnitTotal {
        let zero = Some(Decimal::ZERO);
        UnitTotal {
            unit,
            budget: zero,
            executed: zero,
            with_both: zero,
            count: 0,
        }
    }

    fn add(&mut self, budget: Option<Decimal>, executed: Option<Decimal>) {
        let add = |sum: Option<Decimal>, v: Decimal| sum?.checked_add(v);
        self.count += 1;
        self.budget = add(self.budget, budget.unwrap_or_default());
        if let (Some(b), Some(e)) = (budget, executed) {
            self.executed = add(self.executed, e);
            self.with_both = add(self.with_both, b);
        }
    }
}

fn number(d: Option<Decimal>) -> Cell {
    d.map_or(Cell::Empty, Cell::Number)
}

/// The figures of one form for the 汇总表.
struct Summary {
    unit: Option<String>,
    money_unit: Option<String>,
    budget: Option<Decimal>,
    executed: Option<Decimal>,
    rate: Option<Decimal>,
    score: Option<Decimal>,
    grade: Option<String>,
}

fn summary_of(form: &Form) -> Summary {
    match form {
        Form::SelfEvaluation(f) => Summary {
            unit: f.implementer.clone().or_else(|| f.department.clone()),
            money_unit: f.funding.unit.clone(),
            budget: f.funding.total.annual_budget,
            executed: f.funding.total.executed,
            rate: f.funding.total.execution_rate,
            score: f.total.score,
            grade: f.grade.clone(),
        },
        Form::TargetDeclaration(f) => Summary {
            unit: f.implementer.clone().or_else(|| f.department.clone()),
            money_unit: f.funding.unit.clone(),
            budget: f.funding.annual_total,
            executed: None,
            rate: None,
            score: None,
            grade: None,
        },
        Form::TargetTable(f) => Summary {
            unit: f.applicant.clone(),
            money_unit: f.prior_funding.unit.clone(),
            budget: f.prior_funding.current_budget,
            executed: None,
            rate: None,
            score: None,
            grade: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_sort_numbers_as_numbers() {
        let mut v = vec![
            PathBuf::from("d/10-a.json"),
            PathBuf::from("d/2-b.json"),
            PathBuf::from("d/1-c.json"),
        ];
        v.sort_by_cached_key(|p| natural_key(p));
        assert_eq!(
            v,
            [
                PathBuf::from("d/1-c.json"),
                PathBuf::from("d/2-b.json"),
                PathBuf::from("d/10-a.json")
            ]
        );
    }
}
