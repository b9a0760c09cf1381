//! Prints the rows the PDF reader finds on each page (cells with their
//! left and right edges, rows spanned and text), for looking into how a
//! PDF's tables were cut.
//!
//! ```sh
//! cargo run --example pdf_rows -- FORMS.pdf
//! ```
//!
//! A PDF with no ruling line at all is read as aligned text: then that
//! text is printed first.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_rows FILE.pdf");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let pages = jixiao::read::pdf::pdf_pages(&bytes, &path).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    if let Some(text) = pages.aligned_text() {
        println!("{text}");
    }
    for (page, row) in pages.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| {
                format!(
                    "[{:.1}-{:.1} ×{}{} {}]",
                    c.x0,
                    c.x1,
                    c.rows,
                    if c.open_below { " ↓" } else { "" },
                    c.text.replace('\n', "⏎")
                )
            })
            .collect();
        let table = row
            .table
            .map_or("text".to_string(), |t| format!("table {t}"));
        println!("p{page} {table}: {}", cells.join(" "));
    }
}
