//! collect's report: a form handed in twice is counted once, a master
//! workbook given where forms are expected is read as its projects, the
//! 汇总表 prints as an official table, CSV output is safe to open.

mod common;

use std::path::Path;
use std::time::{Duration, SystemTime};

use jixiao::bulk::master::{write_master, Master, MasterForm};
use jixiao::model::{Document, Form, SelfEvaluation};

fn form(name: &str, budget: &str) -> Form {
    let mut f = SelfEvaluation {
        project_name: Some(name.into()),
        department: Some("区人社局".into()),
        year: Some(2024),
        ..Default::default()
    };
    f.funding.total.annual_budget = Some(budget.parse().unwrap());
    Form::from(f)
}

fn write_json(path: &Path, forms: Vec<Form>, age_secs: u64) {
    let doc = Document { title: None, forms };
    std::fs::write(path, serde_json::to_string(&doc).unwrap()).unwrap();
    let when = SystemTime::now() - Duration::from_secs(age_secs);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

#[test]
fn a_form_handed_in_twice_counts_once_the_latest_copy() {
    let dir = tempfile::tempdir().unwrap();
    // v2 was handed in later but sorts first by name.
    write_json(
        &dir.path().join("a-v2.json"),
        vec![form("宣传费", "20")],
        10,
    );
    write_json(
        &dir.path().join("b-v1.json"),
        vec![form("宣传费", "10")],
        1000,
    );
    write_json(&dir.path().join("c.json"), vec![form("培训费", "5")], 500);
    let (files, _) = jixiao::bulk::expand_inputs(&[dir.path().to_path_buf()], None);
    let got = jixiao::bulk::collect(&files, &|| {});
    let names: Vec<_> = got
        .master
        .forms
        .iter()
        .map(|m| m.form.project_name().unwrap().to_string())
        .collect();
    assert_eq!(names, ["宣传费", "培训费"]);
    let Form::SelfEvaluation(kept) = &got.master.forms[0].form else {
        panic!()
    };
    assert_eq!(kept.funding.total.annual_budget.unwrap().to_string(), "20");
    let dup: Vec<_> = got
        .findings
        .iter()
        .filter(|f| f.message.contains("重复"))
        .collect();
    assert_eq!(dup.len(), 1, "{:?}", got.findings);
    assert!(
        dup[0].message.contains("a-v2.json") && dup[0].message.contains("b-v1.json"),
        "{}",
        dup[0].message
    );
    let summary = format!("{:?}", got.summary_sheet().rows);
    assert!(summary.contains("2 个项目"), "{summary}");
}

fn two_project_master(path: &Path) {
    let master = Master {
        forms: vec![
            MasterForm::new("1", form("宣传费", "20")),
            MasterForm::new("2", form("培训费", "5")),
        ],
    };
    write_master(&master, path, false, &[]).unwrap();
}

#[test]
fn a_master_is_read_as_its_projects_and_said_to_be_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("总表.xlsx");
    two_project_master(&path);
    let out = jixiao::read::read_path(&path, None).unwrap();
    assert_eq!(out.document.forms.len(), 2);
    assert!(
        out.warnings
            .iter()
            .any(|w| w.message.contains("总表") && w.message.contains("fill")),
        "{:?}",
        out.warnings
    );
    let o = common::jixiao(&["check", path.to_str().unwrap()]);
    let err = common::stderr(&o);
    assert!(
        err.contains("共检查 2 张表") && err.contains("jixiao fill"),
        "{err}"
    );
}

#[test]
fn a_master_beside_its_forms_is_not_counted_twice() {
    let dir = tempfile::tempdir().unwrap();
    two_project_master(&dir.path().join("总表.xlsx"));
    write_json(&dir.path().join("1.json"), vec![form("宣传费", "20")], 0);
    write_json(&dir.path().join("2.json"), vec![form("培训费", "5")], 0);
    let (files, _) = jixiao::bulk::expand_inputs(&[dir.path().to_path_buf()], None);
    assert_eq!(files.len(), 3);
    let got = jixiao::bulk::collect(&files, &|| {});
    assert_eq!(got.master.forms.len(), 2);
    assert_eq!(
        got.findings
            .iter()
            .filter(|f| f.message.contains("重复"))
            .count(),
        2
    );
}

#[test]
fn collect_to_csv_neutralises_formula_text_and_reads_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = [
        "=HYPERLINK(\"http://x\",\"点此\")",
        "+1+cmd",
        "@SUM(A1)",
        "-2+3",
    ];
    let forms = hostile.iter().map(|n| form(n, "-5")).collect();
    write_json(&dir.path().join("in.json"), forms, 0);
    let out = dir.path().join("projects.csv");
    let o = common::jixiao(&[
        "collect",
        dir.path().join("in.json").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let mut seen = 0;
    for record in reader.records() {
        for field in record.unwrap().iter() {
            let number = field.parse::<f64>().is_ok();
            assert!(
                number || !field.starts_with(['=', '+', '-', '@']),
                "{field}"
            );
            seen += usize::from(field.starts_with('\''));
        }
    }
    assert_eq!(seen, hostile.len());
    let back = jixiao::bulk::master::read_master(&out).unwrap();
    let names: Vec<_> = back
        .master
        .forms
        .iter()
        .map(|m| m.form.project_name().unwrap().to_string())
        .collect();
    assert_eq!(names, hostile);
}

/// The XML of one part of an .xlsx.
fn part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_summary_prints_as_an_official_table_and_opens_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.xlsx");
    let o = common::jixiao(&[
        "collect",
        "tests/golden/declaration-minhang-2024.json",
        "tests/golden/selfeval-jiading-2024.json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    // 汇总表 is the fourth sheet; the workbook opens on it.
    let book = part(&out, "xl/workbook.xml");
    assert!(book.contains("activeTab=\"3\""), "{book}");
    assert!(book.contains("_xlnm.Print_Titles"), "{book}");
    let xml = part(&out, "xl/worksheets/sheet4.xml");
    assert!(xml.contains("orientation=\"landscape\""), "{xml}");
    assert!(xml.contains("paperSize=\"9\""), "{xml}");
    assert!(xml.contains("fitToHeight=\"0\""), "{xml}");
    assert!(
        xml.contains("<fitToPage/>") || xml.contains("fitToPage=\"1\""),
        "{xml}"
    );
    assert!(xml.contains("<mergeCell ref=\"A1:K1\"/>"), "{xml}");
    let styles = part(&out, "xl/styles.xml");
    assert!(styles.contains("<left style=\"thin\">"), "{styles}");
    // 申报表 rows show no 执行数, rate, score or grade.
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let summary = calamine::Reader::worksheet_range(&mut book, "汇总表").unwrap();
    let declaration = summary
        .rows()
        .find(|r| r[3] == "申报表")
        .expect("a 申报表 row");
    assert!(
        declaration[6..10]
            .iter()
            .all(|c| *c == calamine::Data::Empty),
        "{declaration:?}"
    );
}
