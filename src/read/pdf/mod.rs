//! placeholder
use super::{ReadError, ReadOutput};
/// Reads a PDF.
pub fn read_pdf(_bytes: &[u8], file: &str) -> Result<ReadOutput, ReadError> {
    Err(ReadError::UnknownFormat { file: file.into() })
}
