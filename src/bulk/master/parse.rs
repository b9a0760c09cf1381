//! Master tables → forms: header matching, cell parsing, row problems.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::columns::{indicator_columns, kind_label, parse_kind, Column, ColumnType};
use super::table::Table;
use super::{MasterError, MasterForm, MasterRead, RowProblem};
use crate::model::{Form, FormKind};

/// Which column index of a table holds each known column.
struct HeaderMap<'c> {
    /// (table column, known column) pairs.
    cols: Vec<(usize, &'c Column)>,
}

impl<'c> HeaderMap<'c> {
    fn new(
        file: &str,
        table: &Table,
        known: &'c [Column],
        required: &[&str],
        warnings: &mut Vec<RowProblem>,
    ) -> Result<HeaderMap<'c>, MasterError> {
        let mut cols = Vec::new();
        for i in 0..table.width() {
            let Some(h) = table.cell(0, i) else { continue };
            match known.iter().find(|c| c.header == *h) {
                Some(c)
                    if cols
                        .iter()
                        .any(|(_, k): &(usize, &Column)| k.header == c.header) =>
                {
                    warnings.push(RowProblem {
                        place: table.place(0, i),
                        message: format!("列“{h}”出现了两次，这一列已忽略"),
                    })
                }
                Some(c) => cols.push((i, c)),
                None => warnings.push(RowProblem {
                    place: table.place(0, i),
                    message: format!("不认识的列“{h}”，已忽略"),
                }),
            }
        }
        let missing: Vec<&str> = required
            .iter()
            .filter(|r| !cols.iter().any(|(_, c)| c.header == **r))
            .copied()
            .collect();
        if !missing.is_empty() {
            return Err(MasterError::Layout {
                file: file.to_string(),
                what: format!(
                    "{}：第 1 行的表头缺少列 {}（各列的说明见 `jixiao template master` 的“说明”工作表）",
                    table.name(),
                    missing.join("、")
                ),
            });
        }
        Ok(HeaderMap { cols })
    }

    /// Table column of the key (序号).
    fn key_col(&self) -> usize {
        self.cols
            .iter()
            .find(|(_, c)| c.ty == ColumnType::Key)
            .map(|(i, _)| *i)
            .expect("序号 is required")
    }
}

/// Turns the 项目 (and 指标) tables into forms. Bad rows become problems with
/// their place; a project with a bad indicator row is left out as a whole.
pub fn parse_tables(
    file: &str,
    projects: Table,
    indicators: Option<Table>,
) -> Result<MasterRead, MasterError> {
    let mut read = MasterRead::default();
    let pcols = HeaderMap::new(
        file,
        &projects,
        super::columns::project_columns(),
        &["序号", "表类型", "项目名称"],
        &mut read.warnings,
    )?;
    let key_col = pcols.key_col();
    // Each good project row as a form (indicators added below), in order.
    let mut built: Vec<MasterForm> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut bad_keys: HashSet<String> = HashSet::new();
    for row in 1..projects.height() {
        if projects.is_blank_row(row) {
            continue;
        }
        let problems_before = read.problems.len();
        let key = projects.cell(row, key_col).map(|k| k.into_owned());
        let Some(key) = key else {
            read.problems.push(RowProblem {
                place: projects.place(row, key_col),
                message: "序号为空；每个项目都要有唯一的序号".into(),
            });
            continue;
        };
        if index.contains_key(&key) || bad_keys.contains(&key) {
            read.problems.push(RowProblem {
                place: projects.place(row, key_col),
                message: format!("序号 {key} 已被前面的行使用；序号不能重复"),
            });
            continue;
        }
        let parsed = parse_project_row(&projects, row, &pcols, &mut read);
        let place = projects.row_place(row);
        // Build the form now so the JSON object is freed row by row.
        let form = match parsed {
            Some(obj) if read.problems.len() == problems_before => {
                serde_json::from_value::<Form>(Value::Object(obj)).map_err(|e| RowProblem {
                    place: place.clone(),
                    message: format!("无法生成表格：{e}"),
                })
            }
            _ => {
                bad_keys.insert(key);
                continue;
            }
        };
        match form {
            Ok(form) => {
                index.insert(key.clone(), built.len());
                built.push(MasterForm { key, form, place });
            }
            Err(p) => {
                read.problems.push(p);
                bad_keys.insert(key);
            }
        }
    }
    // The project sheet is done with; free it before the indicators grow the forms.
    drop(projects);
    if let Some(table) = indicators {
        parse_indicators(file, &table, &mut built, &index, &mut bad_keys, &mut read)?;
    }
    read.master.forms = built
        .into_iter()
        .filter(|m| !bad_keys.contains(&m.key))
        .collect();
    Ok(read)
}

/// One 项目 row → the form's JSON object, or `None` (problems recorded).
fn parse_project_row(
    table: &Table,
    row: usize,
    cols: &HeaderMap<'_>,
    read: &mut MasterRead,
) -> Option<Map<String, Value>> {
    let (kind_col, _) = cols.cols.iter().find(|(_, c)| c.ty == ColumnType::Kind)?;
    let kind_text = table.cell(row, *kind_col);
    let kind = match kind_text.as_deref().and_then(parse_kind) {
        Some(k) => k,
        None => {
            read.problems.push(RowProblem {
                place: table.place(row, *kind_col),
                message: format!(
                    "表类型“{}”不是可识别的表类型（应为 自评表、申报表 或 目标表）",
                    kind_text.as_deref().unwrap_or("（空）")
                ),
            });
            return None;
        }
    };
    let mut obj = Map::new();
    obj.insert("kind".into(), Value::String(kind.as_str().into()));
    let mut extra = None;
    fill_object(table, row, cols, kind, &mut obj, &mut extra, read);
    if obj.get("project_name").is_none_or(Value::is_null) {
        let col = cols.cols.iter().find(|(_, c)| c.header == "项目名称")?.0;
        read.problems.push(RowProblem {
            place: table.place(row, col),
            message: "项目名称为空；每个项目都要有名称".into(),
        });
    }
    if let Some(extra) = extra {
        for (k, v) in extra {
            obj.entry(k).or_insert(v);
        }
    }
    Some(obj)
}

/// Parses the cells of a row into `obj` at each column's path for `kind`.
fn fill_object(
    table: &Table,
    row: usize,
    cols: &HeaderMap<'_>,
    kind: FormKind,
    obj: &mut Map<String, Value>,
    extra: &mut Option<Map<String, Value>>,
    read: &mut MasterRead,
) {
    for (i, column) in &cols.cols {
        let Some(text) = table.cell(row, *i) else {
            continue;
        };
        let fail = |read: &mut MasterRead, what: String| {
            read.problems.push(RowProblem {
                place: table.place(row, *i),
                message: what,
            })
        };
        match column.ty {
            ColumnType::Key | ColumnType::Kind => continue,
            ColumnType::Extra => match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(m)) => *extra = Some(m),
                _ => fail(
                    read,
                    format!("{} 应为 JSON 对象，实为“{text}”", column.header),
                ),
            },
            _ => {
                let Some(path) = column.path(kind) else {
                    read.warnings.push(RowProblem {
                        place: table.place(row, *i),
                        message: format!(
                            "{} 不属于{}，此值已忽略",
                            column.header,
                            kind_label(kind)
                        ),
                    });
                    continue;
                };
                match parse_value(column, &text) {
                    Ok(v) => set_path(obj, path, v),
                    Err(what) => fail(read, what),
                }
            }
        }
    }
}

/// A cell's value for the model's JSON, or what was expected.
fn parse_value(column: &Column, text: &str) -> Result<Value, String> {
    match column.ty {
        ColumnType::Decimal => parse_decimal(text)
            .map(|d| Value::String(d.to_string()))
            .ok_or_else(|| format!("{} 应为数字，实为“{text}”", column.header)),
        ColumnType::Year => text
            .trim_end_matches('年')
            .trim()
            .parse::<i32>()
            .map(Value::from)
            .map_err(|_| format!("{} 应为年份（如 2024），实为“{text}”", column.header)),
        _ => Ok(Value::String(text.to_string())),
    }
}

/// A decimal as typed: thousands separators allowed, digits kept.
///
/// Exponent forms come from very large or small numbers typed into Excel.
fn parse_decimal(text: &str) -> Option<Decimal> {
    crate::value::parse_number(text)
        .ok()
        .flatten()
        .or_else(|| Decimal::from_scientific(text.trim()).ok())
}

/// Sets `a/b/c` in a JSON object, creating the objects on the way.
fn set_path(obj: &mut Map<String, Value>, path: &str, v: Value) {
    let mut parts = path.split('/').peekable();
    let mut cur = obj;
    while let Some(p) = parts.next() {
        if parts.peek().is_none() {
            cur.insert(p.to_string(), v);
            return;
        }
        let next = cur
            .entry(p.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !next.is_object() {
            *next = Value::Object(Map::new());
        }
        cur = next.as_object_mut().expect("just made an object");
    }
}

/// The 指标 rows: appended to their project's `indicators` in sheet order.
fn parse_indicators(
    file: &str,
    table: &Table,
    built: &mut [MasterForm],
    index: &HashMap<String, usize>,
    bad_keys: &mut HashSet<String>,
    read: &mut MasterRead,
) -> Result<(), MasterError> {
    let icols = HeaderMap::new(
        file,
        table,
        indicator_columns(),
        &["序号"],
        &mut read.warnings,
    )?;
    let key_col = icols.key_col();
    for row in 1..table.height() {
        if table.is_blank_row(row) {
            continue;
        }
        let Some(key) = table.cell(row, key_col) else {
            read.problems.push(RowProblem {
                place: table.place(row, key_col),
                message: "序号为空；指标行要填所属项目的序号".into(),
            });
            continue;
        };
        let key: &str = &key;
        let Some(&at) = index.get(key) else {
            if !bad_keys.contains(key) {
                read.problems.push(RowProblem {
                    place: table.place(row, key_col),
                    message: format!("这一指标行不属于任何项目：序号 {key} 不在“项目”工作表中"),
                });
            }
            continue;
        };
        let form = &mut built[at].form;
        let before = read.problems.len();
        let mut ind = Map::new();
        fill_object(table, row, &icols, form.kind(), &mut ind, &mut None, read);
        if let Err(e) = push_indicator(form, ind) {
            read.problems.push(RowProblem {
                place: table.row_place(row),
                message: format!("无法生成指标：{e}"),
            });
        }
        if read.problems.len() > before {
            read.problems.push(RowProblem {
                place: table.row_place(row),
                message: format!("因这一指标行有误，序号 {key} 的项目未生成"),
            });
            bad_keys.insert(key.to_string());
            continue;
        }
    }
    Ok(())
}

/// Appends an indicator row, typed for the form's kind.
fn push_indicator(form: &mut Form, ind: Map<String, Value>) -> Result<(), serde_json::Error> {
    let ind = Value::Object(ind);
    match form {
        Form::SelfEvaluation(f) => f.indicators.push(serde_json::from_value(ind)?),
        Form::TargetDeclaration(f) => f.indicators.push(serde_json::from_value(ind)?),
        Form::TargetTable(f) => f.indicators.push(serde_json::from_value(ind)?),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_digits_and_drop_separators() {
        assert_eq!(parse_decimal("7.80").unwrap().to_string(), "7.80");
        assert_eq!(
            parse_decimal("128,218.00").unwrap().to_string(),
            "128218.00"
        );
        assert_eq!(parse_decimal("1e-7").unwrap().to_string(), "0.0000001");
        assert!(parse_decimal("七点八").is_none());
    }

    #[test]
    fn set_path_builds_nested_objects() {
        let mut m = Map::new();
        set_path(&mut m, "funding/total/score", Value::from("10"));
        assert_eq!(m["funding"]["total"]["score"], "10");
    }
}
