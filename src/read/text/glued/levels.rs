//! The 2020 target table's indicator rows in run-together text (一级目标 |
//! 二级目标 | 三级目标 | 指标目标值: categories, a name, its target and
//! nothing after it). Its level-2 categories are everyday words (数量, 时效,
//! 财务管理, 长效管理) that the label cutter leaves inside the text around
//! them, and most targets are words restating the name (`预算编制规范性规范`).
//! A row is (level 1)? level 2, name, target, so:
//!
//! - a level-2 category starts a row where the text before it ends one: a
//!   value (`=2500本数量…`), a target restating its name (`…规范性规范财务管理…`)
//!   or a quality word (`…制度建设完善人力资源…`), or right after a level-1
//!   category (`产出目标` then `数量发放宣传手册`);
//! - a category written twice is the row's category and the start of its
//!   name (`财务管理财务管理制度健全性`);
//! - a name with no value after it holds its target: the word it restates
//!   (`…健全性健全`) or a quality word at its end (`经办人员操作能力良好`).

use super::targets::word_target_len;
use crate::read::text::classify::{Class, Classifier, Shape};
use crate::read::text::source::Tok;

/// A data cell with its class.
type Cell = (Tok, Class);

/// Words a qualitative target is written with; each stands at the end of a
/// name only as its target.
const QUALITIES: &[&str] = &[
    "规范", "健全", "有效", "合规", "完整", "及时", "完善", "充分", "科学", "合理", "分离", "良好",
    "显著", "准确", "到位", "合格", "优良", "完备", "可控", "稳定", "提高", "提升", "广泛", "明显",
    "增强", "改善",
];

/// The longest level-2 category looked for inside a text, in characters.
const LEVEL_MAX: usize = 7;

/// Recuts the data cells of a table of categories, names and targets.
pub(crate) fn recut(data: Vec<Cell>, words: &Classifier) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::with_capacity(data.len() * 2);
    let mut data = data.into_iter().peekable();
    while let Some((tok, class)) = data.next() {
        // 财务管理 | 财务管理制度健全性…: the second is the name's start.
        if let (Class::Level { .. }, Some(next)) = (class, data.peek_mut()) {
            let same = out
                .last()
                .is_some_and(|p| matches!(p.1, Class::Level { .. }) && p.0.text == tok.text);
            if same && matches!(next.1, Class::Value(Shape::Text | Shape::Short)) {
                next.0.text.insert_str(0, &tok.text);
                next.1 = words.class(&next.0.text);
                continue;
            }
        }
        let text = matches!(class, Class::Value(Shape::Text | Shape::Short));
        if !text || (value_like(&tok.text) && !tok.text.contains(char::is_alphabetic)) {
            out.push((tok, class));
            continue;
        }
        let after_level1 = out.last().is_some_and(|p| {
            matches!(
                p.1,
                Class::Level {
                    one: true,
                    two: false,
                    ..
                }
            )
        });
        let line = tok.line;
        for piece in pieces(&tok.text, after_level1, words) {
            let class = words.class(&piece);
            out.push((Tok::new(piece, line), class));
        }
    }
    split_targets(out, words)
}

/// A text cut before each level-2 category that starts a row.
fn pieces(text: &str, after_level1: bool, words: &Classifier) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut from, mut p) = (0, 0);
    // A row starts at `from`: the text's start after a level-1 category,
    // or right after a row's target was cut off.
    let mut row_start = after_level1;
    while p < chars.len() {
        let starts_row = if p == from {
            row_start
        } else {
            // A name and the word it restates, a whole row, with more text
            // after it: the next row's (…提升情况提升社会保障制度…). The
            // longest restated word is taken (公平公正性公平公正).
            if restated_len(&chars[from..p]).is_some() {
                // The longest restated target ending up to 4 characters on
                // (公平公正, 建立健全).
                let (end, len) = (p..=(p + 4).min(chars.len()))
                    .rev()
                    .find_map(|e| restated_len(&chars[from..e]).map(|l| (e, l)))
                    .unwrap_or((p, 0));
                if len > 0 && chars.len() - end >= 2 {
                    out.push(chars[from..end - len].iter().collect());
                    out.push(chars[end - len..end].iter().collect());
                    (from, p, row_start) = (end, end, true);
                    continue;
                }
            }
            ends_row(&chars[from..p].iter().collect::<String>())
        };
        let level = starts_row.then(|| level_at(&chars, p, words)).flatten();
        match level {
            // A category leaves a name after it.
            Some(n) if chars.len() - (p + n) >= 2 => {
                if from < p {
                    out.push(chars[from..p].iter().collect());
                }
                out.push(chars[p..p + n].iter().collect());
                from = p + n;
                p = from;
                row_start = false;
            }
            _ => p += 1,
        }
    }
    if from < chars.len() {
        out.push(chars[from..].iter().collect());
    }
    out
}

/// The length of the word (2 to 4 characters) a text ends in that restates
/// its name: the name ends in 性, 率, 度 or 情况 and holds the word before
/// (`资格审核规范性规范`, `待遇提升情况提升`).
fn restated_len(chars: &[char]) -> Option<usize> {
    let n = chars.len();
    // The restated word and a quality word after it (建立情况建立健全).
    let quality = QUALITIES.iter().find_map(|q| {
        let q: Vec<char> = q.chars().collect();
        (n > q.len() && chars.ends_with(&q)).then_some(q.len())
    });
    if let Some(q) = quality {
        if let Some(len) = restated_word(&chars[..n - q]) {
            return Some(len + q);
        }
    }
    restated_word(chars)
}

/// [`restated_len`] without a quality word after the word.
fn restated_word(chars: &[char]) -> Option<usize> {
    let n = chars.len();
    (2..=4usize).rev().find(|&len| {
        n >= 2 * len + 3 && {
            let (head, word) = chars.split_at(n - len);
            let name = &head[..head.len() - 1];
            NAME_ENDINGS.contains(head[head.len() - 1])
                && (0..=name.len() - len).any(|s| name[s..].starts_with(word))
        }
    })
}

/// The last character of a name whose target restates it.
const NAME_ENDINGS: &str = "性率度况";

/// The length of the longest level-2 category at `chars[p]`.
fn level_at(chars: &[char], p: usize, words: &Classifier) -> Option<usize> {
    (2..=LEVEL_MAX.min(chars.len() - p)).rev().find(|&n| {
        let sub: String = chars[p..p + n].iter().collect();
        words.vocab.meaning(&sub).level2
    })
}

/// Whether a text holds a whole row's end: a value, or a name and its
/// target.
fn ends_row(text: &str) -> bool {
    value_like(text) || target_at(text).is_some()
}

/// A value's shape: it starts with a number or a comparison sign.
fn value_like(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit() || "≥≤≧≦=＝═><＞＜".contains(c))
}

/// Where a name's target starts in a text that runs them together: the
/// word it restates (`…规范性规范`, `…完整性完`: the first characters of
/// the word before the name's ending), a word target (达标) or a quality
/// word; at least two characters of name before it.
fn target_at(text: &str) -> Option<usize> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let at_char = |k: usize| chars[..k].iter().map(|c| c.len_utf8()).sum::<usize>();
    if let Some(len) = restated_len(&chars) {
        return Some(at_char(n - len));
    }
    // The word restated: 1 to 4 characters at the end, written just before
    // the name's ending (性, 率, 度) as the word's start (规范性规范, 完整性完).
    for len in (1..=4usize).rev() {
        if n < 2 * len + 3 {
            continue;
        }
        let (head, word) = chars.split_at(n - len);
        let ending = head[head.len() - 1];
        if !NAME_ENDINGS.contains(ending) {
            continue;
        }
        let name = &head[..head.len() - 1];
        let restated = (0..name.len().saturating_sub(len - 1)).any(|s| name[s..].starts_with(word));
        if restated
            && (len >= 2 || name.ends_with(word) || name[name.len() - 2..].starts_with(word))
        {
            return Some(at_char(n - len));
        }
    }
    let tail = |w: &&&str| text.ends_with(**w) && text.chars().count() >= w.chars().count() + 2;
    if let Some(w) = QUALITIES.iter().find(tail) {
        return Some(text.len() - w.len());
    }
    (0..n.saturating_sub(2))
        .skip(2)
        .map(at_char)
        .find(|&b| word_target_len(&text[b..]) == Some(text.len() - b))
}

/// Cuts the target out of each name that no value follows.
fn split_targets(data: Vec<Cell>, words: &Classifier) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::with_capacity(data.len() * 2);
    let mut data = data.into_iter().peekable();
    while let Some((tok, class)) = data.next() {
        let name = matches!(class, Class::Value(Shape::Text | Shape::Short))
            && !value_like(&tok.text)
            && out
                .last()
                .is_some_and(|p| matches!(p.1, Class::Level { .. }));
        let value_next = data.peek().is_some_and(|n| {
            matches!(
                n.1,
                Class::Value(Shape::Number | Shape::Sign | Shape::Blank)
            ) || value_like(&n.0.text)
        });
        match target_at(&tok.text).filter(|_| name && !value_next) {
            Some(at) => {
                for part in [&tok.text[..at], &tok.text[at..]] {
                    out.push((Tok::new(part, tok.line), words.class(part)));
                }
            }
            None => out.push((tok, class)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_run_together_in_one_text_are_cut_after_restated_targets() {
        let words = Classifier::new(crate::read::vocab::Vocabulary::builtin().clone());
        assert_eq!(
            pieces(
                "服务规范性规范培训质量提升情况提升投诉办结率",
                false,
                &words
            ),
            [
                "服务规范性",
                "规范",
                "培训质量提升情况",
                "提升",
                "投诉办结率"
            ]
        );
        // A category after a row's target starts the next row.
        assert_eq!(
            pieces("档案完整性完整财务管理经费使用合规性", false, &words),
            ["档案完整性", "完整", "财务管理", "经费使用合规性"]
        );
    }

    fn cut(text: &str) -> Option<(&str, &str)> {
        target_at(text).map(|at| text.split_at(at))
    }

    #[test]
    fn targets_restating_their_names_are_found() {
        assert_eq!(cut("档案管理规范性规范"), Some(("档案管理规范性", "规范")));
        assert_eq!(cut("采购流程合规性合"), Some(("采购流程合规性", "合")));
        assert_eq!(cut("培训课程完善"), Some(("培训课程", "完善")));
        assert_eq!(
            cut("巡查机制建立情况建立健全"),
            Some(("巡查机制建立情况", "建立健全"))
        );
        // A name alone: nothing restated, no quality word at its end.
        assert_eq!(cut("资金到位率"), None);
        assert_eq!(cut("设备完好率"), None);
    }
}
