//! The JSON writer: the model's public JSON form.

use crate::model::Document;

/// Serialises a document as pretty JSON (UTF-8, Chinese unescaped, trailing newline).
///
/// ```
/// use jixiao::model::Document;
/// let s = jixiao::write::json::to_json(&Document::default());
/// assert_eq!(s, "{\n  \"forms\": []\n}\n");
/// ```
pub fn to_json(doc: &Document) -> String {
    let mut s = serde_json::to_string_pretty(doc).expect("the model always serialises");
    s.push('\n');
    s
}
