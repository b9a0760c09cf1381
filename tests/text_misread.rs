//! Text with misread words (OCR, shape 6 of variants.md): a form whose
//! title or 项目名称 was misread is still found by its other header labels
//! and its tables, and the place where it was cut off the form before it is
//! named in a warning.

use jixiao::read::text::{read_text_as, TextShape};

/// The jiading sample (tab-separated), its first title misread and
/// the second form's title and 项目名称 misread.
fn misread_sample() -> String {
    let text = std::fs::read_to_string("samples/selfeval-jiading-2024.txt").unwrap();
    let mut titles = 0;
    let mut names = 0;
    let mut out = String::new();
    for line in text.lines() {
        let mut line = line.to_string();
        if line.contains("财政项目支出绩效自评表") {
            titles += 1;
            if titles <= 2 {
                line = line.replace("自评表", "蜂评表");
            }
        }
        if line.starts_with("项目名称") {
            names += 1;
            if names == 2 {
                line = line.replacen("项目名称", "蜂目名称", 1);
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    assert_eq!((titles, names), (4, 4), "the sample changed");
    out
}

#[test]
fn forms_with_misread_titles_and_names_are_still_found() {
    let text = misread_sample();
    let out = read_text_as(text.as_bytes(), "ocr.txt", Some(TextShape::SamplesGrid)).unwrap();
    let names: Vec<Option<&str>> = out
        .document
        .forms
        .iter()
        .map(|f| f.project_name())
        .collect();
    assert_eq!(
        names,
        [
            Some("其他社会保障类"),
            None,
            Some("信息化项目建设"),
            Some("养老事业类")
        ],
        "{:#?}",
        out.warnings
    );
    // The second form begins where its 主管部门 repeats the first form's.
    let cut = out
        .warnings
        .iter()
        .find(|w| w.message.contains("又一个“主管部门”"))
        .expect("a warning where the second form begins");
    assert!(cut.place.to_string().contains("第"), "{}", cut.place);
}
