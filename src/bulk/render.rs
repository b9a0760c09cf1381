//! Output formats of `fill`, and turning laid-out grids (or the model, for
//! JSON) into file bytes.

use crate::layout::Grid;
use crate::model::{Document, Form};
use crate::write::pdf::{render_pdf_report, PdfFont};

/// An output format of `fill`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// The official form as a workbook.
    Xlsx,
    /// The official form as PDF.
    Pdf,
    /// The model's JSON.
    Json,
}

impl OutputFormat {
    /// Parses `xlsx`, `pdf` or `json`.
    pub fn parse(s: &str) -> Option<OutputFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Some(OutputFormat::Xlsx),
            "pdf" => Some(OutputFormat::Pdf),
            "json" => Some(OutputFormat::Json),
            _ => None,
        }
    }

    /// Parses a comma-separated list (`xlsx,pdf`), without repeats.
    ///
    /// ```
    /// use jixiao::bulk::OutputFormat;
    /// assert_eq!(OutputFormat::parse_list("xlsx, pdf").unwrap(), [OutputFormat::Xlsx, OutputFormat::Pdf]);
    /// assert!(OutputFormat::parse_list("docx").is_err());
    /// ```
    pub fn parse_list(s: &str) -> Result<Vec<OutputFormat>, String> {
        let mut out = Vec::new();
        for part in s.split(',').filter(|p| !p.trim().is_empty()) {
            let f = OutputFormat::parse(part)
                .ok_or_else(|| format!("unknown output format {part:?} (use xlsx, pdf or json)"))?;
            if !out.contains(&f) {
                out.push(f);
            }
        }
        if out.is_empty() {
            return Err("no output format given (use xlsx, pdf or json)".into());
        }
        Ok(out)
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Xlsx => "xlsx",
            OutputFormat::Pdf => "pdf",
            OutputFormat::Json => "json",
        }
    }

    /// Whether the format is drawn from a laid-out grid.
    pub fn needs_grid(self) -> bool {
        !matches!(self, OutputFormat::Json)
    }
}

/// The bytes of one output file holding `forms` (laid out as `grids`), and
/// warnings (characters the PDF font lacks).
pub(crate) fn render(
    format: OutputFormat,
    forms: &[&Form],
    grids: &[Grid],
    font: &PdfFont,
) -> Result<(Vec<u8>, Vec<String>), String> {
    match format {
        OutputFormat::Xlsx => crate::write::xlsx::xlsx_bytes(grids).map(|b| (b, Vec::new())),
        OutputFormat::Pdf => render_pdf_report(grids, font)
            .map(|o| {
                let warnings = o.warnings();
                (o.bytes, warnings)
            })
            .map_err(|e| e.to_string()),
        OutputFormat::Json => {
            let doc = Document {
                title: None,
                forms: forms.iter().map(|f| (*f).clone()).collect(),
            };
            Ok((crate::write::json::to_json(&doc).into_bytes(), Vec::new()))
        }
    }
}
