//! A `fill` master workbook (总表: sheets 项目 and 指标, one row per
//! project) given where forms are expected: each project is read as a form,
//! with a warning saying what the file is, so `check` checks its projects and
//! `collect` counts them (once, beside forms made from it).

use std::path::Path;

use crate::bulk::master::{read_master, INDICATOR_SHEET, PROJECT_SHEET};
use crate::read::{Place, Places, ReadOutput, Warning};

/// Whether a workbook's sheets are those of a master.
pub(super) fn looks_like_master(sheets: &[String]) -> bool {
    [PROJECT_SHEET, INDICATOR_SHEET]
        .iter()
        .all(|want| sheets.iter().any(|s| s == want))
}

/// The master's projects as forms; `None` when it does not read as a
/// master after all (then it is read as forms are).
pub(super) fn read_as_master(path: &Path) -> Option<ReadOutput> {
    let read = read_master(path).ok()?;
    if read.master.forms.is_empty() {
        return None;
    }
    let mut out = ReadOutput::default();
    out.warnings.push(Warning {
        place: cell_place(PROJECT_SHEET),
        message: format!(
            "这是 fill 用的总表（工作表“{PROJECT_SHEET}”和“{INDICATOR_SHEET}”），已把 {} 个项目各读作一张表；要生成各项目的表格请用 jixiao fill",
            read.master.forms.len()
        ),
    });
    for m in read.master.forms {
        out.places.push(Places {
            start: Some(cell_place(&m.place)),
            ..Places::default()
        });
        out.document.forms.push(m.form);
    }
    let problem = |p: crate::bulk::master::RowProblem| Warning {
        place: cell_place(&p.place),
        message: p.message,
    };
    out.errors.extend(read.problems.into_iter().map(problem));
    out.warnings.extend(read.warnings.into_iter().map(problem));
    Some(out)
}

/// A master place (`项目!F7`, `项目 第 7 行`) as a cell.
fn cell_place(text: &str) -> Place {
    if let Some((sheet, cell)) = text.split_once('!') {
        return Place::Cell {
            sheet: sheet.into(),
            cell: cell.into(),
        };
    }
    let row = text.strip_suffix(" 行").and_then(|t| t.rsplit_once(" 第 "));
    match row {
        Some((sheet, row)) => Place::Cell {
            sheet: sheet.into(),
            cell: format!("A{row}"),
        },
        None => Place::Cell {
            sheet: text.into(),
            cell: "A1".into(),
        },
    }
}
