//! Geometry of one grid on paper: column positions, cell text wrapped to its
//! column, row heights grown to fit, and the rows each page carries (with the
//! repeated header rows at the top of continued pages). All lengths in points.

use crate::layout::grid::{Grid, GridCell};

use super::font::PdfFont;
use super::wrap::{wrap_text, Wrapped};
use super::PdfError;

/// Points per millimetre.
pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;
/// Horizontal padding inside a cell (each side), mm.
const PAD_X_MM: f32 = 1.2;
/// Vertical padding inside a cell (top and bottom), mm.
const PAD_Y_MM: f32 = 0.8;
/// Line height as a multiple of the font size.
pub(crate) const LINE_FACTOR: f32 = 1.3;

/// A cell with its wrapped text.
#[derive(Debug)]
pub(crate) struct CellBox<'g> {
    /// The grid cell.
    pub cell: &'g GridCell,
    /// Font size after fitting the table to the paper width.
    pub size_pt: f32,
    /// The text as glyphs and lines.
    pub text: Wrapped,
}

impl CellBox<'_> {
    /// Height of one text line.
    pub fn line_height(&self) -> f32 {
        self.size_pt * LINE_FACTOR
    }
}

/// One grid measured for paper.
#[derive(Debug)]
pub(crate) struct Table<'g> {
    /// Left edge of each column and the right edge of the last, from the table's left.
    pub col_x: Vec<f32>,
    /// Row heights.
    pub row_h: Vec<f32>,
    /// Cells in grid order.
    pub cells: Vec<CellBox<'g>>,
    /// Horizontal and vertical padding inside cells.
    pub pad: (f32, f32),
    /// Cells whose text was cut to [`MAX_CELL_CHARS`]: (row, column,
    /// characters in the full text).
    pub truncated: Vec<(usize, usize, usize)>,
    /// For each row that may be split across pages, the line height of its
    /// tallest text (cuts fall between that text's lines).
    pub split_step: Vec<Option<f32>>,
}

/// The most characters of one cell a PDF prints (about ten pages of a wide
/// cell; official forms' longest fields hold a few thousand). Longer text is
/// cut with a visible mark and reported, so that one runaway field cannot
/// take minutes and gigabytes.
pub const MAX_CELL_CHARS: usize = 20_000;

/// `text` cut to [`MAX_CELL_CHARS`] with a mark saying how much was left
/// out, and the full length; None when it fits.
fn cut_text(text: &str) -> Option<(String, usize)> {
    let (cut, _) = text.char_indices().nth(MAX_CELL_CHARS)?;
    let total = text.chars().count();
    let kept = &text[..cut];
    Some((
        format!(
            "{kept}……（以下 {} 字未印出：单元格超过 {MAX_CELL_CHARS} 字）",
            total - MAX_CELL_CHARS
        ),
        total,
    ))
}

/// The rows one page carries, top to bottom, each with its top offset below
/// the printable area's top edge. Row indices ascend.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PagePlan {
    /// (row index, top offset).
    pub rows: Vec<(usize, f32)>,
    /// Rows of which this page carries only a part (a tall row split
    /// across pages).
    pub parts: Vec<RowPart>,
}

/// The part of a split row that one page carries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RowPart {
    /// The row.
    pub row: usize,
    /// Where this part's text starts, measured down from the row's first
    /// line (padding excluded).
    pub from: f32,
    /// Height of the part on this page, padding included.
    pub height: f32,
}

impl RowPart {
    /// Whether the row goes on on the next page (this is not its last
    /// part): the parts so far end above the row's full height.
    pub fn continues(&self, row_h: &[f32]) -> bool {
        row_h
            .get(self.row)
            .is_some_and(|&h| self.from + self.height < h - 0.01)
    }
}

impl PagePlan {
    /// The part of `row` on this page, if the row is split.
    pub fn part(&self, row: usize) -> Option<&RowPart> {
        self.parts.iter().find(|p| p.row == row)
    }

    /// Height of `row` on this page.
    pub fn height(&self, row: usize, row_h: &[f32]) -> f32 {
        self.part(row).map_or(row_h[row], |p| p.height)
    }
}

/// How rows may be split across pages: the line step of each splittable
/// row (see [`Table::split_step`]) and the cells' vertical padding.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Splits<'a> {
    /// Per row: the line height cuts are aligned to, or None (kept whole).
    pub step: &'a [Option<f32>],
    /// Vertical padding inside a cell, top and bottom.
    pub pad: f32,
}

/// A part of a split row is only worth starting on a page if it shows at
/// least this many lines; otherwise the row starts on the next page.
const MIN_PART_LINES: f32 = 3.0;

/// Checks the grid's shape, wraps every cell's text, and sizes the rows.
/// A table wider than the printable width is scaled down as a whole.
pub(crate) fn measure<'g>(
    grid: &'g Grid,
    font: &PdfFont,
    index: usize,
) -> Result<Table<'g>, PdfError> {
    let bad = |message: String| PdfError::Grid {
        index,
        title: grid.title.clone(),
        message,
    };
    let page = &grid.page;
    let [top, right, bottom, left] = page.margins_mm;
    let printable_w = page.width_mm - left - right;
    let printable_h = page.height_mm - top - bottom;
    if !(printable_w.is_finite()
        && printable_h.is_finite()
        && printable_w > 10.0
        && printable_h > 20.0)
    {
        return Err(bad(format!(
            "paper {}×{} mm with margins {:?} leaves no printable area",
            page.width_mm, page.height_mm, page.margins_mm
        )));
    }
    if grid.columns.is_empty() || grid.rows.is_empty() {
        return Err(bad("the grid has no columns or no rows".to_owned()));
    }
    if let Some(w) = grid.columns.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
        return Err(bad(format!("column width {w} mm is not a length")));
    }
    let table_w: f32 = grid.columns.iter().sum();
    if table_w <= 0.0 {
        return Err(bad("the columns have no width".to_owned()));
    }
    let scale = (printable_w / table_w).min(1.0);
    let mm = |v: f32| v * PT_PER_MM * scale;

    let mut col_x = Vec::with_capacity(grid.columns.len() + 1);
    let mut x = 0.0;
    col_x.push(x);
    for w in &grid.columns {
        x += mm(*w);
        col_x.push(x);
    }
    let mut row_h: Vec<f32> = grid
        .rows
        .iter()
        .map(|r| {
            if r.min_height.is_finite() {
                mm(r.min_height.max(0.0))
            } else {
                0.0
            }
        })
        .collect();
    let pad = (mm(PAD_X_MM), mm(PAD_Y_MM));

    let mut cells = Vec::with_capacity(grid.cells.len());
    let mut truncated = Vec::new();
    for cell in &grid.cells {
        let (r, c) = (cell.row, cell.col);
        let fits = |start: usize, span: usize, len: usize| {
            span >= 1 && start.checked_add(span).is_some_and(|end| end <= len)
        };
        if !fits(r, cell.row_span, grid.rows.len()) || !fits(c, cell.col_span, grid.columns.len()) {
            return Err(bad(format!(
                "cell at row {r}, column {c} spanning {}×{} lies outside the {}×{} grid",
                cell.row_span,
                cell.col_span,
                grid.rows.len(),
                grid.columns.len()
            )));
        }
        let size = cell.style.size_pt;
        let size_pt = if size.is_finite() && size > 0.0 {
            size.min(200.0)
        } else {
            10.0
        } * scale;
        let inner_w = col_x[c + cell.col_span] - col_x[c] - 2.0 * pad.0;
        let mut text = cell.content.display_text();
        if let Some((cut, total)) = cut_text(&text) {
            truncated.push((r, c, total));
            text = cut;
        }
        cells.push(fit_cell(font, cell, &text, size_pt, inner_w));
    }
    grow_rows(&mut row_h, &cells, pad.1);
    let split_step = split_steps(grid.rows.len(), &cells);
    Ok(Table {
        col_x,
        row_h,
        cells,
        pad,
        truncated,
        split_step,
    })
}

/// For each row, the line height of its tallest one-row text, if any.
fn split_steps(rows: usize, cells: &[CellBox<'_>]) -> Vec<Option<f32>> {
    let mut tallest: Vec<Option<(f32, f32)>> = vec![None; rows];
    for b in cells.iter().filter(|b| b.cell.row_span == 1) {
        let need = b.text.lines.len() as f32 * b.line_height();
        let t = &mut tallest[b.cell.row];
        if need > 0.0 && t.is_none_or(|(n, _)| need > n) {
            *t = Some((need, b.line_height()));
        }
    }
    tallest
        .into_iter()
        .map(|t| t.map(|(_, step)| step))
        .collect()
}

/// Smallest size a cell's text may shrink to, as a fraction of its own.
const MIN_SHRINK: f32 = 0.6;

/// Wraps a cell's text to `inner_w` points. A number or word wider than the
/// cell shrinks the text (to at most [`MIN_SHRINK`]) rather than being cut.
fn fit_cell<'g>(
    font: &PdfFont,
    cell: &'g GridCell,
    text: &str,
    size_pt: f32,
    inner_w: f32,
) -> CellBox<'g> {
    let wrap_at = |size: f32| {
        let units = inner_w.max(size) / font.units_to_pt(1.0, size);
        wrap_text(font, text, units, cell.style.wrap)
    };
    let wrapped = wrap_at(size_pt);
    // What must fit across: the widest word, or the widest line when not wrapping.
    let widest_units = if cell.style.wrap {
        wrapped.widest
    } else {
        wrapped.lines.iter().map(|l| l.width).max().unwrap_or(0)
    };
    let widest = font.units_to_pt(widest_units as f32, size_pt);
    if widest > inner_w && inner_w > 0.0 {
        let smaller = (size_pt * inner_w / widest).max(size_pt * MIN_SHRINK);
        return CellBox {
            cell,
            size_pt: smaller,
            text: wrap_at(smaller),
        };
    }
    CellBox {
        cell,
        size_pt,
        text: wrapped,
    }
}

/// Grows rows so every cell's text fits: single-row cells first, then
/// spanning cells (narrowest span first) share any shortfall evenly.
fn grow_rows(row_h: &mut [f32], cells: &[CellBox<'_>], pad_y: f32) {
    let need = |b: &CellBox<'_>| b.text.lines.len() as f32 * b.line_height() + 2.0 * pad_y;
    let mut spanning: Vec<&CellBox<'_>> = Vec::new();
    for b in cells {
        if b.cell.row_span == 1 {
            let h = &mut row_h[b.cell.row];
            *h = h.max(need(b));
        } else {
            spanning.push(b);
        }
    }
    spanning.sort_by_key(|b| b.cell.row_span);
    for b in spanning {
        let rows = &mut row_h[b.cell.row..b.cell.row + b.cell.row_span];
        let have: f32 = rows.iter().sum();
        let short = need(b) - have;
        if short > 0.0 {
            let each = short / rows.len() as f32;
            rows.iter_mut().for_each(|h| *h += each);
        }
    }
}

/// Splits the rows into pages of at most `avail` points. On a new page the
/// grid's repeat rows are placed first once the table has passed them; the
/// repeat block is kept together with the row that follows it. A row that
/// does not fit is split between lines of its text (when `splits` allows)
/// if the page has room for a few lines or the row is taller than a page;
/// otherwise it starts the next page.
pub(crate) fn paginate(
    grid: &Grid,
    row_h: &[f32],
    splits: Splits<'_>,
    avail: f32,
) -> Vec<PagePlan> {
    let repeat = grid
        .repeat_rows
        .filter(|&(a, b)| a <= b && b < row_h.len())
        .filter(|&(a, b)| row_h[a..=b].iter().sum::<f32>() < avail / 2.0);
    let mut pages = Pager {
        pages: vec![PagePlan::default()],
        y: 0.0,
        body_on_page: false,
        repeat,
        row_h,
        short_row: avail / 8.0,
    };
    let mut i = 0;
    while i < row_h.len() {
        // Height that must fit before row i may start here: the whole repeat
        // block plus its first following row, or just this row.
        let need = match repeat {
            Some((a, b)) if i == a => row_h[a..=(b + 1).min(row_h.len() - 1)].iter().sum(),
            _ => row_h[i],
        };
        let step = splits.step.get(i).copied().flatten().filter(|s| *s > 0.0);
        if let (Some(step), true) = (
            step,
            pages.y + need > avail && !matches!(repeat, Some((a, _)) if i == a),
        ) {
            pages.split_row(i, step, splits.pad, avail);
            i += 1;
            continue;
        }
        if pages.y + need > avail && pages.body_on_page {
            pages.new_page(i, false);
        }
        let rows_to_place = match repeat {
            Some((a, b)) if i == a => a..=b,
            _ => i..=i,
        };
        for r in rows_to_place {
            pages.place(r, row_h[r]);
            i = r + 1;
        }
        pages.body_on_page = true;
    }
    pages.pages
}

/// Pages being filled.
struct Pager<'a> {
    pages: Vec<PagePlan>,
    /// Height used on the current page.
    y: f32,
    /// Whether the current page holds a row beyond the repeated header.
    body_on_page: bool,
    repeat: Option<(usize, usize)>,
    row_h: &'a [f32],
    /// Rows up to this height may be repeated above a continued row.
    short_row: f32,
}

impl Pager<'_> {
    fn page(&mut self) -> &mut PagePlan {
        self.pages.last_mut().expect("never empty")
    }

    fn place(&mut self, row: usize, height: f32) {
        let y = self.y;
        self.page().rows.push((row, y));
        self.y += height;
    }

    /// Starts a page for row `next` on, with the repeat rows once the
    /// table has passed them. A row continued from the page before (`split`)
    /// gets the row above it (its column heads) when no repeat rows apply
    /// and that row is short.
    fn new_page(&mut self, next_row: usize, split: bool) {
        self.pages.push(PagePlan::default());
        self.y = 0.0;
        self.body_on_page = false;
        if let Some((a, b)) = self.repeat.filter(|&(_, b)| next_row > b) {
            for r in a..=b {
                self.place(r, self.row_h[r]);
            }
        } else if let Some(above) = next_row.checked_sub(1).filter(|_| split) {
            if self.row_h[above] <= self.short_row {
                self.place(above, self.row_h[above]);
            }
        }
    }

    /// Whether the current page ends with row `i - 1`, short and not alone
    /// on the page, and a new page for `i` would not start with the repeat
    /// rows (so that [`Pager::new_page`] puts it back above `i`).
    fn head_at_foot(&self, i: usize) -> bool {
        let Some(page) = self.pages.last() else {
            return false;
        };
        let repeats = self.repeat.is_some_and(|(_, b)| i > b);
        match page.rows.as_slice() {
            [.., before, (last, _)] => {
                *last + 1 == i
                    && self.row_h[*last] <= self.short_row
                    && !repeats
                    && self
                        .repeat
                        .is_none_or(|(a, b)| !(a..=b).contains(&before.0))
                    && page.part(*last).is_none()
            }
            _ => false,
        }
    }

    /// Places row `i` in parts cut every whole number of `step`s, over as
    /// many pages as it needs.
    fn split_row(&mut self, i: usize, step: f32, pad: f32, avail: f32) {
        let text = (self.row_h[i] - 2.0 * pad).max(0.0);
        let mut from = 0.0;
        loop {
            let free = avail - self.y;
            let rest = text - from;
            if rest + 2.0 * pad <= free + 0.01 {
                let height = match from > 0.0 {
                    true => rest + 2.0 * pad,
                    false => self.row_h[i],
                };
                if from > 0.0 {
                    self.page().parts.push(RowPart {
                        row: i,
                        from,
                        height,
                    });
                }
                self.place(i, height);
                break;
            }
            let lines = ((free - 2.0 * pad) / step + 0.001).floor().max(0.0);
            // A fresh page takes what it can (at least a line); a page in use
            // only a part worth reading.
            let lines = match self.body_on_page {
                true if lines < MIN_PART_LINES => 0.0,
                _ => lines.max(1.0),
            };
            if lines > 0.0 {
                let height = lines * step + 2.0 * pad;
                self.page().parts.push(RowPart {
                    row: i,
                    from,
                    height,
                });
                self.place(i, height);
                from += lines * step;
            }
            // A short head row just above that the row cannot follow here
            // goes with it, rather than stand alone at the foot of the page.
            let carry = from == 0.0 && self.head_at_foot(i);
            if carry {
                let (_, top) = self.page().rows.pop().expect("head_at_foot saw it");
                self.y = top;
            }
            self.new_page(i, from > 0.0 || carry);
        }
        self.body_on_page = true;
    }
}

/// The runs of consecutive grid rows of `cell` that `page` carries, each as
/// (first row, one past the last row, top offset, height).
pub(crate) fn segments(
    cell: &GridCell,
    page: &PagePlan,
    row_h: &[f32],
) -> Vec<(usize, usize, f32, f32)> {
    let (r0, r1) = (cell.row, cell.row + cell.row_span);
    let from = page.rows.partition_point(|&(r, _)| r < r0);
    let mut out: Vec<(usize, usize, f32, f32)> = Vec::new();
    for &(r, top) in page.rows[from..].iter().take_while(|&&(r, _)| r < r1) {
        let h = page.height(r, row_h);
        match out.last_mut() {
            Some(seg) if seg.1 == r => {
                seg.1 = r + 1;
                seg.3 += h;
            }
            _ => out.push((r, r + 1, top, h)),
        }
    }
    out
}

#[cfg(test)]
mod tests;
