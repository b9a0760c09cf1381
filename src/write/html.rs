//! The HTML writer (网页表格): each laid-out [`Grid`] as one `<table>`, with
//! the grid's merges as `rowspan`/`colspan`, its column widths and row
//! heights in millimetres, and the styles inline, so one file shows and
//! prints (A4) the same table as the XLSX and PDF writers, with no external
//! assets. All text is escaped.

use std::fmt::Write;

use crate::layout::{CellStyle, FontRole, Grid, GridCell, HAlign, VAlign};

/// Styles shared by every table: body 宋体, title 黑体, thin borders, and a
/// page break before each form after the first when printed.
const CSS: &str = "\
body{margin:0;background:#f4f4f4;font-family:'SimSun','Songti SC','Noto Serif CJK SC','Noto Serif SC',serif;color:#000}\
.form{background:#fff;margin:12px auto;padding:10mm 0;box-shadow:0 1px 4px #0003}\
table.jx{border-collapse:collapse;table-layout:fixed;margin:0 auto}\
table.jx td{border:1px solid #000;padding:1px 3px;text-align:center;vertical-align:middle;font-size:10pt;white-space:pre-wrap;word-break:break-all;line-height:1.35}\
table.jx td.x{border:none}table.jx td.nb{border:none}\
table.jx td.l{text-align:left}table.jx td.r{text-align:right}\
table.jx td.t{vertical-align:top}table.jx td.bo{vertical-align:bottom}\
table.jx td.nw{white-space:pre}table.jx td.b{font-weight:bold}\
table.jx td.ti{font-family:'SimHei','Heiti SC','Noto Sans CJK SC','Noto Sans SC',sans-serif}\
table.jx tr{break-inside:avoid}\
@media print{body{background:#fff}.form{box-shadow:none;margin:0;padding:0}.form+.form{break-before:page}}";

/// A whole HTML page holding every grid, one table each, titled `title`
/// (or the first grid's title).
///
/// ```
/// use jixiao::layout::{blank_form, layout_form, LayoutOptions};
/// use jixiao::model::FormKind;
/// let grid = layout_form(&blank_form(FormKind::SelfEvaluation, 2), &LayoutOptions::default()).unwrap();
/// let html = jixiao::write::html::html_document(None, &[grid]);
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert_eq!(html.matches("<table").count(), 1);
/// assert!(html.contains("colspan="));
/// ```
pub fn html_document(title: Option<&str>, grids: &[Grid]) -> String {
    let title = title
        .or_else(|| grids.first().map(|g| g.title.as_str()))
        .unwrap_or("绩效表");
    let mut out = String::with_capacity(4096 + grids.len() * 16384);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<style>{CSS}{}</style>", page_rule(grids));
    out.push_str("</head>\n<body>\n");
    for grid in grids {
        out.push_str("<section class=\"form\">\n");
        html_table(grid, &mut out);
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The `@page` rule from the first grid's paper and margins.
fn page_rule(grids: &[Grid]) -> String {
    let Some(page) = grids.first().map(|g| &g.page) else {
        return String::new();
    };
    let [t, r, b, l] = page.margins_mm;
    format!(
        "@page{{size:{}mm {}mm;margin:{t}mm {r}mm {b}mm {l}mm}}",
        page.width_mm, page.height_mm
    )
}

/// Appends one grid as a `<table class="jx">`. Positions no cell covers are
/// borderless empty cells, so the browser's table matches the grid cell for
/// cell. When the grid's repeated rows start at the top they become the
/// `<thead>`, which browsers print again on every page.
pub fn html_table(grid: &Grid, out: &mut String) {
    let rows = grid.rows.len();
    let cols = grid.columns.len();
    // Which cell starts at each position, and which positions are covered.
    let mut starts: Vec<Option<&GridCell>> = vec![None; rows * cols];
    let mut covered = vec![false; rows * cols];
    for cell in &grid.cells {
        if cell.row >= rows || cell.col >= cols {
            continue; // Outside the grid: the layout engine never makes these.
        }
        starts[cell.row * cols + cell.col] = Some(cell);
        for r in cell.row..(cell.row + cell.row_span).min(rows) {
            for c in cell.col..(cell.col + cell.col_span).min(cols) {
                covered[r * cols + c] = true;
            }
        }
    }
    let width: f32 = grid.columns.iter().sum();
    let _ = writeln!(
        out,
        "<table class=\"jx\" style=\"width:{width:.1}mm\" data-title=\"{}\">",
        escape(&grid.title)
    );
    out.push_str("<colgroup>");
    for w in &grid.columns {
        let _ = write!(out, "<col style=\"width:{w:.1}mm\">");
    }
    out.push_str("</colgroup>\n");
    let head = match grid.repeat_rows {
        Some((0, last)) if last < rows => Some(last),
        _ => None,
    };
    out.push_str(if head.is_some() {
        "<thead>\n"
    } else {
        "<tbody>\n"
    });
    for (r, row) in grid.rows.iter().enumerate() {
        let _ = write!(out, "<tr style=\"height:{:.1}mm\">", row.min_height);
        for c in 0..cols {
            match starts[r * cols + c] {
                Some(cell) => cell_html(cell, rows - r, cols - c, out),
                None if !covered[r * cols + c] => out.push_str("<td class=\"x\"></td>"),
                None => {}
            }
        }
        out.push_str("</tr>\n");
        if head == Some(r) {
            out.push_str("</thead>\n<tbody>\n");
        }
    }
    out.push_str("</tbody>\n</table>\n");
}

/// One `<td>`, spans clipped to the rows and columns left.
fn cell_html(cell: &GridCell, rows_left: usize, cols_left: usize, out: &mut String) {
    out.push_str("<td");
    let (rs, cs) = (cell.row_span.min(rows_left), cell.col_span.min(cols_left));
    if rs > 1 {
        let _ = write!(out, " rowspan=\"{rs}\"");
    }
    if cs > 1 {
        let _ = write!(out, " colspan=\"{cs}\"");
    }
    let classes = style_classes(&cell.style);
    if !classes.is_empty() {
        let _ = write!(out, " class=\"{}\"", classes.join(" "));
    }
    if cell.style.size_pt != 10.0 {
        let _ = write!(out, " style=\"font-size:{}pt\"", cell.style.size_pt);
    }
    out.push('>');
    // Line ends as <br>: any reader of the page (not only a browser that
    // honours pre-wrap) keeps the cell's lines apart.
    let text = cell.content.display_text();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        out.push_str(&escape(line));
    }
    out.push_str("</td>");
}

/// The CSS classes for a style that differs from the defaults.
fn style_classes(s: &CellStyle) -> Vec<&'static str> {
    let mut c = Vec::new();
    match s.h_align {
        HAlign::Left => c.push("l"),
        HAlign::Right => c.push("r"),
        HAlign::Center => {}
    }
    match s.v_align {
        VAlign::Top => c.push("t"),
        VAlign::Bottom => c.push("bo"),
        VAlign::Center => {}
    }
    if !s.border {
        c.push("nb");
    }
    if !s.wrap {
        c.push("nw");
    }
    if s.bold {
        c.push("b");
    }
    if s.font == FontRole::Title {
        c.push("ti");
    }
    c
}

/// Escapes text for HTML content and attribute values.
///
/// ```
/// assert_eq!(jixiao::write::html::escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{CellContent, GridRow, PageSetup};

    fn cell(row: usize, col: usize, rs: usize, cs: usize, text: &str) -> GridCell {
        GridCell {
            row,
            col,
            row_span: rs,
            col_span: cs,
            content: CellContent::Text(text.into()),
            style: CellStyle::default(),
        }
    }

    #[test]
    fn merges_spans_and_blank_positions() {
        let grid = Grid {
            title: "<项目>".into(),
            columns: vec![20.0, 30.0, 40.0],
            rows: vec![GridRow::default(); 3],
            cells: vec![
                cell(0, 0, 1, 3, "标题 & <b>"),
                cell(1, 0, 2, 1, "合并"),
                cell(1, 1, 1, 1, "a"),
            ],
            repeat_rows: Some((0, 0)),
            page: PageSetup::default(),
        };
        let mut out = String::new();
        html_table(&grid, &mut out);
        assert!(out.contains("<td colspan=\"3\">标题 &amp; &lt;b&gt;</td>"));
        assert!(out.contains("<td rowspan=\"2\">合并</td><td>a</td><td class=\"x\"></td></tr>"));
        // Row 2: column 0 is covered by the rowspan; 1 and 2 are blank.
        assert!(out.contains(
            "<tr style=\"height:0.0mm\"><td class=\"x\"></td><td class=\"x\"></td></tr>"
        ));
        assert!(out.contains("<thead>") && out.contains("data-title=\"&lt;项目&gt;\""));
    }
}
