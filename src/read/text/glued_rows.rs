//! The indicator table of run-together text (shape 6), once its columns are
//! known: what the cutter could not tell without them. A name run together
//! with its explanation is cut where the explanation starts (反映…), an
//! ellipsis standing for rows left out is no cell, and a row whose values
//! are still run together (`20100%` under 分值 | 年度指标值) is cut by what
//! each column holds — only where exactly one cut fits.

use super::classify::{Class, Classifier, Shape};
use super::source::Tok;
use crate::read::vocab::IndicatorColumn as Col;

/// A data cell with its class.
type Cell = (Tok, Class);

/// Cuts names from their explanations (when the column after the names is
/// one the vocabulary does not read, such as 绩效标准 or 指标解释; see
/// [`super::glued::explained`]) and drops ellipsis cells.
pub(crate) fn recut(data: Vec<Cell>, cols: &[Option<Col>], words: &Classifier) -> Vec<Cell> {
    let explained = cols
        .iter()
        .position(|c| *c == Some(Col::Name))
        .is_some_and(|n| cols.get(n + 1) == Some(&None));
    let data = data.into_iter().filter(|c| !is_filler(&c.0.text));
    let mut out: Vec<Cell> = match explained {
        true => super::glued::explained::recut(data.collect(), words),
        false => data.collect(),
    };
    // The 2020 target table: categories, a name and its target, no points.
    let known: Vec<Col> = cols.iter().flatten().copied().collect();
    if known.contains(&Col::Level2) && known.ends_with(&[Col::Name, Col::Target]) {
        out = super::glued::levels::recut(out, words);
    }
    let name = cols.iter().position(|c| *c == Some(Col::Name));
    let target_next =
        name.is_some_and(|n| matches!(cols.get(n + 1), Some(Some(Col::Target | Col::Nature))));
    if target_next {
        out = peel_shared_endings(out, words);
    }
    out
}

/// The most characters a shared ending is looked for in.
const ENDING_MAX: usize = 10;

/// Where a table's name is followed by its target and actual, a text right
/// before the points holds them when they ran together with the name
/// (`对控制基建项目成本影响程度效果明显达成预期指标88`). When three texts or
/// more, half of those looked at at least, end in the same words, those
/// words are a cell of their own: first the actual (达成预期指标), then, in
/// what is left, the target (效果明显). The longest such ending is taken.
/// What is left of a text whose actual came off holds its target: a target
/// that restates a word of the name (`长效管理机制健全性健全`,
/// `技能水平提升情况提升`) is cut there too.
fn peel_shared_endings(mut data: Vec<Cell>, words: &Classifier) -> Vec<Cell> {
    // Words, not values: a text with digits (100.00(%)) is a value.
    let text = |c: &Cell| {
        c.1 == Class::Value(Shape::Text) && !c.0.text.chars().any(|ch| ch.is_ascii_digit())
    };
    let mut looked: Vec<usize> = (0..data.len().saturating_sub(1))
        .filter(|&k| text(&data[k]) && data[k + 1].1 == Class::Value(Shape::Number))
        .collect();
    for round in 0..2 {
        let ending = shared_ending(&data, &looked);
        if ending.is_none() && round == 0 {
            break;
        }
        let mut heads = Vec::new();
        let mut out = Vec::with_capacity(data.len() + looked.len());
        for (k, cell) in data.into_iter().enumerate() {
            let t = cell.0.text.as_str();
            let shared = ending.as_deref().and_then(|e| t.strip_suffix(e));
            let cut = match (looked.contains(&k), shared) {
                (false, _) => None,
                (true, Some(head)) => Some(head.len()),
                (true, None) if round == 1 => restated(t),
                _ => None,
            };
            match cut.filter(|&at| t[..at].chars().count() >= 2) {
                Some(at) => {
                    heads.push(out.len());
                    for part in [&t[..at], &t[at..]] {
                        out.push((Tok::new(part, cell.0.line), words.class(part)));
                    }
                }
                None => out.push(cell),
            }
        }
        data = out;
        looked = heads.into_iter().filter(|&k| text(&data[k])).collect();
    }
    data
}

/// Where a text ends in a word (2 to 4 characters) it holds before: the
/// byte index of that last word (`…健全性健全` → before the last `健全`).
fn restated(text: &str) -> Option<usize> {
    let chars: Vec<char> = text.chars().collect();
    (2..=4usize.min(chars.len() / 2)).rev().find_map(|n| {
        let (head, word) = chars.split_at(chars.len() - n);
        head.windows(n)
            .any(|w| w == word)
            .then(|| head.iter().map(|c| c.len_utf8()).sum())
    })
}

/// The longest ending (2 characters or more) that three of the `looked`
/// texts or more, half of them at least, share, and nearly every text that
/// ends in its last two characters (so 效果明显达成预期指标, shared by three of
/// four rows ending in 达成预期指标, is not the actual: 达成预期指标 is).
fn shared_ending(data: &[Cell], looked: &[usize]) -> Option<String> {
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for &k in looked {
        let chars: Vec<char> = data[k].0.text.chars().collect();
        for len in 2..=ENDING_MAX.min(chars.len().saturating_sub(2)) {
            *counts
                .entry(chars[chars.len() - len..].iter().collect())
                .or_default() += 1;
        }
    }
    let last_two = |e: &str| {
        let chars: Vec<char> = e.chars().collect();
        let two: String = chars[chars.len() - 2..].iter().collect();
        counts.get(&two).copied().unwrap_or(0)
    };
    counts
        .iter()
        .filter(|&(e, &n)| n >= 3 && n * 2 >= looked.len() && n * 5 >= last_two(e) * 4)
        .max_by_key(|&(e, &n)| (e.chars().count(), n, std::cmp::Reverse(e.clone())))
        .map(|(e, _)| e.clone())
}

/// An ellipsis (`……`): rows the form left out, no content.
fn is_filler(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| matches!(c, '…' | '⋯'))
}

/// Cuts the run-together values of each row (`rows`: per row, its cells as
/// (index into `data`, column); `total`: the total row's values). A row is
/// recut when it holds fewer values than the table has value columns (分值,
/// 年度指标值, 实际完成值, 得分), cannot be as read (points that are no points,
/// or in a scored form a weight without its score or the other way round),
/// and exactly one cut of its values fills the columns, or failing that the
/// points and the columns it shows: 分值/得分 a number no more than 100
/// (得分 ≤ 分值), a target or actual a number with at most a sign before and
/// a unit after, target and actual in the same unit (or the actual bare).
pub(crate) fn split_values(
    data: &mut Vec<Cell>,
    rows: &mut [Vec<(usize, usize)>],
    cols: &[Option<Col>],
    total: &[&str],
) {
    let Some(name) = cols.iter().position(|c| *c == Some(Col::Name)) else {
        return;
    };
    let value_cols: Vec<usize> = (name + 1..cols.len())
        .filter(|&c| {
            matches!(
                cols[c],
                Some(Col::Weight | Col::Target | Col::Actual | Col::Score)
            )
        })
        .collect();
    if value_cols.len() < 2 {
        return;
    }
    let has_points = [Col::Weight, Col::Score]
        .iter()
        .all(|k| cols.contains(&Some(*k)));
    // A table that scores its rows shows 分值 and 得分 in some row, or a
    // total score (`total`: the total row's values); one that leaves 得分
    // blank (a form not yet scored) has weights alone.
    let scored = total.len() >= 2
        || total.first().is_some_and(|t| split_total(t).is_some())
        || rows.iter().any(|row| {
            [Col::Weight, Col::Score]
                .iter()
                .all(|k| row.iter().any(|&(_, c)| cols[c] == Some(*k)))
        });
    for row in rows.iter_mut() {
        // Value cells after the name; a note after them stays as read.
        let last_value = value_cols.last().copied().unwrap_or(name);
        let after: Vec<(usize, usize)> = row
            .iter()
            .copied()
            .filter(|&(_, c)| c > name && c <= last_value)
            .collect();
        let values: Vec<(usize, usize)> = after
            .iter()
            .copied()
            .filter(|(_, c)| value_cols.contains(c))
            .collect();
        // Only rows of values: a text in another column keeps the row as read.
        if values.len() != after.len() || values.is_empty() || values.len() >= value_cols.len() {
            continue;
        }
        // Only a row that cannot be as read: points that are no points
        // (20100%, 5088 as 分值), or a weight without its score or a score
        // without its weight (55 as 分值 alone).
        let at = |want: Col| {
            values
                .iter()
                .find(|&&(_, c)| cols[c] == Some(want))
                .map(|&(s, _)| data[s].0.text.as_str())
        };
        let (weight, score) = (at(Col::Weight), at(Col::Score));
        let bad_points = [weight, score]
            .into_iter()
            .flatten()
            .any(|p| !fits(p, Col::Weight));
        let one_sided = has_points && scored && weight.is_some() != score.is_some();
        if !bad_points && !one_sided {
            continue;
        }
        let texts: Vec<&str> = values
            .iter()
            .map(|&(s, _)| data[s].0.text.as_str())
            .collect();
        // All value columns filled; else the target or actual the row does
        // not show left empty (达成指标 55: the points are 5 and 5).
        let shown: Vec<usize> = value_cols
            .iter()
            .copied()
            .filter(|&c| {
                matches!(cols[c], Some(Col::Weight | Col::Score))
                    || values.iter().any(|&(_, vc)| vc == c)
            })
            .collect();
        let attempt = |at: &[usize]| {
            let kinds: Vec<Col> = at.iter().filter_map(|&c| cols[c]).collect();
            unique_cut(&texts, &kinds).map(|p| (p, at.to_vec()))
        };
        let Some((pieces, at)) = attempt(&value_cols).or_else(|| attempt(&shown)) else {
            continue;
        };
        let line = data[values[0].0].0.line;
        let tail: Vec<(usize, usize)> = row
            .iter()
            .copied()
            .filter(|&(_, c)| c > last_value)
            .collect();
        row.retain(|&(_, c)| c <= name);
        for (piece, &c) in pieces.into_iter().zip(&at) {
            let class = if parse_plain(&piece).is_some() {
                Class::Value(Shape::Number)
            } else {
                Class::Value(Shape::Text)
            };
            data.push((Tok::new(piece, line), class));
            row.push((data.len() - 1, c));
        }
        row.extend(tail);
    }
}

/// The total row's run-together weight and score (`总分10096.59`): cut
/// when the number is too big to be the weight and exactly one cut gives a
/// weight and a score no more than 100 each, the score no more than the
/// weight.
pub(crate) fn split_total(text: &str) -> Option<Vec<String>> {
    if fits(text, Col::Weight) {
        return None;
    }
    unique_cut(&[text], &[Col::Weight, Col::Score])
}

/// The one way to cut `texts` (in order, each into one piece or more) into
/// one piece per column of `kinds` that fits them; `None` when there is no
/// such way or more than one.
fn unique_cut(texts: &[&str], kinds: &[Col]) -> Option<Vec<String>> {
    let mut found: Vec<Vec<String>> = Vec::new();
    let mut pieces = Vec::new();
    cuts(texts, kinds, &mut pieces, &mut found);
    (found.len() == 1).then(|| found.remove(0))
}

/// Collects every fitting cut (stops looking after two: one is all we take).
fn cuts(texts: &[&str], kinds: &[Col], pieces: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
    if found.len() > 1 {
        return;
    }
    let Some((first, rest)) = texts.split_first() else {
        if pieces.len() == kinds.len() && consistent(pieces, kinds) {
            found.push(pieces.clone());
        }
        return;
    };
    // The first text's pieces: cut at one place or none, then go on.
    let chars: Vec<char> = first.chars().collect();
    let room = kinds.len().saturating_sub(pieces.len() + rest.len());
    if room == 0 {
        return;
    }
    let kind = kinds[pieces.len()];
    if fits(first, kind) {
        pieces.push(first.to_string());
        cuts(rest, kinds, pieces, found);
        pieces.pop();
    }
    // A value with a sign, unit or percent is cut where it holds more than
    // its column takes (20100%); a plain number only into points (分值 and
    // 得分: 55 is 5 and 5) and an actual after a given target (≥50个 then
    // 5088: 50, 8, 8), never into a target (1010 is no 1|0|1|0).
    let plain = parse_plain(first).is_some();
    let into_target = kinds[pieces.len()..pieces.len() + room].contains(&Col::Target);
    if room < 2 || (plain && into_target) {
        return;
    }
    for at in 1..chars.len() {
        if !cuttable(chars[at - 1], chars[at]) {
            continue;
        }
        let head: String = chars[..at].iter().collect();
        if !fits(&head, kind) {
            continue;
        }
        let tail: String = chars[at..].iter().collect();
        pieces.push(head);
        let mut next = vec![tail.as_str()];
        next.extend_from_slice(rest);
        cuts(&next, kinds, pieces, found);
        pieces.pop();
    }
}

/// Whether a value may end before `b` after `a`: a number (or its unit or
/// percent) ends, a number or a sign begins.
pub(crate) fn cuttable(a: char, b: char) -> bool {
    let sign = |c: char| "≥≤≧≦=＝═><＞＜".contains(c);
    (a.is_ascii_digit() || a == '%' || (!sign(a) && !a.is_ascii() && a != '.'))
        && (b.is_ascii_digit() || sign(b))
}

/// Whether one piece can stand in a column.
fn fits(piece: &str, kind: Col) -> bool {
    match kind {
        Col::Weight | Col::Score => {
            parse_plain(piece).is_some_and(|v| v <= rust_decimal::Decimal::ONE_HUNDRED)
        }
        Col::Target | Col::Actual => split_value(piece).is_some(),
        _ => false,
    }
}

/// A plain number (`12.5`, `0`), no leading zero, no sign, no unit.
pub(crate) fn parse_plain(s: &str) -> Option<rust_decimal::Decimal> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let ok = !int.is_empty()
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.chars().all(|c| c.is_ascii_digit())
        && (int == "0" || !int.starts_with('0'))
        && (!s.contains('.') || !frac.is_empty());
    ok.then(|| s.parse().ok()).flatten()
}

/// A target or actual value: text with no digits, or a sign, a plain number
/// and a unit (`≥266米`, `100%`, `20万元`); gives the unit.
fn split_value(s: &str) -> Option<&str> {
    if !s.chars().any(|c| c.is_ascii_digit()) {
        return Some("");
    }
    let body = s.trim_start_matches(|c: char| "≥≤≧≦=＝═><＞＜".contains(c));
    let end = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let (number, unit) = body.split_at(end);
    (parse_plain(number).is_some() && !unit.chars().any(|c| c.is_ascii_digit())).then_some(unit)
}

/// A cut's pieces agree: 得分 ≤ 分值; target and actual in one unit.
fn consistent(pieces: &[String], kinds: &[Col]) -> bool {
    let of = |k: Col| {
        kinds
            .iter()
            .position(|&x| x == k)
            .map(|i| pieces[i].as_str())
    };
    if let (Some(w), Some(s)) = (of(Col::Weight), of(Col::Score)) {
        if parse_plain(s) > parse_plain(w) {
            return false;
        }
    }
    // An actual may leave out the target's unit (≥50个, 50).
    match (of(Col::Target), of(Col::Actual)) {
        (Some(t), Some(a)) => {
            let unit = split_value(a);
            unit == split_value(t) || (unit == Some("") && parse_plain(a).is_some())
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(texts: &[&str], kinds: &[Col]) -> Option<Vec<String>> {
        unique_cut(texts, kinds)
    }

    #[test]
    fn run_together_values_are_cut_by_their_columns() {
        use Col::*;
        let wtas = [Weight, Target, Actual, Score];
        assert_eq!(
            cut(&["20100%", "100%", "20"], &wtas).unwrap(),
            ["20", "100%", "100%", "20"]
        );
        assert_eq!(
            cut(&["1020万元", "20万元", "10"], &wtas).unwrap(),
            ["10", "20万元", "20万元", "10"]
        );
        // Two readings fit (2|525 and 25|25): none taken.
        assert_eq!(cut(&["2525"], &[Weight, Target]), None);
        // Plain numbers are not cut into targets (1010 is not 1|0|1|0).
        assert_eq!(cut(&["1010", "10"], &wtas), None);
        assert_eq!(
            cut(&["≥50个", "5088"], &[Target, Actual, Weight, Score]).unwrap(),
            ["≥50个", "50", "8", "8"]
        );
        // Target and actual in different units: no cut fits.
        assert_eq!(cut(&["1020万元", "20人", "10"], &wtas), None);
    }
}
