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

use calamine::{Data, Reader, StyleRange};
use rust_decimal::Decimal;

use super::grid::{Grid, GridPlaces, Value as Val};
use super::recognize::{recognize_with, MAX_CELLS};
use super::vocab::Vocabulary;
use super::{Place, ReadError, ReadOutput, Warning};

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
    std::fs::File::open(path).map_err(|source| ReadError::Io {
        file: file.clone(),
        source,
    })?;
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Io(source) => ReadError::Io {
            file: file.clone(),
            source,
        },
        other => ReadError::Encoding {
            file: file.clone(),
            what: format!("not a readable .xlsx/.xls/.ods workbook ({other})"),
        },
    })?;
    let mut out = ReadOutput::default();
    for name in workbook.sheet_names() {
        let sheet = match load_sheet(&mut workbook, &name) {
            Ok(Some(sheet)) => sheet,
            Ok(None) => {
                out.warnings.push(no_form(&name, "the sheet is empty"));
                continue;
            }
            Err(what) => {
                let place = Place::Cell {
                    sheet: name.clone(),
                    cell: "A1".into(),
                };
                return Err(ReadError::Malformed { file, place, what });
            }
        };
        // A sheet without a form gets one note from the recognizer.
        recognize_with(&sheet, &file, vocab, &mut out)?;
    }
    if out.document.forms.is_empty() {
        return Err(ReadError::NoForm {
            file,
            hint: "no sheet has a form title (…绩效自评表, …绩效目标申报表, …绩效目标表) or a funding or indicator table heading".into(),
        });
    }
    Ok(out)
}

fn no_form(sheet: &str, why: &str) -> Warning {
    Warning {
        place: Place::Cell {
            sheet: sheet.to_string(),
            cell: "A1".into(),
        },
        message: format!("no form on this sheet ({why}); skipped"),
    }
}

type Workbook = calamine::Sheets<std::io::BufReader<std::fs::File>>;

/// Loads a sheet's values, number formats and merged regions.
fn load_sheet(workbook: &mut Workbook, name: &str) -> Result<Option<Grid>, String> {
    let range = workbook
        .worksheet_range(name)
        .map_err(|e| format!("cannot read the sheet: {e}"))?;
    let (Some(start), Some(end)) = (range.start(), range.end()) else {
        return Ok(None);
    };
    let (height, width) = (
        (end.0 - start.0 + 1) as usize,
        (end.1 - start.1 + 1) as usize,
    );
    if height.saturating_mul(width) > MAX_CELLS {
        return Err(format!(
            "the used area ({height} × {width} cells) is too large for a form"
        ));
    }
    let styles = workbook.worksheet_style(name).unwrap_or_default();
    let origin = (start.0 as usize, start.1 as usize);
    let mut grid = Grid::new(name, GridPlaces::Sheet { origin });
    // Merged regions become spans of their top-left cell.
    let mut spans = std::collections::HashMap::new();
    for d in merged_regions(workbook, name) {
        let rel = |(r, c): (u32, u32)| -> Option<(usize, usize)> {
            Some((
                (r.checked_sub(start.0)? as usize),
                (c.checked_sub(start.1)? as usize),
            ))
        };
        if let (Some((r0, c0)), Some((r1, c1))) = (rel(d.start), rel(d.end)) {
            if r0 <= r1 && c0 <= c1 && r1 < height && c1 < width {
                spans.insert((r0, c0), (r1 - r0 + 1, c1 - c0 + 1));
            }
        }
    }
    for (r, c, data) in range.used_cells() {
        let abs = (start.0 + r as u32, start.1 + c as u32);
        let (rows, cols) = spans.remove(&(r, c)).unwrap_or((1, 1));
        grid.push_span(
            r,
            c,
            rows,
            cols,
            convert(data, number_format(&styles, abs)),
            0,
        );
    }
    // Merged regions whose top-left cell is blank still merge.
    for ((r, c), (rows, cols)) in spans {
        grid.push_span(r, c, rows, cols, Val::Empty, 0);
    }
    Ok(Some(grid))
}

fn merged_regions(workbook: &mut Workbook, name: &str) -> Vec<calamine::Dimensions> {
    match workbook {
        calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn number_format(styles: &StyleRange, pos: (u32, u32)) -> Option<&str> {
    styles
        .get(pos)?
        .number_format
        .as_ref()
        .map(|f| f.format_code.as_str())
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
