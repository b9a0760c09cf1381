//! Formula cells saved without their result (what openpyxl and other
//! libraries write) or showing an error value: the form's own numbers are
//! computed from their inputs, with a warning at each cell.

mod common;

use std::io::{Read, Write};
use std::path::Path;

use jixiao::check::{check_form, Severity};
use jixiao::layout::{layout_form, LayoutOptions};
use jixiao::model::Form;
use jixiao::read::xlsx::read_xlsx;

/// Rewrites every worksheet of `path` with `edit`.
fn edit_sheets(path: &Path, edit: impl Fn(&str) -> String) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut body = Vec::new();
        f.read_to_end(&mut body).unwrap();
        let name: String = f.name().unwrap().into_owned();
        if name.starts_with("xl/worksheets/") {
            body = edit(&String::from_utf8(body).unwrap()).into_bytes();
        }
        parts.push((name, body));
    }
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, body) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&body).unwrap();
    }
    zip.finish().unwrap();
}

/// Drops the cached result after every formula: `<f>…</f><v>…</v>` → `<f>…</f>`.
fn drop_results(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find("</f>") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        if rest.starts_with("<v>") {
            let end = rest.find("</v>").unwrap();
            rest = &rest[end + 4..];
        }
    }
    out.push_str(rest);
    out
}

fn written_with_formulas(form: &Form, path: &Path) {
    let options = LayoutOptions {
        formulas: true,
        ..Default::default()
    };
    let grid = layout_form(form, &options).unwrap();
    jixiao::write::xlsx::write_xlsx(&[grid], path, false).unwrap();
}

#[test]
fn formulas_without_results_are_computed_and_reported_per_cell() {
    let form = common::golden_form("selfeval-jiading-2024", 0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("script.xlsx");
    written_with_formulas(&form, &path);
    edit_sheets(&path, drop_results);
    let xml_has_results = {
        let mut a = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut s = String::new();
        a.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s.contains("</f><v>")
    };
    assert!(!xml_has_results);
    let out = read_xlsx(&path).unwrap();
    let Form::SelfEvaluation(got) = &out.document.forms[0] else {
        panic!()
    };
    let Form::SelfEvaluation(want) = &form else {
        panic!()
    };
    assert_eq!(
        got.funding.total.execution_rate,
        want.funding.total.execution_rate
    );
    assert_eq!(
        got.funding.total.score.map(|d| d.normalize()),
        want.funding.total.score.map(|d| d.normalize())
    );
    assert_eq!(
        got.total.score.map(|d| d.normalize()),
        want.total.score.map(|d| d.normalize())
    );
    let recomputed: Vec<String> = out
        .warnings
        .iter()
        .filter(|w| w.message.contains("没有保存计算结果"))
        .map(|w| w.to_string())
        .collect();
    assert!(recomputed.len() >= 3, "{:?}", out.warnings);
    assert!(
        recomputed
            .iter()
            .any(|w| w.contains("执行率是公式") && w.contains("已按公式重算")),
        "{recomputed:?}"
    );
    assert!(check_form(&out.document.forms[0])
        .iter()
        .all(|f| f.severity != Severity::Error),);
}

#[test]
fn an_error_value_in_a_result_cell_is_recomputed_and_reported() {
    let form = common::golden_form("selfeval-jiading-2024", 0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("err.xlsx");
    written_with_formulas(&form, &path);
    // Every cached result becomes #DIV/0!.
    edit_sheets(&path, |xml| {
        drop_results(xml).replace("</f></c>", "</f><v>#DIV/0!</v></c>")
    });
    // Error values need t="e" on their cell: mark cells holding a formula.
    edit_sheets(&path, |xml| {
        let mut out = String::new();
        for piece in xml.split_inclusive("</c>") {
            if piece.contains("#DIV/0!") {
                let at = piece.rfind("<c ").unwrap();
                out.push_str(&piece[..at + 3]);
                out.push_str("t=\"e\" ");
                out.push_str(&piece[at + 3..]);
            } else {
                out.push_str(piece);
            }
        }
        out
    });
    let out = read_xlsx(&path).unwrap();
    let errs: Vec<String> = out
        .warnings
        .iter()
        .filter(|w| w.message.contains("#DIV/0!"))
        .map(|w| w.to_string())
        .collect();
    assert!(
        errs.iter()
            .any(|w| w.contains("执行率是错误值 #DIV/0!，已按公式重算")),
        "{errs:?}"
    );
    let Form::SelfEvaluation(got) = &out.document.forms[0] else {
        panic!()
    };
    let Form::SelfEvaluation(want) = &form else {
        panic!()
    };
    assert_eq!(
        got.funding.total.execution_rate,
        want.funding.total.execution_rate
    );
    // The CLI reports them: not clean.
    let o = common::jixiao(&["check", path.to_str().unwrap()]);
    assert!(
        common::stderr(&o).contains("#DIV/0!"),
        "{}",
        common::stderr(&o)
    );
}
