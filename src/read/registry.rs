//! The readers in one list: each input format with its names, file
//! extensions and reader. `convert`, `check`, `collect` and the library all
//! find readers here; nothing else guesses formats from file names.
//!
//! ```
//! use std::path::Path;
//! use jixiao::read::registry::{self, InputFormat};
//! assert_eq!(registry::by_path(Path::new("a.XLSX")).unwrap().format, InputFormat::Xlsx);
//! assert_eq!(registry::by_name("txt").unwrap().format, InputFormat::Text);
//! assert!(registry::names().starts_with("text, json, xlsx"));
//! ```

use std::path::Path;

use super::vocab::Vocabulary;
use super::{json, text, xlsx, ReadError, ReadOutput};

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Text extracted from PDFs (`.txt`).
    Text,
    /// The model's JSON (`.json`).
    Json,
    /// Spreadsheets (`.xlsx`, `.xls`, `.ods`).
    Xlsx,
}

impl InputFormat {
    /// The format a file name's extension says.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        by_path(path).map(|r| r.format)
    }

    /// Parses a `--from` name.
    pub fn parse(s: &str) -> Option<InputFormat> {
        by_name(s).map(|r| r.format)
    }
}

/// What a reader may be told besides the file.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions<'a> {
    /// Titles, labels and headings to know (the built-in vocabulary, plus
    /// a `--labels` file).
    pub vocab: &'a Vocabulary,
    /// The shape of text input, when forced (`--from text:pipes`); `None`
    /// tells it from the text.
    pub text_shape: Option<text::TextShape>,
}

impl Default for ReadOptions<'static> {
    fn default() -> Self {
        ReadOptions {
            vocab: Vocabulary::builtin(),
            text_shape: None,
        }
    }
}

/// One input format and its reader.
pub struct Reader {
    /// The format.
    pub format: InputFormat,
    /// Its `--from` name.
    pub name: &'static str,
    /// Other `--from` names for it.
    pub aliases: &'static [&'static str],
    /// File extensions (lower case, without the dot).
    pub extensions: &'static [&'static str],
    /// Reads a file (`name` is how messages call it).
    pub read: fn(&Path, &str, &ReadOptions) -> Result<ReadOutput, ReadError>,
}

/// Every reader, in the order `--from` lists them.
pub static READERS: &[Reader] = &[
    Reader {
        format: InputFormat::Text,
        name: "text",
        aliases: &["txt"],
        extensions: &["txt", "text"],
        read: |path, name, options| text::read_text_with(&read_bytes(path, name)?, name, options),
    },
    Reader {
        format: InputFormat::Json,
        name: "json",
        aliases: &[],
        extensions: &["json"],
        read: |path, name, _| json::read_json(&read_bytes(path, name)?, name),
    },
    Reader {
        format: InputFormat::Xlsx,
        name: "xlsx",
        aliases: &["xls", "ods", "spreadsheet"],
        extensions: &["xlsx", "xlsm", "xls", "ods"],
        read: |path, _, options| xlsx::read_xlsx_with(path, options.vocab),
    },
];

fn read_bytes(path: &Path, name: &str) -> Result<Vec<u8>, ReadError> {
    std::fs::read(path).map_err(|source| ReadError::Io {
        file: name.to_string(),
        source,
    })
}

/// The reader of a format.
pub fn reader(format: InputFormat) -> &'static Reader {
    READERS
        .iter()
        .find(|r| r.format == format)
        .expect("every format has a reader")
}

/// The reader a `--from` name names.
pub fn by_name(name: &str) -> Option<&'static Reader> {
    let name = name.to_ascii_lowercase();
    READERS
        .iter()
        .find(|r| r.name == name || r.aliases.contains(&name.as_str()))
}

/// The reader a file's extension says.
pub fn by_path(path: &Path) -> Option<&'static Reader> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    READERS
        .iter()
        .find(|r| r.extensions.contains(&ext.as_str()))
}

/// The `--from` names, for messages: `text, json, xlsx`.
pub fn names() -> String {
    READERS
        .iter()
        .map(|r| r.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads one file in the given format (or the one its extension says).
pub fn read_path_with(
    path: &Path,
    format: Option<InputFormat>,
    options: &ReadOptions,
) -> Result<ReadOutput, ReadError> {
    let name = path.display().to_string();
    let reader = match format {
        Some(f) => reader(f),
        None => by_path(path).ok_or_else(|| ReadError::UnknownFormat { file: name.clone() })?,
    };
    (reader.read)(path, &name, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_one_reader_and_names_are_unique() {
        for f in [InputFormat::Text, InputFormat::Json, InputFormat::Xlsx] {
            assert_eq!(READERS.iter().filter(|r| r.format == f).count(), 1);
        }
        let mut names: Vec<&str> = READERS
            .iter()
            .flat_map(|r| std::iter::once(r.name).chain(r.aliases.iter().copied()))
            .collect();
        let mut exts: Vec<&str> = READERS
            .iter()
            .flat_map(|r| r.extensions.iter().copied())
            .collect();
        let (n, e) = (names.len(), exts.len());
        names.sort();
        names.dedup();
        exts.sort();
        exts.dedup();
        assert_eq!((names.len(), exts.len()), (n, e));
        assert_eq!(InputFormat::parse("ODS"), Some(InputFormat::Xlsx));
        assert_eq!(InputFormat::from_path(Path::new("x.pdf")), None);
    }

    #[test]
    fn unknown_extensions_say_which_names_to_use() {
        let err = read_path_with(Path::new("a.doc"), None, &ReadOptions::default()).unwrap_err();
        assert!(err.to_string().contains("text, json, xlsx"), "{err}");
    }
}
