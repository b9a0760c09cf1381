//! Layout: template + form → neutral [`Grid`]. Knows forms and grids, not
//! XLSX or PDF.

mod engine;
pub mod grid;
pub mod template;

pub use engine::{a1, blank_form, layout_form, text_height_mm, LayoutError, LayoutOptions};
pub use grid::*;
pub use template::Template;
