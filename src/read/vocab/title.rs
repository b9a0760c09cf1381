//! Telling titles cheaply: most cells are no title, and every cell is asked.

use super::norm::find_byte;
use super::Vocabulary;

impl Vocabulary {
    /// Whether a text holds a character a title ends with. Told from the
    /// last byte of each character first — eight bytes at a time when there
    /// are few such bytes, else one look at a bit mask per byte — so the
    /// many cells that are no title are not decoded.
    pub(super) fn has_title_end(&self, text: &str) -> bool {
        let ends_at = |i: usize| {
            self.title_ends.iter().any(|&c| {
                let n = c.len_utf8();
                i + 1 >= n && text.get(i + 1 - n..=i).is_some_and(|s| s.starts_with(c))
            })
        };
        let bytes = text.as_bytes();
        // Few last bytes (those of 表 and 价): searched eight bytes at a time.
        if self.title_end_last.len() <= 4 {
            let mut from = 0;
            while from < bytes.len() {
                let i = from + find_byte(&bytes[from..], 0, &self.title_end_last);
                if i < bytes.len() && ends_at(i) {
                    return true;
                }
                from = i + 1;
            }
            return false;
        }
        let mask = &self.title_end_bytes;
        bytes
            .iter()
            .enumerate()
            .any(|(i, &b)| mask[usize::from(b >> 6)] & (1 << (b & 63)) != 0 && ends_at(i))
    }
}

/// Whether a short text (a title, at most 60 characters) holds `needle`:
/// a plain scan, cheaper for such texts than setting up `str::contains`.
pub(super) fn contains_short(text: &str, needle: &str) -> bool {
    let (h, n) = (text.as_bytes(), needle.as_bytes());
    match n.first() {
        None => true,
        Some(&first) => {
            h.len() >= n.len()
                && (0..=h.len() - n.len()).any(|i| h[i] == first && h[i..i + n.len()] == *n)
        }
    }
}
