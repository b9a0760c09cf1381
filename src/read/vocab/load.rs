//! Loading a vocabulary from TOML (templates/labels/default.toml and
//! `--labels` files): the file's sections, checked, into the lists.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::norm::norm_label;
use super::{
    FundingColumn, FundingRowKind, IndicatorColumn, Table, TableHalf, VocabError, Vocabulary,
    FIELD_IDS,
};
use crate::model::FormKind;

/// A vocabulary file, as TOML (see templates/labels/default.toml).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct VocabFile {
    titles: BTreeMap<String, Vec<String>>,
    fields: BTreeMap<String, Vec<String>>,
    funding_columns: BTreeMap<String, Vec<String>>,
    funding_rows: BTreeMap<String, Vec<String>>,
    indicator_columns: BTreeMap<String, Vec<String>>,
    levels: LevelsFile,
    headings: HeadingsFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct LevelsFile {
    level1: Vec<String>,
    level2: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct HeadingsFile {
    exact: Vec<String>,
    explanation_starts: Vec<String>,
    midterm_table: Vec<String>,
    annual_table: Vec<String>,
}

impl Vocabulary {
    /// Adds the entries of a TOML vocabulary to this one.
    pub fn add_toml(&mut self, text: &str, path: &str) -> Result<(), VocabError> {
        let invalid = |what: String| VocabError::Invalid {
            path: path.to_string(),
            what,
        };
        let file: VocabFile = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        // The lists change: answers remembered for them no longer hold.
        self.id = super::memo::next_id();
        self.sources.push(text.into());
        for (key, entries) in &file.titles {
            let kind = match key.as_str() {
                "skip" => {
                    self.skip.extend(entries.iter().map(|e| norm_label(e)));
                    continue;
                }
                k => FormKind::parse(k).ok_or_else(|| {
                    invalid(format!("[titles] 中未知的键 {k:?}（应为 self_evaluation、target_declaration、target_table 或 skip）"))
                })?,
            };
            self.title_suffixes
                .extend(entries.iter().map(|e| (norm_label(e), kind)));
        }
        self.title_suffixes
            .sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
        let ends = self.title_suffixes.iter().map(|(s, _)| s).chain(&self.skip);
        self.title_ends = ends.filter_map(|s| s.chars().last()).collect();
        self.title_ends.sort_unstable();
        self.title_ends.dedup();
        self.title_end_bytes = [0; 4];
        self.title_end_last.clear();
        for &c in &self.title_ends {
            let last = c.encode_utf8(&mut [0; 4]).as_bytes()[c.len_utf8() - 1];
            self.title_end_bytes[usize::from(last >> 6)] |= 1 << (last & 63);
            if !self.title_end_last.contains(&last) {
                self.title_end_last.push(last);
            }
        }
        for (key, entries) in &file.fields {
            let id = FIELD_IDS
                .iter()
                .find(|id| **id == key)
                .ok_or_else(|| invalid(format!("[fields] 中未知的字段 {key:?}")))?;
            entries
                .iter()
                .for_each(|e| self.fields.add(e, id.to_string()));
        }
        fill(
            &mut self.funding_columns,
            &file.funding_columns,
            "funding_columns",
            funding_column_id,
        )
        .map_err(invalid)?;
        fill(
            &mut self.funding_rows,
            &file.funding_rows,
            "funding_rows",
            funding_row_id,
        )
        .map_err(invalid)?;
        fill(
            &mut self.indicator_columns,
            &file.indicator_columns,
            "indicator_columns",
            indicator_column_id,
        )
        .map_err(invalid)?;
        for e in &file.levels.level1 {
            self.level1.add(e, ());
        }
        for (parent, names) in &file.levels.level2 {
            let parent = if parent == "*" {
                String::new()
            } else {
                norm_label(parent)
            };
            names
                .iter()
                .for_each(|e| self.level2.add(e, parent.clone()));
        }
        for e in &file.headings.exact {
            self.headings.add(e, ());
        }
        // Headings of stacked indicator tables: headings too.
        for (list, half) in [
            (&file.headings.midterm_table, TableHalf::Midterm),
            (&file.headings.annual_table, TableHalf::Annual),
        ] {
            for e in list {
                self.headings.add(e, ());
                self.table_halves.add(e, half);
            }
        }
        self.explanation_starts
            .extend(file.headings.explanation_starts.iter().cloned());
        self.gather_known();
        Ok(())
    }
}

fn fill<T: Clone>(
    table: &mut Table<T>,
    section: &BTreeMap<String, Vec<String>>,
    name: &str,
    id: fn(&str) -> Option<T>,
) -> Result<(), String> {
    for (key, entries) in section {
        let v = id(key).ok_or_else(|| format!("[{name}] 中未知的键 {key:?}"))?;
        entries.iter().for_each(|e| table.add(e, v.clone()));
    }
    Ok(())
}

fn funding_column_id(k: &str) -> Option<FundingColumn> {
    use FundingColumn::*;
    Some(match k {
        "initial_budget" => InitialBudget,
        "annual_budget" => AnnualBudget,
        "executed" => Executed,
        "weight" => Weight,
        "execution_rate" => ExecutionRate,
        "score" => Score,
        "reason" => Reason,
        _ => return None,
    })
}

fn funding_row_id(k: &str) -> Option<FundingRowKind> {
    use FundingRowKind::*;
    Some(match k {
        "total" => Total,
        "current_appropriation" => CurrentAppropriation,
        "carryover" => Carryover,
        "other" => Other,
        "extra" => Extra,
        _ => return None,
    })
}

fn indicator_column_id(k: &str) -> Option<IndicatorColumn> {
    use IndicatorColumn::*;
    Some(match k {
        "level1" => Level1,
        "level2" => Level2,
        "name" => Name,
        "nature" => Nature,
        "target" => Target,
        "unit" => Unit,
        "actual" => Actual,
        "weight" => Weight,
        "score" => Score,
        "note" => Note,
        _ => return None,
    })
}
