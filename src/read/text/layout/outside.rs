//! Text after a form's table that is no part of it: a heading printed over
//! the next form (a sheet's name above its title), set apart from the table
//! by blank lines.

use crate::read::text::classify::{Class, Classifier, Shape};
use crate::read::text::source::Tok;

/// Blank lines that set a text apart from the table above it (rows of a
/// table printed with blank lines between them have one or two).
const APART: usize = 3;

/// Lines of such a text at most.
const APART_LINES: usize = 2;

/// Takes the section's last lines off when blank lines set them apart from
/// the table above ([`APART`] or more) and they hold one plain text each (no
/// label, title or number: a caption of what follows, not a cell of this
/// form); returns their cells, for a warning.
pub(crate) fn take_text_after_table(words: &Classifier, rows: &mut Vec<Vec<Tok>>) -> Vec<Tok> {
    let line = |r: &[Tok]| r.first().map_or(0, |t| t.line);
    let Some(k) = (1..rows.len())
        .rev()
        .take(APART_LINES)
        .find(|&k| line(&rows[k]) > line(&rows[k - 1]) + APART)
    else {
        return Vec::new();
    };
    let plain = rows[k..].iter().all(|r| {
        matches!(&r[..], [t] if matches!(
            words.class(&t.text),
            Class::Value(Shape::Text | Shape::Short)
        ))
    });
    if !plain {
        return Vec::new();
    }
    rows.split_off(k).into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use crate::read::text::{read_text_as, TextShape};

    #[test]
    fn a_caption_set_apart_below_a_table_is_no_cell_of_it() {
        // A Writer print of a workbook saved as a web page: each sheet's
        // name as a heading above its form, four blank lines below the
        // form before.
        let text = "
                 财政项目支出绩效目标申报表
                                (2024 年度)
     项目名称      征地养老费支出     项目性质             经常性项目
绩效    一级指标      二级指标               三级指标                年度(/项目)指标值
指标              数量指标     征地养老资金应发实发率                    =23000.00(人)
      产出指标      质量指标     征地养老资金发放准确率                    =100.00(%)
      满意度指标  服务对象满意度指标  受补对象满意度               ≥85.00(%)




Sheet 2: 外省市差旅费
                 财政项目支出绩效目标申报表
                                (2024 年度)
     项目名称      外省市差旅费     项目性质             经常性项目
绩效    一级指标      二级指标               三级指标                年度(/项目)指标值
指标              数量指标     案件调查完成率                    =100.00(%)
";
        let out = read_text_as(text.as_bytes(), "t.txt", Some(TextShape::Layout)).unwrap();
        let forms = &out.document.forms;
        assert_eq!(forms.len(), 2);
        let json = serde_json::to_value(&forms[0]).unwrap();
        let last = &json["indicators"][2];
        assert_eq!(last["name"], "受补对象满意度", "{json:#}");
        assert_eq!(last["target"], "≥85.00(%)");
        assert!(
            out.warnings
                .iter()
                .any(|w| w.message.contains("Sheet 2") && w.place == crate::read::Place::Line(13)),
            "{:?}",
            out.warnings
        );
    }
}
