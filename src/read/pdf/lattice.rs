//! A page's tables from its ruling lines, as careful table extractors find
//! them: the lines that touch each other form a table; their distinct x and
//! y positions cut it into elementary cells; where an inner line is missing
//! the cells on both sides are one merged cell. Characters go to the cell
//! their centre falls in; text outside tables becomes lines of their own,
//! cut where a wide gap separates two pieces.

use super::content::{Glyph, PageContent, Rule};
use crate::read::table::is_page_number;

/// Distance (points) within which two positions are one.
const SNAP: f32 = 1.5;
/// Least height (points) of a row left open at the bottom of a table.
const OPEN_ROW: f32 = 4.0;

/// A cell of a page row: its left and right edges (points), rows spanned
/// and text.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxCell {
    /// Left edge.
    pub x0: f32,
    /// Right edge (for text outside tables, the end of the text).
    pub x1: f32,
    /// Page rows spanned (≥ 1).
    pub rows: usize,
    /// Text, lines joined.
    pub text: String,
    /// No ruling line closes the cell at the bottom of its table: it goes
    /// on (on the next page).
    pub open_below: bool,
    /// Room left after the text's last line, in font sizes: for text going
    /// on on the next page, whether its last line ended at a line break
    /// ([`continue_text`]).
    pub tail_room: f32,
    /// Lines of text the cell shows (wrapped lines counted).
    pub lines: usize,
}

/// One row of a page: a row of a ruled table or a line of text.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRow {
    /// Cells starting in this row, left to right.
    pub cells: Vec<BoxCell>,
    /// The table (page-local index) the row belongs to, `None` for text.
    pub table: Option<usize>,
}

impl PageRow {
    /// What identifies a repeated heading row: its cells' text and shape.
    pub fn signature(&self) -> String {
        let mut s = String::new();
        for c in &self.cells {
            s.push_str(&format!(
                "{:.0}|{:.0}|{}|{}\u{1}",
                c.x0, c.x1, c.rows, c.text
            ));
        }
        s
    }
}

/// Groups positions closer than 1.5 points; returns the sorted group means.
pub fn cluster(mut v: Vec<f32>) -> Vec<f32> {
    v.retain(|x| x.is_finite());
    v.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((sum, n)) if x - *sum / *n as f32 <= SNAP => {
                *sum += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f32).collect()
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// Joins collinear overlapping or touching rules: rules are grouped by
/// their line (within half a point), then their spans merged.
fn merge_rules(rules: &[Rule]) -> (Vec<Rule>, Vec<Rule>) {
    let (h, v): (Vec<Rule>, Vec<Rule>) = rules.iter().partition(|r| r.is_horizontal());
    // (line position, start, end) for each rule of one direction.
    let join = |spans: Vec<(f32, f32, f32)>| -> Vec<(f32, f32, f32)> {
        let mut spans = spans;
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut out = Vec::new();
        let mut group: Vec<(f32, f32, f32)> = Vec::new();
        let flush = |group: &mut Vec<(f32, f32, f32)>, out: &mut Vec<(f32, f32, f32)>| {
            if group.is_empty() {
                return;
            }
            let at = group.iter().map(|g| g.0).sum::<f32>() / group.len() as f32;
            group.sort_by(|a, b| a.1.total_cmp(&b.1));
            let mut cur: Option<(f32, f32)> = None;
            for &(_, s, e) in group.iter() {
                cur = match cur {
                    Some((cs, ce)) if s <= ce + SNAP => Some((cs, ce.max(e))),
                    Some((cs, ce)) => {
                        out.push((at, cs, ce));
                        Some((s, e))
                    }
                    None => Some((s, e)),
                };
            }
            if let Some((cs, ce)) = cur {
                out.push((at, cs, ce));
            }
            group.clear();
        };
        for span in spans {
            if group.first().is_some_and(|g| span.0 - g.0 > 0.5) {
                flush(&mut group, &mut out);
            }
            group.push(span);
        }
        flush(&mut group, &mut out);
        out
    };
    let h = join(h.iter().map(|r| (r.y0, r.x0, r.x1)).collect())
        .into_iter()
        .map(|(y, x0, x1)| Rule {
            x0,
            y0: y,
            x1,
            y1: y,
        })
        .collect();
    let v = join(v.iter().map(|r| (r.x0, r.y0, r.y1)).collect())
        .into_iter()
        .map(|(x, y0, y1)| Rule {
            x0: x,
            y0,
            x1: x,
            y1,
        })
        .collect();
    (h, v)
}

/// One ruled table of a page.
struct Table {
    /// Column edges, left to right.
    xs: Vec<f32>,
    /// Row edges, top to bottom.
    ys: Vec<f32>,
    /// Merged regions: (top row, left col, bottom row, right col), inclusive.
    regions: Vec<(usize, usize, usize, usize)>,
    /// Per region: reaches the table's last edge with no line under it.
    open_below: Vec<bool>,
    /// Elementary cell → region.
    owner: Vec<usize>,
}

impl Table {
    fn contains(&self, x: f32, y: f32) -> bool {
        let (Some(&l), Some(&r), Some(&t), Some(&b)) = (
            self.xs.first(),
            self.xs.last(),
            self.ys.first(),
            self.ys.last(),
        ) else {
            return false;
        };
        x >= l && x <= r && y <= t && y >= b
    }

    fn region_at(&self, x: f32, y: f32) -> Option<usize> {
        let j = self.xs.partition_point(|&e| e <= x).checked_sub(1)?;
        let i = self.ys.partition_point(|&e| e >= y).checked_sub(1)?;
        let w = self.xs.len() - 1;
        (j < w && i < self.ys.len() - 1).then(|| self.owner[i * w + j])
    }
}

/// Builds the tables of a page from its rules.
fn tables(rules: &[Rule]) -> Vec<Table> {
    let (h, v) = merge_rules(rules);
    let n = h.len() + v.len();
    let mut uf = UnionFind((0..n).collect());
    for (i, a) in h.iter().enumerate() {
        for (j, b) in v.iter().enumerate() {
            let touch = b.x0 >= a.x0 - SNAP * 2.0
                && b.x0 <= a.x1 + SNAP * 2.0
                && a.y0 >= b.y0 - SNAP * 2.0
                && a.y0 <= b.y1 + SNAP * 2.0;
            if touch {
                uf.union(i, h.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Rule>, Vec<Rule>)> = Default::default();
    for (i, r) in h.iter().enumerate() {
        groups.entry(uf.find(i)).or_default().0.push(*r);
    }
    for (j, r) in v.iter().enumerate() {
        groups.entry(uf.find(h.len() + j)).or_default().1.push(*r);
    }
    groups
        .into_values()
        .filter_map(|(h, v)| table(&h, &v))
        .collect()
}

fn table(h: &[Rule], v: &[Rule]) -> Option<Table> {
    let xs = cluster(v.iter().map(|r| r.x0).collect());
    let mut ys = cluster(h.iter().map(|r| r.y0).collect());
    ys.reverse();
    // Side lines running on below the last horizontal line: a row left
    // open at the foot of the page (it goes on on the next page) ends
    // where they end.
    let low = v.iter().map(|r| r.y0).fold(f32::INFINITY, f32::min);
    let reaching = v.iter().filter(|r| (r.y0 - low).abs() <= SNAP).count();
    if ys.last().is_some_and(|&b| low < b - OPEN_ROW) && reaching >= 2 {
        ys.push(low);
    }
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (w, hgt) = (xs.len() - 1, ys.len() - 1);
    let covers_v = |x: f32, y: f32| {
        v.iter()
            .any(|r| (r.x0 - x).abs() <= SNAP && r.y0 <= y && r.y1 >= y)
    };
    let covers_h = |y: f32, x: f32| {
        h.iter()
            .any(|r| (r.y0 - y).abs() <= SNAP && r.x0 <= x && r.x1 >= x)
    };
    let mut uf = UnionFind((0..w * hgt).collect());
    for i in 0..hgt {
        let ym = (ys[i] + ys[i + 1]) / 2.0;
        for j in 0..w {
            let xm = (xs[j] + xs[j + 1]) / 2.0;
            if j + 1 < w && !covers_v(xs[j + 1], ym) {
                uf.union(i * w + j, i * w + j + 1);
            }
            if i + 1 < hgt && !covers_h(ys[i + 1], xm) {
                uf.union(i * w + j, (i + 1) * w + j);
            }
        }
    }
    let mut index = std::collections::HashMap::new();
    let mut regions: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut owner = vec![0; w * hgt];
    for i in 0..hgt {
        for j in 0..w {
            let root = uf.find(i * w + j);
            let k = *index.entry(root).or_insert_with(|| {
                regions.push((i, j, i, j));
                regions.len() - 1
            });
            let r = &mut regions[k];
            r.0 = r.0.min(i);
            r.1 = r.1.min(j);
            r.2 = r.2.max(i);
            r.3 = r.3.max(j);
            owner[i * w + j] = k;
        }
    }
    let bottom = ys[hgt];
    let open_below = regions
        .iter()
        .map(|&(_, j0, i1, j1)| i1 + 1 == hgt && !covers_h(bottom, (xs[j0] + xs[j1 + 1]) / 2.0))
        .collect();
    Some(Table {
        xs,
        ys,
        regions,
        open_below,
        owner,
    })
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Glyphs as lines of text: grouped by baseline, ordered top to bottom and
/// left to right; a line is cut into pieces where a gap wider than
/// `cut_gap` sizes separates glyphs.
pub(super) fn lines(mut glyphs: Vec<&Glyph>, cut_gap: f32) -> Vec<TextLine> {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (row[0].y - g.y).abs() <= row[0].size.max(g.size) * 0.4 => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            let top = row
                .iter()
                .map(|g| g.y + g.size * 0.8)
                .fold(f32::MIN, f32::max);
            let size = row.iter().map(|g| g.size).fold(0.0, f32::max);
            let mut pieces: Vec<(f32, f32, String)> = Vec::new();
            for g in row {
                let size = g.size.max(1.0);
                match pieces.last_mut() {
                    Some((_, x1, text)) if g.x - *x1 <= cut_gap * size => {
                        let blank = g.text.trim().is_empty() || text.ends_with(' ');
                        if g.x - *x1 > 0.25 * size && !blank {
                            text.push(' ');
                        }
                        text.push_str(&g.text);
                        *x1 = x1.max(g.x + g.w);
                    }
                    _ => pieces.push((g.x, g.x + g.w, g.text.clone())),
                }
            }
            // Trailing spaces stay: a line wrapped after a space keeps it.
            for p in &mut pieces {
                p.2 = p.2.trim_start().to_string();
            }
            pieces.retain(|p| !p.2.trim().is_empty());
            TextLine { top, size, pieces }
        })
        .filter(|l| !l.pieces.is_empty())
        .collect()
}

/// A line of text: its top, font size and pieces (left, right, text).
pub(super) struct TextLine {
    /// Top of the line (points from the page's bottom).
    pub top: f32,
    /// Largest font size in it.
    pub size: f32,
    /// Pieces separated by wide gaps, left to right.
    pub pieces: Vec<(f32, f32, String)>,
}

/// Width, in font sizes, of the piece a line opens with that cannot be
/// broken: up to the first line-break opportunity of UAX #14 (a CJK
/// character with the punctuation that may not start a line after it, a
/// number with its `%`, a Latin word).
fn first_unit(text: &str) -> f32 {
    let end = unicode_linebreak::linebreaks(text)
        .next()
        .map_or(text.len(), |(i, _)| i);
    text[..end].trim_end().chars().map(width_in_sizes).sum()
}

/// A character's width in font sizes, roughly: CJK and full-width forms
/// are one, `%` and capitals nearly so, other Latin text about half.
fn width_in_sizes(c: char) -> f32 {
    if is_cjk(c) {
        1.0
    } else if c == '%' || c.is_ascii_uppercase() {
        0.8
    } else {
        0.55
    }
}

/// One line of a cell: its left and right ends, font size and text.
struct CellLine {
    x0: f32,
    x1: f32,
    size: f32,
    text: String,
}

/// Joins the lines of one cell (`x0..x1` its edges). A line that ends
/// short — the next line's first character or word would have fitted after
/// it, the left padding allowed for on the right too — ended at a line
/// break of the text (kept as `\n`); others were wrapped: CJK joins
/// directly, Latin words and numbers with a space, ASCII punctuation with
/// a space when the text spaces it elsewhere.
fn join_lines(lines: &[CellLine], x0: f32, x1: f32) -> String {
    let pad = lines
        .iter()
        .map(|l| l.x0 - x0)
        .fold(f32::MAX, f32::min)
        .max(0.0);
    let mut out = String::new();
    let mut after_punct = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            let prev = &lines[k - 1];
            let room = (x1 - pad - prev.x1) / line.size.max(1.0);
            if wrap_point(&mut out, room, &line.text) {
                // Writers drop the space a line was wrapped at: after ASCII
                // punctuation there was one if the text puts one elsewhere.
                after_punct.push(out.len());
            }
        }
        out.push_str(&line.text);
    }
    if spaced_punctuation(&out) {
        for at in after_punct.into_iter().rev() {
            out.insert(at, ' ');
        }
    }
    out.trim_end().to_string()
}

/// Ends `out` where the line `next` follows it: a line break when `room`
/// (font sizes left after the line) would have held a character more than
/// the next unbreakable piece, a space between Latin words. Whether the
/// line ended at ASCII punctuation (a space may have been dropped there).
fn wrap_point(out: &mut String, room: f32, next: &str) -> bool {
    let (a, b) = (
        out.chars().last().unwrap_or(' '),
        next.chars().next().unwrap_or(' '),
    );
    if room > first_unit(next) + 0.3 {
        out.truncate(out.trim_end().len());
        out.push('\n');
    } else if a == ' ' || (a.is_ascii_digit() && b.is_ascii_digit()) {
        // A number a writer broke anywhere (CSS break-all) goes on as is.
    } else if !is_cjk(a) && !is_cjk(b) && a.is_alphanumeric() && b.is_alphanumeric() {
        out.push(' ');
    } else if ",;:!?".contains(a) && !b.is_ascii_punctuation() {
        return true;
    }
    false
}

/// The text of a cell whose row a page break cut between lines: the part
/// on the next page goes on after the first part's last line as a wrapped
/// line does (`tail_room` as in [`BoxCell::tail_room`]).
///
/// ```
/// use jixiao::read::pdf::lattice::continue_text;
/// assert_eq!(continue_text("征地养老", 0.2, "慰问经费"), "征地养老慰问经费");
/// assert_eq!(continue_text("一、完成", 9.0, "二、完成"), "一、完成\n二、完成");
/// ```
pub fn continue_text(first: &str, tail_room: f32, next: &str) -> String {
    let mut out = first.to_string();
    if wrap_point(&mut out, tail_room, next) && spaced_punctuation(first) {
        out.push(' ');
    }
    out.push_str(next);
    out
}

/// Whether ASCII punctuation in a text is mostly followed by a space.
fn spaced_punctuation(text: &str) -> bool {
    let (mut spaced, mut tight) = (0, 0);
    let chars: Vec<char> = text.chars().collect();
    for w in chars.windows(2) {
        if ",;:!?".contains(w[0]) {
            match w[1] {
                ' ' => spaced += 1,
                '\n' => {}
                c if !c.is_ascii_digit() => tight += 1,
                _ => {}
            }
        }
    }
    spaced > tight
}

/// Lines of text outside tables, page numbers left out.
fn text_lines(glyphs: Vec<&Glyph>, cut_gap: f32) -> Vec<TextLine> {
    let mut text = lines(glyphs, cut_gap);
    text.retain(|l| {
        let whole: Vec<&str> = l.pieces.iter().map(|p| p.2.as_str()).collect();
        !is_page_number(&whole.join(" "))
    });
    text
}

/// The page's lines of text when it has no ruling lines at all (page
/// numbers left out), else None.
pub(super) fn lines_free_text(page: &PageContent) -> Option<Vec<TextLine>> {
    tables(&page.rules)
        .is_empty()
        .then(|| text_lines(page.glyphs.iter().collect(), 0.6))
}

/// The rows of a page: ruled tables cut into their rows, text outside
/// them as lines, top to bottom; page numbers left out.
pub fn page_rows(page: &PageContent) -> Vec<PageRow> {
    let tables = tables(&page.rules);
    let mut in_region: Vec<Vec<Vec<&Glyph>>> = tables
        .iter()
        .map(|t| vec![Vec::new(); t.regions.len()])
        .collect();
    let mut outside = Vec::new();
    for g in &page.glyphs {
        let (cx, cy) = (g.x + g.w / 2.0, g.y + g.size * 0.3);
        let hit = tables
            .iter()
            .enumerate()
            .find(|(_, t)| t.contains(cx, cy))
            .and_then(|(k, t)| Some((k, t.region_at(cx, cy)?)));
        match hit {
            Some((k, r)) => in_region[k][r].push(g),
            None => outside.push(g),
        }
    }
    // (top y, rows) blocks, sorted top to bottom afterwards.
    let mut blocks: Vec<(f32, Vec<PageRow>)> = Vec::new();
    for (k, t) in tables.iter().enumerate() {
        let mut rows: Vec<PageRow> = (0..t.ys.len() - 1)
            .map(|_| PageRow {
                cells: Vec::new(),
                table: Some(k),
            })
            .collect();
        for (r, &(i0, j0, i1, j1)) in t.regions.iter().enumerate() {
            let glyphs = std::mem::take(&mut in_region[k][r]);
            let size = glyphs.iter().map(|g| g.size).fold(0.0, f32::max);
            let shown = lines(glyphs, f32::INFINITY);
            let line_count = shown.len();
            let texts: Vec<CellLine> = shown
                .into_iter()
                .flat_map(|l| l.pieces)
                .map(|(x0, x1, text)| CellLine { x0, x1, size, text })
                .collect();
            let (x0, x1) = (t.xs[j0], t.xs[j1 + 1]);
            let pad = texts.iter().map(|l| l.x0 - x0).fold(f32::MAX, f32::min);
            let tail_room = texts
                .last()
                .map_or(0.0, |l| (x1 - pad.max(0.0) - l.x1) / size.max(1.0));
            rows[i0].cells.push(BoxCell {
                x0,
                x1,
                rows: i1 - i0 + 1,
                text: join_lines(&texts, x0, x1),
                open_below: t.open_below[r],
                tail_room,
                lines: line_count,
            });
        }
        for row in &mut rows {
            row.cells.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        }
        blocks.push((t.ys[0], rows));
    }
    let text = text_lines(outside, if tables.is_empty() { 0.6 } else { 1.5 });
    if tables.is_empty() {
        // No ruling lines on the page: a table by text alignment.
        return super::stream::rows(&text);
    }
    for line in text {
        let cells = line
            .pieces
            .into_iter()
            .map(|(x0, x1, text)| BoxCell {
                x0,
                x1,
                rows: 1,
                text: text.trim_end().to_string(),
                open_below: false,
                tail_room: 0.0,
                lines: 1,
            })
            .collect();
        blocks.push((line.top, vec![PageRow { cells, table: None }]));
    }
    blocks.sort_by(|a, b| b.0.total_cmp(&a.0));
    blocks.into_iter().flat_map(|(_, rows)| rows).collect()
}

#[cfg(test)]
mod tests;
