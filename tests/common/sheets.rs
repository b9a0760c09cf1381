//! Workbooks written cell by cell for reader tests.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

/// A sheet as (range, text) pairs: `"B3"` or `"B3:K3"` (merged). Texts that
/// are numbers are written as numbers with a format showing their digits
/// (`"100.00%"` as 1 with `0.00%`).
pub type Cells<'a> = &'a [(&'a str, &'a str)];

fn a1(s: &str) -> (u32, u16) {
    let col = s
        .chars()
        .take_while(char::is_ascii_uppercase)
        .fold(0u16, |n, c| n * 26 + (c as u16 - 'A' as u16 + 1));
    let row: u32 = s
        .trim_start_matches(|c: char| c.is_ascii_uppercase())
        .parse()
        .unwrap();
    (row - 1, col - 1)
}

pub fn write_book(path: &Path, sheets: &[(&str, Cells)]) {
    let mut book = Workbook::new();
    for (name, cells) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        for &(range, text) in cells.iter() {
            let (first, last) = range.split_once(':').unwrap_or((range, range));
            let ((r0, c0), (r1, c1)) = (a1(first), a1(last));
            let plain = Format::new();
            if (r0, c0) != (r1, c1) {
                ws.merge_range(r0, c0, r1, c1, "", &plain).unwrap();
            }
            let percent = text.strip_suffix('%');
            let digits = percent.unwrap_or(text);
            match digits.parse::<f64>() {
                Ok(n) if !text.is_empty() => {
                    let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len());
                    let mut code = "0".to_string();
                    if decimals > 0 {
                        code.push('.');
                        code.push_str(&"0".repeat(decimals));
                    }
                    let (n, code) = match percent {
                        Some(_) => (n / 100.0, format!("{code}%")),
                        None => (n, code),
                    };
                    ws.write_number_with_format(r0, c0, n, &Format::new().set_num_format(&code))
                        .unwrap();
                }
                _ => {
                    ws.write_string(r0, c0, text).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}
