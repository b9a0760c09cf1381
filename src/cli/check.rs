//! `jixiao check FILE...`

use std::path::PathBuf;

use jixiao::check::{check_form, Severity};

use super::{input_format, read_inputs, vocabulary, CliError, Outcome};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Forms to check: .txt, .json or .xlsx.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Input format for every input (text, json, xlsx) instead of the extension.
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
    let vocab = vocabulary(args.labels.as_deref())?;
    let format = input_format(args.from.as_deref())?;
    let shape = args
        .from
        .as_deref()
        .and_then(jixiao::read::text::shape_of_from);
    let (read, mut failed) = read_inputs(&args.inputs, format, &vocab, shape);
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
                        "file": path.display().to_string(),
                        "form": i + 1,
                        "project_name": name,
                        "place": place.map(|p| p.to_string()),
                        "severity": f.severity,
                        "field": f.field,
                        "message": f.message,
                    });
                    println!("{v}");
                } else {
                    let place = place.map(|p| format!("{p}: ")).unwrap_or_default();
                    let sev = match f.severity {
                        Severity::Note => "note",
                        Severity::Warning => "warning",
                        Severity::Error => "error",
                    };
                    println!(
                        "{}: {place}form {} {name:?}: {sev}: {}: {}",
                        path.display(),
                        i + 1,
                        f.field,
                        f.message
                    );
                }
            }
        }
    }
    let [notes, warnings, errors] = counts;
    eprintln!("{forms} forms checked: {errors} errors, {warnings} warnings, {notes} notes");
    failed |= errors + warnings > 0;
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}
