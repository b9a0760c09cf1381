//! Cells that pdftotext ran together: the first line of a cell cut over
//! lines, as wide as its column lets it be, set one space before the next
//! column's cell (`监督国有企业工资科学 增长率按文件规定`).

use crate::read::text::source::Metric;
use crate::read::text::source::Tok;

/// Lines below a cell's first line searched for its next line.
const NEXT_LINES: usize = 2;

/// Narrowest wrapped line (in display columns) that tells a column's width.
const MIN_WRAP: usize = 8;

/// Splits a cell `A B` (one space between two ideographs) in two when `A`
/// is exactly as wide as the widest line of a cell cut over lines starting
/// where it starts: a cell's line is never wider than its column, so what
/// follows the space is the next column's cell. Spaces inside a cell's own
/// text (`中共中央办公厅 国务院办公厅`, a goal's sentence) leave a shorter part
/// before them and stay.
pub(super) fn split_run_together(rows: &mut [Vec<Tok>], metric: Metric) {
    // The widest first line of a wrapped cell at each start.
    let mut wraps: Vec<(usize, usize)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        for t in row {
            let w = metric.text_width(&t.text);
            if w < MIN_WRAP || t.text.contains(' ') {
                continue;
            }
            let goes_on = rows[i + 1..]
                .iter()
                .take(NEXT_LINES)
                .take_while(|r| r.first().is_some_and(|f| f.line <= t.line + NEXT_LINES))
                .flatten()
                .any(|g| g.at == t.at && metric.text_width(&g.text) < w);
            if goes_on {
                match wraps.iter_mut().find(|x| x.0 == t.at) {
                    Some(x) => x.1 = x.1.max(w),
                    None => wraps.push((t.at, w)),
                }
            }
        }
    }
    if wraps.is_empty() {
        return;
    }
    for row in rows.iter_mut() {
        let mut k = 0;
        while k < row.len() {
            if let Some(rest) = split_at_wrap(&mut row[k], &wraps, metric) {
                row.insert(k + 1, rest);
                k += 1;
            }
            k += 1;
        }
    }
}

/// Cuts `t` after its first part when that part fills its column's width;
/// returns the part after the space.
fn split_at_wrap(t: &mut Tok, wraps: &[(usize, usize)], metric: Metric) -> Option<Tok> {
    let &(_, wrap) = wraps.iter().find(|x| x.0 == t.at)?;
    let ideograph = |c: Option<char>| c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let (cut, _) = t.text.char_indices().find(|&(i, c)| {
        c == ' '
            && ideograph(t.text[..i].chars().last())
            && ideograph(t.text[i + 1..].chars().next())
            && metric.text_width(&t.text[..i]) == wrap
    })?;
    let rest = Tok {
        text: t.text[cut + 1..].to_string(),
        line: t.line,
        at: t.at + wrap + 1,
        class: None,
    };
    t.text.truncate(cut);
    Some(rest)
}
