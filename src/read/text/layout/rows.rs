//! Rows of aligned text: which lines are a row's own line (anchors), whether
//! cells of several lines are centred on their row, and which row each
//! other line's cells belong to.

use super::Frag;
use crate::read::text::classify::{Class, Shape};

/// Whether cells of several lines are centred on their row (their first
/// line stands above the row's line): some cell's lines end just above a row
/// line without following the row line before.
pub(super) fn is_centred(lines: &[Vec<Frag>]) -> bool {
    // Indicator categories on a line of their own stand between the rows
    // they are merged over.
    let categories = |l: &Vec<Frag>| l.iter().all(|f| matches!(f.class, Class::Level { .. }));
    if lines.iter().any(categories) {
        return true;
    }
    let anchor: Vec<bool> = lines.iter().map(|l| is_anchor(l.iter(), false)).collect();
    let no = |i: usize| lines[i][0].y;
    let mut i = 0;
    while i < lines.len() {
        if anchor[i] {
            i += 1;
            continue;
        }
        // A run of lines that are no row's own line.
        let s = i;
        while i + 1 < lines.len() && !anchor[i + 1] && no(i + 1) == no(i) + 1 {
            i += 1;
        }
        let follows = s > 0 && anchor[s - 1] && no(s - 1) + 1 == no(s);
        let leads = i + 1 < lines.len() && anchor[i + 1] && no(i) + 1 == no(i + 1);
        let cells = lines[s..=i]
            .iter()
            .flatten()
            .any(|f| !matches!(f.class, Class::Level { .. }));
        if leads && !follows && cells {
            return true;
        }
        i += 1;
    }
    split_around_values(lines) >= CENTRED_SPLITS
}

/// Cells split around a line of values that show centred text.
const CENTRED_SPLITS: usize = 2;

/// How many lines of values stand between the two lines of a cell centred
/// on them: the line above ends with a plain text, the line below holds
/// only a plain text starting at the same column, and the line between,
/// holding a number, leaves that column blank. Top-aligned, a row's own
/// line holds its cells' first lines, so nothing is split around it.
fn split_around_values(lines: &[Vec<Frag>]) -> usize {
    let plain = |f: &Frag| matches!(f.class, Class::Value(Shape::Text | Shape::Short));
    lines
        .windows(3)
        .filter(|w| {
            let (up, mid, down) = (&w[0], &w[1], &w[2]);
            let ([d], Some(u)) = (&down[..], up.last()) else {
                return false;
            };
            up[0].y + 1 == mid[0].y
                && mid[0].y + 1 == d.y
                && plain(u)
                && plain(d)
                && u.tok.at.abs_diff(d.tok.at) <= 1
                && mid
                    .iter()
                    .any(|f| matches!(f.class, Class::Value(Shape::Number)))
                && !mid.iter().any(|f| f.covers(d.tok.at))
        })
        .count()
}

/// Whether cells make a row's own line: two cells, or a label; a line of
/// indicator categories only is not (they are merged over rows), and in
/// centred text (`centred`) a category does not count (it may stand beside
/// a cell's last line).
pub(super) fn is_anchor<'a>(frags: impl Iterator<Item = &'a Frag>, centred: bool) -> bool {
    let (mut n, mut own) = (0, false);
    for f in frags {
        let category = matches!(f.class, Class::Level { .. });
        if !category || !centred {
            n += 1;
        }
        if !category {
            own = true;
            if f.class.is_label() || f.class == Class::Year {
                return true;
            }
        }
    }
    own && n >= 2
}

/// The band's row lines. A line of plain text under cells that filled
/// their column continues them (a wrapped cell), as does, in centred text,
/// a line of such cells over the line that continues them.
pub(super) fn anchors(
    lines: &[Vec<Frag>],
    centred: bool,
    skip: &dyn Fn(&Frag) -> bool,
) -> Vec<usize> {
    let mut widest: Vec<usize> = Vec::new();
    for f in lines.iter().flatten() {
        if widest.len() <= f.col {
            widest.resize(f.col + 1, 0);
        }
        widest[f.col] = widest[f.col].max(f.width);
    }
    let full = |f: &Frag| f.width + 4 >= widest[f.col] && widest[f.col] >= 16;
    // In centred text a category merged over rows may stand beside any
    // line: it makes no line a row's own.
    let plain = |l: &[Frag]| {
        let cells = || {
            l.iter()
                .filter(|f| !(centred && matches!(f.class, Class::Level { .. })))
        };
        cells().next().is_some()
            && cells().all(|f| matches!(f.class, Class::Value(Shape::Text | Shape::Short)))
    };
    // Whether every cell of `l` lies under a cut cell of `above`.
    let under = |l: &[Frag], above: &[Frag]| {
        l.iter()
            .all(|f| above.iter().any(|g| g.col == f.col && full(g)))
    };
    let adjacent = |i: usize, j: usize| lines[i][0].y + 1 == lines[j][0].y;
    // Lines `a` and `a + 2` hold the first and last lines of cells centred on
    // the row line between them: plain text starting where the other does.
    let brackets = |a: usize, b: usize| {
        b < lines.len()
            && adjacent(a, a + 1)
            && adjacent(a + 1, b)
            && plain(&lines[a])
            && plain(&lines[b])
            // (A label heading the band, cut over lines, is no row's cell.)
            && lines[a + 1].iter().any(|f| {
                !skip(f)
                    && !matches!(
                        f.class,
                        Class::Level { .. } | Class::Value(Shape::Text | Shape::Short)
                    )
            })
            && lines[b]
                .iter()
                .all(|f| lines[a].iter().any(|g| g.col == f.col))
            && lines[b].iter().any(|f| {
                lines[a]
                    .iter()
                    .any(|g| g.col == f.col && g.tok.at.abs_diff(f.tok.at) <= 1)
            })
    };
    (0..lines.len())
        .filter(|&i| {
            let l = &lines[i];
            let own = is_anchor(l.iter().filter(|f| !skip(f)), centred);
            if own && !plain(l) {
                return true;
            }
            if !own && (centred || l.len() != 1 || !plain(l)) {
                return false;
            }
            let continues = i > 0 && adjacent(i - 1, i) && under(l, &lines[i - 1]);
            if centred && l.len() >= 2 && (brackets(i, i + 2) || (i >= 2 && brackets(i - 2, i))) {
                return false;
            }
            if !centred && l.len() == 1 {
                // Top-aligned text: a lone line continues a cut cell or a
                // text above it; under a label it is a row of its own (a
                // caption between tables).
                let text_above = i > 0
                    && adjacent(i - 1, i)
                    && lines[i - 1]
                        .iter()
                        .any(|g| g.col == l[0].col && !g.class.is_label());
                return !continues && !text_above;
            }
            let goes_on = centred
                && i + 1 < lines.len()
                && adjacent(i, i + 1)
                && l.iter().all(full)
                && under(&lines[i + 1], l);
            !continues && !goes_on
        })
        .collect()
}

/// Gives each run of lines of one column that stands between row lines to
/// the row it belongs to.
pub(super) fn attach_runs(
    lines: &mut [Vec<Frag>],
    anchors: &[usize],
    centred: bool,
    skip: &dyn Fn(&Frag) -> bool,
) {
    // (column, line index, fragment index) of every loose fragment, and of
    // the anchors' own fragments (to know which anchors fill a column).
    let mut loose: Vec<(usize, usize, usize)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        for (k, f) in l.iter().enumerate() {
            if !skip(f) && !matches!(f.class, Class::Level { .. }) {
                loose.push((f.col, i, k));
            }
        }
    }
    loose.sort_unstable();
    let line_no = |lines: &[Vec<Frag>], i: usize| lines[i][0].y;
    let mut k = 0;
    while k < loose.len() {
        let col = loose[k].0;
        // Lines of this column's cell above each anchor (for centring).
        let mut up: Option<(usize, usize)> = None;
        let mut own_anchor: Option<usize> = None;
        while k < loose.len() && loose[k].0 == col {
            let (_, i, _) = loose[k];
            if anchors.binary_search(&i).is_ok() {
                own_anchor = Some(i);
                k += 1;
                continue;
            }
            // A run: consecutive lines, none of them an anchor.
            let mut end = k;
            while end + 1 < loose.len()
                && loose[end + 1].0 == col
                && anchors.binary_search(&loose[end + 1].1).is_err()
                && line_no(lines, loose[end + 1].1) == line_no(lines, loose[end].1) + 1
            {
                end += 1;
            }
            let (first, last) = (loose[k].1, loose[end].1);
            let a1 = anchors.partition_point(|&a| a < first).checked_sub(1);
            let a2 = Some(anchors.partition_point(|&a| a < last)).filter(|&r| r < anchors.len());
            let len = end - k + 1;
            let (top_n, bot_n) = (line_no(lines, first), line_no(lines, last));
            let take_up = match (a1, a2) {
                (None, None) => len,
                (Some(_), None) => len,
                (None, Some(_)) => 0,
                (Some(r1), Some(r2)) => {
                    let (l1, l2) = (line_no(lines, anchors[r1]), line_no(lines, anchors[r2]));
                    match (top_n == l1 + 1, bot_n + 1 == l2) {
                        (true, false) => len,
                        (false, true) => 0,
                        (false, false) if centred => {
                            if top_n - l1 <= l2 - bot_n {
                                len
                            } else {
                                0
                            }
                        }
                        (false, false) => len,
                        (true, true) if centred => {
                            let above = up.filter(|u| u.0 == r1).map_or(0, |u| u.1);
                            let own = own_anchor == Some(anchors[r1]);
                            if own || above > 0 {
                                above.min(len)
                            } else {
                                0
                            }
                        }
                        (true, true) => len,
                    }
                }
            };
            for (n, &(_, i, f)) in loose[k..=end].iter().enumerate() {
                let r = if n < take_up {
                    a1.unwrap_or(0)
                } else {
                    a2.unwrap_or(0)
                };
                lines[i][f].row = r;
            }
            if let Some(r2) = a2 {
                up = Some((r2, len - take_up.min(len)));
            }
            k = end + 1;
        }
    }
}
