//! Cells merged over rows or cut over lines in aligned text: indicator
//! categories printed at the middle of the rows they span, and short labels
//! cut over lines (项目资金 / （万元）).

use super::{width, Frag, LABEL_REACH};
use crate::read::text::classify::{Class, Classifier};

/// Puts each indicator category in the first row of the run of rows it is
/// centred on (a category merged over rows is printed at their middle). A
/// category on a row's own line starts its run at that row.
pub(super) fn place_categories(
    lines: &mut [Vec<Frag>],
    anchors: &[usize],
    rows: usize,
    centred: bool,
) {
    // Each row's first and last line.
    let mut span = vec![(usize::MAX, 0usize); rows];
    for f in lines.iter().flatten() {
        if f.row < rows {
            let s = &mut span[f.row];
            s.0 = s.0.min(f.tok.line);
            s.1 = s.1.max(f.last);
        }
    }
    for r in 0..rows {
        if span[r].0 == usize::MAX {
            let l = if r > 0 { span[r - 1].1 } else { 0 };
            span[r] = (l, l);
        }
    }
    let mut cats: Vec<(usize, usize, usize)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        for (k, f) in l.iter().enumerate() {
            if matches!(f.class, Class::Level { .. }) {
                cats.push((f.col, i, k));
            }
        }
    }
    cats.sort_unstable();
    if centred {
        let mut k = 0;
        while k < cats.len() {
            let n = cats[k..].iter().take_while(|x| x.0 == cats[k].0).count();
            let group = &cats[k..k + n];
            let mids: Vec<Option<usize>> = group
                .iter()
                .map(|&(_, i, j)| {
                    let f = &lines[i][j];
                    let mid2 = f.tok.line + f.last;
                    // Printed above the first row or below the last: the
                    // visible part of a cell cut by a page break.
                    let inside = mid2 >= 2 * span[0].0 && mid2 <= 2 * span[rows - 1].1;
                    inside.then_some(mid2)
                })
                .collect();
            for (&(_, i, j), first) in group.iter().zip(partition(&span, &mids)) {
                lines[i][j].row = first;
            }
            k += n;
        }
        return;
    }
    // Top-aligned text: a category on a row's line starts there; one
    // between rows goes to the run of rows it is centred on.
    let own = |i: usize| anchors.binary_search(&i).ok();
    let near = |line: usize| span.iter().position(|s| s.1 >= line).unwrap_or(rows - 1);
    let mut free = 0;
    for (n, &(c, i, k)) in cats.iter().enumerate() {
        if n == 0 || cats[n - 1].0 != c {
            free = 0;
        }
        let f = &lines[i][k];
        let mid2 = f.tok.line + f.last;
        let next = cats.get(n + 1).filter(|x| x.0 == c);
        let bound = |first: usize| match next {
            Some(&(_, ni, nk)) => near(lines[ni][nk].tok.line).saturating_sub(1).max(first),
            None => rows - 1,
        };
        let first = own(i).unwrap_or(free.min(rows - 1));
        let end = (first..=bound(first))
            .rev()
            .min_by_key(|&j| (span[first].0 + span[j].1).abs_diff(mid2))
            .unwrap_or(first);
        lines[i][k].row = first;
        free = end + 1;
    }
}

/// Splits rows (first and last lines) into one run per category, in order,
/// each centred on its category (twice the middle line; `None`: anywhere);
/// rows before the first run keep the category above them, rows after the
/// last need none. Returns each run's first row.
fn partition(span: &[(usize, usize)], mids: &[Option<usize>]) -> Vec<usize> {
    let (rows, k) = (span.len(), mids.len());
    const UNCOVERED: usize = 3;
    let cost =
        |c: usize, s: usize, e: usize| mids[c].map_or(0, |m| (span[s].0 + span[e].1).abs_diff(m));
    // best[c][e]: (least cost with runs 0..=c placed and run c ending at
    // row e, where run c starts).
    let mut best = vec![vec![(usize::MAX, 0usize); rows]; k];
    for c in 0..k {
        for e in c..rows {
            let mut b = (usize::MAX, 0);
            for s in c..=e {
                let before = if c == 0 {
                    UNCOVERED * s
                } else if s == 0 {
                    continue;
                } else {
                    best[c - 1][s - 1].0
                };
                if before == usize::MAX {
                    continue;
                }
                let total = before + cost(c, s, e);
                if total < b.0 {
                    b = (total, s);
                }
            }
            best[c][e] = b;
        }
    }
    let mut firsts = vec![0; k];
    // Rows after the last run (总分, 评分等级) need no category.
    let last = (0..rows)
        .filter(|&e| k > 0 && best[k - 1][e].0 < usize::MAX)
        .min_by_key(|&e| best[k - 1][e].0);
    let Some(mut e) = last else {
        return firsts;
    };
    for c in (0..k).rev() {
        let s = best[c][e].1;
        firsts[c] = s;
        e = s.saturating_sub(1);
    }
    firsts
}

/// Joins a label cut over lines (项目资金 / （万元）; 年度 / 总体 / 目标) into
/// one cell on its first line.
pub(super) fn merge_vertical_labels(words: &Classifier, lines: &mut [Vec<Frag>]) {
    for i in 0..lines.len() {
        for j in 0..lines[i].len() {
            let f = &lines[i][j];
            if f.tok.text.chars().count() > 6 {
                continue;
            }
            let was_value = matches!(f.class, Class::Value(_) | Class::Empty);
            let mut text = f.tok.text.clone();
            let mut taken: Vec<(usize, usize)> = Vec::new();
            let mut joined = None;
            let below = lines.len().min(i + 1 + LABEL_REACH);
            for (k, line) in lines.iter().enumerate().take(below).skip(i + 1) {
                let Some(p) = line.iter().position(|g| {
                    g.tok.text.chars().count() <= 6 && (f.covers(g.tok.at) || g.covers(f.tok.at))
                }) else {
                    continue;
                };
                text.push_str(&line[p].tok.text);
                taken.push((k, p));
                let class = words.class(&text);
                let gain =
                    class.is_label() && (was_value || line[p].tok.text.starts_with(['(', '（']));
                if gain {
                    joined = Some((class, line[p].tok.line));
                    break;
                }
                if taken.len() >= 3 {
                    break;
                }
            }
            if let Some((class, last)) = joined {
                for &(k, p) in taken.iter().rev() {
                    lines[k].remove(p);
                }
                let f = &mut lines[i][j];
                f.width = width(&text);
                f.tok.text = text;
                f.class = class;
                f.last = last;
            }
        }
    }
}
