use super::*;
use crate::model::Form;
use crate::read::text::cells::display_width;

fn read(text: &str) -> ReadOutput {
    read_drawn_tables(text, None, "a.md", Vocabulary::builtin()).unwrap()
}

fn cell_texts(grid: &Grid) -> Vec<(usize, usize, usize, usize, String)> {
    grid.cells
        .iter()
        .map(|c| (c.row, c.col, c.rows, c.cols, c.value.text()))
        .collect()
}

/// A 申报表 as pandoc writes a workbook's web page in Markdown: a
/// multiline table with no heading, one row per paragraph, merged cells
/// shown once (项目资金 over its rows), wrapped cells, bold, escapes, `---`.
const MULTILINE: &str = "\
# Sheet 1: *宣传费*

  ------------ -------------- ---------- ----------
  **财政项目支出绩效目标申报表**

  （2024年度）

  项目名称     宣传费

  项目资金\\    资金总额       10.00
  （万元）

               其中：财政拨款 8.00

               其他资金       ---

  一级指标     二级指标       三级指标   指标值

  产出指标     数量指标       宣传册印制 ≥1000
                              数量       \\*册

  ------------ -------------- ---------- ----------
";

#[test]
fn a_multiline_table_reads_cells_in_their_columns() {
    assert!(has_drawn_tables(MULTILINE));
    let lines: Vec<&str> = MULTILINE.lines().collect();
    let grids = drawn_grids(&lines).unwrap();
    assert_eq!(grids.len(), 1);
    let cells = cell_texts(&grids[0]);
    // The sheet's heading above the table, then the title in bold undone.
    assert_eq!(cells[0].4, "Sheet 1: *宣传费*");
    assert_eq!(cells[1].4, "财政项目支出绩效目标申报表");
    assert!(cells.contains(&(4, 0, 1, 1, "项目资金（万元）".into())));
    assert!(cells.contains(&(6, 2, 1, 1, "—".into())));
    assert!(cells.contains(&(8, 2, 1, 1, "宣传册印制数量".into())));
    assert!(cells.contains(&(8, 3, 1, 1, "≥1000*册".into())));
    // Every cell is placed at the line its text starts on.
    let place = grids[0].place_of(8, 2).to_string();
    assert!(place.contains("19"), "{place}");

    let out = read(MULTILINE);
    let form = &out.document.forms[0];
    assert_eq!(form.project_name(), Some("宣传费"));
    let Form::TargetDeclaration(d) = form else {
        panic!("{form:?}")
    };
    assert_eq!(d.indicators[0].name.as_deref(), Some("宣传册印制数量"));
}

/// A grid table with a cell over two columns and one over two rows, as
/// pandoc 3 and reStructuredText draw merged cells.
const GRID: &str = "\
财政项目支出绩效自评表

+--------+--------+--------+
| 项目名 | 宣传费          |
| 称     |                 |
+--------+--------+--------+
| 项目资 | 年初预 | 全年执 |
| 金     | 算数   | 行数   |
|        +--------+--------+
|        | 10.00  | 9.50   |
+--------+--------+--------+
";

#[test]
fn a_grid_table_keeps_its_spans() {
    let lines: Vec<&str> = GRID.lines().collect();
    let grids = drawn_grids(&lines).unwrap();
    assert_eq!(grids.len(), 1);
    assert_eq!(
        cell_texts(&grids[0]),
        vec![
            (0, 0, 1, 3, "财政项目支出绩效自评表".to_string()),
            (1, 0, 1, 1, "项目名称".into()),
            (1, 1, 1, 2, "宣传费".into()),
            (2, 0, 2, 1, "项目资金".into()),
            (2, 1, 1, 1, "年初预算数".into()),
            (2, 2, 1, 1, "全年执行数".into()),
            (3, 1, 1, 1, "10.00".into()),
            (3, 2, 1, 1, "9.50".into()),
        ]
    );
}

#[test]
fn a_grid_table_measured_otherwise_is_cut_at_its_sides() {
    // A writer that counted Chinese characters one column wide: the boxes
    // do not meet, so each line is cut at its `|`.
    let text = "+------+------+\n| 项目名称 | 宣传费 |\n+------+------+\n| 一级指标 | 产出指标 |\n+------+------+\n";
    let lines: Vec<&str> = text.lines().collect();
    let grids = drawn_grids(&lines).unwrap();
    assert_eq!(
        cell_texts(&grids[0]),
        vec![
            (0, 0, 1, 1, "项目名称".to_string()),
            (0, 1, 1, 1, "宣传费".into()),
            (1, 0, 1, 1, "一级指标".into()),
            (1, 1, 1, 1, "产出指标".into()),
        ]
    );
}

#[test]
fn a_simple_table_has_its_heading_above_the_ruler() {
    let text = "财政项目支出绩效目标申报表\n\n项目名称  宣传费\n--------  ------\n主管部门  区人社局\n\n后记\n";
    let lines: Vec<&str> = text.lines().collect();
    // One ruler is no drawn table: simple tables need a close or are rare.
    assert!(!has_drawn_tables(text));
    let grids = drawn_grids(&lines).unwrap();
    let cells = cell_texts(&grids[0]);
    assert_eq!(cells[0].4, "财政项目支出绩效目标申报表");
    assert_eq!(
        &cells[1..],
        &[
            (1, 0, 1, 1, "项目名称".to_string()),
            (1, 1, 1, 1, "宣传费".into()),
            (2, 0, 1, 1, "主管部门".into()),
            (2, 1, 1, 1, "区人社局".into()),
        ]
    );
}

#[test]
fn a_row_of_dashes_is_a_row_not_the_end_of_the_table() {
    let text = "  ------ ------ ------\n  分值   ---    ---\n\n  ---    ---\n\n  得分   5      6\n  ------ ------ ------\n";
    let lines: Vec<&str> = text.lines().collect();
    let grids = drawn_grids(&lines).unwrap();
    let cells = cell_texts(&grids[0]);
    assert!(
        cells.contains(&(2, 0, 1, 1, "得分".to_string())),
        "{cells:?}"
    );
}

#[test]
fn pandoc_marks_are_undone() {
    assert_eq!(clean_cell("**总分**"), "总分");
    assert_eq!(clean_cell("接入\"一网通办\"平台"), "接入“一网通办”平台");
    assert_eq!(clean_cell("say \"hi\""), "say \"hi\"");
    assert_eq!(clean_cell("2024\\-2025 --- 完成\\*"), "2024-2025 — 完成*");
    assert_eq!(clean_cell("*其他社会保障类*"), "其他社会保障类");
}

#[test]
fn text_without_drawn_tables_is_not_taken() {
    assert!(!has_drawn_tables(
        "项目名称\t宣传费\n---\n一级指标\t产出指标\n"
    ));
    assert!(!has_drawn_tables("| a | b |\n|---|---|\n| 1 | 2 |\n"));
    assert!(has_drawn_tables("+---+---+\n| a | b |\n+---+---+\n"));
}

#[test]
fn a_table_cut_off_ends_with_the_text() {
    // No bottom border: the table is what there is, no panic.
    let text = "+------+------+\n| 项目 | 宣传 |\n| 名称 | 费   |\n";
    let lines: Vec<&str> = text.lines().collect();
    let grids = drawn_grids(&lines).unwrap();
    assert_eq!(grids.len(), 1);
    let text = "  ------ ------\n  项目名称 宣传费\n";
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(drawn_grids(&lines).unwrap().len(), 1);
}

mod fuzz {
    use super::*;

    /// A small deterministic generator (xorshift): lines of border marks,
    /// sides, spaces, Chinese and ASCII text, blank lines.
    fn noise(seed: u64, lines: usize) -> String {
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let bits = [
            "+", "-", "---", "|", " ", "  ", "=", ":", "项目", "名称", "1.5", "\\", "*", "\"",
        ];
        let mut out = String::new();
        for _ in 0..lines {
            let n = (next() % 24) as usize;
            for _ in 0..n {
                out.push_str(bits[(next() % bits.len() as u64) as usize]);
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn any_text_reads_without_panic() {
        for seed in 0..3000u64 {
            let text = noise(seed, 1 + (seed % 30) as usize);
            let lines: Vec<&str> = text.lines().collect();
            let grids = drawn_grids(&lines).expect("small text");
            for g in &grids {
                let (h, w) = g.size();
                assert!(h <= lines.len() + AROUND_LINES && w <= 200, "{text}");
            }
            if has_drawn_tables(&text) {
                let _ = read_drawn_tables(&text, None, "f.md", Vocabulary::builtin());
            }
        }
    }

    #[test]
    fn every_grid_table_cell_lands_once() {
        // Tables drawn whole (random column widths, random merges across):
        // every text comes back once, in its column.
        for seed in 0..400u64 {
            let mut x = seed * 2654435761 + 1;
            let mut next = move |m: u64| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % m) as usize
            };
            let widths: Vec<usize> = (0..3 + next(3)).map(|_| 3 + next(6)).collect();
            let border: String = widths
                .iter()
                .map(|w| format!("+{}", "-".repeat(w + 2)))
                .collect::<String>()
                + "+";
            let mut text = border.clone() + "\n";
            let mut want = Vec::new();
            for r in 0..2 + next(4) {
                let mut line = String::new();
                for (c, w) in widths.iter().enumerate() {
                    let t = format!("格{r}{c}");
                    let t = if display_width(&t) <= *w {
                        t
                    } else {
                        String::new()
                    };
                    line.push_str(&format!("| {t}{} ", " ".repeat(w - display_width(&t))));
                    if !t.is_empty() {
                        want.push((r, c, t));
                    }
                }
                text.push_str(&(line + "|\n"));
                text.push_str(&(border.clone() + "\n"));
            }
            let lines: Vec<&str> = text.lines().collect();
            let grids = drawn_grids(&lines).unwrap();
            let got: Vec<(usize, usize, String)> = grids[0]
                .cells
                .iter()
                .map(|c| (c.row, c.col, c.value.text()))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
