//! The `jixiao` binary as a user runs it: exit codes, messages, outputs.

mod common;
use common::{jixiao, stderr};

use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

#[test]
fn convert_sample_to_json_file_and_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("forms.json");
    let o = jixiao(&[
        "convert",
        "samples/selfeval-jiading-2024.txt",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = jixiao::read::json::read_json(&std::fs::read(&out).unwrap(), "x")
        .unwrap()
        .document;
    assert_eq!(doc.forms.len(), 4);
    let o = jixiao(&["convert", "samples/declaration-minhang-2024.txt", "-o", "-"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["forms"].as_array().unwrap().len(), 9);
    assert_eq!(
        v["title"],
        "上海市闵行区社会保障服务中心2024年度项目绩效目标汇总表"
    );
    assert_eq!(v["forms"][0]["funding"]["annual_total"], "1094910000.00");
}

#[test]
fn several_inputs_into_one_file_or_one_per_input() {
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all.json");
    let o = jixiao(&[
        "convert",
        "samples/selfeval-jiading-2024.txt",
        "samples/target-table-putuo-2020.txt",
        "-o",
        all.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&all).unwrap()).unwrap();
    assert_eq!(v["forms"].as_array().unwrap().len(), 7);
    let folder = format!("{}/each/", dir.path().display());
    let o = jixiao(&[
        "convert",
        "samples/selfeval-jiading-2024.txt",
        "samples/target-table-putuo-2020.txt",
        "-o",
        &folder,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(Path::new(&folder)
        .join("selfeval-jiading-2024.json")
        .exists());
    assert!(Path::new(&folder)
        .join("target-table-putuo-2020.json")
        .exists());
}

#[test]
fn bad_inputs_fail_clearly_and_the_rest_still_convert() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let empty = write(d, "empty.txt", b"");
    let binary = write(
        d,
        "binary.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    );
    let noform = write(d, "notes.txt", "会议纪要\n今天讨论了预算。\n".as_bytes());
    let sample = std::fs::read_to_string("samples/selfeval-jiading-2024.txt").unwrap();
    let cut: String = sample.lines().take(20).collect::<Vec<_>>().join("\n");
    let truncated = write(d, "truncated.txt", cut.as_bytes());
    let (gbk, _, _) = encoding_rs::GBK.encode(&sample);
    let gbk = write(d, "gbk.txt", &gbk);
    let out = d.join("out.json");
    let o = jixiao(&[
        "convert",
        &empty,
        &binary,
        &noform,
        &truncated,
        &gbk,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{empty}: 没有找到表格：文件是空的")),
        "{err}"
    );
    assert!(err.contains(&format!("{binary}: 不是文本文件")), "{err}");
    assert!(err.contains(&format!("{noform}: 没有找到表格")), "{err}");
    assert!(
        err.contains(&format!("{truncated}: 第 2 行: 第 1 张表")) && err.contains("不完整"),
        "{err}"
    );
    assert!(err.contains("按 GBK/GB18030 读取"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The GBK file and the truncated form's header were still converted.
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["forms"].as_array().unwrap().len(), 5);
    assert_eq!(v["forms"][4]["project_name"], "养老事业类");
}

#[test]
fn malformed_json_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.json",
        b"{\"forms\": [\n {\"kind\": \"nope\"}\n]}",
    );
    let o = jixiao(&["check", &bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("{bad}: 第 2 行: 不是有效的表格 JSON")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("forms.json");
    std::fs::copy("tests/golden/selfeval-jiading-2024.json", &json).unwrap();
    let before = std::fs::read(&json).unwrap();
    let o = jixiao(&[
        "convert",
        json.to_str().unwrap(),
        "-o",
        json.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("refusing to overwrite an input"));
    assert_eq!(std::fs::read(&json).unwrap(), before);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        jixiao(&["convert", "samples/selfeval-jiading-2024.txt"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        jixiao(&[
            "convert",
            "samples/selfeval-jiading-2024.txt",
            "-o",
            "x.doc"
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(jixiao(&["frobnicate"]).status.code(), Some(2));
    let help = jixiao(&["convert", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples:"));
}

#[test]
fn check_reports_genuine_slips_with_places() {
    let o = jixiao(&["check", "samples/selfeval-jiading-hrss-2024.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    let errors: Vec<&str> = out.lines().filter(|l| l.contains("：错误：")).collect();
    assert_eq!(errors.len(), 4, "{out}");
    // In the form's words, with the line that holds the value; no field paths.
    assert!(out.contains("第5张表 就业支持类：错误：执行率 98.51 与 3346.92 / 3394.12 × 100 = 98.61 不符（第 118 行）"), "{out}");
    assert!(out.contains("第2张表 国有企业退休人员社会化管理补助资金：错误：总分的分值 100 与 资金分值 10 + 指标分值合计 80 = 90 不符"), "{out}");
    assert!(
        out.contains("提示：执行率 96.43 与 384.04 / 398.22 × 100 = 96.44 相差在舍入范围内"),
        "{out}"
    );
    assert!(!out.contains("funding.") && !out.contains(" but "), "{out}");
    // Clean forms exit 0.
    let o = jixiao(&[
        "check",
        "samples/selfeval-jiading-2024.txt",
        "samples/declaration-minhang-2024.txt",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // Machines get JSON lines.
    let o = jixiao(&[
        "check",
        "--json",
        "tests/golden/selfeval-jiading-hrss-2024.json",
    ]);
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&o.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(first["severity"], "error");
    assert_eq!(first["form"], 2);
    assert_eq!(first["field"], "total.weight");
    assert_eq!(first["stated"], "100");
    assert_eq!(first["expected"], "90");
}

#[test]
fn lost_marks_without_a_reason_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read("tests/golden/selfeval-jiading-2024.json").unwrap())
            .unwrap();
    doc["forms"][3]["indicators"][1]["note"] = serde_json::Value::Null;
    let p = write(dir.path(), "f.json", doc.to_string().as_bytes());
    let o = jixiao(&["check", &p]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(
            "警告：指标“发放征地养老人员费用人数”扣了 1.00 分（分值 8.00，得分 7.00），但没有填写偏差原因分析及改进措施"
        ),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn convert_to_xlsx_and_back_and_to_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("forms.xlsx");
    let o = jixiao(&[
        "convert",
        "samples/declaration-minhang-2024.txt",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = jixiao(&["convert", xlsx.to_str().unwrap(), "-o", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let back: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let want: serde_json::Value = serde_json::from_slice(
        &std::fs::read("tests/golden/declaration-minhang-2024.json").unwrap(),
    )
    .unwrap();
    let forms = back["forms"].as_array().unwrap();
    assert_eq!(forms.len(), 9);
    for (g, w) in forms.iter().zip(want["forms"].as_array().unwrap()) {
        for key in ["project_name", "department", "start_date", "funding"] {
            assert_eq!(g[key], w[key], "{key}");
        }
        assert_eq!(
            g["indicators"].as_array().unwrap().len(),
            w["indicators"].as_array().unwrap().len()
        );
    }
    let pdf = dir.path().join("forms.pdf");
    let o = jixiao(&[
        "convert",
        "samples/selfeval-jiading-2024.txt",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for needle in [
        "其他社会保障类",
        "征地安置人员资金返还完成情况",
        "128,218.00",
        "评分等级",
    ] {
        assert!(squeezed.contains(needle), "{needle} not in the PDF text");
    }
    // stdout takes JSON only.
    assert_eq!(
        jixiao(&[
            "convert",
            "samples/selfeval-jiading-2024.txt",
            "-o",
            "-",
            "--to",
            "pdf"
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn blank_template_reads_back_and_layout_source_is_editable() {
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.xlsx");
    let o = jixiao(&[
        "template",
        "self-evaluation",
        "--indicators",
        "12",
        "-o",
        blank.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = jixiao(&["template", "self-evaluation", "-o", blank.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "refuses to overwrite without --force"
    );
    // A blank form reads back as its kind, with a warning that it is blank.
    let o = jixiao(&["convert", blank.to_str().unwrap(), "-o", "-"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["forms"][0]["kind"], "self_evaluation");
    assert!(stderr(&o).contains("空白表格"), "{}", stderr(&o));
    let toml = dir.path().join("layout.toml");
    assert!(
        jixiao(&["template", "target-table", "-o", toml.to_str().unwrap()])
            .status
            .success()
    );
    let edited = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("\"一级目标\"", "\"一级目标（区级）\"");
    std::fs::write(&toml, edited).unwrap();
    let out = dir.path().join("t.xlsx");
    let o = jixiao(&[
        "convert",
        "samples/target-table-putuo-2020.txt",
        "--template",
        toml.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    assert!(
        range.cells().any(|(_, _, v)| *v == "一级目标（区级）"),
        "the edited label is drawn"
    );
    assert_eq!(
        jixiao(&["template", "nonsense", "-o", "x.xlsx"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn streamed_text_to_json_equals_the_whole_file_reader() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "selfeval-jiading-2024",
        "declaration-minhang-2024",
        "target-table-putuo-2020",
    ] {
        let src = format!("samples/{name}.txt");
        let out = dir.path().join(format!("{name}.json"));
        assert!(jixiao(&["convert", &src, "-o", out.to_str().unwrap()])
            .status
            .success());
        let streamed = std::fs::read_to_string(&out).unwrap();
        let whole = jixiao::read::text::read_text(&std::fs::read(&src).unwrap(), name).unwrap();
        assert_eq!(
            streamed,
            jixiao::write::json::to_json(&whole.document),
            "{name}"
        );
    }
}
