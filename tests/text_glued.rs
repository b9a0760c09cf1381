//! Run-together text (shape 6 of variants.md §3: web-page and document-site
//! text whose table cells lost every separator). One small synthetic form per
//! reading rule (docs/text-shapes.md, "Run-together text"), and the published
//! excerpts of ../shared/real/core read at least as well as they are today.

use jixiao::read::text::{read_text_as, TextShape};
use serde_json::Value;

#[path = "common/form_fields.rs"]
mod form_fields;

#[path = "common/glued_form.rs"]
mod glued_form;
use glued_form::{form, row};

const SCORED: &[&str] = &[
    "level1", "level2", "name", "target", "actual", "weight", "score",
];

/// A Sichuan-like form (分值 before 年度指标值) with its cells run together.
const WATER: &str = "绩效目标自评表(2022年度)项目名称某水利项目主管部门某县水利局\
     绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因分析\
     产出指标(70分)数量指标安装水标尺10≥266米≥266米10\
     质量指标验收合格率20100%100%20成本指标计划总投资1020万元20万元10\
     效益指标(20分)社会效益指标受益人口数12.512.512.512.5总分100100";

/// The rows of [`WATER`] whose values ran together, read.
fn assert_water_rows(f: &Value) {
    let want = [
        [
            "产出指标",
            "质量指标",
            "验收合格率",
            "100%",
            "100%",
            "20",
            "20",
        ],
        [
            "产出指标",
            "成本指标",
            "计划总投资",
            "20万元",
            "20万元",
            "10",
            "10",
        ],
    ];
    for (i, w) in want.iter().enumerate() {
        assert_eq!(row(f, i + 1, SCORED), w);
    }
}

#[test]
fn values_run_together_are_cut_by_their_columns() {
    // 分值 before 年度指标值; 20100% is 分值 20 then 100%, 1020万元 is 10 then
    // 20万元; 12.512.512.5 is one value three times; 100100 the total twice.
    let f = form(WATER);
    assert_water_rows(&f);
    assert_eq!(
        row(&f, 3, SCORED),
        [
            "效益指标",
            "社会效益指标",
            "受益人口数",
            "12.5",
            "12.5",
            "12.5",
            "12.5"
        ]
    );
    assert_eq!(f["total"]["weight"], "100");
    assert_eq!(f["total"]["score"], "100");
}

#[test]
fn labels_inside_sentences_and_formulas_are_words() {
    // 项目资金, 年初设定目标 inside the goal text and 完成值, 指标值, 分值 inside a
    // scoring rule are words of those texts, not cells; so is the title word
    // 绩效目标申报表 inside an indicator name.
    let goal = "通过规范专项资金的使用,充分发挥项目资金在地区保洁工作中的作用,按照年初设定目标,将辖区20条道路、4处广场的保洁外包";
    let text = format!(
        "项目支出绩效自评表(2016年度)项目名称道路保洁经费年度总体目标{goal}\
         绩效指标一级指标二级指标三级指标分值年度指标值(A)全年实际值(B)得分计算方法得分\
         数量指标是否完成绩效目标申报表中申报的数量12.512.512.5完成值达到指标值,记满分;未达到指标值,按B/A*该指标分值记分。12.5"
    );
    // The goal text is one cell beside its label.
    let grids = jixiao::read::text::debug_grids(&text, Some(TextShape::Glued));
    assert!(
        grids[0].contains(&format!("0:年度总体目标 | 1:{goal}\n")),
        "{}",
        grids[0]
    );
    let f = form(&text);
    assert_eq!(
        row(&f, 0, SCORED),
        [
            "产出指标",
            "数量指标",
            "是否完成绩效目标申报表中申报的数量",
            "12.5",
            "12.5",
            "12.5",
            "12.5"
        ]
    );
}

#[test]
fn a_document_site_chunk_cut_inside_a_word_joins_the_next() {
    let long = "说明文字".repeat(60);
    let text = format!(
        "1、项目支出绩效自评表(2016年度)项目名称道路保洁经费{long}一级指标二级指标三级指标分值年度指标值全年实际值得分产出指标数量指标道路条\n\n2、数10≥20条≥20条10"
    );
    let f = form(&text);
    assert_eq!(
        row(&f, 0, SCORED),
        [
            "产出指标",
            "数量指标",
            "道路条数",
            "≥20条",
            "≥20条",
            "10",
            "10"
        ]
    );
}

#[test]
fn names_are_cut_from_their_explanations_in_a_one_level_table() {
    // 一级指标 holds the categories as written, 二级指标 the names, 绩效标准 an
    // explanation (反映…) that is read nowhere; a past year's column
    // (2020年实际执行数) is no funding heading, so the form is a declaration.
    let f = form(
        "某市2022年部门预算项目支出绩效目标表项目名称办公大楼运行保障\
         项目预算成本构成金额2020年实际执行数保安服务费191\
         绩效指标一级指标二级指标绩效标准当年预期实现值\
         数量指标日常维修次数反映全年维修情况2280次巡察次数反映保卫巡检情况200次\
         质量指标验收合格率反映维修质量情况>92%",
    );
    assert_eq!(f["kind"], "target_declaration");
    let keys = ["level1", "level2", "name", "target"];
    assert_eq!(
        row(&f, 0, &keys),
        ["数量指标", "-", "日常维修次数", "2280次"]
    );
    assert_eq!(row(&f, 1, &keys), ["数量指标", "-", "巡察次数", "200次"]);
    assert_eq!(row(&f, 2, &keys), ["质量指标", "-", "验收合格率", ">92%"]);
}

#[test]
fn notes_under_the_total_are_no_indicators() {
    let f = form(
        "绩效目标自评表(2022年度)项目名称某项目\
         绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分\
         满意度指标(10分)服务对象满意度指标受益户满意度10≥95%≥95%10……总分100100\
         注:1.一级指标分值统一设置为:产出指标50分、效益指标30分",
    );
    assert_eq!(f["indicators"].as_array().map(Vec::len), Some(1));
    assert_eq!(f["indicators"][0]["note"], Value::Null);
    assert_eq!(f["total"]["score"], "100");
}

#[test]
fn funding_numbers_run_together_are_cut_by_the_row_arithmetic() {
    let f = form(
        "绩效目标自评表(2022年度)项目名称某项目资金情况(万元)全年预算数(A)全年执行数(B)分值执行率(B/A)得分\
         年度资金总额:202010100.00%10其中:本年财政拨款2020其他资金\
         绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分",
    );
    let total = &f["funding"]["total"];
    let got: Vec<&Value> = [
        "annual_budget",
        "executed",
        "weight",
        "execution_rate",
        "score",
    ]
    .iter()
    .map(|k| &total[k])
    .collect();
    assert_eq!(got, ["20", "20", "10", "100.00", "10"]);
    assert_eq!(f["funding"]["current_appropriation"]["annual_budget"], "20");
    assert_eq!(f["funding"]["current_appropriation"]["executed"], "20");
    // 分值(10分) fixes the weight; 310.21 and 54.74 show the same decimals.
    let f = form(
        "项目支出绩效自评表(2016年度)项目名称某项目项目资金(万元) 年初预算数(A)全年执行数(B)分值(10分)执行率(B/A)得分得分计算方法\
         年度资金总额:310.2154.741050%5执行率*该指标分值,最高不得超过分值上限。\
         绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分",
    );
    let total = &f["funding"]["total"];
    assert_eq!(total["initial_budget"], "310.21");
    assert_eq!(total["executed"], "54.74");
    assert_eq!(total["execution_rate"], "50");
    assert_eq!(total["score"], "5");
}

/// A field as compared: text without white space, numbers as decimals
/// (`"10"` = `"10.00"`, `%` and `,` dropped), null as empty.
fn compared(v: &Value, numeric: bool) -> String {
    let text = match v {
        Value::Null => String::new(),
        Value::String(s) => s.chars().filter(|c| !c.is_whitespace()).collect(),
        v => v.to_string(),
    };
    if !numeric {
        return text;
    }
    let t = text.replace([',', '%'], "");
    t.parse::<jixiao::model::Decimal>()
        .map_or(t, |d| d.normalize().to_string())
}

/// Fields right and fields counted over the wanted forms (matched in
/// order): `header` (path, numeric) of each form, the indicator `keys` of
/// each wanted row (extra rows read count as wrong), and the total.
fn fields_right(
    got: &Value,
    want: &Value,
    header: impl Fn(&Value) -> Vec<(String, Value, bool)>,
    keys: &[&str],
) -> (usize, usize) {
    let (mut ok, mut total) = (0, 0);
    let empty = Vec::new();
    let got_forms = got["forms"].as_array().unwrap_or(&empty);
    for (i, w) in want["forms"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .enumerate()
    {
        let g = got_forms.get(i).cloned().unwrap_or(Value::Null);
        let got_header = header(&g);
        for (path, wv, numeric) in header(w) {
            let gv = got_header
                .iter()
                .find(|(p, _, _)| *p == path)
                .map_or(Value::Null, |x| x.1.clone());
            total += 1;
            ok += usize::from(compared(&gv, numeric) == compared(&wv, numeric));
        }
        let wi = w["indicators"].as_array().unwrap_or(&empty);
        let gi = g["indicators"].as_array().unwrap_or(&empty);
        for (j, wr) in wi.iter().enumerate() {
            let gr = gi.get(j).cloned().unwrap_or(Value::Null);
            for k in keys {
                let numeric = matches!(*k, "weight" | "score");
                total += 1;
                ok += usize::from(compared(&gr[k], numeric) == compared(&wr[k], numeric));
            }
        }
        total += gi.len().saturating_sub(wi.len()) * keys.len();
    }
    (ok, total)
}

/// Core fields right (kind, year, project name, every indicator's level1,
/// level2, name, target, actual, weight, score, the total), as
/// ../shared/tools/score_core.py counts them: (right, counted).
fn core_score(got: &Value, want: &Value) -> (usize, usize) {
    let core = |f: &Value| {
        let mut out: Vec<(String, Value, bool)> = ["kind", "year", "project_name"]
            .iter()
            .map(|k| (k.to_string(), f[*k].clone(), *k == "year"))
            .collect();
        for k in ["weight", "score"] {
            out.push((format!("total.{k}"), f["total"][k].clone(), true));
        }
        out
    };
    fields_right(got, want, core, SCORED)
}

#[test]
fn real_core_excerpts_read_at_least_as_well_as_today() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real/core");
    if !dir.is_dir() {
        println!("skipped: {} is not here", dir.display());
        return;
    }
    // (file, core fields right at least); a department-wide form gives no form.
    let floors = [
        ("bj-haidian-xueyuanlu-2016-selfeval", 19),
        ("hb-ezhou-2022-target", 54),
        ("sc-zhongjiang-2022-selfeval", 68),
        ("yn-yongde-minglang-2022-selfeval", 68),
    ];
    for (name, floor) in floors {
        let bytes = std::fs::read(dir.join(format!("{name}.txt"))).expect("excerpt");
        let want: Value = serde_json::from_slice(
            &std::fs::read(dir.join(format!("{name}.json"))).expect("reference"),
        )
        .expect("json");
        let out = jixiao::read::text::read_text(&bytes, name).expect("forms");
        let got = serde_json::to_value(&out.document).expect("json");
        let (ok, total) = core_score(&got, &want);
        println!("{name}: core {ok}/{total}");
        assert!(ok >= floor, "{name}: core {ok}/{total}, was {floor}");
        assert!(total * 9 <= ok * 10, "{name}: core {ok}/{total} under 90 %");
    }
    let dept =
        std::fs::read(dir.join("hn-lingling-forestry-2021-deptselfeval.txt")).expect("excerpt");
    let forms = jixiao::read::text::read_text(&dept, "dept").map_or(0, |o| o.document.forms.len());
    assert_eq!(
        forms, 0,
        "a department-wide self-evaluation is no project form"
    );
}

#[test]
fn forms_of_one_file_run_together_in_the_samples_wording() {
    // Full-width labels (其中：), dashes as blank cells, 人力资源 inside a
    // department's name, bracketed units, 55 as 分值 5 and 得分 5, a word
    // shown twice as target and actual, 10096.59 as the total's weight and
    // score, and the second form's title after the first's grade.
    let one = "财政项目支出绩效自评表（2024年度）项目名称其他社会保障类主管部门上海市嘉定区人力资源和社会保障局\
        项目资金（万元）年初预算数全年预算数全年执行数分值执行率(%)得分\
        年度资金总额7.81.551.551010010其中：当年财政拨款7.81.551.55—100—上年结转资金000—0—\
        一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施\
        产出指标数量指标征地安置人员资金返还完成情况≤3.00(人)1.00(人)55\
        质量指标申请对象合规性合规合规55\
        效益指标社会效益指标征地养老人员政策知晓度≥90.00(%)95.00(%)1010总分10096.59评分等级优";
    let text = format!("{one}{}", one.replace("其他社会保障类", "活动经费"));
    let out = read_text_as(text.as_bytes(), "two.txt", Some(TextShape::Glued)).expect("forms");
    let doc = serde_json::to_value(&out.document).expect("json");
    let forms = doc["forms"].as_array().expect("forms");
    assert_eq!(forms.len(), 2);
    assert_eq!(forms[1]["title"], "财政项目支出绩效自评表");
    assert_eq!(forms[1]["project_name"], "活动经费");
    let f = &forms[0];
    assert_eq!(f["department"], "上海市嘉定区人力资源和社会保障局");
    let row_of = |name: &str| -> Vec<&Value> {
        let r = &f["funding"][name];
        [
            "initial_budget",
            "annual_budget",
            "executed",
            "weight",
            "execution_rate",
            "score",
        ]
        .iter()
        .map(|k| &r[*k])
        .collect()
    };
    assert_eq!(row_of("total"), ["7.8", "1.55", "1.55", "10", "100", "10"]);
    let null = Value::Null;
    assert_eq!(
        row_of("current_appropriation"),
        [
            &Value::from("7.8"),
            &"1.55".into(),
            &"1.55".into(),
            &null,
            &"100".into(),
            &null
        ]
    );
    assert_eq!(
        row(f, 0, SCORED),
        [
            "产出指标",
            "数量指标",
            "征地安置人员资金返还完成情况",
            "≤3.00(人)",
            "1.00(人)",
            "5",
            "5"
        ]
    );
    assert_eq!(
        row(f, 1, SCORED),
        [
            "产出指标",
            "质量指标",
            "申请对象合规性",
            "合规",
            "合规",
            "5",
            "5"
        ]
    );
    assert_eq!(f["total"]["weight"], "100");
    assert_eq!(f["total"]["score"], "96.59");
    assert_eq!(f["grade"], "优");
}

#[test]
fn list_numbers_stay_in_their_text_and_bracketed_units_end_values() {
    let goal = "1、外调获取有效证据率95%以上。2、年度重复领取待遇核查率100%";
    let f = form(&format!(
        "财政项目支出绩效目标申报表(2024年度)项目名称外省市差旅费项目绩效目标项目总目标年度总体目标{goal}\
         绩效指标一级指标二级指标三级指标年度(/项目)指标值\
         产出指标数量指标重复领待案件核实率=100.00(%)当年度完成信息核实和待遇领取情况确认>95.00(%)"
    ));
    assert_eq!(f["goals"]["annual"], goal);
    let keys = ["level1", "level2", "name", "target"];
    assert_eq!(
        row(&f, 0, &keys),
        ["产出指标", "数量指标", "重复领待案件核实率", "=100.00(%)"]
    );
    assert_eq!(
        row(&f, 1, &keys),
        [
            "产出指标",
            "数量指标",
            "当年度完成信息核实和待遇领取情况确认",
            ">95.00(%)"
        ]
    );
}

/// The share of fields the samples and the two real forms read when their
/// cells run together (`tools/reshape.py`'s glued shape: each form on one
/// line, no separator at all), today; the forms' own words then hold the
/// only boundaries, so this is best effort (the target for the held-back
/// forms is 90 %). putuo (the 2020 target table) read 37 % before its
/// categories and word targets were cut (docs/text-shapes.md).
const RESHAPED_FLOORS: &[(&str, f64)] = &[
    ("declaration-minhang-2024", 0.85),
    ("selfeval-jiading-2024", 0.92),
    ("selfeval-jiading-hrss-2024", 0.79),
    ("target-table-putuo-2020", 0.91),
    ("sc-qingshen-2023-selfeval", 0.86),
    ("ah-chizhou-tangxi-2022-selfeval-a", 0.87),
];

#[test]
fn forms_re_shaped_with_their_cells_run_together() {
    use std::process::Command;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let real = root.join("../shared/real");
    for (stem, floor) in RESHAPED_FLOORS {
        let (source, want) = match stem.starts_with("sc-") || stem.starts_with("ah-") {
            true => (
                real.join(format!("{stem}.txt")),
                real.join(format!("{stem}.json")),
            ),
            false => (
                root.join(format!("samples/{stem}.txt")),
                root.join(format!("tests/golden/{stem}.json")),
            ),
        };
        if !source.exists() {
            println!("skipped {stem}: {} is not here", source.display());
            continue;
        }
        let xlsx = dir.path().join(format!("{stem}.xlsx"));
        let made = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .arg("convert")
            .arg(&source)
            .args(["--to", "xlsx", "-o"])
            .arg(&xlsx)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok()
            && xlsx.exists();
        let py = Command::new("python3")
            .arg(root.join("tools/reshape.py"))
            .arg(&xlsx)
            .arg(dir.path())
            .status();
        if !made || !py.is_ok_and(|s| s.success()) {
            println!("skipped {stem}: no python3 or no workbook");
            continue;
        }
        // reshape.py's glued shape: each form's cells on one line, no
        // separator at all.
        let glued =
            std::fs::read_to_string(dir.path().join(format!("{stem}.glued.txt"))).expect("glued");
        let out = read_text_as(glued.as_bytes(), stem, Some(TextShape::Glued)).expect("forms");
        let got = serde_json::to_value(&out.document).expect("json");
        let want: Value =
            serde_json::from_slice(&std::fs::read(want).expect("reference")).expect("json");
        let all = [
            "level1", "level2", "name", "target", "actual", "weight", "score", "note",
        ];
        let kind = want["forms"][0]["kind"].as_str().unwrap_or("").to_string();
        let keys: &[&str] = if kind == "self_evaluation" {
            &all
        } else {
            &all[..4]
        };
        let (ok, total) = fields_right(&got, &want, form_fields::flatten, keys);
        let share = ok as f64 / total.max(1) as f64;
        println!("{stem}: {ok}/{total} = {:.1} %", share * 100.0);
        assert!(
            share >= *floor,
            "{stem}: {:.1} % < {:.0} %",
            share * 100.0,
            floor * 100.0
        );
    }
}

#[test]
fn run_together_text_wrapped_at_a_width_is_told_and_read_as_one() {
    let chars: Vec<char> = WATER.chars().collect();
    let wrapped: Vec<String> = chars.chunks(37).map(|c| c.iter().collect()).collect();
    let wrapped = wrapped.join("\n");
    assert_eq!(TextShape::detect(wrapped.lines()), TextShape::Glued);
    let out = jixiao::read::text::read_text(wrapped.as_bytes(), "wrapped.txt").expect("a form");
    assert_water_rows(&serde_json::to_value(&out.document).expect("json")["forms"][0]);
}

#[test]
fn endings_shared_by_rows_are_their_target_and_actual() {
    // Name, target and actual ran together before the points: the ending
    // three rows share is the actual, the next shared one the target, and a
    // target that restates the name's word (健全性健全) is cut there.
    let f = form(
        "项目支出绩效自评表(2022年度)项目名称某项目\
         一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施\
         效益指标社会效益指标对维护市场公平的影响程度效果明显达成预期指标1010\
         对控制项目成本影响程度效果明显达成预期指标1010\
         对推动制度落实的持续性影响效果明显达成预期指标1010\
         可持续影响指标长效管理机制健全性健全达成预期指标55总分10095",
    );
    assert_eq!(
        row(&f, 1, SCORED),
        [
            "效益指标",
            "社会效益指标",
            "对控制项目成本影响程度",
            "效果明显",
            "达成预期指标",
            "10",
            "10"
        ]
    );
    assert_eq!(
        row(&f, 3, SCORED),
        [
            "效益指标",
            "可持续影响指标",
            "长效管理机制健全性",
            "健全",
            "达成预期指标",
            "5",
            "5"
        ]
    );
    assert_eq!(f["total"]["score"], "95");
}

#[test]
fn labels_inside_a_note_keep_the_table_going() {
    // 改进措施 after a sentence, with the table's total still to come, is a
    // word of the row's note, not the end of the table.
    let f = form(
        "项目支出绩效自评表(2024年度)项目名称某项目\
         一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施\
         产出指标数量指标转移脱贫劳动力=120.00(人)736.00(人)108偏差原因：年度指标值设置欠合理。改进措施：完善指标设置。\
         质量指标脱贫工作质量达标率=100.00(%)100.00(%)55总分10096.59",
    );
    assert_eq!(f["indicators"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        f["indicators"][0]["note"],
        "偏差原因：年度指标值设置欠合理。改进措施：完善指标设置。"
    );
    assert_eq!(
        row(&f, 0, SCORED),
        [
            "产出指标",
            "数量指标",
            "转移脱贫劳动力",
            "=120.00(人)",
            "736.00(人)",
            "10",
            "8"
        ]
    );
    assert_eq!(row(&f, 1, SCORED)[5..], ["5", "5"]);
}
