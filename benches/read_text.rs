//! Reader throughput: a generated file of 10,000 forms (the bundled samples
//! repeated), read whole and streamed. Run with `cargo bench --bench read_text`;
//! peak memory with `bench/read_text_memory.sh`.
//!
//! `JIXIAO_BENCH_FORMS` sets the number of forms; `JIXIAO_BENCH_MODE` picks
//! `whole`, `stream`, `shapes` or all (default). `shapes` streams the samples
//! re-shaped by tools/reshape.py into every other text shape (tab-separated,
//! aligned, pipes, one cell per line, one line) — it needs python3.
//! `JIXIAO_BENCH_SHAPE` forces the shape the stream is read in
//! (`samples-grid`: the samples through the grid and the recognizer); with
//! `JIXIAO_BENCH_MODE=shapes` it picks the one shape to measure (`layout`,
//! `pipes` …), for instruction counts under callgrind.

use std::io::{BufReader, Write};
use std::time::Instant;

fn main() {
    let want: usize = std::env::var("JIXIAO_BENCH_FORMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let mode = std::env::var("JIXIAO_BENCH_MODE").unwrap_or_default();
    // `JIXIAO_BENCH_SHAPE=samples-grid` streams in a forced shape (`--from text:NAME`).
    let forced = std::env::var("JIXIAO_BENCH_SHAPE")
        .ok()
        .and_then(|s| jixiao::read::text::TextShape::parse(&s));
    let samples = [
        "samples/selfeval-jiading-2024.txt",
        "samples/declaration-minhang-2024.txt",
        "samples/target-table-putuo-2020.txt",
        "samples/selfeval-jiading-hrss-2024.txt",
    ];
    let texts: Vec<(String, usize)> = samples
        .iter()
        .map(|p| {
            let t = std::fs::read_to_string(p).expect("run from the crate root");
            let n = jixiao::read::text::read_text(t.as_bytes(), p)
                .unwrap()
                .document
                .forms
                .len();
            (t, n)
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forms.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut forms = 0;
    'fill: loop {
        for (t, n) in &texts {
            file.write_all(t.as_bytes()).unwrap();
            file.write_all(b"\n").unwrap();
            forms += n;
            if forms >= want {
                break 'fill;
            }
        }
    }
    file.flush().unwrap();
    drop(file);
    let size = std::fs::metadata(&path).unwrap().len();
    println!("input: {forms} forms, {:.1} MB", size as f64 / 1e6);

    if mode.is_empty() || mode == "whole" {
        let start = Instant::now();
        let bytes = std::fs::read(&path).unwrap();
        let out = jixiao::read::text::read_text(&bytes, "forms.txt").unwrap();
        let secs = start.elapsed().as_secs_f64();
        assert!(out.document.forms.len() >= forms);
        println!(
            "read_text (whole file): {:.0} forms/s ({secs:.3} s)",
            out.document.forms.len() as f64 / secs
        );
    }
    if mode.is_empty() || mode == "shapes" {
        let only = std::env::var("JIXIAO_BENCH_SHAPE")
            .ok()
            .filter(|_| mode == "shapes");
        shapes(&samples, dir.path(), want, only.as_deref());
    }
    if mode.is_empty() || mode == "stream" {
        let start = Instant::now();
        let reader = BufReader::new(std::fs::File::open(&path).unwrap());
        let mut stream = jixiao::read::text::stream_text_as(reader, forced);
        let mut n = 0;
        for parsed in stream.by_ref() {
            std::hint::black_box(parsed.form.indicator_count());
            n += 1;
        }
        let secs = start.elapsed().as_secs_f64();
        assert!(stream.source().error().is_none());
        assert!(n >= forms * 9 / 10, "{n} forms of {forms}");
        println!(
            "stream_text (one form at a time, {:?}): {n} forms, {:.0} forms/s ({secs:.3} s)",
            stream.shape(),
            n as f64 / secs
        );
    }
}

/// Streams each re-shaped text shape and prints forms/s.
fn shapes(samples: &[&str], dir: &std::path::Path, want: usize, only: Option<&str>) {
    for p in samples {
        let out = jixiao::read::text::read_text(&std::fs::read(p).unwrap(), p).unwrap();
        let grids: Vec<_> = out
            .document
            .forms
            .iter()
            .map(|f| jixiao::layout::layout_form(f, &Default::default()).unwrap())
            .collect();
        let stem = std::path::Path::new(p)
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap();
        let xlsx = dir.join(format!("{stem}.xlsx"));
        jixiao::write::xlsx::write_xlsx(&grids, &xlsx, true).unwrap();
        let ok = std::process::Command::new("python3")
            .arg("tools/reshape.py")
            .arg(&xlsx)
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            println!("shapes: python3 tools/reshape.py failed; shapes not measured");
            return;
        }
    }
    for shape in ["tabs", "layout", "pipes", "cells", "line"] {
        if only.is_some_and(|o| o != shape) {
            continue;
        }
        let path = dir.join(format!("shape.{shape}.txt"));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let (mut forms, mut per_round) = (0, 0);
        for p in samples {
            let stem = std::path::Path::new(p)
                .file_stem()
                .unwrap()
                .to_str()
                .unwrap();
            let text = std::fs::read_to_string(dir.join(format!("{stem}.{shape}.txt"))).unwrap();
            let n = jixiao::read::text::read_text(text.as_bytes(), p)
                .unwrap()
                .document
                .forms
                .len();
            per_round += n;
            let _ = (text, n);
        }
        let texts: Vec<String> = samples
            .iter()
            .map(|p| {
                let stem = std::path::Path::new(p)
                    .file_stem()
                    .unwrap()
                    .to_str()
                    .unwrap();
                std::fs::read_to_string(dir.join(format!("{stem}.{shape}.txt"))).unwrap()
            })
            .collect();
        // The one-line shape is one line per sample file: keep files on their own lines.
        while forms < want / 2 {
            for t in &texts {
                file.write_all(t.as_bytes()).unwrap();
                file.write_all(b"\n").unwrap();
            }
            forms += per_round;
        }
        file.flush().unwrap();
        drop(file);
        let start = Instant::now();
        let reader = BufReader::new(std::fs::File::open(&path).unwrap());
        let mut stream = jixiao::read::text::stream_text(reader);
        let mut n = 0;
        for parsed in stream.by_ref() {
            std::hint::black_box(parsed.form.indicator_count());
            n += 1;
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "stream_text {shape:6} ({:?}): {n} forms of {forms}, {:.0} forms/s",
            stream.shape(),
            n as f64 / secs
        );
    }
}
