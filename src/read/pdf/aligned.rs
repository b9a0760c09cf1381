//! Pages without a single ruling line, written out as aligned text (each
//! piece of a line at the character column its x gives, as `pdftotext
//! -layout` writes a page) for the aligned-text reader, which finds the
//! tables by their headings. That reader reads such pages far better than
//! columns cut from white-space channels ([`super::stream`]): a label wider
//! than the heading above it, or a blank cell, does not shift the columns.

use std::collections::HashSet;

use super::lattice::TextLine;
use crate::read::text::char_width;
use crate::read::Place;

/// Least spaces between two pieces: the aligned-text reader's cell gap.
const GAP: usize = 2;

/// Aligned text of the pages read so far, with the page of every line.
#[derive(Debug, Default)]
pub struct AlignedText {
    /// The lines, `\n`-terminated.
    pub text: String,
    /// The page (1-based) of each line, by line number − 1.
    pub page_of_line: Vec<usize>,
    /// The previous page's lines, white space left out (repeated heading
    /// rows are found among them).
    previous: HashSet<String>,
    /// Every piece of text shown so far (a running header names one).
    shown: HashSet<String>,
}

impl AlignedText {
    /// Adds one page's lines, top to bottom. A continued page's running
    /// header (“项目名（续）”) and the heading rows it repeats from the page
    /// before are left out, as the ruled reader leaves them out.
    pub(super) fn push_page(&mut self, page: usize, lines: &[TextLine]) {
        let Some(left) = lines
            .iter()
            .flat_map(|l| l.pieces.first().map(|p| p.0))
            .reduce(f32::min)
        else {
            return;
        };
        let mut skip = 0;
        let continued = !self.page_of_line.is_empty();
        let header = continued && lines.len() > 1 && self.is_running_header(&lines[0]);
        skip += usize::from(header);
        // Heading rows: several cells, or any line under a running header.
        while continued
            && lines.get(skip).is_some_and(|l| {
                (header || l.pieces.len() >= 3) && self.previous.contains(&squeezed(l))
            })
        {
            skip += 1;
        }
        let page_lines: HashSet<String> = lines.iter().map(squeezed).collect();
        self.shown.extend(
            lines
                .iter()
                .flat_map(|l| l.pieces.iter().map(|p| p.2.trim().to_string())),
        );
        // One column is half a CJK character: the page's most common size.
        let unit = common_size(lines) / 2.0;
        for line in &lines[skip..] {
            self.push_line(line, left, unit);
            self.page_of_line.push(page);
        }
        self.previous = page_lines;
    }

    fn push_line(&mut self, line: &TextLine, left: f32, unit: f32) {
        let mut width = 0usize;
        let start = self.text.len();
        for (x0, _, text) in &line.pieces {
            let at = ((x0 - left) / unit).round().max(0.0) as usize;
            let at = if self.text.len() == start {
                at
            } else {
                at.max(width + GAP)
            };
            self.text.extend(std::iter::repeat_n(' ', at - width));
            width = at;
            for ch in text.trim_end().chars() {
                self.text.push(ch);
                width += char_width(ch);
            }
        }
        self.text.push('\n');
    }

    /// A lone piece ending in （续） that names a text shown before.
    fn is_running_header(&self, line: &TextLine) -> bool {
        match &line.pieces[..] {
            [(_, _, text)] => super::pages::is_running_header(text, &self.shown),
            _ => false,
        }
    }

    /// The page a place in the text stands on.
    pub fn page_of(&self, place: &Place) -> Place {
        let page = |n: usize| self.page_of_line.get(n.wrapping_sub(1)).copied();
        match place {
            Place::Line(n) | Place::Lines(n, _) => page(*n).map_or(place.clone(), Place::Page),
            other => other.clone(),
        }
    }
}

/// A line's text without white space, its pieces told apart.
fn squeezed(line: &TextLine) -> String {
    let pieces = line
        .pieces
        .iter()
        .map(|p| p.2.split_whitespace().collect::<String>());
    pieces.collect::<Vec<_>>().join("|")
}

/// The font size most lines have (a title's larger size aside).
fn common_size(lines: &[TextLine]) -> f32 {
    let mut sizes: Vec<f32> = lines.iter().map(|l| l.size.max(1.0)).collect();
    sizes.sort_by(f32::total_cmp);
    sizes[sizes.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(top: f32, pieces: &[(f32, &str)]) -> TextLine {
        TextLine {
            top,
            size: 10.0,
            pieces: pieces
                .iter()
                .map(|&(x, t)| (x, x + 10.0 * t.chars().count() as f32, t.to_string()))
                .collect(),
        }
    }

    #[test]
    fn pieces_stand_at_their_columns_and_keep_a_gap() {
        let mut a = AlignedText::default();
        a.push_page(
            3,
            &[
                line(700.0, &[(50.0, "一级指标"), (150.0, "二级指标")]),
                // 产出指标 ends at 90; 数量 starts at 95: pushed to a gap.
                line(680.0, &[(50.0, "产出指标"), (95.0, "数量指标")]),
            ],
        );
        assert_eq!(a.text, "一级指标            二级指标\n产出指标  数量指标\n");
        assert_eq!(a.page_of(&Place::Line(2)), Place::Page(3));
        assert_eq!(a.page_of(&Place::Line(9)), Place::Line(9));
    }
}
