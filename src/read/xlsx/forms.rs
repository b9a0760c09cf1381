//! Finding forms on a sheet by their labels and reading their fields.

use std::ops::Range;

use rust_decimal::Decimal;

use super::sheet::{Pos, Sheet, Val};
use crate::model::{
    taxonomy, FundingRow, ScoredIndicator, SelfEvaluation, TargetDeclaration, TargetIndicator,
    TargetTable,
};
use crate::model::{Form, FormKind, IndicatorValue};
use crate::read::{Places, ReadError, ReadOutput};
use crate::value::{find_year, is_blank, normalize_date, parse_number};

/// Labels that are never values: reading right of a label stops at them.
const LABELS: &[&str] = &[
    "项目名称",
    "主管部门",
    "实施单位",
    "项目性质",
    "项目类别",
    "计划开始日期",
    "计划完成日期",
    "项目资金总额",
    "其中:财政资金",
    "其他资金",
    "年度资金申请总额",
    "其中:当年财政拨款",
    "上年结转资金",
    "年度资金总额",
    "项目总目标",
    "年度总体目标",
    "预期目标",
    "实际完成情况",
    "总分",
    "评分等级",
    "申报单位名称",
    "是否含有政府购买服务",
    "绩效类型",
    "项目概况",
    "立项依据",
    "项目设立的必要性",
    "保证项目实施的制度、措施",
    "项目实施计划",
    "总目标及阶段性目标",
    "一级指标",
    "一级目标",
];

fn is_label(l: &str) -> bool {
    LABELS.contains(&l)
        || [
            "项目资金(",
            "项目总预算",
            "项目当年预算",
            "同名项目上年预算",
        ]
        .iter()
        .any(|p| l.starts_with(p))
}

/// The form kind a title names, if it is a form title.
fn title_kind(label: &str) -> Option<FormKind> {
    if label.contains("自评表") || label.contains("自我评价") {
        Some(FormKind::SelfEvaluation)
    } else if label.contains("目标申报表") {
        Some(FormKind::TargetDeclaration)
    } else if label.contains("绩效目标表") {
        Some(FormKind::TargetTable)
    } else {
        None
    }
}

/// Reads every form on a sheet into `out`; returns how many were found.
pub(super) fn read_sheet(
    sheet: &Sheet,
    file: &str,
    out: &mut ReadOutput,
) -> Result<usize, ReadError> {
    let mut starts: Vec<(usize, Option<Pos>, Option<FormKind>)> = Vec::new();
    for r in 0..sheet.height() {
        if let Some(p) = sheet.find(r..r + 1, |l| {
            title_kind(l).is_some() && l.chars().count() < 40
        }) {
            starts.push((r, Some(p), title_kind(sheet.label(p))));
        }
    }
    if starts.is_empty() && sheet.find(0..sheet.height(), |l| l == "项目名称").is_some() {
        starts.push((0, None, None));
    }
    for (i, &(first, title, kind)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(sheet.height(), |s| s.0);
        let mut ctx = Ctx {
            sheet,
            rows: first..end,
            file,
            places: Places::default(),
        };
        ctx.places.start = Some(sheet.place(title.unwrap_or((first, 0))));
        let kind = kind.unwrap_or_else(|| ctx.guess_kind());
        let title = title.map(|p| sheet.value(p).text());
        let year = (first..(first + 3).min(end))
            .flat_map(|r| (0..sheet.width()).map(move |c| (r, c)))
            .find_map(|p| find_year(&sheet.value(p).text()));
        let form = match kind {
            FormKind::SelfEvaluation => Form::SelfEvaluation(ctx.self_evaluation(title, year)?),
            FormKind::TargetDeclaration => Form::TargetDeclaration(ctx.declaration(title, year)?),
            FormKind::TargetTable => Form::TargetTable(ctx.target_table(title, year)?),
        };
        out.document.forms.push(form);
        out.places.push(ctx.places);
    }
    Ok(starts.len())
}

struct Ctx<'a> {
    sheet: &'a Sheet,
    rows: Range<usize>,
    file: &'a str,
    places: Places,
}

impl Ctx<'_> {
    fn guess_kind(&self) -> FormKind {
        let has = |want: &str| self.find(|l| l == want).is_some();
        if has("实际完成值") || has("评分等级") || has("年初预算数") {
            FormKind::SelfEvaluation
        } else if has("申报单位名称") || has("一级目标") {
            FormKind::TargetTable
        } else {
            FormKind::TargetDeclaration
        }
    }

    fn find(&self, pred: impl Fn(&str) -> bool) -> Option<Pos> {
        self.sheet.find(self.rows.clone(), pred)
    }

    /// The value cell right of a label: the next non-empty cell in the row,
    /// unless another label comes first.
    fn right_of(&self, label: Pos) -> Option<Pos> {
        let cells = self.sheet.row_cells(label.0);
        let me = self.sheet.owner(label);
        cells
            .into_iter()
            .filter(|&p| p.1 > label.1 && self.sheet.owner(p) != me)
            .map(|p| (p, self.sheet.label(self.sheet.owner(p))))
            .find(|(p, l)| is_label(l) || !self.sheet.value(*p).is_empty())
            .filter(|(_, l)| !is_label(l))
            .map(|(p, _)| p)
    }

    /// The value cell below a label (goal texts): the first row past the
    /// label's own merged cell, in the label's column.
    fn below(&self, label: Pos) -> Option<Pos> {
        let me = self.sheet.owner(label);
        (label.0 + 1..self.rows.end)
            .map(|r| (r, label.1))
            .find(|&p| self.sheet.owner(p) != me)
            .filter(|&p| !self.sheet.value(p).is_empty())
    }

    /// Text right of (or below) the first label satisfying `pred`.
    fn text(&mut self, field: &str, pred: impl Fn(&str) -> bool, below: bool) -> Option<String> {
        let label = self.find(pred)?;
        let pos = if below {
            self.below(label)
        } else {
            self.right_of(label)
        }?;
        self.text_at(field, pos)
    }

    fn text_at(&mut self, field: &str, pos: Pos) -> Option<String> {
        let text = self.sheet.value(pos).text();
        if is_blank(&text) {
            return None;
        }
        self.places.set(field, self.sheet.place(pos));
        Some(text)
    }

    fn date(&mut self, field: &str, label: &str) -> Option<String> {
        self.text(field, |l| l == label, false)
            .map(|d| normalize_date(&d))
    }

    fn number_at(&mut self, field: &str, pos: Pos) -> Result<Option<Decimal>, ReadError> {
        let value = match self.sheet.value(pos) {
            Val::Empty => None,
            Val::Num(d) => Some(*d),
            Val::Text(t) => parse_number(t).map_err(|e| ReadError::Malformed {
                file: self.file.to_string(),
                place: self.sheet.place(pos),
                what: format!("{field}: {e}"),
            })?,
        };
        if value.is_some() {
            self.places.set(field, self.sheet.place(pos));
        }
        Ok(value)
    }

    fn number(&mut self, field: &str, label: Option<Pos>) -> Result<Option<Decimal>, ReadError> {
        match label.and_then(|l| self.right_of(l)) {
            Some(pos) => self.number_at(field, pos),
            None => Ok(None),
        }
    }

    /// The unit in a label such as `项目资金（万元）`.
    fn unit(&self, prefix: &str) -> Option<String> {
        let label = self.find(|l| l.starts_with(prefix) && l.contains('('))?;
        let l = self.sheet.label(label);
        let inner = l.split_once('(')?.1.split_once(')')?.0;
        (!inner.is_empty()).then(|| inner.to_string())
    }

    fn self_evaluation(
        &mut self,
        title: Option<String>,
        year: Option<i32>,
    ) -> Result<SelfEvaluation, ReadError> {
        let mut f = SelfEvaluation {
            title,
            year,
            ..Default::default()
        };
        f.project_name = self.text("project_name", |l| l == "项目名称", false);
        f.department = self.text("department", |l| l == "主管部门", false);
        f.implementer = self.text("implementer", |l| l == "实施单位", false);
        f.funding.unit = self.unit("项目资金");
        if let Some(header) = self.find(|l| l == "年初预算数" || l == "全年预算数") {
            let columns = self.columns(header.0, funding_column);
            for (name, label) in [
                ("total", "年度资金总额"),
                ("current_appropriation", "当年财政拨款"),
                ("carryover", "上年结转资金"),
                ("other", "其他资金"),
            ] {
                let rows = header.0 + 1..(header.0 + 8).min(self.rows.end);
                let Some(at) = self.sheet.find(rows, |l| l.ends_with(label)) else {
                    continue;
                };
                let field = format!("funding.{name}");
                let mut values = [None; 6];
                for &(key, col) in &columns {
                    values[key] = self.number_at(&field, (at.0, col))?;
                }
                let row = FundingRow::from_columns(values);
                *f.funding.row_mut(name).expect("known row") = fix_fraction_rate(row);
            }
        }
        f.goals.expected = self.text("goals.expected", |l| l == "预期目标", true);
        f.goals.actual = self.text("goals.actual", |l| l == "实际完成情况", true);
        let (rows, columns) = self.indicator_rows();
        for (i, r) in rows.iter().enumerate() {
            let field = format!("indicators[{i}]");
            let mut row = ScoredIndicator::default();
            for &(key, col) in &columns {
                let pos = (*r, col);
                match key {
                    IndicatorColumn::Actual => row.actual = self.text_at(&field, pos),
                    IndicatorColumn::Weight => row.weight = self.number_at(&field, pos)?,
                    IndicatorColumn::Score => row.score = self.number_at(&field, pos)?,
                    IndicatorColumn::Note => row.note = self.text_at(&field, pos),
                    _ => {}
                }
            }
            let t = self.target_indicator(&field, *r, &columns);
            (row.level1, row.level2, row.name) = (t.level1, t.level2, t.name);
            (row.target, row.target_parsed) = (t.target, t.target_parsed);
            row.actual_parsed = row.actual.as_deref().and_then(IndicatorValue::parse);
            f.indicators.push(row);
        }
        denormalise(
            f.indicators
                .iter_mut()
                .map(|i| (&mut i.level1, &mut i.level2)),
        );
        if let Some(total) = self.find(|l| l == "总分") {
            let col_of = |k| columns.iter().find(|(c, _)| *c == k).map(|(_, col)| *col);
            match (
                col_of(IndicatorColumn::Weight),
                col_of(IndicatorColumn::Score),
            ) {
                (Some(w), Some(s)) => {
                    f.total.weight = self.number_at("total", (total.0, w))?;
                    f.total.score = self.number_at("total", (total.0, s))?;
                }
                _ => {
                    let w = self.right_of(total);
                    f.total.weight = self.number("total", Some(total))?;
                    f.total.score = self.number("total", w)?;
                }
            }
        }
        f.grade = self.text("grade", |l| l == "评分等级", false);
        Ok(f)
    }

    fn declaration(
        &mut self,
        title: Option<String>,
        year: Option<i32>,
    ) -> Result<TargetDeclaration, ReadError> {
        let mut f = TargetDeclaration {
            title,
            year,
            ..Default::default()
        };
        f.project_name = self.text("project_name", |l| l == "项目名称", false);
        f.project_nature = self.text("project_nature", |l| l == "项目性质", false);
        f.project_category = self.text("project_category", |l| l == "项目类别", false);
        f.department = self.text("department", |l| l == "主管部门", false);
        f.implementer = self.text("implementer", |l| l == "实施单位", false);
        f.start_date = self.date("start_date", "计划开始日期");
        f.end_date = self.date("end_date", "计划完成日期");
        f.funding.unit = self.unit("项目资金");
        let annual = self.find(|l| l == "年度资金申请总额");
        let annual_col = annual.map_or(usize::MAX, |p| p.1);
        let fund = &mut f.funding;
        fund.project_total =
            self.number("funding.project_total", self.find(|l| l == "项目资金总额"))?;
        fund.project_fiscal = self.number(
            "funding.project_fiscal",
            self.find(|l| l.ends_with("财政资金")),
        )?;
        fund.annual_total = self.number("funding.annual_total", annual)?;
        fund.current_appropriation = self.number(
            "funding.current_appropriation",
            self.find(|l| l.ends_with("当年财政拨款")),
        )?;
        fund.carryover = self.number("funding.carryover", self.find(|l| l == "上年结转资金"))?;
        let other = |left: bool| move |p: &Pos| (p.1 < annual_col) == left;
        let mut others_all = Vec::new();
        for r in self.rows.clone() {
            for c in 0..self.sheet.width() {
                if self.sheet.owner((r, c)) == (r, c) && self.sheet.label((r, c)) == "其他资金"
                {
                    others_all.push((r, c));
                }
            }
        }
        f.funding.project_other = self.number(
            "funding.project_other",
            others_all.iter().copied().find(other(true)),
        )?;
        f.funding.annual_other = self.number(
            "funding.annual_other",
            others_all.iter().copied().find(other(false)),
        )?;
        f.goals.overall = self.text("goals.overall", |l| l == "项目总目标", true);
        f.goals.annual = self.text("goals.annual", |l| l == "年度总体目标", true);
        f.indicators = self.target_indicators();
        Ok(f)
    }

    fn target_table(
        &mut self,
        title: Option<String>,
        year: Option<i32>,
    ) -> Result<TargetTable, ReadError> {
        let mut f = TargetTable {
            title,
            year,
            ..Default::default()
        };
        let fields: [(&str, &str, &mut Option<String>); 12] = [
            ("applicant", "申报单位名称", &mut f.applicant),
            ("project_name", "项目名称", &mut f.project_name),
            ("project_category", "项目类别", &mut f.project_category),
            (
                "includes_procurement",
                "是否含有政府购买服务",
                &mut f.includes_procurement,
            ),
            ("performance_type", "绩效类型", &mut f.performance_type),
            ("overview", "项目概况", &mut f.overview),
            ("basis", "立项依据", &mut f.basis),
            ("necessity", "项目设立的必要性", &mut f.necessity),
            ("safeguards", "保证项目实施的制度、措施", &mut f.safeguards),
            ("plan", "项目实施计划", &mut f.plan),
            ("objectives", "总目标及阶段性目标", &mut f.objectives),
            ("start_date", "计划开始日期", &mut f.start_date),
        ];
        for (field, label, slot) in fields {
            *slot = self.text(field, |l| l == label, false);
        }
        f.start_date = f.start_date.map(|d| normalize_date(&d));
        f.end_date = self.date("end_date", "计划完成日期");
        f.prior_funding.unit = self.unit("项目总预算");
        let p = &mut f.prior_funding;
        p.total_budget = self.number(
            "prior_funding.total_budget",
            self.find(|l| l.starts_with("项目总预算")),
        )?;
        p.current_budget = self.number(
            "prior_funding.current_budget",
            self.find(|l| l.starts_with("项目当年预算")),
        )?;
        p.prior_budget = self.number(
            "prior_funding.prior_budget",
            self.find(|l| l.starts_with("同名项目上年预算额")),
        )?;
        p.prior_executed = self.number(
            "prior_funding.prior_executed",
            self.find(|l| l.starts_with("同名项目上年预算执行数")),
        )?;
        f.indicators = self.target_indicators();
        Ok(f)
    }

    /// Column keys of a header row, by label.
    fn columns<K>(&self, row: usize, key: impl Fn(&str) -> Option<K>) -> Vec<(K, usize)> {
        self.sheet
            .row_cells(row)
            .into_iter()
            .filter(|&p| self.sheet.owner(p).0 == row)
            .filter_map(|p| key(self.sheet.label(self.sheet.owner(p))).map(|k| (k, p.1)))
            .collect()
    }

    /// The indicator table's data rows and its column map.
    fn indicator_rows(&self) -> (Vec<usize>, Vec<(IndicatorColumn, usize)>) {
        let Some(header) = self.find(|l| l == "一级指标" || l == "一级目标") else {
            return (Vec::new(), Vec::new());
        };
        let columns = self.columns(header.0, indicator_column);
        let col_of = |k| columns.iter().find(|(c, _)| *c == k).map(|(_, col)| *col);
        let header_end = (header.0..self.rows.end)
            .take_while(|&r| self.sheet.owner((r, header.1)) == self.sheet.owner(header))
            .last()
            .unwrap_or(header.0);
        let mut rows = Vec::new();
        for r in header_end + 1..self.rows.end {
            let labels: Vec<&str> = self
                .sheet
                .row_cells(r)
                .into_iter()
                .map(|p| self.sheet.label(p))
                .collect();
            if labels.iter().any(|l| *l == "总分" || *l == "评分等级") {
                break;
            }
            let repeated_header = col_of(IndicatorColumn::Level1).is_some_and(|c| {
                matches!(
                    self.sheet.label(self.sheet.owner((r, c))),
                    "一级指标" | "一级目标"
                ) && self.sheet.owner((r, c)).0 == r
            });
            let own =
                |c: usize| self.sheet.owner((r, c)).0 == r && !self.sheet.value((r, c)).is_empty();
            let has_content = columns
                .iter()
                .filter(|(k, _)| !matches!(k, IndicatorColumn::Level1 | IndicatorColumn::Level2))
                .any(|&(_, c)| own(c));
            if !repeated_header && has_content {
                rows.push(r);
            }
        }
        (rows, columns)
    }

    fn target_indicator(
        &mut self,
        field: &str,
        r: usize,
        columns: &[(IndicatorColumn, usize)],
    ) -> TargetIndicator {
        let mut row = TargetIndicator::default();
        for &(key, col) in columns {
            let pos = (r, col);
            match key {
                IndicatorColumn::Level1 => row.level1 = self.text_at(field, pos),
                IndicatorColumn::Level2 => row.level2 = self.text_at(field, pos),
                IndicatorColumn::Name => row.name = self.text_at(field, pos),
                IndicatorColumn::Target => row.target = self.text_at(field, pos),
                _ => {}
            }
        }
        row.target_parsed = row.target.as_deref().and_then(IndicatorValue::parse);
        row
    }

    fn target_indicators(&mut self) -> Vec<TargetIndicator> {
        let (rows, columns) = self.indicator_rows();
        let mut out: Vec<TargetIndicator> = rows
            .iter()
            .enumerate()
            .map(|(i, &r)| self.target_indicator(&format!("indicators[{i}]"), r, &columns))
            .collect();
        denormalise(out.iter_mut().map(|i| (&mut i.level1, &mut i.level2)));
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IndicatorColumn {
    Level1,
    Level2,
    Name,
    Target,
    Actual,
    Weight,
    Score,
    Note,
}

fn indicator_column(l: &str) -> Option<IndicatorColumn> {
    Some(match l {
        "一级指标" | "一级目标" => IndicatorColumn::Level1,
        "二级指标" | "二级目标" => IndicatorColumn::Level2,
        "三级指标" | "三级目标" => IndicatorColumn::Name,
        "实际完成值" => IndicatorColumn::Actual,
        "分值" | "分数" => IndicatorColumn::Weight,
        "得分" => IndicatorColumn::Score,
        _ if l.starts_with("偏差原因") => IndicatorColumn::Note,
        _ if l.contains("指标值") || l.contains("目标值") => IndicatorColumn::Target,
        _ => return None,
    })
}

fn funding_column(l: &str) -> Option<usize> {
    Some(match l {
        "年初预算数" => 0,
        "全年预算数" => 1,
        "全年执行数" => 2,
        "分值" | "分数" => 3,
        "得分" => 5,
        _ if l.starts_with("执行率") => 4,
        _ => return None,
    })
}

/// A rate stored as a fraction without a percent format (.xls/.ods lose
/// formats): when executed / budget × 100 matches rate × 100, use that.
fn fix_fraction_rate(mut row: FundingRow) -> FundingRow {
    if let (Some(rate), Some(budget), Some(exec)) =
        (row.execution_rate, row.annual_budget, row.executed)
    {
        if !budget.is_zero() && rate <= Decimal::ONE && rate > Decimal::ZERO {
            let percent = exec / budget * Decimal::ONE_HUNDRED;
            let as_percent = rate * Decimal::ONE_HUNDRED;
            if percent > Decimal::ONE && (percent - as_percent).abs() < Decimal::new(5, 1) {
                row.execution_rate = Some(as_percent.normalize());
            }
        }
    }
    row
}

/// Copies merged labels down (the JSON contract's rule): a row with no
/// level-1 label takes the one above, or the standard parent of its own
/// level-2 label when that differs; a row with no labels copies both, and
/// so does a row whose level-1 label continues the one above.
fn denormalise<'a>(rows: impl Iterator<Item = (&'a mut Option<String>, &'a mut Option<String>)>) {
    let (mut last1, mut last2): (Option<String>, Option<String>) = (None, None);
    for (l1, l2) in rows {
        match (l1.is_some(), l2.is_some()) {
            (false, false) => {
                *l1 = last1.clone();
                *l2 = last2.clone();
            }
            (false, true) => {
                let parent = l2.as_deref().and_then(taxonomy::parent_of);
                *l1 = match parent {
                    Some(p) if last1.as_deref() != Some(p) => Some(p.to_string()),
                    _ => last1.clone(),
                };
            }
            // A level-1 label merged down (or repeated) over a level-2 label
            // written once: the level-2 label continues too.
            (true, false) if *l1 == last1 => *l2 = last2.clone(),
            _ => {}
        }
        last1 = l1.clone();
        last2 = l2.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_list_is_normalised() {
        for l in LABELS {
            assert_eq!(super::super::sheet::norm_label(l), *l);
        }
    }

    #[test]
    fn merged_labels_copy_down_with_taxonomy() {
        let mut rows = [
            (Some("产出指标".to_string()), Some("数量指标".to_string())),
            (None, None),
            (None, Some("社会效益指标".to_string())),
        ];
        denormalise(rows.iter_mut().map(|(a, b)| (a, b)));
        assert_eq!(rows[1], (Some("产出指标".into()), Some("数量指标".into())));
        assert_eq!(rows[2].0.as_deref(), Some("效益指标"));
    }

    #[test]
    fn fraction_rates_become_percent() {
        let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
        let row = FundingRow {
            annual_budget: d("24.88"),
            executed: d("21.38"),
            execution_rate: d("0.8593"),
            ..Default::default()
        };
        assert_eq!(fix_fraction_rate(row).execution_rate, d("85.93"));
    }
}
