//! jixiao (绩效): read, write and check Chinese budget-performance forms.
//!
//! Data flows one way: `read` turns input files into the canonical
//! [`model`]; `layout` turns a form into a neutral grid; `write` renders
//! grids (XLSX, PDF) or the model (JSON); `check` validates the model.
//!
//! ```
//! let text = std::fs::read("samples/selfeval-jiading-2024.txt").unwrap();
//! let out = jixiao::read::text::read_text(&text, "selfeval-jiading-2024.txt").unwrap();
//! assert_eq!(out.document.forms.len(), 4);
//! ```
#![warn(missing_docs)]

pub mod bulk;
pub mod check;
pub mod layout;
pub mod model;
pub mod read;
pub mod serve;
pub mod value;
pub mod write;
