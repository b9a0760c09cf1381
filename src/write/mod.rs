//! Writers: the model (JSON) or laid-out grids (XLSX, PDF, HTML) to bytes,
//! through one entry, [`write`]; [`atomic`] puts bytes in files safely.

pub mod atomic;
pub mod html;
pub mod json;
mod output;
pub mod pdf;
pub mod xlsx;

pub use output::{
    layout_all, write, write_laid, write_report, OutputFormat, WriteError, WriteOptions, Written,
};
