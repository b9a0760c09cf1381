//! `jixiao template master|self-evaluation|target-declaration|target-table -o FILE`

use std::path::PathBuf;

use jixiao::bulk::master::{write_master_csv, write_template, Master};
use jixiao::layout::{blank_form, layout_form, LayoutOptions};
use jixiao::model::FormKind;

use super::{CliError, Outcome};

#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// `master` (an empty master workbook with notes and drop-down lists) or a
    /// form kind (self-evaluation, target-declaration, target-table) for a
    /// blank official form.
    kind: String,
    /// Output file: .xlsx, or projects.csv for a master as a CSV pair.
    #[arg(short, long)]
    output: PathBuf,
    /// Indicator rows on a blank form.
    #[arg(long, default_value_t = 10)]
    indicators: usize,
    /// Overwrite an existing file.
    #[arg(long)]
    force: bool,
}

pub fn run(args: TemplateArgs) -> Result<Outcome, CliError> {
    let csv = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let result = match (args.kind.as_str(), csv) {
        ("master", false) => write_template(&args.output, args.force).map_err(|e| e.to_string()),
        ("master", true) => write_master_csv(&Master::default(), &args.output, args.force)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        (kind, _) => {
            let kind = FormKind::parse(kind).ok_or_else(|| {
                CliError::Usage(format!(
                    "unknown template {kind:?} (use master, self-evaluation, target-declaration or target-table)"
                ))
            })?;
            let grid = layout_form(
                &blank_form(kind, args.indicators),
                &LayoutOptions::default(),
            )
            .map_err(|e| CliError::Failed(e.to_string()))?;
            jixiao::write::xlsx::write_xlsx(&[grid], &args.output, args.force)
                .map_err(|e| e.to_string())
        }
    };
    result.map_err(CliError::Failed)?;
    Ok(Outcome::Clean)
}
