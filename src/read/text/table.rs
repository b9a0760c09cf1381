//! Rows of the indicator table rebuilt from cells in reading order: the
//! heading row says which columns there are, the cells' shapes and the
//! vocabulary say which column each cell fits; the cheapest split into rows
//! wins (a small dynamic programme over cells × columns).

use super::classify::{Class, Shape};
use crate::read::vocab::IndicatorColumn;

/// How costly it is to leave a column without a cell, by text shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gaps {
    /// Empty cells are shown (one cell per line, pipes): a missing cell is
    /// rare (a merged category shown once, trailing blanks dropped).
    Shown,
    /// Empty cells vanish (everything on one line).
    Vanish,
}

/// One data cell of the table: its class and whether a source line ends
/// after it (a row end there is likelier, when lines mean rows).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    pub class: Class,
    pub line_end: bool,
    /// The text ends in 指标, as category names do (经济效益指标).
    pub category_word: bool,
    /// The text starts with a comparison sign (≥100百分比): a value, never
    /// more words of a name.
    pub signed: bool,
}

const INF: f32 = 1.0e9;
/// The price of one more row.
const ROW: f32 = 1.0;

fn skip_cost(col: IndicatorColumn, gaps: Gaps) -> f32 {
    use IndicatorColumn::*;
    match (gaps, col) {
        (_, Level1 | Level2) => 0.0,
        (Gaps::Shown, Note) => 0.5,
        (Gaps::Shown, _) => 3.0,
        (Gaps::Vanish, Name) => 5.0,
        (Gaps::Vanish, Nature | Unit) => 0.8,
        (Gaps::Vanish, Target | Actual) => 1.0,
        // Every row has its 分值; an unscored form leaves 得分 blank, so a
        // lone number after the target is the weight, not the score.
        (Gaps::Vanish, Weight) => 1.4,
        (Gaps::Vanish, Score) => 1.1,
        (Gaps::Vanish, Note) => 0.1,
    }
}

/// How well a cell fits a column (0 = perfectly, INF = never), given the
/// cells around it.
fn fit(slot: &Slot, prev: Option<&Slot>, next: Option<&Slot>, col: IndicatorColumn) -> f32 {
    let category = |s: &Slot| matches!(s.class, Class::Level { .. });
    use IndicatorColumn::*;
    let level_next = next.is_some_and(|n| matches!(n.class, Class::Level { .. }));
    match (slot.class, col) {
        (Class::Level { one, two, points }, Level1) => {
            if !one {
                INF
            } else if two && !points && !level_next {
                // 成本指标 alone: a level-2 category under the level-1 above.
                0.3
            } else {
                0.0
            }
        }
        (Class::Level { two, one, .. }, Level2) => {
            if two || one {
                0.0
            } else {
                INF
            }
        }
        // A level-2 word as the name right after a level-2 category
        // (服务对象满意度指标 | 服务对象满意度).
        (Class::Level { one: false, .. }, Name)
            if !slot.category_word
                && prev.is_some_and(|p| matches!(p.class, Class::Level { two: true, .. }))
                && !next.is_some_and(category) =>
        {
            1.0
        }
        (Class::Level { .. }, _) => 20.0,
        (Class::Empty, Level1 | Level2) => 0.2,
        (_, Level1 | Level2) => INF,
        (Class::Empty, Name) => 1.5,
        (Class::Empty, Actual | Note) => 0.0,
        (Class::Empty, Weight | Score) => 0.2,
        (Class::Empty, _) => 0.3,
        // A unit follows a number (= 100 %), not a word (有效).
        (Class::Value(Shape::Short), Unit) => {
            if prev.is_some_and(|p| p.class == Class::Value(Shape::Number)) {
                0.0
            } else {
                1.5
            }
        }
        (Class::Value(s), col) => shape_fit(s, col),
        // A label inside the table (a stray heading): only as text.
        (_, Name | Target | Actual | Note) => 2.0,
        _ => 6.0,
    }
}

fn shape_fit(s: Shape, col: IndicatorColumn) -> f32 {
    use IndicatorColumn::*;
    match (col, s) {
        (Name, Shape::Text | Shape::Short) => 0.0,
        (Name, Shape::Number) => 4.0,
        (Name, _) => 5.0,
        (Nature, Shape::Sign) => 0.0,
        (Nature, Shape::Short) => 1.0,
        (Nature, _) => 5.0,
        (Target, Shape::Sign) => 2.0,
        (Target, _) => 0.0,
        (Unit, Shape::Short) => 0.0,
        (Unit, Shape::Blank) => 0.5,
        (Unit, Shape::Number) => 5.0,
        (Unit, _) => 3.0,
        (Actual, _) => 0.0,
        (Weight | Score, Shape::Number | Shape::Blank) => 0.0,
        (Weight | Score, _) => 6.0,
        (Note, Shape::Number) => 2.0,
        (Note, _) => 0.0,
        (Level1 | Level2, _) => INF,
    }
}

/// The price of a second word in one column (None: never; numbers and
/// categories are one cell each).
fn continuation_cost(col: IndicatorColumn, class: Class) -> Option<f32> {
    use IndicatorColumn::*;
    if !matches!(class, Class::Value(Shape::Text | Shape::Short)) {
        return None;
    }
    match col {
        Note => Some(0.3),
        Name | Target | Actual => Some(2.5),
        _ => None,
    }
}

/// Splits `slots` into rows of the table `cols` (`None`: a column whose
/// heading is not known, taking any cell as a note would); each row lists,
/// per slot it holds, (slot index, column index).
pub(crate) fn split_rows(
    slots: &[Slot],
    cols: &[Option<IndicatorColumn>],
    gaps: Gaps,
    lines_are_rows: bool,
) -> Vec<Vec<(usize, usize)>> {
    // A column the vocabulary does not read holds one text (an explanation,
    // a scoring rule), not a run of cells as a note may.
    let unknown: Vec<bool> = cols.iter().map(Option::is_none).collect();
    let cols: Vec<IndicatorColumn> = cols
        .iter()
        .map(|c| c.unwrap_or(IndicatorColumn::Note))
        .collect();
    let (n, w) = (slots.len(), cols.len());
    if n == 0 || w == 0 {
        return Vec::new();
    }
    // One category column (一级指标, the names under 二级指标): every
    // category is a level-1 cell there (数量指标 as written).
    let one_level = !cols.contains(&IndicatorColumn::Level2);
    let slots: Vec<Slot> = slots
        .iter()
        .map(|s| match s.class {
            Class::Level { points, .. } if one_level => Slot {
                class: Class::Level {
                    one: true,
                    two: false,
                    points,
                },
                ..*s
            },
            _ => *s,
        })
        .collect();
    let skip: Vec<f32> = cols.iter().map(|&c| skip_cost(c, gaps)).collect();
    // The cost of leaving columns a..b empty, summed once for every pair.
    let sums: Vec<f32> = (0..=w)
        .flat_map(|a| {
            let skip = &skip;
            (0..=w).map(move |b| if a < b { skip[a..b].iter().sum() } else { 0.0 })
        })
        .collect();
    let skip_sum = |a: usize, b: usize| -> f32 { sums[a * (w + 1) + b] };
    let hint = |i: usize, ends_row: bool| -> f32 {
        if !lines_are_rows || i == 0 {
            return 0.0;
        }
        if slots[i - 1].line_end != ends_row {
            1.5
        } else {
            0.0
        }
    };
    // cost[i][c]: best cost with slots < i read and column c next (c = 0 at
    // a row start); one flat table (at(i, c)), not a vector per slot.
    let stride = w + 1;
    let at = |i: usize, c: usize| i * stride + c;
    let mut cost = vec![INF; (n + 1) * stride];
    // back[i][c] = (previous i, previous c, column used or usize::MAX for a row end).
    let mut back = vec![(0usize, 0usize, 0usize); (n + 1) * stride];
    cost[0] = 0.0;
    // How slot i fits each column (the same whatever column came before).
    let mut fits = vec![INF; w];
    for i in 0..=n {
        // Row ends first, so that (i, 0) is final before cells are placed from it.
        let end_hint = if i < n { hint(i, true) } else { 0.0 };
        let row = &mut cost[at(i, 0)..at(i + 1, 0)];
        for c in 1..=w {
            if row[c] >= INF {
                continue;
            }
            let k = row[c] + skip_sum(c, w) + ROW + end_hint;
            if k < row[0] {
                row[0] = k;
                back[at(i, 0)] = (i, c, usize::MAX);
            }
        }
        if i == n {
            break;
        }
        let prev = i.checked_sub(1).map(|p| &slots[p]);
        for (f, &col) in fits.iter_mut().zip(&cols) {
            *f = fit(&slots[i], prev, slots.get(i + 1), col);
        }
        // This slot's row of the table and the next one, as slices: the
        // inner loop indexes them without recomputing places.
        let (done, rest) = cost.split_at_mut((i + 1) * stride);
        let here = &done[i * stride..];
        let next = &mut rest[..stride];
        let back_next = &mut back[(i + 1) * stride..(i + 2) * stride];
        for c in 0..w {
            let base = here[c];
            if base >= INF {
                continue;
            }
            let inside = if c > 0 { hint(i, false) } else { 0.0 };
            // A text cut into words (all on one line): one more word for the
            // column just filled.
            if c > 0 && gaps == Gaps::Vanish {
                let col = cols[c - 1];
                // A sentence does not continue a number (10088 经费支出…),
                // nor a signed value a name (≥100百分比).
                let after_number = i > 0
                    && slots[i - 1].class == Class::Value(Shape::Number)
                    && slots[i].class == Class::Value(Shape::Text);
                let signed_name = slots[i].signed && col == IndicatorColumn::Name;
                let more = continuation_cost(col, slots[i].class)
                    .filter(|_| !after_number && !signed_name);
                if let Some(extra) = more.map(|x| if unknown[c - 1] { x.max(2.5) } else { x }) {
                    // Fitted only when a second word may come (fit is pure).
                    let f = fit(&slots[i], None, None, col);
                    let k = base + f + extra;
                    if f < INF && k < next[c] {
                        next[c] = k;
                        back_next[c] = (i, c, c - 1);
                    }
                }
            }
            // skip_sum(c, j) for every j.
            let sums_c = &sums[c * stride..(c + 1) * stride];
            let tails = next[c + 1..].iter_mut().zip(&mut back_next[c + 1..]);
            for (((j, &f), &skipped), (to, from)) in
                (c..w).zip(&fits[c..]).zip(&sums_c[c..w]).zip(tails)
            {
                if f >= INF {
                    continue;
                }
                let k = base + skipped + f + inside;
                if k < *to {
                    *to = k;
                    *from = (i, c, j);
                }
            }
        }
    }
    // Walk back from the end.
    let mut rows: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut current: Vec<(usize, usize)> = Vec::new();
    let (mut i, mut c) = (n, 0);
    while i > 0 || c > 0 {
        let (pi, pc, col) = back[at(i, c)];
        if col == usize::MAX {
            if !current.is_empty() {
                current.reverse();
                rows.push(std::mem::take(&mut current));
            }
        } else {
            current.push((pi, col));
        }
        if (pi, pc) == (i, c) {
            break;
        }
        (i, c) = (pi, pc);
    }
    if !current.is_empty() {
        current.reverse();
        rows.push(current);
    }
    rows.reverse();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text::classify::classify;
    use crate::read::vocab::Vocabulary;
    use IndicatorColumn::*;

    fn rows(cells: &[&str], cols: &[IndicatorColumn], gaps: Gaps) -> Vec<Vec<String>> {
        let v = Vocabulary::builtin();
        let slots: Vec<Slot> = cells
            .iter()
            .map(|c| Slot {
                class: classify(v, c),
                line_end: false,
                category_word: c.ends_with("指标"),
                signed: false,
            })
            .collect();
        let cols: Vec<Option<IndicatorColumn>> = cols.iter().copied().map(Some).collect();
        split_rows(&slots, &cols, gaps, false)
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|(i, c)| format!("{:?}={}", cols[c].expect("known"), cells[i]))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn rows_split_where_empty_cells_vanished() {
        let cols = [Level1, Level2, Name, Target, Actual, Weight, Score, Note];
        let cells = "产出指标(50分) 数量指标 项目数量 ≥50个 50 8 8 质量指标 合格率 ≥100% 100 8 8 经费支出合规性 严格执行 达成 8 8 成本指标 项目总成本 ≤90万元 90 8 8 单项业务成本 符合规定 达成 10 10 经济效益指标 满意度指标(10分) 满意度指标 公众满";
        let cells: Vec<&str> = cells.split(' ').collect();
        let got = rows(&cells, &cols, Gaps::Vanish);
        let firsts: Vec<&str> = got.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(
            firsts,
            [
                "Level1=产出指标(50分)",
                "Level2=质量指标",
                "Name=经费支出合规性",
                "Level2=成本指标",
                "Name=单项业务成本",
                "Level2=经济效益指标",
                "Level1=满意度指标(10分)"
            ]
        );
        assert_eq!(
            got[0][3..],
            ["Target=≥50个", "Actual=50", "Weight=8", "Score=8"]
        );
        assert_eq!(
            got[6],
            [
                "Level1=满意度指标(10分)",
                "Level2=满意度指标",
                "Name=公众满"
            ]
        );
    }

    /// An unscored row on one line (完成值 and 得分 blank, so vanished): the
    /// one number after the target is its 分值; with two, 分值 and 得分.
    #[test]
    fn a_lone_number_after_the_target_is_the_weight() {
        let cols = [
            Level1, Level2, Name, Nature, Target, Unit, Actual, Weight, Score, Note,
        ];
        let cells =
            "产出指标 数量指标 覆盖率 = 100 % 60 效益指标 社会效益指标 保障率 = 100 % 30 28";
        let cells: Vec<&str> = cells.split(' ').collect();
        let got = rows(&cells, &cols, Gaps::Vanish);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].last().map(String::as_str), Some("Weight=60"));
        assert_eq!(got[1][got[1].len() - 2..], ["Weight=30", "Score=28"]);
    }

    #[test]
    fn rows_split_where_empty_cells_show() {
        let cols = [
            Level1, Level2, Name, Nature, Target, Unit, Actual, Weight, Score, Note,
        ];
        let cells = [
            "产出指标",
            "数量指标",
            "发放(缴纳)覆盖率",
            "=",
            "100",
            "%",
            "",
            "60",
            "",
            "",
            "效益指标",
            "社会效益指标",
            "足额保障率",
            "=",
            "100",
            "%",
            "",
            "30",
            "",
            "",
        ];
        let got = rows(&cells, &cols, Gaps::Shown);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].len(), 10);
        assert_eq!(got[1][7], "Weight=30");
    }
}
