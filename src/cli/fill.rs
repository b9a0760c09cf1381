//! `jixiao fill MASTER -o DIR --to xlsx,pdf`

use std::path::PathBuf;
use std::time::Instant;

use jixiao::bulk::master::read_master;
use jixiao::bulk::{fill, FillOptions, OutputFormat};

use super::output::say;
use super::render::{RenderArgs, Renderer};
use super::target::{create_folder, say_kept};
use super::{progress, CliError, Outcome};

#[derive(Debug, clap::Args)]
pub struct FillArgs {
    /// The master: .xlsx (sheets 项目 and 指标), projects.csv (with
    /// indicators.csv beside it) or forms JSON.
    master: PathBuf,
    /// Output folder (created if missing).
    #[arg(short, long)]
    output: PathBuf,
    /// Output formats, comma-separated: xlsx, pdf, json.
    #[arg(long, default_value = "xlsx")]
    to: String,
    /// One workbook (a sheet per form) and one PDF (every form on its own
    /// pages) instead of a file per project.
    #[arg(long)]
    one_file: bool,
    /// Recompute execution rates, the funding score, 总分 and 评分等级
    /// instead of keeping them as given.
    #[arg(long)]
    recompute: bool,
    #[command(flatten)]
    render: RenderArgs,
    /// Replace existing files (without it, files already there are kept and
    /// only the missing ones are made).
    #[arg(long)]
    force: bool,
}

pub fn run(args: FillArgs) -> Result<Outcome, CliError> {
    let formats = OutputFormat::parse_list(&args.to).map_err(CliError::Usage)?;
    super::alloc::return_freed_memory();
    let start = Instant::now();
    let read = read_master(&args.master).map_err(|e| CliError::Failed(e.to_string()))?;
    let file = args.master.display();
    for w in &read.warnings {
        say!("jixiao: 警告：{file}: {w}");
    }
    for p in &read.problems {
        say!("jixiao: 错误：{file}: {p}");
    }
    let mut options = FillOptions {
        formats,
        one_file: args.one_file,
        recompute: args.recompute,
        overwrite: args.force,
        keep: args.master.canonicalize().into_iter().collect(),
        cancel: Some(super::interrupt::flag()),
        ..Default::default()
    };
    let wants_pdf = options.formats.contains(&OutputFormat::Pdf);
    let renderer = Renderer::new(&args.render, wants_pdf, false)?;
    renderer.check_template_kinds(read.master.forms.iter().map(|m| m.form.kind()))?;
    let (layout, font) = renderer.into_parts();
    options.layout = layout;
    if let Some(font) = font {
        options.pdf_font = font;
    }
    if let Some(stem) = args.master.file_stem() {
        options.one_file_stem = stem.to_string_lossy().into_owned();
    }
    create_folder(&args.output)?;
    let bar = progress::bar(read.master.forms.len(), "fill");
    let report = fill(&read.master, &args.output, &options, &|| bar.inc(1))
        .map_err(|e| CliError::Failed(format!("{}: {e}", args.output.display())))?;
    bar.finish_and_clear();
    for w in &report.warnings {
        say!("jixiao: 警告：{w}");
    }
    for f in &report.failures {
        say!("jixiao: 错误：{f}");
    }
    say_kept(report.kept.len());
    if report.skipped > 0 {
        say!(
            "jixiao: 已中断：{} 张表未写出（已写出的文件都是完整的）",
            report.skipped
        );
    }
    let failed = read.problems.len() + report.failures.len() + report.skipped;
    say!(
        "jixiao: 已填写 {}，写出 {} 个文件到 {}；{failed} 个失败",
        progress::rate(report.forms_written, start.elapsed()),
        report.files.len(),
        args.output.display()
    );
    Ok(if failed > 0 {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}
