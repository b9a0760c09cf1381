//! The self-evaluation indicator table: rows that end in 分值 and 得分,
//! with a 偏差原因 note after them.

use super::cells::{is_rule, is_table_header, join_wrapped, Line};
use super::indicators::{join_fragments, split_row, CopyDown, Family};
use super::Sink;
use crate::model::{Decimal, IndicatorValue, ScoredIndicator, SelfEvaluation};
use crate::value::{is_blank, is_number};

const GRADES: &[&str] = &["优", "良", "中", "差"];

/// An indicator row before its labels and values are assigned.
struct RawRow {
    line: usize,
    head: Vec<String>,
    tabbed: bool,
    weight: Option<Decimal>,
    score: Option<Decimal>,
    note: Option<String>,
}

/// Index of the weight cell: the rightmost two adjacent numbers.
fn score_pair(cells: &[&str]) -> Option<usize> {
    (1..cells.len())
        .rev()
        .find(|&j| is_number(cells[j]) && is_number(cells[j - 1]))
        .map(|j| j - 1)
}

/// Whether a cell is (part of) a level label rather than free text.
fn label_piece(cell: &str) -> bool {
    Family::Standard.is_label(cell) || Family::Standard.label_starts_with(cell)
}

/// Reads the rows between the indicator header and 总分.
/// `tabbed` says the table is tab-separated (its header row is): then a
/// line without tabs is a lone cell, not part of a wrapped row.
pub(super) fn read_indicators(
    table: &[&Line],
    tabbed: bool,
    form: &mut SelfEvaluation,
    sink: &mut Sink,
) {
    let mut rows: Vec<RawRow> = Vec::new();
    // Space style: tokens of a row wrapped over several lines.
    let mut pending: Vec<(String, usize)> = Vec::new();
    // Tab style: a level label cut in two (`满意度` / `指标`).
    let mut fragment: Option<(String, usize)> = None;
    // The last line that ended with (or continued) a note.
    let mut note_line: Option<usize> = None;
    let mut total_seen = false;
    for line in table {
        let cells: Vec<&str> = line.filled().map(|(_, c)| c).collect();
        if cells.iter().all(|c| is_rule(c)) || is_table_header(line) {
            continue;
        }
        // 总分 and 评分等级 rows whose labels are missing.
        if pending.is_empty()
            && cells.len() == 2
            && cells.iter().all(|c| is_number(c))
            && !total_seen
            && rows.len() > 1
        {
            sink.warn(
                line.no,
                "指标表后有两个数字但没有“总分”标签：按总分行读取（分值、得分）",
            );
            sink.place("total", line.no);
            form.total.weight = sink.number(cells[0], "总分 分值", line.no);
            form.total.score = sink.number(cells[1], "总分 得分", line.no);
            total_seen = true;
            continue;
        }
        if total_seen && cells.len() == 1 && GRADES.contains(&cells[0]) && form.grade.is_none() {
            sink.place("grade", line.no);
            form.grade = Some(cells[0].to_string());
            continue;
        }
        let line_tabbed = line.tabbed || tabbed;
        let Some(w) = score_pair(&cells) else {
            let continues_note = note_line.is_some_and(|n| n + 1 == line.no)
                && pending.is_empty()
                && !cells.iter().any(|c| label_piece(c))
                && (!line_tabbed || cells.len() == 1);
            if let (true, Some(row)) = (continues_note, rows.last_mut()) {
                join_wrapped(row.note.get_or_insert_with(String::new), line.text().trim());
                note_line = Some(line.no);
            } else if !line_tabbed {
                pending.extend(cells.iter().map(|c| (c.to_string(), line.no)));
            } else if cells.len() == 1
                && fragment.is_none()
                && Family::Standard.label_starts_with(cells[0])
            {
                fragment = Some((cells[0].to_string(), line.no));
            } else {
                sink.unplaced(line.no, &cells.join(" "));
            }
            continue;
        };
        let note = (w + 2 < cells.len())
            .then(|| cells[w + 2..].join(" "))
            .filter(|n| !is_blank(n));
        let mut head_tokens = std::mem::take(&mut pending);
        head_tokens.extend(cells[..w].iter().map(|c| (c.to_string(), line.no)));
        let head = if line_tabbed {
            let mut head: Vec<String> = head_tokens.into_iter().map(|(t, _)| t).collect();
            if let Some((piece, no)) = fragment.take() {
                match head.first_mut() {
                    Some(first) if Family::Standard.is_label(&format!("{piece}{first}")) => {
                        first.insert_str(0, &piece)
                    }
                    _ => sink.unplaced(no, &piece),
                }
            }
            head
        } else {
            join_fragments(&head_tokens, Family::Standard)
        };
        note_line = note.as_ref().map(|_| line.no);
        rows.push(RawRow {
            line: line.no,
            head,
            tabbed: line_tabbed,
            weight: sink.number(cells[w], "分值", line.no),
            score: sink.number(cells[w + 1], "得分", line.no),
            note,
        });
    }
    sink.unplaced_tokens(&pending);
    if let Some((piece, no)) = fragment {
        sink.unplaced(no, &piece);
    }
    let mut labels = CopyDown::default();
    for row in rows {
        let parts = split_row(row.head, 3, Family::Standard, row.tabbed);
        let (level1, level2) = labels.apply(Family::Standard, parts.level1, parts.level2);
        let mut content = parts.content.into_iter();
        let (name, target, actual) = (content.next(), content.next(), content.next());
        if name.is_none() {
            sink.warn(row.line, "指标行有数字但没有指标名称");
        }
        sink.place_indicator(form.indicators.len(), row.line);
        form.indicators.push(ScoredIndicator {
            level1,
            level2,
            target_parsed: target.as_deref().and_then(IndicatorValue::parse),
            actual_parsed: actual.as_deref().and_then(IndicatorValue::parse),
            name,
            target,
            actual,
            weight: row.weight,
            score: row.score,
            note: row.note,
        });
    }
}
