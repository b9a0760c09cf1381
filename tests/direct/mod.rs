//! Helpers for the direct readers' tests: the golden forms laid out and
//! written as a web page or a Word document (tables with spans, as the
//! spreadsheet has them), independently of the readers.
#![allow(dead_code)]

use std::io::Write;

use jixiao::layout::grid::Grid;
use jixiao::layout::{layout_form, LayoutOptions};
use jixiao::model::Form;

/// Each form laid out as the XLSX and PDF writers draw it.
pub fn layouts(forms: &[Form]) -> Vec<Grid> {
    forms
        .iter()
        .map(|f| layout_form(f, &LayoutOptions::default()).unwrap())
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "<br>")
}

/// Rows of (col, row_span, col_span, text) in column order.
fn rows(grid: &Grid) -> Vec<Vec<(usize, usize, usize, String)>> {
    let mut rows = vec![Vec::new(); grid.rows.len()];
    for c in &grid.cells {
        rows[c.row].push((c.col, c.row_span, c.col_span, c.content.display_text()));
    }
    for r in &mut rows {
        r.sort_by_key(|c| c.0);
    }
    rows
}

/// The forms as a spreadsheet saves a sheet as CSV: one record per row,
/// a merged cell's text in its first cell and the cells it covers empty,
/// forms one after another with an empty record between them. Written with
/// the `csv` crate's writer, not the reader under test.
pub fn csv_file(grids: &[Grid]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    for grid in grids {
        let width = grid.columns.len().max(1);
        for row in rows(grid) {
            let mut fields = vec![String::new(); width];
            for (col, _, _, text) in row {
                if col < width {
                    fields[col] = text;
                }
            }
            out.write_record(&fields).unwrap();
        }
        out.write_record(vec![""; width]).unwrap();
    }
    String::from_utf8(out.into_inner().unwrap()).unwrap()
}

/// A web page with one `<table>` per form, the first row (the title) as a
/// heading above it when `title_above`.
pub fn html_page(grids: &[Grid], title_above: bool) -> String {
    let mut page = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>forms</title></head><body>\n",
    );
    for grid in grids {
        let mut rows = rows(grid);
        if title_above {
            let first = rows.remove(0);
            for (_, _, _, t) in first {
                page.push_str(&format!("<h1>{}</h1>\n", escape(&t)));
            }
        }
        page.push_str("<table border=1>\n");
        for row in rows {
            page.push_str("<tr>");
            for (_, rs, cs, text) in row {
                page.push_str(&format!(
                    "<td rowspan=\"{rs}\" colspan=\"{cs}\">{}</td>",
                    escape(&text)
                ));
            }
            page.push_str("</tr>\n");
        }
        page.push_str("</table>\n<p>第 1 页</p>\n");
    }
    page.push_str("</body></html>\n");
    page
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn paragraph(text: &str) -> String {
    let runs: Vec<String> = text
        .split('\n')
        .map(|l| format!("<w:t xml:space=\"preserve\">{}</w:t>", xml_escape(l)))
        .collect();
    format!("<w:p><w:r>{}</w:r></w:p>", runs.join("<w:br/>"))
}

/// `word/document.xml` with one `w:tbl` per form (`gridSpan`, `vMerge`),
/// the title row as a paragraph above each table; `inner` nests each form
/// table inside a one-cell layout table.
pub fn docx_body(grids: &[Grid], nest: bool) -> String {
    let mut body = String::new();
    for grid in grids {
        let mut rows = rows(grid);
        let first = rows.remove(0);
        for (_, _, _, t) in first {
            body.push_str(&paragraph(&t));
        }
        let width = grid.columns.len();
        let mut tbl = String::from("<w:tbl><w:tblGrid>");
        for _ in 0..width {
            tbl.push_str("<w:gridCol w:w=\"1000\"/>");
        }
        tbl.push_str("</w:tblGrid>");
        // Rows spanned from above, by (row, col) → (col_span).
        let mut below: std::collections::HashMap<(usize, usize), (usize, bool)> =
            Default::default();
        for (r, row) in rows.iter().enumerate() {
            for &(c, rs, cs, _) in row {
                for k in 1..rs {
                    below.insert((r + k, c), (cs, true));
                }
            }
        }
        for (r, row) in rows.iter().enumerate() {
            tbl.push_str("<w:tr>");
            let mut cells: Vec<(usize, usize, Option<&str>, bool)> = row
                .iter()
                .map(|(c, rs, cs, t)| (*c, *cs, Some(t.as_str()), *rs > 1))
                .collect();
            for (&(rr, c), &(cs, _)) in &below {
                if rr == r {
                    cells.push((c, cs, None, false));
                }
            }
            cells.sort_by_key(|c| c.0);
            let mut col = 0;
            for (c, cs, text, restart) in cells {
                while col < c {
                    tbl.push_str("<w:tc><w:p/></w:tc>");
                    col += 1;
                }
                let mut pr = String::new();
                if cs > 1 {
                    pr.push_str(&format!("<w:gridSpan w:val=\"{cs}\"/>"));
                }
                match (text, restart) {
                    (None, _) => pr.push_str("<w:vMerge/>"),
                    (Some(_), true) => pr.push_str("<w:vMerge w:val=\"restart\"/>"),
                    _ => {}
                }
                tbl.push_str(&format!(
                    "<w:tc><w:tcPr>{pr}</w:tcPr>{}</w:tc>",
                    text.map_or("<w:p/>".to_string(), paragraph)
                ));
                col += cs;
            }
            tbl.push_str("</w:tr>");
        }
        tbl.push_str("</w:tbl>");
        if nest {
            tbl = format!("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>附表</w:t></w:r></w:p>{tbl}<w:p/></w:tc></w:tr></w:tbl>");
        }
        body.push_str(&tbl);
        body.push_str(&paragraph("第 1 页"));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:sectPr/></w:body></w:document>"
    )
}

/// A minimal `.docx` package holding `document` as word/document.xml.
pub fn docx_file(document: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    let parts = [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
        ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
        ("word/document.xml", document),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

/// A one-page PDF drawing `content`, with an 8×8 grey image `/Im1` in its
/// resources (a scan is such a page with no text).
pub fn pdf_page(content: &[u8], trailer_extra: Option<lopdf::Dictionary>) -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 8, "Height" => 8,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![128u8; 64],
    );
    let image_id = doc.add_object(image);
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    if let Some(extra) = trailer_extra {
        for (k, v) in extra.iter() {
            doc.trailer.set(k.clone(), v.clone());
        }
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A PDF whose trailer says it is encrypted with a password we do not have.
pub fn encrypted_pdf() -> Vec<u8> {
    use lopdf::{dictionary, Object, StringFormat};
    let hex = |b: u8| Object::String(vec![b; 32], StringFormat::Hexadecimal);
    let mut doc = lopdf::Document::load_mem(&pdf_page(b"BT ET", None)).unwrap();
    let enc = doc.add_object(dictionary! {
        "Filter" => "Standard", "V" => 2, "R" => 3, "Length" => 128, "P" => -3904,
        "O" => hex(0x11), "U" => hex(0x22),
    });
    doc.trailer.set("Encrypt", enc);
    doc.trailer.set("ID", vec![hex(0x33), hex(0x33)]);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Leaf fields of forms as JSON (path → text with white space removed;
/// numbers as decimals), nulls left out.
fn leaves(
    v: &serde_json::Value,
    path: String,
    out: &mut std::collections::BTreeMap<String, String>,
) {
    use serde_json::Value;
    match v {
        Value::Null => {}
        Value::Object(m) => m
            .iter()
            .for_each(|(k, v)| leaves(v, format!("{path}.{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| leaves(v, format!("{path}[{i}]"), out)),
        Value::String(s) => {
            let text: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            let text = match text.parse::<rust_decimal::Decimal>() {
                Ok(d) => d.normalize().to_string(),
                Err(_) => text,
            };
            out.insert(path, text);
        }
        other => {
            out.insert(path, other.to_string());
        }
    }
}

/// Fields of `want` that `got` has equal, and how many fields either has;
/// the differing paths.
pub fn field_score(got: &[Form], want: &[Form]) -> (usize, usize, Vec<String>) {
    let mut g = Default::default();
    let mut w = Default::default();
    leaves(&serde_json::to_value(got).unwrap(), String::new(), &mut g);
    leaves(&serde_json::to_value(want).unwrap(), String::new(), &mut w);
    let mut keys: Vec<&String> = g.keys().chain(w.keys()).collect();
    keys.sort();
    keys.dedup();
    let differ: Vec<String> = keys
        .iter()
        .filter(|k| g.get(**k) != w.get(**k))
        .map(|k| format!("{k}: got {:?}, want {:?}", g.get(*k), w.get(*k)))
        .collect();
    (keys.len() - differ.len(), keys.len(), differ)
}

/// The PDF with every ruling line removed from its pages (only text left),
/// for the reader's text-alignment fallback.
pub fn without_lines(pdf: &[u8]) -> Vec<u8> {
    use lopdf::content::Content;
    let mut doc = lopdf::Document::load_mem(pdf).unwrap();
    for (_, id) in doc.get_pages() {
        let content = Content::decode(&doc.get_page_content(id)).unwrap();
        let ops: Vec<_> = content
            .operations
            .into_iter()
            .filter(|op| {
                !matches!(
                    op.operator.as_str(),
                    "re" | "S" | "s" | "m" | "l" | "h" | "f" | "B"
                )
            })
            .collect();
        let bytes = Content { operations: ops }.encode().unwrap();
        doc.change_page_content(id, bytes).unwrap();
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A compound file (`.doc`) with one stream's bytes changed by `f`.
pub fn with_stream(doc: &[u8], name: &str, f: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    use std::io::Read;
    let mut cfb = cfb::CompoundFile::open(std::io::Cursor::new(doc.to_vec())).unwrap();
    let mut bytes = Vec::new();
    cfb.open_stream(name)
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    f(&mut bytes);
    cfb.create_stream(name).unwrap().write_all(&bytes).unwrap();
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}
