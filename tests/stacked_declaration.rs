//! A county 项目支出绩效目标申报表 of the widespread local layout (Hunan,
//! Shaanxi …): 项目属性 as ticked boxes, 项目起止时间 in one cell, the
//! year's funding as `label：amount` cells, goals as 长期目标 | 年度目标, and
//! its 长期 and 年度 indicator tables stacked one below the other, each with
//! a 备注 column. The same form as a workbook's tab text, a web page's pipe
//! table and one cell per line (tests/fixtures/stacked/). The expectations
//! below are read off the form, not off the reader.

use jixiao::read::text::{read_text, read_text_as, TextShape};
use serde_json::Value;

const DIR: &str = "tests/fixtures/stacked";

/// (一级, 二级, 三级, 指标值) of a table.
type Rows = [(&'static str, &'static str, &'static str, &'static str)];

const LONG_TERM: &Rows = &[
    ("产出指标", "数量指标", "累计建成高标准农田面积", "≥6万亩"),
    ("产出指标", "质量指标", "工程验收合格率", "100%"),
    ("效益指标", "经济效益指标", "亩均粮食增产", "≥50公斤"),
    (
        "满意度指标",
        "服务对象满意度指标",
        "项目区农户满意度",
        "≥90%",
    ),
];

const ANNUAL: &Rows = &[
    ("产出指标", "数量指标", "新建高标准农田面积", "2万亩"),
    ("产出指标", "数量指标", "新增灌溉面积", "1.5万亩"),
    ("产出指标", "质量指标", "工程验收合格率", "100%"),
    ("产出指标", "时效指标", "项目完工时间", "2024年12月底前"),
    ("产出指标", "成本指标", "亩均建设成本", "≤1500元"),
    ("效益指标", "社会效益指标", "受益农户数", "≥3000户"),
    ("效益指标", "可持续影响指标", "工程设计使用年限", "≥15年"),
    (
        "满意度指标",
        "社会公众或服务对象满意度指标",
        "项目区农户满意度",
        "≥90%",
    ),
];

fn form_of(name: &str, shape: Option<TextShape>) -> (Value, Vec<String>) {
    let bytes = std::fs::read(format!("{DIR}/{name}.txt")).unwrap();
    let out = match shape {
        Some(s) => read_text_as(&bytes, name, Some(s)),
        None => read_text(&bytes, name),
    }
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    let json = jixiao::write::json::to_json(&out.document);
    let doc: Value = serde_json::from_str(&json).unwrap();
    let forms = doc["forms"].as_array().unwrap();
    assert_eq!(forms.len(), 1, "{name}: one form");
    let warnings = out.warnings.iter().map(|w| w.to_string()).collect();
    (forms[0].clone(), warnings)
}

fn rows(form: &Value, key: &str) -> Vec<(String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    form[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| {
                    (
                        s(&i["level1"]),
                        s(&i["level2"]),
                        s(&i["name"]),
                        s(&i["target"]),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn want(rows: &Rows) -> Vec<(String, String, String, String)> {
    rows.iter()
        .map(|&(a, b, c, d)| (a.into(), b.into(), c.into(), d.into()))
        .collect()
}

fn check(name: &str, shape: Option<TextShape>) {
    let (f, warnings) = form_of(name, shape);
    let at = format!("{name} {shape:?}");
    let text = |k: &str| f.pointer(k).and_then(Value::as_str).map(str::to_string);
    assert_eq!(text("/kind").as_deref(), Some("target_declaration"), "{at}");
    assert_eq!(
        text("/project_name").as_deref(),
        Some("高标准农田建设项目"),
        "{at}"
    );
    // The ticked box, not the printed choice.
    assert_eq!(text("/project_nature").as_deref(), Some("延续项目"), "{at}");
    assert_eq!(
        text("/department").as_deref(),
        Some("宁乡市农业农村局"),
        "{at}"
    );
    assert_eq!(
        text("/implementer").as_deref(),
        Some("宁乡市农田建设服务中心"),
        "{at}"
    );
    assert_eq!(text("/start_date").as_deref(), Some("2024年1月"), "{at}");
    assert_eq!(text("/end_date").as_deref(), Some("2024年12月"), "{at}");
    assert_eq!(text("/funding/unit").as_deref(), Some("万元"), "{at}");
    assert_eq!(
        text("/funding/annual_total").as_deref(),
        Some("1200.00"),
        "{at}"
    );
    assert_eq!(
        text("/funding/current_appropriation").as_deref(),
        Some("1000.00"),
        "{at}"
    );
    assert_eq!(
        text("/funding/annual_other").as_deref(),
        Some("200.00"),
        "{at}"
    );
    assert_eq!(f["funding"]["project_total"], Value::Null, "{at}");
    assert!(
        text("/goals/overall").is_some_and(|g| g.starts_with("到2026年")),
        "{at}"
    );
    assert!(
        text("/goals/annual").is_some_and(|g| g.starts_with("2024年建成")),
        "{at}"
    );
    assert_eq!(rows(&f, "midterm_indicators"), want(LONG_TERM), "{at}");
    assert_eq!(rows(&f, "indicators"), want(ANNUAL), "{at}");
    // Labels the declaration has no field for are kept, not dropped.
    for (label, value) in [
        ("主管部门编码", "412001"),
        ("项目负责人", "刘建华"),
        ("项目概况", "新建高标准农田2万亩，配套灌排渠系和机耕道路。"),
        ("项目申报的必要性", "改善农业生产条件，保障粮食安全。"),
        ("填报日期", "2024年1月15日"),
    ] {
        assert_eq!(
            f["extra"][label].as_str(),
            Some(value),
            "{at}: extra {label}"
        );
    }
    // The 备注 heading is named as a column not read.
    assert!(
        warnings.iter().any(|w| w.contains("“备注” 不是已知的列")),
        "{at}: {warnings:#?}"
    );
}

#[test]
fn stacked_declaration_as_tab_text() {
    check("decl-stacked-tabs", None);
}

#[test]
fn stacked_declaration_as_pipe_table() {
    check("decl-stacked-pipes", None);
    check("decl-stacked-pipes", Some(TextShape::Pipes));
}

#[test]
fn stacked_declaration_one_cell_per_line() {
    check("decl-stacked-cells", None);
    check("decl-stacked-cells", Some(TextShape::Cells));
}

/// The title printed again over each page (`项目支出绩效目标申报表`, then
/// `（续）`) with no 项目名称 after it: the same form's next page, noted.
#[test]
fn title_repeated_over_pages_is_one_form() {
    let (_, warnings) = form_of("decl-stacked-cells-pages", None);
    check("decl-stacked-cells-pages", None);
    let pages = warnings
        .iter()
        .filter(|w| w.contains("表题重复出现"))
        .count();
    assert_eq!(pages, 2, "{warnings:#?}");
    assert!(
        !warnings.iter().any(|w| w.contains("多出")),
        "（续） is no cell: {warnings:#?}"
    );
}

/// Two forms under one title each keep apart: 项目名称 follows the second.
#[test]
fn same_title_with_its_own_header_is_a_new_form() {
    let one = std::fs::read_to_string(format!("{DIR}/decl-stacked-cells.txt")).unwrap();
    let two = format!(
        "{one}{}",
        one.replace("高标准农田建设项目", "农村公路养护项目")
    );
    let out = read_text(two.as_bytes(), "two.txt").unwrap();
    let names: Vec<_> = out
        .document
        .forms
        .iter()
        .map(|f| f.project_name())
        .collect();
    assert_eq!(
        names,
        [Some("高标准农田建设项目"), Some("农村公路养护项目")]
    );
}

/// Without its 长期/年度 headings, two stacked tables stay one table (no
/// guess which is which).
#[test]
fn tables_without_half_headings_are_one_table() {
    let text = std::fs::read_to_string(format!("{DIR}/decl-stacked-tabs.txt"))
        .unwrap()
        .replace("长期绩效指标", "绩效指标")
        .replace("年度绩效指标", "绩效指标");
    let out = read_text(text.as_bytes(), "plain.txt").unwrap();
    let json = jixiao::write::json::to_json(&out.document);
    let doc: Value = serde_json::from_str(&json).unwrap();
    let f = &doc["forms"][0];
    assert!(f
        .get("midterm_indicators")
        .is_none_or(|m| m.as_array().is_some_and(|a| a.is_empty())));
    assert_eq!(rows(f, "indicators").len(), LONG_TERM.len() + ANNUAL.len());
}

/// The official layouts have no place for the 长期 table or `extra`: XLSX,
/// PDF and HTML say so (naming the form), JSON keeps them and says nothing.
#[test]
fn layouts_say_what_they_cannot_show() {
    use jixiao::write::{write_report, OutputFormat, WriteOptions};
    let bytes = std::fs::read(format!("{DIR}/decl-stacked-tabs.txt")).unwrap();
    let doc = read_text(&bytes, "decl-stacked-tabs.txt").unwrap().document;
    for format in [OutputFormat::Xlsx, OutputFormat::Html] {
        let out = write_report(&doc, format, &WriteOptions::default()).unwrap();
        let said = out.warnings.join("\n");
        assert!(
            said.contains("第 1 张表（高标准农田建设项目）")
                && said.contains("中期（长期）绩效指标 4 行")
                && said.contains("其他内容（填报单位、主管部门编码"),
            "{format:?}: {said}"
        );
    }
    let json = write_report(&doc, OutputFormat::Json, &WriteOptions::default()).unwrap();
    assert!(json.warnings.is_empty());
}

/// The same form as a workbook (section columns merged down;
/// tests/fixtures/stacked/make_xlsx.py): the same reading, places as
/// `sheet!cell`.
#[test]
fn stacked_declaration_as_workbook() {
    let out =
        jixiao::read::xlsx::read_xlsx(std::path::Path::new(&format!("{DIR}/decl-stacked.xlsx")))
            .unwrap();
    let json = jixiao::write::json::to_json(&out.document);
    let doc: Value = serde_json::from_str(&json).unwrap();
    let f = &doc["forms"][0];
    assert_eq!(f["project_nature"], "延续项目");
    assert_eq!(f["funding"]["annual_total"], "1200.00");
    assert_eq!(rows(f, "midterm_indicators"), want(LONG_TERM));
    assert_eq!(rows(f, "indicators"), want(ANNUAL));
    let warned: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warned
            .iter()
            .any(|w| w.contains("申报表!F15") && w.contains("备注")),
        "{warned:#?}"
    );
}
