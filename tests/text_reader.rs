//! The text reader against the golden JSON of every bundled sample.

use jixiao::model::{Document, Form};
use jixiao::read::{json::read_json, text::read_text};

const SAMPLES: &[&str] = &[
    "selfeval-jiading-2024",
    "declaration-minhang-2024",
    "target-table-putuo-2020",
    "selfeval-jiading-hrss-2024",
];

/// The golden files carry only the contract's fields (plus transcriber
/// notes); drop the reader's optional parsed values and the notes.
fn contract_only(mut doc: Document) -> Document {
    for form in &mut doc.forms {
        match form {
            Form::SelfEvaluation(f) => {
                f.extra.clear();
                for i in &mut f.indicators {
                    i.target_parsed = None;
                    i.actual_parsed = None;
                }
            }
            Form::TargetDeclaration(f) => {
                f.extra.clear();
                f.indicators.iter_mut().for_each(|i| i.target_parsed = None);
            }
            Form::TargetTable(f) => {
                f.extra.clear();
                f.indicators.iter_mut().for_each(|i| i.target_parsed = None);
            }
        }
    }
    doc
}

fn read_sample(name: &str) -> jixiao::read::ReadOutput {
    let bytes = std::fs::read(format!("samples/{name}.txt")).unwrap();
    read_text(&bytes, name).unwrap()
}

fn golden(name: &str) -> Document {
    let bytes = std::fs::read(format!("tests/golden/{name}.json")).unwrap();
    read_json(&bytes, name).unwrap().document
}

#[test]
fn every_sample_reads_exactly_as_golden() {
    for name in SAMPLES {
        let got = contract_only(read_sample(name).document);
        let want = contract_only(golden(name));
        assert_eq!(got.forms.len(), want.forms.len(), "{name}: form count");
        assert_eq!(got.title, want.title, "{name}: collection title");
        for (i, (g, w)) in got.forms.iter().zip(&want.forms).enumerate() {
            assert_eq!(g, w, "{name}: form {} differs", i + 1);
        }
    }
}

#[test]
fn samples_read_without_errors_and_dump_text_is_warned_not_merged() {
    for name in SAMPLES {
        let out = read_sample(name);
        assert!(out.errors.is_empty(), "{name}: {:?}", out.errors);
        assert_eq!(out.places.len(), out.document.forms.len());
    }
    // The 2020 bundle's third form has a cut-off strip dumped after its table.
    let out = read_sample("target-table-putuo-2020");
    let dumped: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    // One warning for the whole strip, every piece in it, in order.
    assert_eq!(dumped.len(), 1, "{dumped:?}");
    assert!(dumped[0].starts_with("第 125-158 行: "), "{dumped:?}");
    assert!(
        dumped[0].contains("\"丧葬费及一\" \"及年末用于\""),
        "{dumped:?}"
    );
    assert!(dumped[0].ends_with("\"合理\" \"5分\""), "{dumped:?}");
    let clean = read_sample("selfeval-jiading-2024");
    assert!(clean.warnings.is_empty(), "{:?}", clean.warnings);
}

#[test]
fn parsed_indicator_values_sit_beside_the_text() {
    let out = read_sample("selfeval-jiading-2024");
    let Form::SelfEvaluation(f) = &out.document.forms[0] else {
        panic!("kind")
    };
    let row = f
        .indicators
        .iter()
        .find(|i| i.name.as_deref() == Some("征地养老人员政策知晓度"))
        .unwrap();
    let t = row.target_parsed.as_ref().unwrap();
    assert_eq!(
        (
            t.op.map(|o| o.symbol()),
            t.value.to_string(),
            t.unit.as_deref()
        ),
        (Some("≥"), "90.00".into(), Some("%"))
    );
    assert!(
        f.indicators[0].target_parsed.is_none(),
        "未超项目预算 is qualitative"
    );
}

#[test]
fn places_point_at_source_lines() {
    let out = read_sample("selfeval-jiading-2024");
    let p = &out.places[0];
    assert_eq!(
        p.of("project_name").map(ToString::to_string).as_deref(),
        Some("第 5 行")
    );
    assert_eq!(
        p.of("funding.total.execution_rate")
            .map(ToString::to_string)
            .as_deref(),
        Some("第 14 行")
    );
    assert_eq!(
        p.of("grade").map(ToString::to_string).as_deref(),
        Some("第 78 行")
    );
}

#[test]
fn json_round_trip_is_the_identity() {
    for name in SAMPLES {
        let text = std::fs::read_to_string(format!("tests/golden/{name}.json")).unwrap();
        let doc = read_json(text.as_bytes(), name).unwrap().document;
        let again = jixiao::write::json::to_json(&doc);
        let a: serde_json::Value = serde_json::from_str(&text).unwrap();
        let b: serde_json::Value = serde_json::from_str(&again).unwrap();
        assert_eq!(a, b, "{name}");
        // And our own output reads back to the same model, parsed values included.
        let ours = read_sample(name).document;
        let back = read_json(jixiao::write::json::to_json(&ours).as_bytes(), name)
            .unwrap()
            .document;
        assert_eq!(ours, back, "{name}");
    }
}
