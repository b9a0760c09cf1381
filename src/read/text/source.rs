//! Text in the shapes other than the samples' own, cut into cells: each
//! source line becomes a row of cells (shapes that keep rows) or a run of
//! cells in reading order (shapes that lost their row ends).

use super::classify::Class;
use super::shape::TextShape;

mod open_rows;
use open_rows::OpenRows;

/// One cell of text and the line it came from (empty text: an empty cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tok {
    /// The cell's text, trimmed.
    pub text: String,
    /// 1-based line.
    pub line: usize,
    /// Character column where the cell starts (aligned text only).
    pub at: usize,
    /// The class of `text`, when the cutter already asked for it: carried
    /// so that it is not looked up again row after row. Set only once the
    /// text is final.
    pub class: Option<Class>,
}

impl Tok {
    pub(crate) fn new(text: impl Into<String>, line: usize) -> Tok {
        Tok {
            text: text.into(),
            line,
            at: 0,
            class: None,
        }
    }

    /// Whether the cell shows nothing.
    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Cells of one ` | `-separated line: the outer pipes are frames, not cells;
/// a line holding only `|` is one empty cell.
pub(crate) fn pipe_cells(line: &str, no: usize) -> Vec<Tok> {
    let t = line.trim();
    if t == "|" {
        return vec![Tok::new("", no)];
    }
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner
        .split('|')
        .map(|c| Tok::new(markdown_cell(c.trim()), no))
        .collect()
}

/// A Markdown table cell's text: without the emphasis around all of it
/// (pandoc writes a bold cell `**财政项目支出绩效目标表**`) and with its
/// backslash escapes undone (`\>90%`): the marks are no text.
pub(crate) fn markdown_cell(cell: &str) -> String {
    let mut text = cell;
    for mark in ["**", "__"] {
        if let Some(inner) = text.strip_prefix(mark).and_then(|c| c.strip_suffix(mark)) {
            if !inner.trim().is_empty() {
                text = inner.trim();
                break;
            }
        }
    }
    if !text.contains('\\') {
        return text.to_string();
    }
    // CommonMark: a backslash before ASCII punctuation escapes it.
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&n) if c == '\\' && n.is_ascii_punctuation() => {
                out.push(n);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// A Markdown delimiter cell: dashes, a colon at either end for alignment.
fn is_delimiter(cell: &str) -> bool {
    let dashes = cell.trim_start_matches(':').trim_end_matches(':');
    dashes.len() >= 3 && dashes.bytes().all(|b| b == b'-')
}

/// Cells of a tab-separated line, empty ones kept in their columns.
pub(crate) fn tab_cells(line: &str, no: usize) -> Vec<Tok> {
    line.split('\t').map(|c| Tok::new(c.trim(), no)).collect()
}

/// Cells of an aligned line: runs of two or more spaces separate cells; each
/// keeps the column it starts at, counted the text's way ([`Metric`]).
pub(crate) fn aligned_cells(line: &str, no: usize, metric: Metric) -> Vec<Tok> {
    if line.contains('\u{c}') {
        return aligned_cells_paged(line, no, metric);
    }
    // A cell is a slice of the line: the one space kept inside a cell is
    // always an ASCII space (any other gap is two columns or more).
    let mut out = Vec::new();
    let (mut col, mut start, mut spaces) = (0usize, 0usize, 0usize);
    // Byte range of the cell being read (empty: none yet).
    let (mut from, mut to) = (0usize, 0usize);
    for (i, ch) in line.char_indices() {
        let w = metric.width(ch);
        if ch == ' ' || ch == '\u{3000}' || ch == '\t' {
            spaces += if ch == '\t' { 2 } else { w };
        } else {
            if spaces >= 2 && to > from {
                out.push(Tok {
                    text: line[from..to].to_string(),
                    line: no,
                    at: start,
                    class: None,
                });
                from = to;
            }
            if to == from {
                start = col;
                from = i;
            }
            spaces = 0;
            to = i + ch.len_utf8();
        }
        col += if ch == '\t' { 2 } else { w };
    }
    if to > from {
        out.push(Tok {
            text: line[from..to].to_string(),
            line: no,
            at: start,
            class: None,
        });
    }
    out
}

/// [`aligned_cells`] of a line holding a form feed (pdftotext's page break),
/// which starts a page, not a cell: the cells are built character by character.
fn aligned_cells_paged(line: &str, no: usize, metric: Metric) -> Vec<Tok> {
    let mut out = Vec::new();
    let (mut col, mut start, mut cur, mut spaces) = (0usize, 0usize, String::new(), 0usize);
    for ch in line.chars().filter(|&c| c != '\u{c}') {
        let w = metric.width(ch);
        if ch == ' ' || ch == '\u{3000}' || ch == '\t' {
            spaces += if ch == '\t' { 2 } else { w };
        } else {
            if spaces >= 2 && !cur.is_empty() {
                out.push(Tok {
                    text: std::mem::take(&mut cur),
                    line: no,
                    at: start,
                    class: None,
                });
            } else if spaces > 0 && !cur.is_empty() {
                cur.push(' ');
            }
            if cur.is_empty() {
                start = col;
            }
            spaces = 0;
            cur.push(ch);
        }
        col += if ch == '\t' { 2 } else { w };
    }
    if !cur.is_empty() {
        out.push(Tok {
            text: cur,
            line: no,
            at: start,
            class: None,
        });
    }
    out
}

/// Display width of a character in monospaced text output, as
/// `pdftotext -layout` places it (CJK two columns, general punctuation one).
pub(crate) fn char_width(ch: char) -> usize {
    if (ch as u32) >= 0x1100 && !matches!(ch as u32, 0x2000..=0x206F) {
        2
    } else {
        1
    }
}

/// Display width of a text, [`char_width`] per character.
pub(crate) fn text_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// How aligned text counts columns. `pdftotext -layout` puts each piece at
/// a character column, a CJK character counting one; a terminal, and text
/// written to look aligned there (and the aligned text of `pdf/aligned.rs`),
/// counts a CJK character two.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Metric {
    /// CJK characters count two ([`char_width`]).
    #[default]
    Display,
    /// Every character counts one.
    Chars,
}

impl Metric {
    /// A character's width in columns.
    pub(crate) fn width(self, ch: char) -> usize {
        match self {
            Metric::Display => char_width(ch),
            Metric::Chars => 1,
        }
    }

    /// A text's width in columns.
    pub(crate) fn text_width(self, s: &str) -> usize {
        match self {
            Metric::Display => text_width(s),
            Metric::Chars => s.chars().count(),
        }
    }

    /// The way a text's lines count columns: the one under which the right
    /// edges of its numbers (amounts and scores, set flush right in their
    /// cells) fall on the same columns from line to line more often. Lines
    /// without CJK text before their numbers agree either way; a tie keeps
    /// [`Metric::Display`].
    pub(crate) fn of_lines<'a>(lines: impl Iterator<Item = &'a str>) -> Metric {
        let mut edges: [std::collections::HashMap<usize, usize>; 2] = Default::default();
        for line in lines {
            let (mut display, mut chars, mut run) = (0usize, 0usize, 0usize);
            let mut cjk_before = false;
            for ch in line.chars().chain([' ']) {
                let number = ch.is_ascii_digit() || ch == '.' || ch == ',';
                if number {
                    run += 1;
                } else {
                    if run >= 3 && cjk_before {
                        *edges[0].entry(display).or_default() += 1;
                        *edges[1].entry(chars).or_default() += 1;
                    }
                    run = 0;
                    cjk_before |= char_width(ch) == 2;
                }
                display += char_width(ch);
                chars += 1;
            }
        }
        // Pairs of numbers ending on the same column.
        let agree = |m: &std::collections::HashMap<usize, usize>| {
            m.values().map(|&n| n * (n - 1)).sum::<usize>()
        };
        if agree(&edges[1]) > agree(&edges[0]) {
            Metric::Chars
        } else {
            Metric::Display
        }
    }
}

/// Words of a line whose cells are separated by single spaces: a bracket
/// that follows a word (`(万元)`, `(盖章)`, `(50分)`) belongs to it; a year
/// in brackets (`(2022年度)`) stands alone, as a year line would.
pub(crate) fn words(line: &str, no: usize) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    for w in line.split_whitespace() {
        let bracket = w.starts_with(['(', '（']) && w.ends_with([')', '）']);
        let year = bracket && crate::value::find_year(w).is_some() && w.contains('年');
        match out.last_mut() {
            Some(prev) if bracket && !year && w.chars().count() <= 8 => prev.text.push_str(w),
            _ => out.push(Tok::new(w, no)),
        }
    }
    out
}

/// Turns numbered lines into rows of cells for a shape (not the samples').
/// Shapes without row ends give one cell per row (the rows are rebuilt
/// later); a cell wrapped over lines is joined.
pub(crate) struct Rows {
    shape: TextShape,
    /// Whether the cells-per-line text marks cell ends with `|`.
    piped: Option<bool>,
    queue: std::collections::VecDeque<Vec<Tok>>,
    /// Run-together text waiting for the line that may continue it.
    held: Option<Held>,
    /// The width run-together text is wrapped at, once two full lines show it.
    wrap: Option<usize>,
    /// The labels run-together text is cut at.
    glued: std::sync::Arc<super::glued::Labels>,
    /// How aligned text counts columns.
    pub(crate) metric: Metric,
    /// Pipe text whose cells keep their line breaks (html2text's).
    open_rows: OpenRows,
}

/// Run-together text that the next line may continue: a page chunk (`1、…`)
/// or a line wrapped at a fixed width.
struct Held {
    /// Its first line.
    no: usize,
    text: String,
    /// The page chunk's number (0: not a chunk).
    chunk: u32,
    /// The characters of its last line.
    last: usize,
}

impl Rows {
    /// Rows of a shape, run-together text cut at `glued`'s labels.
    pub(crate) fn new(shape: TextShape, glued: std::sync::Arc<super::glued::Labels>) -> Self {
        Rows {
            shape,
            piped: None,
            queue: Default::default(),
            held: None,
            wrap: None,
            glued,
            metric: Metric::Display,
            open_rows: OpenRows::default(),
        }
    }

    /// The next cell of cells-per-line text.
    fn next_cell(&mut self, lines: &mut impl Iterator<Item = (usize, String)>) -> Option<Vec<Tok>> {
        let mut text = String::new();
        let mut first = 0;
        for (no, raw) in lines {
            let line = raw.trim();
            let piped = *self.piped.get_or_insert(line.ends_with('|'));
            if !piped {
                if raw.is_empty() {
                    continue;
                }
                // A line of white space only is an empty cell.
                return Some(vec![Tok::new(line, no)]);
            }
            if line.is_empty() {
                continue;
            }
            if first == 0 {
                first = no;
            }
            match line.strip_suffix('|') {
                Some(cell) => {
                    join_wrapped(&mut text, cell.trim());
                    return Some(vec![Tok::new(text, first)]);
                }
                None => join_wrapped(&mut text, line),
            }
        }
        (first != 0).then(|| vec![Tok::new(text, first)])
    }
}

/// Joins a wrapped line onto a cell: nothing between Chinese text, one space
/// between words.
pub(crate) fn join_wrapped(text: &mut String, more: &str) {
    let ascii_edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if ascii_edge(text.chars().last()) && ascii_edge(more.chars().next()) {
        text.push(' ');
    }
    text.push_str(more);
}

impl Rows {
    /// The next row of cells from `lines`.
    pub(crate) fn next_row(
        &mut self,
        lines: &mut impl Iterator<Item = (usize, String)>,
    ) -> Option<Vec<Tok>> {
        if let Some(row) = self.queue.pop_front() {
            return Some(row);
        }
        if self.shape == TextShape::Cells {
            return self.next_cell(lines);
        }
        if self.shape == TextShape::Glued {
            return self.next_glued(lines);
        }
        for (no, raw) in lines {
            if self.shape == TextShape::Pipes {
                if let Some(row) = self.next_pipe_row(no, &raw) {
                    return Some(row);
                }
                continue;
            }
            if raw.trim().is_empty() {
                continue;
            }
            let row = match self.shape {
                TextShape::Tabs => tab_cells(&raw, no),
                TextShape::Layout => aligned_cells(&raw, no, self.metric),
                _ => {
                    // Words, or the cells of tab text: each is a row until rebuilt.
                    let cells = match self.shape {
                        TextShape::SamplesGrid if raw.contains('\t') => tab_cells(&raw, no)
                            .into_iter()
                            .filter(|t| !t.is_empty())
                            .collect(),
                        _ => words(&raw, no),
                    };
                    self.queue.extend(cells.into_iter().map(|t| vec![t]));
                    match self.queue.pop_front() {
                        Some(r) => return Some(r),
                        None => continue,
                    }
                }
            };
            return Some(row);
        }
        if std::mem::take(&mut self.open_rows.wrapped) {
            self.pipe_line(0, "|");
        }
        self.open_rows.end(&self.glued, &mut self.queue);
        self.queue.pop_front()
    }

    /// The row a line of pipe text completes, if any (rows of an open
    /// table are held until the next line: [`OpenRows`]).
    fn next_pipe_row(&mut self, no: usize, raw: &str) -> Option<Vec<Tok>> {
        if let Some(line) = self.open_rows.unwrap(raw) {
            self.pipe_line(no, &line);
        }
        self.queue.pop_front()
    }

    /// Reads one (unwrapped) line of pipe text into the queue.
    fn pipe_line(&mut self, no: usize, raw: &str) {
        let row = pipe_cells(raw, no);
        // A blank line, or a Markdown table's delimiter row (`|---|:--:|`),
        // is no row.
        if raw.trim().is_empty() || row.iter().all(|t| is_delimiter(&t.text)) {
            self.open_rows.end(&self.glued, &mut self.queue);
        } else if !raw.contains('|') {
            let tok = row.into_iter().next().unwrap_or_else(|| Tok::new("", no));
            if let Some(tok) = self.open_rows.loose_line(tok, &self.glued, &mut self.queue) {
                self.queue.push_back(vec![tok]);
            }
        } else if self.open_rows.is_open(raw) {
            let mut row = row;
            // html2text frames nothing: a `|` first is an empty first cell.
            if raw.trim_start().starts_with('|') {
                row.insert(0, Tok::new("", no));
            }
            self.open_rows.row(row, &self.glued, &mut self.queue);
        } else {
            self.open_rows.end(&self.glued, &mut self.queue);
            self.queue.push_back(row);
        }
    }
}

/// Page chunks of a document site are at least this long (but the last).
const CHUNK_CHARS: usize = 200;
/// Lines wrapped at a fixed width are at least this long.
const WRAP_MIN: usize = 30;

impl Rows {
    /// The next cell of run-together text (each a row until rebuilt). A
    /// document site shows a document in numbered page chunks (`1、…`,
    /// `2、…`) cut anywhere, even inside a word: the marks are not content
    /// and the chunks are one text. Text wrapped at a fixed width (two
    /// lines of one length show it) is one text too: a line as long as the
    /// width goes on in the next.
    fn next_glued(
        &mut self,
        lines: &mut impl Iterator<Item = (usize, String)>,
    ) -> Option<Vec<Tok>> {
        loop {
            if let Some(row) = self.queue.pop_front() {
                return Some(row);
            }
            let Some((no, raw)) = lines.next() else {
                let held = self.held.take()?;
                self.push_glued(&held.text, held.no);
                continue;
            };
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            let len = line.chars().count();
            let mark = chunk_mark(line);
            if let Some(held) = &mut self.held {
                let next_chunk = mark.filter(|&(k, _)| {
                    held.chunk > 0
                        && k == held.chunk + 1
                        && held.text.chars().count() >= CHUNK_CHARS
                });
                if let Some((k, rest)) = next_chunk {
                    held.text.push_str(rest);
                    held.chunk = k;
                    held.last = rest.chars().count();
                    continue;
                }
                let same = held.last >= WRAP_MIN && held.last.abs_diff(len) <= 2;
                if same && self.wrap.is_none() {
                    self.wrap = Some(held.last.max(len));
                }
                let full = self.wrap.is_some_and(|w| held.last + 2 >= w);
                if full && mark.is_none() {
                    held.text.push_str(line);
                    held.last = len;
                    continue;
                }
            }
            if let Some(held) = self.held.take() {
                self.push_glued(&held.text, held.no);
            }
            let (chunk, text) = match mark {
                Some((1, rest)) => (1, rest),
                _ => (0, line),
            };
            self.held = Some(Held {
                no,
                text: text.to_string(),
                chunk,
                last: len,
            });
        }
    }

    fn push_glued(&mut self, text: &str, no: usize) {
        let cells = super::glued::glued_cells(&self.glued, text, no);
        self.queue.extend(cells.into_iter().map(|t| vec![t]));
    }
}

/// A page-chunk mark at the start of a line: `2、…` → (2, the rest).
fn chunk_mark(line: &str) -> Option<(u32, &str)> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = line[digits..].strip_prefix('、')?;
    Some((line[..digits].parse().ok()?, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(toks: &[Tok]) -> Vec<&str> {
        toks.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn markdown_delimiter_rows_are_no_rows() {
        let mut rows = Rows::new(TextShape::Pipes, super::super::glued::Labels::builtin());
        let mut lines = [
            "| 项目名称 | 宣传费 |",
            "|---|:---:|",
            "| 主管部门 | 某局 |",
        ]
        .into_iter()
        .enumerate()
        .map(|(i, l)| (i + 1, l.to_string()));
        let got: Vec<Vec<Tok>> = std::iter::from_fn(|| rows.next_row(&mut lines)).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(texts(&got[1]), ["主管部门", "某局"]);
        assert!(!is_delimiter("--") && !is_delimiter("a---") && is_delimiter(":---:"));
    }

    fn pipe_rows(text: &[&str]) -> Vec<Vec<String>> {
        let mut rows = Rows::new(TextShape::Pipes, super::super::glued::Labels::builtin());
        let mut lines = text.iter().enumerate().map(|(i, l)| (i + 1, l.to_string()));
        std::iter::from_fn(|| rows.next_row(&mut lines))
            .map(|r| r.into_iter().map(|t| t.text).collect())
            .collect()
    }

    /// html2text's rows keep a cell's line breaks: lines with no `|` are
    /// put back into their cells.
    #[test]
    fn html2text_cells_over_lines_are_put_together() {
        let got = pipe_rows(&[
            "财政项目支出绩效自评表",
            "---",
            "项目名称| 宣传费",
            "项目资金",
            "（万元）| | 年初预算数| 全年预算数",
            "其他资金| 0.00| 0.00",
            "年度",
            "总体",
            "目标| 预期目标| 实际完成情况",
            "为了保障| 保障了",
            "按规定返还",
            "一级指标| 二级指标",
            "本项目上年度市级财政资金使用情况",
            "项目总预算（元）| 292417",
            "|",
            "落实市、区级文件要求",
            "总分| 100",
            "评分等级",
            "财政项目支出绩效自评表",
        ]);
        let want: Vec<Vec<&str>> = vec![
            vec!["财政项目支出绩效自评表"],
            vec!["项目名称", "宣传费"],
            vec!["项目资金（万元）", "", "年初预算数", "全年预算数"],
            vec!["其他资金", "0.00", "0.00"],
            vec!["年度总体目标", "预期目标", "实际完成情况"],
            // A text's next line ends the row's last cell.
            vec!["为了保障", "保障了按规定返还"],
            vec!["一级指标", "二级指标"],
            // A heading on its own line is a row.
            vec!["本项目上年度市级财政资金使用情况"],
            vec!["项目总预算（元）", "292417"],
            // A row wrapped after its empty first cell.
            vec!["", "落实市、区级文件要求"],
            vec!["总分", "100"],
            vec!["评分等级"],
            vec!["财政项目支出绩效自评表"],
        ];
        assert_eq!(got, want);
    }

    /// Text whose cells are apart by ` | ` flattened its cells: a line
    /// with no `|` is a row of its own.
    #[test]
    fn spaced_pipe_rows_keep_lines_without_pipes_as_rows() {
        let got = pipe_rows(&["总分 | 100 | 100", "……", "注:1.一级指标分值统一设置"]);
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn markdown_bold_cells_lose_their_marks() {
        let got = pipe_cells(
            "| **财政项目支出绩效目标表** |  | __一级目标__ | a**b** | **** | \\>90\\% | C:\\x |",
            1,
        );
        assert_eq!(
            texts(&got),
            [
                "财政项目支出绩效目标表",
                "",
                "一级目标",
                "a**b**",
                "****",
                ">90%",
                "C:\\x"
            ]
        );
    }

    #[test]
    fn pipes_keep_empty_cells() {
        assert_eq!(texts(&pipe_cells("| a |  | b |", 1)), ["a", "", "b"]);
        assert_eq!(texts(&pipe_cells("|", 1)), [""]);
        assert_eq!(texts(&pipe_cells("a | b |", 1)), ["a", "b"]);
    }

    #[test]
    fn aligned_cells_keep_columns() {
        let t = aligned_cells("项目名称  宣传 费      主管部门", 3, Metric::Display);
        assert_eq!(texts(&t), ["项目名称", "宣传 费", "主管部门"]);
        assert_eq!(t[1].at, 10);
        assert_eq!(t[2].line, 3);
    }

    #[test]
    fn aligned_cells_alike_with_and_without_page_breaks() {
        for line in [
            "项目名称  宣传 费      主管部门",
            "  a b\u{3000}c\td  e ",
            "x\u{3000}\u{3000}y z",
            "",
            "   ",
        ] {
            let paged = format!("\u{c}{line}");
            assert_eq!(
                aligned_cells(line, 1, Metric::Display),
                aligned_cells_paged(line, 1, Metric::Display),
                "{line:?}"
            );
            assert_eq!(
                aligned_cells(&paged, 1, Metric::Display),
                aligned_cells_paged(line, 1, Metric::Display),
                "{line:?}"
            );
        }
    }

    #[test]
    fn words_keep_brackets_with_their_word() {
        let w = words("项目资金 (万元) 附件: 自评表 (2022年度) 产出指标 (50分)", 1);
        assert_eq!(
            texts(&w),
            [
                "项目资金(万元)",
                "附件:",
                "自评表",
                "(2022年度)",
                "产出指标(50分)"
            ]
        );
    }

    #[test]
    fn cells_per_line_join_wrapped_lines() {
        let text = "项目名称 |\n很长的\n名称 |\n|\n\nabc\ndef |\n";
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.to_string()));
        let mut source = Rows::new(TextShape::Cells, super::super::glued::Labels::builtin());
        let rows: Vec<Vec<Tok>> = std::iter::from_fn(|| source.next_row(&mut lines)).collect();
        let cells: Vec<(&str, usize)> = rows
            .iter()
            .map(|r| (r[0].text.as_str(), r[0].line))
            .collect();
        assert_eq!(
            cells,
            [("项目名称", 1), ("很长的名称", 2), ("", 4), ("abc def", 6)]
        );
    }

    /// pdftotext -layout counts a CJK character one column: the amounts of
    /// rows with labels of different lengths end on the same character
    /// column. Text aligned for a terminal counts it two.
    #[test]
    fn aligned_text_tells_how_it_counts_columns() {
        let pdftotext = [
            "       年度资金总额         7.80        1.55        1.55",
            "（万元）                  7.80        1.55        1.55",
            "       上年结转资金         0.00        0.00        0.00",
            "        其他资金          0.00        0.00        0.00",
        ];
        assert_eq!(Metric::of_lines(pdftotext.into_iter()), Metric::Chars);
        let terminal = [
            "年度资金总额        7.80      1.55",
            "其他资金            0.00      0.00",
            "其中：当年财政拨款  7.80      1.55",
        ];
        assert_eq!(Metric::of_lines(terminal.into_iter()), Metric::Display);
        assert_eq!(
            Metric::of_lines(["7.80  1.55"].into_iter()),
            Metric::Display
        );
        let cells = aligned_cells("（万元）    7.80", 1, Metric::Chars);
        assert_eq!((cells[1].text.as_str(), cells[1].at), ("7.80", 8));
    }
}
