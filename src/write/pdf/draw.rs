//! Drawing one page: cell borders as stroked rectangles (open at the bottom
//! where a split row goes on on the next page), then every text line placed
//! with an absolute text matrix, then the page number.

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem,
    TextMatrix, TextRenderingMode,
};

use crate::layout::grid::{HAlign, VAlign};

use super::font::PdfFont;
use super::paginate::{segments, CellBox, PagePlan, Table};
use super::wrap::Wrapped;

/// Border line width.
const BORDER_PT: f32 = 0.5;
/// Stroke width for synthetic bold, as a fraction of the font size.
const BOLD_STROKE: f32 = 0.035;
/// Where the baseline sits in a line's em box (CJK ideographic box: 0.88 above, 0.12 below).
const EM_ASCENT: f32 = 0.88;
/// Page-number size.
pub(crate) const FOOTER_PT: f32 = 9.0;

/// Where a grid sits on its paper, in points from the page's lower left.
pub(crate) struct Frame {
    /// Table's left edge.
    pub x0: f32,
    /// Printable area's top edge.
    pub y0: f32,
    /// Page width.
    pub page_w: f32,
    /// Baseline of the page number.
    pub footer_y: f32,
    /// Baseline of the running header (continued pages).
    pub header_y: f32,
}

/// Builds the operations of one page.
pub(crate) struct PageDrawer<'a> {
    /// The document's (subset) font.
    pub font_id: &'a FontId,
    /// The full face, for measuring.
    pub font: &'a PdfFont,
    /// Ops so far.
    pub ops: Vec<Op>,
    size: f32,
    bold: bool,
}

impl<'a> PageDrawer<'a> {
    /// A drawer with no operations yet.
    pub fn new(font_id: &'a FontId, font: &'a PdfFont) -> Self {
        PageDrawer {
            font_id,
            font,
            ops: Vec::with_capacity(512),
            size: 0.0,
            bold: false,
        }
    }

    /// Draws the cells of `table` that `page` carries.
    pub fn table(&mut self, table: &Table<'_>, page: &PagePlan, frame: &Frame) {
        let black = Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None));
        self.ops.push(Op::SetOutlineColor { col: black.clone() });
        self.ops.push(Op::SetFillColor { col: black });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(BORDER_PT) });
        let mut texts = Vec::new();
        for b in &table.cells {
            let c = b.cell;
            let x = frame.x0 + table.col_x[c.col];
            let w = table.col_x[c.col + c.col_span] - table.col_x[c.col];
            for (_, end, top, h) in segments(c, page, &table.row_h) {
                let top = frame.y0 - top;
                // A box whose row goes on on the next page is left open at
                // the bottom, so a reader sees the row is not finished.
                let goes_on = page
                    .part(end - 1)
                    .is_some_and(|p| p.continues(&table.row_h));
                if c.style.border && goes_on {
                    self.open_box(x, top, w, h);
                } else if c.style.border {
                    self.ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            x: Pt(x),
                            y: Pt(top - h),
                            width: Pt(w),
                            height: Pt(h),
                            mode: Some(PaintMode::Stroke),
                            winding_order: None,
                        },
                    });
                }
                if !b.text.lines.is_empty() {
                    // A one-row cell of a split row shows its part's lines.
                    let window = page
                        .part(c.row)
                        .filter(|_| c.row_span == 1)
                        .map(|p| (p.from, p.from + p.height - 2.0 * table.pad.1));
                    texts.push((b, x, w, top, h, window));
                }
            }
        }
        self.ops.push(Op::StartTextSection);
        for (b, x, w, top, h, window) in texts {
            match window {
                Some(window) => self.cell_part(b, table.pad, (x, w, top), window),
                None => self.cell_text(b, table.pad, (x, w, top, h)),
            }
        }
        self.set_bold(false);
        self.ops.push(Op::EndTextSection);
    }

    /// Strokes a box's left, top and right sides (no bottom line).
    fn open_box(&mut self, x: f32, top: f32, w: f32, h: f32) {
        let point = |x: f32, y: f32| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    point(x, top - h),
                    point(x, top),
                    point(x + w, top),
                    point(x + w, top - h),
                ],
                is_closed: false,
            },
        });
    }

    /// Places a cell's lines inside the box (x, width, top, height).
    fn cell_text(
        &mut self,
        b: &CellBox<'_>,
        pad: (f32, f32),
        (x, w, top, h): (f32, f32, f32, f32),
    ) {
        let style = &b.cell.style;
        // A merged box cut by a page break may be too short for all lines:
        // they are drawn smaller so every part of the cell shows all its
        // text (a reader of the page loses nothing).
        let n = b.text.lines.len();
        let room = (h - 2.0 * pad.1).max(0.0);
        let scale = (room / (n as f32 * b.line_height())).clamp(0.25, 1.0);
        let size = b.size_pt * scale;
        let lh = b.line_height() * scale;
        let block = n as f32 * lh;
        let block_top = match style.v_align {
            VAlign::Top => top - pad.1,
            VAlign::Center => top - (h - block) / 2.0,
            VAlign::Bottom => top - h + pad.1 + block,
        };
        self.set_font(size);
        self.set_bold(style.bold);
        for k in 0..n {
            self.cell_line(b, k, (x, w, pad.0), block_top - k as f32 * lh, size);
        }
    }

    /// Places the lines of a cell of a split row that fall in `window`
    /// (from, to: distances below its first line), from the box's top.
    fn cell_part(
        &mut self,
        b: &CellBox<'_>,
        pad: (f32, f32),
        (x, w, top): (f32, f32, f32),
        (from, to): (f32, f32),
    ) {
        let lh = b.line_height();
        // Cuts fall between lines; the tolerance absorbs rounding.
        let first = ((from - 0.01) / lh).ceil().max(0.0) as usize;
        let end = (((to - 0.01) / lh).ceil().max(0.0) as usize).min(b.text.lines.len());
        self.set_font(b.size_pt);
        self.set_bold(b.cell.style.bold);
        for k in first..end {
            let line_top = top - pad.1 - (k as f32 * lh - from);
            self.cell_line(b, k, (x, w, pad.0), line_top, b.size_pt);
        }
    }

    /// Draws line `k` of a cell at `size` points, aligned in the box (x,
    /// width, padding), its line box starting at `line_top`.
    fn cell_line(
        &mut self,
        b: &CellBox<'_>,
        k: usize,
        (x, w, pad_x): (f32, f32, f32),
        line_top: f32,
        size: f32,
    ) {
        let line_w = self.font.units_to_pt(b.text.lines[k].width as f32, size);
        let lx = match b.cell.style.h_align {
            HAlign::Left => x + pad_x,
            HAlign::Center => x + (w - line_w) / 2.0,
            HAlign::Right => x + w - pad_x - line_w,
        };
        let lh = b.line_height() * size / b.size_pt;
        let baseline = line_top - (lh - size) / 2.0 - EM_ASCENT * size;
        self.line(&b.text, k, lx, baseline);
    }

    /// Draws a one-line text (page number, running header) centred across
    /// the page with its baseline at `y`.
    pub fn centred(&mut self, text: &Wrapped, y: f32, frame: &Frame) {
        let Some(line) = text.lines.first() else {
            return;
        };
        let w = self.font.units_to_pt(line.width as f32, FOOTER_PT);
        self.ops.push(Op::StartTextSection);
        self.set_font(FOOTER_PT);
        self.line(text, 0, (frame.page_w - w) / 2.0, y);
        self.ops.push(Op::EndTextSection);
    }

    fn line(&mut self, text: &Wrapped, k: usize, x: f32, baseline: f32) {
        let line = text.lines[k];
        let s: String = text.chars[line.start..line.end].iter().collect();
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x), Pt(baseline)),
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(s)],
        });
    }

    fn set_font(&mut self, size: f32) {
        if size != self.size {
            self.size = size;
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(self.font_id.clone()),
                size: Pt(size),
            });
            if self.bold {
                self.ops.push(Op::SetOutlineThickness {
                    pt: Pt(size * BOLD_STROKE),
                });
            }
        }
    }

    /// Bold is synthetic: glyphs filled and stroked with a thin outline, so one
    /// embedded face serves both weights.
    fn set_bold(&mut self, bold: bool) {
        if bold == self.bold {
            return;
        }
        self.bold = bold;
        let (mode, pt) = if bold {
            (TextRenderingMode::FillStroke, self.size * BOLD_STROKE)
        } else {
            (TextRenderingMode::Fill, BORDER_PT)
        };
        self.ops.push(Op::SetTextRenderingMode { mode });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(pt) });
    }
}
