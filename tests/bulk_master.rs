//! The master workbook: template, lossless round trips, bad rows.

mod common;
use common::golden_forms;

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use jixiao::bulk::master::{read_master, write_master, write_master_csv, Master, MasterForm};
use jixiao::model::Form;

fn golden_master() -> Master {
    Master {
        forms: golden_forms()
            .into_iter()
            .enumerate()
            .map(|(i, f)| MasterForm::new((i + 1).to_string(), f))
            .collect(),
    }
}

fn forms_of(master: &Master) -> Vec<&Form> {
    master.forms.iter().map(|f| &f.form).collect()
}

#[test]
fn xlsx_master_round_trip_is_lossless() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.xlsx");
    let master = golden_master();
    write_master(&master, &path, false, &[]).unwrap();
    let back = read_master(&path).unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    assert_eq!(forms_of(&back.master), forms_of(&master));
    let keys: Vec<&str> = back.master.forms.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys[..3], ["1", "2", "3"]);
}

#[test]
fn csv_master_round_trip_is_lossless() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("projects.csv");
    let master = golden_master();
    let partner = write_master_csv(&master, &path, false).unwrap();
    assert_eq!(partner, dir.path().join("indicators.csv"));
    let back = read_master(&path).unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!(forms_of(&back.master), forms_of(&master));
}

#[test]
fn amounts_are_text_cells_with_their_digits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.xlsx");
    write_master(&golden_master(), &path, false, &[]).unwrap();
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names()[..3], ["项目", "指标", "说明"]);
    let range = book.worksheet_range("项目").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = header
        .iter()
        .position(|h| h == "年度资金总额·年初预算数")
        .unwrap();
    // The first golden form's total initial budget is "7.80".
    assert_eq!(range.get((1, col)), Some(&Data::String("7.80".into())));
    let year = header.iter().position(|h| h == "年度").unwrap();
    assert_eq!(range.get((1, year)), Some(&Data::Float(2024.0)));
}

fn write_sheet_csv(path: &Path, rows: &[&str]) {
    std::fs::write(path, rows.join("\n")).unwrap();
}

#[test]
fn bad_rows_are_reported_with_their_place_and_the_rest_kept() {
    let dir = tempfile::tempdir().unwrap();
    let projects = dir.path().join("projects.csv");
    write_sheet_csv(
        &projects,
        &[
            "序号,表类型,项目名称,年度资金总额·年初预算数,年度",
            "1,自评表,好项目,7.80,2024",
            "2,自评表,,1.00,2024",
            "3,自评表,坏金额,七点八,2024",
            "4,申请表,坏类型,,2024",
            "5,申报表,另一个好项目,,2024年",
        ],
    );
    write_sheet_csv(
        &dir.path().join("indicators.csv"),
        &[
            "序号,一级指标,二级指标,三级指标,指标值,分值",
            "1,产出指标,数量指标,人数,≥100人,10",
            "9,产出指标,数量指标,孤儿,1,10",
            "5,产出指标,质量指标,合格率,100%,",
        ],
    );
    let read = read_master(&projects).unwrap();
    let names: Vec<_> = read
        .master
        .forms
        .iter()
        .map(|f| f.form.project_name().unwrap())
        .collect();
    assert_eq!(names, ["好项目", "另一个好项目"]);
    let problems: Vec<String> = read.problems.iter().map(|p| p.to_string()).collect();
    let p = projects.display().to_string();
    let i = dir.path().join("indicators.csv").display().to_string();
    let expect = [
        format!("{p} 第 3 行 C 列: 项目名称为空"),
        format!("{p} 第 4 行 D 列: 年度资金总额·年初预算数 应为数字，实为“七点八”"),
        format!("{p} 第 5 行 B 列: 表类型“申请表”不是可识别的表类型"),
        format!("{i} 第 3 行 A 列: 这一指标行不属于任何项目：序号 9"),
    ];
    assert_eq!(problems.len(), expect.len(), "{problems:#?}");
    for (got, want) in problems.iter().zip(&expect) {
        assert!(
            got.starts_with(want.as_str()),
            "{got} should start with {want}"
        );
    }
    let Form::SelfEvaluation(f) = &read.master.forms[0].form else {
        panic!()
    };
    assert_eq!(f.indicators[0].weight.unwrap().to_string(), "10");
    assert_eq!(f.funding.total.initial_budget.unwrap().to_string(), "7.80");
    assert_eq!(read.master.forms[1].form.year(), Some(2024));
}
