//! The reader for text extracted from published PDFs.

use super::{ReadError, ReadOutput};

/// Reads every form in a text file.
pub fn read_text(_bytes: &[u8], file: &str) -> Result<ReadOutput, ReadError> {
    Err(ReadError::NoForm {
        file: file.into(),
        hint: String::new(),
    })
}
