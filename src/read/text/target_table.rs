//! 财政项目支出绩效目标表 (the 2020 layout) from text.

use super::cells::{bracketed, join_wrapped, Line};
use super::fields::label_values;
use super::indicators::Family;
use super::rows::TargetRows;
use super::{FormHead, Sink};
use crate::model::{Form, TargetTable};
use crate::value::normalize_date;

const LABELS: &[(&str, &str)] = &[
    ("申报单位名称", "applicant"),
    ("项目名称", "project_name"),
    ("项目类别", "project_category"),
    ("计划开始日期", "start_date"),
    ("计划完成日期", "end_date"),
    ("是否含有政府购买服务", "includes_procurement"),
    ("绩效类型", "performance_type"),
    ("项目概况", "overview"),
    ("立项依据", "basis"),
    ("项目设立的必要性", "necessity"),
    ("保证项目实施的制度、措施", "safeguards"),
    ("项目实施计划", "plan"),
    ("总目标及阶段性目标", "objectives"),
    ("项目总预算", "total_budget"),
    ("项目当年预算", "current_budget"),
    ("同名项目上年预算额", "prior_budget"),
    ("同名项目上年预算执行数", "prior_executed"),
];

/// Fields whose text may continue on following lines.
const LONG_TEXT: &[&str] = &[
    "overview",
    "basis",
    "necessity",
    "safeguards",
    "plan",
    "objectives",
];

/// Reads one 2020 target table from its lines (title line excluded).
pub(super) fn parse(lines: &[Line], head: &FormHead, sink: &mut Sink) -> Form {
    let mut form = TargetTable {
        title: head.title.clone(),
        year: head.year,
        ..Default::default()
    };
    let mut table: Option<TargetRows> = None;
    let mut last_key: Option<&'static str> = None;
    for line in lines.iter().filter(|l| !l.is_blank()) {
        let sq = line.squeezed();
        if table.is_none() && sq.contains("一级目标") {
            table = Some(TargetRows::new(Family::Table2020, line));
            continue;
        }
        if let Some(rows) = table.as_mut() {
            if let Some((no, row)) = rows.feed(line, sink) {
                sink.place_indicator(form.indicators.len(), no);
                form.indicators.push(row);
            }
            continue;
        }
        // Section captions carry no value.
        if sq.contains("上年度") && sq.ends_with("使用情况")
            || sq.ends_with("绩效目标") && sq.chars().count() <= 12
        {
            last_key = None;
            continue;
        }
        let (found, unplaced) = label_values(line, LABELS);
        if found.is_empty() {
            match last_key.filter(|k| LONG_TEXT.contains(k)) {
                Some(key) => append(&mut form, key, line.text()),
                None => sink.unplaced(line.no, &unplaced.join(" ")),
            }
            continue;
        }
        if !unplaced.is_empty() {
            sink.unplaced(line.no, &unplaced.join(" "));
        }
        for lv in found {
            sink.place(lv.key, line.no);
            last_key = Some(lv.key);
            if form.prior_funding.unit.is_none()
                && matches!(
                    lv.key,
                    "total_budget" | "current_budget" | "prior_budget" | "prior_executed"
                )
            {
                let cell = line.cell(lv.col);
                form.prior_funding.unit = bracketed(cell).map(str::to_string);
            }
            set(&mut form, lv.key, lv.value, line.no, sink);
        }
    }
    if let Some(rows) = table {
        rows.finish(sink);
    }
    Form::TargetTable(form)
}

fn set(form: &mut TargetTable, key: &str, value: Option<String>, line: usize, sink: &mut Sink) {
    let p = &mut form.prior_funding;
    match key {
        "total_budget" => p.total_budget = value.and_then(|v| sink.number(&v, "项目总预算", line)),
        "current_budget" => {
            p.current_budget = value.and_then(|v| sink.number(&v, "项目当年预算", line))
        }
        "prior_budget" => {
            p.prior_budget = value.and_then(|v| sink.number(&v, "同名项目上年预算额", line))
        }
        "prior_executed" => {
            p.prior_executed = value.and_then(|v| sink.number(&v, "同名项目上年预算执行数", line))
        }
        "start_date" => form.start_date = value.map(|v| normalize_date(&v)),
        "end_date" => form.end_date = value.map(|v| normalize_date(&v)),
        _ => *text_slot(form, key) = value,
    }
}

fn text_slot<'a>(form: &'a mut TargetTable, key: &str) -> &'a mut Option<String> {
    match key {
        "applicant" => &mut form.applicant,
        "project_name" => &mut form.project_name,
        "project_category" => &mut form.project_category,
        "includes_procurement" => &mut form.includes_procurement,
        "performance_type" => &mut form.performance_type,
        "overview" => &mut form.overview,
        "basis" => &mut form.basis,
        "necessity" => &mut form.necessity,
        "safeguards" => &mut form.safeguards,
        "plan" => &mut form.plan,
        _ => &mut form.objectives,
    }
}

fn append(form: &mut TargetTable, key: &str, text: &str) {
    let slot = text_slot(form, key);
    let mut s = slot.take().unwrap_or_default();
    join_wrapped(&mut s, text);
    *slot = Some(s);
}
