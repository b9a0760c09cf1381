//! Hand-built grids shaped like a 项目支出绩效自评表, for the PDF writer's
//! tests and benchmark (until the layout engine produces real ones).

#![allow(dead_code)]

use jixiao::layout::grid::*;
use rust_decimal::Decimal;

/// Index of the indicator header row (repeated on every page).
pub const HEADER_ROW: usize = 11;

fn style(size: f32, bold: bool, border: bool, h: HAlign) -> CellStyle {
    CellStyle {
        size_pt: size,
        bold,
        border,
        h_align: h,
        ..CellStyle::default()
    }
}

struct Builder {
    rows: Vec<GridRow>,
    cells: Vec<GridCell>,
}

impl Builder {
    fn row(&mut self, h: f32) -> usize {
        self.rows.push(GridRow {
            min_height: h,
            fit_height: h,
        });
        self.rows.len() - 1
    }

    fn cell(
        &mut self,
        row: usize,
        col: usize,
        spans: (usize, usize),
        content: CellContent,
        style: CellStyle,
    ) {
        self.cells.push(GridCell {
            row,
            col,
            row_span: spans.0,
            col_span: spans.1,
            content,
            style,
        });
    }

    fn text(&mut self, row: usize, col: usize, spans: (usize, usize), t: &str) {
        self.cell(
            row,
            col,
            spans,
            CellContent::Text(t.to_owned()),
            style(9.0, false, true, HAlign::Center),
        );
    }

    fn left(&mut self, row: usize, col: usize, spans: (usize, usize), t: &str) {
        self.cell(
            row,
            col,
            spans,
            CellContent::Text(t.to_owned()),
            style(9.0, false, true, HAlign::Left),
        );
    }

    fn amount(&mut self, row: usize, col: usize, v: &str) {
        let value: Decimal = v.parse().expect("decimal");
        self.cell(
            row,
            col,
            (1, 1),
            CellContent::Number {
                value,
                format: NumberFormat::Amount,
            },
            style(9.0, false, true, HAlign::Right),
        );
    }
}

/// (一级, [(二级, count)]) of the indicator table; counts add up to 45.
const LEVELS: &[(&str, &[(&str, usize)])] = &[
    (
        "产出指标",
        &[
            ("数量指标", 9),
            ("质量指标", 7),
            ("时效指标", 5),
            ("成本指标", 5),
        ],
    ),
    (
        "效益指标",
        &[
            ("经济效益指标", 4),
            ("社会效益指标", 6),
            ("生态效益指标", 3),
            ("可持续影响指标", 3),
        ],
    ),
    ("满意度指标", &[("服务对象满意度指标", 3)]),
];

const NAMES: &[&str] = &[
    "完成道路养护里程",
    "新建公共绿地面积",
    "受益困难群众人数",
    "设备采购数量",
    "项目验收合格率",
    "工程质量达标率（按《公路养护技术规范》执行）",
    "资金拨付及时率",
    "项目完成时间",
    "单位养护成本控制",
    "带动就业人数",
];

/// The indicator names the grid carries, in row order (for assertions).
pub fn indicator_name(i: usize) -> String {
    format!("{}{}", NAMES[i % NAMES.len()], i + 1)
}

/// A self-evaluation-like grid for project `project` with 45 indicator rows.
pub fn selfeval_grid(project: &str) -> Grid {
    let mut b = Builder {
        rows: Vec::new(),
        cells: Vec::new(),
    };
    let all = (1, 9);
    let r = b.row(12.0);
    b.cell(
        r,
        0,
        all,
        CellContent::Text("项目支出绩效自评表".into()),
        style(16.0, true, false, HAlign::Center),
    );
    let r = b.row(7.0);
    b.cell(
        r,
        0,
        all,
        CellContent::Text("（2024年度）".into()),
        style(10.0, false, false, HAlign::Center),
    );
    let r = b.row(8.0);
    b.text(r, 0, (1, 3), "项目名称");
    b.left(r, 3, (1, 6), project);
    let r = b.row(8.0);
    b.text(r, 0, (1, 3), "主管部门");
    b.left(r, 3, (1, 2), "上海市嘉定区财政局");
    b.text(r, 5, (1, 2), "实施单位");
    b.left(r, 7, (1, 2), "嘉定区市政工程管理所");
    // Funding block: rows 4..=8.
    let r0 = b.row(8.0);
    b.text(r0, 0, (5, 1), "项目资金（万元）");
    b.text(r0, 1, (1, 2), "资金类别");
    for (c, h) in [
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        b.text(r0, 3 + c, (1, 1), h);
    }
    let funds = [
        // Amounts as a form holds them: two decimals shown.
        (
            "年度资金总额",
            ["1094910000.00", "1094910000.00", "1079800000.50"],
        ),
        (
            "其中：当年财政拨款",
            ["1000000000.00", "1000000000.00", "985000000.00"],
        ),
        (
            "上年结转资金",
            ["94910000.00", "94910000.00", "94800000.50"],
        ),
        ("其他资金", ["0.00", "0.00", "0.00"]),
    ];
    for (label, vals) in funds {
        let r = b.row(8.0);
        b.left(r, 1, (1, 2), label);
        for (c, v) in vals.iter().enumerate() {
            b.amount(r, 3 + c, v);
        }
        b.text(r, 6, (1, 1), "10");
        b.text(r, 7, (1, 1), "98.62%");
        b.text(r, 8, (1, 1), "9.86");
    }
    // Goals: rows 9..=10.
    let r = b.row(8.0);
    b.text(r, 0, (2, 1), "年度总体目标");
    b.text(r, 1, (1, 4), "预期目标");
    b.text(r, 5, (1, 4), "实际完成情况");
    let r = b.row(20.0);
    b.left(
        r,
        1,
        (1, 4),
        "完成全区道路养护120公里，新建公共绿地3.5万平方米，资金拨付及时率≥95%，群众满意度≥90%。",
    );
    b.left(
        r,
        5,
        (1, 4),
        "完成道路养护125公里，新建公共绿地3.6万平方米，资金拨付及时率100%，满意度96.5%；总体达到预期。",
    );
    // Indicator header (row 11) and 45 rows.
    let h = b.row(10.0);
    assert_eq!(h, HEADER_ROW);
    for (c, t) in [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    .iter()
    .enumerate()
    {
        b.cell(
            h,
            c,
            (1, 1),
            CellContent::Text((*t).into()),
            style(9.0, true, true, HAlign::Center),
        );
    }
    let first = h + 1;
    b.text(first, 0, (45, 1), "绩效指标");
    let mut i = 0;
    for (level1, level2s) in LEVELS {
        let n1: usize = level2s.iter().map(|(_, n)| n).sum();
        b.text(first + i, 1, (n1, 1), level1);
        for (level2, n2) in level2s.iter() {
            b.text(first + i, 2, (*n2, 1), level2);
            for _ in 0..*n2 {
                let r = b.row(7.0);
                b.left(r, 3, (1, 1), &indicator_name(i));
                b.text(r, 4, (1, 1), &format!("≥{}公里", 100 + i));
                b.text(r, 5, (1, 1), &format!("{}公里", 101 + i));
                b.text(r, 6, (1, 1), if i % 3 == 0 { "3" } else { "2" });
                b.cell(
                    r,
                    7,
                    (1, 1),
                    CellContent::Formula {
                        formula: format!("G{}", r + 1),
                        cached: Some(Decimal::new(175 + i as i64, 2)),
                        format: NumberFormat::Fixed2,
                    },
                    style(9.0, false, true, HAlign::Center),
                );
                let reason = if i % 4 == 0 {
                    "受雨季施工影响部分路段延期，已调整计划并于第四季度完成，后续将加强进度管理。"
                } else {
                    "无偏差"
                };
                b.left(r, 8, (1, 1), reason);
                i += 1;
            }
        }
    }
    let r = b.row(8.0);
    b.text(r, 0, (1, 6), "总分");
    b.text(r, 6, (1, 1), "100");
    b.cell(
        r,
        7,
        (1, 1),
        CellContent::Number {
            value: Decimal::new(9862, 2),
            format: NumberFormat::Fixed2,
        },
        style(9.0, true, true, HAlign::Center),
    );
    b.text(r, 8, (1, 1), "");
    let r = b.row(8.0);
    b.text(r, 0, (1, 6), "评分等级");
    b.text(r, 6, (1, 3), "优");
    Grid {
        title: project.to_owned(),
        columns: vec![10.0, 14.0, 18.0, 36.0, 22.0, 22.0, 11.0, 13.0, 34.0],
        rows: b.rows,
        cells: b.cells,
        repeat_rows: Some((HEADER_ROW, HEADER_ROW)),
        page: PageSetup::default(),
    }
}

/// A one-page grid: title and a few rows.
pub fn small_grid(title: &str, body: &[&str]) -> Grid {
    let mut b = Builder {
        rows: Vec::new(),
        cells: Vec::new(),
    };
    let r = b.row(12.0);
    b.cell(
        r,
        0,
        (1, 2),
        CellContent::Text(title.into()),
        style(16.0, true, false, HAlign::Center),
    );
    for (k, t) in body.iter().enumerate() {
        let r = b.row(8.0);
        b.text(r, 0, (1, 1), &format!("第{}项", k + 1));
        b.left(r, 1, (1, 1), t);
    }
    Grid {
        title: title.to_owned(),
        columns: vec![30.0, 120.0],
        rows: b.rows,
        cells: b.cells,
        repeat_rows: None,
        page: PageSetup::default(),
    }
}
