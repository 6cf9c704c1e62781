//! Malformed cases against the 白城 policy: each must be refused with the field path and the
//! reason, never a panic and never a partial evaluation.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use hallpolicy_runtime::Lang;
use hallpolicy_tests::{evaluator_for, root};

#[test]
fn every_bad_case_is_refused_with_a_path_and_reason() {
    let evaluator = evaluator_for("baicheng-004");
    insta::glob!("fixtures/bad-cases/*.json", |path| {
        let case = std::fs::read_to_string(path).unwrap();
        let error = evaluator
            .evaluate_json(&case, None)
            .expect_err("a bad case must be refused");
        assert!(!error.reason.is_empty());
        insta::assert_json_snapshot!(error);
    });
}

fn refuse(name: &str) -> (String, String) {
    let (path, _, reason) = refuse_in(name, Lang::Zh);
    (path, reason)
}

/// The path, the code and the reason in `lang`.
fn refuse_in(name: &str, lang: Lang) -> (String, String, String) {
    let case = std::fs::read_to_string(root().join(format!("tests/fixtures/bad-cases/{name}.json"))).unwrap();
    let e = evaluator_for("baicheng-004")
        .evaluate_json_in(&case, None, lang)
        .unwrap_err();
    (e.path, e.code.into_owned(), e.reason)
}

#[test]
fn impossible_dates_are_named() {
    assert_eq!(
        refuse("impossible-date"),
        ("events[0].at".into(), "“2026-02-30”不是历法中的日子".into())
    );
    assert_eq!(
        refuse_in("impossible-date", Lang::En),
        (
            "events[0].at".into(),
            "case-no-such-day".into(),
            "“2026-02-30” is not a day of the calendar".into()
        )
    );
}

#[test]
fn order_and_as_of_are_enforced() {
    assert_eq!(refuse("events-out-of-order").0, "events[1].at");
    assert_eq!(refuse_in("events-out-of-order", Lang::Zh).1, "case-events-out-of-order");
    let (path, code, reason) = refuse_in("event-after-as-of", Lang::Zh);
    assert_eq!(
        (path.as_str(), code.as_str()),
        ("events[1].at", "case-event-after-as-of")
    );
    assert_eq!(
        reason,
        "2026年5月21日 09:00 晚于截至时间 2026年5月20日 09:00；案件只记载已经发生的事"
    );
    assert!(refuse_in("event-after-as-of", Lang::En)
        .2
        .contains("is after the as-of time"));
}

#[test]
fn unknown_names_list_what_is_declared() {
    let (path, reason) = refuse("unknown-event");
    assert_eq!(path, "events[1].type");
    assert!(
        reason.starts_with("种类“申办”没有事件“办完”；它的事件：“收件”、“告知”"),
        "{reason}"
    );
}

#[test]
fn the_as_of_argument_overrides_and_can_be_a_date() {
    let case = std::fs::read_to_string(root().join("tests/fixtures/bad-cases/missing-as-of.json")).unwrap();
    let evaluator = evaluator_for("baicheng-004");
    let e = evaluator.evaluate_json(&case, Some("2026-05-20")).unwrap();
    assert_eq!(e.as_of, "2026-05-21T00:00:00+08:00");
}

/// Of several problems, the first in the case's own order is reported; of a repeated key, the
/// last value counts, as JSON parsers commonly read it.
#[test]
fn problems_are_reported_in_the_order_the_case_gives_them() {
    let evaluator = evaluator_for("baicheng-004");
    let case = r#"{"kind":"申办","as_of":"2026-06-12T09:00:00+08:00","zeta":1,"alpha":2}"#;
    assert_eq!(evaluator.evaluate_json(case, None).unwrap_err().path, "zeta");
    let case = r#"{"kind":"没有","kind":"申办","as_of":"2026-06-12T09:00:00+08:00","events":[]}"#;
    let e = evaluator.evaluate_json(case, None).unwrap_err();
    assert_ne!(e.path, "kind", "the last `kind` counts: {e}");
}
