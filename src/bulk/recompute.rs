//! `--recompute`: derive execution rates, the funding score, 总分 and 评分等级
//! from the amounts, by the rules of the spec's "Numbers that must agree"
//! (2 decimals, half away from zero, as the check uses).

use rust_decimal::Decimal;

use crate::check::{checked_sum, execution_rate, funding_score, grade_for, round2};
use crate::model::{Form, FundingRow, SelfEvaluation};

/// Recomputes the derived numbers of a self-evaluation; other kinds have none
/// and are left as they are.
///
/// ```
/// use jixiao::model::{Form, SelfEvaluation};
/// let mut f = SelfEvaluation::default();
/// f.funding.total.annual_budget = Some("3".parse().unwrap());
/// f.funding.total.executed = Some("2".parse().unwrap());
/// f.funding.total.weight = Some("10".parse().unwrap());
/// let mut form = Form::from(f);
/// jixiao::bulk::recompute::recompute(&mut form);
/// let Form::SelfEvaluation(f) = form else { unreachable!() };
/// assert_eq!(f.funding.total.execution_rate.unwrap().to_string(), "66.67");
/// assert_eq!(f.funding.total.score.unwrap().to_string(), "6.67");
/// assert_eq!(f.grade.as_deref(), Some("差"));
/// ```
pub fn recompute(form: &mut Form) {
    if let Form::SelfEvaluation(f) = form {
        recompute_self_evaluation(f);
    }
}

fn recompute_rate(row: &mut FundingRow) {
    if let (Some(budget), Some(executed)) = (row.annual_budget, row.executed) {
        row.execution_rate = match execution_rate(executed, budget) {
            Some(rate) => Some(rate),
            // Nothing budgeted and nothing spent: published forms show 0.00.
            None if executed.is_zero() => Some(round2(Decimal::ZERO)),
            None => row.execution_rate,
        };
    }
}

fn recompute_self_evaluation(f: &mut SelfEvaluation) {
    for name in ["total", "current_appropriation", "carryover", "other"] {
        if let Some(row) = f.funding.row_mut(name) {
            recompute_rate(row);
        }
    }
    // A value too large to compute with is left as the form states it, for
    // the check to report.
    let total = &mut f.funding.total;
    if let (Some(weight), Some(rate)) = (total.weight, total.execution_rate) {
        total.score = funding_score(weight, rate).or(total.score);
    }
    let weights = f.indicators.iter().filter_map(|i| i.weight);
    let scores = f.indicators.iter().filter_map(|i| i.score);
    if total.weight.is_some() || f.indicators.iter().any(|i| i.weight.is_some()) {
        let sum = checked_sum(total.weight.into_iter().chain(weights));
        f.total.weight = sum.or(f.total.weight);
    }
    if total.score.is_some() || f.indicators.iter().any(|i| i.score.is_some()) {
        let sum = checked_sum(total.score.into_iter().chain(scores));
        f.total.score = sum.map(round2).or(f.total.score);
    }
    if let Some(score) = f.total.score {
        f.grade = Some(grade_for(score).to_string());
    }
}

/// The derived fields of a self-evaluation, each after those it depends on.
pub const DERIVED_FIELDS: [&str; 8] = [
    "funding.total.execution_rate",
    "funding.current_appropriation.execution_rate",
    "funding.carryover.execution_rate",
    "funding.other.execution_rate",
    "funding.total.score",
    "total.weight",
    "total.score",
    "grade",
];

/// Fills one blank derived field of a self-evaluation from its inputs, as
/// the form's formula would (a formula cell saved without its result);
/// returns the computation in words, or `None` when the field is not blank,
/// not derived, or its inputs are missing or out of range.
///
/// ```
/// use jixiao::model::SelfEvaluation;
/// let mut f = SelfEvaluation::default();
/// f.funding.total.annual_budget = Some("3394.12".parse().unwrap());
/// f.funding.total.executed = Some("3346.92".parse().unwrap());
/// let how = jixiao::bulk::recompute::derive_blank(&mut f, "funding.total.execution_rate");
/// assert_eq!(how.as_deref(), Some("3346.92 / 3394.12 × 100 = 98.61"));
/// assert_eq!(f.funding.total.execution_rate.unwrap().to_string(), "98.61");
/// ```
pub fn derive_blank(f: &mut SelfEvaluation, field: &str) -> Option<String> {
    if let Some(row) = field
        .strip_prefix("funding.")
        .and_then(|r| r.strip_suffix(".execution_rate"))
    {
        let row = f.funding.row_mut(row)?;
        let (None, Some(b), Some(e)) = (row.execution_rate, row.annual_budget, row.executed) else {
            return None;
        };
        let rate = execution_rate(e, b)?;
        row.execution_rate = Some(rate);
        return Some(format!("{e} / {b} × 100 = {rate}"));
    }
    let tot = &mut f.funding.total;
    match field {
        "funding.total.score" => {
            let (None, Some(w), Some(r)) = (tot.score, tot.weight, tot.execution_rate) else {
                return None;
            };
            let s = funding_score(w, r)?;
            tot.score = Some(s);
            Some(format!(
                "分值 {w} × 执行率 {}% = {s}",
                r.min(Decimal::ONE_HUNDRED)
            ))
        }
        "total.weight" | "total.score" => {
            let weight = field == "total.weight";
            let (stated, own) = match weight {
                true => (f.total.weight, tot.weight),
                false => (f.total.score, tot.score),
            };
            let parts: Vec<Decimal> = f
                .indicators
                .iter()
                .filter_map(|i| if weight { i.weight } else { i.score })
                .collect();
            if stated.is_some() || (own.is_none() && parts.is_empty()) {
                return None;
            }
            let sum = checked_sum(own.into_iter().chain(parts.iter().copied()))?;
            let word = if weight { "分值" } else { "得分" };
            let how = format!(
                "资金{word} {} + 指标{word}合计 {} = {sum}",
                own.unwrap_or_default(),
                checked_sum(parts)?
            );
            match weight {
                true => f.total.weight = Some(sum),
                false => f.total.score = Some(round2(sum)),
            }
            Some(how)
        }
        "grade" => {
            let (None, Some(score)) = (&f.grade, f.total.score) else {
                return None;
            };
            let g = grade_for(score);
            f.grade = Some(g.to_string());
            Some(format!("总分 {score} 对应“{g}”"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ScoredIndicator;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn totals_and_grade_follow_the_parts() {
        let mut f = SelfEvaluation::default();
        f.funding.total = FundingRow {
            annual_budget: Some(dec("1.55")),
            executed: Some(dec("1.55")),
            weight: Some(dec("10")),
            ..Default::default()
        };
        f.funding.carryover = FundingRow {
            annual_budget: Some(dec("0")),
            executed: Some(dec("0")),
            ..Default::default()
        };
        for (w, s) in [("50", "45.5"), ("40", "40")] {
            f.indicators.push(ScoredIndicator {
                weight: Some(dec(w)),
                score: Some(dec(s)),
                ..Default::default()
            });
        }
        let mut form = Form::from(f);
        recompute(&mut form);
        let Form::SelfEvaluation(f) = form else {
            unreachable!()
        };
        assert_eq!(
            f.funding.total.execution_rate.unwrap().to_string(),
            "100.00"
        );
        assert_eq!(
            f.funding.carryover.execution_rate.unwrap().to_string(),
            "0.00"
        );
        assert_eq!(f.funding.total.score.unwrap().to_string(), "10.00");
        assert_eq!(f.total.weight.unwrap().to_string(), "100");
        assert_eq!(f.total.score.unwrap().to_string(), "95.50");
        assert_eq!(f.grade.as_deref(), Some("优"));
    }

    #[test]
    fn rate_above_100_caps_the_score() {
        let mut row = FundingRow {
            annual_budget: Some(dec("100")),
            executed: Some(dec("120")),
            weight: Some(dec("10")),
            ..Default::default()
        };
        recompute_rate(&mut row);
        assert_eq!(row.execution_rate.unwrap().to_string(), "120.00");
        let mut f = SelfEvaluation::default();
        f.funding.total = row;
        recompute_self_evaluation(&mut f);
        assert_eq!(f.funding.total.score.unwrap().to_string(), "10.00");
    }
}
