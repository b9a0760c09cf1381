//! The CSV reader (`.csv`): a sheet saved as comma-separated values, as
//! Excel, WPS and LibreOffice write it (“另存为 CSV”). Each record is a
//! row of the grid and each field a cell, empty ones keeping their column;
//! a quoted field may hold commas, quotes and line breaks. The grid is read
//! as a worksheet named after the file, so places are what a spreadsheet
//! shows when it opens the file (`宣传费!B7`). Excel in Chinese Windows
//! saves CSV in GBK: bytes that are not UTF-8 are read as GB18030.
//!
//! ```
//! let csv = "财政项目支出绩效目标申报表,,\n项目名称,宣传费,\n\"项目资金\n（万元）\",年度资金总额,\"1,000.00\"\n";
//! let out = jixiao::read::csv::read_csv(csv.as_bytes(), "宣传费.csv").unwrap();
//! assert_eq!(out.document.forms[0].project_name(), Some("宣传费"));
//! ```

use super::grid::{Grid, GridPlaces, Value};
use super::recognize::recognize_with;
use super::text::decode::{decode, note_first};
use super::vocab::Vocabulary;
use super::{Place, ReadError, ReadOutput, Warning};

/// Rows a CSV file may have: past it the rest is left out with a warning
/// (a form has a few dozen rows; a million-row export is no form).
const MAX_ROWS: usize = 100_000;
/// Fields one row may have, likewise (a form has about ten columns).
const MAX_COLS: usize = 256;

/// Reads every form in a CSV file.
pub fn read_csv(bytes: &[u8], file: &str) -> Result<ReadOutput, ReadError> {
    read_csv_with(bytes, file, Vocabulary::builtin())
}

/// [`read_csv`] with a given vocabulary (the built-in one plus `--labels`).
pub fn read_csv_with(
    bytes: &[u8],
    file: &str,
    vocab: &Vocabulary,
) -> Result<ReadOutput, ReadError> {
    let (text, note) = decode(bytes, file)?;
    let (grid, warnings) = csv_grid(&text, sheet_name(file), file)?;
    let mut out = ReadOutput::default();
    recognize_with(&grid, file, vocab, &mut out)?;
    let mut out = out.or_no_form(
        file,
        "没有表单标题（…绩效自评表、…绩效目标申报表、…绩效目标表），也没有“项目名称”；这是从绩效表格另存的 CSV 吗？",
    )?;
    out.warnings.splice(0..0, warnings);
    note_first(&mut out.warnings, note);
    Ok(out)
}

/// The file's name without folder and extension: the sheet a spreadsheet
/// shows it as.
fn sheet_name(file: &str) -> String {
    let path = std::path::Path::new(file);
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "CSV".into())
}

/// The grid of a CSV text: one row per record, one column per field.
/// A field too many or a row too many is left out with a warning; a quote
/// left open at the end is an error naming its line.
fn csv_grid(text: &str, sheet: String, file: &str) -> Result<(Grid, Vec<Warning>), ReadError> {
    let mut grid = Grid::new(sheet, GridPlaces::Sheet { origin: (0, 0) });
    let mut warnings = Vec::new();
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = ::csv::StringRecord::new();
    let mut row = 0;
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(ReadError::Encoding {
                    file: file.to_string(),
                    what: format!(
                        "第 {line} 行起：不是可读的 CSV（{e}）；请用表格软件重新另存为 CSV"
                    ),
                })
            }
        }
        if row == MAX_ROWS {
            warnings.push(Warning {
                place: Place::Line(line as usize),
                message: format!("CSV 超过 {MAX_ROWS} 行，其后的行未读入"),
            });
            break;
        }
        if record.len() > MAX_COLS && record.iter().skip(MAX_COLS).any(|f| !f.trim().is_empty()) {
            warnings.push(Warning {
                place: grid.place_at(row, MAX_COLS, 0),
                message: format!("这一行超过 {MAX_COLS} 列，其后的格子未读入"),
            });
        }
        for (col, field) in record.iter().take(MAX_COLS).enumerate() {
            grid.push(row, col, Value::from_text(field), line as usize);
        }
        row += 1;
    }
    Ok((grid, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(grid: &Grid) -> Vec<(usize, usize, String)> {
        grid.cells
            .iter()
            .map(|c| (c.row, c.col, c.value.text()))
            .collect()
    }

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks() {
        let text = "a,,\"b,c\"\n\"多\n行\",\"说\"\"明\"\"\"\n";
        let (grid, warnings) = csv_grid(text, "s".into(), "s.csv").unwrap();
        assert!(warnings.is_empty());
        assert_eq!(
            texts(&grid),
            [
                (0, 0, "a".to_string()),
                (0, 2, "b,c".to_string()),
                (1, 0, "多\n行".to_string()),
                (1, 1, "说\"明\"".to_string())
            ]
        );
        assert_eq!(grid.place_at(1, 1, 0).to_string(), "s!B2");
    }

    #[test]
    fn gbk_files_read_and_say_so() {
        let csv = "财政项目支出绩效目标申报表\n项目名称,宣传费\n";
        let (gbk, _, lossy) = encoding_rs::GBK.encode(csv);
        assert!(!lossy);
        let out = read_csv(&gbk, "a/宣传费.csv").unwrap();
        assert_eq!(out.document.forms[0].project_name(), Some("宣传费"));
        assert!(
            out.warnings[0].message.contains("GBK"),
            "{:?}",
            out.warnings
        );
    }

    #[test]
    fn files_without_a_form_and_broken_files_name_the_file() {
        let err = read_csv(b"a,b\n1,2\n", "x.csv").unwrap_err().to_string();
        assert!(err.contains("x.csv"), "{err}");
        let err = read_csv(b"", "e.csv").unwrap_err().to_string();
        assert!(err.contains("e.csv"), "{err}");
    }

    #[test]
    fn rows_wider_than_a_form_are_cut_with_a_warning() {
        let mut text = String::from("财政项目支出绩效目标申报表\n项目名称,宣传费");
        text.push_str(&",".repeat(MAX_COLS));
        text.push_str("多余\n");
        let out = read_csv(text.as_bytes(), "w.csv").unwrap();
        assert!(
            out.warnings.iter().any(|w| w.message.contains("列")),
            "{:?}",
            out.warnings
        );
    }
}
