//! Writers: the model (JSON) or laid-out grids (XLSX, PDF) to files.

pub mod atomic;
pub mod json;
pub mod pdf;
pub mod xlsx;
