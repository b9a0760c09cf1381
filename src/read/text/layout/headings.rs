//! Cells cut over lines around the line they belong to: a heading cell of
//! three lines is printed centred on the line of the other headings, its
//! first and last lines above and below it (`执行率` / … 分值 … 得分 /
//! `(%)`; `偏差原因分析及改` / 一级指标 … / `进措施`); a row label of two
//! lines likewise around its row's values (`其中：当年财` / `政拨款`).

use super::{is_heading_line, Frag};
use crate::read::text::classify::{Class, Classifier, Shape};
use crate::read::text::source::join_wrapped;

/// Whether a class names a table column.
fn is_heading(c: Class) -> bool {
    matches!(
        c,
        Class::FundHead(_) | Class::IndHead(..) | Class::FundOnly(_)
    )
}

/// Whether two cells share some character columns (one stands over the
/// other).
fn overlaps(a: &Frag, b: &Frag) -> bool {
    a.tok.at < b.tok.at + b.width && b.tok.at < a.tok.at + a.width
}

/// Joins the pieces of a heading cut over lines into the heading line: on
/// the lines just above and below a heading line, cells standing over one
/// another (or over a cell of the heading line) that join into a known
/// heading (执行率(%), 偏差原因分析及改进措施) are that heading's cell. They
/// go into the heading line (into the cell they stand over, or as a new
/// cell there) and leave their lines.
pub(super) fn join_cut_headings(words: &Classifier, lines: &mut [Vec<Frag>]) {
    for i in 0..lines.len() {
        if !is_heading_line(&lines[i]) {
            continue;
        }
        let y = lines[i][0].y;
        let next_to = |k: usize, dy: isize| {
            lines
                .get(k)
                .and_then(|l| l.first())
                .is_some_and(|f| f.y as isize == y as isize + dy)
        };
        let above = (i > 0 && next_to(i - 1, -1)).then(|| i - 1);
        let below = next_to(i + 1, 1).then_some(i + 1);
        if above.is_none() && below.is_none() {
            continue;
        }
        // Each piece above, with what stands under it.
        let mut k = 0;
        while let Some(a) = above.filter(|&a| k < lines[a].len()) {
            if join_from(words, lines, i, Some((a, k)), below) {
                // The piece left its line: the same index is the next one.
                continue;
            }
            k += 1;
        }
        // Pieces below a heading cell with nothing above.
        let mut k = 0;
        while let Some(b) = below.filter(|&b| k < lines[b].len()) {
            if join_below(words, lines, i, b, k) {
                continue;
            }
            k += 1;
        }
    }
}

/// Tries the piece `(a, k)` above heading line `i`: with the heading cell
/// under it and the piece below them, the first joining into a heading wins.
fn join_from(
    words: &Classifier,
    lines: &mut [Vec<Frag>],
    i: usize,
    piece: Option<(usize, usize)>,
    below: Option<usize>,
) -> bool {
    let Some((a, k)) = piece else { return false };
    let p = &lines[a][k];
    let h = lines[i].iter().position(|h| overlaps(p, h));
    let q = below.and_then(|b| {
        lines[b]
            .iter()
            .position(|q| overlaps(p, q) || h.is_some_and(|h| overlaps(&lines[i][h], q)))
            .map(|q| (b, q))
    });
    // Fullest reading first: above + heading + below, then two of them.
    let tries = [(h, q), (h, None), (None, q)];
    for (h, q) in tries {
        if h.is_none() && q.is_none() {
            continue;
        }
        let mut text = p.tok.text.clone();
        if let Some(h) = h {
            join_wrapped(&mut text, &lines[i][h].tok.text);
        }
        if let Some((b, q)) = q {
            join_wrapped(&mut text, &lines[b][q].tok.text);
        }
        let class = words.class(&text);
        // A heading of its own joins only into more of itself (得分 is no
        // piece of 偏差原因分析及改进措施).
        let other = h.is_some_and(|h| {
            let own = lines[i][h].class;
            is_heading(own) && own != class
        });
        if !is_heading(class) || other {
            continue;
        }
        let mut span = vec![(p.tok.at, p.width)];
        if let Some((b, q)) = q {
            let q = lines[b].remove(q);
            span.push((q.tok.at, q.width));
        }
        let p = lines[a].remove(k);
        place(lines, i, h, p, text, class, &span);
        return true;
    }
    false
}

/// Tries the piece `(b, k)` below heading line `i` with the heading cell
/// over it (`分值` / `(分)`).
fn join_below(words: &Classifier, lines: &mut [Vec<Frag>], i: usize, b: usize, k: usize) -> bool {
    let q = &lines[b][k];
    let Some(h) = lines[i].iter().position(|h| overlaps(h, q)) else {
        return false;
    };
    let mut text = lines[i][h].tok.text.clone();
    join_wrapped(&mut text, &q.tok.text);
    let class = words.class(&text);
    if !is_heading(class) || is_heading(q.class) {
        return false;
    }
    let q = lines[b].remove(k);
    let h_frag = &mut lines[i][h];
    let (from, to) = (
        h_frag.tok.at.min(q.tok.at),
        (h_frag.tok.at + h_frag.width).max(q.tok.at + q.width),
    );
    h_frag.tok.text = text;
    h_frag.class = class;
    h_frag.tok.at = from;
    h_frag.width = to - from;
    true
}

/// Puts the joined heading into line `i`: into its cell `h`, or as a new
/// cell in order of place. The cell spans all its pieces.
fn place(
    lines: &mut [Vec<Frag>],
    i: usize,
    h: Option<usize>,
    mut p: Frag,
    text: String,
    class: Class,
    pieces: &[(usize, usize)],
) {
    let mut from = pieces.iter().map(|s| s.0).min().unwrap_or(p.tok.at);
    let mut to = pieces.iter().map(|s| s.0 + s.1).max().unwrap_or(p.tok.at);
    let f = match h {
        Some(h) => &mut lines[i][h],
        None => {
            p.y = lines[i][0].y;
            p.last = p.y;
            p.tok.line = lines[i][0].tok.line;
            let at = lines[i].partition_point(|g| g.tok.at < from);
            lines[i].insert(at, p);
            &mut lines[i][at]
        }
    };
    from = from.min(f.tok.at);
    to = to.max(f.tok.at + f.width);
    f.tok.text = text;
    f.tok.at = from;
    f.width = to - from;
    f.class = class;
}

/// Joins row labels cut over lines around their row's line: a label cell of
/// two lines is printed centred on its row, its first line above the row's
/// line and its last below (`其中：当年财` / 7.80 1.55 … / `政拨款`). Two cells
/// standing over each other on the lines just above and below a line of
/// values, over no cell of that line, that join into a funding row label
/// or a field's label (年度资金申请总额) are that line's label. Of two such labels side by side (a form of two
/// label–value pairs on a line) only the one next to the values is. A
/// value cut the same way joins its row too when the piece below closes a
/// bracket the piece above opened (`=100.00(百分` / `比)`).
pub(super) fn join_cut_row_labels(words: &Classifier, lines: &mut [Vec<Frag>]) {
    for i in 1..lines.len().saturating_sub(1) {
        let Some(y) = lines[i].first().map(|f| f.y) else {
            continue;
        };
        let valued = lines[i]
            .iter()
            .any(|f| matches!(f.class, Class::Value(Shape::Number)));
        let next_to = |k: usize, dy: isize| {
            lines[k]
                .first()
                .is_some_and(|f| f.y as isize == y as isize + dy)
        };
        if !valued || !next_to(i - 1, -1) || !next_to(i + 1, 1) {
            continue;
        }
        // (piece above, piece below, joined text, class)
        let mut found: Vec<(usize, usize, String, Class)> = Vec::new();
        for (k, p) in lines[i - 1].iter().enumerate() {
            if lines[i].iter().any(|f| overlaps(p, f)) {
                continue;
            }
            let Some(q) = lines[i + 1].iter().position(|q| overlaps(p, q)) else {
                continue;
            };
            if lines[i].iter().any(|f| overlaps(f, &lines[i + 1][q])) {
                continue;
            }
            let mut text = p.tok.text.clone();
            join_wrapped(&mut text, &lines[i + 1][q].tok.text);
            let class = words.class(&text);
            let label = matches!(class, Class::FundRow | Class::Label { field: true });
            if label || closes(&p.tok.text, &lines[i + 1][q].tok.text) {
                found.push((k, q, text, class));
            }
        }
        let at = |k: usize| lines[i - 1][k].tok.at;
        // A label with another one between it and the next cell of the row
        // line labels nothing there.
        let next_cell = |from: usize| {
            lines[i]
                .iter()
                .map(|f| f.tok.at)
                .filter(|&a| a > from)
                .min()
                .unwrap_or(usize::MAX)
        };
        let keep: Vec<bool> = found
            .iter()
            .map(|c| {
                let (from, to) = (at(c.0), next_cell(at(c.0)));
                !c.3.is_label() || !found.iter().any(|d| at(d.0) > from && at(d.0) < to)
            })
            .collect();
        // Removed from the right so the indices left stay good.
        for ((k, q, text, class), _) in found.into_iter().zip(keep).filter(|x| x.1).rev() {
            let q = lines[i + 1].remove(q);
            let p = lines[i - 1].remove(k);
            place(lines, i, None, p, text, class, &[(q.tok.at, q.width)]);
        }
    }
}

/// Whether `below` closes a bracket `above` left open (`=100.00(百分` /
/// `比)`): the two are one cell cut over lines.
fn closes(above: &str, below: &str) -> bool {
    let open = |s: &str| s.matches(['(', '（']).count();
    let shut = |s: &str| s.matches([')', '）']).count();
    open(above) > shut(above) && shut(below) > open(below) && !below.contains(' ')
}
