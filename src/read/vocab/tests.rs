use super::norm::{strip_decoration, strip_numbering};
use super::*;

fn v() -> &'static Vocabulary {
    Vocabulary::builtin()
}

#[test]
fn titles_by_their_ending_and_skips_by_name() {
    let se = Some(Title::Form(FormKind::SelfEvaluation));
    for t in [
        "财政项目支出绩效自评表",
        "项目支出绩效自评表 (2022年度)",
        "部门预算项目支出绩效自评表(2023年度)",
        "财政项目支出绩效自我评价",
        "某市本级部门项目支出绩效自评表",
        "2022年度项目支出绩效自评表",
        "附件: 项目支出绩效自评表",
        "绩效目标自评表(2022年度)",
    ] {
        assert_eq!(v().title(t), se, "{t}");
    }
    let td = Some(Title::Form(FormKind::TargetDeclaration));
    for t in [
        "财政项目支出绩效目标申报表",
        "项目绩效目标表",
        "项目绩效目标申报表",
    ] {
        assert_eq!(v().title(t), td, "{t}");
    }
    assert_eq!(
        v().title("财政项目支出绩效目标表"),
        Some(Title::Form(FormKind::TargetTable))
    );
    assert_eq!(
        v().title("2021年林业局部门整体支出绩效自评表"),
        Some(Title::Skip("部门整体支出绩效自评表"))
    );
    assert!(matches!(
        v().title("项目绩效目标执行监控表"),
        Some(Title::Skip(_))
    ));
    for t in [
        "上海市闵行区社会保障服务中心2024年度项目绩效目标汇总表",
        "鄂州市2022年市直部门预算项目支出绩效目标表.docx",
        "项目名称",
        "对照年度目标,说明相关任务目标的完成情况(100字以内)",
    ] {
        assert_eq!(v().title(t), None, "{t}");
    }
    assert_eq!(
        v().clean_title("部门预算项目支出绩效自评表(2023年度)")
            .as_deref(),
        Some("部门预算项目支出绩效自评表")
    );
    assert_eq!(
        v().clean_title("2022年度项目支出绩效自评表").as_deref(),
        Some("项目支出绩效自评表")
    );
}

#[test]
fn fields_with_decorations_and_numbers() {
    assert_eq!(v().field("项 目 名 称*："), Some("project_name"));
    assert_eq!(v().field("主管部门及代码"), Some("department"));
    assert_eq!(v().field("实施单位（盖章）"), Some("implementer"));
    assert_eq!(v().field("转移支付(项目)名称"), Some("project_name"));
    assert_eq!(v().field("2.项目实施内容及过程概述"), Some("extra"));
    assert_eq!(v().field("项目负责人:"), Some("extra"));
    assert_eq!(
        v().label_key("2.项目实施内容及过程概述"),
        "项目实施内容及过程概述"
    );
    assert_eq!(v().label_key("项目负责人:"), "项目负责人");
    assert_eq!(v().field("项目年度目标"), Some("goals.expected"));
    assert_eq!(v().field("年度目标完成情况"), Some("goals.actual"));
    assert_eq!(v().field("51000021R000000019951-工资性支出"), None);
}

#[test]
fn funding_columns_and_rows() {
    use FundingColumn::*;
    let cols = [
        "年初预算",
        "调整后预算数",
        "预算执行数",
        "预算执行率",
        "权重",
        "得分",
        "原因",
    ];
    let want = [
        InitialBudget,
        AnnualBudget,
        Executed,
        ExecutionRate,
        Weight,
        Score,
        Reason,
    ];
    for (c, w) in cols.iter().zip(want) {
        assert_eq!(v().funding_column(c), Some(w), "{c}");
    }
    assert_eq!(v().funding_column("年初预算数(A)"), Some(InitialBudget));
    assert_eq!(v().funding_column("执行率(B/A)"), Some(ExecutionRate));
    assert_eq!(v().funding_column("分值(10分)"), Some(Weight));
    use FundingRowKind::*;
    assert_eq!(v().funding_row("总额"), Some(Total));
    assert_eq!(v().funding_row("年度资金总额:"), Some(Total));
    assert_eq!(
        v().funding_row("其中：本年财政拨款"),
        Some(CurrentAppropriation)
    );
    assert_eq!(v().funding_row("其中:财政资金"), Some(CurrentAppropriation));
    assert_eq!(v().funding_row("上年结转 资金"), Some(Carryover));
    assert_eq!(v().funding_row("财政专户管理资金"), Some(Extra));
    assert_eq!(v().funding_row("238.93"), None);
    assert_eq!(v().funding_unit("年度预算数(万元)"), Some("万元"));
    assert_eq!(v().funding_unit("项目资金（元）"), Some("元"));
    assert_eq!(v().funding_unit("资金情况(万元)"), Some("万元"));
    assert_eq!(v().funding_unit("项目资金总额"), None);
}

#[test]
fn indicator_columns_and_levels() {
    use IndicatorColumn::*;
    for (c, w) in [
        ("一级指标", Level1),
        ("二级目标", Level2),
        ("三级指标", Name),
        ("指标名称", Name),
        ("指标性质", Nature),
        ("指标值", Target),
        ("年度(/项目)指标值", Target),
        ("年度指标值(A)", Target),
        ("度量单位", Unit),
        ("完成值", Actual),
        ("全年实际值(B)", Actual),
        ("权重", Weight),
        ("分值", Weight),
        ("得分", Score),
        ("偏差原因分析及改进措施", Note),
        ("未完成原因分析", Note),
        ("未完成原因及拟采取的改进措施", Note),
    ] {
        assert_eq!(v().indicator_column(c), Some(w), "{c}");
    }
    assert_eq!(v().level1("产出指标(50分)").as_deref(), Some("产出指标"));
    assert_eq!(
        v().level1("满意度指标（10分）").as_deref(),
        Some("满意度指标")
    );
    assert_eq!(v().level1("产出目标").as_deref(), Some("产出目标"));
    assert_eq!(v().level2("经济效 益指标").as_deref(), Some("经济效益指标"));
    assert_eq!(
        v().level2("服务对象满意度指标等").as_deref(),
        Some("服务对象满意度指标等")
    );
    assert_eq!(v().parent_of("可持续影响指标"), Some("效益指标"));
    assert_eq!(v().parent_of("成本指标"), Some("产出指标"));
    assert_eq!(v().parent_of("数量"), None);
    assert_eq!(v().level1("达成预期指标"), None);
    assert_eq!(v().level2("达成预期指标"), None);
}

#[test]
fn headings_and_labels() {
    for h in [
        "绩效指标(90分)",
        "预算执行情况(10分)",
        "项目资金(万元)",
        "1.项目年度目标完成情况",
    ] {
        assert!(v().heading(h), "{h}");
        assert!(v().is_label(h), "{h}");
    }
    for value in ["238.93", "=", "%", "100.00%", "青神县发展和改革局", "", "/"] {
        assert!(!v().is_label(value), "{value}");
    }
    assert!(v().is_label("财政项目支出绩效自评表"));
    assert!(v().is_label("上年结转资金"));
}

#[test]
fn numbering_and_decorations() {
    assert_eq!(strip_numbering("2.项目实施内容"), "项目实施内容");
    assert_eq!(strip_numbering("(一)项目概况"), "项目概况");
    assert_eq!(strip_numbering("三、存在问题"), "存在问题");
    assert_eq!(strip_numbering("2.5"), "2.5");
    assert_eq!(strip_numbering("100"), "100");
    assert_eq!(strip_decoration("实施单位(盖章)"), Some("实施单位"));
    assert_eq!(strip_decoration("(50分)"), None);
}

#[test]
fn the_taxonomy_agrees_with_the_vocabulary() {
    for (l1, l2s) in crate::model::taxonomy::STANDARD {
        assert!(v().level1(l1).is_some(), "{l1}");
        for l2 in *l2s {
            assert_eq!(v().level2(l2).as_deref(), Some(*l2));
            assert_eq!(
                v().parent_of(l2),
                crate::model::taxonomy::parent_of(l2),
                "{l2}"
            );
        }
    }
    for l2 in crate::model::taxonomy::TABLE_2020_LEVEL2 {
        assert!(v().level2(l2).is_some(), "{l2}");
    }
}

#[test]
fn local_files_add_entries_and_bad_ones_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("local.toml");
    std::fs::write(&path, "[fields]\nproject_name = [\"项目全称\"]\n[levels.level2]\n\"效益指标\" = [\"民生效益指标\"]\n").unwrap();
    let local = Vocabulary::with_file(&path).unwrap();
    assert_eq!(local.field("项目全称"), Some("project_name"));
    assert_eq!(local.field("项目名称"), Some("project_name"));
    assert_eq!(local.parent_of("民生效益指标"), Some("效益指标"));
    assert_eq!(v().field("项目全称"), None);
    std::fs::write(&path, "[funding_rows]\ntotall = [\"x\"]\n").unwrap();
    let err = Vocabulary::with_file(&path).unwrap_err().to_string();
    assert!(
        err.contains("totall") && err.contains("local.toml"),
        "{err}"
    );
    let err = Vocabulary::with_file(&dir.path().join("none.toml")).unwrap_err();
    assert!(err.to_string().contains("无法读取"), "{err}");
}

#[test]
fn one_meaning_agrees_with_each_lookup() {
    let v = v();
    let mut texts: Vec<String> = [
        "项 目 名 称*：",
        "实施单位（盖章）",
        "2.项目实施内容及过程概述",
        "产出指标(50分)",
        "经济效 益指标",
        "绩效指标(90分)",
        "未完成原因分析及改进措施",
        "财政项目支出绩效自评表 (2024年度)",
        "部门整体支出绩效自评表",
        "10.00",
        "",
        ":",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for sample in std::fs::read_dir("samples").unwrap() {
        let text = std::fs::read_to_string(sample.unwrap().path()).unwrap();
        texts.extend(text.split(['\t', ' ', '\n']).map(str::to_string));
    }
    for t in &texts {
        let m = v.meaning(t);
        let field = v.field(t);
        assert_eq!(m.field, field, "{t}");
        assert_eq!(m.funding_column, v.funding_column(t), "{t}");
        assert_eq!(m.funding_row, v.funding_row(t), "{t}");
        assert_eq!(m.indicator_column, v.indicator_column(t), "{t}");
        assert_eq!(m.heading, v.heading(t), "{t}");
        assert_eq!(m.level1, v.level1(t).is_some(), "{t}");
        assert_eq!(m.level2, v.level2(t).is_some(), "{t}");
        assert_eq!(m.is_label(), v.is_label(t), "{t}");
        let title = v.title(t).map(|t| match t {
            Title::Form(k) => Some(k),
            Title::Skip(_) => None,
        });
        assert_eq!(m.title, title, "{t}");
    }
}
