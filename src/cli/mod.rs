//! Command-line definitions; one module per subcommand, each a thin layer
//! over the library.

mod alloc;
mod check;
mod collect;
mod convert;
mod fill;
mod interrupt;
mod progress;
mod render;
mod stream;
mod template;

use clap::{Parser, Subcommand};
use std::fmt;
use std::path::{Path, PathBuf};

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

Input format comes from the extension (.txt .json .xlsx .xls .ods) or --from;
output format (json, xlsx, pdf) from OUTPUT's extension or --to. Outputs are
written to a temporary file and renamed; an input is never overwritten.
Warnings go to stderr.
Exit status: 0 ok, 1 some input failed (the others are still converted), 2 usage.")]
    Convert(convert::ConvertArgs),
    /// Check the arithmetic of forms (rates, scores, totals, grade).
    #[command(after_help = "Examples:
  jixiao check forms.json
  jixiao check samples/*.txt --json

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
project, totals per money unit) and a 检查 sheet of check findings.
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

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<Outcome, CliError> {
    match cli.command {
        Command::Convert(a) => convert::run(a),
        Command::Check(a) => check::run(a),
        Command::Fill(a) => fill::run(a),
        Command::Collect(a) => collect::run(a),
        Command::Template(a) => template::run(a),
    }
}

/// Reads every input, printing warnings and errors; returns what was read
/// and whether any input failed.
fn read_inputs(
    inputs: &[PathBuf],
    format: Option<jixiao::read::InputFormat>,
    vocab: &jixiao::read::vocab::Vocabulary,
    shape: Option<jixiao::read::text::TextShape>,
) -> (Vec<(PathBuf, jixiao::read::ReadOutput)>, bool) {
    let mut read = Vec::new();
    let mut failed = false;
    let options = jixiao::read::ReadOptions {
        vocab,
        text_shape: shape,
    };
    for path in inputs {
        match jixiao::read::registry::read_path_with(path, format, &options) {
            Ok(out) => {
                failed |= !report_problems(path, &out.warnings, &out.errors);
                read.push((path.clone(), out));
            }
            Err(e) => {
                eprintln!("jixiao: error: {e}");
                failed = true;
            }
        }
    }
    (read, failed)
}

/// Prints what a reader said about `path`; false if it reported errors.
fn report_problems(
    path: &Path,
    warnings: &[jixiao::read::Warning],
    errors: &[jixiao::read::Warning],
) -> bool {
    for w in warnings {
        eprintln!("jixiao: warning: {}: {w}", path.display());
    }
    for e in errors {
        eprintln!("jixiao: error: {}: {e}", path.display());
    }
    errors.is_empty()
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
                "unknown input format {f:?} (use {}; text:tabs|layout|pipes|cells|line forces a text shape)",
                jixiao::read::registry::names()
            ))
        })
    })
    .transpose()
}

/// The vocabulary to read with: the built-in one, plus `--labels FILE`.
fn vocabulary(
    labels: Option<&Path>,
) -> Result<std::borrow::Cow<'static, jixiao::read::vocab::Vocabulary>, CliError> {
    use jixiao::read::vocab::Vocabulary;
    match labels {
        None => Ok(std::borrow::Cow::Borrowed(Vocabulary::builtin())),
        Some(path) => Vocabulary::with_file(path)
            .map(std::borrow::Cow::Owned)
            .map_err(|e| CliError::Usage(e.to_string())),
    }
}
