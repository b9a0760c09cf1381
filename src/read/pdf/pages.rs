//! The pages' rows as one grid: what a page break does to a table undone
//! (repeated heading rows, running headers, text drawn past the page's
//! end, rows and merged cells cut in two), columns shared across pages.

use super::lattice::{self, cluster, BoxCell, PageRow};
use crate::read::grid::{Grid, GridPlaces, Value};

/// Drops the text a page shows under its last table row when that text
/// lies inside a blank cell left open at the table's bottom and the next
/// page goes on with the table: it is the part of the cell's text that the
/// writer drew past the page's end (the cell's text is on the next page).
fn drop_overflow(rows: Vec<(usize, PageRow)>) -> Vec<(usize, PageRow)> {
    let mut drop = vec![false; rows.len()];
    let mut start = 0;
    while start < rows.len() {
        let page = rows[start].0;
        let end = start + rows[start..].iter().take_while(|(p, _)| *p == page).count();
        let next_is_table = rows.get(end).is_some_and(|(_, r)| r.table.is_some());
        let last_table = (start..end).rev().find(|&i| rows[i].1.table.is_some());
        if let (true, Some(last)) = (next_is_table, last_table) {
            // Blank cells of the page reaching its table's last row.
            let open: Vec<(f32, f32)> = (start..=last)
                .filter(|&i| rows[i].1.table == rows[last].1.table)
                .flat_map(|i| {
                    rows[i]
                        .1
                        .cells
                        .iter()
                        .filter(move |c| i + c.rows > last && c.text.trim().is_empty())
                        .map(|c| (c.x0, c.x1))
                })
                .collect();
            let inside = |r: &PageRow| {
                r.table.is_none()
                    && r.cells.iter().all(|c| {
                        let mid = (c.x0 + c.x1) / 2.0;
                        open.iter().any(|&(x0, x1)| mid > x0 && mid < x1)
                    })
            };
            if last + 1 < end && (last + 1..end).all(|i| inside(&rows[i].1)) {
                drop[last + 1..end].fill(true);
            }
        }
        start = end;
    }
    rows.into_iter()
        .zip(drop)
        .filter_map(|(r, d)| (!d).then_some(r))
        .collect()
}

/// Drops the running header a continued page opens with (“项目名（续）”):
/// a lone line of text ending in （续） at the top of a page after the
/// first, above more rows, naming (the start of) a text shown before.
fn drop_running_headers(rows: Vec<(usize, PageRow)>) -> Vec<(usize, PageRow)> {
    let mut shown = std::collections::HashSet::new();
    let mut out: Vec<(usize, PageRow)> = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    while let Some((page, row)) = rows.next() {
        let opens_page = out.last().is_some_and(|(p, _)| *p != page);
        let more = rows.peek().is_some_and(|(p, _)| *p == page);
        if let ([cell], None, true, true) = (&row.cells[..], row.table, opens_page, more) {
            if is_running_header(&cell.text, &shown) {
                continue;
            }
        }
        shown.extend(row.cells.iter().map(|c| c.text.replace('\n', "")));
        out.push((page, row));
    }
    out
}

/// Whether a text is a running header (“项目名（续）”): it ends in （续）
/// and names (the start of, when cut with …) a text shown before.
pub(super) fn is_running_header(text: &str, shown: &std::collections::HashSet<String>) -> bool {
    let text = text.trim();
    let name = text
        .strip_suffix("（续）")
        .or_else(|| text.strip_suffix("(续)"))
        .map(str::trim_end);
    name.is_some_and(|name| match name.strip_suffix('…') {
        Some(start) => shown.iter().any(|t| t.starts_with(start)),
        None => shown.contains(name),
    })
}

/// Drops the heading rows a table repeats at the top of each continuation
/// page: rows that open a page, continue the previous page's table and
/// equal a row that table already had.
fn drop_repeated_headings(rows: Vec<(usize, PageRow)>) -> Vec<(usize, PageRow)> {
    let mut out: Vec<(usize, PageRow)> = Vec::with_capacity(rows.len());
    let mut seen = std::collections::HashSet::new();
    let mut page = 0;
    let mut leading = false;
    for (p, row) in rows {
        if p != page {
            let continues =
                out.last().is_some_and(|(_, r)| r.table.is_some()) && row.table.is_some();
            if !continues {
                seen.clear();
            }
            page = p;
            leading = continues;
        }
        if row.table.is_none() {
            seen.clear();
        }
        let sig = row.signature();
        if leading && row.table.is_some() && seen.contains(&sig) {
            continue;
        }
        leading = false;
        if row.table.is_some() {
            seen.insert(sig);
        }
        out.push((p, row));
    }
    out
}

/// The grid of the pages' rows: columns are the distinct cell edges of
/// every table (or, with no tables, where text pieces start), so a table
/// keeps its columns across pages. A merged cell a page break cuts in two
/// is one cell again: the part at the top of the next page joins the part
/// at the bottom of the previous one when they have the same edges and
/// show the same text, or one is blank and the other spans rows or the
/// first has no line under it.
pub(super) fn pages_grid(rows: Vec<(usize, PageRow)>, file: &str) -> Grid {
    let rows = drop_repeated_headings(drop_running_headers(drop_overflow(rows)));
    let ruled = rows.iter().any(|(_, r)| r.table.is_some());
    let edges: Vec<f32> = rows
        .iter()
        .filter(|(_, r)| r.table.is_some() || !ruled)
        .flat_map(|(_, r)| {
            r.cells
                .iter()
                .flat_map(|c| if ruled { vec![c.x0, c.x1] } else { vec![c.x0] })
        })
        .collect();
    let xs = cluster(edges);
    let col = |x: f32| xs.partition_point(|&e| e <= x + 2.0).saturating_sub(1);
    // The last row of each run of rows of one table on one page.
    let mut block_end = vec![0; rows.len()];
    for i in (0..rows.len()).rev() {
        let same = |j: usize| rows[j].0 == rows[i].0 && rows[j].1.table == rows[i].1.table;
        block_end[i] = if i + 1 < rows.len() && same(i + 1) && rows[i].1.table.is_some() {
            block_end[i + 1]
        } else {
            i
        };
    }
    let name = std::path::Path::new(file)
        .file_name()
        .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned());
    let mut grid = Grid::new(name, GridPlaces::Pages);
    // Cells reaching the bottom of the previous page's table.
    let mut open: Vec<OpenCell> = Vec::new();
    let mut next_open = Vec::new();
    for (r, (page, row)) in rows.iter().enumerate() {
        let continues =
            r > 0 && rows[r - 1].0 != *page && rows[r - 1].1.table.is_some() && row.table.is_some();
        if r > 0 && rows[r - 1].0 != *page {
            open = std::mem::take(&mut next_open);
        } else if r > 0 && block_end[r - 1] == r - 1 {
            // Only the page's last table goes on on the next page.
            next_open.clear();
        }
        let split = continues && rest_of_row(&row.cells, &open, &grid);
        // A row left open at the foot of a page may still end there (a
        // browser splits a row whose rest is empty): under a number, a
        // number starts a row of its own, and no text goes on.
        let fresh = continues && fresh_row(&row.cells, &open, &grid);
        for c in &row.cells {
            let above = open.iter().find(|o| o.stands_over(c)).filter(|_| continues);
            let joined = above.is_some_and(|o| {
                let prev = &mut grid.cells[o.index];
                let next = c.text.trim();
                // Only a part that is visibly merged (spans rows, or is
                // left open at the foot) joins: the same score or a
                // blank in two rows of a column are two cells. Either
                // part may carry the text.
                let merged = prev.rows > 1 || c.rows > 1 || o.open_below;
                let same_text = merged
                    && (prev.value.text() == next || prev.value.is_empty() || next.is_empty());
                // A cell left open at the foot of the page (its row was
                // cut between lines), a row the page break closed and
                // went on with (`rest_of_row`), or a merged label whose
                // bracketed unit the break put on the next page
                // (项目资金 | (元)) goes on with the text under it.
                let unit = merged && next.starts_with(['(', '（']) && !is_number(next);
                let goes_on = ((o.open_below && !fresh) || split || unit) && !same_text;
                if !(same_text || goes_on) {
                    return false;
                }
                prev.rows += c.rows;
                if goes_on && !next.is_empty() {
                    let text = match prev.value.is_empty() {
                        true => next.to_string(),
                        false => lattice::continue_text(&prev.value.text(), o.tail_room, next),
                    };
                    prev.value = Value::from_text(text);
                } else if prev.value.is_empty() {
                    prev.value = Value::from_text(c.text.as_str());
                }
                true
            });
            let index = match (joined, row.table) {
                (true, _) => above.map(|o| o.index),
                (false, table) => {
                    let c0 = col(c.x0);
                    let cols = match table {
                        Some(_) => col(c.x1).saturating_sub(c0).max(1),
                        None => 1,
                    };
                    let before = grid.cells.len();
                    // Blank cells are kept when merged or when a blank
                    // part may join the next page's part.
                    let value = Value::from_text(c.text.as_str());
                    if value.is_empty() && c.rows == 1 && cols == 1 && table.is_some() {
                        grid.cells.push(crate::read::grid::Cell {
                            row: r,
                            col: c0,
                            rows: 1,
                            cols: 1,
                            value,
                            at: *page,
                        });
                    } else {
                        grid.push_span(r, c0, c.rows, cols, value, *page);
                    }
                    (grid.cells.len() > before).then_some(before)
                }
            };
            if let (Some(i), Some(_)) = (index, row.table) {
                let cell = &grid.cells[i];
                if cell.row + cell.rows > block_end[r] {
                    next_open.push(OpenCell {
                        x0: c.x0,
                        x1: c.x1,
                        index: i,
                        open_below: c.open_below,
                        tail_room: c.tail_room,
                        full: c.lines > 1 && c.tail_room < 1.5,
                    });
                }
            }
        }
    }
    grid
}

/// A cell of the grid reaching the bottom of a page's table, which the
/// next page's table may go on with.
struct OpenCell {
    x0: f32,
    x1: f32,
    /// The grid cell.
    index: usize,
    open_below: bool,
    tail_room: f32,
    /// Wrapped over lines, the last one full: its text may go on.
    full: bool,
}

impl OpenCell {
    /// Whether a cell of the next page has this cell's edges.
    fn stands_over(&self, c: &BoxCell) -> bool {
        (self.x0 - c.x0).abs() <= 2.0 && (self.x1 - c.x1).abs() <= 2.0
    }
}

/// Whether the first row of a page is the rest of the row a page break
/// cut, though the writer closed both parts with ruling lines (as Writer
/// and Word do): its cells have the edges of the cells at the foot of the
/// previous page, each of its texts goes on from a text there (neither is
/// a number, and it does not repeat it), and either it leaves blank a
/// single cell the row above filled (so it is no row of its own) or every
/// text it goes on from was wrapped to a full last line. A row under a
/// blank cell, or showing a number, stays a row.
fn rest_of_row(cells: &[BoxCell], open: &[OpenCell], grid: &Grid) -> bool {
    let (mut carried, mut short, mut all_full) = (false, false, true);
    for c in cells {
        let Some(o) = open.iter().find(|o| o.stands_over(c)) else {
            return false;
        };
        let prev = &grid.cells[o.index];
        let above = prev.value.text();
        let next = c.text.trim();
        match (above.is_empty(), next.is_empty()) {
            (true, true) => {}
            (false, true) => short |= prev.rows == 1 && c.rows == 1,
            (true, false) => return false,
            (false, false) => {
                if above == next || is_number(&above) || is_number(next) {
                    return false;
                }
                carried = true;
                all_full &= o.full;
            }
        }
    }
    carried && (short || all_full)
}

/// Whether a page's first row is a row of its own though the row at the
/// foot of the previous page was left open: it shows a number or value
/// under a number or value (no text goes on like that), or a cell with no open cell of its
/// edges above it (the row has cells of its own: 主管部门 | … | 实施单位
/// under 项目名称 | … | 项目性质 | …).
fn fresh_row(cells: &[BoxCell], open: &[OpenCell], grid: &Grid) -> bool {
    cells
        .iter()
        .any(|c| match open.iter().find(|o| o.stands_over(c)) {
            None => true,
            Some(o) => is_value(c.text.trim()) && is_value(&grid.cells[o.index].value.text()),
        })
}

/// A number or an indicator value (`=2000.00(人)`, `≥90%`): no text a
/// page break cuts goes on from one into another.
fn is_value(text: &str) -> bool {
    is_number(text)
        || (text.starts_with(['=', '≥', '≤', '<', '>', '＝'])
            && text.chars().any(|c| c.is_ascii_digit()))
}

/// Digits with only separators and signs: an amount, a rate or a date
/// (`1,234.00`, `100.00%`, `2020-12-31`; broader than
/// [`crate::value::is_number`], which takes no date). No text a page break
/// cuts goes on from or into one.
fn is_number(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || ".,%-+ ".contains(c))
}

#[cfg(test)]
mod tests {
    use super::lattice::{BoxCell, PageRow};
    use super::*;

    fn cell(x0: f32, x1: f32, text: &str, open_below: bool) -> BoxCell {
        BoxCell {
            x0,
            x1,
            rows: 1,
            text: text.into(),
            open_below,
            tail_room: 0.5,
            lines: 1,
        }
    }

    fn row(cells: Vec<BoxCell>, table: Option<usize>) -> PageRow {
        PageRow { cells, table }
    }

    #[test]
    fn a_row_split_over_pages_is_one_row_and_the_running_header_is_dropped() {
        let head = || {
            row(
                vec![
                    cell(0.0, 50.0, "项目名称", false),
                    cell(50.0, 200.0, "宣传经费", false),
                ],
                Some(0),
            )
        };
        let heads = || {
            row(
                vec![
                    cell(0.0, 100.0, "预期目标", false),
                    cell(100.0, 200.0, "实际完成情况", false),
                ],
                Some(0),
            )
        };
        let rows = vec![
            (1, head()),
            (1, heads()),
            (
                1,
                row(
                    vec![
                        cell(0.0, 100.0, "征地养老", true),
                        cell(100.0, 200.0, "完成", true),
                    ],
                    Some(0),
                ),
            ),
            (
                2,
                row(vec![cell(80.0, 120.0, "宣传经费（续）", false)], None),
            ),
            (2, heads()),
            (
                2,
                row(
                    vec![
                        cell(0.0, 100.0, "慰问经费", false),
                        cell(100.0, 200.0, "", false),
                    ],
                    Some(0),
                ),
            ),
        ];
        let grid = pages_grid(rows, "a.pdf");
        let texts: Vec<String> = grid.cells.iter().map(|c| c.value.text()).collect();
        assert!(texts.contains(&"征地养老慰问经费".to_string()), "{texts:?}");
        assert!(texts.contains(&"完成".to_string()), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains('续')), "{texts:?}");
        assert_eq!(texts.iter().filter(|t| *t == "预期目标").count(), 1);
    }

    /// Writer and Word close both parts of a row a page break cuts with
    /// ruling lines: the part on the next page that only goes on with the
    /// texts above it joins them; a full row there stays a row.
    #[test]
    fn a_row_closed_at_the_page_break_goes_on_on_the_next_page() {
        let heading = |a: &str, b: &str, c: &str| {
            row(
                vec![
                    cell(0.0, 50.0, a, false),
                    cell(50.0, 100.0, b, false),
                    cell(100.0, 150.0, c, false),
                ],
                Some(0),
            )
        };
        let rows = vec![
            (1, heading("项目资金", "全年执行数", "执行率")),
            (2, heading("（万元）", "", "(%)")),
            (2, heading("年度资金总额", "1.00", "100.00")),
            // A page break after a full row: the next page's row is its own.
            (3, heading("质量指标", "合格率", "100.00")),
        ];
        let grid = pages_grid(rows, "a.pdf");
        let texts: Vec<String> = grid.cells.iter().map(|c| c.value.text()).collect();
        assert_eq!(
            texts,
            [
                "项目资金（万元）",
                "全年执行数",
                "执行率(%)",
                "年度资金总额",
                "1.00",
                "100.00",
                "质量指标",
                "合格率",
                "100.00"
            ],
        );
        assert_eq!(grid.cells[0].rows, 2);

        // A merged label cut by the break with its unit below, beside a
        // row of its own.
        let label = |text: &str, rows: usize, value: &str| {
            let mut first = cell(0.0, 50.0, text, false);
            first.rows = rows;
            row(vec![first, cell(50.0, 150.0, value, false)], Some(0))
        };
        let rows = vec![
            (1, label("项目资金", 1, "600.00")),
            (2, label("(元)", 2, "500.00")),
            (3, label("产出指标", 2, "数量指标")),
        ];
        let grid = pages_grid(rows, "a.pdf");
        let texts: Vec<String> = grid.cells.iter().map(|c| c.value.text()).collect();
        assert_eq!(
            texts,
            ["项目资金(元)", "600.00", "500.00", "产出指标", "数量指标"]
        );
        assert_eq!(grid.cells[0].rows, 3);
    }

    /// A browser leaves a row open at the foot of a page though nothing of
    /// it goes on: the next page's row, showing numbers under its numbers,
    /// is a row of its own; a blank merged label still goes on.
    #[test]
    fn a_row_left_open_with_nothing_to_go_on_ends_at_the_page_foot() {
        let line = |label: &str, rows: usize, name: &str, score: &str, open: bool| {
            let mut first = cell(0.0, 50.0, label, open);
            first.rows = rows;
            row(
                vec![
                    first,
                    cell(50.0, 100.0, name, open),
                    cell(100.0, 150.0, score, open),
                ],
                Some(0),
            )
        };
        let rows = vec![
            (1, line("产出指标", 1, "发放人数", "10.00", true)),
            (2, line("", 2, "达标率", "5.00", false)),
            (
                2,
                row(
                    vec![
                        cell(50.0, 100.0, "及时性", false),
                        cell(100.0, 150.0, "5.00", false),
                    ],
                    Some(0),
                ),
            ),
        ];
        let grid = pages_grid(rows, "a.pdf");
        let texts: Vec<String> = grid.cells.iter().map(|c| c.value.text()).collect();
        assert_eq!(
            texts,
            [
                "产出指标",
                "发放人数",
                "10.00",
                "达标率",
                "5.00",
                "及时性",
                "5.00"
            ]
        );
        assert_eq!(grid.cells[0].rows, 3);
    }

    /// Under a row left open, a row with cells of its own edges (or a value
    /// under a value) is a row of its own: nothing of the row above goes
    /// into it.
    #[test]
    fn a_row_with_its_own_cells_under_an_open_row_is_its_own() {
        let rows = vec![
            (
                1,
                row(
                    vec![
                        cell(0.0, 50.0, "项目名称", true),
                        cell(50.0, 100.0, "宣传费", true),
                        cell(100.0, 150.0, "项目性质", true),
                        cell(150.0, 200.0, "经常性项目", true),
                    ],
                    Some(0),
                ),
            ),
            (
                2,
                row(
                    vec![
                        cell(0.0, 50.0, "主管部门", false),
                        cell(50.0, 150.0, "某局", false),
                        cell(150.0, 200.0, "实施单位", false),
                    ],
                    Some(0),
                ),
            ),
            (
                2,
                row(
                    vec![
                        cell(0.0, 50.0, "数量指标", true),
                        cell(50.0, 200.0, "=2000.00(人)", true),
                    ],
                    Some(0),
                ),
            ),
            (
                3,
                row(
                    vec![
                        cell(0.0, 50.0, "质量指标", false),
                        cell(50.0, 200.0, "=100.00(%)", false),
                    ],
                    Some(0),
                ),
            ),
        ];
        let grid = pages_grid(rows, "a.pdf");
        let texts: Vec<String> = grid.cells.iter().map(|c| c.value.text()).collect();
        assert_eq!(
            texts,
            [
                "项目名称",
                "宣传费",
                "项目性质",
                "经常性项目",
                "主管部门",
                "某局",
                "实施单位",
                "数量指标",
                "=2000.00(人)",
                "质量指标",
                "=100.00(%)"
            ]
        );
    }
}
