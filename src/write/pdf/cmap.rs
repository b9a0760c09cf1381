//! Reading a font's character map (cmap) in bounded time.
//!
//! A format-12 or format-13 group names a range of code points as two 32-bit
//! numbers; a damaged or hostile font can claim billions of them (or repeat
//! a range thousands of times), and walking that naively never ends. These
//! subtables are read here from the raw table, each range checked against
//! Unicode and the total against a budget; other formats come from
//! ttf-parser, counted against the same budget.

use std::collections::HashSet;

use ttf_parser::{cmap::Format, Face, GlyphId, Tag};

/// The most code points one face may map in all: every Unicode code point a
/// few times over (a font has two or three Unicode subtables).
const BUDGET: usize = 4 * 0x11_0000;

/// At most this many Unicode subtables are read (real fonts have two or three).
const MAX_SUBTABLES: usize = 8;

/// The last Unicode code point.
const MAX_CODE_POINT: u32 = 0x10_FFFF;

/// Calls `map(code point, glyph id)` for every character the face maps to a
/// real glyph, least preferred subtable first so that later calls win.
/// A character map that claims more than Unicode holds is an error.
pub(super) fn each_mapping(face: &Face, map: &mut dyn FnMut(u32, u16)) -> Result<(), String> {
    let glyphs = face.number_of_glyphs();
    let mut keep = |cp: u32, gid: u16| {
        if gid != 0 && gid < glyphs && cp <= MAX_CODE_POINT {
            map(cp, gid);
        }
    };
    let mut budget = BUDGET;
    if let Some(cmap) = face.tables().cmap {
        let subtables = cmap
            .subtables
            .into_iter()
            .filter(|s| s.is_unicode())
            .filter(|s| {
                !matches!(
                    s.format,
                    Format::SegmentedCoverage(_) | Format::ManyToOneRangeMappings(_)
                )
            })
            .take(MAX_SUBTABLES);
        for sub in subtables {
            let mut over = false;
            sub.codepoints(|cp| {
                if over || budget == 0 {
                    over = true;
                    return;
                }
                budget -= 1;
                if let Some(GlyphId(gid)) = sub.glyph_index(cp) {
                    keep(cp, gid);
                }
            });
            if over {
                return Err(too_many());
            }
        }
    }
    // Segmented subtables last: they are the fuller ones, preferred.
    if let Some(raw) = face.raw_face().table(Tag::from_bytes(b"cmap")) {
        segmented(raw, &mut budget, &mut keep)?;
    }
    Ok(())
}

fn too_many() -> String {
    "the character map (cmap) is damaged: it maps more characters than Unicode has".into()
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let b = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// Walks the Unicode format-12 (one glyph per code point) and format-13
/// (one glyph per range) subtables of a raw cmap table.
fn segmented(cmap: &[u8], budget: &mut usize, map: &mut dyn FnMut(u32, u16)) -> Result<(), String> {
    let damaged = |what: &str| format!("the character map (cmap) is damaged: {what}");
    let records = u16_at(cmap, 2).ok_or_else(|| damaged("the table is cut short"))?;
    let mut seen = HashSet::new();
    for i in 0..usize::from(records) {
        let rec = 4 + i * 8;
        let (Some(platform), Some(encoding), Some(offset)) = (
            u16_at(cmap, rec),
            u16_at(cmap, rec + 2),
            u32_at(cmap, rec + 4),
        ) else {
            return Err(damaged("the table is cut short"));
        };
        let unicode = platform == 0 || (platform == 3 && matches!(encoding, 1 | 10));
        let at = offset as usize;
        let format = u16_at(cmap, at);
        // The same subtable listed twice is read once.
        if !unicode || !matches!(format, Some(12 | 13)) || !seen.insert(at) {
            continue;
        }
        let count = u32_at(cmap, at + 12).ok_or_else(|| damaged("a subtable is cut short"))?;
        let groups = (count as usize)
            .checked_mul(12)
            .and_then(|len| cmap.get(at + 16..(at + 16).checked_add(len)?))
            .ok_or_else(|| damaged("a subtable is cut short"))?;
        for g in groups.chunks_exact(12) {
            let (start, end, glyph) = (
                u32_at(g, 0).unwrap_or(0),
                u32_at(g, 4).unwrap_or(0),
                u32_at(g, 8).unwrap_or(0),
            );
            if start > end || end > MAX_CODE_POINT {
                return Err(damaged(&format!(
                    "a range U+{start:04X}..U+{end:04X} lies outside Unicode"
                )));
            }
            let span = (end - start) as usize + 1;
            *budget = budget.checked_sub(span).ok_or_else(too_many)?;
            for cp in start..=end {
                let gid = match format {
                    Some(12) => glyph.checked_add(cp - start),
                    _ => Some(glyph),
                };
                // Past the 16-bit glyph ids: nothing more in this range.
                let Some(gid) = gid.and_then(|g| u16::try_from(g).ok()) else {
                    break;
                };
                map(cp, gid);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    /// A font like `base` whose character map is one Unicode format-12
    /// subtable of `groups` (start, end, first glyph), listed `times` times.
    pub fn with_format12(base: &[u8], groups: &[(u32, u32, u32)], times: u16) -> Vec<u8> {
        let mut sub = Vec::new();
        let len = 16 + 12 * groups.len() as u32;
        sub.extend(12u16.to_be_bytes());
        sub.extend(0u16.to_be_bytes());
        sub.extend(len.to_be_bytes());
        sub.extend(0u32.to_be_bytes());
        sub.extend((groups.len() as u32).to_be_bytes());
        for (s, e, g) in groups {
            sub.extend(s.to_be_bytes());
            sub.extend(e.to_be_bytes());
            sub.extend(g.to_be_bytes());
        }
        let mut cmap = Vec::new();
        cmap.extend(0u16.to_be_bytes());
        cmap.extend(times.to_be_bytes());
        let first = 4 + 8 * u32::from(times);
        for _ in 0..times {
            cmap.extend(3u16.to_be_bytes());
            cmap.extend(10u16.to_be_bytes());
            cmap.extend(first.to_be_bytes());
        }
        cmap.extend(sub);
        // Append the new table and point the directory's cmap record at it.
        let mut font = base.to_vec();
        while !font.len().is_multiple_of(4) {
            font.push(0);
        }
        let offset = font.len() as u32;
        font.extend(&cmap);
        let tables = u16::from_be_bytes([font[4], font[5]]) as usize;
        let record = (0..tables)
            .map(|i| 12 + 16 * i)
            .find(|r| &font[*r..*r + 4] == b"cmap")
            .expect("the font has a cmap");
        font[record + 8..record + 12].copy_from_slice(&offset.to_be_bytes());
        font[record + 12..record + 16].copy_from_slice(&(cmap.len() as u32).to_be_bytes());
        font
    }
}
