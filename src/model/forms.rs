//! The three form kinds and their blocks.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::{LabelledFundingRow, LabelledTexts, ScoredIndicator, TargetIndicator};

/// Fields a form carries beyond the contract (e.g. a transcriber's
/// `label_notes`); kept so that JSON → model → JSON is the identity.
pub type Extra = Map<String, Value>;

/// 财政项目支出绩效自评表: the project performance self-evaluation.
///
/// ```
/// use jixiao::model::{SelfEvaluation, Decimal};
/// let mut form = SelfEvaluation::default();
/// form.project_name = Some("养老事业类".into());
/// form.funding.total.executed = Some("125197.45".parse::<Decimal>().unwrap());
/// assert_eq!(form.funding.total.executed.unwrap().to_string(), "125197.45");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SelfEvaluation {
    /// 财政项目支出绩效自评表, or the variant the document uses.
    pub title: Option<String>,
    /// The year in （2024年度）.
    pub year: Option<i32>,
    /// 项目名称.
    pub project_name: Option<String>,
    /// 主管部门.
    pub department: Option<String>,
    /// 实施单位.
    pub implementer: Option<String>,
    /// 项目资金 block.
    #[serde(deserialize_with = "null_as_default")]
    pub funding: SelfEvaluationFunding,
    /// 年度总体目标 block.
    #[serde(deserialize_with = "null_as_default")]
    pub goals: SelfEvaluationGoals,
    /// Indicator table rows (一级/二级/三级指标 …).
    pub indicators: Vec<ScoredIndicator>,
    /// 总分 row.
    #[serde(deserialize_with = "null_as_default")]
    pub total: ScoreTotal,
    /// 评分等级 (优/良/中/差).
    pub grade: Option<String>,
    /// Labelled content the model has no field for (评价结论, 存在问题 …).
    #[serde(rename = "extra", skip_serializing_if = "LabelledTexts::is_empty")]
    pub texts: LabelledTexts,
    /// Fields beyond the contract, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 项目资金（万元） block of the self-evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SelfEvaluationFunding {
    /// "万元" or "元", from 项目资金（万元）.
    pub unit: Option<String>,
    /// 年度资金总额.
    #[serde(deserialize_with = "null_as_default")]
    pub total: FundingRow,
    /// 其中：当年财政拨款.
    #[serde(deserialize_with = "null_as_default")]
    pub current_appropriation: FundingRow,
    /// 上年结转资金.
    #[serde(deserialize_with = "null_as_default")]
    pub carryover: FundingRow,
    /// 其他资金.
    #[serde(deserialize_with = "null_as_default")]
    pub other: FundingRow,
    /// Rows the model has no field for (财政专户管理资金, 单位资金 …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<LabelledFundingRow>,
}

impl SelfEvaluationFunding {
    /// The four rows with their JSON names, in form order.
    pub fn rows(&self) -> [(&'static str, &FundingRow); 4] {
        [
            ("total", &self.total),
            ("current_appropriation", &self.current_appropriation),
            ("carryover", &self.carryover),
            ("other", &self.other),
        ]
    }

    /// Mutable access to a row by its JSON name.
    pub fn row_mut(&mut self, name: &str) -> Option<&mut FundingRow> {
        match name {
            "total" => Some(&mut self.total),
            "current_appropriation" => Some(&mut self.current_appropriation),
            "carryover" => Some(&mut self.carryover),
            "other" => Some(&mut self.other),
            _ => None,
        }
    }
}

/// One row of the self-evaluation funding table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FundingRow {
    /// 年初预算数.
    pub initial_budget: Option<Decimal>,
    /// 全年预算数.
    pub annual_budget: Option<Decimal>,
    /// 全年执行数.
    pub executed: Option<Decimal>,
    /// 分值 / 分数.
    pub weight: Option<Decimal>,
    /// 执行率, as a percent number (`40.87` for 40.87%).
    pub execution_rate: Option<Decimal>,
    /// 得分.
    pub score: Option<Decimal>,
}

impl FundingRow {
    /// The six columns with their JSON names, in form order.
    pub fn columns(&self) -> [(&'static str, Option<Decimal>); 6] {
        [
            ("initial_budget", self.initial_budget),
            ("annual_budget", self.annual_budget),
            ("executed", self.executed),
            ("weight", self.weight),
            ("execution_rate", self.execution_rate),
            ("score", self.score),
        ]
    }

    /// Builds a row from the six columns in form order.
    pub fn from_columns(c: [Option<Decimal>; 6]) -> FundingRow {
        FundingRow {
            initial_budget: c[0],
            annual_budget: c[1],
            executed: c[2],
            weight: c[3],
            execution_rate: c[4],
            score: c[5],
        }
    }
}

/// 年度总体目标: 预期目标 and 实际完成情况.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SelfEvaluationGoals {
    /// 预期目标.
    pub expected: Option<String>,
    /// 实际完成情况.
    pub actual: Option<String>,
}

/// 总分 row: total weight and score.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoreTotal {
    /// 分值 column of 总分 (normally 100).
    pub weight: Option<Decimal>,
    /// 得分 column of 总分.
    pub score: Option<Decimal>,
}

/// 财政项目支出绩效目标申报表: the performance target declaration.
///
/// ```
/// use jixiao::model::TargetDeclaration;
/// let form = TargetDeclaration { project_nature: Some("经常性项目".into()), ..Default::default() };
/// assert!(form.indicators.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetDeclaration {
    /// 财政项目支出绩效目标申报表, or the variant the document uses.
    pub title: Option<String>,
    /// The year in (2024年度).
    pub year: Option<i32>,
    /// 项目名称.
    pub project_name: Option<String>,
    /// 项目性质 (e.g. 经常性项目).
    pub project_nature: Option<String>,
    /// 项目类别 (e.g. 特定目标类).
    pub project_category: Option<String>,
    /// 主管部门.
    pub department: Option<String>,
    /// 实施单位.
    pub implementer: Option<String>,
    /// 计划开始日期, "YYYY-MM-DD" when shown in full.
    pub start_date: Option<String>,
    /// 计划完成日期, "YYYY-MM-DD" when shown in full.
    pub end_date: Option<String>,
    /// 项目资金（元） block.
    #[serde(deserialize_with = "null_as_default")]
    pub funding: DeclarationFunding,
    /// 项目绩效目标 block.
    #[serde(deserialize_with = "null_as_default")]
    pub goals: DeclarationGoals,
    /// Indicator rows (一级/二级/三级指标, 指标值); the 年度 half of a
    /// central-level form that gives 中期 and 年度 side by side.
    pub indicators: Vec<TargetIndicator>,
    /// The 中期 half of such a form's indicator table.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub midterm_indicators: Vec<TargetIndicator>,
    /// Labelled content the model has no field for.
    #[serde(rename = "extra", skip_serializing_if = "LabelledTexts::is_empty")]
    pub texts: LabelledTexts,
    /// Fields beyond the contract, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 项目资金（元） block of the declaration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeclarationFunding {
    /// "元" or "万元".
    pub unit: Option<String>,
    /// 项目资金总额.
    pub project_total: Option<Decimal>,
    /// 其中：财政资金 (project side).
    pub project_fiscal: Option<Decimal>,
    /// 其他资金 (project side).
    pub project_other: Option<Decimal>,
    /// 年度资金申请总额.
    pub annual_total: Option<Decimal>,
    /// 其中：当年财政拨款.
    pub current_appropriation: Option<Decimal>,
    /// 上年结转资金.
    pub carryover: Option<Decimal>,
    /// 其他资金 (annual side).
    pub annual_other: Option<Decimal>,
}

/// 项目总目标 and 年度总体目标.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeclarationGoals {
    /// 项目总目标.
    pub overall: Option<String>,
    /// 年度总体目标.
    pub annual: Option<String>,
}

/// 财政项目支出绩效目标表: the older (2020) target table.
///
/// ```
/// use jixiao::model::TargetTable;
/// let form = TargetTable { applicant: Some("上海市普陀区社会保障管理服务中心".into()), ..Default::default() };
/// assert_eq!(form.prior_funding.total_budget, None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetTable {
    /// 财政项目支出绩效目标表.
    pub title: Option<String>,
    /// The year in (2020年度).
    pub year: Option<i32>,
    /// 申报单位名称.
    pub applicant: Option<String>,
    /// 项目名称.
    pub project_name: Option<String>,
    /// 项目类别 (延续性项目 / 新增 …).
    pub project_category: Option<String>,
    /// 计划开始日期.
    pub start_date: Option<String>,
    /// 计划完成日期.
    pub end_date: Option<String>,
    /// 是否含有政府购买服务 (是/否, as shown).
    pub includes_procurement: Option<String>,
    /// 绩效类型.
    pub performance_type: Option<String>,
    /// 项目概况.
    pub overview: Option<String>,
    /// 立项依据.
    pub basis: Option<String>,
    /// 项目设立的必要性.
    pub necessity: Option<String>,
    /// 保证项目实施的制度、措施.
    pub safeguards: Option<String>,
    /// 项目实施计划.
    pub plan: Option<String>,
    /// 总目标及阶段性目标.
    pub objectives: Option<String>,
    /// 本项目上年度市级财政资金使用情况.
    #[serde(deserialize_with = "null_as_default")]
    pub prior_funding: PriorFunding,
    /// Indicator rows (一级/二级/三级目标, 指标目标值).
    pub indicators: Vec<TargetIndicator>,
    /// Labelled content the model has no field for.
    #[serde(rename = "extra", skip_serializing_if = "LabelledTexts::is_empty")]
    pub texts: LabelledTexts,
    /// Fields beyond the contract, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 本项目上年度市级财政资金使用情况 block of the target table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PriorFunding {
    /// "元" or "万元".
    pub unit: Option<String>,
    /// 项目总预算.
    pub total_budget: Option<Decimal>,
    /// 项目当年预算.
    pub current_budget: Option<Decimal>,
    /// 同名项目上年预算额.
    pub prior_budget: Option<Decimal>,
    /// 同名项目上年预算执行数.
    pub prior_executed: Option<Decimal>,
}

/// A block written as `null` (a row the form does not have) reads as an
/// empty block, as a missing one does.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
