//! A bounded mutation fuzzer over the text, JSON and XLSX readers, each
//! followed by `check`, `--recompute` and the layout: no input may panic.
//!
//! The seeds are the bundled samples, their golden JSON and workbooks the
//! writer makes from them; each case applies a few random mutations (byte
//! flips, cuts, repeats, splices of hostile numbers and labels). XLSX cases
//! mutate the XML inside the package (and sometimes the zip bytes), so the
//! reader sees workbooks that open. The run is deterministic (fixed seed);
//! `JIXIAO_FUZZ_CASES=N` runs N cases per reader instead of the CI default,
//! `JIXIAO_FUZZ_SEED=S` another sequence. A panicking input is saved under
//! `target/fuzz-failures/` and named in the failure.

use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use jixiao::layout::{layout_form, LayoutOptions};
use jixiao::read::ReadOutput;

/// A small, fast, reproducible generator (xorshift64*).
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
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Text that has broken readers and checks before: huge and tiny numbers,
/// labels out of place, separators, controls, odd Unicode.
const SPLICES: &[&str] = &[
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "1e-28",
    "99999999999999999999999999999999999",
    "NaN",
    "-0",
    "0",
    "100%",
    "１２３．４５",
    "\t",
    "\n",
    "\r\n",
    "\u{0}",
    "\u{202E}",
    "\u{FEFF}",
    "项目名称",
    "年度资金总额",
    "执行率",
    "总分",
    "评分等级",
    "一级指标",
    "财政项目支出绩效自评表",
    "绩效目标申报表",
    "（2024年度）",
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "\"forms\"",
    "<",
    ">",
    "&amp;",
    "]]>",
    " r=\"XFD1048576\"",
    " r=\"ZZZZZZZZZZ1\"",
    " t=\"s\"",
    " t=\"e\"",
    "<v>#DIV/0!</v>",
];

fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(9) {
            0 if len > 0 => data[at.min(len - 1)] ^= 1 << rng.below(8),
            1 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                data.drain(at.min(end)..end);
            }
            2 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(256)).min(len);
                let copy = data[start..end].to_vec();
                let times = 1 + rng.below(3);
                for _ in 0..times {
                    data.splice(at..at, copy.iter().copied());
                }
            }
            3 => data.truncate(at),
            4..=6 => {
                // Replace a run of digits with a hostile number.
                if let Some(start) = (at..len).find(|&i| data[i].is_ascii_digit()) {
                    let end = (start..len)
                        .find(|&i| !data[i].is_ascii_digit() && data[i] != b'.')
                        .unwrap_or(len);
                    let with = rng.pick(&SPLICES[..9]).as_bytes().to_vec();
                    data.splice(start..end, with);
                }
            }
            _ => {
                let with = rng.pick(SPLICES).as_bytes().to_vec();
                data.splice(at..at, with);
            }
        }
    }
}

/// Inputs that read, forms read, and findings about numbers out of range:
/// evidence that mutations reach `check`, not only the readers' refusals.
static READ: AtomicUsize = AtomicUsize::new(0);
static FORMS: AtomicUsize = AtomicUsize::new(0);
static OUT_OF_RANGE: AtomicUsize = AtomicUsize::new(0);

/// Everything the CLI does after reading, so its panics count too.
fn after_reading(out: &ReadOutput) {
    READ.fetch_add(1, Ordering::Relaxed);
    FORMS.fetch_add(out.document.forms.len(), Ordering::Relaxed);
    for (i, form) in out.document.forms.iter().enumerate() {
        for f in jixiao::check::check_form(form) {
            if f.message.contains("超出可计算的范围") {
                OUT_OF_RANGE.fetch_add(1, Ordering::Relaxed);
            }
            if let Some(p) = out.places.get(i).and_then(|p| p.of(&f.field)) {
                let _ = p.to_string();
            }
        }
        let mut copy = form.clone();
        jixiao::bulk::recompute::recompute(&mut copy);
        let _ = layout_form(form, &LayoutOptions::default());
        let _ = serde_json::to_string(form);
    }
}

/// Replaces a few leaves of a JSON document with hostile values, so most
/// cases still parse and reach `check`.
fn mutate_json(rng: &mut Rng, data: &mut Vec<u8>) {
    let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(data) else {
        return mutate(rng, data);
    };
    // Amounts, rates and scores are decimal strings: aim at them most often.
    fn numeric(v: &serde_json::Value) -> bool {
        v.as_str()
            .is_some_and(|s| s.parse::<rust_decimal::Decimal>().is_ok())
    }
    fn count(v: &serde_json::Value, only_numbers: bool) -> usize {
        match v {
            serde_json::Value::Array(a) => a.iter().map(|x| count(x, only_numbers)).sum(),
            serde_json::Value::Object(o) => o.values().map(|x| count(x, only_numbers)).sum(),
            leaf => usize::from(!only_numbers || numeric(leaf)),
        }
    }
    fn replace(v: &mut serde_json::Value, k: &mut usize, only_numbers: bool, with: &str) -> bool {
        match v {
            serde_json::Value::Array(a) => a.iter_mut().any(|x| replace(x, k, only_numbers, with)),
            serde_json::Value::Object(o) => {
                o.values_mut().any(|x| replace(x, k, only_numbers, with))
            }
            leaf if only_numbers && !numeric(leaf) => false,
            leaf if *k == 0 => {
                *leaf = serde_json::Value::String(with.to_string());
                true
            }
            _ => {
                *k -= 1;
                false
            }
        }
    }
    for _ in 0..1 + rng.below(6) {
        let only_numbers = rng.below(4) != 0;
        let leaves = count(&v, only_numbers);
        let mut k = rng.below(leaves);
        let with = match only_numbers {
            true => *rng.pick(&SPLICES[..9]),
            false => *rng.pick(SPLICES),
        };
        replace(&mut v, &mut k, only_numbers, with);
    }
    *data = serde_json::to_vec(&v).unwrap();
}

fn cases(default: usize) -> usize {
    std::env::var("JIXIAO_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn seed() -> u64 {
    std::env::var("JIXIAO_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_1234_ABCD_0001)
}

fn save_failure(name: &str, data: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, data).unwrap();
    path
}

/// Runs `n` mutated cases of `seeds` through `read`; returns the inputs
/// that panicked (saved) and the number of executions.
fn run(
    what: &str,
    seeds: &[Vec<u8>],
    n: usize,
    rng: &mut Rng,
    read: impl Fn(&[u8]) -> Option<ReadOutput>,
) -> (Vec<PathBuf>, usize) {
    let mut failures = Vec::new();
    for case in 0..n {
        let mut data = rng.pick(seeds).clone();
        mutate(rng, &mut data);
        let result = catch_unwind(AssertUnwindSafe(|| {
            if let Some(out) = read(&data) {
                after_reading(&out);
            }
        }));
        if result.is_err() {
            failures.push(save_failure(&format!("{what}-{case}"), &data));
        }
    }
    (failures, n)
}

fn text_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    // Single forms too, so mutations land in every part of a form.
    let one: Vec<Vec<u8>> = seeds
        .iter()
        .flat_map(|s| {
            let text = String::from_utf8_lossy(s).to_string();
            text.split("财政项目支出")
                .skip(1)
                .map(|f| format!("财政项目支出{f}").into_bytes())
                .collect::<Vec<_>>()
        })
        .collect();
    seeds.extend(one);
    seeds
}

fn json_seeds() -> Vec<Vec<u8>> {
    std::fs::read_dir("tests/golden")
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect()
}

/// Workbooks the writer makes from the golden forms, one form each, as
/// (part name, bytes) lists.
fn xlsx_seeds() -> Vec<Vec<(String, Vec<u8>)>> {
    let dir = tempfile::tempdir().unwrap();
    let mut seeds = Vec::new();
    for bytes in json_seeds() {
        let doc = jixiao::read::json::read_json(&bytes, "g").unwrap().document;
        for (i, form) in doc.forms.iter().enumerate().step_by(3) {
            let formulas = i % 2 == 0;
            let options = LayoutOptions {
                formulas,
                ..Default::default()
            };
            let grid = layout_form(form, &options).unwrap();
            let path = dir.path().join(format!("{}.xlsx", seeds.len()));
            jixiao::write::xlsx::write_xlsx(&[grid], &path, false).unwrap();
            seeds.push(unzip(&std::fs::read(&path).unwrap()));
        }
    }
    seeds
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut body = Vec::new();
            f.read_to_end(&mut body).unwrap();
            (f.name().unwrap().into_owned(), body)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in parts {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(body).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn readers_then_check_never_panic() {
    let mut rng = Rng(seed());
    let started = std::time::Instant::now();
    let mut failures = Vec::new();
    let mut runs = Vec::new();

    let (f, n) = run("text", &text_seeds(), cases(3000), &mut rng, |b| {
        jixiao::read::text::read_text(b, "fuzz.txt").ok()
    });
    failures.extend(f);
    runs.push(("text", n));

    // JSON: half the cases change values inside a valid document.
    let seeds = json_seeds();
    let (f, n) = run("json", &seeds, cases(2000), &mut rng, |b| {
        jixiao::read::json::read_json(b, "fuzz.json").ok()
    });
    failures.extend(f);
    runs.push(("json", n));
    let n = cases(2000);
    for case in 0..n {
        let mut data = rng.pick(&seeds).clone();
        mutate_json(&mut rng, &mut data);
        let result = catch_unwind(AssertUnwindSafe(|| {
            if let Ok(out) = jixiao::read::json::read_json(&data, "fuzz.json") {
                after_reading(&out);
            }
        }));
        if result.is_err() {
            failures.push(save_failure(&format!("json-values-{case}"), &data));
        }
    }
    runs.push(("json values", n));

    // XLSX: mutate one XML part (mostly the sheet), re-zip; one case in
    // eight mutates the zip bytes themselves.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.xlsx");
    let seeds = xlsx_seeds();
    let n = cases(1000);
    for case in 0..n {
        let mut parts = rng.pick(&seeds).clone();
        let mut bytes = if rng.below(8) == 0 {
            let mut b = rezip(&parts);
            mutate(&mut rng, &mut b);
            b
        } else {
            let sheet = parts
                .iter()
                .position(|(n, _)| n.starts_with("xl/worksheets/"))
                .unwrap_or(0);
            let which = if rng.below(4) == 0 {
                rng.below(parts.len())
            } else {
                sheet
            };
            mutate(&mut rng, &mut parts[which].1);
            rezip(&parts)
        };
        std::fs::write(&path, &bytes).unwrap();
        let result = catch_unwind(AssertUnwindSafe(|| {
            if let Ok(out) = jixiao::read::xlsx::read_xlsx(&path) {
                after_reading(&out);
            }
        }));
        if result.is_err() {
            failures.push(save_failure(
                &format!("xlsx-{case}.xlsx"),
                std::mem::take(&mut bytes).as_slice(),
            ));
        }
    }
    runs.push(("xlsx", n));

    let total: usize = runs.iter().map(|r| r.1).sum();
    eprintln!(
        "fuzz: {total} executions ({}) in {:.1} s, {} panics; {} inputs read, {} forms checked, {} out-of-range findings",
        runs.iter()
            .map(|(w, n)| format!("{w} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        started.elapsed().as_secs_f64(),
        failures.len(),
        READ.load(Ordering::Relaxed),
        FORMS.load(Ordering::Relaxed),
        OUT_OF_RANGE.load(Ordering::Relaxed),
    );
    assert!(failures.is_empty(), "inputs that panicked: {failures:?}");
}
