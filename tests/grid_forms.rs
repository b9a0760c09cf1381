//! The recognizer reads forms from row-known grids by meaning: the two real
//! forms of other provinces (Sichuan's 部门预算项目支出绩效自评表, the central
//! 项目支出绩效自评表 of an Anhui town) rebuilt as grids row by row, the way
//! a text shape with " | " separators or rebuilt rows gives them: cells of
//! merged columns missing, empty cells kept; and the same two forms as
//! they were published (tests/fixtures/real: one cell per line, all on one
//! line), through the text reader.

use std::path::Path;

use jixiao::read::grid::{Grid, GridPlaces, Value};
use jixiao::read::recognize::recognize;
use jixiao::read::ReadOutput;
use serde_json::Value as Json;

/// A fixture: one grid row per line, cells separated by " | ".
fn grid_from(path: &Path) -> Grid {
    let text = std::fs::read_to_string(path).unwrap();
    let mut grid = Grid::new(path.display().to_string(), GridPlaces::Lines);
    for (row, line) in text.lines().enumerate() {
        for (col, cell) in line.split(" | ").enumerate() {
            grid.push(row, col, Value::from_text(cell.trim()), row + 1);
        }
    }
    grid
}

/// What the reference transcription fixes: parsed values and notes left
/// out, and a funding row the form does not show (null) the same as one
/// it shows empty (all columns null), as formcheck.py compares them.
fn comparable(mut doc: Json) -> Json {
    for form in doc["forms"].as_array_mut().unwrap() {
        let form = form.as_object_mut().unwrap();
        form.remove("label_notes");
        for ind in form["indicators"].as_array_mut().unwrap() {
            let ind = ind.as_object_mut().unwrap();
            ind.remove("target_parsed");
            ind.remove("actual_parsed");
        }
        if let Some(funding) = form.get_mut("funding").and_then(Json::as_object_mut) {
            for row in funding.values_mut() {
                let empty = row
                    .as_object()
                    .is_some_and(|r| r.values().all(Json::is_null));
                if empty {
                    *row = Json::Null;
                }
            }
        }
        if form
            .get("total")
            .and_then(Json::as_object)
            .is_some_and(|t| t.values().all(Json::is_null))
        {
            form.insert("total".into(), Json::Null);
        }
    }
    doc
}

fn read_fixture(name: &str) -> (ReadOutput, Json) {
    let dir = Path::new("tests/fixtures/grid");
    let grid = grid_from(&dir.join(format!("{name}.txt")));
    let mut out = ReadOutput::default();
    let found = recognize(&grid, name, &mut out).unwrap();
    assert_eq!(found, 1, "{name}: one form");
    let want: Json =
        serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap())
            .unwrap();
    (out, want)
}

#[track_caller]
fn assert_reads_as_reference(name: &str) {
    let (out, want) = read_fixture(name);
    assert_same(name, &out, want);
}

/// The real form as it was published (its original text shape, not a
/// rebuilt grid), read through the text reader, is its reference too.
#[track_caller]
fn assert_text_reads_as_reference(name: &str) {
    let text = std::fs::read(format!("tests/fixtures/real/{name}.txt")).unwrap();
    let out = jixiao::read::text::read_text(&text, name).unwrap();
    let want: Json = serde_json::from_str(
        &std::fs::read_to_string(format!("tests/fixtures/grid/{name}.json")).unwrap(),
    )
    .unwrap();
    assert_same(name, &out, want);
}

#[track_caller]
fn assert_same(name: &str, out: &ReadOutput, want: Json) {
    let got = comparable(serde_json::to_value(&out.document).unwrap());
    let want = comparable(want);
    assert_eq!(
        got,
        want,
        "{name}\n--- got\n{}\n--- want\n{}",
        serde_json::to_string_pretty(&got).unwrap(),
        serde_json::to_string_pretty(&want).unwrap()
    );
    assert!(out.errors.is_empty(), "{name}: {:?}", out.errors);
    formcheck_agrees(name, out);
}

/// The team's scorer, when the shared tools are there: no difference.
fn formcheck_agrees(name: &str, out: &ReadOutput) {
    let tool = Path::new("../shared/tools/formcheck.py");
    if !tool.exists() {
        eprintln!(
            "{} not found; the Rust comparison above stands",
            tool.display()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let got = dir.path().join("got.json");
    std::fs::write(&got, serde_json::to_string(&out.document).unwrap()).unwrap();
    let want = format!("tests/fixtures/grid/{name}.json");
    let run = std::process::Command::new("python3")
        .arg(tool)
        .arg("diff")
        .arg(&got)
        .arg(&want)
        .output()
        .expect("python3 runs");
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{name}: formcheck diff\n{report}");
}

#[test]
fn sichuan_layout_reads_as_its_reference() {
    assert_reads_as_reference("sc-qingshen-2023-selfeval");
}

#[test]
fn central_layout_of_an_anhui_town_reads_as_its_reference() {
    assert_reads_as_reference("ah-chizhou-tangxi-2022-selfeval-a");
}

/// Sichuan's form as web-page text: one cell per line, each ending in " |".
#[test]
fn sichuan_web_text_one_cell_per_line_reads_as_its_reference() {
    assert_text_reads_as_reference("sc-qingshen-2023-selfeval");
}

/// Anhui's form as text pulled out of a Word file: all on one line after
/// the file's metadata, cut off inside the last rows.
#[test]
fn anhui_word_text_on_one_line_reads_as_its_reference() {
    assert_text_reads_as_reference("ah-chizhou-tangxi-2022-selfeval-a");
}

/// The references themselves read back through the JSON reader: `null`
/// blocks, `funding.extra` and `extra` survive JSON → model → JSON.
#[test]
fn the_references_round_trip_through_the_model() {
    for name in [
        "sc-qingshen-2023-selfeval",
        "ah-chizhou-tangxi-2022-selfeval-a",
    ] {
        let path = format!("tests/fixtures/grid/{name}.json");
        let bytes = std::fs::read(&path).unwrap();
        let doc = jixiao::read::json::read_json(&bytes, &path)
            .unwrap()
            .document;
        let got = comparable(serde_json::to_value(&doc).unwrap());
        let want = comparable(serde_json::from_slice(&bytes).unwrap());
        assert_eq!(got, want, "{name}");
    }
}

/// A transfer-payment self-evaluation from Sichuan (中江县, 2022): 分值
/// before 年度指标值, 全年实际值, an unused category printed empty, a "……"
/// row. Its reference holds the core only: every indicator and the total.
#[test]
fn sichuan_transfer_payment_form_reads_its_core() {
    let name = "sc-zhongjiang-2022-selfeval";
    let (out, want) = read_fixture(name);
    let got = serde_json::to_value(&out.document).unwrap();
    let (g, w) = (&got["forms"][0], &want["forms"][0]);
    for key in ["kind", "title", "year", "project_name"] {
        assert_eq!(g[key], w[key], "{key}");
    }
    let fields = [
        "level1", "level2", "name", "target", "actual", "weight", "score",
    ];
    let core = |v: &Json| -> Vec<Vec<Json>> {
        v["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| fields.iter().map(|f| i[*f].clone()).collect())
            .collect()
    };
    assert_eq!(core(g), core(w));
    assert_eq!(g["total"], w["total"]);
    assert_eq!(g["extra"]["项目负责人及电话"], "谢凯13990260322(办公)");
}
