//! `jixiao convert INPUT... -o OUTPUT`

use std::path::{Path, PathBuf};

use jixiao::model::Document;
use jixiao::read::{InputFormat, ReadOptions};

use jixiao::bulk::names::UniqueStems;

use super::inputs::{expand, is_stdin, read_inputs};
use super::output::{say, Stdout};
use super::render::{OutputFormat, RenderArgs, Renderer};
use super::target::{check_file_output, create_folder, remove_stale_temp_files, say_kept};
use super::{input_format, vocabulary, CliError, Outcome};

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Input files: .txt (text extracted from PDFs), .json, .xlsx/.xls/.ods,
    /// and published .pdf, .docx, .doc/.wps, .html/.htm (tables read directly);
    /// folders (searched for those); `-` for stdin (with --from).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file, `-` for JSON on stdout, or a folder (ending in `/`, or
    /// existing) for one output per input.
    #[arg(short, long)]
    output: String,
    /// Input format for every input (text, json, xlsx, pdf, docx, doc, html, csv)
    /// instead of the extension; text:tabs|layout|pipes|cells|line|glued
    /// forces a text shape (plain text tells it from the text).
    #[arg(long)]
    from: Option<String>,
    /// Extra labels and headings to know (TOML, as templates/labels/default.toml).
    #[arg(long, value_name = "FILE.toml")]
    labels: Option<PathBuf>,
    /// Output format (json, xlsx, pdf, html) instead of OUTPUT's extension;
    /// with a folder output, several separated by commas (json,xlsx,pdf).
    #[arg(long)]
    to: Option<String>,
    #[command(flatten)]
    render: RenderArgs,
    /// Replace existing output files (an input is never replaced).
    #[arg(long)]
    force: bool,
}

pub fn run(args: ConvertArgs) -> Result<Outcome, CliError> {
    let to_dir = args.output.ends_with('/') || Path::new(&args.output).is_dir();
    let formats = output_formats(&args, to_dir)?;
    let from = input_format(args.from.as_deref())?;
    let shape = args
        .from
        .as_deref()
        .and_then(jixiao::read::text::shape_of_from);
    let to_stdout = args.output == "-";
    let output = PathBuf::from(&args.output);
    let (inputs, mut failed) = expand(&args.inputs, from, (!to_stdout).then_some(&*output))?;
    let canonical: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    if to_dir {
        create_folder(&output)?;
    } else if !to_stdout {
        check_file_output(&output, &canonical, args.force)?;
        remove_stale_temp_files(output.parent().unwrap_or(Path::new(".")));
    }
    let dir = to_dir.then_some(output.as_path());
    // Text to JSON streams: one form in memory at a time.
    let all_text = inputs
        .iter()
        .all(|p| from.or_else(|| InputFormat::from_path(p)) == Some(InputFormat::Text));
    let vocab = vocabulary(args.labels.as_deref())?;
    if formats == [OutputFormat::Json] && all_text {
        let targets = Targets::new(dir, &output, &canonical, args.force);
        let options = ReadOptions {
            vocab: &vocab,
            text_shape: shape,
        };
        let ok = super::stream::text_to_json(&inputs, to_stdout, targets, &options)?;
        return Ok(outcome(failed || !ok));
    }
    let renderer = Renderer::new(&args.render, formats.contains(&OutputFormat::Pdf), false)?;
    let (read, read_failed) = read_inputs(&inputs, from, &vocab, shape);
    failed |= read_failed;
    renderer.check_template_kinds(
        read.iter()
            .flat_map(|(_, o)| o.document.forms.iter().map(|f| f.kind())),
    )?;
    if to_stdout {
        let doc = merge(read.into_iter().map(|(_, o)| o.document));
        let mut out = Stdout::new();
        out.write(|w| w.write_all(jixiao::write::json::to_json(&doc).as_bytes()));
        out.finish()?;
        return Ok(outcome(failed));
    }
    if let Some(dir) = dir {
        let mut targets = Targets::new(Some(dir), &output, &canonical, args.force);
        for (path, out) in read {
            for &format in &formats {
                let Some(target) = targets.next(&path, format.extension()) else {
                    continue;
                };
                failed |= !write_output(&renderer, &target, &out.document, format, args.force);
            }
        }
        say_kept(targets.kept);
        failed |= targets.refused > 0;
    } else {
        if read.is_empty() {
            return Ok(Outcome::Failed);
        }
        let doc = merge(read.into_iter().map(|(_, o)| o.document));
        failed |= !write_output(&renderer, &output, &doc, formats[0], args.force);
    }
    Ok(outcome(failed))
}

/// Output formats from `--to` or the output's extension.
fn output_formats(args: &ConvertArgs, to_dir: bool) -> Result<Vec<OutputFormat>, CliError> {
    let formats: Vec<OutputFormat> = match (&args.to, args.output.as_str()) {
        (Some(t), _) => OutputFormat::parse_list(t).map_err(CliError::Usage)?,
        (None, "-") => vec![OutputFormat::Json],
        (None, _) if to_dir => vec![OutputFormat::Json],
        (None, o) => vec![OutputFormat::from_path(Path::new(o)).ok_or_else(|| {
            CliError::Usage(format!(
                "无法判断输出格式 {o:?}：请用 .json、.xlsx、.pdf 或 .html 扩展名，或用 --to 指定"
            ))
        })?],
    };
    if formats.len() > 1 && !to_dir {
        return Err(CliError::Usage(
            "多种格式（--to json,xlsx,pdf）要写到一个文件夹（-o 文件夹/）".into(),
        ));
    }
    if args.output == "-" && formats != [OutputFormat::Json] {
        return Err(CliError::Usage("只有 JSON 能写到标准输出（-o -）".into()));
    }
    Ok(formats)
}

fn outcome(failed: bool) -> Outcome {
    match failed {
        true => Outcome::Failed,
        false => Outcome::Clean,
    }
}

/// All forms of several documents in one; the first collection title is kept.
fn merge(docs: impl Iterator<Item = Document>) -> Document {
    let mut all = Document::default();
    for doc in docs {
        all.title = all.title.or(doc.title);
        all.forms.extend(doc.forms);
    }
    all
}

/// Writes one output; reports and returns false on failure.
fn write_output(
    renderer: &Renderer,
    target: &Path,
    doc: &Document,
    format: OutputFormat,
    force: bool,
) -> bool {
    match renderer.write(doc, target, format, force) {
        Ok(()) => true,
        Err(e) => {
            say!("jixiao: 错误：{e}");
            false
        }
    }
}

/// Output files of a run: one file, or one per input (and format) in a
/// folder, named after the input (unique within the run). In a folder,
/// existing files are kept without `--force` and an input is never a target.
pub struct Targets<'a> {
    dir: Option<&'a Path>,
    file: &'a Path,
    inputs: &'a [PathBuf],
    force: bool,
    stems: UniqueStems,
    /// Stem given to each input, so every format of an input shares it.
    given: Vec<(PathBuf, String)>,
    /// Existing files kept.
    pub kept: usize,
    /// Targets refused because they are inputs.
    pub refused: usize,
}

impl<'a> Targets<'a> {
    /// Targets in `dir`, or the one `file`.
    pub fn new(
        dir: Option<&'a Path>,
        file: &'a Path,
        inputs: &'a [PathBuf],
        force: bool,
    ) -> Targets<'a> {
        Targets {
            dir,
            file,
            inputs,
            force,
            stems: UniqueStems::default(),
            given: Vec::new(),
            kept: 0,
            refused: 0,
        }
    }

    /// Whether existing files are replaced.
    pub fn force(&self) -> bool {
        self.force
    }

    /// Whether all inputs go to one file.
    pub fn single(&self) -> Option<&'a Path> {
        self.dir.is_none().then_some(self.file)
    }

    /// The file for `input` in format `ext`, or None (said why) when it is
    /// to be left alone.
    pub fn next(&mut self, input: &Path, ext: &str) -> Option<PathBuf> {
        let dir = self.dir?;
        let stem = match self.given.iter().find(|(p, _)| p == input) {
            Some((_, s)) => s.clone(),
            None => {
                let base = match is_stdin(input) {
                    true => "stdin".to_string(),
                    false => input
                        .file_stem()
                        .map_or_else(|| "forms".into(), |s| s.to_string_lossy().into_owned()),
                };
                let s = self.stems.claim(&base);
                self.given.push((input.to_path_buf(), s.clone()));
                s
            }
        };
        let target = dir.join(format!("{stem}.{ext}"));
        if target
            .canonicalize()
            .is_ok_and(|t| self.inputs.contains(&t))
        {
            say!(
                "jixiao: 错误：{}: 是输入文件，不能覆盖（即使有 --force；refusing to overwrite an input）",
                target.display()
            );
            self.refused += 1;
            return None;
        }
        if target.exists() && !self.force {
            self.kept += 1;
            return None;
        }
        Some(target)
    }
}
