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
