//! Readers: bytes in, canonical [`Document`] out, with the source place of
//! every field and a warning for everything that could not be placed.
//!
//! One module per input format; each knows labels and value shapes, never how
//! forms are drawn.

pub mod grid;
pub mod json;
pub mod recognize;
pub mod registry;
pub mod text;
pub mod vocab;
pub mod xlsx;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::model::Document;

/// Where something stands in an input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A 1-based line of a text file.
    Line(usize),
    /// A run of lines, first to last (1-based, inclusive).
    Lines(usize, usize),
    /// A cell of a workbook, e.g. `项目A!D7`.
    Cell {
        /// Sheet name.
        sheet: String,
        /// A1-style reference.
        cell: String,
    },
    /// A 1-based page of a paged document (PDF).
    Page(usize),
    /// A form (1-based) of a JSON file, with the field path.
    Json {
        /// Form number, 1-based.
        form: usize,
    },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(n) => write!(f, "line {n}"),
            Place::Lines(a, b) => write!(f, "lines {a}-{b}"),
            Place::Cell { sheet, cell } => write!(f, "{sheet}!{cell}"),
            Place::Page(n) => write!(f, "page {n}"),
            Place::Json { form } => write!(f, "form {form}"),
        }
    }
}

/// Source places of one form's fields, keyed by field path
/// (`project_name`, `funding.total`, `indicators[3]`, `total`, `grade`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    /// Where the form starts (its title).
    pub start: Option<Place>,
    /// Field path → place.
    pub fields: BTreeMap<String, Place>,
    /// Places of indicator rows by index (`indicators[i]`), kept apart
    /// because they are many.
    pub indicators: Vec<Place>,
}

impl Places {
    /// Records where a field was read.
    pub fn set(&mut self, field: impl Into<String>, place: Place) {
        self.fields.entry(field.into()).or_insert(place);
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

/// Something in the input the reader kept going past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub place: Place,
    /// What, and what was done about it.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// What a reader produces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadOutput {
    /// The forms.
    pub document: Document,
    /// Source places, one entry per form (same order as `document.forms`).
    pub places: Vec<Places>,
    /// Things the reader could not place or had to guess.
    pub warnings: Vec<Warning>,
    /// Problems that make the input count as failed (a truncated form), though
    /// what could be read is kept.
    pub errors: Vec<Warning>,
}

/// A file the readers could not turn into forms.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The bytes are not text in a known encoding.
    #[error("{file}: {what}")]
    Encoding {
        /// The file.
        file: String,
        /// What is wrong and what to do.
        what: String,
    },
    /// The file holds no form at all.
    #[error("{file}: no form found: {hint}")]
    NoForm {
        /// The file.
        file: String,
        /// What was looked for.
        hint: String,
    },
    /// A form is there but broken beyond reading.
    #[error("{file}: {place}: {what}")]
    Malformed {
        /// The file.
        file: String,
        /// Where.
        place: Place,
        /// What was expected.
        what: String,
    },
    /// The input format is unknown.
    #[error("{file}: unknown input format (use --from {formats})", formats = registry::names())]
    UnknownFormat {
        /// The file.
        file: String,
    },
}

pub use registry::{InputFormat, ReadOptions};

/// Reads one file in the given format (or the one its extension says),
/// with the built-in vocabulary; see [`registry::read_path_with`].
pub fn read_path(path: &Path, format: Option<InputFormat>) -> Result<ReadOutput, ReadError> {
    registry::read_path_with(path, format, &ReadOptions::default())
}
