//! The direct readers (web pages, Word documents, PDFs): the golden forms
//! written in each format read back to the same forms; bad files give a
//! clear error and exit 1, never a panic.

mod common;
mod direct;

use common::{assert_same_forms, golden_doc, on_paper, SAMPLES};
use jixiao::model::Form;

fn want(name: &str) -> Vec<Form> {
    golden_doc(name).forms.into_iter().map(on_paper).collect()
}

fn read_ok(
    out: Result<jixiao::read::ReadOutput, jixiao::read::ReadError>,
    what: &str,
) -> Vec<Form> {
    let out = out.unwrap_or_else(|e| panic!("{what}: {e}"));
    out.document.forms.into_iter().map(on_paper).collect()
}

#[test]
fn web_pages_of_the_golden_forms_read_back_the_same() {
    for name in SAMPLES {
        let want = want(name);
        for title_above in [false, true] {
            let page = direct::html_page(&direct::layouts(&want), title_above);
            let got = read_ok(jixiao::read::html::read_html(page.as_bytes(), name), name);
            assert_same_forms(&got, &want, &format!("{name} (title above: {title_above})"));
        }
    }
}

#[test]
fn word_tables_of_the_golden_forms_read_back_the_same() {
    for name in SAMPLES {
        let want = want(name);
        // Nested: each form table inside a one-cell layout table.
        for nest in [false, true] {
            let xml = direct::docx_body(&direct::layouts(&want), nest);
            let docx = direct::docx_file(&xml);
            let got = read_ok(jixiao::read::docx::read_docx(&docx, name), name);
            assert_same_forms(&got, &want, &format!("{name} (nested: {nest})"));
        }
    }
}

/// The golden forms as this project prints them.
fn our_pdf(forms: &[Form]) -> Vec<u8> {
    use jixiao::write::pdf::{render_pdf, PdfFont};
    render_pdf(&direct::layouts(forms), &PdfFont::builtin()).unwrap()
}

#[test]
fn our_pdfs_of_the_golden_forms_read_back_the_same() {
    for name in SAMPLES {
        let want = want(name);
        let pdf = our_pdf(&want);
        let got = read_ok(jixiao::read::pdf::read_pdf(&pdf, name), name);
        assert_same_forms(&got, &want, name);
    }
}

#[test]
#[ignore]
fn dump_pdf_rows() {
    let path = std::env::var("PDF").unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let pages = jixiao::read::pdf::pdf_pages(&bytes, &path).unwrap();
    for (p, row) in pages.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| {
                format!(
                    "[{:.1}-{:.1} r{} {}]",
                    c.x0,
                    c.x1,
                    c.rows,
                    c.text.replace('\n', "⏎")
                )
            })
            .collect();
        println!("p{p} t{:?} {}", row.table, cells.join(" "));
    }
}

#[test]
#[ignore]
fn dump_pdf_rules() {
    use jixiao::read::pdf::content::{FontCache, Interpreter};
    let path = std::env::var("PDF").unwrap();
    let doc = lopdf::Document::load(&path).unwrap();
    let id = *doc.get_pages().get(&1).unwrap();
    let content = doc.get_page_content(id);
    println!(
        "{}",
        String::from_utf8_lossy(&content[..content.len().min(3000)])
    );
    let (res, ids) = doc.get_page_resources(id).unwrap();
    let res = res.or_else(|| ids.first().and_then(|&r| doc.get_dictionary(r).ok()));
    let mut fonts = FontCache::new();
    let page = Interpreter::new(&doc, &mut fonts)
        .page(&content, res)
        .unwrap();
    for r in &page.rules {
        println!("{:.1} {:.1} {:.1} {:.1}", r.x0, r.y0, r.x1, r.y1);
    }
}
