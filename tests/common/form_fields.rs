//! The fields formcheck.py compares, as (path, value, numeric) triples,
//! shared by the tests that score a reading field by field.
#![allow(dead_code)]

use serde_json::Value;

/// Header fields of each kind, as in formcheck.py (year is numeric).
pub fn header_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "self_evaluation" => &[
            "title",
            "year",
            "project_name",
            "department",
            "implementer",
            "grade",
        ],
        "target_declaration" => &[
            "title",
            "year",
            "project_name",
            "project_nature",
            "project_category",
            "department",
            "implementer",
            "start_date",
            "end_date",
        ],
        "target_table" => &[
            "title",
            "year",
            "applicant",
            "project_name",
            "project_category",
            "start_date",
            "end_date",
            "includes_procurement",
            "performance_type",
            "overview",
            "basis",
            "necessity",
            "safeguards",
            "plan",
            "objectives",
        ],
        _ => &[],
    }
}

/// (path, value, numeric) triples of one form, in a stable order.
pub fn flatten(form: &Value) -> Vec<(String, Value, bool)> {
    let get = |v: &Value, path: &str| -> Value {
        path.split('.')
            .try_fold(v, |v, k| v.get(k))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let kind = form.get("kind").and_then(Value::as_str).unwrap_or("");
    let mut out = vec![("kind".to_string(), get(form, "kind"), false)];
    for f in header_fields(kind) {
        out.push((f.to_string(), get(form, f), *f == "year"));
    }
    match kind {
        "self_evaluation" => {
            out.push(("funding.unit".into(), get(form, "funding.unit"), false));
            for row in ["total", "current_appropriation", "carryover", "other"] {
                for col in [
                    "initial_budget",
                    "annual_budget",
                    "executed",
                    "weight",
                    "execution_rate",
                    "score",
                ] {
                    let p = format!("funding.{row}.{col}");
                    out.push((p.clone(), get(form, &p), true));
                }
            }
            for p in ["goals.expected", "goals.actual"] {
                out.push((p.into(), get(form, p), false));
            }
            for p in ["total.weight", "total.score"] {
                out.push((p.into(), get(form, p), true));
            }
        }
        "target_declaration" => {
            out.push(("funding.unit".into(), get(form, "funding.unit"), false));
            for c in [
                "project_total",
                "project_fiscal",
                "project_other",
                "annual_total",
                "current_appropriation",
                "carryover",
                "annual_other",
            ] {
                let p = format!("funding.{c}");
                out.push((p.clone(), get(form, &p), true));
            }
            for p in ["goals.overall", "goals.annual"] {
                out.push((p.into(), get(form, p), false));
            }
        }
        "target_table" => {
            out.push((
                "prior_funding.unit".into(),
                get(form, "prior_funding.unit"),
                false,
            ));
            for c in [
                "total_budget",
                "current_budget",
                "prior_budget",
                "prior_executed",
            ] {
                let p = format!("prior_funding.{c}");
                out.push((p.clone(), get(form, &p), true));
            }
        }
        _ => {}
    }
    out
}
