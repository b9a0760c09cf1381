//! The indicator table of rebuilt rows: its heading row, its data rows
//! split by [`super::super::table`], its total row, and the notes printed
//! under it.

use super::{Cells, Out, Placed, Src, FIRST};
use crate::read::text::classify::{Class, Shape};
use crate::read::text::source::Tok;
use crate::read::text::table::{split_rows, Gaps, Slot};
use crate::read::vocab::IndicatorColumn;
use crate::read::{Place, Warning};

/// The indicator table: its heading row, the data rows split by
/// [`split_rows`], then the total row (合计/总分) with its cells from the
/// weight column on.
pub(super) fn indicator_table(
    cells: &Cells,
    start: usize,
    earlier: Vec<(IndicatorColumn, Tok)>,
    out: &mut Out,
) -> usize {
    let classes = &cells.classes;
    let mut i = start;
    let mut heading: Vec<Placed> = out.take_heading().into_iter().collect();
    // A section heading on the heading's own line (`| 绩效指标 | 一级指标 |
    // …`): where lines are rows and empty cells shown, its column is an
    // empty cell at the start of every data line, not a table column.
    let section_column = cells.mode.lines_are_rows
        && cells.mode.gaps == Gaps::Shown
        && heading
            .first()
            .is_some_and(|h| cells.tok(&h.1).line == cells.toks[start].line);
    let mut cols: Vec<Option<IndicatorColumn>> = Vec::new();
    while i < classes.len() {
        match classes[i] {
            Class::IndHead(c, _) if !cols.contains(&Some(c)) => {
                heading.push(cells.placed(FIRST + cols.len(), i));
                cols.push(Some(c));
            }
            Class::Empty => {}
            // A heading not in the vocabulary (or the funding table's, such as
            // 得分计算方法) between known ones: a column whose cells are kept
            // out of every field (the recognizer warns).
            Class::Value(_) | Class::Label { .. } | Class::FundOnly(_)
                if next_is_heading(classes, i) =>
            {
                heading.push(cells.placed(FIRST + cols.len(), i));
                cols.push(None);
            }
            // A short word after the headings and right before the first
            // row's level-1 category (`指标值` `备注` `产出指标`): the last
            // heading, one the vocabulary does not know.
            Class::Value(Shape::Text | Shape::Short)
                if cols.len() >= 2
                    && cells.toks[i].text.chars().count() <= 6
                    && next_is_level1(classes, i)
                    && cut_heading(cells, i, heading.last(), &cols).is_none() =>
            {
                heading.push(cells.placed(FIRST + cols.len(), i));
                cols.push(None);
            }
            // The heading line's last cell, a heading the vocabulary does not
            // know (备注): where lines are rows, the line's end says so.
            Class::Value(_) | Class::Label { .. }
                if cells.mode.lines_are_rows
                    && cols.len() >= 2
                    && ends_heading_line(cells, i, heading.last())
                    && cut_heading(cells, i, heading.last(), &cols).is_none() =>
            {
                heading.push(cells.placed(FIRST + cols.len(), i));
                cols.push(None);
            }
            // The heading line's last cell cut off by the page edge.
            Class::Value(_) | Class::Label { .. } if cells.mode.whole => {
                match cut_heading(cells, i, heading.last(), &cols) {
                    Some((spelling, col)) => {
                        let mut cell = cells.placed(FIRST + cols.len(), i);
                        let t = cells.own(&mut cell.1);
                        out.warnings.push(Warning {
                            place: Place::Line(t.line),
                            message: format!(
                                "表头 {:?} 不完整（被页边截断），按 {spelling:?} 读",
                                t.text
                            ),
                        });
                        t.text = spelling;
                        cell.2 = Class::IndHead(col, None);
                        heading.push(cell);
                        cols.push(Some(col));
                    }
                    None => break,
                }
            }
            _ => break,
        }
        i += 1;
    }
    // Columns named only in an upper heading row come after (实际完成值 …).
    for (c, tok) in earlier {
        let split_target =
            c == IndicatorColumn::Target && cols.contains(&Some(IndicatorColumn::Nature));
        if !cols.contains(&Some(c)) && !split_target {
            heading.push((FIRST + cols.len(), Src::Own(tok), Class::IndHead(c, None)));
            cols.push(Some(c));
        }
    }
    out.row(heading);
    let data_start = i;
    let ends_table = |k: usize| {
        matches!(
            classes[k],
            Class::Total
                | Class::Goal
                | Class::Title { .. }
                | Class::FundHead(_)
                | Class::Label { field: true }
        ) || starts_stacked_table(cells, k)
    };
    while i < classes.len() && (!ends_table(i) || note_label(cells, i, &ends_table)) {
        i += 1;
    }
    // Headings repeated inside the table (a page break) are not cells.
    // The form's cells by index, not copied (see [`Src`]).
    let mut data: Vec<(Src, Class)> = Vec::with_capacity(i - data_start);
    for k in data_start..i {
        let line_start = k == 0 || cells.toks[k - 1].line != cells.toks[k].line;
        match classes[k] {
            Class::Empty if section_column && line_start => {}
            Class::IndHead(..) | Class::Label { field: false } => {}
            // A label inside a note joins it with what it brings.
            Class::Label { field: true } => match data.last_mut() {
                Some(note) => cells.own(&mut note.0).text.push_str(&cells.toks[k].text),
                None => data.push((Src::Cell(k), Class::Value(Shape::Text))),
            },
            Class::Value(Shape::Text | Shape::Short)
                if k > data_start && classes[k - 1] == (Class::Label { field: true }) =>
            {
                if let Some(note) = data.last_mut() {
                    let t = cells.own(&mut note.0);
                    t.text.push('：');
                    t.text.push_str(&cells.toks[k].text);
                }
            }
            c => data.push((Src::Cell(k), c)),
        }
    }
    // Layouts with two levels only: the last level column names the row
    // (the recognizer reads it so too).
    let mut split_cols = cols.clone();
    if !cols.contains(&Some(IndicatorColumn::Name)) {
        if let Some(l2) = split_cols
            .iter_mut()
            .find(|c| **c == Some(IndicatorColumn::Level2))
        {
            *l2 = Some(IndicatorColumn::Name);
        }
    }
    if cells.mode.glued {
        let toks = data.into_iter().map(|(s, c)| (cells.owned(s), c)).collect();
        data = crate::read::text::glued_rows::recut(toks, &split_cols, cells.words)
            .into_iter()
            .map(|(t, c)| (Src::Own(t), c))
            .collect();
    }
    if cells.mode.whole {
        unknown_level1(cells, &mut data);
    }
    let slots: Vec<Slot> = data
        .iter()
        .enumerate()
        .map(|(k, (s, class))| (k, cells.tok(s), class))
        .map(|(k, t, class)| Slot {
            category_word: t.text.ends_with("指标"),
            signed: t
                .text
                .starts_with(['≥', '≤', '≧', '≦', '>', '<', '＞', '＜', '=', '＝', '═']),
            class: *class,
            line_end: data
                .get(k + 1)
                .is_none_or(|n| cells.tok(&n.0).line != t.line),
        })
        .collect();
    let mode = cells.mode;
    let mut rows = split_rows(&slots, &split_cols, mode.gaps, mode.lines_are_rows);
    if cells.mode.glued {
        // The total row's values tell whether the form is scored.
        let total: Vec<&str> = match classes.get(i) {
            Some(Class::Total) => (i + 1..classes.len())
                .take_while(|&k| matches!(classes[k], Class::Value(_)))
                .map(|k| cells.toks[k].text.as_str())
                .collect(),
            _ => Vec::new(),
        };
        let mut toks: Vec<(Tok, Class)> =
            data.into_iter().map(|(s, c)| (cells.owned(s), c)).collect();
        crate::read::text::glued_rows::split_values(&mut toks, &mut rows, &split_cols, &total);
        data = toks.into_iter().map(|(t, c)| (Src::Own(t), c)).collect();
    }
    let has = |rows: &[(usize, usize)], want: IndicatorColumn| {
        rows.iter().any(|&(_, c)| cols[c] == Some(want))
    };
    if let Some(last) = rows.last() {
        let scored = cols.contains(&Some(IndicatorColumn::Weight));
        if i >= classes.len()
            && scored
            && !has(last, IndicatorColumn::Weight)
            && !has(last, IndicatorColumn::Score)
        {
            let line = cells.tok(&data[last[last.len() - 1].0].0).line;
            out.warnings.push(Warning {
                place: Place::Line(line),
                message: "文字在指标表的一行中间结束（表单不完整）：这一行只读到了前几格".into(),
            });
        }
    }
    // Each slot is in one row (the split's path), so its cell is moved
    // there, not copied; the glued reading may have shared slots.
    let moved = !cells.mode.glued;
    for row in rows {
        let mut placed: Vec<Placed> = Vec::with_capacity(row.len());
        for (s, c) in row {
            let (src, class) = &mut data[s];
            match placed.last_mut() {
                // Words of one cell (all on one line) are joined again.
                Some(last) if last.0 == FIRST + c => {
                    let t = cells.own(&mut last.1);
                    t.text.push(' ');
                    t.text.push_str(&cells.tok(src).text);
                }
                _ if moved => placed.push((
                    FIRST + c,
                    std::mem::replace(src, Src::Own(Tok::new("", 0))),
                    *class,
                )),
                _ => placed.push((FIRST + c, src.clone(), *class)),
            }
        }
        out.row(placed);
    }
    let at = |want: IndicatorColumn| {
        cols.iter()
            .position(|&c| c == Some(want))
            .map(|p| FIRST + p)
    };
    out.weight_col = Some(at(IndicatorColumn::Weight).unwrap_or(FIRST + 1));
    out.score_col = at(IndicatorColumn::Score);
    if i < classes.len() && classes[i] == Class::Total {
        i = total_row(cells, i, out);
    }
    i
}

/// A word first on its line right before a level-2 category on that line
/// (`满意度` `服务对象满意度指标`) is the row's level-1 category, in a
/// spelling the vocabulary does not know: a merged level-1 cell's text.
fn unknown_level1(cells: &Cells, data: &mut [(Src, Class)]) {
    let line_of = |s: &Src| cells.tok(s).line;
    for k in 0..data.len().saturating_sub(1) {
        let line = line_of(&data[k].0);
        let first = k == 0 || line_of(&data[k - 1].0) != line;
        let before_level2 = line_of(&data[k + 1].0) == line
            && matches!(data[k + 1].1, Class::Level { two: true, .. });
        if first && before_level2 && data[k].1 == Class::Value(Shape::Short) {
            data[k].1 = Class::Level {
                one: true,
                two: false,
                points: false,
            };
        }
    }
}

/// Whether cell `i` is the last of the heading's line: on the line of the
/// heading's last cell, with the next cell on a later line.
fn ends_heading_line(cells: &Cells, i: usize, last: Option<&Placed>) -> bool {
    let line = cells.toks[i].line;
    last.is_some_and(|l| cells.tok(&l.1).line == line)
        && cells.toks.get(i + 1).is_none_or(|t| t.line != line)
}

/// A heading cut off by the page edge: the last cell of the heading line,
/// which headings the vocabulary knows begin with; read as the column the
/// table lacks (a table without a target column takes the target, every
/// indicator table has one).
fn cut_heading(
    cells: &Cells,
    i: usize,
    last: Option<&Placed>,
    cols: &[Option<IndicatorColumn>],
) -> Option<(String, IndicatorColumn)> {
    if !ends_heading_line(cells, i, last) {
        return None;
    }
    let found = cells
        .words
        .vocab
        .indicator_headings_from(&cells.toks[i].text);
    let lacking: Vec<(&str, IndicatorColumn)> = found
        .into_iter()
        .filter(|(_, c)| !cols.contains(&Some(*c)))
        .collect();
    let pick = lacking
        .iter()
        .find(|(_, c)| *c == IndicatorColumn::Target)
        .or_else(|| {
            let first = lacking.first()?;
            lacking.iter().all(|(_, c)| *c == first.1).then_some(first)
        })?;
    Some((pick.0.to_string(), pick.1))
}

/// Whether the next non-empty cell after `i` is an indicator heading.
fn next_is_heading(classes: &[Class], i: usize) -> bool {
    classes[i + 1..]
        .iter()
        .find(|c| **c != Class::Empty)
        .is_some_and(|c| matches!(c, Class::IndHead(..)))
}

/// Whether cell `k` heads the next of stacked indicator tables (年度绩效指标
/// under the 长期 table): a table-half heading right before table headings.
fn starts_stacked_table(cells: &Cells, k: usize) -> bool {
    cells.classes[k] == (Class::Label { field: false })
        && cells.words.vocab.table_half(&cells.toks[k].text).is_some()
        && next_is_heading(&cells.classes, k)
}

/// Whether the next non-empty cell after `i` is a level-1 category.
fn next_is_level1(classes: &[Class], i: usize) -> bool {
    classes[i + 1..]
        .iter()
        .find(|c| **c != Class::Empty)
        .is_some_and(|c| matches!(c, Class::Level { one: true, .. }))
}

/// The total row (合计/总分): the label in the first column, its weight
/// under the indicator table's weight column, its score under the score
/// column, and what follows (a grade) after that.
pub(super) fn total_row(cells: &Cells, start: usize, out: &mut Out) -> usize {
    let weight = out.weight_col.unwrap_or(FIRST + 1);
    let score = out.score_col.unwrap_or(weight + 1);
    let mut row = vec![cells.placed(FIRST, start)];
    let mut i = start + 1;
    let next = cells.toks.get(i).filter(|_| cells.mode.glued);
    if let Some(both) = next.and_then(|t| crate::read::text::glued_rows::split_total(&t.text)) {
        let line = cells.toks[i].line;
        for (text, col) in both.into_iter().zip([weight, score]) {
            row.push((
                col,
                Src::Own(Tok::new(text, line)),
                Class::Value(Shape::Number),
            ));
        }
        i += 1;
    }
    while i < cells.classes.len()
        && !cells.classes[i].is_label()
        && !is_footnote(&cells.toks[i].text)
    {
        let col = match row.len() - 1 {
            0 => weight,
            k => score + k - 1,
        };
        row.push(cells.placed(col, i));
        i += 1;
    }
    out.row(row);
    i
}

/// Whether a cell starts the notes printed under a form's tables (`注:`).
pub(super) fn is_footnote(text: &str) -> bool {
    text.starts_with("注:") || text.starts_with("注：")
}

/// The notes under a form's tables (after its indicator table): not form
/// content, up to the next form's title; one warning at their start.
pub(super) fn footnote(cells: &Cells, start: usize, out: &mut Out) -> usize {
    let end = (start..cells.classes.len())
        .find(|&k| matches!(cells.classes[k], Class::Title { .. }))
        .unwrap_or(cells.classes.len());
    out.warnings.push(Warning {
        place: Place::Line(cells.toks[start].line),
        message: "表下的注释（注:…）不是表单内容，未读入".into(),
    });
    end
}

/// Whether the `extra` label at `k` (改进措施) stands inside a note of the
/// indicator table of run-together text (`偏差原因：…。改进措施：…。`): a
/// sentence ends right before it and the table's total row still follows.
fn note_label(cells: &Cells, k: usize, ends_table: &impl Fn(usize) -> bool) -> bool {
    let extra = cells.words.vocab.field(&cells.toks[k].text) == Some("extra");
    let after_sentence = k > 0 && cells.toks[k - 1].text.ends_with(['。', '；', ';']);
    let total_follows = (k + 1..cells.classes.len())
        .find(|&j| ends_table(j) && cells.words.vocab.field(&cells.toks[j].text) != Some("extra"))
        .is_some_and(|j| cells.classes[j] == Class::Total);
    cells.mode.glued && extra && after_sentence && total_follows
}
