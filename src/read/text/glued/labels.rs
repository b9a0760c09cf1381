//! The labels run-together text is cut at, indexed by first character. They
//! come from the vocabulary's TOML sources: the built-in one and any
//! `--labels` file added to it, so a local spelling cuts as a built-in does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::read::vocab::Vocabulary;

/// A label to cut at.
pub(super) struct Entry {
    pub(super) chars: Vec<char>,
    /// A prefix (`未完成原因*`): the label runs on to the next table label.
    pub(super) prefix: bool,
    /// Belongs to a table (a heading, a funding row, a category).
    pub(super) table: bool,
    /// Only a column heading (分值, 完成值, 执行率): a cell only in a run of
    /// headings, a word of the text anywhere else.
    pub(super) column_only: bool,
    /// A two-character total label (总分, 合计): a cell only before its number.
    pub(super) total: bool,
    /// An indicator category.
    pub(super) level: bool,
    /// A category that is also an everyday word (人力资源, 长效管理: not
    /// ending in 指标 or 目标): no cell inside a word (人力资源和社会保障局),
    /// nor right after a category of the 指标 taxonomy (可持续影响指标长效管理
    /// 机制健全性: the name begins there).
    pub(super) word: bool,
    /// Only a section heading (绩效目标, 项目资金): inside a table, run into
    /// text, it is a word of a name (绩效目标合理性).
    pub(super) heading: bool,
}

/// The labels to cut at, by first character, longest first.
pub(crate) struct Labels {
    pub(super) by_first: HashMap<char, Vec<Entry>>,
    pub(super) title_endings: Vec<Vec<char>>,
}

/// Flags of one spelling over all sections it is in.
#[derive(Clone, Copy)]
struct Flags {
    column_only: bool,
    table: bool,
    total: bool,
    level: bool,
    /// In the [headings] section.
    heading: bool,
    /// In a section other than [headings].
    other: bool,
}

impl Labels {
    /// The built-in vocabulary's labels (templates/labels/default.toml).
    pub(crate) fn builtin() -> Arc<Labels> {
        static LABELS: OnceLock<Arc<Labels>> = OnceLock::new();
        LABELS
            .get_or_init(|| Arc::new(Labels::from_sources(Vocabulary::builtin().sources())))
            .clone()
    }

    /// The labels of a vocabulary: the built-in index when it is the
    /// built-in one, else one built from all its sources. A vocabulary is
    /// cloned for every file read; the last one built is kept, so the files
    /// of one run (same sources) parse the TOML once.
    pub(crate) fn of(vocab: &Vocabulary) -> Arc<Labels> {
        type Last = Option<(Vec<Arc<str>>, Arc<Labels>)>;
        static LAST: Mutex<Last> = Mutex::new(None);
        if vocab.is_builtin() {
            return Labels::builtin();
        }
        let same = |known: &[Arc<str>]| {
            known.len() == vocab.sources().len()
                && known
                    .iter()
                    .zip(vocab.sources())
                    .all(|(a, b)| Arc::ptr_eq(a, b))
        };
        let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
        match &*last {
            Some((known, labels)) if same(known) => labels.clone(),
            _ => {
                let labels = Arc::new(Labels::from_sources(vocab.sources()));
                *last = Some((vocab.sources().to_vec(), labels.clone()));
                labels
            }
        }
    }

    /// How many different labels and headings of four characters or more
    /// (项目名称, 一级目标, 计划开始日期 …; no everyday words) a text holds, counted up
    /// to `enough`: run-together text holds a form's labels one after another.
    pub(crate) fn distinct_in(&self, text: &str, enough: usize) -> usize {
        let chars: Vec<char> = text.chars().collect();
        let mut found: Vec<&[char]> = Vec::new();
        for (i, c) in chars.iter().enumerate() {
            let Some(list) = self.by_first.get(c) else {
                continue;
            };
            let hit = list
                .iter()
                .find(|e| e.chars.len() >= 4 && !e.word && chars[i..].starts_with(&e.chars));
            if let Some(e) = hit {
                if !found.contains(&e.chars.as_slice()) {
                    found.push(&e.chars);
                    if found.len() >= enough {
                        break;
                    }
                }
            }
        }
        found.len()
    }

    /// Whether a cell is a label, heading or category as a whole
    /// (一级指标, 项目名称; white space aside), not text that holds one.
    /// A unit after it is no part of it (项目总预算（元）).
    pub(crate) fn is_label(&self, text: &str) -> bool {
        let mut chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(open) = chars.iter().rposition(|&c| c == '（' || c == '(') {
            if open > 0 && matches!(chars.last(), Some('）' | ')')) && chars.len() - open <= 6 {
                chars.truncate(open);
            }
        }
        chars.first().is_some_and(|c| {
            self.by_first
                .get(c)
                .is_some_and(|list| list.iter().any(|e| e.chars == chars))
        })
    }

    /// Whether a line is a form's title (ends as one: …绩效自评表).
    pub(crate) fn is_title(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        self.title_endings.iter().any(|e| chars.ends_with(e))
    }

    fn from_sources(sources: &[Arc<str>]) -> Labels {
        let mut seen: HashMap<String, Flags> = HashMap::new();
        let mut title_endings = Vec::new();
        for text in sources {
            // Sources were checked when the vocabulary was made.
            let table: toml::Table = toml::from_str(text).unwrap_or_default();
            add_source(&table, &mut seen, &mut title_endings);
        }
        let mut by_first: HashMap<char, Vec<Entry>> = HashMap::new();
        for (e, f) in seen {
            let prefix = e.ends_with('*');
            let chars: Vec<char> = e.trim_end_matches('*').chars().collect();
            // Two-character words (分值, 得分, 单位) are labels only as headings.
            if chars.len() < 2 || (chars.len() == 2 && !f.column_only && !f.total) {
                continue;
            }
            by_first.entry(chars[0]).or_default().push(Entry {
                chars,
                prefix,
                table: f.table,
                column_only: f.column_only,
                total: f.total && e.chars().count() == 2,
                level: f.level,
                word: f.level && !e.ends_with("指标") && !e.ends_with("目标"),
                heading: f.heading && !f.other,
            });
        }
        for list in by_first.values_mut() {
            // Longest first; a prefix (偏差原因*) before the same word exact.
            list.sort_by_key(|e| (std::cmp::Reverse(e.chars.len()), !e.prefix));
        }
        title_endings.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        title_endings.dedup();
        Labels {
            by_first,
            title_endings,
        }
    }
}

/// Adds one TOML source's spellings with the sections they are in.
fn add_source(
    table: &toml::Table,
    seen: &mut HashMap<String, Flags>,
    title_endings: &mut Vec<Vec<char>>,
) {
    for (section, value) in table {
        let column = matches!(section.as_str(), "funding_columns" | "indicator_columns");
        let in_table = column || matches!(section.as_str(), "funding_rows" | "levels");
        let mut entries = Vec::new();
        match section.as_str() {
            // Words that start a text (explanation_starts) are no labels.
            "headings" => {
                for key in ["exact", "midterm_table", "annual_table"] {
                    if let Some(list) = value.get(key) {
                        collect(list, &mut entries);
                    }
                }
            }
            _ => collect(value, &mut entries),
        }
        if section == "titles" {
            title_endings.extend(entries.iter().map(|e| e.chars().collect::<Vec<_>>()));
            continue;
        }
        let totals = match value.get("total") {
            Some(t) if section == "fields" => {
                let mut v = Vec::new();
                collect(t, &mut v);
                v
            }
            _ => Vec::new(),
        };
        for e in entries {
            let flags = seen.entry(e.clone()).or_insert(Flags {
                column_only: true,
                table: false,
                total: false,
                level: false,
                heading: false,
                other: false,
            });
            flags.column_only &= column;
            flags.table |= in_table;
            flags.total |= totals.contains(&e);
            flags.level |= section == "levels";
            flags.heading |= section == "headings";
            flags.other |= section != "headings";
        }
    }
}

fn collect(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
        toml::Value::Table(t) => t.values().for_each(|x| collect(x, out)),
        _ => {}
    }
}
