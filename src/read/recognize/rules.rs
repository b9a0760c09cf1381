//! The rules that put merged or oddly stored values back: labels copied
//! down, fractions made percents.

use rust_decimal::Decimal;

use crate::model::{taxonomy, FundingRow};

/// A rate stored as a fraction without a percent format (.xls/.ods lose
/// formats): when executed / budget × 100 matches rate × 100, use that.
pub(super) fn fix_fraction_rate(mut row: FundingRow) -> FundingRow {
    if let (Some(rate), Some(budget), Some(exec)) =
        (row.execution_rate, row.annual_budget, row.executed)
    {
        if !budget.is_zero() && rate <= Decimal::ONE && rate > Decimal::ZERO {
            let percent = exec
                .checked_div(budget)
                .and_then(|q| q.checked_mul(Decimal::ONE_HUNDRED));
            let as_percent = rate * Decimal::ONE_HUNDRED;
            let agrees = percent
                .is_some_and(|p| p > Decimal::ONE && (p - as_percent).abs() < Decimal::new(5, 1));
            if agrees {
                row.execution_rate = Some(as_percent.normalize());
            }
        }
    }
    row
}

/// Copies merged labels down (the JSON contract's rule): a row with no
/// level-1 label takes the one above, or the standard parent of its own
/// level-2 label when that differs; a row with no labels copies both, and
/// so does a row whose level-1 label continues the one above.
pub(super) fn denormalise<'a>(
    rows: impl Iterator<Item = (&'a mut Option<String>, &'a mut Option<String>)>,
) {
    let mut rows: Vec<_> = rows.collect();
    // Each row looks at the one above as it was left (no copy of its labels
    // unless they are copied down).
    for i in 0..rows.len() {
        let (done, rest) = rows.split_at_mut(i);
        let (l1, l2) = &mut rest[0];
        let (last1, last2): (&Option<String>, &Option<String>) = match done.last() {
            Some((a, b)) => (a, b),
            None => (&None, &None),
        };
        match (l1.is_some(), l2.is_some()) {
            (false, false) => {
                **l1 = last1.clone();
                **l2 = last2.clone();
            }
            (false, true) => {
                let parent = l2.as_deref().and_then(taxonomy::parent_of);
                **l1 = match parent {
                    Some(p) if last1.as_deref() != Some(p) => Some(p.to_string()),
                    _ => last1.clone(),
                };
            }
            // A level-1 label merged down (or repeated) over a level-2 label
            // written once: the level-2 label continues too.
            (true, false) if **l1 == *last1 => **l2 = last2.clone(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_labels_copy_down_with_taxonomy() {
        let mut rows = [
            (Some("产出指标".to_string()), Some("数量指标".to_string())),
            (None, None),
            (None, Some("社会效益指标".to_string())),
        ];
        denormalise(rows.iter_mut().map(|(a, b)| (a, b)));
        assert_eq!(rows[1], (Some("产出指标".into()), Some("数量指标".into())));
        assert_eq!(rows[2].0.as_deref(), Some("效益指标"));
    }

    #[test]
    fn fraction_rates_become_percent() {
        let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
        let row = FundingRow {
            annual_budget: d("24.88"),
            executed: d("21.38"),
            execution_rate: d("0.8593"),
            ..Default::default()
        };
        assert_eq!(fix_fraction_rate(row).execution_rate, d("85.93"));
        let huge = FundingRow {
            annual_budget: d("0.0000000001"),
            executed: d("79000000000000000000000000000"),
            execution_rate: d("0.5"),
            ..Default::default()
        };
        assert_eq!(
            fix_fraction_rate(huge).execution_rate,
            d("0.5"),
            "no overflow panic"
        );
    }
}
