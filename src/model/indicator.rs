//! Indicator rows and their parsed values.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A row of the self-evaluation indicator table.
///
/// ```
/// use jixiao::model::ScoredIndicator;
/// let row = ScoredIndicator { name: Some("征地人员满意度".into()), ..Default::default() };
/// assert!(row.lost_marks().is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoredIndicator {
    /// 一级指标.
    pub level1: Option<String>,
    /// 二级指标.
    pub level2: Option<String>,
    /// 三级指标.
    pub name: Option<String>,
    /// 年度指标值, as shown.
    pub target: Option<String>,
    /// 年度指标值, parsed (readers add it; absent for qualitative values).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_parsed: Option<IndicatorValue>,
    /// 实际完成值, as shown.
    pub actual: Option<String>,
    /// 实际完成值, parsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual_parsed: Option<IndicatorValue>,
    /// 分值.
    pub weight: Option<Decimal>,
    /// 得分.
    pub score: Option<Decimal>,
    /// 偏差原因分析及改进措施.
    pub note: Option<String>,
}

impl ScoredIndicator {
    /// Marks lost (weight − score) when both are given and score < weight.
    pub fn lost_marks(&self) -> Option<Decimal> {
        match (self.weight, self.score) {
            (Some(w), Some(s)) if s < w => Some(w - s),
            _ => None,
        }
    }
}

/// A row of a target declaration or target table (no scores).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetIndicator {
    /// 一级指标 / 一级目标.
    pub level1: Option<String>,
    /// 二级指标 / 二级目标.
    pub level2: Option<String>,
    /// 三级指标 / 三级目标.
    pub name: Option<String>,
    /// 年度(/项目)指标值 / 指标目标值, as shown.
    pub target: Option<String>,
    /// The target, parsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_parsed: Option<IndicatorValue>,
}

/// A quantitative indicator value: `≥90.00(%)` is `{op: "≥", value: "90.00", unit: "%"}`.
///
/// ```
/// use jixiao::model::{IndicatorValue, Comparison};
/// let v = IndicatorValue::parse(">=40000份").unwrap();
/// assert_eq!(v.op, Some(Comparison::AtLeast));
/// assert_eq!(v.value.to_string(), "40000");
/// assert_eq!(v.unit.as_deref(), Some("份"));
/// assert!(IndicatorValue::parse("未超项目预算").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorValue {
    /// The comparison, when the value states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<Comparison>,
    /// The number, with the digits shown.
    pub value: Decimal,
    /// The unit (`%`, `人`, `万人`, …), without brackets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// Comparison operator of an indicator value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Comparison {
    /// ≥ (also written >=, ＞＝).
    #[serde(rename = "≥")]
    AtLeast,
    /// ≤ (also written <=).
    #[serde(rename = "≤")]
    AtMost,
    /// >.
    #[serde(rename = ">")]
    Greater,
    /// <.
    #[serde(rename = "<")]
    Less,
    /// =.
    #[serde(rename = "=")]
    Equal,
}

impl Comparison {
    /// The symbol written in JSON.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => "≥",
            Comparison::AtMost => "≤",
            Comparison::Greater => ">",
            Comparison::Less => "<",
            Comparison::Equal => "=",
        }
    }
}

impl IndicatorValue {
    /// Parses a value shown on a form. Returns `None` for qualitative values
    /// (及时, 合规, 未超项目预算) and for text that is not one number with an
    /// optional comparison and unit.
    pub fn parse(text: &str) -> Option<IndicatorValue> {
        crate::value::parse_indicator_value(text)
    }
}
