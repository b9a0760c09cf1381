//! Everything the vocabulary says about one cell text, in one lookup: the
//! recognizer asks this once per cell instead of normalising the text again
//! for every list it consults.

use super::norm::{keys_of_label, norm_label};
use super::{FundingColumn, FundingRowKind, IndicatorColumn, Title, Vocabulary, FIELD_IDS};
use crate::model::FormKind;
use rustc_hash::FxHashSet;

/// What a cell text is to the vocabulary (all lists at once).
///
/// ```
/// use jixiao::read::vocab::{IndicatorColumn, Vocabulary};
/// let v = Vocabulary::builtin();
/// let m = v.meaning("三级指标");
/// assert_eq!(m.indicator_column, Some(IndicatorColumn::Name));
/// assert!(m.stops());
/// assert!(!v.meaning("10.00").is_label());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Meaning {
    /// The field label's id ([`Vocabulary::field`]).
    pub field: Option<&'static str>,
    /// A funding-table heading ([`Vocabulary::funding_column`]).
    pub funding_column: Option<FundingColumn>,
    /// A funding-row label ([`Vocabulary::funding_row`]).
    pub funding_row: Option<FundingRowKind>,
    /// An indicator-table heading ([`Vocabulary::indicator_column`]).
    pub indicator_column: Option<IndicatorColumn>,
    /// A section heading ([`Vocabulary::heading`]).
    pub heading: bool,
    /// A level-1 category ([`Vocabulary::level1`]).
    pub level1: bool,
    /// A level-2 category ([`Vocabulary::level2`]).
    pub level2: bool,
    /// A title ([`Vocabulary::title`]): `Some(Some(kind))` a project form,
    /// `Some(None)` a form to name and skip.
    pub title: Option<Option<FormKind>>,
}

impl Meaning {
    /// Whether reading right of a label stops at this cell: a field label,
    /// funding row or heading, indicator heading, section heading or title.
    pub fn stops(&self) -> bool {
        self.field.is_some()
            || self.funding_row.is_some()
            || self.heading
            || self.title.is_some()
            || self.funding_column.is_some()
            || self.indicator_column.is_some()
    }

    /// Whether the text is a label, never a value ([`Vocabulary::is_label`]).
    pub fn is_label(&self) -> bool {
        self.stops() || self.level1 || self.level2
    }
}

impl Vocabulary {
    /// Everything the vocabulary says about a text, normalised once. Gives
    /// the same answers as the single lookups ([`Vocabulary::field`],
    /// [`Vocabulary::indicator_column`] …).
    pub fn meaning(&self, text: &str) -> Meaning {
        self.meaning_of_label(&norm_label(text))
    }

    /// [`Vocabulary::meaning`] of a text already normalised by
    /// [`norm_label`] (as the recognizer's cells are): not normalised again.
    pub(crate) fn meaning_of_label(&self, label: &str) -> Meaning {
        // A title has at most 60 characters (4 bytes each at most).
        let short = label.len() <= 240;
        let title = short.then(|| self.title(label)).flatten().map(|t| match t {
            Title::Form(kind) => Some(kind),
            Title::Skip(_) => None,
        });
        if label.is_empty() {
            return Meaning::default();
        }
        // The candidates once (as written, unnumbered, undecorated).
        let keys = keys_of_label(label);
        let mut cands = [""; 8];
        let mut n = 0;
        for (slot, c) in cands.iter_mut().zip(keys.iter()) {
            *slot = c;
            n += 1;
        }
        let many: Vec<&str>;
        let cands = match n == cands.len() && keys.iter().nth(n).is_some() {
            true => {
                many = keys.iter().collect();
                &many[..]
            }
            false => &cands[..n],
        };
        // Most cells are values: no candidate is in any list.
        let known = cands.iter().any(|c| {
            // Longer than every key, or starting with no key's first byte:
            // not hashed (value cells: numbers, prose).
            let exact = c.len() <= self.known.longest
                && self.known.first_bytes.has(c.as_bytes().first().copied())
                && self.known.exact.contains(*c);
            exact || self.known.prefix.iter().any(|p| c.starts_with(p))
        });
        if !known {
            return Meaning {
                title,
                ..Meaning::default()
            };
        }
        Meaning {
            field: self
                .fields
                .get_in(cands)
                .and_then(|id| FIELD_IDS.iter().copied().find(|f| f == id)),
            funding_column: self.funding_columns.get_in(cands).copied(),
            funding_row: self.funding_rows.get_in(cands).copied(),
            indicator_column: self.indicator_columns.get_in(cands).copied(),
            heading: self.headings.get_in(cands).is_some(),
            level1: self.level1.get_in(cands).is_some(),
            level2: self.level2.get_in(cands).is_some(),
            title,
        }
    }
}

/// Every key of every list, to tell quickly that a text is in none.
#[derive(Debug, Clone, Default)]
pub(super) struct Known {
    exact: FxHashSet<String>,
    prefix: Vec<String>,
    /// The byte length of the longest exact key.
    longest: usize,
    /// The first bytes of the exact keys.
    first_bytes: ByteSet,
}

/// A set of bytes, as a 256-bit mask.
#[derive(Debug, Clone, Copy, Default)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn add(&mut self, b: u8) {
        self.0[usize::from(b >> 6)] |= 1 << (b & 63);
    }

    fn has(&self, b: Option<u8>) -> bool {
        b.is_some_and(|b| self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0)
    }
}

impl Vocabulary {
    /// Gathers the keys of all lists (after lists change).
    pub(super) fn gather_known(&mut self) {
        self.id = super::memo::next_id();
        let mut known = Known::default();
        macro_rules! take {
            ($($t:ident),*) => {$(
                known.exact.extend(self.$t.exact.keys().cloned());
                known.prefix.extend(self.$t.prefix.iter().map(|(p, _)| p.clone()));
            )*};
        }
        take!(
            fields,
            funding_columns,
            funding_rows,
            indicator_columns,
            level1,
            level2,
            headings
        );
        known.prefix.sort();
        known.prefix.dedup();
        known.longest = known.exact.iter().map(String::len).max().unwrap_or(0);
        for k in &known.exact {
            if let Some(&b) = k.as_bytes().first() {
                known.first_bytes.add(b);
            }
        }
        self.known = known;
    }
}
