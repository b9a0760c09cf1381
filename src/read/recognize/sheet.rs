//! One worksheet as a plain grid of values, with merged cells resolved and
//! labels normalised and looked up in the vocabulary once, so form reading
//! can ask what a cell is without normalising it again.

use std::cell::Cell;

pub(crate) use super::super::grid::Value as Val;
use super::super::grid::{Grid, GridPlaces};
use super::super::Place;
use crate::read::vocab::{Meaning, Vocabulary};

/// A cell position (0-based row, column).
pub(crate) type Pos = (usize, usize);

/// A worksheet's values; merged regions map every covered position to the
/// top-left cell. Every table is flat, row after row; the cells stay in the
/// grid (borrowed, not copied).
pub(crate) struct Sheet<'g> {
    /// The grid the sheet was built from: its cells, and how it names places.
    grid: &'g Grid,
    height: usize,
    width: usize,
    /// Whether places name lines or pages (each cell's `at`), not cells.
    keep_at: bool,
    /// For each position, the grid cell whose top-left it is ([`NONE`]: none).
    cell_at: Vec<u32>,
    /// For each position, the grid cell whose value it shows: its merged
    /// region's top-left cell ([`NONE`]: none).
    shown: Vec<u32>,
    /// For each position, the grid cell of the merged region covering it
    /// ([`NONE`]: none, the position is its own top-left).
    owner: Vec<u32>,
    /// Normalised label texts of the grid's cells, one after another;
    /// `label_ends[i]` ends cell i's (empty for non-text).
    label_text: String,
    label_ends: Vec<u32>,
    /// What the vocabulary says about each grid cell's label.
    meanings: Vec<Meaning>,
    /// Where each grid cell's label has its first `:` ([`NONE`]: nowhere).
    colons: Vec<u32>,
    /// The positions whose own cell has a label, row after row: searches
    /// for labels skip the many empty and value positions.
    labelled: Vec<Pos>,
    /// The distinct cells of each row ([`Sheet::row_cells`]), row after
    /// row; row r's are `row_cells[row_ends[r - 1]..row_ends[r]]`.
    row_cells: Vec<Pos>,
    row_ends: Vec<u32>,
    /// Whether the source knew merged cells (a workbook, a Word or web
    /// table). Text shapes do not: a merged cell shows in its first row
    /// only, and a row may lack the cells a merge covered.
    pub(crate) spans_known: bool,
}

/// No cell starts at a position.
const NONE: u32 = u32::MAX;

/// A sheet's buffers, handed on to the next sheet built on the thread: a
/// text stream builds one sheet per form, and allocating these afresh
/// (large blocks, right after the last sheet's were freed) cost more than
/// filling them.
#[derive(Default)]
struct Buffers {
    cell_at: Vec<u32>,
    shown: Vec<u32>,
    owner: Vec<u32>,
    label_text: String,
    label_ends: Vec<u32>,
    meanings: Vec<Meaning>,
    colons: Vec<u32>,
    labelled: Vec<Pos>,
    row_cells: Vec<Pos>,
    row_ends: Vec<u32>,
}

/// Buffers of sheets with more positions than this are not kept.
const MAX_KEPT: usize = 1 << 16;

thread_local! {
    static SPARE: Cell<Option<Buffers>> = const { Cell::new(None) };
}

impl Drop for Sheet<'_> {
    fn drop(&mut self) {
        let big = |cap: usize| cap > MAX_KEPT;
        if big(self.cell_at.capacity())
            || big(self.row_cells.capacity())
            || big(self.label_text.capacity() / 16)
        {
            return;
        }
        let take = std::mem::take::<Vec<u32>>;
        let b = Buffers {
            cell_at: take(&mut self.cell_at),
            shown: take(&mut self.shown),
            owner: take(&mut self.owner),
            label_text: std::mem::take(&mut self.label_text),
            label_ends: take(&mut self.label_ends),
            meanings: std::mem::take(&mut self.meanings),
            colons: take(&mut self.colons),
            labelled: std::mem::take(&mut self.labelled),
            row_cells: std::mem::take(&mut self.row_cells),
            row_ends: take(&mut self.row_ends),
        };
        // At thread exit the spare is gone: the buffers are freed.
        let _ = SPARE.try_with(|s| s.set(Some(b)));
    }
}

/// The value of a position no cell starts at.
static EMPTY: Val = Val::Empty;

impl<'g> Sheet<'g> {
    /// Builds the dense view of a grid; `None` when it has more than
    /// `max_cells` positions (or cells).
    pub(crate) fn from_grid(
        grid: &'g Grid,
        max_cells: usize,
        vocab: &Vocabulary,
    ) -> Option<Sheet<'g>> {
        let (height, width) = grid.size();
        let n = height.checked_mul(width)?;
        if n > max_cells || grid.cells.len() > max_cells {
            return None;
        }
        let keep_at = !matches!(grid.places, GridPlaces::Sheet { .. } | GridPlaces::Table);
        let b = SPARE
            .try_with(Cell::take)
            .ok()
            .flatten()
            .unwrap_or_default();
        let cells_n = grid.cells.len();
        let filled = |mut v: Vec<u32>, len: usize| {
            v.clear();
            v.resize(len, NONE);
            v
        };
        let mut cell_at = filled(b.cell_at, n);
        let mut owner = filled(b.owner, n);
        let mut spans_known = matches!(grid.places, GridPlaces::Sheet { .. } | GridPlaces::Table);
        let mut label_text = b.label_text;
        label_text.clear();
        let mut label_ends = b.label_ends;
        label_ends.clear();
        label_ends.reserve(cells_n);
        let mut meanings = b.meanings;
        meanings.clear();
        meanings.resize(cells_n, Meaning::default());
        for (i, c) in grid.cells.iter().enumerate() {
            cell_at[c.row * width + c.col] = i as u32;
            if c.rows > 1 || c.cols > 1 {
                spans_known = true;
                for r in c.row..c.row + c.rows {
                    owner[r * width + c.col..r * width + c.col + c.cols].fill(i as u32);
                }
            }
        }
        // Every text normalised and looked up once (labels seen before are
        // remembered, with their meanings).
        let mut shown = b.shown;
        shown.clear();
        shown.extend(owner.iter().enumerate().map(|(i, &o)| match o {
            NONE => cell_at[i],
            o => {
                let oc = &grid.cells[o as usize];
                cell_at[oc.row * width + oc.col]
            }
        }));
        let mut colons = filled(b.colons, cells_n);
        vocab.with_labels(|labels| {
            for ((c, meaning), colon) in grid.cells.iter().zip(&mut meanings).zip(&mut colons) {
                if let Val::Text(t) = &c.value {
                    let (m, at) = labels.label_into(t, &mut label_text);
                    *meaning = m;
                    *colon = at.map_or(NONE, |k| k as u32);
                }
                label_ends.push(label_text.len() as u32);
            }
        });
        let mut labelled = b.labelled;
        labelled.clear();
        labelled.extend(
            grid.cells
                .iter()
                .enumerate()
                .filter(|&(i, c)| {
                    let at = c.row * width + c.col;
                    let o = owner[at];
                    let own = cell_at[at] == i as u32
                        && (o == NONE || {
                            let oc = &grid.cells[o as usize];
                            (oc.row, oc.col) == (c.row, c.col)
                        });
                    let start = if i == 0 { 0 } else { label_ends[i - 1] };
                    own && label_ends[i] > start
                })
                .map(|(_, c)| (c.row, c.col)),
        );
        labelled.sort_unstable();
        let (mut cells, mut row_ends) = (b.row_cells, b.row_ends);
        cells.clear();
        row_ends.clear();
        row_ends.reserve(height);
        let mut sheet = Sheet {
            grid,
            labelled,
            height,
            width,
            keep_at,
            cell_at,
            shown,
            owner,
            label_text,
            label_ends,
            meanings,
            colons,
            spans_known,
            row_cells: Vec::new(),
            row_ends,
        };
        // Every row's distinct cells once: the readers ask for them again and again.
        cells.reserve(n.min(grid.cells.len() * 2 + height));
        for r in 0..height {
            let first = cells.len();
            for c in 0..width {
                // A position no merged region covers starts its own.
                if sheet.owner[r * width + c] == NONE {
                    cells.push((r, c));
                    continue;
                }
                let o = sheet.owner((r, c));
                let starts_region = o.1 == c || c == 0;
                if starts_region
                    || cells[first..]
                        .last()
                        .is_none_or(|&(_, lc)| sheet.owner((r, lc)) != o)
                {
                    cells.push((r, c));
                }
            }
            sheet.row_ends.push(cells.len() as u32);
        }
        sheet.row_cells = cells;
        Some(sheet)
    }

    #[inline]
    pub(crate) fn height(&self) -> usize {
        self.height
    }

    #[inline]
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// The flat index of a position inside the sheet.
    #[inline]
    fn index(&self, (r, c): Pos) -> Option<usize> {
        (r < self.height && c < self.width).then(|| r * self.width + c)
    }

    /// The top-left of the merged region at a position.
    #[inline]
    pub(crate) fn owner(&self, pos: Pos) -> Pos {
        match self.index(pos).map(|i| self.owner[i]) {
            Some(k) if k != NONE => {
                let c = &self.grid.cells[k as usize];
                (c.row, c.col)
            }
            _ => pos,
        }
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
    #[inline]
    pub(crate) fn value(&self, pos: Pos) -> &'g Val {
        match self.index(pos).map(|i| self.shown[i]) {
            Some(k) if k != NONE => &self.grid.cells[k as usize].value,
            _ => &EMPTY,
        }
    }

    /// The grid cell whose top-left a position is.
    #[inline(always)]
    fn cell(&self, pos: Pos) -> Option<usize> {
        let i = self.index(pos)?;
        let k = self.cell_at[i];
        (k != NONE).then_some(k as usize)
    }

    /// The normalised label at a position's own cell.
    #[inline(always)]
    pub(crate) fn label(&self, pos: Pos) -> &str {
        let Some(i) = self.cell(pos) else { return "" };
        let start = match i {
            0 => 0,
            _ => self.label_ends[i - 1] as usize,
        };
        &self.label_text[start..self.label_ends[i] as usize]
    }

    /// The label at a position's own cell split at its first `:` (as
    /// `str::split_once` splits it), when it has one.
    pub(crate) fn label_split(&self, pos: Pos) -> Option<(&str, &str)> {
        let i = self.cell(pos)?;
        let colon = self.colons[i];
        if colon == NONE {
            return None;
        }
        let label = self.label(pos);
        let k = colon as usize;
        Some((label.get(..k)?, label.get(k + 1..)?))
    }

    /// What the vocabulary says about the label at a position's own cell.
    #[inline]
    pub(crate) fn meaning(&self, pos: Pos) -> Meaning {
        self.cell(pos)
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
                let at = (0..self.height * self.width)
                    .map(|i| self.at(i))
                    .filter(|&a| a > 0)
                    .min();
                self.grid.place_at(0, 0, at.unwrap_or(1))
            }
        }
    }

    /// The place of a position, e.g. `项目A!D7`.
    pub(crate) fn place(&self, (r, c): Pos) -> Place {
        let at = match self.keep_at {
            false => 0,
            true => self.index((r, c)).map_or(0, |i| self.at(i)),
        };
        self.grid.place_at(r, c, at)
    }

    /// The line or page of the position at flat index `i`: that of the
    /// last grid cell covering it (the one starting there or the merged
    /// region over it, whichever came later), 0 when none does.
    fn at(&self, i: usize) -> usize {
        let (own, over) = (self.cell_at[i], self.owner[i]);
        let last = match (own, over) {
            (NONE, NONE) => return 0,
            (NONE, k) | (k, NONE) => k,
            (a, b) => a.max(b),
        };
        self.grid.cells[last as usize].at
    }

    /// The distinct cells of a row, left to right: each merged region once,
    /// at its left edge (vertical continuations included, as their owner).
    /// A row past the sheet has none (its positions are all empty).
    #[inline]
    pub(crate) fn row_cells(&self, r: usize) -> &[Pos] {
        let Some(&end) = self.row_ends.get(r) else {
            return &[];
        };
        let start = match r {
            0 => 0,
            _ => self.row_ends[r - 1],
        };
        &self.row_cells[start as usize..end as usize]
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
        self.labelled_in(rows).filter(move |&p| pred(self.label(p)))
    }

    /// The own positions in rows `rows` whose label is not empty, row after
    /// row (the only ones the vocabulary can mean anything of).
    pub(crate) fn labelled_in(
        &self,
        rows: std::ops::Range<usize>,
    ) -> impl Iterator<Item = Pos> + '_ {
        let first = self.labelled.partition_point(|p| p.0 < rows.start);
        self.labelled[first..]
            .iter()
            .copied()
            .take_while(move |p| p.0 < rows.end)
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
        let mut grid = Grid::new("S", GridPlaces::Sheet { origin: (0, 0) });
        grid.push_span(0, 0, 2, 2, Val::from_text("a"), 0);
        grid.push(0, 2, Val::from_text("b"), 0);
        grid.push(1, 2, Val::from_text("c"), 0);
        let sheet = Sheet::from_grid(&grid, 100, Vocabulary::builtin()).unwrap();
        assert_eq!(sheet.value((1, 1)), &Val::from_text("a"));
        assert_eq!(sheet.label((0, 0)), "a");
        assert_eq!(sheet.label((1, 1)), "");
        assert_eq!(sheet.row_cells(0), [(0, 0), (0, 2)]);
        assert_eq!(sheet.row_cells(1), [(1, 0), (1, 2)]);
        assert!(sheet.row_cells(2).is_empty());
        assert_eq!(sheet.value((5, 5)), &Val::Empty);
        assert_eq!(sheet.place((1, 2)).to_string(), "S!C2");
    }

    #[test]
    fn labels_split_at_their_first_colon() {
        let mut grid = Grid::new("S", GridPlaces::Lines);
        let texts = [
            "项目名称：宣传费",
            "a:b:c",
            "x：",
            "无",
            " 单 位 ： 某局 ",
            "1",
        ];
        for (c, t) in texts.iter().enumerate() {
            grid.push(0, c, Val::from_text(*t), 1);
        }
        let sheet = Sheet::from_grid(&grid, 100, Vocabulary::builtin()).unwrap();
        for c in 0..texts.len() {
            let label = sheet.label((0, c));
            assert_eq!(sheet.label_split((0, c)), label.split_once(':'), "{label}");
        }
        assert_eq!(sheet.label_split((0, 0)), Some(("项目名称", "宣传费")));
    }
}
