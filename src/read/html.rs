//! The web-page reader (`.html`, `.htm`): every `<table>` with its
//! `rowspan`/`colspan` becomes a grid (named 表1, 表2, … in page order), with
//! the text just above it (the form's title, 单位：万元) as rows over it.
//!
//! Pages often lay themselves out with tables; a table that holds another
//! table is layout, and its own text is read as text around the inner
//! tables, so the innermost tables are the forms. GBK/GB2312 pages are
//! decoded by their `<meta charset>` (or byte-order mark).
//!
//! The parser is html5gum, a WHATWG-conformant tokenizer with no
//! dependencies; tables need only tags, attributes and text, and the table
//! rules (implied `</td>` and `</tr>`, spans clamped to the table) are kept
//! here.
//!
//! ```
//! let page = "<h2>财政项目支出绩效目标申报表</h2><table><tr><td>项目名称</td>\
//!             <td colspan=3>宣传费</td></tr></table>";
//! let out = jixiao::read::html::read_html(page.as_bytes(), "a.html").unwrap();
//! assert_eq!(out.document.forms[0].project_name(), Some("宣传费"));
//! ```

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::grid::Grid;
use super::recognize::recognize_with;
use super::table::{Merge, TableReader};
use super::vocab::Vocabulary;
use super::{ReadError, ReadOutput, Warning};

/// Reads every form in a web page's tables.
pub fn read_html(bytes: &[u8], file: &str) -> Result<ReadOutput, ReadError> {
    read_html_with(bytes, file, Vocabulary::builtin())
}

/// [`read_html`] with a given vocabulary (the built-in one plus `--labels`).
pub fn read_html_with(
    bytes: &[u8],
    file: &str,
    vocab: &Vocabulary,
) -> Result<ReadOutput, ReadError> {
    read_html_text(&decode(bytes), file, vocab)
}

/// Reads the forms in the tables of decoded HTML (a web page, or Markdown
/// whose tables are HTML, as pandoc and PDF-to-Markdown tools write tables
/// with merged cells).
pub(crate) fn read_html_text(
    text: &str,
    file: &str,
    vocab: &Vocabulary,
) -> Result<ReadOutput, ReadError> {
    let grids = page_grids(text).map_err(|what| ReadError::Encoding {
        file: file.to_string(),
        what,
    })?;
    if grids.is_empty() {
        return Err(ReadError::NoForm {
            file: file.to_string(),
            hint: "网页里没有表格（<table>）；表单应是网页中的表格".into(),
        });
    }
    read_grids(&grids, file, "表格", vocab)
}

/// Runs the recognizer over document tables; a table with no form is a
/// warning, no form at all an error. `what` names the tables in messages.
pub(crate) fn read_grids(
    grids: &[Grid],
    file: &str,
    what: &str,
    vocab: &Vocabulary,
) -> Result<ReadOutput, ReadError> {
    let mut out = ReadOutput::default();
    let mut skipped = Vec::new();
    for grid in grids {
        if recognize_with(grid, file, vocab, &mut out)? == 0 {
            skipped.push(grid.name.clone());
        }
    }
    if out.document.forms.is_empty() {
        let hint = format!(
            "{} 个{what}都没有表单标题（…绩效自评表、…绩效目标申报表、…绩效目标表）或“项目名称”",
            grids.len()
        );
        return out.or_no_form(file, &hint);
    }
    // Layout and navigation tables are common; name them once, together.
    if !skipped.is_empty() && skipped.len() < grids.len() {
        out.warnings.push(Warning {
            place: grids[0].place_at(0, 0, 0),
            message: format!("{what} {} 中没有表单，已跳过", skipped.join("、")),
        });
    }
    Ok(out)
}

/// Decodes a page: byte-order mark, then `<meta charset>` in the first
/// kilobytes, then UTF-8, falling back to GB18030 (a superset of GBK and
/// GB2312) when the bytes are not UTF-8.
fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    let head = &bytes[..bytes.len().min(4096)];
    let enc = meta_charset(head)
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    // Pages lie about their charset; bytes that are not UTF-8 are GBK here.
    let enc = match (enc == encoding_rs::UTF_8, std::str::from_utf8(bytes)) {
        (true, Err(_)) => encoding_rs::GB18030,
        _ => enc,
    };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// The label after `charset=` in a page's head (`<meta charset="gbk">` or
/// `content="text/html; charset=gb2312"`).
fn meta_charset(head: &[u8]) -> Option<String> {
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let label: String = lower[at..]
        .iter()
        .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        .map(|&b| b as char)
        .collect();
    (!label.is_empty()).then_some(label)
}

/// Tags after which text starts on a new line.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "hr"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "caption"
            | "center"
            | "dt"
            | "dd"
            | "pre"
            | "blockquote"
    )
}

/// Elements whose text is not page text.
fn is_hidden(tag: &str) -> bool {
    matches!(
        tag,
        "script" | "style" | "title" | "head" | "noscript" | "template"
    )
}

/// Grids of the page's form tables, in page order.
fn page_grids(text: &str) -> Result<Vec<Grid>, String> {
    let mut emitter = DefaultEmitter::default();
    // Text in <script> and <style> is not markup.
    emitter.naively_switch_states(true);
    let mut reader = TableReader::default();
    let mut hidden = 0usize;
    let mut complete = false;
    for token in Tokenizer::new_with_emitter(text, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if is_hidden(&name) {
                    hidden += usize::from(!tag.self_closing);
                    continue;
                }
                let span = |k: &str| {
                    tag.attributes
                        .get(k.as_bytes())
                        .and_then(|v| leading_number(&String::from_utf8_lossy(&v.value)))
                        .unwrap_or(1)
                };
                match name.as_str() {
                    "table" => reader.start_table(),
                    "tr" => reader.start_row(),
                    "td" | "th" => {
                        reader.start_cell(Merge::Rows(span("rowspan")), span("colspan"), None)
                    }
                    _ if is_block(&name) => reader.br(),
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                complete |= matches!(name.as_str(), "html" | "body");
                if is_hidden(&name) {
                    hidden = hidden.saturating_sub(1);
                    continue;
                }
                match name.as_str() {
                    "table" => reader.end_table()?,
                    "tr" => reader.end_row(),
                    "td" | "th" => reader.end_cell(),
                    _ if is_block(&name) => reader.br(),
                    _ => {}
                }
            }
            Token::String(s) if hidden == 0 => reader.text(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    reader.finish(complete)
}

/// `rowspan="3"`, `colspan=2px`: the leading digits.
fn leading_number(v: &str) -> Option<usize> {
    let digits: String = v.trim().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(g: &Grid) -> Vec<(usize, usize, usize, usize, String)> {
        let mut v: Vec<_> = g
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.rows, c.cols, c.value.text()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn spans_push_later_cells_right() {
        let g = page_grids(
            "<p>标题</p><table><tr><td rowspan=2>a<td>b<td>c<tr><td>d</td><td>e</table>",
        )
        .unwrap();
        assert_eq!(
            texts(&g[0]),
            vec![
                (0, 0, 1, 3, "标题".into()),
                (1, 0, 2, 1, "a".into()),
                (1, 1, 1, 1, "b".into()),
                (1, 2, 1, 1, "c".into()),
                (2, 1, 1, 1, "d".into()),
                (2, 2, 1, 1, "e".into()),
            ]
        );
    }

    #[test]
    fn layout_tables_give_their_text_to_the_inner_table() {
        let page = "<table><tr><td>导航</td><td><h1>自评表</h1>\
                    <table><tr><td>x</td><td>1</td></tr><tr><td>x2</td><td>2</td></tr>\
                    <tr><td>x3</td><td>3</td></tr></table><p>注</p></td></tr></table>\
                    <table><tr><td>y</td></tr></table>";
        let g = page_grids(page).unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(texts(&g[0])[0].4, "导航");
        assert_eq!(texts(&g[0])[1].4, "自评表");
        assert_eq!(texts(&g[0]).len(), 8);
        assert_eq!(texts(&g[0])[2].4, "x");
        assert_eq!(texts(&g[1])[0].4, "注");
    }

    #[test]
    fn gbk_pages_decode_by_meta_charset() {
        let (body, _, _) = encoding_rs::GBK.encode("<table><tr><td>项目名称</td></tr></table>");
        let mut page =
            b"<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">".to_vec();
        page.extend_from_slice(&body);
        assert!(decode(&page).contains("项目名称"));
        // No meta, not UTF-8: GBK.
        assert!(decode(&body).contains("项目名称"));
    }

    #[test]
    fn line_breaks_stay_inside_cells_and_scripts_are_skipped() {
        let g = page_grids(
            "<script>var t='<table>';</script><table><tr><td>a<br>b&nbsp;c</td></table>",
        )
        .unwrap();
        assert_eq!(texts(&g[0]), vec![(0, 0, 1, 1, "a\nb c".into())]);
    }
}
