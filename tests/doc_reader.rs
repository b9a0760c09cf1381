//! The `.doc` (Word 97-2003) reader on a file Writer saved: the first
//! golden 普陀 form, written as a web page by jixiao and saved as `.doc` by
//! LibreOffice Writer (tests/fixtures/target-table-putuo-2020.doc, 25 KB),
//! so it runs without LibreOffice. Also the formats told by content (a
//! `.doc` under another name and other files under `.doc`), and clear
//! errors for encrypted and cut files.

mod common;
mod direct;

use std::path::Path;

use common::{assert_same_forms, golden_form, on_paper};
use direct::with_stream;
use jixiao::model::Form;
use jixiao::read::{read_path, InputFormat};

const FIXTURE: &str = "tests/fixtures/target-table-putuo-2020.doc";

fn fixture() -> Vec<u8> {
    std::fs::read(FIXTURE).unwrap()
}

fn want() -> Vec<Form> {
    vec![golden_form("target-table-putuo-2020", 0)]
}

fn forms(path: &Path, format: Option<InputFormat>) -> Vec<Form> {
    let out = read_path(path, format).unwrap_or_else(|e| panic!("{e}"));
    out.document.forms.into_iter().map(on_paper).collect()
}

#[test]
fn a_doc_saved_by_writer_reads_back_the_golden_form() {
    let got: Vec<Form> = jixiao::read::doc::read_doc(&fixture(), "a.doc")
        .unwrap()
        .document
        .forms
        .into_iter()
        .map(on_paper)
        .collect();
    assert_same_forms(&got, &want(), "putuo .doc");
    // Every table of the file became a grid (the form is one table).
    let grids = jixiao::read::doc::doc_grids(&fixture()).unwrap();
    assert_eq!(grids.len(), 1);
    assert!(grids[0].cells.iter().any(|c| c.value.text() == "项目名称"));
}

#[test]
fn a_doc_is_told_by_its_streams_whatever_its_name() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.doc", "a.WPS", "misnamed.docx", "misnamed.xls", "noext"] {
        let path = dir.path().join(name);
        std::fs::write(&path, fixture()).unwrap();
        assert_same_forms(&forms(&path, None), &want(), name);
    }
    // --from doc overrides the name.
    let path = dir.path().join("x.txt");
    std::fs::write(&path, fixture()).unwrap();
    assert_same_forms(&forms(&path, Some(InputFormat::Doc)), &want(), "--from doc");
    let out = common::jixiao(&[
        "convert",
        dir.path().join("misnamed.docx").to_str().unwrap(),
        "-o",
        "-",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
}

#[test]
fn word_packages_and_web_pages_named_doc_are_read_as_what_they_are() {
    let golden = vec![golden_form("target-table-putuo-2020", 0)];
    let grids = direct::layouts(&golden);
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("package.doc");
    std::fs::write(&docx, direct::docx_file(&direct::docx_body(&grids, false))).unwrap();
    assert_same_forms(&forms(&docx, None), &golden, "docx named .doc");
    let html = dir.path().join("page.doc");
    std::fs::write(&html, direct::html_page(&grids, true)).unwrap();
    assert_same_forms(&forms(&html, None), &golden, "web page named .doc");
}

fn error(bytes: &[u8], name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let err = read_path(&path, None).unwrap_err().to_string();
    assert!(err.contains(name), "the message names the file: {err}");
    err
}

#[test]
fn encrypted_cut_and_foreign_files_fail_with_a_clear_message() {
    // fEncrypted (FibBase flags bit 8) set in the WordDocument stream.
    let locked = with_stream(&fixture(), "WordDocument", |w| w[0x0B] |= 0x01);
    assert!(error(&locked, "locked.doc").contains("加密"));
    // A .docx-named encrypted one is told the same.
    assert!(error(&locked, "locked.docx").contains("加密"));
    let doc = fixture();
    let err = error(&doc[..doc.len() / 2], "half.doc");
    assert!(err.contains("损坏") || err.contains("截断"), "{err}");
    assert!(error(b"{\\rtf1\\ansi hello}", "rich.doc").contains("RTF"));
    assert!(error(b"plain words", "words.doc").contains("D0 CF 11 E0"));
    // A text stream whose pieces point past the stream: text ends there.
    let cut = with_stream(&doc, "WordDocument", |w| w.truncate(2100));
    let _ = jixiao::read::doc::read_doc(&cut, "cut.doc");
}

#[test]
fn a_doc_without_paragraph_properties_has_no_table() {
    // An empty paragraph bin table (lcbPlcfBtePapx, FibRgFcLcb97 pair 13,
    // set to 0): every paragraph is outside tables, the text all flow.
    let plain = with_stream(&fixture(), "WordDocument", |w| {
        let u16_at = |at: usize| usize::from(u16::from_le_bytes([w[at], w[at + 1]]));
        let lw = 34 + u16_at(32) * 2;
        let at = lw + 2 + u16_at(lw) * 4 + 2 + 13 * 8 + 4;
        w[at..at + 4].copy_from_slice(&0u32.to_le_bytes());
    });
    let err = error(&plain, "plain.doc");
    assert!(err.contains("没有表格"), "{err}");
}
