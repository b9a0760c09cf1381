//! placeholder
use super::{ReadError, ReadOutput};
/// Reads a Word document.
pub fn read_docx(_bytes: &[u8], file: &str) -> Result<ReadOutput, ReadError> {
    Err(ReadError::UnknownFormat { file: file.into() })
}
