//! Columns of aligned text: a band's cells fitted to its headings by order,
//! kind and place, or, without headings, columns where cells start.

use super::{Frag, SLACK};
use crate::read::text::classify::{Class, Shape};

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

/// One column of a band: twice its centre, what it holds, and where its
/// cells start when they are set flush left (names printed left-aligned).
#[derive(Debug, Clone, Copy)]
struct Col {
    centre2: usize,
    kind: Kind,
    start: Option<usize>,
}

impl Col {
    fn new(centre2: usize, kind: Kind) -> Col {
        Col {
            centre2,
            kind,
            start: None,
        }
    }
}

/// Columns of a band from its heading line: each line's cells go to the
/// headings in order, by meaning and the distance between centres. Returns
/// whether a column left of the headings (row labels) was added as column 0.
pub(super) fn heading_columns(heading: &mut [Frag], lines: &mut [Vec<Frag>]) -> bool {
    let first = 2 * heading[0].tok.at;
    let left: Vec<usize> = lines
        .iter()
        .flatten()
        .map(Frag::centre2)
        .filter(|&c| c < first)
        .collect();
    let has_left = !left.is_empty();
    let mut cols: Vec<Col> = Vec::with_capacity(heading.len() + 1);
    if has_left {
        cols.push(Col::new(
            left.iter().sum::<usize>() / left.len(),
            Kind::Labels,
        ));
    }
    let shift = cols.len();
    for (j, f) in heading.iter_mut().enumerate() {
        f.col = j + shift;
        cols.push(Col::new(f.centre2(), Kind::of(f.class)));
    }
    let mut cost = Vec::new();
    for line in lines.iter_mut() {
        fit(line, &cols, &[], &mut cost);
    }
    if learn_centres(lines, &mut cols) {
        for line in lines.iter_mut() {
            fit(line, &cols, &[], &mut cost);
        }
    }
    super::funding::place_squeezed_rows(heading, lines);
    align_wrapped(lines);
    pair_brackets(lines);
    // A category word in a column of names or values (数量, 满意度) is a
    // cell there, not a category merged over rows.
    // So is a heading word alone on a line inside the table (预算执行率, a
    // name's last line), or a field label in a column of values.
    for line in lines.iter_mut() {
        let lone = line.len() == 1;
        for f in line.iter_mut() {
            let kind = cols.get(f.col).map_or(Kind::Loose, |c| c.kind);
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
    // that line starting elsewhere is not in that column. Lines of several
    // such cells hold each column they share (pdftotext may set a cell's
    // two lines a few places apart there).
    let plain = |f: &Frag| matches!(f.class, Class::Value(Shape::Text | Shape::Short));
    let mut held = Vec::new();
    for i in 1..lines.len().saturating_sub(1) {
        if lines[i].len() < 2 {
            continue;
        }
        held.clear();
        let no = lines[i][0].y;
        let (up, down) = (&lines[i - 1], &lines[i + 1]);
        if up[0].y + 1 != no || down[0].y != no + 1 {
            continue;
        }
        let several = up.len() >= 2 && up.len() == down.len();
        for u in up.iter().filter(|f| plain(f)) {
            for d in down.iter().filter(|f| plain(f) && f.col == u.col) {
                let lone = up.len() == 1 && down.len() == 1;
                if (lone && u.tok.at.abs_diff(d.tok.at) <= 1) || several {
                    held.push((u.col, u.tok.at));
                    held.push((d.col, d.tok.at));
                }
            }
        }
        if !held.is_empty() {
            fit(&mut lines[i], &cols, &held, &mut cost);
        }
    }
    has_left
}

/// Rows' own lines whose cells tell where a column's cells stand.
const LEARN_CELLS: usize = 3;

/// Moves each column's centre to where its cells stand on lines of several
/// cells (the median of their centres), when enough of them show it: a
/// heading is centred over its column while the cells below may be
/// left-aligned (names) or set apart, and a lone line of a cell (a
/// target's first line above its row) is then told by where the column's
/// cells are, not by its heading. Returns whether a centre moved.
fn learn_centres(lines: &[Vec<Frag>], cols: &mut [Col]) -> bool {
    let mut moved = false;
    let mut seen: Vec<usize> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    for (j, col) in cols.iter_mut().enumerate() {
        seen.clear();
        starts.clear();
        let cells = lines
            .iter()
            .filter(|l| l.len() >= 3)
            .flatten()
            .filter(|f| f.col == j && !matches!(f.class, Class::Level { .. }));
        for f in cells {
            seen.push(f.centre2());
            starts.push(f.tok.at);
        }
        if seen.len() < LEARN_CELLS {
            continue;
        }
        if col.kind == Kind::Name {
            let start = flush_left(&mut starts);
            moved |= start != col.start;
            col.start = start;
        }
        seen.sort_unstable();
        let mid = seen[seen.len() / 2];
        moved |= mid != col.centre2;
        col.centre2 = mid;
    }
    moved
}

/// The column where most of a column's cells start, when at least
/// [`LEARN_CELLS`] and half of them start there (set flush left).
fn flush_left(starts: &mut [usize]) -> Option<usize> {
    starts.sort_unstable();
    let (mut best, mut most) = (None, 0);
    for run in starts.chunk_by(|a, b| a == b) {
        if run.len() > most {
            (best, most) = (Some(run[0]), run.len());
        }
    }
    best.filter(|_| most >= LEARN_CELLS && 2 * most >= starts.len())
}

/// The first and last lines of cells centred on a row's line (the lines
/// just above and below a line of values, as many plain cells each, the
/// first starting at the same place) stand in the same columns: each pair
/// takes the column of its wider line (pdftotext may set a short last line
/// anywhere under its cell).
fn pair_brackets(lines: &mut [Vec<Frag>]) {
    let plain = |l: &[Frag]| {
        l.iter()
            .all(|f| matches!(f.class, Class::Value(Shape::Text | Shape::Short)))
    };
    for a in 0..lines.len().saturating_sub(2) {
        let b = a + 2;
        let (up, mid, down) = (&lines[a], &lines[a + 1], &lines[b]);
        let no = mid[0].y;
        let bracket = up[0].y + 1 == no
            && down[0].y == no + 1
            && up.len() >= 2
            && up.len() == down.len()
            && up[0].tok.at.abs_diff(down[0].tok.at) <= 1
            && plain(up)
            && plain(down)
            && mid
                .iter()
                .any(|f| matches!(f.class, Class::Value(Shape::Number | Shape::Blank)));
        if !bracket {
            continue;
        }
        for k in 0..lines[a].len() {
            let (u, d) = (&lines[a][k], &lines[b][k]);
            let col = if u.width >= d.width { u.col } else { d.col };
            lines[a][k].col = col;
            lines[b][k].col = col;
        }
    }
}

/// A line of a cell cut over lines starts where the cell's longer line
/// does (text is left-aligned in its cell): it takes that line's column,
/// if no other cell of its line holds it (a goal's last line beside the
/// other goal's, left of where the headings start).
fn align_wrapped(lines: &mut [Vec<Frag>]) {
    for i in 0..lines.len() {
        for k in 0..lines[i].len() {
            let f = &lines[i][k];
            let lone = lines[i].len() == 1;
            if !lone && !matches!(f.class, Class::Value(Shape::Text)) {
                continue;
            }
            let (at, w, no) = (f.tok.at, f.width, f.y);
            let near = lines[i.saturating_sub(2)..lines.len().min(i + 3)]
                .iter()
                .flatten()
                .filter(|g| g.y.abs_diff(no) <= 2 && g.tok.at.abs_diff(at) <= 1 && g.width > w)
                .filter(|g| lone || matches!(g.class, Class::Value(Shape::Text)))
                .max_by_key(|g| g.width)
                .map(|g| g.col);
            let Some(c) = near else { continue };
            if lone
                || !lines[i]
                    .iter()
                    .enumerate()
                    .any(|(j, g)| j != k && g.col == c)
            {
                lines[i][k].col = c;
            }
        }
    }
}

/// Puts a line's fragments into columns in order, at the least cost: the
/// distance between centres (twice the centre), a cell that does not fit
/// its column's kind, and on a line of several cells the columns left
/// blank. More fragments than columns go to the nearest column with room.
fn fit(line: &mut [Frag], cols: &[Col], held: &[(usize, usize)], dp: &mut Vec<(usize, usize)>) {
    let (n, m) = (line.len(), cols.len());
    // Numbers on the total's line are points, not values.
    let total = line.iter().any(|f| f.class == Class::Total);
    let cost = |f: &Frag, j: usize| {
        let Col {
            centre2: c,
            kind: k,
            start,
        } = cols[j];
        let k = if total && k == Kind::Value {
            Kind::Category
        } else {
            k
        };
        // A held column takes only a cell standing where its lines do.
        let held = held.iter().any(|h| h.0 == j)
            && !held
                .iter()
                .any(|&(hc, at)| hc == j && at.abs_diff(f.tok.at) <= 1);
        // A category word (服务对象满意度) starting where the names set
        // flush left start is a name.
        let named = k == Kind::Name && start == Some(f.tok.at);
        let misfit = if named { 0 } else { k.misfit(f) };
        f.centre2().abs_diff(c) + misfit + if held { 80 } else { 0 }
    };
    if n > m {
        let mut next = 0;
        for f in line.iter_mut() {
            let near = (0..m)
                .min_by_key(|&j| f.centre2().abs_diff(cols[j].centre2))
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
            cols[a..b].iter().map(|c| c.kind.blank()).sum()
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
pub(super) fn starts_columns(lines: &mut [Vec<Frag>]) {
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
