//! Bad input on the recognizer: a heading with an unknown column, a row
//! with one cell too many, two forms run together, a form cut off mid-row,
//! a word where a number belongs. Each gives a warning (or an error) with
//! its place; never a panic, never a value in the wrong field.

use jixiao::model::{Form, SelfEvaluation};
use jixiao::read::grid::{Grid, GridPlaces, Value};
use jixiao::read::recognize::recognize;
use jixiao::read::ReadOutput;

/// Rows of " | "-separated cells, one per line (line numbers from 1).
fn read(rows: &str) -> ReadOutput {
    let mut grid = Grid::new("t.txt", GridPlaces::Lines);
    for (r, line) in rows.lines().enumerate() {
        for (c, cell) in line.split(" | ").enumerate() {
            grid.push(r, c, Value::from_text(cell.trim()), r + 1);
        }
    }
    let mut out = ReadOutput::default();
    recognize(&grid, "t.txt", &mut out).unwrap();
    out
}

fn form(out: &ReadOutput, i: usize) -> &SelfEvaluation {
    match &out.document.forms[i] {
        Form::SelfEvaluation(f) => f,
        other => panic!("{:?}", other.kind()),
    }
}

fn places(out: &ReadOutput) -> Vec<String> {
    out.warnings.iter().map(|w| w.place.to_string()).collect()
}

const HEAD: &str = "财政项目支出绩效自评表 | (2024年度)
项目名称 | 甲项目
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施";

#[test]
fn an_unknown_column_is_named_and_its_cells_stay_out() {
    let out = read(
        "财政项目支出绩效自评表
项目名称 | 甲项目
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 评分标准 | 实际完成值 | 分值 | 得分
产出指标 | 数量指标 | 培训人次 | ≥100人次 | 按比例 | 120人次 | 10 | 10",
    );
    let f = form(&out, 0);
    let i = &f.indicators[0];
    assert_eq!(i.target.as_deref(), Some("≥100人次"));
    assert_eq!(i.actual.as_deref(), Some("120人次"));
    assert_eq!(i.weight.unwrap().to_string(), "10");
    assert_eq!(places(&out), ["第 3 行"]);
    assert!(out.warnings[0].message.contains("评分标准"));
}

#[test]
fn a_row_with_one_cell_too_many_is_reported_and_the_cell_not_read() {
    let out = read(&format!(
        "{HEAD}
产出指标 | 数量指标 | 培训人次 | ≥100人次 | 120人次 | 10 | 10 | 无 | 多余"
    ));
    let i = &form(&out, 0).indicators[0];
    assert_eq!(i.note.as_deref(), Some("无"));
    assert_eq!(places(&out), ["第 4 行"]);
    assert!(out.warnings[0].message.contains("多出 1 格"));
}

#[test]
fn a_word_in_a_number_column_is_a_warning_and_the_field_stays_empty() {
    let out = read(&format!(
        "{HEAD}
产出指标 | 数量指标 | 培训人次 | ≥100人次 | 120人次 | 十分 | 10"
    ));
    let i = &form(&out, 0).indicators[0];
    assert_eq!(i.weight, None);
    assert_eq!(i.score.unwrap().to_string(), "10");
    let w: Vec<_> = out
        .warnings
        .iter()
        .filter(|w| w.message.contains("十分"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", out.warnings);
    assert_eq!(w[0].place.to_string(), "第 4 行");
}

#[test]
fn two_forms_run_together_read_as_two_and_an_untitled_second_is_reported() {
    let out = read(&format!(
        "{HEAD}
产出指标 | 数量指标 | 培训人次 | ≥100人次 | 120人次 | 10 | 10
财政项目支出绩效自评表
项目名称 | 乙项目
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
效益指标 | 社会效益指标 | 就业率 | ≥90% | 95% | 20 | 20"
    ));
    assert_eq!(out.document.forms.len(), 2);
    assert_eq!(form(&out, 1).project_name.as_deref(), Some("乙项目"));
    assert_eq!(form(&out, 1).indicators[0].name.as_deref(), Some("就业率"));
    assert_eq!(form(&out, 0).indicators.len(), 1);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);

    let out = read(&format!(
        "{HEAD}
产出指标 | 数量指标 | 培训人次 | ≥100人次 | 120人次 | 10 | 10
项目名称 | 乙项目
效益指标 | 社会效益指标 | 就业率 | ≥90% | 95% | 20 | 20"
    ));
    assert_eq!(out.document.forms.len(), 1);
    let f = form(&out, 0);
    assert_eq!(f.project_name.as_deref(), Some("甲项目"));
    assert_eq!(f.indicators.len(), 1);
    assert_eq!(places(&out), ["第 5 行"]);
}

#[test]
fn a_form_cut_off_mid_row_is_reported_at_that_row() {
    let out = read(&format!(
        "{HEAD}
产出指标 | 数量指标 | 培训人次 | ≥100人次 | 120人次 | 10 | 10
效益指标 | 社会效益指标 | 就业"
    ));
    let f = form(&out, 0);
    assert_eq!(f.indicators.len(), 2);
    let last = &f.indicators[1];
    assert_eq!(last.name.as_deref(), Some("就业"));
    assert_eq!((last.target.as_deref(), last.weight), (None, None));
    assert_eq!(places(&out), ["第 5 行"]);
    assert!(out.warnings[0].message.contains("中断"));
}

#[test]
fn nonsense_gives_no_form_and_no_panic() {
    for text in [
        "",
        " | | ",
        "一级指标",
        "一级指标 | 二级指标 | 三级指标\n | | \n产出指标",
        "项目资金 | 年初预算数 | 全年预算数\n年度资金总额 | x | y | z | 1 | 2 | 3 | 4 | 5 | 6 | 7",
        "财政项目支出绩效自评表\n财政项目支出绩效自评表\n总分",
    ] {
        let out = read(text);
        assert!(out.document.forms.len() <= 2, "{text}");
    }
}

#[test]
fn a_text_form_with_nothing_filled_in_is_reported() {
    let out = read("财政项目支出绩效自评表\n项目名称\n一级指标 | 二级指标 | 三级指标 | 实际完成值");
    assert_eq!(out.document.forms.len(), 1);
    assert_eq!(places(&out), ["第 1 行"]);
    assert!(out.warnings[0].message.contains("空白表格"));
}

/// Funding numbers at the edge of what a decimal holds: the rows' arithmetic
/// (执行率 = 执行数 / 预算数 × 100) is tried in every text shape and must
/// give up, not overflow.
#[test]
fn huge_funding_numbers_in_every_text_shape_do_not_panic() {
    use jixiao::read::text::{read_text_as, TextShape};
    let big = "79228162514264337593543950335";
    let heads = [
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ];
    let values = [big, "0.0000001", big, "10", "100.00", "10"];
    let aligned = |cells: &[&str]| -> String {
        cells.iter().map(|c| format!("{c:<32}")).collect::<String>() + "\n"
    };
    let mut layout = String::from("财政项目支出绩效自评表\n项目名称    甲项目\n");
    layout += &aligned(&[&["        "][..], &heads].concat());
    layout += &aligned(&[&["年度资金总额"][..], &values].concat());
    // The same squeezed left (an empty column): the squeezed-row rule runs.
    layout += &aligned(&["其他资金", big, big, "100.00"]);
    let glued = format!(
        "财政项目支出绩效自评表项目名称甲项目{}年度资金总额{}",
        heads.concat(),
        values.concat()
    );
    let line = format!(
        "财政项目支出绩效自评表 项目名称 甲项目 {} 年度资金总额 {}",
        heads.join(" "),
        values.join(" ")
    );
    for (text, shape) in [
        (layout.as_str(), TextShape::Layout),
        (glued.as_str(), TextShape::Glued),
        (line.as_str(), TextShape::Line),
        (line.as_str(), TextShape::Samples),
    ] {
        // Read or refused; reaching here without a panic is the point.
        let _ = read_text_as(text.as_bytes(), "big.txt", Some(shape));
    }
}
