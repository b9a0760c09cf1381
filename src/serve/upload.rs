//! Uploaded files (上传的文件): read from a multipart body within the size
//! limit, named for display only, and read by the library's readers. An
//! uploaded name is never a path: a reader that needs a file gets one in a
//! fresh temporary folder under a name made here, deleted when done.

use std::path::{Path, PathBuf};

use axum::extract::Multipart;

use super::ApiError;
use crate::bulk::names::UniqueStems;
use crate::read::registry::read_path_with;
use crate::read::{InputFormat, ReadOptions, ReadOutput};

/// One uploaded file, in memory.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The name the browser sent, cleaned for display (never used as a path).
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl Upload {
    /// The extension of the uploaded name, lowercased, when it is one the
    /// readers know; else guessed from the first bytes.
    pub fn extension(&self) -> &'static str {
        let ext = self
            .name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        // The readers' own list (read::registry; a fill master's CSV is
        // one of them).
        if let Some(k) = crate::read::registry::extensions().find(|k| *k == ext) {
            return k;
        }
        match self.bytes.get(..4) {
            Some([b'P', b'K', 3, 4]) => "xlsx",
            // Office 97-2003: a Word document or a workbook, by its streams.
            Some([0xD0, 0xCF, 0x11, 0xE0]) => match crate::read::doc::compound_kind(&self.bytes) {
                Some(crate::read::doc::Compound::Word) => "doc",
                _ => "xls",
            },
            _ if self.bytes.trim_ascii_start().starts_with(b"{") => "json",
            _ => "txt",
        }
    }

    /// The name's stem, for output file names.
    pub fn stem(&self) -> &str {
        match self.name.rsplit_once('.') {
            Some((s, _)) if !s.is_empty() => s,
            _ => &self.name,
        }
    }

    /// Writes the bytes to `dir` under `stem.ext` (a name made by the
    /// server) and returns the path.
    pub fn save_in(&self, dir: &Path, stem: &str) -> Result<PathBuf, ApiError> {
        let path = dir.join(format!("{stem}.{}", self.extension()));
        std::fs::write(&path, &self.bytes)
            .map_err(|e| ApiError::internal(format!("无法写入临时文件：{e}")))?;
        Ok(path)
    }

    /// Reads the forms in the upload, as `convert` reads a file. Messages name
    /// the upload, not the temporary file.
    pub fn read(&self, options: &ReadOptions) -> Result<ReadOutput, String> {
        let format = InputFormat::parse(self.extension());
        let name = &self.name;
        let dir = tempfile::tempdir().map_err(|e| format!("{name}: 无法建立临时目录：{e}"))?;
        let path = self.save_in(dir.path(), "upload").map_err(|e| e.message)?;
        let temp = path.display().to_string();
        read_path_with(&path, format, options).map_err(|e| e.to_string().replace(&temp, name))
    }
}

/// Makes an uploaded name safe to show: the last path component, control
/// characters dropped, at most 120 characters; `文件N` when nothing is left.
///
/// ```
/// use jixiao::serve::upload::display_name;
/// assert_eq!(display_name("../../x.txt", 1), "x.txt");
/// assert_eq!(display_name("C:\\a\\b.xlsx", 1), "b.xlsx");
/// assert_eq!(display_name("..", 2), "文件2");
/// ```
pub fn display_name(raw: &str, n: usize) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    match clean.trim_matches(|c: char| c == '.' || c.is_whitespace()) {
        "" => format!("文件{n}"),
        _ => clean.trim().to_string(),
    }
}

/// Reads every part named `file` (others are ignored). The body limit is
/// enforced while streaming: past it the answer is 413 and nothing more is
/// read.
pub async fn files(mut multipart: Multipart) -> Result<Vec<Upload>, ApiError> {
    let mut out = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(ApiError::multipart)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = display_name(field.file_name().unwrap_or(""), out.len() + 1);
        let bytes = field.bytes().await.map_err(ApiError::multipart)?;
        out.push(Upload {
            name,
            bytes: bytes.to_vec(),
        });
    }
    if out.is_empty() {
        return Err(ApiError::bad_request(
            "没有收到文件：请用表单字段 file 上传一个或多个文件",
        ));
    }
    Ok(out)
}

/// Unique, safe output stems for uploads (`a`, `a-2`, …).
pub fn stems(uploads: &[Upload]) -> Vec<String> {
    let mut taken = UniqueStems::default();
    uploads.iter().map(|u| taken.claim(u.stem())).collect()
}
