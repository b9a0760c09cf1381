//! How the binary meets its surroundings: pipes closed early, full disks,
//! missing folders, folders and stdin as inputs, existing outputs, files a
//! killed run left, hostile names in messages.

mod common;
use common::{jixiao, stderr};

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SAMPLE: &str = "samples/selfeval-jiading-2024.txt";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
}

/// A text file of many forms, so that the output outgrows a pipe's buffer.
fn big_text(dir: &Path) -> PathBuf {
    let one = std::fs::read_to_string(SAMPLE).unwrap();
    let path = dir.join("big.txt");
    std::fs::write(&path, one.repeat(60)).unwrap();
    path
}

/// Runs `args`, reads one line of stdout and closes the pipe.
fn read_one_line_then_close(args: &[&str]) -> (Option<i32>, String) {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    stdout.read_exact(&mut byte).unwrap();
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    (status.code(), err)
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let big = big_text(dir.path());
    let big = big.to_str().unwrap();
    // Streamed text → JSON, and the whole-document path (JSON input).
    let (code, err) = read_one_line_then_close(&["convert", big, "-o", "-"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("panicked") && !err.contains("error"), "{err}");
    let json = dir.path().join("big.json");
    assert!(jixiao(&["convert", big, "-o", json.to_str().unwrap()])
        .status
        .success());
    let (code, err) = read_one_line_then_close(&["convert", json.to_str().unwrap(), "-o", "-"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("panicked") && !err.contains("error"), "{err}");
    // check keeps its own exit code (the sample has slips: 1).
    let hrss = "samples/selfeval-jiading-hrss-2024.txt";
    let many = dir.path().join("many.txt");
    std::fs::write(&many, std::fs::read_to_string(hrss).unwrap().repeat(200)).unwrap();
    let (code, err) = read_one_line_then_close(&["check", many.to_str().unwrap(), "--json"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("jixiao: 错误"),
        "{err}"
    );
}

#[test]
fn a_full_disk_on_stdout_is_an_error() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    for args in [
        &["convert", SAMPLE, "-o", "-"][..],
        &[
            "convert",
            "tests/golden/selfeval-jiading-2024.json",
            "-o",
            "-",
        ][..],
        &["check", "samples/selfeval-jiading-hrss-2024.txt", "--json"][..],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = bin().args(args).stdout(full).output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("无法写入标准输出"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_missing_output_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing-folder/x.json");
    for cmd in [vec!["convert", SAMPLE, "-o"], vec!["collect", SAMPLE, "-o"]] {
        let target = target.with_extension(if cmd[0] == "collect" { "xlsx" } else { "json" });
        let mut args = cmd.clone();
        args.push(target.to_str().unwrap());
        let o = jixiao(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains("输出文件夹") && err.contains("missing-folder") && err.contains("不存在"),
            "{err}"
        );
        assert!(!target.exists());
    }
    let o = jixiao(&[
        "template",
        "self-evaluation",
        "-o",
        target.with_extension("xlsx").to_str().unwrap(),
    ]);
    assert!(stderr(&o).contains("不存在"), "{}", stderr(&o));
    // A folder output is made.
    let folder = dir.path().join("new/deeper/");
    let o = jixiao(&["convert", SAMPLE, "-o", &format!("{}/", folder.display())]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(folder.join("selfeval-jiading-2024.json").is_file());
}

fn forms_in(json: &[u8]) -> usize {
    let v: serde_json::Value = serde_json::from_slice(json).unwrap();
    v["forms"].as_array().unwrap().len()
}

#[test]
fn folders_and_stdin_are_inputs_of_check_and_convert() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(inbox.join("sub")).unwrap();
    std::fs::copy(SAMPLE, inbox.join("a.txt")).unwrap();
    std::fs::copy(
        "tests/golden/target-table-putuo-2020.json",
        inbox.join("sub/b.json"),
    )
    .unwrap();
    std::fs::write(inbox.join("notes.md"), "not a form").unwrap();
    let o = jixiao(&["convert", inbox.to_str().unwrap(), "-o", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(forms_in(&o.stdout), 4 + 3);
    let o = jixiao(&["check", inbox.to_str().unwrap()]);
    assert!(stderr(&o).contains("共检查 7 张表"), "{}", stderr(&o));
    // One output per file found.
    let out = dir.path().join("out/");
    let o = jixiao(&[
        "convert",
        inbox.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--to",
        "json,xlsx",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for name in ["a.json", "a.xlsx", "b.json", "b.xlsx"] {
        assert!(out.join(name).is_file(), "{name}");
    }
    // An empty folder is an error, not silence.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = jixiao(&["check", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("没有表格文件"), "{}", stderr(&o));

    // stdin, with --from, in every format; without --from a usage error.
    let run = |args: &[&str], input: &[u8]| {
        let mut child = bin()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // A usage error ends the command before it reads stdin.
        let _ = child.stdin.take().unwrap().write_all(input);
        child.wait_with_output().unwrap()
    };
    let text = std::fs::read(SAMPLE).unwrap();
    let o = run(&["convert", "-", "--from", "text", "-o", "-"], &text);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(forms_in(&o.stdout), 4);
    let o = run(&["check", "-", "--from", "text"], &text);
    assert!(stderr(&o).contains("共检查 4 张表"), "{}", stderr(&o));
    let xlsx = std::fs::read(out.join("a.xlsx")).unwrap();
    let o = run(&["convert", "-", "--from", "xlsx", "-o", "-"], &xlsx);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(forms_in(&o.stdout), 4);
    let o = run(&["check", "-", "--from", "xlsx"], b"not a workbook");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("标准输入") && !err.contains(".jixiao-stdin"),
        "{err}"
    );
    let o = run(&["check", "-"], &text);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--from"), "{}", stderr(&o));
}

#[test]
fn every_command_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let cases: Vec<Vec<String>> = vec![
        vec!["convert".into(), SAMPLE.into(), "-o".into(), p("a.json")],
        vec![
            "convert".into(),
            "tests/golden/selfeval-jiading-2024.json".into(),
            "-o".into(),
            p("a.xlsx"),
        ],
        vec!["collect".into(), SAMPLE.into(), "-o".into(), p("c.xlsx")],
        vec![
            "template".into(),
            "target-table".into(),
            "-o".into(),
            p("t.pdf"),
        ],
        vec!["template".into(), "master".into(), "-o".into(), p("m.xlsx")],
    ];
    for args in cases {
        let target = args.last().unwrap().clone();
        std::fs::write(&target, b"mine").unwrap();
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = jixiao(&argv);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{argv:?}: {err}");
        assert!(err.contains("已存在") && err.contains("--force"), "{err}");
        assert_eq!(std::fs::read(&target).unwrap(), b"mine", "{argv:?}");
        let mut forced = argv.clone();
        forced.push("--force");
        let o = jixiao(&forced);
        assert!(o.status.success(), "{forced:?}: {}", stderr(&o));
        assert_ne!(std::fs::read(&target).unwrap(), b"mine", "{forced:?}");
    }
    // A folder output keeps what is there and makes what is missing.
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("selfeval-jiading-2024.json"), b"mine").unwrap();
    let o = jixiao(&[
        "convert",
        SAMPLE,
        "-o",
        out.to_str().unwrap(),
        "--to",
        "json,pdf",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 个输出文件已存在"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(out.join("selfeval-jiading-2024.json")).unwrap(),
        b"mine"
    );
    assert!(out.join("selfeval-jiading-2024.pdf").is_file());
    // An input is never a target, even with --force.
    let input = out.join("selfeval-jiading-2024.json");
    std::fs::copy("tests/golden/selfeval-jiading-2024.json", &input).unwrap();
    let o = jixiao(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        input.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("是输入文件"), "{}", stderr(&o));
}

#[test]
fn fill_again_makes_only_what_is_missing_and_clears_stale_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("m.json");
    std::fs::write(
        &master,
        r#"{"forms":[{"kind":"target_declaration","project_name":"宣传费"},{"kind":"target_table","project_name":"培训费"}]}"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let fill = |force: bool| {
        let mut args = vec![
            "fill",
            master.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--to",
            "xlsx,pdf",
        ];
        if force {
            args.push("--force");
        }
        jixiao(&args)
    };
    assert!(fill(false).status.success());
    // As if killed: one PDF missing, one temporary file left an hour ago.
    let pdf = out.join("2-培训费.pdf");
    std::fs::remove_file(&pdf).unwrap();
    let stale = out.join(".jixiao-Qx7Zp2.tmp");
    let f = std::fs::File::create(&stale).unwrap();
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
        .unwrap();
    let fresh = out.join(".jixiao-Fresh1.tmp");
    std::fs::write(&fresh, b"").unwrap();
    let mine = out.join("notes.tmp");
    std::fs::write(&mine, b"keep").unwrap();
    let xlsx_before = std::fs::metadata(out.join("1-宣传费.xlsx"))
        .unwrap()
        .modified()
        .unwrap();
    let o = fill(false);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(pdf.is_file(), "the missing PDF is made");
    assert!(err.contains("3 个输出文件已存在"), "{err}");
    assert_eq!(
        std::fs::metadata(out.join("1-宣传费.xlsx"))
            .unwrap()
            .modified()
            .unwrap(),
        xlsx_before
    );
    assert!(!stale.exists(), "a stale temporary file is removed");
    assert!(err.contains("临时文件"), "{err}");
    assert!(
        fresh.exists() && mine.exists(),
        "only stale files of our pattern go"
    );
    let pdf_text = std::fs::read(&pdf).unwrap();
    assert!(pdf_text.starts_with(b"%PDF"));
}

#[test]
fn hostile_names_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("m.json");
    // An escape that clears the screen, a right-to-left override, and a
    // character the font lacks (so that fill warns, naming the project).
    std::fs::write(
        &master,
        r#"{"forms":[{"kind":"target_declaration","project_name":"宣传费\u001b[2J\u202e\u009b😀"}]}"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = jixiao(&[
        "fill",
        master.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--to",
        "pdf",
    ]);
    let err = stderr(&o);
    assert!(err.contains("U+1F600"), "{err}");
    assert!(
        err.contains("\\u{1B}[2J") && err.contains("\\u{202E}"),
        "{err}"
    );
    for c in ['\u{1b}', '\u{202e}', '\u{9b}'] {
        assert!(!err.contains(c), "{c:?} printed raw: {err}");
    }
    // check's plain findings, too.
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"forms":[{"kind":"self_evaluation","project_name":"x\u202e\u001b]0;owned\u0007","total":{"weight":"100","score":"50"},"grade":"优"}]}"#,
    )
    .unwrap();
    let o = jixiao(&["check", bad.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout).into_owned() + &stderr(&o);
    assert!(text.contains("第1张表"), "{text}");
    for c in ['\u{1b}', '\u{202e}', '\u{7}'] {
        assert!(!text.contains(c), "{c:?} printed raw: {text}");
    }
}
