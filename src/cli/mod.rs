//! Command-line definitions; one module per subcommand, each a thin layer
//! over the library.

mod alloc;
mod check;
mod collect;
mod convert;
mod fill;
mod inputs;
mod interrupt;
mod output;
mod progress;
mod render;
mod serve;
mod stream;
mod target;
mod template;

use clap::{Parser, Subcommand};
use std::fmt;

/// jixiao (绩效): read, write and check Chinese budget-performance forms
/// (财政项目支出绩效自评表, 绩效目标申报表, 绩效目标表).
#[derive(Debug, Parser)]
#[command(name = "jixiao", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert forms between text (from PDFs), JSON, XLSX and PDF.
    #[command(after_help = "Examples:
  jixiao convert samples/selfeval-jiading-2024.txt -o forms.json
  jixiao convert samples/*.txt -o out/            # one JSON per input
  jixiao convert forms.json -o -                  # JSON to stdout
  jixiao convert a.txt b.txt -o all.json          # all forms in one file
  jixiao convert samples/selfeval-jiading-2024.txt -o forms.xlsx   # official layout, a sheet per form
  jixiao convert samples/selfeval-jiading-2024.txt -o forms.pdf    # printable, every form on its own pages
  jixiao convert submitted/*.xlsx -o printable/ --to pdf
  jixiao convert submitted/ -o printable/ --to pdf   # every form in a folder
  jixiao convert forms.json -o forms.html          # a table per form, prints from a browser
  jixiao convert 自评表.pdf 报告.docx 公开.html -o forms.json  # published files, read directly
  cat a.txt | jixiao convert - --from text -o a.json

Input format comes from the extension (.txt .json .xlsx .xls .ods .pdf .docx
.html .htm) or --from; output format (json, xlsx, pdf, html) from OUTPUT's
extension or --to. An existing output is replaced only with --force (in a
folder output, existing files are kept and the missing ones made); an input
is never replaced.
Warnings go to stderr.
Exit status: 0 ok, 1 some input failed (the others are still converted), 2 usage.")]
    Convert(convert::ConvertArgs),
    /// Check the arithmetic of forms (rates, scores, totals, grade).
    #[command(after_help = "Examples:
  jixiao check forms.json
  jixiao check samples/*.txt --json
  jixiao check submitted/                # every form in a folder
  cat a.json | jixiao check - --from json

Rules: execution rate = executed / annual budget × 100; funding score =
weight × min(rate, 100) / 100; total weight and score = funding + indicators;
each indicator score ≤ its weight, and a lost mark needs a 偏差原因; grade
优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below; funding rows add up to the total row.
A value off only by rounding is a note. Exit status: 0 clean (notes only),
1 errors or warnings found or an input could not be read, 2 usage.")]
    Check(check::CheckArgs),
    /// Fill a form file per project from a master workbook (总表).
    #[command(after_help = "Examples:
  jixiao template master -o master.xlsx           # an empty master to fill in
  jixiao fill master.xlsx -o out/ --to xlsx,pdf   # one XLSX and one PDF per project
  jixiao fill master.xlsx -o out/ --one-file      # one workbook, a sheet per form
  jixiao fill projects.csv -o out/ --recompute    # CSV pair; recompute rates, 总分, 等级

File names are 序号-项目名称, made safe and unique; existing files are kept
unless --force. A bad row is reported with its sheet and row and the others
are filled. Exit status: 0 ok, 1 some row or file failed, 2 usage.")]
    Fill(fill::FillArgs),
    /// Collect submitted forms (files or folders) into one master workbook.
    #[command(after_help = "Examples:
  jixiao collect submitted/ -o 汇总.xlsx
  jixiao collect a.json b.txt forms/ -o all.json

The workbook holds the master sheets (项目, 指标, 说明), a 汇总表 (one row per
project, totals per money unit) and a 检查 sheet of check findings. A form
handed in twice (same kind, year, units and 项目名称) counts once, the latest
file; the 检查 sheet names every copy.
Exit status: 0 ok, 1 some input could not be read, 2 usage.")]
    Collect(collect::CollectArgs),
    /// Write a blank official form, a layout template to edit, or an empty
    /// master workbook for `fill`.
    #[command(after_help = "Examples:
  jixiao template master -o master.xlsx           # empty master: 项目, 指标, 说明 sheets
  jixiao template master -o projects.csv          # the master as a CSV pair, headers only
  jixiao template self-evaluation --indicators 12 -o blank.xlsx
  jixiao template target-declaration -o blank.pdf
  jixiao template self-evaluation -o my-layout.toml   # edit, then: convert --template my-layout.toml

KIND is self-evaluation (自评表), target-declaration (申报表) or target-table
(2020 目标表), or master. A blank XLSX has live formulas for execution rate, funding score
and 总分; `jixiao convert` reads it back once filled.")]
    Template(template::TemplateArgs),
    /// Start the local web page (网页版) and HTTP API on 127.0.0.1.
    #[command(after_help = "Examples:
  jixiao serve                      # http://127.0.0.1:8080/
  jixiao serve --port 0 --open      # a free port, opened in the browser
  jixiao serve --max-upload 20MB

API: POST /api/convert?to=json|xlsx|pdf|html and POST /api/check, multipart
field `file` (one or more). Uploads are never written under their own names
and nothing is kept after the answer. --listen 0.0.0.0 lets other computers in.")]
    Serve(serve::ServeArgs),
}

/// How a command ended when it did not fail outright.
pub enum Outcome {
    /// Everything worked.
    Clean,
    /// Something failed or was found (exit 1); details already printed.
    Failed,
}

/// A failure of the command as a whole.
#[derive(Debug)]
pub enum CliError {
    /// Wrong arguments (exit 2).
    Usage(String),
    /// Could not do the job (exit 1).
    Failed(String),
}

impl CliError {
    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Failed(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Failed(m) => f.write_str(m),
        }
    }
}

/// Prints a command's failure on stderr.
pub fn say_error(e: &CliError) {
    output::say!("jixiao: 错误：{e}");
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<Outcome, CliError> {
    match cli.command {
        Command::Convert(a) => convert::run(a),
        Command::Check(a) => check::run(a),
        Command::Fill(a) => fill::run(a),
        Command::Collect(a) => collect::run(a),
        Command::Template(a) => template::run(a),
        Command::Serve(a) => serve::run_serve(a),
    }
}

/// Parses a `--from` value.
fn input_format(from: Option<&str>) -> Result<Option<jixiao::read::InputFormat>, CliError> {
    from.map(|f| {
        // text:SHAPE is text in a forced shape.
        let name = match jixiao::read::text::shape_of_from(f) {
            Some(_) => "text",
            None => f,
        };
        jixiao::read::InputFormat::parse(name).ok_or_else(|| {
            CliError::Usage(format!(
                "不认识的输入格式 {f:?}（可用 {}；text:tabs|layout|pipes|cells|line|glued 指定文字的排列方式）",
                jixiao::read::registry::names()
            ))
        })
    })
    .transpose()
}

/// The vocabulary to read with: the built-in one, plus `--labels FILE`.
fn vocabulary(
    labels: Option<&std::path::Path>,
) -> Result<std::borrow::Cow<'static, jixiao::read::vocab::Vocabulary>, CliError> {
    use jixiao::read::vocab::Vocabulary;
    match labels {
        None => Ok(std::borrow::Cow::Borrowed(Vocabulary::builtin())),
        Some(path) => Vocabulary::with_file(path)
            .map(std::borrow::Cow::Owned)
            .map_err(|e| CliError::Usage(e.to_string())),
    }
}
