//! The indicator table: columns from its heading row(s) through the
//! vocabulary, data rows aligned to them, split targets joined, and the
//! 中期 / 年度 halves of a central-level declaration told apart.

use super::ctx::Ctx;
use super::sheet::Pos;
use crate::read::vocab::{IndicatorColumn as Col, TableHalf};
use crate::read::FieldPath;

/// An indicator table's columns, found from its heading.
#[derive(Debug, Clone)]
pub(super) struct Table {
    /// The heading's first row.
    pub(super) header: Pos,
    /// The last heading row (two rows when 年度指标值 splits in three).
    header_end: usize,
    /// Column kind → grid column.
    pub(super) columns: Vec<(Col, usize)>,
    /// One past the last column.
    width: usize,
}

impl Table {
    pub(super) fn col(&self, kind: Col) -> Option<usize> {
        self.columns
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|&(_, c)| c)
    }

    /// Splits a table whose heading repeats its columns (中期 | 年度 side by
    /// side) into its left and right halves; the level-1 column is shared.
    pub(super) fn halves(&self) -> Option<(Table, Table)> {
        let second = |k: Col| {
            let mut cols = self.columns.iter().filter(|(c, _)| *c == k);
            cols.nth(1).map(|&(_, c)| c)
        };
        let split = [Col::Level2, Col::Name, Col::Target]
            .into_iter()
            .filter_map(second)
            .min()?;
        let pick = |left: bool| Table {
            columns: self
                .columns
                .iter()
                .filter(|&&(k, c)| (c < split) == left || (k == Col::Level1 && c < split))
                .copied()
                .collect(),
            ..self.clone()
        };
        Some((pick(true), pick(false)))
    }
}

/// One indicator row as read, before labels are copied down.
#[derive(Debug, Default)]
pub(super) struct RawIndicator {
    pub(super) level1: Option<String>,
    pub(super) level2: Option<String>,
    pub(super) name: Option<String>,
    pub(super) target: Option<String>,
    pub(super) actual: Option<String>,
    pub(super) weight: Option<rust_decimal::Decimal>,
    pub(super) score: Option<rust_decimal::Decimal>,
    pub(super) note: Option<String>,
}

/// A data row: logical column → grid position.
pub(super) type RowView = Vec<(usize, Pos)>;

impl Ctx<'_> {
    /// The indicator table's heading: the first row, after `from`, with two
    /// indicator columns or more, one of them a level or name column.
    pub(super) fn indicator_table(&mut self, from: usize) -> Option<Table> {
        let (row, mut columns) = (from.max(self.rows.start)..self.rows.end).find_map(|r| {
            let cols = self.heading_columns(r);
            let levels = cols
                .iter()
                .any(|(k, _)| matches!(k, Col::Level1 | Col::Level2 | Col::Name));
            (levels && cols.len() >= 2).then_some((r, cols))
        })?;
        let own: Vec<Pos> = self
            .sheet
            .row_cells(row)
            .iter()
            .copied()
            .filter(|&p| self.sheet.owner(p) == p && !self.sheet.value(p).is_empty())
            .collect();
        let first = columns.iter().map(|&(_, c)| c).min().unwrap_or(0);
        let mut header_end = columns
            .iter()
            .map(|&(_, c)| self.sheet.span_end((row, c)).0)
            .max()
            .unwrap_or(row);
        if self.sheet.spans_known {
            // A second heading row under merged cells refines their columns.
            for r in row + 1..=header_end {
                for (k, c) in self.heading_columns(r) {
                    columns.retain(|&(_, cc)| cc != c);
                    columns.push((k, c));
                }
            }
        } else if let Some(sub) = self.split_target_row(row + 1) {
            // 年度指标值 over 指标性质 | 指标值 | 度量单位, without merge
            // information: the three take the place of the one.
            if let Some(t) = columns.iter().position(|&(k, _)| k == Col::Target) {
                let at = columns[t].1;
                let extra = sub.len() - 1;
                columns.remove(t);
                for (k, c) in &mut columns {
                    let _ = k;
                    if *c > at {
                        *c += extra;
                    }
                }
                columns.extend(sub.into_iter().enumerate().map(|(i, k)| (k, at + i)));
                header_end = row + 1;
            }
        }
        columns.sort_by_key(|&(_, c)| c);
        for &p in &own {
            if p.1 > first && self.sheet.meaning(p).indicator_column.is_none() {
                let text = self.sheet.value(p).text();
                self.warn(p, format!("指标表表头 “{text}” 不是已知的列，这一列未读"));
            }
        }
        // Layouts with two levels only: the last level column names the row.
        if !columns.iter().any(|(k, _)| *k == Col::Name) {
            if let Some(l2) = columns.iter_mut().find(|(k, _)| *k == Col::Level2) {
                l2.0 = Col::Name;
            }
        }
        let width = columns
            .iter()
            .map(|&(_, c)| self.sheet.span_end((row, c)).1 + 1)
            .max()
            .unwrap_or(0);
        Some(Table {
            header: (row, first),
            header_end,
            columns,
            width,
        })
    }

    /// A declaration's 中期 (长期) and 年度 tables one below the other, each
    /// under its heading (长期绩效指标 …, 年度绩效指标 …): both tables and
    /// what the first one is.
    pub(super) fn stacked_tables(&mut self, first: Table) -> Option<(Table, Table, TableHalf)> {
        let half = self.table_half_at(first.header.0)?;
        let second = self.indicator_table(first.header_end + 1)?;
        let other = self.table_half_at(second.header.0)?;
        (other != half).then_some((first, second, half))
    }

    /// The table half a heading names, on a table's heading row or the row
    /// above it.
    fn table_half_at(&self, row: usize) -> Option<TableHalf> {
        let rows = row.saturating_sub(1).max(self.rows.start)..=row;
        rows.flat_map(|r| self.sheet.row_cells(r).iter().copied())
            .filter(|&p| self.sheet.owner(p) == p && self.sheet.meaning(p).heading)
            .find_map(|p| self.vocab.table_half(self.sheet.label(p)))
    }

    /// Indicator columns of a row's own cells.
    fn heading_columns(&self, r: usize) -> Vec<(Col, usize)> {
        self.sheet
            .row_cells(r)
            .iter()
            .copied()
            .filter(|&p| self.sheet.owner(p) == p)
            .filter_map(|p| self.sheet.meaning(p).indicator_column.map(|k| (k, p.1)))
            .collect()
    }

    /// A row holding only 指标性质 / 指标值 / 度量单位 headings.
    fn split_target_row(&self, r: usize) -> Option<Vec<Col>> {
        if r >= self.rows.end {
            return None;
        }
        let cells: Vec<Pos> = self
            .sheet
            .row_cells(r)
            .iter()
            .copied()
            .filter(|&p| !self.sheet.value(p).is_empty())
            .collect();
        let kinds: Vec<Col> = cells
            .iter()
            .map(|&p| self.sheet.meaning(p).indicator_column)
            .collect::<Option<_>>()?;
        let only_split = kinds
            .iter()
            .all(|k| matches!(k, Col::Nature | Col::Target | Col::Unit));
        (only_split && kinds.len() >= 2).then_some(kinds)
    }

    /// The table's data rows (grid row and view), and the 总分 / 合计 row.
    pub(super) fn indicator_rows(
        &mut self,
        table: &Table,
    ) -> (Vec<(usize, RowView)>, Option<usize>) {
        let mut rows = Vec::new();
        let mut level1: Option<String> = None;
        // One buffer for every row's own cells.
        let mut own: Vec<Pos> = Vec::new();
        for r in table.header_end + 1..self.rows.end {
            own.clear();
            own.extend(
                self.sheet
                    .row_cells(r)
                    .iter()
                    .copied()
                    .filter(|&p| self.sheet.owner(p).0 == r && !self.sheet.value(p).is_empty()),
            );
            let Some(&first) = own.first() else { continue };
            let label = self.sheet.label(first);
            let meaning = self.sheet.meaning(first);
            match meaning.field {
                Some("total" | "grade") => return (rows, Some(r)),
                Some(_) => break,
                None => {}
            }
            if meaning.indicator_column == Some(Col::Level1)
                || meaning.title.is_some()
                || (meaning.heading && own.len() == 1)
                || (own.len() == 1 && is_running_header(label))
            {
                continue; // a heading repeated after a page break, or a section heading
            }
            let view = match self.sheet.spans_known {
                true => table.columns.iter().map(|&(_, c)| (c, (r, c))).collect(),
                false => self.align(table, &own, &mut level1),
            };
            let beyond: Vec<Pos> = match self.sheet.spans_known {
                true => own.iter().copied().filter(|p| p.1 >= table.width).collect(),
                false => view
                    .iter()
                    .filter(|&&(c, _)| c >= table.width)
                    .map(|&(_, p)| p)
                    .collect(),
            };
            if let Some(&p) = beyond.first() {
                self.warn(
                    p,
                    format!("这一行比指标表表头多出 {} 格，多出的内容未读", beyond.len()),
                );
            }
            rows.push((r, view));
        }
        self.warn_if_cut_off(table, rows.last());
        (rows, None)
    }

    /// A text that ends inside the indicator table's last row (a cut-off
    /// extraction) is reported at that row.
    fn warn_if_cut_off(&mut self, table: &Table, last: Option<&(usize, RowView)>) {
        let Some((r, view)) = last else { return };
        let last_content = (0..self.sheet.height())
            .rev()
            .find(|&row| (0..self.sheet.width()).any(|c| !self.sheet.value((row, c)).is_empty()));
        let needed = table.col(Col::Weight).or(table.col(Col::Target));
        let reached = view
            .iter()
            .filter(|&&(_, p)| p.0 != usize::MAX && !self.sheet.value(p).is_empty())
            .map(|&(c, _)| c)
            .max();
        if self.sheet.spans_known || last_content != Some(*r) || reached >= needed {
            return;
        }
        let at = view
            .iter()
            .rev()
            .find(|&&(_, p)| p.0 != usize::MAX)
            .map_or((*r, 0), |&(_, p)| p);
        self.warn(
            at,
            "指标表在这一行中断（文字被截断？）：这一行缺的格子留空".to_string(),
        );
    }

    /// Places the cells of a row that lost the cells of its merged labels
    /// (text shapes): the first cells are put in the level-1, level-2 or
    /// name column their meaning says, the rest follow in order.
    fn align(&self, table: &Table, own: &[Pos], level1: &mut Option<String>) -> RowView {
        let (l1, l2) = (table.col(Col::Level1), table.col(Col::Level2));
        let content = table
            .columns
            .iter()
            .filter(|(k, _)| !matches!(k, Col::Level1 | Col::Level2))
            .map(|&(_, c)| c)
            .min()
            .unwrap_or(0);
        let mut shift = 0;
        let mut classifying = true;
        // The row's cells, then the table's columns the row lacks (empty).
        let mut out: RowView = Vec::with_capacity(own.len() + table.columns.len());
        for &p in own {
            let mut c = p.1 + shift;
            if classifying && c < content.max(1) {
                let text = self.sheet.label(p);
                let meaning = self.sheet.meaning(p);
                let is1 = meaning.level1.then(|| self.vocab.level1(text)).flatten();
                let is2 = meaning.level2.then(|| self.vocab.level2(text)).flatten();
                let parent = is2.as_ref().and_then(|_| self.vocab.parent_of(text));
                let under_current = parent.is_some() && parent == level1.as_deref();
                // A word in the level-1 column right before a level-2
                // category (`满意度` `服务对象满意度指标`): a level-1 category
                // in a spelling the vocabulary does not know.
                let unknown1 = is1.is_none()
                    && is2.is_none()
                    && l1 == Some(c)
                    && l2.is_some()
                    && own
                        .get(out.len() + 1)
                        .is_some_and(|&n| self.sheet.meaning(n).level2);
                let want = match (is1.is_some() && !under_current, is2.is_some()) {
                    (true, _) if l1.is_some() => l1,
                    (_, true) if l2.is_some() => l2,
                    (_, true) | (true, _) => l1.or(l2),
                    _ if unknown1 => l1,
                    _ => None,
                };
                if unknown1 {
                    *level1 = Some(text.to_string());
                }
                if is1.is_some() && want == l1 {
                    *level1 = is1;
                }
                let want = want.unwrap_or_else(|| {
                    classifying = false;
                    content
                });
                if want > c {
                    shift += want - c;
                    c = want;
                }
            } else {
                classifying = false;
            }
            out.push((c, p));
        }
        // Every column of the table gets a view; cells the row lacks are
        // empty. (A row's cells have distinct columns, none an empty one's,
        // so the stable sort gives the order of empties-then-cells sorted.)
        let cells = out.len();
        for &(_, c) in &table.columns {
            if !out[..cells].iter().any(|&(oc, _)| oc == c) {
                out.push((c, (usize::MAX, usize::MAX)));
            }
        }
        out.sort_by_key(|&(c, _)| c);
        out
    }

    /// Reads one data row (indicator `i`) through the table's columns.
    pub(super) fn read_indicator(
        &mut self,
        i: usize,
        table: &Table,
        view: &RowView,
    ) -> RawIndicator {
        let mut row = RawIndicator::default();
        let field = &FieldPath::Row(i, "");
        let (mut nature, mut target, mut unit) = (None, None, None);
        for &(kind, col) in &table.columns {
            let Some(&(_, pos)) = view.iter().find(|&&(c, _)| c == col) else {
                continue;
            };
            if pos.0 == usize::MAX {
                continue;
            }
            let meaning = || self.sheet.meaning(self.sheet.owner(pos));
            match kind {
                Col::Level1 => {
                    let level1 = meaning().level1;
                    row.level1 = self.text_at(field, pos).map(|t| match level1 {
                        true => self.vocab.level1(&t).unwrap_or(t),
                        false => t,
                    })
                }
                Col::Level2 => {
                    let level2 = meaning().level2;
                    row.level2 = self.text_at(field, pos).map(|t| match level2 {
                        true => self.vocab.level2(&t).unwrap_or(t),
                        false => t,
                    })
                }
                Col::Name => row.name = self.text_at(field, pos).map(without_placeholder),
                Col::Nature => nature = self.text_at(field, pos),
                Col::Target => target = self.text_at(field, pos),
                Col::Unit => unit = self.text_at(field, pos),
                Col::Actual => row.actual = self.text_at(&FieldPath::Row(i, ".actual"), pos),
                Col::Weight => row.weight = self.number_at(&FieldPath::Row(i, ".weight"), pos),
                Col::Score => row.score = self.number_at(&FieldPath::Row(i, ".score"), pos),
                Col::Note => {
                    // A blank note is what a lost-marks finding points at.
                    let note = FieldPath::Row(i, ".note");
                    if pos.0 < self.sheet.height() {
                        let sheet = self.sheet;
                        self.places.set_with(&note, || sheet.place(pos));
                    }
                    row.note = self.text_at(&note, pos);
                }
            }
        }
        row.target = join_target(nature, target, unit);
        row
    }

    /// Whether a row shows anything besides level labels.
    pub(super) fn has_content(&self, r: usize, table: &Table, view: &RowView) -> bool {
        table
            .columns
            .iter()
            .filter(|(k, _)| !matches!(k, Col::Level1 | Col::Level2))
            .filter_map(|&(_, c)| view.iter().find(|&&(vc, _)| vc == c))
            .any(|&(_, p)| {
                p.0 != usize::MAX
                    && self.sheet.owner(p).0 == r
                    && !self.sheet.value(p).is_empty()
                    && !is_filler(self.sheet.label(p))
            })
    }
}

/// A page's running header on a continued form (`养老事业类（续）`): no row.
pub(super) fn is_running_header(label: &str) -> bool {
    label.ends_with("(续)")
}

/// An ellipsis standing for rows the form left out (`……`), or a
/// template's numbered placeholder left unfilled (`指标2`): no content.
fn is_filler(text: &str) -> bool {
    let ellipsis = !text.is_empty()
        && text
            .chars()
            .all(|c| matches!(c, '…' | '.' | '。' | '·' | '⋯'));
    ellipsis || placeholder_len(text) == Some(text.len())
}

/// The length of a template's numbering at the start of a name (`指标1`,
/// `指标2：`), when there is one.
fn placeholder_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("指标")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let after = &rest[digits..];
    let sep = after
        .chars()
        .next()
        .filter(|c| matches!(c, ':' | '：' | '、' | '.' | ' '))
        .map_or(0, char::len_utf8);
    Some(text.len() - after.len() + sep)
}

/// A name typed after the template's numbering (`指标1工程完工率` →
/// `工程完工率`); the numbering alone stays (the row is then no indicator).
fn without_placeholder(name: String) -> String {
    match placeholder_len(&name) {
        Some(n) if n < name.len() => name[n..].trim_start().to_string(),
        _ => name,
    }
}

/// A target split as 指标性质 | 指标值 | 度量单位, joined as variants.md
/// says: a sign joins with no space ("=" "100" "%" → "=100%"), a word
/// nature (定性, 正向 …) is left out.
fn join_target(
    nature: Option<String>,
    target: Option<String>,
    unit: Option<String>,
) -> Option<String> {
    const SIGNS: &[&str] = &[
        "=", "≥", "≤", ">", "<", "≧", "≦", "═", "＝", "＞", "＜", ">=", "<=", "≠",
    ];
    let sign = nature.filter(|n| SIGNS.contains(&n.trim()));
    let target = target?;
    let mut out = sign.unwrap_or_default();
    out.push_str(&target);
    if let Some(u) = unit {
        if !target.ends_with(u.as_str()) {
            out.push_str(&u);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::join_target;

    #[test]
    fn template_placeholders() {
        use super::{is_filler, without_placeholder};
        assert_eq!(without_placeholder("指标1工程完工率".into()), "工程完工率");
        assert_eq!(
            without_placeholder("指标2：验收合格率".into()),
            "验收合格率"
        );
        assert_eq!(without_placeholder("指标2".into()), "指标2");
        assert_eq!(
            without_placeholder("指标体系完善率".into()),
            "指标体系完善率"
        );
        assert!(is_filler("指标12") && is_filler("……") && !is_filler("指标1工程"));
    }

    #[test]
    fn split_targets_join() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(join_target(s("="), s("100"), s("%")), s("=100%"));
        assert_eq!(join_target(s("≤"), s("30"), s("万元")), s("≤30万元"));
        assert_eq!(join_target(s("定性"), s("好"), None), s("好"));
        assert_eq!(join_target(None, s("≥90%"), None), s("≥90%"));
        assert_eq!(join_target(s("="), None, s("%")), None);
    }
}
