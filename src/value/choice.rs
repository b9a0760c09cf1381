//! Cells that hold more than one value: a printed choice with its ticked
//! box, a period with both its dates.

/// Box marks of a printed choice: ticked and empty.
const TICKED: &[char] = &['√', '✓', '✔', '☑', '☒', '■', '▇'];
const UNTICKED: &[char] = &['□', '☐', '口'];

/// The options ticked in a printed choice (`新增项目□ 延续项目√` →
/// `延续项目`; marks before the options, `☑是 □否`, read the same), joined
/// by `、`; `Some(None)` when none is ticked. `None` when the text is no
/// choice (fewer than two marks, or no empty box among them).
///
/// ```
/// use jixiao::value::checked_options;
/// assert_eq!(checked_options("新增项目□  延续项目√"), Some(Some("延续项目".into())));
/// assert_eq!(checked_options("☑是 □否"), Some(Some("是".into())));
/// assert_eq!(checked_options("新增项目□ 延续项目□"), Some(None));
/// assert_eq!(checked_options("延续性项目"), None);
/// ```
pub fn checked_options(text: &str) -> Option<Option<String>> {
    let is_mark = |c: char| TICKED.contains(&c) || UNTICKED.contains(&c);
    // `口` is a word too (出口, 人口): a mark only next to a space or an end.
    let marks: Vec<(usize, char)> = text
        .char_indices()
        .filter(|&(i, c)| {
            is_mark(c)
                && (c != '口' || {
                    let before = text[..i].chars().next_back();
                    let after = text[i + c.len_utf8()..].chars().next();
                    [before, after]
                        .iter()
                        .any(|x| x.is_none_or(char::is_whitespace))
                })
        })
        .collect();
    // Boxes read as `口` (OCR) count only beside a real mark.
    let real = marks.iter().any(|&(_, c)| c != '口');
    if marks.len() < 2 || !real || !marks.iter().any(|&(_, c)| UNTICKED.contains(&c)) {
        return None;
    }
    // Marks before their options when the text starts with one.
    let before = text.trim_start().starts_with(is_mark);
    let mut ticked = Vec::new();
    for (n, &(i, c)) in marks.iter().enumerate() {
        let option = if before {
            let end = marks.get(n + 1).map_or(text.len(), |&(j, _)| j);
            &text[i + c.len_utf8()..end]
        } else {
            let start = n
                .checked_sub(1)
                .map_or(0, |p| marks[p].0 + marks[p].1.len_utf8());
            &text[start..i]
        };
        let option = option.trim();
        if TICKED.contains(&c) && !option.is_empty() {
            ticked.push(option.to_string());
        }
    }
    Some((!ticked.is_empty()).then(|| ticked.join("、")))
}

/// The two ends of a period written in one cell (`2024年1月至2024年12月`,
/// `2024-01-01～2024-12-31`), each with a digit; `None` otherwise.
///
/// ```
/// use jixiao::value::split_period;
/// assert_eq!(split_period("2024年1月至2024年12月"), Some(("2024年1月", "2024年12月")));
/// assert_eq!(split_period("2024.1-2024.12"), Some(("2024.1", "2024.12")));
/// assert_eq!(split_period("2024-01-01-2024-12-31"), None);
/// assert_eq!(split_period("三年"), None);
/// ```
pub fn split_period(text: &str) -> Option<(&str, &str)> {
    const SEPARATORS: &[&str] = &["至", "到", "~", "～", "—", "–", "－"];
    let (a, b) = SEPARATORS
        .iter()
        .find_map(|s| text.split_once(s))
        .or_else(|| {
            (text.matches('-').count() == 1)
                .then(|| text.split_once('-'))
                .flatten()
        })?;
    let (a, b) = (a.trim(), b.trim());
    let dated = |s: &str| s.bytes().any(|b| b.is_ascii_digit());
    (dated(a) && dated(b)).then_some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts made of marks, words, spaces and separators in every order:
    /// never a panic, and every option read is a piece of the text.
    #[test]
    fn any_mix_of_marks_and_words() {
        const PARTS: &[&str] = &[
            "□",
            "√",
            "☑",
            "口",
            " ",
            "新增项目",
            "是",
            "至",
            "-",
            "2024年",
            "1月",
            "出口",
            "～",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 9) as usize;
            let text: String = (0..len)
                .map(|k| PARTS[((seed >> (k * 5)) % PARTS.len() as u64) as usize])
                .collect();
            if let Some(Some(ticked)) = checked_options(&text) {
                for option in ticked.split('、') {
                    assert!(text.contains(option), "{text:?} → {ticked:?}");
                }
            }
            if let Some((a, b)) = split_period(&text) {
                assert!(text.contains(a) && text.contains(b), "{text:?}");
            }
        }
    }

    #[test]
    fn words_holding_the_box_character_are_no_choice() {
        assert_eq!(checked_options("出口□ 进口√"), Some(Some("进口".into())));
        assert_eq!(checked_options("人口 出口"), None);
    }
}
