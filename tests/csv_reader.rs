//! The CSV reader: the golden forms saved as CSV (as a spreadsheet saves a
//! sheet: merged cells' text in their first cell) read back exactly, in
//! UTF-8, with a byte-order mark and in GBK; the binary reads `.csv`; bad
//! files fail naming the file; mutated files never panic.

mod common;
mod direct;

use common::{assert_same_forms, golden_doc, on_paper, SAMPLES};
use jixiao::read::csv::read_csv;

fn want(name: &str) -> Vec<jixiao::model::Form> {
    golden_doc(name).forms.into_iter().map(on_paper).collect()
}

fn read_back(bytes: &[u8], name: &str) -> Vec<jixiao::model::Form> {
    let out = read_csv(bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
    out.document.forms.into_iter().map(on_paper).collect()
}

#[test]
fn csv_of_the_golden_forms_reads_back_the_same() {
    for name in SAMPLES {
        let want = want(name);
        let csv = direct::csv_file(&direct::layouts(&want));
        assert_same_forms(&read_back(csv.as_bytes(), name), &want, name);
        // Excel's “CSV UTF-8” starts with a byte-order mark; its plain CSV
        // on Chinese Windows is GBK.
        let bom = [b"\xEF\xBB\xBF".as_slice(), csv.as_bytes()].concat();
        assert_same_forms(&read_back(&bom, name), &want, &format!("{name} (BOM)"));
        let (gbk, _, lossy) = encoding_rs::GB18030.encode(&csv);
        assert!(!lossy);
        assert_same_forms(&read_back(&gbk, name), &want, &format!("{name} (GBK)"));
    }
}

#[test]
fn the_binary_reads_csv_files_and_names_their_cells() {
    let forms = want(SAMPLES[1]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("申报表.csv");
    std::fs::write(&path, direct::csv_file(&direct::layouts(&forms))).unwrap();
    let out = common::jixiao(&["convert", path.to_str().unwrap(), "-o", "-"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let doc = jixiao::read::json::read_json(&out.stdout, "out.json").unwrap();
    assert_eq!(doc.document.forms.len(), forms.len());
    // A check finding names the cell as a spreadsheet shows the file.
    let out = common::jixiao(&["check", path.to_str().unwrap(), "--json"]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(!report.contains("第 0 行"), "{report}");
}

#[test]
fn csv_without_a_form_fails_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名单.csv");
    std::fs::write(&path, "姓名,单位\n张三,某局\n").unwrap();
    let out = common::jixiao(&["convert", path.to_str().unwrap(), "-o", "-"]);
    assert!(!out.status.success());
    let err = common::stderr(&out);
    assert!(
        err.contains("名单.csv") && err.contains("项目名称"),
        "{err}"
    );
}

#[test]
fn mutated_csv_files_never_panic() {
    let csv = direct::csv_file(&direct::layouts(&want(SAMPLES[2])));
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = || {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        seed.wrapping_mul(0x2545_F491_4F6C_DD1D) as usize
    };
    let bytes = csv.as_bytes();
    for _ in 0..300 {
        let mut b = bytes.to_vec();
        for _ in 0..1 + next() % 4 {
            let at = next() % b.len().max(1);
            match next() % 4 {
                0 if !b.is_empty() => b[at] = next() as u8,
                1 => b.truncate(at),
                2 => {
                    let junk = [b'"', b',', b'\n', b'\r'][next() % 4];
                    b.insert(at.min(b.len()), junk);
                }
                _ => {
                    let end = (at + next() % 32).min(b.len());
                    b.drain(at..end);
                }
            }
        }
        match read_csv(&b, "m.csv") {
            Ok(out) => assert!(!out.document.forms.is_empty()),
            Err(e) => assert!(e.to_string().contains("m.csv"), "{e}"),
        }
    }
}
