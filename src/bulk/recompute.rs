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
