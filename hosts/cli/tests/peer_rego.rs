//! The Rego peer of the benchmark does the same work as hallpolicy: on every 申办 fixture of the
//! 白城 policy and on generated cases, its 一次性告知 and 承诺件限时办结 obligations have the same
//! status, due time, warning and clock start as hallpolicy's.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[path = "../benches/support/rego_peer.rs"]
mod rego_peer;

use std::collections::BTreeSet;
use std::path::PathBuf;

use hallpolicy_runtime::Evaluator;
use serde_json::{json, Map, Value};

const RULES: [&str; 2] = ["一次性告知", "承诺件限时办结"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// hallpolicy's answer in the peer's shape.
fn native_obligations(evaluator: &Evaluator, case_json: &str) -> Option<Value> {
    let evaluation = evaluator.evaluate_json(case_json, None).ok()?;
    let out: Value = serde_json::to_value(&evaluation).unwrap();
    let mut found = Map::new();
    for rule in RULES {
        let Some(o) = out["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["rule"] == rule)
        else {
            continue;
        };
        let mut entry = json!({ "status": o["status"], "due": o["due"], "warning": o["warning"] });
        if let Some(clock) = out["clocks"].as_array().unwrap().iter().find(|c| c["rule"] == rule) {
            entry["start"] = clock["start"].clone();
        }
        found.insert(rule.to_string(), entry);
    }
    Some(Value::Object(found))
}

/// Compares every 申办 case; returns how many were compared and the (rule, status, warning)
/// outcomes seen, so a test can tell the comparison was not vacuous.
fn assert_agree(cases: &[(String, String)]) -> (usize, BTreeSet<String>) {
    let policy =
        hallpolicy_compiler::compile(&std::fs::read_to_string(root().join("policy/baicheng-004.hall")).unwrap())
            .unwrap();
    let mut engine = rego_peer::rego_engine(&root(), &policy);
    let evaluator = Evaluator::new(policy);
    let mut compared = 0;
    let mut seen = BTreeSet::new();
    for (name, case) in cases {
        if !case.contains("\"申办\"") {
            continue;
        }
        let Some(native) = native_obligations(&evaluator, case) else {
            continue;
        };
        let rego = rego_peer::rego_obligations(&mut engine, case);
        assert_eq!(
            rego, native,
            "the Rego peer disagrees with hallpolicy on {name}:\n{case}"
        );
        for (rule, o) in native.as_object().unwrap() {
            seen.insert(format!("{rule} {} {}", o["status"].as_str().unwrap(), o["warning"]));
        }
        compared += 1;
    }
    (compared, seen)
}

/// What the generated cases must show; a complete notice (met) is rare among them, so the
/// fixtures test checks that one.
const OUTCOMES: [&str; 8] = [
    "一次性告知 breached null",
    "一次性告知 breached \"red\"",
    "一次性告知 pending \"green\"",
    "承诺件限时办结 met null",
    "承诺件限时办结 breached null",
    "承诺件限时办结 breached \"red\"",
    "承诺件限时办结 pending \"green\"",
    "承诺件限时办结 pending \"yellow\"",
];

#[test]
fn the_rego_peer_agrees_on_every_application_fixture() {
    let dir = root().join("tests/fixtures/cases/baicheng-004");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            cases.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
    cases.sort();
    let (compared, seen) = assert_agree(&cases);
    assert!(compared >= 15, "only {compared} 申办 fixtures compared");
    for outcome in [
        "一次性告知 met null",
        "承诺件限时办结 met null",
        "承诺件限时办结 breached null",
    ] {
        assert!(seen.contains(outcome), "no fixture shows {outcome}; seen {seen:?}");
    }
}

#[test]
fn the_rego_peer_agrees_on_generated_cases() {
    let policy =
        hallpolicy_compiler::compile(&std::fs::read_to_string(root().join("policy/baicheng-004.hall")).unwrap())
            .unwrap();
    let cases: Vec<(String, String)> = hall::generate::cases(&policy, 3000, 4)
        .into_iter()
        .enumerate()
        .map(|(n, c)| (format!("generated case {n}"), c))
        .collect();
    let (compared, seen) = assert_agree(&cases);
    assert!(compared >= 500, "only {compared} generated 申办 cases compared");
    let unseen: Vec<&str> = OUTCOMES.into_iter().filter(|o| !seen.contains(*o)).collect();
    assert!(unseen.is_empty(), "no generated case shows {unseen:?}; seen {seen:?}");
}
