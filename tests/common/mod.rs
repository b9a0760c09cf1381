//! Helpers shared by the XLSX tests (each test file uses some of them).
#![allow(dead_code)]

pub mod sheets;

use jixiao::model::{Document, Form, IndicatorValue};

/// A golden document, as the model's JSON reader reads it.
pub fn golden_doc(name: &str) -> Document {
    let bytes = std::fs::read(format!("tests/golden/{name}.json")).unwrap();
    jixiao::read::json::read_json(&bytes, name)
        .unwrap()
        .document
}

/// What a spreadsheet can carry of a form: transcriber notes (`extra`) have
/// no cell on the official form, and readers add the parsed indicator values
/// beside the text (golden files leave them out).
pub fn on_paper(mut form: Form) -> Form {
    let parse = |t: &Option<String>| t.as_deref().and_then(IndicatorValue::parse);
    match &mut form {
        Form::SelfEvaluation(f) => {
            f.extra.clear();
            for i in &mut f.indicators {
                i.target_parsed = parse(&i.target);
                i.actual_parsed = parse(&i.actual);
            }
        }
        Form::TargetDeclaration(f) => {
            f.extra.clear();
            f.indicators
                .iter_mut()
                .for_each(|i| i.target_parsed = parse(&i.target));
        }
        Form::TargetTable(f) => {
            f.extra.clear();
            f.indicators
                .iter_mut()
                .for_each(|i| i.target_parsed = parse(&i.target));
        }
    }
    form
}

/// One golden form as a spreadsheet carries it.
pub fn golden_form(name: &str, index: usize) -> Form {
    on_paper(golden_doc(name).forms.remove(index))
}

/// Asserts two form lists are equal as JSON: `Decimal`'s `==` is numeric
/// (7.80 == 7.8), the JSON form keeps the digits shown ("7.80"), which a
/// reader must recover.
#[track_caller]
pub fn assert_same_forms(got: &[Form], want: &[Form], what: &str) {
    let json = |forms: &[Form]| serde_json::to_value(forms).unwrap();
    let (got, want) = (json(got), json(want));
    if got != want {
        panic!(
            "{what}: forms differ\n--- got\n{}\n--- want\n{}",
            serde_json::to_string_pretty(&got).unwrap(),
            serde_json::to_string_pretty(&want).unwrap()
        );
    }
}

/// The bundled samples, by base name (samples/NAME.txt, tests/golden/NAME.json).
pub const SAMPLES: [&str; 4] = [
    "selfeval-jiading-2024",
    "selfeval-jiading-hrss-2024",
    "declaration-minhang-2024",
    "target-table-putuo-2020",
];

/// Every golden form of every sample, in sample order.
pub fn golden_forms() -> Vec<Form> {
    SAMPLES
        .iter()
        .flat_map(|name| golden_doc(name).forms)
        .collect()
}

/// Runs the built `jixiao` binary.
pub fn jixiao(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// A command's standard error as text.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
