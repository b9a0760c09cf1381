//! `jixiao check FILE...`

use std::path::PathBuf;

use jixiao::check::{check_form, Severity};

use super::inputs::{display_name, expand, read_inputs};
use super::output::{printable, say, Stdout};
use super::{input_format, vocabulary, CliError, Outcome};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Forms to check: .txt, .json or .xlsx files, folders (searched for
    /// them), or `-` for stdin (with --from).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Input format for every input (text, json, xlsx, pdf, docx, doc, html, csv)
    /// instead of the extension.
    #[arg(long)]
    from: Option<String>,
    /// Extra labels and headings to know (TOML, as templates/labels/default.toml).
    #[arg(long, value_name = "FILE.toml")]
    labels: Option<PathBuf>,
    /// Print findings as JSON lines for machines.
    #[arg(long)]
    json: bool,
}

pub fn run(args: CheckArgs) -> Result<Outcome, CliError> {
    let from = input_format(args.from.as_deref())?;
    let (inputs, mut failed) = expand(&args.inputs, from, None)?;
    let vocab = vocabulary(args.labels.as_deref())?;
    let shape = args
        .from
        .as_deref()
        .and_then(jixiao::read::text::shape_of_from);
    let (read, read_failed) = read_inputs(&inputs, from, &vocab, shape);
    failed |= read_failed;
    let mut stdout = Stdout::new();
    let mut counts = [0usize; 3];
    let mut forms = 0;
    for (path, out) in &read {
        for (i, form) in out.document.forms.iter().enumerate() {
            forms += 1;
            let name = form.project_name().unwrap_or("");
            for f in check_form(form) {
                counts[f.severity as usize] += 1;
                // JSON inputs have no finer place than the form, which is named anyway.
                let place = out
                    .places
                    .get(i)
                    .and_then(|p| p.of(&f.field))
                    .filter(|p| !matches!(p, jixiao::read::Place::Json { .. }));
                if args.json {
                    let v = serde_json::json!({
                        "file": display_name(path),
                        "form": i + 1,
                        "project_name": name,
                        "place": place.map(|p| p.to_string()),
                        "severity": f.severity,
                        "field": f.field,
                        "message": f.message,
                        "stated": f.stated.map(|d| d.to_string()),
                        "expected": f.expected.map(|d| d.to_string()),
                    });
                    stdout.line(format_args!("{v}"));
                } else {
                    let place = place.map(|p| format!("（{p}）")).unwrap_or_default();
                    let sev = match f.severity {
                        Severity::Note => "提示",
                        Severity::Warning => "警告",
                        Severity::Error => "错误",
                    };
                    let line = format!(
                        "{}：第{}张表 {name}：{sev}：{}{place}",
                        display_name(path),
                        i + 1,
                        f.message
                    );
                    stdout.line(format_args!("{}", printable(&line)));
                }
            }
        }
    }
    let [notes, warnings, errors] = counts;
    stdout.finish()?;
    say!("共检查 {forms} 张表：{errors} 个错误，{warnings} 个警告，{notes} 个提示");
    failed |= errors + warnings > 0;
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}
