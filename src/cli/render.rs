//! Options shared by commands that draw forms (convert, template): layout
//! templates, formulas, the PDF font; and writing a document in a format.

use std::path::{Path, PathBuf};

use jixiao::layout::{LayoutOptions, Template};
use jixiao::model::{Document, FormKind};
use jixiao::write::pdf::PdfFont;
pub use jixiao::write::OutputFormat;
use jixiao::write::{write_report, WriteOptions};

use super::CliError;

/// Layout and font options.
#[derive(Debug, Clone, clap::Args)]
pub struct RenderArgs {
    /// A layout template (TOML, see `jixiao template KIND -o x.toml`) to use
    /// instead of the built-in one for its form kind. Repeatable.
    #[arg(long = "template", value_name = "FILE")]
    templates: Vec<PathBuf>,
    /// XLSX: live formulas for execution rate, funding score and 总分.
    #[arg(long)]
    formulas: bool,
    /// PDF: a TrueType font (.ttf, or .ttc with --font-index) instead of the
    /// built-in Noto Serif SC.
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
    /// PDF: face index in a .ttc font collection.
    #[arg(long, default_value_t = 0)]
    font_index: u32,
}

/// Everything needed to draw forms, loaded once.
pub struct Renderer {
    layout: LayoutOptions,
    font: Option<PdfFont>,
    /// The `--template` files given, with the form kind each lays out.
    templates: Vec<(PathBuf, FormKind)>,
}

impl Renderer {
    /// Loads templates now and the font when PDF output is wanted.
    pub fn new(args: &RenderArgs, pdf: bool, formulas_default: bool) -> Result<Renderer, CliError> {
        let mut layout = LayoutOptions {
            formulas: args.formulas || formulas_default,
            ..Default::default()
        };
        let mut templates = Vec::new();
        for path in &args.templates {
            let t = Template::load(path).map_err(|e| CliError::Usage(e.to_string()))?;
            templates.push((path.clone(), t.kind));
            layout.templates.insert(t.kind, t);
        }
        let font = if pdf {
            Some(match &args.font {
                Some(p) => PdfFont::from_file(p, args.font_index)
                    .map_err(|e| CliError::Usage(e.to_string()))?,
                None => PdfFont::builtin(),
            })
        } else {
            None
        };
        Ok(Renderer {
            layout,
            font,
            templates,
        })
    }

    /// Refuses a `--template` whose form kind none of the forms has: it
    /// would be ignored without a word.
    pub fn check_template_kinds(
        &self,
        kinds: impl IntoIterator<Item = FormKind>,
    ) -> Result<(), CliError> {
        let kinds: Vec<FormKind> = kinds.into_iter().collect();
        for (path, kind) in &self.templates {
            if !kinds.contains(kind) {
                return Err(CliError::Usage(format!(
                    "{}: 这是《{}》的版式模板，但要输出的表中没有这种表（a --template of another kind would be ignored）",
                    path.display(),
                    kind.official_title()
                )));
            }
        }
        Ok(())
    }

    /// Writes `doc` to `target` in `format` (through the library's one
    /// write entry); an existing file is replaced only with `overwrite`.
    pub fn write(
        &self,
        doc: &Document,
        target: &Path,
        format: OutputFormat,
        overwrite: bool,
    ) -> Result<(), String> {
        let name = target.display();
        let options = WriteOptions {
            layout: self.layout.clone(),
            font: self.font.clone(),
        };
        let out = write_report(doc, format, &options).map_err(|e| format!("{name}: {e}"))?;
        for w in &out.warnings {
            super::output::say!("jixiao: 警告：{name}: {w}");
        }
        jixiao::write::atomic::write_bytes_atomic(target, overwrite, &out.bytes)
            .map_err(|e| format!("{name}：无法写入：{e}"))
    }
}

impl Renderer {
    /// The layout options and the PDF font (if loaded), for `fill`.
    pub fn into_parts(self) -> (LayoutOptions, Option<PdfFont>) {
        (self.layout, self.font)
    }
}
