//! Cells cut over lines: indicator categories, category words that are
//! names, names centred on their row's values.

use super::super::source::{aligned_cells, Metric};
use super::tests::{grid_of, row_with};
use super::*;
use crate::read::vocab::Vocabulary;

/// The grid of `pdftotext -layout` text (a CJK character one column).
fn grid_of_chars(text: &str) -> Grid {
    let rows: Vec<Vec<Tok>> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| aligned_cells(l, i + 1, Metric::Chars))
        .collect();
    let words = Classifier::new(Vocabulary::builtin().clone());
    aligned_grid(&words, rows, "t", Metric::Chars)
}

#[test]
fn a_category_cut_beside_a_names_lines_is_joined() {
    // 满意度指标 and 服务对象满意度指标 merged over two rows, each cut over
    // two lines around the first name's first line: the pieces are no
    // names of their own.
    let text = "
一级指标  二级指标       三级指标         年度指标值   实际完成值   分值    得分
                         受补贴人员满意
                                          =100.00(%)    100.00(%)    3.00    3.00
                         度
满意度指  服务对象满意
                         鼓励创业带动就
   标        度指标
                         业受补贴对象满     ≥90(%)     100.00(%)    2.00    2.00
                         意度
                               总分                                 100.00  99.85
";
    let grid = grid_of(text);
    // Each category heads the first row of its run (the recognizer copies
    // it down).
    assert_eq!(
        row_with(&grid, "受补贴人员满意度"),
        [
            "满意度指标",
            "服务对象满意度指标",
            "受补贴人员满意度",
            "=100.00(%)",
            "100.00(%)",
            "3.00",
            "3.00"
        ]
    );
    assert_eq!(
        row_with(&grid, "鼓励创业带动就业受补贴对象满意度"),
        [
            "鼓励创业带动就业受补贴对象满意度",
            "≥90(%)",
            "100.00(%)",
            "2.00",
            "2.00"
        ]
    );
    assert!(grid.cells.iter().all(|c| c.value.text() != "度指标"));
}

#[test]
fn a_category_alias_cut_before_its_last_word_is_joined() {
    // 服务对象满意度 is a category of its own; with 指标 below it, it is
    // 服务对象满意度指标, centred on its one row, not a category of two rows
    // centred on the line between them (which moved 社会效益指标's run).
    let text = "
         一级指标       二级指标                三级指标                     年度(/项目)指标值
                        数量指标     征地养老资金应发实发率                   =23000.00(人)
         产出指标       质量指标     征地养老资金发放准确率                     =100.00(%)
                        时效指标     征地养老资金发放及时率                   与政策规定一致
                                     补贴对象覆盖率                             =100.00(%)
绩效
指标                                 征地养老待遇提升情况                          提升
         效益指标     社会效益指标   社会保障制度完善情况                          完善
                                     有责投诉数                                 =0.00(起)
                                     群体性事件发生数                           =0.00(件)
                     服务对象满意度
        满意度指标                   受补对象满意度                             ≥85.00(%)
                          指标
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "补贴对象覆盖率"),
        ["效益指标", "社会效益指标", "补贴对象覆盖率", "=100.00(%)"]
    );
    assert_eq!(
        row_with(&grid, "受补对象满意度"),
        [
            "满意度指标",
            "服务对象满意度指标",
            "受补对象满意度",
            "≥85.00(%)"
        ]
    );
}

#[test]
fn a_category_word_where_flush_left_names_start_is_a_name() {
    // The names start at one column; 服务对象满意度, a category word,
    // starts there too, on the line of its values: it is that row's name.
    let text = "
一级指标    二级指标        三级指标       年度指标值   实际完成值   分值    得分
成本指标  经济成本指标   不超项目预算     未超项目预算   达成指标   10.00   10.00
            数量指标     项目完成率       =100.00(%)    100.00(%)   20.00   20.00
产出指标
            质量指标     项目验收合格率   =100.00(%)    100.00(%)   20.00   20.00
满意度指  服务对象满意
                         服务对象满意度   ≥90.00(%)     90.00(%)    10.00   10.00
   标        度指标
                               总分                                 100.00  99.45
";
    let grid = grid_of(text);
    assert_eq!(
        row_with(&grid, "服务对象满意度"),
        [
            "满意度指标",
            "服务对象满意度指标",
            "服务对象满意度",
            "≥90.00(%)",
            "90.00(%)",
            "10.00",
            "10.00"
        ]
    );
}

#[test]
fn names_split_around_their_values_show_centred_text() {
    // Writer's print: no category stands on a line of its own and each
    // name's first line follows the row line before, but two names are
    // split around a line of values that leaves their column blank: the
    // text is centred, and 档案专业化管理 / 水平 is one name.
    let text = "
一级指标     二级指标       三级指标     年度指标值         实际完成值        分值      得分
        数量指标     档案管理数量          >=40000 份     42467 份     10      10
                 档案资料完备性           完备           完备         10      10
产出指标    质量指标     第三方服务考核
                                   达标           达标         10      10
                 达标
        时效指标     归档及时性             及时           及时         10      10
                 档案专业化管理
效益指标   社会效益指标                      提升           提升         10      10
                 水平
                 档案管理效率提
                                   提升           提升         10      10
                 升情况
";
    let grid = grid_of_chars(text);
    assert_eq!(
        row_with(&grid, "第三方服务考核达标"),
        ["第三方服务考核达标", "达标", "达标", "10", "10"]
    );
    assert!(row_with(&grid, "档案专业化管理水平").ends_with(
        &[
            "社会效益指标",
            "档案专业化管理水平",
            "提升",
            "提升",
            "10",
            "10"
        ]
        .map(String::from)
    ));
    assert_eq!(
        row_with(&grid, "档案管理效率提升情况"),
        ["档案管理效率提升情况", "提升", "提升", "10", "10"]
    );
}

#[test]
fn a_cut_category_run_into_the_name_beside_it_is_split_and_joined() {
    // pdftotext set the first pieces of 可持续影响指标 and 服务对象满意度指标
    // one space before the names beside them (Writer's print, names
    // centred on their values).
    let text = "
一级指标    二级指标      三级指标      年度指标值       实际完成值       分值     得分
                健全支扶人员保障
                              健全         达成指标        2.00    2.00
                机制
                有效提升大学生为
                            有效提升         达成指标        2.00    2.00
                基层服务的吸引力
                监测数据反馈情况    及时反馈         达成指标        2.00    2.00
                保证打印设备正常
                            正常使用         达成指标        2.00    2.00
                使用
                维护当事人人力资
                         权益得到保障          达成指标        2.00    2.00
                源社会保障权益
       可持续影响指 长效管理机制健全
                              健全         达成指标        2.00    2.00
          标   性
                人员满意度      =100.00(%)   100.00(%)    3.00    3.00
                管理方满意度     ≥90.00(%)    100.00(%)    3.00    3.00
                           无投诉、无违
      服务对象满意 考生满意度                       达成指标        3.00    3.00
满意度指标                         纪
        度指标
             招聘单位满意度       ≥90.00(%)    98.00(%)     3.00    3.00
";
    let grid = grid_of_chars(text);
    let ends = |name: &str, cells: &[&str]| {
        let row = row_with(&grid, name);
        assert!(
            row.ends_with(&cells.iter().map(|c| c.to_string()).collect::<Vec<_>>()),
            "{row:?}"
        );
    };
    ends(
        "长效管理机制健全性",
        &["长效管理机制健全性", "健全", "达成指标", "2.00", "2.00"],
    );
    ends(
        "考生满意度",
        &[
            "服务对象满意度指标",
            "考生满意度",
            "无投诉、无违纪",
            "达成指标",
            "3.00",
            "3.00",
        ],
    );
    let texts: Vec<String> = grid.cells.iter().map(|c| c.value.text()).collect();
    assert!(texts.iter().any(|t| t == "可持续影响指标"), "{texts:?}");
    assert!(
        !texts.iter().any(|t| t == "标" || t == "度指标"),
        "{texts:?}"
    );
}

#[test]
fn field_labels_one_space_from_the_values_beside_them_are_cells() {
    // Chromium's print sets narrow cells one space apart: the labels
    // 项目性质 and 实施单位 stand between their neighbours' values.
    let text = "
    项目名称    政府购买辅助服务 项目性质    经常性项目    项目类别        特定目标类
    主管部门    上海市闵行区人力资源和社会保障局 实施单位 上海市闵行区社会保障服务中心
";
    let grid = grid_of_chars(text);
    assert_eq!(
        row_with(&grid, "项目性质"),
        [
            "项目名称",
            "政府购买辅助服务",
            "项目性质",
            "经常性项目",
            "项目类别",
            "特定目标类"
        ]
    );
    assert_eq!(
        row_with(&grid, "实施单位"),
        [
            "主管部门",
            "上海市闵行区人力资源和社会保障局",
            "实施单位",
            "上海市闵行区社会保障服务中心"
        ]
    );
}

#[test]
fn a_label_cut_over_three_lines_keeps_its_unit() {
    // 项目资金(元) printed over three lines left of the funding rows, beside
    // 其中：财政资 / 金: 项目 / 资金 make a label, and its unit (元) on the
    // line below is part of it.
    let text = "
                                                      年度资金申请总
       项目资金总额                                                                 1,094,910,000.00
                                                            额
项目   其中：财政资                                   其中：当年财政
                                                                                    1,094,910,000.00
资金        金                                             拨款
(元)
                                                       上年结转资金                             0.00
";
    let grid = grid_of(text);
    let texts: Vec<String> = grid.cells.iter().map(|c| c.value.text()).collect();
    assert!(texts.iter().any(|t| t == "项目资金(元)"), "{texts:?}");
    assert!(!texts.iter().any(|t| t == "(元)"), "{texts:?}");
}
