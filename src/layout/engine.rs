//! The layout engine: a form and its template become a neutral [`Grid`].

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use super::template::{lookup, placeholders, CellSpec, RowSpec};
use super::{CellContent, Grid, GridCell, GridRow, PageSetup, Template};
use crate::model::{
    Form, FormKind, ScoredIndicator, SelfEvaluation, TargetDeclaration, TargetIndicator,
    TargetTable,
};

/// Why a form could not be laid out.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// A template file is unreadable or invalid.
    #[error("{file}: {what}")]
    Template {
        /// The template file.
        file: String,
        /// What is wrong.
        what: String,
    },
    /// A template override is for another form kind.
    #[error("模板 {template} 与表的种类 {form} 不符")]
    WrongKind {
        /// The template's kind.
        template: &'static str,
        /// The form's kind.
        form: &'static str,
    },
}

/// Layout choices.
///
/// ```
/// use jixiao::layout::{LayoutOptions, Template};
/// use jixiao::model::FormKind;
/// let mut opts = LayoutOptions { formulas: true, ..Default::default() };
/// opts.templates.insert(FormKind::TargetTable, Template::builtin(FormKind::TargetTable));
/// ```
#[derive(Debug, Clone, Default)]
pub struct LayoutOptions {
    /// Live formulas for execution rates, the funding score and 总分.
    pub formulas: bool,
    /// Templates replacing the built-in ones, per form kind.
    pub templates: HashMap<FormKind, Template>,
}

/// Lays a form out on the grid of its template (built-in unless overridden).
///
/// ```
/// use jixiao::layout::{layout_form, blank_form, LayoutOptions};
/// use jixiao::model::FormKind;
/// let grid = layout_form(&blank_form(FormKind::SelfEvaluation, 3), &LayoutOptions::default()).unwrap();
/// assert_eq!(grid.columns.len(), 8);
/// assert!(grid.repeat_rows.is_some());
/// ```
pub fn layout_form(form: &Form, options: &LayoutOptions) -> Result<Grid, LayoutError> {
    let template = options
        .templates
        .get(&form.kind())
        .unwrap_or_else(|| Template::builtin_ref(form.kind()));
    if template.kind != form.kind() {
        return Err(LayoutError::WrongKind {
            template: template.kind.as_str(),
            form: form.kind().as_str(),
        });
    }
    let value = serde_json::to_value(form).unwrap_or(Value::Null);
    let empty = Vec::new();
    let items = value
        .get("indicators")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    Ok(Engine::new(template, &value, items, options.formulas).run(form))
}

/// A blank official form with `indicators` empty indicator rows, to fill by hand.
///
/// ```
/// use jixiao::layout::blank_form;
/// use jixiao::model::FormKind;
/// assert_eq!(blank_form(FormKind::TargetTable, 5).indicator_count(), 5);
/// ```
pub fn blank_form(kind: FormKind, indicators: usize) -> Form {
    match kind {
        FormKind::SelfEvaluation => {
            let mut f = SelfEvaluation {
                indicators: vec![ScoredIndicator::default(); indicators],
                ..Default::default()
            };
            f.funding.unit = Some("万元".into());
            f.into()
        }
        FormKind::TargetDeclaration => {
            let mut f = TargetDeclaration {
                indicators: vec![TargetIndicator::default(); indicators],
                ..Default::default()
            };
            f.funding.unit = Some("元".into());
            f.into()
        }
        FormKind::TargetTable => {
            let mut f = TargetTable {
                indicators: vec![TargetIndicator::default(); indicators],
                ..Default::default()
            };
            f.prior_funding.unit = Some("元".into());
            f.into()
        }
    }
}

struct Engine<'a> {
    template: &'a Template,
    form: &'a Value,
    items: &'a [Value],
    formulas: bool,
    /// First grid row of each template row.
    starts: Vec<usize>,
}

impl<'a> Engine<'a> {
    fn new(template: &'a Template, form: &'a Value, items: &'a [Value], formulas: bool) -> Self {
        let mut starts = Vec::with_capacity(template.rows.len() + 1);
        let mut next = 0;
        for row in &template.rows {
            starts.push(next);
            next += if row.each.is_some() { items.len() } else { 1 };
        }
        starts.push(next);
        Engine {
            template,
            form,
            items,
            formulas,
            starts,
        }
    }

    fn run(&self, form: &Form) -> Grid {
        let t = self.template;
        let total_rows = *self.starts.last().unwrap_or(&0);
        let mut rows = vec![GridRow::default(); total_rows];
        let mut cells = Vec::new();
        let refs = self.cell_refs();
        let mut repeat: Option<(usize, usize)> = None;
        for (r, row) in t.rows.iter().enumerate() {
            let (first, end) = (self.starts[r], self.starts[r + 1]);
            for line in &mut rows[first..end] {
                line.min_height = row.height;
            }
            if row.repeat && end > first {
                repeat = Some(repeat.map_or((first, end - 1), |(a, _)| (a, end - 1)));
            }
            if row.each.is_some() {
                self.each_cells(row, first, &refs, &mut cells);
            } else {
                let mut fields_empty = true;
                for spec in &row.cells {
                    let row_span = self.starts[(r + spec.row_span()).min(t.rows.len())] - first;
                    if row_span > 0 {
                        let content = self.content(spec, self.form, &refs);
                        fields_empty &=
                            spec.field.is_none() || content.display_text().trim().is_empty();
                        cells.push(self.cell(spec, first, row_span, content));
                    }
                }
                if let (Some(h), true, Some(line)) =
                    (row.blank_height, fields_empty, rows.get_mut(first))
                {
                    line.min_height = line.min_height.max(h);
                }
            }
        }
        fit_heights(&t.columns, &mut rows, &cells);
        Grid {
            title: form
                .project_name()
                .unwrap_or(form.kind().official_title())
                .to_string(),
            columns: t.columns.clone(),
            rows,
            cells,
            repeat_rows: repeat,
            page: PageSetup {
                margins_mm: t.page.margins_mm,
                center_horizontally: t.page.center_horizontally,
                ..PageSetup::default()
            },
        }
    }

    /// The cells of an `each` row, with equal consecutive labels merged down.
    fn each_cells(
        &self,
        row: &RowSpec,
        first: usize,
        refs: &HashMap<&str, String>,
        out: &mut Vec<GridCell>,
    ) {
        let n = self.items.len();
        // Where merge runs start: a new value, a blank, or a new run in a
        // merged column to the left (a level-2 run never crosses a level-1 change).
        let mut starts_left = vec![false; n];
        let mut run_starts: Vec<Vec<bool>> = Vec::with_capacity(row.cells.len());
        for spec in &row.cells {
            let key = |i: usize| {
                spec.field
                    .as_deref()
                    .and_then(|f| lookup(&self.items[i], f))
                    .filter(|v| !is_empty(v))
            };
            let starts: Vec<bool> = (0..n)
                .map(|i| {
                    !spec.merge_same
                        || i == 0
                        || starts_left[i]
                        || key(i).is_none()
                        || key(i) != key(i - 1)
                })
                .collect();
            if spec.merge_same {
                starts_left = starts.clone();
            }
            run_starts.push(starts);
        }
        for (i, item) in self.items.iter().enumerate() {
            for (spec, starts) in row.cells.iter().zip(&run_starts) {
                if !starts[i] {
                    continue; // covered by the merged cell above
                }
                let len = 1 + starts[i + 1..].iter().take_while(|s| !**s).count();
                let content = self.content(spec, item, refs);
                out.push(self.cell(spec, first + i, len, content));
            }
        }
    }

    fn cell(&self, spec: &CellSpec, row: usize, row_span: usize, content: CellContent) -> GridCell {
        GridCell {
            row,
            col: spec.col,
            row_span,
            col_span: spec.col_span(),
            content,
            style: self.template.style(spec.style.as_deref()),
        }
    }

    fn content(&self, spec: &CellSpec, scope: &Value, refs: &HashMap<&str, String>) -> CellContent {
        let format = self.template.number_format(spec.style.as_deref());
        if let (true, Some(formula)) = (self.formulas, &spec.formula) {
            let mut text = formula.clone();
            for id in placeholders(formula) {
                text = text.replace(
                    &format!("{{{id}}}"),
                    refs.get(id).map_or("0", String::as_str),
                );
            }
            let cached = spec
                .field
                .as_deref()
                .and_then(|f| lookup(scope, f))
                .and_then(decimal_of);
            return CellContent::Formula {
                formula: text,
                cached,
                format,
            };
        }
        if let Some(field) = &spec.field {
            let value = lookup(scope, field).filter(|v| !is_empty(v));
            return match value {
                None => match spec.blank.as_ref().or(spec.fallback.as_ref()) {
                    Some(b) => CellContent::Text(b.clone()),
                    None => CellContent::Empty,
                },
                Some(v) if spec.number => match decimal_of(v) {
                    Some(value) => CellContent::Number { value, format },
                    None => CellContent::Text(text_of(v)),
                },
                Some(v) => CellContent::Text(text_of(v)),
            };
        }
        let text = spec.text.as_deref().unwrap_or("");
        let mut out = text.to_string();
        for p in placeholders(text) {
            match lookup(scope, p).filter(|v| !is_empty(v)) {
                Some(v) => out = out.replace(&format!("{{{p}}}"), &text_of(v)),
                None => return CellContent::Text(spec.fallback.clone().unwrap_or_default()),
            }
        }
        if out.is_empty() {
            CellContent::Empty
        } else {
            CellContent::Text(out)
        }
    }

    /// A1 reference (or range, for `each` rows) of every cell with an id.
    fn cell_refs(&self) -> HashMap<&'a str, String> {
        let mut refs = HashMap::new();
        for (r, row) in self.template.rows.iter().enumerate() {
            let (first, end) = (self.starts[r], self.starts[r + 1]);
            for spec in &row.cells {
                let Some(id) = spec.id.as_deref() else {
                    continue;
                };
                let a1 = match end - first {
                    0 => "0".to_string(),
                    1 => a1(first, spec.col),
                    _ => format!("{}:{}", a1(first, spec.col), a1(end - 1, spec.col)),
                };
                refs.insert(id, a1);
            }
        }
        refs
    }
}

fn is_empty(v: &Value) -> bool {
    v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty())
}

fn decimal_of(v: &Value) -> Option<Decimal> {
    match v {
        Value::String(s) => Decimal::from_str(s.trim()).ok(),
        Value::Number(n) => Decimal::from_str(&n.to_string()).ok(),
        _ => None,
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The A1 name of a 0-based cell (`a1(0, 27)` is `AB1`).
pub fn a1(row: usize, col: usize) -> String {
    let mut name = String::new();
    let mut c = col + 1;
    while c > 0 {
        name.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{name}{}", row + 1)
}

const PT_MM: f32 = 25.4 / 72.0;
/// Horizontal padding inside a cell, both sides together, in mm.
const PAD_X_MM: f32 = 2.0;
/// Vertical padding, top and bottom together, in mm.
const PAD_Y_MM: f32 = 2.0;

/// Estimated height (mm) of a cell's text in a given width: CJK glyphs are
/// about 1 em wide, ASCII about 0.5 em; lines are 1.3 em apart.
pub fn text_height_mm(text: &str, width_mm: f32, size_pt: f32) -> f32 {
    let em = size_pt * PT_MM;
    let avail = (width_mm - PAD_X_MM).max(em);
    let lines: f32 = text
        .split('\n')
        .map(|line| {
            let ems: f32 = line
                .chars()
                .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
                .sum();
            (ems * em / avail).ceil().max(1.0)
        })
        .sum();
    lines * em * 1.3 + PAD_Y_MM
}

/// Sets every row's `fit_height`: single-row cells set their row; a cell
/// spanning rows grows the last of them when the rows are too short together.
fn fit_heights(columns: &[f32], rows: &mut [GridRow], cells: &[GridCell]) {
    for row in rows.iter_mut() {
        row.fit_height = row.min_height;
    }
    let need = |cell: &GridCell| {
        let width: f32 = columns.iter().skip(cell.col).take(cell.col_span).sum();
        text_height_mm(&cell.content.display_text(), width, cell.style.size_pt)
    };
    for cell in cells.iter().filter(|c| c.row_span == 1) {
        let h = need(cell);
        if let Some(row) = rows.get_mut(cell.row) {
            row.fit_height = row.fit_height.max(h);
        }
    }
    for cell in cells.iter().filter(|c| c.row_span > 1) {
        let end = (cell.row + cell.row_span).min(rows.len());
        let have: f32 = rows[cell.row..end].iter().map(|r| r.fit_height).sum();
        let h = need(cell);
        if h > have && end > cell.row {
            rows[end - 1].fit_height += h - have;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ScoredIndicator;

    fn scored(l1: &str, l2: &str) -> ScoredIndicator {
        ScoredIndicator {
            level1: Some(l1.into()),
            level2: Some(l2.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a1_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 27), "AB1");
    }

    #[test]
    fn equal_labels_merge_down_within_their_parent() {
        let f = SelfEvaluation {
            indicators: vec![
                scored("产出指标", "数量指标"),
                scored("产出指标", "数量指标"),
                scored("效益指标", "数量指标"),
            ],
            ..Default::default()
        };
        let grid = layout_form(&f.into(), &LayoutOptions::default()).unwrap();
        let spans = |col: usize| -> Vec<usize> {
            let mut v: Vec<_> = grid
                .cells
                .iter()
                .filter(|c| c.col == col && c.row >= 12)
                .map(|c| c.row_span)
                .collect();
            v.truncate(2);
            v
        };
        assert_eq!(spans(0), vec![2, 1]);
        assert_eq!(
            spans(1),
            vec![2, 1],
            "level 2 must not merge across a level-1 change"
        );
    }

    #[test]
    fn long_text_gets_taller_rows() {
        assert!(
            text_height_mm(&"字".repeat(40), 30.0, 10.0)
                > 4.0 * text_height_mm("字", 30.0, 10.0) - 8.0
        );
        assert!(
            text_height_mm("abcd", 30.0, 10.0)
                < text_height_mm("汉字汉字汉字汉字汉字汉字", 30.0, 10.0) + 0.1
        );
    }

    #[test]
    fn formulas_refer_to_the_right_cells() {
        let opts = LayoutOptions {
            formulas: true,
            ..Default::default()
        };
        let grid = layout_form(&blank_form(FormKind::SelfEvaluation, 2), &opts).unwrap();
        let formulas: Vec<String> = grid
            .cells
            .iter()
            .filter_map(|c| match &c.content {
                CellContent::Formula { formula, .. } => Some(formula.clone()),
                _ => None,
            })
            .collect();
        assert!(
            formulas.contains(&"IF(N(D6)=0,0,ROUND(E6/D6*100,2))".to_string()),
            "{formulas:?}"
        );
        assert!(
            formulas.contains(&"N(F6)+SUM(F13:F14)".to_string()),
            "{formulas:?}"
        );
    }
}
