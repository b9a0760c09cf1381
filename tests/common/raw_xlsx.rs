//! Workbooks written part by part as raw XML, for files no spreadsheet
//! program would save (far-away cells, broken references, lying sizes).

use std::io::Write;
use std::path::Path;

/// Writes an `.xlsx` with the given sheets (name, `<sheetData>` inner XML,
/// or the whole worksheet body when it starts with `<sheetData>`) and shared
/// strings.
pub fn write(path: &Path, sheets: &[(&str, &str)], strings: &[&str]) {
    let mut parts: Vec<(String, String)> = Vec::new();
    let mut overrides = String::new();
    let mut book_sheets = String::new();
    let mut rels = String::new();
    for (i, (name, data)) in sheets.iter().enumerate() {
        let n = i + 1;
        parts.push((
            format!("xl/worksheets/sheet{n}.xml"),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{body}</worksheet>"#,
                body = if data.starts_with("<sheetData>") {
                    data.to_string()
                } else {
                    format!("<sheetData>{data}</sheetData>")
                }
            ),
        ));
        overrides.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        book_sheets.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
    }
    let sst: String = strings
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    parts.push((
        "xl/sharedStrings.xml".into(),
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">{sst}</sst>"#, strings.len()),
    ));
    rels.push_str(r#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#);
    parts.push((
        "[Content_Types].xml".into(),
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>{overrides}</Types>"#),
    ));
    parts.push((
        "_rels/.rels".into(),
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into(),
    ));
    parts.push((
        "xl/workbook.xml".into(),
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{book_sheets}</sheets></workbook>"#),
    ));
    parts.push((
        "xl/_rels/workbook.xml.rels".into(),
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#),
    ));
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// An inline-string cell.
pub fn text(cell: &str, s: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{s}</t></is></c>"#)
}

/// A number cell.
pub fn num(cell: &str, v: &str) -> String {
    format!(r#"<c r="{cell}"><v>{v}</v></c>"#)
}

/// Rewrites the uncompressed size the central directory declares for the
/// part `name` (the data stay as they are: a size that lies).
pub fn declare_size(path: &Path, name: &str, size: u32) {
    let mut bytes = std::fs::read(path).unwrap();
    let mut i = 0;
    while i + 46 < bytes.len() {
        if bytes[i..i + 4] == *b"PK\x01\x02" {
            let len = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
            if &bytes[i + 46..i + 46 + len] == name.as_bytes() {
                bytes[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
                std::fs::write(path, bytes).unwrap();
                return;
            }
        }
        i += 1;
    }
    panic!("no part {name}");
}
