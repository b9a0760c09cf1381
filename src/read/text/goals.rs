//! Goal texts: which text is which column (预期目标 | 实际完成情况, or
//! 项目总目标 | 年度总体目标), and where paragraphs break.

use super::cells::{clean_text, display_width, join_wrapped, squeeze, Line};

/// Texts of a two-column goal block, left and right.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct GoalTexts {
    /// Left column (预期目标 / 项目总目标).
    pub left: Option<String>,
    /// Right column (实际完成情况 / 年度总体目标).
    pub right: Option<String>,
}

/// Whether a cell is a piece of a goal block's row label (年度 总体 目标 …).
pub fn is_block_label(cell: &str) -> bool {
    let s = squeeze(cell);
    !s.is_empty()
        && ["年度总体目标", "项目绩效目标", "项目资金"]
            .iter()
            .any(|l| l.contains(&*s))
}

/// Reads a goal block. `header` is the line holding the column labels (its
/// cell positions place tab-separated texts); `left_label`/`right_label`
/// find them. Space-separated text, where the two columns follow one
/// another, is split at the first paragraph that ends on a short line
/// followed by a blank line (where the extraction moved to the next column).
pub fn read_goals(
    header: Option<&Line>,
    lines: &[&Line],
    left_label: &str,
    right_label: &str,
) -> GoalTexts {
    let tabbed = lines.iter().any(|l| l.tabbed) || header.is_some_and(|h| h.tabbed);
    if tabbed {
        by_columns(header, lines, left_label, right_label)
    } else {
        by_paragraphs(lines)
    }
}

fn by_columns(
    header: Option<&Line>,
    lines: &[&Line],
    left_label: &str,
    right_label: &str,
) -> GoalTexts {
    let col_of = |label: &str| {
        header.and_then(|h| {
            h.filled()
                .find(|(_, c)| squeeze(c).contains(label))
                .map(|(i, _)| i)
        })
    };
    let (lc, rc) = (col_of(left_label), col_of(right_label));
    let mut left = String::new();
    let mut right = String::new();
    for line in lines {
        let cells: Vec<(usize, &str)> = line.filled().filter(|(_, c)| !is_block_label(c)).collect();
        for (k, (i, cell)) in cells.iter().enumerate() {
            let go_right = match (lc, rc) {
                (Some(l), Some(r)) => i.abs_diff(r) <= i.abs_diff(l),
                (None, Some(r)) => *i >= r,
                (Some(l), None) => *i > l,
                (None, None) => k > 0 || cells.len() == 1 && !left.is_empty(),
            };
            join_wrapped(if go_right { &mut right } else { &mut left }, cell);
        }
    }
    GoalTexts {
        left: clean_text(&left),
        right: clean_text(&right),
    }
}

fn by_paragraphs(lines: &[&Line]) -> GoalTexts {
    let texts: Vec<&str> = lines.iter().map(|l| l.text()).collect();
    paragraphs(&texts)
}

/// The two texts of a goal block of space-separated lines (blank lines
/// included), the left column's paragraphs first: a line well short of the
/// widest ends its paragraph, and the first paragraph end followed by a
/// blank line is where the extraction moved to the right column.
pub(super) fn paragraphs(lines: &[&str]) -> GoalTexts {
    let widest = lines
        .iter()
        .map(|l| display_width(l.trim()))
        .max()
        .unwrap_or(0);
    // A line well short of the widest ends its paragraph.
    let short = |l: &str| display_width(l.trim()) + 4 < widest;
    let blank = |l: &str| l.trim().is_empty();
    let mut paras: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut split: Option<usize> = None;
    let text_lines: Vec<(usize, &str)> = lines
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, l)| !blank(l))
        .collect();
    for (k, &(i, line)) in text_lines.iter().enumerate() {
        join_wrapped(&mut current, line.trim());
        let last = k + 1 == text_lines.len();
        if short(line) || last {
            paras.push(std::mem::take(&mut current));
            let blank_next = lines.get(i + 1).is_some_and(|l| blank(l));
            if split.is_none() && blank_next && !last {
                split = Some(paras.len());
            }
        }
    }
    let split = split.unwrap_or(if paras.len() >= 2 {
        paras.len() - 1
    } else {
        paras.len()
    });
    // Paragraph markup may stand in space-separated text too.
    let join = |p: &[String]| clean_text(&p.join("\n"));
    GoalTexts {
        left: join(&paras[..split]),
        right: join(&paras[split..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        Line::numbered(text)
    }

    #[test]
    fn columns_split_after_short_line_and_blank() {
        let owned = lines("一二三四五六七八九十一二三四五六七八九十\n完。\n\n甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸\n\n毕。");
        let ls: Vec<&Line> = owned.iter().collect();
        let g = read_goals(None, &ls, "预期目标", "实际完成情况");
        assert_eq!(
            g.left.as_deref(),
            Some("一二三四五六七八九十一二三四五六七八九十完。")
        );
        assert_eq!(
            g.right.as_deref(),
            Some("甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸毕。")
        );
    }

    #[test]
    fn tab_cells_go_to_the_nearest_column() {
        let header = Line::new(1, "年度 总体 目标\t预期目标\t\t\t实际完成情况");
        let owned = lines("\t<p>甲</p><p>乙</p>\t\t\t丙");
        let ls: Vec<&Line> = owned.iter().collect();
        let g = read_goals(Some(&header), &ls, "预期目标", "实际完成情况");
        assert_eq!(g.left.as_deref(), Some("甲\n乙"));
        assert_eq!(g.right.as_deref(), Some("丙"));
    }
}
