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
