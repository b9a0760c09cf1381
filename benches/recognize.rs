//! Recognizer throughput: the row-known grids of tests/fixtures/grid (the
//! Sichuan and Anhui forms as a text shape gives them) read over and over.
//! Run with `cargo bench --bench recognize`; `JIXIAO_BENCH_FORMS` sets the
//! number of forms (default 20,000).

use std::time::Instant;

use jixiao::read::grid::{Grid, GridPlaces, Value};
use jixiao::read::recognize::recognize;
use jixiao::read::ReadOutput;

fn grid(path: &str) -> Grid {
    let text = std::fs::read_to_string(path).expect("run from the crate root");
    let mut grid = Grid::new(path, GridPlaces::Lines);
    for (row, line) in text.lines().enumerate() {
        for (col, cell) in line.split(" | ").enumerate() {
            grid.push(row, col, Value::from_text(cell.trim()), row + 1);
        }
    }
    grid
}

fn main() {
    let want: usize = std::env::var("JIXIAO_BENCH_FORMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let grids = [
        grid("tests/fixtures/grid/sc-qingshen-2023-selfeval.txt"),
        grid("tests/fixtures/grid/ah-chizhou-tangxi-2022-selfeval-a.txt"),
    ];
    let start = Instant::now();
    let mut forms = 0;
    let mut fields = 0;
    for i in 0..want {
        let mut out = ReadOutput::default();
        forms += recognize(&grids[i % 2], "bench", &mut out).unwrap();
        fields += out.places.iter().map(|p| p.fields.len()).sum::<usize>();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "recognize: {forms} forms ({fields} field places) in {secs:.2} s: {:.0} forms/s",
        forms as f64 / secs
    );
}
