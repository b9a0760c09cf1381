use super::super::source::aligned_cells;
use super::*;
use crate::read::vocab::Vocabulary;

fn grid_of(text: &str) -> Grid {
    let rows: Vec<Vec<Tok>> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| aligned_cells(l, i + 1))
        .collect();
    let words = Classifier::new(Vocabulary::builtin().clone());
    aligned_grid(&words, rows, "t")
}

fn at(grid: &Grid, r: usize, c: usize) -> Option<String> {
    grid.cells
        .iter()
        .find(|x| x.row == r && x.col == c)
        .map(|x| x.value.text())
}

/// The row holding a cell with this text, and its cells in column order.
fn row_with(grid: &Grid, text: &str) -> Vec<String> {
    let r = grid
        .cells
        .iter()
        .find(|c| c.value.text() == text)
        .map(|c| c.row)
        .unwrap_or_else(|| panic!("no cell {text:?}: {grid:#?}"));
    let mut cells: Vec<_> = grid.cells.iter().filter(|c| c.row == r).collect();
    cells.sort_by_key(|c| c.col);
    cells.iter().map(|c| c.value.text()).collect()
}

#[test]
fn columns_follow_alignment() {
    let grid = grid_of("项目名称    宣传费\n一级指标    二级指标    三级指标\n产出指标    数量指标    人数\n            质量指标    合格率\n");
    assert_eq!(at(&grid, 3, 1).as_deref(), Some("质量指标"));
    assert_eq!(at(&grid, 3, 2).as_deref(), Some("合格率"));
    assert_eq!(at(&grid, 0, 1).as_deref(), Some("宣传费"));
}

#[test]
fn top_aligned_wraps_join_the_row_above() {
    let text = "
一级指标    二级指标    三级指标        分值    得分
产出指标    数量指标    培训人数达到    10      9
                        预定目标
            质量指标    合格率          10      10
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "培训人数达到预定目标"),
        ["产出指标", "数量指标", "培训人数达到预定目标", "10", "9"]
    );
    assert_eq!(
        row_with(&grid, "合格率"),
        ["质量指标", "合格率", "10", "10"]
    );
}

#[test]
fn centred_cells_and_merged_categories_find_their_rows() {
    // pdftotext -layout of a printed table: cells of two lines stand above
    // and below their row's line; 产出指标 is merged over three rows and
    // printed at their middle.
    let text = "
一级指标   二级指标   三级指标             分值    得分

                      征地安置人员资金返还
           数量指标                        10.00   10.00
                      完成情况
                      申请对象合规性       10.00   10.00
产出指标   质量指标
                      资金返还的
                                           10.00   9.00
                      准确性
效益指标   社会效益指标   权益保障             10.00   10.00
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "征地安置人员资金返还完成情况"),
        [
            "产出指标",
            "数量指标",
            "征地安置人员资金返还完成情况",
            "10.00",
            "10.00"
        ]
    );
    assert_eq!(
        row_with(&grid, "申请对象合规性"),
        ["质量指标", "申请对象合规性", "10.00", "10.00"]
    );
    assert_eq!(
        row_with(&grid, "资金返还的准确性"),
        ["资金返还的准确性", "10.00", "9.00"]
    );
    assert_eq!(row_with(&grid, "权益保障")[0], "效益指标");
}

#[test]
fn a_label_cut_over_lines_heads_its_band() {
    let text = "
              年初预算数     全年预算数     全年执行数
      年度资金总额     7.80     1.55     1.55
项目资金
（万元）  其中：财政拨款   7.80     1.55     1.55
";
    let grid = grid_of(text);
    assert_eq!(row_with(&grid, "年初预算数")[0], "项目资金（万元）");
    assert_eq!(
        row_with(&grid, "年度资金总额"),
        ["年度资金总额", "7.80", "1.55", "1.55"]
    );
    assert_eq!(row_with(&grid, "其中：财政拨款").len(), 4);
}
