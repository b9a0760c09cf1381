//! The samples' own shape (pdftotext without `-layout`) cut into cells for
//! the grid: a tab-separated line gives its filled cells, any other line its
//! words. What the line reader knows about this shape is applied here, by
//! meaning: a cell wrapped over lines is joined again (an indicator category
//! cut as `经济成本指` / `标`, a value with its bracket left open
//! `=100.00(百分` / `比)`, a label with its unit on the next line `项目资金` /
//! `（万元）`), the goal texts below 预期目标 | 实际完成情况 are read as
//! paragraphs by their display width, paragraph markup (`<p>`) becomes line
//! breaks and rules of dashes are no cells.

use std::collections::VecDeque;

use super::cells::{clean_text, has_cjk_mark, is_rule, is_unit_note, squeeze};
use super::classify::{Class, Classifier};
use super::goals::paragraphs;
use super::source::{words, Tok};
use crate::model::taxonomy;

/// Cells of the samples' shape, one at a time.
#[derive(Default)]
pub(crate) struct SamplesCells {
    queue: VecDeque<Tok>,
    /// The last word of the last space-separated line, held back until the
    /// next line tells whether it goes on there.
    carry: Option<Tok>,
    /// Whether a tab-separated indicator table is being read: a line
    /// without tabs inside it is no row of it.
    tab_table: bool,
    /// The filled cells of the tab line being cut, as byte ranges (one
    /// buffer for every line).
    spans: Vec<(usize, usize)>,
    /// Lines not read (text cut off at the page edge), for warnings.
    pub dropped: Vec<crate::read::Warning>,
}

impl SamplesCells {
    /// The next cell.
    pub(crate) fn next(
        &mut self,
        words: &Classifier,
        lines: &mut impl Iterator<Item = (usize, String)>,
    ) -> Option<Tok> {
        loop {
            if let Some(t) = self.queue.pop_front() {
                return Some(t);
            }
            let Some((no, raw)) = lines.next() else {
                self.flush(words);
                return self.queue.pop_front();
            };
            self.line(words, no, &raw, lines);
        }
    }

    /// Cuts one line (and, after a goal heading, the goal block below it).
    fn line(
        &mut self,
        words: &Classifier,
        no: usize,
        raw: &str,
        lines: &mut impl Iterator<Item = (usize, String)>,
    ) {
        if raw.contains('\t') {
            // Filled cells only (their places shift anyway), cut once: the
            // passes below read them by their ranges, not by scanning the
            // line for tabs again (goal texts run to thousands of bytes).
            let mut spans = std::mem::take(&mut self.spans);
            spans.clear();
            let base = raw.as_ptr() as usize;
            spans.extend(tab_cells(raw).map(|c| {
                let a = c.as_ptr() as usize - base;
                (a, a + c.len())
            }));
            self.tab_line(words, no, raw, &spans);
            self.spans = spans;
            return;
        }
        let mut ws = words_of(raw, no);
        if ws.is_empty() {
            return;
        }
        if let [one] = ws.as_mut_slice() {
            // A section heading with its year (2020年绩效目标) heads what
            // follows as the heading alone would; the year is no value.
            let heading = one.text.split_once('年').filter(|(y, rest)| {
                y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && words.vocab.heading(rest)
            });
            if let Some((_, rest)) = heading {
                one.text = rest.to_string();
            }
        }
        if ws.iter().all(|t| is_rule(&t.text)) {
            return;
        }
        if self.tab_table && !self.table_goes_on(words, &ws) {
            self.drop_line(&ws);
            return;
        }
        let goal_heading = ws.len() >= 2
            && ws
                .iter()
                .all(|t| (words.vocab.field(&t.text)).is_some_and(|f| f.starts_with("goals.")));
        let mut ws = ws.into_iter();
        if let Some(first) = ws.next() {
            match self.carry.take() {
                Some(mut cur) if continues(words, &cur.text, &first.text) => {
                    cur.text.push_str(&first.text);
                    cur.line = first.line;
                    self.carry = Some(cur);
                }
                Some(cur) => {
                    self.push_cell(words, cur, false);
                    self.carry = Some(first);
                }
                None => self.carry = Some(first),
            }
        }
        for w in ws {
            if let Some(prev) = self.carry.replace(w) {
                self.push_cell(words, prev, false);
            }
        }
        if goal_heading {
            self.flush(words);
            self.goal_block(words, lines);
        }
    }

    /// Cuts a tab-separated line, its filled cells given by their ranges;
    /// slices of the line until they are queued.
    fn tab_line(&mut self, words: &Classifier, no: usize, raw: &str, spans: &[(usize, usize)]) {
        let cells = || spans.iter().map(|&(a, b)| &raw[a..b]);
        // A cell holding a line break, as a browser copies a table
        // (`项目资金` ⏎ `(元)⇥项目资金总额…`): its first line ended the
        // line before and goes on in the row's first cell.
        let first = cells().next();
        let mut skip_first = false;
        if let (Some(cur), Some(first)) = (self.carry.as_mut(), first) {
            if continues(words, &cur.text, first) {
                cur.text.push_str(first);
                skip_first = true;
            }
        }
        self.flush(words);
        if cells().all(is_rule) {
            return;
        }
        let level1 = |c: &str| {
            matches!(
                words.class(c),
                Class::IndHead(crate::read::vocab::IndicatorColumn::Level1, _)
            )
        };
        // Asked only outside a table (inside, the answer changes nothing).
        if !self.tab_table && cells().any(level1) {
            self.tab_table = true;
        }
        for c in cells().skip(usize::from(skip_first)) {
            let mut t = Tok::new(c, no);
            if t.text.contains('<') {
                if let Some(clean) = clean_text(&t.text) {
                    t.text = clean;
                }
            }
            self.push_cell(words, t, true);
        }
    }

    /// Puts the held word in the queue.
    fn flush(&mut self, words: &Classifier) {
        if let Some(t) = self.carry.take() {
            self.push_cell(words, t, false);
        }
    }

    /// Whether a line without tabs inside a tab-separated indicator table
    /// belongs to the text: a title, year or field label ends the table
    /// (the next form), a piece of a category cut over lines (`满意度` /
    /// `指标`) is a cell; any other such line is text the extraction cut off
    /// at the page edge and put after the table (`丧葬费及一`, `-12-31`).
    fn table_goes_on(&mut self, words: &Classifier, ws: &[Tok]) -> bool {
        let first = words.class(&ws[0].text);
        if matches!(
            first,
            Class::Title { .. } | Class::Year | Class::Label { field: true }
        ) {
            self.tab_table = false;
            return true;
        }
        ws.len() == 1 && taxonomy::all_labels().any(|l| l.starts_with(ws[0].text.as_str()))
    }

    /// Notes a line not read; a run of such lines is one warning.
    fn drop_line(&mut self, ws: &[Tok]) {
        use crate::read::{Place, Warning};
        const WHAT: &str = "表格之后的零散文字（页边截断的部分），不是表格的格子，未读入：";
        let no = ws[0].line;
        let text: Vec<&str> = ws.iter().map(|t| t.text.as_str()).collect();
        let text = text.join(" ");
        if let Some(last) = self.dropped.last_mut() {
            let (a, b) = match last.place {
                Place::Line(a) => (a, a),
                Place::Lines(a, b) => (a, b),
                _ => (0, 0),
            };
            if b > 0 && no <= b + 2 {
                last.place = Place::Lines(a, no);
                last.message.push(' ');
                last.message.push_str(&text);
                return;
            }
        }
        self.dropped.push(Warning {
            place: Place::Line(no),
            message: format!("{WHAT}{text}"),
        });
    }

    /// Queues a cell; a field label and its value in one cell
    /// (`项目名称*：…`, a tab cell `计划完成日期 2020-12-31`) are two cells.
    /// Each queued cell carries its class (the text is final here).
    fn push_cell(&mut self, words: &Classifier, mut t: Tok, tabbed: bool) {
        words.mark(&mut t);
        if let Some((label, value)) = inline_label(words, &t, tabbed) {
            let value = value.to_string();
            t.text.truncate(label);
            let line = t.line;
            words.mark(&mut t);
            self.queue.push_back(t);
            if !value.is_empty() {
                let mut v = Tok::new(value, line);
                words.mark(&mut v);
                self.queue.push_back(v);
            }
            return;
        }
        self.queue.push_back(t);
    }

    /// The lines below a goal heading up to the next label: two texts, the
    /// left column's paragraphs and the right's. The line that ends the
    /// block is cut as any other.
    fn goal_block(
        &mut self,
        words: &Classifier,
        lines: &mut impl Iterator<Item = (usize, String)>,
    ) {
        let mut block: Vec<String> = Vec::new();
        let mut first = None;
        let mut stop = None;
        for (no, raw) in lines.by_ref() {
            let head = raw.split(['\t', ' ', '\u{3000}']).find(|w| !w.is_empty());
            if head.is_some_and(|w| words.class(w).is_label()) {
                stop = Some((no, raw));
                break;
            }
            if first.is_none() && head.is_some() {
                first = Some(no);
            }
            block.push(if has_cjk_mark(&raw, '\u{3000}') {
                raw.replace('\u{3000}', " ")
            } else {
                raw
            });
        }
        if let Some(line) = first {
            let texts: Vec<&str> = block.iter().map(String::as_str).collect();
            let goals = paragraphs(&texts);
            for text in [goals.left, goals.right].into_iter().flatten() {
                let mut t = Tok::new(text, line);
                words.mark(&mut t);
                self.queue.push_back(t);
            }
        }
        if let Some((no, raw)) = stop {
            self.line(words, no, &raw, lines);
        }
    }
}

/// A field or funding-row label at the start of a value cell: the label's length in bytes
/// and the value after it. The label ends at a colon (`申报单位名称：…`) or,
/// in a tab cell, at a space (`计划完成日期 2020-12-31`).
fn inline_label<'a>(words: &Classifier, t: &'a Tok, tabbed: bool) -> Option<(usize, &'a str)> {
    // The carried class first: labels and headings (no value) are not
    // searched for a colon.
    if !matches!(words.class_of(t), Class::Value(_)) {
        return None;
    }
    let text = t.text.as_str();
    let end = label_end(text, tabbed)?;
    let label = text[..end].trim_end();
    if label.is_empty() || label.chars().count() > 20 {
        return None;
    }
    // A field label, or a funding row's before a colon (资金总额：1,200.00).
    if words.vocab.field(label).is_none() {
        text[end..].starts_with([':', '：']).then_some(())?;
        words.vocab.funding_row(label)?;
    }
    let sep = text[end..].chars().next().map_or(0, char::len_utf8);
    Some((label.len(), text[end + sep..].trim()))
}

/// The words of a space-separated line (ideographic spaces separate too).
fn words_of(raw: &str, no: usize) -> Vec<Tok> {
    if has_cjk_mark(raw, '\u{3000}') {
        words(&raw.replace('\u{3000}', " "), no)
    } else {
        words(raw, no)
    }
}

/// Whether `next`, the first word of a line, goes on the word `cur` that
/// ended the line before: a bracket left open (`=100.00(百分` + `比)`), an
/// indicator category cut mid-word (`经济成本指` + `标`, `服务对象满` +
/// `意度指标`), or a label's bracketed unit on a line of its own (`项目资金`
/// + `（万元）`).
fn continues(words: &Classifier, cur: &str, next: &str) -> bool {
    let open = cur.matches(['(', '（']).count() > cur.matches([')', '）']).count();
    if open {
        return true;
    }
    // The taxonomy's own categories, as the line reader knows them (the
    // vocabulary also knows the 2020 table's short ones: 可持续影响).
    let category = |t: &str| taxonomy::is_level1(t) || taxonomy::is_level2(t);
    if is_unit_note(next) {
        return words.class(cur).is_label();
    }
    if cur.chars().count() > 12 || cur.bytes().any(|b| b.is_ascii_digit()) || category(cur) {
        return false;
    }
    if cur.ends_with('指') && next.starts_with('标') {
        return true;
    }
    let joined = format!("{cur}{next}");
    let joined = squeeze(&joined);
    taxonomy::all_labels().any(|l| l.starts_with(&*joined))
}

/// Where a label at the start of a cell ends: its first colon (`:` or
/// `：`) or, in a tab cell, its first space. None when there is none, or
/// when the label would be longer than [`inline_label`] takes (20
/// characters): the search stops there, not at the end of a long text.
fn label_end(text: &str, tabbed: bool) -> Option<usize> {
    for (n, (k, c)) in text.char_indices().enumerate() {
        if c == ':' || c == '：' || (tabbed && c == ' ') {
            return Some(k);
        }
        // A 21st character before the end, not white space: the label
        // (trimmed at its end) would hold it.
        if n >= 20 && !c.is_whitespace() {
            return None;
        }
    }
    None
}

/// A tab-separated line's cells, trimmed, empty ones left out: cut at the
/// tab bytes by a plain scan (a `char` search sets up a memchr per cell,
/// and most cells are a few words).
fn tab_cells(raw: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(raw);
    std::iter::from_fn(move || {
        let r = rest?;
        Some(match r.bytes().position(|b| b == b'\t') {
            Some(k) => {
                rest = Some(&r[k + 1..]);
                &r[..k]
            }
            None => {
                rest = None;
                r
            }
        })
    })
    .map(trim_cell)
    .filter(|c| !c.is_empty())
}

/// A cell trimmed as `str::trim` trims it, its plain edges told without
/// decoding ([`crate::value::trim`]).
fn trim_cell(c: &str) -> &str {
    crate::value::trim(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::vocab::Vocabulary;

    fn cells(text: &str) -> Vec<(String, usize)> {
        let words = Classifier::new(Vocabulary::builtin().clone());
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.to_string()));
        let mut source = SamplesCells::default();
        std::iter::from_fn(|| source.next(&words, &mut lines))
            .map(|t| (t.text, t.line))
            .collect()
    }

    /// The cells' texts alone.
    fn texts(got: &[(String, usize)]) -> Vec<&str> {
        got.iter().map(|(t, _)| t.as_str()).collect()
    }

    #[test]
    fn wrapped_cells_are_joined_by_meaning() {
        let got = cells("项目资金\n（万元）\n成本指标\n经济成本指\n\n标\n不超项目预算 =100.00(百分\n\n比)\n满意度指标\n服务对象满\n意度指标\n征地人员满意度 10.00");
        let texts = texts(&got);
        assert_eq!(
            texts,
            [
                "项目资金（万元）",
                "成本指标",
                "经济成本指标",
                "不超项目预算",
                "=100.00(百分比)",
                "满意度指标",
                "服务对象满意度指标",
                "征地人员满意度",
                "10.00"
            ]
        );
        // A name is not a category cut in two.
        let got = cells("质量指标\n指标值");
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn goal_texts_are_paragraphs() {
        let got = cells("预期目标 实际完成情况\n一二三四五六七八九十一二三四五六七八九十\n完。\n\n甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸\n\n毕。\n一级指标 二级指标");
        let texts = texts(&got);
        assert_eq!(
            texts,
            [
                "预期目标",
                "实际完成情况",
                "一二三四五六七八九十一二三四五六七八九十完。",
                "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸毕。",
                "一级指标",
                "二级指标"
            ]
        );
        assert_eq!(got[2].1, 2);
    }

    #[test]
    fn labels_and_values_in_one_cell_and_stray_lines() {
        use crate::read::text::{read_text_as, TextShape};
        let text = "财政项目支出绩效目标表\n(2020年度)\n申报单位名称：某中心\n项目名称*：甲项目\t项目类别*：\t新增\n计划完成日期 2020-12-31\n评分等级 优\n\n某某汇总表\n";
        let out = read_text_as(text.as_bytes(), "t.txt", Some(TextShape::SamplesGrid)).unwrap();
        let form = &out.document.forms[0];
        assert_eq!(form.project_name(), Some("甲项目"));
        let json = crate::write::json::to_json(&out.document);
        assert!(json.contains("\"applicant\": \"某中心\""), "{json}");
        assert!(json.contains("\"end_date\": \"2020-12-31\""), "{json}");
        assert!(!json.contains("某某汇总表"), "{json}");
        assert!(
            out.warnings
                .iter()
                .any(|w| w.message.contains("某某汇总表")),
            "{:?}",
            out.warnings
        );
    }

    #[test]
    fn labels_end_at_a_colon_or_a_tab_cells_space() {
        for text in [
            "项目名称*：甲",
            "a:b：c",
            "甲：乙:丙",
            "无冒号",
            "",
            "：",
            "ｚ",
            "计划完成日期 2020-12-31",
            "一二三四五六七八九十一二三四五六七八九十：",
        ] {
            let colon = text.find([':', '：']);
            assert_eq!(label_end(text, false), colon, "{text}");
            let space = text.find(' ');
            let first = colon.into_iter().chain(space).min();
            assert_eq!(label_end(text, true), first, "{text}");
        }
        // Past twenty characters no label ends (the search stops).
        let long = "一二三四五六七八九十一二三四五六七八九十甲：乙";
        assert_eq!(label_end(long, false), None);
        // White space after a label does not count.
        let spaced = format!("项目名称{}：乙", " ".repeat(30));
        assert_eq!(label_end(&spaced, false), spaced.find('：'));
    }

    #[test]
    fn tab_cells_are_the_filled_ones() {
        let got: Vec<&str> = tab_cells("\t甲 \t\t 乙\t").collect();
        assert_eq!(got, ["甲", "乙"]);
        let split: Vec<&str> = "a\t\tb c\t"
            .split('\t')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(tab_cells("a\t\tb c\t").collect::<Vec<_>>(), split);
    }

    #[test]
    fn cells_are_trimmed_as_str_trim_trims() {
        for c in [
            "",
            " ",
            "甲",
            " 甲",
            "甲 ",
            "\u{3000}甲\u{3000}",
            "甲\u{a0}",
            "\u{2003}a",
            "a\u{2003}",
            "ab",
            "a b",
            "（万元）",
            "𠀀",
            "a𠀀",
            "é",
            "甲é",
            "\u{3000}",
            "\u{85}x",
            "x\u{85}",
            "\u{202f}",
            "甲\u{205f}",
            "\r甲\n",
            "\u{b}甲\u{b}",
            "\u{7f}",
            "\u{1c}a\u{1f}",
        ] {
            assert_eq!(trim_cell(c), c.trim(), "{c:?}");
        }
    }

    #[test]
    fn tab_cells_lose_markup_and_rules() {
        let got = cells("\t<p>甲</p><p>乙</p>\t\t丙\n-------\t-----\n");
        let texts = texts(&got);
        assert_eq!(texts, ["甲\n乙", "丙"]);
    }

    /// A browser copies a table cell with a line break as two lines, the
    /// second opening the row's tab-separated rest.
    #[test]
    fn a_cell_broken_before_a_tab_row_goes_on_in_its_first_cell() {
        let got = cells("项目资金\n(元)\t项目资金总额\t\t年度资金申请总额\t1,000.00");
        assert_eq!(
            texts(&got),
            [
                "项目资金(元)",
                "项目资金总额",
                "年度资金申请总额",
                "1,000.00"
            ]
        );
        // A line that does not go on stays a cell of its own.
        let got = cells("某项目\n主管部门\t某局");
        assert_eq!(texts(&got), ["某项目", "主管部门", "某局"]);
    }
}
