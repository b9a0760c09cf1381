//! The JSON writer: the model's public JSON form.

use crate::model::{Document, Form};

/// Serialises a document as pretty JSON (UTF-8, Chinese unescaped, trailing newline).
///
/// ```
/// use jixiao::model::Document;
/// let s = jixiao::write::json::to_json(&Document::default());
/// assert_eq!(s, "{\n  \"forms\": []\n}\n");
/// ```
pub fn to_json(doc: &Document) -> String {
    let mut s = serde_json::to_string_pretty(doc).expect("the model always serialises");
    s.push('\n');
    s
}

/// Writes `{"title": …, "forms": [ … ]}` one form at a time, so a document
/// of any size is written holding one form in memory. The output is the
/// same as [`to_json`] of the whole document.
///
/// ```
/// use jixiao::model::{Document, Form, TargetTable};
/// let form = Form::TargetTable(TargetTable::default());
/// let mut out = Vec::new();
/// let mut w = jixiao::write::json::FormsWriter::new(&mut out, Some("汇总")).unwrap();
/// w.form(&form).unwrap();
/// w.finish().unwrap();
/// let doc = Document { title: Some("汇总".into()), forms: vec![form] };
/// assert_eq!(String::from_utf8(out).unwrap(), jixiao::write::json::to_json(&doc));
/// ```
pub struct FormsWriter<W: std::io::Write> {
    out: W,
    forms: usize,
}

impl<W: std::io::Write> FormsWriter<W> {
    /// Starts the document.
    pub fn new(mut out: W, title: Option<&str>) -> std::io::Result<Self> {
        out.write_all(b"{\n")?;
        if let Some(t) = title {
            writeln!(out, "  \"title\": {},", serde_json::to_string(t)?)?;
        }
        out.write_all(b"  \"forms\": [")?;
        Ok(FormsWriter { out, forms: 0 })
    }

    /// Appends one form.
    pub fn form(&mut self, form: &Form) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(form)?;
        self.out
            .write_all(if self.forms == 0 { b"\n" } else { b",\n" })?;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(b"    ")?;
            self.out.write_all(line.as_bytes())?;
        }
        self.forms += 1;
        Ok(())
    }

    /// Forms written so far.
    pub fn count(&self) -> usize {
        self.forms
    }

    /// Closes the document and returns the writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.write_all(if self.forms == 0 {
            b"]\n}\n"
        } else {
            b"\n  ]\n}\n"
        })?;
        Ok(self.out)
    }
}
