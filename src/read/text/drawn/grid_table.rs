//! Grid tables: cells boxed by `+---+` borders and `|` sides. A merged
//! cell is a box over several columns or rows (a side or a border missing
//! inside it). Boxes are traced from their top-left corners as docutils
//! traces reStructuredText's; a table whose boxes do not tile it (a writer
//! that measured wide characters otherwise) is read row band by row band,
//! its cells split at the `|` of each line.

use super::{border, clean_cell, Border, DrawnCell};
use crate::read::text::cells::{char_display_width, join_wrapped};

/// Positions (lines × display columns) a table is traced in at most.
const MAX_MATRIX: usize = 4_000_000;

/// Filler for the second column of a wide character.
const WIDE: char = '\0';

/// The end (exclusive) of the grid table whose top border is line `top`:
/// the last border line of the run of `+` and `|` lines.
pub(super) fn block_end(lines: &[&str], top: usize) -> usize {
    let mut last = top;
    for (k, line) in lines.iter().enumerate().skip(top + 1) {
        let t = line.trim();
        if t.starts_with('+') {
            if border(line) == Some(Border::Grid) {
                last = k;
            }
        } else if !t.starts_with('|') {
            break;
        }
    }
    last + 1
}

/// The cells of a grid table's lines (`first`: the 1-based line of the top
/// border).
pub(super) fn cells(block: &[&str], first: usize) -> Vec<DrawnCell> {
    // The matrix is lines × columns: a huge block is cut line by line.
    let widest = block.iter().map(|l| l.len()).max().unwrap_or(0);
    if block.len().saturating_mul(widest) > MAX_MATRIX {
        return by_bands(block, first);
    }
    let indent = block[0].len() - block[0].trim_start().len();
    let matrix: Vec<Vec<char>> = block
        .iter()
        .map(|l| columns(l.get(indent..).unwrap_or("")))
        .collect();
    let width = matrix.iter().map(Vec::len).max().unwrap_or(0);
    let matrix: Vec<Vec<char>> = matrix
        .into_iter()
        .map(|mut r| {
            r.resize(width, ' ');
            r
        })
        .collect();
    match traced(&matrix, first) {
        Some(cells) => cells,
        None => by_bands(block, first),
    }
}

/// A line's characters by display column (a wide one, then [`WIDE`]).
fn columns(line: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(line.len());
    for ch in line.trim_end().chars() {
        out.push(ch);
        if char_display_width(ch) == 2 {
            out.push(WIDE);
        }
    }
    out
}

fn is_rule(c: char) -> bool {
    matches!(c, '-' | '=' | ':')
}

/// A box found at its corners: top and bottom border lines, left and right
/// side columns.
struct Box {
    top: usize,
    bottom: usize,
    left: usize,
    right: usize,
}

/// The boxes of the matrix, when they tile it.
fn traced(m: &[Vec<char>], first: usize) -> Option<Vec<DrawnCell>> {
    let (bottom, right) = (m.len().checked_sub(1)?, m[0].len().checked_sub(1)?);
    if m[0][0] != '+' || bottom == 0 || right == 0 {
        return None;
    }
    // done[col]: the lowest border a box over that column reaches so far.
    let mut done = vec![0usize; right + 1];
    let mut corners = vec![(0usize, 0usize)];
    let mut boxes = Vec::new();
    let mut area = 0usize;
    while let Some((top, left)) = corners.pop() {
        if top == bottom || left == right || top < done[left] {
            continue;
        }
        let Some(b) = trace(m, top, left) else {
            continue;
        };
        for d in &mut done[b.left..b.right] {
            *d = b.bottom;
        }
        area += (b.bottom - b.top) * (b.right - b.left);
        corners.push((b.top, b.right));
        corners.push((b.bottom, b.left));
        // Nearest the top-left first, as the boxes are read in order.
        corners.sort_by(|a, b| b.cmp(a));
        boxes.push(b);
    }
    if area != bottom * right {
        return None;
    }
    let mut tops: Vec<usize> = boxes.iter().map(|b| b.top).collect();
    let mut lefts: Vec<usize> = boxes.iter().map(|b| b.left).collect();
    tops.sort_unstable();
    tops.dedup();
    lefts.sort_unstable();
    lefts.dedup();
    let index = |v: &[usize], x: usize| v.partition_point(|&t| t < x);
    let mut cells: Vec<DrawnCell> = boxes
        .iter()
        .filter_map(|b| {
            let (text, line) = box_text(m, b);
            let (row, col) = (index(&tops, b.top), index(&lefts, b.left));
            let cell = DrawnCell {
                row,
                col,
                rows: index(&tops, b.bottom) - row,
                cols: index(&lefts, b.right) - col,
                text,
                line: first + line,
            };
            (!cell.text.is_empty() || cell.rows > 1 || cell.cols > 1).then_some(cell)
        })
        .collect();
    cells.sort_by_key(|c| (c.row, c.col));
    Some(cells)
}

/// The box whose top-left corner is at (top, left): along its top border
/// to a corner with a side going down, down that side to a corner with a
/// border going back left to a corner under (top, left).
fn trace(m: &[Vec<char>], top: usize, left: usize) -> Option<Box> {
    let row = &m[top];
    for (right, &c) in row.iter().enumerate().skip(left + 1) {
        match c {
            '+' => {
                if let Some(bottom) = trace_down(m, top, left, right) {
                    return Some(Box {
                        top,
                        bottom,
                        left,
                        right,
                    });
                }
            }
            c if is_rule(c) => {}
            _ => return None,
        }
    }
    None
}

fn trace_down(m: &[Vec<char>], top: usize, left: usize, right: usize) -> Option<usize> {
    for (bottom, row) in m.iter().enumerate().skip(top + 1) {
        match row[right] {
            '+' if closes(m, top, left, bottom, right) => return Some(bottom),
            '+' | '|' => {}
            _ => return None,
        }
    }
    None
}

/// Whether the bottom border and the left side close the box.
fn closes(m: &[Vec<char>], top: usize, left: usize, bottom: usize, right: usize) -> bool {
    let bottom_ok = m[bottom][left] == '+'
        && m[bottom][left + 1..right]
            .iter()
            .all(|&c| c == '+' || is_rule(c));
    bottom_ok
        && m[top + 1..bottom]
            .iter()
            .all(|r| matches!(r[left], '|' | '+'))
}

/// A box's text, its lines joined, and the first line (from the block's
/// top) that holds any.
fn box_text(m: &[Vec<char>], b: &Box) -> (String, usize) {
    let mut text = String::new();
    let mut line = b.top + 1;
    for (k, row) in m.iter().enumerate().take(b.bottom).skip(b.top + 1) {
        let piece: String = row[b.left + 1..b.right]
            .iter()
            .filter(|&&c| c != WIDE)
            .collect();
        let piece = piece.trim();
        if !piece.is_empty() && text.is_empty() {
            line = k;
        }
        join_wrapped(&mut text, piece.trim_end_matches('\\'));
    }
    (clean_cell(&text), line)
}

/// The rows between border lines, each line cut at its `|`, no spans.
fn by_bands(block: &[&str], first: usize) -> Vec<DrawnCell> {
    let mut cells = Vec::new();
    let mut row = 0;
    let mut texts: Vec<(String, usize)> = Vec::new();
    let flush = |texts: &mut Vec<(String, usize)>, row: &mut usize, cells: &mut Vec<DrawnCell>| {
        if texts.is_empty() {
            return;
        }
        for (col, (text, line)) in texts.drain(..).enumerate() {
            let text = clean_cell(&text);
            if !text.is_empty() {
                cells.push(DrawnCell {
                    row: *row,
                    col,
                    rows: 1,
                    cols: 1,
                    text,
                    line,
                });
            }
        }
        *row += 1;
    };
    for (k, line) in block.iter().enumerate() {
        let t = line.trim();
        if t.starts_with('+') {
            flush(&mut texts, &mut row, &mut cells);
            continue;
        }
        let inner = t.strip_prefix('|').unwrap_or(t);
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        for (col, piece) in inner.split('|').enumerate() {
            if texts.len() <= col {
                texts.resize(col + 1, (String::new(), 0));
            }
            let piece = piece.trim();
            if !piece.is_empty() && texts[col].0.is_empty() {
                texts[col].1 = first + k;
            }
            join_wrapped(&mut texts[col].0, piece.trim_end_matches('\\'));
        }
    }
    flush(&mut texts, &mut row, &mut cells);
    cells
}
