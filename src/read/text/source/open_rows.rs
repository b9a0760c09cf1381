//! Rows of pipe text whose cells keep their line breaks, as Python's
//! html2text writes a web page's table: no `|` before the first cell,
//! cells apart by `| `, and a cell of two lines (`项目资金` / `（万元）| |
//! 年初预算数| …`) over two lines of text. A line with no `|` inside such a
//! table is a piece of a cell: of the next row's first cell (项目资金 +
//! （万元）), or, when that cell is a label of its own (一级指标), of the
//! last row's last cell (a long text's next line). A title, a blank line
//! or a delimiter (`---`) ends the table.

use std::collections::VecDeque;

use super::{join_wrapped, Tok};
use crate::read::text::glued::Labels;

/// The last row of an open table, held until the next line tells whether
/// it goes on, and the lines with no `|` since.
#[derive(Default)]
pub(crate) struct OpenRows {
    open: Option<Vec<Tok>>,
    loose: Vec<Tok>,
    /// A line of only `|` in an open table: html2text wrapped a row after
    /// its empty first cell (`| 落实…` at its width); the row goes on in the
    /// next line.
    pub(crate) wrapped: bool,
}

impl OpenRows {
    /// The line to read, with a row wrapped after its empty first cell put
    /// together again; `None` for the `|` that waits for the rest.
    pub(crate) fn unwrap<'a>(&mut self, raw: &'a str) -> Option<std::borrow::Cow<'a, str>> {
        if std::mem::take(&mut self.wrapped) && !raw.trim().is_empty() {
            return Some(format!("| {}", raw.trim()).into());
        }
        if raw.trim() == "|" && self.open.is_some() {
            self.wrapped = true;
            return None;
        }
        Some(raw.into())
    }

    /// Whether a line with `|` is such a row: no `|` before its first cell
    /// and a `|` right after a cell's text (`名称| 宣传费`; text whose cells
    /// are apart by ` | ` flattened its cells' line breaks), or any row once
    /// such a table is open (an empty first cell shows as `| 落实…`).
    pub(crate) fn is_open(&self, raw: &str) -> bool {
        let t = raw.trim();
        let tight = t
            .as_bytes()
            .windows(2)
            .any(|w| w[1] == b'|' && !w[0].is_ascii_whitespace() && w[0] != b'|');
        self.open.is_some() || (!t.starts_with('|') && tight)
    }

    /// A row of the table: rows it completes go to `out`. The lines with
    /// no `|` before it begin its first cell when together they make a
    /// label (年度 / 总体 / 目标), or that cell is a unit (项目资金 /
    /// （万元）), or it is no label itself (a text's first lines); else they
    /// end the last row's last cell, but for a heading among them (2020年绩效目标),
    /// a row of its own from there on.
    pub(crate) fn row(&mut self, mut row: Vec<Tok>, labels: &Labels, out: &mut VecDeque<Vec<Tok>>) {
        if let (false, Some(first)) = (self.loose.is_empty(), row.first_mut()) {
            let mut text = String::new();
            for t in &self.loose {
                join_wrapped(&mut text, &t.text);
            }
            join_wrapped(&mut text, &first.text);
            let unit = first.text.starts_with(['（', '(']) && first.text.chars().count() <= 8;
            let heading = self.loose.iter().position(|t| is_heading(&t.text, labels));
            let starts = !labels.is_label(&first.text) && heading.is_none();
            if unit || labels.is_label(&text) || starts {
                *first = Tok::new(text, self.loose[0].line);
                self.loose.clear();
            } else {
                self.back(labels, out);
            }
        }
        out.extend(self.open.take());
        self.open = Some(row);
    }

    /// A line with no `|`: taken as a piece of a cell (`None`), or given
    /// back as a row of its own when no table is open or it is a title.
    pub(crate) fn loose_line(
        &mut self,
        tok: Tok,
        labels: &Labels,
        out: &mut VecDeque<Vec<Tok>>,
    ) -> Option<Tok> {
        if self.open.is_none() {
            return Some(tok);
        }
        if labels.is_title(&tok.text) {
            self.end(labels, out);
            return Some(tok);
        }
        self.loose.push(tok);
        None
    }

    /// The table ends: lines with no `|` go on the last cell.
    pub(crate) fn end(&mut self, labels: &Labels, out: &mut VecDeque<Vec<Tok>>) {
        self.back(labels, out);
        out.extend(self.open.take());
    }

    /// Lines with no `|` end the last row's last cell, up to a heading
    /// among them (评分等级, 2020年绩效目标): from there on each is a row.
    fn back(&mut self, labels: &Labels, out: &mut VecDeque<Vec<Tok>>) {
        let heading = self.loose.iter().position(|t| is_heading(&t.text, labels));
        let own = self.loose.split_off(heading.unwrap_or(self.loose.len()));
        match self.open.as_mut().and_then(|r| r.last_mut()) {
            Some(cell) => {
                for t in self.loose.drain(..) {
                    join_wrapped(&mut cell.text, &t.text);
                }
            }
            None => out.extend(self.loose.drain(..).map(|t| vec![t])),
        }
        if !own.is_empty() {
            out.extend(self.open.take());
            out.extend(own.into_iter().map(|t| vec![t]));
        }
    }
}

/// A label or heading standing on its own line, a year before it or not
/// (2020年绩效目标), or a note: a row of its own, no piece of a cell.
fn is_heading(text: &str, labels: &Labels) -> bool {
    let t = text.trim();
    let rest = match t.char_indices().nth(4) {
        Some((i, '年')) if t[..i].bytes().all(|b| b.is_ascii_digit()) => {
            t[i + '年'.len_utf8()..].trim_start_matches('度')
        }
        _ => t,
    };
    labels.is_label(t) || labels.is_label(rest) || labels.is_title(t) || is_note(t)
}

/// A note under a table (注：…, 说明：…) or a filler row (……).
fn is_note(t: &str) -> bool {
    ["注：", "注:", "说明：", "说明:", "备注：", "备注:"]
        .iter()
        .any(|p| t.starts_with(p))
        || t.chars().all(|c| matches!(c, '…' | '.' | '。' | '-'))
}
