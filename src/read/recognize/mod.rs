//! The recognizer: reads forms from any [`Grid`] by their labels and table
//! headings, whatever source the grid came from.
//!
//! ```
//! use jixiao::read::grid::{Grid, GridPlaces, Value};
//! use jixiao::read::{recognize::recognize, ReadOutput};
//! let mut grid = Grid::new("表1", GridPlaces::Sheet { origin: (0, 0) });
//! grid.push(0, 0, Value::from_text("财政项目支出绩效目标申报表"), 0);
//! grid.push(1, 0, Value::from_text("项目名称"), 0);
//! grid.push(1, 1, Value::from_text("宣传费"), 0);
//! let mut out = ReadOutput::default();
//! assert_eq!(recognize(&grid, "a.xlsx", &mut out).unwrap(), 1);
//! assert_eq!(out.document.forms[0].project_name(), Some("宣传费"));
//! ```

mod ctx;
mod forms;
mod funding;
mod indicators;
mod rules;
pub(crate) mod sheet;
mod untitled;

use super::grid::Grid;
use super::vocab::Vocabulary;
use super::{ReadError, ReadOutput};

/// Grids with more positions than this are not forms (a stray cell far away).
pub const MAX_CELLS: usize = 4_000_000;

/// Reads every form in a grid into `out` with the built-in vocabulary;
/// returns how many were found. A grid too large to be a form is an error
/// naming it.
pub fn recognize(grid: &Grid, file: &str, out: &mut ReadOutput) -> Result<usize, ReadError> {
    recognize_with(grid, file, Vocabulary::builtin(), out)
}

/// [`recognize`] with a given vocabulary (the built-in one plus `--labels`).
pub fn recognize_with(
    grid: &Grid,
    file: &str,
    vocab: &Vocabulary,
    out: &mut ReadOutput,
) -> Result<usize, ReadError> {
    let numbered;
    let grid = match has_row_numbers(grid) {
        true => {
            numbered = without_first_column(grid);
            &numbered
        }
        false => grid,
    };
    let Some(sheet) = sheet::Sheet::from_grid(grid, MAX_CELLS, vocab) else {
        let (h, w) = grid.size();
        return Err(ReadError::Malformed {
            file: file.to_string(),
            place: grid.place_at(0, 0, 0),
            what: format!("已用区域（{h} × {w} 个单元格）太大，不是一张表"),
        });
    };
    Ok(forms::read_sheet(&sheet, vocab, out))
}

/// Rows this many at least before a first column of counting numbers is
/// taken for row numbers.
const ROW_NUMBERS_MIN: usize = 5;

/// Whether a grid's first column holds row numbers, not the form's cells:
/// only whole numbers, one per row, counting up by one, in nearly every
/// row (pandas writes its index so when it saves tables taken out of a PDF).
fn has_row_numbers(grid: &Grid) -> bool {
    if !grid.rows_known {
        return false;
    }
    // Most grids fail at their first label in the first column.
    let mut numbers: Vec<(usize, u64)> = Vec::new();
    for c in grid.cells.iter().filter(|c| c.col == 0) {
        match c.value.text().trim().parse() {
            Ok(n) if c.rows == 1 && c.cols == 1 => numbers.push((c.row, n)),
            _ => return false,
        }
    }
    if numbers.len() < ROW_NUMBERS_MIN {
        return false;
    }
    numbers.sort_unstable();
    let counting = numbers.windows(2).all(|w| w[1].1 == w[0].1 + 1) && numbers[0].1 <= 1;
    let mut rows: Vec<usize> = grid.cells.iter().map(|c| c.row).collect();
    rows.sort_unstable();
    rows.dedup();
    counting && numbers.len() * 10 >= rows.len() * 9
}

/// The grid without its first column's cells (positions kept, so places
/// still name the source's cells).
fn without_first_column(grid: &Grid) -> Grid {
    let mut out = grid.clone_empty();
    out.cells = grid.cells.iter().filter(|c| c.col != 0).cloned().collect();
    out
}
