//! Text whose cells were run together with no separator at all (shape 6 of
//! variants.md §3: text pulled out of Word/WPS files or web pages that drop
//! table borders, OCR). Best effort: the line is cut before and after every
//! label the vocabulary knows, values are cut where their shape changes
//! (`安装坡面水标尺10≥266米≥266米10` → name, 10, ≥266米, ≥266米, 10), and a
//! title is cut after its ending (…绩效自评表). The cells then go through the
//! same row rebuild as text on one line.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::source::Tok;

/// A label to cut at: its characters, whether it is a prefix
/// (`未完成原因*`: the label runs on to the next table label), and whether it
/// belongs to a table (a heading, a funding row, a category).
type Entry = (Vec<char>, bool, bool);

/// The labels to cut at, by first character, longest first.
struct Labels {
    by_first: HashMap<char, Vec<Entry>>,
    title_endings: Vec<Vec<char>>,
}

/// The built-in vocabulary's spellings (templates/labels/default.toml).
fn labels() -> &'static Labels {
    static LABELS: OnceLock<Labels> = OnceLock::new();
    LABELS.get_or_init(|| {
        let text = include_str!("../../../templates/labels/default.toml");
        let table: toml::Table = toml::from_str(text).unwrap_or_default();
        let mut by_first: HashMap<char, Vec<Entry>> = HashMap::new();
        let mut title_endings = Vec::new();
        for (section, value) in &table {
            // Two-character words (分值, 得分, 单位) are labels only as headings.
            let short_ok = matches!(section.as_str(), "funding_columns" | "indicator_columns");
            let table = short_ok || matches!(section.as_str(), "funding_rows" | "levels");
            let mut entries = Vec::new();
            collect(value, &mut entries);
            for e in entries {
                let star = e.ends_with('*');
                let chars: Vec<char> = e.trim_end_matches('*').chars().collect();
                if section == "titles" {
                    title_endings.push(chars);
                    continue;
                }
                if chars.len() < 2 || (chars.len() == 2 && !short_ok) {
                    continue;
                }
                by_first
                    .entry(chars[0])
                    .or_default()
                    .push((chars, star, table));
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|(c, _, _)| std::cmp::Reverse(c.len()));
        }
        title_endings.sort_by_key(|c| std::cmp::Reverse(c.len()));
        Labels {
            by_first,
            title_endings,
        }
    })
}

fn collect(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
        toml::Value::Table(t) => t.values().for_each(|x| collect(x, out)),
        _ => {}
    }
}

/// The cells of one line of run-together text.
pub(crate) fn glued_cells(line: &str, no: usize) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    for piece in line.split_whitespace() {
        for (chunk, title) in cut_titles(piece) {
            if title {
                out.push(Tok::new(chunk, no));
                continue;
            }
            for (text, is_label) in cut_labels(&chunk) {
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

/// Splits a piece at every known label: (text, is a label).
fn cut_labels(piece: &str) -> Vec<(String, bool)> {
    let labels = labels();
    let chars: Vec<char> = piece.chars().collect();
    let mut out: Vec<(String, bool)> = Vec::new();
    let (mut i, mut from) = (0, 0);
    let found_at = |i: usize| -> Option<(usize, bool, bool)> {
        labels
            .by_first
            .get(&chars[i])?
            .iter()
            .find_map(|(l, star, table)| {
                chars[i..]
                    .starts_with(l)
                    .then_some((l.len(), *star, *table))
            })
    };
    while i < chars.len() {
        match found_at(i) {
            Some((len, star, _)) => {
                if from < i {
                    out.push((chars[from..i].iter().collect(), false));
                }
                let mut end = i + len;
                if star {
                    // A prefix label runs to the next table label.
                    while end < chars.len() && !found_at(end).is_some_and(|f| f.2) {
                        end += 1;
                    }
                }
                out.push((chars[i..end].iter().collect(), true));
                i = end;
                from = end;
            }
            None => i += 1,
        }
    }
    if from < chars.len() {
        out.push((chars[from..].iter().collect(), false));
    }
    out
}

/// Cuts a piece after each form-title ending (…绩效自评表): (text, is a
/// title). A title starts after the last date, colon or comma before its
/// ending (`…2022年12月30日绩效目标自评表` → `绩效目标自评表`); a list number in
/// front of it (`1、`) is dropped.
fn cut_titles(text: &str) -> Vec<(String, bool)> {
    let endings = &labels().title_endings;
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut from) = (0, 0);
    while i < chars.len() {
        // 项目支出绩效自评表.doc names a file, not a form.
        let file_name = |end: usize| {
            chars.get(end) == Some(&'.')
                && chars.get(end + 1).is_some_and(char::is_ascii_alphabetic)
        };
        match endings
            .iter()
            .find(|e| chars[i..].starts_with(e) && !file_name(i + e.len()))
        {
            Some(e) => {
                let end = i + e.len();
                let start = chars[from..i]
                    .iter()
                    .rposition(|c| matches!(c, '日' | ':' | '：' | ',' | '，' | '。' | '》' | '《'))
                    .map_or(from, |p| from + p + 1);
                if from < start {
                    out.push((chars[from..start].iter().collect(), false));
                }
                let mut title: String = chars[start..end].iter().collect();
                let digits = title.trim_start_matches(|c: char| c.is_ascii_digit());
                if digits.len() < title.len() && digits.starts_with(['、', '.']) {
                    title = digits[digits.chars().next().map_or(0, char::len_utf8)..].to_string();
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
/// brackets.
fn cut_values(text: &str) -> Vec<String> {
    const SIGNS: &[char] = &['≥', '≤', '≧', '≦', '=', '＝', '═', '>', '<', '＞', '＜'];
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let cjk = |x: char| (x as u32) >= 0x3000 && !SIGNS.contains(&x) && !"（）()%％".contains(x);
        let cut = match prev {
            None => false,
            Some(p) => {
                (SIGNS.contains(&c) && !SIGNS.contains(&p))
                    || (c.is_ascii_digit() && cjk(p))
                    // A number, then a word that is not its unit: 10水标尺宽度.
                    || (p.is_ascii_digit() && cjk(c) && !is_unit(&chars[i..]) && word_after(&chars[i..], cjk) >= 2)
                    || (c.is_ascii_digit() && matches!(p, '%' | '％'))
                    || (matches!(c, '(' | '（') && is_year(&chars[i..].iter().collect::<String>()))
            }
        };
        if cut && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    // A cell shown twice (target and actual alike): 显著提升显著提升.
    out.into_iter()
        .flat_map(|v| {
            let chars: Vec<char> = v.chars().collect();
            let half = chars.len() / 2;
            if chars.len() >= 4 && chars.len().is_multiple_of(2) && chars[..half] == chars[half..] {
                let one: String = chars[..half].iter().collect();
                vec![one.clone(), one]
            } else {
                vec![v]
            }
        })
        .collect()
}

/// Whether text after a number starts with a unit (10万元, 266米, 95人次).
fn is_unit(chars: &[char]) -> bool {
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
    ];
    let s: String = chars.iter().take(3).collect();
    UNITS.iter().any(|u| s.starts_with(u))
}

/// How many characters of text run from the start of `chars`.
fn word_after(chars: &[char], cjk: impl Fn(char) -> bool) -> usize {
    chars.iter().take_while(|&&c| cjk(c)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(line: &str) -> Vec<String> {
        glued_cells(line, 1).into_iter().map(|t| t.text).collect()
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
        assert_eq!(
            cells("1、项目支出绩效自评表(2016年度)"),
            ["项目支出绩效自评表", "(2016年度)"]
        );
    }
}
