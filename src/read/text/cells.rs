//! Lines of extracted text split into cells, and label matching.
//!
//! Two extraction styles exist: tab-separated cells (blanks left by merged
//! cells stay as empty cells, but their positions shift) and space-separated
//! tokens (blanks vanish, long cells wrap onto following lines). Readers use
//! cell *order and meaning*, never fixed positions.

use std::borrow::Cow;

/// One line of the input.
///
/// Its cells and squeezed text are worked out on first use: the shapes read
/// through a grid take only the text, and most lines never need them.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the file.
    pub no: usize,
    /// The text, trailing white space removed, ideographic spaces as ASCII.
    text: String,
    /// Cells and squeezed text, once asked for.
    split: std::sync::OnceLock<Split>,
    /// Whether the cells come from tabs.
    pub tabbed: bool,
}

/// A line's cells and squeezed text.
#[derive(Debug, Clone)]
struct Split {
    /// The text with all white space removed (`None`: the text has none).
    squeezed: Option<String>,
    /// Cells as byte ranges of the text: tab-separated fields (trimmed), or
    /// space-separated tokens. Ranges, not strings: lines are many.
    spans: Vec<(u32, u32)>,
}

/// A unit in brackets on its own (`(元)`, `（万元）`): the end of a label
/// cell wrapped before its unit. Short, and no year (`(2024年度)` is a
/// form's year, not a unit).
pub(crate) fn is_unit_note(text: &str) -> bool {
    text.starts_with(['(', '（'])
        && text.ends_with([')', '）'])
        && text.chars().count() <= 8
        && !text.contains('年')
}

/// Whether a text holds `mark`, a character of the CJK symbols block
/// (U+3000 to U+303F: the ideographic space, 。, 、). A search for it stops
/// at every byte equal to its last (0x80 to 0xBF, met in most Chinese
/// characters); all of the block starts with the byte 0xE3, which Chinese
/// text seldom holds, so that byte is looked for first (a memchr).
pub(crate) fn has_cjk_mark(text: &str, mark: char) -> bool {
    text.as_bytes().contains(&0xE3) && text.contains(mark)
}

impl Line {
    /// A text's lines, numbered from 1 (for tests).
    #[cfg(test)]
    pub(crate) fn numbered(text: &str) -> Vec<Line> {
        text.lines()
            .enumerate()
            .map(|(i, l)| Line::new(i + 1, l))
            .collect()
    }

    /// Takes a raw line; its cells are split when first asked for.
    pub fn new(no: usize, raw: &str) -> Line {
        // A line of white space only (a web page's `&nbsp;` cell) stays one
        // space: one cell per line reads it as an empty cell, an empty line
        // as none.
        let raw = match raw.trim_end() {
            "" if !raw.is_empty() => " ",
            t => t,
        };
        // Ideographic spaces separate cells like ASCII ones.
        let text = match has_cjk_mark(raw, '\u{3000}') {
            true => raw.replace('\u{3000}', " "),
            false => raw.to_string(),
        };
        let tabbed = text.contains('\t');
        Line {
            no,
            text,
            split: std::sync::OnceLock::new(),
            tabbed,
        }
    }

    fn split(&self) -> &Split {
        self.split.get_or_init(|| {
            let text = self.text.as_str();
            let base = text.as_ptr() as usize;
            let span = |c: &str| {
                let start = c.as_ptr() as usize - base;
                (start as u32, (start + c.len()) as u32)
            };
            let mut spans = Vec::with_capacity(8);
            if self.tabbed {
                spans.extend(text.split('\t').map(|c| span(c.trim())));
            } else {
                spans.extend(text.split_whitespace().map(span));
            }
            let squeezed = match squeeze(text) {
                Cow::Borrowed(_) => None,
                Cow::Owned(s) => Some(s),
            };
            Split { squeezed, spans }
        })
    }

    /// The line with trailing white space removed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text, taken out of the line.
    pub fn into_text(self) -> String {
        self.text
    }

    /// Whether the line has no text.
    pub fn is_blank(&self) -> bool {
        self.squeezed().is_empty()
    }

    /// Cell `i` (empty past the end).
    pub fn cell(&self, i: usize) -> &str {
        self.split()
            .spans
            .get(i)
            .map_or("", |&(a, b)| &self.text[a as usize..b as usize])
    }

    /// All cells, empty ones included.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.split().spans.len()).map(|i| self.cell(i))
    }

    /// Non-empty cells with their positions.
    pub fn filled(&self) -> impl Iterator<Item = (usize, &str)> {
        self.cells().enumerate().filter(|(_, c)| !c.is_empty())
    }

    /// The line's text with all white space removed (for label tests).
    pub fn squeezed(&self) -> &str {
        self.split().squeezed.as_deref().unwrap_or(&self.text)
    }
}

/// Where the next byte that could start a space is, from `i` on (≤ 0x20,
/// or the lead bytes 0xC2 / 0xE3 of U+00A0 / U+3000), checking eight bytes
/// at a time: squeeze runs on every line and cell, and most bytes are not.
fn next_space_byte(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let v = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        // Some byte below 0x21 (exact for thresholds ≤ 0x80), or 0xC2 / 0xE3.
        let low = v.wrapping_sub(ONES * 0x21) & !v & HIGHS;
        if low | zero_byte(v ^ (ONES * 0xC2)) | zero_byte(v ^ (ONES * 0xE3)) != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && !(bytes[i] <= b' ' || bytes[i] == 0xC2 || bytes[i] == 0xE3) {
        i += 1;
    }
    i
}

/// Removes all white space (borrowing when there is none, the usual case).
/// White space here is ASCII, the ideographic space and no-break space:
/// what extraction tools put between and inside cells. Works on bytes: lead
/// bytes of those characters never occur inside another UTF-8 sequence.
pub fn squeeze(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let space_len = |i: usize| -> usize {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => 1,
            0xC2 if bytes.get(i + 1) == Some(&0xA0) => 2,
            0xE3 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0x80) => 3,
            _ => 0,
        }
    };
    let mut i = next_space_byte(bytes, 0);
    while i < bytes.len() && space_len(i) == 0 {
        i = next_space_byte(bytes, i + 1);
    }
    if i == bytes.len() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut start = 0;
    while i < bytes.len() {
        match space_len(i) {
            0 => i += 1,
            n => {
                out.push_str(&s[start..i]);
                i += n;
                start = i;
            }
        }
        i = next_space_byte(bytes, i);
    }
    out.push_str(&s[start..]);
    Cow::Owned(out)
}

/// If `cell` begins with `label` (compared normalised, an optional bracketed
/// unit such as `(元)` after it allowed), returns the rest of the cell after
/// the label, its unit and any `*`/colon separators, trimmed.
pub fn strip_label<'a>(cell: &'a str, label: &str) -> Option<&'a str> {
    let mut rest = cell.trim_start();
    for want in label.chars() {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '＊');
        let got = rest.chars().next()?;
        let same = got == want
            || matches!(
                (got, want),
                ('（', '(') | ('）', ')') | ('：', ':') | ('(', '（') | (')', '）') | (':', '：')
            );
        if !same {
            return None;
        }
        rest = &rest[got.len_utf8()..];
    }
    let mut rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '＊');
    if rest.starts_with(['(', '（']) {
        if let Some(end) = rest.find([')', '）']) {
            // Only a short unit, such as (元) or （万元）.
            if rest[..end].chars().count() <= 4 {
                rest = &rest[end + rest[end..].chars().next().map_or(1, char::len_utf8)..];
            }
        }
    }
    Some(
        rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '*' | '＊' | ':' | '：')
        })
        .trim(),
    )
}

/// The text in the first bracket pair of `s`, e.g. the unit `万元` of
/// `项目资金（万元）`.
pub fn bracketed(s: &str) -> Option<&str> {
    let start = s.find(['(', '（'])?;
    let open_len = s[start..].chars().next()?.len_utf8();
    let inner = &s[start + open_len..];
    let end = inner.find([')', '）'])?;
    let unit = inner[..end].trim();
    (!unit.is_empty()).then_some(unit)
}

/// Whether a line is page furniture, not form content: a page number such
/// as `第 2 页`, `第2页共5页`, `- 2 -`.
pub fn is_page_furniture(line: &Line) -> bool {
    is_page_number(line.squeezed())
}

/// [`is_page_furniture`] of white-space-free text; `第1页，共5页` and
/// `第1页/共5页` too.
fn is_page_number(s: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if let Some((n, tail)) = s.strip_prefix('第').and_then(|r| r.split_once('页')) {
        let tail = tail.trim_start_matches([',', '，', '/', '、']);
        let total = tail.strip_prefix('共').and_then(|t| t.strip_suffix('页'));
        return digits(n) && (tail.is_empty() || total.is_some_and(digits));
    }
    ['-', '—', '－'].iter().any(|&d| {
        s.strip_prefix(d)
            .and_then(|t| t.strip_suffix(d))
            .is_some_and(digits)
    })
}

/// What a program put around a form when it printed or exported it, not
/// the form's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Furniture {
    /// A page number: `第 2 页`, `第1页，共5页`, `- 2 -`.
    PageNumber,
    /// A sheet's heading in a spreadsheet's web-page or text export
    /// (LibreOffice: `Sheet 2: 宣传费`; `工作表2：宣传费`).
    SheetHeading,
}

/// Whether a whole line of text is [`Furniture`]. Short lines only (both
/// kinds are), so a line of content costs a length test.
pub(crate) fn furniture(raw: &str) -> Option<Furniture> {
    // Long lines are content: told before trimming.
    if raw.len() > 200 {
        return None;
    }
    let t = raw.trim().trim_start_matches('#').trim_start();
    if t.is_empty() || t.len() > 160 {
        return None;
    }
    let numbered = |rest: &str| {
        let rest = rest.trim_start();
        let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        after.len() < rest.len() && after.trim_start().starts_with([':', '：'])
    };
    if t.strip_prefix("Sheet").is_some_and(numbered)
        || t.strip_prefix("工作表").is_some_and(numbered)
    {
        return Some(Furniture::SheetHeading);
    }
    // Both page-number forms start with 第 or a dash: other lines are
    // not squeezed.
    let page = t.len() <= 40 && t.starts_with(['第', '-', '—', '－']);
    (page && is_page_number(&squeeze(t))).then_some(Furniture::PageNumber)
}

/// Whether a line is an indicator table's header row (repeated after page
/// breaks): 一级指标 二级指标 … or 一级目标 二级目标 ….
pub fn is_table_header(line: &Line) -> bool {
    let s = line.squeezed();
    (s.contains("一级指标") && (s.contains("二级指标") || s.contains("三级指标")))
        || (s.contains("一级目标") && s.contains("二级目标"))
}

/// Cells for label matching: on space-separated lines a run of single
/// characters is one letter-spaced label (`项 目 名 称` → `项目名称`).
pub fn label_cells(line: &Line) -> Vec<(usize, Cow<'_, str>)> {
    let mut out: Vec<(usize, Cow<'_, str>)> = Vec::new();
    let mut run_open = false;
    for (i, cell) in line.filled() {
        let single = !line.tabbed && cell.chars().count() == 1 && !cell.is_ascii();
        match out.last_mut() {
            Some((_, prev)) if single && run_open => prev.to_mut().push_str(cell),
            _ => out.push((i, Cow::Borrowed(cell))),
        }
        run_open = single;
    }
    out
}

/// Whether a cell is a run of dashes only (an extraction artefact line).
pub fn is_rule(cell: &str) -> bool {
    // The characters first: most cells fail at their first one.
    cell.chars()
        .all(|c| matches!(c, '-' | '—' | '─' | '_' | '='))
        && cell.chars().count() >= 2
}

/// Display width in columns: CJK and full-width characters count 2.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_display_width).sum()
}

/// [`display_width`] of one character (East Asian wide and full-width: 2;
/// ambiguous ones such as ≤ and — count 1, as pandoc counts them).
pub fn char_display_width(c: char) -> usize {
    let u = c as u32;
    let wide = (0x1100..=0x115f).contains(&u)
        || (0x2e80..=0xa4cf).contains(&u)
        || (0xac00..=0xd7a3).contains(&u)
        || (0xf900..=0xfaff).contains(&u)
        || (0xfe30..=0xfe4f).contains(&u)
        || (0xff00..=0xff60).contains(&u)
        || (0xffe0..=0xffe6).contains(&u)
        || (0x20000..=0x3fffd).contains(&u);
    if wide {
        2
    } else {
        1
    }
}

/// Joins two wrapped pieces of one cell: Chinese text joins with no space;
/// a space is kept only between two Latin letters or digits.
pub fn join_wrapped(into: &mut String, piece: &str) {
    let piece = piece.trim();
    if piece.is_empty() {
        return;
    }
    if let (Some(a), Some(b)) = (into.chars().last(), piece.chars().next()) {
        if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() {
            into.push(' ');
        }
    }
    into.push_str(piece);
}

/// Cleans a cell's text: HTML paragraph markup left by the source system
/// becomes paragraph breaks; lines are trimmed; empty paragraphs dropped.
pub fn clean_text(s: &str) -> Option<String> {
    // Byte searches (memchr): a `char`-set search decodes every character
    // of texts thousands of characters long.
    let markup = s.as_bytes().contains(&b'<');
    if !markup && !s.as_bytes().contains(&b'\n') {
        // The usual case: one paragraph, no markup.
        let t = s.trim();
        return (!t.is_empty()).then(|| t.to_string());
    }
    let mut t = std::borrow::Cow::Borrowed(s);
    // Every tag starts with `<`, and no replacement brings one: without a
    // `<` no pass changes anything; a pass whose tag is absent neither.
    if markup {
        for (tag, by) in [
            ("</p>", "\n"),
            ("</P>", "\n"),
            ("<br>", "\n"),
            ("<br/>", "\n"),
            ("<br />", "\n"),
            ("<BR>", "\n"),
            ("<p>", ""),
            ("<P>", ""),
        ] {
            if t.contains(tag) {
                t = std::borrow::Cow::Owned(t.replace(tag, by));
            }
        }
    }
    // The paragraphs, trimmed, one a line (one buffer, not a vector joined).
    let mut out = String::with_capacity(t.len());
    for l in t.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(l);
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_marks_are_found_as_by_a_char_search() {
        for text in [
            "甲\u{3000}乙",
            "甲乙。",
            "甲、乙",
            "甲乙丙",
            "",
            "a b",
            "《甲》",
        ] {
            for mark in ['\u{3000}', '。', '、'] {
                assert_eq!(has_cjk_mark(text, mark), text.contains(mark), "{text}");
            }
        }
    }

    #[test]
    fn labels_strip_with_units_and_colons() {
        assert_eq!(
            strip_label("项目名称*：征地养老费用", "项目名称"),
            Some("征地养老费用")
        );
        assert_eq!(strip_label("项目总预算（元）：", "项目总预算"), Some(""));
        assert_eq!(
            strip_label("计划完成日期 2020-12-31", "计划完成日期"),
            Some("2020-12-31")
        );
        assert_eq!(strip_label("项 目 名 称", "项目名称"), Some(""));
        assert_eq!(strip_label("项目类别", "项目名称"), None);
    }

    #[test]
    fn tabs_keep_empty_cells_spaces_do_not() {
        let l = Line::new(3, "\t年度资金总额\t\t65.67\t");
        assert!(l.tabbed);
        assert_eq!(
            l.cells().collect::<Vec<_>>(),
            ["", "年度资金总额", "", "65.67"]
        );
        let l = Line::new(4, "      上年结转资金 0.00  0.00");
        assert_eq!(
            l.cells().collect::<Vec<_>>(),
            ["上年结转资金", "0.00", "0.00"]
        );
    }

    #[test]
    fn paragraphs_from_markup() {
        assert_eq!(
            clean_text("<p>甲。</p> <p>乙 丙</p>").unwrap(),
            "甲。\n乙 丙"
        );
        assert_eq!(clean_text("  "), None);
    }

    #[test]
    fn page_numbers_and_headers() {
        for s in ["第 2 页", "第2页共5页", "- 3 -", "— 12 —"] {
            assert!(is_page_furniture(&Line::new(1, s)), "{s}");
        }
        for s in ["第二页", "-", "2024", "第2页面"] {
            assert!(!is_page_furniture(&Line::new(1, s)), "{s}");
            assert_eq!(furniture(s), None, "{s}");
        }
        for s in ["第 2 页", "  第1页，共5页 ", "第1页/共5页", "- 3 -"] {
            assert_eq!(furniture(s), Some(Furniture::PageNumber), "{s}");
        }
        for s in [
            "Sheet 2: 宣传费",
            "# Sheet 1: *宣传费*",
            "工作表2：宣传费",
            "Sheet10:",
        ] {
            assert_eq!(furniture(s), Some(Furniture::SheetHeading), "{s}");
        }
        for s in [
            "Sheet",
            "Sheet 2 宣传费",
            "工作表说明：略",
            "第 1 页有责投诉数",
        ] {
            assert_eq!(furniture(s), None, "{s}");
        }
        assert!(is_table_header(&Line::new(
            1,
            "\t一级指标\t二级指标\t三级指标\t\t年度(/项目)指标值"
        )));
        let l = Line::new(1, "项 目 名 称 就业补助资金 优");
        let cells: Vec<String> = label_cells(&l)
            .into_iter()
            .map(|(_, c)| c.into_owned())
            .collect();
        assert_eq!(cells, ["项目名称", "就业补助资金", "优"]);
    }

    #[test]
    fn space_bytes_found_in_any_position() {
        let texts = [
            "a b",
            "一二三四五六七八\t",
            "一二三四五六七八九十一二三四五\u{3000}x",
            "abcdefgh\u{a0}",
            "",
            "abcdefghijklmnop",
            "年度资金总额当年财政拨款",
            "≥90.00(%)",
        ];
        for text in texts {
            let b = text.as_bytes();
            let want = b
                .iter()
                .position(|&c| c <= b' ' || c == 0xC2 || c == 0xE3)
                .unwrap_or(b.len());
            assert_eq!(next_space_byte(b, 0), want, "{text:?}");
        }
    }

    #[test]
    fn squeeze_removes_all_kinds_of_space() {
        assert_eq!(squeeze("项 目\t名\u{3000}称\u{a0}x"), "项目名称x");
        assert!(matches!(squeeze("项目名称"), Cow::Borrowed(_)));
        assert_eq!(squeeze(" "), "");
    }

    #[test]
    fn widths() {
        assert_eq!(display_width("ab中文"), 6);
        assert_eq!(bracketed("项目资金（万元）"), Some("万元"));
        assert!(is_rule("-------"));
        assert!(!is_rule("-"));
    }
}
