//! A form's title printed again at the top of each page (a Word table's
//! repeated heading, a template laid out over pages): the same form goes
//! on when a table (its `（续）` mark, a heading, a category) follows the
//! title and no 项目名称, 主管部门 … comes before the next title.

use super::{header_bits, GridForms, Lines, Row};
use crate::read::text::classify::Class;
use crate::read::text::source::Tok;
use crate::read::{Place, Warning};

/// How many rows after a repeated title are read for a header label.
const LOOK_AHEAD: usize = 12;

impl GridForms {
    /// The form title among cells, as written.
    pub(super) fn title_text<'t>(&self, cells: &'t [Tok]) -> Option<&'t str> {
        cells
            .iter()
            .find(|t| matches!(self.words.class_of(t), Class::Title { .. }))
            .map(|t| t.text.as_str())
    }

    /// Whether two titles as written are the same form's (the same text,
    /// or the same once years and spacing are taken out).
    pub(super) fn same_title(&self, a: &str, b: &str) -> bool {
        a == b || {
            let v = &self.words.vocab;
            v.clean_title(a)
                .is_some_and(|a| v.clean_title(b) == Some(a))
        }
    }

    /// After a title row repeating the section's title: the rows read
    /// ahead, when they show the same form going on (no header label
    /// before the next title, and nothing but the title on its row); the
    /// title row is then dropped with a note. `None`: a new form, and the
    /// rows read ahead are given back.
    pub(super) fn continued_page(
        &mut self,
        title_row: &Row,
        lines: &mut impl Lines,
    ) -> Option<Vec<Row>> {
        let alone = title_row
            .cells()
            .iter()
            .filter(|t| !t.text.trim().is_empty())
            .count()
            == 1;
        let mut ahead = Vec::new();
        let mut new_form = !alone;
        while !new_form && ahead.len() < LOOK_AHEAD {
            let Some(row) = self.next_row(lines) else {
                break;
            };
            let cells = row.cells();
            new_form = header_bits(&self.words, cells) != 0;
            let title = self.title_in(cells).is_some();
            ahead.push(row);
            if title {
                break;
            }
        }
        // A page's running mark under the title (`（续）`, `续表`) is no cell.
        let running = |r: &Row| {
            let t: String = r.cells().iter().map(|t| t.text.trim()).collect();
            matches!(
                t.as_str(),
                "(续)" | "（续）" | "续表" | "(续表)" | "（续表）"
            )
        };
        // A next page goes on with a table: its mark, a table heading or a
        // category row first (a new form shows its year or labels first).
        let first = ahead
            .iter()
            .flat_map(|r| r.cells())
            .find(|t| !t.text.trim().is_empty());
        let goes_on = ahead.first().is_some_and(running)
            || first.is_some_and(|t| {
                matches!(
                    self.words.class_of(t),
                    Class::IndHead(..) | Class::FundHead(_) | Class::Level { .. }
                ) || self.words.vocab.table_half(&t.text).is_some()
            });
        if new_form || !goes_on {
            self.give_back(ahead);
            return None;
        }
        if ahead.first().is_some_and(running) {
            ahead.remove(0);
        }
        let line = title_row.cells().first().map_or(0, |t| t.line);
        self.notes.push(Warning {
            place: Place::Line(line),
            message: "表题重复出现，其后没有项目名称等表头：按同一张表的下一页读".into(),
        });
        Some(ahead)
    }

    /// Rows read ahead, given back before any others still pending.
    pub(super) fn give_back(&mut self, rows: Vec<Row>) {
        for row in rows.into_iter().rev() {
            self.pending.push_front(row);
        }
    }
}
