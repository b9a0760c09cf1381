//! Text whose columns are aligned with runs of spaces (`pdftotext -layout`,
//! or a table printed with padded columns), made into a grid in one pass.
//!
//! - **Bands.** A line of table headings (一级指标 | 二级指标 …, 年初预算数 |
//!   全年预算数 …, 预期目标 | 实际完成情况) starts a band; its headings are the
//!   band's columns. Each line's cells are put in those columns in order, at
//!   the least distance between cell and heading centres (pdftotext shifts
//!   right-aligned numbers and centred headings apart, so order counts more
//!   than place). Lines before any heading take columns from where their
//!   cells start.
//! - **Rows.** A line with two cells or a label is a row's own line (anchor).
//!   A cell of several lines is printed top-aligned below its row's line, or
//!   centred on it (its first lines above); each run of lines of one column
//!   between two anchors is given to the anchor it touches, split by the
//!   centring when it touches both. A band without anchors is one row (two
//!   texts side by side under 预期目标 | 实际完成情况).
//! - **Merged cells.** Indicator categories (产出指标, 数量指标 …) are merged
//!   over their rows and printed at the middle of them: each goes to the first
//!   row of the run of rows it is centred on (the recognizer copies it down).
//!   A label left of a band's headings (项目资金（万元）, 年度总体目标, cut over
//!   lines and joined first) heads the band's heading row.

use super::classify::{Class, Classifier, Shape};
// Widths are counted as the cells' columns are (CJK two).
use super::source::{join_wrapped, Metric, Tok};
use crate::read::grid::{Grid, GridPlaces, Value};
use columns::{heading_columns, starts_columns};
use merged::{merge_vertical_labels, place_categories};
pub(crate) use outside::take_text_after_table;
use rows::{anchors, attach_runs, is_centred};

/// Cells starting within this many character columns share a column
/// (lines without headings).
const SLACK: usize = 2;

/// Lines below a short label searched for the rest of it.
const LABEL_REACH: usize = 4;

/// One cell of one line.
#[derive(Debug)]
struct Frag {
    tok: Tok,
    /// The line counted without lines emptied by joining cut labels (for
    /// geometry; `tok.line` names the place).
    y: usize,
    /// Last line, counted as `y` (a label cut over lines and joined).
    last: usize,
    width: usize,
    class: Class,
    col: usize,
    /// Row within its band (`usize::MAX`: not placed yet).
    row: usize,
}

impl Frag {
    /// Twice the centre (stays an integer).
    fn centre2(&self) -> usize {
        2 * self.tok.at + self.width
    }

    /// Whether a fragment starting at `at` lies under this one.
    fn covers(&self, at: usize) -> bool {
        at + 3 >= self.tok.at && at < self.tok.at + self.width.max(4)
    }
}

/// The grid of one section of aligned text.
pub(crate) fn aligned_grid(
    words: &Classifier,
    mut rows: Vec<Vec<Tok>>,
    name: &str,
    metric: Metric,
) -> Grid {
    wrapped::split_run_together(&mut rows, metric);
    let mut lines: Vec<Vec<Frag>> = rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .filter(|t| !t.text.is_empty())
                .flat_map(|t| split_values(t, metric))
                .flat_map(|t| split_field_labels(t, words, metric))
                .flat_map(|t| split_category(t, words, metric))
                .flat_map(|t| split_headings(t, words, metric))
                .map(|mut t| {
                    if metric == Metric::Chars {
                        if let std::borrow::Cow::Owned(text) = close_number_gaps(&t.text) {
                            t.text = text;
                        }
                    }
                    t
                })
                .map(|t| Frag {
                    width: metric.text_width(&t.text),
                    class: words.class(&t.text),
                    y: t.line,
                    last: t.line,
                    col: 0,
                    row: usize::MAX,
                    tok: t,
                })
                .collect()
        })
        .collect();
    // Before labels are joined down: a heading's first line is no label.
    headings::join_cut_headings(words, &mut lines);
    headings::join_cut_row_labels(words, &mut lines);
    merged::join_cut_categories(words, &mut lines, metric);
    merge_vertical_labels(words, &mut lines, metric);
    // Lines emptied by the joining do not part the lines around them.
    let mut emptied = 0;
    for l in lines.iter_mut() {
        match l.first() {
            None => emptied += 1,
            Some(_) => {
                for f in l.iter_mut() {
                    f.y -= emptied;
                    f.last -= emptied;
                }
            }
        }
    }
    lines.retain(|l| !l.is_empty());
    let centred = is_centred(&lines);
    let mut grid = Grid::new(name, GridPlaces::Lines);
    let mut next_row = 0;
    let mut start = 0;
    while start < lines.len() {
        let head = is_heading_line(&lines[start]);
        let from = start + usize::from(head);
        let end = (from..lines.len())
            .find(|&i| is_heading_line(&lines[i]))
            .unwrap_or(lines.len());
        let (before, rest) = lines.split_at_mut(from);
        let heading = head.then(|| &mut before[start]);
        next_row = band(
            heading,
            &mut rest[..end - from],
            centred,
            next_row,
            &mut grid,
        );
        start = end;
    }
    grid
}

/// Two values that pdftotext set one space apart (`=100.00(%) 100.00(%)`)
/// are two cells: a value starts with a digit or a sign and has no space.
fn split_values(t: Tok, metric: Metric) -> Vec<Tok> {
    let valued = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_digit() || "=＝≥≤≧≦<>＜＞".contains(c))
            && s.chars().any(|c| c.is_ascii_digit())
    };
    if !t.text.contains(' ') || !t.text.split(' ').all(valued) {
        return vec![t];
    }
    split_at_spaces(&t, metric)
}

/// A cell's parts between single spaces as cells, each at its column.
fn split_at_spaces(t: &Tok, metric: Metric) -> Vec<Tok> {
    let mut at = t.at;
    t.text
        .split(' ')
        .map(|part| {
            let tok = Tok {
                text: part.to_string(),
                line: t.line,
                at,
                class: None,
            };
            at += metric.text_width(part) + 1;
            tok
        })
        .collect()
}

/// Text with the spaces pdftotext puts between a number and the Chinese
/// text around it taken out (`2024 年 2 次赴云南` → `2024年2次赴云南`,
/// `736 人。`): a space after a number before an ideograph, and one before
/// a number that an ideograph follows. A number standing alone after text
/// (`达成指标 10.00`, two cells one space apart) keeps its space.
fn close_number_gaps(text: &str) -> std::borrow::Cow<'_, str> {
    let ideograph =
        |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || "，。、；：（）".contains(c);
    let chars: Vec<char> = text.chars().collect();
    if !chars.iter().any(|c| c.is_ascii_digit()) || !text.contains(' ') {
        return std::borrow::Cow::Borrowed(text);
    }
    let number = |c: char| c.is_ascii_digit() || c == '.' || c == '%';
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() {
            let (before, after) = (chars[i - 1], chars[i + 1]);
            // The number after the space, and what follows it.
            let end = chars[i + 1..]
                .iter()
                .position(|&c| !number(c))
                .map_or(chars.len(), |k| i + 1 + k);
            let closes = (number(before) && ideograph(after))
                || (ideograph(before)
                    && after.is_ascii_digit()
                    && (chars.get(end).is_some_and(|&c| ideograph(c))
                        || (chars.get(end) == Some(&' ')
                            && chars.get(end + 1).is_some_and(|&c| ideograph(c)))));
            if closes {
                continue;
            }
        }
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

/// Table headings pdftotext set one space apart (`年初预算数 全年预算数
/// 全年执行数 分值 执行率`, a print with narrow gaps) are one cell each:
/// every part between single spaces is a heading of the vocabulary.
fn split_headings(t: Tok, words: &Classifier, metric: Metric) -> Vec<Tok> {
    let heading = |s: &str| {
        matches!(
            words.class(s),
            Class::FundHead(_) | Class::IndHead(..) | Class::FundOnly(_)
        )
    };
    if !t.text.contains(' ') || !t.text.split(' ').all(heading) {
        return vec![t];
    }
    split_at_spaces(&t, metric)
}

/// Field labels run into the cells beside them one space apart (a print
/// with narrow gaps: `征地养老费支出 项目性质`, `…和社会保障 实施单位 上海市…`):
/// each part between single spaces that is a field label of the vocabulary
/// (not an `extra` label: a note's 改进措施 stays in its text; not one
/// ending in a colon, which heads its value) is a cell of its own, the text
/// between two labels one cell.
fn split_field_labels(t: Tok, words: &Classifier, metric: Metric) -> Vec<Tok> {
    let label = |p: &str| {
        !p.ends_with([':', '：'])
            && matches!(words.class(p), Class::Label { field: true })
            && words.vocab.field(p).is_some_and(|f| f != "extra")
    };
    if !t.text.contains(' ') || !t.text.split(' ').any(label) {
        return vec![t];
    }
    let cell = |text: String, at: usize| Tok {
        text,
        line: t.line,
        at,
        class: None,
    };
    let mut out = Vec::new();
    let mut text: Option<(String, usize)> = None;
    let mut at = t.at;
    for part in t.text.split(' ') {
        if label(part) {
            out.extend(text.take().map(|(s, a)| cell(s, a)));
            out.push(cell(part.to_string(), at));
        } else if let Some((s, _)) = text.as_mut() {
            s.push(' ');
            s.push_str(part);
        } else {
            text = Some((part.to_string(), at));
        }
        at += metric.text_width(part) + 1;
    }
    out.extend(text.map(|(s, a)| cell(s, a)));
    out
}

/// A cell and the cell after it that pdftotext set one space apart
/// (narrow columns): `经济成本指标 不超项目预算` (a level-2 category of the
/// taxonomy, then a name that is no category, number or heading of its
/// own), `项目名称 某项目` (a field label, then its value, no label in it).
fn split_category(t: Tok, words: &Classifier, metric: Metric) -> Vec<Tok> {
    let Some((first, rest)) = t.text.split_once(' ') else {
        return vec![t];
    };
    let parts = match words.class(first) {
        Class::Level { two: true, .. } => {
            matches!(words.class(rest), Class::Value(Shape::Text)) && !rest.contains(' ')
        }
        Class::Label { field: true } => {
            !first.ends_with([':', '：']) && rest.split(' ').all(|p| !words.class(p).is_label())
        }
        _ => false,
    };
    if !parts {
        return vec![t];
    }
    let rest = Tok {
        text: rest.to_string(),
        line: t.line,
        at: t.at + metric.text_width(first) + 1,
        class: None,
    };
    let first = Tok {
        text: first.to_string(),
        line: t.line,
        at: t.at,
        class: None,
    };
    vec![first, rest]
}

/// A line of table headings: two cells or more, all headings or section
/// labels, one of them a table heading.
fn is_heading_line(line: &[Frag]) -> bool {
    let heading = |c: Class| {
        matches!(
            c,
            Class::FundHead(_) | Class::IndHead(..) | Class::FundOnly(_) | Class::Goal
        )
    };
    line.len() >= 2
        && line.iter().any(|f| heading(f.class))
        && line
            .iter()
            .all(|f| heading(f.class) || f.class == Class::Label { field: false })
}

/// Places one band's cells and adds its rows to the grid from `first_row`;
/// returns the next free row.
fn band(
    heading: Option<&mut Vec<Frag>>,
    lines: &mut [Vec<Frag>],
    centred: bool,
    first_row: usize,
    grid: &mut Grid,
) -> usize {
    let mut head_row: Vec<&Frag> = Vec::new();
    let mut heading = heading;
    let left = match heading.as_deref_mut() {
        Some(h) => heading_columns(h, lines),
        None => {
            starts_columns(lines);
            false
        }
    };
    // Labels left of the headings head the heading row.
    let heads_band = |f: &Frag| {
        left && f.col == 0
            && f.class.is_label()
            && !matches!(f.class, Class::FundRow | Class::Total | Class::Level { .. })
    };
    let anchors = anchors(lines, centred, &heads_band);
    for (r, &a) in anchors.iter().enumerate() {
        for f in lines[a].iter_mut() {
            if !heads_band(f) && !matches!(f.class, Class::Level { .. }) {
                f.row = r;
            }
        }
    }
    attach_runs(lines, &anchors, centred, &heads_band);
    let rows = anchors.len().max(1);
    place_categories(lines, &anchors, rows, centred);
    let r0 = first_row + usize::from(heading.is_some());
    let mut cells: Vec<&Frag> = Vec::new();
    for f in lines.iter().flatten() {
        if heads_band(f) {
            head_row.push(f);
        } else {
            cells.push(f);
        }
    }
    if let Some(h) = heading {
        head_row.extend(h.iter());
        emit(grid, first_row, head_row);
    }
    cells.sort_by_key(|f| f.row.min(rows - 1));
    let mut k = 0;
    while k < cells.len() {
        let r = cells[k].row.min(rows - 1);
        let n = cells[k..]
            .iter()
            .take_while(|f| f.row.min(rows - 1) == r)
            .count();
        emit(grid, r0 + r, cells[k..k + n].to_vec());
        k += n;
    }
    r0 + rows
}

/// Puts a row's fragments into grid cells: fragments of one column joined
/// in line order.
fn emit(grid: &mut Grid, row: usize, mut frags: Vec<&Frag>) {
    frags.sort_by_key(|f| (f.col, f.tok.line, f.tok.at));
    let mut k = 0;
    while k < frags.len() {
        let col = frags[k].col;
        let n = frags[k..].iter().take_while(|f| f.col == col).count();
        let mut text = frags[k].tok.text.clone();
        for f in &frags[k + 1..k + n] {
            join_wrapped(&mut text, &f.tok.text);
        }
        grid.push(row, col, Value::from_text(text), frags[k].tok.line);
        k += n;
    }
}

mod columns;
mod funding;
mod headings;
mod merged;
mod outside;
mod rows;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_cut;
mod wrapped;
