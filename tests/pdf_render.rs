//! The PDF writer on realistic grids, checked by reading the PDF back with an
//! independent reader (lopdf's text extraction through the ToUnicode map).

#[path = "common/pdf_grids.rs"]
mod pdf_grids;

use jixiao::layout::grid::{CellContent, Grid};
use jixiao::write::pdf::{render_pdf, render_pdf_report, write_pdf, PdfFont};
use pdf_grids::{indicator_name, selfeval_grid, small_grid};

const PROJECT: &str = "2024年嘉定区道路养护及绿化提升项目";

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Text of each page, whitespace removed.
fn pages_text(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf reads the PDF");
    let n = doc.get_pages().len() as u32;
    (1..=n)
        .map(|p| squash(&doc.extract_text(&[p]).expect("text extraction")))
        .collect()
}

#[test]
fn every_cell_text_is_extractable_and_the_table_breaks_across_pages() {
    let grid = selfeval_grid(PROJECT);
    let pdf = render_pdf(std::slice::from_ref(&grid), &PdfFont::builtin()).unwrap();
    let pages = pages_text(&pdf);
    assert!(
        pages.len() >= 2,
        "45 indicator rows need more than one page"
    );
    let all: String = pages.concat();
    for cell in &grid.cells {
        let t = squash(&cell.content.display_text());
        assert!(
            all.contains(&t),
            "cell ({}, {}) text {t:?} not found",
            cell.row,
            cell.col
        );
    }
    assert!(all.contains(PROJECT));
    assert!(all.contains(&indicator_name(44)));
    assert!(
        all.contains("1,094,910,000.00"),
        "amounts print as formatted"
    );
    assert!(all.contains("98.62"));
    let n = pages.len();
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains(&format!("第{}页共{}页", i + 1, n)),
            "page {} numbering: {p}",
            i + 1
        );
    }
    // The indicator header repeats on page 2, and the cut 一级 cell shows its text again.
    assert!(pages[1].contains("三级指标") && pages[1].contains("偏差原因分析及改进措施"));
    assert!(
        pages[1].contains("产出指标"),
        "the cut 一级 cell repeats its text"
    );
    assert!(
        !pages[1].contains("项目支出绩效自评表"),
        "the title is not repeated"
    );
}

#[test]
fn a_single_form_embeds_one_small_subset_font() {
    let pdf = render_pdf(&[selfeval_grid(PROJECT)], &PdfFont::builtin()).unwrap();
    assert!(pdf.len() <= 80 * 1024, "PDF is {} bytes", pdf.len());
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let mut font_files = 0;
    let mut base_fonts = Vec::new();
    for obj in doc.objects.values() {
        if let Ok(d) = obj.as_dict().or_else(|_| obj.as_stream().map(|s| &s.dict)) {
            if d.has(b"FontFile2") {
                font_files += 1;
            }
            if let (Ok(t), Ok(name)) = (d.get(b"Subtype"), d.get(b"BaseFont")) {
                if t.as_name().ok() == Some(b"Type0".as_slice()) {
                    base_fonts.push(String::from_utf8_lossy(name.as_name().unwrap()).into_owned());
                }
            }
        }
    }
    assert_eq!(font_files, 1, "one embedded TrueType font program");
    assert_eq!(base_fonts.len(), 1);
    let tag = base_fonts[0].split_once('+').expect("subset tag").0;
    assert!(
        tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
        "{tag}"
    );
}

#[test]
fn a_bundle_starts_each_form_on_a_new_page_with_its_own_numbering() {
    let grids = vec![
        small_grid("甲项目", &["资金拨付及时率≥95%", "满意度＝100％"]),
        selfeval_grid(PROJECT),
        small_grid("丙项目", &["完成"]),
    ];
    let pdf = render_pdf(&grids, &PdfFont::builtin()).unwrap();
    let pages = pages_text(&pdf);
    let n = pages.len();
    assert!(n >= 4);
    assert!(pages[0].contains("甲项目") && pages[0].contains("第1页共1页"));
    assert!(pages[0].contains("满意度＝100％"));
    assert!(pages[1].contains(PROJECT) && pages[1].contains("第1页共"));
    assert!(pages[n - 1].contains("丙项目") && pages[n - 1].contains("第1页共1页"));
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|r| doc.get_object(r.as_reference()?))
        .unwrap();
    let title = info.as_dict().unwrap().get(b"Title").unwrap();
    let title = lopdf::decode_text_string(title).unwrap();
    assert_eq!(title, format!("甲项目、{PROJECT}、丙项目"));
}

#[test]
fn characters_the_font_lacks_are_reported() {
    let mut grid = small_grid("缺字测试", &["正常文字", "罕见字𠀀与≒"]);
    grid.cells.push(grid.cells[1].clone());
    if let Some(c) = grid.cells.last_mut() {
        c.row = 0;
        c.content = CellContent::Text(String::new());
    }
    let out = render_pdf_report(&[grid], &PdfFont::builtin()).unwrap();
    let chars: Vec<char> = out.missing.iter().map(|m| m.ch).collect();
    assert_eq!(chars, vec!['𠀀', '≒']);
    let m = &out.missing[0];
    assert_eq!(
        (m.grid, m.cell, m.grid_title.as_str()),
        (0, Some((2, 1)), "缺字测试")
    );
    let msg = m.to_string();
    assert!(
        msg.contains("U+20000") && msg.contains("罕见字𠀀与≒") && msg.contains("缺字测试"),
        "{msg}"
    );
    assert_eq!(
        jixiao::write::pdf::missing_glyphs(&[small_grid("x", &["𠀀"])], &PdfFont::builtin()).len(),
        1
    );
}

#[test]
fn write_pdf_is_atomic_and_refuses_to_clobber() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.pdf");
    let grids = [small_grid("写文件", &["内容"])];
    let missing = write_pdf(&grids, &PdfFont::builtin(), &path, false).unwrap();
    assert!(missing.is_empty());
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF-"));
    let err = write_pdf(&grids, &PdfFont::builtin(), &path, false).unwrap_err();
    assert!(err.to_string().contains("form.pdf"), "{err}");
    write_pdf(&grids, &PdfFont::builtin(), &path, true).unwrap();
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary files left: {names:?}");
}

#[test]
fn bad_inputs_give_errors_not_panics() {
    assert!(render_pdf(&[], &PdfFont::builtin()).is_err());
    let mut g: Grid = small_grid("坏表", &["x"]);
    g.cells[0].col_span = 7;
    let err = render_pdf(&[g], &PdfFont::builtin()).unwrap_err();
    assert!(err.to_string().contains("坏表"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ttf");
    std::fs::write(&bad, b"garbage").unwrap();
    let err = PdfFont::from_file(&bad, 0).unwrap_err();
    assert!(err.to_string().contains("bad.ttf"), "{err}");
    let err = PdfFont::from_file(&dir.path().join("none.ttf"), 0).unwrap_err();
    assert!(err.to_string().contains("none.ttf"), "{err}");
}

#[test]
fn a_font_file_can_replace_the_builtin() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.ttf");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fonts/NotoSerifSC-Regular-GBK.ttf"
        ),
        &path,
    )
    .unwrap();
    let font = PdfFont::from_file(&path, 0).unwrap();
    let pdf = render_pdf(&[small_grid("外部字体", &["绩效"])], &font).unwrap();
    assert!(pages_text(&pdf)[0].contains("外部字体"));
}

/// With `JIXIAO_PDF_OUT=DIR`, writes sample PDFs there for inspection and for
/// `.ci/check-pdf.sh DIR`.
#[test]
fn sample_pdfs_for_inspection() {
    let Some(dir) = std::env::var_os("JIXIAO_PDF_OUT") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let font = PdfFont::builtin();
    write_pdf(
        &[selfeval_grid(PROJECT)],
        &font,
        &dir.join("selfeval.pdf"),
        true,
    )
    .unwrap();
    let bundle = [
        small_grid("甲项目", &["资金拨付及时率≥95%"]),
        selfeval_grid(PROJECT),
    ];
    write_pdf(&bundle, &font, &dir.join("bundle.pdf"), true).unwrap();
    let ttc = std::path::Path::new("/usr/share/fonts/truetype/arphic/uming.ttc");
    if let Ok(font) = PdfFont::from_file(ttc, 1) {
        let path = dir.join("uming-face1.pdf");
        write_pdf(&[selfeval_grid(PROJECT)], &font, &path, true).unwrap();
    }
}

/// A TrueType collection needs the right face index. Uses the system's AR PL
/// UMing collection when installed (Debian fonts-arphic-uming); skipped otherwise.
#[test]
fn a_ttc_face_can_be_chosen_by_index() {
    let ttc = std::path::Path::new("/usr/share/fonts/truetype/arphic/uming.ttc");
    if !ttc.exists() {
        eprintln!("skipped: {} not installed", ttc.display());
        return;
    }
    let err = PdfFont::from_file(ttc, 99).unwrap_err();
    assert!(err.to_string().contains("face index 99"), "{err}");
    let font = PdfFont::from_file(ttc, 1).unwrap();
    let out = render_pdf_report(&[small_grid("集合字体", &["绩效目标≥95%"])], &font).unwrap();
    assert!(out.missing.is_empty(), "{:?}", out.missing);
    let text = pages_text(&out.bytes).concat();
    assert!(
        text.contains("集合字体") && text.contains("绩效目标≥95%"),
        "{text}"
    );
}

/// A Latin-only font lacks every hanzi: each is reported, none silently boxed.
#[test]
fn a_latin_font_reports_every_hanzi() {
    let ttf = std::path::Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if !ttf.exists() {
        eprintln!("skipped: {} not installed", ttf.display());
        return;
    }
    let font = PdfFont::from_file(ttf, 0).unwrap();
    let out = render_pdf_report(&[small_grid("Title", &["ab 绩效"])], &font).unwrap();
    let chars: String = out.missing.iter().map(|m| m.ch).collect();
    // Cell texts "第1项" and "ab 绩效", then the page number "第 1 页 共 1 页".
    assert_eq!(chars, "第项绩效第页共");
    assert!(out.missing.iter().any(|m| m.cell.is_none()));
}

#[test]
fn a_runaway_cell_is_cut_with_a_mark_and_reported() {
    // One 1,000,000-character field (took 22 s; 6M characters took 4.3 GB).
    let long = "年度总体目标".repeat(166_667);
    let grid = small_grid("超长字段", &["前一格", &long]);
    let started = std::time::Instant::now();
    let out = render_pdf_report(&[grid], &PdfFont::builtin()).unwrap();
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    assert_eq!(out.truncated.len(), 1);
    let t = &out.truncated[0];
    assert_eq!(
        (t.chars, t.grid_title.as_str()),
        (long.chars().count(), "超长字段")
    );
    let warning = out.warnings().join("\n");
    assert!(
        warning.contains("20000") && warning.contains("超长字段"),
        "{warning}"
    );
    let all = pages_text(&out.bytes).concat();
    let mark = format!("以下{}字未印出", long.chars().count() - 20_000);
    assert!(all.contains(&mark), "the cut is marked in the PDF");
    assert!(all.contains("前一格"));
    // A field within the limit is printed whole and not reported.
    let fits = "目标".repeat(5_000);
    let out = render_pdf_report(&[small_grid("t", &[&fits])], &PdfFont::builtin()).unwrap();
    assert!(out.truncated.is_empty() && out.warnings().is_empty());
    let pages = pages_text(&out.bytes);
    assert!(pages.len() > 1, "a tall row is split across pages");
    for c in ['目', '标'] {
        let shown: usize = pages.iter().map(|p| p.matches(c).count()).sum();
        assert_eq!(shown, 5_000, "every line printed once");
    }
}

/// Text of each page as pdftotext (poppler) reads it, when it is installed.
fn poppler_pages(pdf: &[u8]) -> Option<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    Some(
        text.split('\u{c}')
            .map(squash)
            .filter(|p| !p.is_empty())
            .collect(),
    )
}

#[test]
fn a_tall_row_is_split_across_pages_under_its_repeated_heads() {
    use jixiao::layout::{layout_form, LayoutOptions};
    let bytes = std::fs::read("tests/golden/selfeval-jiading-2024.json").unwrap();
    let mut form = jixiao::read::json::read_json(&bytes, "x")
        .unwrap()
        .document
        .forms
        .remove(0);
    let expected =
        "为了保障征地人员的合法权益，为征地安置人员连续缴纳15年自由职业养老保险。".repeat(60);
    if let jixiao::model::Form::SelfEvaluation(f) = &mut form {
        f.goals.expected = Some(expected.clone());
    }
    let grid = layout_form(&form, &LayoutOptions::default()).unwrap();
    let pdf = render_pdf(std::slice::from_ref(&grid), &PdfFont::builtin()).unwrap();
    let project = form.project_name().unwrap().to_string();
    for (reader, pages) in [
        ("lopdf", Some(pages_text(&pdf))),
        ("pdftotext", poppler_pages(&pdf)),
    ] {
        let Some(pages) = pages else { continue };
        assert!(pages.len() >= 2, "{reader}: {pages:?}");
        // The tall cell starts on page 1 (not moved whole, leaving its head
        // alone on a mostly blank page) and goes on on page 2.
        let on = |p: &String| p.matches('缴').count();
        assert!(
            on(&pages[0]) >= 15,
            "{reader}: page 1 has {} lines' worth",
            on(&pages[0])
        );
        assert!(on(&pages[1]) >= 15, "{reader}: page 2 continues");
        let in_grid: usize = grid
            .cells
            .iter()
            .map(|c| c.content.display_text().matches('缴').count())
            .sum();
        assert_eq!(
            pages.iter().map(on).sum::<usize>(),
            in_grid,
            "{reader}: every line once"
        );
        // Page 2 repeats the column heads above the continuation and names
        // the project in its running header; page 1 has no running header.
        assert!(
            pages[1].contains("预期目标") && pages[1].contains("实际完成情况"),
            "{reader}"
        );
        assert!(
            pages[1].contains(&format!("{project}（续）")),
            "{reader}: {}",
            pages[1]
        );
        assert!(!pages[0].contains("（续）"), "{reader}");
    }
}
