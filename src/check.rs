//! The arithmetic check: agreement rules over the model.
//!
//! Published forms contain arithmetic slips; readers keep what the document
//! says and this module reports each disagreement with its place.
//!
//! ```
//! use jixiao::model::{Form, SelfEvaluation, Decimal};
//! let mut f = SelfEvaluation::default();
//! f.total.score = Some("95".parse().unwrap());
//! f.grade = Some("良".into());
//! let findings = jixiao::check::check_form(&Form::SelfEvaluation(f));
//! assert_eq!(findings[0].field, "grade");
//! ```

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::model::{Form, FundingRow, SelfEvaluation, TargetDeclaration};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Off only by rounding (96.43 where 96.44 is right).
    Note,
    /// Something a reviewer should fix (lost marks with no reason given).
    Warning,
    /// The numbers disagree.
    Error,
}

/// One disagreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How serious.
    pub severity: Severity,
    /// Field path (`funding.total.execution_rate`, `indicators[3].score`).
    pub field: String,
    /// What the numbers are and what they should be, in the form's own
    /// words (`执行率 98.51 与 3346.92 / 3394.12 × 100 = 98.61 不符`).
    pub message: String,
    /// The value the form states, when the finding is about a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated: Option<Decimal>,
    /// The value the rule gives, when it could be computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Decimal>,
}

impl Finding {
    fn new(severity: Severity, field: impl Into<String>, message: String) -> Finding {
        Finding {
            severity,
            field: field.into(),
            message,
            stated: None,
            expected: None,
        }
    }
}

fn d(v: u32) -> Decimal {
    Decimal::from(v)
}

/// Two decimals, half away from zero, always shown (`100.00`): how forms
/// print rates and scores.
pub fn round2(v: Decimal) -> Decimal {
    let mut r = v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// 执行率 as the rules compute it: executed / annual budget × 100, two
/// decimals; `None` when nothing was budgeted or the quotient is beyond
/// what a decimal holds (a budget of 1e-28).
///
/// ```
/// let d = |s: &str| s.parse().unwrap();
/// assert_eq!(jixiao::check::execution_rate(d("3346.92"), d("3394.12")).unwrap().to_string(), "98.61");
/// assert_eq!(jixiao::check::execution_rate(d("1"), d("0")), None);
/// assert_eq!(jixiao::check::execution_rate(d("1e27"), d("1e-27")), None);
/// ```
pub fn execution_rate(executed: Decimal, annual_budget: Decimal) -> Option<Decimal> {
    if annual_budget.is_zero() {
        return None;
    }
    let q = executed
        .checked_mul(d(100))
        .and_then(|e| e.checked_div(annual_budget))
        .or_else(|| executed.checked_div(annual_budget)?.checked_mul(d(100)))?;
    Some(round2(q))
}

/// The funding row's 得分: weight × min(rate, 100) / 100, two decimals;
/// `None` when the product is out of range.
///
/// ```
/// let d = |s: &str| s.parse().unwrap();
/// assert_eq!(jixiao::check::funding_score(d("10"), d("98.51")).unwrap().to_string(), "9.85");
/// assert_eq!(jixiao::check::funding_score(d("10"), d("120")).unwrap().to_string(), "10.00");
/// ```
pub fn funding_score(weight: Decimal, rate: Decimal) -> Option<Decimal> {
    Some(round2(
        weight.checked_mul(rate.min(d(100)))?.checked_div(d(100))?,
    ))
}

/// The sum of some values, `None` when it is out of range.
///
/// ```
/// let d = |s: &str| s.parse().unwrap();
/// assert_eq!(jixiao::check::checked_sum([d("1.5"), d("2")]), Some(d("3.5")));
/// assert_eq!(jixiao::check::checked_sum([rust_decimal::Decimal::MAX, d("1")]), None);
/// ```
pub fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |a, b| a.checked_add(b))
}

/// A finding for numbers too large to compute with.
fn out_of_range(out: &mut Vec<Finding>, field: &str, what: &str, values: &[Decimal]) {
    let shown: Vec<String> = values.iter().map(ToString::to_string).collect();
    out.push(Finding::new(
        Severity::Error,
        field,
        format!(
            "{what}的数值超出可计算的范围（{}），无法核对，请检查是否填错",
            shown.join("、")
        ),
    ));
}

/// Compares a stated value with the computed one: equal, a rounding slip
/// (within one unit of the last shown digit), or an error. `what` names the
/// value, `how` the computation (`3346.92 / 3394.12 × 100`).
fn compare(
    out: &mut Vec<Finding>,
    field: &str,
    what: &str,
    stated: Decimal,
    want: Decimal,
    how: &str,
) {
    let Some(diff) = stated.checked_sub(want).map(|v| v.abs()) else {
        out_of_range(out, field, what, &[stated, want]);
        return;
    };
    if diff.is_zero() {
        return;
    }
    let (severity, tail) = if diff <= Decimal::new(1, 2) {
        (Severity::Note, "相差在舍入范围内")
    } else {
        (Severity::Error, "不符")
    };
    out.push(Finding {
        stated: Some(stated),
        expected: Some(want),
        ..Finding::new(
            severity,
            field,
            format!("{what} {stated} 与 {how} = {want} {tail}"),
        )
    });
}

/// A field path in the form's own words, for people (`funding.total.execution_rate`
/// → `年度资金总额·执行率`, `indicators[3].score` → `第 4 个指标·得分`).
///
/// ```
/// use jixiao::check::field_label;
/// assert_eq!(field_label("funding.carryover.execution_rate"), "上年结转资金·执行率");
/// assert_eq!(field_label("indicators[3].note"), "第 4 个指标·偏差原因分析及改进措施");
/// assert_eq!(field_label("grade"), "评分等级");
/// ```
pub fn field_label(field: &str) -> String {
    let word = |part: &str| -> String {
        match part {
            "funding" | "prior_funding" => "",
            "total" => "总分",
            "current_appropriation" => "当年财政拨款",
            "carryover" => "上年结转资金",
            "other" | "annual_other" | "project_other" => "其他资金",
            "initial_budget" => "年初预算数",
            "annual_budget" => "全年预算数",
            "executed" => "全年执行数",
            "weight" => "分值",
            "score" => "得分",
            "execution_rate" => "执行率",
            "grade" => "评分等级",
            "annual_total" => "年度资金申请总额",
            "project_total" => "项目资金总额",
            "project_fiscal" => "财政资金",
            "note" => "偏差原因分析及改进措施",
            "level1" => "一级指标",
            "level2" => "二级指标",
            "name" => "三级指标",
            "project_name" => "项目名称",
            other => return other.to_string(),
        }
        .to_string()
    };
    let mut parts: Vec<String> = Vec::new();
    let mut in_funding = false;
    for part in field.split('.') {
        if let Some(n) = part
            .strip_prefix("indicators[")
            .and_then(|r| r.strip_suffix(']'))
            .and_then(|n| n.parse::<usize>().ok())
        {
            parts.push(format!("第 {} 个指标", n + 1));
            continue;
        }
        // Under funding, "total" is the 年度资金总额 row, not 总分.
        let w = match (in_funding, part) {
            (true, "total") => "年度资金总额".to_string(),
            _ => word(part),
        };
        in_funding |= part == "funding";
        if !w.is_empty() {
            parts.push(w);
        }
    }
    parts.join("·")
}

/// Checks one form.
pub fn check_form(form: &Form) -> Vec<Finding> {
    let mut out = Vec::new();
    match form {
        Form::SelfEvaluation(f) => check_self_evaluation(f, &mut out),
        Form::TargetDeclaration(f) => check_declaration(f, &mut out),
        Form::TargetTable(f) => {
            for (i, ind) in f.indicators.iter().enumerate() {
                labels_present(&mut out, i, [&ind.level1, &ind.level2, &ind.name]);
            }
        }
    }
    out
}

fn labels_present(out: &mut Vec<Finding>, i: usize, labels: [&Option<String>; 3]) {
    let names = [
        ("level1", "一级指标"),
        ("level2", "二级指标"),
        ("name", "三级指标"),
    ];
    for ((name, label), v) in names.iter().zip(labels) {
        if v.as_deref().is_none_or(|s| s.trim().is_empty()) {
            out.push(Finding::new(
                Severity::Warning,
                format!("indicators[{i}].{name}"),
                format!("第 {} 个指标没有填写{label}", i + 1),
            ));
        }
    }
}

/// The words a form uses for a funding row.
fn row_label(name: &str) -> &'static str {
    match name {
        "current_appropriation" => "当年财政拨款",
        "carryover" => "上年结转资金",
        "other" => "其他资金",
        _ => "年度资金总额",
    }
}

fn check_execution_rate(out: &mut Vec<Finding>, name: &str, row: &FundingRow) {
    if let (Some(ab), Some(ex), Some(rate)) = (row.annual_budget, row.executed, row.execution_rate)
    {
        let field = format!("funding.{name}.execution_rate");
        let what = match name {
            "total" => "执行率".to_string(),
            _ => format!("{}执行率", row_label(name)),
        };
        match execution_rate(ex, ab) {
            Some(want) => compare(
                out,
                &field,
                &what,
                rate,
                want,
                &format!("{ex} / {ab} × 100"),
            ),
            None if !ab.is_zero() => out_of_range(out, &field, &what, &[ex, ab]),
            None => {}
        }
    }
}

fn check_self_evaluation(f: &SelfEvaluation, out: &mut Vec<Finding>) {
    for (name, row) in f.funding.rows() {
        check_execution_rate(out, name, row);
    }
    let tot = &f.funding.total;
    if let (Some(w), Some(rate), Some(s)) = (tot.weight, tot.execution_rate, tot.score) {
        let (field, what) = ("funding.total.score", "资金得分");
        match funding_score(w, rate) {
            Some(want) => compare(
                out,
                field,
                what,
                s,
                want,
                &format!("分值 {w} × 执行率 {}%", rate.min(d(100))),
            ),
            None => out_of_range(out, field, what, &[w, rate]),
        }
    }
    for (col, label, pick) in [
        (
            "initial_budget",
            "年初预算数",
            (|r: &FundingRow| r.initial_budget) as fn(&FundingRow) -> Option<Decimal>,
        ),
        ("annual_budget", "全年预算数", |r| r.annual_budget),
        ("executed", "全年执行数", |r| r.executed),
    ] {
        let parts = [
            &f.funding.current_appropriation,
            &f.funding.carryover,
            &f.funding.other,
        ]
        .map(pick);
        if let (Some(t), [Some(a), Some(b), Some(c)]) = (pick(tot), parts) {
            let field = format!("funding.total.{col}");
            let what = format!("年度资金总额的{label}");
            match checked_sum([a, b, c]) {
                Some(sum) if sum != t => out.push(Finding {
                    stated: Some(t),
                    expected: Some(sum),
                    ..Finding::new(
                        Severity::Error,
                        field,
                        format!(
                            "{what} {t} 与 当年财政拨款 {a} + 上年结转资金 {b} + 其他资金 {c} = {sum} 不符"
                        ),
                    )
                }),
                Some(_) => {}
                None => out_of_range(out, &field, &what, &[a, b, c]),
            }
        }
    }
    check_totals(f, out);
    for (i, ind) in f.indicators.iter().enumerate() {
        labels_present(out, i, [&ind.level1, &ind.level2, &ind.name]);
        let name = ind.name.as_deref().unwrap_or("?");
        if let (Some(w), Some(s)) = (ind.weight, ind.score) {
            if s > w {
                out.push(Finding {
                    stated: Some(s),
                    expected: Some(w),
                    ..Finding::new(
                        Severity::Error,
                        format!("indicators[{i}].score"),
                        format!("指标“{name}”得分 {s} 超过了分值 {w}"),
                    )
                });
            } else if s < w && ind.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                let lost = w
                    .checked_sub(s)
                    .map_or_else(String::new, |l| format!(" {l} 分"));
                out.push(Finding::new(
                    Severity::Warning,
                    format!("indicators[{i}].note"),
                    format!("指标“{name}”扣了{lost}（分值 {w}，得分 {s}），但没有填写偏差原因分析及改进措施"),
                ));
            }
        }
    }
    if let (Some(ts), Some(g)) = (f.total.score, f.grade.as_deref()) {
        let want = grade_for(ts);
        if g != want {
            out.push(Finding {
                stated: Some(ts),
                ..Finding::new(
                    Severity::Error,
                    "grade",
                    format!("评分等级“{g}”与总分 {ts} 不符，应为“{want}”"),
                )
            });
        }
    }
}

/// 总分: its 分值 and 得分 against the funding row plus the indicators.
fn check_totals(f: &SelfEvaluation, out: &mut Vec<Finding>) {
    let tot = &f.funding.total;
    let weights: Vec<Decimal> = f.indicators.iter().filter_map(|i| i.weight).collect();
    let scores: Vec<Decimal> = f.indicators.iter().filter_map(|i| i.score).collect();
    if let (Some(tw), Some(fw)) = (f.total.weight, tot.weight) {
        let (field, what) = ("total.weight", "总分的分值");
        match checked_sum(weights.iter().copied()).and_then(|w| Some((w, w.checked_add(fw)?))) {
            Some((w, want)) if tw != want => out.push(Finding {
                stated: Some(tw),
                expected: Some(want),
                ..Finding::new(
                    Severity::Error,
                    field,
                    format!("{what} {tw} 与 资金分值 {fw} + 指标分值合计 {w} = {want} 不符"),
                )
            }),
            Some(_) => {}
            None => out_of_range(out, field, what, &[tw, fw]),
        }
    }
    if let (Some(ts), Some(fs)) = (f.total.score, tot.score) {
        let (field, what) = ("total.score", "总分");
        match checked_sum(scores.iter().copied()).and_then(|s| Some((s, s.checked_add(fs)?))) {
            Some((s, want)) => compare(
                out,
                field,
                what,
                ts,
                want,
                &format!("资金得分 {fs} + 指标得分合计 {s}"),
            ),
            None => out_of_range(out, field, what, &[ts, fs]),
        }
    }
}

/// 评分等级 for a total score: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差.
///
/// ```
/// use jixiao::check::grade_for;
/// assert_eq!(grade_for("89.99".parse().unwrap()), "良");
/// ```
pub fn grade_for(score: Decimal) -> &'static str {
    if score >= d(90) {
        "优"
    } else if score >= d(80) {
        "良"
    } else if score >= d(60) {
        "中"
    } else {
        "差"
    }
}

fn check_declaration(f: &TargetDeclaration, out: &mut Vec<Finding>) {
    let fu = &f.funding;
    let sums = [
        (
            "funding.annual_total",
            "年度资金申请总额",
            fu.annual_total,
            vec![
                ("当年财政拨款", fu.current_appropriation),
                ("上年结转资金", fu.carryover),
                ("其他资金", fu.annual_other),
            ],
        ),
        (
            "funding.project_total",
            "项目资金总额",
            fu.project_total,
            vec![
                ("财政资金", fu.project_fiscal),
                ("其他资金", fu.project_other),
            ],
        ),
    ];
    for (field, what, total, parts) in sums {
        let Some(t) = total else { continue };
        let Some(values) = parts.iter().map(|p| p.1).collect::<Option<Vec<_>>>() else {
            continue;
        };
        let terms: Vec<String> = parts
            .iter()
            .zip(&values)
            .map(|((l, _), v)| format!("{l} {v}"))
            .collect();
        match checked_sum(values.iter().copied()) {
            Some(sum) if sum != t => out.push(Finding {
                stated: Some(t),
                expected: Some(sum),
                ..Finding::new(
                    Severity::Error,
                    field,
                    format!("{what} {t} 与 {} = {sum} 不符", terms.join(" + ")),
                )
            }),
            Some(_) => {}
            None => out_of_range(out, field, what, &values),
        }
    }
    for (i, ind) in f.indicators.iter().enumerate() {
        labels_present(out, i, [&ind.level1, &ind.level2, &ind.name]);
    }
}
