//! Cells that belong together joined again: words of a wrapped label
//! (`年度 总体 目标`) and a label's unit on a line of its own.

use super::super::cells::is_unit_note;
use super::super::classify::{Class, Classifier};
use super::super::source::Tok;

/// Words of one line that make a label only together (`年度 总体 目标`,
/// `绩效 指标`: a wrapped label cell) are joined into one cell; the cells
/// come with their classes and leave with them. Joined in place (the cells
/// kept move down over the words joined into them): no second vector.
pub(super) fn join_label_words(
    words: &Classifier,
    mut toks: Vec<Tok>,
    mut classes: Vec<Class>,
    whole: bool,
) -> (Vec<Tok>, Vec<Class>) {
    const MAX_WORDS: usize = 4;
    // Counted once per cell, not once per try.
    // At most 8 characters: at most 8 bytes is, more than 32 is not (a
    // character has at most 4 bytes); only the others are counted.
    let short = |t: &str| t.len() <= 8 || (t.len() <= 32 && t.chars().count() <= 8);
    let shorts: Vec<bool> = toks.iter().map(|t| short(&t.text)).collect();
    // One buffer for the words tried together.
    let mut text = String::new();
    let n = toks.len();
    // Cells before `kept` are the result; `i` is the next cell read.
    let mut kept = 0;
    let mut i = 0;
    while i < n {
        let mut take = 1;
        // A label with its unit on a line of its own (`项目资金` / `(元)`):
        // one cell, or the funding table loses its unit.
        if classes[i].is_label() && toks.get(i + 1).is_some_and(|t| is_unit_note(&t.text)) {
            take = 2;
        } else if matches!(classes[i], Class::Level { .. })
            && toks.get(i + 1).is_some_and(|t| t.text == "指标")
            && matches!(
                words.class(&[&toks[i].text, "指标"].concat()),
                Class::Level { .. }
            )
        {
            // A short category wrapped before its 指标 (`经济效益` / `指标`):
            // the longer category.
            take = 2;
        } else if shorts[i] && !toks[i].text.is_empty() && !classes[i].is_label() {
            text.clear();
            text.push_str(&toks[i].text);
            for n in 2..=MAX_WORDS.min(n - i) {
                let next = &toks[i + n - 1];
                // An empty cell is a cell, never part of a word.
                if !shorts[i + n - 1] || next.text.is_empty() {
                    break;
                }
                text.push_str(&next.text);
                // A label of its own (ending in a colon) does not end another.
                if whole && next.text.ends_with([':', '：']) {
                    break;
                }
                if words.class(&text).is_label() {
                    take = n;
                    break;
                }
            }
        }
        let (head, rest) = toks.split_at_mut(i + 1);
        let t = &mut head[i];
        for next in &rest[..take - 1] {
            t.text.push(' ');
            t.text.push_str(&next.text);
        }
        t.class = None;
        let class = if take > 1 {
            words.class(&t.text)
        } else {
            classes[i]
        };
        // `kept <= i`: the cell moves down over words already joined.
        toks.swap(kept, i);
        classes[kept] = class;
        kept += 1;
        i += take;
    }
    toks.truncate(kept);
    classes.truncate(kept);
    (toks, classes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::vocab::Vocabulary;

    /// Words joined in place keep every other cell, its line and class, in
    /// order; the joined cell is classified again.
    #[test]
    fn label_words_are_joined_in_place() {
        let words = Classifier::new(Vocabulary::builtin().clone());
        let texts = [
            "年度",
            "总体",
            "目标",
            "甲",
            "绩效",
            "指标",
            "100",
            "项目资金",
            "(元)",
            "(元)",
        ];
        let toks: Vec<Tok> = texts
            .iter()
            .enumerate()
            .map(|(k, t)| Tok::new(*t, k + 1))
            .collect();
        let classes: Vec<Class> = toks.iter().map(|t| words.class(&t.text)).collect();
        let (toks, classes) = join_label_words(&words, toks, classes, true);
        let got: Vec<(&str, usize)> = toks.iter().map(|t| (t.text.as_str(), t.line)).collect();
        assert_eq!(
            got,
            [
                ("年度 总体 目标", 1),
                ("甲", 4),
                ("绩效 指标", 5),
                ("100", 7),
                ("项目资金 (元)", 8),
                ("(元)", 10)
            ]
        );
        let again: Vec<Class> = toks.iter().map(|t| words.class(&t.text)).collect();
        assert_eq!(classes, again);
        assert!(classes[0].is_label() && classes[2].is_label());
    }
}
