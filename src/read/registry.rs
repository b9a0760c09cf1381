//! The readers in one list: each input format with its names, file
//! extensions and reader. `convert`, `check`, `collect`, `serve` and the
//! library all find readers here; nothing else guesses formats from file
//! names.
//!
//! ```
//! use std::path::Path;
//! use jixiao::read::registry::{self, InputFormat};
//! assert_eq!(registry::by_path(Path::new("a.XLSX")).unwrap().format, InputFormat::Xlsx);
//! assert_eq!(registry::by_name("txt").unwrap().format, InputFormat::Text);
//! assert!(registry::names().starts_with("text, json, xlsx"));
//! ```

use std::path::Path;

use super::doc::{self, Compound};
use super::vocab::Vocabulary;
use super::{csv, docx, html, json, pdf, text, xlsx, ReadError, ReadOutput};

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Text extracted from PDFs and other files (`.txt`; Markdown with
    /// `--from text`).
    Text,
    /// The model's JSON (`.json`).
    Json,
    /// Spreadsheets (`.xlsx`, `.xls`, `.ods`).
    Xlsx,
    /// Published PDFs (`.pdf`), read from their text layer and ruling lines.
    Pdf,
    /// Word documents (`.docx`), read from their tables.
    Docx,
    /// Word 97-2003 and WPS Writer documents (`.doc`, `.wps`), read from
    /// their tables.
    Doc,
    /// Web pages (`.html`, `.htm`), read from their tables.
    Html,
    /// Sheets saved as comma-separated values (`.csv`).
    Csv,
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

/// A reader of a file's bytes (`name` is how messages call the file).
pub type ByteReader = fn(&[u8], &str, &ReadOptions) -> Result<ReadOutput, ReadError>;

/// A reader that needs the file itself (workbooks).
pub type FileReader = fn(&Path, &ReadOptions) -> Result<ReadOutput, ReadError>;

/// How a format is read.
#[derive(Clone, Copy)]
pub enum Read {
    /// From the file's bytes.
    Bytes(ByteReader),
    /// From the file.
    File(FileReader),
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
    /// The reader.
    pub read: Read,
}

/// Every reader, in the order `--from` lists them.
pub static READERS: &[Reader] = &[
    Reader {
        format: InputFormat::Text,
        name: "text",
        aliases: &["txt"],
        // Not `.md`: a folder's notes (README.md) are no forms; Markdown
        // forms are read with `--from text`.
        extensions: &["txt", "text"],
        read: Read::Bytes(text::read_text_with),
    },
    Reader {
        format: InputFormat::Json,
        name: "json",
        aliases: &[],
        extensions: &["json"],
        read: Read::Bytes(|bytes, name, _| json::read_json(bytes, name)),
    },
    Reader {
        format: InputFormat::Xlsx,
        name: "xlsx",
        aliases: &["xls", "ods", "spreadsheet"],
        extensions: &["xlsx", "xlsm", "xls", "ods"],
        read: Read::File(|path, options| xlsx::read_xlsx_with(path, options.vocab)),
    },
    Reader {
        format: InputFormat::Pdf,
        name: "pdf",
        aliases: &[],
        extensions: &["pdf"],
        read: Read::Bytes(|bytes, name, options| pdf::read_pdf_with(bytes, name, options.vocab)),
    },
    Reader {
        format: InputFormat::Docx,
        name: "docx",
        aliases: &["word"],
        extensions: &["docx"],
        read: Read::Bytes(|bytes, name, options| docx::read_docx_with(bytes, name, options.vocab)),
    },
    Reader {
        format: InputFormat::Doc,
        name: "doc",
        aliases: &["wps"],
        extensions: &["doc", "wps"],
        read: Read::Bytes(|bytes, name, options| doc::read_doc_with(bytes, name, options.vocab)),
    },
    Reader {
        format: InputFormat::Html,
        name: "html",
        aliases: &["htm"],
        extensions: &["html", "htm", "xhtml"],
        read: Read::Bytes(|bytes, name, options| html::read_html_with(bytes, name, options.vocab)),
    },
    Reader {
        format: InputFormat::Csv,
        name: "csv",
        aliases: &[],
        extensions: &["csv"],
        read: Read::Bytes(|bytes, name, options| csv::read_csv_with(bytes, name, options.vocab)),
    },
];

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

/// Every file extension a reader knows (lower case, without the dot), in
/// the readers' order.
///
/// ```
/// let exts: Vec<&str> = jixiao::read::registry::extensions().collect();
/// assert!(exts.contains(&"pdf") && exts.contains(&"csv"));
/// ```
pub fn extensions() -> impl Iterator<Item = &'static str> {
    READERS.iter().flat_map(|r| r.extensions.iter().copied())
}

/// The `--from` names, for messages: `text, json, xlsx, …`.
pub fn names() -> String {
    READERS
        .iter()
        .map(|r| r.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `--from` names as a usage line writes them: `text|json|xlsx|…`.
pub fn names_bar() -> String {
    READERS.iter().map(|r| r.name).collect::<Vec<_>>().join("|")
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
        None => {
            let named = by_path(path).map(|r| r.format);
            match by_content(path, named).or(named) {
                Some(f) => reader(f),
                None => return Err(ReadError::UnknownFormat { file: name.clone() }),
            }
        }
    };
    match reader.read {
        Read::File(read) => read(path, options),
        Read::Bytes(read) => {
            let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
                file: name.clone(),
                source,
            })?;
            read(&bytes, &name, options)
        }
    }
}

/// The format a file's first bytes show when they say more than its
/// name: a compound file (OLE) by its streams (a Word 97-2003 document
/// named `.docx` or `.xls`, a workbook named `.doc`), and a `.doc` that is
/// a Word 2007 package or a web page Word saved under that name. `None`
/// leaves it to the extension (`named`).
pub fn by_content(path: &Path, named: Option<InputFormat>) -> Option<InputFormat> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let mut head = Vec::with_capacity(4096);
    file.by_ref().take(4096).read_to_end(&mut head).ok()?;
    if head.starts_with(&doc::COMPOUND_MAGIC) {
        return match doc::compound_kind_of(file) {
            Compound::Word => Some(InputFormat::Doc),
            Compound::Workbook => Some(InputFormat::Xlsx),
            Compound::Encrypted | Compound::Other => None,
        };
    }
    if named != Some(InputFormat::Doc) {
        return None;
    }
    let lower = String::from_utf8_lossy(&head).to_ascii_lowercase();
    if head.starts_with(b"PK\x03\x04") {
        Some(InputFormat::Docx)
    } else if lower.trim_start().starts_with('<') && lower.contains("<html") {
        Some(InputFormat::Html)
    } else {
        None
    }
}

/// Reads a file's bytes in `format`; `name` names it in messages.
/// Workbooks need the file itself: use [`read_path_with`] for them.
pub fn read_bytes_with(
    bytes: &[u8],
    name: &str,
    format: InputFormat,
    options: &ReadOptions,
) -> Result<ReadOutput, ReadError> {
    match reader(format).read {
        Read::Bytes(read) => read(bytes, name, options),
        Read::File(_) => Err(ReadError::UnknownFormat {
            file: name.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_one_reader_and_names_are_unique() {
        use InputFormat::*;
        for f in [Text, Json, Xlsx, Pdf, Docx, Doc, Html, Csv] {
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
        assert_eq!(InputFormat::parse("ODS"), Some(Xlsx));
        assert_eq!(InputFormat::parse("word"), Some(Docx));
        assert_eq!(InputFormat::from_path(Path::new("x.WPS")), Some(Doc));
        assert_eq!(InputFormat::from_path(Path::new("x.rtf")), None);
    }

    #[test]
    fn unknown_extensions_say_which_names_to_use() {
        let err = read_path_with(Path::new("a.rtf"), None, &ReadOptions::default()).unwrap_err();
        assert!(
            err.to_string()
                .contains("text|json|xlsx|pdf|docx|doc|html|csv"),
            "{err}"
        );
    }
}
