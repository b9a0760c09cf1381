//! Formula cells saved without their result (openpyxl and other libraries
//! write formulas and leave the computing to Excel) or showing an error
//! value: the form's own derived numbers (执行率, 得分, 总分, 评分等级) are
//! computed from their inputs as the formula would, with a warning at each
//! cell, so a blank result is neither lost nor passed as clean.

use std::collections::{BTreeMap, HashSet};

use crate::bulk::recompute::{derive_blank, DERIVED_FIELDS};
use crate::layout::a1;
use crate::model::Form;
use crate::read::grid::{Grid, GridPlaces, Value};
use crate::read::workbook::{self, Workbook};
use crate::read::{Place, ReadOutput, Warning};

/// The words a form uses for a derived field.
fn label(field: &str) -> &'static str {
    match field {
        "funding.total.execution_rate" => "执行率",
        "funding.current_appropriation.execution_rate" => "当年财政拨款执行率",
        "funding.carryover.execution_rate" => "上年结转资金执行率",
        "funding.other.execution_rate" => "其他资金执行率",
        "funding.total.score" => "资金得分",
        "total.weight" => "总分的分值",
        "total.score" => "总分",
        _ => "评分等级",
    }
}

/// Fills the blank derived fields of the forms read from `sheet` (those
/// from index `first` on) whose cells hold a formula or an error value, and
/// reports every error value, filled or not. `errors` maps A1 references of
/// the sheet's error cells to the error shown.
pub(super) fn fill_blank_results(
    book: &mut Workbook,
    sheet: &str,
    out: &mut ReadOutput,
    first: usize,
    mut errors: BTreeMap<String, String>,
) {
    let mut formulas: Option<HashSet<String>> = None;
    for i in first..out.document.forms.len() {
        let Form::SelfEvaluation(f) = &mut out.document.forms[i] else {
            continue;
        };
        let Some(places) = out.places.get(i) else {
            continue;
        };
        for field in DERIVED_FIELDS {
            let Some(Place::Cell { sheet: s, cell }) = places.fields.get(field) else {
                continue;
            };
            if s != sheet {
                continue;
            }
            let error = errors.remove(cell);
            // What the formula would give; a formula over blank inputs shows
            // nothing either, so only a computable blank needs the formulas.
            let mut probe = f.clone();
            let how = derive_blank(&mut probe, field);
            let why = match &error {
                Some(e) => format!("是错误值 {e}"),
                None if how.is_none() => continue,
                None => {
                    // Read the formulas only when a blank result needs them.
                    let formulas = formulas.get_or_insert_with(|| {
                        workbook::formula_cells(book, sheet, super::MAX_CELLS)
                            .into_iter()
                            .map(|(r, c)| a1(r as usize, c as usize))
                            .collect()
                    });
                    if !formulas.contains(cell) {
                        continue;
                    }
                    "是公式，但文件没有保存计算结果".to_string()
                }
            };
            let place = places.fields[field].clone();
            let message = match how {
                Some(how) => {
                    *f = probe;
                    format!("{}{why}，已按公式重算：{how}", label(field))
                }
                None => format!("{}{why}，缺少算它所需的数，按空白读取", label(field)),
            };
            out.warnings.push(Warning { place, message });
        }
    }
    for (cell, e) in errors {
        out.warnings.push(Warning {
            place: Place::Cell {
                sheet: sheet.to_string(),
                cell,
            },
            message: format!("单元格是错误值 {e}，按空白读取"),
        });
    }
}

/// Whether a form read has an indicator with a name but no target or (a
/// self-evaluation's) no actual value.
pub(super) fn blank_values(forms: &[Form]) -> bool {
    forms.iter().any(|f| match f {
        Form::SelfEvaluation(f) => f
            .indicators
            .iter()
            .any(|i| i.name.is_some() && (i.target.is_none() || i.actual.is_none())),
        Form::TargetDeclaration(f) => f
            .indicators
            .iter()
            .any(|i| i.name.is_some() && i.target.is_none()),
        Form::TargetTable(f) => f
            .indicators
            .iter()
            .any(|i| i.name.is_some() && i.target.is_none()),
    })
}

/// Formula cells looked at for text typed with a leading `=`.
const TYPED_FORMULAS_MAX: usize = 10_000;

/// The sheet's grid with the text typed with a leading `=` (`=100.00(%)`)
/// that was saved as a formula with no result put in its empty cells, a
/// warning for each in `warnings`; `None` when there is none.
pub(super) fn with_typed_values(
    book: &mut Workbook,
    sheet: &str,
    mut grid: Grid,
    warnings: &mut Vec<Warning>,
) -> Option<Grid> {
    let GridPlaces::Sheet { origin } = grid.places else {
        return None;
    };
    let filled: HashSet<(usize, usize)> = grid
        .cells
        .iter()
        .flat_map(|c| {
            (c.row..c.row + c.rows).flat_map(move |r| (c.col..c.col + c.cols).map(move |k| (r, k)))
        })
        .collect();
    for ((r, c), formula) in workbook::formula_texts(book, sheet, TYPED_FORMULAS_MAX) {
        let (r, c) = (r as usize, c as usize);
        let Some(at) = r.checked_sub(origin.0).zip(c.checked_sub(origin.1)) else {
            continue;
        };
        if filled.contains(&at) || !is_typed_value(&formula) {
            continue;
        }
        let text = format!("={formula}");
        warnings.push(Warning {
            place: Place::Cell {
                sheet: sheet.to_string(),
                cell: a1(r, c),
            },
            message: format!("“{text}”存成了公式却不是能计算的公式（没有结果）；按填写的文字读入"),
        });
        grid.push(at.0, at.1, Value::from_text(text), 0);
    }
    (!warnings.is_empty()).then_some(grid)
}

/// Whether a formula is a value typed with a leading `=` rather than a
/// formula (no result to read): a number with a unit after it, `100.00(%)`,
/// `23000(人)`, `95%以上` — no cell reference, function or operator between
/// numbers makes it a calculation.
pub(super) fn is_typed_value(formula: &str) -> bool {
    let t = formula.trim();
    let digits = t
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.' || *b == b',')
        .count();
    if digits == 0 {
        return false;
    }
    // A constant alone (`=10`, an indicator's target) is read as typed too.
    let unit = t[digits..].trim();
    unit.is_empty()
        || (!unit.contains(['+', '-', '*', '/', '^', '&', '!', ':'])
            && (unit.starts_with(['(', '（', '%']) || !unit.is_ascii()))
}

#[cfg(test)]
mod tests {
    use super::is_typed_value;

    #[test]
    fn typed_values_are_told_from_formulas() {
        for typed in [
            "100.00(%)",
            "23000.00(人)",
            "10",
            "95%",
            "0.00(起)",
            "2500本",
        ] {
            assert!(is_typed_value(typed), "{typed}");
        }
        for formula in [
            "D5/C5*100",
            "SUM(B2:B9)",
            "IF(A1>90,\"优\",\"良\")",
            "10*2",
            "10-B2",
            "",
            "A1",
        ] {
            assert!(!is_typed_value(formula), "{formula}");
        }
    }
}
