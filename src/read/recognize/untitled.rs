//! Forms one after another without titles between them: tables taken out
//! of a PDF (pdfplumber, camelot) or copied from a page without the titles
//! above them, then saved as a workbook or CSV. A form shows each header
//! label (项目名称, 申报单位, 主管部门, 实施单位) once; where one repeats, the
//! next form begins, if the rows from there hold a form's structure.

use super::ctx::Ctx;
use super::sheet::Sheet;
use crate::read::vocab::Vocabulary;
use crate::read::Warning;

/// The header labels, each a bit.
const HEADER: [&str; 4] = ["project_name", "applicant", "department", "implementer"];

/// The rows within `rows` where a next untitled form begins, each with the
/// warning naming it.
pub(super) fn untitled_starts(
    sheet: &Sheet<'_>,
    vocab: &Vocabulary,
    rows: std::ops::Range<usize>,
) -> Vec<(usize, Warning)> {
    let mut starts = Vec::new();
    let (mut seen, mut row, mut bits) = (0u8, usize::MAX, 0u8);
    let mut from = rows.start;
    let mut check = |r: usize, bits: u8, seen: &mut u8, starts: &mut Vec<(usize, Warning)>| {
        if bits & *seen == 0 {
            *seen |= bits;
            return;
        }
        // Both halves must be forms: a label written twice in one form
        // (a note repeating 项目名称) splits nothing.
        let before = Ctx::new(sheet, vocab, from..r);
        let after = Ctx::new(sheet, vocab, r..rows.end);
        if before.has_structure() && after.has_structure() {
            let cell = sheet
                .row_cells(r)
                .iter()
                .copied()
                .find(|&p| bit(sheet.meaning(p).field) & *seen != 0)
                .unwrap_or((r, 0));
            let label = sheet.value(cell).text();
            starts.push((
                r,
                Warning {
                    place: sheet.place(cell),
                    message: format!("又一个“{label}”：上一张表到此为止，下一张表没有表名"),
                },
            ));
            from = r;
            *seen = bits;
        }
    };
    for p in sheet.labelled_in(rows.clone()) {
        if p.0 != row {
            if row != usize::MAX {
                check(row, bits, &mut seen, &mut starts);
            }
            (row, bits) = (p.0, 0);
        }
        bits |= bit(sheet.meaning(p).field);
    }
    if row != usize::MAX {
        check(row, bits, &mut seen, &mut starts);
    }
    starts
}

fn bit(field: Option<&str>) -> u8 {
    field
        .and_then(|f| HEADER.iter().position(|h| *h == f))
        .map_or(0, |k| 1 << k)
}
