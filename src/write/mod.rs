//! Writers: the model (JSON) or laid-out grids (XLSX, PDF) to files.

pub mod json;
