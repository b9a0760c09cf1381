//! Where the cells of a funding row go when empty cells vanished (all on
//! one line): fewer cells than columns, so the placement that makes the
//! row's own arithmetic true wins (执行率 = 全年执行数 / 全年预算数 × 100), blank
//! marks (`—`, `/`) go to 分值/得分 where rows other than the total show them,
//! and otherwise cells stay leftmost.

use rust_decimal::Decimal;

use crate::read::vocab::FundingColumn;
use crate::value::{is_blank, parse_number};

/// Column positions (indexes into `cols`) for `cells`, in order.
pub(crate) fn place(cells: &[&str], cols: &[Option<FundingColumn>]) -> Vec<usize> {
    let (k, w) = (cells.len(), cols.len());
    if k >= w {
        return (0..k).collect();
    }
    let mut best: (f32, Vec<usize>) = (f32::MIN, (0..k).collect());
    let mut pick: Vec<usize> = (0..k).collect();
    loop {
        let s = score(cells, cols, &pick);
        if s > best.0 {
            best = (s, pick.clone());
        }
        if !next_combination(&mut pick, w) {
            break;
        }
    }
    best.1
}

fn score(cells: &[&str], cols: &[Option<FundingColumn>], pick: &[usize]) -> f32 {
    use FundingColumn::*;
    let value = |want: FundingColumn| -> Option<Decimal> {
        pick.iter()
            .zip(cells)
            .find(|(&c, _)| cols[c] == Some(want))
            .and_then(|(_, t)| parse_number(t.trim_end_matches(['%', '％'])).ok().flatten())
    };
    let mut s = -0.01 * pick.iter().sum::<usize>() as f32;
    if let (Some(b), Some(e), Some(r)) =
        (value(AnnualBudget), value(Executed), value(ExecutionRate))
    {
        if crate::check::execution_rate(e, b)
            .is_some_and(|want| (want - r).abs() < Decimal::new(6, 2))
        {
            s += 3.0;
        }
    }
    for (&c, t) in pick.iter().zip(cells) {
        let blank = is_blank(t);
        match cols[c] {
            Some(Weight | Score | Reason) if blank => s += 1.0,
            Some(Reason) => s -= 0.5,
            Some(_) if blank => s -= 0.5,
            _ => {}
        }
    }
    s
}

/// The next k-combination of 0..n in lexicographic order.
fn next_combination(pick: &mut [usize], n: usize) -> bool {
    let k = pick.len();
    for i in (0..k).rev() {
        if pick[i] < n - k + i {
            pick[i] += 1;
            for j in i + 1..k {
                pick[j] = pick[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use FundingColumn::*;

    #[test]
    fn arithmetic_and_blank_marks_place_cells() {
        let cols = [
            Some(InitialBudget),
            Some(AnnualBudget),
            Some(Executed),
            Some(Weight),
            Some(ExecutionRate),
            Some(Score),
        ];
        assert_eq!(
            place(&["156", "63.75", "10", "40.87", "4.09"], &cols),
            [1, 2, 3, 4, 5]
        );
        assert_eq!(
            place(&["156", "63.75", "—", "40.87", "—"], &cols),
            [1, 2, 3, 4, 5]
        );
        assert_eq!(place(&["90", "89.974", "89.974"], &cols), [0, 1, 2]);
        assert_eq!(place(&["—", "—"], &cols), [3, 5]);
        assert_eq!(
            place(&["1", "2", "3", "4", "5", "6"], &cols),
            [0, 1, 2, 3, 4, 5]
        );
    }
}
