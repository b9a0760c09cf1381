//! Rows rebuilt for text that lost its row ends (one cell per line, all on
//! one line, pipes whose lines are not rows): labels start rows, a run of
//! labels followed by values is a heading row with a row of values below,
//! the funding table's headings say how many cells a funding row has, and
//! the indicator table is read by [`indicators`].

use super::classify::{Class, Classifier, Shape};
use super::source::Tok;
use super::table::Gaps;
use crate::read::grid::Grid;
use crate::read::vocab::{FundingColumn, IndicatorColumn};
use crate::read::{Place, Warning};

mod indicators;
mod placed;
mod words;
use indicators::{footnote, indicator_table, is_footnote, total_row};
use placed::{into_grid, Src};
use words::join_label_words;

/// Column of row labels; table headings start right of it.
const FIRST: usize = 1;

/// A cell placed in a row: column, cell, class.
type Placed = (usize, Src, Class);

/// How the cells came.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mode {
    /// Whether empty cells are shown or vanished.
    pub gaps: Gaps,
    /// Whether a source line tends to be one table row (pipes).
    pub lines_are_rows: bool,
    /// Whether a cell may have been cut into words (all on one line).
    pub words: bool,
    /// Whether a label cell may have been cut over cells (one cell per
    /// line, a cell's line breaks kept: `项目` `绩效` `目标`), to be joined
    /// as words are.
    pub cut_labels: bool,
    /// Whether cells were cut out of run-together text (values of several
    /// cells may still be run together).
    pub glued: bool,
    /// Whether cells came whole (the samples' shape: tab cells, words
    /// joined by its own reader): a value is never joined to the label
    /// after it (`延续性项目` `计划开始日期*：`).
    pub whole: bool,
}

/// The cells of one form in reading order, with their classes.
struct Cells<'a> {
    words: &'a Classifier,
    toks: &'a [Tok],
    classes: Vec<Class>,
    mode: Mode,
}

impl Cells<'_> {
    fn placed(&self, col: usize, k: usize) -> Placed {
        (col, Src::Cell(k), self.classes[k])
    }
}

/// Rows being built.
struct Out {
    rows: Vec<Vec<Placed>>,
    warnings: Vec<Warning>,
    /// The indicator table's weight column, once read: a total row after
    /// the table puts its cells from there on.
    weight_col: Option<usize>,
    /// The indicator table's score column, when it has one.
    score_col: Option<usize>,
    /// Indicator headings just read in a run of labels (an upper heading
    /// row: 年度指标值 | 实际完成值 | 分值 …), for the table that may follow.
    pending_heads: Vec<(IndicatorColumn, Tok)>,
}

impl Out {
    fn row(&mut self, cells: Vec<Placed>) {
        if !cells.is_empty() {
            self.rows.push(cells);
        }
    }

    /// The last row, taken off when it is one section heading (项目资金（万元）,
    /// 绩效指标): it heads the row-label column of the table that follows.
    fn take_heading(&mut self) -> Option<Placed> {
        let last = self.rows.last()?;
        if last.len() == 1 && matches!(last[0].2, Class::Label { .. }) {
            let mut row = self.rows.pop()?;
            let mut cell = row.pop()?;
            cell.0 = 0;
            return Some(cell);
        }
        None
    }
}

/// Rebuilds the rows of one form's cells (in reading order) into a grid.
pub(crate) fn rebuild(
    words: &Classifier,
    toks: Vec<Tok>,
    mode: Mode,
    name: &str,
) -> (Grid, Vec<Warning>) {
    // Each cell classified once (joined words again, as one cell).
    let classes: Vec<Class> = toks.iter().map(|t| words.class_of(t)).collect();
    let (toks, classes) = if mode.words || mode.cut_labels {
        join_label_words(words, toks, classes, mode.whole)
    } else {
        (toks, classes)
    };
    let mut toks = toks;
    let mut out = Out {
        // Rows are fewer than cells; sized once, not grown row by row.
        rows: Vec::with_capacity(toks.len()),
        warnings: Vec::new(),
        weight_col: None,
        score_col: None,
        pending_heads: Vec::new(),
    };
    let cells = Cells {
        words,
        toks: &toks,
        classes,
        mode,
    };
    let mut i = 0;
    while i < toks.len() {
        match cells.classes[i] {
            _ if out.weight_col.is_some() && is_footnote(&toks[i].text) => {
                i = footnote(&cells, i, &mut out)
            }
            Class::Empty => i += 1,
            Class::Title { .. } | Class::Year => {
                out.row(vec![cells.placed(0, i)]);
                i += 1;
            }
            Class::FundHead(_) => i = funding_table(&cells, i, &mut out),
            Class::IndHead(c, _) if starts_indicators(c) => {
                let heads = std::mem::take(&mut out.pending_heads);
                i = indicator_table(&cells, i, heads, &mut out);
            }
            Class::Total if out.weight_col.is_some() => i = total_row(&cells, i, &mut out),
            _ => i = label_run(&cells, i, &mut out),
        }
    }
    (into_grid(out.rows, &mut toks, name), out.warnings)
}

fn starts_indicators(c: IndicatorColumn) -> bool {
    matches!(
        c,
        IndicatorColumn::Level1 | IndicatorColumn::Level2 | IndicatorColumn::Name
    )
}

/// Whether a cell starts a table's heading row.
fn table_start(c: Class) -> bool {
    matches!(c, Class::FundHead(_)) || matches!(c, Class::IndHead(h, _) if starts_indicators(h))
}

/// Labels and the values after them. One label: a row `label | values`.
/// Several labels, then values: the labels are a heading row and the values
/// a row below, under the last labels (年度总体目标 | 预期目标 | 实际完成情况,
/// then the two goal texts).
fn label_run(cells: &Cells, start: usize, out: &mut Out) -> usize {
    let classes = &cells.classes;
    let mut i = start;
    let mut labels = Vec::new();
    while i < classes.len()
        && classes[i].is_label()
        && !table_start(classes[i])
        && !matches!(classes[i], Class::Title { .. })
    {
        labels.push(i);
        i += 1;
    }
    let mut values = Vec::new();
    while i < classes.len() && !classes[i].is_label() {
        values.push(i);
        i += 1;
    }
    out.pending_heads = if values.iter().all(|&k| classes[k] == Class::Empty) {
        labels
            .iter()
            .filter_map(|&k| match classes[k] {
                Class::IndHead(c, _) => Some((c, cells.toks[k].clone())),
                _ => None,
            })
            .collect()
    } else {
        Vec::new()
    };
    if labels.is_empty() {
        // Values with no label before them continue the row above.
        let vals = group_values(cells, &values, 1);
        match out.rows.last_mut() {
            Some(row) => {
                let next = row.last().map_or(0, |c| c.0 + 1);
                row.extend(
                    vals.into_iter()
                        .enumerate()
                        .map(|(k, (t, c))| (next + k, t, c)),
                );
            }
            None => out.row(
                vals.into_iter()
                    .enumerate()
                    .map(|(k, (t, c))| (k, t, c))
                    .collect(),
            ),
        }
        return i.max(start + 1);
    }
    // Shown empty cells count (a blank 项目总目标 under its heading).
    let filled = match cells.mode.gaps {
        Gaps::Shown => values.len(),
        Gaps::Vanish => values
            .iter()
            .filter(|&&k| classes[k] != Class::Empty)
            .count(),
    };
    // Goal headings over one text: the text is the last heading's.
    let goals = labels.iter().any(|&k| classes[k] == Class::Goal)
        && labels
            .iter()
            .all(|&k| matches!(classes[k], Class::Goal | Class::Label { field: false }));
    if labels.len() >= 2 && (filled >= 2 || (goals && filled == 1)) {
        let groups = group_values(cells, &values, labels.len());
        let offset = labels.len().saturating_sub(groups.len());
        out.row(
            labels
                .iter()
                .enumerate()
                .map(|(c, &k)| cells.placed(c, k))
                .collect(),
        );
        out.row(
            groups
                .into_iter()
                .enumerate()
                .map(|(k, (t, c))| (offset + k, t, c))
                .collect(),
        );
        return i;
    }
    let (&last, before) = labels.split_last().expect("one label at least");
    for &k in before {
        out.row(vec![cells.placed(0, k)]);
    }
    let mut row = vec![cells.placed(0, last)];
    let mut vals = group_values(cells, &values, 1);
    if cells.mode.whole {
        stray_lines(cells, &mut vals, &cells.toks[last], out);
    }
    row.extend(
        vals.into_iter()
            .enumerate()
            .map(|(k, (t, c))| (k + 1, t, c)),
    );
    out.row(row);
    i
}

/// Whole cells (the samples' shape) after a field's value, on lines of
/// their own: no part of the field (a collection title after a form's
/// 评分等级), left out with a warning.
fn stray_lines(cells: &Cells, vals: &mut Vec<(Src, Class)>, label: &Tok, out: &mut Out) {
    let Some(first) = vals
        .iter()
        .position(|(s, c)| *c != Class::Empty && !cells.tok(s).is_empty())
    else {
        return;
    };
    let line = cells.tok(&vals[first].0).line.max(label.line);
    let keep = vals
        .iter()
        .position(|(s, _)| cells.tok(s).line > line)
        .unwrap_or(vals.len());
    for s in vals.drain(keep..) {
        let t = cells.tok(&s.0);
        if t.is_empty() {
            continue;
        }
        out.warnings.push(Warning {
            place: Place::Line(t.line),
            message: format!(
                "“{}”的值之后另起一行的文字，不属于这一栏，未读入：{:?}",
                label.text, t.text
            ),
        });
    }
}

/// The value cells after labels. Words of one line (shape 5) that belong to
/// one text are joined: a run of words between numbers is one cell; a run
/// under `want` headings is cut at its last sentence ends.
fn group_values(cells: &Cells, values: &[usize], want: usize) -> Vec<(Src, Class)> {
    let one = |k: usize| (Src::Cell(k), cells.classes[k]);
    if !cells.mode.words {
        return values.iter().map(|&k| one(k)).collect();
    }
    let is_word = |k: usize| {
        matches!(
            cells.classes[k],
            Class::Value(Shape::Text | Shape::Short | Shape::Sign)
        )
    };
    // Whole cells (the samples' shape): words of one line only.
    let same_line =
        |p: usize, k: usize| !cells.mode.whole || cells.toks[p].line == cells.toks[k].line;
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &k in values {
        match groups.last_mut() {
            Some(g) if is_word(k) && g.last().is_some_and(|&p| is_word(p) && same_line(p, k)) => {
                g.push(k)
            }
            _ => groups.push(vec![k]),
        }
    }
    if want >= 2 && groups.len() < want {
        // One run of words under several headings: cut at sentence ends.
        if let Some(pos) = groups.iter().position(|g| g.len() > 1) {
            let run = groups.remove(pos);
            let ends: Vec<usize> = (0..run.len() - 1)
                .filter(|&j| {
                    cells.toks[run[j]]
                        .text
                        .ends_with(['。', '；', ';', '.', '!', '！'])
                })
                .collect();
            // A sentence end followed by a list number (2、) is inside a text.
            let numbered = |k: usize| {
                let t = &cells.toks[k].text;
                let digits = t.trim_start_matches(|c: char| c.is_ascii_digit());
                digits.len() < t.len() && digits.starts_with(['、', '.', '．', ')', '）'])
            };
            let ends: Vec<usize> = ends
                .into_iter()
                .filter(|&j| !numbered(run[j + 1]))
                .collect();
            let need = (want - groups.len() - 1).min(run.len() - 1);
            let cuts: Vec<usize> = if ends.len() >= need {
                ends[ends.len() - need..].to_vec()
            } else {
                (run.len() - 1 - need..run.len() - 1).collect()
            };
            let mut from = 0;
            let mut parts = Vec::new();
            for c in cuts {
                parts.push(run[from..=c].to_vec());
                from = c + 1;
            }
            parts.push(run[from..].to_vec());
            groups.splice(pos..pos, parts);
        }
    }
    groups
        .into_iter()
        .map(|g| {
            if g.len() == 1 {
                return one(g[0]);
            }
            let mut t = cells.toks[g[0]].clone();
            for &k in &g[1..] {
                t.text.push(' ');
                t.text.push_str(&cells.toks[k].text);
            }
            (Src::Own(t), Class::Value(Shape::Text))
        })
        .collect()
}

/// The funding table: a heading row of N columns, then rows that each start
/// with a funding-row label and hold up to N cells.
fn funding_table(cells: &Cells, start: usize, out: &mut Out) -> usize {
    let classes = &cells.classes;
    let mut i = start;
    let mut heading: Vec<Placed> = out.take_heading().into_iter().collect();
    let mut cols = Vec::new();
    let is_head = |c: Class| {
        matches!(
            c,
            Class::FundHead(_) | Class::FundOnly(_) | Class::IndHead(_, Some(_))
        )
    };
    while i < classes.len() {
        let col = match classes[i] {
            Class::FundHead(c) | Class::FundOnly(c) | Class::IndHead(_, Some(c)) => Some(c),
            // A heading not in the vocabulary between known ones.
            Class::Value(_) | Class::Label { .. }
                if classes.get(i + 1).is_some_and(|&c| is_head(c)) =>
            {
                out.warnings.push(Warning {
                    place: Place::Line(cells.toks[i].line),
                    message: format!(
                        "资金表表头有不认识的列 {:?}：该列的值不读入任何字段",
                        cells.toks[i].text
                    ),
                });
                None
            }
            _ => break,
        };
        heading.push(cells.placed(FIRST + cols.len(), i));
        cols.push(col);
        i += 1;
    }
    let width = cols.len();
    let points = heading
        .iter()
        .find(|(_, _, c)| {
            matches!(
                c,
                Class::FundOnly(FundingColumn::Weight)
                    | Class::IndHead(_, Some(FundingColumn::Weight))
            )
        })
        .and_then(|(_, t, _)| super::glued_funding::stated_points(&cells.tok(t).text));
    let heading_row = out.rows.len();
    out.row(heading);
    loop {
        while i < classes.len() && classes[i] == Class::Empty && cells.mode.gaps == Gaps::Vanish {
            i += 1;
        }
        // A merged row label cut between the rows (项目资金（万元）) heads the
        // label column.
        if i < classes.len() && classes[i] == (Class::Label { field: false }) {
            if let Some(head) = out.rows.get_mut(heading_row) {
                if head.first().is_none_or(|c| c.0 != 0) {
                    head.insert(0, cells.placed(0, i));
                }
            }
            i += 1;
            continue;
        }
        if i >= classes.len() || classes[i] != Class::FundRow {
            return i;
        }
        let mut row = vec![cells.placed(0, i)];
        i += 1;
        let from = i;
        while i < classes.len() && !classes[i].is_label() {
            i += 1;
        }
        let mut vals: Vec<usize> = (from..i).collect();
        if cells.mode.gaps == Gaps::Vanish {
            vals.retain(|&k| classes[k] != Class::Empty);
        }
        let texts: Vec<&str> = vals.iter().map(|&k| cells.toks[k].text.as_str()).collect();
        if cells.mode.glued && glued_funding_row(cells, &vals, &cols, points, &mut row, out) {
            out.row(row);
            continue;
        }
        let at = match cells.mode.gaps {
            Gaps::Vanish => super::funding::place(&texts, &cols),
            Gaps::Shown => (0..vals.len()).collect(),
        };
        for (&k, col) in vals.iter().zip(at) {
            let col = FIRST + col;
            if col == FIRST + width && !cells.toks[k].is_empty() {
                out.warnings.push(Warning {
                    place: Place::Line(cells.toks[k].line),
                    message: format!(
                        "资金表这一行多出一格 {:?}（表头只有 {width} 列）：不读入任何字段",
                        cells.toks[k].text
                    ),
                });
            }
            row.push(cells.placed(col, k));
        }
        out.row(row);
    }
}

/// A funding row of run-together text whose numbers may have run together
/// too: its cells cut by [`super::glued_funding`] and placed in `row`, or
/// left out with a warning when no one reading explains them. False when
/// the cells are read as they are.
fn glued_funding_row(
    cells: &Cells,
    vals: &[usize],
    cols: &[Option<FundingColumn>],
    points: Option<rust_decimal::Decimal>,
    row: &mut Vec<Placed>,
    out: &mut Out,
) -> bool {
    use super::glued_funding::{split, Split};
    // Numbers first; a text after them (得分计算方法 …) goes to the last column.
    let numbers = vals
        .iter()
        .take_while(|&&k| {
            matches!(
                cells.classes[k],
                Class::Value(Shape::Number | Shape::Text | Shape::Blank)
            ) && !cells.toks[k].text.chars().any(|c| (c as u32) >= 0x3000)
        })
        .count();
    let texts: Vec<&str> = vals[..numbers]
        .iter()
        .map(|&k| cells.toks[k].text.as_str())
        .collect();
    let reason_last = matches!(cols.last(), Some(Some(FundingColumn::Reason) | None));
    let Some(&first) = vals.first() else {
        return false;
    };
    if numbers < vals.len() && !reason_last {
        return false;
    }
    let line = cells.toks[first].line;
    match split(&texts, cols, points) {
        Split::AsIs => return false,
        Split::Cut(pieces) => {
            for (text, col) in pieces {
                row.push((
                    FIRST + col,
                    Src::Own(Tok::new(text, line)),
                    Class::Value(Shape::Number),
                ));
            }
        }
        Split::Unclear => out.warnings.push(Warning {
            place: Place::Line(line),
            message: format!(
                "资金表这一行的数字连在一起（{}），分不清各属哪一列：未读入",
                texts.join(" ")
            ),
        }),
    }
    // Text after the numbers: the reason column's (one cell).
    let last = FIRST + cols.len().saturating_sub(1);
    if let Some(&k) = vals[numbers..].first() {
        if row.last().is_none_or(|c| c.0 < last) {
            row.push(cells.placed(last, k));
        }
    }
    true
}
