//! Which reader takes tab-separated text told from its first lines. The
//! grid (`text:samples-grid`: cells, rows rebuilt, the one recognizer) is
//! the reader of record; the samples' line reader is faster and, on the
//! Shanghai samples' shape, writes the very same forms. Both read the
//! first lines; the line reader keeps the file when it wrote the same
//! forms there, or clearly more: more forms, or as many with more values
//! and no more warnings. Otherwise (other provinces' forms, a browser's
//! copy of a table) the grid reads it.

use super::{Line, TextForms, TextShape};
use crate::read::vocab::Vocabulary;

/// What one reader made of the first lines.
#[derive(PartialEq)]
struct Reading {
    forms: Vec<serde_json::Value>,
    warnings: usize,
}

impl Reading {
    fn values(&self) -> usize {
        self.forms.iter().map(values).sum()
    }
}

/// Whether the line reader keeps a file whose first lines these are
/// (`whole`: they are the whole file).
pub(super) fn line_reader_keeps(lines: &[Line], whole: bool, vocab: &Vocabulary) -> bool {
    let read = |shape| {
        let again = lines.iter().map(|l| Line::new(l.no, l.text()));
        let mut forms = TextForms::with_shape(again, Some(shape), "");
        forms.vocab = Some(vocab.clone());
        let mut reading = Reading {
            forms: Vec::new(),
            warnings: 0,
        };
        for p in forms.by_ref() {
            reading.warnings += p.warnings.len() + p.errors.len();
            reading
                .forms
                .push(serde_json::to_value(&p.form).unwrap_or_default());
        }
        reading.warnings += forms.preamble_warnings.len();
        // The last form may be cut where the first lines end.
        if !whole {
            reading.forms.pop();
        }
        reading
    };
    let (line, grid) = (read(TextShape::Samples), read(TextShape::SamplesGrid));
    line.forms == grid.forms
        || line.forms.len() > grid.forms.len()
        || (line.forms.len() == grid.forms.len()
            && line.values() > grid.values()
            && line.warnings <= grid.warnings)
}

/// The values a form's JSON holds.
fn values(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Null => 0,
        serde_json::Value::Array(a) => a.iter().map(values).sum(),
        serde_json::Value::Object(o) => o.values().map(values).sum(),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        Line::numbered(text)
    }

    /// The samples keep the fast line reader: it writes the grid's forms,
    /// on the whole file and on its first lines alike. (Tab text the line
    /// reader reads worse goes to the grid: `real_forms_read_in_every_text_shape`
    /// in tests/text_shapes.rs, the Sichuan form told as tabs.)
    #[test]
    fn the_line_reader_keeps_only_what_it_reads_as_well() {
        let vocab = Vocabulary::builtin();
        let hrss = include_str!("../../../samples/selfeval-jiading-hrss-2024.txt");
        assert!(line_reader_keeps(&lines(hrss), true, vocab));
        let head: Vec<Line> = lines(hrss).into_iter().take(400).collect();
        assert!(line_reader_keeps(&head, false, vocab));
    }
}
