//! The neutral grid: what a form looks like on paper, with no form knowledge
//! left in it. The layout engine produces it from a template and a form; the
//! XLSX and PDF writers render it, so the two can never disagree.

use rust_decimal::Decimal;

/// A laid-out form: columns, rows, cells with spans and styles, page setup.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Document title (the project name): PDF metadata, XLSX sheet name source.
    pub title: String,
    /// Column widths in millimetres, left to right.
    pub columns: Vec<f32>,
    /// Rows top to bottom.
    pub rows: Vec<GridRow>,
    /// Cells; each occupies `row..row+row_span` × `col..col+col_span`. Grid
    /// positions no cell covers are blank (and borderless).
    pub cells: Vec<GridCell>,
    /// Rows repeated at the top of every printed page after the first on which
    /// they appear (the indicator header), as `first..=last`.
    pub repeat_rows: Option<(usize, usize)>,
    /// Paper, orientation, margins.
    pub page: PageSetup,
}

/// One grid row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridRow {
    /// Minimum height in millimetres; writers grow it to fit wrapped text.
    pub min_height: f32,
    /// Estimated height in millimetres that fits the text (layout's estimate);
    /// the XLSX writer sets it because spreadsheet programs do not grow
    /// merged rows themselves. The PDF writer measures glyphs itself.
    pub fit_height: f32,
}

/// One cell of the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    /// Top row index.
    pub row: usize,
    /// Left column index.
    pub col: usize,
    /// Rows covered (≥ 1).
    pub row_span: usize,
    /// Columns covered (≥ 1).
    pub col_span: usize,
    /// What the cell shows.
    pub content: CellContent,
    /// How it shows it.
    pub style: CellStyle,
}

/// Cell content.
#[derive(Debug, Clone, PartialEq)]
pub enum CellContent {
    /// Nothing.
    Empty,
    /// Text, shown as is (never interpreted as a formula).
    Text(String),
    /// A number with its display format.
    Number {
        /// The value, with the digits the source shows.
        value: Decimal,
        /// Display format.
        format: NumberFormat,
    },
    /// A live formula (spreadsheet syntax, A1 references, no leading `=`) with
    /// its cached result; the PDF writer prints the cached result.
    Formula {
        /// e.g. `ROUND(F8/E8*100,2)`.
        formula: String,
        /// The result shown until the spreadsheet recalculates.
        cached: Option<Decimal>,
        /// Display format.
        format: NumberFormat,
    },
}

impl CellContent {
    /// The text a printed page shows for this content.
    pub fn display_text(&self) -> String {
        match self {
            CellContent::Empty => String::new(),
            CellContent::Text(t) => t.clone(),
            CellContent::Number { value, format } => format.render(*value),
            CellContent::Formula { cached, format, .. } => {
                cached.map(|v| format.render(v)).unwrap_or_default()
            }
        }
    }
}

/// Display format of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberFormat {
    /// The digits the value carries (`10`, `7.80`).
    #[default]
    AsIs,
    /// An amount: thousands separators, the digits the value carries
    /// (`1,094,910,000.00`, `292,417`).
    Amount,
    /// A rate or score (`98.62`), the digits the value carries.
    Fixed2,
}

impl NumberFormat {
    /// Renders a value as a printed page shows it: the digits the value
    /// carries (as the XLSX format from [`NumberFormat::excel_code_for`]
    /// shows them, so PDF and spreadsheet agree), amounts with thousands
    /// separators.
    pub fn render(self, v: Decimal) -> String {
        let s = v.to_string();
        if self != NumberFormat::Amount {
            return s;
        }
        let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
        let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
        let mut out = String::with_capacity(s.len() + int.len() / 3 + 1);
        out.push_str(sign);
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        if let Some(frac) = frac {
            out.push('.');
            out.push_str(frac);
        }
        out
    }

    /// The spreadsheet number-format code for a value, showing exactly the
    /// digits the value carries: `Amount` with scale 2 is `#,##0.00`, with
    /// scale 0 `#,##0`; `Fixed2` with scale 3 is `0.000`. A reader recovers
    /// the shown digits from the format's decimal places.
    ///
    /// ```
    /// use jixiao::layout::NumberFormat;
    /// let d = |s: &str| s.parse().unwrap();
    /// assert_eq!(NumberFormat::Amount.excel_code_for(d("7.80")), "#,##0.00");
    /// assert_eq!(NumberFormat::Amount.excel_code_for(d("292417")), "#,##0");
    /// assert_eq!(NumberFormat::AsIs.excel_code_for(d("10")), "0");
    /// ```
    pub fn excel_code_for(self, value: Decimal) -> String {
        let decimals = match value.scale() {
            0 => String::new(),
            s => format!(".{}", "0".repeat(s as usize)),
        };
        match self {
            NumberFormat::Amount => format!("#,##0{decimals}"),
            NumberFormat::AsIs | NumberFormat::Fixed2 => format!("0{decimals}"),
        }
    }

    /// The spreadsheet number-format code.
    pub fn excel_code(self) -> &'static str {
        match self {
            NumberFormat::AsIs => "General",
            NumberFormat::Amount => "#,##0.00",
            NumberFormat::Fixed2 => "0.00",
        }
    }
}

/// Visual style of a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellStyle {
    /// Which face: body (宋体) or title (黑体 / bold).
    pub font: FontRole,
    /// Size in points.
    pub size_pt: f32,
    /// Bold.
    pub bold: bool,
    /// Horizontal alignment.
    pub h_align: HAlign,
    /// Vertical alignment.
    pub v_align: VAlign,
    /// Thin border around the cell.
    pub border: bool,
    /// Wrap text inside the cell.
    pub wrap: bool,
}

impl Default for CellStyle {
    fn default() -> Self {
        CellStyle {
            font: FontRole::Body,
            size_pt: 10.0,
            bold: false,
            h_align: HAlign::Center,
            v_align: VAlign::Center,
            border: true,
            wrap: true,
        }
    }
}

/// Font role; the writers map roles to real faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FontRole {
    /// Body text: 宋体.
    #[default]
    Body,
    /// Title: 黑体 (or bold 宋体).
    Title,
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HAlign {
    /// Left.
    Left,
    /// Centre.
    #[default]
    Center,
    /// Right.
    Right,
}

/// Vertical alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VAlign {
    /// Top.
    Top,
    /// Centre.
    #[default]
    Center,
    /// Bottom.
    Bottom,
}

/// Page setup.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSetup {
    /// Paper width in mm (A4 portrait: 210).
    pub width_mm: f32,
    /// Paper height in mm (A4 portrait: 297).
    pub height_mm: f32,
    /// Margins in mm: top, right, bottom, left.
    pub margins_mm: [f32; 4],
    /// Centre the table horizontally on the page.
    pub center_horizontally: bool,
}

impl Default for PageSetup {
    fn default() -> Self {
        PageSetup {
            width_mm: 210.0,
            height_mm: 297.0,
            margins_mm: [20.0, 15.0, 20.0, 15.0],
            center_horizontally: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amount_format_groups_thousands() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            NumberFormat::Amount.render(d("1094910000.00")),
            "1,094,910,000.00"
        );
        assert_eq!(NumberFormat::Amount.render(d("292417")), "292,417");
        assert_eq!(NumberFormat::Amount.render(d("-7.80")), "-7.80");
        assert_eq!(NumberFormat::Amount.render(d("999.5")), "999.5");
        assert_eq!(NumberFormat::Fixed2.render(d("10")), "10");
        // The spreadsheet format shows the same digits.
        assert_eq!(NumberFormat::Amount.excel_code_for(d("292417")), "#,##0");
    }
}
