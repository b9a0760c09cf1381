//! What a cell of text is to the row rebuilder, by the vocabulary: a title,
//! a label, a table heading, a funding-row label, an indicator category, or
//! a value (with its shape: empty, number, sign, short word).

use crate::read::vocab::{FundingColumn, IndicatorColumn, Title, Vocabulary};
use crate::value::{find_year, is_blank, is_number};

/// Labels are short; longer cells are values (and are not looked up).
const MAX_LABEL_CHARS: usize = 30;

/// The role of one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Nothing in it.
    Empty,
    /// A form title (or a non-project form's, `skip`).
    Title {
        /// A form not to read (部门整体支出绩效自评表).
        skip: bool,
    },
    /// A year on its own: (2024年度).
    Year,
    /// A heading that can start the funding table.
    FundHead(FundingColumn),
    /// A heading of the indicator table (maybe also a funding heading).
    IndHead(IndicatorColumn, Option<FundingColumn>),
    /// A heading of the funding table only (分值 …, not starting it).
    FundOnly(FundingColumn),
    /// A funding-row label (年度资金总额, 其中:财政资金 …).
    FundRow,
    /// An indicator category: level 1, level 2, or both (成本指标).
    Level {
        /// Known as a level-1 category.
        one: bool,
        /// Known as a level-2 category.
        two: bool,
        /// Carries points: 产出指标(50分).
        points: bool,
    },
    /// The total row's label (总分, 合计).
    Total,
    /// A goal label (预期目标, 项目总目标, 年度总体目标 …): heads a text below it.
    Goal,
    /// Any other label (a field, an `extra` label, a section heading, or a
    /// cell ending in a colon).
    Label {
        /// A field or `extra` label (ends an indicator table).
        field: bool,
    },
    /// A value.
    Value(Shape),
}

/// The shape of a value cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A number (`100`, `100.00%`, `1,094,910,000.00`).
    Number,
    /// A blank mark: `/`, `-`, `—`.
    Blank,
    /// A comparison sign or a nature word (=, ≥, 定性).
    Sign,
    /// A short word with no digits (a unit: %, 人次, 万元).
    Short,
    /// Other text.
    Text,
}

/// Classifies cells with a vocabulary, remembering short texts (labels
/// repeat in every form; looking one up normalises it several times).
pub(crate) struct Classifier {
    /// The vocabulary.
    pub vocab: Vocabulary,
    memo: std::cell::RefCell<Memo>,
}

/// Classes of texts seen, by text (the Fx hash: SipHash guards against
/// hostile keys this cache need not fear, being bounded and cleared when full).
type Memo = rustc_hash::FxHashMap<String, Class>;

/// No number is written longer (`1,094,910,000.00` has 16 bytes).
const MAX_NUMBER_BYTES: usize = 64;

/// Texts remembered at most (then the memory starts again).
const MEMO_MAX: usize = 50_000;

impl Classifier {
    pub(crate) fn new(vocab: Vocabulary) -> Classifier {
        Classifier {
            vocab,
            memo: Default::default(),
        }
    }

    /// The class of a cell.
    pub(crate) fn class(&self, text: &str) -> Class {
        let short = text.len() <= 3 * MAX_LABEL_CHARS;
        if short {
            if let Some(&class) = self.memo.borrow().get(text) {
                return class;
            }
        }
        let class = classify(&self.vocab, text);
        if short {
            let mut memo = self.memo.borrow_mut();
            if memo.len() >= MEMO_MAX {
                memo.clear();
            }
            memo.insert(text.to_string(), class);
        }
        class
    }

    /// The class of a cell, carried on it when its cutter asked already.
    pub(crate) fn class_of(&self, t: &super::source::Tok) -> Class {
        t.class.unwrap_or_else(|| self.class(&t.text))
    }

    /// Which header label of a form a cell is (项目名称, 申报单位, 主管部门,
    /// 实施单位), as a bit: a form shows each once, so a second one starts
    /// the next form.
    pub(crate) fn header_bit(&self, t: &super::source::Tok) -> u8 {
        const HEADER: [&str; 4] = ["project_name", "applicant", "department", "implementer"];
        if t.text.len() > 4 * MAX_LABEL_CHARS
            || !matches!(self.class_of(t), Class::Label { field: true })
        {
            return 0;
        }
        let field = self.vocab.field(&t.text);
        HEADER
            .iter()
            .position(|h| field == Some(*h))
            .map_or(0, |i| 1 << i)
    }

    /// The class of a cell whose text is final, to carry on it.
    pub(crate) fn mark(&self, t: &mut super::source::Tok) {
        t.class = Some(self.class(&t.text));
    }
}

/// Classifies a cell.
pub(crate) fn classify(v: &Vocabulary, text: &str) -> Class {
    let t = text.trim();
    if t.is_empty() {
        return Class::Empty;
    }
    if is_blank(t) {
        return Class::Value(Shape::Blank);
    }
    // Numbers are short; long cells (goal texts) are not parsed as one.
    if t.len() <= MAX_NUMBER_BYTES && (is_number(t) || is_number(t.trim_end_matches(['%', '％'])))
    {
        return Class::Value(Shape::Number);
    }
    // More than 240 bytes is more than 60 characters (4 bytes at most
    // each): no title, year or label, and too long for a sign or a short
    // word; not counted nor searched (goal texts run to pages).
    if t.len() > 4 * (MAX_LABEL_CHARS + 30) {
        return Class::Value(Shape::Text);
    }
    let chars = t.chars().count();
    // Labels are not sentences.
    if super::cells::has_cjk_mark(t, '。') {
        return Class::Value(value_shape(t, chars));
    }
    if chars <= MAX_LABEL_CHARS + 30 {
        if let Some(title) = v.title(t) {
            return Class::Title {
                skip: matches!(title, Title::Skip(_)),
            };
        }
    }
    if chars <= 12 && find_year(t).is_some() && t.contains('年') && !t.contains("绩效") {
        let inner = t.trim_matches(['(', ')', '（', '）', ' ']);
        if inner.chars().count() <= 8 {
            return Class::Year;
        }
    }
    if chars <= MAX_LABEL_CHARS {
        // Every list at once: the text is normalised once, not per list.
        let m = v.meaning(t);
        if let Some(c) = m.indicator_column {
            return Class::IndHead(c, m.funding_column);
        }
        if let Some(c) = m.funding_column {
            return match c {
                FundingColumn::InitialBudget
                | FundingColumn::AnnualBudget
                | FundingColumn::Executed => Class::FundHead(c),
                _ => Class::FundOnly(c),
            };
        }
        if m.funding_row.is_some() {
            return Class::FundRow;
        }
        let (one, two) = (m.level1, m.level2);
        if one || two {
            let n: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            let points = n.ends_with("分)") || n.ends_with("分）") || n.ends_with("分");
            return Class::Level { one, two, points };
        }
        match m.field {
            Some("total") => return Class::Total,
            Some(f) if f.starts_with("goals.") => return Class::Goal,
            Some(_) => return Class::Label { field: true },
            None => {}
        }
        if m.heading || m.is_label() {
            return Class::Label { field: false };
        }
        if t.ends_with([':', '：']) && chars > 1 {
            return Class::Label { field: true };
        }
    }
    Class::Value(value_shape(t, chars))
}

fn value_shape(t: &str, chars: usize) -> Shape {
    const SIGNS: &[&str] = &[
        "=", "＝", "═", "≥", "≧", "≤", "≦", ">", "<", "＞", "＜", "定性", "定量", "正向", "反向",
    ];
    if SIGNS.contains(&t) {
        Shape::Sign
    } else if chars <= 4 && !t.chars().any(|c| c.is_ascii_digit()) {
        Shape::Short
    } else {
        Shape::Text
    }
}

impl Class {
    /// Whether the cell is a label of any kind (ends a run of values).
    pub(crate) fn is_label(self) -> bool {
        !matches!(self, Class::Empty | Class::Value(_) | Class::Year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_classified_by_the_vocabulary() {
        let v = Vocabulary::builtin();
        assert_eq!(classify(v, ""), Class::Empty);
        assert_eq!(classify(v, "100.00%"), Class::Value(Shape::Number));
        assert_eq!(classify(v, "/"), Class::Value(Shape::Blank));
        assert_eq!(classify(v, "≧"), Class::Value(Shape::Sign));
        assert_eq!(classify(v, "人次"), Class::Value(Shape::Short));
        assert_eq!(
            classify(v, "部门预算项目支出绩效自评表(2023年度)"),
            Class::Title { skip: false }
        );
        assert_eq!(
            classify(v, "部门整体支出绩效自评表"),
            Class::Title { skip: true }
        );
        assert_eq!(classify(v, "(2022年度)"), Class::Year);
        assert!(matches!(classify(v, "年初预算"), Class::FundHead(_)));
        assert!(matches!(
            classify(v, "一级指标"),
            Class::IndHead(IndicatorColumn::Level1, _)
        ));
        assert_eq!(classify(v, "其中:本年财政拨款"), Class::FundRow);
        assert!(matches!(
            classify(v, "产出指标(50分)"),
            Class::Level {
                one: true,
                points: true,
                ..
            }
        ));
        assert_eq!(classify(v, "合计"), Class::Total);
        assert_eq!(classify(v, "实施单位 (盖章)"), Class::Label { field: true });
        assert_eq!(classify(v, "项目负责人:"), Class::Label { field: true });
        assert!(matches!(
            classify(v, "发放(缴纳)覆盖率"),
            Class::Value(Shape::Text)
        ));
    }
}
