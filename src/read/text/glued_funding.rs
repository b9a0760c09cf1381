//! A funding row of run-together text whose numbers ran together too
//! (`202010100.00%10` under 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分). The
//! heading's columns say what each number is; the row's own arithmetic says
//! where one ends: 执行率 = 执行数 / 预算数 × 100, 得分 = 分值 × 执行率 (at most
//! 分值), amounts of one row written with the same decimals, 分值 as the
//! heading states it (`分值(10分)`). A cut is taken only when one reading is
//! better than every other; otherwise the numbers stay out of every field.

use rust_decimal::Decimal;

use super::glued_rows::{cuttable, parse_plain};
use crate::check::{execution_rate, funding_score};
use crate::read::vocab::FundingColumn as Col;
use crate::value::is_blank;

/// The most characters of numbers in a row that are cut.
const MAX_CHARS: usize = 40;

/// What one cut costs a reading.
const CUT_COST: f32 = 0.5;
/// What a column left empty between filled ones costs (a row shows its cells).
const GAP_COST: f32 = 1.0;

/// What became of a row's cells.
#[derive(Debug, PartialEq)]
pub(crate) enum Split {
    /// Read as they are (the ordinary placement applies).
    AsIs,
    /// Cut into these values, each with its column (index into the heading).
    Cut(Vec<(String, usize)>),
    /// Run together in a way no single reading explains: read nowhere.
    Unclear,
}

/// One reading: how well it agrees, and the pieces with their columns.
type Reading = (f32, Vec<(String, usize)>);

/// The most readings weighed for one row; a row with more is read nowhere.
const MAX_READINGS: usize = 200_000;

/// The search for the best readings of one row.
struct Search<'a> {
    cells: &'a [&'a str],
    cols: &'a [Option<Col>],
    points: Option<Decimal>,
    /// The pieces of the reading being built.
    pieces: Vec<(&'a str, usize)>,
    /// The two best readings so far, best first.
    top: Vec<Reading>,
    /// Whether the cells as they are make a reading.
    as_is: bool,
    weighed: usize,
    /// Whether a piece fits a column, by (cell, start, end, column): 0 not
    /// known yet, 1 no, 2 yes (the search meets each piece many times).
    fit: Vec<u8>,
}

/// Reads the cells of a funding row (all numbers) through the heading's
/// columns; `points` is the weight the heading states.
pub(crate) fn split(cells: &[&str], cols: &[Option<Col>], points: Option<Decimal>) -> Split {
    let numeric = |t: &&str| {
        is_blank(t)
            || (!t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '%')))
    };
    // Long runs are not cut (the readings grow fast): a funding row is short.
    let long = cells.iter().map(|c| c.len()).sum::<usize>() > MAX_CHARS;
    if cells.is_empty() || long || !cells.iter().all(numeric) {
        return Split::AsIs;
    }
    let mut search = Search {
        cells,
        cols,
        points,
        pieces: Vec::new(),
        top: Vec::new(),
        as_is: false,
        weighed: 0,
        fit: vec![0; cells.len() * (MAX_CHARS + 1) * (MAX_CHARS + 1) * cols.len()],
    };
    search.readings(0, 0, 0);
    if search.weighed > MAX_READINGS {
        return Split::Unclear;
    }
    let as_is = |r: &Reading| r.1.len() == cells.len();
    match search.top.as_slice() {
        [] => Split::Unclear,
        [one, ..] if as_is(one) => Split::AsIs,
        [one] => Split::Cut(one.1.clone()),
        [one, two, ..] if one.0 - two.0 > 0.2 => Split::Cut(one.1.clone()),
        _ if search.as_is => Split::AsIs,
        _ => Split::Unclear,
    }
}

impl<'a> Search<'a> {
    /// Every reading of the cells from cell `ci`, byte `off` on (each cut
    /// into pieces, pieces in columns from `col` on, in order), weighed.
    fn readings(&mut self, ci: usize, off: usize, col: usize) {
        if self.weighed > MAX_READINGS {
            return;
        }
        let Some(&cell) = self.cells.get(ci) else {
            self.weigh();
            return;
        };
        let first = &cell[off..];
        if is_blank(first) {
            // A blank mark is one cell, in any column.
            for c in col..self.cols.len() {
                self.pieces.push((first, c));
                self.readings(ci + 1, 0, c + 1);
                self.pieces.pop();
            }
            return;
        }
        // Numbers are ASCII: bytes are characters. The first piece of
        // `first`: up to a cut, or all of it.
        let bytes = first.as_bytes();
        for end in (1..=bytes.len()).rev() {
            if end < bytes.len() && !cuttable(bytes[end - 1] as char, bytes[end] as char) {
                continue;
            }
            let head = &first[..end];
            // The cells after this one need a column each.
            let later = self.cells.len() - ci - 1;
            for c in col..self.cols.len().saturating_sub(later) {
                if !self.fits(ci, off, off + end, c) {
                    continue;
                }
                self.pieces.push((head, c));
                if end == bytes.len() {
                    self.readings(ci + 1, 0, c + 1);
                } else {
                    self.readings(ci, off + end, c + 1);
                }
                self.pieces.pop();
            }
        }
    }

    /// Whether `cells[ci][start..end]` fits column `c` (remembered).
    fn fits(&mut self, ci: usize, start: usize, end: usize, c: usize) -> bool {
        let n = MAX_CHARS + 1;
        let at = ((ci * n + start) * n + end) * self.cols.len() + c;
        if self.fit[at] == 0 {
            let piece = &self.cells[ci][start..end];
            self.fit[at] = 1 + u8::from(fits(piece, self.cols[c], self.points));
        }
        self.fit[at] == 2
    }

    /// Weighs the reading built, keeping the two best.
    fn weigh(&mut self) {
        self.weighed += 1;
        let Some(s) = score(&self.pieces, self.cols, self.points) else {
            return;
        };
        // Every cut needs a reason: the row's arithmetic agreeing more.
        let s = s - CUT_COST * (self.pieces.len() - self.cells.len()) as f32;
        self.as_is |= self.pieces.len() == self.cells.len();
        let at = self
            .top
            .iter()
            .position(|t| s > t.0)
            .unwrap_or(self.top.len());
        if at < 2 {
            let pieces = self
                .pieces
                .iter()
                .map(|&(t, c)| (t.to_string(), c))
                .collect();
            self.top.insert(at, (s, pieces));
            self.top.truncate(2);
        }
    }
}

/// Whether a piece can stand in a column.
fn fits(piece: &str, col: Option<Col>, points: Option<Decimal>) -> bool {
    // Money shows at most four decimals (万元 to the yuan), points and rates two.
    let decimals = piece
        .trim_end_matches('%')
        .split_once('.')
        .map_or(0, |(_, f)| f.len());
    let most = match col {
        Some(Col::InitialBudget | Col::AnnualBudget | Col::Executed) => 4,
        _ => 2,
    };
    if decimals > most {
        return false;
    }
    let plain = parse_plain(piece);
    let hundred = Decimal::ONE_HUNDRED;
    match col {
        Some(Col::InitialBudget | Col::AnnualBudget | Col::Executed) => plain.is_some(),
        Some(Col::Weight) => plain.is_some_and(|w| w <= hundred && points.is_none_or(|p| p == w)),
        Some(Col::Score) => plain.is_some_and(|s| s <= hundred),
        // A rate is a percent, at most ten times over.
        Some(Col::ExecutionRate) => {
            parse_plain(piece.trim_end_matches('%')).is_some_and(|r| r <= Decimal::from(1000))
        }
        _ => false,
    }
}

/// How well a reading agrees with itself (None: it cannot be).
fn score(pieces: &[(&str, usize)], cols: &[Option<Col>], points: Option<Decimal>) -> Option<f32> {
    let value = |want: Col| {
        pieces
            .iter()
            .find(|(_, c)| cols[*c] == Some(want))
            .and_then(|(t, _)| parse_plain(t.trim_end_matches('%')))
    };
    // A percent sign marks the rate.
    if pieces
        .iter()
        .any(|(t, c)| t.ends_with('%') && cols[*c] != Some(Col::ExecutionRate))
    {
        return None;
    }
    let (weight, score, rate) = (
        value(Col::Weight),
        value(Col::Score),
        value(Col::ExecutionRate),
    );
    if let (Some(w), Some(s)) = (weight.or(points), score) {
        if s > w {
            return None;
        }
    }
    // Blank marks stand where a row shows no points (分值, 得分, 原因).
    let mut total: f32 = pieces
        .iter()
        .filter(|(t, _)| is_blank(t))
        .map(|(_, c)| match cols[*c] {
            Some(Col::Weight | Col::Score | Col::Reason) => 1.0,
            _ => -0.5,
        })
        .sum();
    total -= 0.01 * pieces.iter().map(|(_, c)| *c).sum::<usize>() as f32;
    if let (Some(first), Some(last)) = (pieces.first(), pieces.last()) {
        total -= GAP_COST * (last.1 - first.1 + 1 - pieces.len()) as f32;
    }
    let budget = value(Col::AnnualBudget).or(value(Col::InitialBudget));
    let close = |a: Decimal, b: Decimal| (a - b).abs() < Decimal::new(6, 2);
    if let (Some(b), Some(e), Some(r)) = (budget, value(Col::Executed), rate) {
        // Nothing executed at a rate of 0 agrees with any budget: no sign.
        if !e.is_zero() && !r.is_zero() && execution_rate(e, b).is_some_and(|want| close(want, r)) {
            total += 2.0;
        }
    }
    if let (Some(w), Some(s), Some(r)) = (weight.or(points), score, rate) {
        if !s.is_zero() && funding_score(w, r).is_some_and(|want| close(want, s)) {
            total += 1.0;
        }
    }
    let decimals: Vec<usize> = pieces
        .iter()
        .filter(|(t, c)| {
            !is_blank(t)
                && matches!(
                    cols[*c],
                    Some(Col::InitialBudget | Col::AnnualBudget | Col::Executed)
                )
        })
        .map(|(t, _)| t.split_once('.').map_or(0, |(_, f)| f.len()))
        .collect();
    // Amounts of one row are written alike: each pair with the same decimals.
    for (k, a) in decimals.iter().enumerate() {
        total += 0.5 * decimals[k + 1..].iter().filter(|&b| b == a).count() as f32;
    }
    Some(total)
}

/// The weight a heading states: `分值(10分)` → 10.
pub(crate) fn stated_points(heading: &str) -> Option<Decimal> {
    let inner = heading.split_once(['(', '（'])?.1;
    let number = inner.trim_end_matches([')', '）']).strip_suffix('分')?;
    parse_plain(number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Col::*;

    fn cut(cells: &[&str], cols: &[Col], points: Option<&str>) -> Split {
        let cols: Vec<Option<Col>> = cols.iter().copied().map(Some).collect();
        split(cells, &cols, points.map(|p| p.parse().unwrap()))
    }

    fn pieces(s: Split) -> Vec<String> {
        match s {
            Split::Cut(p) => p.into_iter().map(|(t, _)| t).collect(),
            other => panic!("not cut: {other:?}"),
        }
    }

    #[test]
    fn numbers_run_together_are_cut_where_the_row_agrees() {
        let five = [AnnualBudget, Executed, Weight, ExecutionRate, Score];
        assert_eq!(
            pieces(cut(&["202010100.00%", "10"], &five, None)),
            ["20", "20", "10", "100.00%", "10"]
        );
        let initial = [InitialBudget, Executed, Weight, ExecutionRate, Score];
        assert_eq!(
            pieces(cut(&["310.2154.741050%", "5"], &initial, Some("10"))),
            ["310.21", "54.74", "10", "50%", "5"]
        );
        assert_eq!(
            pieces(cut(&["310.2154.74"], &initial, Some("10"))),
            ["310.21", "54.74"]
        );
        assert_eq!(cut(&["20", "20"], &five, None), Split::AsIs);
        let six = [
            InitialBudget,
            AnnualBudget,
            Executed,
            Weight,
            ExecutionRate,
            Score,
        ];
        assert_eq!(
            pieces(cut(&["128218125197.45125197.451010010"], &six, None)),
            ["128218", "125197.45", "125197.45", "10", "100", "10"]
        );
        assert_eq!(
            pieces(cut(&["7.81.551.55", "—", "100", "—"], &six, None)),
            ["7.8", "1.55", "1.55", "—", "100", "—"]
        );
        assert_eq!(
            pieces(cut(&["000", "—", "0", "—"], &six, None)),
            ["0", "0", "0", "—", "0", "—"]
        );
        assert_eq!(
            pieces(cut(&["1.51.5"], &[AnnualBudget, Executed], None)),
            ["1.5", "1.5"]
        );
        // No reading makes numbers of it: read nowhere.
        assert_eq!(
            cut(&["1.2.3"], &[AnnualBudget, Executed], None),
            Split::Unclear
        );
    }

    #[test]
    fn heading_points() {
        assert_eq!(stated_points("分值(10分)"), Some(Decimal::from(10)));
        assert_eq!(stated_points("分值"), None);
    }
}
