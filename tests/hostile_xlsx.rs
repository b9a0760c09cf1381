//! Workbooks made to hurt: far-away cells, references past Excel's edge,
//! parts that inflate to gigabytes, endless text. Each is a clear message
//! naming the file, never an abort.

mod common;

use common::raw_xlsx::{declare_size, num, text, write};
use jixiao::read::xlsx::read_xlsx;

fn form_rows() -> String {
    format!(
        "<row r=\"1\">{}</row><row r=\"2\">{}{}</row>",
        text("A1", "财政项目支出绩效目标申报表"),
        text("A2", "项目名称"),
        text("B2", "宣传费")
    )
}

fn read_err(sheet: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.xlsx");
    write(&path, &[("工作表1", sheet)], &[]);
    let err = read_xlsx(&path)
        .map(|o| o.document.forms.len())
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("hostile.xlsx"), "{msg}");
    msg
}

#[test]
fn a_plain_raw_workbook_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ok.xlsx");
    write(&path, &[("工作表1", &form_rows())], &[]);
    let out = read_xlsx(&path).unwrap();
    assert_eq!(out.document.forms[0].project_name(), Some("宣传费"));
}

#[test]
fn far_apart_cells_are_a_sheet_too_large_not_an_abort() {
    let sheet = format!(
        "{}<row r=\"1048576\">{}</row>",
        form_rows(),
        num("XFD1048576", "1")
    );
    let msg = read_err(&sheet);
    assert!(msg.contains("工作表太大"), "{msg}");
}

#[test]
fn a_row_past_excels_last_is_refused() {
    let sheet = format!(
        "{}<row r=\"2000000\">{}</row>",
        form_rows(),
        num("A2000000", "1")
    );
    let msg = read_err(&sheet);
    assert!(msg.contains("超出 Excel 的范围"), "{msg}");
}

#[test]
fn references_that_overflow_are_refused() {
    for bad in ["ZZZZZZZZZZ1", "A99999999999"] {
        let sheet = format!("{}<row r=\"3\">{}</row>", form_rows(), num(bad, "1"));
        let msg = read_err(&sheet);
        assert!(
            msg.contains("超出 Excel 的范围") || msg.contains("不合规范"),
            "{bad}: {msg}"
        );
    }
}

#[test]
fn a_part_declared_to_inflate_to_gigabytes_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    write(&path, &[("工作表1", &form_rows())], &["x"]);
    declare_size(&path, "xl/worksheets/sheet1.xml", 3_000_000_000);
    let msg = read_xlsx(&path).unwrap_err().to_string();
    assert!(
        msg.contains("bomb.xlsx") && msg.contains("压缩炸弹"),
        "{msg}"
    );
    assert!(msg.contains("xl/worksheets/sheet1.xml"), "{msg}");

    write(&path, &[("工作表1", &form_rows())], &["x"]);
    declare_size(&path, "xl/sharedStrings.xml", 200 << 20);
    let msg = read_xlsx(&path).unwrap_err().to_string();
    assert!(msg.contains("xl/sharedStrings.xml"), "{msg}");
}

#[test]
fn a_part_larger_than_it_says_fails_instead_of_growing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("liar.xlsx");
    let big = format!(
        "{}<row r=\"5\">{}</row>",
        form_rows(),
        text("A5", &"长".repeat(5000))
    );
    write(&path, &[("工作表1", &big)], &[]);
    declare_size(&path, "xl/worksheets/sheet1.xml", 100);
    assert!(read_xlsx(&path).is_err());
}

#[test]
fn text_longer_than_a_cell_can_hold_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.xlsx");
    let long = "长".repeat(40_000);
    let sheet = format!(
        "{}<row r=\"3\"><c r=\"B3\" t=\"s\"><v>0</v></c></row>",
        form_rows()
    );
    write(&path, &[("工作表1", &sheet)], &[&long]);
    let msg = read_xlsx(&path).unwrap_err().to_string();
    assert!(msg.contains("B3") && msg.contains("32767"), "{msg}");
}

#[test]
fn the_cli_says_sheet_too_large_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("far.xlsx");
    let sheet = format!(
        "{}<row r=\"1048576\">{}</row>",
        form_rows(),
        num("XFD1048576", "1")
    );
    write(&path, &[("工作表1", &sheet)], &[]);
    let out = common::jixiao(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    assert!(
        common::stderr(&out).contains("工作表太大"),
        "{}",
        common::stderr(&out)
    );
}

#[test]
fn a_master_with_a_far_away_cell_is_refused_by_fill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.xlsx");
    let sheet = format!(
        "<row r=\"1\">{}</row><row r=\"1048576\">{}</row>",
        text("A1", "序号"),
        num("XFD1048576", "1")
    );
    write(&path, &[("项目", &sheet), ("指标", "")], &[]);
    let msg = jixiao::bulk::master::read_master(&path)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("master.xlsx") && msg.contains("工作表太大"),
        "{msg}"
    );
}

#[test]
fn collect_keeps_the_good_forms_beside_a_hostile_one() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("1-ok.xlsx"),
        &[("工作表1", &form_rows())],
        &[],
    );
    let far = format!(
        "{}<row r=\"1048576\">{}</row>",
        form_rows(),
        num("XFD1048576", "1")
    );
    write(&dir.path().join("2-far.xlsx"), &[("工作表1", &far)], &[]);
    let files = vec![dir.path().join("1-ok.xlsx"), dir.path().join("2-far.xlsx")];
    let got = jixiao::bulk::collect(&files, &|| {});
    assert_eq!(got.master.forms.len(), 1);
    assert_eq!(got.failures.len(), 1);
    assert!(
        got.failures[0].message.contains("工作表太大"),
        "{:?}",
        got.failures
    );
}

#[test]
fn a_file_that_is_not_a_workbook_is_said_so_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报表.xlsx");
    std::fs::write(&path, "这不是工作簿").unwrap();
    let out = common::jixiao(&["check", path.to_str().unwrap()]);
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("不是 XLSX 文件（文件已损坏或不是 Excel 工作簿）"),
        "{err}"
    );
    assert!(!err.contains("EOCD") && !err.contains("zip"), "{err}");
}

#[test]
fn a_sheet_with_only_a_title_is_reported_not_a_form_of_nulls() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("title.xlsx");
    let only_title = format!(
        "<row r=\"1\">{}</row>",
        text("A1", "财政项目支出绩效自评表")
    );
    write(&path, &[("工作表1", &only_title)], &[]);
    let msg = read_xlsx(&path)
        .map(|o| o.document.forms.len())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("只有标题"), "{msg}");
    // Beside a real form: the real one is read, the blank one is an error.
    write(
        &path,
        &[("工作表1", &form_rows()), ("工作表2", &only_title)],
        &[],
    );
    let out = read_xlsx(&path).unwrap();
    assert_eq!(out.document.forms.len(), 1);
    assert!(
        out.errors
            .iter()
            .any(|e| e.to_string().contains("工作表2!A1") && e.message.contains("只有标题")),
        "{:?}",
        out.errors
    );
    let o = common::jixiao(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", common::stderr(&o));
}

#[test]
fn overlapping_merges_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("merge.xlsx");
    let body = format!(
        "<sheetData>{}<row r=\"4\">{}</row></sheetData><mergeCells count=\"2\"><mergeCell ref=\"B2:C3\"/><mergeCell ref=\"C3:D4\"/></mergeCells>",
        form_rows(),
        text("D4", "备注")
    );
    write(&path, &[("工作表1", &body)], &[]);
    let out = read_xlsx(&path).unwrap();
    assert_eq!(out.document.forms[0].project_name(), Some("宣传费"));
    assert!(
        out.warnings
            .iter()
            .any(|w| w.message.contains("C3:D4 与 B2:C3 重叠")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn two_sheets_with_one_name_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twins.xlsx");
    write(
        &path,
        &[("工作表1", &form_rows()), ("工作表1", &form_rows())],
        &[],
    );
    let out = read_xlsx(&path).unwrap();
    assert_eq!(out.document.forms.len(), 1);
    assert!(
        out.errors
            .iter()
            .any(|e| e.message.contains("两张名为“工作表1”的工作表")),
        "{:?}",
        out.errors
    );
}

#[test]
fn an_ods_whose_repeats_would_lay_out_millions_of_cells_is_refused() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repeat.ods");
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row table:number-rows-repeated="6000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
    let msg = jixiao::read::read_path(&path, None)
        .map(|o| o.document.forms.len())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("repeat.ods") && msg.contains("工作表太大"),
        "{msg}"
    );
}

#[test]
fn a_blank_template_reads_as_its_kind_with_a_warning() {
    use jixiao::layout::{blank_form, layout_form, LayoutOptions};
    use jixiao::model::FormKind;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.xlsx");
    let grid = layout_form(
        &blank_form(FormKind::TargetDeclaration, 3),
        &LayoutOptions::default(),
    )
    .unwrap();
    jixiao::write::xlsx::write_xlsx(&[grid], &path, false).unwrap();
    let out = read_xlsx(&path).unwrap();
    assert_eq!(out.document.forms[0].kind(), FormKind::TargetDeclaration);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert!(
        out.warnings.iter().any(|w| w.message.contains("空白表格")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn a_shared_string_index_that_is_not_a_number_adds_no_forms() {
    // calamine reads index "abc" as 0: the title again, below the form.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sst.xlsx");
    let sheet = format!(
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"2\">{}{}</row>\
         <row r=\"9\"><c r=\"A9\" t=\"s\"><v>abc</v></c></row>",
        text("A2", "项目名称"),
        text("B2", "宣传费")
    );
    write(
        &path,
        &[("工作表1", &sheet)],
        &["财政项目支出绩效目标申报表"],
    );
    let out = read_xlsx(&path).unwrap();
    assert_eq!(out.document.forms.len(), 1, "{:?}", out.document.forms);
    assert_eq!(out.document.forms[0].project_name(), Some("宣传费"));
    assert!(
        out.errors
            .iter()
            .any(|e| e.to_string().contains("工作表1!A9")),
        "{:?}",
        out.errors
    );
}
