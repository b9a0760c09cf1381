//! The parts of the Word 97-2003 binary format ([MS-DOC]) the `.doc`
//! reader needs: the file information block (FIB), the piece table that
//! maps character positions to text, and the paragraph properties (PAPX in
//! formatted disk pages) that say which paragraph marks end table cells and
//! rows and where a row's cell edges are.
//!
//! Every offset and count comes from the file, so each is checked against
//! the stream it points into; nothing here indexes without a bound.

/// Signature of a Word 97+ `WordDocument` stream (FibBase.wIdent).
const WORD_IDENT: u16 = 0xA5EC;
/// The lowest nFib of Word 97; older files use another layout.
const NFIB_WORD97: u16 = 0x00C1;
/// At most this many characters of main text are read (4 M, some
/// 2,000 pages), and as many paragraph-property runs.
pub const MAX_TEXT_CHARS: usize = 4 << 20;
/// At most this many pieces in the piece table.
const MAX_PIECES: usize = 1 << 20;

/// A little-endian u16 at `at`, if the bytes are there.
pub fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

/// A little-endian u32 at `at`, if the bytes are there.
pub fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// What the reader takes from the FIB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fib {
    /// `1Table` or `0Table` (fWhichTblStm).
    pub table_stream: &'static str,
    /// Encrypted or XOR-obfuscated (fEncrypted, fObfuscated).
    pub encrypted: bool,
    /// Characters of the main document (ccpText).
    pub ccp_text: u32,
    /// The piece table's place in the table stream (fcClx, lcbClx).
    pub clx: (u32, u32),
    /// The paragraph-property bin table's place (fcPlcfBtePapx, lcb…).
    pub bte_papx: (u32, u32),
}

/// Reads the FIB at the start of the `WordDocument` stream.
pub fn parse_fib(word: &[u8]) -> Result<Fib, String> {
    let bad = || "WordDocument 流的文件信息块（FIB）不完整，文件可能被截断".to_string();
    if u16_at(word, 0).ok_or_else(bad)? != WORD_IDENT {
        return Err("WordDocument 流的标识不对，不是 Word 97-2003 文档".into());
    }
    let nfib = u16_at(word, 2).ok_or_else(bad)?;
    if nfib < NFIB_WORD97 && nfib != 0 {
        return Err("这是 Word 95 或更早版本的文档：请用 Word/LibreOffice 另存为 .docx".into());
    }
    let flags = u16_at(word, 0x0A).ok_or_else(bad)?;
    let encrypted = flags & 0x0100 != 0 || flags & 0x8000 != 0;
    let table_stream = if flags & 0x0200 != 0 {
        "1Table"
    } else {
        "0Table"
    };
    // FibBase (32 bytes), then csw + fibRgW, cslw + fibRgLw, cbRgFcLcb + pairs.
    let csw = usize::from(u16_at(word, 32).ok_or_else(bad)?);
    let lw = 34 + csw * 2;
    let cslw = usize::from(u16_at(word, lw).ok_or_else(bad)?);
    let ccp_text = match cslw > 3 {
        true => u32_at(word, lw + 2 + 3 * 4).ok_or_else(bad)?,
        false => return Err(bad()),
    };
    let fc_lcb = lw + 2 + cslw * 4;
    let pairs = usize::from(u16_at(word, fc_lcb).ok_or_else(bad)?);
    let pair = |i: usize| -> Result<(u32, u32), String> {
        if i >= pairs {
            return Err(bad());
        }
        let at = fc_lcb + 2 + i * 8;
        Ok((
            u32_at(word, at).ok_or_else(bad)?,
            u32_at(word, at + 4).ok_or_else(bad)?,
        ))
    };
    Ok(Fib {
        table_stream,
        encrypted,
        ccp_text,
        clx: pair(33)?,
        bte_papx: pair(13)?,
    })
}

/// The bytes `fc..fc+lcb` of a stream, or `None` when they are not all there.
pub fn slice(stream: &[u8], (fc, lcb): (u32, u32)) -> Option<&[u8]> {
    let start = usize::try_from(fc).ok()?;
    stream.get(start..start.checked_add(usize::try_from(lcb).ok()?)?)
}

/// A run of text: characters `cp_start..cp_end` stored from byte `fc` of
/// the `WordDocument` stream, one byte (cp1252) or two (UTF-16LE) each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// First character position.
    pub cp_start: u32,
    /// Character position after the last.
    pub cp_end: u32,
    /// Byte offset of the first character.
    pub fc: u32,
    /// 8-bit (cp1252) characters.
    pub compressed: bool,
    /// Paragraph properties the piece adds (a Prc's grpprl), if any.
    pub grpprl: Option<usize>,
}

/// The piece table and the property lists (Prc) of the Clx.
#[derive(Debug, Default)]
pub struct Clx {
    /// Pieces in character order.
    pub pieces: Vec<Piece>,
    /// The Prc grpprls, indexed by a complex Prm.
    pub grpprls: Vec<Vec<u8>>,
}

/// Reads the Clx: Prc property lists, then the piece table (Pcdt).
pub fn parse_clx(clx: &[u8]) -> Result<Clx, String> {
    let bad = |what: &str| format!("表格流的文本片段表（Clx）{what}，文件可能已损坏");
    let mut out = Clx::default();
    let mut at = 0usize;
    loop {
        match clx.get(at) {
            Some(1) => {
                let cb = usize::from(u16_at(clx, at + 1).ok_or_else(|| bad("不完整"))?);
                let grpprl = clx.get(at + 3..at + 3 + cb).ok_or_else(|| bad("不完整"))?;
                out.grpprls.push(grpprl.to_vec());
                at += 3 + cb;
            }
            Some(2) => break,
            _ => return Err(bad("找不到片段表")),
        }
    }
    let lcb = u32_at(clx, at + 1).ok_or_else(|| bad("不完整"))? as usize;
    let plc = clx.get(at + 5..).ok_or_else(|| bad("不完整"))?;
    let plc = plc.get(..lcb.min(plc.len())).unwrap_or_default();
    // PlcPcd: n + 1 character positions, then n 8-byte piece descriptors.
    let n = plc.len().saturating_sub(4) / 12;
    if n == 0 || n > MAX_PIECES {
        return Err(bad(&format!("有 {n} 个片段")));
    }
    for i in 0..n {
        let cp_start = u32_at(plc, i * 4).ok_or_else(|| bad("不完整"))?;
        let cp_end = u32_at(plc, i * 4 + 4).ok_or_else(|| bad("不完整"))?;
        let pcd = (n + 1) * 4 + i * 8;
        let fc = u32_at(plc, pcd + 2).ok_or_else(|| bad("不完整"))?;
        let prm = u16_at(plc, pcd + 6).ok_or_else(|| bad("不完整"))?;
        let compressed = fc & 0x4000_0000 != 0;
        let fc = fc & 0x3FFF_FFFF;
        out.pieces.push(Piece {
            cp_start,
            cp_end: cp_end.max(cp_start),
            fc: if compressed { fc / 2 } else { fc },
            compressed,
            grpprl: (prm & 1 == 1).then_some(usize::from(prm >> 1)),
        });
    }
    Ok(out)
}

/// One unit of main text: a UTF-16 code unit, the byte offset it is stored
/// at (paragraph properties are found by it) and its piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// UTF-16 code unit (cp1252 bytes already mapped).
    pub unit: u16,
    /// Byte offset in the `WordDocument` stream.
    pub fc: u32,
    /// Index of its piece.
    pub piece: usize,
}

/// The main document's text (`0..ccp_text`), unit by unit. Pieces that
/// point past the stream end the text there.
pub fn main_text(word: &[u8], clx: &Clx, ccp_text: u32) -> Vec<Unit> {
    let cp1252: Vec<u16> = (0u8..=255)
        .map(|b| {
            let byte = [b];
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            s.encode_utf16().next().unwrap_or(u16::from(b))
        })
        .collect();
    let limit = (ccp_text as usize).min(MAX_TEXT_CHARS);
    let mut out = Vec::with_capacity(limit.min(word.len()));
    for (i, p) in clx.pieces.iter().enumerate() {
        if p.cp_start as usize >= limit {
            break;
        }
        let count = (p.cp_end.min(limit as u32) - p.cp_start) as usize;
        let width = if p.compressed { 1 } else { 2 };
        for k in 0..count.min(limit - out.len().min(limit)) {
            let fc = p.fc as usize + k * width;
            let unit = match p.compressed {
                true => word.get(fc).map(|b| cp1252[usize::from(*b)]),
                false => u16_at(word, fc),
            };
            let Some(unit) = unit else {
                return out;
            };
            out.push(Unit {
                unit,
                fc: fc as u32,
                piece: i,
            });
        }
    }
    out
}

/// Paragraph properties by the byte range of their paragraphs: each run
/// says where its sprms are in the `WordDocument` stream.
#[derive(Debug, Default)]
pub struct Papx {
    /// (first fc, fc after, start, end of the grpprl in the stream), by fc.
    runs: Vec<(u32, u32, usize, usize)>,
}

impl Papx {
    /// Reads the paragraph bin table (PlcBtePapx) and its 512-byte pages.
    pub fn parse(word: &[u8], plc: &[u8]) -> Papx {
        let n = plc.len().saturating_sub(4) / 8;
        let mut runs = Vec::new();
        // A page holds at most 255 runs, and the stream so many pages.
        for i in 0..n.min(word.len() / 512) {
            if runs.len() >= MAX_TEXT_CHARS {
                break;
            }
            let Some(pn) = u32_at(plc, (n + 1) * 4 + i * 4) else {
                break;
            };
            let base = (pn & 0x003F_FFFF) as usize * 512;
            let Some(page) = word.get(base..base + 512) else {
                continue;
            };
            let crun = usize::from(page[511]);
            for r in 0..crun {
                let (Some(start), Some(end)) = (u32_at(page, r * 4), u32_at(page, r * 4 + 4))
                else {
                    break;
                };
                let bx = (crun + 1) * 4 + r * 13;
                let offset = page.get(bx).map_or(0, |b| usize::from(*b) * 2);
                let grpprl = match offset {
                    0 => None,
                    o => papx_in_fkp(page, o),
                };
                if let Some((s, e)) = grpprl {
                    runs.push((start, end, base + s, base + e));
                }
            }
        }
        runs.sort_unstable_by_key(|r| r.0);
        Papx { runs }
    }

    /// The sprms of the paragraph whose mark is stored at `fc`.
    pub fn sprms_at<'a>(&self, word: &'a [u8], fc: u32) -> &'a [u8] {
        let i = self.runs.partition_point(|r| r.0 <= fc);
        match i.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(&(_, end, s, e)) if fc < end => word.get(s..e).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// Where a PapxInFkp's sprms are in its page (after the 2-byte style).
fn papx_in_fkp(page: &[u8], at: usize) -> Option<(usize, usize)> {
    let cb = usize::from(*page.get(at)?);
    let (start, len) = match cb {
        0 => (at + 2, usize::from(*page.get(at + 1)?) * 2),
        cb => (at + 1, cb * 2 - 1),
    };
    let end = (start + len).min(511);
    (start + 2 <= end).then_some((start + 2, end))
}

/// The sprms of a grpprl, as (sprm, operand), ending where one is cut.
pub fn sprms(grpprl: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let sprm = u16_at(grpprl, at)?;
        let rest = grpprl.get(at + 2..)?;
        let len = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            // sprmTDefTable's size is a u16 counting itself less one.
            _ if sprm == SPRM_T_DEF_TABLE => 2 + usize::from(u16_at(rest, 0)?).saturating_sub(1),
            _ => 1 + usize::from(*rest.first()?),
        };
        let (op, skip) = match sprm >> 13 {
            6 if sprm != SPRM_T_DEF_TABLE => (rest.get(1..len)?, len),
            _ => (rest.get(..len)?, len),
        };
        at += 2 + skip;
        Some((sprm, op))
    })
}

const SPRM_P_F_IN_TABLE: u16 = 0x2416;
const SPRM_P_F_TTP: u16 = 0x2417;
const SPRM_P_ITAP: u16 = 0x6649;
const SPRM_P_F_INNER_TTP: u16 = 0x244C;
const SPRM_P_HUGE_PAPX: u16 = 0x6646;
const SPRM_T_DEF_TABLE: u16 = 0xD608;
const SPRM_T_VERT_MERGE: u16 = 0xD62B;

/// A table row's cells: edges (twips, one more than cells) and how each
/// cell merges (TC flags: horizontal 0..=3, vertical 0..=3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowDef {
    /// Left edge of the row, then each cell's right edge.
    pub edges: Vec<i16>,
    /// Per cell: 2 or 3 when merged into the cell before it.
    pub horz_merge: Vec<u8>,
    /// Per cell: 1 continues the cell above, 3 starts a merge.
    pub vert_merge: Vec<u8>,
}

/// What a paragraph mark says about tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParaProps {
    /// In a table (sprmPFInTable).
    pub in_table: bool,
    /// The row-end mark (sprmPFTtp, or sprmPFInnerTtp of a nested row).
    pub row_end: bool,
    /// Table depth (sprmPItap); 0 when not given.
    pub depth: u32,
    /// The row's cells, on a row-end mark (sprmTDefTable).
    pub row: Option<RowDef>,
}

impl ParaProps {
    /// Applies a grpprl's sprms, later ones over earlier; `data` is the
    /// `Data` stream, where properties too large for their page are kept
    /// (sprmPHugePapx: a row of many cells).
    pub fn apply(&mut self, grpprl: &[u8], data: &[u8]) {
        for (sprm, op) in sprms(grpprl) {
            let byte = op.first().copied().unwrap_or(0);
            match sprm {
                SPRM_P_HUGE_PAPX => {
                    let at = u32_at(op, 0).map_or(usize::MAX, |v| v as usize);
                    if let Some(cb) = u16_at(data, at) {
                        let start = at + 2;
                        let huge = data.get(start..start + usize::from(cb));
                        self.apply(huge.unwrap_or_default(), &[]);
                    }
                }
                SPRM_P_F_IN_TABLE => self.in_table = byte != 0,
                SPRM_P_F_TTP | SPRM_P_F_INNER_TTP => self.row_end = byte != 0,
                SPRM_P_ITAP => self.depth = u32_at(op, 0).unwrap_or(0).min(64),
                SPRM_T_DEF_TABLE => self.row = Some(def_table(op)),
                SPRM_T_VERT_MERGE => {
                    if let (Some(row), Some(&itc), Some(&flag)) =
                        (self.row.as_mut(), op.first(), op.get(1))
                    {
                        if let Some(v) = row.vert_merge.get_mut(usize::from(itc)) {
                            *v = flag & 3;
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// How deep in tables the paragraph is (0 outside them).
    pub fn table_depth(&self) -> u32 {
        match (self.depth, self.in_table) {
            (0, true) => 1,
            (d, _) => d,
        }
    }
}

/// A TDefTableOperand: cell count, edges, then 20-byte TC80s (maybe fewer).
fn def_table(op: &[u8]) -> RowDef {
    let cells = usize::from(op.get(2).copied().unwrap_or(0)).min(63);
    let edges: Vec<i16> = (0..=cells)
        .map_while(|i| u16_at(op, 3 + i * 2).map(|v| v as i16))
        .collect();
    let tcs = 3 + (cells + 1) * 2;
    let flags = |i: usize| u16_at(op, tcs + i * 20).unwrap_or(0);
    RowDef {
        horz_merge: (0..cells).map(|i| (flags(i) & 3) as u8).collect(),
        vert_merge: (0..cells).map(|i| ((flags(i) >> 5) & 3) as u8).collect(),
        edges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprms_of_every_size_and_a_cut_one() {
        // sprmPFInTable 1, sprmPItap 1, sprmTVertMerge (variable), then a cut sprm.
        let g = [
            0x16, 0x24, 1, 0x49, 0x66, 1, 0, 0, 0, 0x2B, 0xD6, 2, 0, 1, 0x08, 0xD6, 9,
        ];
        let got: Vec<(u16, Vec<u8>)> = sprms(&g).map(|(s, o)| (s, o.to_vec())).collect();
        assert_eq!(
            got,
            vec![
                (0x2416, vec![1]),
                (0x6649, vec![1, 0, 0, 0]),
                (0xD62B, vec![0, 1]),
            ]
        );
    }

    #[test]
    fn a_row_definition_gives_edges_and_merges() {
        // Two cells: edges 0, 1000, 3000; the second continues a vertical merge.
        let mut op = vec![0u8; 0];
        op.extend_from_slice(&(1 + 1 + 6 + 40u16).to_le_bytes());
        op.push(2);
        for e in [0i16, 1000, 3000] {
            op.extend_from_slice(&e.to_le_bytes());
        }
        op.extend_from_slice(&[0; 20]);
        let mut tc = [0u8; 20];
        tc[0] = 1 << 5;
        op.extend_from_slice(&tc);
        let mut g = vec![0x08, 0xD6];
        g.extend_from_slice(&op);
        g.extend_from_slice(&[0x17, 0x24, 1]);
        let mut p = ParaProps::default();
        p.apply(&g, &[]);
        assert!(p.row_end);
        let row = p.row.unwrap();
        assert_eq!(row.edges, vec![0, 1000, 3000]);
        assert_eq!(row.vert_merge, vec![0, 1]);
    }

    #[test]
    fn large_properties_are_read_from_the_data_stream() {
        // sprmPHugePapx pointing at byte 3 of Data: cb 3, then sprmPFTtp 1.
        let data = [9, 9, 9, 3, 0, 0x17, 0x24, 1];
        let mut p = ParaProps::default();
        p.apply(&[0x46, 0x66, 3, 0, 0, 0], &data);
        assert!(p.row_end);
        // Pointing past the stream: nothing, no panic.
        let mut q = ParaProps::default();
        q.apply(&[0x46, 0x66, 0xFF, 0xFF, 0xFF, 0xFF], &data);
        assert_eq!(q, ParaProps::default());
    }

    #[test]
    fn a_short_fib_is_an_error_not_a_panic() {
        assert!(parse_fib(&[0xEC, 0xA5, 0xC1, 0]).is_err());
        assert!(parse_fib(&[]).is_err());
    }
}
