//! One form's rows of a grid, read by meaning: labels found through the
//! vocabulary, values right of or below them, numbers checked, and every
//! field's place recorded. What cannot be read is reported, never guessed.

use std::ops::Range;

use rust_decimal::Decimal;

use super::sheet::{Pos, Sheet, Val};
use crate::model::LabelledTexts;
use crate::read::vocab::{Meaning, Vocabulary};
use crate::read::{FieldPath, Places, Warning};
use crate::value::{is_blank, parse_number};

/// A label cell of the form: which field it names, and whether the value
/// shares its cell (`申报单位名称：上海市…`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Label {
    pub(super) field: &'static str,
    pub(super) pos: Pos,
    pub(super) inline: bool,
}

/// Reading state of one form.
pub(super) struct Ctx<'a> {
    pub(super) sheet: &'a Sheet<'a>,
    pub(super) vocab: &'a Vocabulary,
    pub(super) rows: Range<usize>,
    pub(super) places: Places,
    pub(super) warnings: Vec<Warning>,
    pub(super) errors: Vec<Warning>,
    /// Labelled content the model has no field for (`extra`).
    pub(super) texts: LabelledTexts,
    /// Every field label of the form, in reading order.
    labels: Vec<Label>,
    /// Whether any value was read at all.
    pub(super) read_any: bool,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(sheet: &'a Sheet<'a>, vocab: &'a Vocabulary, rows: Range<usize>) -> Ctx<'a> {
        // Sized for a form's labels at once (regrowing copied them).
        let mut labels = Vec::with_capacity(32);
        // Cells without a label mean nothing to the vocabulary.
        for pos in sheet.labelled_in(rows.clone()) {
            if let Some(field) = sheet.meaning(pos).field {
                labels.push(Label {
                    field,
                    pos,
                    inline: false,
                });
                continue;
            }
            // `label:value` in one cell (only such cells are looked up again).
            if let Some((head, value)) = sheet.label_split(pos) {
                if let Some(field) = field_id(vocab, head).filter(|_| !value.is_empty()) {
                    labels.push(Label {
                        field,
                        pos,
                        inline: true,
                    });
                }
            }
        }
        Ctx {
            sheet,
            vocab,
            rows,
            places: Places::default(),
            warnings: Vec::new(),
            errors: Vec::new(),
            texts: LabelledTexts::default(),
            labels,
            read_any: false,
        }
    }

    /// The first label of a field.
    pub(super) fn label(&self, field: &str) -> Option<Label> {
        self.labels.iter().find(|l| l.field == field).copied()
    }

    /// Every label of a field, in reading order.
    pub(super) fn labels_of<'s>(&'s self, field: &'s str) -> impl Iterator<Item = Label> + 's {
        self.labels
            .iter()
            .filter(move |l| l.field == field)
            .copied()
    }

    /// Whether the form shows a field's label.
    pub(super) fn has(&self, field: &str) -> bool {
        self.label(field).is_some()
    }

    /// First position in the form's rows whose normalised text satisfies `pred`.
    pub(super) fn find(&self, pred: impl Fn(&str) -> bool) -> Option<Pos> {
        self.sheet.find(self.rows.clone(), pred)
    }

    /// Whether the cell at a position is a label, so reading right of
    /// another label stops there.
    pub(super) fn stops(&self, pos: Pos) -> bool {
        self.sheet.meaning(pos).stops()
    }

    /// First position in the form's rows whose label means what `pred` asks.
    pub(super) fn find_meaning(&self, pred: impl Fn(Meaning) -> bool) -> Option<Pos> {
        if pred(Meaning::default()) {
            return self.find_at(|_, m| pred(m));
        }
        // Only labelled cells have a meaning the predicate can accept.
        self.sheet
            .labelled_in(self.rows.clone())
            .find(|&p| pred(self.sheet.meaning(p)))
    }

    /// First own cell in the form's rows for which `pred(position, meaning)`.
    pub(super) fn find_at(&self, pred: impl Fn(Pos, Meaning) -> bool) -> Option<Pos> {
        self.rows
            .clone()
            .flat_map(|r| (0..self.sheet.width()).map(move |c| (r, c)))
            .find(|&p| self.sheet.owner(p) == p && pred(p, self.sheet.meaning(p)))
    }

    /// The value cell right of a label: the next non-empty cell in the row,
    /// unless another label comes first.
    pub(super) fn right_of(&self, label: Pos) -> Option<Pos> {
        let me = self.sheet.owner(label);
        self.sheet
            .row_cells(label.0)
            .iter()
            .copied()
            .filter(|&p| p.1 > label.1 && self.sheet.owner(p) != me)
            .map(|p| (p, self.stops(self.sheet.owner(p))))
            .find(|&(p, stop)| stop || !self.sheet.value(p).is_empty())
            .filter(|&(_, stop)| !stop)
            .map(|(p, _)| p)
    }

    /// The value cell below a label: the first row past the label's own
    /// merged cell, in the label's column.
    pub(super) fn below(&self, label: Pos) -> Option<Pos> {
        let me = self.sheet.owner(label);
        (label.0 + 1..self.rows.end)
            .map(|r| (r, label.1))
            .find(|&p| self.sheet.owner(p) != me)
            .filter(|&p| !self.sheet.value(p).is_empty() && !self.stops(p))
    }

    /// The text of a field: right of its label, or after the colon when
    /// label and value share a cell.
    /// A printed choice (`新增项目□ 延续项目√`) in a field that offers one
    /// reads as the ticked option.
    pub(super) fn field_text(&mut self, field: &'static str) -> Option<String> {
        const CHOICES: [&str; 4] = [
            "project_nature",
            "project_category",
            "includes_procurement",
            "performance_type",
        ];
        let label = self.label(field)?;
        let text = self.label_value(&FieldPath::from(field), label)?;
        match CHOICES.contains(&field) {
            true => crate::value::checked_options(&text).unwrap_or(Some(text)),
            false => Some(text),
        }
    }

    /// The value of one label occurrence.
    pub(super) fn label_value(&mut self, field: &FieldPath, label: Label) -> Option<String> {
        if label.inline {
            let raw = self.sheet.value(label.pos).text();
            let value = raw.split_once(['：', ':'])?.1.trim().to_string();
            if is_blank(&value) {
                return None;
            }
            let sheet = self.sheet;
            self.places.set_with(field, || sheet.place(label.pos));
            self.read_any = true;
            return Some(value);
        }
        let pos = self.right_of(label.pos)?;
        self.text_at(field, pos)
    }

    /// Text of a position, `None` when blank or a dash.
    pub(super) fn text_at(&mut self, field: &FieldPath, pos: Pos) -> Option<String> {
        let sheet = self.sheet;
        // Blank cells are told before their text is copied (trimmed once).
        let text = match sheet.value(pos) {
            Val::Empty => return None,
            Val::Text(t) => {
                let t = crate::value::trim(t);
                if is_blank(t) {
                    return None;
                }
                t.to_string()
            }
            number => number.text(),
        };
        self.places.set_with(field, || sheet.place(pos));
        self.read_any = true;
        Some(text)
    }

    /// A number at a position; text that is not a number is a warning with
    /// its place and the field stays null (never a guess, never a value in
    /// another field; the rest of the form is still read).
    pub(super) fn number_at(&mut self, field: &FieldPath, pos: Pos) -> Option<Decimal> {
        let value = match self.sheet.value(pos) {
            Val::Empty => None,
            Val::Number(d) => Some(*d),
            Val::Text(t) => self.parse_at(field, pos, t),
        };
        // A blank cell's place is kept too: a formula saved without its
        // result is blank, and is filled in and reported at its cell.
        if pos.0 < self.sheet.height() && pos.1 < self.sheet.width() {
            let sheet = self.sheet;
            self.places.set_with(field, || sheet.place(pos));
        }
        self.read_any |= value.is_some();
        value
    }

    /// A number in a text at a position, or a warning there.
    fn parse_at(&mut self, field: &FieldPath, pos: Pos, text: &str) -> Option<Decimal> {
        parse_number(text).unwrap_or_else(|e| {
            self.warnings.push(Warning {
                place: self.sheet.place(pos),
                message: format!(
                    "{}：{e}；该格不是数字，未读入",
                    crate::check::field_label(&field.to_string())
                ),
            });
            None
        })
    }

    /// The amount after the colon of a `label：amount` cell
    /// (`资金总额：1,200.00`, `财政拨款:6923.3552万元`).
    pub(super) fn inline_number(&mut self, field: &'static str, pos: Pos) -> Option<Decimal> {
        let sheet = self.sheet;
        let raw = sheet.label_split(pos)?.1.trim();
        let amount = raw
            .strip_suffix("万元")
            .or_else(|| raw.strip_suffix('元'))
            .unwrap_or(raw);
        let path = FieldPath::from(field);
        let value = self.parse_at(&path, pos, amount);
        self.places.set_with(&path, || sheet.place(pos));
        self.read_any |= value.is_some();
        value
    }

    /// A number right of a label.
    pub(super) fn number_right_of(
        &mut self,
        field: &'static str,
        label: Option<Pos>,
    ) -> Option<Decimal> {
        let pos = label.and_then(|l| self.right_of(l))?;
        self.number_at(&FieldPath::from(field), pos)
    }

    /// A warning at a position.
    pub(super) fn warn(&mut self, pos: Pos, message: String) {
        self.warnings.push(Warning {
            place: self.sheet.place(pos),
            message,
        });
    }

    /// The unit in a label's brackets (`项目总预算（元）` → `元`).
    pub(super) fn unit_of(&self, pos: Pos) -> Option<String> {
        let l = self.sheet.label(pos);
        let inner = l.split_once('(')?.1.split_once(')')?.0;
        (!inner.is_empty()).then(|| inner.to_string())
    }

    /// Reads every `extra` label (评价结论, 项目负责人 …) into the form's texts.
    /// Labels of fields the form's kind has no slot for (`unused`: 项目概况
    /// on a declaration) are read the same way: kept, never dropped.
    pub(super) fn read_extra_texts(&mut self, unused: &[&[&str]]) {
        let labels: Vec<Label> = self
            .labels
            .iter()
            .filter(|l| l.field == "extra" || unused.iter().any(|u| u.contains(&l.field)))
            .copied()
            .collect();
        for label in labels {
            let key = self
                .vocab
                .label_key(&self.sheet.value(label.pos).text().replace(['：'], ":"));
            let key = match label.inline {
                true => key
                    .split_once(':')
                    .map_or(key.clone(), |(k, _)| k.to_string()),
                false => key,
            };
            let field = FieldPath::from(["extra.", &key].concat());
            let value = self.label_value(&field, label);
            self.texts.insert(key, value);
        }
    }
}

/// The vocabulary's field id of a label, as a static name.
fn field_id(vocab: &Vocabulary, text: &str) -> Option<&'static str> {
    let id = vocab.field(text)?;
    crate::read::vocab::FIELD_IDS
        .iter()
        .copied()
        .find(|f| *f == id)
}
