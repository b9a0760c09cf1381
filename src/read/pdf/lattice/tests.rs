//! Tests of the lattice: cells from ruling lines, lines of cells joined.

use super::*;

fn rule(x0: f32, y0: f32, x1: f32, y1: f32) -> Rule {
    Rule { x0, y0, x1, y1 }
}

fn glyph(x: f32, y: f32, t: &str) -> Glyph {
    Glyph {
        x,
        y,
        w: 10.0,
        size: 10.0,
        text: t.into(),
    }
}

#[test]
fn missing_inner_lines_merge_cells() {
    // Two rows, three columns; the first row's line between columns 1
    // and 2 is missing, so its last two cells are one.
    let rules = vec![
        rule(0.0, 100.0, 300.0, 100.0),
        rule(0.0, 80.0, 300.0, 80.0),
        rule(0.0, 60.0, 300.0, 60.0),
        rule(0.0, 60.0, 0.0, 100.0),
        rule(100.0, 60.0, 100.0, 100.0),
        rule(200.0, 60.0, 200.0, 80.0),
        rule(300.0, 60.0, 300.0, 100.0),
    ];
    let page = PageContent {
        glyphs: vec![
            glyph(10.0, 85.0, "项"),
            glyph(20.0, 85.0, "目"),
            glyph(150.0, 85.0, "宣"),
            glyph(5.0, 120.0, "表"),
            glyph(250.0, 65.0, "7"),
        ],
        rules,
        images: 0,
    };
    let rows = page_rows(&page);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].cells[0].text, "表");
    assert_eq!(rows[0].table, None);
    let texts: Vec<_> = rows[1]
        .cells
        .iter()
        .map(|c| (c.x0 as i32, c.x1 as i32, c.text.as_str()))
        .collect();
    assert_eq!(texts, vec![(0, 100, "项目"), (100, 300, "宣")]);
    assert_eq!(rows[2].cells.len(), 3);
    assert_eq!(rows[2].cells[2].text, "7");
}

#[test]
fn side_lines_below_the_last_line_make_an_open_row() {
    // A head row closed all round, then a row whose box has no bottom
    // line: its text goes on on the next page.
    let rules = vec![
        rule(0.0, 100.0, 200.0, 100.0),
        rule(0.0, 80.0, 200.0, 80.0),
        rule(0.0, 30.0, 0.0, 100.0),
        rule(200.0, 30.0, 200.0, 100.0),
    ];
    let page = PageContent {
        glyphs: vec![glyph(10.0, 85.0, "目"), glyph(10.0, 60.0, "保")],
        rules,
        images: 0,
    };
    let rows = page_rows(&page);
    assert_eq!(rows.len(), 2);
    let cell = &rows[1].cells[0];
    assert_eq!((cell.text.as_str(), cell.open_below), ("保", true));
    assert!(cell.tail_room > 10.0, "{}", cell.tail_room);
    assert!(!rows[0].cells[0].open_below);
}

#[test]
fn continued_text_joins_as_a_wrapped_line() {
    assert_eq!(continue_text("Hello", 0.5, "world"), "Hello world");
    assert_eq!(
        continue_text("征地养老", 0.5, "慰问经费"),
        "征地养老慰问经费"
    );
    assert_eq!(continue_text("一、", 8.0, "二、"), "一、\n二、");
}

#[test]
fn wrapped_lines_join_and_short_lines_break() {
    let line = |x1: f32, text: &str| CellLine {
        x0: 2.0,
        x1,
        size: 10.0,
        text: text.into(),
    };
    // Cell 0..100, padding 2: a full line wraps, a short one breaks.
    assert_eq!(
        join_lines(
            &[line(95.0, "征地养老"), line(40.0, "慰问经费")],
            0.0,
            100.0
        ),
        "征地养老慰问经费"
    );
    assert_eq!(
        join_lines(&[line(95.0, "Hello"), line(40.0, "world")], 0.0, 100.0),
        "Hello world"
    );
    assert_eq!(
        join_lines(&[line(50.0, "一、"), line(40.0, "二、")], 0.0, 100.0),
        "一、\n二、"
    );
}
