//! Indicator rows of the target forms (申报表, 2020 目标表): level labels,
//! name and target, with no scores to mark where a row ends.

use super::cells::{is_rule, is_table_header, squeeze, Line};
use super::indicators::{join_fragments, split_row, CopyDown, Family};
use super::Sink;
use crate::model::{IndicatorValue, TargetIndicator};

/// Builds rows line by line. Tab-separated lines are one row each;
/// space-separated rows may wrap over several lines, so their tokens wait
/// until a name and a target have been seen.
pub(super) struct TargetRows {
    family: Family,
    labels: CopyDown,
    pending: Vec<(String, usize)>,
    fragment: Option<(String, usize)>,
    /// Whether the table is tab-separated (its header row is): then every
    /// line is one row, and a line without tabs is a lone cell.
    tabbed: bool,
}

impl TargetRows {
    /// Rows of a form using `family`'s taxonomy, below `header`.
    pub(super) fn new(family: Family, header: &Line) -> Self {
        TargetRows {
            family,
            labels: CopyDown::default(),
            pending: Vec::new(),
            fragment: None,
            tabbed: header.tabbed,
        }
    }

    /// Feeds one line of the table; returns a finished row and its line.
    pub(super) fn feed(
        &mut self,
        line: &Line,
        sink: &mut Sink,
    ) -> Option<(usize, TargetIndicator)> {
        if line.is_blank() || is_table_header(line) {
            return None;
        }
        let cells: Vec<String> = line
            .filled()
            .map(|(_, c)| c)
            .filter(|c| !matches!(&*squeeze(c), "绩效指标" | "绩效目标"))
            .map(str::to_string)
            .collect();
        if cells.is_empty() || cells.iter().all(|c| is_rule(c)) {
            return None;
        }
        if !(line.tabbed || self.tabbed) {
            self.pending.extend(cells.into_iter().map(|c| (c, line.no)));
            let tokens = join_fragments(&self.pending, self.family);
            let labels = tokens
                .iter()
                .take_while(|t| self.family.is_label(t))
                .count();
            if tokens.len() - labels < 2 {
                return None;
            }
            let first = self.pending[0].1;
            self.pending.clear();
            return Some((first, self.row(tokens, false)));
        }
        let mut cells = cells;
        if cells.len() < 2 {
            if self.fragment.is_none() && self.family.label_starts_with(&cells[0]) {
                self.fragment = Some((cells.remove(0), line.no));
            } else {
                sink.unplaced(line.no, &cells.join(" "));
            }
            return None;
        }
        if let Some((piece, no)) = self.fragment.take() {
            let joined = format!("{piece}{}", cells[0]);
            if self.family.is_label(&joined) {
                cells[0] = joined;
            } else {
                sink.unplaced(no, &piece);
            }
        }
        Some((line.no, self.row(cells, true)))
    }

    /// Reports what was left over at the end of the table.
    pub(super) fn finish(self, sink: &mut Sink) {
        sink.unplaced_tokens(&self.pending);
        if let Some((piece, no)) = self.fragment {
            sink.unplaced(no, &piece);
        }
    }

    fn row(&mut self, cells: Vec<String>, tabbed: bool) -> TargetIndicator {
        let parts = split_row(cells, 2, self.family, tabbed);
        let (level1, level2) = self.labels.apply(self.family, parts.level1, parts.level2);
        let mut content = parts.content.into_iter();
        let name = content.next();
        let target = content.next();
        TargetIndicator {
            level1,
            level2,
            name,
            target_parsed: target.as_deref().and_then(IndicatorValue::parse),
            target,
        }
    }
}
