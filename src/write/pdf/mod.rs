//! The PDF writer: renders laid-out grids on A4 pages with an embedded,
//! subset CJK font (printpdf for the document, [`PdfFont`] for the face).
//!
//! It knows pages, lines and glyphs, not form kinds: every grid starts on a
//! new page, long tables break across pages with the grid's repeat rows on
//! top of each continued page, a row-spanning cell cut by a break shows its
//! text again, and each form's pages are numbered "第 1 页 共 N 页".
//! Characters the font lacks are reported as [`MissingGlyph`]s.
//!
//! ```
//! use jixiao::layout::grid::*;
//! use jixiao::write::pdf::{render_pdf, PdfFont};
//! let grid = Grid {
//!     title: "示例项目".into(),
//!     columns: vec![40.0, 60.0],
//!     rows: vec![GridRow { min_height: 8.0, fit_height: 8.0 }],
//!     cells: vec![GridCell {
//!         row: 0, col: 0, row_span: 1, col_span: 2,
//!         content: CellContent::Text("项目名称：示例项目".into()),
//!         style: CellStyle::default(),
//!     }],
//!     repeat_rows: None,
//!     page: PageSetup::default(),
//! };
//! let pdf = render_pdf(&[grid], &PdfFont::builtin()).unwrap();
//! assert!(pdf.starts_with(b"%PDF"));
//! ```

mod cmap;
mod draw;
mod font;
mod paginate;
mod wrap;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use printpdf::{FontId, PdfDocument, PdfPage, PdfSaveOptions};

use crate::layout::grid::Grid;

pub use font::PdfFont;
pub use paginate::MAX_CELL_CHARS;

use draw::{Frame, PageDrawer};
use font::Glyph;
use paginate::{measure, paginate, PagePlan, Splits, Table, PT_PER_MM};
use wrap::{wrap_text, Wrapped};

/// Errors of the PDF writer, each naming the font, grid or file concerned.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A font file could not be read.
    #[error("无法读取字体文件 {path}：{source}")]
    FontRead {
        /// The font file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A font could not be used (not a font, wrong face index, CFF outlines…).
    #[error("字体 {source_name}：{message}")]
    Font {
        /// The font file or built-in name.
        source_name: String,
        /// What is wrong.
        message: String,
    },
    /// A grid cannot be drawn (cell outside the grid, no printable area…).
    #[error("第 {index} 张表（{title}）：{message}")]
    Grid {
        /// Position of the grid in the input, from 0.
        index: usize,
        /// The grid's title.
        title: String,
        /// What is wrong.
        message: String,
    },
    /// Nothing to render.
    #[error("没有可排版的表")]
    NoGrids,
    /// The PDF could not be serialised (an internal error of the PDF library).
    #[error("无法生成 PDF：{0}")]
    Serialize(String),
    /// The output file could not be written.
    #[error("无法写入 {path}：{source}")]
    Write {
        /// The output file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// A character the font has no glyph for, and where it occurs. It is drawn
/// as the font's `.notdef` glyph (usually a box).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    /// The character.
    pub ch: char,
    /// Which grid (form), from 0, in the order given.
    pub grid: usize,
    /// That grid's title (project name).
    pub grid_title: String,
    /// The cell's top row and left column in the grid (from 0); `None` for
    /// text the writer adds itself (page numbers).
    pub cell: Option<(usize, usize)>,
    /// The text around the character (up to 30 characters either side).
    pub text: String,
}

impl fmt::Display for MissingGlyph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "form {} ({}): ", self.grid + 1, self.grid_title)?;
        match self.cell {
            Some((r, c)) => write!(f, "第 {} 行第 {} 列的单元格", r + 1, c + 1)?,
            None => write!(f, "page number")?,
        }
        write!(
            f,
            ": the font has no glyph for '{}' (U+{:04X}) in \"{}\"",
            self.ch, self.ch as u32, self.text
        )
    }
}

/// A rendered PDF with the characters its font could not draw.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    /// The PDF file's bytes.
    pub bytes: Vec<u8>,
    /// Characters drawn as `.notdef`, one entry per character and place.
    pub missing: Vec<MissingGlyph>,
    /// Cells whose text was too long to print whole.
    pub truncated: Vec<TruncatedCell>,
}

impl PdfOutput {
    /// Everything worth telling the user, as sentences.
    pub fn warnings(&self) -> Vec<String> {
        let missing = self.missing.iter().map(ToString::to_string);
        missing
            .chain(self.truncated.iter().map(ToString::to_string))
            .collect()
    }
}

/// A cell whose text was cut to [`MAX_CELL_CHARS`] characters (the PDF
/// shows the cut with a mark; the data itself is untouched).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruncatedCell {
    /// Which grid (form), from 0.
    pub grid: usize,
    /// That grid's title (project name).
    pub grid_title: String,
    /// The cell's top row and left column in the grid (from 0).
    pub cell: (usize, usize),
    /// Characters in the full text.
    pub chars: usize,
}

impl fmt::Display for TruncatedCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "第 {} 张表（{}）第 {} 行第 {} 列：文字 {} 字，超过 PDF 单元格上限 {MAX_CELL_CHARS} 字，只印出前 {MAX_CELL_CHARS} 字并注明其余未印出",
            self.grid + 1,
            self.grid_title,
            self.cell.0 + 1,
            self.cell.1 + 1,
            self.chars
        )
    }
}

/// Renders grids into one PDF (a bundle when there are several; each grid
/// starts on a new page). Use [`render_pdf_report`] to also learn which
/// characters the font lacks.
pub fn render_pdf(grids: &[Grid], font: &PdfFont) -> Result<Vec<u8>, PdfError> {
    render_pdf_report(grids, font).map(|o| o.bytes)
}

/// Renders grids into one PDF and reports characters the font lacks.
pub fn render_pdf_report(grids: &[Grid], font: &PdfFont) -> Result<PdfOutput, PdfError> {
    if grids.is_empty() {
        return Err(PdfError::NoGrids);
    }
    let mut forms = Vec::with_capacity(grids.len());
    for (i, grid) in grids.iter().enumerate() {
        forms.push(plan_form(grid, font, i)?);
    }

    let mut used: BTreeMap<char, Glyph> = BTreeMap::new();
    let mut missing = Vec::new();
    let mut truncated = Vec::new();
    for (i, form) in forms.iter().enumerate() {
        let title = &grids[i].title;
        truncated.extend(
            form.table
                .truncated
                .iter()
                .map(|&(r, c, chars)| TruncatedCell {
                    grid: i,
                    grid_title: title.clone(),
                    cell: (r, c),
                    chars,
                }),
        );
        for b in &form.table.cells {
            let place = Some((b.cell.row, b.cell.col));
            note_glyphs(&b.text, &mut used, &mut missing, i, title, place);
        }
        for f in form.footers.iter().chain(&form.running) {
            note_glyphs(f, &mut used, &mut missing, i, title, None);
        }
    }
    let subset = font.subset(&used)?;

    let mut doc = PdfDocument::new(&document_title(grids));
    set_dates(&mut doc);
    let font_id = FontId("F1".to_owned());
    doc.resources
        .fonts
        .map
        .insert(font_id.clone(), printpdf::PdfFont::new(subset));

    let mut pages = Vec::new();
    for (grid, form) in grids.iter().zip(&forms) {
        let page = &grid.page;
        let frame = Frame {
            x0: table_left(grid, &form.table),
            y0: (page.height_mm - page.margins_mm[0]) * PT_PER_MM,
            page_w: page.width_mm * PT_PER_MM,
            footer_y: page.margins_mm[2] * PT_PER_MM / 2.0,
            header_y: (page.height_mm - page.margins_mm[0] / 2.0) * PT_PER_MM,
        };
        for (k, (plan, footer)) in form.pages.iter().zip(&form.footers).enumerate() {
            let mut drawer = PageDrawer::new(&font_id, font);
            // A continued page names its project, so a loose page finds its form.
            if let Some(running) = form.running.as_ref().filter(|_| k > 0) {
                drawer.centred(running, frame.header_y, &frame);
            }
            drawer.table(&form.table, plan, &frame);
            drawer.centred(footer, frame.footer_y, &frame);
            pages.push(PdfPage::new(
                printpdf::Mm(page.width_mm),
                printpdf::Mm(page.height_mm),
                drawer.ops,
            ));
        }
    }
    doc.with_pages(pages);
    let bytes = serialize(&doc)?;
    Ok(PdfOutput {
        bytes,
        missing,
        truncated,
    })
}

/// Renders grids into one PDF file at `path`, atomically (a temporary file
/// renamed into place; never partial output). Refuses to replace an existing
/// file unless `overwrite`. Returns warnings: characters the font lacks,
/// cells too long to print whole ([`PdfOutput::warnings`]).
pub fn write_pdf(
    grids: &[Grid],
    font: &PdfFont,
    path: &Path,
    overwrite: bool,
) -> Result<Vec<String>, PdfError> {
    let out = render_pdf_report(grids, font)?;
    crate::write::atomic::write_bytes_atomic(path, overwrite, &out.bytes).map_err(|source| {
        PdfError::Write {
            path: path.to_path_buf(),
            source,
        }
    })?;
    Ok(out.warnings())
}

/// The characters in `grids` that `font` has no glyph for, without rendering.
pub fn missing_glyphs(grids: &[Grid], font: &PdfFont) -> Vec<MissingGlyph> {
    let mut out = Vec::new();
    for (i, grid) in grids.iter().enumerate() {
        for cell in &grid.cells {
            let text = cell.content.display_text();
            let mut seen = Vec::new();
            for ch in text.chars().filter(|c| !matches!(c, '\n' | '\r')) {
                if !font.has_char(ch) && !seen.contains(&ch) {
                    seen.push(ch);
                    out.push(MissingGlyph {
                        ch,
                        grid: i,
                        grid_title: grid.title.clone(),
                        cell: Some((cell.row, cell.col)),
                        text: text.clone(),
                    });
                }
            }
        }
    }
    out
}

/// One grid measured and paginated, with its page-number texts.
struct FormPlan<'g> {
    table: Table<'g>,
    pages: Vec<PagePlan>,
    footers: Vec<Wrapped>,
    /// The running header of continued pages: the project name.
    running: Option<Wrapped>,
}

/// Characters of the project name shown in a running header.
const RUNNING_CHARS: usize = 60;

fn plan_form<'g>(grid: &'g Grid, font: &PdfFont, index: usize) -> Result<FormPlan<'g>, PdfError> {
    let table = measure(grid, font, index)?;
    let [top, _, bottom, _] = grid.page.margins_mm;
    let avail = (grid.page.height_mm - top - bottom) * PT_PER_MM;
    let splits = Splits {
        step: &table.split_step,
        pad: table.pad.1,
    };
    let pages = paginate(grid, &table.row_h, splits, avail);
    let n = pages.len();
    let footers = (1..=n)
        .map(|p| wrap_text(font, &format!("第 {p} 页 共 {n} 页"), 0.0, false))
        .collect();
    let title = grid.title.trim();
    let running = (n > 1 && !title.is_empty()).then(|| {
        let mut name: String = title.chars().take(RUNNING_CHARS).collect();
        if title.chars().nth(RUNNING_CHARS).is_some() {
            name.push('…');
        }
        wrap_text(font, &format!("{name}（续）"), 0.0, false)
    });
    Ok(FormPlan {
        table,
        pages,
        footers,
        running,
    })
}

/// Records the glyphs of `text` as used and its missing characters.
fn note_glyphs(
    text: &Wrapped,
    used: &mut BTreeMap<char, Glyph>,
    missing: &mut Vec<MissingGlyph>,
    grid: usize,
    grid_title: &str,
    cell: Option<(usize, usize)>,
) {
    let mut reported: Vec<char> = Vec::new();
    for (i, (&ch, &g)) in text.chars.iter().zip(&text.glyphs).enumerate() {
        used.insert(ch, g);
        if g.gid == 0 && !ch.is_whitespace() && !reported.contains(&ch) {
            reported.push(ch);
            // Enough of the text to find the place, not a whole long field.
            let from = i.saturating_sub(EXCERPT);
            let to = (i + EXCERPT + 1).min(text.chars.len());
            missing.push(MissingGlyph {
                ch,
                grid,
                grid_title: grid_title.to_owned(),
                cell,
                text: text.chars[from..to].iter().collect(),
            });
        }
    }
}

/// Characters shown either side of a missing one.
const EXCERPT: usize = 30;

/// The table's left edge: the left margin, or centred in the printable width.
fn table_left(grid: &Grid, table: &Table<'_>) -> f32 {
    let [_, right, _, left] = grid.page.margins_mm;
    let printable = (grid.page.width_mm - left - right) * PT_PER_MM;
    let width = table.col_x.last().copied().unwrap_or(0.0);
    let offset = if grid.page.center_horizontally {
        ((printable - width) / 2.0).max(0.0)
    } else {
        0.0
    };
    left * PT_PER_MM + offset
}

/// Deflate level for streams. lopdf's own `compress` uses level 9, which
/// spent half of a form's time; level 1 is 2.5× faster than 6 and makes a
/// one-form PDF 60 KB instead of 52 KB (docs/bench-pdf.md).
const DEFLATE_LEVEL: u32 = 1;

/// Writes the document with its streams deflated at [`DEFLATE_LEVEL`].
fn serialize(doc: &PdfDocument) -> Result<Vec<u8>, PdfError> {
    let opts = PdfSaveOptions {
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut lo = doc.to_lopdf_document(&opts, &mut Vec::new());
    drop_empty_info_keys(&mut lo);
    for obj in lo.objects.values_mut() {
        let lopdf::Object::Stream(stream) = obj else {
            continue;
        };
        if !stream.allows_compression || stream.dict.has(b"Filter") {
            continue;
        }
        // The embedded font (/Length1 marks a FontFile2) is most of a file's
        // bytes and one stream per document: level 6 makes it 13 % smaller
        // for a quarter more time per form (level 9 gains nothing more).
        let best = stream.dict.has(b"Length1");
        let packed = deflate(&stream.content, best).map_err(PdfError::Serialize)?;
        if packed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Serialize(e.to_string()))?;
    Ok(bytes)
}

/// printpdf writes an empty `/GTS_PDFXVersion` and `/Identifier` into the
/// document information; readers then take the file for PDF/X. Drop them.
fn drop_empty_info_keys(lo: &mut lopdf::Document) {
    let Ok(info) = lo.trailer.get(b"Info").and_then(|o| o.as_reference()) else {
        return;
    };
    if let Ok(lopdf::Object::Dictionary(d)) = lo.get_object_mut(info) {
        for key in [b"GTS_PDFXVersion".as_slice(), b"Identifier".as_slice()] {
            if matches!(d.get(key), Ok(lopdf::Object::String(s, _)) if s.is_empty()) {
                d.remove(key);
            }
        }
    }
}

/// Zlib-deflates `data` (at level 6 if `best`, else [`DEFLATE_LEVEL`]),
/// reusing one compressor per thread and level: setting up a compressor (its
/// hash tables) costs about as much as deflating a page.
fn deflate(data: &[u8], best: bool) -> Result<Vec<u8>, String> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static FAST: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::new(DEFLATE_LEVEL), true));
        static FONT: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::new(6), true));
    }
    let compressor = if best { &FONT } else { &FAST };
    compressor.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let done = usize::try_from(c.total_in()).map_err(|e| e.to_string())?;
            let input = data.get(done..).unwrap_or_default();
            match c.compress_vec(input, &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return Ok(out),
                Ok(_) => out.reserve(out.capacity().max(1024)),
                Err(e) => return Err(e.to_string()),
            }
        }
    })
}

/// The document title: the grids' distinct titles joined with "、".
fn document_title(grids: &[Grid]) -> String {
    let mut titles: Vec<&str> = Vec::new();
    for g in grids {
        if !g.title.is_empty() && !titles.contains(&g.title.as_str()) {
            titles.push(&g.title);
        }
    }
    titles.join("、")
}

/// Creation and modification dates: `SOURCE_DATE_EPOCH` (seconds since 1970)
/// when set, so builds can be reproduced; otherwise the current time.
fn set_dates(doc: &mut PdfDocument) {
    let when = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| printpdf::DateTime::from_unix_timestamp(s).ok())
        .unwrap_or_else(printpdf::DateTime::now_utc);
    let info = &mut doc.metadata.info;
    info.creation_date = when;
    info.modification_date = when;
    info.metadata_date = when;
    info.producer = format!("jixiao {}", env!("CARGO_PKG_VERSION"));
    info.creator = "jixiao".to_owned();
}
