//! Renders 10,000 single-form PDFs (a 45-indicator self-evaluation grid, two
//! or three pages each) on one thread and reports forms per second.
//!
//! `cargo bench --bench pdf_render [-- N]`; the font is parsed once.

#[path = "../tests/common/pdf_grids.rs"]
mod pdf_grids;

use std::time::{Duration, Instant};

use jixiao::write::pdf::{render_pdf, PdfFont};

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let t = Instant::now();
    let font = PdfFont::builtin();
    let font_load = t.elapsed();

    let mut render = Duration::ZERO;
    let mut bytes = 0usize;
    let mut max_bytes = 0usize;
    let wall = Instant::now();
    for i in 0..n {
        // Each form differs (project name, so a slightly different glyph set).
        let grid = pdf_grids::selfeval_grid(&format!(
            "{}号道路养护及绿化提升项目（第{}标段）",
            2024 + i % 7,
            i
        ));
        let t = Instant::now();
        let pdf = render_pdf(std::slice::from_ref(&grid), &font).expect("renders");
        render += t.elapsed();
        bytes += pdf.len();
        max_bytes = max_bytes.max(pdf.len());
        std::hint::black_box(pdf);
    }
    let wall = wall.elapsed();
    println!("forms: {n}");
    println!("font load (once): {:.1} ms", font_load.as_secs_f64() * 1e3);
    println!(
        "render: {:.3} ms/form, {:.0} forms/s (render only); {:.0} forms/s incl. building grids",
        render.as_secs_f64() * 1e3 / n as f64,
        n as f64 / render.as_secs_f64(),
        n as f64 / wall.as_secs_f64()
    );
    println!(
        "PDF size: mean {:.1} KB, max {:.1} KB",
        bytes as f64 / n as f64 / 1024.0,
        max_bytes as f64 / 1024.0
    );
    // One runaway field: wrapping is linear and a cell is cut at
    // MAX_CELL_CHARS (a 1,000,000-character field took 22 s before).
    for chars in [1_000_000usize, 6_000_000] {
        let text = "年度总体目标".repeat(chars / 6);
        let grid = pdf_grids::small_grid("超长字段", &[&text]);
        let t = Instant::now();
        let pdf = render_pdf(std::slice::from_ref(&grid), &font).expect("renders");
        println!(
            "one {chars}-character field: {:.2} s, {:.1} KB",
            t.elapsed().as_secs_f64(),
            pdf.len() as f64 / 1024.0
        );
    }
}
