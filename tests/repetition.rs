//! Repetition across cases: what a set of cases triggers together that no single case shows.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use hallpolicy_runtime::case::decode_json;
use hallpolicy_runtime::evaluate::repetition::repetitions;
use hallpolicy_runtime::{decode_case, Case, Policy};
use hallpolicy_tests::{compile, json_files, policy_for_cases, root};

fn folder(policy: &Policy, name: &str) -> Vec<(String, Case<'static>)> {
    json_files(&root().join("tests/fixtures/cases").join(name))
        .iter()
        .map(|f| {
            let case = decode_case(policy, &std::fs::read_to_string(f).unwrap(), None)
                .unwrap()
                .into_owned();
            (f.file_stem().unwrap().to_string_lossy().into_owned(), case)
        })
        .collect()
}

#[test]
fn a_section_with_two_upheld_complaints_in_a_year_loses_the_excellent_rating() {
    let policy = compile(&policy_for_cases("tongxiang-001"));
    let cases = folder(&policy, "tongxiang-001");
    let named: Vec<(String, &Case)> = cases.iter().map(|(n, c)| (n.clone(), c)).collect();
    let reports = repetitions(&policy, &named);
    // 投资科's two upheld complaints fall in 2025 and 2026; 企业服务科's third was not upheld.
    assert_eq!(reports.len(), 1, "{reports:?}");
    let r = &reports[0];
    assert_eq!(
        (r.group.as_str(), r.window.as_str(), r.count),
        ("企业服务科", "2026", 2)
    );
    assert_eq!(r.cases, ["投诉-企业服务科-三月查实", "投诉-企业服务科-九月查实"]);
    assert_eq!(r.consequence, "科室长年终考核不能评优秀");
    assert_eq!(r.citation.article, "四2");
}

const ROLLING: &str = r#"
hall 测试 "测试大厅" { version "1" calendar cn-mainland }
source 办法 "测试办法"
kind 投诉 { fact 科室: text  event 投诉 {}  event 查实 {} }
repeat 个人三次 "一人十二个月内被查实三次" {
  cite 办法 "第九条"
  kind 投诉
  count 查实
  per person
  within 12 months
  at least 3
  then "调离岗位"
}
"#;

fn upheld(policy: &Policy, by: &str, day: &str) -> Case<'static> {
    let json = format!(
        r#"{{"kind":"投诉","facts":{{"科室":"甲"}},"as_of":"2026-12-31T12:00:00+08:00",
            "events":[{{"type":"查实","at":"{day}T10:00:00+08:00","by":"{by}"}}]}}"#
    );
    decode_json(policy, serde_json::from_str(&json).unwrap(), None)
        .unwrap()
        .into_owned()
}

#[test]
fn a_rolling_window_counts_per_person_and_starts_afresh_after_a_trigger() {
    let policy = hallpolicy_compiler::compile(ROLLING).unwrap();
    let days = [
        ("王", "2025-01-10"),
        ("王", "2025-06-01"),
        ("李", "2025-07-01"),
        ("王", "2026-01-09"), // third within 12 months of 2025-01-10
        ("王", "2026-03-01"),
        ("王", "2026-12-01"), // 2026-03-01 and 2026-12-01: two since the last trigger
        ("李", "2026-08-01"), // 李 only twice, and 13 months apart
    ];
    let cases: Vec<(String, Case)> = days
        .iter()
        .enumerate()
        .map(|(i, (by, day))| (format!("c{i}"), upheld(&policy, by, day)))
        .collect();
    let named: Vec<(String, &Case)> = cases.iter().map(|(n, c)| (n.clone(), c)).collect();
    let reports = repetitions(&policy, &named);
    assert_eq!(reports.len(), 1, "{reports:?}");
    let r = &reports[0];
    assert_eq!((r.group.as_str(), r.count), ("王", 3));
    assert_eq!(r.window, "2025-01-10 – 2026-01-09");
    assert_eq!(r.cases, ["c0", "c1", "c3"]);
    assert_eq!(r.consequence, "调离岗位");
}
