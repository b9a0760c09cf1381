//! XLSX writer throughput: 10,000 forms (the golden forms repeated), laid out
//! and written, one workbook per form (as `fill` writes them) and in
//! workbooks of 100 forms. Run with `cargo bench --bench xlsx_write`; peak
//! memory with `bench/xlsx_write_memory.sh`.
//!
//! `JIXIAO_BENCH_FORMS` sets the number of forms; `JIXIAO_BENCH_BATCH` the
//! forms per workbook (default: both 1 and 100).

use std::time::Instant;

use jixiao::layout::{layout_form, LayoutOptions};
use jixiao::model::Form;
use jixiao::write::xlsx::write_xlsx;

fn main() {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<usize>().ok());
    let want = env("JIXIAO_BENCH_FORMS").unwrap_or(10_000);
    let batches = env("JIXIAO_BENCH_BATCH").map_or(vec![1, 100], |b| vec![b.max(1)]);
    let mut seeds: Vec<Form> = Vec::new();
    for entry in std::fs::read_dir("tests/golden").expect("run from the crate root") {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let doc = jixiao::read::json::read_json(&bytes, &path.display().to_string()).unwrap();
        seeds.extend(doc.document.forms);
    }
    let forms: Vec<&Form> = seeds.iter().cycle().take(want).collect();
    let options = LayoutOptions::default();

    let start = Instant::now();
    let cells: usize = forms
        .iter()
        .map(|f| layout_form(f, &options).unwrap().cells.len())
        .sum();
    let layout = start.elapsed().as_secs_f64();
    println!(
        "layout only: {want} forms ({cells} cells) in {layout:.2} s = {:.0} forms/s",
        want as f64 / layout
    );

    for &batch in &batches {
        let start = Instant::now();
        let mut bytes = 0usize;
        for chunk in forms.chunks(batch) {
            let grids: Vec<_> = chunk
                .iter()
                .map(|f| layout_form(f, &options).unwrap())
                .collect();
            bytes += jixiao::write::xlsx::xlsx_bytes(&grids).unwrap().len();
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "layout + workbook bytes in memory, {batch} form(s) per workbook: {:.0} forms/s ({:.1} MB)",
            want as f64 / secs,
            bytes as f64 / 1e6
        );
    }

    // One workbook of 1,000 forms sharing one project name: the sheet names
    // are found in linear time (this took 40 s when naming was cubic).
    let mut same: Vec<_> = forms
        .iter()
        .take(1000)
        .map(|f| layout_form(f, &options).unwrap())
        .collect();
    same.iter_mut().for_each(|g| g.title = "同名项目".into());
    let start = Instant::now();
    jixiao::write::xlsx::xlsx_bytes(&same).unwrap();
    println!(
        "{} forms of one project name in one workbook: {:.2} s",
        same.len(),
        start.elapsed().as_secs_f64()
    );

    for batch in batches {
        let dir = tempfile::tempdir().unwrap();
        let start = Instant::now();
        let mut bytes = 0u64;
        for (i, chunk) in forms.chunks(batch).enumerate() {
            let grids: Vec<_> = chunk
                .iter()
                .map(|f| layout_form(f, &options).unwrap())
                .collect();
            let path = dir.path().join(format!("{i:05}.xlsx"));
            write_xlsx(&grids, &path, false).unwrap();
            bytes += std::fs::metadata(&path).unwrap().len();
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "layout + write files, {batch} form(s) per workbook: {want} forms in {secs:.2} s = {:.0} forms/s ({:.1} MB written)",
            want as f64 / secs,
            bytes as f64 / 1e6
        );
    }
}
