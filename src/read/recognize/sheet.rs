//! One worksheet as a plain grid of values, with merged cells resolved and
//! labels normalised, so form reading can look things up by label.

pub(crate) use super::super::grid::Value as Val;
use super::super::grid::{Grid, GridPlaces};
use super::super::Place;

/// A cell position (0-based row, column).
pub(crate) type Pos = (usize, usize);

/// A worksheet's values; merged regions map every covered position to the
/// top-left cell.
pub(crate) struct Sheet {
    /// The grid the sheet was built from names places.
    grid: Grid,
    /// Line or page of each position (empty for sheets).
    at: Vec<Vec<usize>>,
    values: Vec<Vec<Val>>,
    /// For each position, the top-left of the merged region covering it.
    owner: Vec<Vec<Pos>>,
    /// Normalised label text per position (empty for non-text).
    labels: Vec<Vec<String>>,
    /// Whether the source knew merged cells (a workbook, a Word or web
    /// table). Text shapes do not: a merged cell shows in its first row
    /// only, and a row may lack the cells a merge covered.
    pub(crate) spans_known: bool,
}

impl Sheet {
    /// Builds a sheet from rows of values and merged regions (inclusive).
    #[cfg(test)]
    pub(crate) fn new(
        name: String,
        origin: Pos,
        values: Vec<Vec<Val>>,
        merges: &[(Pos, Pos)],
    ) -> Sheet {
        let grid = Grid::new(name.clone(), GridPlaces::Sheet { origin });
        Sheet::dense(grid, Vec::new(), values, merges)
    }

    /// Builds the dense view of a grid; `None` when it has more than
    /// `max_cells` positions.
    pub(crate) fn from_grid(grid: &Grid, max_cells: usize) -> Option<Sheet> {
        let (height, width) = grid.size();
        if height.checked_mul(width)? > max_cells {
            return None;
        }
        let mut values = vec![vec![Val::Empty; width]; height];
        let keep_at = !matches!(grid.places, GridPlaces::Sheet { .. } | GridPlaces::Table);
        let mut at = if keep_at {
            vec![vec![0; width]; height]
        } else {
            Vec::new()
        };
        let mut merges = Vec::new();
        let spans_known = matches!(grid.places, GridPlaces::Sheet { .. } | GridPlaces::Table)
            || grid.cells.iter().any(|c| c.rows > 1 || c.cols > 1);
        for c in &grid.cells {
            values[c.row][c.col] = c.value.clone();
            if c.rows > 1 || c.cols > 1 {
                merges.push(((c.row, c.col), (c.row + c.rows - 1, c.col + c.cols - 1)));
            }
            if keep_at {
                for row in at.iter_mut().skip(c.row).take(c.rows) {
                    for a in row.iter_mut().skip(c.col).take(c.cols) {
                        *a = c.at;
                    }
                }
            }
        }
        let mut sheet = Sheet::dense(grid.clone_empty(), at, values, &merges);
        sheet.spans_known = spans_known;
        Some(sheet)
    }

    fn dense(
        grid: Grid,
        at: Vec<Vec<usize>>,
        values: Vec<Vec<Val>>,
        merges: &[(Pos, Pos)],
    ) -> Sheet {
        let width = values.iter().map(Vec::len).max().unwrap_or(0);
        let mut values = values;
        for row in &mut values {
            row.resize(width, Val::Empty);
        }
        let mut owner: Vec<Vec<Pos>> = (0..values.len())
            .map(|r| (0..width).map(|c| (r, c)).collect())
            .collect();
        for &((r0, c0), (r1, c1)) in merges {
            for row in owner.iter_mut().take(r1 + 1).skip(r0) {
                for cell in row.iter_mut().take(c1 + 1).skip(c0) {
                    *cell = (r0, c0);
                }
            }
        }
        let labels = values
            .iter()
            .map(|row| {
                row.iter()
                    .map(|v| {
                        if let Val::Text(t) = v {
                            norm_label(t)
                        } else {
                            String::new()
                        }
                    })
                    .collect()
            })
            .collect();
        Sheet {
            grid,
            at,
            values,
            owner,
            labels,
            spans_known: true,
        }
    }

    pub(crate) fn height(&self) -> usize {
        self.values.len()
    }

    pub(crate) fn width(&self) -> usize {
        self.values.first().map_or(0, Vec::len)
    }

    /// The top-left of the merged region at a position.
    pub(crate) fn owner(&self, (r, c): Pos) -> Pos {
        self.owner
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .unwrap_or((r, c))
    }

    /// The last row and column of the merged region at a position.
    pub(crate) fn span_end(&self, pos: Pos) -> Pos {
        let o = self.owner(pos);
        let mut end = o;
        while end.0 + 1 < self.height() && self.owner((end.0 + 1, o.1)) == o {
            end.0 += 1;
        }
        while end.1 + 1 < self.width() && self.owner((o.0, end.1 + 1)) == o {
            end.1 += 1;
        }
        end
    }

    /// The value shown at a position (a merged region's value everywhere in it).
    pub(crate) fn value(&self, pos: Pos) -> &Val {
        let (r, c) = self.owner(pos);
        self.values
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&Val::Empty)
    }

    /// The normalised label at a position's own cell.
    pub(crate) fn label(&self, (r, c): Pos) -> &str {
        self.labels
            .get(r)
            .and_then(|row| row.get(c))
            .map_or("", String::as_str)
    }

    /// What the source calls this grid (a sheet's name).
    pub(crate) fn name(&self) -> &str {
        &self.grid.name
    }

    /// Where the grid starts: `name!A1` for a sheet, the first line or
    /// page otherwise.
    pub(crate) fn first_place(&self) -> Place {
        match self.grid.places {
            GridPlaces::Sheet { .. } | GridPlaces::Table => Place::Cell {
                sheet: self.grid.name.clone(),
                cell: "A1".into(),
            },
            _ => {
                let at = self.at.iter().flatten().copied().filter(|&a| a > 0).min();
                self.grid.place_at(0, 0, at.unwrap_or(1))
            }
        }
    }

    /// The place of a position, e.g. `项目A!D7`.
    pub(crate) fn place(&self, (r, c): Pos) -> Place {
        let at = self
            .at
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .unwrap_or(0);
        self.grid.place_at(r, c, at)
    }

    /// The distinct cells of a row, left to right: each merged region once,
    /// at its left edge (vertical continuations included, as their owner).
    pub(crate) fn row_cells(&self, r: usize) -> Vec<Pos> {
        let mut out: Vec<Pos> = Vec::new();
        for c in 0..self.width() {
            let o = self.owner((r, c));
            let starts_region = o.1 == c || c == 0;
            if starts_region || out.last().is_none_or(|&(_, lc)| self.owner((r, lc)) != o) {
                out.push((r, c));
            }
        }
        out
    }

    /// First position in rows `rows` whose label satisfies `pred`.
    pub(crate) fn find(
        &self,
        rows: std::ops::Range<usize>,
        pred: impl Fn(&str) -> bool,
    ) -> Option<Pos> {
        self.labelled(rows, pred).next()
    }

    fn labelled<'a>(
        &'a self,
        rows: std::ops::Range<usize>,
        pred: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = Pos> + 'a {
        rows.flat_map(|r| (0..self.width()).map(move |c| (r, c)))
            .filter(move |&p| {
                self.owner(p) == p && !self.label(p).is_empty() && pred(self.label(p))
            })
    }
}

pub(crate) use crate::read::vocab::norm_label;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_normalise() {
        assert_eq!(norm_label(" 项 目 名 称*： "), "项目名称");
        assert_eq!(norm_label("项目资金（元）"), "项目资金(元)");
        assert_eq!(norm_label("执行率\u{3000}(%)"), "执行率(%)");
    }

    #[test]
    fn merged_cells_resolve_to_their_owner() {
        let t = |s: &str| Val::Text(s.into());
        let sheet = Sheet::new(
            "S".into(),
            (0, 0),
            vec![
                vec![t("a"), Val::Empty, t("b")],
                vec![Val::Empty, Val::Empty, t("c")],
            ],
            &[((0, 0), (1, 1))],
        );
        assert_eq!(sheet.value((1, 1)), &t("a"));
        assert_eq!(sheet.row_cells(0), vec![(0, 0), (0, 2)]);
        assert_eq!(sheet.row_cells(1), vec![(1, 0), (1, 2)]);
        assert_eq!(sheet.place((1, 2)).to_string(), "S!C2");
    }
}
