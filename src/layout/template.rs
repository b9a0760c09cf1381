//! Layout templates: the official drawing of each form kind as data
//! (`templates/*.toml`), parsed and checked before use.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{CellStyle, FontRole, HAlign, LayoutError, NumberFormat, VAlign};
use crate::model::FormKind;

/// A parsed, validated layout template for one form kind.
///
/// ```
/// use jixiao::layout::Template;
/// use jixiao::model::FormKind;
/// let t = Template::builtin(FormKind::SelfEvaluation);
/// assert_eq!(t.kind, FormKind::SelfEvaluation);
/// assert_eq!(t.columns.len(), 8);
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The form kind this template draws.
    pub kind: FormKind,
    /// Column widths in millimetres.
    pub columns: Vec<f32>,
    /// Margins and centring.
    #[serde(default)]
    pub page: PageSpec,
    /// Named cell styles.
    #[serde(default)]
    pub styles: BTreeMap<String, StyleSpec>,
    /// The rows, top to bottom.
    pub rows: Vec<RowSpec>,
}

/// Page margins and centring of a template.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PageSpec {
    /// Top, right, bottom, left margins in millimetres.
    pub margins_mm: [f32; 4],
    /// Centre the table horizontally.
    pub center_horizontally: bool,
}

impl Default for PageSpec {
    fn default() -> Self {
        let page = super::PageSetup::default();
        PageSpec {
            margins_mm: page.margins_mm,
            center_horizontally: page.center_horizontally,
        }
    }
}

/// A named cell style.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StyleSpec {
    /// `body` (宋体) or `title` (黑体).
    pub font: String,
    /// Size in points.
    pub size_pt: f32,
    /// Bold.
    pub bold: bool,
    /// `left`, `center` or `right`.
    pub h_align: String,
    /// `top`, `center` or `bottom`.
    pub v_align: String,
    /// Thin border.
    pub border: bool,
    /// Wrap text.
    pub wrap: bool,
    /// `as_is`, `amount` (1,234.00) or `fixed2` (98.62).
    pub number: String,
}

impl Default for StyleSpec {
    fn default() -> Self {
        StyleSpec {
            font: "body".into(),
            size_pt: 10.0,
            bold: false,
            h_align: "center".into(),
            v_align: "center".into(),
            border: true,
            wrap: true,
            number: "as_is".into(),
        }
    }
}

/// One template row.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowSpec {
    /// Minimum height in millimetres.
    #[serde(default = "default_height")]
    pub height: f32,
    /// Minimum height in millimetres when every field of the row is empty,
    /// as on a blank form: room to write free text (项目概况, 立项依据 …) by
    /// hand or type it in.
    #[serde(default)]
    pub blank_height: Option<f32>,
    /// Repeat this row at the top of every printed page (indicator header).
    #[serde(default)]
    pub repeat: bool,
    /// `indicators`: the row repeats once per indicator.
    #[serde(default)]
    pub each: Option<String>,
    /// The cells, left to right.
    pub cells: Vec<CellSpec>,
}

fn default_height() -> f32 {
    8.0
}

/// One template cell.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CellSpec {
    /// A fixed label; `{path}` inserts a form field.
    pub text: Option<String>,
    /// A form field (dotted path), or an indicator field in an `each` row.
    pub field: Option<String>,
    /// The field is a number (amount, rate, weight, score).
    pub number: bool,
    /// Shown when a field in `text` (or `field`) is empty.
    pub fallback: Option<String>,
    /// Shown when `field` is empty (the official dash `—`).
    pub blank: Option<String>,
    /// Columns covered.
    pub cols: Option<usize>,
    /// Template rows covered.
    pub rows: Option<usize>,
    /// In an `each` row: merge down over consecutive equal values.
    pub merge_same: bool,
    /// Style name (default `label`).
    pub style: Option<String>,
    /// Name other cells' formulas use to refer to this cell.
    pub id: Option<String>,
    /// Live formula (with the `formulas` option), `{id}` for cell references.
    pub formula: Option<String>,
    /// Column, filled in by placement.
    #[serde(skip)]
    pub col: usize,
}

impl CellSpec {
    /// Columns covered (≥ 1).
    pub fn col_span(&self) -> usize {
        self.cols.unwrap_or(1).max(1)
    }
    /// Template rows covered (≥ 1).
    pub fn row_span(&self) -> usize {
        self.rows.unwrap_or(1).max(1)
    }
}

const SELF_EVALUATION: &str = include_str!("../../templates/self-evaluation.toml");
const TARGET_DECLARATION: &str = include_str!("../../templates/target-declaration.toml");
const TARGET_TABLE: &str = include_str!("../../templates/target-table.toml");

impl Template {
    /// The built-in official layout of a form kind.
    pub fn builtin(kind: FormKind) -> Template {
        Template::builtin_ref(kind).clone()
    }

    /// The built-in layout of a form kind, parsed once per process.
    pub(crate) fn builtin_ref(kind: FormKind) -> &'static Template {
        static PARSED: [OnceLock<Template>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let index = FormKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        PARSED[index].get_or_init(|| {
            let (name, text) = Template::builtin_source(kind);
            Template::parse(text, name).expect("built-in templates are valid (tested)")
        })
    }

    /// The file name and TOML text of a built-in template, e.g. to copy and edit.
    pub fn builtin_source(kind: FormKind) -> (&'static str, &'static str) {
        match kind {
            FormKind::SelfEvaluation => ("templates/self-evaluation.toml", SELF_EVALUATION),
            FormKind::TargetDeclaration => {
                ("templates/target-declaration.toml", TARGET_DECLARATION)
            }
            FormKind::TargetTable => ("templates/target-table.toml", TARGET_TABLE),
        }
    }

    /// Loads and validates a template file (`--template FILE`).
    pub fn load(path: &Path) -> Result<Template, LayoutError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| LayoutError::Template {
            file: file.clone(),
            what: format!("无法读取：{e}"),
        })?;
        Template::parse(&text, &file)
    }

    /// Parses and validates template TOML; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Template, LayoutError> {
        let mut t: Template = toml::from_str(text).map_err(|e| LayoutError::Template {
            file: file.into(),
            what: e.to_string(),
        })?;
        t.place_cells().map_err(|what| LayoutError::Template {
            file: file.into(),
            what,
        })?;
        t.validate().map_err(|what| LayoutError::Template {
            file: file.into(),
            what,
        })?;
        Ok(t)
    }

    /// Places cells left to right, skipping positions covered from above.
    fn place_cells(&mut self) -> Result<(), String> {
        let width = self.columns.len();
        if width == 0 || self.columns.iter().any(|w| !(w.is_finite() && *w > 0.0)) {
            return Err("`columns` must list positive widths in mm".into());
        }
        let mut covered = vec![vec![false; width]; self.rows.len()];
        for (r, row) in self.rows.iter_mut().enumerate() {
            let mut col = 0;
            for (i, cell) in row.cells.iter_mut().enumerate() {
                while col < width && covered[r][col] {
                    col += 1;
                }
                let (cs, rs) = (cell.col_span(), cell.row_span());
                if col + cs > width {
                    return Err(format!(
                        "row {}: cell {} does not fit in {width} columns",
                        r + 1,
                        i + 1
                    ));
                }
                if r + rs > covered.len() {
                    return Err(format!(
                        "row {}: cell {} spans below the last row",
                        r + 1,
                        i + 1
                    ));
                }
                if rs > 1 && row.each.is_some() {
                    return Err(format!(
                        "row {}: cells of an `each` row cannot span rows",
                        r + 1
                    ));
                }
                for line in covered.iter_mut().skip(r).take(rs) {
                    for slot in &mut line[col..col + cs] {
                        if *slot {
                            return Err(format!(
                                "row {}: cell {} overlaps another cell",
                                r + 1,
                                i + 1
                            ));
                        }
                        *slot = true;
                    }
                }
                cell.col = col;
                col += cs;
            }
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), String> {
        let form =
            serde_json::to_value(super::blank_form(self.kind, 1)).map_err(|e| e.to_string())?;
        let item = &form["indicators"][0];
        let mut ids = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            let at = |i: usize| format!("row {}, cell {}", r + 1, i + 1);
            match row.each.as_deref() {
                None | Some("indicators") => {}
                Some(other) => {
                    return Err(format!(
                        "row {}: unknown `each = {other:?}` (use \"indicators\")",
                        r + 1
                    ))
                }
            }
            let scope = if row.each.is_some() { item } else { &form };
            for (i, cell) in row.cells.iter().enumerate() {
                let mut paths: Vec<&str> = cell.field.iter().map(String::as_str).collect();
                if let Some(text) = &cell.text {
                    paths.extend(placeholders(text));
                }
                for p in paths {
                    if lookup(scope, p).is_none() {
                        return Err(format!(
                            "{}: unknown field {p:?} for {}",
                            at(i),
                            self.kind.as_str()
                        ));
                    }
                }
                let style = cell.style.as_deref().unwrap_or("label");
                let spec = self
                    .styles
                    .get(style)
                    .ok_or_else(|| format!("{}: unknown style {style:?}", at(i)))?;
                style_of(spec).map_err(|e| format!("style {style:?}: {e}"))?;
                if cell.merge_same && row.each.is_none() {
                    return Err(format!(
                        "{}: `merge_same` only works in an `each` row",
                        at(i)
                    ));
                }
                ids.extend(cell.id.iter().cloned());
            }
        }
        for (r, row) in self.rows.iter().enumerate() {
            for cell in &row.cells {
                for id in cell.formula.iter().flat_map(|f| placeholders(f)) {
                    if !ids.iter().any(|known| known == id) {
                        return Err(format!(
                            "row {}: formula refers to unknown id {id:?}",
                            r + 1
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The grid style of a named style (`label` when unnamed).
    pub fn style(&self, name: Option<&str>) -> CellStyle {
        self.styles
            .get(name.unwrap_or("label"))
            .and_then(|s| style_of(s).ok())
            .unwrap_or_default()
    }

    /// The number format of a named style.
    pub fn number_format(&self, name: Option<&str>) -> NumberFormat {
        match self
            .styles
            .get(name.unwrap_or("label"))
            .map(|s| s.number.as_str())
        {
            Some("amount") => NumberFormat::Amount,
            Some("fixed2") => NumberFormat::Fixed2,
            _ => NumberFormat::AsIs,
        }
    }
}

fn style_of(s: &StyleSpec) -> Result<CellStyle, String> {
    let font = match s.font.as_str() {
        "body" => FontRole::Body,
        "title" => FontRole::Title,
        f => return Err(format!("font {f:?} (use body or title)")),
    };
    let h_align = match s.h_align.as_str() {
        "left" => HAlign::Left,
        "center" => HAlign::Center,
        "right" => HAlign::Right,
        a => return Err(format!("h_align {a:?} (use left, center or right)")),
    };
    let v_align = match s.v_align.as_str() {
        "top" => VAlign::Top,
        "center" => VAlign::Center,
        "bottom" => VAlign::Bottom,
        a => return Err(format!("v_align {a:?} (use top, center or bottom)")),
    };
    if !matches!(s.number.as_str(), "as_is" | "amount" | "fixed2") {
        return Err(format!(
            "number {:?} (use as_is, amount or fixed2)",
            s.number
        ));
    }
    if !(s.size_pt > 0.0 && s.size_pt < 200.0) {
        return Err(format!("size_pt {} out of range", s.size_pt));
    }
    Ok(CellStyle {
        font,
        size_pt: s.size_pt,
        bold: s.bold,
        h_align,
        v_align,
        border: s.border,
        wrap: s.wrap,
    })
}

/// The `{name}` placeholders in a text, in order.
pub(crate) fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(&rest[start + 1..start + len]);
        rest = &rest[start + len + 1..];
    }
    out
}

/// Looks up a dotted path in a JSON value.
pub(crate) fn lookup<'a>(
    value: &'a serde_json::Value,
    path: &str,
) -> Option<&'a serde_json::Value> {
    path.split('.')
        .try_fold(value, |v, key| v.as_object()?.get(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_parse() {
        for kind in FormKind::ALL {
            assert_eq!(Template::builtin(kind).kind, kind);
        }
    }

    #[test]
    fn bad_templates_are_rejected_with_reasons() {
        let base = Template::builtin_source(FormKind::TargetTable).1;
        let cases = [
            (
                base.replace("field = \"applicant\"", "field = \"applicannt\""),
                "unknown field \"applicannt\"",
            ),
            (
                base.replace("style = \"section\"", "style = \"nope\""),
                "unknown style",
            ),
            (
                base.replace("columns = [42, 40, 46, 52]", "columns = [42, 40, 46]"),
                "does not fit",
            ),
            (
                base.replace("kind = \"target_table\"", "kind = \"x\""),
                "unknown variant",
            ),
        ];
        for (text, want) in cases {
            let err = Template::parse(&text, "t.toml").unwrap_err().to_string();
            assert!(err.contains("t.toml") && err.contains(want), "{err}");
        }
    }

    #[test]
    fn placeholders_are_found() {
        assert_eq!(placeholders("（{year}年度）{a.b}"), vec!["year", "a.b"]);
        assert!(placeholders("plain").is_empty());
    }
}
