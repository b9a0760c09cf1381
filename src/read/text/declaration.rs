//! 财政项目支出绩效目标申报表 from text: header, 项目资金 block, goals,
//! indicators.

use super::cells::{bracketed, is_rule, squeeze, Line};
use super::fields::label_values;
use super::goals::{is_block_label, read_goals};
use super::indicators::{split_row, CopyDown, Family};
use super::self_eval::{funding_unit, number};
use super::{FormHead, Sink};
use crate::model::{Form, IndicatorValue, TargetDeclaration, TargetIndicator};
use crate::value::normalize_date;

const HEADER: &[(&str, &str)] = &[
    ("项目名称", "project_name"),
    ("项目性质", "project_nature"),
    ("项目类别", "project_category"),
    ("主管部门", "department"),
    ("实施单位", "implementer"),
    ("计划开始日期", "start_date"),
    ("计划完成日期", "end_date"),
];

const FUNDING: &[(&str, &str)] = &[
    ("项目资金总额", "project_total"),
    ("财政资金", "project_fiscal"),
    ("年度资金申请总额", "annual_total"),
    ("当年财政拨款", "current_appropriation"),
    ("上年结转资金", "carryover"),
    ("其他资金", "other"),
    ("项目资金", "block"),
];

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Header,
    Goals,
    Indicators,
}

/// Reads one target declaration from its lines (title line excluded).
pub(super) fn parse(lines: &[Line], head: &FormHead, sink: &mut Sink) -> Form {
    let mut form = TargetDeclaration {
        title: head.title.clone(),
        year: head.year,
        ..Default::default()
    };
    form.funding.unit = funding_unit(lines);
    let mut section = Section::Header;
    let mut goal_header: Option<&Line> = None;
    let mut goal_lines: Vec<&Line> = Vec::new();
    let mut labels = CopyDown::default();
    for line in lines {
        let sq = line.squeezed();
        if section < Section::Goals && (sq.contains("项目总目标") || sq.contains("年度总体目标"))
        {
            section = Section::Goals;
            goal_header = Some(line);
        } else if section < Section::Indicators && sq.contains("一级指标") {
            section = Section::Indicators;
        } else if line.is_blank() {
            if section == Section::Goals {
                goal_lines.push(line);
            }
        } else {
            match section {
                Section::Header => read_header_line(line, &mut form, sink),
                Section::Goals => goal_lines.push(line),
                Section::Indicators => read_indicator(line, &mut labels, &mut form, sink),
            }
        }
    }
    let goals = read_goals(goal_header, &goal_lines, "项目总目标", "年度总体目标");
    form.goals.overall = goals.left;
    form.goals.annual = goals.right;
    Form::TargetDeclaration(form)
}

fn read_header_line(line: &Line, form: &mut TargetDeclaration, sink: &mut Sink) {
    let (mut found, unplaced) = label_values(line, HEADER);
    let (funding, _) = label_values(line, FUNDING);
    if !funding.is_empty() && found.iter().all(|f| f.value.is_none()) {
        read_funding_line(line, form, sink);
        return;
    }
    for lv in found.drain(..) {
        sink.place(lv.key, line.no);
        let value = lv.value;
        match lv.key {
            "project_name" => form.project_name = value,
            "project_nature" => form.project_nature = value,
            "project_category" => form.project_category = value,
            "department" => form.department = value,
            "implementer" => form.implementer = value,
            "start_date" => form.start_date = value.map(|v| normalize_date(&v)),
            _ => form.end_date = value.map(|v| normalize_date(&v)),
        }
    }
    let stray: Vec<&str> = unplaced
        .into_iter()
        .filter(|c| !is_block_label(c))
        .collect();
    if !stray.is_empty() {
        sink.unplaced(line.no, &stray.join(" "));
    }
}

/// A line of the 项目资金 block: project-side labels on the left, annual
/// side on the right; each number belongs to the label before it.
fn read_funding_line(line: &Line, form: &mut TargetDeclaration, sink: &mut Sink) {
    let (found, _) = label_values(line, FUNDING);
    let others = found.iter().filter(|f| f.key == "other").count();
    let mut seen_other = 0;
    for lv in &found {
        let key = match lv.key {
            "block" => {
                if form.funding.unit.is_none() {
                    form.funding.unit = lv.value.as_deref().and_then(bracketed).map(str::to_string);
                }
                continue;
            }
            "other" => {
                seen_other += 1;
                // Two on a line: project side, then annual side.
                if others == 2 && seen_other == 1 {
                    "project_other"
                } else {
                    "annual_other"
                }
            }
            k => k,
        };
        let value = lv
            .value
            .as_deref()
            .and_then(|v| number(v, key, line.no, sink));
        sink.place(format!("funding.{key}"), line.no);
        let f = &mut form.funding;
        let slot = match key {
            "project_total" => &mut f.project_total,
            "project_fiscal" => &mut f.project_fiscal,
            "project_other" => &mut f.project_other,
            "annual_total" => &mut f.annual_total,
            "current_appropriation" => &mut f.current_appropriation,
            "carryover" => &mut f.carryover,
            _ => &mut f.annual_other,
        };
        if value.is_some() || slot.is_none() {
            *slot = value;
        }
    }
}

/// One indicator row: labels, name, target.
pub(super) fn read_indicator_parts(
    line: &Line,
    family: Family,
    labels: &mut CopyDown,
    sink: &mut Sink,
) -> Option<TargetIndicator> {
    let cells: Vec<String> = line.filled().map(|(_, c)| c.to_string()).collect();
    if cells.iter().all(|c| is_rule(c)) {
        return None;
    }
    let meaningful = cells
        .iter()
        .filter(|c| !matches!(&*squeeze(c), "绩效指标" | "绩效目标"))
        .count();
    if meaningful < 2 {
        sink.unplaced(line.no, &cells.join(" "));
        return None;
    }
    let parts = split_row(&cells, 2, family, line.tabbed);
    let (level1, level2) = labels.apply(family, parts.level1, parts.level2);
    let mut content = parts.content.into_iter();
    let name = content.next();
    let target = content.next();
    Some(TargetIndicator {
        level1,
        level2,
        name,
        target_parsed: target.as_deref().and_then(IndicatorValue::parse),
        target,
    })
}

fn read_indicator(
    line: &Line,
    labels: &mut CopyDown,
    form: &mut TargetDeclaration,
    sink: &mut Sink,
) {
    if let Some(row) = read_indicator_parts(line, Family::Standard, labels, sink) {
        sink.place(format!("indicators[{}]", form.indicators.len()), line.no);
        form.indicators.push(row);
    }
}
