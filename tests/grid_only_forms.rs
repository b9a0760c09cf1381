//! Only forms are forms: a workbook exported from a budget system holds a
//! sheet for every step of a project, all with a 项目名称 label; only its
//! 申报表 and 自评表 are forms. The others are skipped with one note each
//! naming the sheet, a 绩效目标执行监控表 is named as such, and a form with
//! nothing filled in is reported, not clean.

mod common;

use common::sheets::{write_book, Cells};
use jixiao::model::FormKind;
use jixiao::read::xlsx::read_xlsx;

fn info(label: &str, value: &str) -> Vec<(&'static str, String)> {
    vec![
        ("A1", "项目名称".into()),
        ("A2", label.into()),
        ("B2", value.into()),
    ]
}

const DECLARATION: Cells = &[
    ("A1:E1", "财政项目支出绩效目标申报表"),
    ("A2:E2", "(2024年度)"),
    ("A3", "项目名称"),
    ("B3:E3", "档案数字化"),
    ("A4", "项目资金总额"),
    ("B4", "300"),
    ("C4", "年度资金申请总额"),
    ("D4", "100"),
    ("A5", "一级指标"),
    ("B5", "二级指标"),
    ("C5", "三级指标"),
    ("D5:E5", "年度(/项目)指标值"),
    ("A6", "产出指标"),
    ("B6", "数量指标"),
    ("C6", "数字化档案"),
    ("D6:E6", "≥100万页"),
];

const MONITOR: Cells = &[
    ("A1:F1", "项目支出绩效目标执行监控表"),
    ("A2", "项目名称"),
    ("B2:F2", "档案数字化"),
    ("A3", "一级指标"),
    ("B3", "二级指标"),
    ("C3", "三级指标"),
    ("D3", "年度指标值"),
    ("E3", "1-7月执行情况"),
    ("F3", "全年预计完成情况"),
    ("A4", "产出指标"),
    ("B4", "数量指标"),
    ("C4", "数字化档案"),
    ("D4", "≥100万页"),
    ("E4", "60万页"),
    ("F4", "100万页"),
];

const SELF_EVALUATION: Cells = &[
    ("A1:H1", "项目支出绩效自评表"),
    ("A2:H2", "(2024年度)"),
    ("A3", "项目名称"),
    ("B3:H3", "档案数字化"),
    ("A4", "项目资金(万元)"),
    ("B4", "年初预算数"),
    ("C4", "全年预算数"),
    ("D4", "全年执行数"),
    ("E4", "分值"),
    ("F4", "执行率"),
    ("G4", "得分"),
    ("A5", "年度资金总额"),
    ("B5", "100"),
    ("C5", "100"),
    ("D5", "95"),
    ("E5", "10"),
    ("F5", "95.00%"),
    ("G5", "9.5"),
    ("A6", "一级指标"),
    ("B6", "二级指标"),
    ("C6", "三级指标"),
    ("D6", "年度指标值"),
    ("E6", "实际完成值"),
    ("F6", "分值"),
    ("G6", "得分"),
    ("H6", "偏差原因分析及改进措施"),
    ("A7", "产出指标"),
    ("B7", "数量指标"),
    ("C7", "数字化档案"),
    ("D7", "≥100万页"),
    ("E7", "100万页"),
    ("F7", "90"),
    ("G7", "90"),
];

#[test]
fn a_budget_system_export_of_eleven_sheets_gives_its_two_forms() {
    let owned: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("项目基本信息", info("项目单位", "中央档案馆")),
        ("立项依据", info("立项依据", "《档案法》")),
        ("实施方案", info("实施方案", "分三年完成")),
        (
            "支出计划",
            vec![
                ("A1", "项目名称".into()),
                ("B1", "档案数字化".into()),
                ("A2", "支出内容".into()),
                ("B2", "金额(万元)".into()),
                ("A3", "扫描".into()),
                ("B3", "60".into()),
            ],
        ),
        ("评审报告", info("评审意见", "同意")),
        ("预算明细", info("预算科目", "档案事务")),
        ("政府采购", info("采购方式", "公开招标")),
        ("附件", info("附件名称", "可行性研究报告")),
    ];
    let mut sheets: Vec<(&str, Vec<(&str, &str)>)> = owned
        .iter()
        .map(|(n, cells)| (*n, cells.iter().map(|(r, t)| (*r, t.as_str())).collect()))
        .collect();
    sheets.insert(5, ("绩效目标申报表", DECLARATION.to_vec()));
    sheets.insert(6, ("执行监控表", MONITOR.to_vec()));
    sheets.insert(8, ("绩效自评表", SELF_EVALUATION.to_vec()));
    assert_eq!(sheets.len(), 11);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.xlsx");
    let refs: Vec<(&str, Cells)> = sheets.iter().map(|(n, c)| (*n, c.as_slice())).collect();
    write_book(&path, &refs);

    let out = read_xlsx(&path).unwrap();
    let kinds: Vec<FormKind> = out.document.forms.iter().map(|f| f.kind()).collect();
    assert_eq!(
        kinds,
        [FormKind::TargetDeclaration, FormKind::SelfEvaluation]
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    // One note per skipped sheet, naming it.
    let notes: Vec<String> = out.warnings.iter().map(|w| w.place.to_string()).collect();
    let skipped: Vec<&str> = sheets
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !["绩效目标申报表", "绩效自评表"].contains(n))
        .collect();
    assert_eq!(notes.len(), skipped.len(), "{:?}", out.warnings);
    for (note, sheet) in out.warnings.iter().zip(&skipped) {
        assert!(
            note.place.to_string().starts_with(&format!("{sheet}!")),
            "{note}"
        );
    }
    let monitor = out
        .warnings
        .iter()
        .find(|w| w.place.to_string().starts_with("执行监控表!"))
        .unwrap();
    assert!(
        monitor.message.contains("执行监控表") && monitor.message.contains("跳过"),
        "{monitor}"
    );
}

#[test]
fn a_department_wide_self_evaluation_is_named_and_skipped() {
    let dept: Cells = &[
        ("A1:G1", "部门整体支出绩效自评表"),
        ("A2", "部门(单位)名称"),
        ("B2:G2", "零陵区林业局"),
        ("A3", "年度预算申请(万元)"),
        ("B3", "年初预算数"),
        ("C3", "全年预算数"),
        ("D3", "全年执行数"),
        ("A4", "年度资金总额"),
        ("B4", "4753.66"),
        ("C4", "4753.66"),
        ("D4", "3824.26"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dept.xlsx");
    write_book(&path, &[("整体自评", dept), ("项目自评", SELF_EVALUATION)]);
    let out = read_xlsx(&path).unwrap();
    assert_eq!(out.document.forms.len(), 1);
    assert_eq!(out.document.forms[0].kind(), FormKind::SelfEvaluation);
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert_eq!(out.warnings[0].place.to_string(), "整体自评!A1");
    assert!(out.warnings[0].message.contains("部门整体支出绩效自评表"));
    assert_eq!(out.skipped, ["部门整体支出绩效自评表"]);

    // A file holding only such a form says so (not "no title found"), as a
    // workbook and as text.
    let only = dir.path().join("only-dept.xlsx");
    write_book(&only, &[("整体自评", dept)]);
    let text = dir.path().join("only-dept.txt");
    let lines: Vec<&str> = dept.iter().map(|(_, t)| *t).collect();
    std::fs::write(&text, lines.join("\n")).unwrap();
    for input in [&only, &text] {
        let e = jixiao::read::read_path(input, None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("没有项目表") && e.contains("只有部门整体支出绩效自评表"),
            "{e}"
        );
        let o = common::jixiao(&["convert", input.to_str().unwrap(), "-o", "-"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            common::stderr(&o).contains("没有项目表"),
            "{}",
            common::stderr(&o)
        );
    }
}

#[test]
fn a_form_with_nothing_filled_in_is_reported() {
    let blank: Cells = &[
        ("A1:D1", "财政项目支出绩效自评表"),
        ("A2", "项目名称"),
        ("A3", "一级指标"),
        ("B3", "二级指标"),
        ("C3", "三级指标"),
        ("D3", "实际完成值"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.xlsx");
    write_book(&path, &[("自评表", blank)]);
    let out = read_xlsx(&path).unwrap();
    assert_eq!(out.document.forms.len(), 1);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let blank = out.warnings.iter().find(|w| w.message.contains("空白表格"));
    assert_eq!(
        blank.unwrap().place.to_string(),
        "自评表!A1",
        "{:?}",
        out.warnings
    );
}

/// A form in a local wording: 项目全称 where the vocabulary knows 项目名称.
const LOCAL: Cells = &[
    ("A1:G1", "项目支出绩效自评表"),
    ("A2", "项目全称"),
    ("B2:G2", "档案数字化"),
    ("A3", "一级指标"),
    ("B3", "二级指标"),
    ("C3", "三级指标"),
    ("D3", "年度指标值"),
    ("E3", "实际完成值"),
    ("F3", "分值"),
    ("G3", "得分"),
    ("A4", "产出指标"),
    ("B4", "数量指标"),
    ("C4", "数字化档案"),
    ("D4", "≥100万页"),
    ("E4", "100万页"),
    ("F4", "90"),
    ("G4", "90"),
];

/// [`LOCAL`] as a web page's table (`A1:G1` → a cell spanning 7 columns).
fn local_html() -> String {
    let mut rows: Vec<String> = vec![String::new(); 4];
    for (range, text) in LOCAL {
        let (from, to) = range.split_once(':').unwrap_or((range, range));
        let span = to.as_bytes()[0] - from.as_bytes()[0] + 1;
        let row: usize = from[1..].parse().unwrap();
        rows[row - 1].push_str(&format!("<td colspan=\"{span}\">{text}</td>"));
    }
    let body: String = rows.iter().map(|r| format!("<tr>{r}</tr>")).collect();
    format!("<html><meta charset=\"utf-8\"><body><table>{body}</table></body></html>")
}

/// [`LOCAL`] as web-page text, one row per line, cells joined by " | ".
fn local_pipes() -> String {
    let mut rows: Vec<Vec<&str>> = vec![Vec::new(); 4];
    for (range, text) in LOCAL {
        let row: usize = range[1..].split(':').next().unwrap().parse().unwrap();
        rows[row - 1].push(text);
    }
    rows.iter().map(|r| r.join(" | ") + "\n").collect()
}

/// `--labels FILE` teaches every reader a local spelling without code
/// (workbooks, web pages, text streamed to JSON, and `collect`); a bad file is a usage error
/// naming it.
#[test]
fn a_local_vocabulary_adds_labels() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("local.xlsx");
    write_book(&book, &[("表", LOCAL)]);
    let page = dir.path().join("local.html");
    std::fs::write(&page, local_html()).unwrap();
    let text = dir.path().join("local.txt");
    std::fs::write(&text, local_pipes()).unwrap();
    let labels = dir.path().join("labels.toml");
    std::fs::write(&labels, "[fields]\nproject_name = [\"项目全称\"]\n").unwrap();
    let labels = labels.to_str().unwrap();
    let name = |args: &[&str]| {
        let out = common::jixiao(args);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["forms"][0]["project_name"].clone()
    };
    for input in [&book, &page, &text] {
        let input = input.to_str().unwrap();
        assert_eq!(
            name(&["convert", input, "-o", "-"]),
            serde_json::Value::Null,
            "{input}"
        );
        let with = name(&["convert", input, "-o", "-", "--labels", labels]);
        assert_eq!(with, "档案数字化", "{input}");
    }
    // collect reads with the labels too.
    let master = dir.path().join("master.json");
    let master_s = master.to_str().unwrap();
    let book_s = book.to_str().unwrap();
    let out = common::jixiao(&["collect", book_s, "-o", master_s, "--labels", labels]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let got: serde_json::Value = serde_json::from_slice(&std::fs::read(&master).unwrap()).unwrap();
    assert_eq!(got["forms"][0]["project_name"], "档案数字化", "{got}");

    std::fs::write(
        dir.path().join("labels.toml"),
        "[fields]\nproject = [\"项目全称\"]\n",
    )
    .unwrap();
    let bad = common::jixiao(&["check", book_s, "--labels", labels]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        common::stderr(&bad).contains("labels.toml"),
        "{}",
        common::stderr(&bad)
    );
}

/// Run-together text is cut at the labels of `--labels` too: 项目全称 is a
/// label only when the local vocabulary says so.
#[test]
fn a_local_vocabulary_cuts_run_together_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows: Vec<String> = vec![String::new(); 4];
    for (range, text) in LOCAL {
        let row: usize = range[1..].split(':').next().unwrap().parse().unwrap();
        rows[row - 1].push_str(text);
    }
    let text = dir.path().join("glued.txt");
    std::fs::write(&text, rows.join("\n")).unwrap();
    let labels = dir.path().join("labels.toml");
    std::fs::write(&labels, "[fields]\nproject_name = [\"项目全称\"]\n").unwrap();
    let read = |more: &[&str]| {
        let mut args = vec!["convert", text.to_str().unwrap(), "--from", "text:glued"];
        args.extend_from_slice(&["-o", "-"]);
        args.extend_from_slice(more);
        let out = common::jixiao(&args);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["forms"][0]["project_name"].clone()
    };
    assert_eq!(read(&[]), serde_json::Value::Null);
    assert_eq!(read(&["--labels", labels.to_str().unwrap()]), "档案数字化");
}

/// Tables taken out of a PDF without their titles and saved by pandas
/// (tests/fixtures/programs/make_pandas.py): an index column, a header row
/// of column numbers, forms one below the other, `=100.00(%)` stored as a
/// formula with no result. Each form is read, in workbook and CSV alike.
#[test]
fn untitled_forms_saved_by_pandas_are_each_read() {
    for file in ["pandas-untitled.xlsx", "pandas-untitled.csv"] {
        let path = std::path::Path::new("tests/fixtures/programs").join(file);
        let out = jixiao::read::read_path(&path, None).unwrap_or_else(|e| panic!("{file}: {e}"));
        let doc: serde_json::Value =
            serde_json::from_str(&jixiao::write::json::to_json(&out.document)).unwrap();
        let forms = doc["forms"].as_array().expect("forms");
        assert_eq!(forms.len(), 2, "{file}");
        assert_eq!(forms[0]["project_name"], "宣传费", "{file}");
        assert_eq!(forms[1]["project_name"], "培训费", "{file}");
        assert_eq!(forms[1]["funding"]["total"]["executed"], "11.50", "{file}");
        assert_eq!(forms[0]["indicators"][0]["target"], "=100.00(%)", "{file}");
        assert_eq!(forms[1]["indicators"][0]["target"], "≥95.00(%)", "{file}");
        // 总分 and 评分等级 are no indicators, the row numbers no labels.
        assert_eq!(
            forms[0]["indicators"].as_array().unwrap().len(),
            1,
            "{file}"
        );
        assert_eq!(forms[0]["total"]["score"], "100.00", "{file}");
        assert_eq!(forms[0]["grade"], "优", "{file}");
        let repeat = out
            .warnings
            .iter()
            .find(|w| w.message.contains("又一个“项目名称”"))
            .unwrap_or_else(|| panic!("{file}: {:?}", out.warnings));
        assert!(
            repeat.place.to_string().contains("B11"),
            "{file}: {}",
            repeat.place
        );
    }
}
