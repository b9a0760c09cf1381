//! What the reader needs of a PDF font: how many bytes a character code
//! takes, the Unicode text of each code (ToUnicode CMap; the common case for
//! CJK is an Identity-H CID font with one), and each glyph's advance width.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

/// Decompressed size allowed for one ToUnicode CMap.
const MAX_CMAP: usize = 8 << 20;

/// A font as the text reader uses it.
#[derive(Debug, Default)]
pub struct Font {
    /// Bytes per character code (1 for simple fonts, 2 for most CID fonts).
    pub code_len: usize,
    /// Code → text, from the ToUnicode CMap.
    to_unicode: HashMap<u32, String>,
    /// Code → text for simple fonts without a usable ToUnicode map.
    simple: Option<[char; 256]>,
    /// Code → advance in thousandths of the font size.
    widths: HashMap<u32, f32>,
    /// Advance of codes not in `widths`.
    default_width: f32,
    /// CID font codes that are GB text themselves (GBK-EUC-H and kin),
    /// decoded with GB18030 when there is no ToUnicode map.
    gb_codes: bool,
    /// CID font codes that are UTF-16 (UniGB-UCS2-H, UniGB-UTF16-H).
    utf16_codes: bool,
}

impl Font {
    /// Reads a font dictionary; never fails (unknown parts fall back to
    /// defaults, so a page with an odd font still reads).
    pub fn load(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let type0 = subtype == b"Type0";
        let encoding_name = dict
            .get(b"Encoding")
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let mut font = Font {
            code_len: if type0 { 2 } else { 1 },
            default_width: if type0 { 1000.0 } else { 500.0 },
            gb_codes: type0 && (encoding_name.starts_with("GB") || encoding_name.contains("GBK")),
            utf16_codes: type0 && encoding_name.starts_with("UniGB-U"),
            ..Font::default()
        };
        if let Ok(stream) = dict
            .get(b"ToUnicode")
            .and_then(|o| doc.dereference(o))
            .and_then(|(_, o)| o.as_stream())
        {
            let data = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            if data.len() <= MAX_CMAP {
                let (mut map, len) = parse_cmap(&data);
                for text in map.values_mut() {
                    if let std::borrow::Cow::Owned(read) = super::radicals::ideographs(text) {
                        *text = read;
                    }
                }
                font.to_unicode = map;
                if type0 {
                    font.code_len = len.unwrap_or(2);
                }
            }
        }
        if type0 {
            font.load_cid_widths(doc, dict);
        } else {
            font.load_simple(doc, dict);
        }
        font
    }

    fn load_cid_widths(&mut self, doc: &Document, dict: &Dictionary) {
        let Some(desc) = dict
            .get(b"DescendantFonts")
            .and_then(|o| doc.dereference(o))
            .ok()
            .and_then(|(_, o)| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
        else {
            return;
        };
        if let Some(dw) = desc.get(b"DW").ok().and_then(number) {
            self.default_width = dw;
        }
        let Ok(w) = desc
            .get(b"W")
            .and_then(|o| doc.dereference(o))
            .and_then(|(_, o)| o.as_array())
        else {
            return;
        };
        let mut i = 0;
        while i + 1 < w.len() {
            let Some(first) = number(&w[i]) else { break };
            let first = first as u32;
            match doc.dereference(&w[i + 1]).map(|(_, o)| o) {
                Ok(Object::Array(list)) => {
                    for (k, v) in list.iter().take(65_536).enumerate() {
                        if let Some(v) = number(v) {
                            self.widths.insert(first + k as u32, v);
                        }
                    }
                    i += 2;
                }
                _ => {
                    let (Some(last), Some(v)) = (number(&w[i + 1]), w.get(i + 2).and_then(number))
                    else {
                        break;
                    };
                    for c in first..=(last as u32).min(first + 65_535) {
                        self.widths.insert(c, v);
                    }
                    i += 3;
                }
            }
        }
    }

    fn load_simple(&mut self, doc: &Document, dict: &Dictionary) {
        let first = dict.get(b"FirstChar").ok().and_then(number).unwrap_or(0.0) as u32;
        if let Ok(widths) = dict
            .get(b"Widths")
            .and_then(|o| doc.dereference(o))
            .and_then(|(_, o)| o.as_array())
        {
            for (k, v) in widths.iter().take(256).enumerate() {
                if let Some(v) = doc.dereference(v).ok().and_then(|(_, o)| number(o)) {
                    self.widths.insert(first + k as u32, v);
                }
            }
        }
        if self.to_unicode.is_empty() {
            if let Ok(enc) = dict.get_font_encoding(doc) {
                let mut table = ['\u{fffd}'; 256];
                for (b, slot) in table.iter_mut().enumerate() {
                    if let Some(c) = enc
                        .bytes_to_string(&[b as u8])
                        .ok()
                        .and_then(|s| s.chars().next())
                    {
                        *slot = c;
                    }
                }
                self.simple = Some(table);
            }
        }
    }

    /// Splits a string's bytes into codes.
    pub fn codes<'a>(&self, bytes: &'a [u8]) -> impl Iterator<Item = u32> + 'a {
        let len = self.code_len.clamp(1, 4);
        bytes
            .chunks(len)
            .map(|c| c.iter().fold(0u32, |a, &b| (a << 8) | u32::from(b)))
    }

    /// The text of one code.
    pub fn text(&self, code: u32) -> String {
        if let Some(t) = self.to_unicode.get(&code) {
            return t.clone();
        }
        if let Some(table) = &self.simple {
            return table[(code & 0xFF) as usize].to_string();
        }
        let bytes = [(code >> 8) as u8, code as u8];
        if self.utf16_codes {
            return encoding_rs::UTF_16BE.decode(&bytes).0.into_owned();
        }
        if self.gb_codes {
            let bytes = if code < 0x100 {
                &bytes[1..]
            } else {
                &bytes[..]
            };
            return encoding_rs::GB18030.decode(bytes).0.into_owned();
        }
        if self.code_len == 1 && (0x20..0x7F).contains(&code) {
            return char::from(code as u8).to_string();
        }
        '\u{fffd}'.to_string()
    }

    /// Advance of a code in thousandths of the font size.
    pub fn width(&self, code: u32) -> f32 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
    }
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// Tokens of a CMap: hex strings, numbers in arrays and keywords.
#[derive(Debug, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(String),
}

fn tokens(data: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'<' if data.get(i + 1) != Some(&b'<') => {
                let end = data[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(data.len(), |p| i + p);
                let digits: Vec<u8> = data[i + 1..end]
                    .iter()
                    .filter(|b| b.is_ascii_hexdigit())
                    .copied()
                    .collect();
                let bytes = digits
                    .chunks(2)
                    .map(|p| {
                        let s = std::str::from_utf8(p).unwrap_or("0");
                        let v = u8::from_str_radix(s, 16).unwrap_or(0);
                        if p.len() == 1 {
                            v << 4
                        } else {
                            v
                        }
                    })
                    .collect();
                out.push(Tok::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < data.len()
                    && !data[i].is_ascii_whitespace()
                    && !matches!(data[i], b'<' | b'[' | b']' | b'%' | b'>')
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                    continue;
                }
                out.push(Tok::Word(
                    String::from_utf8_lossy(&data[start..i]).into_owned(),
                ));
            }
        }
    }
    out
}

fn utf16(bytes: &[u8]) -> String {
    encoding_rs::UTF_16BE
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |a, &b| (a << 8) | u32::from(b))
}

/// Parses a ToUnicode CMap: code → text, and the code length its code space
/// gives.
fn parse_cmap(data: &[u8]) -> (HashMap<u32, String>, Option<usize>) {
    let toks = tokens(data);
    let mut map = HashMap::new();
    let mut code_len = None;
    let mut i = 0;
    let mut mode = "";
    while i < toks.len() {
        match &toks[i] {
            Tok::Word(w) if w.starts_with("begin") => {
                mode = match w.as_str() {
                    "beginbfchar" => "char",
                    "beginbfrange" => "range",
                    "begincodespacerange" => "space",
                    _ => "",
                };
                i += 1;
            }
            Tok::Word(w) if w.starts_with("end") => {
                mode = "";
                i += 1;
            }
            Tok::Hex(lo) if mode == "space" => {
                code_len.get_or_insert(lo.len().clamp(1, 4));
                i += 2;
            }
            Tok::Hex(src) if mode == "char" => {
                if let Some(Tok::Hex(dst)) = toks.get(i + 1) {
                    map.insert(code_of(src), utf16(dst));
                }
                i += 2;
            }
            Tok::Hex(lo) if mode == "range" => {
                let (lo, hi) = match toks.get(i + 1) {
                    Some(Tok::Hex(hi)) => (code_of(lo), code_of(hi)),
                    _ => {
                        i += 1;
                        continue;
                    }
                };
                let hi = hi.min(lo.saturating_add(65_535));
                match toks.get(i + 2) {
                    Some(Tok::Hex(dst)) if !dst.is_empty() => {
                        let mut dst = dst.clone();
                        for code in lo..=hi {
                            map.insert(code, utf16(&dst));
                            increment(&mut dst);
                        }
                        i += 3;
                    }
                    Some(Tok::Open) => {
                        let mut k = i + 3;
                        let mut code = lo;
                        while let Some(Tok::Hex(dst)) = toks.get(k) {
                            if code <= hi {
                                map.insert(code, utf16(dst));
                            }
                            code = code.saturating_add(1);
                            k += 1;
                        }
                        i = k + 1;
                    }
                    _ => i += 3,
                }
            }
            _ => i += 1,
        }
    }
    (map, code_len)
}

/// Adds one to the last byte of a big-endian value (a bfrange target).
fn increment(v: &mut [u8]) {
    for b in v.iter_mut().rev() {
        let (n, carry) = b.overflowing_add(1);
        *b = n;
        if !carry {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_chars_and_ranges() {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar <0001> <0020> <0019> <4E00> endbfchar\n\
            2 beginbfrange <0030> <0032> <9879> <0040> <0041> [<0031> <D835DC00>] endbfrange";
        let (map, len) = parse_cmap(cmap);
        assert_eq!(len, Some(2));
        assert_eq!(map[&0x19], "一");
        assert_eq!(map[&0x30], "项");
        assert_eq!(map[&0x32], "须");
        assert_eq!(map[&0x40], "1");
        assert_eq!(map[&0x41], "𝐀");
    }
}
