//! Ctrl-C during `fill`: the forms in hand are finished, no more are started,
//! and no temporary or partial file is left.

#![cfg(unix)]

use std::process::{Command, Stdio};
use std::time::Duration;

use jixiao::model::Document;

#[test]
fn ctrl_c_leaves_only_complete_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/golden/selfeval-jiading-hrss-2024.json").unwrap();
    let one: Document = serde_json::from_str(&text).unwrap();
    let mut doc = Document::default();
    for _ in 0..60 {
        doc.forms.extend(one.forms.iter().cloned());
    }
    let master = dir.path().join("master.json");
    std::fs::write(&master, serde_json::to_string(&doc).unwrap()).unwrap();
    let out = dir.path().join("out");
    let child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args([
            "fill",
            master.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .args(["--to", "xlsx,pdf"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until some files exist, then press Ctrl-C.
    for _ in 0..200 {
        if std::fs::read_dir(&out).is_ok_and(|d| d.count() > 10) {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    // SAFETY: sending a signal to our own child process.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "temporary files left: {names:?}"
    );
    assert!(err.contains("张表未写出"), "{err}");
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(names.len() < 2 * doc.forms.len(), "{err}");
    for n in names.iter().filter(|n| n.ends_with(".xlsx")) {
        use calamine::Reader;
        let mut book = calamine::open_workbook_auto(out.join(n)).unwrap();
        assert!(!book.sheet_names().is_empty());
        assert!(book.worksheet_range(&book.sheet_names()[0]).is_ok(), "{n}");
    }
    for n in names.iter().filter(|n| n.ends_with(".pdf")) {
        let bytes = std::fs::read(out.join(n)).unwrap();
        assert!(
            bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF"),
            "{n}"
        );
    }
}
