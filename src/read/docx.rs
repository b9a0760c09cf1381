//! The Word reader (`.docx`): every table (`w:tbl`) of the document body
//! becomes a grid (表1, 表2, … in document order), cells spanning columns by
//! `w:gridSpan` and rows by `w:vMerge`, with the paragraphs just above a
//! table (the form's title, 单位：万元) as rows over it, as a spreadsheet of
//! the page would hold them.
//!
//! A table inside a table cell is read as its own table and the outer one
//! as page layout whose text surrounds it (see [`super::table::TableReader`]),
//! so the inner table keeps its rows and columns and no text is lost.
//!
//! The package is read with `zip` (deflate only) and `word/document.xml`
//! with quick-xml's pull parser; the part is bounded in size before it is
//! inflated.
//!
//! ```
//! let xml = r#"<w:document xmlns:w="w"><w:body>
//!   <w:p><w:r><w:t>财政项目支出绩效目标申报表</w:t></w:r></w:p>
//!   <w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目名称</w:t></w:r></w:p></w:tc>
//!   <w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>宣传费</w:t></w:r></w:p></w:tc>
//!   </w:tr></w:tbl></w:body></w:document>"#;
//! let grids = jixiao::read::docx::document_grids(xml).unwrap();
//! assert_eq!(grids[0].cells[2].cols, 3);
//! ```

use std::io::Read;

use quick_xml::events::Event;

use super::grid::Grid;
use super::html::read_grids;
use super::table::{Merge, TableReader};
use super::vocab::Vocabulary;
use super::{ReadError, ReadOutput};

/// The largest `word/document.xml` read (inflated); forms are far smaller.
pub const MAX_DOCUMENT_XML: u64 = 256 << 20;

/// Reads every form in a Word document's tables.
pub fn read_docx(bytes: &[u8], file: &str) -> Result<ReadOutput, ReadError> {
    read_docx_with(bytes, file, Vocabulary::builtin())
}

/// [`read_docx`] with a given vocabulary (the built-in one plus `--labels`).
pub fn read_docx_with(
    bytes: &[u8],
    file: &str,
    vocab: &Vocabulary,
) -> Result<ReadOutput, ReadError> {
    let bad = |what: String| ReadError::Encoding {
        file: file.to_string(),
        what,
    };
    if let Some(kind) = super::doc::compound_kind(bytes) {
        return Err(bad(match kind {
            super::doc::Compound::Word => {
                "这是旧版 Word 97-2003 文档（.doc），不是 .docx：请把扩展名改为 .doc，或用 --from doc 读取"
            }
            _ => "这是加密的 Word 文档（或其他复合文档）：请在 Word/WPS 里解除密码后另存为 .docx",
        }
        .into()));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("不是完整的 .docx 文件（ZIP 包损坏或被截断：{e}）")))?;
    let mut part = zip
        .by_name("word/document.xml")
        .map_err(|_| bad("不是 Word 文档：.docx 包里没有 word/document.xml".into()))?;
    if part.size() > MAX_DOCUMENT_XML {
        return Err(bad(format!(
            "word/document.xml 有 {} MB，太大，不像是表单",
            part.size() >> 20
        )));
    }
    let mut xml = Vec::new();
    part.by_ref()
        .take(MAX_DOCUMENT_XML + 1)
        .read_to_end(&mut xml)
        .map_err(|e| {
            bad(format!(
                "word/document.xml 无法解压（文件损坏或被截断：{e}）"
            ))
        })?;
    let text = match encoding_rs::Encoding::for_bom(&xml) {
        Some((enc, bom)) => enc.decode_without_bom_handling(&xml[bom..]).0.into_owned(),
        None => {
            String::from_utf8(xml).map_err(|_| bad("word/document.xml 不是 UTF-8 文本".into()))?
        }
    };
    let grids = document_grids(&text).map_err(|what| ReadError::Encoding {
        file: file.to_string(),
        what,
    })?;
    if grids.is_empty() {
        return Err(ReadError::NoForm {
            file: file.to_string(),
            hint: "文档里没有表格（w:tbl）；表单应是 Word 文档中的表格".into(),
        });
    }
    read_grids(&grids, file, "表格", vocab)
}

/// A cell whose properties (`w:tcPr`) are being read.
#[derive(Default)]
struct PendingCell {
    cols: usize,
    merge: Option<Merge>,
}

/// Where the reader is in one table.
#[derive(Default)]
struct TableState {
    /// Next grid column of the current row.
    col: usize,
    /// A cell opened but not yet handed to the table reader.
    pending: Option<PendingCell>,
}

/// Grids of the document's form tables, from `word/document.xml`.
pub fn document_grids(xml: &str) -> Result<Vec<Grid>, String> {
    let mut xml_reader = quick_xml::Reader::from_str(xml);
    let mut reader = TableReader::default();
    let mut tables: Vec<TableState> = Vec::new();
    let mut in_text = false;
    // Depth inside mc:Fallback (a copy of mc:Choice's text) or w:del.
    let mut skipped = 0usize;
    loop {
        let event = xml_reader.read_event().map_err(|e| {
            format!(
                "word/document.xml 不是完整的 XML（字节 {}：{e}），文件可能被截断",
                xml_reader.buffer_position()
            )
        })?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skipped > 0 || matches!(name, "Fallback" | "del" | "delText" | "instrText") {
                    skipped += usize::from(!empty);
                    continue;
                }
                let val = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "val")
                    .map(|a| a.value.to_string());
                match name {
                    "tbl" => {
                        start_pending(&mut reader, &mut tables);
                        reader.start_table();
                        tables.push(TableState::default());
                    }
                    "tr" => {
                        reader.start_row();
                        if let Some(t) = tables.last_mut() {
                            t.col = 0;
                        }
                    }
                    "gridBefore" => {
                        if let Some(t) = tables.last_mut() {
                            t.col += number(val.as_deref()).min(1_000);
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.pending = Some(PendingCell {
                                cols: 1,
                                merge: None,
                            });
                        }
                        if empty {
                            start_pending(&mut reader, &mut tables);
                        }
                    }
                    "gridSpan" => {
                        if let Some(p) = tables.last_mut().and_then(|t| t.pending.as_mut()) {
                            p.cols = number(val.as_deref()).clamp(1, 1_000);
                        }
                    }
                    "vMerge" => {
                        if let Some(p) = tables.last_mut().and_then(|t| t.pending.as_mut()) {
                            p.merge = Some(match val.as_deref() {
                                Some("restart") => Merge::Rows(1),
                                _ => Merge::Continue,
                            });
                        }
                    }
                    "t" => in_text = !empty,
                    "tab" => reader.text(" "),
                    "br" | "cr" => reader.br(),
                    "p" => start_pending(&mut reader, &mut tables),
                    _ => {}
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skipped > 0 {
                    skipped -= 1;
                    continue;
                }
                match name {
                    "tbl" => {
                        tables.pop();
                        reader.end_table()?;
                    }
                    "tr" => reader.end_row(),
                    "tcPr" => start_pending(&mut reader, &mut tables),
                    "tc" => {
                        start_pending(&mut reader, &mut tables);
                        reader.end_cell();
                    }
                    "t" => in_text = false,
                    "p" => reader.br(),
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skipped == 0 => reader.text(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && skipped == 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                        .map(str::to_string),
                };
                if let Some(s) = resolved {
                    reader.text(&s);
                }
            }
            Event::CData(t) if in_text && skipped == 0 => reader.text(&t.into_inner()),
            Event::Eof => break,
            _ => {}
        }
    }
    if !tables.is_empty() {
        return Err("word/document.xml 在表格中间结束，文件可能被截断".into());
    }
    reader.finish(true)
}

/// Hands an opened cell to the table reader once its properties are known
/// (at the end of `w:tcPr`, or at its first paragraph or table).
fn start_pending(reader: &mut TableReader, tables: &mut [TableState]) {
    let Some(t) = tables.last_mut() else {
        return;
    };
    if let Some(p) = t.pending.take() {
        reader.start_cell(p.merge.unwrap_or(Merge::Rows(1)), p.cols, Some(t.col));
        t.col += p.cols;
    }
}

fn number(v: Option<&str>) -> usize {
    v.and_then(|v| v.trim().parse().ok()).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(g: &Grid) -> Vec<(usize, usize, usize, usize, String)> {
        let mut v: Vec<_> = g
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.rows, c.cols, c.value.text()))
            .collect();
        v.sort();
        v
    }

    fn tc(pr: &str, text: &str) -> String {
        format!("<w:tc><w:tcPr>{pr}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
    }

    #[test]
    fn vertical_merges_and_grid_spans() {
        let xml = format!(
            "<w:document xmlns:w=\"w\"><w:body><w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl></w:body></w:document>",
            tc("<w:vMerge w:val=\"restart\"/>", "产出指标"),
            tc("<w:gridSpan w:val=\"2\"/>", "数量 &amp; 质量"),
            tc("<w:vMerge/>", ""),
            tc("<w:gridSpan w:val=\"2\"/>", "x"),
        );
        let g = document_grids(&xml).unwrap();
        assert_eq!(
            cells(&g[0]),
            vec![
                (0, 0, 2, 1, "产出指标".into()),
                (0, 1, 1, 2, "数量 & 质量".into()),
                (1, 1, 1, 2, "x".into()),
            ]
        );
    }

    #[test]
    fn a_small_table_inside_a_cell_stays_in_the_cell() {
        let inner = format!(
            "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
            tc("", "甲"),
            tc("", "乙")
        );
        let xml = format!(
            "<w:document><w:body><w:tbl><w:tr>{}<w:tc><w:p><w:r><w:t>前</w:t></w:r></w:p>{inner}<w:p/></w:tc></w:tr>\
             <w:tr>{}{}</w:tr></w:tbl></w:body></w:document>",
            tc("", "项目名称"),
            tc("", "绩效"),
            tc("", "指标"),
        );
        let g = document_grids(&xml).unwrap();
        assert_eq!(g.len(), 1);
        assert_eq!(
            cells(&g[0]),
            vec![
                (0, 0, 1, 1, "项目名称".into()),
                (0, 1, 1, 1, "前\n甲 乙".into()),
                (1, 0, 1, 1, "绩效".into()),
                (1, 1, 1, 1, "指标".into()),
            ]
        );
    }

    #[test]
    fn truncated_xml_is_an_error() {
        let err = document_grids("<w:document><w:body><w:tbl><w:tr><w:tc><w:p>").unwrap_err();
        assert!(err.contains("截断"), "{err}");
    }
}
