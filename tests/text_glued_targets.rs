//! Run-together text (shape 6 of variants.md §3): rows whose targets are
//! words, not numbers — a name running into its target and the next row's
//! name (docs/text-shapes.md, "Run-together text", indicator rows). Made-up
//! forms, one per rule.

#[path = "common/glued_form.rs"]
mod glued_form;
use glued_form::{form, row};

#[test]
fn word_targets_end_names_and_rows_without_explanation() {
    // Rows with an explanation (反映…) and rows without one: a name runs
    // straight into its target, a word (不超过年度预算, 按时完成, 达标) or a
    // number after a bound (不低于98%), and then into the next row's name.
    let f = form(
        "某县2023年部门预算项目支出绩效目标表项目名称街道公共照明维护\
         绩效指标一级指标二级指标绩效标准当年预期实现值\
         数量指标路灯维修次数反映路灯全年维修情况300次\
         质量指标亮灯率不低于98%维修及时率反映故障路灯修复情况≥95%\
         时效指标故障处理完成度按时完成\
         成本指标电费控制率不超过年度预算设施巡查覆盖率反映巡查情况100%\
         满意度指标居民满意度达标",
    );
    let keys = ["level1", "name", "target"];
    let want = [
        ["数量指标", "路灯维修次数", "300次"],
        ["质量指标", "亮灯率", "不低于98%"],
        ["质量指标", "维修及时率", "≥95%"],
        ["时效指标", "故障处理完成度", "按时完成"],
        ["成本指标", "电费控制率", "不超过年度预算"],
        ["成本指标", "设施巡查覆盖率", "100%"],
        ["满意度指标", "居民满意度", "达标"],
    ];
    for (i, w) in want.iter().enumerate() {
        assert_eq!(row(&f, i, &keys), w, "row {i}");
    }
    assert_eq!(f["indicators"].as_array().map(Vec::len), Some(want.len()));
}

#[test]
fn a_2020_target_table_run_together_reads_its_rows() {
    // Everyday-word categories (数量, 财务管理) after a target word, a
    // category written twice (the row's and its name's start), targets
    // restating their names (规范性规范) or quality words (完善, 提高), a
    // heading (绩效目标) and a label before 的 inside names, a number in
    // brackets kept in its text, the executed sum run into the next year.
    let f = form(
        "财政项目支出绩效目标表(2021年度)申报单位名称某区文化馆项目名称社区文化活动经费\
         立项依据《某区公共文化服务办法》（区政府令第12号）\
         项目实施计划全年分季度组织社区文化活动，每季度不少于三场\
         总目标及阶段性目标丰富社区居民文化生活。\
         本项目上年度市级财政资金使用情况项目总预算（元）500000\
         同名项目上年预算执行数（元）475000.52021年绩效目标\
         一级目标二级目标三级目标指标目标值投入与管理投入管理预算执行率≥95%\
         财务管理财务管理制度健全性健全财务管理资金使用合规性合规\
         产出目标数量举办文化活动≥12场质量活动组织规范性规范\
         效果目标社会效益居民参与积极性提高社会效益活动宣传覆盖面广泛\
         影响力目标长效管理长效管理机制建设完善其它绩效目标合理性合理\
         其它立项依据的充分性充分",
    );
    assert_eq!(f["kind"], "target_table");
    assert_eq!(f["basis"], "《某区公共文化服务办法》（区政府令第12号）");
    assert_eq!(f["plan"], "全年分季度组织社区文化活动，每季度不少于三场");
    assert_eq!(f["prior_funding"]["prior_executed"], "475000.5");
    let keys = ["level1", "level2", "name", "target"];
    let want = [
        ["投入与管理", "投入管理", "预算执行率", "≥95%"],
        ["投入与管理", "财务管理", "财务管理制度健全性", "健全"],
        ["投入与管理", "财务管理", "资金使用合规性", "合规"],
        ["产出目标", "数量", "举办文化活动", "≥12场"],
        ["产出目标", "质量", "活动组织规范性", "规范"],
        ["效果目标", "社会效益", "居民参与积极性", "提高"],
        ["效果目标", "社会效益", "活动宣传覆盖面", "广泛"],
        ["影响力目标", "长效管理", "长效管理机制建设", "完善"],
        ["影响力目标", "其它", "绩效目标合理性", "合理"],
        ["影响力目标", "其它", "立项依据的充分性", "充分"],
    ];
    for (i, w) in want.iter().enumerate() {
        assert_eq!(row(&f, i, &keys), w, "row {i}");
    }
    assert_eq!(f["indicators"].as_array().map(Vec::len), Some(want.len()));
}
