//! Document tables (web pages, Word files) as cell grids: cells placed by
//! their row and column spans, with the text around a table (its title
//! above, notes below) as full-width rows, as a spreadsheet of the page
//! would hold them.
//!
//! ```
//! use jixiao::read::table::{table_grid, Placed};
//! let cells = vec![Placed { row: 0, col: 0, rows: 1, cols: 2, text: "项目名称".into() }];
//! let grid = table_grid("表1", &["财政项目支出绩效自评表".to_string()], cells, &[]).unwrap();
//! assert_eq!(grid.cells[0].value.text(), "财政项目支出绩效自评表");
//! assert_eq!((grid.cells[1].row, grid.cells[1].cols), (1, 2));
//! ```

use super::grid::{Grid, GridPlaces, Value};
use super::recognize::MAX_CELLS;

/// A table cell with its place in the table (0-based) and spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// First row.
    pub row: usize,
    /// First column.
    pub col: usize,
    /// Rows spanned (≥ 1).
    pub rows: usize,
    /// Columns spanned (≥ 1).
    pub cols: usize,
    /// The text shown.
    pub text: String,
}

/// Lines of text kept above or below a table (a page's navigation can be
/// long; a form's title and unit line are the last lines before it).
pub const AROUND_LINES: usize = 8;

/// Builds the grid of one table: `above` lines (title, unit) as rows over
/// it, then its cells, then `below` lines. `None` when the table has no
/// text at all; an error text when it is too large to be a form.
pub fn table_grid(
    name: &str,
    above: &[String],
    cells: Vec<Placed>,
    below: &[String],
) -> Result<Grid, String> {
    let width = cells
        .iter()
        .map(|c| c.col.saturating_add(c.cols))
        .max()
        .unwrap_or(1)
        .max(1);
    let height = cells
        .iter()
        .map(|c| c.row.saturating_add(c.rows))
        .max()
        .unwrap_or(0);
    let above = tail(above);
    let below = &below[..below.len().min(AROUND_LINES)];
    let total = height + above.len() + below.len();
    if total.saturating_mul(width) > MAX_CELLS {
        return Err(format!(
            "{name}：表格太大（{total} 行 × {width} 列），不像是一张表单"
        ));
    }
    let mut grid = Grid::new(name, GridPlaces::Table);
    for (r, line) in above.iter().enumerate() {
        grid.push_span(r, 0, 1, width, Value::from_text(line.as_str()), 0);
    }
    let top = above.len();
    for c in cells {
        let value = Value::from_text(c.text);
        if !value.is_empty() || c.rows > 1 || c.cols > 1 {
            grid.push_span(top + c.row, c.col, c.rows, c.cols, value, 0);
        }
    }
    for (r, line) in below.iter().enumerate() {
        grid.push_span(
            top + height + r,
            0,
            1,
            width,
            Value::from_text(line.as_str()),
            0,
        );
    }
    Ok(grid)
}

fn tail(lines: &[String]) -> &[String] {
    &lines[lines.len().saturating_sub(AROUND_LINES)..]
}

/// Whether a line is only a page number (第 3 页, 第 3 页 共 5 页, 共5页
/// 第3页, - 3 -, 3/5): headers and footers, not form content.
pub fn is_page_number(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if t.chars().count() > 16 || !t.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let only = |extra: &[char]| t.chars().all(|c| c.is_ascii_digit() || extra.contains(&c));
    let dashed = ['-', '—', '－']
        .iter()
        .any(|d| t.starts_with(*d) && t.ends_with(*d));
    let (a, b) = t.split_once(['/', '／']).unwrap_or(("", ""));
    let numbers = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (t.contains('页') && only(&['第', '页', '共', ',', '，']))
        || (dashed && only(&['-', '—', '－']))
        || (numbers(a) && numbers(b))
        || t.strip_prefix("Page")
            .is_some_and(|r| r.split("of").all(numbers))
}

/// Collapses white space the way a browser shows text: runs of spaces,
/// tabs and line ends become one space; no-break spaces count as space.
pub fn collapse_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Joins a cell's lines (paragraphs, line breaks) with `\n`, each collapsed,
/// blank ones left out.
pub fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = collapse_space(line);
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
    out
}

/// How a cell joins the cells above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// Spans this many rows down (HTML `rowspan`).
    Rows(usize),
    /// Continues the cell above in the same column (Word `vMerge`).
    Continue,
}

/// One cell while its text is read.
struct OpenCell {
    lines: Vec<String>,
    merge: Merge,
    cols: usize,
    /// Explicit column (Word: columns before it in its row), or `None` to
    /// take the first free one (HTML).
    col: Option<usize>,
}

/// One table while it is read.
#[derive(Default)]
struct OpenTable {
    above: Vec<String>,
    rows: Vec<Vec<OpenCell>>,
    cell: Option<OpenCell>,
    in_row: bool,
    /// Holds another table: its text is read as text around tables.
    layout: bool,
}

impl OpenTable {
    fn close_cell(&mut self) {
        if let Some(cell) = self.cell.take() {
            if !self.in_row {
                self.rows.push(Vec::new());
                self.in_row = true;
            }
            if let Some(row) = self.rows.last_mut() {
                row.push(cell);
            }
        }
    }

    fn close_row(&mut self) {
        self.close_cell();
        self.in_row = false;
    }

    /// Every line of text the table holds so far, in reading order.
    fn lines(&mut self) -> Vec<String> {
        self.close_cell();
        let mut lines = std::mem::take(&mut self.above);
        for cell in self.rows.drain(..).flatten() {
            lines.extend(
                cell.lines
                    .iter()
                    .map(|l| collapse_space(l))
                    .filter(|l| !l.is_empty()),
            );
        }
        lines
    }
}

/// Reads a document's tables from events (table, row and cell starts and
/// ends, text, line breaks) in document order, and makes a grid of every
/// table that holds no other table. A table holding tables is page layout:
/// its own text is read as text around the inner tables, so nothing is lost
/// and a form nested in a layout table keeps its own rows and columns.
#[derive(Default)]
pub struct TableReader {
    tables: Vec<OpenTable>,
    flow: Vec<String>,
    line: String,
    grids: Vec<Grid>,
}

impl TableReader {
    /// A new table starts (inside the current cell, if any).
    pub fn start_table(&mut self) {
        self.br();
        // Inside a form table the text above is the parent's, decided at the end.
        let above = match self.tables.iter().any(|t| !t.layout) {
            true => Vec::new(),
            false => std::mem::take(&mut self.flow),
        };
        self.tables.push(OpenTable {
            above,
            ..OpenTable::default()
        });
    }

    /// The current table ends; an error when it is too large for a form.
    /// A table inside a form table's cell is either a small list that
    /// belongs to that cell (two rows or four filled cells at most: its
    /// rows become lines of the cell) or a form laid out inside a page
    /// table (then the enclosing tables are layout and their text is read
    /// as text around it).
    pub fn end_table(&mut self) -> Result<(), String> {
        let Some(mut t) = self.tables.pop() else {
            return Ok(());
        };
        self.br();
        if t.layout {
            return Ok(());
        }
        t.close_row();
        let cells = place_cells(&t.rows)?;
        let mut above = Vec::new();
        if self.tables.last().is_some_and(|p| !p.layout) {
            let filled = cells.iter().filter(|c| !c.text.is_empty()).count();
            if t.rows.len() <= 2 || filled <= 4 {
                for r in 0..t.rows.len() {
                    let texts: Vec<&str> = cells
                        .iter()
                        .filter(|c| c.row == r && !c.text.is_empty())
                        .map(|c| c.text.as_str())
                        .collect();
                    if !texts.is_empty() {
                        self.text(&texts.join(" "));
                        self.br();
                    }
                }
                return Ok(());
            }
            self.mark_layout();
            above = std::mem::take(&mut self.flow);
        }
        above.append(&mut t.above);
        if cells.iter().all(|c| c.text.is_empty()) {
            self.flow.append(&mut above);
            return Ok(());
        }
        let name = format!("表{}", self.grids.len() + 1);
        self.grids.push(table_grid(&name, &above, cells, &[])?);
        Ok(())
    }

    /// A row starts.
    pub fn start_row(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            t.close_row();
            t.rows.push(Vec::new());
            t.in_row = true;
        }
    }

    /// The row ends.
    pub fn end_row(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            t.close_row();
        }
    }

    /// A cell starts, spanning `cols` columns (clamped to 1..=1000), at an
    /// explicit column or the first free one.
    pub fn start_cell(&mut self, merge: Merge, cols: usize, col: Option<usize>) {
        if let Some(t) = self.tables.last_mut() {
            t.close_cell();
            let merge = match merge {
                Merge::Rows(n) => Merge::Rows(n.clamp(1, 65_534)),
                m => m,
            };
            t.cell = Some(OpenCell {
                lines: vec![String::new()],
                merge,
                cols: cols.clamp(1, 1_000),
                col,
            });
        }
    }

    /// The cell ends.
    pub fn end_cell(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            t.close_cell();
        }
    }

    /// Text, in the open cell of a form table or else in the page's flow.
    pub fn text(&mut self, s: &str) {
        match self.open_cell() {
            Some(cell) => {
                if let Some(line) = cell.lines.last_mut() {
                    line.push_str(s);
                }
            }
            None => self.line.push_str(s),
        }
    }

    /// A line break or the end of a paragraph.
    pub fn br(&mut self) {
        match self.open_cell() {
            Some(cell) => cell.lines.push(String::new()),
            None => {
                let line = collapse_space(&std::mem::take(&mut self.line));
                if !line.is_empty() && !is_page_number(&line) {
                    self.flow.push(line);
                }
            }
        }
    }

    /// The grids of the form tables, in document order. Text after the
    /// last one (notes, 填报人) is left out: under a form's last table the
    /// recognizer would take a full-width line for one more indicator.
    /// `complete` says whether the document reached its end (`</html>`): a
    /// table still open at the end of an incomplete document is a
    /// truncated file.
    pub fn finish(mut self, complete: bool) -> Result<Vec<Grid>, String> {
        if !self.tables.is_empty() && !complete {
            return Err("文件在表格中间结束，可能被截断".into());
        }
        while !self.tables.is_empty() {
            self.end_table()?;
        }
        Ok(self.grids)
    }

    fn open_cell(&mut self) -> Option<&mut OpenCell> {
        match self.tables.last_mut() {
            Some(OpenTable {
                cell: Some(cell),
                layout: false,
                ..
            }) => Some(cell),
            _ => None,
        }
    }

    /// A table was found inside a table: every enclosing table is layout,
    /// and what it held so far becomes text of the page.
    fn mark_layout(&mut self) {
        let mut lines = Vec::new();
        for t in self.tables.iter_mut().filter(|t| !t.layout) {
            lines.extend(t.lines());
            t.layout = true;
        }
        let line = collapse_space(&std::mem::take(&mut self.line));
        lines.append(&mut self.flow);
        if !line.is_empty() {
            lines.push(line);
        }
        self.flow = lines;
    }
}

/// Places cells: an explicit column as given (Word), else the first free
/// column of the row, past cells spanning down from rows above (HTML);
/// spans end with the table; a continuing cell lengthens the one above.
fn place_cells(rows: &[Vec<OpenCell>]) -> Result<Vec<Placed>, String> {
    let height = rows.len();
    let mut taken: Vec<Vec<bool>> = vec![Vec::new(); height];
    let mut area = 0usize;
    let mut placed: Vec<Placed> = Vec::new();
    // Index into `placed` of the cell ending at (row, col), for `Continue`.
    let mut ends: std::collections::HashMap<(usize, usize), usize> = Default::default();
    for (r, row) in rows.iter().enumerate() {
        let mut col = 0;
        for cell in row {
            col = match cell.col {
                Some(c) => c,
                None => {
                    while taken[r].get(col).copied().unwrap_or(false) {
                        col += 1;
                    }
                    col
                }
            };
            let text = join_lines(cell.lines.iter().map(String::as_str));
            let above = ends.get(&(r.wrapping_sub(1), col)).copied();
            match (cell.merge, above) {
                (Merge::Continue, Some(i)) if placed[i].cols == cell.cols => {
                    let p = &mut placed[i];
                    p.rows += 1;
                    if !text.is_empty() {
                        p.text = join_lines([p.text.as_str(), text.as_str()]);
                    }
                    ends.insert((r, col), i);
                }
                (merge, _) => {
                    let spanned = match merge {
                        Merge::Rows(n) => n.min(height - r),
                        Merge::Continue => 1,
                    };
                    area += spanned * cell.cols;
                    if area > MAX_CELLS {
                        return Err("表格太大（合并单元格过多），不像是一张表单".into());
                    }
                    for line in taken.iter_mut().skip(r).take(spanned) {
                        if line.len() < col + cell.cols {
                            line.resize(col + cell.cols, false);
                        }
                        line[col..col + cell.cols].fill(true);
                    }
                    ends.insert((r + spanned - 1, col), placed.len());
                    placed.push(Placed {
                        row: r,
                        col,
                        rows: spanned,
                        cols: cell.cols,
                        text,
                    });
                }
            }
            col += cell.cols;
        }
    }
    Ok(placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_notes_span_the_table() {
        let cells = vec![
            Placed {
                row: 0,
                col: 0,
                rows: 2,
                cols: 1,
                text: "产出指标".into(),
            },
            Placed {
                row: 0,
                col: 3,
                rows: 1,
                cols: 1,
                text: "10".into(),
            },
        ];
        let g = table_grid("表1", &["标题".into()], cells, &["注：".into()]).unwrap();
        assert_eq!(g.size(), (4, 4));
        assert_eq!(g.cells[0].cols, 4);
        assert_eq!((g.cells[1].row, g.cells[1].rows), (1, 2));
        assert_eq!(g.cells[3].row, 3);
    }

    #[test]
    fn too_large_is_an_error() {
        let cells = vec![Placed {
            row: 0,
            col: 0,
            rows: 5000,
            cols: 1000,
            text: String::new(),
        }];
        assert!(table_grid("表1", &[], cells, &[])
            .unwrap_err()
            .contains("太大"));
    }

    fn reader_grids(events: &str) -> Vec<Grid> {
        // T table, R row, C cell, t/ end table, text in quotes-free words.
        let mut r = TableReader::default();
        for e in events.split(' ') {
            match e {
                "T" => r.start_table(),
                "/T" => r.end_table().unwrap(),
                "R" => r.start_row(),
                "C" => r.start_cell(Merge::Rows(1), 1, None),
                "/C" => r.end_cell(),
                w => {
                    r.text(w);
                    r.br();
                }
            }
        }
        r.finish(true).unwrap()
    }

    #[test]
    fn a_small_table_in_a_cell_is_text_of_the_cell() {
        let g =
            reader_grids("T R C 项目名称 /C C T R C 甲 /C C 乙 /C /T /C R C 绩效 /C C 指标 /C /T");
        assert_eq!(g.len(), 1);
        let texts: Vec<String> = g[0].cells.iter().map(|c| c.value.text()).collect();
        assert_eq!(texts, ["项目名称", "甲 乙", "绩效", "指标"]);
    }

    #[test]
    fn a_large_table_in_a_cell_makes_the_outer_one_layout() {
        let inner = "T R C a /C C b /C R C c /C C d /C R C e /C C f /C /T";
        let g = reader_grids(&format!("T R C 导航 /C C 标题 {inner} /C /T"));
        assert_eq!(g.len(), 1);
        let texts: Vec<String> = g[0].cells.iter().map(|c| c.value.text()).collect();
        assert_eq!(texts[..3], ["导航", "标题", "a"]);
    }

    #[test]
    fn page_numbers_are_recognised() {
        for s in ["第 1 页", "第1页 共3页", "- 2 -", "3 / 5", "Page 2 of 4"] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["100", "2024", "第一季度", "项目名称", "≥85%", "12.5"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn space_collapses() {
        assert_eq!(collapse_space("  a \n\t b\u{a0}c "), "a b c");
        assert_eq!(join_lines(["a  b", " ", "c"]), "a b\nc");
    }
}
