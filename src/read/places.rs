//! Where each field of a form was read: kept as the readers set them, with
//! the many `indicators[i]…` paths by row, so recording a place costs no
//! formatted path and no ordered-map insert (every value of every form
//! records one).

use std::borrow::Cow;
use std::fmt;

use super::Place;

/// A field path as a reader sets it: a named path, or a path inside
/// indicator row `i` (`indicators[i]` and what follows it), kept apart so
/// the row's index is never formatted.
///
/// ```
/// use jixiao::read::FieldPath;
/// assert_eq!(FieldPath::Row(3, ".weight").to_string(), "indicators[3].weight");
/// assert_eq!(FieldPath::from("grade").to_string(), "grade");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldPath {
    /// `project_name`, `funding.total.executed`, `extra.原因` …
    Named(Cow<'static, str>),
    /// `indicators[i]` followed by the rest of the path (`""`, `.weight`).
    Row(usize, &'static str),
}

impl From<&'static str> for FieldPath {
    fn from(path: &'static str) -> FieldPath {
        FieldPath::Named(Cow::Borrowed(path))
    }
}

impl From<String> for FieldPath {
    fn from(path: String) -> FieldPath {
        FieldPath::Named(Cow::Owned(path))
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Named(p) => f.write_str(p),
            FieldPath::Row(i, rest) => write!(f, "indicators[{i}]{rest}"),
        }
    }
}

/// Rows past this are kept by their whole path (no table of that many rows).
const MAX_ROWS: usize = 1 << 16;

/// The paths an indicator row sets at most (`""`, `.actual`, `.weight`,
/// `.score`, `.note`), and about what a form sets outside its rows.
const ROW_PATHS: usize = 5;
const NAMED_PATHS: usize = 32;

/// `indicators[i]rest` with `i` written as a number is written (no sign, no
/// leading zero): the row and the rest. One path, one row and rest.
fn split_row(path: &str) -> Option<(usize, &str)> {
    let inner = path.strip_prefix("indicators[")?;
    let close = inner.find(']')?;
    let digits = &inner[..close];
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    let i: usize = digits.parse().ok().filter(|_| canonical)?;
    (i < MAX_ROWS).then(|| (i, &inner[close + 1..]))
}

/// Field path → place; the first place set for a path is the one kept.
///
/// ```
/// use jixiao::read::{FieldPlaces, Place};
/// let mut f = FieldPlaces::default();
/// f.insert("indicators[2].score".to_string(), Place::Line(7));
/// f.insert("indicators[2].score".to_string(), Place::Line(9));
/// assert_eq!(f.get("indicators[2].score"), Some(&Place::Line(7)));
/// assert_eq!(f.len(), 1);
/// ```
#[derive(Debug, Clone, Default, Eq)]
pub struct FieldPlaces {
    /// Paths outside the indicator rows, in the order set.
    named: Vec<(Cow<'static, str>, Place)>,
    /// The paths inside each indicator row: the rest after `indicators[i]`.
    rows: Vec<Vec<(Cow<'static, str>, Place)>>,
}

impl FieldPlaces {
    /// The place of a path (exactly this path).
    pub fn get(&self, path: &str) -> Option<&Place> {
        match split_row(path) {
            Some((i, rest)) => find(self.rows.get(i)?, rest),
            None => find(&self.named, path),
        }
    }

    /// Records a path's place unless it has one.
    pub fn insert(&mut self, path: String, place: Place) {
        self.insert_with(&FieldPath::Named(Cow::Owned(path)), || place);
    }

    /// Records a path's place, made only when the path has none yet (a
    /// sheet's place is a formatted cell reference).
    pub fn insert_with(&mut self, path: &FieldPath, place: impl FnOnce() -> Place) {
        let (list, rest, size) = match path {
            FieldPath::Row(i, rest) if *i < MAX_ROWS => {
                if self.rows.len() <= *i {
                    self.rows.resize_with(i + 1, Vec::new);
                }
                (&mut self.rows[*i], Cow::Borrowed(*rest), ROW_PATHS)
            }
            FieldPath::Row(..) => (&mut self.named, Cow::Owned(path.to_string()), NAMED_PATHS),
            FieldPath::Named(p) => match split_row(p) {
                // A named path of an indicator row is kept with its row.
                Some((i, rest)) => {
                    if self.rows.len() <= i {
                        self.rows.resize_with(i + 1, Vec::new);
                    }
                    (&mut self.rows[i], Cow::Owned(rest.to_string()), ROW_PATHS)
                }
                None => (&mut self.named, p.clone(), NAMED_PATHS),
            },
        };
        if find(list, &rest).is_none() {
            if list.is_empty() {
                // Sized once for what a form sets (a row's own paths, a
                // form's fields and funding cells), not regrown: each
                // regrowth copied every place set so far.
                list.reserve(size);
            }
            list.push((rest, place()));
        }
    }

    /// How many paths have a place.
    pub fn len(&self) -> usize {
        self.named.len() + self.rows.iter().map(Vec::len).sum::<usize>()
    }

    /// Whether no path has a place.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every path (written out) with its place, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (String, &Place)> {
        let named = self.named.iter().map(|(p, place)| (p.to_string(), place));
        let rows = self.rows.iter().enumerate().flat_map(|(i, row)| {
            row.iter()
                .map(move |(rest, place)| (format!("indicators[{i}]{rest}"), place))
        });
        named.chain(rows)
    }

    /// Every place, to change it where it stands (PDF pages).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Place> {
        let named = self.named.iter_mut().map(|(_, p)| p);
        named.chain(self.rows.iter_mut().flatten().map(|(_, p)| p))
    }
}

fn find<'a>(list: &'a [(Cow<'static, str>, Place)], path: &str) -> Option<&'a Place> {
    list.iter().find(|(p, _)| p == path).map(|(_, place)| place)
}

/// Equal when the same paths have the same places, whatever order they
/// were set in.
impl PartialEq for FieldPlaces {
    fn eq(&self, other: &FieldPlaces) -> bool {
        self.len() == other.len() && self.iter().all(|(p, place)| other.get(&p) == Some(place))
    }
}

impl std::ops::Index<&str> for FieldPlaces {
    type Output = Place;

    /// The place of a path; panics when it has none (as a map's index does).
    fn index(&self, path: &str) -> &Place {
        self.get(path).expect("a field path with a place")
    }
}

/// Source places of one form's fields, keyed by field path
/// (`project_name`, `funding.total`, `indicators[3]`, `total`, `grade`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    /// Where the form starts (its title).
    pub start: Option<Place>,
    /// Field path → place.
    pub fields: FieldPlaces,
    /// Places of indicator rows by index (`indicators[i]`), kept apart
    /// because they are many.
    pub indicators: Vec<Place>,
}

impl Places {
    /// Records where a field was read.
    pub fn set(&mut self, field: impl Into<String>, place: Place) {
        self.fields.insert(field.into(), place);
    }

    /// [`Places::set`] with the place made only when the field has none
    /// yet (a sheet's place is a formatted cell reference).
    pub fn set_with(&mut self, field: &FieldPath, place: impl FnOnce() -> Place) {
        self.fields.insert_with(field, place);
    }

    /// Records where indicator row `i` was read.
    pub fn set_indicator(&mut self, i: usize, place: Place) {
        if self.indicators.len() <= i {
            self.indicators.resize(i + 1, place.clone());
        }
        self.indicators[i] = place;
    }

    /// The place of a field, or of the nearest enclosing field, or the form.
    pub fn of(&self, field: &str) -> Option<&Place> {
        let row = field
            .strip_prefix("indicators[")
            .and_then(|r| r.split_once(']'))
            .and_then(|(n, _)| n.parse::<usize>().ok());
        if let Some(p) = row.and_then(|i| self.indicators.get(i)) {
            return Some(p);
        }
        let mut key = field;
        loop {
            if let Some(p) = self.fields.get(key) {
                return Some(p);
            }
            match key.rfind(['.', '[']) {
                Some(i) => key = &key[..i],
                None => return self.start.as_ref(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_rows_and_names_are_one_map() {
        let mut p = Places::default();
        p.set_with(&FieldPath::Row(3, ".weight"), || Place::Line(4));
        p.set_with(&FieldPath::Row(3, ".weight"), || {
            unreachable!("set already")
        });
        p.set("indicators[3].weight", Place::Line(9));
        p.set("indicators[03]", Place::Line(5));
        p.set_with(&FieldPath::from("grade"), || Place::Line(6));
        p.set_with(&FieldPath::Row(usize::MAX, ""), || Place::Line(8));
        assert_eq!(p.of("indicators[3].weight"), Some(&Place::Line(4)));
        assert_eq!(p.of("indicators[03]"), Some(&Place::Line(5)));
        assert_eq!(p.of("indicators[3]"), None, "no row place, no start");
        assert_eq!(p.of("grade.x"), Some(&Place::Line(6)));
        assert_eq!(
            p.fields.get(&format!("indicators[{}]", usize::MAX)),
            Some(&Place::Line(8))
        );
        assert_eq!(p.fields.len(), 4);
        let mut q = Places::default();
        q.set("grade", Place::Line(6));
        q.set(format!("indicators[{}]", usize::MAX), Place::Line(8));
        q.set("indicators[03]", Place::Line(5));
        q.set("indicators[3].weight", Place::Line(4));
        assert_eq!(p, q, "equal whatever the order");
    }
}
