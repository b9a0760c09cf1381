//! Every bundled sample re-shaped into each text shape of variants.md §3
//! (tools/reshape.py, from the workbook `jixiao convert --to xlsx` writes)
//! reads back ≥ 99 % of its golden fields, with the shape told from the text
//! and with the shape forced. Fields are counted like `formcheck.py diff`:
//! text without white space, numbers as decimals, null = missing,
//! indicators by position.
//!
//! `pdftotext -layout` of LibreOffice's PDF print of the samples' workbooks
//! (made by .ci/shapes.sh into target/shapes/pdf/): issue 9 wants ≥ 97 %
//! of every sample's fields ([`PDFTOTEXT_FLOOR`]); the test prints each
//! share, and passes with a note when those files are not there.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use jixiao::model::Decimal;
use jixiao::read::text::{read_text_as, TextShape};
use serde_json::Value;

#[path = "common/form_fields.rs"]
mod form_fields;
use form_fields::flatten as fields;

const SAMPLES: &[&str] = &[
    "selfeval-jiading-2024",
    "selfeval-jiading-hrss-2024",
    "declaration-minhang-2024",
    "target-table-putuo-2020",
];

/// Each re-shaped file and the shape that reads it when forced (`None`:
/// tables drawn with characters, told by their borders, not a shape of
/// their own: `src/read/text/drawn.rs`).
const SHAPES: &[(&str, Option<TextShape>)] = &[
    ("tabs", Some(TextShape::Tabs)),
    // Tab rows as a spreadsheet copies or saves them: cells holding a line
    // break quoted, so a row spans lines (`src/read/text/quoted.rs`).
    ("quoted", Some(TextShape::Tabs)),
    ("layout", Some(TextShape::Layout)),
    ("pipes", Some(TextShape::Pipes)),
    ("cells", Some(TextShape::Cells)),
    ("line", Some(TextShape::Line)),
    // Python's html2text: `a| b`, a cell's line breaks kept.
    ("html2text", Some(TextShape::Pipes)),
    // Pandoc's Markdown multiline tables and grid tables with spans.
    ("multiline", None),
    ("grid", None),
];

/// The readings of a re-shaped file: told, and forced when a shape reads it.
fn readings(name: &str, shape: Option<TextShape>) -> Vec<(Option<TextShape>, String)> {
    let mut out = vec![(None, name.to_string())];
    if let Some(shape) = shape {
        out.insert(0, (Some(shape), format!("{name} (forced)")));
    }
    out
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s
            .replace("<p>", "")
            .replace("</p>", "")
            .split_whitespace()
            .collect(),
        other => other.to_string(),
    }
}

fn decimal(v: &Value) -> Option<Decimal> {
    let s: String = text(v)
        .chars()
        .filter(|c| !matches!(c, ',' | '%'))
        .collect();
    Decimal::from_str(&s).ok()
}

fn same(a: &Value, b: &Value, num: bool) -> bool {
    match (num, decimal(a), decimal(b)) {
        (true, Some(x), Some(y)) => x == y,
        _ => text(a) == text(b),
    }
}

/// (fields that match, fields, first differences) of `got` against `want`.
fn score(got: &Value, want: &Value) -> (usize, usize, Vec<String>) {
    let forms = |v: &Value| {
        v.get("forms")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (got, want) = (forms(got), forms(want));
    let (mut ok, mut total, mut diffs) = (0, 0, Vec::new());
    let mut pool = got.clone();
    for (i, w) in want.iter().enumerate() {
        let name = text(w.get("project_name").unwrap_or(&Value::Null));
        let g = match pool
            .iter()
            .position(|g| text(g.get("project_name").unwrap_or(&Value::Null)) == name)
        {
            Some(k) => pool.remove(k),
            None => got.get(i).cloned().unwrap_or(Value::Null),
        };
        let mut check = |path: String, gv: &Value, wv: &Value, num: bool| {
            total += 1;
            if same(gv, wv, num) {
                ok += 1;
            } else if diffs.len() < 12 {
                let cut = |v: &Value| v.to_string().chars().take(50).collect::<String>();
                diffs.push(format!(
                    "form {} {path}: got {} want {}",
                    i + 1,
                    cut(gv),
                    cut(wv)
                ));
            }
        };
        let gf = fields(&g);
        for (p, wv, num) in fields(w) {
            let gv = gf
                .iter()
                .find(|(q, _, _)| *q == p)
                .map_or(Value::Null, |x| x.1.clone());
            check(p, &gv, &wv, num);
        }
        let list = |v: &Value| {
            v.get("indicators")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (gi, wi) = (list(&g), list(w));
        let kind = w.get("kind").and_then(Value::as_str).unwrap_or("");
        let keys: &[&str] = if kind == "self_evaluation" {
            &[
                "level1", "level2", "name", "target", "actual", "weight", "score", "note",
            ]
        } else {
            &["level1", "level2", "name", "target"]
        };
        for (j, wr) in wi.iter().enumerate() {
            for k in keys {
                let gv = gi
                    .get(j)
                    .and_then(|r| r.get(*k))
                    .cloned()
                    .unwrap_or(Value::Null);
                let wv = wr.get(*k).cloned().unwrap_or(Value::Null);
                check(
                    format!("indicators[{j}].{k}"),
                    &gv,
                    &wv,
                    matches!(*k, "weight" | "score"),
                );
            }
        }
    }
    (ok, total, diffs)
}

fn jixiao() -> &'static str {
    env!("CARGO_BIN_EXE_jixiao")
}

/// The samples re-shaped: dir/STEM.SHAPE.txt for every sample and shape.
fn reshaped(dir: &Path) -> bool {
    SAMPLES
        .iter()
        .all(|s| reshape(Path::new(&format!("samples/{s}.txt")), s, dir))
}

/// One form file re-shaped (through the workbook jixiao writes of it) into
/// dir/STEM.SHAPE.txt for every shape; false when python3 is missing.
fn reshape(source: &Path, stem: &str, dir: &Path) -> bool {
    let xlsx = dir.join(format!("{stem}.xlsx"));
    let st = Command::new(jixiao())
        .arg("convert")
        .arg(source)
        .args(["--to", "xlsx", "-o"])
        .arg(&xlsx)
        .output()
        .expect("jixiao runs");
    assert!(
        xlsx.exists(),
        "{stem}: no workbook: {}",
        String::from_utf8_lossy(&st.stderr)
    );
    let py = Command::new("python3")
        .arg("tools/reshape.py")
        .arg(&xlsx)
        .arg(dir)
        .output();
    match py {
        Ok(o) if o.status.success() => true,
        Ok(o) => panic!("reshape.py failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => {
            println!("NOTE: python3 not available ({e}); re-shaped forms not checked");
            false
        }
    }
}

fn read_as_json(path: &Path, shape: Option<TextShape>) -> Value {
    let bytes = std::fs::read(path).expect("re-shaped file");
    let doc = match read_text_as(&bytes, &path.display().to_string(), shape) {
        Ok(out) => out.document,
        Err(e) => {
            println!("{}: {e}", path.display());
            Default::default()
        }
    };
    serde_json::from_str(&jixiao::write::json::to_json(&doc)).expect("our JSON parses")
}

fn golden(stem: &str) -> Value {
    let text = std::fs::read_to_string(format!("tests/golden/{stem}.json")).expect("golden");
    serde_json::from_str(&text).expect("golden parses")
}

/// Reads `path` and returns its share of golden fields, printing a line.
fn share(path: &Path, stem: &str, shape: Option<TextShape>, what: &str) -> f64 {
    share_of(path, stem, &golden(stem), shape, what)
}

/// Reads `path` and returns its share of `want`'s fields, printing a line.
fn share_of(path: &Path, stem: &str, want: &Value, shape: Option<TextShape>, what: &str) -> f64 {
    let (ok, total, diffs) = score(&read_as_json(path, shape), want);
    let r = ok as f64 / total.max(1) as f64;
    println!("{stem:28} {what:14} {ok:5}/{total:5} = {:6.2} %", r * 100.0);
    if r < 1.0 {
        for d in diffs.iter().take(4) {
            println!("    {d}");
        }
    }
    r
}

#[test]
fn samples_read_in_every_text_shape() {
    let dir = tempfile::tempdir().expect("temp dir");
    if !reshaped(dir.path()) {
        return;
    }
    let mut low = Vec::new();
    for stem in SAMPLES {
        for (name, shape) in SHAPES {
            let path = dir.path().join(format!("{stem}.{name}.txt"));
            for (forced, what) in readings(name, *shape) {
                let r = share(&path, stem, forced, &what);
                if r < 0.99 {
                    low.push(format!("{stem} {what}: {:.2} %", r * 100.0));
                }
            }
        }
    }
    assert!(low.is_empty(), "below 99 % of fields: {low:#?}");
}

/// The share of reference fields the real forms re-shaped read, told and
/// forced: issue 9's 0.99. Every shape reads 100 % since tab text the line
/// reader reads differently goes to the grid (`src/read/text/choose.rs`;
/// told tab text of the Sichuan form read 76.9 % before).
const REAL_FLOOR: f64 = 0.99;

/// The two real forms of other provinces (their reference JSON, through the
/// workbook jixiao writes of it) re-shaped into every text shape read back
/// their reference fields, told and forced (≥ [`REAL_FLOOR`]; printed below 99 %).
#[test]
fn real_forms_read_in_every_text_shape() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut low = Vec::new();
    for stem in [
        "sc-qingshen-2023-selfeval",
        "ah-chizhou-tangxi-2022-selfeval-a",
    ] {
        let reference = PathBuf::from(format!("tests/fixtures/grid/{stem}.json"));
        if !reshape(&reference, stem, dir.path()) {
            return;
        }
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(&reference).unwrap()).unwrap();
        for (name, shape) in SHAPES {
            let path = dir.path().join(format!("{stem}.{name}.txt"));
            for (forced, what) in readings(name, *shape) {
                let r = share_of(&path, stem, &want, forced, &what);
                if r < 0.99 {
                    println!("    {stem} {what}: below the 99 % issue 9 wants");
                }
                if r < REAL_FLOOR {
                    low.push(format!("{stem} {what}: {:.2} %", r * 100.0));
                }
            }
        }
    }
    assert!(low.is_empty(), "below {REAL_FLOOR} of fields: {low:#?}");
}

#[test]
fn shapes_are_told_from_the_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    if !reshaped(dir.path()) {
        return;
    }
    for stem in SAMPLES {
        for (name, shape) in SHAPES {
            let Some(shape) = shape else { continue };
            let text =
                std::fs::read_to_string(dir.path().join(format!("{stem}.{name}.txt"))).unwrap();
            let told = TextShape::detect(text.lines());
            // Tab-separated text is read by the samples' own reader.
            let want = if *shape == TextShape::Tabs {
                TextShape::Samples
            } else {
                *shape
            };
            assert_eq!(told, want, "{stem}.{name}");
        }
        let own = std::fs::read_to_string(format!("samples/{stem}.txt")).unwrap();
        assert_eq!(TextShape::detect(own.lines()), TextShape::Samples, "{stem}");
    }
}

/// The samples' own text through the grid and the recognizer
/// (`--from text:samples-grid`) writes the very JSON the line reader writes
/// (`text:samples`), byte for byte, and every golden field.
#[test]
fn samples_own_shape_through_the_grid() {
    let json = |path: &Path, shape: TextShape| {
        let bytes = std::fs::read(path).expect("sample");
        let out = read_text_as(&bytes, &path.display().to_string(), Some(shape)).expect("forms");
        jixiao::write::json::to_json(&out.document)
    };
    let mut wrong = Vec::new();
    for stem in SAMPLES {
        let path = PathBuf::from(format!("samples/{stem}.txt"));
        let r = share(&path, stem, Some(TextShape::SamplesGrid), "samples-grid");
        let (grid, lines) = (
            json(&path, TextShape::SamplesGrid),
            json(&path, TextShape::Samples),
        );
        if r < 1.0 || grid != lines {
            let at = grid
                .lines()
                .zip(lines.lines())
                .position(|(a, b)| a != b)
                .map_or(0, |k| k + 1);
            wrong.push(format!(
                "{stem}: {:.2} % of golden fields, JSON differs from the line reader's at line {at}",
                r * 100.0
            ));
        }
    }
    // The samples one after another in one file (as the read_text bench
    // streams them): the text after a form's last row is no part of it.
    let dir = tempfile::tempdir().expect("temp dir");
    let all = dir.path().join("all.txt");
    let text: String = SAMPLES
        .iter()
        .map(|stem| std::fs::read_to_string(format!("samples/{stem}.txt")).expect("sample"))
        .collect();
    std::fs::write(&all, text).expect("written");
    if json(&all, TextShape::SamplesGrid) != json(&all, TextShape::Samples) {
        wrong.push("the samples in one file: JSON differs from the line reader's".into());
    }
    assert!(wrong.is_empty(), "samples-grid not exact: {wrong:#?}");
}

/// The share of fields `pdftotext -layout` text reads, every sample
/// (98.45-100 % since columns are counted as pdftotext counts them, a CJK
/// character one; 97.2-99.8 % before; issue 9's target is 97 %).
const PDFTOTEXT_FLOOR: f64 = 0.98;

/// pdftotext -layout of the LibreOffice print, made by .ci/shapes.sh.
#[test]
fn pdftotext_layout_of_the_printed_workbooks() {
    pdftotext_reads("target/shapes/pdf", PDFTOTEXT_FLOOR, Some(0.97));
}

/// The share of fields `pdftotext -layout` of Writer's print of the
/// samples' Word files reads: 93.7-98.0 % (jiading 95.19, hrss 93.81,
/// minhang 93.70, putuo 98.01 %); 84.4-95.6 % before categories cut over
/// lines anywhere were joined, a sheet's name set apart below a form was
/// left out of it, names split around their values showed centred text and
/// 项目资金 / (元) kept its unit;
/// 83.4 % before a field label one space before its value was two cells
/// and a category beside a centred cell's first line stopped making it a
/// row line. Before columns were counted as pdftotext counts them and such
/// text was told as aligned, 61-89 % by another measure (weight and
/// execution rate swapped in one form).
const WRITER_PDFTOTEXT_FLOOR: f64 = 0.93;

/// pdftotext -layout of Writer's print (.ci/direct.sh prints, .ci/shapes.sh
/// extracts).
#[test]
fn pdftotext_layout_of_writer_prints() {
    pdftotext_reads("target/shapes/writer", WRITER_PDFTOTEXT_FLOOR, None);
}

/// Reads `DIR/STEM.txt` of every sample there, each at least `floor` of
/// its fields (printing those under `target`).
fn pdftotext_reads(dir: &str, floor: f64, target: Option<f64>) {
    let dir = PathBuf::from(dir);
    let mut low = Vec::new();
    let mut seen = 0;
    for stem in SAMPLES {
        let path = dir.join(format!("{stem}.txt"));
        if !path.exists() {
            continue;
        }
        seen += 1;
        let r = share(&path, stem, None, "pdftotext");
        if target.is_some_and(|t| r < t) {
            println!("    {stem}: below the 97 % issue 9 wants");
        }
        if r < floor {
            low.push(format!("{stem}: {:.2} %", r * 100.0));
        }
    }
    if seen == 0 {
        println!(
            "NOTE: no {}/*.txt (run .ci/direct.sh and .ci/shapes.sh); not checked",
            dir.display()
        );
    }
    assert!(
        low.is_empty(),
        "pdftotext -layout in {} below {:.0} % of fields: {low:#?}",
        dir.display(),
        floor * 100.0
    );
}

/// One cell per line (` |` after each, `|` for an empty cell) from rows.
fn cells_text(rows: &[&[&str]]) -> String {
    rows.iter()
        .flat_map(|r| r.iter())
        .map(|c| {
            if c.is_empty() {
                "|\n".to_string()
            } else {
                format!("{c} |\n")
            }
        })
        .collect()
}

fn read_cells(rows: &[&[&str]]) -> jixiao::read::ReadOutput {
    let text = cells_text(rows);
    read_text_as(text.as_bytes(), "bad.txt", Some(TextShape::Cells)).expect("forms read")
}

const HEAD: &[&str] = &[
    "项目支出绩效自评表",
    "(2023年度)",
    "项目名称",
    "甲项目",
    "主管部门",
    "某局",
];
const FUND: &[&str] = &[
    "项目资金(万元)",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
];

#[test]
fn bad_input_is_warned_with_its_line_and_kept_out_of_fields() {
    // An unknown column in the indicator heading.
    let out = read_cells(&[
        HEAD,
        &[
            "一级指标",
            "二级指标",
            "三级指标",
            "备注栏",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
        ],
        &[
            "产出指标",
            "数量指标",
            "人数",
            "内部备注",
            "≥10人",
            "12人",
            "10",
            "9",
        ],
    ]);
    let w: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        w.iter()
            .any(|m| m.contains("备注栏") && m.starts_with("第 10 行")),
        "{w:#?}"
    );
    let json = jixiao::write::json::to_json(&out.document);
    assert!(
        !json.contains("内部备注"),
        "the unknown column's value reached a field: {json}"
    );
    assert!(json.contains("≥10人") && json.contains("12人"), "{json}");

    // A funding row with one cell too many.
    let out = read_cells(&[
        HEAD,
        FUND,
        &["年度资金总额", "1", "2", "2", "10", "100%", "10", "999"],
    ]);
    let w: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        w.iter()
            .any(|m| m.contains("999") && m.starts_with("第 21 行")),
        "{w:#?}"
    );
    assert!(!jixiao::write::json::to_json(&out.document).contains("999"));

    // Two forms run together, the second without its title.
    let table: &[&str] = &[
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
    ];
    let row: &[&str] = &["产出指标", "数量指标", "人数", "≥10人", "12人", "10", "9"];
    let out = read_cells(&[
        HEAD,
        table,
        row,
        &["项目名称", "乙项目", "主管部门", "某局"],
        table,
        row,
    ]);
    let names: Vec<_> = out
        .document
        .forms
        .iter()
        .map(|f| f.project_name())
        .collect();
    assert_eq!(names, [Some("甲项目"), Some("乙项目")]);
    let w: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert!(w.iter().any(|m| m.starts_with("第 21 行")), "{w:#?}");

    // A form cut off inside an indicator row.
    let out = read_cells(&[
        HEAD,
        &[
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
        ],
        &["产出指标", "数量指标", "人数", "≥10人", "12人", "10", "9"],
        &["质量指标", "合格"],
    ]);
    let w: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        w.iter()
            .any(|m| m.contains("中间结束") && m.starts_with("第 22 行")),
        "{w:#?}"
    );
}

/// Writer's text export of a Word table: one cell per line, a cell's line
/// breaks kept (`项目` / `绩效` / `目标`), an empty cell a blank line. The
/// label's pieces join into the label, so the goal text goes under its
/// heading, not into the label's place.
#[test]
fn a_label_cut_over_lines_of_one_cell_each_is_one_label() {
    let text = "财政项目支出绩效目标申报表\n(2024年度)\n项目名称\n某项目\n项目性质\n经常性项目\n\
                主管部门\n某局\n实施单位\n某中心\n项目\n绩效\n目标\n项目总目标\n年度总体目标\n\n\n\
                全年完成某项工作。\n绩效\n指标\n一级指标\n二级指标\n三级指标\n年度(/项目)指标值\n\
                产出指标\n数量指标\n完成人数\n=100(人)\n";
    let out = read_text_as(text.as_bytes(), "writer.txt", Some(TextShape::Cells)).expect("a form");
    let form = serde_json::to_value(&out.document.forms[0]).unwrap();
    assert_eq!(form["goals"]["annual"], "全年完成某项工作。", "{form:#}");
    assert_eq!(form["goals"]["overall"], Value::Null, "{form:#}");
    assert_eq!(form["indicators"][0]["name"], "完成人数", "{form:#}");
}
