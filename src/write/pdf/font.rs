//! The PDF writer's font: loading (built-in or a TTF/TTC file), looking up
//! glyphs and advances, and cutting a per-document subset that printpdf embeds.
//!
//! The face is parsed once (the built-in one once per process) into a
//! character table, so measuring text is an array lookup. Subsetting uses the
//! `subsetter` crate (the one typst uses): it copies only the glyphs a
//! document draws and renumbers them, which keeps a one-form PDF small.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use printpdf::{FontMetrics, FontType, ParsedFont, PdfFontMetricsStub};
use ttf_parser::{Face, GlyphId};

use super::PdfError;

/// The compiled-in default face: Noto Serif SC Regular (a Song/宋体 face, SIL
/// OFL 1.1), cut to GBK + ASCII; see fonts/README.md.
static BUILTIN_BYTES: &[u8] = include_bytes!("../../../fonts/NotoSerifSC-Regular-GBK.ttf");

/// Where the built-in face is named in messages.
const BUILTIN_NAME: &str = "built-in Noto Serif SC";

/// A loaded font face, ready to measure and embed. Cloning is cheap (shared).
#[derive(Clone)]
pub struct PdfFont {
    inner: Arc<FontInner>,
}

struct FontInner {
    /// The font file (the whole collection for a TTC).
    data: Cow<'static, [u8]>,
    /// Face index inside a collection (0 for a plain TTF).
    index: u32,
    /// Built-in name or file path, for messages.
    source: String,
    /// PostScript name, for the PDF /BaseFont.
    ps_name: String,
    units_per_em: u16,
    ascender: i16,
    descender: i16,
    bbox: [i16; 4],
    weight: u16,
    /// Basic Multilingual Plane: `advance << 16 | gid`; 0 = not in the font.
    bmp: Vec<u32>,
    /// Characters beyond the BMP: char → (gid, advance).
    astral: HashMap<u32, (u16, u16)>,
    /// Advance of `.notdef`, used to measure characters the font lacks.
    notdef_advance: u16,
}

/// One glyph as the writer uses it: the face's glyph id and advance in font units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Glyph {
    /// Glyph id in the full face (0 = `.notdef`, the character is missing).
    pub gid: u16,
    /// Horizontal advance in font units.
    pub advance: u16,
}

impl fmt::Debug for PdfFont {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PdfFont")
            .field("source", &self.inner.source)
            .field("index", &self.inner.index)
            .field("ps_name", &self.inner.ps_name)
            .finish()
    }
}

impl PdfFont {
    /// The compiled-in default face (Noto Serif SC Regular, GBK coverage),
    /// parsed on first use and shared by every later call in the process.
    pub fn builtin() -> PdfFont {
        static BUILTIN: OnceLock<PdfFont> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // The bytes are fixed at compile time and a unit test parses them,
                // so this cannot fail at run time.
                PdfFont::parse(Cow::Borrowed(BUILTIN_BYTES), 0, BUILTIN_NAME.to_owned())
                    .expect("the built-in font parses")
            })
            .clone()
    }

    /// Loads a TrueType font file (`.ttf`) or one face of a collection
    /// (`.ttc`, `face_index` counting from 0). The face must have TrueType
    /// (`glyf`) outlines and a Unicode character map.
    pub fn from_file(path: &Path, face_index: u32) -> Result<PdfFont, PdfError> {
        let data = std::fs::read(path).map_err(|source| PdfError::FontRead {
            path: path.to_path_buf(),
            source,
        })?;
        PdfFont::from_bytes(data, face_index, path.display().to_string())
    }

    /// Loads a font from bytes already in memory; `source` names it in messages.
    pub fn from_bytes(data: Vec<u8>, face_index: u32, source: String) -> Result<PdfFont, PdfError> {
        PdfFont::parse(Cow::Owned(data), face_index, source)
    }

    fn parse(data: Cow<'static, [u8]>, index: u32, source: String) -> Result<PdfFont, PdfError> {
        let bad = |message: String| PdfError::Font {
            source_name: source.clone(),
            message,
        };
        let face = Face::parse(&data, index).map_err(|e| match e {
            ttf_parser::FaceParsingError::FaceIndexOutOfBounds => bad(format!(
                "face index {index} out of range (the collection has {} faces, counted from 0)",
                ttf_parser::fonts_in_collection(&data).unwrap_or(1)
            )),
            other => bad(format!("not a usable TrueType/OpenType font: {other}")),
        })?;
        let tables = face.tables();
        if tables.glyf.is_none() {
            return Err(bad(if tables.cff.is_some() {
                "the face has CFF (PostScript) outlines; use a font with TrueType (glyf) \
                 outlines, e.g. a .ttf"
                    .to_owned()
            } else {
                "the face has no glyph outlines".to_owned()
            }));
        }
        let units_per_em = face.units_per_em();
        if units_per_em == 0 {
            return Err(bad("units per em is 0".to_owned()));
        }
        let advance = |gid: u16| face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0);
        let mut bmp = vec![0u32; 0x1_0000];
        let mut astral = HashMap::new();
        let mut any = false;
        super::cmap::each_mapping(&face, &mut |cp, gid| {
            any = true;
            let adv = advance(gid);
            match usize::try_from(cp) {
                Ok(i) if i < bmp.len() => bmp[i] = (u32::from(adv) << 16) | u32::from(gid),
                _ => {
                    astral.insert(cp, (gid, adv));
                }
            }
        })
        .map_err(bad)?;
        if !any {
            return Err(bad("the face has no Unicode character map".to_owned()));
        }
        let ps_name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .map(|n| {
                n.chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect::<String>()
            })
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "EmbeddedFont".to_owned());
        let bb = face.global_bounding_box();
        let inner = FontInner {
            index,
            ps_name,
            units_per_em,
            ascender: face.ascender(),
            descender: face.descender(),
            bbox: [bb.x_min, bb.y_min, bb.x_max, bb.y_max],
            weight: face.weight().to_number(),
            bmp,
            astral,
            notdef_advance: advance(0),
            source,
            data: Cow::Borrowed(&[]),
        };
        Ok(PdfFont {
            inner: Arc::new(FontInner { data, ..inner }),
        })
    }

    /// Whether the face has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.glyph(c).gid != 0
    }

    /// Where the face came from (built-in name or file path).
    pub fn source(&self) -> &str {
        &self.inner.source
    }

    /// The glyph for `c`; gid 0 (`.notdef`) when the face lacks it.
    pub(crate) fn glyph(&self, c: char) -> Glyph {
        let cp = c as u32;
        let inner = &*self.inner;
        if let Some(&packed) = inner.bmp.get(cp as usize) {
            if packed != 0 {
                return Glyph {
                    gid: (packed & 0xFFFF) as u16,
                    advance: (packed >> 16) as u16,
                };
            }
        } else if let Some(&(gid, advance)) = inner.astral.get(&cp) {
            return Glyph { gid, advance };
        }
        Glyph {
            gid: 0,
            advance: inner.notdef_advance,
        }
    }

    /// Converts font units to points at `size_pt`.
    pub(crate) fn units_to_pt(&self, units: f32, size_pt: f32) -> f32 {
        units * size_pt / f32::from(self.inner.units_per_em)
    }

    /// Cuts the face down to the glyphs of `used` (the characters a document
    /// draws) and wraps the result for printpdf, whose character map then
    /// points each character at its subset glyph. Characters the face lacks
    /// (gid 0) are left out and come out as `.notdef`.
    pub(crate) fn subset(&self, used: &BTreeMap<char, Glyph>) -> Result<ParsedFont, PdfError> {
        let inner = &*self.inner;
        let mut remapper = subsetter::GlyphRemapper::new();
        let mut codepoint_to_glyph = BTreeMap::new();
        let mut widths = BTreeMap::new();
        widths.insert(0, inner.notdef_advance);
        for (&c, g) in used {
            if g.gid == 0 {
                continue;
            }
            let new = remapper.remap(g.gid);
            codepoint_to_glyph.insert(c as u32, new);
            widths.insert(new, g.advance);
        }
        let bytes =
            subsetter::subset(&inner.data, inner.index, &remapper).map_err(|e| PdfError::Font {
                source_name: inner.source.clone(),
                message: format!("无法截取字体子集：{e:?}"),
            })?;
        let tag = subset_tag(codepoint_to_glyph.keys());
        let font = ParsedFont {
            original_bytes: bytes,
            font_index: 0,
            font_name: Some(format!("{tag}+{}", inner.ps_name)),
            codepoint_to_glyph,
            glyph_widths: widths,
            units_per_em: inner.units_per_em,
            font_metrics: FontMetrics {
                ascent: inner.ascender,
                descent: inner.descender,
            },
            font_type: FontType::TrueType,
            pdf_font_metrics: PdfFontMetricsStub {
                units_per_em: inner.units_per_em,
                x_min: inner.bbox[0],
                y_min: inner.bbox[1],
                x_max: inner.bbox[2],
                y_max: inner.bbox[3],
                caret_slope_rise: 1,
                caret_slope_run: 0,
                us_weight_class: inner.weight,
            },
        };
        Ok(font)
    }
}

/// The six-capital-letter subset tag (ISO 32000-1 9.6.4), derived from the
/// character set so the same characters always give the same name.
fn subset_tag<'a>(chars: impl Iterator<Item = &'a u32>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in chars {
        h ^= u64::from(c);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_covers_gbk_punctuation_and_ascii() {
        let f = PdfFont::builtin();
        for c in "财政项目支出绩效自评表≥≤＝％，。、（）；：“”《》ABCxyz0189.%-".chars()
        {
            assert!(f.has_char(c), "{c}");
        }
        // A GBK-only (non-GB2312) hanzi and a few rare ones.
        for c in "亍丌兀丨丬乇乜乩亓亘亟亠亢亦".chars() {
            assert!(f.has_char(c), "{c}");
        }
        assert!(!f.has_char('\u{1F600}'));
    }

    #[test]
    fn fonts_can_be_shared_across_threads() {
        fn shared<T: Send + Sync>(_: &T) {}
        shared(&PdfFont::builtin());
    }

    #[test]
    fn bad_font_is_a_clear_error() {
        let err = PdfFont::from_bytes(b"not a font".to_vec(), 0, "x.ttf".into()).unwrap_err();
        assert!(err.to_string().contains("x.ttf"), "{err}");
        let err = PdfFont::from_bytes(BUILTIN_BYTES.to_vec(), 3, "y.ttf".into()).unwrap_err();
        assert!(err.to_string().contains("face index 3"), "{err}");
    }

    #[test]
    fn a_damaged_format12_cmap_is_refused_at_once() {
        use super::super::cmap::tests::with_format12;
        let started = std::time::Instant::now();
        // A range to the end of 32-bit space (walked naively: 4 billion
        // steps), and a whole-Unicode range repeated 1,000 times.
        let huge = with_format12(BUILTIN_BYTES, &[(0x4E00, 0xFFFF_FFF0, 1)], 1);
        let err = PdfFont::from_bytes(huge, 0, "bad.ttf".into()).unwrap_err();
        assert!(
            err.to_string().contains("bad.ttf") && err.to_string().contains("cmap"),
            "{err}"
        );
        let repeated = vec![(0, 0x10_FFFF, 1); 1000];
        let err = PdfFont::from_bytes(
            with_format12(BUILTIN_BYTES, &repeated, 1),
            0,
            "b.ttf".into(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("more characters than Unicode"),
            "{err}"
        );
        // One subtable listed 60,000 times is read once.
        let listed = with_format12(BUILTIN_BYTES, &[(0x4E00, 0x4E0F, 100)], 60_000);
        let f = PdfFont::from_bytes(listed, 0, "c.ttf".into()).unwrap();
        assert!(f.has_char('一') && !f.has_char('A'));
        assert!(started.elapsed().as_secs() < 20, "bounded work");
    }

    #[test]
    fn subset_is_small_and_maps_glyphs() {
        let f = PdfFont::builtin();
        let used: BTreeMap<char, Glyph> = "绩效自评😀".chars().map(|c| (c, f.glyph(c))).collect();
        let parsed = f.subset(&used).unwrap();
        assert!(
            parsed.original_bytes.len() < 10_000,
            "{}",
            parsed.original_bytes.len()
        );
        let mut new: Vec<u16> = parsed.codepoint_to_glyph.values().copied().collect();
        new.sort_unstable();
        assert_eq!(new, vec![1, 2, 3, 4]);
        assert!(parsed.font_name.unwrap().ends_with("+NotoSerifSC-Regular"));
    }
}
