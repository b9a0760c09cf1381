//! Forms from text in the shapes other than the samples' own: the text is cut
//! into cells ([`super::source`]), split into one section per form at the
//! form titles, each section becomes a [`Grid`] (rows as the text shows them,
//! or rebuilt by [`super::rebuild`]) and the recognizer reads it. One form's
//! cells are held at a time.

use std::collections::VecDeque;

use super::classify::{Class, Classifier};
use super::layout::{aligned_grid, take_text_after_table};
use super::rebuild::{rebuild, Mode};
use super::samples_grid::SamplesCells;
use super::shape::TextShape;
use super::source::{Rows, Tok};
use super::table::Gaps;
use super::ParsedForm;
use crate::read::grid::{Grid, GridPlaces, Value};
use crate::read::recognize::recognize_with;
use crate::read::vocab::Vocabulary;
use crate::read::{Place, ReadOutput, Warning};

/// Forms read one section at a time from rows of cells.
pub(crate) struct GridForms {
    rows: Rows,
    /// The samples' own shape: its cells, wrapped ones joined.
    samples: Option<SamplesCells>,
    shape: TextShape,
    words: Classifier,
    file: String,
    /// The next section's first row (its title), once seen.
    next_title: Option<Row>,
    /// Rows read ahead (after a repeated title) and given back.
    pending: VecDeque<Row>,
    started: bool,
    /// Cells and rows of the last section read.
    last_size: (usize, usize),
    queue: VecDeque<ParsedForm>,
    /// Warnings about text outside any form.
    pub notes: Vec<Warning>,
    /// Titles of forms skipped as not project forms.
    pub skipped: Vec<String>,
    /// The title of the collection above the first form (the samples' shape).
    pub collection_title: Option<String>,
}

/// One row of cells: the samples' shape gives one cell at a time (rows
/// are rebuilt later), with no vector of its own.
enum Row {
    One(Tok),
    Many(Vec<Tok>),
}

impl Row {
    fn cells(&self) -> &[Tok] {
        match self {
            Row::One(t) => std::slice::from_ref(t),
            Row::Many(r) => r,
        }
    }
}

/// A section's rows, flat: the cells one after another and where each row
/// ends (a vector per row cost an allocation per cell in the samples' shape).
#[derive(Default)]
struct Section {
    toks: Vec<Tok>,
    ends: Vec<usize>,
}

impl Section {
    fn push(&mut self, row: Row) {
        match row {
            Row::One(t) => self.toks.push(t),
            Row::Many(r) => self.toks.extend(r),
        }
        self.ends.push(self.toks.len());
    }

    /// How many rows.
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cells of the first `k` rows.
    fn cells_to(&self, k: usize) -> &[Tok] {
        &self.toks[..k.checked_sub(1).map_or(0, |k| self.ends[k])]
    }

    /// The cells of row `k`.
    fn row(&self, k: usize) -> &[Tok] {
        let from = k.checked_sub(1).map_or(0, |p| self.ends[p]);
        &self.toks[from..self.ends[k]]
    }

    fn rows(&self) -> impl DoubleEndedIterator<Item = &[Tok]> + ExactSizeIterator + '_ {
        (0..self.len()).map(|k| self.row(k))
    }

    /// The rows from `k` on, taken off.
    fn split_off(&mut self, k: usize) -> Section {
        let at = self.cells_to(k).len();
        let toks = self.toks.split_off(at);
        let ends = self.ends.split_off(k).into_iter().map(|e| e - at).collect();
        Section { toks, ends }
    }

    /// A vector per row (the shapes whose grid keeps the rows).
    fn into_rows(self) -> Vec<Vec<Tok>> {
        let mut toks = self.toks.into_iter();
        let mut from = 0;
        self.ends
            .iter()
            .map(|&end| {
                let row = toks.by_ref().take(end - from).collect();
                from = end;
                row
            })
            .collect()
    }
}

mod continued;

/// Numbered lines of text.
pub(crate) trait Lines: Iterator<Item = (usize, String)> {}
impl<T: Iterator<Item = (usize, String)>> Lines for T {}

impl GridForms {
    pub(crate) fn new(shape: TextShape, file: &str, vocab: Vocabulary) -> Self {
        GridForms {
            rows: Rows::new(shape, super::glued::Labels::of(&vocab)),
            samples: (shape == TextShape::SamplesGrid).then(SamplesCells::default),
            shape,
            words: Classifier::new(vocab),
            file: file.to_string(),
            next_title: None,
            pending: VecDeque::new(),
            started: false,
            last_size: (0, 0),
            queue: VecDeque::new(),
            notes: Vec::new(),
            skipped: Vec::new(),
            collection_title: None,
        }
    }

    /// How aligned text counts its columns (`Metric::of_lines`).
    pub(crate) fn set_metric(&mut self, metric: super::source::Metric) {
        self.rows.metric = metric;
    }

    /// The next row of cells (the samples' shape: one cell, rebuilt later).
    fn next_row(&mut self, lines: &mut impl Lines) -> Option<Row> {
        if let Some(row) = self.pending.pop_front() {
            return Some(row);
        }
        match self.samples.as_mut() {
            Some(samples) => {
                let cell = samples.next(&self.words, lines);
                self.notes.append(&mut samples.dropped);
                cell.map(Row::One)
            }
            None => self.rows.next_row(lines).map(Row::Many),
        }
    }

    /// Whether a row holds a form title: Some(skip) when it does.
    fn title_in(&self, row: &[Tok]) -> Option<bool> {
        // A title has at most 60 characters (the classifier's bound), so at
        // most 240 bytes: long texts (goal paragraphs) are not searched.
        row.iter().find_map(|t| {
            if let Some(class) = t.class {
                // Carried: the class first, the words only for a title.
                return match class {
                    Class::Title { skip } if may_be_title(&t.text) => Some(skip),
                    _ => None,
                };
            }
            let maybe =
                (t.text.len() <= 240 || t.text.trim().len() <= 240) && may_be_title(&t.text);
            match maybe.then(|| self.words.class(&t.text)) {
                Some(Class::Title { skip }) => Some(skip),
                _ => None,
            }
        })
    }

    /// Rows up to the first title: not a form (file metadata, a collection
    /// title), except a labelled value just before the title (报表编号:…) and
    /// a form with no title at all (from its 项目名称 label).
    fn preamble(&mut self, lines: &mut impl Lines) -> Section {
        let mut before = Section::default();
        while let Some(row) = self.next_row(lines) {
            if self.title_in(row.cells()).is_some() {
                self.next_title = Some(row);
                break;
            }
            before.push(row);
        }
        if self.next_title.is_none() {
            // No title anywhere: a form starts at its first field label,
            // and the next where a header label repeats (tables taken out of
            // a PDF or a page without the titles above them).
            return match self.first_field_row(&before, &["project_name", "applicant"]) {
                Some(k) => {
                    self.note_skipped(before.cells_to(k));
                    self.read_untitled(before.split_off(k))
                }
                None => {
                    self.note_skipped(&before.toks);
                    Section::default()
                }
            };
        }
        let keep = before
            .rows()
            .rposition(|r| r.iter().any(|t| !t.is_empty()))
            .filter(|&k| before.row(k).len() == 1 && is_inline_label(&before.row(k)[0].text));
        let carried = keep.map(|k| before.split_off(k)).unwrap_or_default();
        if self.samples.is_some() {
            // The samples' shape: the first line above the forms is the
            // collection's title (…2024年度项目绩效目标汇总表).
            let first = before.toks.iter().find(|t| !t.is_empty()).map(|t| t.line);
            if let Some(line) = first {
                let mut words: Vec<&str> = Vec::new();
                let mut rest = Section::default();
                for r in before.rows() {
                    if r.iter().all(|t| t.line == line) {
                        words.extend(r.iter().map(|t| t.text.as_str()));
                    } else {
                        rest.push(Row::Many(r.to_vec()));
                    }
                }
                self.collection_title = Some(words.join(" "));
                before = rest;
            }
        }
        // A form whose title was misread (OCR: 财政项目支出绩效蜂评表) before
        // the first title read: from its first header label (项目名称,
        // 主管部门 …; one may be misread too), read on its own; the
        // recognizer takes it only if the form's structure is there.
        let header = ["project_name", "applicant", "department", "implementer"];
        match self.first_field_row(&before, &header) {
            Some(k) => {
                self.note_skipped(before.cells_to(k));
                let last = self.read_untitled(before.split_off(k));
                self.read_section(last, 0);
            }
            None => self.note_skipped(&before.toks),
        }
        carried
    }

    /// Reads the forms of rows whose titles are lost but the last: each
    /// ends where a header label repeats (as in `section`); the last is
    /// given back (more rows may follow it).
    fn read_untitled(&mut self, mut rest: Section) -> Section {
        while let Some(at) = self.repeated_header(&rest) {
            let next = rest.split_off(at);
            self.read_section(rest, 0);
            rest = next;
        }
        rest
    }

    /// The first row of `rows` holding a header label an earlier row held
    /// (noted as where the next form begins).
    fn repeated_header(&mut self, rows: &Section) -> Option<usize> {
        let mut seen = 0u8;
        for (k, row) in rows.rows().enumerate() {
            let bits = header_bits(&self.words, row);
            if bits & seen != 0 {
                self.note_repeated(row, seen);
                return Some(k);
            }
            seen |= bits;
        }
        None
    }

    /// A warning where a header label repeats: the next form, untitled.
    fn note_repeated(&mut self, row: &[Tok], seen: u8) {
        let label = row
            .iter()
            .find(|t| self.words.header_bit(t) & seen != 0)
            .map_or("项目名称", |t| t.text.as_str());
        self.notes.push(Warning {
            place: Place::Line(row[0].line),
            message: format!("又一个“{label}”：上一张表到此为止，下一张表没有表题"),
        });
    }

    /// The first row holding a label of one of `fields`.
    fn first_field_row(&self, rows: &Section, fields: &[&str]) -> Option<usize> {
        let vocab = &self.words.vocab;
        rows.rows().position(|r| {
            r.iter()
                .any(|t| vocab.field(&t.text).is_some_and(|f| fields.contains(&f)))
        })
    }

    /// A warning on cells (rows one after another) that are not read.
    fn note_skipped(&mut self, cells: &[Tok]) {
        self.notes.extend(skipped_warning(cells));
    }

    /// The rows of the next section (from its title to the next title), and
    /// how many of them came before its title's row and with it: only those
    /// can hold a title (a row holding one ends the section).
    fn section(&mut self, mut rows: Section, lines: &mut impl Lines) -> (Section, usize) {
        if let Some(t) = self.next_title.take() {
            rows.push(t);
        }
        let head = rows.len();
        let mut seen = header_bits(&self.words, &rows.toks);
        let title = self.title_text(&rows.toks).map(str::to_string);
        while let Some(row) = self.next_row(lines) {
            if self.title_in(row.cells()).is_some() {
                // The same title again with no 项目名称 … after it: the form's
                // next page, not a new form.
                let again = title.as_deref().zip(self.title_text(row.cells()));
                if again.is_some_and(|(a, b)| self.same_title(a, b)) {
                    if let Some(ahead) = self.continued_page(&row, lines) {
                        self.give_back(ahead);
                        continue;
                    }
                }
                self.next_title = Some(row);
                break;
            }
            // A second 项目名称 (or 主管部门 …, when the name was misread):
            // the next form began without a title.
            let bits = header_bits(&self.words, row.cells());
            if bits & seen != 0 {
                self.note_repeated(row.cells(), seen);
                self.next_title = Some(row);
                break;
            }
            seen |= bits;
            rows.push(row);
        }
        (rows, head)
    }

    /// Reads one section's forms into the queue; titles are looked for in
    /// its first `head` rows only (see [`GridForms::section`]).
    fn read_section(&mut self, rows: Section, head: usize) {
        let Some(first) = rows.toks.iter().find(|t| !t.is_empty()) else {
            return;
        };
        let start = first.line;
        if rows
            .cells_to(head)
            .iter()
            .any(|t| matches!(self.title_in(std::slice::from_ref(t)), Some(true)))
        {
            let title = rows
                .cells_to(head)
                .iter()
                .find(|t| self.title_in(std::slice::from_ref(t)) == Some(true))
                .map_or(String::new(), |t| t.text.clone());
            self.skipped.push(title.clone());
            self.notes.push(Warning {
                place: Place::Line(start),
                message: format!("{title:?} 不是一个项目的表（部门整体或执行监控），跳过"),
            });
            return;
        }
        // A form has labels or table headings under its title.
        let structure = rows.toks.iter().any(|t| {
            let class = match t.class {
                Some(class) => class,
                // Long texts are no labels (and are not looked up).
                None if t.text.chars().count() > 30 => return false,
                None => self.words.class(&t.text),
            };
            !matches!(
                class,
                Class::Title { .. } | Class::Year | Class::Empty | Class::Value(_)
            ) && t.text.chars().count() <= 30
        });
        if !structure {
            self.notes.push(Warning {
                place: Place::Line(start),
                message: "表题下没有表单的标签或表头，不当作表单，跳过".into(),
            });
            return;
        }
        let (grid, mut warnings) = self.section_grid(rows);
        let mut out = ReadOutput::default();
        match recognize_with(&grid, &self.file, &self.words.vocab, &mut out) {
            Ok(_) => {}
            Err(e) => {
                self.notes.push(Warning {
                    place: Place::Line(start),
                    message: e.to_string(),
                });
                return;
            }
        };
        warnings.append(&mut out.warnings);
        self.skipped.append(&mut out.skipped);
        let n = out.document.forms.len();
        if n == 0 {
            // No form to carry them: they are notes on the text.
            self.notes.append(&mut warnings);
        }
        for (k, (form, places)) in out.document.forms.into_iter().zip(out.places).enumerate() {
            let errors = if k + 1 == n {
                std::mem::take(&mut out.errors)
            } else {
                Vec::new()
            };
            self.queue.push_back(ParsedForm {
                form,
                places,
                warnings: if k == 0 {
                    std::mem::take(&mut warnings)
                } else {
                    Vec::new()
                },
                errors,
            });
        }
    }
}

impl GridForms {
    /// The next form read from `lines`.
    pub(crate) fn next_form(&mut self, lines: &mut impl Lines) -> Option<ParsedForm> {
        loop {
            if let Some(f) = self.queue.pop_front() {
                return Some(f);
            }
            let carried = if self.started {
                // Sized as the last section was (forms look alike).
                Section {
                    toks: Vec::with_capacity(self.last_size.0),
                    ends: Vec::with_capacity(self.last_size.1),
                }
            } else {
                self.started = true;
                self.preamble(lines)
            };
            if carried.is_empty() && self.next_title.is_none() {
                return None;
            }
            let (rows, head) = self.section(carried, lines);
            self.last_size = (rows.toks.len(), rows.ends.len());
            self.read_section(rows, head);
        }
    }
}

impl GridForms {
    /// The grid of one section's rows.
    fn section_grid(&self, rows: Section) -> (Grid, Vec<Warning>) {
        let name = self.file.as_str();
        match self.shape {
            TextShape::Tabs => (positional(rows.into_rows(), name), Vec::new()),
            TextShape::Layout => {
                let mut rows = rows.into_rows();
                let apart = take_text_after_table(&self.words, &mut rows);
                let grid = aligned_grid(&self.words, rows, name, self.rows.metric);
                (grid, skipped_warning(&apart).into_iter().collect())
            }
            shape => {
                // The cells in reading order, as they are held.
                let toks = rows.toks;
                let mode = Mode {
                    gaps: if matches!(
                        shape,
                        TextShape::Line | TextShape::Glued | TextShape::SamplesGrid
                    ) {
                        Gaps::Vanish
                    } else {
                        Gaps::Shown
                    },
                    lines_are_rows: matches!(shape, TextShape::Pipes | TextShape::SamplesGrid),
                    words: matches!(shape, TextShape::Line | TextShape::SamplesGrid),
                    cut_labels: shape == TextShape::Cells,
                    glued: shape == TextShape::Glued,
                    whole: shape == TextShape::SamplesGrid,
                };
                rebuild(&self.words, toks, mode, name)
            }
        }
    }
}

/// Whether a text holds 表 or 评价, as every form title does. Both begin
/// with the byte 0xE8 in UTF-8: one scan for it (a `char` search stops at
/// every CJK character sharing the last byte).
fn may_be_title(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(p) = bytes[from..].iter().position(|&b| b == 0xE8) {
        let rest = &bytes[from + p..];
        if rest.starts_with("表".as_bytes()) || rest.starts_with("评价".as_bytes()) {
            return true;
        }
        from += p + 1;
    }
    false
}

/// A warning on cells (rows one after another) that are not read: text
/// outside any form's table.
fn skipped_warning(cells: &[Tok]) -> Option<Warning> {
    let lines = cells.iter().filter(|t| !t.is_empty()).map(|t| t.line);
    let (a, b) = (lines.clone().min()?, lines.max()?);
    let text: String = cells
        .iter()
        .map(|t| t.text.as_str())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let short: String = text.chars().take(60).collect();
    Some(Warning {
        place: if a == b {
            Place::Line(a)
        } else {
            Place::Lines(a, b)
        },
        message: format!("表格之外的文字，不是表单，未读入：{short:?}"),
    })
}

/// A cell `label:value` (报表编号:510000_0013zp).
fn is_inline_label(text: &str) -> bool {
    text.split_once([':', '：']).is_some_and(|(a, b)| {
        !a.trim().is_empty() && !b.trim().is_empty() && text.chars().count() <= 40
    })
}

/// Rows as the text shows them, each cell in its column.
fn positional(rows: Vec<Vec<Tok>>, name: &str) -> Grid {
    let mut grid = Grid::new(name, GridPlaces::Lines);
    for (r, row) in rows.into_iter().enumerate() {
        for (c, t) in row.into_iter().enumerate() {
            grid.push(r, c, Value::from_text(t.text), t.line);
        }
    }
    grid
}

/// The header labels a row holds, as bits ([`Classifier::header_bit`]).
fn header_bits(words: &Classifier, row: &[Tok]) -> u8 {
    row.iter().fold(0u8, |bits, t| bits | words.header_bit(t))
}

/// The grids the recognizer is given for a text, one per form section.
pub(crate) fn section_grids(text: &str, shape: TextShape) -> Vec<Grid> {
    let mut reader = GridForms::new(shape, "debug", Vocabulary::builtin().clone());
    reader.set_metric(super::source::Metric::of_lines(text.lines()));
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.to_string()));
    let mut out = Vec::new();
    let mut carried = Some(reader.preamble(&mut lines));
    while carried.as_ref().is_some_and(|c| !c.is_empty()) || reader.next_title.is_some() {
        let (rows, _) = reader.section(carried.take().unwrap_or_default(), &mut lines);
        out.push(reader.section_grid(rows).0);
    }
    out
}

/// The grids the recognizer is given for a text, one per form section, as
/// rows of `column:text` (for looking into how a text was read).
#[doc(hidden)]
pub fn debug_grids(text: &str, shape: Option<TextShape>) -> Vec<String> {
    let shape = shape.unwrap_or_else(|| TextShape::detect(text.lines()));
    let shape = if shape == TextShape::Samples {
        TextShape::Pipes
    } else {
        shape
    };
    section_grids(text, shape)
        .into_iter()
        .map(|grid| {
            let (h, _) = grid.size();
            let mut text = String::new();
            for r in 0..h {
                let mut cells: Vec<_> = grid.cells.iter().filter(|c| c.row == r).collect();
                cells.sort_by_key(|c| c.col);
                let row: Vec<String> = cells
                    .iter()
                    .map(|c| format!("{}:{}", c.col, c.value.text()))
                    .collect();
                text.push_str(&format!("{r:3} | {}\n", row.join(" | ")));
            }
            text
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::may_be_title;

    #[test]
    fn titles_are_told_by_their_words() {
        assert!(may_be_title("项目支出绩效目标表"));
        assert!(may_be_title("部门预算项目支出绩效自评价"));
        // 评 alone, and characters sharing 表's bytes in part (0xE8 leads).
        assert!(!may_be_title("评分 老师 自身"));
        assert!(!may_be_title("项目名称"));
        assert!(!may_be_title(""));
    }
}
