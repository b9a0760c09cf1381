//! Which of the text shapes of variants.md §3 a file is in, told from its
//! first lines (so a stream can be routed before it is read).
//!
//! ```
//! use jixiao::read::text::TextShape;
//! let text = "项目名称 |\n宣传费 |\n|\n一级指标 |\n二级指标 |\n";
//! assert_eq!(TextShape::detect(text.lines()), TextShape::Cells);
//! assert_eq!(TextShape::parse("pipes"), Some(TextShape::Pipes));
//! ```

/// A text shape (variants.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextShape {
    /// The bundled samples' own shape (pdftotext without `-layout`): rows on
    /// lines, cells split by tabs whose positions shift, or by single spaces,
    /// long cells wrapped. Read by the line reader.
    Samples,
    /// The samples' shape read through the grid and the recognizer instead
    /// of the line reader (`--from text:samples-grid`): each line's cells
    /// (tab-separated, or words, wrapped cells joined by `samples_grid.rs`)
    /// in reading order, rows rebuilt with line ends as hints. Writes the
    /// line reader's JSON on the samples (docs/bench-read.md).
    SamplesGrid,
    /// Tab-separated rows, every cell (empty ones too) in its column.
    Tabs,
    /// Columns aligned with runs of spaces (`pdftotext -layout`).
    Layout,
    /// One table row per line, cells separated by ` | ` (Markdown, web pages).
    Pipes,
    /// One cell per line, with or without a trailing ` |`; row ends lost.
    Cells,
    /// Everything on one line, cells separated by single spaces.
    Line,
    /// Cells run together with no separator (text from Word files or web
    /// pages that lost the table, OCR): read best effort.
    Glued,
}

/// Lines looked at to tell the shape.
const SAMPLE_LINES: usize = 400;

impl TextShape {
    /// A shape by its `--from text:NAME` name.
    pub fn parse(name: &str) -> Option<TextShape> {
        Some(match name.to_ascii_lowercase().as_str() {
            "samples" | "lines" => TextShape::Samples,
            "samples-grid" => TextShape::SamplesGrid,
            "tabs" | "tsv" => TextShape::Tabs,
            "layout" => TextShape::Layout,
            "pipes" | "markdown" => TextShape::Pipes,
            "cells" => TextShape::Cells,
            "line" | "oneline" => TextShape::Line,
            "glued" | "ocr" => TextShape::Glued,
            _ => return None,
        })
    }

    /// Tells the shape from the first lines of a text.
    pub fn detect<'a>(lines: impl Iterator<Item = &'a str>) -> TextShape {
        let mut n = 0usize;
        let (mut tabs, mut pipe_cells, mut pipe_rows, mut aligned) = (0, 0, 0, 0);
        let mut longest = 0usize;
        // Lines of three words or more (cells apart, however far).
        let mut multi = 0usize;
        let mut glued = 0usize;
        // Run-together text wrapped at a width: its dense lines, joined.
        let mut dense = String::new();
        let mut wordy = 0usize;
        let mut heading_line: Option<(bool, bool)> = None;
        for raw in lines.take(SAMPLE_LINES) {
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            n += 1;
            if raw.contains('\t') {
                tabs += 1;
            }
            let inner = line.trim_start_matches('|').trim_end_matches('|').trim();
            // Cells apart by `|` with or without spaces (html2text writes `a| b`).
            if inner.contains('|') {
                pipe_rows += 1;
            } else if line.ends_with('|') {
                pipe_cells += 1;
            }
            if has_aligned_gaps(line) {
                aligned += 1;
            }
            let words = line.split_whitespace().count();
            multi += usize::from(words >= 3);
            longest = longest.max(words);
            if words >= 40 {
                wordy += 1;
            }
            if is_glued(line) {
                glued += 1;
            }
            let chars = line.chars().count();
            if chars >= 30 && line.chars().filter(|c| c.is_whitespace()).count() * 25 < chars {
                dense.push_str(line);
            } else if !dense.is_empty() {
                // The short last line of a wrapped text ends it.
                dense.push_str(line);
                glued += usize::from(is_glued(&dense));
                dense.clear();
            }
            if heading_line.is_none() {
                heading_line = level1_heading(line);
            }
        }
        glued += usize::from(is_glued(&dense));
        if n == 0 {
            return TextShape::Samples;
        }
        let share = |k: usize| k * 10 >= n * 3;
        if share(pipe_cells + pipe_rows) && pipe_cells + pipe_rows > 1 {
            // Rows are kept only when a heading row stands on its own line.
            return match heading_line {
                Some((false, true)) if pipe_rows * 2 >= n => TextShape::Pipes,
                _ if pipe_rows * 2 >= n && pipe_cells * 5 < n => TextShape::Pipes,
                _ => TextShape::Cells,
            };
        }
        if share(tabs) {
            return TextShape::Samples;
        }
        // One form per line (a file of forms each on one line) counts too.
        if (longest >= 40 && n <= 20) || share(wordy) {
            return TextShape::Line;
        }
        if glued > 0 {
            return TextShape::Glued;
        }
        // Aligned text: many lines with wide gaps, or fewer (narrow columns
        // wrap cells onto lines of their own) when most lines of several
        // cells set them wide apart. Other shapes have next to none.
        if share(aligned) || (aligned * 100 >= n * 15 && aligned * 10 >= multi * 6) {
            return TextShape::Layout;
        }
        match heading_line {
            Some((true, false)) => TextShape::Cells,
            _ => TextShape::Samples,
        }
    }
}

/// Whether a line is a long run of form cells with (almost) no separator:
/// labels of several parts of a form (the vocabulary's, any form kind's) in
/// one stretch of text.
fn is_glued(line: &str) -> bool {
    let chars = line.chars().count();
    let spaces = line.chars().filter(|c| c.is_whitespace()).count();
    chars >= 150 && spaces * 25 < chars && super::glued::Labels::builtin().distinct_in(line, 4) >= 4
}

/// Where a line holds the level-1 heading of an indicator table (一级指标,
/// 一级目标 … as the vocabulary spells it): (whether it stands alone on
/// its line, whether a level-2 heading follows it there).
fn level1_heading(line: &str) -> Option<(bool, bool)> {
    use crate::read::vocab::{IndicatorColumn, Vocabulary};
    let vocab = Vocabulary::builtin();
    let cells: Vec<&str> = line
        .split(|c: char| c == '|' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .collect();
    let is = |c: &&str, col| vocab.indicator_column(c) == Some(col);
    let at = cells.iter().position(|c| is(c, IndicatorColumn::Level1))?;
    let rest = &cells[at + 1..];
    Some((
        rest.is_empty(),
        rest.iter().any(|c| is(c, IndicatorColumn::Level2)),
    ))
}

/// Whether a line has at least two inner gaps of two or more spaces (cells
/// aligned in columns), not counting its indentation.
fn has_aligned_gaps(line: &str) -> bool {
    line.trim()
        .split("  ")
        .filter(|part| !part.trim().is_empty())
        .count()
        >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> TextShape {
        TextShape::detect(text.lines())
    }

    #[test]
    fn shapes_are_told_apart() {
        assert_eq!(
            shape(
                "财政项目支出绩效自评表\n（2024年度）\n项目名称 其他\n一级指标 二级指标 三级指标\n"
            ),
            TextShape::Samples
        );
        assert_eq!(
            shape("项目名称\t宣传费\t\t主管部门\n一级指标\t二级指标\n"),
            TextShape::Samples
        );
        assert_eq!(
            shape("| 项目名称 | 宣传费 |\n| 一级指标 | 二级指标 | 三级指标 |\n| 产出指标 | 数量指标 | 人数 |\n"),
            TextShape::Pipes
        );
        assert_eq!(
            shape("项目名称 |\n宣传费 |\n|\n一级指标 |\n二级指标 |\n"),
            TextShape::Cells
        );
        assert_eq!(
            shape("项目名称\n\n宣传费\n\n一级指标\n\n二级指标\n"),
            TextShape::Cells
        );
        // The 2020 target table's headings, as the vocabulary spells them
        // (Writer's text export: one cell per line).
        assert_eq!(
            shape("申报单位名称\n某中心\n项目名称\n某项目\n一级目标\n二级目标\n"),
            TextShape::Cells
        );
        let one = format!("元数据 1 {} 项目支出绩效自评表", "x ".repeat(60));
        assert_eq!(shape(&one), TextShape::Line);
        let glued = format!(
            "说明{}项目名称某项目主管部门某局实施单位某单位一级指标二级指标三级指标",
            "文字".repeat(60)
        );
        assert_eq!(shape(&glued), TextShape::Glued);
        // The same wrapped at 40 characters.
        let chars: Vec<char> = glued.chars().collect();
        let wrapped: Vec<String> = chars.chunks(40).map(|c| c.iter().collect()).collect();
        assert_eq!(shape(&wrapped.join("\n")), TextShape::Glued);
        // The 2020 target table has none of the self-evaluation's headings.
        let table_2020 = format!(
            "财政项目支出绩效目标表(2020年度)申报单位名称某中心项目名称某费用项目类别延续性项目\
             计划开始日期2020-01-01计划完成日期2020-12-31项目概况{}一级目标二级目标三级目标",
            "文字".repeat(60)
        );
        assert_eq!(shape(&table_2020), TextShape::Glued);
        // Prose naming a label or two is no form.
        let prose = format!("本单位按项目名称和主管部门归档。{}", "文字".repeat(80));
        assert_ne!(shape(&prose), TextShape::Glued);
        assert_eq!(
            shape("项目名称    宣传费        主管部门     某局\n一级指标   二级指标   三级指标\n"),
            TextShape::Layout
        );
        // Narrow columns (a Writer print's pdftotext -layout): names wrap
        // onto lines of their own, but the lines of several cells are wide.
        let narrow = [
            "一级指标    二级指标      三级指标       年度指标值       实际完成值",
            "                 征地安置人员资",
            "        数量指标                 ≤3.00(人)    1.00(人)     10.00",
            "                 金返还完成情况",
            "                 申请对象合规性       合规        达成指标",
            "产出指标",
            "                 征地安置人员资",
            "                 金返还的准确性",
            "                 征地养老人员政",
            "                 策知晓度",
            "       社会效益指标",
        ];
        assert_eq!(shape(&narrow.join("\n")), TextShape::Layout);
    }
}
