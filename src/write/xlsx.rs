//! The XLSX writer: renders neutral [`Grid`]s, one worksheet each. It knows
//! nothing about form kinds; everything it draws comes from the grid.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError};

use crate::layout::{a1, CellContent, CellStyle, FontRole, Grid, GridCell, HAlign, VAlign};

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// There was nothing to write.
    #[error("{file}：没有可写出的表")]
    Empty {
        /// The output file.
        file: String,
    },
    /// The workbook could not be built (a grid beyond spreadsheet limits).
    #[error("{file}：无法生成工作簿：{what}")]
    Xlsx {
        /// The output file.
        file: String,
        /// What went wrong.
        what: String,
    },
    /// The file could not be written (exists without `overwrite`, disk full …).
    #[error("{file}：无法写入：{source}")]
    Io {
        /// The output file.
        file: String,
        /// The OS error.
        source: std::io::Error,
    },
}

/// Writes grids as one workbook, one worksheet per grid, atomically: the file
/// appears complete or not at all, and an existing file is replaced only with
/// `overwrite`.
///
/// ```
/// use jixiao::layout::{blank_form, layout_form, LayoutOptions};
/// use jixiao::model::FormKind;
/// let grid = layout_form(&blank_form(FormKind::TargetTable, 3), &LayoutOptions::default()).unwrap();
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("blank.xlsx");
/// jixiao::write::xlsx::write_xlsx(&[grid.clone()], &path, false).unwrap();
/// assert!(jixiao::write::xlsx::write_xlsx(&[grid], &path, false).is_err());
/// ```
pub fn write_xlsx(grids: &[Grid], path: &Path, overwrite: bool) -> Result<(), WriteError> {
    let file = path.display().to_string();
    let bytes = xlsx_bytes(grids).map_err(|what| match grids.is_empty() {
        true => WriteError::Empty { file: file.clone() },
        false => WriteError::Xlsx {
            file: file.clone(),
            what,
        },
    })?;
    super::atomic::write_atomic(path, overwrite, |w: &mut dyn Write| w.write_all(&bytes))
        .map_err(|source| WriteError::Io { file, source })
}

/// The workbook's bytes, for callers that store it elsewhere.
pub fn xlsx_bytes(grids: &[Grid]) -> Result<Vec<u8>, String> {
    if grids.is_empty() {
        return Err("没有可写出的表".into());
    }
    let mut workbook = Workbook::new();
    // Forms are small: the fastest deflate level makes files about a quarter
    // larger and building them about 1.4 times faster (docs/bench-xlsx.md).
    workbook.set_zip_compression_level(1);
    let mut names = SheetNames::default();
    for grid in grids {
        let name = names.claim(&grid.title);
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).map_err(|e| e.to_string())?;
        render(grid, sheet).map_err(|e| format!("sheet {name}: {e}"))?;
    }
    workbook.save_to_buffer().map_err(|e| e.to_string())
}

/// A valid, unique worksheet name from a title: no `[]:*?/\\`, no edge
/// apostrophes, at most 31 characters, unique ignoring case.
///
/// ```
/// let taken = vec!["养老事业类".to_string()];
/// assert_eq!(jixiao::write::xlsx::sheet_name("养老事业类", &taken), "养老事业类(2)");
/// assert_eq!(jixiao::write::xlsx::sheet_name("a/b:c", &[]), "a_b_c");
/// ```
pub fn sheet_name(title: &str, taken: &[String]) -> String {
    let mut names = SheetNames::default();
    for t in taken {
        names.taken.insert(t.to_lowercase());
    }
    names.claim(title)
}

/// Hands out worksheet names (see [`sheet_name`]) for one workbook. Each
/// title remembers the last number it was given, so a thousand forms of one
/// name cost a thousand look-ups, not half a million.
///
/// ```
/// let mut names = jixiao::write::xlsx::SheetNames::default();
/// assert_eq!(names.claim("宣传费"), "宣传费");
/// assert_eq!(names.claim("宣传费"), "宣传费(2)");
/// assert_eq!(names.claim("宣传费(2)"), "宣传费(2)(2)");
/// ```
#[derive(Debug, Default)]
pub struct SheetNames {
    /// Names given, lower-cased.
    taken: HashSet<String>,
    /// For each cleaned title (lower-cased), the number to try next.
    next: HashMap<String, usize>,
    /// Names tried so far (for tests of the cost).
    probes: usize,
}

impl SheetNames {
    /// A valid worksheet name for `title`, not handed out before.
    pub fn claim(&mut self, title: &str) -> String {
        let clean: String = title
            .chars()
            .map(|c| {
                if "[]:*?/\\".contains(c) || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let clean = clean.trim().trim_matches('\'').trim();
        let base = if clean.is_empty() || clean.eq_ignore_ascii_case("history") {
            "表"
        } else {
            clean
        };
        let key = base.to_lowercase();
        let mut i = self.next.get(&key).copied().unwrap_or(1);
        loop {
            self.probes += 1;
            let suffix = if i == 1 {
                String::new()
            } else {
                format!("({i})")
            };
            let keep = 31 - suffix.chars().count();
            let name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
            i += 1;
            if self.taken.insert(name.to_lowercase()) {
                self.next.insert(key, i);
                return name;
            }
        }
    }

    /// How many names were tried in all.
    pub fn probes(&self) -> usize {
        self.probes
    }
}

const MM_PER_INCH: f64 = 25.4;

fn render(grid: &Grid, sheet: &mut Worksheet) -> Result<(), String> {
    let page = &grid.page;
    sheet.set_paper_size(paper_code(
        page.width_mm.min(page.height_mm),
        page.width_mm.max(page.height_mm),
    ));
    if page.width_mm > page.height_mm {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_print_fit_to_pages(1, 0);
    let [top, right, bottom, left] = page.margins_mm.map(|m| f64::from(m) / MM_PER_INCH);
    sheet.set_margins(left, right, top, bottom, top / 2.0, bottom / 2.0);
    sheet.set_print_center_horizontally(page.center_horizontally);
    let e = |e: XlsxError| e.to_string();
    let too_big = || "行数或列数超出工作表的上限".to_string();
    if let Some((first, last)) = grid.repeat_rows {
        let first = u32::try_from(first).map_err(|_| too_big())?;
        let last = u32::try_from(last).map_err(|_| too_big())?;
        sheet.set_repeat_rows(first, last).map_err(e)?;
    }
    for (col, width) in grid.columns.iter().enumerate() {
        // 96 px per inch, as spreadsheet programs size columns on screen.
        let px = (f64::from(*width) / MM_PER_INCH * 96.0).round() as u32;
        let col = u16::try_from(col).map_err(|_| too_big())?;
        sheet.set_column_width_pixels(col, px.max(1)).map_err(e)?;
    }
    for (row, r) in grid.rows.iter().enumerate() {
        let mm = f64::from(r.fit_height.max(r.min_height));
        let row = u32::try_from(row).map_err(|_| too_big())?;
        sheet
            .set_row_height(row, mm / MM_PER_INCH * 72.0)
            .map_err(e)?;
    }
    // A formula without a cached result shows blank until recalculated
    // (not a misleading 0 that a reader would take for the value).
    sheet.set_formula_result_default("");
    let mut formats = FormatCache::default();
    for cell in &grid.cells {
        let number_code = match &cell.content {
            CellContent::Number { value, format } => Some(format.excel_code_for(*value)),
            CellContent::Formula {
                cached: Some(v),
                format,
                ..
            } => Some(format.excel_code_for(*v)),
            CellContent::Formula { format, .. } => Some(format.excel_code().to_string()),
            _ => None,
        };
        let fmt = formats.get(&cell.style, number_code);
        write_cell(sheet, cell, &fmt)
            .map_err(|e| format!("cell {}: {e}", a1(cell.row, cell.col)))?;
    }
    Ok(())
}

/// Writes one grid cell (merging its span first).
fn write_cell(sheet: &mut Worksheet, cell: &GridCell, fmt: &Format) -> Result<(), String> {
    const LIMIT: &str = "超出工作表的 1,048,576 行 × 16,384 列";
    let last = |start: usize, span: usize| start.checked_add(span.max(1) - 1);
    let row = u32::try_from(cell.row).map_err(|_| LIMIT)?;
    let col = u16::try_from(cell.col).map_err(|_| LIMIT)?;
    let last_row = last(cell.row, cell.row_span)
        .and_then(|r| u32::try_from(r).ok())
        .ok_or(LIMIT)?;
    let last_col = last(cell.col, cell.col_span)
        .and_then(|c| u16::try_from(c).ok())
        .ok_or(LIMIT)?;
    let text = match &cell.content {
        CellContent::Text(t) => t.as_str(),
        _ => "",
    };
    let e = |e: XlsxError| e.to_string();
    if (last_row, last_col) != (row, col) {
        sheet
            .merge_range(row, col, last_row, last_col, text, fmt)
            .map_err(e)?;
    }
    match &cell.content {
        CellContent::Empty => sheet.write_blank(row, col, fmt),
        // write_string never makes a formula, whatever the text starts with.
        CellContent::Text(t) => sheet.write_string_with_format(row, col, t, fmt),
        CellContent::Number { value, .. } => {
            sheet.write_number_with_format(row, col, to_f64(*value), fmt)
        }
        CellContent::Formula {
            formula, cached, ..
        } => {
            let mut f = Formula::new(formula);
            if let Some(v) = cached {
                f = f.set_result(v.to_string());
            }
            sheet.write_formula_with_format(row, col, f, fmt)
        }
    }
    .map_err(e)?;
    Ok(())
}

/// Excel paper-size code of a page (A4 = 9, A3 = 8, Letter = 1).
fn paper_code(width_mm: f32, height_mm: f32) -> u8 {
    let near = |w: f32, h: f32| (width_mm - w).abs() < 3.0 && (height_mm - h).abs() < 3.0;
    if near(297.0, 420.0) {
        8
    } else if near(215.9, 279.4) {
        1
    } else {
        9
    }
}

fn to_f64(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

/// One `Format` per distinct style and number format, so a workbook with
/// thousands of cells holds a handful of formats.
#[derive(Default)]
struct FormatCache {
    formats: HashMap<(String, Option<String>), Format>,
}

impl FormatCache {
    fn get(&mut self, style: &CellStyle, number: Option<String>) -> Format {
        let key = (format!("{style:?}"), number);
        self.formats
            .entry(key)
            .or_insert_with_key(|(_, number)| build_format(style, number.as_deref()))
            .clone()
    }
}

fn build_format(style: &CellStyle, number: Option<&str>) -> Format {
    let font = match style.font {
        FontRole::Body => "宋体",
        FontRole::Title => "黑体",
    };
    let mut f = Format::new()
        .set_font_name(font)
        .set_font_size(style.size_pt);
    if style.bold {
        f = f.set_bold();
    }
    f = f.set_align(match style.h_align {
        HAlign::Left => FormatAlign::Left,
        HAlign::Center => FormatAlign::Center,
        HAlign::Right => FormatAlign::Right,
    });
    if style.h_align != HAlign::Center && style.border {
        // Keep text and amounts off the cell border, as printed forms do.
        f = f.set_indent(1);
    }
    f = f.set_align(match style.v_align {
        VAlign::Top => FormatAlign::Top,
        VAlign::Center => FormatAlign::VerticalCenter,
        VAlign::Bottom => FormatAlign::Bottom,
    });
    if style.border {
        f = f.set_border(FormatBorder::Thin);
    }
    if style.wrap {
        f = f.set_text_wrap();
    }
    if let Some(code) = number {
        f = f.set_num_format(code);
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let long = "很".repeat(40);
        let mut taken = Vec::new();
        for _ in 0..3 {
            let n = sheet_name(&long, &taken);
            assert!(n.chars().count() <= 31, "{n}");
            assert!(!taken.contains(&n));
            taken.push(n);
        }
        assert_eq!(taken[2].chars().rev().take(3).collect::<String>(), ")3(");
        assert_eq!(sheet_name("'[x]'", &[]), "_x_");
        assert_eq!(sheet_name("  ", &[]), "表");
    }

    #[test]
    fn many_forms_of_one_name_cost_one_probe_each() {
        let mut names = SheetNames::default();
        let long = "很".repeat(40);
        let mut seen = HashSet::new();
        for i in 0..3000 {
            let title = match i % 3 {
                0 => "宣传费",
                1 => long.as_str(),
                _ => "",
            };
            let n = names.claim(title);
            assert!(n.chars().count() <= 31, "{n}");
            assert!(seen.insert(n.to_lowercase()), "{n} twice");
        }
        // Before: the n-th repeat tried n names, each compared with every
        // name taken (about 4.5 million tries for these 3,000).
        assert_eq!(names.probes(), 3000);
        assert_eq!(names.claim("宣传费(5)"), "宣传费(5)(2)");
        assert_eq!(names.claim("宣传费"), "宣传费(1001)");
    }

    #[test]
    fn a_grid_beyond_sheet_limits_is_an_error_naming_the_cell() {
        use crate::layout::{blank_form, layout_form, LayoutOptions};
        use crate::model::FormKind;
        let mut grid = layout_form(
            &blank_form(FormKind::TargetTable, 1),
            &LayoutOptions::default(),
        )
        .unwrap();
        grid.cells[0].row = 2_000_000;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.xlsx");
        let err = write_xlsx(&[grid], &path, false).unwrap_err().to_string();
        assert!(
            err.contains("big.xlsx") && err.contains("A2000001"),
            "{err}"
        );
        assert!(!path.exists());
    }

    #[test]
    fn nothing_to_write_is_an_error_and_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.xlsx");
        let err = write_xlsx(&[], &path, false).unwrap_err();
        assert!(err.to_string().contains("x.xlsx"));
        assert!(!path.exists());
    }
}
