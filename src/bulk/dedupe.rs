//! One form handed in twice (a corrected v2 beside v1, a master beside the
//! forms made from it) is counted once by `collect`: the last one handed in
//! (latest file time, then latest in the order given) stays, and a 重复
//! finding names every copy.

use std::collections::HashMap;
use std::time::SystemTime;

use super::collect::CollectFinding;
use super::master::MasterForm;
use crate::model::{Form, FormKind};

/// What makes two forms the same: kind, year, 主管部门, 实施单位 (申报单位)
/// and 项目名称. Forms without a project name are never the same.
type Identity = (FormKind, Option<i32>, String, String, String);

fn identity(form: &Form) -> Option<Identity> {
    let clean = |s: &Option<String>| {
        s.as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<String>()
    };
    let (department, unit) = match form {
        Form::SelfEvaluation(f) => (clean(&f.department), clean(&f.implementer)),
        Form::TargetDeclaration(f) => (clean(&f.department), clean(&f.implementer)),
        Form::TargetTable(f) => (String::new(), clean(&f.applicant)),
    };
    let name: String = form.project_name()?.split_whitespace().collect();
    (!name.is_empty()).then(|| (form.kind(), form.year(), department, unit, name))
}

/// When and in what order a form was handed in: its file's modification
/// time, the file's position among the inputs, the form's within the file.
pub type HandedIn = (Option<SystemTime>, usize, usize);

/// Keeps the last copy of each form (`handed_in` is parallel to `forms`) and
/// adds a 重复 finding per form handed in more than once.
pub fn keep_last(
    forms: &mut Vec<MasterForm>,
    handed_in: &[HandedIn],
    findings: &mut Vec<CollectFinding>,
) {
    let mut groups: HashMap<Identity, Vec<usize>> = HashMap::new();
    let mut order = Vec::new();
    for (i, f) in forms.iter().enumerate() {
        if let Some(id) = identity(&f.form) {
            let group = groups.entry(id).or_default();
            if group.is_empty() {
                order.push(i);
            }
            group.push(i);
        }
    }
    let mut dropped = vec![false; forms.len()];
    for first in order {
        let id = identity(&forms[first].form).expect("grouped forms have one");
        let copies = &groups[&id];
        if copies.len() < 2 {
            continue;
        }
        let keep = *copies
            .iter()
            .max_by_key(|&&i| handed_in.get(i).copied().unwrap_or_default())
            .expect("two or more copies");
        for &i in copies {
            dropped[i] = i != keep;
        }
        let names: Vec<&str> = copies.iter().map(|&i| forms[i].place.as_str()).collect();
        findings.push(CollectFinding {
            file: forms[keep].place.clone(),
            form: 0,
            project: id.4.clone(),
            field: String::new(),
            place: String::new(),
            severity: "警告",
            message: format!(
                "重复：同一张表（{}）交了 {} 份：{}；只计入最后交的 {}",
                id.4,
                copies.len(),
                names.join("、"),
                forms[keep].place
            ),
        });
    }
    let mut i = 0;
    forms.retain(|_| {
        i += 1;
        !dropped[i - 1]
    });
}
