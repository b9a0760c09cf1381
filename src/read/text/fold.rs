//! Aligned text as `pdftotext -layout` prints a table: a cell of several
//! lines is centred on its row, so its first line stands above the row's
//! line and its last below; a merged label (项目资金 / （万元）, 年度 / 总体 /
//! 目标) is cut over lines between rows. The lines are folded back into one
//! line per row, in reading order, for the row rebuild.

use super::classify::{Class, Classifier};
use super::source::Tok;

/// Lines a continuation may stand below the line it continues.
const REACH: usize = 4;

/// A cell of aligned text: its text, first line and place on the line.
#[derive(Debug, Clone)]
struct Frag {
    tok: Tok,
    width: usize,
}

impl Frag {
    /// Whether a fragment starting at `at` lies under this one.
    fn covers(&self, at: usize) -> bool {
        at + 3 >= self.tok.at && at < self.tok.at + self.width.max(4)
    }
}

/// Folds aligned lines into cells in reading order.
pub(crate) fn fold(words: &Classifier, rows: Vec<Vec<Tok>>) -> Vec<Tok> {
    let mut lines: Vec<Vec<Frag>> = rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|t| Frag {
                    width: width(&t.text),
                    tok: t,
                })
                .collect()
        })
        .collect();
    merge_vertical_labels(words, &mut lines);
    let is_label = |f: &Frag| !matches!(words.class(&f.tok.text), Class::Value(_) | Class::Empty);
    // A line is a row's own line when it holds a label or two cells.
    let mut anchor: Vec<bool> = lines
        .iter()
        .map(|l| l.len() >= 2 || l.iter().any(is_label))
        .collect();
    for i in 0..lines.len() {
        if anchor[i] || lines[i].is_empty() {
            continue;
        }
        let frags = std::mem::take(&mut lines[i]);
        let mut stay = Vec::new();
        for f in frags {
            // The top line of a cell centred on the next line.
            let below = i + 1;
            if below < lines.len()
                && anchor[below]
                && !lines[below]
                    .iter()
                    .any(|g| g.covers(f.tok.at) || f.covers(g.tok.at))
            {
                let pos = lines[below].partition_point(|g| g.tok.at < f.tok.at);
                lines[below].insert(pos, f);
                continue;
            }
            // A continuation of a cell above.
            let above = (i.saturating_sub(REACH)..i)
                .rev()
                .filter(|&k| anchor[k])
                .find_map(|k| {
                    // Labels are not continued.
                    lines[k]
                        .iter()
                        .position(|g| g.covers(f.tok.at) && !is_label(g))
                        .map(|p| (k, p))
                });
            match above {
                Some((k, p)) => {
                    let g = &mut lines[k][p];
                    g.tok.text.push_str(&f.tok.text);
                    g.width = g.width.max(f.width);
                }
                None => stay.push(f),
            }
        }
        if !stay.is_empty() {
            lines[i] = stay;
            anchor[i] = true;
        }
    }
    // A merged label standing after a line of headings heads that line:
    // 年度总体目标 before 预期目标 | 实际完成情况.
    let mut order: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_empty()).collect();
    for k in 1..order.len() {
        let (prev, here) = (order[k - 1], order[k]);
        let lone_label = lines[here].len() == 1 && is_label(&lines[here][0]);
        let headings = lines[prev].len() >= 2 && lines[prev].iter().all(is_label);
        let left = lines[here][0].tok.at < lines[prev][0].tok.at;
        if lone_label && headings && left {
            order.swap(k - 1, k);
        }
    }
    order
        .into_iter()
        .flat_map(|i| std::mem::take(&mut lines[i]))
        .map(|f| f.tok)
        .collect()
}

/// Joins a label cut over lines (项目资金 / （万元）; 年度 / 总体 / 目标) into
/// one cell on its first line.
fn merge_vertical_labels(words: &Classifier, lines: &mut [Vec<Frag>]) {
    for i in 0..lines.len() {
        let mut j = 0;
        while j < lines[i].len() {
            let f = lines[i][j].clone();
            if f.tok.text.chars().count() <= 6 {
                let mut text = f.tok.text.clone();
                let mut taken: Vec<(usize, usize)> = Vec::new();
                let mut joined = None;
                for (k, line) in lines.iter().enumerate().take(i + 5).skip(i + 1) {
                    let Some(p) = line.iter().position(|g| {
                        g.tok.text.chars().count() <= 6
                            && (f.covers(g.tok.at) || g.covers(f.tok.at))
                    }) else {
                        continue;
                    };
                    text.push_str(&line[p].tok.text);
                    taken.push((k, p));
                    let class = words.class(&text);
                    let was = words.class(&f.tok.text);
                    let gain = !matches!(class, Class::Value(_) | Class::Empty)
                        && (matches!(was, Class::Value(_) | Class::Empty)
                            || line[p].tok.text.starts_with(['(', '（']));
                    if gain {
                        joined = Some((text.clone(), taken.clone()));
                        break;
                    }
                    if taken.len() >= 3 {
                        break;
                    }
                }
                if let Some((text, taken)) = joined {
                    for (k, p) in taken.into_iter().rev() {
                        lines[k].remove(p);
                    }
                    lines[i][j].tok.text = text;
                }
            }
            j += 1;
        }
    }
}

/// Display width (CJK characters count two).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::super::source::aligned_cells;
    use super::*;
    use crate::read::vocab::Vocabulary;

    #[test]
    fn centred_cells_fold_into_their_rows() {
        let pad = |n: usize| " ".repeat(n);
        let text = [
            format!(
                "一级指标{}二级指标{}三级指标{}分值{}得分",
                pad(3),
                pad(3),
                pad(26),
                pad(4)
            ),
            format!(
                "成本指标{}经济成本{}不超项目预算{}10.00{}10.00",
                pad(3),
                pad(3),
                pad(22),
                pad(2)
            ),
            format!("{}征地安置人员资金返还", pad(24)),
            format!("{}数量指标{}10.00{}10.00", pad(12), pad(38), pad(2)),
            format!("{}完成情况", pad(24)),
        ]
        .join("\n");
        let rows: Vec<Vec<Tok>> = text
            .lines()
            .enumerate()
            .map(|(i, l)| aligned_cells(l, i + 1))
            .collect();
        let words = Classifier::new(Vocabulary::builtin().clone());
        let got: Vec<String> = fold(&words, rows).into_iter().map(|t| t.text).collect();
        assert!(
            got.contains(&"征地安置人员资金返还完成情况".to_string()),
            "{got:?}"
        );
        let at = got.iter().position(|t| t == "数量指标").unwrap();
        assert_eq!(got[at + 1], "征地安置人员资金返还完成情况");
    }
}
