//! Layout: template + form → neutral [`Grid`]. Knows forms and grids, not
//! XLSX or PDF.

pub mod grid;

pub use grid::*;
