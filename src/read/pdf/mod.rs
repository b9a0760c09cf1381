//! The PDF reader (`.pdf`): each page's characters (with position and size,
//! CJK through the fonts' ToUnicode maps) and ruling lines are read from its
//! content stream ([`content`]); tables come from the ruling-line lattice,
//! merged cells from missing inner lines ([`lattice`]); the pages become one
//! cell grid (a table running over pages is one table: its repeated heading
//! rows, 第 N 页 footers and “项目名（续）” running headers are left out; a
//! row split between its lines over pages is one row again), which the
//! recognizer reads.
//!
//! lopdf parses the file (objects, streams, encryption); the content
//! interpretation is ours. One page's content is decompressed and
//! interpreted at a time; what stays is the page's cells. Why lopdf and not
//! another crate: docs/pdf-reading.md.
//!
//! A page with no ruling lines is read by text alignment ([`stream`]):
//! pieces of text separated by wide gaps are cells, columns come from the
//! gaps, and lines join a row while they continue its cells at wrapped-line
//! spacing.

mod aligned;
pub mod content;
pub mod fonts;
pub mod lattice;
pub mod radicals;
mod repair;
pub mod stream;

use content::{FontCache, Interpreter, MAX_PAGE_CONTENT};
use lattice::{cluster, BoxCell, PageRow};

use super::grid::{Grid, GridPlaces, Value};
use super::recognize::recognize_with;
use super::vocab::Vocabulary;
use super::{Place, ReadError, ReadOutput, Warning};

/// Pages read at most (a form runs over a few; a report over hundreds).
pub const MAX_PAGES: usize = 10_000;

/// Reads every form in a PDF.
pub fn read_pdf(bytes: &[u8], file: &str) -> Result<ReadOutput, ReadError> {
    read_pdf_with(bytes, file, Vocabulary::builtin())
}

/// [`read_pdf`] with a given vocabulary (the built-in one plus `--labels`).
pub fn read_pdf_with(
    bytes: &[u8],
    file: &str,
    vocab: &Vocabulary,
) -> Result<ReadOutput, ReadError> {
    let mut pages = pdf_pages(bytes, file)?;
    if let Some(mut out) = pages
        .aligned
        .take()
        .and_then(|a| read_aligned(&a, file, vocab))
    {
        out.warnings.splice(0..0, pages.warnings);
        return Ok(out);
    }
    let mut out = ReadOutput::default();
    let grid = pages_grid(pages.rows, file);
    out.warnings.extend(pages.warnings);
    recognize_with(&grid, file, vocab, &mut out)?;
    out.or_no_form(
        file,
        "PDF 的文字里没有表单标题（…绩效自评表、…绩效目标申报表、…绩效目标表）或“项目名称”",
    )
}

impl Pages {
    /// The pages as aligned text (as `pdftotext -layout` writes them) when
    /// no page has a ruling line; the text reader reads that text.
    pub fn aligned_text(&self) -> Option<&str> {
        self.aligned.as_ref().map(|a| a.text.as_str())
    }
}

/// Forms of pages without ruling lines, read as aligned text, with places
/// on pages; None when the text holds no form (the columns by white space
/// are tried then).
fn read_aligned(
    aligned: &aligned::AlignedText,
    file: &str,
    vocab: &Vocabulary,
) -> Option<ReadOutput> {
    let options = super::ReadOptions {
        vocab,
        text_shape: Some(super::text::TextShape::Layout),
    };
    let mut out = super::text::read_text_with(aligned.text.as_bytes(), file, &options).ok()?;
    if out.document.forms.is_empty() {
        return None;
    }
    for w in out.warnings.iter_mut().chain(&mut out.errors) {
        w.place = aligned.page_of(&w.place);
    }
    for p in &mut out.places {
        p.start = p.start.as_ref().map(|s| aligned.page_of(s));
        p.fields.values_mut().for_each(|f| *f = aligned.page_of(f));
        p.indicators
            .iter_mut()
            .for_each(|f| *f = aligned.page_of(f));
    }
    Some(out)
}

/// The rows of every page, with their page numbers (1-based).
pub struct Pages {
    /// (page, row) in reading order.
    pub rows: Vec<(usize, PageRow)>,
    /// Pages that could not be read (scanned pages among text pages).
    pub warnings: Vec<Warning>,
    /// The pages as aligned text when none has a ruling line.
    aligned: Option<aligned::AlignedText>,
}

fn malformed(file: &str, page: usize, what: String) -> ReadError {
    ReadError::Malformed {
        file: file.to_string(),
        place: Place::Page(page.max(1)),
        what,
    }
}

/// Reads the pages of a PDF into rows; errors for files that are not
/// PDFs, are encrypted, broken or scanned.
pub fn pdf_pages(bytes: &[u8], file: &str) -> Result<Pages, ReadError> {
    let bad = |what: String| ReadError::Encoding {
        file: file.to_string(),
        what,
    };
    if !bytes
        .get(..1024)
        .unwrap_or(bytes)
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(bad("不是 PDF 文件（开头没有 %PDF-）".into()));
    }
    let mut warnings = Vec::new();
    let doc = match lopdf::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(
            lopdf::Error::Decryption(_)
            | lopdf::Error::InvalidPassword
            | lopdf::Error::AlreadyEncrypted,
        ) => return Err(bad(ENCRYPTED.into())),
        Err(e) if encrypted_trailer(bytes) => {
            return Err(bad(format!("PDF 已加密，无法读取（{e}）：请先解除加密")))
        }
        // A complete file (it ends with %%EOF) whose cross-reference table
        // is broken: rebuilt from the objects. A cut file is an error, so
        // a form is never read half.
        Err(e) => match complete(bytes)
            .then(|| repair::rebuild_xref(bytes))
            .flatten()
            .and_then(|fixed| lopdf::Document::load_mem(&fixed).ok())
        {
            Some(doc) => {
                warnings.push(Warning {
                    place: Place::Page(1),
                    message: format!("交叉引用表损坏（{e}），已按文件中的对象重建后读取"),
                });
                doc
            }
            None if complete(bytes) => return Err(bad(format!("PDF 文件损坏，无法读取（{e}）"))),
            None => {
                return Err(bad(format!(
                    "PDF 文件不完整（被截断，结尾没有 %%EOF），无法读取（{e}）"
                )))
            }
        },
    };
    if doc.is_encrypted() {
        return Err(bad(ENCRYPTED.into()));
    }
    let page_ids = doc.get_pages();
    if page_ids.is_empty() {
        return Err(bad("PDF 文件损坏或被截断：找不到任何页面".into()));
    }
    if page_ids.len() > MAX_PAGES {
        return Err(bad(format!(
            "PDF 有 {} 页，超过可读的 {MAX_PAGES} 页",
            page_ids.len()
        )));
    }
    let mut fonts = FontCache::new();
    let mut rows = Vec::new();
    let mut aligned = Some(aligned::AlignedText::default());
    let (mut glyphs, mut images, mut scanned) = (0usize, 0usize, Vec::new());
    for (&number, &id) in &page_ids {
        let number = number as usize;
        let content = doc
            .get_page_content_with_limit(id, MAX_PAGE_CONTENT)
            .map_err(|e| malformed(file, number, format!("页面内容无法读取（{e}）")))?;
        let resources = doc.get_page_resources(id).ok().and_then(|(dict, ids)| {
            dict.or_else(|| ids.first().and_then(|&r| doc.get_dictionary(r).ok()))
        });
        let page = Interpreter::new(&doc, &mut fonts)
            .page(&content, resources)
            .map_err(|what| malformed(file, number, what))?;
        drop(content);
        glyphs += page.glyphs.len();
        images += page.images;
        if page.glyphs.is_empty() && page.images > 0 {
            scanned.push(number);
        }
        // While no page has ruling lines, each page's lines are cut once and
        // serve both readings (aligned text, and rows by white space).
        let free = aligned
            .as_ref()
            .and_then(|_| lattice::lines_free_text(&page));
        let page_rows = match (&mut aligned, free) {
            (Some(text), Some(lines)) => {
                text.push_page(number, &lines);
                stream::rows(&lines)
            }
            _ => {
                aligned = None;
                lattice::page_rows(&page)
            }
        };
        rows.extend(page_rows.into_iter().map(|r| (number, r)));
    }
    if glyphs == 0 {
        return Err(bad(if images > 0 {
            "扫描件，没有文字层：请先做 OCR（文字识别），再读取识别出的文字".into()
        } else {
            "PDF 里没有文字".into()
        }));
    }
    for page in scanned {
        warnings.push(Warning {
            place: Place::Page(page),
            message: "这一页是扫描图像，没有文字层，未读取（请先做 OCR）".into(),
        });
    }
    Ok(Pages {
        rows,
        warnings,
        aligned,
    })
}

const ENCRYPTED: &str = "PDF 已加密（需要密码）：请先用密码打开并另存为不加密的 PDF";

/// Whether the file ends as a PDF does (`%%EOF` near its end).
fn complete(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    tail.windows(5).any(|w| w == b"%%EOF")
}

/// Whether the trailer names an /Encrypt dictionary (for errors lopdf
/// reports otherwise).
fn encrypted_trailer(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    tail.windows(8).any(|w| w == b"/Encrypt")
}

/// Drops the text a page shows under its last table row when that text
/// lies inside a blank cell left open at the table's bottom and the next
/// page goes on with the table: it is the part of the cell's text that the
/// writer drew past the page's end (the cell's text is on the next page).
fn drop_overflow(rows: Vec<(usize, PageRow)>) -> Vec<(usize, PageRow)> {
    let mut drop = vec![false; rows.len()];
    let mut start = 0;
    while start < rows.len() {
        let page = rows[start].0;
        let end = start + rows[start..].iter().take_while(|(p, _)| *p == page).count();
        let next_is_table = rows.get(end).is_some_and(|(_, r)| r.table.is_some());
        let last_table = (start..end).rev().find(|&i| rows[i].1.table.is_some());
        if let (true, Some(last)) = (next_is_table, last_table) {
            // Blank cells of the page reaching its table's last row.
            let open: Vec<(f32, f32)> = (start..=last)
                .filter(|&i| rows[i].1.table == rows[last].1.table)
                .flat_map(|i| {
                    rows[i]
                        .1
                        .cells
                        .iter()
                        .filter(move |c| i + c.rows > last && c.text.trim().is_empty())
                        .map(|c| (c.x0, c.x1))
                })
                .collect();
            let inside = |r: &PageRow| {
                r.table.is_none()
                    && r.cells.iter().all(|c| {
                        let mid = (c.x0 + c.x1) / 2.0;
                        open.iter().any(|&(x0, x1)| mid > x0 && mid < x1)
                    })
            };
            if last + 1 < end && (last + 1..end).all(|i| inside(&rows[i].1)) {
                drop[last + 1..end].fill(true);
            }
        }
        start = end;
    }
    rows.into_iter()
        .zip(drop)
        .filter_map(|(r, d)| (!d).then_some(r))
        .collect()
}

/// Drops the running header a continued page opens with (“项目名（续）”):
/// a lone line of text ending in （续） at the top of a page after the
/// first, above more rows, naming (the start of) a text shown before.
fn drop_running_headers(rows: Vec<(usize, PageRow)>) -> Vec<(usize, PageRow)> {
    let mut shown = std::collections::HashSet::new();
    let mut out: Vec<(usize, PageRow)> = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    while let Some((page, row)) = rows.next() {
        let opens_page = out.last().is_some_and(|(p, _)| *p != page);
        let more = rows.peek().is_some_and(|(p, _)| *p == page);
        if let ([cell], None, true, true) = (&row.cells[..], row.table, opens_page, more) {
            if is_running_header(&cell.text, &shown) {
                continue;
            }
        }
        shown.extend(row.cells.iter().map(|c| c.text.replace('\n', "")));
        out.push((page, row));
    }
    out
}

/// Whether a text is a running header (“项目名（续）”): it ends in （续）
/// and names (the start of, when cut with …) a text shown before.
fn is_running_header(text: &str, shown: &std::collections::HashSet<String>) -> bool {
    let text = text.trim();
    let name = text
        .strip_suffix("（续）")
        .or_else(|| text.strip_suffix("(续)"))
        .map(str::trim_end);
    name.is_some_and(|name| match name.strip_suffix('…') {
        Some(start) => shown.iter().any(|t| t.starts_with(start)),
        None => shown.contains(name),
    })
}

/// Drops the heading rows a table repeats at the top of each continuation
/// page: rows that open a page, continue the previous page's table and
/// equal a row that table already had.
fn drop_repeated_headings(rows: Vec<(usize, PageRow)>) -> Vec<(usize, PageRow)> {
    let mut out: Vec<(usize, PageRow)> = Vec::with_capacity(rows.len());
    let mut seen = std::collections::HashSet::new();
    let mut page = 0;
    let mut leading = false;
    for (p, row) in rows {
        if p != page {
            let continues =
                out.last().is_some_and(|(_, r)| r.table.is_some()) && row.table.is_some();
            if !continues {
                seen.clear();
            }
            page = p;
            leading = continues;
        }
        if row.table.is_none() {
            seen.clear();
        }
        let sig = row.signature();
        if leading && row.table.is_some() && seen.contains(&sig) {
            continue;
        }
        leading = false;
        if row.table.is_some() {
            seen.insert(sig);
        }
        out.push((p, row));
    }
    out
}

/// The grid of the pages' rows: columns are the distinct cell edges of
/// every table (or, with no tables, where text pieces start), so a table
/// keeps its columns across pages. A merged cell a page break cuts in two
/// is one cell again: the part at the top of the next page joins the part
/// at the bottom of the previous one when they have the same edges and
/// show the same text, or one is blank and the other spans rows or the
/// first has no line under it.
fn pages_grid(rows: Vec<(usize, PageRow)>, file: &str) -> Grid {
    let rows = drop_repeated_headings(drop_running_headers(drop_overflow(rows)));
    let ruled = rows.iter().any(|(_, r)| r.table.is_some());
    let edges: Vec<f32> = rows
        .iter()
        .filter(|(_, r)| r.table.is_some() || !ruled)
        .flat_map(|(_, r)| {
            r.cells
                .iter()
                .flat_map(|c| if ruled { vec![c.x0, c.x1] } else { vec![c.x0] })
        })
        .collect();
    let xs = cluster(edges);
    let col = |x: f32| xs.partition_point(|&e| e <= x + 2.0).saturating_sub(1);
    // The last row of each run of rows of one table on one page.
    let mut block_end = vec![0; rows.len()];
    for i in (0..rows.len()).rev() {
        let same = |j: usize| rows[j].0 == rows[i].0 && rows[j].1.table == rows[i].1.table;
        block_end[i] = if i + 1 < rows.len() && same(i + 1) && rows[i].1.table.is_some() {
            block_end[i + 1]
        } else {
            i
        };
    }
    let name = std::path::Path::new(file)
        .file_name()
        .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned());
    let mut grid = Grid::new(name, GridPlaces::Pages);
    // Cells reaching the bottom of the previous page's table.
    let mut open: Vec<OpenCell> = Vec::new();
    let mut next_open = Vec::new();
    for (r, (page, row)) in rows.iter().enumerate() {
        let continues =
            r > 0 && rows[r - 1].0 != *page && rows[r - 1].1.table.is_some() && row.table.is_some();
        if r > 0 && rows[r - 1].0 != *page {
            open = std::mem::take(&mut next_open);
        } else if r > 0 && block_end[r - 1] == r - 1 {
            // Only the page's last table goes on on the next page.
            next_open.clear();
        }
        let split = continues && rest_of_row(&row.cells, &open, &grid);
        for c in &row.cells {
            let joined = continues
                && open.iter().any(|o| {
                    if (o.x0 - c.x0).abs() > 2.0 || (o.x1 - c.x1).abs() > 2.0 {
                        return false;
                    }
                    let prev = &mut grid.cells[o.index];
                    let next = c.text.trim();
                    // Only a part that is visibly merged (spans rows, or is
                    // left open at the foot) joins: the same score or a
                    // blank in two rows of a column are two cells. Either
                    // part may carry the text.
                    let merged = prev.rows > 1 || c.rows > 1 || o.open_below;
                    let same_text = merged
                        && (prev.value.text() == next || prev.value.is_empty() || next.is_empty());
                    // A cell left open at the foot of the page (its row was
                    // cut between lines), a row the page break closed and
                    // went on with (`rest_of_row`), or a merged label whose
                    // bracketed unit the break put on the next page
                    // (项目资金 | (元)) goes on with the text under it.
                    let unit = merged && next.starts_with(['(', '（']) && !is_number(next);
                    let goes_on = (o.open_below || split || unit) && !same_text;
                    if !(same_text || goes_on) {
                        return false;
                    }
                    prev.rows += c.rows;
                    if goes_on && !next.is_empty() {
                        let text = match prev.value.is_empty() {
                            true => next.to_string(),
                            false => lattice::continue_text(&prev.value.text(), o.tail_room, next),
                        };
                        prev.value = Value::from_text(text);
                    } else if prev.value.is_empty() {
                        prev.value = Value::from_text(c.text.as_str());
                    }
                    true
                });
            let index = match (joined, row.table) {
                (true, _) => open
                    .iter()
                    .find(|o| (o.x0 - c.x0).abs() <= 2.0 && (o.x1 - c.x1).abs() <= 2.0)
                    .map(|o| o.index),
                (false, table) => {
                    let c0 = col(c.x0);
                    let cols = match table {
                        Some(_) => col(c.x1).saturating_sub(c0).max(1),
                        None => 1,
                    };
                    let before = grid.cells.len();
                    // Blank cells are kept when merged or when a blank
                    // part may join the next page's part.
                    let value = Value::from_text(c.text.as_str());
                    if value.is_empty() && c.rows == 1 && cols == 1 && table.is_some() {
                        grid.cells.push(super::grid::Cell {
                            row: r,
                            col: c0,
                            rows: 1,
                            cols: 1,
                            value,
                            at: *page,
                        });
                    } else {
                        grid.push_span(r, c0, c.rows, cols, value, *page);
                    }
                    (grid.cells.len() > before).then_some(before)
                }
            };
            if let (Some(i), Some(_)) = (index, row.table) {
                let cell = &grid.cells[i];
                if cell.row + cell.rows > block_end[r] {
                    next_open.push(OpenCell {
                        x0: c.x0,
                        x1: c.x1,
                        index: i,
                        open_below: c.open_below,
                        tail_room: c.tail_room,
                        full: c.lines > 1 && c.tail_room < 1.5,
                    });
                }
            }
        }
    }
    grid
}

/// A cell of the grid reaching the bottom of a page's table, which the
/// next page's table may go on with.
struct OpenCell {
    x0: f32,
    x1: f32,
    /// The grid cell.
    index: usize,
    open_below: bool,
    tail_room: f32,
    /// Wrapped over lines, the last one full: its text may go on.
    full: bool,
}

/// Whether the first row of a page is the rest of the row a page break
/// cut, though the writer closed both parts with ruling lines (as Writer
/// and Word do): its cells have the edges of the cells at the foot of the
/// previous page, each of its texts goes on from a text there (neither is
/// a number, and it does not repeat it), and either it leaves blank a
/// single cell the row above filled (so it is no row of its own) or every
/// text it goes on from was wrapped to a full last line. A row under a
/// blank cell, or showing a number, stays a row.
fn rest_of_row(cells: &[BoxCell], open: &[OpenCell], grid: &Grid) -> bool {
    let (mut carried, mut short, mut all_full) = (false, false, true);
    for c in cells {
        let Some(o) = open
            .iter()
            .find(|o| (o.x0 - c.x0).abs() <= 2.0 && (o.x1 - c.x1).abs() <= 2.0)
        else {
            return false;
        };
        let prev = &grid.cells[o.index];
        let above = prev.value.text();
        let next = c.text.trim();
        match (above.is_empty(), next.is_empty()) {
            (true, true) => {}
            (false, true) => short |= prev.rows == 1 && c.rows == 1,
            (true, false) => return false,
            (false, false) => {
                if above == next || is_number(&above) || is_number(next) {
                    return false;
                }
                carried = true;
                all_full &= o.full;
            }
        }
    }
    carried && (short || all_full)
}

/// A number as cells show them (`1,234.00`, `100.00%`, `-5`).
fn is_number(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || ".,%-+ ".contains(c))
}

#[cfg(test)]
mod tests {
    use super::lattice::{BoxCell, PageRow};
    use super::*;

    fn cell(x0: f32, x1: f32, text: &str, open_below: bool) -> BoxCell {
        BoxCell {
            x0,
            x1,
            rows: 1,
            text: text.into(),
            open_below,
            tail_room: 0.5,
            lines: 1,
        }
    }

    fn row(cells: Vec<BoxCell>, table: Option<usize>) -> PageRow {
        PageRow { cells, table }
    }

    #[test]
    fn a_row_split_over_pages_is_one_row_and_the_running_header_is_dropped() {
        let head = || {
            row(
                vec![
                    cell(0.0, 50.0, "项目名称", false),
                    cell(50.0, 200.0, "宣传经费", false),
                ],
                Some(0),
            )
        };
        let heads = || {
            row(
                vec![
                    cell(0.0, 100.0, "预期目标", false),
                    cell(100.0, 200.0, "实际完成情况", false),
                ],
                Some(0),
            )
        };
        let rows = vec![
            (1, head()),
            (1, heads()),
            (
                1,
                row(
                    vec![
                        cell(0.0, 100.0, "征地养老", true),
                        cell(100.0, 200.0, "完成", true),
                    ],
                    Some(0),
                ),
            ),
            (
                2,
                row(vec![cell(80.0, 120.0, "宣传经费（续）", false)], None),
            ),
            (2, heads()),
            (
                2,
                row(
                    vec![
                        cell(0.0, 100.0, "慰问经费", false),
                        cell(100.0, 200.0, "", false),
                    ],
                    Some(0),
                ),
            ),
        ];
        let grid = pages_grid(rows, "a.pdf");
        let texts: Vec<String> = grid.cells.iter().map(|c| c.value.text()).collect();
        assert!(texts.contains(&"征地养老慰问经费".to_string()), "{texts:?}");
        assert!(texts.contains(&"完成".to_string()), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains('续')), "{texts:?}");
        assert_eq!(texts.iter().filter(|t| *t == "预期目标").count(), 1);
    }

    /// Writer and Word close both parts of a row a page break cuts with
    /// ruling lines: the part on the next page that only goes on with the
    /// texts above it joins them; a full row there stays a row.
    #[test]
    fn a_row_closed_at_the_page_break_goes_on_on_the_next_page() {
        let heading = |a: &str, b: &str, c: &str| {
            row(
                vec![
                    cell(0.0, 50.0, a, false),
                    cell(50.0, 100.0, b, false),
                    cell(100.0, 150.0, c, false),
                ],
                Some(0),
            )
        };
        let rows = vec![
            (1, heading("项目资金", "全年执行数", "执行率")),
            (2, heading("（万元）", "", "(%)")),
            (2, heading("年度资金总额", "1.00", "100.00")),
            // A page break after a full row: the next page's row is its own.
            (3, heading("质量指标", "合格率", "100.00")),
        ];
        let grid = pages_grid(rows, "a.pdf");
        let texts: Vec<String> = grid.cells.iter().map(|c| c.value.text()).collect();
        assert_eq!(
            texts,
            [
                "项目资金（万元）",
                "全年执行数",
                "执行率(%)",
                "年度资金总额",
                "1.00",
                "100.00",
                "质量指标",
                "合格率",
                "100.00"
            ],
        );
        assert_eq!(grid.cells[0].rows, 2);

        // A merged label cut by the break with its unit below, beside a
        // row of its own.
        let label = |text: &str, rows: usize, value: &str| {
            let mut first = cell(0.0, 50.0, text, false);
            first.rows = rows;
            row(vec![first, cell(50.0, 150.0, value, false)], Some(0))
        };
        let rows = vec![
            (1, label("项目资金", 1, "600.00")),
            (2, label("(元)", 2, "500.00")),
            (3, label("产出指标", 2, "数量指标")),
        ];
        let grid = pages_grid(rows, "a.pdf");
        let texts: Vec<String> = grid.cells.iter().map(|c| c.value.text()).collect();
        assert_eq!(
            texts,
            ["项目资金(元)", "600.00", "500.00", "产出指标", "数量指标"]
        );
        assert_eq!(grid.cells[0].rows, 3);
    }
}
