//! The spreadsheet reader (`.xlsx`, and `.xls`/`.ods` through calamine).
//!
//! Forms are found by their labels, not by fixed coordinates, so it reads
//! the workbooks this crate writes and the ones people fill in by hand:
//! shifted by blank rows or columns, with merged cells, numbers stored as
//! text, rates stored as fractions with a percent format, dates as date
//! serials, stray spaces and full-width characters in labels.
//!
//! Numbers keep the digits their cell format shows ("7.80" in a `0.00` cell);
//! calamine gives formats for `.xlsx` only, so in `.xls`/`.ods` files a number
//! keeps its value but not its trailing zeros, and a rate stored as a fraction
//! is recognised by agreeing with executed ÷ budget.

use std::path::Path;
use std::str::FromStr;

use calamine::{Data, Reader};
use rust_decimal::Decimal;

mod formulas;
mod master;

use super::grid::{Grid, GridPlaces, Value as Val};
use super::recognize::recognize_with;
use super::vocab::Vocabulary;
use super::workbook::{self, Workbook};
use super::{Place, ReadError, ReadOutput, Warning};
use crate::layout::a1;

/// Reads every form in a workbook: one or more per sheet; sheets with no
/// form are skipped with a warning.
///
/// ```
/// use jixiao::layout::{blank_form, layout_form, LayoutOptions};
/// use jixiao::model::FormKind;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("t.xlsx");
/// let grid = layout_form(&blank_form(FormKind::TargetTable, 2), &LayoutOptions::default()).unwrap();
/// jixiao::write::xlsx::write_xlsx(&[grid], &path, false).unwrap();
/// let out = jixiao::read::xlsx::read_xlsx(&path).unwrap();
/// assert_eq!(out.document.forms[0].kind(), FormKind::TargetTable);
/// ```
pub fn read_xlsx(path: &Path) -> Result<ReadOutput, ReadError> {
    read_xlsx_with(path, Vocabulary::builtin())
}

/// [`read_xlsx`] with a given vocabulary (the built-in one plus `--labels`).
pub fn read_xlsx_with(path: &Path, vocab: &Vocabulary) -> Result<ReadOutput, ReadError> {
    let file = path.display().to_string();
    let malformed = |sheet: &str, what: String| ReadError::Malformed {
        file: file.clone(),
        place: Place::Cell {
            sheet: sheet.to_string(),
            cell: "A1".into(),
        },
        what,
    };
    std::fs::File::open(path).map_err(|source| ReadError::Io {
        file: file.clone(),
        source,
    })?;
    let mut workbook = workbook::open(path).map_err(|what| ReadError::Encoding {
        file: file.clone(),
        what,
    })?;
    let sheets = workbook.sheet_names();
    if master::looks_like_master(&sheets) {
        if let Some(out) = master::read_as_master(path) {
            return Ok(out);
        }
    }
    let mut out = ReadOutput::default();
    let mut seen = std::collections::HashSet::new();
    for name in sheets {
        if !seen.insert(name.clone()) {
            // calamine finds sheets by name: the second would read the first again.
            out.errors.push(Warning {
                place: sheet_place(&name),
                message: format!(
                    "工作簿中有两张名为“{name}”的工作表，第二张无法单独读取，请改名后再试"
                ),
            });
            continue;
        }
        let mut errors = std::collections::BTreeMap::new();
        let Some(sheet) = load_sheet(&mut workbook, &name, &mut out.warnings, &mut errors)
            .map_err(|what| malformed(&name, what))?
        else {
            out.warnings.push(no_form(&name, "工作表是空的"));
            continue;
        };
        // A sheet without a form gets one note from the recognizer; blank
        // forms are judged here, after formulas are filled in.
        let first = out.document.forms.len();
        let marks = Marks::of(&out);
        recognize_with(&sheet, &file, vocab, &mut out)?;
        // Blank indicator values may be text typed with a leading `=` that
        // a library saved as a formula: only then are formulas read, and
        // the sheet read again with them.
        if formulas::blank_values(&out.document.forms[first..]) {
            let mut typed = Vec::new();
            if let Some(sheet) =
                formulas::with_typed_values(&mut workbook, &name, sheet.clone(), &mut typed)
            {
                marks.reset(&mut out);
                out.warnings.append(&mut typed);
                recognize_with(&sheet, &file, vocab, &mut out)?;
            }
        }
        formulas::fill_blank_results(&mut workbook, &name, &mut out, first, errors);
        drop_blank_forms(&mut out, first, &sheet);
    }
    if let (true, Some(e)) = (out.document.forms.is_empty(), out.errors.first()) {
        return Err(ReadError::Malformed {
            file,
            place: e.place.clone(),
            what: e.message.clone(),
        });
    }
    out.or_no_form(
        &file,
        "没有一张工作表有表格标题（…绩效自评表、…绩效目标申报表、…绩效目标表）或资金表、指标表的表头",
    )
}

/// Forms from index `first` on (one sheet's) that hold no value. A blank
/// template (a sheet of labels and nothing else) is kept with a warning; any
/// other (a sheet with only a heading, a title repeated beside a filled form
/// by a broken file) is left out and reported as an error at its title.
fn drop_blank_forms(out: &mut ReadOutput, first: usize, grid: &Grid) {
    let labelled = grid.cells.iter().any(|c| match &c.value {
        Val::Text(t) => t
            .split_whitespace()
            .collect::<String>()
            .contains("项目名称"),
        _ => false,
    });
    let template = labelled && out.document.forms[first..].iter().all(is_blank);
    let mut i = first;
    while i < out.document.forms.len() {
        if !is_blank(&out.document.forms[i]) {
            i += 1;
            continue;
        }
        let place = out
            .places
            .get(i)
            .and_then(|p| p.start.clone())
            .unwrap_or_else(|| sheet_place(&grid.name));
        if template {
            out.warnings.push(Warning {
                place,
                message: "这张表还没有填写任何内容（空白表格）".into(),
            });
            i += 1;
            continue;
        }
        out.document.forms.remove(i);
        if i < out.places.len() {
            out.places.remove(i);
        }
        out.errors.push(Warning {
            place,
            message: "这张表只有标题，没有填写任何内容，已跳过".into(),
        });
    }
}

/// Whether a form has no value besides its kind, title, year and units.
fn is_blank(form: &crate::model::Form) -> bool {
    // Most forms have a name or indicators: no need to look further.
    if form.project_name().is_some() || form.indicator_count() > 0 {
        return false;
    }
    fn blank(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::Null => true,
            serde_json::Value::String(s) => s.trim().is_empty(),
            serde_json::Value::Array(a) => a.iter().all(blank),
            serde_json::Value::Object(o) => o
                .iter()
                .all(|(k, v)| matches!(k.as_str(), "kind" | "title" | "year" | "unit") || blank(v)),
            _ => false,
        }
    }
    serde_json::to_value(form).is_ok_and(|v| blank(&v))
}

fn sheet_place(sheet: &str) -> Place {
    Place::Cell {
        sheet: sheet.to_string(),
        cell: "A1".into(),
    }
}

/// How much a sheet's reading had added to the output, to take it back.
struct Marks(usize, usize, usize, usize, usize);

impl Marks {
    fn of(out: &ReadOutput) -> Marks {
        Marks(
            out.document.forms.len(),
            out.places.len(),
            out.warnings.len(),
            out.errors.len(),
            out.skipped.len(),
        )
    }

    fn reset(&self, out: &mut ReadOutput) {
        out.document.forms.truncate(self.0);
        out.places.truncate(self.1);
        out.warnings.truncate(self.2);
        out.errors.truncate(self.3);
        out.skipped.truncate(self.4);
    }
}

fn no_form(sheet: &str, why: &str) -> Warning {
    Warning {
        place: sheet_place(sheet),
        message: format!("这张工作表上没有表格（{why}），已跳过"),
    }
}

/// Positions (rows × columns of the used area) of one sheet: a form has a
/// few thousand, a sheet of 300 stacked forms some 200,000. Beyond this the
/// recognizer's view of the sheet would cost hundreds of megabytes and
/// minutes, so the sheet is refused as too large.
const MAX_CELLS: usize = 1_000_000;

/// Cells merged regions may cover in one sheet.
const MAX_MERGED: usize = MAX_CELLS;

/// Loads a sheet's values, number formats and merged regions, cell by cell:
/// a far-away cell costs one cell, not the box up to it.
fn load_sheet(
    workbook: &mut Workbook,
    name: &str,
    warnings: &mut Vec<Warning>,
    errors: &mut std::collections::BTreeMap<String, String>,
) -> Result<Option<Grid>, String> {
    let limits = workbook::SheetLimits { cells: MAX_CELLS };
    let mut cells = Vec::new();
    let (mut top, mut left, mut bottom, mut right) = (u32::MAX, u32::MAX, 0, 0);
    workbook::for_each_cell(workbook, name, limits, |pos, data, format| {
        if let Data::Error(e) = &data {
            errors.insert(a1(pos.0 as usize, pos.1 as usize), e.to_string());
        }
        let value = convert(&data, format);
        if !value.is_empty() {
            (top, left) = (top.min(pos.0), left.min(pos.1));
            (bottom, right) = (bottom.max(pos.0), right.max(pos.1));
            cells.push((pos, value));
        }
    })?;
    if cells.is_empty() {
        return Ok(None);
    }
    let (height, width) = ((bottom - top + 1) as usize, (right - left + 1) as usize);
    if height.saturating_mul(width) > MAX_CELLS {
        return Err(format!(
            "工作表太大：已用区域 {height} 行 × {width} 列，超过一张表格的上限（{MAX_CELLS} 个单元格）"
        ));
    }
    let mut grid = Grid::new(
        name,
        GridPlaces::Sheet {
            origin: (top as usize, left as usize),
        },
    );
    let rel = |(r, c): (u32, u32)| -> Option<(usize, usize)> {
        Some((r.checked_sub(top)? as usize, c.checked_sub(left)? as usize))
    };
    // Merged regions become spans of their top-left cell; one overlapping an
    // earlier region is reported and left out.
    let mut spans = std::collections::HashMap::new();
    let (mut covered, mut ranges) = (std::collections::HashMap::new(), Vec::new());
    for d in workbook::merged_regions(workbook, name) {
        let (Some((r0, c0)), Some((r1, c1))) = (rel(d.start), rel(d.end)) else {
            continue;
        };
        if r0 > r1 || c0 > c1 || r1 >= height || c1 >= width {
            continue;
        }
        let range = format!(
            "{}:{}",
            a1(d.start.0 as usize, d.start.1 as usize),
            a1(d.end.0 as usize, d.end.1 as usize)
        );
        let clash = (r0..=r1)
            .flat_map(|r| (c0..=c1).map(move |c| (r, c)))
            .find_map(|p| covered.get(&p).copied());
        if let Some(earlier) = clash.map(|i: usize| &ranges[i]) {
            warnings.push(Warning {
                place: sheet_place(name),
                message: format!(
                    "合并单元格 {range} 与 {earlier} 重叠，按 {earlier} 读取，{range} 的合并已忽略"
                ),
            });
            continue;
        }
        if covered.len() + (r1 - r0 + 1) * (c1 - c0 + 1) > MAX_MERGED {
            return Err(format!(
                "工作表太大：合并单元格覆盖超过 {MAX_MERGED} 个单元格"
            ));
        }
        for r in r0..=r1 {
            for c in c0..=c1 {
                covered.insert((r, c), ranges.len());
            }
        }
        ranges.push(range);
        spans.insert((r0, c0), (r1 - r0 + 1, c1 - c0 + 1));
    }
    for (pos, value) in cells {
        let Some((r, c)) = rel(pos) else { continue };
        let (rows, cols) = spans.remove(&(r, c)).unwrap_or((1, 1));
        grid.push_span(r, c, rows, cols, value, 0);
    }
    // Merged regions whose top-left cell is blank still merge.
    for ((r, c), (rows, cols)) in spans {
        grid.push_span(r, c, rows, cols, Val::Empty, 0);
    }
    Ok(Some(grid))
}

/// A cell's value as shown: numbers keep the decimals their format shows,
/// percent-formatted fractions become percent numbers, date serials dates.
fn convert(data: &Data, format: Option<&str>) -> Val {
    match data {
        Data::Empty | Data::Error(_) => Val::Empty,
        Data::String(s) => Val::Text(s.clone()),
        Data::Bool(b) => Val::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::Int(i) => shown_number(Decimal::from(*i), format),
        Data::Float(f) => match Decimal::from_str(&f.to_string()) {
            Ok(d) => shown_number(d, format),
            Err(_) => Val::Text(f.to_string()),
        },
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Val::Text(format!("{y:04}-{m:02}-{d:02}"))
        }
        Data::DateTime(dt) => Val::Text(dt.as_f64().to_string()),
        Data::DateTimeIso(s) => Val::Text(
            s.get(..10)
                .filter(|_| s.len() >= 10)
                .unwrap_or(s)
                .to_string(),
        ),
        Data::DurationIso(s) => Val::Text(s.clone()),
    }
}

fn shown_number(value: Decimal, format: Option<&str>) -> Val {
    let code = format
        .map(|f| f.split(';').next().unwrap_or(f))
        .unwrap_or("General");
    let code = strip_quoted(code);
    let percent = code.contains('%');
    let mut value = match percent {
        // A fraction too large to show as a percent is shown as stored.
        true => value.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(value),
        false => value,
    };
    if let Some(decimals) = format_decimals(&code) {
        value = value.round_dp(decimals);
        value.rescale(decimals);
    } else if percent {
        value = value.round_dp(0);
    } else {
        value = value.normalize();
    }
    Val::Number(value)
}

/// A format code without its quoted literals and escapes.
fn strip_quoted(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut quoted = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' => {
                chars.next();
            }
            _ if !quoted => out.push(c),
            _ => {}
        }
    }
    out
}

/// Decimal places a number format shows (`#,##0.00` → 2, `0` → 0); `None`
/// for `General` and other codes without digit placeholders.
fn format_decimals(code: &str) -> Option<u32> {
    if !code.contains(['0', '#', '?']) {
        return None;
    }
    Some(match code.find('.') {
        Some(i) => code[i + 1..]
            .chars()
            .take_while(|c| matches!(c, '0' | '#' | '?'))
            .count() as u32,
        None => 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(f: f64, code: Option<&str>) -> String {
        match convert(&Data::Float(f), code) {
            Val::Number(d) => d.to_string(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn numbers_show_the_digits_of_their_format() {
        assert_eq!(num(7.8, Some("#,##0.00")), "7.80");
        assert_eq!(num(10.0, Some("0.00")), "10.00");
        assert_eq!(num(292417.0, Some("#,##0")), "292417");
        assert_eq!(num(10.0, None), "10");
        assert_eq!(num(7.8, Some("General")), "7.8");
        assert_eq!(num(0.4087, Some("0.00%")), "40.87");
        assert_eq!(num(1.0, Some("0%")), "100");
        assert_eq!(num(1234.5, Some("\"¥\"#,##0.00;[Red]-#,##0.00")), "1234.50");
        assert!(matches!(convert(&Data::Float(1e30), None), Val::Text(_)));
    }
}
