//! Property test of the text shapes: the samples and fixtures put into every
//! shape, then cut, shuffled and salted with labels at random. Reading never
//! panics, and every grid cell names a line that is in the file.

use super::gridforms::section_grids;
use super::{read_text_as, TextShape};

const SOURCES: &[&str] = &[
    include_str!("../../../samples/selfeval-jiading-2024.txt"),
    include_str!("../../../samples/declaration-minhang-2024.txt"),
    include_str!("../../../samples/target-table-putuo-2020.txt"),
    include_str!("../../../tests/fixtures/text/selfeval-tab-shifted.txt"),
    include_str!("../../../tests/fixtures/stacked/decl-stacked-tabs.txt"),
];

/// Words that steer the rebuild: labels, headings, categories, signs.
const SALT: &[&str] = &[
    "一级指标",
    "三级指标",
    "合计",
    "总分",
    "项目名称",
    "年初预算数",
    "年度资金总额",
    "|",
    "产出指标(50分)",
    "=",
    "%",
    "财政项目支出绩效自评表",
    "部门整体支出绩效自评表",
    "(2024年度)",
    "评分等级",
    "",
    "10",
    // Stacked tables, an unknown last heading, ticked boxes, amounts
    // after their labels.
    "长期绩效指标",
    "年度绩效指标",
    "备注",
    "□",
    "√",
    "资金总额：1,200.00",
    "项目起止时间",
    // A spreadsheet's quoted cell, opened or closed (quoted.rs).
    "\"项目资金",
    "(元)\"",
];

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A text's cells per line (tabs, or runs of spaces).
fn cells(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| {
            if l.contains('\t') {
                l.split('\t').map(|c| c.trim().to_string()).collect()
            } else {
                l.split_whitespace().map(str::to_string).collect()
            }
        })
        .collect()
}

/// The text in a shape.
fn reshape(text: &str, shape: TextShape) -> String {
    let rows = cells(text);
    let mut out = String::new();
    for row in &rows {
        match shape {
            TextShape::Tabs => out.push_str(&row.join("\t")),
            TextShape::Pipes => out.push_str(&format!("| {} |", row.join(" | "))),
            TextShape::Cells => {
                for c in row {
                    out.push_str(if c.is_empty() { "|\n" } else { c });
                    if !c.is_empty() {
                        out.push_str(" |\n");
                    }
                }
                continue;
            }
            TextShape::Line => {
                out.push_str(&row.join(" "));
                out.push(' ');
                continue;
            }
            TextShape::Layout => {
                for c in row {
                    out.push_str(&format!("{c:<14}  "));
                }
            }
            TextShape::Samples | TextShape::SamplesGrid | TextShape::Glued => {
                out.push_str(&row.join(" "))
            }
        }
        out.push('\n');
    }
    out
}

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..1 + rng.below(6) {
        if lines.is_empty() {
            break;
        }
        let i = rng.below(lines.len());
        match rng.below(6) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            3 => {
                let chars: Vec<char> = lines[i].chars().collect();
                let cut = rng.below(chars.len() + 1);
                lines[i] = chars[..cut].iter().collect();
            }
            4 => {
                let w = SALT[rng.below(SALT.len())];
                let sep = [" ", "\t", " | ", "\n"][rng.below(4)];
                lines[i] = format!("{}{sep}{w}", lines[i]);
            }
            _ => lines.truncate(i + 1),
        }
    }
    lines.join("\n")
}

#[test]
fn random_shapes_and_mutations_never_panic_and_keep_lines() {
    const SHAPES: [TextShape; 5] = [
        TextShape::Tabs,
        TextShape::Layout,
        TextShape::Pipes,
        TextShape::Cells,
        TextShape::Line,
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..120 {
        let src = SOURCES[rng.below(SOURCES.len())];
        let shape = SHAPES[rng.below(SHAPES.len())];
        let text = mutate(&reshape(src, shape), &mut rng);
        let lines = text.lines().count();
        for grid in section_grids(&text, shape) {
            for c in &grid.cells {
                assert!(
                    (1..=lines).contains(&c.at),
                    "round {round} {shape:?}: cell {:?} at line {} of {lines}",
                    c.value,
                    c.at
                );
            }
        }
        for forced in [Some(shape), None] {
            let _ = read_text_as(text.as_bytes(), "prop.txt", forced);
        }
    }
}
