//! Workbooks made by another program (openpyxl, see
//! tests/fixtures/make_xlsx_fixtures.py) with the quirks of hand-made files
//! read back to the golden forms they were drawn from.

use std::path::Path;

use jixiao::model::Form;
use jixiao::read::xlsx::read_xlsx;
use jixiao::read::{Place, ReadError};

mod common;
use common::golden_form as golden;

fn cell(sheet: &str, cell: &str) -> Place {
    Place::Cell {
        sheet: sheet.into(),
        cell: cell.into(),
    }
}

#[test]
fn shifted_form_with_text_numbers_fraction_rates_and_spaced_labels() {
    let out = read_xlsx(Path::new("tests/fixtures/selfeval-shifted.xlsx")).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    common::assert_same_forms(
        &out.document.forms,
        &[golden("selfeval-jiading-2024", 0)],
        "fixture",
    );
    // Places are absolute: the form starts 3 rows down and 2 columns across.
    assert_eq!(out.places[0].start, Some(cell("自评表", "C4")));
    assert_eq!(
        out.places[0].of("project_name"),
        Some(&cell("自评表", "E6"))
    );
    assert_eq!(
        out.places[0].of("funding.total"),
        Some(&cell("自评表", "F9"))
    );
}

#[test]
fn declaration_with_date_serials_and_a_merged_indicator_label() {
    let out = read_xlsx(Path::new("tests/fixtures/declaration-dates.xlsx")).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    common::assert_same_forms(
        &out.document.forms,
        &[golden("declaration-minhang-2024", 0)],
        "fixture",
    );
}

#[test]
fn several_forms_in_one_workbook_and_sheets_without_a_form() {
    let out = read_xlsx(Path::new("tests/fixtures/two-forms.xlsx")).unwrap();
    common::assert_same_forms(
        &out.document.forms,
        &[
            golden("target-table-putuo-2020", 0),
            golden("selfeval-jiading-hrss-2024", 1),
        ],
        "fixture",
    );
    let skipped: Vec<String> = out.warnings.iter().map(|w| w.place.to_string()).collect();
    assert_eq!(skipped, vec!["说明!A1", "空白!A1"]);
    assert!(
        out.warnings[0].message.contains("不是绩效表"),
        "{}",
        out.warnings[0].message
    );
}

#[test]
fn errors_name_the_file_sheet_and_cell_and_what_was_expected() {
    use jixiao::layout::{layout_form, CellContent, LayoutOptions};
    let dir = tempfile::tempdir().unwrap();
    let err = read_xlsx(&dir.path().join("missing.xlsx")).unwrap_err();
    assert!(matches!(err, ReadError::Io { .. }), "{err}");
    std::fs::write(dir.path().join("junk.xlsx"), b"not a zip").unwrap();
    let err = read_xlsx(&dir.path().join("junk.xlsx")).unwrap_err();
    assert!(
        err.to_string().contains("junk.xlsx") && err.to_string().contains("不是 XLSX 文件"),
        "{err}"
    );

    // A word where the form wants an amount.
    let form = golden("declaration-minhang-2024", 0);
    let mut grid = layout_form(&form, &LayoutOptions::default()).unwrap();
    let cell = grid
        .cells
        .iter_mut()
        .find(|c| matches!(c.content, CellContent::Number { .. }))
        .unwrap();
    cell.content = CellContent::Text("十万元".into());
    let path = dir.path().join("bad.xlsx");
    jixiao::write::xlsx::write_xlsx(&[grid], &path, false).unwrap();
    // The field stays empty, with a warning naming the place.
    let out = read_xlsx(&path).unwrap();
    let Form::TargetDeclaration(f) = &out.document.forms[0] else {
        panic!("a declaration")
    };
    assert_eq!(f.funding.annual_total, None);
    let err = out
        .warnings
        .iter()
        .map(|w| w.to_string())
        .find(|w| w.contains("应为数字"))
        .unwrap_or_default();
    assert!(err.contains("征地养老费支出!F6"), "{err}");
    assert!(
        err.contains("年度资金申请总额") && err.contains("应为数字"),
        "{err}"
    );

    // A workbook with no form at all.
    let grid = layout_form(&form, &LayoutOptions::default()).unwrap();
    let blank = jixiao::layout::Grid {
        cells: Vec::new(),
        ..grid
    };
    let path = dir.path().join("empty.xlsx");
    jixiao::write::xlsx::write_xlsx(&[blank], &path, false).unwrap();
    let err = read_xlsx(&path).unwrap_err();
    assert!(matches!(err, ReadError::NoForm { .. }), "{err}");
}

/// The same workbook saved by LibreOffice as .ods and .xls. calamine gives
/// no number formats for these, so numbers keep their value but not their
/// trailing zeros ("10.00" reads as 10); the model compares numerically here.
#[test]
fn ods_and_xls_read_through_calamine() {
    let want = vec![
        golden("target-table-putuo-2020", 0),
        golden("selfeval-jiading-hrss-2024", 1),
    ];
    for ext in ["ods", "xls"] {
        let path = format!("tests/fixtures/two-forms.{ext}");
        let out = jixiao::read::read_path(Path::new(&path), None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.document.forms, want, "{ext}");
        assert_eq!(
            out.warnings.len(),
            2,
            "{ext}: the two sheets without a form"
        );
    }
}

#[test]
fn stacked_forms_on_one_sheet_under_a_collection_title() {
    let out = read_xlsx(Path::new("tests/fixtures/stacked.xlsx")).unwrap();
    let doc = common::golden_doc("declaration-minhang-2024");
    assert_eq!(out.document.title, doc.title);
    let want: Vec<_> = (0..3)
        .map(|i| golden("declaration-minhang-2024", i))
        .collect();
    common::assert_same_forms(&out.document.forms, &want, "stacked");
    let starts: Vec<String> = out
        .places
        .iter()
        .map(|p| p.start.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(starts[0], "汇总!B4");
}
