//! Content a form carries beyond the contract's fields: funding rows the
//! model has no field for (`funding.extra`) and labelled texts (`extra`),
//! kept so that nothing the document shows is dropped.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::FundingRow;

/// A funding row with a label of its own (财政专户管理资金, 单位资金 …),
/// written as `{"label": …, "initial_budget": …, …}`.
///
/// ```
/// use jixiao::model::{FundingRow, LabelledFundingRow};
/// let row = LabelledFundingRow { label: "单位资金".into(), row: FundingRow::default() };
/// let json = serde_json::to_string(&row).unwrap();
/// assert!(json.starts_with(r#"{"label":"单位资金","initial_budget":null"#));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelledFundingRow {
    /// The row label as the document writes it.
    pub label: String,
    /// Its columns.
    #[serde(flatten)]
    pub row: FundingRow,
}

/// Labelled texts in document order (项目实施内容及过程概述, 评价结论, 存在问题,
/// 改进措施, 项目负责人 …), written as a JSON object keyed by the label as
/// written; a label with no value is `null`.
///
/// ```
/// use jixiao::model::LabelledTexts;
/// let mut t = LabelledTexts::default();
/// t.insert("评价结论", Some("良好".into()));
/// t.insert("存在问题", None);
/// assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"评价结论":"良好","存在问题":null}"#);
/// assert_eq!(t.get("评价结论"), Some("良好"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelledTexts(pub Vec<(String, Option<String>)>);

impl LabelledTexts {
    /// Whether there is nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a label; a label already there keeps its first value unless
    /// that was `null`.
    pub fn insert(&mut self, label: impl Into<String>, value: Option<String>) {
        let label = label.into();
        match self.0.iter_mut().find(|(l, _)| *l == label) {
            Some((_, v)) if v.is_none() => *v = value,
            Some(_) => {}
            None => self.0.push((label, value)),
        }
    }

    /// The value of a label.
    pub fn get(&self, label: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(l, _)| l == label)
            .and_then(|(_, v)| v.as_deref())
    }
}

impl Serialize for LabelledTexts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for LabelledTexts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LabelledTexts;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of labelled texts")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<LabelledTexts, A::Error> {
                let mut out = LabelledTexts::default();
                while let Some((k, v)) = m.next_entry::<String, Option<String>>()? {
                    out.0.push((k, v));
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}
