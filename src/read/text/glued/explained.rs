//! The indicator table with an explanation column (绩效标准, 指标解释: a
//! column the vocabulary does not read, right after the names) in
//! run-together text. Each row is name, explanation, target; the
//! explanation starts with the framework's wording (vocabulary
//! `explanation_starts`: 反映…), which is all that tells it from the name
//! it ran together with. A row may have no explanation: its name runs
//! straight into its target (`成本控制率不超预算`), and that target must not
//! be taken for the explanation.

use super::targets::{lead_bound, word_target, word_target_len};
use crate::read::text::classify::{Class, Classifier, Shape};
use crate::read::text::source::Tok;

/// A data cell with its class.
type Cell = (Tok, Class);

/// Cuts names from their explanations and from the row above's target,
/// then marks the rows that have no explanation with an empty cell.
pub(crate) fn recut(data: Vec<Cell>, words: &Classifier) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::with_capacity(data.len() + data.len() / 2);
    let mut data = data.into_iter().peekable();
    while let Some((tok, class)) = data.next() {
        let line = tok.line;
        let push = |out: &mut Vec<Cell>, part: &str| {
            if !part.is_empty() {
                out.push((Tok::new(part, line), words.class(part)));
            }
        };
        let text = class == Class::Value(Shape::Text);
        match words.vocab.explanation_start(&tok.text).filter(|_| text) {
            Some(at) => {
                // Cells come name, explanation, value, name …: a value in
                // front of the name is the row above's (2280次大楼安检巡察次数),
                // and so are a name and its word target (成本控制率不超预算
                // before 水电气消耗下降率反映…).
                let (value, name) = lead_value(&tok.text[..at]);
                push(&mut out, value);
                match word_target(name).filter(|&(_, end)| name[end..].chars().count() >= 2) {
                    Some((a, b)) => {
                        for part in [&name[..a], &name[a..b], &name[b..]] {
                            push(&mut out, part);
                        }
                    }
                    None => push(&mut out, name),
                }
                push(&mut out, &tok.text[at..]);
            }
            None => {
                // A name ending in its word target where a name stands
                // (after a category or the row above's value) with no value
                // after it: 成本控制率不超预算.
                let value_next = data.peek().is_some_and(value_like);
                let cut = word_target(&tok.text).filter(|&(_, end)| {
                    text && end == tok.text.len() && !value_next && row_starts(out.last())
                });
                match cut {
                    Some((a, _)) => {
                        push(&mut out, &tok.text[..a]);
                        push(&mut out, &tok.text[a..]);
                    }
                    None => out.push((tok, class)),
                }
            }
        }
    }
    mark_missing(out, words)
}

/// Where the table writes its explanations with the framework's words, a
/// name (a text where a row starts) followed straight by a value has no
/// explanation: an empty cell goes between, so the value is read as the
/// target, not as the explanation.
fn mark_missing(data: Vec<Cell>, words: &Classifier) -> Vec<Cell> {
    let explains = |c: &Cell| starts_explanation(words, &c.0.text);
    if !data.iter().any(explains) {
        return data;
    }
    let mut out: Vec<Cell> = Vec::with_capacity(data.len() + data.len() / 4);
    let mut data = data.into_iter().peekable();
    while let Some(cell) = data.next() {
        let name = matches!(cell.1, Class::Value(Shape::Text | Shape::Short))
            && !value_like(&cell)
            && !explains(&cell)
            && row_starts(out.last());
        let line = cell.0.line;
        out.push(cell);
        if name && data.peek().is_some_and(value_like) {
            out.push((Tok::new("", line), Class::Empty));
        }
    }
    out
}

/// Whether `text` starts with an explanation's words (反映…). The
/// vocabulary finds them only after a name, so a name is put before.
fn starts_explanation(words: &Classifier, text: &str) -> bool {
    words.vocab.explanation_start(&format!("名{text}")) == Some('名'.len_utf8())
}

/// Whether a row's name may start after `prev`: at the table's start, after
/// a category, an empty cell or the row above's value.
fn row_starts(prev: Option<&Cell>) -> bool {
    prev.is_none_or(|p| {
        matches!(
            p.1,
            Class::Level { .. } | Class::Empty | Class::Value(Shape::Short)
        ) || value_like(p)
    })
}

/// A target's shape: a number, a sign or blank mark, or a text that starts
/// with a number, a comparison sign or a bound (不低于98%), or is a word
/// target as a whole (不超预算, 按时完成).
fn value_like(c: &Cell) -> bool {
    let t = c.0.text.as_str();
    match c.1 {
        Class::Value(Shape::Number | Shape::Sign | Shape::Blank) => true,
        Class::Value(Shape::Text | Shape::Short) => {
            let body = t.trim_start_matches(|c: char| SIGNS.contains(c));
            body.len() < t.len()
                || body.starts_with(|c: char| c.is_ascii_digit())
                || lead_bound(body) > 0
                || word_target_len(t) == Some(t.len())
        }
        _ => false,
    }
}

/// A value at the start of a text, and the rest: `2280次大楼…` → (`2280次`,
/// `大楼…`), `>92%经常性…` → (`>92%`, `经常性…`), `不低于98%维修…` →
/// (`不低于98%`, `维修…`); ("", text) when it starts
/// with no value or the rest would be too short for a name.
fn lead_value(text: &str) -> (&str, &str) {
    let body = text.trim_start_matches(|c: char| SIGNS.contains(c));
    let body = &body[lead_bound(body)..];
    let digits = body.len()
        - body
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
    if digits == 0 {
        return ("", text);
    }
    let after: Vec<char> = body[digits..].chars().collect();
    let unit = if after.first() == Some(&'%') {
        1
    } else {
        super::unit_len(&after)
    };
    let cut = text.len() - body.len()
        + digits
        + after[..unit].iter().map(|c| c.len_utf8()).sum::<usize>();
    if text[cut..].chars().count() < 2 {
        return ("", text);
    }
    text.split_at(cut)
}

/// Comparison signs that open a value.
const SIGNS: &str = "≥≤≧≦=＝═><＞＜";
