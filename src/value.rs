//! Parsers for the value shapes found on forms: amounts, rates, scores,
//! dates and indicator values. Shared by every reader.

mod choice;
pub use choice::{checked_options, split_period};

use rust_decimal::Decimal;
use std::str::FromStr;

use crate::model::{Comparison, IndicatorValue};

/// Why a value did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("应为{expected}，实为 {found:?}")]
pub struct ValueError {
    /// What shape was expected (“数字，如 1,234.00 或 98.5%”).
    pub expected: &'static str,
    /// The text found.
    pub found: String,
}

/// [`str::trim`], with texts that start and end in a printable ASCII byte
/// or a character of U+4000..U+FFFF (most cells) told at both ends without
/// decoding them: all white space lies below U+3001. Every value is
/// trimmed, some more than once, and `str::trim` decodes and looks up both
/// end characters.
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    // Not `is_ascii_whitespace`, which lacks the vertical tab `trim` trims.
    let plain = |x: u8| (0x21..=0x7E).contains(&x) || (0xE4..=0xEF).contains(&x);
    let start = b.first().is_some_and(|&f| plain(f));
    // The last character: an ASCII byte, or (valid UTF-8) a lead byte
    // E4..EF three bytes from the end starts it.
    let end = match b {
        [.., l] if l.is_ascii() => plain(*l),
        [.., lead, _, _] => (0xE4..=0xEF).contains(lead),
        _ => false,
    };
    if start && end {
        s
    } else {
        s.trim()
    }
}

/// Whether a cell is blank or the dash placeholder (`-`, `—`, `－`, `/`).
pub fn is_blank(s: &str) -> bool {
    let t = trim(s);
    t.is_empty() || matches!(t, "-" | "—" | "－" | "--" | "——" | "/" | "／")
}

/// The ASCII digit of a digit, full-width ones (`２０２４`, typed in a
/// Chinese input method's full-width mode) too.
pub fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// Maps full-width digits, signs and separators to ASCII.
fn ascii_number(s: &str) -> String {
    trim(s)
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '．' => Some('.'),
            '，' | ',' | ' ' | '\u{a0}' => None,
            '－' | '−' => Some('-'),
            '＋' => Some('+'),
            _ => Some(c),
        })
        .collect()
}

/// Parses an amount, rate, weight or score: thousands separators and a `%`
/// sign are dropped, the digits shown are kept; blank and `-` give `None`.
///
/// ```
/// use jixiao::value::parse_number;
/// assert_eq!(parse_number("128,218.00").unwrap().unwrap().to_string(), "128218.00");
/// assert_eq!(parse_number("40.87%").unwrap().unwrap().to_string(), "40.87");
/// assert_eq!(parse_number("-").unwrap(), None);
/// assert!(parse_number("十万").is_err());
/// ```
pub fn parse_number(s: &str) -> Result<Option<Decimal>, ValueError> {
    if is_blank(s) {
        return Ok(None);
    }
    let plain = trim(s);
    if plain.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && plain.bytes().filter(|&b| b == b'.').count() <= 1
        && plain.bytes().any(|b| b.is_ascii_digit())
    {
        // The common case, parsed without copying.
        return Decimal::from_str(plain).map(Some).map_err(|_| ValueError {
            expected: "±7.9e28 以内的数字",
            found: plain.to_string(),
        });
    }
    let t = ascii_number(s);
    let t = t
        .strip_suffix('%')
        .or_else(|| t.strip_suffix('％'))
        .unwrap_or(&t);
    let t = t.strip_prefix('+').unwrap_or(t);
    let ok = !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && t.bytes().filter(|&b| b == b'.').count() <= 1
        && t.bytes().skip(1).all(|b| b != b'-')
        && t.bytes().any(|b| b.is_ascii_digit());
    if !ok {
        return Err(ValueError {
            expected: "数字，如 1,234.00 或 98.5%",
            found: s.trim().to_string(),
        });
    }
    Decimal::from_str(t).map(Some).map_err(|_| ValueError {
        expected: "±7.9e28 以内的数字",
        found: s.trim().to_string(),
    })
}

/// Whether a cell holds a number (possibly with separators or `%`).
pub fn is_number(s: &str) -> bool {
    // Only characters a number may show (digits, signs, separators, `%`,
    // full-width ones too): prose is told without copying it.
    let number_char = |c: char| {
        c.is_ascii_digit()
            || matches!(
                c,
                '.' | ',' | ' ' | '-' | '+' | '%' | '\u{a0}' | '０'
                    ..='９' | '．' | '，' | '－' | '−' | '＋' | '％'
            )
    };
    !is_blank(s) && trim(s).chars().all(number_char) && parse_number(s).is_ok()
}

/// Normalises a date to `YYYY-MM-DD` when the source shows it in full
/// (`2020-1-1`, `2020/01/01`, `2020年1月1日`, `2020.1.1`); anything else is
/// kept as shown (a cut-off `2020` stays `2020`).
///
/// ```
/// use jixiao::value::normalize_date;
/// assert_eq!(normalize_date("2020-1-1"), "2020-01-01");
/// assert_eq!(normalize_date("2024年12月31日"), "2024-12-31");
/// assert_eq!(normalize_date("2020"), "2020");
/// assert_eq!(normalize_date("2020-13-01"), "2020-13-01");
/// ```
pub fn normalize_date(s: &str) -> String {
    let t = s.trim();
    // Full-width digits and separators (２０２４－０１－０１) read as ASCII.
    let ascii: String;
    let parts = if t.is_ascii() {
        t
    } else {
        ascii = t
            .chars()
            .map(|c| match c {
                '－' => '-',
                '／' => '/',
                '．' => '.',
                _ => ascii_digit(c).unwrap_or(c),
            })
            .collect();
        &ascii
    };
    let parts: Vec<&str> = parts
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    if let [y, m, d] = parts[..] {
        let num = |p: &str, max: u32| -> Option<u32> {
            (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
                .filter(|v| (1..=max).contains(v))
        };
        if let (Some(y), Some(m), Some(d)) = (num(y, 9999), num(m, 12), num(d, 31)) {
            if y >= 1900 {
                return format!("{y:04}-{m:02}-{d:02}");
            }
        }
    }
    t.to_string()
}

/// Finds the year in a title line such as `（2024年度）` or `(2020年度)`.
///
/// ```
/// use jixiao::value::find_year;
/// assert_eq!(find_year("财政项目支出绩效自评表 (2024年度)"), Some(2024));
/// assert_eq!(find_year("项目名称"), None);
/// ```
pub fn find_year(s: &str) -> Option<i32> {
    // No byte B4 (年 is E5 B9 B4): no 年度, told by a memchr instead of
    // setting up a substring search (every cell under a title is asked).
    if !s.as_bytes().contains(&0xB4) {
        return None;
    }
    let idx = s.find("年度")?;
    // pdftotext puts a space between digits and CJK text: `2024 年度`.
    let digits: String = s[..idx]
        .trim_end()
        .chars()
        .rev()
        .map_while(ascii_digit)
        .collect();
    if digits.len() != 4 {
        return None;
    }
    digits.chars().rev().collect::<String>().parse().ok()
}

/// Parses an indicator value: an optional comparison (`≥ ≤ > < =`, also
/// `>=`, `<=`, full-width forms), one number, and an optional unit, bare or
/// in brackets (`≥90.00(%)`, `=23000.00(人)`, `42467份`, `≥90.00 (%)`).
/// Qualitative values give `None`.
pub fn parse_indicator_value(text: &str) -> Option<IndicatorValue> {
    let t = trim(text);
    let (op, rest) = split_comparison(t);
    let rest = rest.trim_start();
    let num_len = rest
        .char_indices()
        .find(|&(i, c)| {
            !(ascii_digit(c).is_some()
                || matches!(c, '.' | ',' | '．' | '，')
                || (i == 0 && c == '-'))
        })
        .map_or(rest.len(), |(i, _)| i);
    if num_len == 0 {
        return None;
    }
    let value = parse_number(&rest[..num_len]).ok()??;
    let unit = rest[num_len..].trim();
    let unit = unit
        .strip_prefix(['(', '（'])
        .and_then(|u| u.strip_suffix([')', '）']))
        .unwrap_or(unit)
        .trim();
    // A unit is short and has no digits; longer text is not a plain value.
    if unit.chars().count() > 4 || unit.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(IndicatorValue {
        op,
        value,
        unit: (!unit.is_empty()).then(|| unit.to_string()),
    })
}

fn split_comparison(t: &str) -> (Option<Comparison>, &str) {
    const OPS: &[(&str, Comparison)] = &[
        (">=", Comparison::AtLeast),
        ("<=", Comparison::AtMost),
        ("＞＝", Comparison::AtLeast),
        ("＜＝", Comparison::AtMost),
        ("≥", Comparison::AtLeast),
        ("≧", Comparison::AtLeast),
        ("≤", Comparison::AtMost),
        ("≦", Comparison::AtMost),
        (">", Comparison::Greater),
        ("＞", Comparison::Greater),
        ("<", Comparison::Less),
        ("＜", Comparison::Less),
        ("=", Comparison::Equal),
        ("＝", Comparison::Equal),
    ];
    // Every sign starts with one of these bytes; most values start with a
    // digit and are not tried against each sign.
    if !matches!(t.as_bytes().first(), Some(b'>' | b'<' | b'=' | 0xE2 | 0xEF)) {
        return (None, t);
    }
    for (sym, op) in OPS {
        if let Some(rest) = t.strip_prefix(sym) {
            return (Some(*op), rest);
        }
    }
    (None, t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn trim_agrees_with_str_trim() {
        let texts = [
            "",
            " ",
            "a",
            " a ",
            "项目",
            "\u{3000}项目",
            "项目\u{3000}",
            "10.00\n",
            "\u{b}x",
            "x\u{b}",
            "é",
            "aé",
            "éa",
            "😀",
            "a😀",
            "😀a",
            "项目😀",
            "\u{a0}",
            "x\u{a0}",
            "\u{2028}x",
            "（万元）",
            "≥90%",
            "\u{feff}x",
        ];
        for t in texts {
            assert_eq!(trim(t), t.trim(), "{t:?}");
        }
    }

    #[test]
    fn numbers_keep_their_digits() {
        assert_eq!(parse_number("7.80").unwrap(), Some(d("7.80")));
        assert_eq!(parse_number("10").unwrap(), Some(d("10")));
        assert_eq!(
            parse_number(" 1,094,910,000.00 ").unwrap(),
            Some(d("1094910000.00"))
        );
        assert_eq!(parse_number("１２．５０").unwrap(), Some(d("12.50")));
        assert_eq!(parse_number("-3.5").unwrap(), Some(d("-3.5")));
        assert_eq!(parse_number("98.62％").unwrap(), Some(d("98.62")));
    }

    #[test]
    fn blanks_and_dashes_are_none() {
        for s in ["", "  ", "-", "—", "－"] {
            assert_eq!(parse_number(s).unwrap(), None, "{s:?}");
        }
    }

    #[test]
    fn malformed_numbers_are_errors() {
        for s in [
            "abc",
            "1.2.3",
            "12-3",
            "%",
            ".",
            "1e5",
            "99999999999999999999999999999999",
        ] {
            let err = parse_number(s).unwrap_err();
            assert_eq!(err.found, s);
        }
    }

    #[test]
    fn indicator_values() {
        let v = parse_indicator_value("≥90.00(%)").unwrap();
        assert_eq!(
            (v.op, v.value, v.unit.as_deref()),
            (Some(Comparison::AtLeast), d("90.00"), Some("%"))
        );
        let v = parse_indicator_value("=100.00(百分比)").unwrap();
        assert_eq!(v.unit.as_deref(), Some("百分比"));
        let v = parse_indicator_value("≥90.00 (%)").unwrap();
        assert_eq!(v.value, d("90.00"));
        let v = parse_indicator_value("1.00(人)").unwrap();
        assert_eq!(v.op, None);
        let v = parse_indicator_value("<=2.75（万人）").unwrap();
        assert_eq!(
            (v.op, v.unit.as_deref()),
            (Some(Comparison::AtMost), Some("万人"))
        );
        let v = parse_indicator_value("0").unwrap();
        assert_eq!(v.value, d("0"));
        for q in [
            "及时",
            "未超项目预算",
            "2024年重阳节前",
            "当年度11月底前完成全年招录",
            "",
            "=",
            "≥(%)",
        ] {
            assert!(parse_indicator_value(q).is_none(), "{q}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(normalize_date("2024-01-01"), "2024-01-01");
        assert_eq!(normalize_date("2020/1/31"), "2020-01-31");
        assert_eq!(normalize_date("2020.1.1"), "2020-01-01");
        assert_eq!(normalize_date("-12-31"), "-12-31");
        assert_eq!(normalize_date("2020-1-32"), "2020-1-32");
        assert_eq!(normalize_date("abc"), "abc");
    }

    #[test]
    fn years() {
        assert_eq!(find_year("（2024年度）"), Some(2024));
        assert_eq!(find_year("(2020年度)"), Some(2020));
        assert_eq!(find_year("（2024 年度）"), Some(2024));
        assert_eq!(find_year("24年度"), None);
        // Typed in full-width mode.
        assert_eq!(find_year("（２０２４年度）"), Some(2024));
        assert_eq!(normalize_date("２０２４－０１－０１"), "2024-01-01");
        assert_eq!(normalize_date("２０２４年１２月３１日"), "2024-12-31");
        assert_eq!(normalize_date("２０２４"), "２０２４");
        let v = parse_indicator_value("≥９０．５０(％)").unwrap();
        assert_eq!(v.value.to_string(), "90.50");
    }
}
