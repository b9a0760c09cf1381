//! `fill`, `collect` and `template master` through the built binary; every
//! output is read back with calamine, not trusted from the writer.

mod common;
use common::{golden_forms, jixiao, stderr};

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, DataType, Range, Reader};
use jixiao::bulk::master::{read_master, write_master, Master, MasterForm};
use jixiao::model::{Form, SelfEvaluation};

fn master_of(forms: Vec<Form>) -> Master {
    Master {
        forms: forms
            .into_iter()
            .enumerate()
            .map(|(i, f)| MasterForm::new((i + 1).to_string(), f))
            .collect(),
    }
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut book = open_workbook_auto(path).unwrap();
    book.worksheet_range(name).unwrap()
}

fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path).unwrap().sheet_names()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Whether any cell of the first sheet of a workbook shows `text`.
fn workbook_shows(path: &Path, text: &str) -> bool {
    let names = sheet_names(path);
    let range = sheet(path, &names[0]);
    range
        .cells()
        .any(|(_, _, c)| matches!(c, Data::String(s) if s == text))
}

/// Fields beyond the contract (a transcriber's `label_notes`) are not drawn
/// on the official form, so they cannot come back from XLSX or PDF.
fn without_extras(mut form: Form) -> Form {
    match &mut form {
        Form::SelfEvaluation(f) => f.extra.clear(),
        Form::TargetDeclaration(f) => f.extra.clear(),
        Form::TargetTable(f) => f.extra.clear(),
    }
    form
}

/// Fills the golden master into `to` files, collects them into a master,
/// and returns the forms read back from that master.
fn round_trip(dir: &Path, to: &str) -> Vec<Form> {
    let master = dir.join("master.xlsx");
    let forms = golden_forms();
    write_master(&master_of(forms.clone()), &master, false, &[]).unwrap();
    let out = dir.join("out");
    let o = jixiao(&[
        "fill",
        master.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--to",
        to,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_under(&out).len(), to.split(',').count() * forms.len());
    let collected = dir.join("汇总.xlsx");
    let o = jixiao(&[
        "collect",
        out.to_str().unwrap(),
        "-o",
        collected.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let back = read_master(&collected).unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    back.master.forms.into_iter().map(|f| f.form).collect()
}

#[test]
fn master_to_xlsx_forms_to_collect_to_master_is_lossless() {
    let dir = tempfile::tempdir().unwrap();
    let back = round_trip(dir.path(), "xlsx,pdf");
    let forms = golden_forms();
    assert_eq!(back.len(), forms.len());
    for (i, (got, want)) in back.into_iter().zip(forms).enumerate() {
        assert_eq!(got, without_extras(want), "form {}", i + 1);
    }
    let out = dir.path().join("out");
    let name = golden_forms()[0].project_name().unwrap().to_string();
    assert!(workbook_shows(&out.join(format!("1-{name}.xlsx")), &name));
    let pdf = std::fs::read(out.join(format!("1-{name}.pdf"))).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn master_to_json_forms_to_collect_to_master_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(round_trip(dir.path(), "json"), golden_forms());
}

#[test]
fn collect_writes_summary_with_totals_and_check_findings() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.xlsx");
    let o = jixiao(&[
        "collect",
        "tests/golden",
        "samples/selfeval-jiading-hrss-2024.txt",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        sheet_names(&out),
        ["项目", "指标", "说明", "汇总表", "检查"]
    );
    let summary = sheet(&out, "汇总表");
    let rows: Vec<&[Data]> = summary.rows().collect();
    // A titled, printable table: title, then the header row.
    assert_eq!(rows[0][0], "财政项目支出绩效汇总表");
    assert_eq!(rows[1][0], "序号");
    let rows = &rows[1..];
    // 27 golden forms; the text sample's 11 forms are golden forms handed in
    // again, so they count once. Then one total row per money unit.
    let totals: Vec<&&[Data]> = rows
        .iter()
        .filter(|r| r[0].to_string().starts_with("合计"))
        .collect();
    assert_eq!(rows.len() - 1 - totals.len(), 27);
    let wan = totals.iter().find(|r| r[0] == "合计（万元）").unwrap();
    // Budget total equals the sum of the 万元 rows' budgets, read back independently.
    let sum: f64 = rows[1..]
        .iter()
        .filter(|r| !r[0].to_string().starts_with("合计") && r[4] == "万元")
        .filter_map(|r| r[5].get_float())
        .sum();
    assert!((wan[5].get_float().unwrap() - sum).abs() < 1e-6);
    let check = sheet(&out, "检查");
    let header: Vec<String> = check
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "文件",
            "表序号",
            "项目名称",
            "字段",
            "位置",
            "严重程度",
            "问题"
        ]
    );
    let repeated = check
        .rows()
        .filter(|r| r[6].to_string().starts_with("重复"))
        .count();
    assert_eq!(repeated, 11);
    // The text sample's arithmetic slip arrives with its line number.
    assert!(check
        .rows()
        .any(|r| r[0].to_string().ends_with("hrss-2024.txt")
            && r[1] == Data::Float(5.0)
            && r[3] == "年度资金总额·执行率"
            && r[4] == "第 118 行"
            && r[5] == "错误"
            && r[6].to_string().contains("98.61")));
}

fn one_form_master(dir: &Path, names: &[&str]) -> PathBuf {
    let forms = names
        .iter()
        .map(|n| {
            Form::from(SelfEvaluation {
                project_name: Some(n.to_string()),
                ..Default::default()
            })
        })
        .collect();
    let path = dir.join("master.xlsx");
    write_master(&master_of(forms), &path, false, &[]).unwrap();
    path
}

#[test]
fn hostile_project_names_stay_inside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let long = "长".repeat(300);
    let names = ["../../x", "a/b", "CON", long.as_str(), "..", "a\\..\\b"];
    let master = one_form_master(dir.path(), &names);
    let out = dir.path().join("deep/out");
    let o = jixiao(&[
        "fill",
        master.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let all = files_under(dir.path());
    let outside: Vec<_> = all
        .iter()
        .filter(|p| !p.starts_with(&out) && **p != master)
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
    let written = files_under(&out);
    assert_eq!(written.len(), names.len());
    for p in &written {
        assert_eq!(p.parent(), Some(out.as_path()));
        let name = p.file_name().unwrap().to_str().unwrap();
        assert!(
            name.len() <= 125 && !name.contains("..") && !name.starts_with('.'),
            "{name}"
        );
        assert!(!name.eq_ignore_ascii_case("CON.xlsx"));
    }
    // Each file holds its own project, names intact inside the form.
    assert!(workbook_shows(&out.join("1-._._x.xlsx"), "../../x"));
    assert!(workbook_shows(
        &out.join("4-".to_string() + &"长".repeat(39) + ".xlsx"),
        &long
    ));
}

#[test]
fn existing_files_are_kept_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let master = one_form_master(dir.path(), &["宣传费"]);
    let out = dir.path().join("out");
    let target = out.join("1-宣传费.xlsx");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(&target, b"mine").unwrap();
    let o = jixiao(&[
        "fill",
        master.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    // Kept, said so, and not a failure: a stopped run can be run again.
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 个输出文件已存在，保留未覆盖（加 --force 覆盖）"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"mine");
    assert_eq!(
        files_under(&out),
        std::slice::from_ref(&target),
        "no temporary file left behind"
    );
    let o = jixiao(&[
        "fill",
        master.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(workbook_shows(&target, "宣传费"));
    // collect refuses to replace its output without --force, too.
    let all = dir.path().join("all.xlsx");
    std::fs::write(&all, b"mine").unwrap();
    let o = jixiao(&[
        "collect",
        out.to_str().unwrap(),
        "-o",
        all.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&all).unwrap(), b"mine");
}

#[test]
fn bad_master_rows_are_reported_and_good_rows_filled() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.set_name("项目").unwrap();
    let rows: [[&str; 4]; 6] = [
        ["序号", "表类型", "项目名称", "年度资金总额·全年预算数"],
        ["1", "自评表", "好项目", "10.00"],
        ["2", "自评表", "", "1"],
        ["3", "自评表", "坏金额", "十万"],
        ["4", "评估表", "坏类型", ""],
        ["5", "申报表", "另一个好项目", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                s.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    let s = book.add_worksheet();
    s.set_name("指标").unwrap();
    for (r, row) in [["序号", "三级指标"], ["1", "人数"], ["77", "孤儿指标"]]
        .iter()
        .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            s.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    let master = dir.path().join("bad.xlsx");
    book.save(&master).unwrap();
    let out = dir.path().join("out");
    let o = jixiao(&[
        "fill",
        master.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for want in [
        "项目!C3: 项目名称为空",
        "项目!D4: 年度资金总额·全年预算数 应为数字，实为“十万”",
        "项目!B5: 表类型“评估表”不是可识别的表类型",
        "指标!A3: 这一指标行不属于任何项目：序号 77",
        "4 个失败",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    let written: Vec<String> = files_under(&out)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, ["1-好项目.xlsx", "5-另一个好项目.xlsx"]);
    assert!(workbook_shows(&out.join("1-好项目.xlsx"), "人数"));
}

#[test]
fn one_file_holds_every_form() {
    let dir = tempfile::tempdir().unwrap();
    let master = one_form_master(dir.path(), &["甲", "乙", "甲"]);
    let out = dir.path().join("out");
    let o = jixiao(&[
        "fill",
        master.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--one-file",
        "--to",
        "xlsx,pdf",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let book = out.join("master.xlsx");
    assert_eq!(sheet_names(&book), ["甲", "乙", "甲(2)"]);
    assert!(std::fs::read(out.join("master.pdf"))
        .unwrap()
        .starts_with(b"%PDF-"));
    assert_eq!(files_under(&out).len(), 2);
}

#[test]
fn template_master_has_headers_notes_and_lists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.xlsx");
    let o = jixiao(&["template", "master", "-o", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(sheet_names(&path), ["项目", "指标", "说明"]);
    let header: Vec<String> = sheet(&path, "项目")
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    for h in [
        "序号",
        "表类型",
        "年度",
        "项目名称",
        "主管部门",
        "实施单位",
        "总分·得分",
        "评分等级",
    ] {
        assert!(header.iter().any(|x| x == h), "{h}");
    }
    let notes = sheet(&path, "说明");
    assert!(notes.rows().any(|r| r[1] == "评分等级"));
    // The validation lists live in the sheet XML; check the 表类型 list is there.
    let xml = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("\"自评表,申报表,目标表\""), "no 表类型 list");
    assert!(xml.contains("\"优,良,中,差\""), "no 评分等级 list");
    let o = jixiao(&["template", "master", "-o", path.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "refuses to overwrite without --force"
    );
}

fn zip_entry(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn recompute_derives_rates_totals_and_grade_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = SelfEvaluation {
        project_name: Some("宣传费".into()),
        grade: Some("优".into()),
        ..Default::default()
    };
    let d = |s: &str| Some(s.parse().unwrap());
    f.funding.total.annual_budget = d("3");
    f.funding.total.executed = d("2");
    f.funding.total.weight = d("10");
    f.funding.total.execution_rate = d("50.00");
    f.funding.total.score = d("5.00");
    f.indicators.push(jixiao::model::ScoredIndicator {
        weight: d("90"),
        score: d("70"),
        ..Default::default()
    });
    f.total.score = d("99");
    let master = dir.path().join("m.xlsx");
    write_master(&master_of(vec![f.into()]), &master, false, &[]).unwrap();
    let fill_json = |out: &str, extra: &[&str]| -> serde_json::Value {
        let out = dir.path().join(out);
        let mut args = vec![
            "fill",
            master.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--to",
            "json",
        ];
        args.extend(extra);
        let o = jixiao(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = std::fs::read_to_string(out.join("1-宣传费.json")).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).unwrap()["forms"][0].clone()
    };
    let kept = fill_json("kept", &[]);
    assert_eq!(kept["funding"]["total"]["execution_rate"], "50.00");
    assert_eq!(kept["total"]["score"], "99");
    assert_eq!(kept["grade"], "优");
    let derived = fill_json("derived", &["--recompute"]);
    assert_eq!(derived["funding"]["total"]["execution_rate"], "66.67");
    assert_eq!(derived["funding"]["total"]["score"], "6.67");
    assert_eq!(derived["total"]["weight"], "100");
    assert_eq!(derived["total"]["score"], "76.67");
    assert_eq!(derived["grade"], "中");
}

#[test]
fn fill_never_replaces_its_master_and_collect_never_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // A JSON master inside the output folder, named as its own output would be.
    let master = out.join("1-宣传费.json");
    let doc = r#"{"forms":[{"kind":"target_declaration","project_name":"宣传费"}]}"#;
    std::fs::write(&master, doc).unwrap();
    let o = jixiao(&[
        "fill",
        master.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--to",
        "json",
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("不能覆盖汇总表"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&master).unwrap(), doc);
    let o = jixiao(&[
        "collect",
        master.to_str().unwrap(),
        "-o",
        master.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("是输入文件"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&master).unwrap(), doc);
}

#[test]
fn csv_master_fills_and_no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let projects = dir.path().join("projects.csv");
    let o = jixiao(&["template", "master", "-o", projects.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let header = std::fs::read_to_string(&projects).unwrap();
    assert!(header.starts_with("\u{feff}序号,表类型,标题,年度,项目名称"));
    let indicators = dir.path().join("indicators.csv");
    assert!(std::fs::read_to_string(&indicators)
        .unwrap()
        .contains("三级指标"));
    std::fs::write(
        &projects,
        format!("{header}A-1,目标表,,2020,征地养老医药费报销管理系统\n"),
    )
    .unwrap();
    let ind = std::fs::read_to_string(&indicators).unwrap();
    std::fs::write(
        &indicators,
        format!("{ind}A-1,产出目标,数量,报销人次,≥5000人次\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = jixiao(&[
        "fill",
        projects.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--to",
        "xlsx,json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains('\r'), "a progress bar was drawn: {err:?}");
    assert!(err.contains("已填写 1 张表"), "{err}");
    let xlsx = out.join("A-1-征地养老医药费报销管理系统.xlsx");
    assert!(workbook_shows(&xlsx, "报销人次"));
    let json = std::fs::read_to_string(out.join("A-1-征地养老医药费报销管理系统.json")).unwrap();
    assert!(json.contains("\"target\": \"≥5000人次\""), "{json}");
}

#[test]
fn characters_the_pdf_font_lacks_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("m.json");
    let doc = r#"{"forms":[{"kind":"target_declaration","project_name":"宣传费😀"}]}"#;
    std::fs::write(&master, doc).unwrap();
    let out = dir.path().join("out");
    let o = jixiao(&[
        "fill",
        master.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--to",
        "pdf",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("警告") && err.contains("U+1F600"), "{err}");
    assert!(out.join("1-宣传费😀.pdf").is_file());
}
