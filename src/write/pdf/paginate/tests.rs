//! Pagination tests: rows split over pages, running headers, bounds.

use super::*;
use crate::layout::grid::{CellContent, CellStyle, GridRow, PageSetup};

const NO_SPLITS: Splits<'static> = Splits {
    step: &[],
    pad: 0.0,
};

fn grid(rows: usize, repeat: Option<(usize, usize)>) -> Grid {
    Grid {
        title: "t".into(),
        columns: vec![30.0, 30.0],
        rows: vec![
            GridRow {
                min_height: 10.0,
                fit_height: 10.0
            };
            rows
        ],
        cells: vec![GridCell {
            row: 1,
            col: 0,
            row_span: rows - 1,
            col_span: 1,
            content: CellContent::Text("产出指标".into()),
            style: CellStyle::default(),
        }],
        repeat_rows: repeat,
        page: PageSetup::default(),
    }
}

#[test]
fn long_tables_break_and_repeat_the_header() {
    let g = grid(30, Some((2, 3)));
    let h = vec![10.0; 30];
    let pages = paginate(&g, &h, NO_SPLITS, 100.0);
    assert_eq!(pages.len(), 4);
    assert_eq!(pages[0].rows.len(), 10);
    assert_eq!(pages[1].rows[0], (2, 0.0));
    assert_eq!(pages[1].rows[1], (3, 10.0));
    assert_eq!(pages[1].rows[2], (10, 20.0));
    // Every body row appears exactly once.
    let body: Vec<usize> = pages
        .iter()
        .flat_map(|p| p.rows.iter().map(|r| r.0))
        .filter(|r| *r > 3)
        .collect();
    assert_eq!(body, (4..30).collect::<Vec<_>>());
    // The spanning cell is cut into a run on each page.
    let segs = segments(&g.cells[0], &pages[1], &h);
    assert_eq!(segs, vec![(2, 4, 0.0, 20.0), (10, 18, 20.0, 80.0)]);
}

#[test]
fn a_tall_row_is_cut_between_lines_over_several_pages() {
    let g = grid(3, None);
    // Row 2 holds 100 lines of 5 pt with 1 pt padding: 502 pt.
    let h = [30.0, 10.0, 502.0];
    let step = [None, None, Some(5.0)];
    let pages = paginate(
        &g,
        &h,
        Splits {
            step: &step,
            pad: 1.0,
        },
        100.0,
    );
    // Page 1: rows 0 and 1, then 11 lines of row 2 in the 60 pt left.
    assert_eq!(
        pages[0].part(2).map(|p| (p.from, p.height)),
        Some((0.0, 57.0))
    );
    // Later pages continue under row 1 (its heads), 17 lines each.
    assert_eq!(pages[1].rows[0], (1, 0.0));
    assert_eq!(
        pages[1].part(2).map(|p| (p.from, p.height)),
        Some((55.0, 87.0))
    );
    let shown: f32 = pages
        .iter()
        .filter_map(|p| p.part(2))
        .map(|p| p.height - 2.0)
        .sum();
    assert_eq!(shown, 500.0, "every line on exactly one page");
    // Every part but the last goes on (its box is drawn open below).
    let goes_on: Vec<bool> = pages
        .iter()
        .filter_map(|p| p.part(2))
        .map(|p| p.continues(&h))
        .collect();
    assert!(goes_on.len() > 2 && goes_on[..goes_on.len() - 1].iter().all(|&c| c));
    assert_eq!(goes_on.last(), Some(&false));
    assert!(pages
        .iter()
        .all(|p| p.rows.last().map_or(0.0, |&(r, y)| y + p.height(r, &h)) <= 100.0));
}

#[test]
fn a_short_head_row_goes_with_a_tall_row_that_cannot_start() {
    let g = grid(3, None);
    // Row 1 (a head) ends 12 pt above the foot: room for 2 lines of row 2.
    let h = [80.0, 8.0, 300.0];
    let step = [None, None, Some(5.0)];
    let pages = paginate(
        &g,
        &h,
        Splits {
            step: &step,
            pad: 1.0,
        },
        100.0,
    );
    assert_eq!(pages[0].rows, vec![(0, 0.0)]);
    assert_eq!(pages[1].rows[..2], [(1, 0.0), (2, 8.0)]);
    let shown: f32 = pages
        .iter()
        .filter_map(|p| p.part(2))
        .map(|p| p.height - 2.0)
        .sum();
    assert_eq!(shown, 298.0);
}

#[test]
fn oversized_rows_and_bad_grids_do_not_loop_or_panic() {
    let g = grid(3, Some((0, 2)));
    let pages = paginate(&g, &[500.0, 500.0, 500.0], NO_SPLITS, 100.0);
    assert_eq!(pages.len(), 3);
    let mut bad = grid(3, None);
    bad.cells[0].row_span = 9;
    let err = measure(&bad, &PdfFont::builtin(), 0).unwrap_err();
    assert!(err.to_string().contains("outside"), "{err}");
}

#[test]
fn numbers_too_wide_for_their_cell_shrink_instead_of_breaking() {
    let mut g = grid(2, None);
    g.columns = vec![20.0, 30.0];
    g.cells[0].row_span = 1;
    g.cells[0].content = CellContent::Text("1,094,910,000.00".into());
    let t = measure(&g, &PdfFont::builtin(), 0).unwrap();
    assert_eq!(t.cells[0].text.lines.len(), 1);
    assert!(t.cells[0].size_pt < 10.0);
    g.cells[0].content = CellContent::Text("一二三四五六七八九十".into());
    g.cells[0].style.wrap = false;
    let t = measure(&g, &PdfFont::builtin(), 0).unwrap();
    assert_eq!(t.cells[0].text.lines.len(), 1);
    assert!(t.cells[0].size_pt < 10.0);
}

#[test]
fn rows_grow_to_fit_wrapped_text() {
    let mut g = grid(2, None);
    g.columns = vec![8.0, 30.0];
    g.cells[0].row_span = 1;
    let t = measure(&g, &PdfFont::builtin(), 0).unwrap();
    // Four hanzi in an 8 mm column wrap one per line: taller than 10 mm.
    assert_eq!(t.cells[0].text.lines.len(), 4);
    assert!(t.row_h[1] > 10.0 * PT_PER_MM);
}
