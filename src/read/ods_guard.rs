//! `.ods` workbooks repeat rows and cells by count
//! (`table:number-rows-repeated="1000000"`), and calamine lays every table
//! out in full when the workbook is opened. This measures what that layout
//! would be, streaming `content.xml`, before calamine sees the file.

use std::io::{BufRead, BufReader, Read};

/// Positions all tables of an `.ods` may lay out together (about 56 bytes
/// each in calamine: a value and a formula per position).
pub const MAX_ODS_CELLS: u64 = 4_000_000;

const MAX_ROWS: u64 = 1 << 20;
const MAX_COLS: u64 = 1 << 14;

/// The positions calamine would lay out for the tables in `content`: per
/// table, the rows from its first to its last non-empty row (repeats
/// counted) times its widest non-empty extent. Stops counting past `limit`.
///
/// ```
/// use jixiao::read::ods_guard::laid_out_cells;
/// let xml = r#"<table:table><table:table-row table:number-rows-repeated="1000">
///   <table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="1000"/>
/// </table:table-row></table:table>"#;
/// assert_eq!(laid_out_cells(xml.as_bytes(), u64::MAX).unwrap(), 1_000_000);
/// ```
pub fn laid_out_cells(content: impl Read, limit: u64) -> std::io::Result<u64> {
    let mut reader = BufReader::new(content);
    let mut tag = Vec::new();
    let mut skip = Vec::new();
    let mut total = 0u64;
    let mut table = Table::default();
    let mut row = Row::default();
    loop {
        skip.clear();
        // Text between tags is skipped in pieces, never held whole.
        let n = reader.read_until(b'<', &mut skip)?;
        if n == 0 {
            break;
        }
        if skip.last() != Some(&b'<') {
            continue;
        }
        tag.clear();
        reader.read_until(b'>', &mut tag)?;
        // The name runs to the first space, `/` or `>` after its first byte
        // (an end tag's name starts with `/`).
        let name_end = tag
            .iter()
            .skip(1)
            .position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
            .map_or(tag.len(), |i| i + 1);
        match &tag[..name_end] {
            b"table:table-row" => {
                row = Row {
                    repeats: attr_number(&tag, b"table:number-rows-repeated").unwrap_or(1),
                    ..Row::default()
                };
                if tag.ends_with(b"/>") {
                    table.end_row(&row);
                }
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                let repeats = attr_number(&tag, b"table:number-columns-repeated").unwrap_or(1);
                row.col = (row.col + repeats).min(MAX_COLS);
                if has_value(&tag) {
                    row.extent = row.col;
                }
            }
            b"/table:table-row" => table.end_row(&row),
            b"/table:table" => {
                total = total.saturating_add(table.cells());
                table = Table::default();
                if total > limit {
                    return Ok(total);
                }
            }
            _ => {}
        }
    }
    Ok(total.saturating_add(table.cells()))
}

#[derive(Default)]
struct Row {
    repeats: u64,
    /// Columns passed so far.
    col: u64,
    /// Columns up to the last non-empty cell.
    extent: u64,
}

#[derive(Default)]
struct Table {
    rows: u64,
    first: Option<u64>,
    last_end: u64,
    width: u64,
}

impl Table {
    fn end_row(&mut self, row: &Row) {
        let repeats = row.repeats.min(MAX_ROWS.saturating_sub(self.rows));
        if row.extent > 0 {
            self.first.get_or_insert(self.rows);
            self.last_end = self.rows + repeats;
            self.width = self.width.max(row.extent);
        }
        self.rows += repeats;
    }

    fn cells(&self) -> u64 {
        self.first.map_or(0, |first| {
            (self.last_end - first).saturating_mul(self.width)
        })
    }
}

/// Whether a cell tag gives a value or a formula (what calamine keeps).
fn has_value(tag: &[u8]) -> bool {
    [
        &b"office:value"[..],
        b"office:string-value",
        b"office:date-value",
        b"office:time-value",
        b"office:boolean-value",
        b"office:value-type=\"string\"",
        b"calcext:value-type=\"error\"",
        b"table:formula",
    ]
    .iter()
    .any(|a| tag.windows(a.len()).any(|w| w == *a))
}

/// The number in `name="N"` within a tag.
fn attr_number(tag: &[u8], name: &[u8]) -> Option<u64> {
    let at = tag.windows(name.len()).position(|w| w == name)? + name.len();
    let rest = tag[at..].strip_prefix(b"=\"")?;
    let digits: Vec<u8> = rest
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_empty_repeats_cost_nothing_and_filled_ones_count() {
        // What LibreOffice writes: a few values, then empty repeats to the edge.
        let normal = r#"<table:table>
          <table:table-row><table:table-cell office:value-type="string"><text:p>项目名称</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row>
          <table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
        </table:table>"#;
        assert_eq!(laid_out_cells(normal.as_bytes(), u64::MAX).unwrap(), 1);
        let bomb = r#"<table:table>
          <table:table-row table:number-rows-repeated="100000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>
        </table:table>"#;
        assert!(laid_out_cells(bomb.as_bytes(), MAX_ODS_CELLS).unwrap() > MAX_ODS_CELLS);
        // Empty rows between two values are laid out too.
        let gap = r#"<table:table>
          <table:table-row><table:table-cell office:value="1"/></table:table-row>
          <table:table-row table:number-rows-repeated="999998"><table:table-cell/></table:table-row>
          <table:table-row><table:table-cell table:number-columns-repeated="9"/><table:table-cell office:value="1"/></table:table-row>
        </table:table>"#;
        assert_eq!(
            laid_out_cells(gap.as_bytes(), u64::MAX).unwrap(),
            10_000_000
        );
    }
}
