//! 财政项目支出绩效自评表 from text: header, funding, goals, indicators,
//! 总分 and 评分等级.

use super::cells::{squeeze, Line};
use super::fields::{funding_unit, HeaderReader};
use super::goals::{is_block_label, read_goals};
use super::{FormHead, Sink};
use crate::model::{Decimal, Form, FundingRow, SelfEvaluation};
use crate::value::is_number;

const HEADER: &[(&str, &str)] = &[
    ("项目名称", "project_name"),
    ("主管部门", "department"),
    ("实施单位", "implementer"),
];

const GRADES: &[&str] = &["优", "良", "中", "差"];

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Header,
    Funding,
    Goals,
    Indicators,
    Tail,
}

/// Reads one self-evaluation form from its lines (title line excluded).
pub(super) fn parse(lines: &[Line], head: &FormHead, sink: &mut Sink) -> Form {
    let mut form = SelfEvaluation {
        title: head.title.clone(),
        year: head.year,
        ..Default::default()
    };
    form.funding.unit = funding_unit(lines);
    let mut section = Section::Header;
    let mut header = HeaderReader::default();
    let mut goal_header: Option<&Line> = None;
    let mut goal_lines: Vec<&Line> = Vec::new();
    let mut table: Vec<&Line> = Vec::new();
    let mut table_tabbed = false;
    for line in lines {
        let sq = line.squeezed();
        let first = line
            .filled()
            .next()
            .map(|(_, c)| squeeze(c))
            .unwrap_or_default();
        if section < Section::Funding && sq.contains("年初预算数") {
            section = Section::Funding;
        } else if section < Section::Goals && sq.contains("预期目标") {
            section = Section::Goals;
            goal_header = Some(line);
        } else if section < Section::Indicators
            && sq.contains("一级指标")
            && sq.contains("三级指标")
        {
            section = Section::Indicators;
            table_tabbed = line.tabbed;
        } else if first.starts_with("总分") {
            section = Section::Tail;
            read_total(line, &mut form, sink);
        } else if first.starts_with("评分等级") {
            section = Section::Tail;
            read_grade(line, &mut form, sink);
        } else if section == Section::Goals {
            goal_lines.push(line);
        } else if line.is_blank() {
        } else {
            match section {
                Section::Header => read_header(&mut header, line, &mut form, sink),
                Section::Funding => read_funding_row(line, &mut form, sink),
                Section::Indicators => table.push(line),
                Section::Tail => read_tail(line, &mut form, sink),
                Section::Goals => unreachable!("goal lines are collected above"),
            }
        }
    }
    let goals = read_goals(goal_header, &goal_lines, "预期目标", "实际完成情况");
    form.goals.expected = goals.left;
    form.goals.actual = goals.right;
    if let Some(l) = goal_lines.iter().find(|l| !l.is_blank()) {
        sink.place("goals", l.no);
    }
    super::scored::read_indicators(&table, table_tabbed, &mut form, sink);
    Form::SelfEvaluation(form)
}

fn read_header(header: &mut HeaderReader, line: &Line, form: &mut SelfEvaluation, sink: &mut Sink) {
    for item in header.read(line, HEADER, sink) {
        let slot = match item.key {
            "project_name" => &mut form.project_name,
            "department" => &mut form.department,
            _ => &mut form.implementer,
        };
        item.apply_to(slot);
    }
}

/// Which funding row a label names.
fn funding_row_name(label: &str) -> Option<&'static str> {
    let l = squeeze(label);
    if l.contains("资金总额") {
        Some("total")
    } else if l.contains("财政拨款") {
        Some("current_appropriation")
    } else if l.contains("上年结转") {
        Some("carryover")
    } else if l.contains("其他资金") {
        Some("other")
    } else {
        None
    }
}

fn read_funding_row(line: &Line, form: &mut SelfEvaluation, sink: &mut Sink) {
    let Some((idx, name)) = line
        .filled()
        .find_map(|(i, c)| funding_row_name(c).map(|n| (i, n)))
    else {
        let stray: Vec<&str> = line
            .filled()
            .map(|(_, c)| c)
            .filter(|c| !is_block_label(c))
            .collect();
        if !stray.is_empty() {
            sink.unplaced(line.no, &stray.join(" "));
        }
        return;
    };
    // Values by column meaning: the six columns after the label, with blanks
    // left by merged cells dropped in front and missing ones at the end.
    let mut values: Vec<&str> = line.cells().skip(idx + 1).collect();
    while values.last().is_some_and(|v| v.is_empty()) {
        values.pop();
    }
    while values.len() > 6 && values.first().is_some_and(|v| v.is_empty()) {
        values.remove(0);
    }
    if values.len() > 6 {
        sink.warn(
            line.no,
            format!(
                "资金行有 {} 个数，应为 6 个；多出的未使用：{:?}",
                values.len(),
                &values[6..]
            ),
        );
    }
    const COLUMNS: [&str; 6] = [
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ];
    let mut parsed: [Option<Decimal>; 6] = [None; 6];
    for (k, v) in values.iter().take(6).enumerate() {
        parsed[k] = sink.number(v, COLUMNS[k], line.no);
    }
    sink.place(format!("funding.{name}"), line.no);
    if let Some(row) = form.funding.row_mut(name) {
        *row = FundingRow::from_columns(parsed);
    }
}

fn read_total(line: &Line, form: &mut SelfEvaluation, sink: &mut Sink) {
    let cells: Vec<&str> = line.filled().skip(1).map(|(_, c)| c).collect();
    // 评分等级 may share the 总分 line: 总分 100 99.45 评分等级 优.
    let grade_at = cells.iter().position(|c| c.starts_with("评分等级"));
    let numbers = &cells[..grade_at.unwrap_or(cells.len())];
    let nums: Vec<&str> = numbers.iter().copied().filter(|c| is_number(c)).collect();
    sink.place("total", line.no);
    let total = &mut form.total;
    match nums.as_slice() {
        [w, s, ..] => {
            total.weight = sink.number(w, "总分 分值", line.no);
            total.score = sink.number(s, "总分 得分", line.no);
        }
        [s] => total.score = sink.number(s, "总分 得分", line.no),
        [] => sink.warn(line.no, "总分行没有数字"),
    }
    if let Some(g) = grade_at {
        sink.place("grade", line.no);
        let rest = cells[g]
            .trim_start_matches("评分等级")
            .trim_start_matches([':', '：']);
        form.grade = if rest.is_empty() {
            cells.get(g + 1).map(|c| c.to_string())
        } else {
            Some(rest.to_string())
        };
    }
}

fn read_grade(line: &Line, form: &mut SelfEvaluation, sink: &mut Sink) {
    sink.place("grade", line.no);
    let first = line.filled().next().map(|(_, c)| c).unwrap_or_default();
    let rest = first.trim_start_matches(|c: char| "评分等级：: ".contains(c));
    form.grade = if rest.is_empty() {
        line.filled().nth(1).map(|(_, c)| c.to_string())
    } else {
        Some(rest.to_string())
    };
}

/// After 总分: a grade with a missing label, or stray text.
fn read_tail(line: &Line, form: &mut SelfEvaluation, sink: &mut Sink) {
    let cells: Vec<&str> = line.filled().map(|(_, c)| c).collect();
    if let [g] = cells.as_slice() {
        if GRADES.contains(g) && form.grade.is_none() {
            sink.place("grade", line.no);
            form.grade = Some(g.to_string());
            return;
        }
    }
    sink.unplaced(line.no, &cells.join(" "));
}
