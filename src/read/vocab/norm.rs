//! Normalising cell texts for lookups: full-width to half-width, no white
//! space, list numbers and bracketed decorations taken off, years taken out
//! of titles.

use std::borrow::Cow;

/// The normalised forms of a cell text to try, in order: as it is, without
/// a leading list number, without trailing bracketed decorations. Texts
/// already normalised (as the recognizer's labels are) are not copied.
pub(super) struct Keys<'a> {
    norm: Cow<'a, str>,
}

impl Keys<'_> {
    /// The candidates, most literal first.
    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        let full: &str = &self.norm;
        let unnumbered = strip_numbering(full);
        let numbered = (unnumbered.len() != full.len()).then_some(unnumbered);
        let decorations =
            std::iter::successors(strip_decoration(unnumbered), |s| strip_decoration(s));
        std::iter::once(full).chain(numbered).chain(decorations)
    }
}

/// The keys of a text already normalised by [`norm_label`] (not copied).
pub(super) fn keys_of_label(label: &str) -> Keys<'_> {
    Keys {
        norm: Cow::Borrowed(label),
    }
}

pub(super) fn keys(text: &str) -> Keys<'_> {
    let normal = !text.is_empty() && !text.ends_with([':', '*', '|']) && !needs_norm(text);
    Keys {
        norm: match normal {
            true => Cow::Borrowed(text),
            false => Cow::Owned(norm_label(text)),
        },
    }
}

/// `2.项目…` → `项目…`; `(一)…`, `三、…`, `1、…` likewise.
pub(super) fn strip_numbering(s: &str) -> &str {
    let digits = s.trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.len() < s.len() {
        if let Some(rest) = digits.strip_prefix(['.', '、']) {
            if !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit()) {
                return rest;
            }
        }
    }
    let cn_digit = |c: char| {
        matches!(
            c,
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        )
    };
    let cn = s.trim_start_matches(cn_digit);
    if cn.len() < s.len() {
        if let Some(rest) = cn.strip_prefix('、') {
            return rest;
        }
    }
    if let Some(inner) = s.strip_prefix('(') {
        if let Some((n, rest)) = inner.split_once(')') {
            let numeric = !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || cn_digit(c));
            if numeric && !rest.is_empty() {
                return rest;
            }
        }
    }
    s
}

/// `实施单位(盖章)` → `实施单位`; `None` when nothing (or everything) would go.
pub(super) fn strip_decoration(s: &str) -> Option<&str> {
    let body = s.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let rest = body[..open].trim_end_matches([':', '*']);
    (!rest.is_empty()).then_some(rest)
}

/// A title's core: normalised, without `附件:`, the year, or `.docx` kind of
/// file names (which are not titles). `None` for texts too long to be one.
pub(super) fn title_core(text: &str) -> Option<String> {
    let mut t = norm_label(text);
    if t.chars().count() > 60 || t.contains("汇总") || t.contains("项目名称") {
        return None;
    }
    if let Some((head, rest)) = t.split_once(':') {
        if head.starts_with("附件") {
            t = rest.to_string();
        }
    }
    // (2023年度) / （2023年度） anywhere, then a bare 2023年度 / 2023年.
    let mut out = String::with_capacity(t.len());
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 4 && chars.get(i + 4) == Some(&'年') {
            let mut end = i + 5;
            if chars.get(end) == Some(&'度') {
                end += 1;
            }
            if out.ends_with('(') && chars.get(end) == Some(&')') {
                out.pop();
                end += 1;
            }
            i = end;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    let out = out.trim_end_matches(['(', ')']).to_string();
    (out.chars().count() <= 40 && !out.is_empty()).then_some(out)
}

/// Normalises a label: full-width ASCII to half-width, no white space, no
/// trailing `*`, `:` or `：`, so `项 目 名 称*：` matches `项目名称`.
///
/// ```
/// use jixiao::read::vocab::norm_label;
/// assert_eq!(norm_label(" 项 目 名 称*： "), "项目名称");
/// assert_eq!(norm_label("项目资金（元）"), "项目资金(元)");
/// ```
pub fn norm_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    norm_label_into(s, &mut out);
    out
}

/// [`norm_label`] appended to `out` (no allocation of its own).
pub(crate) fn norm_label_into(s: &str, out: &mut String) {
    norm_label_colon(s, out);
}

/// [`norm_label_into`], telling where the first `:` of the normalised
/// label is (found in the same pass: `label:value` cells are asked about).
pub(crate) fn norm_label_colon(s: &str, out: &mut String) -> Option<usize> {
    const CHANGES_OR_COLON: [u8; 6] = [b':', 0xC2, 0xE1, 0xE2, 0xE3, 0xEF];
    let start = out.len();
    let bytes = s.as_bytes();
    // Runs of characters that stay are copied whole; only the characters
    // that may change are decoded (prose has a full-width comma every few
    // words, and every other character is left as it is).
    let mut run = 0;
    let mut colon = None;
    let mut i = find_byte(bytes, 0x21, &CHANGES_OR_COLON);
    while let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) {
        let half = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            _ => None,
        };
        let next = i + c.len_utf8();
        if c == ':' {
            colon = colon.or(Some(out.len() - start + i - run));
        } else if c.is_whitespace() || half.is_some() {
            out.push_str(&s[run..i]);
            if half == Some(':') {
                colon = colon.or(Some(out.len() - start));
            }
            out.extend(half);
            run = next;
        }
        i = next + find_byte(&bytes[next..], 0x21, &CHANGES_OR_COLON);
    }
    out.push_str(&s[run..]);
    while out.len() > start && out.ends_with([':', '*', '|']) {
        out.pop();
    }
    colon.filter(|&k| k < out.len() - start)
}

/// Whether a text may hold white space or full-width ASCII (which
/// normalising changes), told from its bytes: every such character starts
/// with a byte below `!` or one of the lead bytes C2, E1, E2, E3, EF; CJK
/// text has none of them, so most cells are checked without decoding.
fn needs_norm(s: &str) -> bool {
    maybe_changes(s.as_bytes()) < s.len()
}

/// Where the first character normalising may change starts (a byte below
/// `!` or one of the lead bytes of [`needs_norm`]), `bytes.len()` if none.
/// Those bytes (and `:`) never continue a character: a character starts there.
fn maybe_changes(bytes: &[u8]) -> usize {
    find_byte(bytes, 0x21, &[0xC2, 0xE1, 0xE2, 0xE3, 0xEF])
}

/// Where the first byte below `below` (at most 0x80; 0: none) or in `set`
/// is, `bytes.len()` when none is: eight bytes are tested at a time (a
/// chunk that may hold one is then read byte by byte), as every cell of
/// every form is scanned like this.
pub(super) fn find_byte(bytes: &[u8], below: u8, set: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let v = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        // Never misses a byte (may flag a chunk that holds none).
        let mut hit = match below {
            0 => 0,
            k => v.wrapping_sub(ONES * u64::from(k)) & !v & HIGHS,
        };
        for &b in set {
            hit |= zero_byte(v ^ (ONES * u64::from(b)));
        }
        if hit != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] >= below && !set.contains(&bytes[i]) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::{find_byte, norm_label};

    #[test]
    fn normalising_by_runs_is_normalising_every_character() {
        // The plain definition: every character decoded.
        let plain = |s: &str| {
            let mut out: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| match c {
                    '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                    _ => c,
                })
                .collect();
            while out.ends_with([':', '*', '|']) {
                out.pop();
            }
            out
        };
        let texts = [
            "",
            " 项 目 名 称*： ",
            "项目资金（万元）",
            "通过项目实施，提高服务水平。\u{3000}满意度≥９５％，\u{a0}完成率100%。",
            "a\tb\nc\u{85}d\u{2028}e\u{1680}f\u{202f}g",
            "≥90.00(%)",
            "——",
            "ｚ｛｝～｟",
        ];
        for t in texts
            .into_iter()
            .chain(["项目名称:宣传费", "a：b:c", "x: ", "附件１：表"])
        {
            assert_eq!(norm_label(t), plain(t), "{t:?}");
            let mut out = String::from("前");
            let colon = super::norm_label_colon(t, &mut out);
            assert_eq!(colon, plain(t).find(':'), "{t:?}");
        }
    }

    #[test]
    fn bytes_found_in_any_position() {
        let texts = [
            "",
            "a b",
            "一二三四五六七八\t",
            "一二三四五六七八九十一二三四五\u{3000}x",
            "abcdefgh\u{a0}",
            "abcdefghijklmnop",
            "年度资金总额当年财政拨款",
            "≥90.00(%)",
            "项目支出绩效自评表",
            "评价",
            "（一）",
        ];
        let sets: [(u8, &[u8]); 3] = [
            (0x21, &[0xC2, 0xE1, 0xE2, 0xE3, 0xEF]),
            (0, &[0xA8, 0xB7]),
            (0x80, &[]),
        ];
        for text in texts {
            for (below, set) in sets {
                let b = text.as_bytes();
                let want = b
                    .iter()
                    .position(|c| *c < below || set.contains(c))
                    .unwrap_or(b.len());
                assert_eq!(find_byte(b, below, set), want, "{text:?} {below} {set:?}");
            }
        }
    }
}
