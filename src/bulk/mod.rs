//! Bulk work: the master workbook (总表), `fill` (master → one form file per
//! project) and `collect` (submitted forms → one master with 汇总表 and 检查).
//!
//! Built from read, layout and write; parallelism lives here (rayon), progress
//! is reported through a callback so the CLI can draw a bar.

pub mod dedupe;
pub mod fill;
pub mod master;
pub mod names;
pub mod recompute;

/// Output formats of `fill`: the library's one list.
pub use crate::write::OutputFormat;
pub use fill::{fill, FillFailure, FillOptions, FillReport};
pub mod collect;

pub use collect::{collect, collect_with, expand_inputs, Collected};
