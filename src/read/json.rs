//! The JSON reader: the model's own JSON form back into the model.

use super::{Place, Places, ReadError, ReadOutput};
use crate::model::Document;

/// Reads `{"forms": [...]}` (or a single form object, or a bare array).
///
/// ```
/// let out = jixiao::read::json::read_json(br#"{"forms":[{"kind":"self_evaluation"}]}"#, "x.json").unwrap();
/// assert_eq!(out.document.forms.len(), 1);
/// ```
pub fn read_json(bytes: &[u8], file: &str) -> Result<ReadOutput, ReadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ReadError::Encoding {
        file: file.to_string(),
        what: format!(
            "不是 UTF-8 编码（第 {} 个字节无效）；JSON 文件必须是 UTF-8",
            e.valid_up_to()
        ),
    })?;
    // Deserialise straight from the text so errors keep their line numbers.
    let trimmed = text.trim_start();
    let document: Document = if trimmed.starts_with('[') {
        Document {
            title: None,
            forms: serde_json::from_str(text).map_err(|e| json_error(file, &e))?,
        }
    } else if !text.contains("\"forms\"") && text.contains("\"kind\"") {
        Document {
            title: None,
            forms: vec![serde_json::from_str(text).map_err(|e| json_error(file, &e))?],
        }
    } else {
        serde_json::from_str(text).map_err(|e| json_error(file, &e))?
    };
    if document.forms.is_empty() {
        return Err(ReadError::NoForm {
            file: file.to_string(),
            hint: "应为 {\"forms\": [ … ]}，且至少有一张表".into(),
        });
    }
    let places = (1..=document.forms.len())
        .map(|form| Places {
            start: Some(Place::Json { form }),
            ..Places::default()
        })
        .collect();
    Ok(ReadOutput {
        document,
        places,
        ..ReadOutput::default()
    })
}

fn json_error(file: &str, e: &serde_json::Error) -> ReadError {
    ReadError::Malformed {
        file: file.to_string(),
        place: Place::Line(e.line().max(1)),
        what: match e.classify() {
            serde_json::error::Category::Data => {
                format!("不是有效的表格 JSON：内容不符合格式（{e}）")
            }
            serde_json::error::Category::Eof => "不是有效的表格 JSON：文件不完整".into(),
            _ => format!(
                "不是有效的表格 JSON：第 {} 行第 {} 列有语法错误",
                e.line(),
                e.column()
            ),
        },
    }
}
