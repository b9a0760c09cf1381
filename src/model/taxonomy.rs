//! The standard indicator taxonomy (一级指标 → 二级指标) of the current forms,
//! and the older 2020 target-table taxonomy (一级目标 → 二级目标).
//!
//! Readers use it to recognise labels in rows whose cells have shifted;
//! the master template uses it for its validation lists.
//!
//! ```
//! use jixiao::model::taxonomy;
//! assert_eq!(taxonomy::parent_of("可持续影响指标"), Some("效益指标"));
//! assert!(taxonomy::is_level1("满意度指标"));
//! ```

/// Standard level-1 labels and their level-2 labels, in form order.
pub const STANDARD: &[(&str, &[&str])] = &[
    (
        "成本指标",
        &["经济成本指标", "社会成本指标", "生态环境成本指标"],
    ),
    (
        "产出指标",
        &["数量指标", "质量指标", "时效指标", "成本指标"],
    ),
    (
        "效益指标",
        &[
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标",
        ],
    ),
    ("满意度指标", &["服务对象满意度指标"]),
];

/// Level-2 labels seen in published forms outside the standard list; they are
/// recognised as labels but have no parent to switch to.
pub const LEVEL2_VARIANTS: &[&str] = &["可持续发展指标", "生态环境效益指标"];

/// The 2020 target table's level-1 labels (一级目标).
pub const TABLE_2020_LEVEL1: &[&str] = &["投入与管理", "产出目标", "效果目标", "影响力目标"];

/// The 2020 target table's level-2 labels (二级目标).
pub const TABLE_2020_LEVEL2: &[&str] = &[
    "投入管理",
    "财务管理",
    "项目管理",
    "数量",
    "质量",
    "时效",
    "成本",
    "社会效益",
    "经济效益",
    "生态效益",
    "可持续影响",
    "服务对象满意度",
    "长效管理",
    "人力资源",
    "其他",
    "其它",
];

/// Whether `label` is a standard level-1 label.
pub fn is_level1(label: &str) -> bool {
    STANDARD.iter().any(|(l1, _)| *l1 == label)
}

/// Whether `label` is a level-2 label (standard or a known variant).
/// `成本指标` is level 1 in current forms, so it is not counted here.
pub fn is_level2(label: &str) -> bool {
    label != "成本指标"
        && (STANDARD.iter().any(|(_, l2)| l2.contains(&label)) || LEVEL2_VARIANTS.contains(&label))
}

/// The standard level-1 parent of a level-2 label, matched exactly as written.
pub fn parent_of(level2: &str) -> Option<&'static str> {
    if level2 == "成本指标" {
        return Some("产出指标");
    }
    STANDARD
        .iter()
        .find(|(_, l2)| l2.contains(&level2))
        .map(|(l1, _)| *l1)
}

/// Every standard label, both levels.
pub fn all_labels() -> impl Iterator<Item = &'static str> {
    STANDARD
        .iter()
        .flat_map(|(l1, l2)| std::iter::once(*l1).chain(l2.iter().copied()))
        .chain(LEVEL2_VARIANTS.iter().copied())
}
