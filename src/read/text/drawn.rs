//! Tables drawn with characters, as pandoc writes Markdown and
//! reStructuredText: multiline and simple tables (columns marked by runs of
//! dashes, rows apart by blank lines or one per line) and grid tables
//! (`+----+` borders, `|` between cells, spans where a border is missing).
//! Each table is a grid with its cells in their columns and spans, the text
//! just above it (a sheet's or section's heading) as rows over it, every
//! cell placed at its line; the recognizer reads the forms.
//!
//! Cell text wrapped over lines is joined as the other shapes join it
//! (Chinese with no space); pandoc's Markdown marks are undone (`**bold**`,
//! `\` escapes and line ends, `---` for a dash).

mod grid_table;

use super::cells::{char_display_width, join_wrapped};
use super::{ReadError, ReadOutput, Vocabulary};
use crate::read::grid::{Grid, GridPlaces, Value};
use crate::read::recognize::MAX_CELLS;
use crate::read::table::AROUND_LINES;

/// A line that draws part of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Border {
    /// `+-----+----+` (`=` and `:` too): a grid table's border.
    Grid,
    /// Runs of dashes (or `=`) apart by spaces: a table's columns,
    /// `[start, end)` in display columns.
    Ruler(Vec<(usize, usize)>),
    /// One run of dashes: the top or bottom of a multiline table.
    Full(usize, usize),
}

/// A cell of a drawn table: place in the table (0-based), spans, text, and
/// the line its text starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
struct DrawnCell {
    row: usize,
    col: usize,
    rows: usize,
    cols: usize,
    text: String,
    line: usize,
}

/// Whether a text holds tables drawn with characters (two of their
/// borders at least).
pub(super) fn has_drawn_tables(text: &str) -> bool {
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b"---").is_none()
        && memchr::memmem::find(bytes, b"===").is_none()
    {
        return false;
    }
    let mut borders = 0;
    for line in text.lines() {
        if matches!(border(line), Some(Border::Grid | Border::Ruler(_))) {
            borders += 1;
            if borders >= 2 {
                return true;
            }
        }
    }
    false
}

/// Whether bytes may hold a drawn table's border (a file scanned in chunks
/// before streaming; [`has_drawn_tables`] decides on the whole text).
pub(super) fn may_hold_drawn_table(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"--- --").is_some()
        || memchr::memmem::find(bytes, b"+---").is_some()
        || memchr::memmem::find(bytes, b"=== ==").is_some()
        || memchr::memmem::find(bytes, b"+===").is_some()
}

/// Reads the forms in a text's drawn tables; `note` is the decoder's.
pub(super) fn read_drawn_tables(
    text: &str,
    note: Option<String>,
    file: &str,
    vocab: &Vocabulary,
) -> Result<ReadOutput, ReadError> {
    let lines: Vec<&str> = text.lines().collect();
    let grids = drawn_grids(&lines).map_err(|what| ReadError::Encoding {
        file: file.to_string(),
        what,
    })?;
    let mut out = crate::read::html::read_grids(&grids, file, "表格", vocab)?;
    super::decode::note_first(&mut out.warnings, note);
    Ok(out)
}

/// Every drawn table of the lines as a grid, the text above each (up to
/// [`AROUND_LINES`] lines since the table before) as rows over it.
fn drawn_grids(lines: &[&str]) -> Result<Vec<Grid>, String> {
    let mut grids = Vec::new();
    let mut above: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (cells, end) = match border(lines[i]) {
            Some(Border::Grid) => {
                let end = grid_table::block_end(lines, i);
                (grid_table::cells(&lines[i..end], i + 1), end)
            }
            Some(Border::Ruler(cols)) => {
                // A simple table's heading stands right above its ruler.
                let heading = i > 0 && above.last().is_some_and(|a| a.0 == i);
                if heading {
                    above.pop();
                }
                let (end, close) = body_end(lines, i + 1, &cols, heading);
                let top = if heading { i - 1 } else { i };
                let head = ruled_cells(&lines[top..i], top + 1, &cols, true);
                (
                    stack(head, ruled_cells(&lines[i + 1..end], i + 2, &cols, false)),
                    close,
                )
            }
            Some(Border::Full(..)) => match ruler_below_heading(lines, i) {
                Some((r, cols)) => {
                    let (end, close) = body_end(lines, r + 1, &cols, false);
                    let head = ruled_cells(&lines[i + 1..r], i + 2, &cols, true);
                    (
                        stack(head, ruled_cells(&lines[r + 1..end], r + 2, &cols, false)),
                        close,
                    )
                }
                None => {
                    i += 1;
                    continue;
                }
            },
            None => {
                let text = clean_cell(lines[i].trim().trim_start_matches('#'));
                if !text.is_empty() && !is_markup_line(lines[i]) {
                    above.push((i + 1, text));
                }
                i += 1;
                continue;
            }
        };
        let name = format!("表{}", grids.len() + 1);
        let start = above.len().saturating_sub(AROUND_LINES);
        grids.push(table_grid(&name, &above[start..], cells)?);
        above.clear();
        i = end.max(i + 1);
    }
    Ok(grids)
}

/// A line of markup only: a fenced div (`:::`), a directive (`.. x::`).
fn is_markup_line(line: &str) -> bool {
    let t = line.trim();
    t.starts_with(":::") || (t.starts_with("..") && t.ends_with("::")) || t.starts_with(".. ")
}

/// The grid of one table: `above` lines as full-width rows over its cells.
fn table_grid(
    name: &str,
    above: &[(usize, String)],
    cells: Vec<DrawnCell>,
) -> Result<Grid, String> {
    let width = cells
        .iter()
        .map(|c| c.col + c.cols)
        .max()
        .unwrap_or(1)
        .max(1);
    let height = cells.iter().map(|c| c.row + c.rows).max().unwrap_or(0) + above.len();
    if height.saturating_mul(width) > MAX_CELLS {
        return Err(format!(
            "{name}：表格太大（{height} 行 × {width} 列），不像是一张表单"
        ));
    }
    let mut grid = Grid::new(name, GridPlaces::Lines);
    for (r, (line, text)) in above.iter().enumerate() {
        grid.push_span(r, 0, 1, width, Value::from_text(text.as_str()), *line);
    }
    for c in cells {
        let value = Value::from_text(c.text);
        grid.push_span(above.len() + c.row, c.col, c.rows, c.cols, value, c.line);
    }
    Ok(grid)
}

/// What a line draws, if anything.
fn border(line: &str) -> Option<Border> {
    let t = line.trim_end();
    let body = t.trim_start();
    let b = body.as_bytes();
    if b.len() < 3 {
        return None;
    }
    if b[0] == b'+' {
        let ok = b[b.len() - 1] == b'+'
            && b.iter().all(|c| matches!(c, b'+' | b'-' | b'=' | b':'))
            && b.iter().any(|c| matches!(c, b'-' | b'='));
        return ok.then_some(Border::Grid);
    }
    if !b.iter().all(|c| matches!(c, b'-' | b'=' | b' ')) {
        return None;
    }
    let indent = t.len() - body.len();
    let mut runs = Vec::new();
    let mut start = None;
    for (k, c) in b.iter().enumerate() {
        match (c, start) {
            (b' ', Some(s)) => {
                runs.push((indent + s, indent + k));
                start = None;
            }
            (b'-' | b'=', None) => start = Some(k),
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((indent + s, indent + b.len()));
    }
    match runs.as_slice() {
        [(s, e)] if e - s >= 3 && b[0] == b'-' => Some(Border::Full(*s, *e)),
        [_, _, ..] if runs.iter().all(|(s, e)| e - s >= 2) => Some(Border::Ruler(runs)),
        _ => None,
    }
}

/// A multiline table's column ruler under its heading lines, which follow
/// the top line `top` with no blank line between.
fn ruler_below_heading(lines: &[&str], top: usize) -> Option<(usize, Vec<(usize, usize)>)> {
    for (r, line) in lines.iter().enumerate().skip(top + 1).take(12) {
        match border(line) {
            Some(Border::Ruler(cols)) if r > top + 1 => return Some((r, cols)),
            _ if line.trim().is_empty() => return None,
            Some(_) => return None,
            None => {}
        }
    }
    None
}

/// Where a ruled table's body that starts at `from` ends (exclusive), and
/// the line after the table. A table ends at a line of dashes that closes
/// it (one run, or the same ruler again); a simple table with a heading
/// ends at a blank line too. A row of only `---` cells is not a close.
fn body_end(lines: &[&str], from: usize, cols: &[(usize, usize)], simple: bool) -> (usize, usize) {
    let (left, right) = (cols[0].0, cols[cols.len() - 1].1);
    for (k, line) in lines.iter().enumerate().skip(from) {
        if simple && line.trim().is_empty() {
            return (k, k);
        }
        match border(line) {
            Some(Border::Ruler(r)) if r == cols => return (k, k + 1),
            Some(Border::Full(s, e)) if s <= left + 2 && e + 2 >= right => return (k, k + 1),
            _ => {}
        }
    }
    (lines.len(), lines.len())
}

/// A table's heading cells over its body's.
fn stack(mut head: Vec<DrawnCell>, body: Vec<DrawnCell>) -> Vec<DrawnCell> {
    let next = head.iter().map(|c| c.row + 1).max().unwrap_or(0);
    head.extend(body.into_iter().map(|c| DrawnCell {
        row: c.row + next,
        ..c
    }));
    head
}

/// The cells of ruled lines (the first line 1-based `first`): rows are
/// apart by blank lines, or one per line when no line is blank; `one_row`:
/// all lines are one row (a heading over several lines).
fn ruled_cells(
    lines: &[&str],
    first: usize,
    cols: &[(usize, usize)],
    one_row: bool,
) -> Vec<DrawnCell> {
    let blank_rows = one_row || lines.iter().any(|l| l.trim().is_empty());
    let mut rows: Vec<Vec<(usize, &str)>> = Vec::new();
    let mut row: Vec<(usize, &str)> = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            continue;
        }
        row.push((first + k, line));
        if !blank_rows {
            rows.push(std::mem::take(&mut row));
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    let mut cells = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let mut texts = vec![(String::new(), 0usize); cols.len()];
        for (no, line) in row {
            for (c, piece) in slice_columns(line, cols).into_iter().enumerate() {
                if !piece.trim().is_empty() && texts[c].1 == 0 {
                    texts[c].1 = *no;
                }
                join_wrapped(&mut texts[c].0, piece.trim().trim_end_matches('\\'));
            }
        }
        for (c, (text, line)) in texts.into_iter().enumerate() {
            let text = clean_cell(&text);
            if !text.is_empty() {
                cells.push(DrawnCell {
                    row: r,
                    col: c,
                    rows: 1,
                    cols: 1,
                    text,
                    line,
                });
            }
        }
    }
    cells
}

/// A line cut at the columns' starts (display columns): what stands before
/// the first column belongs to it, what stands between two to the left one,
/// and a word over a column's start to the column it starts in (a title
/// wider than its column).
fn slice_columns<'a>(line: &'a str, cols: &[(usize, usize)]) -> Vec<&'a str> {
    let mut pieces = vec![""; cols.len()];
    let (mut col, mut start, mut pos, mut after_space) = (0usize, 0usize, 0usize, true);
    for (at, ch) in line.char_indices() {
        let space = ch.is_whitespace();
        while col + 1 < cols.len() && pos >= cols[col + 1].0 && (after_space || space) {
            pieces[col] = &line[start..at];
            start = at;
            col += 1;
        }
        after_space = space;
        pos += char_display_width(ch);
    }
    pieces[col] = &line[start..];
    pieces
}

/// A cell's text with pandoc's marks undone: `**bold**`, `\` escapes, `---`
/// and `--` for dashes, a trailing `\` (a line break), and `"…"` in
/// Chinese text, which pandoc writes for “…”.
fn clean_cell(text: &str) -> String {
    let text = unmark(text);
    if text.contains('"') && text.matches('"').count().is_multiple_of(2) && text.chars().any(is_cjk)
    {
        let mut open = false;
        return text
            .chars()
            .map(|c| match c {
                '"' => {
                    open = !open;
                    if open {
                        '“'
                    } else {
                        '”'
                    }
                }
                c => c,
            })
            .collect();
    }
    text
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Markdown's marks undone as pipe tables' cells are (`**…**`, `\`
/// escapes), then the rest pandoc writes: `**` inside, `---`/`--` for
/// dashes, `*…*` around a whole cell.
fn unmark(text: &str) -> String {
    let text =
        super::source::markdown_cell(text.trim().trim_end_matches('\\').trim()).replace("**", "");
    let text = text.replace("---", "—").replace("--", "–");
    let out = text.trim();
    match out.strip_prefix('*').and_then(|s| s.strip_suffix('*')) {
        Some(inner) if !inner.is_empty() => inner.trim().to_string(),
        _ => out.to_string(),
    }
}

#[cfg(test)]
mod tests;
