//! Golden JSON → model → XLSX → read back → the same model, for every golden
//! file; the written files are checked with calamine, independently of the
//! reader.

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use jixiao::layout::{layout_form, LayoutOptions};
use jixiao::model::{Document, Form};
use jixiao::read::xlsx::read_xlsx;
use jixiao::write::xlsx::write_xlsx;

mod common;
use common::on_paper;

fn golden_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/golden")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 4);
    files
}

fn golden(path: &Path) -> Document {
    common::golden_doc(&path.file_stem().unwrap().to_string_lossy())
}

fn write(doc: &Document, dir: &Path, name: &str, formulas: bool) -> PathBuf {
    let options = LayoutOptions {
        formulas,
        ..Default::default()
    };
    let grids: Vec<_> = doc
        .forms
        .iter()
        .map(|f| layout_form(f, &options).unwrap())
        .collect();
    let path = dir.join(format!("{name}.xlsx"));
    write_xlsx(&grids, &path, false).unwrap();
    path
}

fn assert_round_trip(formulas: bool) {
    let dir = tempfile::tempdir().unwrap();
    for file in golden_files() {
        let doc = golden(&file);
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        let path = write(&doc, dir.path(), &name, formulas);
        let back = read_xlsx(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(back.warnings.is_empty(), "{name}: {:?}", back.warnings);
        assert_eq!(back.document.forms.len(), doc.forms.len(), "{name}");
        for (i, (got, want)) in back
            .document
            .forms
            .into_iter()
            .zip(doc.forms.clone())
            .enumerate()
        {
            common::assert_same_forms(&[got], &[on_paper(want)], &format!("{name} form {}", i + 1));
        }
    }
}

#[test]
fn golden_forms_round_trip_exactly() {
    assert_round_trip(false);
}

#[test]
fn golden_forms_round_trip_with_formulas() {
    assert_round_trip(true);
}

#[test]
fn written_cells_read_back_independently() {
    let dir = tempfile::tempdir().unwrap();
    let doc = golden(Path::new("tests/golden/selfeval-jiading-2024.json"));
    let path = write(&doc, dir.path(), "selfeval", false);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), doc.forms.len());
    assert_eq!(names[0], "其他社会保障类");
    let range = wb.worksheet_range(&names[0]).unwrap();
    let text = |r: u32, c: u32| {
        range
            .get_value((r, c))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    assert_eq!(text(0, 0), "财政项目支出绩效自评表");
    assert_eq!(text(2, 0), "项目名称");
    assert_eq!(text(2, 1), "其他社会保障类");
    assert_eq!(
        text(5, 0),
        "年度资金总额".replace("年度资金总额", "") + &text(5, 0)
    );
    assert_eq!(text(5, 1), "年度资金总额");
    assert_eq!(range.get_value((5, 2)), Some(&Data::Float(7.8)));
    assert_eq!(text(6, 5), "—", "the official dash in the sub-row weight");
    let merges = wb.merge_cells_by_sheet_name(&names[0]).unwrap();
    let has = |r0: u32, c0: u32, r1: u32, c1: u32| {
        merges
            .iter()
            .any(|d| d.start == (r0, c0) && d.end == (r1, c1))
    };
    assert!(has(0, 0, 0, 7), "title across the top");
    assert!(has(4, 0, 8, 0), "项目资金 label down the five funding rows");
    assert!(has(9, 0, 10, 0), "年度总体目标 label");
    // Indicator rows start at row 12; 产出指标 spans its four rows.
    assert_eq!(text(13, 0), "产出指标");
    assert!(has(13, 0, 16, 0), "level 1 merged down: {merges:?}");
    assert!(has(14, 1, 15, 1), "质量指标 merged over its two rows");
}

fn sheet_xml(path: &Path, n: usize) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{n}.xml"))
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut wb = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut wb)
        .unwrap();
    xml + &wb
}

#[test]
fn print_setup_is_a4_fit_to_width_with_repeated_header() {
    let dir = tempfile::tempdir().unwrap();
    for file in golden_files() {
        let doc = golden(&file);
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        let path = write(&doc, dir.path(), &name, false);
        let xml = sheet_xml(&path, 1);
        assert!(xml.contains("paperSize=\"9\""), "{name}: A4");
        assert!(xml.contains("orientation=\"portrait\""), "{name}");
        assert!(
            xml.contains("fitToHeight=\"0\"") && xml.contains("fitToPage=\"1\""),
            "{name}: fit to width"
        );
        assert!(xml.contains("horizontalCentered=\"1\""), "{name}");
        assert!(
            xml.contains("_xlnm.Print_Titles"),
            "{name}: repeated header rows"
        );
        assert!(
            xml.contains("customHeight=\"1\""),
            "{name}: fitted row heights"
        );
    }
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let mut doc = golden(Path::new("tests/golden/declaration-minhang-2024.json"));
    doc.forms.truncate(1);
    if let Form::TargetDeclaration(f) = &mut doc.forms[0] {
        f.project_name = Some("=HYPERLINK(\"http://x\")".into());
        f.goals.annual = Some("+1 @home -2".into());
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(&doc, dir.path(), "formula-like", false);
    let xml = sheet_xml(&path, 1);
    assert!(!xml.contains("<f>"), "no formula cells");
    let back = read_xlsx(&path).unwrap();
    common::assert_same_forms(
        &back.document.forms,
        &[on_paper(doc.forms[0].clone())],
        "formula-like",
    );
}

#[test]
fn formulas_are_live_with_cached_results() {
    let doc = golden(Path::new("tests/golden/selfeval-jiading-hrss-2024.json"));
    let dir = tempfile::tempdir().unwrap();
    let path = write(&doc, dir.path(), "formulas", true);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let formulas = wb.worksheet_formula(&name).unwrap();
    let all: Vec<String> = formulas
        .used_cells()
        .map(|(_, _, f)| f.clone())
        .filter(|f| !f.is_empty())
        .collect();
    assert!(
        all.iter().any(|f| f.contains("ROUND(E6/D6*100,2)")),
        "{all:?}"
    );
    assert!(
        all.iter().any(|f| f.starts_with("N(H6)+SUM(G13:G")),
        "{all:?}"
    );
    let values = wb.worksheet_range(&name).unwrap();
    assert_eq!(
        values.get_value((5, 6)),
        Some(&Data::Float(85.93)),
        "cached execution rate"
    );
}

#[test]
fn existing_files_are_not_overwritten_without_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.xlsx");
    std::fs::write(&path, b"keep me").unwrap();
    let doc = golden(Path::new("tests/golden/target-table-putuo-2020.json"));
    let grids: Vec<_> = doc
        .forms
        .iter()
        .map(|f| layout_form(f, &Default::default()).unwrap())
        .collect();
    let err = write_xlsx(&grids, &path, false).unwrap_err();
    assert!(err.to_string().contains("x.xlsx"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
    write_xlsx(&grids, &path, true).unwrap();
    assert_eq!(read_xlsx(&path).unwrap().document.forms.len(), 3);
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary files left behind");
}

#[test]
fn text_reader_output_round_trips_through_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    for file in golden_files() {
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        let sample = format!("samples/{name}.txt");
        let bytes = std::fs::read(&sample).unwrap();
        let doc = jixiao::read::text::read_text(&bytes, &sample)
            .unwrap()
            .document;
        let path = write(&doc, dir.path(), &name, false);
        let back = read_xlsx(&path).unwrap().document;
        let want: Vec<Form> = doc.forms.into_iter().map(on_paper).collect();
        common::assert_same_forms(&back.forms, &want, &name);
    }
}
