//! `jixiao convert INPUT... -o OUTPUT`

use std::path::{Path, PathBuf};

use jixiao::model::Document;
use jixiao::read::InputFormat;

use super::render::{OutputFormat, RenderArgs, Renderer};
use super::{input_format, read_inputs, vocabulary, CliError, Outcome};

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Input files: .txt (text extracted from PDFs), .json, .xlsx/.xls/.ods.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file, `-` for JSON on stdout, or a folder (ending in `/`, or
    /// existing) for one output per input.
    #[arg(short, long)]
    output: String,
    /// Input format for every input (text, json, xlsx) instead of the
    /// extension; text:tabs|layout|pipes|cells|line forces a text shape
    /// (plain text tells it from the text).
    #[arg(long)]
    from: Option<String>,
    /// Output format (json, xlsx, pdf) instead of OUTPUT's extension; with a
    /// folder output, several separated by commas (json,xlsx,pdf).
    #[arg(long)]
    to: Option<String>,
    /// Extra labels and headings to know (TOML, as templates/labels/default.toml).
    #[arg(long, value_name = "FILE.toml")]
    labels: Option<PathBuf>,
    #[command(flatten)]
    render: RenderArgs,
}

pub fn run(args: ConvertArgs) -> Result<Outcome, CliError> {
    let to_dir = args.output.ends_with('/') || Path::new(&args.output).is_dir();
    let formats: Vec<OutputFormat> = match (&args.to, args.output.as_str()) {
        (Some(t), _) => t
            .split(',')
            .map(|f| {
                OutputFormat::parse(f.trim()).ok_or_else(|| {
                    CliError::Usage(format!("unknown output format {f:?} (use json, xlsx or pdf)"))
                })
            })
            .collect::<Result<_, _>>()?,
        (None, "-") => vec![OutputFormat::Json],
        (None, _) if to_dir => vec![OutputFormat::Json],
        (None, o) => vec![OutputFormat::from_path(Path::new(o)).ok_or_else(|| {
            CliError::Usage(format!(
                "cannot tell the output format of {o:?}: give it a .json, .xlsx or .pdf extension or use --to"
            ))
        })?],
    };
    if formats.len() > 1 && !to_dir {
        return Err(CliError::Usage(
            "several formats (--to json,xlsx,pdf) need a folder output (-o DIR/)".into(),
        ));
    }
    if args.output == "-" && formats != [OutputFormat::Json] {
        return Err(CliError::Usage("only JSON can go to stdout (-o -)".into()));
    }
    let from = input_format(args.from.as_deref())?;
    let shape = args
        .from
        .as_deref()
        .and_then(jixiao::read::text::shape_of_from);
    // Text to JSON streams: one form in memory at a time.
    let all_text = args
        .inputs
        .iter()
        .all(|p| from.or_else(|| InputFormat::from_path(p)) == Some(InputFormat::Text));
    // The streamed reader knows the built-in vocabulary only.
    if formats == [OutputFormat::Json] && all_text && args.labels.is_none() {
        let dir = to_dir.then(|| PathBuf::from(&args.output));
        if let Some(d) = &dir {
            std::fs::create_dir_all(d)
                .map_err(|e| CliError::Failed(format!("cannot create {}: {e}", d.display())))?;
        }
        let ok = super::stream::text_to_json(&args.inputs, &args.output, dir.as_deref(), shape);
        return Ok(if ok { Outcome::Clean } else { Outcome::Failed });
    }
    let renderer = Renderer::new(&args.render, formats.contains(&OutputFormat::Pdf), false)?;
    let vocab = vocabulary(args.labels.as_deref())?;
    let (read, mut failed) = read_inputs(&args.inputs, from, &vocab, shape);
    if args.output == "-" {
        let doc = merge(read.into_iter().map(|(_, o)| o.document));
        print!("{}", jixiao::write::json::to_json(&doc));
        return Ok(if failed {
            Outcome::Failed
        } else {
            Outcome::Clean
        });
    }
    let inputs: Vec<PathBuf> = args
        .inputs
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    if to_dir {
        let dir = PathBuf::from(&args.output);
        std::fs::create_dir_all(&dir)
            .map_err(|e| CliError::Failed(format!("cannot create {}: {e}", dir.display())))?;
        for (path, out) in read {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "forms".into());
            for &format in &formats {
                let target = dir.join(format!("{stem}.{}", format.extension()));
                failed |= !write_output(&renderer, &target, &out.document, format, &inputs);
            }
        }
    } else {
        if read.is_empty() {
            return Ok(Outcome::Failed);
        }
        let doc = merge(read.into_iter().map(|(_, o)| o.document));
        failed |= !write_output(
            &renderer,
            Path::new(&args.output),
            &doc,
            formats[0],
            &inputs,
        );
    }
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
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
    inputs: &[PathBuf],
) -> bool {
    if target.canonicalize().is_ok_and(|t| inputs.contains(&t)) {
        eprintln!(
            "jixiao: error: {}: refusing to overwrite an input file; choose another output",
            target.display()
        );
        return false;
    }
    match renderer.write(doc, target, format) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("jixiao: error: {e}");
            false
        }
    }
}
