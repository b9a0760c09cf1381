//! 财政项目支出绩效目标申报表 from text: header, 项目资金 block, goals,
//! indicators.

use super::cells::{bracketed, Line};
use super::fields::funding_unit;
use super::fields::{label_values, HeaderReader};
use super::goals::read_goals;
use super::indicators::Family;
use super::rows::TargetRows;
use super::{FormHead, Sink};
use crate::model::{Form, TargetDeclaration};
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
    let mut header = HeaderReader::default();
    let mut goal_header: Option<&Line> = None;
    let mut goal_lines: Vec<&Line> = Vec::new();
    let mut rows: Option<TargetRows> = None;
    for line in lines {
        let sq = line.squeezed();
        if section < Section::Goals && (sq.contains("项目总目标") || sq.contains("年度总体目标"))
        {
            section = Section::Goals;
            goal_header = Some(line);
        } else if section < Section::Indicators && sq.contains("一级指标") {
            section = Section::Indicators;
            rows = Some(TargetRows::new(Family::Standard, line));
        } else if line.is_blank() {
            if section == Section::Goals {
                goal_lines.push(line);
            }
        } else {
            match section {
                Section::Header => read_header_line(&mut header, line, &mut form, sink),
                Section::Goals => goal_lines.push(line),
                Section::Indicators => {
                    if let Some((no, row)) = rows.as_mut().and_then(|r| r.feed(line, sink)) {
                        sink.place_indicator(form.indicators.len(), no);
                        form.indicators.push(row);
                    }
                }
            }
        }
    }
    if let Some(rows) = rows {
        rows.finish(sink);
    }
    let goals = read_goals(goal_header, &goal_lines, "项目总目标", "年度总体目标");
    form.goals.overall = goals.left;
    form.goals.annual = goals.right;
    Form::TargetDeclaration(form)
}

fn read_header_line(
    header: &mut HeaderReader,
    line: &Line,
    form: &mut TargetDeclaration,
    sink: &mut Sink,
) {
    if line.squeezed().contains("资金") {
        let (found, _) = label_values(line, HEADER);
        let (funding, _) = label_values(line, FUNDING);
        if !funding.is_empty() && found.iter().all(|f| f.value.is_none()) {
            read_funding_line(line, form, sink);
            return;
        }
    }
    for item in header.read(line, HEADER, sink) {
        let f = &mut *form;
        let slot = match item.key {
            "project_name" => &mut f.project_name,
            "project_nature" => &mut f.project_nature,
            "project_category" => &mut f.project_category,
            "department" => &mut f.department,
            "implementer" => &mut f.implementer,
            "start_date" => &mut f.start_date,
            _ => &mut f.end_date,
        };
        item.apply_to(slot);
    }
    // Dates are normalised once whole (a wrapped date is joined first).
    for date in [&mut form.start_date, &mut form.end_date] {
        *date = date.take().map(|d| normalize_date(&d));
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
            .and_then(|v| sink.number(v, key, line.no));
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
