//! Finding forms on a sheet by their labels and reading their fields.

use std::ops::Range;

use rust_decimal::Decimal;

use super::rules::{
    denormalise, fix_fraction_rate, funding_column, indicator_column, IndicatorColumn,
};
use super::sheet::{Pos, Sheet, Val};
use crate::model::{Form, FormKind, IndicatorValue};
use crate::model::{
    FundingRow, ScoredIndicator, SelfEvaluation, TargetDeclaration, TargetIndicator, TargetTable,
};
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

/// Field names of a funding row's columns, in [`funding_column`]'s order.
const FUNDING_FIELDS: [&str; 6] = [
    "initial_budget",
    "annual_budget",
    "executed",
    "weight",
    "execution_rate",
    "score",
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
    // A collection title above the first form (…项目绩效目标汇总表) titles the document.
    if let (None, Some(&(first, Some(_), _))) = (&out.document.title, starts.first()) {
        if let Some(p) = sheet.find(0..first, |l| l.ends_with("汇总表")) {
            out.document.title = Some(sheet.value(p).text());
        }
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

    /// Text right of a label, or after the colon when label and value share
    /// a cell (`申报单位名称：上海市…`, as the 2020 form prints it).
    fn text(&mut self, field: &str, label: &str) -> Option<String> {
        match self.find(|l| l == label) {
            Some(at) => {
                let pos = self.right_of(at)?;
                self.text_at(field, pos)
            }
            None => self.inline(field, label),
        }
    }

    /// Text below a label (goal texts).
    fn text_below(&mut self, field: &str, label: &str) -> Option<String> {
        let at = self.find(|l| l == label)?;
        let pos = self.below(at)?;
        self.text_at(field, pos)
    }

    fn inline(&mut self, field: &str, label: &str) -> Option<String> {
        let at = self.find(|l| {
            l.strip_prefix(label)
                .is_some_and(|rest| rest.trim_start_matches('*').starts_with(':'))
        })?;
        let raw = self.sheet.value(at).text();
        let value = raw.split_once(['：', ':'])?.1.trim();
        if is_blank(value) {
            return None;
        }
        self.places.set(field, self.sheet.place(at));
        Some(value.to_string())
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
        self.text(field, label).map(|d| normalize_date(&d))
    }

    fn number_at(&mut self, field: &str, pos: Pos) -> Result<Option<Decimal>, ReadError> {
        let value = match self.sheet.value(pos) {
            Val::Empty => None,
            Val::Number(d) => Some(*d),
            Val::Text(t) => parse_number(t).map_err(|e| ReadError::Malformed {
                file: self.file.to_string(),
                place: self.sheet.place(pos),
                what: format!("{field}: {e}"),
            })?,
        };
        // A blank cell's place is kept too: a formula saved without its
        // result is blank, and is filled in and reported at its cell.
        self.places.set(field, self.sheet.place(pos));
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
        f.project_name = self.text("project_name", "项目名称");
        f.department = self.text("department", "主管部门");
        f.implementer = self.text("implementer", "实施单位");
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
                    // Each value's own cell, so findings name the cell that is
                    // wrong; the row is where its first value stands.
                    let cell_field = format!("{field}.{}", FUNDING_FIELDS[key]);
                    values[key] = self.number_at(&cell_field, (at.0, col))?;
                    if values[key].is_some() {
                        self.places.set(&field, self.sheet.place((at.0, col)));
                    }
                }
                let row = FundingRow::from_columns(values);
                *f.funding.row_mut(name).expect("known row") = fix_fraction_rate(row);
            }
        }
        f.goals.expected = self.text_below("goals.expected", "预期目标");
        f.goals.actual = self.text_below("goals.actual", "实际完成情况");
        let (rows, columns) = self.indicator_rows();
        for (i, r) in rows.iter().enumerate() {
            let field = format!("indicators[{i}]");
            let mut row = ScoredIndicator::default();
            for &(key, col) in &columns {
                let pos = (*r, col);
                match key {
                    IndicatorColumn::Actual => {
                        row.actual = self.text_at(&format!("{field}.actual"), pos)
                    }
                    IndicatorColumn::Weight => {
                        row.weight = self.number_at(&format!("{field}.weight"), pos)?
                    }
                    IndicatorColumn::Score => {
                        row.score = self.number_at(&format!("{field}.score"), pos)?
                    }
                    IndicatorColumn::Note => {
                        // A blank note is what a lost-marks finding points at.
                        let note = format!("{field}.note");
                        self.places.set(&note, self.sheet.place(pos));
                        row.note = self.text_at(&note, pos);
                    }
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
                    f.total.weight = self.number_at("total.weight", (total.0, w))?;
                    f.total.score = self.number_at("total.score", (total.0, s))?;
                }
                _ => {
                    let w = self.right_of(total);
                    f.total.weight = self.number("total.weight", Some(total))?;
                    f.total.score = self.number("total.score", w)?;
                }
            }
        }
        f.grade = self.text("grade", "评分等级");
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
        f.project_name = self.text("project_name", "项目名称");
        f.project_nature = self.text("project_nature", "项目性质");
        f.project_category = self.text("project_category", "项目类别");
        f.department = self.text("department", "主管部门");
        f.implementer = self.text("implementer", "实施单位");
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
        // 其他资金 appears twice: project side left of 年度资金申请总额, annual side under it.
        let (left, right): (Vec<Pos>, Vec<Pos>) = self
            .sheet
            .find_all(self.rows.clone(), |l| l == "其他资金")
            .into_iter()
            .partition(|p| p.1 < annual_col);
        f.funding.project_other = self.number("funding.project_other", left.first().copied())?;
        f.funding.annual_other = self.number("funding.annual_other", right.first().copied())?;
        f.goals.overall = self.text_below("goals.overall", "项目总目标");
        f.goals.annual = self.text_below("goals.annual", "年度总体目标");
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
            *slot = self.text(field, label);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_list_is_normalised() {
        for l in LABELS {
            assert_eq!(super::super::sheet::norm_label(l), *l);
        }
    }
}
