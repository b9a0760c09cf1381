//! The master workbook's columns: Chinese header, note for the 说明 sheet,
//! value type, and where each column lives in the form model of each kind.
//!
//! Columns map to JSON-pointer paths in the model's JSON form, so reading and
//! writing a master share one table and cannot drift apart.

use std::sync::OnceLock;

use crate::model::FormKind;

/// What a column holds, which decides how its cells are parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// 序号: the project's key, linking its indicator rows.
    Key,
    /// 表类型: the form kind.
    Kind,
    /// Free text.
    Text,
    /// A year (integer).
    Year,
    /// An amount, rate, weight or score, kept with its digits.
    Decimal,
    /// Fields beyond the contract, as a JSON object.
    Extra,
}

/// One column of the 项目 or 指标 sheet.
#[derive(Debug, Clone)]
pub struct Column {
    /// Header as written in row 1 (Chinese, as on the forms).
    pub header: String,
    /// What the column means, for the 说明 sheet.
    pub note: String,
    /// Value type.
    pub ty: ColumnType,
    /// Path of the field per kind (self_evaluation, target_declaration,
    /// target_table), `/`-separated; `None` where the kind has no such field.
    pub paths: [Option<String>; 3],
}

impl Column {
    /// The field path for a kind, if the kind has the field.
    pub fn path(&self, kind: FormKind) -> Option<&str> {
        self.paths[kind_index(kind)].as_deref()
    }

    /// Kinds that use this column, as Chinese names for the 说明 sheet.
    pub fn used_by(&self) -> String {
        let names: Vec<&str> = FormKind::ALL
            .into_iter()
            .filter(|k| self.path(*k).is_some() || matches!(self.ty, ColumnType::Key))
            .map(kind_label)
            .collect();
        names.join("、")
    }
}

/// Position of a kind in [`Column::paths`].
pub fn kind_index(kind: FormKind) -> usize {
    match kind {
        FormKind::SelfEvaluation => 0,
        FormKind::TargetDeclaration => 1,
        FormKind::TargetTable => 2,
    }
}

/// The short Chinese name written in the 表类型 column.
pub fn kind_label(kind: FormKind) -> &'static str {
    match kind {
        FormKind::SelfEvaluation => "自评表",
        FormKind::TargetDeclaration => "申报表",
        FormKind::TargetTable => "目标表",
    }
}

/// Parses a 表类型 cell: the short name, the official title or the JSON name.
///
/// ```
/// use jixiao::bulk::master::columns::parse_kind;
/// use jixiao::model::FormKind;
/// assert_eq!(parse_kind("自评表"), Some(FormKind::SelfEvaluation));
/// assert_eq!(parse_kind("target_table"), Some(FormKind::TargetTable));
/// assert_eq!(parse_kind("申请表"), None);
/// ```
pub fn parse_kind(s: &str) -> Option<FormKind> {
    let s = s.trim();
    FormKind::ALL
        .into_iter()
        .find(|k| kind_label(*k) == s)
        .or_else(|| FormKind::parse(s))
}

const SE: usize = 0b001;
const TD: usize = 0b010;
const TT: usize = 0b100;

fn col(header: &str, note: &str, ty: ColumnType, kinds: usize, path: &str) -> Column {
    let pick = |bit: usize| (kinds & bit != 0).then(|| path.to_string());
    Column {
        header: header.into(),
        note: note.into(),
        ty,
        paths: [pick(SE), pick(TD), pick(TT)],
    }
}

/// The 项目 sheet's columns, in sheet order.
pub fn project_columns() -> &'static [Column] {
    static COLUMNS: OnceLock<Vec<Column>> = OnceLock::new();
    COLUMNS.get_or_init(build_project_columns)
}

/// The 指标 sheet's columns, in sheet order (paths relative to one indicator).
pub fn indicator_columns() -> &'static [Column] {
    static COLUMNS: OnceLock<Vec<Column>> = OnceLock::new();
    COLUMNS.get_or_init(|| {
        use ColumnType::*;
        let all = SE | TD | TT;
        vec![
            col(
                "序号",
                "所属项目的序号（与“项目”表的序号一致）",
                Key,
                all,
                "",
            ),
            col(
                "一级指标",
                "一级指标（目标表为一级目标）",
                Text,
                all,
                "level1",
            ),
            col(
                "二级指标",
                "二级指标（目标表为二级目标）",
                Text,
                all,
                "level2",
            ),
            col(
                "三级指标",
                "三级指标（目标表为三级目标）",
                Text,
                all,
                "name",
            ),
            col(
                "指标值",
                "年度指标值 / 指标目标值，按表上所写填写，如 ≥90.00(%)",
                Text,
                all,
                "target",
            ),
            col("实际完成值", "实际完成值（仅自评表）", Text, SE, "actual"),
            col("分值", "指标分值（仅自评表）", Decimal, SE, "weight"),
            col("得分", "指标得分（仅自评表）", Decimal, SE, "score"),
            col(
                "偏差原因分析及改进措施",
                "未得满分时说明原因（仅自评表）",
                Text,
                SE,
                "note",
            ),
        ]
    })
}

fn build_project_columns() -> Vec<Column> {
    use ColumnType::*;
    let all = SE | TD | TT;
    let mut c = vec![
        col("序号", "每个项目唯一的编号；“指标”表用它关联项目；也用作输出文件名的前缀", Key, all, ""),
        col("表类型", "自评表（财政项目支出绩效自评表）、申报表（绩效目标申报表）或目标表（2020年绩效目标表）", Kind, all, ""),
        col("标题", "表头标题；空则用该表类型的正式名称", Text, all, "title"),
        col("年度", "年度，如 2024", Year, all, "year"),
        col("项目名称", "项目名称（必填）", Text, all, "project_name"),
        col("申报单位名称", "申报单位名称（目标表）", Text, TT, "applicant"),
        col("主管部门", "主管部门", Text, SE | TD, "department"),
        col("实施单位", "实施单位", Text, SE | TD, "implementer"),
        col("项目性质", "项目性质，如 经常性项目（申报表）", Text, TD, "project_nature"),
        col("项目类别", "项目类别，如 特定目标类、延续性项目", Text, TD | TT, "project_category"),
        col("计划开始日期", "计划开始日期，YYYY-MM-DD", Text, TD | TT, "start_date"),
        col("计划完成日期", "计划完成日期，YYYY-MM-DD", Text, TD | TT, "end_date"),
        col("资金单位", "金额单位：万元 或 元", Text, SE | TD, "funding/unit"),
    ];
    c[12].paths[2] = Some("prior_funding/unit".into());
    let rows = [
        ("年度资金总额", "total"),
        ("当年财政拨款", "current_appropriation"),
        ("上年结转资金", "carryover"),
        ("其他资金", "other"),
    ];
    let cols = [
        ("年初预算数", "initial_budget"),
        ("全年预算数", "annual_budget"),
        ("全年执行数", "executed"),
        ("分值", "weight"),
        ("执行率", "execution_rate"),
        ("得分", "score"),
    ];
    for (row_label, row) in rows {
        for (col_label, column) in cols {
            let note =
                format!("自评表 项目资金 {row_label} 行的{col_label}（执行率写百分数，如 98.50）");
            c.push(col(
                &format!("{row_label}·{col_label}"),
                &note,
                Decimal,
                SE,
                &format!("funding/{row}/{column}"),
            ));
        }
    }
    for (header, note, field) in [
        ("项目资金总额", "申报表 项目资金总额", "project_total"),
        (
            "项目资金·财政资金",
            "申报表 项目资金 其中：财政资金",
            "project_fiscal",
        ),
        (
            "项目资金·其他资金",
            "申报表 项目资金 其他资金",
            "project_other",
        ),
        (
            "年度资金申请总额",
            "申报表 年度资金申请总额",
            "annual_total",
        ),
        (
            "申请·当年财政拨款",
            "申报表 年度资金 其中：当年财政拨款",
            "current_appropriation",
        ),
        (
            "申请·上年结转资金",
            "申报表 年度资金 上年结转资金",
            "carryover",
        ),
        ("申请·其他资金", "申报表 年度资金 其他资金", "annual_other"),
    ] {
        c.push(col(header, note, Decimal, TD, &format!("funding/{field}")));
    }
    for (header, field) in [
        ("项目总预算", "total_budget"),
        ("项目当年预算", "current_budget"),
        ("同名项目上年预算额", "prior_budget"),
        ("同名项目上年预算执行数", "prior_executed"),
    ] {
        let note = format!("目标表 本项目上年度市级财政资金使用情况：{header}");
        c.push(col(
            header,
            &note,
            Decimal,
            TT,
            &format!("prior_funding/{field}"),
        ));
    }
    c.extend([
        col(
            "预期目标",
            "自评表 年度总体目标：预期目标",
            Text,
            SE,
            "goals/expected",
        ),
        col(
            "实际完成情况",
            "自评表 年度总体目标：实际完成情况",
            Text,
            SE,
            "goals/actual",
        ),
        col("项目总目标", "申报表 项目总目标", Text, TD, "goals/overall"),
        col(
            "年度总体目标",
            "申报表 年度总体目标",
            Text,
            TD,
            "goals/annual",
        ),
        col(
            "是否含有政府购买服务",
            "目标表：是 或 否",
            Text,
            TT,
            "includes_procurement",
        ),
        col("绩效类型", "目标表 绩效类型", Text, TT, "performance_type"),
        col("项目概况", "目标表 项目概况", Text, TT, "overview"),
        col("立项依据", "目标表 立项依据", Text, TT, "basis"),
        col(
            "项目设立的必要性",
            "目标表 项目设立的必要性",
            Text,
            TT,
            "necessity",
        ),
        col(
            "保证项目实施的制度、措施",
            "目标表 保证项目实施的制度、措施",
            Text,
            TT,
            "safeguards",
        ),
        col("项目实施计划", "目标表 项目实施计划", Text, TT, "plan"),
        col(
            "总目标及阶段性目标",
            "目标表 总目标及阶段性目标",
            Text,
            TT,
            "objectives",
        ),
        col(
            "总分·分值",
            "自评表 总分行的分值（通常 100）",
            Decimal,
            SE,
            "total/weight",
        ),
        col("总分·得分", "自评表 总分", Decimal, SE, "total/score"),
        col(
            "评分等级",
            "自评表 评分等级：优（≥90）、良（80–89.99）、中（60–79.99）、差（<60）",
            Text,
            SE,
            "grade",
        ),
        col(
            "附加字段",
            "表上其他内容（JSON 对象），原样保留；一般留空",
            Extra,
            all,
            "",
        ),
    ]);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_unique() {
        for cols in [project_columns(), indicator_columns()] {
            let mut seen = std::collections::HashSet::new();
            for c in cols {
                assert!(seen.insert(&c.header), "duplicate header {}", c.header);
            }
        }
    }

    #[test]
    fn every_kind_has_project_name() {
        let c = project_columns()
            .iter()
            .find(|c| c.header == "项目名称")
            .unwrap();
        assert!(FormKind::ALL
            .into_iter()
            .all(|k| c.path(k) == Some("project_name")));
    }
}
