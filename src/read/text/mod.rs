//! The reader for text extracted from published PDFs (pdftotext and the
//! like): one file holding one or many forms, tab- or space-separated.
//!
//! ```
//! use jixiao::model::Form;
//! let text = "财政项目支出绩效目标申报表\n(2024年度)\n项目名称\t宣传费\n";
//! let out = jixiao::read::text::read_text(text.as_bytes(), "a.txt").unwrap();
//! assert_eq!(out.document.forms[0].project_name(), Some("宣传费"));
//! ```

mod cells;
mod choose;
mod classify;
mod declaration;
pub(crate) mod decode;
mod drawn;
mod fields;
mod funding;
mod glued;
mod glued_funding;
mod glued_rows;
mod goals;
mod gridforms;
mod indicators;
mod layout;
mod markup;
#[cfg(test)]
mod prop_tests;
pub mod quoted;
mod rebuild;
mod rows;
mod samples_grid;
mod scored;
mod self_eval;
mod shape;
mod source;
pub(crate) use source::char_width;
mod table;
mod target_table;

pub use cells::Line;
use cells::{is_page_furniture, squeeze};
pub use gridforms::debug_grids;
pub use shape::TextShape;

use super::vocab::Vocabulary;
use super::{Place, Places, ReadError, ReadOutput, Warning};
use crate::model::{Form, FormKind};
use crate::value::find_year;

/// Reads every form in a text file, its shape told from its text.
pub fn read_text(bytes: &[u8], file: &str) -> Result<ReadOutput, ReadError> {
    read_text_as(bytes, file, None)
}

/// Reads every form in a text file with reader options: the vocabulary and
/// a forced shape.
pub fn read_text_with(
    bytes: &[u8],
    file: &str,
    options: &crate::read::ReadOptions,
) -> Result<ReadOutput, ReadError> {
    read_text_in(bytes, file, options.text_shape, options.vocab, None)
}

/// Reads aligned text whose columns count a CJK character two (the aligned
/// text `pdf/aligned.rs` writes of a PDF page).
pub(crate) fn read_display_aligned(
    bytes: &[u8],
    file: &str,
    vocab: &Vocabulary,
) -> Result<ReadOutput, ReadError> {
    read_text_in(
        bytes,
        file,
        Some(TextShape::Layout),
        vocab,
        Some(source::Metric::Display),
    )
}

/// Reads every form in a text file in a given shape (`None`: tell it).
///
/// ```
/// use jixiao::read::text::{read_text_as, TextShape};
/// let text = "财政项目支出绩效自评表 |\n项目名称 |\n宣传费 |\n";
/// let out = read_text_as(text.as_bytes(), "a.txt", Some(TextShape::Cells)).unwrap();
/// assert_eq!(out.document.forms[0].project_name(), Some("宣传费"));
/// ```
pub fn read_text_as(
    bytes: &[u8],
    file: &str,
    shape: Option<TextShape>,
) -> Result<ReadOutput, ReadError> {
    read_text_in(bytes, file, shape, Vocabulary::builtin(), None)
}

fn read_text_in(
    bytes: &[u8],
    file: &str,
    shape: Option<TextShape>,
    vocab: &Vocabulary,
    metric: Option<source::Metric>,
) -> Result<ReadOutput, ReadError> {
    let (text, note) = decode::decode(bytes, file)?;
    if shape.is_none() && markup::has_html_tables(&text) {
        return markup::read_html_tables(&text, note, file, vocab);
    }
    // Lines of dashes in text of another shape (rules a PDF drew) hold no
    // drawn table's forms: that text is read as its shape.
    if shape.is_none() && drawn::has_drawn_tables(&text) {
        if let Ok(out) = drawn::read_drawn_tables(&text, note.clone(), file, vocab) {
            return Ok(out);
        }
    }
    let mut out = ReadOutput::default();
    decode::note_first(&mut out.warnings, note);
    let lines = text.lines().enumerate().map(|(i, l)| Line::new(i + 1, l));
    let mut forms = TextForms::with_shape(lines, shape, file);
    forms.vocab = Some(vocab.clone());
    forms.forced_metric = metric;
    for parsed in forms.by_ref() {
        out.errors.extend(parsed.errors);
        out.document.forms.push(parsed.form);
        out.places.push(parsed.places);
        out.warnings.extend(parsed.warnings);
    }
    out.document.title = forms.collection_title.take();
    out.warnings.append(&mut forms.preamble_warnings);
    out.skipped = std::mem::take(&mut forms.skipped);
    out.or_no_form(file, NO_FORM)
}

/// What a text without forms lacks.
const NO_FORM: &str = "没有表格标题（财政项目支出绩效自评表、…绩效目标申报表、…绩效目标表），也没有“项目名称”；这是从绩效表格中提取的文字吗？";

/// The error for a text file with no project form in it; `skipped` names
/// the forms of other kinds it holds ([`TextForms::skipped`]).
pub fn no_form(file: &str, skipped: &[String]) -> ReadError {
    ReadError::no_form(file, NO_FORM, skipped)
}

/// Whether a file is UTF-8 text (checked in chunks, in constant memory), so
/// that it can be streamed with [`stream_text`]; other encodings need
/// [`read_text`], which decodes the whole file.
pub fn is_utf8_file(path: &std::path::Path) -> std::io::Result<bool> {
    Ok(scan_file(path)?.0)
}

/// Whether a file can be streamed with [`stream_text`]: UTF-8, and no HTML
/// table or table drawn in characters in it (Markdown with HTML tables, or
/// pandoc's multiline and grid tables, is read whole: [`read_text`]).
pub fn is_streamable(path: &std::path::Path) -> std::io::Result<bool> {
    Ok(matches!(scan_file(path)?, (true, false)))
}

/// Whether a file is UTF-8, and whether it may hold a table read whole
/// (`<table` in either case, a drawn table's border), read in chunks in
/// constant memory.
fn scan_file(path: &std::path::Path) -> std::io::Result<(bool, bool)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    let mut carry = 0;
    let mut first = true;
    let mut table = false;
    // The last bytes of the chunk before: a tag cut between two chunks.
    let mut edge = Vec::with_capacity(12);
    loop {
        let n = file.read(&mut buf[carry..])?;
        let filled = carry + n;
        if first && (filled == 0 || buf[..filled.min(8192)].contains(&0)) {
            return Ok((false, false));
        }
        first = false;
        if !table {
            let chunk = &buf[carry..filled];
            edge.extend_from_slice(&chunk[..chunk.len().min(6)]);
            table = markup::holds_table_tag(&edge)
                || markup::holds_table_tag(chunk)
                || drawn::may_hold_drawn_table(&edge)
                || drawn::may_hold_drawn_table(chunk);
            edge.clear();
            edge.extend_from_slice(&chunk[chunk.len().saturating_sub(6)..]);
        }
        match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => carry = 0,
            // A character cut at the end of the chunk: keep its bytes.
            Err(e) if e.error_len().is_none() && n > 0 => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..filled, 0);
                carry = filled - valid;
            }
            Err(_) => return Ok((false, table)),
        }
        if n == 0 {
            return Ok((carry == 0, table));
        }
    }
}

/// Streams forms from a UTF-8 reader, holding one form in memory at a time
/// (for files too large to read whole). After the iterator ends, ask
/// `forms.source().error()` whether reading stopped early.
///
/// ```
/// let file = std::io::BufReader::new(std::fs::File::open("samples/selfeval-jiading-2024.txt").unwrap());
/// let mut forms = jixiao::read::text::stream_text(file);
/// assert_eq!(forms.by_ref().count(), 4);
/// assert!(forms.source().error().is_none());
/// ```
pub fn stream_text<R: std::io::BufRead>(reader: R) -> TextForms<ReaderLines<R>> {
    stream_text_as(reader, None)
}

/// [`stream_text`] in a given shape (`None`: told from the first lines).
pub fn stream_text_as<R: std::io::BufRead>(
    reader: R,
    shape: Option<TextShape>,
) -> TextForms<ReaderLines<R>> {
    let lines = ReaderLines {
        reader,
        no: 0,
        buf: String::new(),
        error: None,
    };
    TextForms::with_shape(lines, shape, "")
}

/// [`stream_text`] with reader options: a forced shape (`None`: told from
/// the first lines) and the vocabulary (the built-in one plus `--labels`).
///
/// ```
/// let file = std::io::BufReader::new(std::fs::File::open("samples/selfeval-jiading-2024.txt").unwrap());
/// let options = jixiao::read::ReadOptions::default();
/// assert_eq!(jixiao::read::text::stream_text_with(file, &options).count(), 4);
/// ```
pub fn stream_text_with<R: std::io::BufRead>(
    reader: R,
    options: &crate::read::ReadOptions,
) -> TextForms<ReaderLines<R>> {
    let mut forms = stream_text_as(reader, options.text_shape);
    forms.vocab = Some(options.vocab.clone());
    forms
}

/// The text shape a `--from` value forces: `text:pipes` → [`TextShape::Pipes`];
/// plain `text` (or anything else) tells the shape from the text.
///
/// ```
/// use jixiao::read::text::{shape_of_from, TextShape};
/// assert_eq!(shape_of_from("text:line"), Some(TextShape::Line));
/// assert_eq!(shape_of_from("text"), None);
/// ```
pub fn shape_of_from(from: &str) -> Option<TextShape> {
    from.strip_prefix("text:").and_then(TextShape::parse)
}

/// Lines looked at before a stream's shape is told.
const PEEK_LINES: usize = 400;

/// A line source with lines already read put back in front; in
/// tab-separated text, a row whose quoted cells span lines comes as one
/// line (`quoted.rs`), numbered by its first.
pub struct Replay<I> {
    front: std::collections::VecDeque<Line>,
    inner: I,
    /// Whether cells may be quoted (the text is tab-separated).
    quoted: bool,
}

impl<I: Iterator<Item = Line>> Replay<I> {
    fn pull(&mut self) -> Option<Line> {
        self.front.pop_front().or_else(|| self.inner.next())
    }

    /// The row a line opens whose quoted cell goes on over the next lines;
    /// the line alone (the others put back) when no quote closes it soon.
    fn join_quoted(&mut self, first: Line) -> Line {
        let mut text = first.text().to_string();
        let mut taken = Vec::new();
        while taken.len() < quoted::MAX_LINES && text.len() < quoted::MAX_BYTES {
            let Some(next) = self.pull() else { break };
            text.push('\n');
            text.push_str(next.text());
            taken.push(next);
            match quoted::quotes(&text) {
                quoted::Quotes::Open => {}
                quoted::Quotes::Closed if text.contains('\t') => {
                    return Line::new(first.no, &quoted::unquote(&text));
                }
                _ => break,
            }
        }
        for line in taken.into_iter().rev() {
            self.front.push_front(line);
        }
        first
    }
}

impl<I: Iterator<Item = Line>> Iterator for Replay<I> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        let line = self.pull()?;
        if !self.quoted || !quoted::may_quote(line.text()) {
            return Some(line);
        }
        Some(match quoted::quotes(line.text()) {
            quoted::Quotes::None => line,
            quoted::Quotes::Closed => Line::new(line.no, &quoted::unquote(line.text())),
            quoted::Quotes::Open => self.join_quoted(line),
        })
    }
}

/// Numbered lines from a reader; stops at the first I/O or UTF-8 error.
pub struct ReaderLines<R> {
    reader: R,
    no: usize,
    buf: String,
    error: Option<std::io::Error>,
}

impl<R> ReaderLines<R> {
    /// The error that stopped reading, if any (with its line number).
    pub fn error(&self) -> Option<&std::io::Error> {
        self.error.as_ref()
    }
}

impl<R: std::io::BufRead> Iterator for ReaderLines<R> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.error.is_some() {
            return None;
        }
        self.buf.clear();
        match self.reader.read_line(&mut self.buf) {
            Ok(0) => None,
            Ok(_) => {
                self.no += 1;
                Some(Line::new(self.no, self.buf.trim_end_matches(['\n', '\r'])))
            }
            Err(e) => {
                let line = self.no + 1;
                self.error = Some(std::io::Error::new(e.kind(), format!("第 {line} 行：{e}")));
                None
            }
        }
    }
}

/// One form read from text, with its places and warnings.
#[derive(Debug, Clone)]
pub struct ParsedForm {
    /// The form.
    pub form: Form,
    /// Where its fields stand.
    pub places: Places,
    /// What could not be placed.
    pub warnings: Vec<Warning>,
    /// Problems that make the input count as failed (a truncated form).
    pub errors: Vec<Warning>,
}

/// Title facts of a form: kind, title text, year.
#[derive(Debug, Clone)]
struct FormHead {
    /// None for a form without a title line: guessed from its labels.
    kind: Option<FormKind>,
    title: Option<String>,
    year: Option<i32>,
    /// A form that is not a project's (部门整体支出绩效自评表): its
    /// vocabulary entry; the form is named and skipped.
    skip: Option<String>,
}

/// Collects warnings and places while a form is read.
#[derive(Debug, Default)]
struct Sink {
    places: Places,
    warnings: Vec<Warning>,
}

impl Sink {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning {
            place: Place::Line(line),
            message: message.into(),
        });
    }

    fn place(&mut self, field: impl Into<String>, line: usize) {
        self.places.set(field, Place::Line(line));
    }

    /// Parses a number cell; a malformed one is warned about and left null.
    fn number(&mut self, cell: &str, what: &str, line: usize) -> Option<crate::model::Decimal> {
        crate::value::parse_number(cell).unwrap_or_else(|e| {
            self.warn(line, format!("{what}：{e}，留空"));
            None
        })
    }

    /// Tokens left over at the end of a table (with their lines).
    fn unplaced_tokens(&mut self, tokens: &[(String, usize)]) {
        if let Some((_, no)) = tokens.first() {
            let text: Vec<&str> = tokens.iter().map(|(t, _)| t.as_str()).collect();
            self.unplaced(*no, &text.join(" "));
        }
    }

    fn place_indicator(&mut self, i: usize, line: usize) {
        self.places.set_indicator(i, Place::Line(line));
    }

    /// Text that belongs to no labelled cell. Runs of such lines (a strip of
    /// the page the extraction cut off and dumped) make one warning.
    fn unplaced(&mut self, line: usize, text: &str) {
        const WHAT: &str = "不属于任何标签的文字，未使用：";
        if let Some(last) = self.warnings.last_mut() {
            let run = match last.place {
                Place::Line(n) => Some((n, n)),
                Place::Lines(a, b) => Some((a, b)),
                _ => None,
            };
            if let Some((start, _)) = run.filter(|&(_, end)| end + 1 == line) {
                if last.message.starts_with(WHAT) {
                    last.place = Place::Lines(start, line);
                    last.message.push_str(&format!(" {text:?}"));
                    return;
                }
            }
        }
        self.warn(line, format!("{WHAT} {text:?}"));
    }
}

/// Streams forms out of lines, one form in memory at a time.
pub struct TextForms<I: Iterator<Item = Line>> {
    lines: Replay<I>,
    /// The shape, forced or told from the first lines once reading starts.
    shape: Option<TextShape>,
    /// The reader of the shapes read through a grid.
    grid: Option<gridforms::GridForms>,
    /// How aligned text counts columns, told with the shape.
    metric: source::Metric,
    /// The way columns are counted when the caller knows it.
    forced_metric: Option<source::Metric>,
    /// The vocabulary for the shapes read through a grid (built-in if unset).
    vocab: Option<Vocabulary>,
    file: String,
    started: bool,
    emitted: usize,
    pending: Option<(FormHead, Line)>,
    /// The collection title above the first form, once seen.
    pub collection_title: Option<String>,
    /// Warnings about text above the first form.
    pub preamble_warnings: Vec<Warning>,
    /// Titles of forms skipped as not project forms (部门整体支出绩效自评表).
    pub skipped: Vec<String>,
}

impl<I: Iterator<Item = Line>> TextForms<I> {
    /// Reads forms from numbered lines, telling their shape from the first.
    pub fn new(lines: I) -> Self {
        TextForms::with_shape(lines, None, "")
    }

    /// Reads forms from numbered lines in a shape (`None`: tell it); `file`
    /// names the input in messages.
    pub fn with_shape(lines: I, shape: Option<TextShape>, file: &str) -> Self {
        TextForms {
            lines: Replay {
                front: Default::default(),
                inner: lines,
                quoted: false,
            },
            shape,
            grid: None,
            metric: source::Metric::Display,
            forced_metric: None,
            vocab: None,
            file: file.to_string(),
            started: false,
            emitted: 0,
            pending: None,
            collection_title: None,
            preamble_warnings: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Lines up to the first form title: a collection title, or (with no
    /// title anywhere) a form that starts without one.
    /// The line source (to ask a streaming source whether it failed).
    pub fn source(&self) -> &I {
        &self.lines.inner
    }

    /// The shape being read (told once the first form is asked for).
    pub fn shape(&self) -> Option<TextShape> {
        self.shape
    }

    /// Tells the shape from the first lines (kept to be read again).
    fn tell_shape(&mut self) -> TextShape {
        let peeked: Vec<Line> = match self.shape {
            // Aligned text: the first lines also tell how it counts columns.
            Some(s) if s != TextShape::Layout => Vec::new(),
            _ => self.lines.by_ref().take(PEEK_LINES).collect(),
        };
        let mut shape = self
            .shape
            .unwrap_or_else(|| TextShape::detect(peeked.iter().map(Line::text)));
        // Tab text told, not forced: the line reader keeps it only where it
        // reads what the grid reads, or clearly more (choose.rs).
        if self.shape.is_none()
            && shape == TextShape::Samples
            && peeked.iter().any(|l| l.tabbed)
            && !choose::line_reader_keeps(
                &peeked,
                peeked.len() < PEEK_LINES,
                self.vocab.as_ref().unwrap_or_else(|| Vocabulary::builtin()),
            )
        {
            shape = TextShape::SamplesGrid;
        }
        if shape == TextShape::Layout {
            self.metric = self
                .forced_metric
                .unwrap_or_else(|| source::Metric::of_lines(peeked.iter().map(Line::text)));
        }
        self.lines.front.extend(peeked);
        self.shape = Some(shape);
        self.quote_cells(shape);
        shape
    }

    /// Tab-separated shapes read cells quoted by a spreadsheet.
    fn quote_cells(&mut self, shape: TextShape) {
        self.lines.quoted = matches!(
            shape,
            TextShape::Samples | TextShape::SamplesGrid | TextShape::Tabs
        );
    }

    fn preamble(&mut self) {
        let mut before: Vec<Line> = Vec::new();
        for line in self.lines.by_ref() {
            if let Some(head) = title_of(&line) {
                self.pending = Some((head, line));
                break;
            }
            if !line.is_blank() {
                before.push(line);
            }
            // A form without a title line: read it from its labels.
            if before.last().is_some_and(|l| {
                l.squeezed().starts_with("项目名称") || l.squeezed().starts_with("申报单位名称")
            }) {
                let first = before
                    .iter()
                    .position(|l| {
                        l.squeezed().starts_with("项目名称")
                            || l.squeezed().starts_with("申报单位名称")
                    })
                    .unwrap_or(0);
                let head_line = before.remove(first);
                self.take_preamble(before);
                self.pending = Some((
                    FormHead {
                        kind: None,
                        title: None,
                        year: None,
                        skip: None,
                    },
                    head_line,
                ));
                return;
            }
        }
        self.take_preamble(before);
    }

    fn take_preamble(&mut self, before: Vec<Line>) {
        let mut it = before.into_iter();
        if let Some(first) = it.next() {
            self.collection_title = Some(first.text().trim().to_string());
        }
        for l in it {
            self.preamble_warnings.push(Warning {
                place: Place::Line(l.no),
                message: format!("第一张表之前的文字，未使用：{:?}", l.text().trim()),
            });
        }
    }
}

impl<I: Iterator<Item = Line>> Iterator for TextForms<I> {
    type Item = ParsedForm;

    fn next(&mut self) -> Option<ParsedForm> {
        if !self.started {
            self.started = true;
            let shape = self.tell_shape();
            if shape != TextShape::Samples {
                let vocab = self
                    .vocab
                    .take()
                    .unwrap_or_else(|| Vocabulary::builtin().clone());
                let mut grid = gridforms::GridForms::new(shape, &self.file, vocab);
                grid.set_metric(self.metric);
                self.grid = Some(grid);
            } else {
                self.preamble();
            }
        }
        if let Some(grid) = self.grid.as_mut() {
            // Page numbers and an export's sheet headings are not cells: a
            // page number inside a table would join the cell after it.
            let notes = &mut self.preamble_warnings;
            let mut lines = self
                .lines
                .by_ref()
                .filter(|l| match cells::furniture(l.text()) {
                    None => true,
                    Some(cells::Furniture::PageNumber) => false,
                    Some(cells::Furniture::SheetHeading) => {
                        notes.push(Warning {
                            place: Place::Line(l.no),
                            message: format!(
                                "导出时加的工作表标题，不是表格内容，未读入：{:?}",
                                l.text().trim()
                            ),
                        });
                        false
                    }
                })
                .map(|l| (l.no, l.into_text()));
            let form = grid.next_form(&mut lines);
            self.preamble_warnings.append(&mut grid.notes);
            self.skipped.append(&mut grid.skipped);
            if self.collection_title.is_none() {
                self.collection_title = grid.collection_title.take();
            }
            return form;
        }
        loop {
            let (mut head, first) = self.pending.take()?;
            let start = first.no;
            let title_text = first.text().trim().to_string();
            let mut body = Vec::with_capacity(96);
            if title_of(&first).is_none() {
                body.push(first);
            }
            for line in self.lines.by_ref() {
                if let Some(next) = title_of(&line) {
                    self.pending = Some((next, line));
                    break;
                }
                // Page numbers between rows are not form content.
                if !is_page_furniture(&line) {
                    body.push(line);
                }
            }
            // A title with nothing below it but another title is the
            // collection's title (…2024年度项目支出绩效自评表 above the forms).
            let empty = body.iter().all(|l| l.is_blank() || is_year_line(l));
            if empty && self.pending.is_some() {
                if self.emitted == 0 && self.collection_title.is_none() {
                    self.collection_title = Some(title_text);
                } else {
                    self.preamble_warnings.push(Warning {
                        place: Place::Line(start),
                        message: format!("表名下面没有表，未使用：{title_text:?}"),
                    });
                }
                continue;
            }
            if let Some(what) = head.skip.take() {
                self.skipped.push(what.clone());
                self.preamble_warnings.push(Warning {
                    place: Place::Line(start),
                    message: format!(
                        "{what}不是项目表（本工具只读项目支出的自评表、申报表和目标表），跳过"
                    ),
                });
                continue;
            }
            // The year line below the title: （2024年度）.
            if head.year.is_none() {
                if let Some(pos) = body.iter().take(4).position(is_year_line) {
                    head.year = find_year(body[pos].text());
                    body.remove(pos);
                }
            }
            let mut sink = Sink::default();
            sink.places.start = Some(Place::Line(start));
            let kind = head.kind.unwrap_or_else(|| guess_kind(&body));
            let form = match kind {
                FormKind::SelfEvaluation => self_eval::parse(&body, &head, &mut sink),
                FormKind::TargetDeclaration => declaration::parse(&body, &head, &mut sink),
                FormKind::TargetTable => target_table::parse(&body, &head, &mut sink),
            };
            self.emitted += 1;
            let mut errors = Vec::new();
            if form.indicator_count() == 0 {
                errors.push(Warning {
                    place: Place::Line(start),
                    message: format!(
                        "第 {} 张表 {:?} 没有绩效指标表（一级指标 …）：文字可能不完整",
                        self.emitted,
                        form.project_name().unwrap_or("")
                    ),
                });
            }
            return Some(ParsedForm {
                form,
                places: sink.places,
                warnings: sink.warnings,
                errors,
            });
        }
    }
}

/// Title stems and the kinds they name.
const TITLES: &[(&str, FormKind)] = &[
    ("绩效自评表", FormKind::SelfEvaluation),
    ("绩效自我评价", FormKind::SelfEvaluation),
    ("绩效目标申报表", FormKind::TargetDeclaration),
    ("绩效目标表", FormKind::TargetTable),
];

/// Whether a line is a form title, and which.
fn title_of(line: &Line) -> Option<FormHead> {
    let sq = line.squeezed();
    // Every title stem contains 绩效; most lines do not.
    if !sq.contains("绩效") {
        return None;
    }
    if sq.chars().count() > 40 || sq.contains("汇总") || sq.contains("项目名称") {
        return None;
    }
    let (_, kind) = TITLES.iter().find(|(stem, _)| sq.contains(stem))?;
    let text = line.text().trim();
    let title = match text.find(['(', '（']) {
        Some(i) if text[i..].contains("年度") => text[..i].trim(),
        _ => text,
    };
    let skip = match Vocabulary::builtin().title(sq) {
        Some(super::vocab::Title::Skip(what)) => Some(what.to_string()),
        _ => None,
    };
    Some(FormHead {
        kind: Some(*kind),
        title: Some(title.split_whitespace().collect()),
        year: find_year(text),
        skip,
    })
}

/// A line holding only the year: （2024年度）.
fn is_year_line(line: &Line) -> bool {
    let sq = line.squeezed();
    find_year(sq).is_some() && sq.chars().count() <= 10
}

/// The kind of an untitled form, from its labels.
fn guess_kind(lines: &[Line]) -> FormKind {
    let text: String = lines.iter().map(|l| squeeze(l.text())).collect();
    if text.contains("申报单位名称") {
        FormKind::TargetTable
    } else if text.contains("项目性质") || text.contains("年度资金申请总额") {
        FormKind::TargetDeclaration
    } else {
        FormKind::SelfEvaluation
    }
}
