//! Text whose tables are HTML: Markdown as pandoc writes tables with
//! merged cells, and as PDF-to-Markdown tools (MinerU, marker) write every
//! table (`<table><tr><td rowspan="2">…`). The tables are read as a web
//! page's are, spans and all; the text around them heads them (titles).

use super::{ReadError, ReadOutput, Vocabulary};

/// Whether a text holds an HTML table with cells (a text that only names
/// the tag does not).
pub(super) fn has_html_tables(text: &str) -> bool {
    let has = |tag: &str| text.contains(tag) || text.contains(&tag.to_ascii_uppercase());
    holds_table_tag(text.as_bytes())
        && (has("<td") || has("<th"))
        && (has("</td>") || has("</tr>") || has("</table>"))
}

/// Whether bytes hold `<table` or `<TABLE` (a file scanned in chunks).
pub(super) fn holds_table_tag(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"<table").is_some()
        || memchr::memmem::find(bytes, b"<TABLE").is_some()
}

/// Reads the forms of a text's HTML tables; `note` is the decoder's
/// (an encoding assumed), kept as the first warning.
pub(super) fn read_html_tables(
    text: &str,
    note: Option<String>,
    file: &str,
    vocab: &Vocabulary,
) -> Result<ReadOutput, ReadError> {
    let mut out = crate::read::html::read_html_text(text, file, vocab)?;
    super::decode::note_first(&mut out.warnings, note);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_tables_are_told_by_their_cells() {
        assert!(has_html_tables(
            "# 表\n<table>\n<tr><td>项目名称</td></tr></table>"
        ));
        assert!(has_html_tables("<TABLE><TR><TD>a</TD></TR></TABLE>"));
        assert!(!has_html_tables("用 <table> 标签排版"));
        assert!(!has_html_tables("项目名称\t宣传费"));
    }

    #[test]
    fn markdown_with_an_html_table_reads_its_form() {
        let md = "# Sheet 1: *宣传费*\n\n<table>\n<tr><td colspan=\"4\"><strong>财政项目支出绩效目标申报表</strong></td></tr>\n\
                  <tr><td>项目名称</td><td colspan=\"3\">宣传费</td></tr>\n</table>\n";
        let out = crate::read::text::read_text(md.as_bytes(), "a.md").unwrap();
        assert_eq!(out.document.forms[0].project_name(), Some("宣传费"));
    }
}
