//! `jixiao template KIND -o FILE` (KIND `master` for an empty master workbook)

use std::path::{Path, PathBuf};

use jixiao::layout::{blank_form, Template};
use jixiao::model::{Document, FormKind};

use super::render::{OutputFormat, RenderArgs, Renderer};
use super::target::{check_file_output, remove_stale_temp_files};
use super::{CliError, Outcome};

#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// self-evaluation, target-declaration or target-table; or master.
    kind: String,
    /// Output: .xlsx or .pdf for a blank form, .toml for the layout template.
    #[arg(short, long)]
    output: PathBuf,
    /// Number of blank indicator rows.
    #[arg(long, default_value_t = 10)]
    indicators: usize,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    render: RenderArgs,
}

pub fn run(args: TemplateArgs) -> Result<Outcome, CliError> {
    if args.kind == "master" {
        return write_master_template(&args);
    }
    let kind = FormKind::parse(&args.kind).ok_or_else(|| {
        CliError::Usage(format!(
            "不认识的表种 {:?}（可用 self-evaluation 自评表、target-declaration 申报表、target-table 2020 目标表）",
            args.kind
        ))
    })?;
    check_file_output(&args.output, &[], args.force)?;
    remove_stale_temp_files(args.output.parent().unwrap_or(Path::new(".")));
    let is_toml = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if is_toml {
        let (_, source) = Template::builtin_source(kind);
        jixiao::write::atomic::write_bytes_atomic(&args.output, args.force, source.as_bytes())
            .map_err(|e| CliError::Failed(format!("{}：无法写入：{e}", args.output.display())))?;
        return Ok(Outcome::Clean);
    }
    let format = OutputFormat::from_path(&args.output)
        .filter(|f| f.needs_grid())
        .ok_or_else(|| {
            CliError::Usage(format!(
                "{}：输出请用 .xlsx、.pdf、.html 或 .toml 文件",
                args.output.display()
            ))
        })?;
    let renderer = Renderer::new(&args.render, format == OutputFormat::Pdf, true)?;
    renderer.check_template_kinds([kind])?;
    let doc = Document {
        title: None,
        forms: vec![blank_form(kind, args.indicators)],
    };
    renderer
        .write(&doc, &args.output, format, args.force)
        .map_err(CliError::Failed)?;
    Ok(Outcome::Clean)
}

/// An empty master: .xlsx (项目, 指标, 说明 with drop-down lists) or a CSV pair.
fn write_master_template(args: &TemplateArgs) -> Result<Outcome, CliError> {
    use jixiao::bulk::master::{write_master_csv, write_template, Master};
    let ext = args.output.extension().and_then(|e| e.to_str());
    let csv = match ext.map(str::to_ascii_lowercase).as_deref() {
        Some("csv") => true,
        Some("xlsx") => false,
        _ => {
            return Err(CliError::Usage(format!(
                "{}：总表应是 .xlsx 工作簿或一对 .csv 文件",
                args.output.display()
            )))
        }
    };
    check_file_output(&args.output, &[], args.force)?;
    remove_stale_temp_files(args.output.parent().unwrap_or(Path::new(".")));
    let written = match csv {
        true => write_master_csv(&Master::default(), &args.output, args.force).map(|_| ()),
        false => write_template(&args.output, args.force),
    };
    written.map_err(|e| CliError::Failed(e.to_string()))?;
    Ok(Outcome::Clean)
}
