//! What `check` tells a person: the cell that holds the wrong value, in the
//! form's own words, and a finding (never a crash) for numbers too large to
//! compute with.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use jixiao::check::{check_form, Severity};
use jixiao::layout::{layout_form, LayoutOptions};
use jixiao::model::{Form, FundingRow, ScoredIndicator, SelfEvaluation, TargetDeclaration};
use jixiao::read::{xlsx::read_xlsx, Place};
use rust_decimal::Decimal;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The value calamine sees in a cell such as `就业支持类!G6`.
fn cell_value(path: &std::path::Path, place: &Place) -> Data {
    let Place::Cell { sheet, cell } = place else {
        panic!("not a cell: {place}");
    };
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    let col = cell
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .fold(0u32, |a, c| a * 26 + (c as u32 - 'A' as u32 + 1))
        - 1;
    let row: u32 = cell
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse::<u32>()
        .unwrap()
        - 1;
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn check_names_the_cell_that_holds_the_wrong_value() {
    // Form 5 of the sample states 执行率 98.51 where 3346.92 / 3394.12 gives 98.61.
    let form = common::golden_form("selfeval-jiading-hrss-2024", 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.xlsx");
    let grid = layout_form(&form, &LayoutOptions::default()).unwrap();
    jixiao::write::xlsx::write_xlsx(&[grid], &path, false).unwrap();
    let out = read_xlsx(&path).unwrap();
    let findings = check_form(&out.document.forms[0]);
    let places = &out.places[0];
    let mut seen = 0;
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        let place = places.of(&f.field).unwrap();
        let stated = f.stated.unwrap();
        match cell_value(&path, place) {
            Data::Float(v) => assert_eq!(dec(&v.to_string()), stated.normalize(), "{place}"),
            Data::Int(v) => assert_eq!(Decimal::from(v), stated, "{place}"),
            other => panic!("{}: {place} holds {other:?}, not {stated}", f.field),
        }
        seen += 1;
    }
    assert!(seen >= 2, "{findings:?}");
    // The indicator score's own cell too, not its row's first cell.
    let mut bad = form.clone();
    let Form::SelfEvaluation(f) = &mut bad else {
        unreachable!()
    };
    f.indicators[0].score = Some(f.indicators[0].weight.unwrap() + Decimal::ONE);
    let grid = layout_form(&bad, &LayoutOptions::default()).unwrap();
    let path = dir.path().join("g.xlsx");
    jixiao::write::xlsx::write_xlsx(&[grid], &path, false).unwrap();
    let out = read_xlsx(&path).unwrap();
    let finding = check_form(&out.document.forms[0])
        .into_iter()
        .find(|f| f.field == "indicators[0].score")
        .unwrap();
    let place = out.places[0].of(&finding.field).unwrap();
    let Data::Float(v) = cell_value(&path, place) else {
        panic!("{place}")
    };
    assert_eq!(dec(&v.to_string()), finding.stated.unwrap().normalize());
    // Lost marks with no reason: the blank reason cell, not the row's first.
    let Form::SelfEvaluation(f) = &mut bad else {
        unreachable!()
    };
    f.indicators[0].score = Some(f.indicators[0].weight.unwrap() - Decimal::ONE);
    f.indicators[0].note = None;
    let grid = layout_form(&bad, &LayoutOptions::default()).unwrap();
    let path = dir.path().join("h.xlsx");
    jixiao::write::xlsx::write_xlsx(&[grid], &path, false).unwrap();
    let out = read_xlsx(&path).unwrap();
    let finding = check_form(&out.document.forms[0])
        .into_iter()
        .find(|f| f.field == "indicators[0].note")
        .unwrap();
    let place = out.places[0].of(&finding.field).unwrap();
    assert_ne!(Some(place), out.places[0].of("indicators[0]"));
    assert_eq!(cell_value(&path, place), Data::Empty, "{place}");
    let score = out.places[0].of("indicators[0].score").unwrap();
    let row = |p: &Place| {
        p.to_string()
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .to_string()
    };
    assert_eq!(row(place), row(score));
}

fn huge_form() -> SelfEvaluation {
    let big = dec("79228162514264337593543950335");
    let mut f = SelfEvaluation::default();
    f.funding.total = FundingRow {
        annual_budget: Some(dec("0.0000000000000000000000000001")),
        executed: Some(big),
        execution_rate: Some(dec("100")),
        weight: Some(big),
        score: Some(big),
        initial_budget: Some(big),
    };
    for row in [
        &mut f.funding.current_appropriation,
        &mut f.funding.carryover,
        &mut f.funding.other,
    ] {
        row.initial_budget = Some(big);
        row.annual_budget = Some(big);
        row.executed = Some(big);
    }
    f.indicators = vec![
        ScoredIndicator {
            weight: Some(big),
            score: Some(big),
            ..Default::default()
        };
        2
    ];
    f.total.weight = Some(-big);
    f.total.score = Some(-big);
    f
}

#[test]
fn numbers_too_large_to_compute_are_findings_not_crashes() {
    let findings = check_form(&Form::from(huge_form()));
    let range: Vec<_> = findings
        .iter()
        .filter(|f| f.message.contains("超出可计算的范围"))
        .map(|f| f.field.as_str())
        .collect();
    for field in [
        "funding.total.execution_rate",
        "funding.total.initial_budget",
        "total.weight",
        "total.score",
    ] {
        assert!(range.contains(&field), "{field}: {findings:?}");
    }
    let big = dec("79228162514264337593543950335");
    let mut d = TargetDeclaration::default();
    d.funding.annual_total = Some(big);
    d.funding.current_appropriation = Some(big);
    d.funding.carryover = Some(big);
    d.funding.annual_other = Some(big);
    let findings = check_form(&Form::from(d));
    assert!(
        findings[0].message.contains("超出可计算的范围"),
        "{findings:?}"
    );
    // --recompute keeps what it cannot compute.
    let mut form = Form::from(huge_form());
    jixiao::bulk::recompute::recompute(&mut form);
}

#[test]
fn one_huge_form_does_not_lose_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, name) in ["甲", "乙", "丙"].iter().enumerate() {
        let mut f = huge_form();
        f.project_name = Some((*name).into());
        if i == 2 {
            f = SelfEvaluation {
                project_name: Some("丙".into()),
                ..Default::default()
            };
            f.funding.total.annual_budget = Some(dec("10"));
        }
        let doc = jixiao::model::Document {
            title: None,
            forms: vec![Form::from(f)],
        };
        let path = dir.path().join(format!("{i}.json"));
        std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
        files.push(path);
    }
    let got = jixiao::bulk::collect(&files, &|| {});
    assert_eq!(got.master.forms.len(), 3);
    let sheet = got.summary_sheet();
    let text = format!("{:?}", sheet.rows);
    assert!(text.contains("超出可计算范围"), "{text}");
    let out = common::jixiao(&["check", files[0].to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("超出可计算的范围"));
}
