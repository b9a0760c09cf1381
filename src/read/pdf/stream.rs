//! Tables without ruling lines, by text alignment (as "stream" extractors
//! read them): columns are the white-space channels that run down the page
//! between the pieces of text; lines closer than a wrapped cell's line
//! spacing are one row; a piece that crosses a channel spans columns.

use super::lattice::{BoxCell, PageRow, TextLine};

/// Lines further apart than this many font sizes always start a new row.
const ROW_GAP: f32 = 2.5;

/// The spacing of a wrapped cell's lines: the smallest distance between
/// two consecutive lines of text in one column (at least 0.9 font sizes;
/// when it is over 1.4 sizes no cell wrapped, and 1.25 sizes is assumed).
fn line_spacing(lines: &[TextLine], col_of: &impl Fn(f32) -> usize) -> f32 {
    let mut last: std::collections::HashMap<usize, f32> = Default::default();
    let mut best = f32::MAX;
    let mut size = 0.0f32;
    for line in lines {
        size = size.max(line.size);
        for p in &line.pieces {
            let c = col_of(p.0 + 0.5);
            if let Some(&top) = last.get(&c) {
                let gap = top - line.top;
                if gap >= 0.9 * line.size {
                    best = best.min(gap);
                }
            }
            last.insert(c, line.top);
        }
    }
    if best > 1.4 * size {
        1.25 * size
    } else {
        best
    }
}

/// The leftmost and rightmost x of the lines' text.
fn span(lines: &[TextLine]) -> Option<(f32, f32)> {
    let left = lines
        .iter()
        .flat_map(|l| l.pieces.iter().map(|p| p.0))
        .reduce(f32::min)?;
    let right = lines
        .iter()
        .flat_map(|l| l.pieces.iter().map(|p| p.1))
        .reduce(f32::max)?;
    Some((left, right))
}

/// Column edges (left to right, both outer edges included): the middles
/// of the gaps between neighbouring pieces of each line, gathered over the
/// band's lines (within a few points), so pieces of one line never share a
/// column and columns line up where the gaps do.
fn column_edges(lines: &[TextLine]) -> Vec<f32> {
    let Some((left, right)) = span(lines) else {
        return Vec::new();
    };
    let mut gaps: Vec<f32> = lines
        .iter()
        .flat_map(|l| l.pieces.windows(2).map(|w| (w[0].1 + w[1].0) / 2.0))
        .collect();
    gaps.sort_by(f32::total_cmp);
    let mut edges = vec![left];
    let mut group: Vec<f32> = Vec::new();
    for g in gaps {
        if group.first().is_some_and(|&f| g - f > 6.0) {
            edges.push(group.iter().sum::<f32>() / group.len() as f32);
            group.clear();
        }
        group.push(g);
    }
    if !group.is_empty() {
        edges.push(group.iter().sum::<f32>() / group.len() as f32);
    }
    edges.push(right + 0.5);
    edges
}

/// The rows of a page whose text has no ruling lines. A line holding a
/// piece wider than a third of the text (a title, a long merged cell)
/// separates bands; each band finds its own columns, as the blocks of a
/// form (funding table, indicator table) have columns of their own.
pub(super) fn rows(lines: &[TextLine]) -> Vec<PageRow> {
    let Some((left, right)) = span(lines) else {
        return Vec::new();
    };
    let wide = |l: &TextLine| l.pieces.iter().any(|p| p.1 - p.0 >= (right - left) / 3.0);
    let mut out = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        let w = wide(&lines[start]);
        let end = start + lines[start..].iter().take_while(|l| wide(l) == w).count();
        out.extend(band_rows(&lines[start..end]));
        start = end;
    }
    out
}

/// The rows of one band of lines.
fn band_rows(lines: &[TextLine]) -> Vec<PageRow> {
    let edges = column_edges(lines);
    let col_of = |x: f32| edges.partition_point(|&e| e <= x).saturating_sub(1);
    let mut out: Vec<PageRow> = Vec::new();
    // Column → text of the current row, top to bottom.
    let mut current: Vec<(usize, usize, String)> = Vec::new();
    let mut last_top = f32::MAX;
    let flush = |current: &mut Vec<(usize, usize, String)>, out: &mut Vec<PageRow>| {
        if current.is_empty() {
            return;
        }
        current.sort_by_key(|c| c.0);
        let cells = current
            .drain(..)
            .map(|(c0, c1, text)| BoxCell {
                x0: edges[c0],
                x1: edges[(c1 + 1).min(edges.len() - 1)],
                rows: 1,
                text,
                open_below: false,
                tail_room: 0.0,
                lines: 1,
            })
            .collect();
        out.push(PageRow { cells, table: None });
    };
    let spacing = line_spacing(lines, &col_of);
    // Top of the last line each column got in the current row.
    let mut col_top: std::collections::HashMap<usize, f32> = Default::default();
    for line in lines {
        let size = line.size.max(1.0);
        // A new row: a wide vertical gap, or a column whose text in this
        // row is further above than a wrapped line would be.
        let breaks = line.pieces.iter().any(|p| {
            col_top
                .get(&col_of(p.0 + 0.5))
                .is_some_and(|&top| top - line.top > spacing * 1.15)
        });
        if breaks || last_top - line.top > ROW_GAP * size {
            flush(&mut current, &mut out);
            col_top.clear();
        }
        last_top = line.top;
        for (x0, x1, text) in &line.pieces {
            let (c0, c1) = (col_of(*x0 + 0.5), col_of(*x1 - 0.5).max(col_of(*x0 + 0.5)));
            col_top.insert(c0, line.top);
            let text = text.trim_end();
            match current.iter_mut().find(|c| c.0 == c0) {
                Some(cell) => {
                    let (a, b) = (
                        cell.2.chars().last().unwrap_or(' '),
                        text.chars().next().unwrap_or(' '),
                    );
                    if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
                        cell.2.push(' ');
                    }
                    cell.2.push_str(text);
                    cell.1 = cell.1.max(c1);
                }
                None => current.push((c0, c1, text.to_string())),
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(top: f32, pieces: &[(f32, f32, &str)]) -> TextLine {
        TextLine {
            top,
            size: 10.0,
            pieces: pieces
                .iter()
                .map(|&(a, b, t)| (a, b, t.to_string()))
                .collect(),
        }
    }

    #[test]
    fn channels_make_columns_and_close_lines_one_row() {
        let lines = vec![
            line(
                100.0,
                &[
                    (0.0, 40.0, "项目名称"),
                    (60.0, 90.0, "宣传费"),
                    (150.0, 180.0, "10.00"),
                ],
            ),
            line(80.0, &[(0.0, 40.0, "绩效指标"), (60.0, 100.0, "征地养老")]),
            line(67.0, &[(60.0, 80.0, "慰问")]),
        ];
        let rows = rows(&lines);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].cells[1].text, "征地养老慰问");
        assert!(rows[1].cells[0].x1 < rows[1].cells[1].x0 + 0.1);
    }
}
