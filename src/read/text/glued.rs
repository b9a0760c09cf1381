//! Text whose cells were run together with no separator at all (shape 6 of
//! variants.md §3: text pulled out of Word/WPS files or web pages that drop
//! table borders, OCR). Best effort: the line is cut before and after every
//! label the vocabulary knows, values are cut where their shape changes
//! (`安装坡面水标尺10≥266米≥266米10` → name, 10, ≥266米, ≥266米, 10), and a
//! title is cut after its ending (…绩效自评表). The cells then go through the
//! same row rebuild as text on one line.

pub(crate) mod explained;
mod labels;
pub(crate) mod levels;
pub(crate) mod targets;

use super::source::Tok;
use labels::Entry;
pub(crate) use labels::Labels;

/// The cells of one line of run-together text.
pub(crate) fn glued_cells(labels: &Labels, line: &str, no: usize) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut seen = Vec::new();
    let mut state = CutState::default();
    for piece in line.split_whitespace() {
        for (chunk, title) in cut_titles(labels, piece, &mut seen) {
            if title {
                out.push(Tok::new(chunk, no));
                state.in_table = false;
                continue;
            }
            for (text, is_label) in cut_labels(labels, &chunk, &mut state) {
                if is_label {
                    out.push(Tok::new(text, no));
                    continue;
                }
                // The colon after a label (年度资金总额:) is the label's.
                let text = text.trim_start_matches([':', '：']);
                for part in cut_values(text) {
                    match out.last_mut() {
                        // A bracket after a cell is its decoration: 产出指标(70分).
                        Some(prev) if is_bracket(&part) && !is_year(&part) => {
                            prev.text.push_str(&part)
                        }
                        _ => out.push(Tok::new(part, no)),
                    }
                }
            }
        }
    }
    out
}

fn is_bracket(s: &str) -> bool {
    s.starts_with(['(', '（']) && s.ends_with([')', '）']) && s.chars().count() <= 8
}

fn is_year(s: &str) -> bool {
    crate::value::find_year(s).is_some() && s.contains('年')
}

/// What the label cutter knows of the text cut so far.
#[derive(Default)]
struct CutState {
    /// A category of the 指标 taxonomy (产出指标 …) was cut: the text's
    /// categories are that taxonomy's.
    indicator_taxonomy: bool,
    /// A run of column headings was cut since the form's title: the text is
    /// inside a table.
    in_table: bool,
}

/// Marks inside a sentence: a clause goes on after them.
const CLAUSE: &[char] = &['，', ',', '、', '；', ';'];
/// Marks that end a sentence.
const SENTENCE_END: &[char] = &['。', '！', '？', '!', '?'];

/// Splits a piece at every known label: (text, is a cell of its own). A
/// label is not cut out of a sentence or a formula (`按照年初设定目标,将…`,
/// `执行率*该指标分值`), and a column heading only in a run of headings.
/// `indicator_taxonomy`: a category of the 指标 taxonomy (产出指标 …) was
/// cut before; the text's categories are then that taxonomy's, and the 2020
/// table's words (长效管理, 人力资源) are words of names.
fn cut_labels(labels: &Labels, piece: &str, state: &mut CutState) -> Vec<(String, bool)> {
    let chars: Vec<char> = piece.chars().collect();
    let found = candidates(labels, &chars);
    // Labels next to each other (a decoration between): a heading run. A
    // colon after a label brings its value (偏差原因：年度指标值设置欠合理).
    let joined = |a: &(usize, usize, &Entry), b: &(usize, usize, &Entry)| {
        let gap: String = chars[a.1..b.0].iter().collect();
        gap.is_empty() || (is_bracket(&gap) && !is_year(&gap))
    };
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut from = 0;
    for (k, c) in found.iter().enumerate() {
        let (start, end, entry) = *c;
        let in_run =
            (k > 0 && joined(&found[k - 1], c)) || found.get(k + 1).is_some_and(|n| joined(c, n));
        let limit = found.get(k + 1).map_or(chars.len(), |n| n.0);
        // An everyday-word category (长效管理) right after a 指标 category,
        // or once that taxonomy showed, begins a name; right after a letter
        // it is part of a word (人力资源和社会保障局).
        let after_taxonomy = k > 0 && {
            let before = &found[k - 1];
            joined(before, c) && before.2.level && !before.2.word
        };
        let no_category = entry.word && (state.indicator_taxonomy || after_taxonomy);
        let in_word = no_category
            || (entry.word && start.checked_sub(1).is_some_and(|p| is_letter(chars[p])));
        // A label that 的 follows is a word of a name (立项依据的充分性); so
        // is a section heading run into text inside a table (绩效目标合理性).
        let in_word = in_word
            || chars.get(end) == Some(&'的')
            || (entry.heading && state.in_table && !in_run && limit > end);
        // A long field label (项目实施计划, 总目标及阶段性目标) with its text
        // after it is no phrase of the sentence before it: that sentence
        // ended, cut off, without its full stop. Followed by a clause mark
        // it is one (按照年初设定目标,将…).
        let long_field = !entry.table
            && !entry.heading
            && entry.chars.len() >= 6
            && chars
                .get(end)
                .is_some_and(|c| !CLAUSE.contains(c) && !SENTENCE_END.contains(c));
        let keep = (in_run && !no_category)
            || (!in_word
                && !entry.column_only
                && (long_field || !in_sentence(&chars[from..limit], start - from, end - from)));
        if !keep {
            continue;
        }
        state.indicator_taxonomy |= entry.level && entry.chars.ends_with(&['指', '标']);
        state.in_table |= in_run && entry.column_only;
        // A heading after a year (2020年实际执行数) is a past year's column:
        // one cell with its year, not this form's heading.
        let past = entry
            .column_only
            .then(|| year_before(&chars[from..start]))
            .flatten()
            .map(|n| start - n);
        let start = past.unwrap_or(start);
        if from < start {
            out.push((chars[from..start].iter().collect(), false));
        }
        out.push((chars[start..end].iter().collect(), true));
        from = end;
    }
    if from < chars.len() {
        out.push((chars[from..].iter().collect(), false));
    }
    out
}

/// Full-width ASCII (`：`, `（`) as the vocabulary writes it (`:`, `(`).
fn half(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The longest label that starts at `chars[i]`.
fn label_at<'l>(labels: &'l Labels, chars: &[char], i: usize) -> Option<&'l Entry> {
    labels.by_first.get(&half(chars[i]))?.iter().find(|e| {
        chars.len() >= i + e.chars.len()
            && e.chars.iter().zip(&chars[i..]).all(|(&a, &b)| a == half(b))
            // 总分 / 合计 stand before their number.
            && (!e.total || chars.get(i + e.chars.len()).is_some_and(char::is_ascii_digit))
    })
}

/// Every label in `chars`, longest first at each place: (start, end, entry).
fn candidates<'l>(labels: &'l Labels, chars: &[char]) -> Vec<(usize, usize, &'l Entry)> {
    let found_at = |i: usize| label_at(labels, chars, i);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // A title word that is no title (…完成绩效目标申报表中申报的数量) is
        // a word of its text: no label is cut out of it.
        if let Some(t) = labels
            .title_endings
            .iter()
            .find(|t| chars[i..].starts_with(t))
        {
            i += t.len();
            continue;
        }
        match found_at(i) {
            Some(e) => {
                let mut end = i + e.chars.len();
                if e.prefix {
                    // A prefix label runs to the next table label, or to
                    // its colon (偏差原因：… brings its text).
                    while end < chars.len()
                        && !found_at(end).is_some_and(|f| f.table)
                        && !matches!(chars[end], ':' | '：')
                    {
                        end += 1;
                    }
                }
                out.push((i, end, e));
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// Whether `chars[start..end]` stands inside a sentence (a clause mark
/// before it and the sentence going on after it) or next to a formula sign
/// (执行率*该指标分值). `chars` runs from the last cell boundary to the next
/// label.
fn in_sentence(chars: &[char], start: usize, end: usize) -> bool {
    let formula = |c: Option<&char>| c.is_some_and(|c| matches!(c, '*' | '×' | '÷' | '/'));
    if formula(start.checked_sub(1).and_then(|p| chars.get(p))) || formula(chars.get(end)) {
        return true;
    }
    let mark = |c: &&char| CLAUSE.contains(c) || SENTENCE_END.contains(c);
    let before = chars[..start].iter().rev().find(mark);
    let after = chars[end..].iter().find(mark);
    before.is_some_and(|c| CLAUSE.contains(c)) && after.is_some()
}

/// A letter of a word (a Chinese character, a Latin letter).
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// The length of a year (`2020年`) that `text` ends with.
fn year_before(text: &[char]) -> Option<usize> {
    let n = text.len();
    (n >= 5
        && text[n - 1] == '年'
        && text[n - 5..n - 1].iter().all(char::is_ascii_digit)
        && (n == 5 || !text[n - 6].is_ascii_digit()))
    .then_some(5)
}

/// Cuts a piece after each form-title ending (…绩效自评表): (text, is a
/// title). A title starts after the last date, colon, comma or unit before
/// its ending (`…2022年12月30日绩效目标自评表` → `绩效目标自评表`,
/// `满意度>90.00(%)财政项目…` → `财政项目…`); a list number in
/// front of it (`1、`) is dropped. A title read before (`seen`: the forms
/// of one file share their title) starts where it is written again
/// (`…评分等级优财政项目支出绩效自评表` → `财政项目支出绩效自评表`).
fn cut_titles(labels: &Labels, text: &str, seen: &mut Vec<Vec<char>>) -> Vec<(String, bool)> {
    let endings = &labels.title_endings;
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut from) = (0, 0);
    while i < chars.len() {
        // 项目支出绩效自评表.doc names a file, not a form.
        let file_name = |end: usize| {
            chars.get(end) == Some(&'.')
                && chars.get(end + 1).is_some_and(char::is_ascii_alphabetic)
        };
        // A title stands alone: its year, a label or the end of the text
        // follows (…绩效目标申报表中申报的数量 is a sentence).
        let alone = |end: usize| {
            end == chars.len()
                || matches!(chars[end], '(' | '（')
                || label_at(labels, &chars, end).is_some()
        };
        match endings
            .iter()
            .find(|e| chars[i..].starts_with(e) && !file_name(i + e.len()) && alone(i + e.len()))
        {
            Some(e) => {
                let end = i + e.len();
                let again = seen
                    .iter()
                    .filter(|t| t.len() <= end - from && chars[..end].ends_with(t))
                    .map(|t| end - t.len())
                    .min();
                let start = again.unwrap_or_else(|| {
                    chars[from..i]
                        .iter()
                        .rposition(|c| {
                            // A value's unit ends it too (…>90.00(%)财政项目…).
                            matches!(
                                c,
                                '日' | ':'
                                    | '：'
                                    | ','
                                    | '，'
                                    | '。'
                                    | '》'
                                    | '《'
                                    | ')'
                                    | '）'
                                    | '%'
                            )
                        })
                        .map_or(from, |p| from + p + 1)
                });
                if from < start {
                    out.push((chars[from..start].iter().collect(), false));
                }
                let mut title: String = chars[start..end].iter().collect();
                let digits = title.trim_start_matches(|c: char| c.is_ascii_digit());
                if digits.len() < title.len() && digits.starts_with(['、', '.']) {
                    title = digits[digits.chars().next().map_or(0, char::len_utf8)..].to_string();
                }
                if again.is_none() {
                    seen.push(title.chars().collect());
                }
                out.push((title, true));
                from = end;
                i = end;
            }
            None => i += 1,
        }
    }
    if from < chars.len() {
        out.push((chars[from..].iter().collect(), false));
    }
    out
}

/// Cuts a value where its shape changes: before a comparison sign, between
/// text and a number, after a percent followed by a number, around a year in
/// brackets, around an ellipsis (`……`, rows left out) and a dash (a blank
/// cell), and before a note
/// (`注:`). Numbers inside a sentence stay in it (`将辖区20条道路、4处广场`).
fn cut_values(text: &str) -> Vec<String> {
    const SIGNS: &[char] = &['≥', '≤', '≧', '≦', '=', '＝', '═', '>', '<', '＞', '＜'];
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    let mark = |c: &&char| CLAUSE.contains(c) || SENTENCE_END.contains(c);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        // Chinese text, not a clause mark (1、 numbers a list).
        let cjk = |x: char| {
            (x as u32) >= 0x3000
                && !SIGNS.contains(&x)
                && !CLAUSE.contains(&x)
                && !"（）()%％…".contains(x)
        };
        let shape = |p: char| {
            (SIGNS.contains(&c) && !SIGNS.contains(&p))
                || (c.is_ascii_digit() && cjk(p))
                // A number, then a word that is not its unit: 10水标尺宽度.
                || (p.is_ascii_digit() && cjk(c) && !is_unit(&chars[i..]) && !unit_before_number(&chars[i..], cjk) && word_after(&chars[i..], cjk) >= 2)
                || (c.is_ascii_digit() && matches!(p, '%' | '％'))
                // A unit in brackets ends its value: ≤3.00(人)1.00(人),
                // =100.00(%)征地养老待遇提升情况.
                || (matches!(p, ')' | '）')
                    && (c.is_ascii_digit() || SIGNS.contains(&c) || (cjk(c) && is_value(&cur))))
        };
        // After a clause mark the sentence goes on to its end; a number
        // with its unit whose words run on to a clause mark is inside one
        // (有1人申请，…).
        let in_sentence = || {
            let digits = chars[i..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || **c == '.')
                .count();
            let rest = &chars[i + digits..];
            let counted = digits > 0 && unit_len(rest) > 0;
            // A list number (2、) numbers the text it stands in.
            let listed = digits > 0 && rest.first() == Some(&'、');
            let after = rest
                .iter()
                .find(|c| c.is_ascii_digit() || SIGNS.contains(c) || mark(c));
            chars[..i]
                .iter()
                .rev()
                .find(mark)
                .is_some_and(|c| CLAUSE.contains(c))
                || (counted && after.is_some_and(|c| mark(&c)))
                || listed
        };
        // Inside brackets that close later the text goes on (（…令第93号）).
        let bracketed = || {
            let open = cur.chars().filter(|c| OPEN.contains(c)).count();
            let close = cur.chars().filter(|c| CLOSE.contains(c)).count();
            open > close && chars[i..].iter().any(|c| CLOSE.contains(c))
        };
        let cut = match prev {
            None => false,
            Some(p) => {
                (shape(p) && !in_sentence() && !bracketed())
                    || ((c == '…') != (p == '…'))
                    // A dash is a blank cell of its own: 1.55—100—.
                    || (((c == '—') != (p == '—')) && !in_sentence())
                    || (c == '注' && matches!(chars.get(i + 1), Some(':' | '：')))
                    || (matches!(c, '(' | '（') && is_year(&chars[i..].iter().collect::<String>()))
            }
        };
        if cut && !cur.is_empty() {
            // A bound before a number is the value's: 亮灯率不低于98% →
            // 亮灯率 | 不低于98%.
            let bound = match c.is_ascii_digit() {
                true => targets::number_bound(&cur).filter(|&at| cur[..at].chars().count() >= 2),
                false => None,
            };
            let rest = bound.map(|at| cur.split_off(at));
            out.push(std::mem::take(&mut cur));
            cur = rest.unwrap_or_default();
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.into_iter()
        .flat_map(year_after_number)
        .flat_map(repeated)
        .collect()
}

/// Brackets a text opens and closes.
const OPEN: &[char] = &['(', '（', '《', '【', '[', '〔'];
const CLOSE: &[char] = &[')', '）', '》', '】', ']', '〕'];

/// A number run into the year of the heading after it (`2662292020年`
/// before 绩效目标): the number, then the year (19xx or 20xx) as its own
/// cell.
fn year_after_number(v: String) -> Vec<String> {
    let digits = v.strip_suffix('年').unwrap_or("");
    let n = digits.len();
    let number = digits[..n.saturating_sub(4)].trim_end_matches(|c: char| c.is_ascii_digit());
    let plain =
        number.is_empty() || (number.ends_with('.') && !number[..number.len() - 1].contains('.'));
    if n > 4
        && plain
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !digits.ends_with('.')
        && digits[n - 4..].bytes().all(|b| b.is_ascii_digit())
        && matches!(&digits[n - 4..n - 2], "19" | "20")
    {
        return vec![digits[..n - 4].to_string(), v[n - 4..].to_string()];
    }
    vec![v]
}

/// Whether a cell being cut is a value: a number, maybe after a sign.
fn is_value(text: &str) -> bool {
    text.trim_start_matches(|c: char| "≥≤≧≦=＝═><＞＜".contains(c))
        .starts_with(|c: char| c.is_ascii_digit())
}

/// A cell shown several times over (target and actual alike, 显著提升显著提升;
/// weight, target and actual alike, 12.512.512.5): one cell per time.
fn repeated(v: String) -> Vec<String> {
    let chars: Vec<char> = v.chars().collect();
    let len = chars.len();
    // The shortest value that repeats (12.5 four times, not 12.512.5 twice).
    for times in (2..=len / 2).rev() {
        let unit = len / times;
        if len.is_multiple_of(times) && chars.chunks(unit).all(|c| c == &chars[..unit]) {
            let one: String = chars[..unit].iter().collect();
            return vec![one; times];
        }
    }
    // A name followed by its target and actual alike (档案资料完备性完备完备):
    // the word shown twice at the end, the longest that leaves a name.
    if !chars.iter().any(char::is_ascii_digit) {
        for unit in (2..=len.saturating_sub(2) / 2).rev() {
            let (head, tail) = chars.split_at(len - 2 * unit);
            if tail[..unit] == tail[unit..] && head.len() >= 2 {
                let one: String = tail[..unit].iter().collect();
                return vec![head.iter().collect(), one.clone(), one];
            }
        }
    }
    vec![v]
}

/// Whether text after a number starts with a unit (10万元, 266米, 95人次).
fn is_unit(chars: &[char]) -> bool {
    unit_len(chars) > 0
}

/// The length of the unit text after a number starts with (0: none).
pub(crate) fn unit_len(chars: &[char]) -> usize {
    const UNITS: &[&str] = &[
        "万元",
        "元",
        "米",
        "厘米",
        "公里",
        "平方米",
        "亩",
        "人次",
        "人",
        "个",
        "次",
        "户",
        "件",
        "份",
        "天",
        "年",
        "月",
        "日",
        "小时",
        "台",
        "套",
        "家",
        "篇",
        "场",
        "期",
        "项",
        "所",
        "名",
        "辆",
        "吨",
        "分",
        "本",
        "起",
        "处",
        "条",
        "百分比",
        "百分点",
        "万人",
        "万亩",
        "亿元",
        "公顷",
        "座",
        "所",
        "册",
        "批",
        "类",
        "课时",
        "工作日",
    ];
    let s: String = chars.iter().take(3).collect();
    UNITS
        .iter()
        .filter(|u| s.starts_with(*u))
        .map(|u| u.chars().count())
        .max()
        .unwrap_or(0)
}

/// A word of at most two characters between two numbers (`100万页100`):
/// the first number's unit, though no list names it (a target and its
/// actual written alike).
fn unit_before_number(chars: &[char], cjk: impl Fn(char) -> bool) -> bool {
    let n = word_after(chars, cjk);
    n <= 2 && chars.get(n).is_some_and(char::is_ascii_digit)
}

/// How many characters of text run from the start of `chars`.
fn word_after(chars: &[char], cjk: impl Fn(char) -> bool) -> usize {
    chars.iter().take_while(|&&c| cjk(c)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(line: &str) -> Vec<String> {
        glued_cells(&Labels::builtin(), line, 1)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn run_together_cells_are_cut_by_labels_and_shapes() {
        assert_eq!(
            cells("绩效目标自评表(2022年度)项目名称中江县水标尺项目负责人及电话谢凯"),
            [
                "绩效目标自评表",
                "(2022年度)",
                "项目名称",
                "中江县水标尺",
                "项目负责人及电话",
                "谢凯"
            ]
        );
        assert_eq!(
            cells("产出指标(70分)数量指标安装坡面水标尺10≥266米≥266米10"),
            [
                "产出指标(70分)",
                "数量指标",
                "安装坡面水标尺",
                "10",
                "≥266米",
                "≥266米",
                "10"
            ]
        );
        // A unit no list names, between two numbers.
        assert_eq!(
            cells("数字化档案≥100万页100万页9090"),
            ["数字化档案", "≥100万页", "100万页", "90", "90"]
        );
        assert_eq!(
            cells("1、项目支出绩效自评表(2016年度)"),
            ["项目支出绩效自评表", "(2016年度)"]
        );
    }

    /// A form's last indicator run into the next form's title: the title
    /// starts after the value's unit, the indicator stays with its form.
    #[test]
    fn a_title_after_a_value_starts_after_its_unit() {
        let labels = Labels::builtin();
        let got = cut_titles(
            &labels,
            "案件当事人满意度>90.00(%)财政项目支出绩效目标申报表",
            &mut Vec::new(),
        );
        assert_eq!(
            got,
            [
                ("案件当事人满意度>90.00(%)".to_string(), false),
                ("财政项目支出绩效目标申报表".to_string(), true)
            ]
        );
    }
}
