//! The cell grid every source becomes: rows and columns of cells with their
//! spans, text or number, and the place each came from. Sources (text in its
//! shapes, workbooks, PDF pages, Word and web-page tables) know files and
//! build grids; the recognizer ([`crate::read::recognize`]) knows forms and
//! reads grids. Neither knows the other.
//!
//! ```
//! use jixiao::read::grid::{Grid, GridPlaces, Value};
//! let mut grid = Grid::new("工作表1", GridPlaces::Sheet { origin: (0, 0) });
//! grid.push(0, 0, Value::from_text("项目名称"), 1);
//! grid.push_span(0, 1, 1, 3, Value::from_text("宣传费"), 1);
//! assert_eq!(grid.place_of(0, 1).to_string(), "工作表1!B1");
//! assert_eq!(grid.cells.len(), 2);
//! ```

use rust_decimal::Decimal;

use super::Place;
use crate::layout::a1;

/// A cell's value as the source shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Blank.
    Empty,
    /// Text (dates as `YYYY-MM-DD`).
    Text(String),
    /// A number with the digits its source shows (a percent already × 100).
    Number(Decimal),
}

/// Whether a text shows nothing but white space: a text starting with
/// something else is told at its first character (most are), without
/// trimming both ends (cells are many, and some are pages long).
fn blank(t: &str) -> bool {
    match t.as_bytes().first() {
        None => true,
        // Printable ASCII or the lead byte of U+4000..U+FFFF: no white
        // space, told without decoding the character and looking it up.
        Some(&b) if (0x21..=0x7E).contains(&b) || (0xE4..=0xEF).contains(&b) => false,
        // Otherwise a text not white space at its start is not blank either.
        Some(_) => t.trim().is_empty(),
    }
}

impl Value {
    /// Text, or [`Value::Empty`] when it is only white space.
    pub fn from_text(s: impl Into<String>) -> Value {
        let s = s.into();
        if blank(&s) {
            Value::Empty
        } else {
            Value::Text(s)
        }
    }

    /// The text a person sees.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => crate::value::trim(t).to_string(),
            Value::Number(d) => d.to_string(),
        }
    }

    /// Whether the cell shows nothing.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => blank(t),
            Value::Number(_) => false,
        }
    }
}

/// How a grid names the places of its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GridPlaces {
    /// A worksheet: `name!A1` references, `origin` being the worksheet
    /// position (0-based row, column) of grid cell (0, 0).
    Sheet {
        /// Worksheet position of grid cell (0, 0).
        origin: (usize, usize),
    },
    /// A text file: each cell's `at` is its 1-based line.
    Lines,
    /// A paged document (PDF): each cell's `at` is its 1-based page.
    Pages,
    /// A table of a document (Word, web page): `name` names the table,
    /// places are `name` row/column.
    Table,
}

/// One cell of a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// 0-based row.
    pub row: usize,
    /// 0-based column.
    pub col: usize,
    /// Rows the cell spans (1 when not merged).
    pub rows: usize,
    /// Columns the cell spans (1 when not merged).
    pub cols: usize,
    /// What it shows.
    pub value: Value,
    /// Line or page it came from, as [`GridPlaces`] says (0 when unknown).
    pub at: usize,
}

/// A grid of cells from one sheet, page run, table or text section.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// The sheet's name, or what the source calls this table.
    pub name: String,
    /// How places are named.
    pub places: GridPlaces,
    /// The cells, in any order; positions not listed are empty.
    pub cells: Vec<Cell>,
    /// Whether the source kept its row ends. Text shapes that keep only the
    /// order of cells (one cell per line, all on one line) put every cell in
    /// row 0, and the recognizer rebuilds rows from the table headings.
    pub rows_known: bool,
}

impl Grid {
    /// An empty grid.
    pub fn new(name: impl Into<String>, places: GridPlaces) -> Grid {
        Grid {
            name: name.into(),
            places,
            cells: Vec::new(),
            rows_known: true,
        }
    }

    /// A grid with this one's name and places but no cells.
    pub fn clone_empty(&self) -> Grid {
        Grid {
            name: self.name.clone(),
            places: self.places.clone(),
            cells: Vec::new(),
            rows_known: self.rows_known,
        }
    }

    /// Adds a one-by-one cell (empty values are not stored).
    pub fn push(&mut self, row: usize, col: usize, value: Value, at: usize) {
        self.push_span(row, col, 1, 1, value, at);
    }

    /// Adds a merged cell spanning `rows` × `cols` (at least 1 each).
    pub fn push_span(
        &mut self,
        row: usize,
        col: usize,
        rows: usize,
        cols: usize,
        value: Value,
        at: usize,
    ) {
        let (rows, cols) = (rows.max(1), cols.max(1));
        if value.is_empty() && rows == 1 && cols == 1 {
            return;
        }
        self.cells.push(Cell {
            row,
            col,
            rows,
            cols,
            value,
            at,
        });
    }

    /// Rows and columns the cells reach (height, width).
    pub fn size(&self) -> (usize, usize) {
        self.cells.iter().fold((0, 0), |(h, w), c| {
            (
                h.max(c.row.saturating_add(c.rows)),
                w.max(c.col.saturating_add(c.cols)),
            )
        })
    }

    /// The place of grid position (row, column), given the `at` of the cell
    /// there (line or page; ignored for sheets).
    pub fn place_at(&self, row: usize, col: usize, at: usize) -> Place {
        match &self.places {
            GridPlaces::Sheet { origin } => Place::Cell {
                sheet: self.name.clone(),
                cell: a1(row + origin.0, col + origin.1),
            },
            GridPlaces::Lines => Place::Line(at.max(1)),
            GridPlaces::Pages => Place::Page(at.max(1)),
            GridPlaces::Table => Place::Cell {
                sheet: self.name.clone(),
                cell: a1(row, col),
            },
        }
    }

    /// The place of the cell covering (row, column), or of the position.
    pub fn place_of(&self, row: usize, col: usize) -> Place {
        let at = self
            .cells
            .iter()
            .find(|c| {
                (c.row..c.row + c.rows).contains(&row) && (c.col..c.col + c.cols).contains(&col)
            })
            .map_or(0, |c| c.at);
        self.place_at(row, col, at)
    }
}

#[cfg(test)]
mod tests {
    use super::blank;

    /// Blank is what trims to nothing, for every kind of first character.
    #[test]
    fn blank_is_what_trims_to_nothing() {
        for t in [
            "",
            " ",
            "\u{b}",
            "\u{3000}",
            "\u{a0} ",
            "\u{85}",
            "甲",
            " 甲",
            "\u{3000}甲",
            "a",
            "\u{7f}",
            "\u{1c}",
            "é",
            "𠀀",
            "\t\n",
            "-",
        ] {
            assert_eq!(blank(t), t.trim().is_empty(), "{t:?}");
        }
    }
}
