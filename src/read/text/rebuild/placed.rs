//! Placed cells: the form's cells by index until the grid is built, so a
//! cell's text is moved into the grid, not copied once per step.

use super::{Cells, Placed};
use crate::read::grid::{Grid, GridPlaces, Value};
use crate::read::text::source::Tok;

/// A placed cell's text: a cell of the form by its index (moved into the
/// grid at the end, not copied: cells are many), or a text made here
/// (joined words, a cut heading, pieces of run-together numbers).
#[derive(Debug, Clone)]
pub(super) enum Src {
    Cell(usize),
    Own(Tok),
}

impl Cells<'_> {
    /// The cell a placed text stands for.
    pub(super) fn tok<'s>(&'s self, s: &'s Src) -> &'s Tok {
        match s {
            Src::Cell(k) => &self.toks[*k],
            Src::Own(t) => t,
        }
    }

    /// The cell itself, copied when it is the form's.
    pub(super) fn owned(&self, s: Src) -> Tok {
        match s {
            Src::Cell(k) => self.toks[k].clone(),
            Src::Own(t) => t,
        }
    }

    /// A placed text to change: copied out of the form's cells first.
    pub(super) fn own<'s>(&self, s: &'s mut Src) -> &'s mut Tok {
        if let Src::Cell(k) = *s {
            *s = Src::Own(self.toks[k].clone());
        }
        match s {
            Src::Own(t) => t,
            Src::Cell(_) => unreachable!("made owned above"),
        }
    }
}

/// The grid of the rebuilt rows. A cell placed more than once is copied,
/// the last time moved.
pub(super) fn into_grid(rows: Vec<Vec<Placed>>, toks: &mut [Tok], name: &str) -> Grid {
    let mut uses = vec![0u32; toks.len()];
    for (_, s, _) in rows.iter().flatten() {
        if let Src::Cell(k) = s {
            uses[*k] += 1;
        }
    }
    let mut grid = Grid::new(name, GridPlaces::Lines);
    grid.rows_known = true;
    grid.cells.reserve(rows.iter().map(Vec::len).sum());
    for (r, row) in rows.into_iter().enumerate() {
        for (c, s, _) in row {
            let (text, line) = match s {
                Src::Own(t) => (t.text, t.line),
                Src::Cell(k) => {
                    uses[k] -= 1;
                    let t = &mut toks[k];
                    let text = if uses[k] == 0 {
                        std::mem::take(&mut t.text)
                    } else {
                        t.text.clone()
                    };
                    (text, t.line)
                }
            };
            grid.push(r, c, Value::from_text(text), line);
        }
    }
    grid
}
