//! The arithmetic check: agreement rules over the model.
