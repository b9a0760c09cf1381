//! Label → value pairs on header lines (`项目名称 X 主管部门 Y`, `项目名称*：X`).

use super::cells::{bracketed, join_wrapped, label_cells, strip_label, Line};
use super::goals::is_block_label;
use super::Sink;

/// A value found after a label on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelValue {
    /// The field key the label maps to.
    pub key: &'static str,
    /// The value text (cells after the label up to the next label, joined).
    pub value: Option<String>,
    /// Cell index of the label.
    pub col: usize,
}

/// Walks a line's cells: a cell starting with a known label opens a field
/// (the rest of the cell, after `*`/colon, starts its value); following
/// cells that are not labels extend it. Cells before any label are
/// returned as unplaced. Labels are tried longest first.
pub fn label_values(
    line: &Line,
    labels: &[(&str, &'static str)],
) -> (Vec<LabelValue>, Vec<String>) {
    let mut found: Vec<LabelValue> = Vec::new();
    let mut unplaced = Vec::new();
    for (col, cell) in label_cells(line) {
        let cell: &str = &cell;
        let bare = cell
            .strip_prefix("其中：")
            .or_else(|| cell.strip_prefix("其中:"))
            .map(str::trim_start)
            .unwrap_or(cell);
        let hit = labels
            .iter()
            .filter_map(|(label, key)| {
                strip_label(bare, label).map(|rest| (label.chars().count(), *key, rest))
            })
            .max_by_key(|(len, _, _)| *len);
        match hit {
            Some((_, key, rest)) => found.push(LabelValue {
                key,
                value: (!rest.is_empty()).then(|| rest.to_string()),
                col,
            }),
            None => match found.last_mut() {
                Some(open) => {
                    let v = open.value.get_or_insert_with(String::new);
                    if !v.is_empty() {
                        v.push(' ');
                    }
                    v.push_str(cell);
                }
                None => unplaced.push(cell.to_string()),
            },
        }
    }
    (found, unplaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: &[(&str, &str)] = &[
        ("项目名称", "name"),
        ("项目类别", "cat"),
        ("计划完成日期", "end"),
    ];

    #[test]
    fn values_between_labels() {
        let line = Line::new(1, "项目名称*：征地养老费用\t\t项目类别*：\t延续性项目");
        let (f, u) = label_values(&line, L);
        assert!(u.is_empty());
        assert_eq!(f[0].value.as_deref(), Some("征地养老费用"));
        assert_eq!(f[1].value.as_deref(), Some("延续性项目"));
        let line = Line::new(1, "x 计划完成日期 2020-12-31");
        let (f, u) = label_values(&line, L);
        assert_eq!(u, ["x"]);
        assert_eq!(f[0].value.as_deref(), Some("2020-12-31"));
    }
}

/// What a header line says about a field: its value after the label, or
/// more text of a value wrapped onto this line (`append`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderItem {
    /// The field key the label maps to.
    pub key: &'static str,
    /// The text read.
    pub value: Option<String>,
    /// Whether the text continues the field's value rather than setting it.
    pub append: bool,
}

impl HeaderItem {
    /// Sets the field, or joins a wrapped piece onto it.
    pub fn apply_to(self, slot: &mut Option<String>) {
        match (self.append, self.value) {
            (true, Some(more)) => join_wrapped(slot.get_or_insert_with(String::new), &more),
            (false, v) => *slot = v,
            (true, None) => {}
        }
    }
}

/// The unit in 项目资金（万元）, which may wrap onto the next line.
pub fn funding_unit(lines: &[Line]) -> Option<String> {
    let pos = lines
        .iter()
        .position(|l| l.squeezed().starts_with("项目资金"))?;
    lines[pos..].iter().take(4).find_map(|l| {
        bracketed(l.text())
            .filter(|u| u.ends_with('元'))
            .map(str::to_string)
    })
}

/// Reads labelled header lines, remembering the last field so that a value
/// wrapped onto the next line (`…服务中` / `心`) is joined, not lost.
#[derive(Debug, Default)]
pub struct HeaderReader {
    last: Option<(usize, &'static str)>,
}

impl HeaderReader {
    /// Items found on `line`; stray text is warned about in `sink`.
    pub fn read(
        &mut self,
        line: &Line,
        labels: &[(&str, &'static str)],
        sink: &mut Sink,
    ) -> Vec<HeaderItem> {
        let (found, unplaced) = label_values(line, labels);
        let stray: Vec<String> = unplaced
            .into_iter()
            .filter(|c| !is_block_label(c) && !c.starts_with(['(', '（']))
            .collect();
        let mut items = Vec::new();
        if !stray.is_empty() {
            match self.last {
                // A wrap continues directly below, in the space-separated style.
                Some((no, key)) if no + 1 == line.no && !line.tabbed => items.push(HeaderItem {
                    key,
                    value: Some(stray.concat()),
                    append: true,
                }),
                _ => sink.unplaced(line.no, &stray.join(" ")),
            }
        }
        self.last = found
            .last()
            .filter(|f| f.value.is_some())
            .map(|f| (line.no, f.key));
        for lv in found {
            sink.place(lv.key, line.no);
            items.push(HeaderItem {
                key: lv.key,
                value: lv.value,
                append: false,
            });
        }
        items
    }
}
