//! Text whose columns are aligned with runs of spaces (`pdftotext -layout`):
//! the column boundaries come from where cells start across the lines, and
//! a line that only continues cells cut at their column's width joins them.

use super::classify::{Class, Classifier};
use super::source::Tok;
use crate::read::grid::{Grid, GridPlaces, Value};

/// Cells starting within this many character columns share a column.
const SLACK: usize = 2;

/// The grid of one section of aligned text.
pub(crate) fn aligned_grid(words: &Classifier, rows: Vec<Vec<Tok>>, name: &str) -> Grid {
    let starts = column_starts(&rows);
    let col_of = |at: usize| starts.iter().rposition(|&s| s <= at + SLACK).unwrap_or(0);
    // Widest cell per column: a cell that fills its column was cut there.
    let mut widest = vec![0usize; starts.len()];
    for t in rows.iter().flatten() {
        let c = col_of(t.at);
        widest[c] = widest[c].max(width(&t.text));
    }
    let mut placed: Vec<Vec<(usize, Tok)>> = Vec::new();
    for row in rows {
        let mut cells: Vec<(usize, Tok)> = Vec::with_capacity(row.len());
        for t in row {
            // Two cells of a line never share a column.
            let c = col_of(t.at).max(cells.last().map_or(0, |l: &(usize, Tok)| l.0 + 1));
            cells.push((c, t));
        }
        if let Some(prev) = placed.last_mut() {
            let plain = cells
                .iter()
                .all(|(_, t)| matches!(words.class(&t.text), Class::Value(_)));
            if plain && continues(prev, &cells, &widest) {
                for (c, t) in cells {
                    if let Some((_, p)) = prev.iter_mut().rev().find(|(pc, _)| *pc == c) {
                        p.text.push_str(&t.text);
                    }
                }
                continue;
            }
        }
        placed.push(cells);
    }
    let mut grid = Grid::new(name, GridPlaces::Lines);
    for (r, row) in placed.into_iter().enumerate() {
        for (c, t) in row {
            grid.push(r, c, Value::from_text(t.text), t.line);
        }
    }
    grid
}

/// Whether a line only continues cells of the row above: each of its cells
/// sits under a cell of that row that filled its column (was wrapped).
fn continues(prev: &[(usize, Tok)], cells: &[(usize, Tok)], widest: &[usize]) -> bool {
    !cells.is_empty()
        && cells.len() <= prev.len()
        && cells.iter().all(|(c, t)| {
            !crate::value::is_number(&t.text)
                && prev.iter().any(|(pc, p)| {
                    let w = widest.get(*c).copied().unwrap_or(usize::MAX);
                    pc == c && width(&p.text) + 2 >= w && w >= 16
                })
        })
}

/// Where columns start: cell starts, merged when closer than [`SLACK`].
fn column_starts(rows: &[Vec<Tok>]) -> Vec<usize> {
    let mut all: Vec<usize> = rows.iter().flatten().map(|t| t.at).collect();
    all.sort_unstable();
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for at in all {
        match starts.last_mut() {
            Some((s, n)) if at <= *s + SLACK => *n += 1,
            _ => starts.push((at, 1)),
        }
    }
    let mut out: Vec<usize> = starts.iter().map(|(s, _)| *s).collect();
    if out.first() != Some(&0) {
        out.insert(0, 0);
    }
    out
}

/// Display width (CJK characters count two).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::super::source::aligned_cells;
    use super::*;

    #[test]
    fn columns_follow_alignment() {
        let text = "项目名称    宣传费\n一级指标    二级指标    三级指标\n产出指标    数量指标    人数\n            质量指标    合格率\n";
        let rows: Vec<Vec<Tok>> = text
            .lines()
            .enumerate()
            .map(|(i, l)| aligned_cells(l, i + 1))
            .collect();
        let words = Classifier::new(crate::read::vocab::Vocabulary::builtin().clone());
        let grid = aligned_grid(&words, rows, "t");
        let at = |r: usize, c: usize| {
            grid.cells
                .iter()
                .find(|x| x.row == r && x.col == c)
                .map(|x| x.value.text())
        };
        assert_eq!(at(3, 1).as_deref(), Some("质量指标"));
        assert_eq!(at(3, 2).as_deref(), Some("合格率"));
        assert_eq!(at(0, 1).as_deref(), Some("宣传费"));
    }
}
