//! Finding forms on a grid by their titles and structure, and reading each
//! kind's fields.

use super::ctx::Ctx;
use super::indicators::{RawIndicator, Table};
use super::rules::denormalise;
use super::sheet::{Pos, Sheet};
use crate::model::{Form, FormKind, IndicatorValue};
use crate::model::{
    ScoredIndicator, SelfEvaluation, TargetDeclaration, TargetIndicator, TargetTable,
};
use crate::read::vocab::{IndicatorColumn as Col, TableHalf, Title, Vocabulary};
use crate::read::{FieldPath, ReadOutput, Warning};
use crate::value::{find_year, normalize_date, split_period};

/// Where a form (or a non-project form to skip) starts.
struct Start {
    row: usize,
    title: Option<Pos>,
    kind: Option<FormKind>,
    /// A 部门整体支出绩效自评表 or 执行监控表: named and skipped.
    skip: Option<String>,
}

/// Reads every form on a grid into `out`; returns how many were found.
pub(super) fn read_sheet(sheet: &Sheet<'_>, vocab: &Vocabulary, out: &mut ReadOutput) -> usize {
    let mut starts: Vec<Start> = Vec::new();
    // The first title of each row (only labelled cells can be one).
    let mut title_row = None;
    for p in sheet.labelled_in(0..sheet.height()) {
        let r = p.0;
        if title_row != Some(r) && sheet.meaning(p).title.is_some() {
            title_row = Some(r);
            // The cell's meaning already tells a project form's title (the
            // same look-up of the same label); a title to skip is asked
            // again for its name.
            let (kind, skip) = match sheet.meaning(p).title {
                Some(Some(k)) => (Some(k), None),
                _ => match vocab.title(sheet.label(p)) {
                    Some(Title::Form(k)) => (Some(k), None),
                    Some(Title::Skip(what)) => (None, Some(what.to_string())),
                    None => (None, None),
                },
            };
            starts.push(Start {
                row: r,
                title: Some(p),
                kind,
                skip,
            });
        }
    }
    if starts.is_empty() {
        let all = Ctx::new(sheet, vocab, 0..sheet.height());
        if all.has_structure() {
            starts.push(Start {
                row: 0,
                title: None,
                kind: None,
                skip: None,
            });
        } else {
            out.warnings.push(Warning {
                place: sheet.first_place(),
                message: format!(
                    "“{}”不是绩效表（没有表名，也没有资金表或指标表的表头），跳过",
                    sheet.name()
                ),
            });
            return 0;
        }
    }
    // Forms run on without titles: each begins where a header label repeats.
    let mut untitled = Vec::new();
    for (i, start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(sheet.height(), |s| s.row);
        if start.skip.is_none() {
            untitled.extend(super::untitled::untitled_starts(
                sheet,
                vocab,
                start.row..end,
            ));
        }
    }
    for (row, warning) in untitled {
        out.warnings.push(warning);
        starts.push(Start {
            row,
            title: None,
            kind: None,
            skip: None,
        });
    }
    starts.sort_by_key(|s| s.row);
    // A collection title above the first form (…项目绩效目标汇总表) titles the document.
    if let (None, Some(first)) = (&out.document.title, starts.first()) {
        if first.title.is_some() {
            if let Some(p) = sheet.find(0..first.row, |l| l.ends_with("汇总表")) {
                out.document.title = Some(sheet.value(p).text());
            }
        }
    }
    let mut found = 0;
    for (i, start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(sheet.height(), |s| s.row);
        let at = sheet.place(start.title.unwrap_or((start.row, 0)));
        if let Some(what) = &start.skip {
            out.skipped.push(what.clone());
            out.warnings.push(Warning {
                place: at,
                message: format!(
                    "{what}不是项目表（本工具只读项目支出的自评表、申报表和目标表），跳过"
                ),
            });
            continue;
        }
        // Labels above the first title (报表编号:…) belong to the first form.
        let first_row = if i == 0 { 0 } else { start.row };
        let mut ctx = Ctx::new(sheet, vocab, first_row..end);
        ctx.places.start = Some(at.clone());
        let kind = ctx.kind(start.kind);
        let raw_title = start.title.map(|p| sheet.value(p).text());
        let title = raw_title.as_deref().and_then(|t| vocab.clean_title(t));
        let year = raw_title
            .as_deref()
            .and_then(title_year)
            .or_else(|| ctx.year_below(start.row, end));
        let form = match kind {
            FormKind::SelfEvaluation => Form::SelfEvaluation(ctx.self_evaluation(title, year)),
            FormKind::TargetDeclaration => Form::TargetDeclaration(ctx.declaration(title, year)),
            FormKind::TargetTable => Form::TargetTable(ctx.target_table(title, year)),
        };
        ctx.warn_repeated_project();
        if !ctx.read_any && !sheet.is_workbook() {
            // Reported, never a clean form of nulls: a blank template, or a
            // layout the vocabulary lacks. (The workbook reader judges its
            // sheets itself, after filling in formula results.)
            ctx.warnings.push(Warning {
                place: at,
                message: "这张表还没有填写任何内容（空白表格）".into(),
            });
        }
        out.document.forms.push(form);
        out.places.push(ctx.places);
        out.warnings.append(&mut ctx.warnings);
        out.errors.append(&mut ctx.errors);
        found += 1;
    }
    found
}

/// The year a title shows: `(2023年度)`, `2022年度`, `2022年`.
fn title_year(title: &str) -> Option<i32> {
    find_year(title).or_else(|| {
        let i = title.find('年')?;
        let digits: String = title[..i]
            .chars()
            .rev()
            .map_while(crate::value::ascii_digit)
            .collect();
        (digits.len() == 4).then(|| digits.chars().rev().collect::<String>().parse().ok())?
    })
}

impl Ctx<'_> {
    /// Whether the rows hold a form's own structure: a funding table or an
    /// indicator table heading (a 项目名称 label alone is not a form).
    pub(super) fn has_structure(&self) -> bool {
        self.rows.clone().any(|r| {
            let cells = self.sheet.row_cells(r);
            let meanings = || cells.iter().map(|&p| self.sheet.meaning(p));
            let funding = meanings().filter(|m| m.funding_column.is_some()).count();
            let budget = meanings().any(|m| {
                use crate::read::vocab::FundingColumn::*;
                matches!(
                    m.funding_column,
                    Some(InitialBudget | AnnualBudget | Executed)
                )
            });
            let levels = meanings()
                .filter(|m| {
                    matches!(
                        m.indicator_column,
                        Some(Col::Level1 | Col::Level2 | Col::Name)
                    )
                })
                .count();
            let indicator = meanings().filter(|m| m.indicator_column.is_some()).count();
            (budget && funding >= 2) || (levels >= 1 && indicator >= 3)
        })
    }

    /// A second 项目名称 in one form's rows: two forms run together, the
    /// second without a title; what follows it is not read into this form.
    fn warn_repeated_project(&mut self) {
        let second = self.labels_of("project_name").nth(1);
        if let Some(second) = second {
            self.warn(
                second.pos,
                "又一个“项目名称”：像是两张表连在一起而第二张没有表名；第二张表未读".into(),
            );
        }
    }

    /// The kind the structure says; the title is a hint.
    fn kind(&self, hint: Option<FormKind>) -> FormKind {
        let table_2020 = self.has("applicant") || self.find(|l| l == "一级目标").is_some();
        let scored = self.has("grade")
            || self
                .find_meaning(|m| {
                    use crate::read::vocab::FundingColumn::*;
                    m.indicator_column == Some(Col::Actual)
                        && !matches!(m.field, Some("goals.actual"))
                        || matches!(m.funding_column, Some(InitialBudget | Executed))
                })
                .is_some();
        match hint {
            Some(FormKind::SelfEvaluation) => FormKind::SelfEvaluation,
            _ if table_2020 => FormKind::TargetTable,
            _ if scored => FormKind::SelfEvaluation,
            _ => FormKind::TargetDeclaration,
        }
    }

    /// The year in the rows under a title: （2024年度）.
    fn year_below(&self, first: usize, end: usize) -> Option<i32> {
        (first..(first + 3).min(end))
            .flat_map(|r| (0..self.sheet.width()).map(move |c| (r, c)))
            .find_map(|p| match self.sheet.value(p) {
                // A text's year is found in place (no copy per position).
                crate::read::grid::Value::Text(t) => find_year(t),
                crate::read::grid::Value::Empty => None,
                v => find_year(&v.text()),
            })
    }

    fn self_evaluation(&mut self, title: Option<String>, year: Option<i32>) -> SelfEvaluation {
        let mut f = SelfEvaluation {
            title,
            year,
            ..Default::default()
        };
        f.project_name = self.field_text("project_name");
        f.department = self.field_text("department");
        f.implementer = self.field_text("implementer");
        let funding = self.self_evaluation_funding(&mut f.funding);
        let table = self.indicator_table(funding.map_or(self.rows.start, |r| r + 1));
        let goals_end = table.as_ref().map_or(self.rows.end, |t| t.header.0);
        (f.goals.expected, f.goals.actual) =
            self.goal_pair("goals.expected", "goals.actual", goals_end);
        if let Some(table) = &table {
            let (rows, total) = self.indicator_rows(table);
            let raw = self.read_rows(table, &rows);
            f.indicators = raw.into_iter().map(scored).collect();
            denormalise(
                f.indicators
                    .iter_mut()
                    .map(|i| (&mut i.level1, &mut i.level2)),
            );
            let total = total.or_else(|| self.label("total").map(|l| l.pos.0));
            if let Some(r) = total {
                (f.total.weight, f.total.score) = self.total_row(r, table);
            }
        }
        f.grade = self.field_text("grade");
        self.read_extra_texts(&[DECLARATION_HEADER, TARGET_TABLE_TEXTS]);
        f.texts = std::mem::take(&mut self.texts);
        f
    }

    /// Indicator rows with content, read through the table.
    fn read_rows(
        &mut self,
        table: &Table,
        rows: &[(usize, super::indicators::RowView)],
    ) -> Vec<RawIndicator> {
        let mut out = Vec::with_capacity(rows.len());
        for (r, view) in rows {
            if !self.has_content(*r, table, view) {
                continue;
            }
            out.push(self.read_indicator(out.len(), table, view));
        }
        out
    }

    /// 总分 / 合计: weight and score in their columns, or (a text row that
    /// lost its merged cells) the numbers right of the label in order.
    fn total_row(
        &mut self,
        r: usize,
        table: &Table,
    ) -> (Option<rust_decimal::Decimal>, Option<rust_decimal::Decimal>) {
        let label = self
            .sheet
            .row_cells(r)
            .iter()
            .copied()
            .find(|&p| self.sheet.meaning(p).field == Some("total"))
            .unwrap_or((r, 0));
        let (w, s) = (table.col(Col::Weight), table.col(Col::Score));
        let filled = |c: Option<usize>| c.is_some_and(|c| !self.sheet.value((r, c)).is_empty());
        if self.sheet.spans_known || filled(w) || filled(s) {
            let weight = w.and_then(|c| self.number_at(&"total.weight".into(), (r, c)));
            let score = s.and_then(|c| self.number_at(&"total.score".into(), (r, c)));
            if weight.is_some() || score.is_some() || self.sheet.spans_known {
                return (weight, score);
            }
        }
        let wpos = self.right_of(label);
        let weight = wpos.and_then(|p| self.number_at(&"total.weight".into(), p));
        let score = wpos
            .and_then(|p| self.right_of(p))
            .and_then(|p| self.number_at(&"total.score".into(), p));
        (weight, score)
    }

    /// A pair of goal texts below their headings (预期目标 | 实际完成情况);
    /// when the row below lost its merged cells, its cells in order.
    fn goal_pair(
        &mut self,
        left: &'static str,
        right: &'static str,
        end: usize,
    ) -> (Option<String>, Option<String>) {
        let (Some(l), r) = (self.label(left), self.label(right)) else {
            return (None, None);
        };
        if l.pos.0 >= end {
            return (None, None);
        }
        if !self.sheet.spans_known {
            // A text row that lost its merged cells: the two texts in order.
            if let Some(pair) = self.goal_texts_in_order(l.pos.0 + 1, end, left, right) {
                return pair;
            }
        }
        let l_below = self.below(l.pos);
        let r_below = r.filter(|r| r.pos.0 < end).and_then(|r| self.below(r.pos));
        if l_below.is_some() || r_below.is_some() || self.sheet.spans_known {
            let a = l_below.and_then(|p| self.text_at(&left.into(), p));
            let b = r_below.and_then(|p| self.text_at(&right.into(), p));
            let cont = [l_below, r_below]
                .into_iter()
                .flatten()
                .map(|p| self.sheet.span_end(p).0)
                .max()
                .and_then(|last| self.continued_goals(last + 1, end, l.pos));
            let Some(row) = cont else { return (a, b) };
            let more = |s: &mut Self, field: &'static str, col: Option<usize>| {
                col.and_then(|c| s.text_at(&field.into(), (row, c)))
            };
            let a2 = more(self, left, l_below.map(|p| p.1));
            let b2 = more(self, right, r_below.map(|p| p.1));
            return (join(a, a2), join(b, b2));
        }
        self.goal_texts_in_order(l.pos.0 + 1, end, left, right)
            .unwrap_or_default()
    }

    /// A goal row cut by a page break goes on under the page's running
    /// header (`…（续）`) and the goal headings repeated: the row after them.
    fn continued_goals(&self, from: usize, end: usize, heading: Pos) -> Option<usize> {
        let mut r = from;
        let first_label = |r: usize| {
            self.sheet
                .row_cells(r)
                .iter()
                .copied()
                .find(|&p| self.sheet.owner(p).0 == r && !self.sheet.value(p).is_empty())
                .map(|p| self.sheet.label(p).to_string())
        };
        if first_label(r).is_some_and(|l| super::indicators::is_running_header(&l)) {
            r += 1;
        }
        let repeated = (0..self.sheet.width()).any(|c| {
            self.sheet.owner((r, c)).0 == r && self.sheet.label((r, c)) == self.sheet.label(heading)
        });
        (r > from && repeated && r + 1 < end).then_some(r + 1)
    }

    /// The first row from `from` with content, read as two goal texts.
    fn goal_texts_in_order(
        &mut self,
        from: usize,
        end: usize,
        left: &'static str,
        right: &'static str,
    ) -> Option<(Option<String>, Option<String>)> {
        let next = (from..end).find_map(|row| {
            let cells: Vec<Pos> = self
                .sheet
                .row_cells(row)
                .iter()
                .copied()
                .filter(|&p| !self.sheet.value(p).is_empty())
                .collect();
            (!cells.is_empty()).then_some(cells)
        });
        match next.as_deref() {
            Some(&[a, b]) if !self.stops(a) => Some((
                self.text_at(&left.into(), a),
                self.text_at(&right.into(), b),
            )),
            _ => None,
        }
    }

    fn declaration(&mut self, title: Option<String>, year: Option<i32>) -> TargetDeclaration {
        let mut f = TargetDeclaration {
            title,
            year,
            ..Default::default()
        };
        f.project_name = self.field_text("project_name");
        f.project_nature = self.field_text("project_nature");
        f.project_category = self.field_text("project_category");
        f.department = self.field_text("department");
        f.implementer = self.field_text("implementer");
        f.start_date = self.field_text("start_date").map(|d| normalize_date(&d));
        f.end_date = self.field_text("end_date").map(|d| normalize_date(&d));
        let period = self.period(&mut f.start_date, &mut f.end_date);
        f.funding = self.declaration_funding();
        let table = self.indicator_table(self.rows.start);
        let goals_end = table.as_ref().map_or(self.rows.end, |t| t.header.0);
        f.goals.overall = self.goal_below("goals.overall", goals_end);
        f.goals.annual = self.goal_below("goals.annual", goals_end);
        if let Some(table) = table {
            if let Some((mid, annual)) = table.halves() {
                f.midterm_indicators = self.target_indicators(&mid);
                f.indicators = self.target_indicators(&annual);
            } else if let Some((first, second, half)) = self.stacked_tables(table.clone()) {
                // The first table ends where the second's heading begins.
                let end = std::mem::replace(&mut self.rows.end, second.header.0);
                let first = self.target_indicators(&first);
                self.rows.end = end;
                let second = self.target_indicators(&second);
                (f.midterm_indicators, f.indicators) = match half {
                    TableHalf::Midterm => (first, second),
                    TableHalf::Annual => (second, first),
                };
            } else {
                f.indicators = self.target_indicators(&table);
            }
        }
        self.read_extra_texts(&[TARGET_TABLE_TEXTS, period]);
        f.texts = std::mem::take(&mut self.texts);
        f
    }

    /// Start and end dates from one cell (项目起止时间: 2024年1月至2024年12月)
    /// when the form has no date of its own; the field ids to keep in
    /// `extra` instead (a period that is not two dates, or a second one).
    fn period(
        &mut self,
        start: &mut Option<String>,
        end: &mut Option<String>,
    ) -> &'static [&'static str] {
        if start.is_some() || end.is_some() {
            return &["period"];
        }
        let Some(text) = self.field_text("period") else {
            return &[];
        };
        match split_period(&text) {
            Some((a, b)) => {
                (*start, *end) = (Some(normalize_date(a)), Some(normalize_date(b)));
                &[]
            }
            None => &["period"],
        }
    }

    /// A goal text below its label (or right of it when nothing is below).
    fn goal_below(&mut self, field: &'static str, end: usize) -> Option<String> {
        let l = self.label(field).filter(|l| l.pos.0 < end)?;
        let path = FieldPath::from(field);
        match self.below(l.pos) {
            Some(p) => self.text_at(&path, p),
            None => self.label_value(&path, l),
        }
    }

    fn target_indicators(&mut self, table: &Table) -> Vec<TargetIndicator> {
        let (rows, _) = self.indicator_rows(table);
        let raw = self.read_rows(table, &rows);
        let mut out: Vec<TargetIndicator> = raw.into_iter().map(target).collect();
        denormalise(out.iter_mut().map(|i| (&mut i.level1, &mut i.level2)));
        out
    }

    fn target_table(&mut self, title: Option<String>, year: Option<i32>) -> TargetTable {
        let mut f = TargetTable {
            title,
            year,
            ..Default::default()
        };
        // Its own text fields (one list with the kinds that keep them in
        // `extra`), then those every kind has.
        let own = [
            &mut f.applicant,
            &mut f.includes_procurement,
            &mut f.performance_type,
            &mut f.overview,
            &mut f.basis,
            &mut f.necessity,
            &mut f.safeguards,
            &mut f.plan,
            &mut f.objectives,
        ];
        let shared = [
            ("project_name", &mut f.project_name),
            ("project_category", &mut f.project_category),
            ("start_date", &mut f.start_date),
            ("end_date", &mut f.end_date),
        ];
        for (field, slot) in TARGET_TABLE_TEXTS.iter().copied().zip(own).chain(shared) {
            *slot = self.field_text(field);
        }
        f.start_date = f.start_date.map(|d| normalize_date(&d));
        f.end_date = f.end_date.map(|d| normalize_date(&d));
        let period = self.period(&mut f.start_date, &mut f.end_date);
        let total = self.label("prior_funding.total_budget").map(|l| l.pos);
        f.prior_funding.unit = total.and_then(|p| self.unit_of(p));
        let p = &mut f.prior_funding;
        for (field, slot) in [
            ("prior_funding.total_budget", &mut p.total_budget),
            ("prior_funding.current_budget", &mut p.current_budget),
            ("prior_funding.prior_budget", &mut p.prior_budget),
            ("prior_funding.prior_executed", &mut p.prior_executed),
        ] {
            let label = self.label(field).map(|l| l.pos);
            *slot = self.number_right_of(field, label);
        }
        if let Some(table) = self.indicator_table(self.rows.start) {
            f.indicators = self.target_indicators(&table);
        }
        self.read_extra_texts(&[TARGET_TABLE_UNUSED, period]);
        f.texts = std::mem::take(&mut self.texts);
        f
    }
}

/// The 2020 target table's own text fields: a declaration or a
/// self-evaluation keeps them in `extra` by label.
const TARGET_TABLE_TEXTS: &[&str] = &[
    "applicant",
    "includes_procurement",
    "performance_type",
    "overview",
    "basis",
    "necessity",
    "safeguards",
    "plan",
    "objectives",
];

/// A declaration's fields a self-evaluation has no slot for.
const DECLARATION_HEADER: &[&str] = &[
    "project_nature",
    "project_category",
    "start_date",
    "end_date",
    "period",
];

/// Fields a 2020 target table has no slot for.
const TARGET_TABLE_UNUSED: &[&str] = &["project_nature", "department", "implementer"];

fn scored(r: RawIndicator) -> ScoredIndicator {
    ScoredIndicator {
        target_parsed: r.target.as_deref().and_then(IndicatorValue::parse),
        actual_parsed: r.actual.as_deref().and_then(IndicatorValue::parse),
        level1: r.level1,
        level2: r.level2,
        name: r.name,
        target: r.target,
        actual: r.actual,
        weight: r.weight,
        score: r.score,
        note: r.note,
    }
}

fn target(r: RawIndicator) -> TargetIndicator {
    TargetIndicator {
        target_parsed: r.target.as_deref().and_then(IndicatorValue::parse),
        level1: r.level1,
        level2: r.level2,
        name: r.name,
        target: r.target,
    }
}

/// A text and its continuation on the next page, joined as one cell's lines.
fn join(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a + &b),
        (a, b) => a.or(b),
    }
}
