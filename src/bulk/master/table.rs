//! A sheet of text cells with its source, read from a workbook sheet or a CSV
//! file, so the master's parsing works the same for both and every problem can
//! name its place (`项目!F7`, `projects.csv 第 7 行 F 列`).

use std::borrow::Cow;
use std::path::Path;

use calamine::{Data, Range, Reader};

use super::MasterError;
use crate::layout::a1;
use crate::read::workbook;

/// Where a table came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableSource {
    /// A worksheet of a workbook; places are `sheet!A1`.
    Sheet(String),
    /// A CSV file; places are `file line N, column X`.
    Csv(String),
}

/// A grid of trimmed text cells, blank as `None`; row 0 is the header.
#[derive(Debug, Clone)]
pub struct Table {
    /// Where the cells came from.
    pub source: TableSource,
    /// The cells.
    cells: Cells,
}

/// A sheet's cells stay as calamine read them (a copy as text would double
/// the memory of a 150,000-row 指标 sheet); CSV cells are text already.
#[derive(Debug, Clone)]
enum Cells {
    Text(Vec<Vec<Option<String>>>),
    Sheet(Range<Data>),
}

impl Table {
    /// The place of a 0-based cell.
    pub fn place(&self, row: usize, col: usize) -> String {
        match &self.source {
            TableSource::Sheet(s) => format!("{s}!{}", a1(row, col)),
            TableSource::Csv(f) => {
                let letters = a1(0, col);
                let letters = letters.trim_end_matches('1');
                format!("{f} 第 {} 行 {letters} 列", row + 1)
            }
        }
    }

    /// The place of a whole 0-based row (`项目 第 7 行`, `projects.csv 第 7 行`).
    pub fn row_place(&self, row: usize) -> String {
        match &self.source {
            TableSource::Sheet(s) => format!("{s} 第 {} 行", row + 1),
            TableSource::Csv(f) => format!("{f} 第 {} 行", row + 1),
        }
    }

    /// The table's name for messages (sheet name or file).
    pub fn name(&self) -> &str {
        match &self.source {
            TableSource::Sheet(s) | TableSource::Csv(s) => s,
        }
    }

    /// A table of text rows (row 0 the header), e.g. for tests.
    pub fn from_rows(source: TableSource, rows: Vec<Vec<Option<String>>>) -> Table {
        Table {
            source,
            cells: Cells::Text(rows),
        }
    }

    /// A cell's trimmed text, `None` when blank or beyond the table.
    pub fn cell(&self, row: usize, col: usize) -> Option<Cow<'_, str>> {
        match &self.cells {
            Cells::Text(rows) => rows.get(row)?.get(col)?.as_deref().map(Cow::Borrowed),
            Cells::Sheet(range) => {
                let pos = (u32::try_from(row).ok()?, u32::try_from(col).ok()?);
                cell_text(range.get_value(pos)?)
            }
        }
    }

    /// Number of rows, header included.
    pub fn height(&self) -> usize {
        match &self.cells {
            Cells::Text(rows) => rows.len(),
            Cells::Sheet(range) => range.end().map_or(0, |(r, _)| r as usize + 1),
        }
    }

    /// Number of columns (of the widest row).
    pub fn width(&self) -> usize {
        match &self.cells {
            Cells::Text(rows) => rows.iter().map(Vec::len).max().unwrap_or(0),
            Cells::Sheet(range) => range.end().map_or(0, |(_, c)| c as usize + 1),
        }
    }

    /// Whether every cell of a row is blank.
    pub fn is_blank_row(&self, row: usize) -> bool {
        (0..self.width()).all(|c| self.cell(row, c).is_none())
    }
}

/// Reads the named sheets of a workbook; a sheet not present is `None`.
pub fn read_workbook_sheets(
    path: &Path,
    names: &[&str],
) -> Result<Vec<Option<Table>>, MasterError> {
    let file = path.display().to_string();
    let mut book = workbook::open(path).map_err(|what| MasterError::Open {
        file: file.clone(),
        what,
    })?;
    let present = book.sheet_names();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        if !present.iter().any(|p| p == name) {
            out.push(None);
            continue;
        }
        let range = sheet_range(&mut book, name).map_err(|what| MasterError::Open {
            file: file.clone(),
            what: format!("工作表“{name}”：{what}"),
        })?;
        // calamine's positions are absolute (the range may start below A1),
        // so places match what Excel shows.
        out.push(Some(Table {
            source: TableSource::Sheet((*name).to_string()),
            cells: Cells::Sheet(range),
        }));
    }
    Ok(out)
}

/// Positions a master sheet may span (rows × columns from A1): 400,000
/// indicator rows of 20 columns.
const MAX_MASTER_AREA: usize = 8_000_000;

/// A sheet's cells read one by one, then laid out once their extent is
/// known to be a table's, not a far-away stray cell's.
fn sheet_range(book: &mut workbook::Workbook, name: &str) -> Result<Range<Data>, String> {
    let mut cells = Vec::new();
    let (mut bottom, mut right) = (0u32, 0u32);
    let limits = workbook::SheetLimits {
        cells: MAX_MASTER_AREA,
    };
    workbook::for_each_cell(book, name, limits, |pos, data, _| {
        (bottom, right) = (bottom.max(pos.0), right.max(pos.1));
        cells.push(calamine::Cell::new(pos, data));
    })?;
    let (height, width) = (bottom as usize + 1, right as usize + 1);
    if height.saturating_mul(width) > MAX_MASTER_AREA {
        return Err(format!(
            "工作表太大：已用区域到第 {height} 行、第 {width} 列，超过总表的上限（{MAX_MASTER_AREA} 个单元格）"
        ));
    }
    Ok(Range::from_sparse(cells))
}

/// Reads a CSV file (UTF-8, optional BOM, header in the first line).
pub fn read_csv(path: &Path) -> Result<Table, MasterError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| MasterError::Open {
        file: file.clone(),
        what: e.to_string(),
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| MasterError::Open {
            file: file.clone(),
            what: format!("第 {} 行：{e}（应为 UTF-8 编码的 CSV）", i + 1),
        })?;
        rows.push(
            record
                .iter()
                .map(|s| non_blank(csv_unquote(s).trim()))
                .collect(),
        );
    }
    Ok(Table::from_rows(TableSource::Csv(file), rows))
}

/// Takes off the `'` that [`super::csv_safe`] put before formula-like text.
fn csv_unquote(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(super::write::FORMULA_STARTS) => rest,
        _ => s,
    }
}

fn non_blank(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// A cell as text: numbers in their shortest exact decimal form, dates as
/// YYYY-MM-DD, errors as their Excel text (`#DIV/0!`) so parsing reports them.
fn cell_text(d: &Data) -> Option<Cow<'_, str>> {
    let owned = |s: String| Some(Cow::Owned(s));
    match d {
        Data::Empty => None,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            let s = s.trim();
            (!s.is_empty()).then_some(Cow::Borrowed(s))
        }
        Data::Int(i) => owned(i.to_string()),
        // Rust prints the shortest text that reads back as the same float, so
        // a typed 7.8 comes back as "7.8", not 7.7999999….
        Data::Float(f) => owned(f.to_string()),
        Data::Bool(b) => Some(Cow::Borrowed(if *b { "是" } else { "否" })),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            owned(format!("{y:04}-{m:02}-{d:02}"))
        }
        Data::Error(e) => owned(format!("{e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_become_dates() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let date = |serial| {
            Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                false,
            ))
        };
        assert_eq!(cell_text(&date(45292.0)).as_deref(), Some("2024-01-01"));
        assert_eq!(cell_text(&date(45657.5)).as_deref(), Some("2024-12-31"));
    }

    #[test]
    fn floats_keep_their_short_form() {
        assert_eq!(cell_text(&Data::Float(7.8)).as_deref(), Some("7.8"));
        assert_eq!(cell_text(&Data::Float(2024.0)).as_deref(), Some("2024"));
        assert_eq!(
            cell_text(&Data::String(" 宣传费 ".into())).as_deref(),
            Some("宣传费")
        );
        assert_eq!(cell_text(&Data::String("  ".into())), None);
    }

    #[test]
    fn csv_places_name_line_and_column() {
        let t = Table::from_rows(TableSource::Csv("p.csv".into()), vec![]);
        assert_eq!(t.place(6, 5), "p.csv 第 7 行 F 列");
    }
}
