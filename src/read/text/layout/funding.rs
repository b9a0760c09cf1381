//! Funding rows whose numbers pdftotext squeezed to the left: a row with an
//! empty amount column (年初预算数 blank) may print its numbers so far left
//! that by place they fill the first columns. The row's own arithmetic
//! (执行率 = 执行数 / 预算数 × 100, blank marks only under 分值 and 得分) tells
//! which columns they fill.

use rust_decimal::Decimal;

use super::Frag;
use crate::check::execution_rate;
use crate::read::text::classify::{Class, Shape};
use crate::read::vocab::FundingColumn as F;
use crate::value::parse_number;

/// Re-places the numbers of each line of a funding band that has fewer
/// numbers than the heading has number columns, when the columns they were
/// given break the row's arithmetic and exactly one other placing keeps it.
pub(super) fn place_squeezed_rows(heading: &[Frag], lines: &mut [Vec<Frag>]) {
    // (column, what it holds) of the heading's funding columns, in order.
    let cols: Vec<(usize, F)> = heading
        .iter()
        .filter_map(|h| match h.class {
            // 分值 and 得分 head indicator tables too.
            Class::FundHead(c) | Class::FundOnly(c) | Class::IndHead(_, Some(c)) => {
                Some((h.col, c))
            }
            _ => None,
        })
        .filter(|c| c.1 != F::Reason)
        .collect();
    if !cols.iter().any(|c| c.1 == F::ExecutionRate) {
        return;
    }
    for line in lines.iter_mut() {
        let nums: Vec<usize> = (0..line.len())
            .filter(|&k| matches!(line[k].class, Class::Value(Shape::Number | Shape::Blank)))
            .collect();
        if nums.is_empty() || nums.len() >= cols.len() {
            continue;
        }
        let values: Vec<Option<Decimal>> = nums.iter().map(|&k| number(&line[k])).collect();
        let now: Vec<usize> = nums
            .iter()
            .filter_map(|&k| cols.iter().position(|c| c.0 == line[k].col))
            .collect();
        if now.len() == nums.len() && holds(&cols, &values, &now) {
            continue;
        }
        let mut fits: Vec<Vec<usize>> = Vec::new();
        let mut pick = Vec::with_capacity(nums.len());
        placings(cols.len(), nums.len(), 0, &mut pick, &mut |p| {
            if holds(&cols, &values, p) {
                fits.push(p.to_vec());
            }
        });
        if let [only] = fits.as_slice() {
            for (&k, &c) in nums.iter().zip(only) {
                line[k].col = cols[c].0;
            }
        }
    }
}

/// Every increasing choice of `n` of `m` columns from `from` on.
fn placings(m: usize, n: usize, from: usize, pick: &mut Vec<usize>, f: &mut dyn FnMut(&[usize])) {
    if pick.len() == n {
        f(pick);
        return;
    }
    for c in from..m {
        if m - c < n - pick.len() {
            break;
        }
        pick.push(c);
        placings(m, n, c + 1, pick, f);
        pick.pop();
    }
}

/// Whether numbers placed in columns keep a funding row's arithmetic: a
/// blank mark only under 分值 or 得分, and the rate, when it stands with its
/// budget and execution, is the execution over the budget.
fn holds(cols: &[(usize, F)], values: &[Option<Decimal>], placed: &[usize]) -> bool {
    let got = |want: F| {
        placed
            .iter()
            .position(|&c| cols[c].1 == want)
            .and_then(|i| values[i])
    };
    let (budget, done, rate) = (
        got(F::AnnualBudget),
        got(F::Executed),
        got(F::ExecutionRate),
    );
    let blanks_fit = placed
        .iter()
        .zip(values)
        .all(|(&c, v)| v.is_some() || matches!(cols[c].1, F::Weight | F::Score));
    let (Some(b), Some(e), Some(r)) = (budget, done, rate) else {
        return false;
    };
    // The rate is written with two decimals, as `check` computes it.
    blanks_fit && execution_rate(e, b).is_some_and(|want| (want - r).abs() <= Decimal::new(1, 2))
}

/// A cell's number (`5,231`, `40.87`); `None` for a blank mark.
fn number(f: &Frag) -> Option<Decimal> {
    parse_number(&f.tok.text).ok().flatten()
}
