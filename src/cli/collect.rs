//! `jixiao collect INPUTS_OR_DIRS -o OUT.xlsx`

use std::path::{Path, PathBuf};
use std::time::Instant;

use jixiao::bulk::master::write_master_csv;
use jixiao::bulk::{collect_with, expand_inputs};
use jixiao::model::Form;
use jixiao::read::ReadOptions;
use jixiao::write::atomic::write_atomic;

use super::output::say;
use super::target::{check_file_output, remove_stale_temp_files};
use super::{progress, vocabulary, CliError, Outcome};

#[derive(Debug, clap::Args)]
pub struct CollectArgs {
    /// Submitted forms (.xlsx, .txt, .json) or folders to search for them.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The master to write: .xlsx (with 汇总表 and 检查 sheets), projects.csv
    /// (with indicators.csv beside it) or .json.
    #[arg(short, long)]
    output: PathBuf,
    /// Overwrite an existing output.
    #[arg(long)]
    force: bool,
    /// Extra labels and headings to know (TOML, as templates/labels/default.toml).
    #[arg(long, value_name = "FILE.toml")]
    labels: Option<PathBuf>,
}

pub fn run(args: CollectArgs) -> Result<Outcome, CliError> {
    let ext = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !matches!(ext.as_str(), "xlsx" | "csv" | "json") {
        return Err(CliError::Usage(format!(
            "{}：无法判断输出格式，请用 .xlsx、.csv 或 .json",
            args.output.display()
        )));
    }
    let inputs: Vec<PathBuf> = args
        .inputs
        .iter()
        .filter_map(|i| i.canonicalize().ok())
        .collect();
    let vocab = vocabulary(args.labels.as_deref())?;
    check_file_output(&args.output, &inputs, args.force)?;
    remove_stale_temp_files(args.output.parent().unwrap_or(Path::new(".")));
    let start = Instant::now();
    super::alloc::return_freed_memory();
    let (files, mut failures) = expand_inputs(&args.inputs, Some(&args.output));
    let bar = progress::bar(files.len(), "collect");
    let options = ReadOptions {
        vocab: &vocab,
        text_shape: None,
    };
    let collected = collect_with(&files, &options, &|| bar.inc(1));
    bar.finish_and_clear();
    failures.extend(collected.failures.iter().cloned());
    for f in &failures {
        say!("jixiao: 错误：{f}");
    }
    // Reading writes nothing, so Ctrl-C may end it at once; the output, once
    // begun, is finished so that no temporary file is left behind.
    super::interrupt::flag();
    write_output(&collected, &args.output, &ext, args.force)?;
    say!(
        "jixiao: 已汇总 {}，来自 {} 个文件，写入 {}；{} 条检查结果；{} 个文件失败",
        progress::rate(collected.master.forms.len(), start.elapsed()),
        collected.files_read,
        args.output.display(),
        collected.findings.len(),
        failures.len()
    );
    Ok(if failures.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Failed
    })
}

fn write_output(
    collected: &jixiao::bulk::Collected,
    output: &Path,
    ext: &str,
    force: bool,
) -> Result<(), CliError> {
    let failed = |e: String| CliError::Failed(e);
    match ext {
        "xlsx" => collected
            .write(output, force)
            .map_err(|e| failed(e.to_string())),
        "csv" => write_master_csv(&collected.master, output, force)
            .map(|_| ())
            .map_err(|e| failed(e.to_string())),
        _ => {
            // Borrow the forms rather than copy them into a Document.
            #[derive(serde::Serialize)]
            struct Forms<'a> {
                forms: Vec<&'a Form>,
            }
            let forms = Forms {
                forms: collected.master.forms.iter().map(|m| &m.form).collect(),
            };
            write_atomic(output, force, |w| {
                serde_json::to_writer_pretty(&mut *w, &forms)?;
                w.write_all(b"\n")
            })
            .map_err(|e| failed(format!("{}：无法写入：{e}", output.display())))
        }
    }
}
