//! Inputs of `check` and `convert`: files, folders (searched as `collect`
//! searches them) and `-` for stdin; reading them and reporting problems.

use std::io::Read;
use std::path::{Path, PathBuf};

use jixiao::read::vocab::Vocabulary;
use jixiao::read::{registry, InputFormat, ReadError, ReadOptions, ReadOutput, Warning};

use super::output::say;
use super::CliError;

/// How stdin is named among the inputs.
pub const STDIN: &str = "-";

/// How stdin is named in messages.
pub const STDIN_NAME: &str = "标准输入";

/// Whether an input stands for stdin.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN
}

/// The files to read: files as given, folders searched recursively for
/// forms (.txt .json .xlsx .xls .ods, hidden files skipped, natural order),
/// `-` for stdin (once, and only with `--from`). `exclude` (an output) is
/// left out. Returns the files and whether something could not be listed.
pub fn expand(
    inputs: &[PathBuf],
    from: Option<InputFormat>,
    exclude: Option<&Path>,
) -> Result<(Vec<PathBuf>, bool), CliError> {
    let stdin_count = inputs.iter().filter(|p| is_stdin(p)).count();
    if stdin_count > 0 && from.is_none() {
        return Err(CliError::Usage(
            "从标准输入读取（-）时须用 --from text|json|xlsx 说明格式（stdin needs --from）".into(),
        ));
    }
    if stdin_count > 1 {
        return Err(CliError::Usage(
            "标准输入（-）只能给一次（stdin can be read once）".into(),
        ));
    }
    let mut files = Vec::new();
    let mut failed = false;
    for input in inputs {
        if !input.is_dir() {
            files.push(input.clone());
            continue;
        }
        let (found, problems) = jixiao::bulk::expand_inputs(std::slice::from_ref(input), exclude);
        for p in &problems {
            say!("jixiao: 错误：{p}");
        }
        failed |= !problems.is_empty();
        if found.is_empty() && problems.is_empty() {
            say!(
                "jixiao: 错误：{}: 文件夹中没有表格文件（.txt .json .xlsx .xls .ods）",
                input.display()
            );
            failed = true;
        }
        files.extend(found);
    }
    Ok((files, failed))
}

/// Reads every input, printing warnings and errors; returns what was read
/// and whether any input failed.
pub fn read_inputs(
    inputs: &[PathBuf],
    format: Option<InputFormat>,
    vocab: &Vocabulary,
    text_shape: Option<jixiao::read::text::TextShape>,
) -> (Vec<(PathBuf, ReadOutput)>, bool) {
    let mut read = Vec::new();
    let mut failed = false;
    let options = ReadOptions { vocab, text_shape };
    for path in inputs {
        match read_one(path, format, &options) {
            Ok(out) => {
                failed |= !report_problems(path, &out.warnings, &out.errors);
                read.push((path.clone(), out));
            }
            Err(e) => {
                say!("jixiao: 错误：{e}");
                failed = true;
            }
        }
    }
    (read, failed)
}

/// Reads one input (a file, or stdin when `path` is `-`).
pub fn read_one(
    path: &Path,
    format: Option<InputFormat>,
    options: &ReadOptions,
) -> Result<ReadOutput, String> {
    if !is_stdin(path) {
        return registry::read_path_with(path, format, options).map_err(|e| e.to_string());
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{STDIN_NAME}: 无法读取（cannot read）：{e}"))?;
    read_bytes(
        &bytes,
        format.expect("stdin needs --from, checked by expand"),
        options,
    )
}

/// Reads stdin's bytes in `format`. Workbooks are read from a private
/// temporary copy whose name never shows in a message.
fn read_bytes(
    bytes: &[u8],
    format: InputFormat,
    options: &ReadOptions,
) -> Result<ReadOutput, String> {
    let text = |r: Result<ReadOutput, ReadError>| r.map_err(|e| e.to_string());
    match format {
        InputFormat::Xlsx => {
            let buffer_error =
                |e: std::io::Error| format!("{STDIN_NAME}: 无法暂存（cannot buffer）：{e}");
            let mut tmp = tempfile::Builder::new()
                .prefix(".jixiao-stdin-")
                .suffix(".xlsx")
                .tempfile()
                .map_err(buffer_error)?;
            std::io::Write::write_all(tmp.as_file_mut(), bytes).map_err(buffer_error)?;
            let name = tmp.path().display().to_string();
            let rename = |s: &mut String| *s = s.replace(&name, STDIN_NAME);
            let mut out =
                jixiao::read::xlsx::read_xlsx_with(tmp.path(), options.vocab).map_err(|e| {
                    let mut s = e.to_string();
                    rename(&mut s);
                    s
                })?;
            for w in out.warnings.iter_mut().chain(out.errors.iter_mut()) {
                rename(&mut w.message);
            }
            Ok(out)
        }
        other => text(registry::read_bytes_with(bytes, STDIN_NAME, other, options)),
    }
}

/// Prints what a reader said about `path`; false if it reported errors.
pub fn report_problems(path: &Path, warnings: &[Warning], errors: &[Warning]) -> bool {
    let name = display_name(path);
    for w in warnings {
        say!("jixiao: 警告：{name}: {w}");
    }
    for e in errors {
        say!("jixiao: 错误：{name}: {e}");
    }
    errors.is_empty()
}

/// How an input is named in messages.
pub fn display_name(path: &Path) -> String {
    match is_stdin(path) {
        true => STDIN_NAME.to_string(),
        false => path.display().to_string(),
    }
}
