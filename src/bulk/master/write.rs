//! Forms → master rows, and the master as a workbook or a CSV pair.

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};
use serde_json::Value;

use super::columns::{indicator_columns, kind_label, project_columns, Column, ColumnType};
use super::{extra_of, Master, MasterError, INDICATOR_SHEET, NOTES_SHEET, PROJECT_SHEET};
use crate::model::taxonomy;
use crate::model::{Form, FormKind};
use crate::write::atomic::write_atomic;

/// A cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Blank.
    Empty,
    /// Text, written as a text cell (amounts too, to keep their digits).
    Text(String),
    /// A number cell (years; figures of report sheets such as 汇总表).
    Number(Decimal),
}

impl Cell {
    fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(d) => d.to_string(),
        }
    }
}

/// A report sheet added after the master's own (汇总表, 检查).
#[derive(Debug, Clone, Default)]
pub struct ExtraSheet {
    /// Sheet name.
    pub name: String,
    /// Header row.
    pub headers: Vec<String>,
    /// Column widths in characters (missing ones get a default).
    pub widths: Vec<f64>,
    /// Data rows.
    pub rows: Vec<Vec<Cell>>,
    /// Rows (0-based, among `rows`) drawn bold, such as a total row.
    pub bold_rows: Vec<usize>,
    /// A title above the table (then the sheet is laid out to print as an
    /// official table: borders, A4 landscape fitted to the width, header
    /// rows repeated on every page, page numbers).
    pub title: Option<String>,
    /// Whether the workbook opens on this sheet.
    pub active: bool,
}

fn cell_of(column: &Column, v: Option<&Value>) -> Cell {
    match v {
        None | Some(Value::Null) => Cell::Empty,
        Some(Value::String(s)) => Cell::Text(s.clone()),
        Some(Value::Number(n)) if column.ty == ColumnType::Year => n
            .as_i64()
            .map_or_else(|| Cell::Text(n.to_string()), |i| Cell::Number(i.into())),
        Some(other) => Cell::Text(other.to_string()),
    }
}

fn lookup<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('/').try_fold(v, |v, p| v.get(p))
}

/// The 项目 row of a form, one cell per [`project_columns`] column.
pub fn project_cells(key: &str, form: &Form) -> Vec<Cell> {
    let value = serde_json::to_value(form).unwrap_or(Value::Null);
    let kind = form.kind();
    project_columns()
        .iter()
        .map(|c| match c.ty {
            ColumnType::Key => Cell::Text(key.to_string()),
            ColumnType::Kind => Cell::Text(kind_label(kind).into()),
            ColumnType::Extra => {
                let extra = extra_of(form);
                match extra.is_empty() {
                    true => Cell::Empty,
                    false => Cell::Text(serde_json::to_string(extra).unwrap_or_default()),
                }
            }
            _ => c
                .path(kind)
                .map_or(Cell::Empty, |p| cell_of(c, lookup(&value, p))),
        })
        .collect()
}

/// The 指标 rows of a form, one cell per [`indicator_columns`] column.
pub fn indicator_cells(key: &str, form: &Form) -> Vec<Vec<Cell>> {
    let value = serde_json::to_value(form).unwrap_or(Value::Null);
    let kind = form.kind();
    let items = value
        .get("indicators")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    items
        .iter()
        .map(|ind| {
            indicator_columns()
                .iter()
                .map(|c| match c.ty {
                    ColumnType::Key => Cell::Text(key.to_string()),
                    _ => c
                        .path(kind)
                        .map_or(Cell::Empty, |p| cell_of(c, lookup(ind, p))),
                })
                .collect()
        })
        .collect()
}

fn xlsx_err(file: &Path) -> impl Fn(XlsxError) -> MasterError + '_ {
    move |e| MasterError::Write {
        file: file.display().to_string(),
        what: e.to_string(),
    }
}

fn io_err(file: &Path) -> impl Fn(std::io::Error) -> MasterError + '_ {
    move |e| MasterError::Write {
        file: file.display().to_string(),
        what: e.to_string(),
    }
}

/// Writes a master workbook (项目, 指标, 说明, then `extra` sheets) atomically;
/// an existing file is replaced only with `overwrite`.
pub fn write_master(
    master: &Master,
    path: &Path,
    overwrite: bool,
    extra: &[ExtraSheet],
) -> Result<(), MasterError> {
    // The constant-memory sheets write temporary files and panic when the
    // disk is full: that is a write error here, not a crash.
    let bytes = crate::read::workbook::quietly(|| master_bytes(master, path, extra)).ok_or_else(
        || MasterError::Write {
            file: path.display().to_string(),
            what: "生成工作簿时写临时文件失败（磁盘空间不足？）".into(),
        },
    )??;
    write_atomic(path, overwrite, |w: &mut dyn Write| w.write_all(&bytes)).map_err(io_err(path))
}

fn master_bytes(
    master: &Master,
    path: &Path,
    extra: &[ExtraSheet],
) -> Result<Vec<u8>, MasterError> {
    let err = xlsx_err(path);
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_background_color(0xDDEBF7);
    let text = Format::new().set_num_format("@");
    // Rows go to a temporary file as they are written: a master of 10,000
    // projects would otherwise hold ~150,000 rows of cells in memory.
    let sheet = book.add_worksheet_with_constant_memory().map_err(&err)?;
    setup_sheet(sheet, PROJECT_SHEET, project_columns(), &header, &text).map_err(&err)?;
    for (i, f) in master.forms.iter().enumerate() {
        write_row(sheet, i as u32 + 1, &project_cells(&f.key, &f.form)).map_err(&err)?;
    }
    let sheet = book.add_worksheet_with_constant_memory().map_err(&err)?;
    setup_sheet(sheet, INDICATOR_SHEET, indicator_columns(), &header, &text).map_err(&err)?;
    let mut row = 1;
    for f in &master.forms {
        for cells in indicator_cells(&f.key, &f.form) {
            write_row(sheet, row, &cells).map_err(&err)?;
            row += 1;
        }
    }
    write_notes(book.add_worksheet(), &header).map_err(&err)?;
    for x in extra {
        write_extra(book.add_worksheet(), x, &header).map_err(&err)?;
    }
    book.save_to_buffer().map_err(&err)
}

/// Writes an empty master: headers, notes, validation lists.
pub fn write_template(path: &Path, overwrite: bool) -> Result<(), MasterError> {
    write_master(&Master::default(), path, overwrite, &[])
}

fn write_row(sheet: &mut Worksheet, row: u32, cells: &[Cell]) -> Result<(), XlsxError> {
    for (col, cell) in cells.iter().enumerate() {
        let col = col as u16;
        match cell {
            Cell::Empty => {}
            Cell::Text(s) => {
                sheet.write_string(row, col, s)?;
            }
            Cell::Number(d) => {
                sheet.write_number(row, col, d.to_f64().unwrap_or(0.0))?;
            }
        }
    }
    Ok(())
}

/// Header row, widths, text format on amount columns (so Excel keeps what is
/// typed, "7.80" included), frozen header and validation lists.
fn setup_sheet(
    sheet: &mut Worksheet,
    name: &str,
    columns: &[Column],
    header: &Format,
    text: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    for (i, c) in columns.iter().enumerate() {
        let col = i as u16;
        sheet.write_string_with_format(0, col, &c.header, header)?;
        let width = match c.ty {
            ColumnType::Text if c.header.contains("目标") || c.header.contains("概况") => 30.0,
            ColumnType::Decimal => 14.0,
            _ => 12.0_f64.max(c.header.chars().count() as f64 * 2.2),
        };
        sheet.set_column_width(col, width)?;
        if matches!(c.ty, ColumnType::Decimal | ColumnType::Key) {
            sheet.set_column_format(col, text)?;
        }
        if let Some(list) = validation_list(&c.header) {
            let v = DataValidation::new()
                .allow_list_strings(&list)?
                .set_error_style(DataValidationErrorStyle::Warning);
            sheet.add_data_validation(1, col, 1_048_575, col, &v)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The fixed values of a column, for Excel's drop-down lists. Label lists
/// warn rather than refuse, since published forms use variants.
fn validation_list(header: &str) -> Option<Vec<String>> {
    let list: Vec<String> = match header {
        "表类型" => FormKind::ALL.map(|k| kind_label(k).to_string()).to_vec(),
        "评分等级" => ["优", "良", "中", "差"].map(String::from).to_vec(),
        "一级指标" => taxonomy::STANDARD
            .iter()
            .map(|(l1, _)| *l1)
            .chain(taxonomy::TABLE_2020_LEVEL1.iter().copied())
            .map(String::from)
            .collect(),
        "二级指标" => {
            let mut all: Vec<String> = Vec::new();
            let labels = taxonomy::STANDARD.iter().flat_map(|(_, l2)| l2.iter());
            for l in labels.chain(taxonomy::TABLE_2020_LEVEL2.iter()) {
                if !all.iter().any(|a| a == l) {
                    all.push(l.to_string());
                }
            }
            all
        }
        _ => return None,
    };
    Some(list)
}

fn write_notes(sheet: &mut Worksheet, header: &Format) -> Result<(), XlsxError> {
    sheet.set_name(NOTES_SHEET)?;
    let wrap = Format::new().set_text_wrap();
    for (col, (h, w)) in [
        ("工作表", 8.0),
        ("列名", 24.0),
        ("适用表类型", 22.0),
        ("说明", 80.0),
    ]
    .into_iter()
    .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, h, header)?;
        sheet.set_column_width(col as u16, w)?;
    }
    let mut row = 1;
    let intro = "每行一个项目（项目表）或一个指标（指标表）；指标按“序号”归属项目，按行的先后排列。金额、分值、得分、执行率按表上所写的位数填写（列已设为文本格式，7.80 不会变成 7.8）。";
    sheet.write_string_with_format(row, 3, intro, &wrap)?;
    row += 1;
    for (sheet_name, columns) in [
        (PROJECT_SHEET, project_columns()),
        (INDICATOR_SHEET, indicator_columns()),
    ] {
        for c in columns {
            sheet.write_string(row, 0, sheet_name)?;
            sheet.write_string(row, 1, &c.header)?;
            sheet.write_string(row, 2, c.used_by())?;
            sheet.write_string_with_format(row, 3, &c.note, &wrap)?;
            row += 1;
        }
    }
    Ok(())
}

fn write_extra(sheet: &mut Worksheet, x: &ExtraSheet, header: &Format) -> Result<(), XlsxError> {
    sheet.set_name(&x.name)?;
    let printable = x.title.is_some();
    let framed = |f: Format| match printable {
        true => f.set_border(FormatBorder::Thin).set_text_wrap(),
        false => f,
    };
    let (header, plain, bold) = (
        framed(header.clone().set_align(FormatAlign::Center)),
        framed(Format::new()),
        framed(Format::new().set_bold()),
    );
    let last_col = x.headers.len().saturating_sub(1) as u16;
    let mut top = 0;
    if let Some(title) = &x.title {
        let big = Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        match last_col {
            0 => sheet
                .write_string_with_format(0, 0, title, &big)
                .map(|_| ())?,
            _ => sheet
                .merge_range(0, 0, 0, last_col, title, &big)
                .map(|_| ())?,
        }
        sheet.set_row_height(0, 30)?;
        top = 1;
    }
    for (col, h) in x.headers.iter().enumerate() {
        sheet.write_string_with_format(top, col as u16, h, &header)?;
        sheet.set_column_width(col as u16, x.widths.get(col).copied().unwrap_or(14.0))?;
    }
    for (i, cells) in x.rows.iter().enumerate() {
        let row = top + 1 + i as u32;
        let format = if x.bold_rows.contains(&i) {
            &bold
        } else {
            &plain
        };
        for col in 0..cells.len().max(x.headers.len()) {
            let col16 = col as u16;
            match cells.get(col).unwrap_or(&Cell::Empty) {
                Cell::Empty if printable => sheet.write_blank(row, col16, format).map(|_| ())?,
                Cell::Empty => {}
                Cell::Text(s) => sheet
                    .write_string_with_format(row, col16, s, format)
                    .map(|_| ())?,
                Cell::Number(d) => sheet
                    .write_number_with_format(row, col16, d.to_f64().unwrap_or(0.0), format)
                    .map(|_| ())?,
            }
        }
    }
    sheet.set_freeze_panes(top + 1, 0)?;
    if printable {
        sheet.set_paper_size(9); // A4
        sheet.set_landscape();
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, top)?;
        sheet.set_print_center_horizontally(true);
        sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
        sheet.set_footer("&C第 &P 页，共 &N 页");
    }
    if x.active {
        sheet.set_active(true);
    }
    Ok(())
}

/// Writes the master as a CSV pair: `path` (projects) and `indicators.csv`
/// beside it (`项目.csv` pairs with `指标.csv`). Returns the indicator file.
pub fn write_master_csv(
    master: &Master,
    path: &Path,
    overwrite: bool,
) -> Result<PathBuf, MasterError> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let partner = match path.file_stem().and_then(|s| s.to_str()) {
        Some("项目") => dir.join("指标.csv"),
        Some(s) if s.ends_with("projects") => {
            dir.join(format!("{}indicators.csv", s.trim_end_matches("projects")))
        }
        _ => dir.join("indicators.csv"),
    };
    let headers = |cols: &[Column]| cols.iter().map(|c| Cell::Text(c.header.clone())).collect();
    let projects = std::iter::once(headers(project_columns()))
        .chain(master.forms.iter().map(|f| project_cells(&f.key, &f.form)));
    write_csv(path, overwrite, projects)?;
    let indicators = std::iter::once(headers(indicator_columns())).chain(
        master
            .forms
            .iter()
            .flat_map(|f| indicator_cells(&f.key, &f.form)),
    );
    write_csv(&partner, overwrite, indicators)?;
    Ok(partner)
}

fn write_csv(
    path: &Path,
    overwrite: bool,
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<(), MasterError> {
    write_atomic(path, overwrite, |w: &mut dyn Write| {
        // A BOM so that Excel opens the file as UTF-8.
        w.write_all(b"\xEF\xBB\xBF")?;
        let mut out = csv::Writer::from_writer(w);
        for row in rows {
            out.write_record(row.iter().map(|c| csv_safe(c.as_text())))?;
        }
        out.flush()
    })
    .map_err(io_err(path))
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR
/// first) gets a leading `'`, which spreadsheets show as text and
/// [`read_csv`](super::table::read_csv) takes off again; numbers stay as
/// they are.
///
/// ```
/// use jixiao::bulk::master::csv_safe;
/// assert_eq!(csv_safe("=HYPERLINK(\"x\")".into()), "'=HYPERLINK(\"x\")");
/// assert_eq!(csv_safe("-12.5".into()), "-12.5");
/// assert_eq!(csv_safe("宣传费".into()), "宣传费");
/// ```
pub fn csv_safe(text: String) -> String {
    let risky = text.starts_with(FORMULA_STARTS);
    if risky && text.trim().parse::<rust_decimal::Decimal>().is_err() {
        format!("'{text}")
    } else {
        text
    }
}

/// First characters that make a spreadsheet read a cell as a formula.
pub(crate) const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
