//! Targets written as words (不超预算, 按时完成, 达标) in run-together text:
//! where one ends a name (`成本控制率不超预算`), the name, the target and
//! what follows (the next row's name) are cells of their own. Numbers with
//! a sign are cut by their shape already (`≤100%`); word targets have no
//! shape but their wording: a bound (不超过, 不低于, 控制在 …) before what
//! bounds (预算, 计划, 标准 …), or a verdict (达标, 按时完成).

/// Bounds a target starts with, longest first where one holds another.
const BOUNDS: &[&str] = &[
    "不超过",
    "不超出",
    "不突破",
    "不高于",
    "不大于",
    "不多于",
    "不低于",
    "不少于",
    "不小于",
    "控制在",
    "未超过",
    "未超出",
    "不超",
];

/// What a bound bounds, longest first where one holds another.
const BOUNDED: &[&str] = &[
    "年度预算",
    "项目预算",
    "预算金额",
    "预算数",
    "预算范围内",
    "预算内",
    "预算",
    "计划数",
    "计划",
    "标准",
    "定额",
    "合同金额",
    "合同价",
    "批复金额",
];

/// Targets that are a verdict of their own.
const VERDICTS: &[&str] = &[
    "按时完成",
    "按期完成",
    "及时完成",
    "全部完成",
    "按计划完成",
    "达标",
];

/// The last characters an indicator's name ends in (合格率, 次数, 满意度,
/// 完好性, 运行情况, 工作量, 人均成本 …): a target follows a name, so the text
/// before a target word must end as one.
const NAME_ENDS: &str = "率数量度性况次额间比值平本积效益果限期耗";

/// Where a word target stands in `text` after a name: its byte range, with
/// at least two characters of name before it. The first such target is
/// taken; a text that only starts or holds a target word inside a longer
/// word (`排放达标情况`: 放 ends no name) gives `None`.
pub(crate) fn word_target(text: &str) -> Option<(usize, usize)> {
    let starts = text.char_indices().skip(2);
    for (at, _) in starts {
        let before = &text[..at];
        if !before.chars().last().is_some_and(|c| NAME_ENDS.contains(c)) {
            continue;
        }
        let rest = &text[at..];
        if let Some(len) = word_target_len(rest) {
            return Some((at, at + len));
        }
    }
    None
}

/// Bounds written before a number (不低于98%, 不少于20次).
const NUMBER_BOUNDS: &[&str] = &[
    "不低于",
    "不少于",
    "不小于",
    "不高于",
    "不多于",
    "不大于",
    "不超过",
    "不超出",
    "不超",
    "低于",
    "高于",
    "大于",
    "小于",
    "超过",
    "达到",
];

/// Where a bound ends `text` (its byte index), when a number follows it.
pub(crate) fn number_bound(text: &str) -> Option<usize> {
    NUMBER_BOUNDS
        .iter()
        .find(|b| text.ends_with(*b))
        .map(|b| text.len() - b.len())
}

/// The byte length of the bound `text` starts with before a number (0:
/// none).
pub(crate) fn lead_bound(text: &str) -> usize {
    NUMBER_BOUNDS
        .iter()
        .find(|b| text.starts_with(*b) && text[b.len()..].starts_with(|c: char| c.is_ascii_digit()))
        .map_or(0, |b| b.len())
}

/// The byte length of the word target `text` starts with, if any.
pub(crate) fn word_target_len(text: &str) -> Option<usize> {
    if let Some(v) = VERDICTS.iter().find(|v| text.starts_with(*v)) {
        return Some(v.len());
    }
    let bound = BOUNDS.iter().find(|b| text.starts_with(*b))?;
    let rest = &text[bound.len()..];
    let what = BOUNDED.iter().find(|w| rest.starts_with(*w))?;
    Some(bound.len() + what.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Option<(&str, &str, &str)> {
        word_target(text).map(|(a, b)| (&text[..a], &text[a..b], &text[b..]))
    }

    #[test]
    fn word_targets_after_a_name_are_found() {
        assert_eq!(
            cut("印刷费用控制率不超过年度预算办公用品消耗量"),
            Some(("印刷费用控制率", "不超过年度预算", "办公用品消耗量"))
        );
        assert_eq!(
            cut("设备巡检完成度按时完成"),
            Some(("设备巡检完成度", "按时完成", ""))
        );
        assert_eq!(
            cut("成本控制率控制在预算内"),
            Some(("成本控制率", "控制在预算内", ""))
        );
        // A target word inside a name: the text before it ends no name.
        assert_eq!(cut("污水排放达标情况"), None);
        assert_eq!(cut("达标排放率"), None);
        // A bound with nothing it bounds is no target (不超载).
        assert_eq!(cut("车辆运行次数不超载"), None);
    }
}
