//! Measuring and wrapping cell text: glyph advances from the font, break
//! opportunities from UAX #14 (`unicode-linebreak`), so CJK text breaks
//! between any two characters, numbers and Latin words stay whole, and no
//! line starts with closing punctuation (，。、）；：…).

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::font::{Glyph, PdfFont};

/// A cell's text as glyphs, split into lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Wrapped {
    /// The glyphs of the text, newline characters dropped.
    pub glyphs: Vec<Glyph>,
    /// The characters, parallel to `glyphs` (for missing-glyph reports).
    pub chars: Vec<char>,
    /// Lines as ranges into `glyphs`, with their width in font units
    /// (trailing spaces not counted).
    pub lines: Vec<Line>,
    /// Width of the widest unbreakable piece (word, number), font units.
    pub widest: u32,
}

/// One line of a wrapped text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Line {
    /// First glyph index.
    pub start: usize,
    /// One past the last glyph index.
    pub end: usize,
    /// Width in font units, trailing spaces excluded.
    pub width: u32,
}

/// Measures `text` and breaks it into lines no wider than `max_width` font
/// units (when `wrap`; otherwise only at newlines). A word wider than the
/// line is broken between characters.
pub(crate) fn wrap_text(font: &PdfFont, text: &str, max_width: f32, wrap: bool) -> Wrapped {
    let mut out = Wrapped::default();
    if text.is_empty() {
        return out;
    }
    // Byte offset of each kept character → glyph index.
    let mut glyph_at_byte: Vec<(usize, usize)> = Vec::with_capacity(text.len() / 2 + 1);
    for (byte, c) in text.char_indices() {
        glyph_at_byte.push((byte, out.glyphs.len()));
        if c != '\n' && c != '\r' {
            out.glyphs.push(font.glyph(c));
            out.chars.push(c);
        }
    }
    glyph_at_byte.push((text.len(), out.glyphs.len()));
    let glyph_index = |byte: usize| -> usize {
        match glyph_at_byte.binary_search_by_key(&byte, |&(b, _)| b) {
            Ok(i) => glyph_at_byte[i].1,
            Err(i) => glyph_at_byte[i.min(glyph_at_byte.len() - 1)].1,
        }
    };

    let mut builder = LineBuilder::new(&out.glyphs, &out.chars);
    builder.max_width = if wrap {
        max_width.max(1.0)
    } else {
        f32::INFINITY
    };
    let mut seg_start = 0;
    for (byte, op) in linebreaks(text) {
        let seg_end = glyph_index(byte);
        builder.add_segment(seg_start, seg_end);
        seg_start = seg_end;
        if op == BreakOpportunity::Mandatory && byte < text.len() {
            builder.finish_line(true);
        }
    }
    builder.finish_line(false);
    out.widest = builder.widest;
    out.lines = builder.lines;
    out
}

/// Breaks glyphs into lines. Widths come from running sums, so each
/// question costs the same however long the text: wrapping is linear.
struct LineBuilder {
    /// `sum[i]`: advance of glyphs `0..i`.
    sum: Vec<u64>,
    /// `ink[i]`: one past the last non-space glyph among `0..i` (0 if none).
    ink: Vec<usize>,
    lines: Vec<Line>,
    /// Current line: glyphs `start..end`.
    start: usize,
    end: usize,
    max_width: f32,
    widest: u32,
}

impl LineBuilder {
    fn new(glyphs: &[Glyph], chars: &[char]) -> LineBuilder {
        let mut sum = Vec::with_capacity(glyphs.len() + 1);
        let mut ink = Vec::with_capacity(glyphs.len() + 1);
        let (mut total, mut last) = (0u64, 0usize);
        sum.push(0);
        ink.push(0);
        for (i, (g, c)) in glyphs.iter().zip(chars).enumerate() {
            total += u64::from(g.advance);
            if !c.is_whitespace() {
                last = i + 1;
            }
            sum.push(total);
            ink.push(last);
        }
        LineBuilder {
            sum,
            ink,
            lines: Vec::new(),
            start: 0,
            end: 0,
            max_width: f32::INFINITY,
            widest: 0,
        }
    }

    /// One past the last non-space glyph of `a..b` (`a` if all spaces).
    fn trimmed_end(&self, a: usize, b: usize) -> usize {
        self.ink[b].max(a)
    }

    /// Width of `a..b` without trailing spaces.
    fn width(&self, a: usize, b: usize) -> u32 {
        let w = self.sum[self.trimmed_end(a, b)] - self.sum[a];
        u32::try_from(w).unwrap_or(u32::MAX)
    }

    /// Appends the unbreakable segment `a..b` (a == self.end).
    fn add_segment(&mut self, a: usize, b: usize) {
        if a >= b {
            return;
        }
        self.widest = self.widest.max(self.width(a, b));
        if self.width(self.start, b) as f32 <= self.max_width {
            self.end = b;
            return;
        }
        if self.end > self.start {
            self.finish_line(false);
        }
        // The segment starts a line; if it is still too wide, cut it by
        // characters (each scan moves forward: linear in the segment).
        let mut a = a;
        while self.width(a, b) as f32 > self.max_width {
            let mut cut = a + 1;
            while cut < b && self.width(a, cut + 1) as f32 <= self.max_width {
                cut += 1;
            }
            self.start = a;
            self.end = cut;
            self.finish_line(false);
            a = cut;
        }
        self.start = a;
        self.end = b;
    }

    /// Ends the current line; an empty one only when `keep_empty` (a newline).
    fn finish_line(&mut self, keep_empty: bool) {
        if self.end > self.start || keep_empty {
            self.lines.push(Line {
                start: self.start,
                end: self.trimmed_end(self.start, self.end),
                width: self.width(self.start, self.end),
            });
        }
        self.start = self.end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width_em: f32) -> Vec<String> {
        let f = PdfFont::builtin();
        // Noto Serif SC: 1000 units per em, hanzi are 1 em wide.
        let w = wrap_text(&f, text, width_em * 1000.0, true);
        w.lines
            .iter()
            .map(|l| w.chars[l.start..l.end].iter().collect())
            .collect()
    }

    #[test]
    fn cjk_breaks_anywhere_but_not_before_closing_punctuation() {
        assert_eq!(lines("项目完成率达到", 3.0), ["项目完", "成率达", "到"]);
        // "，" may not start a line: it stays with the preceding character.
        assert_eq!(lines("甲乙丙，丁", 3.0), ["甲乙", "丙，丁"]);
        assert_eq!(lines("甲乙（丙）。", 4.0), ["甲乙", "（丙）。"]);
    }

    #[test]
    fn numbers_and_words_stay_whole() {
        assert_eq!(
            lines("金额1,094,910.00元", 6.0),
            ["金额", "1,094,910.00", "元"]
        );
        assert_eq!(lines("ab performance cd", 7.0), ["ab", "performance", "cd"]);
    }

    /// Wrapping asks for widths a bounded number of times per glyph,
    /// whatever the text: twice the text takes twice the work.
    #[test]
    fn wrapping_is_linear_in_the_text() {
        let f = PdfFont::builtin();
        for text in [
            "项".repeat(200_000),
            "1".repeat(200_000),
            "ab ".repeat(70_000),
        ] {
            let started = std::time::Instant::now();
            let w = wrap_text(&f, &text, 20_000.0, true);
            let chars: usize = w.lines.iter().map(|l| l.end - l.start).sum();
            assert!(chars + w.lines.len() * 2 >= w.glyphs.len() - w.lines.len());
            assert!(w.lines.iter().all(|l| l.width <= 20_000));
            // Before: minutes (a long word re-summed its line per character).
            assert!(started.elapsed().as_secs() < 10);
            let nowrap = wrap_text(&f, &text, 0.0, false);
            assert_eq!(nowrap.lines.len(), 1);
        }
    }

    #[test]
    fn newlines_are_kept_and_long_words_cut() {
        assert_eq!(lines("甲\n乙", 9.0), ["甲", "乙"]);
        assert_eq!(lines("甲\n\n乙\n", 9.0), ["甲", "", "乙"]);
        assert_eq!(lines("12345678901234567890", 3.0).len(), 4);
        assert_eq!(lines("", 3.0).len(), 0);
        assert_eq!(lines("甲乙", 0.0), ["甲", "乙"]);
    }
}
