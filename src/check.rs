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
    /// What the numbers are and what they should be.
    pub message: String,
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
/// decimals; `None` when nothing was budgeted.
///
/// ```
/// let d = |s: &str| s.parse().unwrap();
/// assert_eq!(jixiao::check::execution_rate(d("3346.92"), d("3394.12")).unwrap().to_string(), "98.61");
/// assert_eq!(jixiao::check::execution_rate(d("1"), d("0")), None);
/// ```
pub fn execution_rate(executed: Decimal, annual_budget: Decimal) -> Option<Decimal> {
    (!annual_budget.is_zero()).then(|| round2(executed / annual_budget * d(100)))
}

/// The funding row's 得分: weight × min(rate, 100) / 100, two decimals.
///
/// ```
/// let d = |s: &str| s.parse().unwrap();
/// assert_eq!(jixiao::check::funding_score(d("10"), d("98.51")).to_string(), "9.85");
/// assert_eq!(jixiao::check::funding_score(d("10"), d("120")).to_string(), "10.00");
/// ```
pub fn funding_score(weight: Decimal, rate: Decimal) -> Decimal {
    round2(weight * rate.min(d(100)) / d(100))
}

/// Compares a stated value with the computed one: equal, a rounding slip
/// (within one unit of the last shown digit), or an error.
fn compare(out: &mut Vec<Finding>, field: &str, stated: Decimal, want: Decimal, what: &str) {
    let diff = (stated - want).abs();
    if diff.is_zero() {
        return;
    }
    let severity = if diff <= Decimal::new(1, 2) {
        Severity::Note
    } else {
        Severity::Error
    };
    let hint = if severity == Severity::Note {
        " (off by rounding)"
    } else {
        ""
    };
    out.push(Finding {
        severity,
        field: field.to_string(),
        message: format!("{stated} but {what} gives {want}{hint}"),
    });
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
    for (name, v) in ["level1", "level2", "name"].iter().zip(labels) {
        if v.as_deref().is_none_or(|s| s.trim().is_empty()) {
            out.push(Finding {
                severity: Severity::Warning,
                field: format!("indicators[{i}].{name}"),
                message: format!("indicator {} has no {name}", i + 1),
            });
        }
    }
}

fn check_execution_rate(out: &mut Vec<Finding>, name: &str, row: &FundingRow) {
    if let (Some(ab), Some(ex), Some(rate)) = (row.annual_budget, row.executed, row.execution_rate)
    {
        if let Some(want) = execution_rate(ex, ab) {
            compare(
                out,
                &format!("funding.{name}.execution_rate"),
                rate,
                want,
                &format!("executed {ex} / annual budget {ab} × 100"),
            );
        }
    }
}

fn check_self_evaluation(f: &SelfEvaluation, out: &mut Vec<Finding>) {
    for (name, row) in f.funding.rows() {
        check_execution_rate(out, name, row);
    }
    let tot = &f.funding.total;
    if let (Some(w), Some(rate), Some(s)) = (tot.weight, tot.execution_rate, tot.score) {
        let want = funding_score(w, rate);
        compare(
            out,
            "funding.total.score",
            s,
            want,
            &format!("weight {w} × rate {rate}%"),
        );
    }
    for (col, pick) in [
        (
            "initial_budget",
            (|r: &FundingRow| r.initial_budget) as fn(&FundingRow) -> Option<Decimal>,
        ),
        ("annual_budget", |r| r.annual_budget),
        ("executed", |r| r.executed),
    ] {
        let parts = [
            &f.funding.current_appropriation,
            &f.funding.carryover,
            &f.funding.other,
        ]
        .map(pick);
        if let (Some(t), [Some(a), Some(b), Some(c)]) = (pick(tot), parts) {
            if a + b + c != t {
                out.push(Finding {
                    severity: Severity::Error,
                    field: format!("funding.total.{col}"),
                    message: format!(
                        "{t} but 当年财政拨款 {a} + 上年结转 {b} + 其他 {c} = {}",
                        a + b + c
                    ),
                });
            }
        }
    }
    let weights: Decimal = f.indicators.iter().filter_map(|i| i.weight).sum();
    let scores: Decimal = f.indicators.iter().filter_map(|i| i.score).sum();
    if let (Some(tw), Some(fw)) = (f.total.weight, tot.weight) {
        if tw != fw + weights {
            out.push(Finding {
                severity: Severity::Error,
                field: "total.weight".into(),
                message: format!(
                    "{tw} but funding weight {fw} + indicator weights {weights} = {}",
                    fw + weights
                ),
            });
        }
    }
    if let (Some(ts), Some(fs)) = (f.total.score, tot.score) {
        compare(
            out,
            "total.score",
            ts,
            fs + scores,
            &format!("funding score {fs} + indicator scores {scores}"),
        );
    }
    for (i, ind) in f.indicators.iter().enumerate() {
        labels_present(out, i, [&ind.level1, &ind.level2, &ind.name]);
        let name = ind.name.as_deref().unwrap_or("?");
        if let (Some(w), Some(s)) = (ind.weight, ind.score) {
            if s > w {
                out.push(Finding {
                    severity: Severity::Error,
                    field: format!("indicators[{i}].score"),
                    message: format!("{name}: score {s} is more than its weight {w}"),
                });
            } else if s < w && ind.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                out.push(Finding {
                    severity: Severity::Warning,
                    field: format!("indicators[{i}].note"),
                    message: format!(
                        "{name}: lost {} of {w} marks but gives no 偏差原因分析及改进措施",
                        w - s
                    ),
                });
            }
        }
    }
    if let (Some(ts), Some(g)) = (f.total.score, f.grade.as_deref()) {
        let want = grade_for(ts);
        if g != want {
            out.push(Finding {
                severity: Severity::Error,
                field: "grade".into(),
                message: format!("{g} but total score {ts} gives {want}"),
            });
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
    if let (Some(t), Some(a), Some(b), Some(c)) = (
        fu.annual_total,
        fu.current_appropriation,
        fu.carryover,
        fu.annual_other,
    ) {
        if a + b + c != t {
            out.push(Finding {
                severity: Severity::Error,
                field: "funding.annual_total".into(),
                message: format!(
                    "{t} but 当年财政拨款 {a} + 上年结转资金 {b} + 其他资金 {c} = {}",
                    a + b + c
                ),
            });
        }
    }
    if let (Some(t), Some(a), Some(b)) = (fu.project_total, fu.project_fiscal, fu.project_other) {
        if a + b != t {
            out.push(Finding {
                severity: Severity::Error,
                field: "funding.project_total".into(),
                message: format!("{t} but 财政资金 {a} + 其他资金 {b} = {}", a + b),
            });
        }
    }
    for (i, ind) in f.indicators.iter().enumerate() {
        labels_present(out, i, [&ind.level1, &ind.level2, &ind.name]);
    }
}
