//! Cells merged over rows or cut over lines in aligned text: indicator
//! categories printed at the middle of the rows they span, and short labels
//! cut over lines (项目资金 / （万元）).

use super::{Frag, LABEL_REACH};
use crate::read::text::classify::{Class, Classifier, Shape};
use crate::read::text::source::{Metric, Tok};

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
            s.0 = s.0.min(f.y);
            s.1 = s.1.max(f.last);
        }
    }
    for r in 0..rows {
        if span[r].0 == usize::MAX {
            let l = if r > 0 { span[r - 1].1 } else { 0 };
            span[r] = (l, l);
        }
    }
    // The total row (总分) and the rows after it (评分等级) are no
    // category's rows.
    let table = lines
        .iter()
        .flatten()
        .filter(|f| f.class == Class::Total && f.row < rows)
        .map(|f| f.row)
        .min()
        .filter(|&r| r > 0)
        .unwrap_or(rows);
    let span = &span[..table];
    let mut cats: Vec<(usize, usize, usize)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        for (k, f) in l.iter().enumerate() {
            if matches!(f.class, Class::Level { .. }) {
                cats.push((f.col, i, k));
            }
        }
    }
    cats.sort_unstable();
    // Each column's categories split its rows. Cells merged over rows are
    // printed at their middle (centred) or on their first row (top-aligned):
    // both readings are tried and the one that fits better kept.
    let own = |i: usize| anchors.binary_search(&i).ok();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < cats.len() {
        let n = cats[k..].iter().take_while(|x| x.0 == cats[k].0).count();
        groups.push((k, n));
        k += n;
    }
    // Right to left: a category of level 1 spans whole categories of level
    // 2, so its runs start where the runs of the column right of it do. A
    // print sets all its merged cells one way: both readings are made for
    // every column and the one that fits better as a whole kept.
    let marks: Vec<Vec<Mark>> = groups
        .iter()
        .map(|&(k, n)| {
            cats[k..k + n]
                .iter()
                .map(|&(_, i, j)| {
                    let f = &lines[i][j];
                    let mid2 = f.y + f.last;
                    // Printed above the first row or below the last: the
                    // visible part of a cell cut by a page break.
                    let inside = mid2 >= 2 * span[0].0 && mid2 <= 2 * span[table - 1].1;
                    Mark {
                        mid2: inside.then_some(mid2),
                        own: own(i),
                    }
                })
                .collect()
        })
        .collect();
    let read = |top: bool| {
        let mut inner: Vec<usize> = Vec::new();
        let mut total = 0usize;
        let mut firsts: Vec<Vec<usize>> = vec![Vec::new(); marks.len()];
        for g in (0..marks.len()).rev() {
            let (cost, f) = partition(span, &marks[g], &inner, top);
            total = total.saturating_add(cost);
            inner = if marks[g].len() >= 2 {
                f.clone()
            } else {
                Vec::new()
            };
            firsts[g] = f;
        }
        (total, firsts)
    };
    let (c_cost, c_firsts) = read(false);
    let (t_cost, t_firsts) = read(true);
    // Text that shows centred cells elsewhere leans to centred.
    let lean = if centred { LEAN } else { 0 };
    let top = t_cost.saturating_add(lean) < c_cost || (t_cost == c_cost && !centred);
    let firsts = if top { t_firsts } else { c_firsts };
    for (&(k, n), f) in groups.iter().zip(firsts) {
        for (&(_, i, j), first) in cats[k..k + n].iter().zip(f) {
            lines[i][j].row = first;
        }
    }
}

/// How much better the top-aligned reading of a column's categories must
/// fit to be taken in text that shows centred cells.
const LEAN: usize = 4;

/// Where a category stands: twice its middle line (`None`: cut by a page
/// break, anywhere) and the row whose own line it is on.
struct Mark {
    mid2: Option<usize>,
    own: Option<usize>,
}

/// Splits rows (first and last lines) into one run per category, in order,
/// each centred on its category, or (`top`) starting on the row its
/// category stands on; rows before the first run keep the category above
/// them, rows after the last need none. Returns the cost and each run's
/// first row.
fn partition(
    span: &[(usize, usize)],
    marks: &[Mark],
    inner: &[usize],
    top: bool,
) -> (usize, Vec<usize>) {
    let (rows, k) = (span.len(), marks.len());
    // A row before the first run (its category stood on the page before)
    // costs as much as half a line off centre: the centring decides.
    const UNCOVERED: usize = 1;
    const MISPLACED: usize = 1000;
    // A level-1 run cutting a level-2 run: four lines off centre.
    const CUTS_INNER: usize = 8;
    let cost = |c: usize, s: usize, e: usize| match (top, marks[c].own) {
        (true, Some(o)) if o == s => 0,
        (true, Some(_)) => MISPLACED,
        _ => marks[c]
            .mid2
            .map_or(0, |m| (span[s].0 + span[e].1).abs_diff(m)),
    };
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
                // A run starting inside a run of the column to the right.
                let cut = if s > 0 && !inner.is_empty() && !inner.contains(&s) {
                    CUTS_INNER
                } else {
                    0
                };
                let total = before + cost(c, s, e) + cut;
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
        return (usize::MAX, firsts);
    };
    let total = best[k - 1][e].0;
    for c in (0..k).rev() {
        let s = best[c][e].1;
        firsts[c] = s;
        e = s.saturating_sub(1);
    }
    (total, firsts)
}

/// Joins a label cut over lines (项目资金 / （万元）; 年度 / 总体 / 目标) into
/// one cell on its first line. Such a label heads its rows: its pieces are
/// the first cells of their lines (only those are tried, which keeps this
/// cheap).
pub(super) fn merge_vertical_labels(words: &Classifier, lines: &mut [Vec<Frag>], metric: Metric) {
    let short = |f: &Frag| f.tok.text.chars().count() <= 6;
    for i in 0..lines.len() {
        let Some(f) = lines[i].first() else { continue };
        if !short(f) || matches!(f.class, Class::Value(Shape::Number | Shape::Blank)) {
            continue;
        }
        let was_value = matches!(f.class, Class::Value(_) | Class::Empty);
        let mut text = f.tok.text.clone();
        let mut taken: Vec<usize> = Vec::new();
        let mut joined = None;
        let below = lines.len().min(i + 1 + LABEL_REACH);
        for (k, line) in lines.iter().enumerate().take(below).skip(i + 1) {
            let Some(g) = line
                .first()
                .filter(|g| short(g) && (f.covers(g.tok.at) || g.covers(f.tok.at)))
            else {
                continue;
            };
            // A label takes only its bracketed unit: 项目资金 / （万元）.
            let bracket = g.tok.text.starts_with(['(', '（']);
            if !was_value && !bracket {
                break;
            }
            text.push_str(&g.tok.text);
            taken.push(k);
            let class = words.class(&text);
            if class.is_label() {
                joined = Some((class, g.y));
                break;
            }
            if taken.len() >= 3 {
                break;
            }
        }
        // A label joined from its words takes its bracketed unit from the
        // line below too (项目 / 资金 / (元)).
        let unit = joined.and_then(|_| {
            let from = taken.last()? + 1;
            // The first line with a cell under the label's first word.
            let (d, g) = lines[from..below.max(from)]
                .iter()
                .enumerate()
                .find_map(|(d, l)| {
                    let g = l.first()?;
                    (f.covers(g.tok.at) || g.covers(f.tok.at)).then_some((d, g))
                })?;
            let unit = g.tok.text.starts_with(['(', '（']) && short(g);
            unit.then_some((from + d, g))
        });
        if let Some((k, g)) = unit {
            let with_unit = format!("{text}{}", g.tok.text);
            let class = words.class(&with_unit);
            if class.is_label() && !text.ends_with([')', '）']) {
                text = with_unit;
                taken.push(k);
                joined = Some((class, g.y));
            }
        }
        if let Some((class, last)) = joined {
            for &k in &taken {
                lines[k].remove(0);
            }
            let f = &mut lines[i][0];
            f.width = metric.text_width(&text);
            f.tok.text = text;
            f.class = class;
            f.last = last;
        }
    }
}

/// Joins an indicator category cut over lines anywhere on its lines
/// (`服务对象满意` / `度指标` beside the lines of a name, `满意度指` / `标`):
/// pieces standing over one another, none a category or number of its own,
/// that join into a category of the taxonomy are that category, on its
/// first line. Joining only into a known category keeps names cut over
/// lines (受补贴人员满意 / 度) apart. The first piece may be run together
/// with the name beside it, one space apart (`可持续影响指 长效管理机制健全`
/// / `标`): the name is then a cell of its own.
pub(super) fn join_cut_categories(words: &Classifier, lines: &mut [Vec<Frag>], metric: Metric) {
    // The first piece may be a category alias of its own (服务对象满意度 /
    // 指标); the pieces below it may not.
    let piece = |f: &Frag| {
        matches!(
            f.class,
            Class::Value(Shape::Text | Shape::Short) | Class::Level { .. }
        )
    };
    for i in 0..lines.len() {
        let mut k = 0;
        while k < lines[i].len() {
            if piece(&lines[i][k]) && join_category_below(words, lines, i, k, metric) {
                continue;
            }
            k += 1;
        }
    }
}

/// Whether a piece of a cut category may be this text.
fn short_piece(text: &str) -> bool {
    text.chars().count() <= 8
}

/// Joins the pieces below cell `k` of line `i` (or below its part before a
/// single space) into it when they make a category (at most three pieces,
/// on the next lines); whether they did.
fn join_category_below(
    words: &Classifier,
    lines: &mut [Vec<Frag>],
    i: usize,
    k: usize,
    metric: Metric,
) -> bool {
    let f = &lines[i][k];
    let head = f
        .tok
        .text
        .split_once(' ')
        .map_or(&f.tok.text[..], |(a, _)| a);
    if !short_piece(head) {
        return false;
    }
    let mut text = head.to_string();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut at = (f.tok.at, metric.text_width(head));
    let below = lines.len().min(i + 1 + LABEL_REACH);
    for (n, line) in lines.iter().enumerate().take(below).skip(i + 1) {
        let under = |g: &Frag| at.0 < g.tok.at + g.width && g.tok.at < at.0 + at.1;
        let Some(j) = line.iter().position(under) else {
            continue;
        };
        let g = &line[j];
        if !short_piece(&g.tok.text) || !matches!(g.class, Class::Value(Shape::Text | Shape::Short))
        {
            return false;
        }
        text.push_str(&g.tok.text);
        taken.push((n, j));
        at = (g.tok.at, g.width);
        if let class @ Class::Level { .. } = words.class(&text) {
            let last = g.y;
            for &(n, j) in taken.iter().rev() {
                lines[n].remove(j);
            }
            let f = &mut lines[i][k];
            let head_len = f
                .tok
                .text
                .split_once(' ')
                .map_or(f.tok.text.len(), |(a, _)| a.len());
            let rest = f.tok.text[head_len..].trim_start().to_string();
            let rest_at = f.tok.at + metric.text_width(&f.tok.text[..head_len]) + 1;
            let y = f.y;
            f.width = metric.text_width(&text);
            f.tok.text = text;
            f.class = class;
            f.last = last;
            if !rest.is_empty() {
                let name = Frag {
                    width: metric.text_width(&rest),
                    class: words.class(&rest),
                    y,
                    last: y,
                    col: 0,
                    row: usize::MAX,
                    tok: Tok {
                        text: rest,
                        line: f.tok.line,
                        at: rest_at,
                        class: None,
                    },
                };
                lines[i].insert(k + 1, name);
            }
            return true;
        }
        if taken.len() >= 2 {
            return false;
        }
    }
    false
}
