//! Mutation tests beside each direct reader: valid files with random bytes
//! changed, cut or repeated must give forms or an error, never a panic or a
//! hang. Deterministic (a fixed seed) and bounded in time.

mod common;
mod direct;

use std::time::{Duration, Instant};

use jixiao::read::{ReadError, ReadOutput};

/// xorshift64*: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One mutation of `bytes`: flip bytes, cut, duplicate a run, or splice
/// in markup-like bytes.
fn mutate(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for _ in 0..1 + rng.below(4) {
        if b.is_empty() {
            break;
        }
        let at = rng.below(b.len());
        match rng.below(5) {
            0 => b[at] = rng.next() as u8,
            1 => b.truncate(at),
            2 => {
                let len = rng.below(64).min(b.len() - at);
                let run = b[at..at + len].to_vec();
                b.splice(at..at, run);
            }
            3 => {
                let junk: &[&[u8]] = &[
                    b"<",
                    b">",
                    b"\"",
                    b"</table>",
                    b"<td rowspan=99999 colspan=0>",
                    b"obj",
                    b"endstream",
                    b"[",
                    b"(",
                    b"<w:tbl>",
                    b"\xff\xfe",
                ];
                let s = junk[rng.below(junk.len())];
                b.splice(at..at, s.iter().copied());
            }
            _ => {
                let len = rng.below(16).min(b.len() - at);
                b.drain(at..at + len);
            }
        }
    }
    b
}

fn run(
    what: &str,
    seed: u64,
    valid: &[u8],
    rounds: usize,
    read: impl Fn(&[u8]) -> Result<ReadOutput, ReadError>,
) {
    let mut rng = Rng(seed);
    let start = Instant::now();
    let (mut ok, mut failed) = (0, 0);
    for _ in 0..rounds {
        let bytes = mutate(&mut rng, valid);
        match read(&bytes) {
            Ok(out) => {
                ok += 1;
                assert!(!out.document.forms.is_empty());
            }
            Err(e) => {
                failed += 1;
                assert!(!e.to_string().is_empty());
            }
        }
    }
    let took = start.elapsed();
    println!("{what}: {rounds} mutations, {ok} read, {failed} errors, {took:?}");
    assert!(took < Duration::from_secs(120), "{what}: too slow");
}

fn forms() -> Vec<jixiao::model::Form> {
    common::golden_doc(common::SAMPLES[2]).forms
}

#[test]
fn mutated_web_pages_never_panic() {
    let page = direct::html_page(&direct::layouts(&forms()), true);
    run("html", 7, page.as_bytes(), 300, |b| {
        jixiao::read::html::read_html(b, "m.html")
    });
}

#[test]
fn mutated_word_documents_never_panic() {
    let xml = direct::docx_body(&direct::layouts(&forms()), true);
    // The package itself, and its document.xml (a mutated package mostly
    // fails its checksums before the XML is read).
    let docx = direct::docx_file(&xml);
    run("docx", 11, &docx, 150, |b| {
        jixiao::read::docx::read_docx(b, "m.docx")
    });
    run("docx xml", 13, xml.as_bytes(), 200, |b| {
        jixiao::read::docx::read_docx(&direct::docx_file(&String::from_utf8_lossy(b)), "m.docx")
    });
}

#[test]
fn mutated_pdfs_never_panic() {
    use jixiao::write::pdf::{render_pdf, PdfFont};
    let pdf = render_pdf(&direct::layouts(&forms()[..2]), &PdfFont::builtin()).unwrap();
    run("pdf", 17, &pdf, 80, |b| {
        jixiao::read::pdf::read_pdf(b, "m.pdf")
    });
    // Uncompressed content streams, so mutations reach the operators.
    let mut doc = lopdf::Document::load_mem(&pdf).unwrap();
    doc.decompress();
    let mut plain = Vec::new();
    doc.save_to(&mut plain).unwrap();
    run("pdf, plain streams", 19, &plain, 80, |b| {
        jixiao::read::pdf::read_pdf(b, "m.pdf")
    });
}

#[test]
fn mutated_old_word_documents_never_panic() {
    // A .doc Writer saved (tests/doc_reader.rs reads it); the file itself,
    // then its text and table streams (a mutated file mostly breaks the
    // compound file before the Word structures are read).
    let doc = std::fs::read("tests/fixtures/target-table-putuo-2020.doc").unwrap();
    let read = |b: &[u8]| jixiao::read::doc::read_doc(b, "m.doc");
    run("doc", 23, &doc, 150, read);
    for (seed, stream) in [(29, "WordDocument"), (31, "1Table")] {
        let mut bytes = Vec::new();
        direct::with_stream(&doc, stream, |s| bytes = s.clone());
        run(stream, seed, &bytes, 150, |b| {
            read(&direct::with_stream(&doc, stream, |s| *s = b.to_vec()))
        });
    }
}
