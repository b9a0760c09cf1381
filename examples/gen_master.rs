//! Generates a master workbook of N self-evaluation projects with realistic
//! Chinese text, for the bulk benchmark (`bench/bulk.sh`).
//!
//!     cargo run --release --example gen_master -- 10000 15 master.xlsx

use std::path::PathBuf;

use jixiao::bulk::master::{write_master, Master, MasterForm};
use jixiao::model::{Decimal, Form, FundingRow, ScoredIndicator, SelfEvaluation};

const DISTRICTS: &[&str] = &[
    "嘉定",
    "闵行",
    "普陀",
    "浦东新",
    "徐汇",
    "静安",
    "黄浦",
    "杨浦",
];
const BUREAUS: &[&str] = &[
    "人力资源和社会保障局",
    "民政局",
    "卫生健康委员会",
    "教育局",
    "财政局",
    "城市管理行政执法局",
];
const UNITS: &[&str] = &[
    "社会保障服务中心",
    "就业促进中心",
    "劳动保障监察大队",
    "职业能力建设指导中心",
    "信息中心",
];
const TOPICS: &[&str] = &[
    "征地养老费支出",
    "就业补助资金",
    "培训经费",
    "信息化项目建设",
    "宣传经费",
    "执法保障经费",
    "养老事业类",
    "人才支持类",
    "对口扶贫支援类",
    "其他专项工作经费",
];
const INDICATORS: &[(&str, &str, &str, &str)] = &[
    ("成本指标", "经济成本指标", "成本节约情况", "未超项目预算"),
    ("产出指标", "数量指标", "补贴发放人数", "≥1200.00(人)"),
    ("产出指标", "数量指标", "培训人次", "≥3000.00(人次)"),
    ("产出指标", "质量指标", "资金发放准确率", "=100.00(%)"),
    ("产出指标", "质量指标", "系统运行稳定率", "≥99.00(%)"),
    ("产出指标", "时效指标", "资金发放及时性", "及时"),
    ("产出指标", "成本指标", "人均培训成本", "≤500.00(元)"),
    ("效益指标", "社会效益指标", "社会保障覆盖面", "逐步扩大"),
    ("效益指标", "经济效益指标", "带动就业人数", "≥800.00(人)"),
    ("效益指标", "可持续影响指标", "长效管理机制健全性", "健全"),
    ("效益指标", "生态效益指标", "无纸化办公比例", "≥90.00(%)"),
    (
        "满意度指标",
        "服务对象满意度指标",
        "受益人员满意度",
        "≥90.00(%)",
    ),
];

fn dec(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo) as u64) as i64
    }
}

fn project(rng: &mut Rng, i: usize, indicators: usize) -> SelfEvaluation {
    let district = rng.pick(DISTRICTS);
    let bureau = rng.pick(BUREAUS);
    let topic = rng.pick(TOPICS);
    let budget = rng.range(10_000, 5_000_000);
    let executed = budget * rng.range(80, 101) / 100;
    let rate = (Decimal::from(executed) / Decimal::from(budget) * Decimal::ONE_HUNDRED).round_dp(2);
    let score = (rate.min(Decimal::ONE_HUNDRED) / Decimal::TEN).round_dp(2);
    let weight_each = 90 / indicators.max(1) as i64;
    let mut total_score = score;
    let rows = (0..indicators)
        .map(|k| {
            let (l1, l2, name, target) = INDICATORS[(k + i) % INDICATORS.len()];
            let w = if k + 1 == indicators { 90 - weight_each * (indicators as i64 - 1) } else { weight_each };
            let lost = i64::from(rng.next().is_multiple_of(5));
            total_score += Decimal::from(w - lost);
            ScoredIndicator {
                level1: Some(l1.into()),
                level2: Some(l2.into()),
                name: Some(format!("{name}{}", k + 1)),
                target: Some(target.into()),
                actual: Some(if lost == 1 { "基本达成指标" } else { "达成指标" }.into()),
                weight: Some(Decimal::new(w * 100, 2)),
                score: Some(Decimal::new((w - lost) * 100, 2)),
                note: (lost == 1).then(|| "偏差原因：部分工作受客观因素影响，进度略有滞后。改进措施：加强过程管理，提前谋划。".into()),
                ..Default::default()
            }
        })
        .collect();
    let mut f = SelfEvaluation {
        title: Some("财政项目支出绩效自评表".into()),
        year: Some(2024),
        project_name: Some(format!("{district}区{topic}（{:05}）", i + 1)),
        department: Some(format!("上海市{district}区{bureau}")),
        implementer: Some(format!("上海市{district}区{}", rng.pick(UNITS))),
        indicators: rows,
        grade: None,
        ..Default::default()
    };
    f.funding.unit = Some("万元".into());
    let total = FundingRow {
        initial_budget: Some(dec(budget)),
        annual_budget: Some(dec(budget)),
        executed: Some(dec(executed)),
        weight: Some(dec(1000)),
        execution_rate: Some(rate),
        score: Some(score),
    };
    f.funding.current_appropriation = FundingRow {
        weight: None,
        score: None,
        ..total.clone()
    };
    let zero = FundingRow {
        initial_budget: Some(dec(0)),
        annual_budget: Some(dec(0)),
        executed: Some(dec(0)),
        execution_rate: Some(dec(0)),
        ..Default::default()
    };
    f.funding.carryover = zero.clone();
    f.funding.other = zero;
    f.funding.total = total;
    f.goals.expected = Some(format!("围绕{topic}的年度工作任务，保障资金按时足额拨付，规范资金使用管理，提高财政资金使用效益，确保各项政策落实到位，服务对象满意度达到90%以上。"));
    f.goals.actual = Some("全年按计划完成各项工作任务，资金拨付及时，使用规范，政策落实到位，服务对象满意度较高，达到预期目标。".into());
    f.total.weight = Some(dec(10000));
    f.total.score = Some(total_score.round_dp(2));
    f.grade = Some(jixiao::check::grade_for(total_score).into());
    f
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let indicators: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(15);
    let path = PathBuf::from(args.get(3).map_or("master.xlsx", String::as_str));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let forms = (0..count)
        .map(|i| {
            MasterForm::new(
                (i + 1).to_string(),
                Form::from(project(&mut rng, i, indicators)),
            )
        })
        .collect();
    if let Err(e) = write_master(&Master { forms }, &path, true, &[]) {
        eprintln!("gen_master: {e}");
        std::process::exit(1);
    }
    eprintln!(
        "gen_master: {count} projects × {indicators} indicators → {}",
        path.display()
    );
}
