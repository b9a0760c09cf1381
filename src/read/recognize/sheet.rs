//! One worksheet as a plain grid of values, with merged cells resolved and
//! labels normalised and looked up in the vocabulary once, so form reading
//! can ask what a cell is without normalising it again.

pub(crate) use super::super::grid::Value as Val;
use super::super::grid::{Grid, GridPlaces};
use super::super::Place;
use crate::read::vocab::{norm_label_into, Meaning, Vocabulary};

/// A cell position (0-based row, column).
pub(crate) type Pos = (usize, usize);

/// A worksheet's values; merged regions map every covered position to the
/// top-left cell. Every table is flat, row after row.
pub(crate) struct Sheet {
    /// The grid the sheet was built from names places.
    grid: Grid,
    height: usize,
    width: usize,
    /// Line or page of each position (empty for sheets).
    at: Vec<usize>,
    values: Vec<Val>,
    /// For each position, the top-left of the merged region covering it.
    owner: Vec<Pos>,
    /// Normalised label texts, one after another; `label_ends[i]` ends
    /// position i's (empty for non-text).
    label_text: String,
    label_ends: Vec<u32>,
    /// What the vocabulary says about each position's label.
    meanings: Vec<Meaning>,
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
        let height = values.len();
        let width = values.iter().map(Vec::len).max().unwrap_or(0);
        let mut flat = Vec::with_capacity(height * width);
        for mut row in values {
            row.resize(width, Val::Empty);
            flat.extend(row);
        }
        Sheet::dense(
            grid,
            (height, width),
            Vec::new(),
            flat,
            merges,
            Vocabulary::builtin(),
        )
    }

    /// Builds the dense view of a grid; `None` when it has more than
    /// `max_cells` positions.
    pub(crate) fn from_grid(grid: &Grid, max_cells: usize, vocab: &Vocabulary) -> Option<Sheet> {
        let (height, width) = grid.size();
        let n = height.checked_mul(width)?;
        if n > max_cells {
            return None;
        }
        let mut values = vec![Val::Empty; n];
        let keep_at = !matches!(grid.places, GridPlaces::Sheet { .. } | GridPlaces::Table);
        let mut at = if keep_at { vec![0; n] } else { Vec::new() };
        let mut merges = Vec::new();
        let spans_known = matches!(grid.places, GridPlaces::Sheet { .. } | GridPlaces::Table)
            || grid.cells.iter().any(|c| c.rows > 1 || c.cols > 1);
        for c in &grid.cells {
            values[c.row * width + c.col] = c.value.clone();
            if c.rows > 1 || c.cols > 1 {
                merges.push(((c.row, c.col), (c.row + c.rows - 1, c.col + c.cols - 1)));
            }
            if keep_at {
                for r in c.row..c.row + c.rows {
                    at[r * width + c.col..r * width + c.col + c.cols].fill(c.at);
                }
            }
        }
        let mut sheet = Sheet::dense(
            grid.clone_empty(),
            (height, width),
            at,
            values,
            &merges,
            vocab,
        );
        sheet.spans_known = spans_known;
        Some(sheet)
    }

    fn dense(
        grid: Grid,
        (height, width): Pos,
        at: Vec<usize>,
        values: Vec<Val>,
        merges: &[(Pos, Pos)],
        vocab: &Vocabulary,
    ) -> Sheet {
        let mut owner: Vec<Pos> = (0..height)
            .flat_map(|r| (0..width).map(move |c| (r, c)))
            .collect();
        for &((r0, c0), (r1, c1)) in merges {
            for r in r0..=r1 {
                owner[r * width + c0..=r * width + c1].fill((r0, c0));
            }
        }
        let mut label_text = String::new();
        let mut label_ends = Vec::with_capacity(values.len());
        let mut meanings = vec![Meaning::default(); values.len()];
        for (v, meaning) in values.iter().zip(&mut meanings) {
            let start = label_text.len();
            if let Val::Text(t) = v {
                norm_label_into(t, &mut label_text);
                *meaning = vocab.meaning_of_label(&label_text[start..]);
            }
            label_ends.push(label_text.len() as u32);
        }
        Sheet {
            grid,
            height,
            width,
            at,
            values,
            owner,
            label_text,
            label_ends,
            meanings,
            spans_known: true,
        }
    }

    pub(crate) fn height(&self) -> usize {
        self.height
    }

    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// The flat index of a position inside the sheet.
    fn index(&self, (r, c): Pos) -> Option<usize> {
        (r < self.height && c < self.width).then(|| r * self.width + c)
    }

    /// The top-left of the merged region at a position.
    pub(crate) fn owner(&self, pos: Pos) -> Pos {
        self.index(pos).map_or(pos, |i| self.owner[i])
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
        self.index(self.owner(pos))
            .map_or(&Val::Empty, |i| &self.values[i])
    }

    /// The normalised label at a position's own cell.
    pub(crate) fn label(&self, pos: Pos) -> &str {
        let Some(i) = self.index(pos) else { return "" };
        let start = match i {
            0 => 0,
            _ => self.label_ends[i - 1] as usize,
        };
        &self.label_text[start..self.label_ends[i] as usize]
    }

    /// What the vocabulary says about the label at a position's own cell.
    pub(crate) fn meaning(&self, pos: Pos) -> Meaning {
        self.index(pos)
            .map_or(Meaning::default(), |i| self.meanings[i])
    }

    /// Whether the grid is a workbook's sheet.
    pub(crate) fn is_workbook(&self) -> bool {
        matches!(self.grid.places, GridPlaces::Sheet { .. })
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
                let at = self.at.iter().copied().filter(|&a| a > 0).min();
                self.grid.place_at(0, 0, at.unwrap_or(1))
            }
        }
    }

    /// The place of a position, e.g. `项目A!D7`.
    pub(crate) fn place(&self, (r, c): Pos) -> Place {
        let at = match self.at.is_empty() {
            true => 0,
            false => self.index((r, c)).map_or(0, |i| self.at[i]),
        };
        self.grid.place_at(r, c, at)
    }

    /// The distinct cells of a row, left to right: each merged region once,
    /// at its left edge (vertical continuations included, as their owner).
    pub(crate) fn row_cells(&self, r: usize) -> Vec<Pos> {
        let mut out: Vec<Pos> = Vec::with_capacity(self.width);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::vocab::norm_label;

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
