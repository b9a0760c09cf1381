//! The funding tables: the self-evaluation's 项目资金 table read from its
//! heading row, and the declaration's 项目资金 block read by its labels.

use super::ctx::Ctx;
use super::rules::fix_fraction_rate;
use super::sheet::Pos;
use crate::model::{DeclarationFunding, FundingRow, LabelledFundingRow, SelfEvaluationFunding};
use crate::read::vocab::{FundingColumn as FCol, FundingRowKind as Kind};
use crate::read::FieldPath;

/// The paths of the funding rows the model has fields for.
const FUNDING_ROWS: [&str; 4] = [
    "funding.total",
    "funding.current_appropriation",
    "funding.carryover",
    "funding.other",
];

/// `{row}.{column}` of those rows, by column slot (the formatting once, here).
const FUNDING_PATHS: [[&str; 6]; 4] = [
    [
        "funding.total.initial_budget",
        "funding.total.annual_budget",
        "funding.total.executed",
        "funding.total.weight",
        "funding.total.execution_rate",
        "funding.total.score",
    ],
    [
        "funding.current_appropriation.initial_budget",
        "funding.current_appropriation.annual_budget",
        "funding.current_appropriation.executed",
        "funding.current_appropriation.weight",
        "funding.current_appropriation.execution_rate",
        "funding.current_appropriation.score",
    ],
    [
        "funding.carryover.initial_budget",
        "funding.carryover.annual_budget",
        "funding.carryover.executed",
        "funding.carryover.weight",
        "funding.carryover.execution_rate",
        "funding.carryover.score",
    ],
    [
        "funding.other.initial_budget",
        "funding.other.annual_budget",
        "funding.other.executed",
        "funding.other.weight",
        "funding.other.execution_rate",
        "funding.other.score",
    ],
];

impl Ctx<'_> {
    /// The money unit of a funding block heading (项目资金（万元）).
    pub(super) fn funding_unit(&self) -> Option<String> {
        // Only a heading or a field label carries the unit (项目资金（万元）).
        let p = self.find_at(|p, m| {
            (m.heading || m.field.is_some())
                && self.vocab.funding_unit(self.sheet.label(p)).is_some()
        })?;
        self.vocab
            .funding_unit(self.sheet.label(p))
            .map(str::to_string)
    }

    /// Reads the self-evaluation funding table; returns its heading row.
    pub(super) fn self_evaluation_funding(
        &mut self,
        f: &mut SelfEvaluationFunding,
    ) -> Option<usize> {
        f.unit = self.funding_unit();
        let (header, columns) = self.rows.clone().find_map(|r| {
            let cols = self.funding_columns(r);
            let budget = cols.iter().any(|(k, _)| {
                matches!(k, FCol::InitialBudget | FCol::AnnualBudget | FCol::Executed)
            });
            (budget && cols.len() >= 2).then_some((r, cols))
        })?;
        let first = columns.iter().map(|&(_, c)| c).min().unwrap_or(0);
        let header_end = self.sheet.span_end((header, first)).0;
        let rows: Vec<(usize, Pos, Kind)> = self.funding_row_labels(header_end + 1, first);
        let packed = !self.sheet.spans_known && self.packed(&rows, first);
        let mut seen = Vec::new();
        for (r, label, kind) in rows {
            let (name, at) = match kind {
                Kind::Total => ("total", 0),
                Kind::CurrentAppropriation => ("current_appropriation", 1),
                Kind::Carryover => ("carryover", 2),
                Kind::Other => ("other", 3),
                Kind::Extra => ("extra", 4),
            };
            let text = self.sheet.value(label).text();
            // A row the model has no field for, or a second row of a kind.
            let kind = match seen.contains(&kind) {
                true => Kind::Extra,
                false => kind,
            };
            let field = match kind {
                Kind::Extra => ["funding.extra.", &text].concat(),
                _ => String::new(),
            };
            seen.push(kind);
            let mut values = [None; 6];
            for (i, &(col, c)) in columns.iter().enumerate() {
                let pos = match packed {
                    true => (r, label.1 + 1 + i),
                    false => (r, c),
                };
                if pos.1 >= self.sheet.width() {
                    continue;
                }
                let (slot, column) = match col {
                    FCol::InitialBudget => (0, "initial_budget"),
                    FCol::AnnualBudget => (1, "annual_budget"),
                    FCol::Executed => (2, "executed"),
                    FCol::Weight => (3, "weight"),
                    FCol::ExecutionRate => (4, "execution_rate"),
                    FCol::Score => (5, "score"),
                    FCol::Reason => {
                        let key = self.vocab.label_key(&self.sheet.value((header, c)).text());
                        let path = FieldPath::from(["extra.", &key].concat());
                        let value = self.text_at(&path, pos);
                        self.texts.insert(key, value);
                        continue;
                    }
                };
                // Each value's own cell, so findings name the cell that is
                // wrong; the row is where its first value stands.
                let (path, row_path) = match kind {
                    Kind::Extra => (
                        FieldPath::from([&field, ".", column].concat()),
                        FieldPath::from(field.clone()),
                    ),
                    _ => (
                        FieldPath::from(FUNDING_PATHS[at][slot]),
                        FieldPath::from(FUNDING_ROWS[at]),
                    ),
                };
                values[slot] = self.number_at(&path, pos);
                if values[slot].is_some() {
                    let sheet = self.sheet;
                    self.places.set_with(&row_path, || sheet.place(pos));
                }
            }
            let row = fix_fraction_rate(FundingRow::from_columns(values));
            match f.row_mut(name).filter(|_| kind != Kind::Extra) {
                Some(slot) => *slot = row,
                None => f.extra.push(LabelledFundingRow { label: text, row }),
            }
        }
        Some(header)
    }

    /// Funding columns of a heading row.
    fn funding_columns(&self, r: usize) -> Vec<(FCol, usize)> {
        self.sheet
            .row_cells(r)
            .iter()
            .copied()
            .filter(|&p| self.sheet.owner(p) == p)
            .filter_map(|p| self.sheet.meaning(p).funding_column.map(|k| (k, p.1)))
            .collect()
    }

    /// The funding rows under the heading: each row's first own cell that
    /// is no number (a row number a program wrote before the table, as
    /// pandas writes its index), while it is a funding-row label (or an
    /// unknown label followed by amounts).
    fn funding_row_labels(&self, from: usize, first: usize) -> Vec<(usize, Pos, Kind)> {
        let mut out = Vec::new();
        let is_number = |p: Pos| {
            crate::value::parse_number(&self.sheet.value(p).text()).is_ok_and(|v| v.is_some())
        };
        for r in from..self.rows.end {
            let Some(label) = self.sheet.row_cells(r).iter().copied().find(|&p| {
                self.sheet.owner(p) == p && !self.sheet.value(p).is_empty() && !is_number(p)
            }) else {
                continue;
            };
            let meaning = self.sheet.meaning(label);
            let kind = match meaning.funding_row {
                Some(k) => k,
                None if !meaning.is_label() && self.amounts_follow(label, first) => Kind::Extra,
                None => break,
            };
            out.push((r, label, kind));
        }
        out
    }

    /// Whether a number stands right of a cell in its row.
    fn amounts_follow(&self, label: Pos, first: usize) -> bool {
        (label.1 + 1..self.sheet.width()).any(|c| {
            c >= first.min(label.1 + 1)
                && crate::value::parse_number(&self.sheet.value((label.0, c)).text())
                    .is_ok_and(|v| v.is_some())
        })
    }

    /// Whether the rows lost the cells of merged columns (text shapes): most
    /// rows show a value right after their label, before the first funding
    /// column, or their label stands where a funding column is.
    fn packed(&self, rows: &[(usize, Pos, Kind)], first: usize) -> bool {
        let (mut packed, mut aligned) = (0, 0);
        for &(r, label, _) in rows {
            let end = self.sheet.span_end(label).1;
            if label.1 >= first || (end + 1 < first && !self.sheet.value((r, end + 1)).is_empty()) {
                packed += 1;
            } else if !self.sheet.value((r, first)).is_empty() {
                aligned += 1;
            }
        }
        packed > aligned
    }

    /// Reads the declaration's 项目资金 block: the project side and the
    /// annual side (年度资金申请总额 and the labels right of or below it).
    pub(super) fn declaration_funding(&mut self) -> DeclarationFunding {
        let mut f = DeclarationFunding {
            unit: self.funding_unit(),
            ..Default::default()
        };
        let project_total = self.label("funding.project_total").map(|l| l.pos);
        // Every funding row, `label：amount` cells (资金总额：1,200.00) too.
        let rows: Vec<(Pos, Kind, bool)> = self
            .rows
            .clone()
            .flat_map(|r| (0..self.sheet.width()).map(move |c| (r, c)))
            .filter(|&p| self.sheet.owner(p) == p)
            .filter_map(|p| match self.sheet.meaning(p).funding_row {
                Some(k) => Some((p, k, false)),
                None => {
                    let (head, value) = self.sheet.label_split(p)?;
                    let k = self.vocab.funding_row(head)?;
                    (!value.trim().is_empty()).then_some((p, k, true))
                }
            })
            .collect();
        let annual = self
            .label("funding.annual_total")
            .map(|l| l.pos)
            .or_else(|| {
                // A total row beside the project's is the year's; so is the
                // only total of a form with no project side (项目资金申请:
                // 资金总额 | 财政拨款 | 其他资金).
                let total = rows.iter().find(|r| r.1 == Kind::Total).map(|r| r.0)?;
                (project_total != Some(total)).then_some(total)
            });
        let annual_side =
            |p: Pos| project_total.is_none() || annual.is_some_and(|a| p.1 >= a.1 && p.0 >= a.0);
        f.project_total = self.number_right_of("funding.project_total", project_total);
        let inline_annual = annual
            .and_then(|a| rows.iter().find(|r| r.0 == a))
            .is_some_and(|r| r.2);
        f.annual_total = match inline_annual {
            true => annual.and_then(|p| self.inline_number("funding.annual_total", p)),
            false => self.number_right_of("funding.annual_total", annual),
        };
        for (p, kind, inline) in rows {
            if Some(p) == annual {
                continue;
            }
            let (field, slot) = match (kind, annual_side(p)) {
                (Kind::CurrentAppropriation, false) => {
                    ("funding.project_fiscal", &mut f.project_fiscal)
                }
                (Kind::CurrentAppropriation, true) => (
                    "funding.current_appropriation",
                    &mut f.current_appropriation,
                ),
                (Kind::Carryover, _) => ("funding.carryover", &mut f.carryover),
                (Kind::Other, false) => ("funding.project_other", &mut f.project_other),
                (Kind::Other, true) => ("funding.annual_other", &mut f.annual_other),
                _ => continue,
            };
            if slot.is_none() {
                *slot = match inline {
                    true => self.inline_number(field, p),
                    false => {
                        let pos = self.right_of(p);
                        pos.and_then(|pos| self.number_at(&FieldPath::from(field), pos))
                    }
                };
            }
        }
        f
    }
}
