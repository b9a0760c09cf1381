//! Indicator rows: which cells are level labels and which are content, by
//! the indicator taxonomy and the shapes of values; labels carried down
//! from merged cells.

use super::cells::{join_wrapped, squeeze};
use crate::model::taxonomy;

/// Which taxonomy a form uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// 一级/二级指标 of current forms (成本/产出/效益/满意度指标).
    Standard,
    /// 一级/二级目标 of the 2020 target table (only copied down).
    Table2020,
}

impl Family {
    /// Whether a cell is a level label this family knows.
    pub fn is_label(self, cell: &str) -> bool {
        match self {
            Family::Standard => taxonomy::is_level1(cell) || taxonomy::is_level2(cell),
            Family::Table2020 => {
                taxonomy::TABLE_2020_LEVEL1.contains(&cell)
                    || taxonomy::TABLE_2020_LEVEL2.contains(&cell)
            }
        }
    }

    fn is_level1(self, cell: &str) -> bool {
        match self {
            Family::Standard => taxonomy::is_level1(cell),
            Family::Table2020 => taxonomy::TABLE_2020_LEVEL1.contains(&cell),
        }
    }

    /// Whether a known label starts with `prefix` (for joining wrapped labels).
    pub fn label_starts_with(self, prefix: &str) -> bool {
        match self {
            Family::Standard => taxonomy::all_labels().any(|l| l.starts_with(prefix)),
            Family::Table2020 => false,
        }
    }
}

/// Level labels a row shows, and its content cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowParts {
    /// The row's own level-1 label.
    pub level1: Option<String>,
    /// The row's own level-2 label.
    pub level2: Option<String>,
    /// Content cells: name, target[, actual].
    pub content: Vec<String>,
}

/// Splits a row's cells (without the numeric tail) into labels and content.
/// `expected` is the number of content cells the form has (3: name, target,
/// actual; 2: name, target). `tabbed` rows keep whole cells; space-separated
/// rows may carry a wrapped name in several tokens.
pub fn split_row(cells: Vec<String>, expected: usize, family: Family, tabbed: bool) -> RowParts {
    // The 绩效指标 column label of merged section headers is not a level;
    // labels never hold meaningful spaces ("服务对象满意度 指标" is a wrap).
    // Cells are moved, not copied: rows are many.
    let mut cells: Vec<String> = cells
        .into_iter()
        .filter_map(|c| {
            let label = {
                let s = squeeze(&c);
                if matches!(s.as_ref(), "绩效指标" | "绩效目标") {
                    return None;
                }
                family.is_label(&s).then(|| s.into_owned())
            };
            Some(label.unwrap_or(c))
        })
        .collect();
    let known = cells
        .iter()
        .take(cells.len().saturating_sub(1))
        .take_while(|c| family.is_label(c))
        .count();
    let mut content = cells.split_off(known);
    let mut labels = cells;
    if content.len() > expected {
        let extra = content.len() - expected;
        let label_like = |c: &str| c.ends_with("指标") || c.ends_with("目标") || family.is_label(c);
        if tabbed || content[..extra].iter().all(|c| label_like(c)) {
            labels.extend(content.drain(..extra).map(|c| squeeze(&c).into_owned()));
        } else {
            // A name wrapped over several tokens.
            let mut name = String::new();
            for piece in content.drain(..=extra) {
                join_wrapped(&mut name, &piece);
            }
            content.insert(0, name);
        }
    }
    labels.dedup();
    let (level1, level2) = match labels.as_slice() {
        [] => (None, None),
        [one] if family.is_level1(one) => (Some(one.clone()), None),
        [one] => (None, Some(one.clone())),
        [.., a, b] => (Some(a.clone()), Some(b.clone())),
    };
    RowParts {
        level1,
        level2,
        content,
    }
}

/// Carries level labels down from merged cells.
#[derive(Debug, Default)]
pub struct CopyDown {
    level1: Option<String>,
    level2: Option<String>,
}

impl CopyDown {
    /// Applies a row's own labels and returns the labels the row carries.
    /// A row that shows its level-2 label but no level-1 takes the level-2's
    /// standard parent when the copied level-1 is not it (a merged level-1
    /// cell cut by a page break shows its label on one page only).
    pub fn apply(
        &mut self,
        family: Family,
        level1: Option<String>,
        level2: Option<String>,
    ) -> (Option<String>, Option<String>) {
        match (level1, level2) {
            (Some(l1), l2) => {
                self.level1 = Some(l1);
                if l2.is_some() {
                    self.level2 = l2;
                }
            }
            (None, Some(l2)) => {
                if family == Family::Standard {
                    if let Some(parent) = taxonomy::parent_of(&l2) {
                        if self.level1.as_deref() != Some(parent) {
                            self.level1 = Some(parent.to_string());
                        }
                    }
                }
                self.level2 = Some(l2);
            }
            (None, None) => {}
        }
        (self.level1.clone(), self.level2.clone())
    }
}

/// Joins tokens of a space-separated record that one cell wrapped over
/// several lines: labels cut mid-word (`经济成本指` + `标`), brackets left
/// open (`=100.00(百分` + `比)`), and a unit set apart (`≥90.00` `(%)`).
pub fn join_fragments(tokens: &[(String, usize)], family: Family) -> Vec<String> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for (tok, line) in tokens {
        if let Some((cur, cur_line)) = out.last_mut() {
            let wrapped = *line != *cur_line;
            let joined = format!("{cur}{tok}");
            let open = cur.matches(['(', '（']).count() > cur.matches([')', '）']).count();
            let label_wrap = wrapped
                && !family.is_label(cur)
                && (family.label_starts_with(&joined)
                    || (cur.ends_with('指') && tok.starts_with('标')));
            let unit_apart = !wrapped
                && tok.starts_with(['(', '（'])
                && tok.chars().count() <= 6
                && cur.chars().last().is_some_and(|c| c.is_ascii_digit());
            if label_wrap || (wrapped && open) {
                cur.push_str(tok);
                *cur_line = *line;
                continue;
            }
            if unit_apart {
                cur.push(' ');
                cur.push_str(tok);
                continue;
            }
        }
        out.push((tok.clone(), *line));
    }
    out.into_iter().map(|(t, _)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(s: &[&str]) -> Vec<String> {
        s.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn shifted_level2_in_name_column() {
        let p = split_row(
            cells(&["质量指标", "档案资料完备性", "完备", "完备"]),
            3,
            Family::Standard,
            true,
        );
        assert_eq!(p.level2.as_deref(), Some("质量指标"));
        assert_eq!(p.level1, None);
        assert_eq!(p.content, ["档案资料完备性", "完备", "完备"]);
    }

    #[test]
    fn unknown_level1_before_known_level2() {
        let p = split_row(
            cells(&[
                "满意度",
                "服务对象满意度指标",
                "长效管理机制健全性",
                "健全",
                "健全",
            ]),
            3,
            Family::Standard,
            true,
        );
        assert_eq!(p.level1.as_deref(), Some("满意度"));
        assert_eq!(p.level2.as_deref(), Some("服务对象满意度指标"));
    }

    #[test]
    fn repeated_level2_is_one_label() {
        let p = split_row(
            cells(&["时效指标", "时效指标", "工作完成及时性", "及时"]),
            2,
            Family::Standard,
            true,
        );
        assert_eq!((p.level1, p.level2.as_deref()), (None, Some("时效指标")));
    }

    #[test]
    fn name_that_ends_in_zhibiao_is_content() {
        let p = split_row(
            cells(&["上级考核指标", "达标", "达成指标"]),
            3,
            Family::Standard,
            true,
        );
        assert_eq!(p.content.len(), 3);
        assert_eq!(p.level2, None);
    }

    #[test]
    fn parent_switch_only_when_level1_not_shown() {
        let mut c = CopyDown::default();
        let f = Family::Standard;
        assert_eq!(
            c.apply(f, Some("产出指标".into()), Some("数量指标".into()))
                .0
                .as_deref(),
            Some("产出指标")
        );
        assert_eq!(
            c.apply(f, None, Some("经济效益指标".into())).0.as_deref(),
            Some("效益指标")
        );
        assert_eq!(c.apply(f, None, None).1.as_deref(), Some("经济效益指标"));
        let mut c = CopyDown::default();
        c.apply(
            Family::Table2020,
            Some("产出目标".into()),
            Some("数量".into()),
        );
        assert_eq!(
            c.apply(Family::Table2020, None, Some("社会效益".into()))
                .0
                .as_deref(),
            Some("产出目标")
        );
    }

    #[test]
    fn fragments_join_by_meaning() {
        let toks = [
            ("经济成本指", 1),
            ("标", 3),
            ("=100.00(百分", 4),
            ("比)", 6),
            ("≥90.00", 7),
            ("(%)", 7),
        ];
        let toks: Vec<(String, usize)> = toks.iter().map(|(t, l)| (t.to_string(), *l)).collect();
        assert_eq!(
            join_fragments(&toks, Family::Standard),
            ["经济成本指标", "=100.00(百分比)", "≥90.00 (%)"]
        );
        let toks: Vec<(String, usize)> =
            [("服务对象满", 1), ("意度指标", 2), ("征地人员满意度", 4)]
                .iter()
                .map(|(t, l)| (t.to_string(), *l))
                .collect();
        assert_eq!(
            join_fragments(&toks, Family::Standard),
            ["服务对象满意度指标", "征地人员满意度"]
        );
    }
}
