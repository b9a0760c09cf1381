//! The old Word reader (`.doc`, Word 97-2003, and WPS Writer's `.wps`,
//! which is the same binary format): every table of the main text becomes
//! a grid as the `.docx` reader makes it, with the paragraphs just above a
//! table (title, 单位：万元) as rows over it.
//!
//! The file is a compound file (OLE, read with `cfb`): the `WordDocument`
//! stream holds the text and the FIB, the `0Table`/`1Table` stream the
//! piece table and the paragraph-property tables ([`super::doc_format`]).
//! In the text a cell ends with 0x07 and a row with one more 0x07 whose
//! paragraph is the row-end mark (fTtp); the row-end mark's properties
//! hold the row's cell edges (sprmTDefTable). The edges of all rows make
//! the table's column grid, so a merged cell spans the grid columns
//! between its edges; a cell continuing a vertical merge joins the cell
//! above. Fields keep their shown result only. A table nested in a cell is
//! read as lines of that cell.
//!
//! Lengths read from the file are bounded: stream sizes by
//! [`MAX_STREAM`], the text by [`doc_format::MAX_TEXT_CHARS`].

use std::io::{Cursor, Read, Seek};

use super::doc_format::{self as format, ParaProps, RowDef, Unit};
use super::grid::Grid;
use super::html::read_grids;
use super::table::{Merge, TableReader};
use super::vocab::Vocabulary;
use super::{ReadError, ReadOutput};

/// The largest stream read from a `.doc` (forms are far smaller).
pub const MAX_STREAM: u64 = 64 << 20;

/// Cell edges closer than this (twips, 1/1440 inch) are one grid line.
const EDGE_SLACK: i32 = 8;

/// What a compound file (OLE; `.doc`, `.xls`, encrypted Office files) is,
/// told by its streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compound {
    /// A Word 97-2003 document (`WordDocument` stream).
    Word,
    /// An Excel 97-2003 workbook (`Workbook` or `Book` stream).
    Workbook,
    /// An encrypted Office 2007+ package (`EncryptedPackage`).
    Encrypted,
    /// Something else.
    Other,
}

/// The kind of a compound file, or `None` when the bytes are not one.
///
/// ```
/// assert_eq!(jixiao::read::doc::compound_kind(b"PK\x03\x04"), None);
/// ```
pub fn compound_kind(bytes: &[u8]) -> Option<Compound> {
    match bytes.starts_with(&COMPOUND_MAGIC) {
        true => Some(compound_kind_of(Cursor::new(bytes))),
        false => None,
    }
}

/// The first bytes of every compound file.
pub const COMPOUND_MAGIC: [u8; 4] = [0xD0, 0xCF, 0x11, 0xE0];

/// The kind of a compound file read from `inner` (only its header and
/// directory are read).
pub fn compound_kind_of<F: Read + Seek>(inner: F) -> Compound {
    let kind = guarded(|| {
        let cfb = cfb::CompoundFile::open(inner).ok()?;
        Some(if cfb.is_stream("WordDocument") {
            Compound::Word
        } else if cfb.is_stream("Workbook") || cfb.is_stream("Book") {
            Compound::Workbook
        } else if cfb.is_stream("EncryptedPackage") {
            Compound::Encrypted
        } else {
            Compound::Other
        })
    });
    kind.flatten().unwrap_or(Compound::Other)
}

/// Runs `f`, turning a panic in a dependency that parses the file into
/// `None` (`cfb` checks structures but is not fuzzed by this project).
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

/// Reads every form in a `.doc` file's tables.
pub fn read_doc(bytes: &[u8], file: &str) -> Result<ReadOutput, ReadError> {
    read_doc_with(bytes, file, Vocabulary::builtin())
}

/// [`read_doc`] with a given vocabulary (the built-in one plus `--labels`).
pub fn read_doc_with(
    bytes: &[u8],
    file: &str,
    vocab: &Vocabulary,
) -> Result<ReadOutput, ReadError> {
    let grids = doc_grids(bytes).map_err(|what| ReadError::Encoding {
        file: file.to_string(),
        what,
    })?;
    if grids.is_empty() {
        return Err(ReadError::NoForm {
            file: file.to_string(),
            hint: "文档里没有表格；表单应是 Word 文档中的表格".into(),
        });
    }
    read_grids(&grids, file, "表格", vocab)
}

/// Grids of a `.doc` file's tables; an error text says what is wrong.
pub fn doc_grids(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    match compound_kind(bytes) {
        None if bytes.starts_with(b"{\\rtf") => {
            return Err(
                "这是 RTF 文件（扩展名是 .doc）：请用 Word/WPS/LibreOffice 另存为 .docx".into(),
            )
        }
        None => {
            return Err("不是 Word 97-2003 文档（.doc 应以复合文档标识 D0 CF 11 E0 开头）".into())
        }
        Some(Compound::Word) => {}
        Some(Compound::Workbook) => {
            return Err("这是 Excel 工作簿（.xls），不是 Word 文档：请把扩展名改为 .xls".into())
        }
        Some(Compound::Encrypted) => return Err("这是加密的 Office 文档：请解除密码后再读".into()),
        Some(Compound::Other) => {
            return Err("复合文档里没有 WordDocument 流，不是 Word 文档，或文件已损坏".into())
        }
    }
    let streams =
        guarded(|| streams(bytes)).unwrap_or_else(|| Err("复合文档结构损坏，无法读取".into()))?;
    let word = streams.word;
    let fib = format::parse_fib(&word)?;
    if fib.encrypted {
        return Err("这是加密的 Word 文档：请在 Word/WPS 里解除密码后再读".into());
    }
    let table = match fib.table_stream {
        "1Table" => streams.table1,
        _ => streams.table0,
    }
    .ok_or_else(|| {
        format!(
            "Word 文档缺少 {} 流（存放文本片段表），文件可能已损坏",
            fib.table_stream
        )
    })?;
    let clx =
        format::slice(&table, fib.clx).ok_or("文本片段表（Clx）超出表格流，文件可能被截断")?;
    let clx = format::parse_clx(clx)?;
    let text = format::main_text(&word, &clx, fib.ccp_text);
    let papx = format::Papx::parse(&word, format::slice(&table, fib.bte_papx).unwrap_or(&[]));
    let props = |u: &Unit| {
        let mut p = ParaProps::default();
        p.apply(papx.sprms_at(&word, u.fc), &streams.data);
        let piece = clx.pieces.get(u.piece).and_then(|p| p.grpprl);
        if let Some(g) = piece.and_then(|i| clx.grpprls.get(i)) {
            p.apply(g, &streams.data);
        }
        p
    };
    Walker::default().run(&text, props)
}

/// The streams the reader uses, each bounded by [`MAX_STREAM`].
struct Streams {
    /// Text and the FIB.
    word: Vec<u8>,
    /// `0Table` and `1Table` (the FIB says which holds the tables).
    table0: Option<Vec<u8>>,
    table1: Option<Vec<u8>>,
    /// `Data`: paragraph properties too large for their page (or empty).
    data: Vec<u8>,
}

fn streams(bytes: &[u8]) -> Result<Streams, String> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| format!("复合文档结构损坏，无法读取（{e}）"))?;
    let mut read = |name: &str| -> Result<Option<Vec<u8>>, String> {
        if !cfb.is_stream(name) {
            return Ok(None);
        }
        let mut s = cfb
            .open_stream(name)
            .map_err(|e| format!("{name} 流无法读取（{e}）"))?;
        if s.len() > MAX_STREAM {
            return Err(format!(
                "{name} 流有 {} MB，太大，不像是表单",
                s.len() >> 20
            ));
        }
        let mut out = Vec::new();
        s.by_ref()
            .take(MAX_STREAM)
            .read_to_end(&mut out)
            .map_err(|e| format!("{name} 流无法读取（文件损坏或被截断：{e}）"))?;
        Ok(Some(out))
    };
    Ok(Streams {
        word: read("WordDocument")?.ok_or("复合文档里没有 WordDocument 流")?,
        table0: read("0Table")?,
        table1: read("1Table")?,
        data: read("Data")?.unwrap_or_default(),
    })
}

/// A row as read: its cells' lines, and the row-end mark's definition.
struct Row {
    cells: Vec<Vec<String>>,
    def: Option<RowDef>,
}

/// Walks the main text paragraph by paragraph, gathering each table's rows
/// until it ends, then hands it to the table reader.
#[derive(Default)]
struct Walker {
    reader: TableReader,
    /// Lines of the paragraph being read (0x0B breaks lines).
    lines: Vec<String>,
    /// Lines of the open cell.
    cell: Vec<String>,
    /// Cells of the open row.
    cells: Vec<Vec<String>>,
    /// Rows of the open table.
    rows: Vec<Row>,
    /// Open fields: `true` once past the separator (the shown result).
    fields: Vec<bool>,
    /// How many open fields are still in their instructions (not shown).
    hidden: usize,
}

impl Walker {
    fn run(
        mut self,
        text: &[Unit],
        props: impl Fn(&Unit) -> ParaProps,
    ) -> Result<Vec<Grid>, String> {
        self.lines.push(String::new());
        let mut units = text.iter().peekable();
        while let Some(u) = units.next() {
            match u.unit {
                0x0D | 0x07 => self.mark(u.unit, &props(u))?,
                0x0B | 0x0C => self.lines.push(String::new()),
                0x13 => {
                    self.fields.push(false);
                    self.hidden += 1;
                }
                0x14 => {
                    if let Some(f) = self.fields.last_mut().filter(|f| !**f) {
                        *f = true;
                        self.hidden -= 1;
                    }
                }
                0x15 => {
                    if self.fields.pop() == Some(false) {
                        self.hidden -= 1;
                    }
                }
                _ if self.hidden > 0 => {}
                0x09 => self.push(' '),
                0x1E | 0x2011 => self.push('-'),
                c if c < 0x20 || c == 0x1F => {}
                c if (0xD800..0xDC00).contains(&c) => {
                    let low = units.next_if(|n| (0xDC00..0xE000).contains(&n.unit));
                    if let Some(Ok(ch)) = low.and_then(|l| char::decode_utf16([c, l.unit]).next()) {
                        self.push(ch);
                    }
                }
                c => {
                    if let Some(ch) = char::from_u32(u32::from(c)) {
                        self.push(ch);
                    }
                }
            }
        }
        self.mark(0x0D, &ParaProps::default())?;
        self.reader.finish(true)
    }

    fn push(&mut self, ch: char) {
        if let Some(line) = self.lines.last_mut() {
            line.push(ch);
        }
    }

    /// A paragraph mark (0x0D) or cell mark (0x07) ends the paragraph.
    fn mark(&mut self, unit: u16, p: &ParaProps) -> Result<(), String> {
        let lines = std::mem::replace(&mut self.lines, vec![String::new()]);
        let depth = p.table_depth();
        if depth == 0 {
            self.end_table()?;
            for line in &lines {
                self.reader.text(line);
                self.reader.br();
            }
            return Ok(());
        }
        // A nested table's cells and rows are lines of the outer cell.
        self.cell.extend(lines);
        if depth > 1 {
            return Ok(());
        }
        if p.row_end {
            self.cell.clear();
            let cells = std::mem::take(&mut self.cells);
            self.rows.push(Row {
                cells,
                def: p.row.clone(),
            });
        } else if unit == 0x07 {
            let cell = std::mem::take(&mut self.cell);
            self.cells.push(cell);
        }
        Ok(())
    }

    /// Hands the open table, if any, to the table reader.
    fn end_table(&mut self) -> Result<(), String> {
        if !self.cells.is_empty() || !self.cell.is_empty() {
            // A row without its row-end mark (a cut file): keep its cells.
            self.cells
                .extend((!self.cell.is_empty()).then(|| std::mem::take(&mut self.cell)));
            let cells = std::mem::take(&mut self.cells);
            self.rows.push(Row { cells, def: None });
        }
        if self.rows.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.rows);
        let grid = column_grid(&rows);
        let r = &mut self.reader;
        r.start_table();
        for row in &rows {
            r.start_row();
            for cell in place_row(row, &grid) {
                r.start_cell(cell.merge, cell.cols, cell.col);
                for line in &cell.lines {
                    r.text(line);
                    r.br();
                }
                r.end_cell();
            }
            r.end_row();
        }
        r.end_table()
    }
}

/// The table's grid lines: every row's cell edges, near ones as one.
fn column_grid(rows: &[Row]) -> Vec<i32> {
    let mut edges: Vec<i32> = rows
        .iter()
        .filter_map(|r| r.def.as_ref())
        .flat_map(|d| d.edges.iter().map(|e| i32::from(*e)))
        .collect();
    edges.sort_unstable();
    let mut grid: Vec<i32> = Vec::new();
    for e in edges {
        if grid.last().is_none_or(|last| e - last > EDGE_SLACK) {
            grid.push(e);
        }
    }
    grid
}

/// A cell ready for the table reader.
struct PlacedCell<'a> {
    merge: Merge,
    cols: usize,
    col: Option<usize>,
    lines: Vec<&'a str>,
}

/// Places a row's cells on the grid by their edges; a row whose
/// definition does not fit its cells is read in order, a column each.
fn place_row<'a>(row: &'a Row, grid: &[i32]) -> Vec<PlacedCell<'a>> {
    let lines = |c: &'a Vec<String>| c.iter().map(String::as_str).collect::<Vec<_>>();
    let def = row
        .def
        .as_ref()
        .filter(|d| d.edges.len() == row.cells.len() + 1 && !grid.is_empty());
    let Some(def) = def else {
        return row
            .cells
            .iter()
            .map(|c| PlacedCell {
                merge: Merge::Rows(1),
                cols: 1,
                col: None,
                lines: lines(c),
            })
            .collect();
    };
    let line_of = |x: i16| {
        let x = i32::from(x);
        let i = grid.partition_point(|g| *g < x - EDGE_SLACK);
        i.min(grid.len() - 1)
    };
    let mut out: Vec<PlacedCell> = Vec::new();
    for (i, cell) in row.cells.iter().enumerate() {
        let (a, b) = (line_of(def.edges[i]), line_of(def.edges[i + 1]));
        let (left, right) = (a.min(b), a.max(b));
        let horz = def.horz_merge.get(i).copied().unwrap_or(0);
        // An old-style horizontal merge: the cell widens the one before it.
        if horz >= 2 {
            if let Some(prev) = out.last_mut() {
                let start = prev.col.unwrap_or(0);
                prev.cols = prev.cols.max(right.saturating_sub(start));
                prev.lines.extend(lines(cell));
                continue;
            }
        }
        let merge = match def.vert_merge.get(i) {
            Some(1) => Merge::Continue,
            _ => Merge::Rows(1),
        };
        out.push(PlacedCell {
            merge,
            cols: right.saturating_sub(left).max(1),
            col: Some(left),
            lines: lines(cell),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks a test text: `|` ends a cell, `#` a row (with the next of
    /// `defs`), `~` a paragraph in a cell, `\r` one outside tables.
    fn walk(src: &str, defs: Vec<RowDef>) -> Vec<Grid> {
        let mut units = Vec::new();
        let mut props = Vec::new();
        let mut defs = defs.into_iter();
        for (i, c) in src.encode_utf16().enumerate() {
            let (unit, p) = match c {
                0x7C => (
                    0x07,
                    ParaProps {
                        in_table: true,
                        ..Default::default()
                    },
                ),
                0x23 => (
                    0x07,
                    ParaProps {
                        in_table: true,
                        row_end: true,
                        depth: 1,
                        row: defs.next(),
                    },
                ),
                0x7E => (
                    0x0D,
                    ParaProps {
                        in_table: true,
                        ..Default::default()
                    },
                ),
                c => (c, ParaProps::default()),
            };
            units.push(Unit {
                unit,
                fc: i as u32,
                piece: 0,
            });
            props.push(p);
        }
        Walker::default()
            .run(&units, |u| props[u.fc as usize].clone())
            .unwrap()
    }

    fn def(edges: &[i16], vert: &[u8]) -> RowDef {
        RowDef {
            edges: edges.to_vec(),
            horz_merge: vec![0; edges.len() - 1],
            vert_merge: vert.to_vec(),
        }
    }

    fn cells(g: &Grid) -> Vec<(usize, usize, usize, usize, String)> {
        g.cells
            .iter()
            .map(|c| (c.row, c.col, c.rows, c.cols, c.value.text()))
            .collect()
    }

    #[test]
    fn cells_span_the_grid_columns_between_their_edges() {
        // Row 1: 项目名称 | 宣传费 (two grid columns); row 2: three cells,
        // the first continuing nothing, the third in a field's result.
        let text = "绩效目标表\r项目名称|宣传费|#产出|数量|\x13 PAGE \x14指标\x15|#\r";
        let g = walk(
            text,
            vec![
                def(&[0, 1000, 3000], &[0, 0]),
                def(&[0, 1000, 2000, 3000], &[0, 0, 0]),
            ],
        );
        assert_eq!(
            cells(&g[0]),
            vec![
                (0, 0, 1, 3, "绩效目标表".into()),
                (1, 0, 1, 1, "项目名称".into()),
                (1, 1, 1, 2, "宣传费".into()),
                (2, 0, 1, 1, "产出".into()),
                (2, 1, 1, 1, "数量".into()),
                (2, 2, 1, 1, "指标".into()),
            ]
        );
    }

    #[test]
    fn a_vertical_merge_continues_the_cell_above() {
        let text = "标题\r产出~指标|甲|#|乙|#\r";
        let g = walk(
            text,
            vec![def(&[0, 500, 900], &[3, 0]), def(&[0, 500, 900], &[1, 0])],
        );
        assert_eq!(g[0].cells[1].rows, 2, "{:?}", cells(&g[0]));
        assert_eq!(g[0].cells[1].value.text(), "产出\n指标");
    }

    #[test]
    fn nested_fields_show_their_outer_result_only() {
        let text = "标题\r项目名称|\x13 A \x13 B \x14内\x15 C \x14结果\x15|#\r";
        let g = walk(text, vec![]);
        assert_eq!(g[0].cells.last().unwrap().value.text(), "结果");
    }

    #[test]
    fn rows_without_edges_are_read_in_order() {
        let text = "标题\r一|二|#三|#\r";
        let g = walk(text, vec![]);
        assert_eq!(
            cells(&g[0])[1..],
            [
                (1, 0, 1, 1, "一".into()),
                (1, 1, 1, 1, "二".into()),
                (2, 0, 1, 1, "三".into())
            ]
        );
    }

    #[test]
    fn not_a_compound_file_is_named() {
        let err = doc_grids(b"PK\x03\x04").unwrap_err();
        assert!(err.contains("D0 CF 11 E0"), "{err}");
        assert_eq!(
            compound_kind(&[0xD0, 0xCF, 0x11, 0xE0, 0]),
            Some(Compound::Other)
        );
    }
}
