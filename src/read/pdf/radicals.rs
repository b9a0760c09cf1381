//! CJK radicals in extracted text, read as the ideographs they draw.
//!
//! Fonts such as Noto Sans CJK share one glyph between an ideograph and its
//! radical (目 U+76EE and ⽬ U+2F6C); PDF writers that build the ToUnicode
//! map from the font's own table (Chromium's Skia among them) may give the
//! radical, so a printed 项目名称 reads 项⽬名称 and no label matches. A
//! form never means a radical: each is read as its equivalent ideograph.
//! Kangxi radicals (U+2F00–U+2FD5) by their compatibility decomposition
//! (`unicode-normalization`); the CJK Radicals Supplement (U+2E80–U+2EF3),
//! which mostly has none, by Unicode's EquivalentUnifiedIdeograph.txt.

use unicode_normalization::char::{decompose_canonical, decompose_compatible};

/// CJK Radicals Supplement → equivalent unified ideograph (Unicode's
/// EquivalentUnifiedIdeograph.txt), by code point.
#[rustfmt::skip]
const SUPPLEMENT: [(char, char); 115] = [
    ('\u{2E80}', '丶'), ('\u{2E81}', '厂'), ('\u{2E82}', '乛'), ('\u{2E83}', '乚'),
    ('\u{2E84}', '乙'), ('\u{2E85}', '亻'), ('\u{2E86}', '冂'), ('\u{2E87}', '几'),
    ('\u{2E88}', '刀'), ('\u{2E89}', '刂'), ('\u{2E8A}', '卜'), ('\u{2E8B}', '㔾'),
    ('\u{2E8C}', '小'), ('\u{2E8D}', '小'), ('\u{2E8E}', '尢'), ('\u{2E8F}', '尣'),
    ('\u{2E90}', '尢'), ('\u{2E91}', '尣'), ('\u{2E92}', '巳'), ('\u{2E93}', '幺'),
    ('\u{2E94}', '彑'), ('\u{2E95}', '彐'), ('\u{2E96}', '忄'), ('\u{2E97}', '心'),
    ('\u{2E98}', '扌'), ('\u{2E99}', '攵'), ('\u{2E9B}', '旡'), ('\u{2E9C}', '日'),
    ('\u{2E9D}', '月'), ('\u{2E9E}', '歺'), ('\u{2E9F}', '母'), ('\u{2EA0}', '民'),
    ('\u{2EA1}', '氵'), ('\u{2EA2}', '氺'), ('\u{2EA3}', '灬'), ('\u{2EA4}', '爫'),
    ('\u{2EA5}', '爫'), ('\u{2EA6}', '丬'), ('\u{2EA7}', '牛'), ('\u{2EA8}', '犭'),
    ('\u{2EA9}', '王'), ('\u{2EAA}', '疋'), ('\u{2EAB}', '目'), ('\u{2EAC}', '示'),
    ('\u{2EAD}', '礻'), ('\u{2EAE}', '竹'), ('\u{2EAF}', '糹'), ('\u{2EB0}', '纟'),
    ('\u{2EB1}', '罓'), ('\u{2EB2}', '罒'), ('\u{2EB3}', '网'), ('\u{2EB4}', '网'),
    ('\u{2EB5}', '网'), ('\u{2EB6}', '羊'), ('\u{2EB7}', '羊'), ('\u{2EB8}', '羋'),
    ('\u{2EB9}', '耂'), ('\u{2EBA}', '肀'), ('\u{2EBB}', '聿'), ('\u{2EBC}', '肉'),
    ('\u{2EBD}', '臼'), ('\u{2EBE}', '艹'), ('\u{2EBF}', '艹'), ('\u{2EC0}', '艹'),
    ('\u{2EC1}', '虎'), ('\u{2EC2}', '衤'), ('\u{2EC3}', '覀'), ('\u{2EC4}', '西'),
    ('\u{2EC5}', '见'), ('\u{2EC6}', '角'), ('\u{2EC7}', '角'), ('\u{2EC8}', '讠'),
    ('\u{2EC9}', '贝'), ('\u{2ECA}', '足'), ('\u{2ECB}', '车'), ('\u{2ECC}', '辶'),
    ('\u{2ECD}', '辶'), ('\u{2ECE}', '辶'), ('\u{2ECF}', '邑'), ('\u{2ED0}', '钅'),
    ('\u{2ED1}', '長'), ('\u{2ED2}', '镸'), ('\u{2ED3}', '长'), ('\u{2ED4}', '门'),
    ('\u{2ED5}', '阜'), ('\u{2ED6}', '阝'), ('\u{2ED7}', '雨'), ('\u{2ED8}', '青'),
    ('\u{2ED9}', '韦'), ('\u{2EDA}', '页'), ('\u{2EDB}', '风'), ('\u{2EDC}', '飞'),
    ('\u{2EDD}', '食'), ('\u{2EDE}', '食'), ('\u{2EDF}', '飠'), ('\u{2EE0}', '饣'),
    ('\u{2EE1}', '首'), ('\u{2EE2}', '马'), ('\u{2EE3}', '骨'), ('\u{2EE4}', '鬼'),
    ('\u{2EE5}', '鱼'), ('\u{2EE6}', '鸟'), ('\u{2EE7}', '卤'), ('\u{2EE8}', '麦'),
    ('\u{2EE9}', '黄'), ('\u{2EEA}', '黾'), ('\u{2EEB}', '斉'), ('\u{2EEC}', '齐'),
    ('\u{2EED}', '歯'), ('\u{2EEE}', '齿'), ('\u{2EEF}', '竜'), ('\u{2EF0}', '龙'),
    ('\u{2EF1}', '龜'), ('\u{2EF2}', '亀'), ('\u{2EF3}', '龟'),
];

/// The ideograph a radical stands for; a character with a canonical
/// equivalent of its own (〈 U+2329 is 〈 U+3008, a CJK compatibility
/// ideograph its unified one) as that; any other character as it is.
///
/// ```
/// use jixiao::read::pdf::radicals::ideograph;
/// assert_eq!(ideograph('\u{2F6C}'), '目'); // KANGXI RADICAL EYE
/// assert_eq!(ideograph('\u{2EA0}'), '民'); // CJK RADICAL CIVILIAN
/// assert_eq!(ideograph('\u{2329}'), '\u{3008}');
/// assert_eq!(ideograph('项'), '项');
/// ```
pub fn ideograph(c: char) -> char {
    match c {
        '\u{2E80}'..='\u{2EFF}' => SUPPLEMENT
            .binary_search_by_key(&c, |&(r, _)| r)
            .map_or(c, |i| SUPPLEMENT[i].1),
        '\u{2F00}'..='\u{2FDF}' => match single(c, true) {
            // Simplified Chinese fonts draw these radicals in the mainland
            // form, which is what the forms are written in.
            '戶' => '户',
            '靑' => '青',
            '黃' => '黄',
            d => d,
        },
        _ => single(c, false),
    }
}

/// A character's (compatibility or canonical) decomposition when it is
/// one character, else the character itself.
fn single(c: char, compatible: bool) -> char {
    let (mut out, mut n) = (c, 0);
    let mut take = |d: char| {
        out = d;
        n += 1;
    };
    if compatible {
        decompose_compatible(c, &mut take);
    } else {
        decompose_canonical(c, &mut take);
    }
    if n == 1 {
        out
    } else {
        c
    }
}

/// A text with its radicals read as ideographs (borrowed when it has none).
pub fn ideographs(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(|c| ideograph(c) == c) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(ideograph).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_printed_for_ideographs_read_as_the_ideographs() {
        assert_eq!(ideographs("项\u{2F6C}名称"), "项目名称");
        assert_eq!(ideographs("上海市\u{2F08}\u{2EA0}政府"), "上海市人民政府");
        assert!(matches!(
            ideographs("项目名称"),
            std::borrow::Cow::Borrowed(_)
        ));
        // Sorted, so the binary search finds every entry.
        assert!(SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
        for (r, i) in SUPPLEMENT {
            assert_eq!(ideograph(r), i);
        }
    }
}
