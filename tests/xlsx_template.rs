//! Blank official forms, edited templates, and a reader that never panics.

use std::path::Path;

use jixiao::layout::{blank_form, layout_form, CellContent, LayoutOptions, Template};
use jixiao::model::{Form, FormKind};
use jixiao::read::xlsx::read_xlsx;
use jixiao::write::xlsx::write_xlsx;

#[test]
fn blank_forms_have_formulas_and_read_back_as_their_kind() {
    let dir = tempfile::tempdir().unwrap();
    let options = LayoutOptions {
        formulas: true,
        ..Default::default()
    };
    for kind in FormKind::ALL {
        let grid = layout_form(&blank_form(kind, 6), &options).unwrap();
        let path = dir.path().join(format!("{}.xlsx", kind.as_str()));
        write_xlsx(std::slice::from_ref(&grid), &path, false).unwrap();
        let out = read_xlsx(&path).unwrap();
        assert_eq!(out.document.forms.len(), 1);
        let form = &out.document.forms[0];
        assert_eq!(form.kind(), kind);
        assert_eq!(form.title(), Some(kind.official_title()));
        assert_eq!(
            form.indicator_count(),
            0,
            "empty indicator rows are not indicators"
        );
        let formulas = grid
            .cells
            .iter()
            .filter(|c| matches!(c.content, CellContent::Formula { .. }))
            .count();
        let want = if kind == FormKind::SelfEvaluation {
            7
        } else {
            0
        };
        assert_eq!(formulas, want, "{kind:?}");
        // Six empty indicator rows under the header.
        let (_, header) = grid.repeat_rows.unwrap();
        assert_eq!(
            grid.rows.len() - header - 1,
            6 + if kind == FormKind::SelfEvaluation {
                2
            } else {
                0
            }
        );
    }
}

#[test]
fn a_filled_blank_form_computes_nothing_wrong() {
    // The blank self-evaluation keeps its units and dashes where the official form has them.
    let grid = layout_form(
        &blank_form(FormKind::SelfEvaluation, 1),
        &LayoutOptions::default(),
    )
    .unwrap();
    let texts: Vec<String> = grid
        .cells
        .iter()
        .map(|c| c.content.display_text())
        .collect();
    assert!(texts.contains(&"项目资金\n（万元）".to_string()));
    assert_eq!(texts.iter().filter(|t| *t == "—").count(), 6);
}

#[test]
fn an_edited_template_changes_the_output_and_still_reads_back() {
    let (_, text) = Template::builtin_source(FormKind::TargetTable);
    let edited = text
        .replace("columns = [42, 40, 46, 52]", "columns = [30, 50, 50, 50]")
        .replace(
            "text = \"本项目上年度市级财政资金使用情况\"",
            "text = \"上年度资金使用情况\"",
        );
    let dir = tempfile::tempdir().unwrap();
    let template_path = dir.path().join("table.toml");
    std::fs::write(&template_path, edited).unwrap();
    let template = Template::load(&template_path).unwrap();
    let mut options = LayoutOptions::default();
    options.templates.insert(FormKind::TargetTable, template);

    let bytes = std::fs::read("tests/golden/target-table-putuo-2020.json").unwrap();
    let doc = jixiao::read::json::read_json(&bytes, "golden")
        .unwrap()
        .document;
    let grid = layout_form(&doc.forms[0], &options).unwrap();
    assert_eq!(grid.columns, vec![30.0, 50.0, 50.0, 50.0]);
    assert!(grid
        .cells
        .iter()
        .any(|c| c.content.display_text() == "上年度资金使用情况"));
    let path = dir.path().join("edited.xlsx");
    write_xlsx(&[grid], &path, false).unwrap();
    let back = read_xlsx(&path).unwrap();
    assert_eq!(
        back.document.forms[0].project_name(),
        doc.forms[0].project_name()
    );

    // A template for another kind is refused, naming both kinds.
    let declaration = Form::TargetDeclaration(Default::default());
    let mut wrong = LayoutOptions::default();
    wrong.templates.insert(
        FormKind::TargetDeclaration,
        Template::builtin(FormKind::TargetTable),
    );
    let err = layout_form(&declaration, &wrong).unwrap_err().to_string();
    assert!(
        err.contains("target_table") && err.contains("target_declaration"),
        "{err}"
    );

    let err = Template::load(Path::new("no/such/template.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("no/such/template.toml"), "{err}");
}

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

#[test]
fn the_reader_never_panics_on_scrambled_forms() {
    let words = [
        "财政项目支出绩效自评表",
        "财政项目支出绩效目标申报表",
        "财政项目支出绩效目标表",
        "项目名称",
        "主管部门",
        "实施单位",
        "项目资金（万元）",
        "项目资金(",
        "年初预算数",
        "全年预算数",
        "执行率",
        "年度资金总额",
        "其他资金",
        "一级指标",
        "二级指标",
        "三级指标",
        "一级目标",
        "年度指标值",
        "分值",
        "得分",
        "总分",
        "评分等级",
        "预期目标",
        "实际完成情况",
        "项目总目标",
        "年度总体目标",
        "计划开始日期",
        "项目总预算（",
        "(2024年度)",
        "1,234.00",
        "40.87%",
        "abc",
        "—",
        "=1+1",
        "",
        " ",
        "满意度指标",
        "数量指标",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Lcg(7);
    let mut found = 0;
    for case in 0..150 {
        let mut wb = rust_xlsxwriter::Workbook::new();
        for _ in 0..1 + rng.next(3) {
            let sheet = wb.add_worksheet();
            let mut merged: Vec<(u32, u16, u32, u16)> = Vec::new();
            for _ in 0..rng.next(120) {
                let (r, c) = (rng.next(30) as u32, rng.next(10) as u16);
                match rng.next(4) {
                    0 => sheet
                        .write_number(r, c, rng.next(100_000) as f64 / 100.0)
                        .map(|_| ()),
                    1 => {
                        let (r1, c1) = (r + 1 + rng.next(3) as u32, c + rng.next(3) as u16);
                        let w = words[rng.next(words.len() as u64) as usize];
                        let f = rust_xlsxwriter::Format::new();
                        // Overlapping merges are invalid in any workbook; skip them.
                        let overlaps = merged
                            .iter()
                            .any(|&(a, b, x, y)| r <= x && a <= r1 && c <= y && b <= c1);
                        if overlaps {
                            Ok(())
                        } else {
                            merged.push((r, c, r1, c1));
                            sheet.merge_range(r, c, r1, c1, w, &f).map(|_| ())
                        }
                    }
                    _ => sheet
                        .write_string(r, c, words[rng.next(words.len() as u64) as usize])
                        .map(|_| ()),
                }
                .unwrap();
            }
        }
        let path = dir.path().join(format!("case{case}.xlsx"));
        wb.save(&path).unwrap();
        // Any Ok or Err is fine; a panic fails the test.
        found += read_xlsx(&path).map_or(0, |out| out.document.forms.len());
    }
    assert!(
        found > 20,
        "the scrambles should still hold some forms: {found}"
    );
}

/// Row heights (points) of the first sheet, by 1-based row number.
fn sheet_row_heights(path: &Path) -> std::collections::HashMap<u32, f64> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    let mut out = std::collections::HashMap::new();
    for row in xml.split("<row ").skip(1) {
        let head = &row[..row.find('>').unwrap()];
        let attr = |name: &str| {
            let at = head.find(&format!("{name}=\""))? + name.len() + 2;
            Some(head[at..at + head[at..].find('"')?].to_string())
        };
        if let (Some(r), Some(ht)) = (attr("r"), attr("ht")) {
            out.insert(r.parse().unwrap(), ht.parse().unwrap());
        }
    }
    out
}

#[test]
fn blank_free_text_cells_are_tall_enough_to_write_in() {
    let dir = tempfile::tempdir().unwrap();
    // (kind, a label of a free-text row or the row above it, blank minimum mm)
    let cases = [
        (FormKind::TargetTable, "项目概况", 0, 24.0),
        (FormKind::TargetTable, "立项依据", 0, 24.0),
        (FormKind::TargetTable, "总目标及阶段性目标", 0, 24.0),
        (FormKind::TargetDeclaration, "年度总体目标", 1, 36.0),
        (FormKind::SelfEvaluation, "预期目标", 1, 36.0),
    ];
    for (kind, label, below, mm) in cases {
        let grid = layout_form(&blank_form(kind, 3), &LayoutOptions::default()).unwrap();
        let row = grid
            .cells
            .iter()
            .find(|c| c.content.display_text() == label)
            .unwrap_or_else(|| panic!("{label}"))
            .row
            + below;
        assert!(
            grid.rows[row].min_height >= mm,
            "{kind:?} {label}: {:?}",
            grid.rows[row]
        );
        // The workbook carries the height (points), as the PDF does.
        let path = dir.path().join(format!("{}-{row}.xlsx", kind.as_str()));
        write_xlsx(std::slice::from_ref(&grid), &path, false).unwrap();
        let ht = sheet_row_heights(&path)[&(row as u32 + 1)];
        assert!(
            ht >= f64::from(mm) * 72.0 / 25.4 - 0.5,
            "{kind:?} {label}: {ht} pt"
        );
    }
    // A filled form keeps its rows as tall as their text needs.
    let mut form = blank_form(FormKind::TargetTable, 1);
    if let Form::TargetTable(f) = &mut form {
        f.overview = Some("短".into());
    }
    let grid = layout_form(&form, &LayoutOptions::default()).unwrap();
    let row = grid
        .cells
        .iter()
        .find(|c| c.content.display_text() == "短")
        .unwrap()
        .row;
    assert!(grid.rows[row].min_height < 24.0);
}

#[test]
fn a_layout_template_of_another_kind_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("decl.toml");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&[
        "template",
        "target-declaration",
        "-o",
        toml.to_str().unwrap()
    ])
    .status
    .success());
    let out = dir.path().join("x.xlsx");
    for args in [
        vec![
            "template",
            "self-evaluation",
            "--template",
            toml.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        vec![
            "convert",
            "samples/selfeval-jiading-2024.txt",
            "--template",
            toml.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    ] {
        let o = run(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("decl.toml") && err.contains("绩效目标申报表"),
            "{err}"
        );
        assert!(!out.exists());
    }
    // The right kind is used.
    let o = run(&[
        "convert",
        "samples/declaration-minhang-2024.txt",
        "--template",
        toml.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
