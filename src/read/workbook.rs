//! Opening workbooks without trusting them: the zip members are measured
//! before calamine inflates them, cells are read one by one (never as the
//! bounding box a far-away cell would make), positions, cell counts and text
//! lengths are bounded, and a panic inside calamine becomes a message.
//! Used by the form reader ([`crate::read::xlsx`]) and the `fill` master
//! reader alike. Messages are Chinese, for the people who made the file.

use std::cell::Cell as StdCell;
use std::fs::File;
use std::io::{BufReader, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

use calamine::{Data, Reader};

use crate::layout::a1;
use crate::read::ods_guard::MAX_ODS_CELLS;

/// Rows of an Excel sheet (1,048,576).
pub const MAX_ROWS: u32 = 1 << 20;
/// Columns of an Excel sheet (16,384, A–XFD).
pub const MAX_COLS: u32 = 1 << 14;
/// Characters of one cell (Excel's own limit).
pub const MAX_TEXT_CHARS: usize = 32_767;
/// Uncompressed bytes of one worksheet part.
pub const MAX_SHEET_BYTES: u64 = 160 << 20;
/// Uncompressed bytes of the shared strings (held in memory whole).
pub const MAX_STRINGS_BYTES: u64 = 64 << 20;
/// Uncompressed bytes of any other part (styles, workbook, relations …).
pub const MAX_PART_BYTES: u64 = 32 << 20;
/// Uncompressed bytes of the whole package.
pub const MAX_TOTAL_BYTES: u64 = 400 << 20;
/// Parts of one package.
pub const MAX_PARTS: usize = 10_000;

/// An open workbook.
pub type Workbook = calamine::Sheets<BufReader<File>>;

/// Opens a workbook after checking its zip package (for `.xlsx`/`.ods`).
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let p = dir.path().join("x.xlsx");
/// std::fs::write(&p, "not a zip").unwrap();
/// let e = jixiao::read::workbook::open(&p).err().unwrap();
/// assert!(e.contains("不是 XLSX 文件"), "{e}");
/// ```
pub fn open(path: &Path) -> Result<Workbook, String> {
    check_package(path)?;
    match guarded(|| calamine::open_workbook_auto(path))? {
        Ok(book) => Ok(book),
        Err(calamine::Error::Io(e)) => Err(format!("无法读取：{}", io_text(&e))),
        Err(e) => Err(unreadable(&e.to_string())),
    }
}

/// The message for a file calamine could not make sense of, in the user's
/// words (the library's own text only as a detail).
fn unreadable(detail: &str) -> String {
    let d = detail.to_ascii_lowercase();
    if d.contains("eocd") || d.contains("invalid zip") || d.contains("zip") && d.contains("archive")
    {
        "不是 XLSX 文件（文件已损坏或不是 Excel 工作簿）".into()
    } else if d.contains("password") || d.contains("encrypt") {
        "工作簿有密码保护，请先取消密码再读取".into()
    } else if d.contains("cannot detect") || d.contains("unrecognized") || d.contains("extension") {
        "不是可识别的工作簿（只支持 .xlsx、.xls、.ods）".into()
    } else {
        format!("工作簿已损坏，无法读取（{detail}）")
    }
}

/// An OS error in Chinese where it is a common one.
pub fn io_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        std::io::ErrorKind::IsADirectory => "这是一个文件夹，不是文件".into(),
        _ => e.to_string(),
    }
}

/// Measures a zip package's members from its central directory before
/// anything is inflated; the zip reader stops at the declared sizes, so a
/// member that lies about its size fails instead of growing.
fn check_package(path: &Path) -> Result<(), String> {
    let mut file = File::open(path).map_err(|e| format!("无法读取：{}", io_text(&e)))?;
    let mut magic = [0u8; 4];
    let n = file
        .read(&mut magic)
        .map_err(|e| format!("无法读取：{}", io_text(&e)))?;
    if n < 4 || &magic != b"PK\x03\x04" {
        // Not a zip: .xls (OLE) and others go to calamine, which knows them.
        return if n >= 4 && magic == [0xD0, 0xCF, 0x11, 0xE0] {
            Ok(())
        } else {
            Err(unreadable("EOCD"))
        };
    }
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|_| unreadable("EOCD"))?;
    if archive.len() > MAX_PARTS {
        return Err(format!(
            "工作簿包含 {} 个部件，超过上限 {MAX_PARTS}，不像是一份表格",
            archive.len()
        ));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_data(i) else {
            return Err(unreadable("EOCD"));
        };
        let (name, size) = (entry.name().unwrap_or_default().to_string(), entry.size());
        let lower = name.to_ascii_lowercase();
        let cap = if lower.contains("worksheets/") || lower == "content.xml" {
            MAX_SHEET_BYTES
        } else if lower.ends_with("sharedstrings.xml") {
            MAX_STRINGS_BYTES
        } else {
            MAX_PART_BYTES
        };
        if size > cap {
            return Err(too_big_part(&name, size, cap));
        }
        total = total.saturating_add(size);
    }
    if total > MAX_TOTAL_BYTES {
        return Err(format!(
            "工作簿解压后有 {} MB，超过上限 {} MB（可能是压缩炸弹），已拒绝读取",
            total >> 20,
            MAX_TOTAL_BYTES >> 20
        ));
    }
    if let Ok(content) = archive.by_name("content.xml") {
        let cells = crate::read::ods_guard::laid_out_cells(content, MAX_ODS_CELLS)
            .map_err(|_| unreadable("content.xml"))?;
        if cells > MAX_ODS_CELLS {
            return Err(format!(
                "工作表太大：重复的行和列展开后超过 {MAX_ODS_CELLS} 个单元格，不像是一份表格"
            ));
        }
    }
    Ok(())
}

fn too_big_part(name: &str, size: u64, cap: u64) -> String {
    format!(
        "工作簿的部件 {name} 解压后有 {} MB，超过上限 {} MB（可能是压缩炸弹），已拒绝读取",
        size >> 20,
        cap >> 20
    )
}

thread_local! {
    /// Set while calamine runs, so its panics are not printed.
    static QUIET: StdCell<bool> = const { StdCell::new(false) };
}

/// Runs `f`, turning a panic into a message; the panic is not printed.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    quietly(f).ok_or_else(|| "工作簿的内容不合规范（例如单元格地址超出范围），无法读取".to_string())
}

/// Runs `f`, `None` if it panicked; the panic is not printed. For library
/// code that panics on bad input or a full disk where an error is due.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(StdCell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.ok()
}

/// Limits on one sheet.
#[derive(Debug, Clone, Copy)]
pub struct SheetLimits {
    /// Non-blank cells.
    pub cells: usize,
}

/// Calls `visit` with each non-blank cell of a sheet (absolute 0-based row,
/// column), its value and its number format code, in file order.
/// Errors are messages naming the cell where there is one.
pub fn for_each_cell(
    book: &mut Workbook,
    sheet: &str,
    limits: SheetLimits,
    mut visit: impl FnMut((u32, u32), Data, Option<&str>),
) -> Result<(), String> {
    let mut count = 0usize;
    let mut accept = |pos: (u32, u32), data: Data, format: Option<&str>| -> Result<(), String> {
        if matches!(data, Data::Empty) {
            return Ok(());
        }
        if pos.0 >= MAX_ROWS || pos.1 >= MAX_COLS {
            return Err(format!(
                "工作表太大：单元格位置（第 {} 行，第 {} 列）超出 Excel 的范围",
                u64::from(pos.0) + 1,
                u64::from(pos.1) + 1
            ));
        }
        count += 1;
        if count > limits.cells {
            return Err(format!(
                "工作表太大：非空单元格超过 {} 个，不像是一份表格",
                limits.cells
            ));
        }
        if let Data::String(s) = &data {
            let chars = s.chars().count();
            if chars > MAX_TEXT_CHARS {
                return Err(format!(
                    "单元格 {} 的文字有 {chars} 个字符，超过 Excel 单元格的上限 {MAX_TEXT_CHARS}",
                    a1(pos.0 as usize, pos.1 as usize)
                ));
            }
        }
        visit(pos, data, format);
        Ok(())
    };
    guarded(|| match book {
        calamine::Sheets::Xlsx(x) => {
            let mut cells = x
                .worksheet_cells_reader(sheet)
                .map_err(|e| unreadable(&e.to_string()))?;
            while let Some((cell, style)) = cells
                .next_cell_with_style_id()
                .map_err(|e| unreadable(&e.to_string()))?
            {
                let format = cells
                    .styles()
                    .get(style)
                    .and_then(|s| s.number_format.as_ref())
                    .map(|f| f.format_code.as_str());
                let pos = cell.get_position();
                accept(pos, cell.get_value().clone().into(), format)?;
            }
            Ok(())
        }
        calamine::Sheets::Xlsb(x) => {
            let mut cells = x
                .worksheet_cells_reader(sheet)
                .map_err(|e| unreadable(&e.to_string()))?;
            while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e.to_string()))? {
                accept(cell.get_position(), cell.get_value().clone().into(), None)?;
            }
            Ok(())
        }
        // .xls sheets are bounded by their format (65,536 × 256), .ods by
        // the measure taken before opening (see `ods_guard`).
        other => {
            let range = other
                .worksheet_range(sheet)
                .map_err(|e| unreadable(&e.to_string()))?;
            let styles = other.worksheet_style(sheet).unwrap_or_default();
            let start = range.start().unwrap_or((0, 0));
            for (r, c, data) in range.used_cells() {
                let pos = (start.0 + r as u32, start.1 + c as u32);
                let format = styles
                    .get(pos)
                    .and_then(|s| s.number_format.as_ref())
                    .map(|f| f.format_code.as_str());
                accept(pos, data.clone(), format)?;
            }
            Ok(())
        }
    })?
}

/// Merged regions of a sheet (`.xlsx` and `.xls`; none for others).
pub fn merged_regions(book: &mut Workbook, sheet: &str) -> Vec<calamine::Dimensions> {
    guarded(|| match book {
        calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        _ => Vec::new(),
    })
    .unwrap_or_default()
}

/// The formula cells of a sheet (`.xlsx` only), their formula text without
/// the `=`, at most `limit` of them.
pub fn formula_texts(book: &mut Workbook, sheet: &str, limit: usize) -> Vec<((u32, u32), String)> {
    let mut found = Vec::new();
    let calamine::Sheets::Xlsx(x) = book else {
        return found;
    };
    let _ = guarded(|| -> Result<(), calamine::XlsxError> {
        let mut cells = x.worksheet_cells_reader(sheet)?;
        while let Some(cell) = cells.next_formula()? {
            if !cell.get_value().is_empty() && found.len() < limit {
                found.push((cell.get_position(), cell.get_value().to_string()));
            }
        }
        Ok(())
    });
    found
}

/// Positions of the cells of a sheet that hold a formula (`.xlsx` only; empty
/// for other formats), at most `limit` of them.
pub fn formula_cells(
    book: &mut Workbook,
    sheet: &str,
    limit: usize,
) -> std::collections::HashSet<(u32, u32)> {
    formula_texts(book, sheet, limit)
        .into_iter()
        .map(|(pos, _)| pos)
        .collect()
}
