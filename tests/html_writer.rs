//! The HTML writer: every bundled sample, through `convert --to html`, gives
//! one table per form whose cells, read back with the HTML table algorithm
//! (rowspan/colspan placement), are the layout grid's cells.

mod common;

use std::collections::HashMap;

use jixiao::layout::{layout_form, LayoutOptions};

/// One `<td>` as read back: rowspan, colspan, unescaped text.
type Td = (usize, usize, String);

/// The rows of each `<table>` in `html`, each a list of cells. A small
/// scanner, independent of the writer: it knows `<table`, `<tr`, `<td` and
/// the five entities, enough for the writer's (well-formed) output.
fn tables(html: &str) -> Vec<Vec<Vec<Td>>> {
    let mut out = Vec::new();
    for table in html.split("<table").skip(1) {
        let table = &table[..table.find("</table>").expect("table closed")];
        let mut rows = Vec::new();
        for tr in table.split("<tr").skip(1) {
            let tr = &tr[..tr.find("</tr>").expect("row closed")];
            let mut cells = Vec::new();
            for td in tr.split("<td").skip(1) {
                let (attrs, rest) = td.split_once('>').expect("td tag closed");
                let text = &rest[..rest.find("</td>").expect("td closed")];
                // Line ends are written as <br>.
                let text = &text.replace("<br>", "\n");
                let num = |name: &str| {
                    attrs
                        .split_once(&format!("{name}=\""))
                        .map(|(_, v)| v[..v.find('"').unwrap()].parse::<usize>().unwrap())
                        .unwrap_or(1)
                };
                assert!(!text.contains('<'), "unescaped markup in a cell: {text}");
                let text = text
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&");
                cells.push((num("rowspan"), num("colspan"), text));
            }
            rows.push(cells);
        }
        out.push(rows);
    }
    out
}

/// Places cells as browsers do: each row's cells fill the next free columns.
/// Returns (row, col) → (rowspan, colspan, text), and the column count.
fn place(rows: &[Vec<Td>]) -> (HashMap<(usize, usize), Td>, usize) {
    let mut taken: HashMap<(usize, usize), ()> = HashMap::new();
    let mut placed = HashMap::new();
    let mut width = 0;
    for (r, cells) in rows.iter().enumerate() {
        let mut c = 0;
        for (rs, cs, text) in cells {
            while taken.contains_key(&(r, c)) {
                c += 1;
            }
            for dr in 0..*rs {
                for dc in 0..*cs {
                    assert!(
                        taken.insert((r + dr, c + dc), ()).is_none(),
                        "overlap at {r},{c}"
                    );
                }
            }
            placed.insert((r, c), (*rs, *cs, text.clone()));
            c += cs;
            width = width.max(c);
        }
    }
    (placed, width)
}

#[test]
fn every_sample_as_html_has_the_grids_tables() {
    let dir = tempfile::tempdir().unwrap();
    let samples: Vec<_> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    assert!(samples.len() >= 4);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("convert")
        .args(&samples)
        .arg("-o")
        .arg(format!("{}/", dir.path().display()))
        .args(["--to", "html"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for sample in &samples {
        let stem = sample.file_stem().unwrap().to_str().unwrap();
        let html = std::fs::read_to_string(dir.path().join(format!("{stem}.html"))).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(
            !html.contains("http://") && !html.contains("https://") && !html.contains("<script"),
            "{stem}: the page must be self-contained"
        );
        let forms = common::golden_doc(stem).forms;
        let tables = tables(&html);
        assert_eq!(tables.len(), forms.len(), "{stem}: one table per form");
        for (i, (form, rows)) in forms.iter().zip(&tables).enumerate() {
            let grid = layout_form(form, &LayoutOptions::default()).unwrap();
            assert_eq!(rows.len(), grid.rows.len(), "{stem} form {i}: rows");
            let (placed, width) = place(rows);
            assert_eq!(width, grid.columns.len(), "{stem} form {i}: columns");
            let mut merges = 0;
            for cell in &grid.cells {
                let got = placed.get(&(cell.row, cell.col)).unwrap_or_else(|| {
                    panic!("{stem} form {i}: no cell at {},{}", cell.row, cell.col)
                });
                let want = (cell.row_span, cell.col_span, cell.content.display_text());
                assert_eq!(
                    got, &want,
                    "{stem} form {i}: cell at {},{}",
                    cell.row, cell.col
                );
                merges += usize::from(cell.row_span > 1 || cell.col_span > 1);
            }
            assert!(merges > 3, "{stem} form {i}: the official merges are there");
            // Every other placed cell is a blank filler.
            let fillers = placed.len() - grid.cells.len();
            assert!(placed.values().filter(|(_, _, t)| t.is_empty()).count() >= fillers);
            // The project name and the title are in the table.
            if let Some(name) = form.project_name() {
                assert!(
                    placed.values().any(|(_, _, t)| t.contains(name)),
                    "{stem} form {i}: {name}"
                );
            }
        }
    }
}

#[test]
fn html_output_by_extension_and_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("f.json");
    let mut doc = common::golden_doc("target-table-putuo-2020");
    doc.forms.truncate(1);
    if let jixiao::model::Form::TargetTable(f) = &mut doc.forms[0] {
        f.project_name = Some("<script>alert('x')</script> & 项目".into());
    }
    std::fs::write(&json, jixiao::write::json::to_json(&doc)).unwrap();
    let target = dir.path().join("f.html");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args([
            "convert",
            json.to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&target).unwrap();
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 项目"));
}

/// Our web pages read back by the web-page reader give the golden forms:
/// the writer and the reader agree on every merge and every digit.
#[test]
fn our_web_pages_read_back_to_the_golden_forms() {
    use jixiao::write::{write, OutputFormat, WriteOptions};
    for name in common::SAMPLES {
        let doc = common::golden_doc(name);
        let html = write(&doc, OutputFormat::Html, &WriteOptions::default()).unwrap();
        let back = jixiao::read::html::read_html(&html, name).unwrap();
        let want: Vec<_> = doc.forms.into_iter().map(common::on_paper).collect();
        let got: Vec<_> = back
            .document
            .forms
            .into_iter()
            .map(common::on_paper)
            .collect();
        common::assert_same_forms(&got, &want, name);
    }
}
