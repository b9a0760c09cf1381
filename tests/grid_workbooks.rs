//! Workbooks in other provinces' layouts, made here with rust_xlsxwriter
//! (merged cells as the published forms merge them), read by the
//! recognizer through the XLSX reader: Sichuan's 部门预算项目支出绩效自评表,
//! a Yunnan self-evaluation with the target split in three under a
//! two-row heading, a central 申报表 with 中期 and 年度 halves, a Hubei
//! 目标表 with two levels; and a budget-system export of 11 sheets.

use std::path::{Path, PathBuf};

mod common;

use common::sheets::{write_book, Cells};
use jixiao::model::Form;
use jixiao::read::xlsx::read_xlsx;
use jixiao::read::ReadOutput;
use serde_json::Value as Json;

fn read(dir: &Path, name: &str, sheets: &[(&str, Cells)]) -> ReadOutput {
    let path: PathBuf = dir.join(name);
    write_book(&path, sheets);
    read_xlsx(&path).unwrap()
}

const SICHUAN: Cells = &[
    ("A1", "报表编号:510000_0013zp"),
    ("A2:K2", "部门预算项目支出绩效自评表(2023年度)"),
    ("A3", "项目名称"),
    ("B3:K3", "51000021R000000019951-工资性支出"),
    ("A4", "主管部门"),
    ("B4:E4", "青神县发展和改革局本级"),
    ("F4", "实施单位 (盖章)"),
    ("G4:K4", "青神县发展和改革局"),
    ("A5:A8", "项目基本情况"),
    ("B5:K5", "1.项目年度目标完成情况"),
    ("B6:F6", "项目年度目标"),
    ("G6:K6", "年度目标完成情况"),
    ("B7:F7", "严格执行相关政策,保障工资及时、足额发放或社保及时、足额缴纳,预算编制科学合理,减少结余资金。"),
    ("G7:K7", "对照年度目标,说明相关任务目标的完成情况(100字以内)"),
    ("B8", "2.项目实施内容及过程概述"),
    ("C8:K8", ""),
    ("A9:A14", "预算执行情况(10分)"),
    ("B9", "年度预算数(万元)"),
    ("C9", "年初预算"),
    ("D9", "调整后预算数"),
    ("E9", "预算执行数"),
    ("F9", "预算执行率"),
    ("G9", "权重"),
    ("H9", "得分"),
    ("I9:K9", "原因"),
    ("B10", "总额"),
    ("C10", "238.93"),
    ("D10", "251.89"),
    ("E10", "251.89"),
    ("F10", "100.00%"),
    ("G10", "10"),
    ("I10:K14", "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款."),
    ("B11", "其中:财政资金"),
    ("C11", "238.93"),
    ("D11", "251.89"),
    ("E11", "251.89"),
    ("F11", "100.00%"),
    ("G11", "/"),
    ("H11", "/"),
    ("B12", "财政专户管理资金"),
    ("C12", "0.00"),
    ("D12", "0.00"),
    ("E12", "0.00"),
    ("F12", "0.00%"),
    ("G12", "/"),
    ("H12", "/"),
    ("B13", "单位资金"),
    ("C13", "0.00"),
    ("D13", "0.00"),
    ("E13", "0.00"),
    ("F13", "0.00%"),
    ("G13", "/"),
    ("H13", "/"),
    ("B14", "其他资金"),
    ("G14", "/"),
    ("H14", "/"),
    ("A15:A17", "绩效指标(90分)"),
    ("B15", "一级指标"),
    ("C15", "二级指标"),
    ("D15", "三级指标"),
    ("E15", "指标性质"),
    ("F15", "指标值"),
    ("G15", "度量单位"),
    ("H15", "完成值"),
    ("I15", "权重"),
    ("J15", "得分"),
    ("K15", "未完成原因分析"),
    ("B16", "产出指标"),
    ("C16", "数量指标"),
    ("D16", "发放(缴纳)覆盖率"),
    ("E16", "="),
    ("F16", "100"),
    ("G16", "%"),
    ("I16", "60"),
    ("B17", "效益指标"),
    ("C17", "社会效益指标"),
    ("D17", "足额保障率(参保率)"),
    ("E17", "="),
    ("F17", "100"),
    ("G17", "%"),
    ("I17", "30"),
    ("A18:H18", "合计"),
    ("I18", "100"),
    ("A19", "评价结论"),
    ("B19:K19", "结合自评情况,说明项目自评总分,说明项目实施取得的成效或成果。(200字以内)"),
    ("A20", "存在问题"),
    ("B20:K20", "结合自评情况,分析存在的问题及原因。(200字以内)"),
    ("A21", "改进措施"),
    ("B21:K21", "针对项目自评中发现的问题,提出下一步改进完善的意见及有关政策性建议。(200字以内)"),
    ("A22", "项目负责人:"),
    ("B22:E22", ""),
    ("F22", "财务负责人:"),
    ("G22:K22", ""),
];

/// The reference JSON without what it adds beside the contract, and a
/// funding row the form does not show the same as one shown empty.
fn comparable(mut doc: Json) -> Json {
    for form in doc["forms"].as_array_mut().unwrap() {
        let form = form.as_object_mut().unwrap();
        form.remove("label_notes");
        for ind in form["indicators"].as_array_mut().unwrap() {
            let ind = ind.as_object_mut().unwrap();
            ind.remove("target_parsed");
            ind.remove("actual_parsed");
        }
        for row in form["funding"].as_object_mut().unwrap().values_mut() {
            if row
                .as_object()
                .is_some_and(|r| r.values().all(Json::is_null))
            {
                *row = Json::Null;
            }
        }
    }
    doc
}

#[test]
fn sichuan_workbook_reads_as_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let out = read(dir.path(), "sc.xlsx", &[("自评表", SICHUAN)]);
    let got = comparable(serde_json::to_value(&out.document).unwrap());
    let want =
        std::fs::read_to_string("tests/fixtures/grid/sc-qingshen-2023-selfeval.json").unwrap();
    let want = comparable(serde_json::from_str(&want).unwrap());
    assert_eq!(got, want, "{}", serde_json::to_string_pretty(&got).unwrap());
    assert!(out.errors.is_empty() && out.warnings.is_empty(), "{out:?}");
    let extra = out.places[0]
        .of("funding.extra.单位资金")
        .unwrap()
        .to_string();
    assert_eq!(extra, "自评表!C13");
    let reason = out.places[0].of("extra.原因").unwrap().to_string();
    assert_eq!(reason, "自评表!I10");
}

const YUNNAN: Cells = &[
    ("A1:K1", "2022年度项目支出绩效自评表"),
    ("A2", "项目名称"),
    ("B2:K2", "义务教育营养改善计划专项资金"),
    ("A3", "主管部门"),
    ("B3:E3", "永德县教育体育局"),
    ("F3", "实施单位"),
    ("G3:K3", "永德县明朗中学"),
    ("A4:B7", "项目资金 (元)"),
    ("C4:D4", "年初预算数"),
    ("E4", "全年预算数"),
    ("F4", "全年执行数"),
    ("G4", "分值"),
    ("H4", "执行率"),
    ("I4:K4", "得分"),
    ("C5:D5", "年度资金总额"),
    ("E5", "387664.62"),
    ("F5", "387664.62"),
    ("G5", "10"),
    ("H5", "100%"),
    ("I5:K5", "10"),
    ("C6:D6", "其中:当年财政 拨款"),
    ("E6", "387664.62"),
    ("F6", "387664.62"),
    ("G6", "—"),
    ("C7:D7", "上年结转 资金"),
    ("G7", "—"),
    ("A8:A14", "绩效指标"),
    ("B8:B9", "一级指标"),
    ("C8:C9", "二级指标"),
    ("D8:D9", "三级指标"),
    ("E8:G8", "年度指标值"),
    ("H8:H9", "实际完成值"),
    ("I8:I9", "分值"),
    ("J8:J9", "得分"),
    ("K8:K9", "偏差原因分析及改进措施"),
    ("E9", "指标性质"),
    ("F9", "指标值"),
    ("G9", "度量单位"),
    ("B10:B11", "产出指标"),
    ("C10", "数量指标"),
    ("D10", "学生受资助人数"),
    ("E10", "≧"),
    ("F10", "735"),
    ("G10", "人次"),
    ("H10", "735"),
    ("I10", "10"),
    ("J10", "10"),
    ("C11", "时效指标"),
    ("D11", "资金到位及时率"),
    ("E11", "≧"),
    ("F11", "100"),
    ("G11", "%"),
    ("H11", "100%"),
    ("I11", "10"),
    ("J11", "7"),
    ("B12:B13", "效益指标"),
    ("C12", "经济效益 指标"),
    ("D12", "减轻贫困学生家庭经济负担"),
    ("E12", "定性"),
    ("F12", "有效"),
    ("H12", "有效"),
    ("I12", "10"),
    ("J12", "10"),
    ("C13", "生态效益 指标"),
    ("B14", "满意度指标"),
    ("C14", "服务对象满意度指标等"),
    ("D14", "学生满意度"),
    ("E14", "≧"),
    ("F14", "95"),
    ("G14", "%"),
    ("H14", "100%"),
    ("I14", "10"),
    ("J14", "10"),
    ("A15:H15", "总分"),
    ("I15", "100"),
    ("J15", "96"),
    ("A16:H16", "评分等级"),
    ("I16:K16", "优"),
];

#[test]
fn yunnan_split_targets_under_a_two_row_heading() {
    let dir = tempfile::tempdir().unwrap();
    let out = read(dir.path(), "yn.xlsx", &[("公开14表", YUNNAN)]);
    let Form::SelfEvaluation(f) = &out.document.forms[0] else {
        panic!("a self-evaluation")
    };
    assert_eq!(f.title.as_deref(), Some("项目支出绩效自评表"));
    assert_eq!(f.year, Some(2022));
    assert_eq!(f.funding.unit.as_deref(), Some("元"));
    assert_eq!(
        f.funding.total.annual_budget.unwrap().to_string(),
        "387664.62"
    );
    assert_eq!(f.funding.total.execution_rate.unwrap().to_string(), "100");
    assert_eq!(f.funding.current_appropriation.weight, None);
    let rows: Vec<(&str, &str, &str, &str, &str)> = f
        .indicators
        .iter()
        .map(|i| {
            (
                i.level1.as_deref().unwrap(),
                i.level2.as_deref().unwrap(),
                i.name.as_deref().unwrap(),
                i.target.as_deref().unwrap(),
                i.actual.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("产出指标", "数量指标", "学生受资助人数", "≧735人次", "735"),
            ("产出指标", "时效指标", "资金到位及时率", "≧100%", "100"),
            (
                "效益指标",
                "经济效益指标",
                "减轻贫困学生家庭经济负担",
                "有效",
                "有效"
            ),
            (
                "满意度指标",
                "服务对象满意度指标等",
                "学生满意度",
                "≧95%",
                "100"
            ),
        ]
    );
    assert_eq!(f.indicators[1].score.unwrap().to_string(), "7");
    assert_eq!(
        (
            f.total.weight.unwrap().to_string(),
            f.total.score.unwrap().to_string()
        ),
        ("100".into(), "96".into())
    );
    assert_eq!(f.grade.as_deref(), Some("优"));
}

const CENTRAL: Cells = &[
    ("A1:H1", "项目支出绩效目标申报表"),
    ("A2:H2", "(2024年度)"),
    ("A3", "项目名称"),
    ("B3:H3", "档案数字化"),
    ("A4", "主管部门及代码"),
    ("B4:D4", "101-国家档案局"),
    ("E4", "实施单位"),
    ("F4:H4", "中央档案馆"),
    ("A5:A7", "项目资金(万元)"),
    ("B5:C5", "中期资金总额"),
    ("D5", "300"),
    ("E5:F5", "年度资金总额"),
    ("G5:H5", "100"),
    ("B6:C6", "其中:财政拨款"),
    ("D6", "250"),
    ("E6:F6", "其中:财政拨款"),
    ("G6:H6", "80"),
    ("B7:C7", "其他资金"),
    ("D7", "50"),
    ("E7:F7", "其他资金"),
    ("G7:H7", "20"),
    ("A8:A9", "总体目标"),
    ("B8:D8", "中期目标(2024年-2026年)"),
    ("E8:H8", "年度目标"),
    ("B9:D9", "完成馆藏档案数字化。"),
    ("E9:H9", "完成三分之一。"),
    ("A10:A13", "绩效指标"),
    ("B10", "一级指标"),
    ("C10", "二级指标"),
    ("D10", "三级指标"),
    ("E10", "指标值"),
    ("F10", "二级指标"),
    ("G10", "三级指标"),
    ("H10", "指标值"),
    ("B11:B12", "产出指标"),
    ("C11", "数量指标"),
    ("D11", "数字化档案"),
    ("E11", "≥300万页"),
    ("F11", "数量指标"),
    ("G11", "数字化档案"),
    ("H11", "≥100万页"),
    ("C12", "质量指标"),
    ("D12", "验收合格率"),
    ("E12", "≥98%"),
    ("F12", "质量指标"),
    ("G12", "验收合格率"),
    ("H12", "≥98%"),
    ("B13", "满意度指标"),
    ("C13", "服务对象满意度指标"),
    ("D13", "查档者满意度"),
    ("E13", "≥90%"),
    ("F13", "服务对象满意度指标"),
    ("G13", "查档者满意度"),
    ("H13", "≥90%"),
];

#[test]
fn central_declaration_with_midterm_and_annual_halves() {
    let dir = tempfile::tempdir().unwrap();
    let out = read(dir.path(), "central.xlsx", &[("申报表", CENTRAL)]);
    let Form::TargetDeclaration(f) = &out.document.forms[0] else {
        panic!("a declaration")
    };
    let s = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string());
    let fund = &f.funding;
    assert_eq!(fund.unit.as_deref(), Some("万元"));
    assert_eq!(
        [fund.project_total, fund.project_fiscal, fund.project_other].map(s),
        [Some("300".into()), Some("250".into()), Some("50".into())]
    );
    assert_eq!(
        [
            fund.annual_total,
            fund.current_appropriation,
            fund.annual_other
        ]
        .map(s),
        [Some("100".into()), Some("80".into()), Some("20".into())]
    );
    assert_eq!(f.department.as_deref(), Some("101-国家档案局"));
    assert_eq!(f.goals.overall.as_deref(), Some("完成馆藏档案数字化。"));
    assert_eq!(f.goals.annual.as_deref(), Some("完成三分之一。"));
    let targets = |v: &[jixiao::model::TargetIndicator]| {
        v.iter()
            .map(|i| {
                format!(
                    "{}/{}/{}/{}",
                    i.level1.as_deref().unwrap(),
                    i.level2.as_deref().unwrap(),
                    i.name.as_deref().unwrap(),
                    i.target.as_deref().unwrap()
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        targets(&f.midterm_indicators),
        [
            "产出指标/数量指标/数字化档案/≥300万页",
            "产出指标/质量指标/验收合格率/≥98%",
            "满意度指标/服务对象满意度指标/查档者满意度/≥90%"
        ]
    );
    assert_eq!(
        targets(&f.indicators),
        [
            "产出指标/数量指标/数字化档案/≥100万页",
            "产出指标/质量指标/验收合格率/≥98%",
            "满意度指标/服务对象满意度指标/查档者满意度/≥90%"
        ]
    );
    let json = serde_json::to_value(&out.document).unwrap();
    assert_eq!(
        json["forms"][0]["midterm_indicators"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

const HUBEI: Cells = &[
    ("A1:E1", "鄂州市2022年市直部门预算项目支出绩效目标表"),
    ("A2", "项目名称"),
    ("B2:E2", "滨湖大胆办公大楼运行保障"),
    ("A3", "项目类别"),
    ("B3", "本级支出项目"),
    ("C3", "项目性质"),
    ("D3:E3", "持续性项目"),
    ("A4:A7", "绩效指标"),
    ("B4", "一级指标"),
    ("C4", "二级指标"),
    ("D4", "绩效标准"),
    ("E4", "当年预期实现值"),
    ("B5:B6", "数量指标"),
    ("C5", "办公大楼日常维修维护次数"),
    ("D5", "反映办公大楼全年维修维护情况"),
    ("E5", "2280次"),
    ("C6", "大楼安检巡察次数"),
    ("D6", "反映大楼保卫巡检情况"),
    ("E6", "200次"),
    ("B7", "成本指标"),
    ("C7", "成本控制率"),
    ("E7", "不超预算"),
];

#[test]
fn hubei_target_table_with_two_levels_is_a_declaration() {
    let dir = tempfile::tempdir().unwrap();
    let out = read(dir.path(), "hb.xlsx", &[("Sheet1", HUBEI)]);
    let Form::TargetDeclaration(f) = &out.document.forms[0] else {
        panic!("a declaration: {:?}", out.document.forms[0].kind())
    };
    assert_eq!(
        f.title.as_deref(),
        Some("鄂州市市直部门预算项目支出绩效目标表")
    );
    assert_eq!(f.year, Some(2022));
    assert_eq!(f.project_nature.as_deref(), Some("持续性项目"));
    let rows: Vec<(Option<&str>, Option<&str>, &str, &str)> = f
        .indicators
        .iter()
        .map(|i| {
            (
                i.level1.as_deref(),
                i.level2.as_deref(),
                i.name.as_deref().unwrap(),
                i.target.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (Some("数量指标"), None, "办公大楼日常维修维护次数", "2280次"),
            (Some("数量指标"), None, "大楼安检巡察次数", "200次"),
            (Some("成本指标"), None, "成本控制率", "不超预算"),
        ]
    );
    // The 绩效标准 column is not read, and says so with its place.
    assert!(
        out.warnings
            .iter()
            .any(|w| w.place.to_string() == "Sheet1!D4" && w.message.contains("绩效标准")),
        "{:?}",
        out.warnings
    );
}
