//! Text whose columns are aligned with runs of spaces (`pdftotext -layout`,
//! or a table printed with padded columns), made into a grid in one pass.
//!
//! - **Bands.** A line of table headings (一级指标 | 二级指标 …, 年初预算数 |
//!   全年预算数 …, 预期目标 | 实际完成情况) starts a band; its headings are the
//!   band's columns. Each line's cells are put in those columns in order, at
//!   the least distance between cell and heading centres (pdftotext shifts
//!   right-aligned numbers and centred headings apart, so order counts more
//!   than place). Lines before any heading take columns from where their
//!   cells start.
//! - **Rows.** A line with two cells or a label is a row's own line (anchor).
//!   A cell of several lines is printed top-aligned below its row's line, or
//!   centred on it (its first lines above); each run of lines of one column
//!   between two anchors is given to the anchor it touches, split by the
//!   centring when it touches both. A band without anchors is one row (two
//!   texts side by side under 预期目标 | 实际完成情况).
//! - **Merged cells.** Indicator categories (产出指标, 数量指标 …) are merged
//!   over their rows and printed at the middle of them: each goes to the first
//!   row of the run of rows it is centred on (the recognizer copies it down).
//!   A label left of a band's headings (项目资金（万元）, 年度总体目标, cut over
//!   lines and joined first) heads the band's heading row.

use super::classify::{Class, Classifier, Shape};
use super::source::{join_wrapped, Tok};
use crate::read::grid::{Grid, GridPlaces, Value};
use merged::{merge_vertical_labels, place_categories};

/// Cells starting within this many character columns share a column
/// (lines without headings).
const SLACK: usize = 2;

/// Lines below a short label searched for the rest of it.
const LABEL_REACH: usize = 4;

/// One cell of one line.
#[derive(Debug)]
struct Frag {
    tok: Tok,
    /// Last line (a label cut over lines and joined).
    last: usize,
    width: usize,
    class: Class,
    col: usize,
    /// Row within its band (`usize::MAX`: not placed yet).
    row: usize,
}

impl Frag {
    /// Twice the centre (stays an integer).
    fn centre2(&self) -> usize {
        2 * self.tok.at + self.width
    }

    /// Whether a fragment starting at `at` lies under this one.
    fn covers(&self, at: usize) -> bool {
        at + 3 >= self.tok.at && at < self.tok.at + self.width.max(4)
    }
}

/// The grid of one section of aligned text.
pub(crate) fn aligned_grid(words: &Classifier, rows: Vec<Vec<Tok>>, name: &str) -> Grid {
    let mut lines: Vec<Vec<Frag>> = rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .filter(|t| !t.text.is_empty())
                .flat_map(split_values)
                .map(|t| Frag {
                    width: width(&t.text),
                    class: words.class(&t.text),
                    last: t.line,
                    col: 0,
                    row: usize::MAX,
                    tok: t,
                })
                .collect()
        })
        .collect();
    merge_vertical_labels(words, &mut lines);
    lines.retain(|l| !l.is_empty());
    let centred = is_centred(&lines);
    let mut grid = Grid::new(name, GridPlaces::Lines);
    let mut next_row = 0;
    let mut start = 0;
    while start < lines.len() {
        let head = is_heading_line(&lines[start]);
        let from = start + usize::from(head);
        let end = (from..lines.len())
            .find(|&i| is_heading_line(&lines[i]))
            .unwrap_or(lines.len());
        let (before, rest) = lines.split_at_mut(from);
        let heading = head.then(|| &mut before[start]);
        next_row = band(
            heading,
            &mut rest[..end - from],
            centred,
            next_row,
            &mut grid,
        );
        start = end;
    }
    grid
}

/// Two values that pdftotext set one space apart (`=100.00(%) 100.00(%)`)
/// are two cells: a value starts with a digit or a sign and has no space.
fn split_values(t: Tok) -> Vec<Tok> {
    let valued = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_digit() || "=＝≥≤≧≦<>＜＞".contains(c))
            && s.chars().any(|c| c.is_ascii_digit())
    };
    if !t.text.contains(' ') || !t.text.split(' ').all(valued) {
        return vec![t];
    }
    let mut at = t.at;
    t.text
        .split(' ')
        .map(|part| {
            let tok = Tok {
                text: part.to_string(),
                line: t.line,
                at,
            };
            at += width(part) + 1;
            tok
        })
        .collect()
}

/// A line of table headings: two cells or more, all headings or section
/// labels, one of them a table heading.
fn is_heading_line(line: &[Frag]) -> bool {
    let heading = |c: Class| {
        matches!(
            c,
            Class::FundHead(_) | Class::IndHead(..) | Class::FundOnly(_) | Class::Goal
        )
    };
    line.len() >= 2
        && line.iter().any(|f| heading(f.class))
        && line
            .iter()
            .all(|f| heading(f.class) || f.class == Class::Label { field: false })
}

/// Whether cells of several lines are centred on their row (their first
/// line stands above the row's line): some cell's lines end just above a row
/// line without following the row line before.
fn is_centred(lines: &[Vec<Frag>]) -> bool {
    let anchor: Vec<bool> = lines.iter().map(|l| is_anchor(l.iter(), false)).collect();
    let no = |i: usize| lines[i][0].tok.line;
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
    false
}

/// Whether cells make a row's own line: two cells, or a label; a line of
/// indicator categories only is not (they are merged over rows), and in
/// centred text (`centred`) a category does not count (it may stand beside
/// a cell's last line).
fn is_anchor<'a>(frags: impl Iterator<Item = &'a Frag>, centred: bool) -> bool {
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

/// Places one band's cells and adds its rows to the grid from `first_row`;
/// returns the next free row.
fn band(
    heading: Option<&mut Vec<Frag>>,
    lines: &mut [Vec<Frag>],
    centred: bool,
    first_row: usize,
    grid: &mut Grid,
) -> usize {
    let mut head_row: Vec<&Frag> = Vec::new();
    let mut heading = heading;
    let left = match heading.as_deref_mut() {
        Some(h) => heading_columns(h, lines),
        None => {
            starts_columns(lines);
            false
        }
    };
    // Labels left of the headings head the heading row.
    let heads_band = |f: &Frag| {
        left && f.col == 0
            && f.class.is_label()
            && !matches!(f.class, Class::FundRow | Class::Total | Class::Level { .. })
    };
    let anchors = anchors(lines, centred, &heads_band);
    for (r, &a) in anchors.iter().enumerate() {
        for f in lines[a].iter_mut() {
            if !heads_band(f) && !matches!(f.class, Class::Level { .. }) {
                f.row = r;
            }
        }
    }
    attach_runs(lines, &anchors, centred, &heads_band);
    let rows = anchors.len().max(1);
    place_categories(lines, &anchors, rows, centred);
    let r0 = first_row + usize::from(heading.is_some());
    let mut cells: Vec<&Frag> = Vec::new();
    for f in lines.iter().flatten() {
        if heads_band(f) {
            head_row.push(f);
        } else {
            cells.push(f);
        }
    }
    if let Some(h) = heading {
        head_row.extend(h.iter());
        emit(grid, first_row, head_row);
    }
    cells.sort_by_key(|f| f.row.min(rows - 1));
    let mut k = 0;
    while k < cells.len() {
        let r = cells[k].row.min(rows - 1);
        let n = cells[k..]
            .iter()
            .take_while(|f| f.row.min(rows - 1) == r)
            .count();
        emit(grid, r0 + r, cells[k..k + n].to_vec());
        k += n;
    }
    r0 + rows
}

/// The band's row lines. A line of plain text under cells that filled
/// their column continues them (a wrapped cell), as does, in centred text,
/// a line of such cells over the line that continues them.
fn anchors(lines: &[Vec<Frag>], centred: bool, skip: &dyn Fn(&Frag) -> bool) -> Vec<usize> {
    let mut widest: Vec<usize> = Vec::new();
    for f in lines.iter().flatten() {
        if widest.len() <= f.col {
            widest.resize(f.col + 1, 0);
        }
        widest[f.col] = widest[f.col].max(f.width);
    }
    let full = |f: &Frag| f.width + 4 >= widest[f.col] && widest[f.col] >= 16;
    let plain = |l: &[Frag]| {
        l.iter()
            .all(|f| matches!(f.class, Class::Value(Shape::Text | Shape::Short)))
    };
    // Whether every cell of `l` lies under a cut cell of `above`.
    let under = |l: &[Frag], above: &[Frag]| {
        l.iter()
            .all(|f| above.iter().any(|g| g.col == f.col && full(g)))
    };
    let adjacent = |i: usize, j: usize| lines[i][0].tok.line + 1 == lines[j][0].tok.line;
    // Lines `a` and `a + 2` hold the first and last lines of cells centred on
    // the row line between them: plain text starting where the other does.
    let brackets = |a: usize, b: usize| {
        b < lines.len()
            && adjacent(a, a + 1)
            && adjacent(a + 1, b)
            && plain(&lines[a])
            && plain(&lines[b])
            && lines[a + 1].iter().any(|f| {
                !matches!(
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

/// Puts a row's fragments into grid cells: fragments of one column joined
/// in line order.
fn emit(grid: &mut Grid, row: usize, mut frags: Vec<&Frag>) {
    frags.sort_by_key(|f| (f.col, f.tok.line, f.tok.at));
    let mut k = 0;
    while k < frags.len() {
        let col = frags[k].col;
        let n = frags[k..].iter().take_while(|f| f.col == col).count();
        let mut text = frags[k].tok.text.clone();
        for f in &frags[k + 1..k + n] {
            join_wrapped(&mut text, &f.tok.text);
        }
        grid.push(row, col, Value::from_text(text), frags[k].tok.line);
        k += n;
    }
}

/// What a column holds, for fitting cells to it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Row labels left of the headings.
    Labels,
    /// Indicator categories (merged, often blank on a row's line).
    Category,
    /// Indicator names (三级指标): words, not values.
    Name,
    /// Values of any shape (年度指标值, 实际完成值).
    Value,
    /// Amounts, points and scores: numbers or blank marks.
    Number,
    /// Anything, often blank (偏差原因分析及改进措施).
    Loose,
}

impl Kind {
    fn of(class: Class) -> Kind {
        use crate::read::vocab::IndicatorColumn as I;
        match class {
            Class::IndHead(I::Level1 | I::Level2, _) => Kind::Category,
            Class::IndHead(I::Name, _) => Kind::Name,
            Class::IndHead(I::Target | I::Actual | I::Nature | I::Unit, _) => Kind::Value,
            Class::IndHead(I::Weight | I::Score, _) | Class::FundHead(_) => Kind::Number,
            Class::FundOnly(_) => Kind::Number,
            _ => Kind::Loose,
        }
    }

    /// What leaving the column blank on a row's line costs.
    fn blank(self) -> usize {
        match self {
            Kind::Category | Kind::Loose => 0,
            Kind::Labels | Kind::Name => 20,
            Kind::Value => 30,
            Kind::Number => 60,
        }
    }

    /// What a cell of this class in the column costs beyond its distance.
    fn misfit(self, f: &Frag) -> usize {
        let number = matches!(f.class, Class::Value(Shape::Number | Shape::Blank));
        // A target or result: a number, or a sign and a number (≤3.00(人)).
        let valued = number
            || f.tok
                .text
                .starts_with(|c: char| c.is_ascii_digit() || "=＝≥≤≧≦<>＜＞".contains(c));
        let category = matches!(f.class, Class::Level { .. });
        match self {
            Kind::Number if !number => 100,
            Kind::Category | Kind::Labels if number => 100,
            Kind::Name if valued => 80,
            // A bare number is a target less often than points.
            Kind::Value if number => 15,
            Kind::Labels | Kind::Name | Kind::Value | Kind::Number | Kind::Loose if category => 60,
            _ => 0,
        }
    }
}

/// Columns of a band from its heading line: each line's cells go to the
/// headings in order, by meaning and the distance between centres. Returns
/// whether a column left of the headings (row labels) was added as column 0.
fn heading_columns(heading: &mut [Frag], lines: &mut [Vec<Frag>]) -> bool {
    let first = 2 * heading[0].tok.at;
    let left: Vec<usize> = lines
        .iter()
        .flatten()
        .map(Frag::centre2)
        .filter(|&c| c < first)
        .collect();
    let has_left = !left.is_empty();
    let mut cols: Vec<(usize, Kind)> = Vec::with_capacity(heading.len() + 1);
    if has_left {
        cols.push((left.iter().sum::<usize>() / left.len(), Kind::Labels));
    }
    let shift = cols.len();
    for (j, f) in heading.iter_mut().enumerate() {
        f.col = j + shift;
        cols.push((f.centre2(), Kind::of(f.class)));
    }
    let mut cost = Vec::new();
    for line in lines.iter_mut() {
        fit(line, &cols, &[], &mut cost);
    }
    align_wrapped(lines);
    // A category word in a column of names or values (数量, 满意度) is a
    // cell there, not a category merged over rows.
    // So is a heading word alone on a line inside the table (预算执行率, a
    // name's last line), or a field label in a column of values.
    for line in lines.iter_mut() {
        let lone = line.len() == 1;
        for f in line.iter_mut() {
            let kind = cols.get(f.col).map_or(Kind::Loose, |c| c.1);
            let demote = match f.class {
                Class::Level { .. } => kind != Kind::Category,
                Class::Label { field: true } => {
                    lone && matches!(kind, Kind::Value | Kind::Number | Kind::Loose)
                }
                Class::FundHead(_)
                | Class::IndHead(..)
                | Class::FundOnly(_)
                | Class::Goal
                | Class::Label { field: false } => lone && kind != Kind::Labels,
                _ => false,
            };
            if demote {
                f.class = Class::Value(Shape::Text);
            }
        }
    }
    // A cell of two lines centred on a row stands on the lines just above
    // and below the row's line, leaving its column blank there: a cell of
    // that line starting elsewhere is not in that column.
    let mut held = Vec::new();
    for i in 1..lines.len().saturating_sub(1) {
        if lines[i].len() < 2 {
            continue;
        }
        held.clear();
        let no = lines[i][0].tok.line;
        let (up, down) = (&lines[i - 1], &lines[i + 1]);
        if up.len() == 1
            && down.len() == 1
            && up[0].tok.line + 1 == no
            && down[0].tok.line == no + 1
        {
            let (u, d) = (&up[0], &down[0]);
            if u.col == d.col && u.tok.at.abs_diff(d.tok.at) <= 1 {
                held.push((u.col, u.tok.at));
            }
        }
        if !held.is_empty() {
            fit(&mut lines[i], &cols, &held, &mut cost);
        }
    }
    has_left
}

/// A lone line of a cell cut over lines starts where the cell's longer
/// line does (text is left-aligned in its cell): it takes that line's column.
fn align_wrapped(lines: &mut [Vec<Frag>]) {
    for i in 0..lines.len() {
        if lines[i].len() != 1 {
            continue;
        }
        let (at, w, no) = (lines[i][0].tok.at, lines[i][0].width, lines[i][0].tok.line);
        let near = lines[i.saturating_sub(2)..lines.len().min(i + 3)]
            .iter()
            .flatten()
            .filter(|g| g.tok.line.abs_diff(no) <= 2 && g.tok.at.abs_diff(at) <= 1 && g.width > w)
            .max_by_key(|g| g.width)
            .map(|g| g.col);
        if let Some(c) = near {
            lines[i][0].col = c;
        }
    }
}

/// Puts a line's fragments into columns in order, at the least cost: the
/// distance between centres (twice the centre), a cell that does not fit
/// its column's kind, and on a line of several cells the columns left
/// blank. More fragments than columns go to the nearest column with room.
fn fit(
    line: &mut [Frag],
    cols: &[(usize, Kind)],
    held: &[(usize, usize)],
    dp: &mut Vec<(usize, usize)>,
) {
    let (n, m) = (line.len(), cols.len());
    // Numbers on the total's line are points, not values.
    let total = line.iter().any(|f| f.class == Class::Total);
    let cost = |f: &Frag, j: usize| {
        let (c, k) = cols[j];
        let k = if total && k == Kind::Value {
            Kind::Category
        } else {
            k
        };
        let held = held
            .iter()
            .any(|&(hc, at)| hc == j && at.abs_diff(f.tok.at) > 1);
        f.centre2().abs_diff(c) + k.misfit(f) + if held { 80 } else { 0 }
    };
    if n > m {
        let mut next = 0;
        for f in line.iter_mut() {
            let near = (0..m)
                .min_by_key(|&j| f.centre2().abs_diff(cols[j].0))
                .unwrap_or(0);
            f.col = near.max(next);
            next = f.col + 1;
        }
        return;
    }
    if n == 0 {
        return;
    }
    // Blanks count on a row's line only (a lone line is part of a cell).
    let blank = |a: usize, b: usize| -> usize {
        if n < 2 {
            0
        } else {
            cols[a..b].iter().map(|c| c.1.blank()).sum()
        }
    };
    // dp[i * m + j]: (least cost of fragments 0..=i with fragment i in
    // column j, the column of fragment i - 1 in that placing).
    dp.clear();
    dp.resize(n * m, (usize::MAX, 0));
    for i in 0..n {
        for j in i..=m - n + i {
            let here = cost(&line[i], j);
            dp[i * m + j] = if i == 0 {
                (blank(0, j) + here, 0)
            } else {
                (i - 1..j)
                    .filter(|&k| dp[(i - 1) * m + k].0 < usize::MAX)
                    .map(|k| (dp[(i - 1) * m + k].0 + blank(k + 1, j) + here, k))
                    .min()
                    .unwrap_or((usize::MAX, 0))
            };
        }
    }
    let mut j = (n - 1..m)
        .filter(|&j| dp[(n - 1) * m + j].0 < usize::MAX)
        .min_by_key(|&j| dp[(n - 1) * m + j].0 + blank(j + 1, m))
        .unwrap_or(n - 1);
    for i in (0..n).rev() {
        line[i].col = j;
        j = dp[i * m + j].1;
    }
}

/// Columns of lines without headings: where their cells start, merged when
/// closer than [`SLACK`]; two cells of a line never share a column.
fn starts_columns(lines: &mut [Vec<Frag>]) {
    let mut all: Vec<usize> = lines.iter().flatten().map(|f| f.tok.at).collect();
    all.sort_unstable();
    let mut starts: Vec<usize> = Vec::new();
    for at in all {
        if starts.last().is_none_or(|&s| at > s + SLACK) {
            starts.push(at);
        }
    }
    for line in lines.iter_mut() {
        let mut next = 0;
        for f in line.iter_mut() {
            let c = starts
                .iter()
                .rposition(|&s| s <= f.tok.at + SLACK)
                .unwrap_or(0);
            f.col = c.max(next);
            next = f.col + 1;
        }
    }
}

/// Gives each run of lines of one column that stands between row lines to
/// the row it belongs to.
fn attach_runs(
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
    let line_no = |lines: &[Vec<Frag>], i: usize| lines[i][0].tok.line;
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

/// Display width (CJK characters count two).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

mod merged;
#[cfg(test)]
mod tests;
