//! Quoted cells of tab-separated text, as Excel, WPS and LibreOffice write
//! them when copying or saving a sheet as text: a cell holding a line
//! break, a tab or a quote is put in double quotes (`"项目资金` ⏎ `(元)"`),
//! its quotes doubled. Such a cell spans lines; it is one cell again, its
//! line breaks kept and its quotes undone, before the line is read.

use std::borrow::Cow;

/// Physical lines one quoted cell may span before it is taken as no quote.
pub const MAX_LINES: usize = 200;
/// Bytes one row with quoted cells may grow to, likewise.
pub const MAX_BYTES: usize = 256 << 10;

/// How a line's quoted cells stand.
#[derive(Debug, PartialEq, Eq)]
pub enum Quotes {
    /// No cell is quoted (or a quote in it is no quoting).
    None,
    /// Every quoted cell closes on the line.
    Closed,
    /// A quoted cell goes on on the next line.
    Open,
}

/// Whether a line may hold a quoted cell: a cell starts with `"`.
pub fn may_quote(text: &str) -> bool {
    text.starts_with('"') || text.contains("\t\"")
}

/// Reads a row's cells the way a spreadsheet quotes them. A quote that is
/// not followed by a tab, the end or a second quote means the cell was not
/// quoted: then the row has no quoting at all.
pub fn quotes(text: &str) -> Quotes {
    let mut any = false;
    for cell in cells(text) {
        match cell {
            Cell::Plain(_) => {}
            Cell::Quoted(_) => any = true,
            Cell::Open => return Quotes::Open,
            Cell::Broken => return Quotes::None,
        }
    }
    if any {
        Quotes::Closed
    } else {
        Quotes::None
    }
}

/// The row with its quoted cells undone: quotes stripped, doubled quotes
/// single, a tab inside a cell a space (tabs part cells).
///
/// ```
/// use jixiao::read::text::quoted::unquote;
/// assert_eq!(unquote("\"项目资金\n(元)\"\t项目资金总额"), "项目资金\n(元)\t项目资金总额");
/// assert_eq!(unquote("\"说\"\"明\"\"\"\t1"), "说\"明\"\t1");
/// ```
pub fn unquote(text: &str) -> Cow<'_, str> {
    if quotes(text) != Quotes::Closed {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, cell) in cells(text).enumerate() {
        if i > 0 {
            out.push('\t');
        }
        match cell {
            Cell::Plain(t) => out.push_str(t),
            Cell::Quoted(t) => out.push_str(&t.replace("\"\"", "\"").replace('\t', " ")),
            Cell::Open | Cell::Broken => {}
        }
    }
    Cow::Owned(out)
}

enum Cell<'a> {
    Plain(&'a str),
    /// The text between the quotes, quotes still doubled.
    Quoted(&'a str),
    Open,
    Broken,
}

/// The cells of a row, quoted cells read whole (tabs inside them kept).
fn cells(text: &str) -> impl Iterator<Item = Cell<'_>> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        let Some(body) = s.strip_prefix('"') else {
            let (cell, tail) = match s.split_once('\t') {
                Some((c, t)) => (c, Some(t)),
                None => (s, None),
            };
            rest = tail;
            return Some(Cell::Plain(cell));
        };
        let bytes = body.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                return Some(match bytes.get(i + 1) {
                    None => {
                        rest = None;
                        Cell::Quoted(&body[..i])
                    }
                    Some(b'\t') => {
                        rest = Some(&body[i + 2..]);
                        Cell::Quoted(&body[..i])
                    }
                    Some(_) => {
                        rest = None;
                        Cell::Broken
                    }
                });
            }
            i += 1;
        }
        rest = None;
        Some(Cell::Open)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_quoted_by_a_spreadsheet_are_read_whole() {
        assert_eq!(quotes("\"项目资金"), Quotes::Open);
        assert_eq!(quotes("\"项目资金\n(元)\"\t总额\t1.00"), Quotes::Closed);
        assert_eq!(quotes("年度\t\"a\tb\"\t1"), Quotes::Closed);
        assert_eq!(unquote("年度\t\"a\tb\"\t1"), "年度\ta b\t1");
        // A quote inside a cell's text is no quoting.
        assert_eq!(quotes("\"一网通办\"平台\t1"), Quotes::None);
        assert_eq!(unquote("\"一网通办\"平台\t1"), "\"一网通办\"平台\t1");
        assert_eq!(quotes("项目\t名称"), Quotes::None);
        assert!(!may_quote("项目\t名称"));
    }

    /// xorshift64*: small, seeded, reproducible.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
        }
    }

    /// Rows of random cells (quotes, tabs and line breaks in them) written
    /// as a spreadsheet writes them come back as the same cells, each row
    /// one line numbered by its first.
    #[test]
    fn rows_a_spreadsheet_quoted_come_back_whole() {
        const PIECES: [&str; 8] = ["项目", "资金", "\"", "\t", "\n", "(元)", "1.00", ""];
        let quote = |v: &String| match v.contains(['\n', '\t', '"']) {
            true => format!("\"{}\"", v.replace('"', "\"\"")),
            false => v.clone(),
        };
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..500 {
            // Each row ends in a number: a row with no tab left once its
            // line is trimmed is not joined (one-cell rows are titles).
            let rows: Vec<Vec<String>> = (0..1 + rng.below(4))
                .map(|_| {
                    (0..1 + rng.below(4))
                        .map(|_| {
                            let c: String =
                                (0..rng.below(4)).map(|_| PIECES[rng.below(8)]).collect();
                            // A tab ending a physical line is trimmed with
                            // it, so a cell opening with a line break after
                            // a tab is not read back whole: not tried.
                            c.trim_start().to_string()
                        })
                        .chain(["1.00".to_string()])
                        .collect()
                })
                .collect();
            let text: Vec<String> = rows
                .iter()
                .map(|r| r.iter().map(quote).collect::<Vec<_>>().join("\t"))
                .collect();
            let text = text.join("\n");
            let lines = text.split('\n').enumerate();
            let replay = super::super::Replay {
                front: Default::default(),
                inner: lines.map(|(i, l)| super::super::Line::new(i + 1, l)),
                quoted: true,
            };
            let got: Vec<(usize, Vec<String>)> = replay
                .map(|l| (l.no, l.text().split('\t').map(str::to_string).collect()))
                .collect();
            let mut first = 1;
            assert_eq!(got.len(), rows.len(), "round {round}: {text:?}");
            for ((no, cells), row) in got.into_iter().zip(&rows) {
                // A line's trailing white space (and empty last cells) is
                // trimmed as on any line, inside a quoted cell too.
                let want: Vec<String> = row
                    .iter()
                    .map(|c| {
                        let mut c = c.replace('\t', " ");
                        while c.contains(" \n") {
                            c = c.replace(" \n", "\n");
                        }
                        c
                    })
                    .collect();
                let want = want.join("\t");
                let want: Vec<&str> = want.trim_end().split('\t').collect();
                assert_eq!(cells, want, "round {round}: {text:?}");
                assert_eq!(no, first, "round {round}: {text:?}");
                first += 1 + row.iter().map(|c| c.matches('\n').count()).sum::<usize>();
            }
        }
    }
}
