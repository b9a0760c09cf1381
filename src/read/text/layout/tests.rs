use super::super::source::{aligned_cells, Metric};
use super::*;
use crate::read::vocab::Vocabulary;

pub(super) fn grid_of(text: &str) -> Grid {
    let rows: Vec<Vec<Tok>> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| aligned_cells(l, i + 1, Metric::Display))
        .collect();
    let words = Classifier::new(Vocabulary::builtin().clone());
    aligned_grid(&words, rows, "t", Metric::Display)
}

fn at(grid: &Grid, r: usize, c: usize) -> Option<String> {
    grid.cells
        .iter()
        .find(|x| x.row == r && x.col == c)
        .map(|x| x.value.text())
}

/// The row holding a cell with this text, and its cells in column order.
pub(super) fn row_with(grid: &Grid, text: &str) -> Vec<String> {
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

/// The column a cell with this text stands in.
fn col_of(grid: &Grid, text: &str) -> usize {
    grid.cells
        .iter()
        .find(|c| c.value.text() == text)
        .map(|c| c.col)
        .unwrap_or_else(|| panic!("no cell {text:?}: {grid:#?}"))
}

#[test]
fn a_wrapped_name_run_into_the_next_cell_is_cut_at_the_column_width() {
    // The name column wraps at ten characters (专项审计报告后质量合 / 规):
    // 监督国有企业工资科学, as wide, ends its cell; pdftotext set the
    // target's first line one space after it.
    let text = "
一级指标    二级指标      三级指标        年度指标值        实际完成值       分值     得分     偏差原因分析及改进措施

                专项审计报告后质量合
                                 合规         达成指标       2.00   2.00
                规

                监督国有企业工资科学 增长率按文件规定
                                            达成指标       2.00   2.00
                合理增长          执行
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "监督国有企业工资科学合理增长"),
        [
            "监督国有企业工资科学合理增长",
            "增长率按文件规定执行",
            "达成指标",
            "2.00",
            "2.00"
        ]
    );
    assert_eq!(row_with(&grid, "专项审计报告后质量合规").len(), 5);
}

#[test]
fn lone_lines_of_a_centred_cell_take_the_column_its_cells_stand_in() {
    // Names are left-aligned under a centred heading, targets centred: the
    // target's first and last lines stand nearer 三级指标's centre than
    // 年度指标值's, but where the targets of the rows above stand.
    let text = "
一级指标    二级指标      三级指标        年度指标值        实际完成值       分值     得分     偏差原因分析及改进措施
                补贴对象合规性          合规         达成指标       1.00   1.00

                数据真实度         无逻辑性错误        达成指标       1.00   1.00

                招聘流程规范性          合规         达成指标       2.00   2.00

                             当年度11月底前完
                招录完成时间                      达成指标       2.00   2.00
                               成全年招录
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "招录完成时间"),
        [
            "招录完成时间",
            "当年度11月底前完成全年招录",
            "达成指标",
            "2.00",
            "2.00"
        ]
    );
}

#[test]
fn the_last_lines_of_cells_centred_on_a_row_share_the_first_lines_columns() {
    // 足, the note's last line, is set far left of its first line: it
    // belongs to the column of the line it closes with 人数.
    let text = "
一级指标     二级指标         三级指标          年度指标值            实际完成值         分值         得分      偏差原因分析及改进措施
成本指标    经济成本指标     不超项目预算           未超项目预算            达成指标         10.00     10.00

                   发放征地养老人员费用                                                         对去世人员数量预估不
                                    ≤2.75(万人)        2.76(万人)      8.00       7.00
                   人数                                                                 足
         数量指标
                   缴纳居民医保征地养老
                                    ≤2.75(万人)        2.75(万人)      8.00       8.00
                   人员数
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "发放征地养老人员费用人数"),
        [
            "数量指标",
            "发放征地养老人员费用人数",
            "≤2.75(万人)",
            "2.76(万人)",
            "8.00",
            "7.00",
            "对去世人员数量预估不足"
        ]
    );
}

#[test]
fn a_funding_row_squeezed_left_is_placed_by_its_arithmetic() {
    // 年初预算数 is blank: by place the numbers would fill the first
    // columns; 40.87 = 63.75 / 156 × 100 and the blank marks under 分值 and
    // 得分 say where they stand.
    let text = "
                    年初预算数       全年预算数        全年执行数          分值     执行率(%)       得分

        年度资金总额                         156          63.75   10      40.87       4.09
项目资金
（万元）   其中：当年财政拨款                       156          63.75    —      40.87        —

        上年结转资金                                               —                   —
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "年度资金总额"),
        ["年度资金总额", "156", "63.75", "10", "40.87", "4.09"]
    );
    assert_eq!(col_of(&grid, "156"), col_of(&grid, "全年预算数"));
    assert_eq!(col_of(&grid, "4.09"), col_of(&grid, "得分"));
    let sub = row_with(&grid, "其中：当年财政拨款");
    assert_eq!(
        sub,
        ["其中：当年财政拨款", "156", "63.75", "—", "40.87", "—"]
    );
    assert_eq!(col_of(&grid, "40.87"), col_of(&grid, "执行率(%)"));
}

#[test]
fn the_total_row_is_no_category_row() {
    // The band starts on a new page (可持续影响指标's level 1 stood on the
    // page before); 满意度指标 is centred on the two rows after it. Taking in
    // the 总分 row would centre it on all four rows as well.
    let text = "
一级指标   二级指标       三级指标       分值    得分

           可持续影响指标  长效机制       10.00   10.00

                          甲满意度       10.00   10.00
满意度指标  服务对象满意度指标
                          乙满意度       10.00   10.00

                          总分           30.00   30.00
";
    let grid = grid_of(text);
    assert_eq!(row_with(&grid, "甲满意度")[0], "满意度指标");
    assert_eq!(row_with(&grid, "长效机制")[0], "可持续影响指标");
}

#[test]
fn a_level_one_category_spans_whole_level_two_categories() {
    // 人才支持类 of the hrss print: by its centre alone 效益指标 would start
    // inside 社会效益指标's rows and 满意度指标 take in 长效管理机制健全性;
    // level-1 runs start where level-2 runs do.
    let text = "
一级指标      二级指标        三级指标          年度指标值          实际完成值          分值       得分      偏差原因分析及改进措施

成本指标     经济成本指标     成本节约情况           未超标准           达成指标         10.00     10.00

                    获评领军人才配套资助
                                    =1.00(人)        1.00(人)       5.00     5.00
                    人数
                    人才引进和服务工作完
          数量指标                      ≥95.00(%)      100.00(%)      5.00     5.00
                    成率
                    人才培育和管理工作的
                                    ≥95.00(%)      100.00(%)      5.00     5.00
                    完成率
产出指标
                    配套资金合规            合规            达成指标         10.00     10.00
          质量指标
                    资助资金使用合规性         合规            达成指标         10.00     10.00


          时效指标      配套资金资助发放及时        及时            达成指标         10.00     10.00


                    充实高端人才队伍          充实            达成指标          5.00     5.00


                    提供优秀人才保障         有效保障           达成指标          5.00     5.00
         社会效益指标
                    政策知晓率           ≥95.00(%)      100.00(%)      5.00     5.00
效益指标

                    为嘉定区经济社会发展
                                      有效            达成指标          5.00     5.00
                    提供有效保障


         可持续影响指标    长效管理机制健全性         健全            达成指标          5.00     5.00

                    领军人才及其单位满意
                                    ≥95.00(%)      100.00(%)      5.00     5.00
                    度
满意度指标   服务对象满意度指标
                    人才满意度           ≥95.00(%)      100.00(%)      5.00     5.00

                       总分                                        100.00    99.73
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "充实高端人才队伍")[..2],
        ["效益指标", "社会效益指标"]
    );
    assert_eq!(row_with(&grid, "长效管理机制健全性")[0], "可持续影响指标");
    assert_eq!(
        row_with(&grid, "领军人才及其单位满意度")[..2],
        ["满意度指标", "服务对象满意度指标"]
    );
}

#[test]
fn headings_cut_around_their_heading_line_join_it() {
    // 执行率(%) printed centred on the funding headings: its first line
    // above them, its last below; 偏差原因分析及改进措施 likewise.
    let text = "
                                                       执行率
          年初预算数      全年预算数   全年执行数   分值           得分
                                                        (%)
年度资金总额     7.80          1.55        1.55    10.00   100.00   10.00
                                                                                    偏差原因分析及改
一级指标    二级指标        三级指标       年度指标值   实际完成值   分值    得分
                                                                                         进措施
成本指标  经济成本指标   不超项目预算     未超项目预算   达成指标   10.00   10.00
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "执行率(%)"),
        [
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率(%)",
            "得分"
        ]
    );
    assert_eq!(
        row_with(&grid, "年度资金总额"),
        [
            "年度资金总额",
            "7.80",
            "1.55",
            "1.55",
            "10.00",
            "100.00",
            "10.00"
        ]
    );
    assert_eq!(
        row_with(&grid, "偏差原因分析及改进措施")
            .last()
            .map(String::as_str),
        Some("偏差原因分析及改进措施")
    );
    assert_eq!(
        row_with(&grid, "成本指标"),
        [
            "成本指标",
            "经济成本指标",
            "不超项目预算",
            "未超项目预算",
            "达成指标",
            "10.00",
            "10.00"
        ]
    );
}

#[test]
fn row_labels_cut_around_their_values_join_the_row() {
    // 其中：当年财政拨款 printed centred on its row: its first line above the
    // row's values, its last below.
    let text = "
                 年初预算数   全年预算数   全年执行数   分值    得分
      年度资金总额     7.80         1.55         1.55    10.00   10.00
      其中：当年财
                       7.80         1.55         1.55      —       —
         政拨款
      上年结转资金     0.00         0.00         0.00      —       —
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "其中：当年财政拨款"),
        ["其中：当年财政拨款", "7.80", "1.55", "1.55", "—", "—"]
    );
    assert_eq!(
        row_with(&grid, "上年结转资金"),
        ["上年结转资金", "0.00", "0.00", "0.00", "—", "—"]
    );
}

#[test]
fn a_goals_last_line_left_of_the_headings_stays_in_its_column() {
    // 年度 / 总体 / 目标 cut over lines beside the goals; the expected goal's
    // last line is short and stands left of where 预期目标 starts.
    let text = "
                    预期目标                              实际完成情况
  年度
                                                 保障征地人员的合法权益，为征地
  总体
        为了保障征地人员的合法权益，为征地安置   安置人员连续缴纳养老保险，
  目标
        人员连续缴纳养老保险。                   返还其个人账户剩余资金。
";
    let grid = grid_of(text);
    let goal = "为了保障征地人员的合法权益，为征地安置人员连续缴纳养老保险。";
    let row = row_with(&grid, goal);
    assert_eq!(row.len(), 2, "{row:?}");
    assert!(row[1].ends_with("返还其个人账户剩余资金。"), "{row:?}");
}

#[test]
fn values_cut_around_their_row_join_it() {
    // =100.00(百分比) printed centred on its row: `=100.00(百分` above the
    // row's line, `比)` below.
    let text = "
一级指标    二级指标     三级指标     年度指标值    实际完成值    分值    得分
成本指标  经济成本指标   成本节约     未超预算      达成指标      20.00   20.00
                                   =100.00(百分  100.00(百分
产出指标    质量指标     质量达标率                               10.00   10.00
                                       比)          比)
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "质量达标率"),
        [
            "产出指标",
            "质量指标",
            "质量达标率",
            "=100.00(百分比)",
            "100.00(百分比)",
            "10.00",
            "10.00"
        ]
    );
}

#[test]
fn a_band_label_cut_over_lines_is_no_row_between_bracketing_lines() {
    // 绩效 / 指标 left of the indicator headings: the line of 指标 is no
    // row line whose cells the lines around it would be centred on (the
    // text is centred: a category stands on a line of its own).
    let text = "
      一级指标    二级指标      三级指标                年度指标值
                  时效指标      资金发放及时率          与政策规定一致
                                补贴对象覆盖率          =100.00(%)
绩效
指标                            待遇提升情况            提升
      效益指标    社会效益指标  制度完善情况            完善
                  服务对象满意度
      满意度指标                受补对象满意度          ≥85.00(%)
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "补贴对象覆盖率"),
        ["补贴对象覆盖率", "=100.00(%)"]
    );
    assert!(row_with(&grid, "待遇提升情况").ends_with(&["待遇提升情况".into(), "提升".into()]));
}

#[test]
fn pdftotext_spaces_around_numbers_in_text_are_taken_out() {
    assert_eq!(close_number_gaps("2024 年 2 次赴云南"), "2024年2次赴云南");
    assert_eq!(close_number_gaps("劳动力 736 人。"), "劳动力736人。");
    assert_eq!(close_number_gaps("达成指标 10.00"), "达成指标 10.00");
    assert_eq!(
        close_number_gaps("=100.00(%) 100.00(%)"),
        "=100.00(%) 100.00(%)"
    );
}

#[test]
fn headings_one_space_apart_are_cells_each() {
    let words = Classifier::new(Vocabulary::builtin().clone());
    let t = Tok {
        text: "年初预算数 全年预算数 分值".into(),
        line: 1,
        at: 4,
        class: None,
    };
    let parts = split_headings(t, &words, Metric::Chars);
    let got: Vec<(&str, usize)> = parts.iter().map(|t| (t.text.as_str(), t.at)).collect();
    assert_eq!(got, [("年初预算数", 4), ("全年预算数", 10), ("分值", 16)]);
    let prose = Tok {
        text: "年初预算数 为了保障".into(),
        line: 1,
        at: 0,
        class: None,
    };
    assert_eq!(split_headings(prose, &words, Metric::Chars).len(), 1);
}

#[test]
fn a_field_label_one_space_before_its_value_is_two_cells() {
    let words = Classifier::new(Vocabulary::builtin().clone());
    let tok = |text: &str| Tok {
        text: text.into(),
        line: 1,
        at: 0,
        class: None,
    };
    let parts = split_category(tok("项目名称 其他专项工作经费"), &words, Metric::Chars);
    let got: Vec<(&str, usize)> = parts.iter().map(|t| (t.text.as_str(), t.at)).collect();
    assert_eq!(got, [("项目名称", 0), ("其他专项工作经费", 5)]);
    // Two labels with their values stay for the columns to part.
    let two = split_category(tok("项目名称 某项目 主管部门 某局"), &words, Metric::Chars);
    assert_eq!(two.len(), 1);
}

#[test]
fn a_category_beside_the_first_line_of_centred_cells_makes_no_row() {
    // Writer's print: the name and the note of two lines each centred on
    // the line of the values; the level-1 category, merged over many rows,
    // happens to stand on the names' first line (a category on a line of
    // its own: the text is centred).
    let text = "
一级指标    二级指标      三级指标          年度指标值     实际完成值     分值    得分    偏差原因分析
                          成本节约情况      未超项目预算   达成指标       3.00    3.00
成本指标    经济成本指标  培训人次          ≥200(人)       246(人)        2.00    2.00
产出指标                  企业薪酬调查工作                                                企业样本由人
                                            ≥230.00(家)    204.00(家)     2.00    1.00
                          完成数                                                          社部确定
                          招聘人数          ≤20.00(人)     18.00(人)      1.00    1.00
            数量指标
                          补助监测点数量    =3.00(个)      3.00(个)       1.00    1.00
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "企业薪酬调查工作完成数"),
        [
            "企业薪酬调查工作完成数",
            "≥230.00(家)",
            "204.00(家)",
            "2.00",
            "1.00",
            "企业样本由人社部确定"
        ]
    );
}
