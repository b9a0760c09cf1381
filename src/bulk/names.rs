//! Safe, unique output file names made from project names.
//!
//! A name never leaves the output folder: no path separators, no `..`, no
//! control or invisible direction characters, no Windows-reserved characters
//! or device names, at most [`MAX_STEM_BYTES`] bytes cut on a character
//! boundary.

use std::collections::{HashMap, HashSet};

/// Longest file stem in bytes (UTF-8); most file systems allow 255 per name.
pub const MAX_STEM_BYTES: usize = 120;

/// Windows device names, refused with or without an extension.
const RESERVED: &[&str] = &["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"];

/// A file stem safe on Linux, macOS and Windows.
///
/// ```
/// use jixiao::bulk::names::safe_stem;
/// assert_eq!(safe_stem("../../x"), "_._x");
/// assert_eq!(safe_stem("a/b"), "a_b");
/// assert_eq!(safe_stem("CON"), "_CON");
/// assert_eq!(safe_stem("  "), "表");
/// assert!(safe_stem(&"项".repeat(300)).len() <= 120);
/// ```
pub fn safe_stem(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let bad = c.is_control()
            || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            || is_invisible(c);
        let c = if bad { '_' } else { c };
        // Runs of dots become one, so no `..` survives.
        if c == '.' && out.ends_with('.') {
            continue;
        }
        out.push(c);
    }
    let mut stem = trim_edges(&out).to_string();
    let device = stem.split('.').next().unwrap_or("").trim_end();
    if is_reserved(device) {
        stem.insert(0, '_');
    }
    let stem = trim_edges(cut_to_bytes(&stem, MAX_STEM_BYTES)).to_string();
    if stem.is_empty() {
        "表".to_string()
    } else {
        stem
    }
}

/// Leading dots hide files and trailing dots and spaces vanish on Windows.
fn trim_edges(s: &str) -> &str {
    s.trim_matches(|c: char| c == '.' || c.is_whitespace())
}

/// Bidirectional overrides and zero-width characters that make a name read
/// differently from what it is.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn is_reserved(device: &str) -> bool {
    let upper = device.to_ascii_uppercase();
    if RESERVED.contains(&upper.as_str()) {
        return true;
    }
    let bytes = upper.as_bytes();
    bytes.len() == 4
        && (upper.starts_with("COM") || upper.starts_with("LPT"))
        && bytes[3].is_ascii_digit()
}

/// The longest prefix of `s` of at most `max` bytes, cut on a char boundary.
pub fn cut_to_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Hands out stems unique ignoring case (as on Windows and macOS):
/// `name`, then `name-2`, `name-3`, ….
///
/// ```
/// use jixiao::bulk::names::UniqueStems;
/// let mut names = UniqueStems::default();
/// assert_eq!(names.claim("1-宣传费"), "1-宣传费");
/// assert_eq!(names.claim("1-宣传费"), "1-宣传费-2");
/// ```
#[derive(Debug, Default)]
pub struct UniqueStems {
    taken: HashSet<String>,
    /// For each base (lower-cased), the number to try next, so that many
    /// projects of one name take linear time.
    next: HashMap<String, usize>,
}

impl UniqueStems {
    /// A safe stem for `name`, not handed out before.
    pub fn claim(&mut self, name: &str) -> String {
        let base = safe_stem(name);
        let key = base.to_lowercase();
        let mut n = self.next.get(&key).copied().unwrap_or(1);
        loop {
            let stem = if n == 1 {
                base.clone()
            } else {
                let suffix = format!("-{n}");
                let head = cut_to_bytes(&base, MAX_STEM_BYTES - suffix.len());
                format!("{}{suffix}", trim_edges(head))
            };
            n += 1;
            if self.taken.insert(stem.to_lowercase()) {
                self.next.insert(key, n);
                return stem;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_stay_plain_file_names() {
        for name in [
            "../../x",
            "..",
            ".",
            "a/b",
            "a\\b",
            "/etc/passwd",
            "C:\\x",
            "a\0b",
            "\u{202E}fdp.exe",
        ] {
            let s = safe_stem(name);
            assert!(!s.contains(['/', '\\', '\0', ':']), "{s}");
            assert!(!s.contains(".."), "{s}");
            assert!(!s.starts_with('.'), "{s}");
            assert!(!s.is_empty());
        }
    }

    #[test]
    fn device_names_are_prefixed() {
        for name in ["CON", "con", "nul.txt", "COM1", "lpt9", "AUX "] {
            assert!(safe_stem(name).starts_with('_'), "{name}");
        }
        assert_eq!(safe_stem("COM10"), "COM10");
        assert_eq!(safe_stem("CONTROL"), "CONTROL");
    }

    #[test]
    fn long_names_are_cut_on_a_char_boundary() {
        let s = safe_stem(&format!("a{}", "项".repeat(300)));
        assert!(s.len() <= MAX_STEM_BYTES);
        assert_eq!(s.len(), 1 + 39 * 3);
        let mut names = UniqueStems::default();
        let a = names.claim(&"项".repeat(300));
        let b = names.claim(&"项".repeat(300));
        assert_ne!(a, b);
        assert!(b.len() <= MAX_STEM_BYTES && b.ends_with("-2"));
    }

    #[test]
    fn many_projects_of_one_name_get_numbered_in_order() {
        let mut names = UniqueStems::default();
        for i in 1..=2000 {
            let s = names.claim("宣传费");
            match i {
                1 => assert_eq!(s, "宣传费"),
                _ => assert_eq!(s, format!("宣传费-{i}")),
            }
        }
        assert_eq!(names.next["宣传费"], 2001);
        assert_eq!(names.claim("宣传费-5"), "宣传费-5-2");
    }

    #[test]
    fn uniqueness_ignores_case() {
        let mut names = UniqueStems::default();
        assert_eq!(names.claim("Ab"), "Ab");
        assert_eq!(names.claim("aB"), "aB-2");
    }
}
