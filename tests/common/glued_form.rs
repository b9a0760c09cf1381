//! Reading made-up run-together (glued) text in tests.

use jixiao::read::text::{read_text_as, TextShape};
use serde_json::Value;

/// The first form read from glued text, as JSON.
pub fn form(text: &str) -> Value {
    let out = read_text_as(text.as_bytes(), "glued.txt", Some(TextShape::Glued)).expect("a form");
    let doc = serde_json::to_value(&out.document).expect("json");
    doc["forms"][0].clone()
}

/// An indicator's fields as texts (null → "-").
pub fn row(f: &Value, i: usize, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .map(|k| match &f["indicators"][i][k] {
            Value::String(s) => s.clone(),
            Value::Null => "-".into(),
            v => v.to_string(),
        })
        .collect()
}
