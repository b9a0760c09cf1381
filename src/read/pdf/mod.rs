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
mod pages;
pub mod radicals;
mod repair;
pub mod stream;

use content::{FontCache, Interpreter, MAX_PAGE_CONTENT};
use lattice::PageRow;

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
    let grid = pages::pages_grid(pages.rows, file);
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
    let mut out = super::text::read_display_aligned(aligned.text.as_bytes(), file, vocab).ok()?;
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
