//! Reading a case straight from its text (`case_text`) gives what the general path (parse the
//! whole document, then decode the tree) gives: the same case, or the same refusal, whatever
//! the text; and it takes every case in the usual shape.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};

use hallpolicy_runtime::case::decode_json;
use hallpolicy_runtime::case_json::Node;
use hallpolicy_runtime::case_text::read_case;
use hallpolicy_runtime::{decode_case, Case, CaseError, Policy};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn compile(path: &Path) -> Policy {
    hallpolicy_compiler::compile(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .collect();
    files.sort();
    files
}

/// The general path alone: serde_json's tree of the whole text, then the tree decoded.
fn general<'a>(policy: &Policy, text: &'a str, as_of: Option<&str>) -> Result<Case<'a>, CaseError> {
    match serde_json::from_str::<Node<'_>>(text) {
        Ok(tree) => decode_json(policy, tree, as_of),
        Err(e) => Err(CaseError {
            path: String::new(),
            reason: format!("not valid JSON: {e}"),
        }),
    }
}

/// `decode_case` agrees with the general path on `text`; whether the direct reader took it.
fn agrees(policy: &Policy, text: &str, as_of: Option<&str>) -> bool {
    let expected = general(policy, text, as_of);
    assert_eq!(decode_case(policy, text, as_of), expected, "{text}");
    let direct = read_case(policy, text, as_of);
    if let Some(case) = &direct {
        assert_eq!(Ok(case), expected.as_ref(), "{text}");
    }
    direct.is_some()
}

/// Texts that say the same case another way, or spoil it: members in another order, a repeated
/// key, a `null` where a value was, cut short.
fn variants(text: &str) -> Vec<String> {
    let mut variants = vec![
        text.replacen("\"at\"", "\"at\": \"2020-01-01T00:00:00+08:00\", \"at\"", 1),
        text.replacen("\"type\"", "\"by\": null, \"type\"", 1),
        text.replacen("\"kind\"", "\"kind\": \"x\", \"kind\"", 1),
        text.replacen("\"facts\"", "\"facts\": null, \"facts\"", 1),
        text.replacen("\"subject\"", "\"note\": 1, \"subject\"", 1),
        text.replacen("\"events\"", "\"events\": null, \"events\"", 1),
        format!("{text} x"),
    ];
    variants.extend((1..8).map(|k| text.get(..text.len() * k / 8).unwrap_or_default().to_string()));
    variants
}

#[test]
fn every_fixture_reads_as_the_general_path_reads_it() {
    let fixtures = root().join("tests/fixtures");
    let mut taken = 0;
    let mut accepted = 0;
    for dir in std::fs::read_dir(fixtures.join("cases")).unwrap() {
        let dir = dir.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let shipped = root().join(format!("policy/{name}.hall"));
        let policy = compile(&if shipped.exists() {
            shipped
        } else {
            fixtures.join(format!("policies/{name}.hall"))
        });
        for path in files(&dir, "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            for as_of in [
                None,
                Some("2026-12-31"),
                Some("2026-12-31T08:00:00+08:00"),
                Some("soon"),
            ] {
                if general(&policy, &text, as_of).is_ok() {
                    accepted += 1;
                    taken += usize::from(agrees(&policy, &text, as_of));
                } else {
                    agrees(&policy, &text, as_of);
                }
            }
            for variant in variants(&text) {
                agrees(&policy, &variant, None);
            }
            // As a serializer that sorts keys writes it: `as_of`, `events`, `facts`, `kind`,
            // `subject`; `events` and `facts` wait for `kind`.
            let tree: serde_json::Value = serde_json::from_str(&text).unwrap();
            let sorted = serde_json::to_string(&tree).unwrap();
            if general(&policy, &sorted, None).is_ok() {
                assert!(agrees(&policy, &sorted, None), "{sorted}");
            }
        }
    }
    assert!(accepted > 500, "{accepted} accepted");
    assert_eq!(taken, accepted, "every accepted fixture is in the usual shape");
}

#[test]
fn every_bad_case_is_refused_as_the_general_path_refuses_it() {
    let policy = compile(&root().join("policy/baicheng-004.hall"));
    for path in files(&root().join("tests/fixtures/bad-cases"), "json") {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!agrees(&policy, &text, None), "{}", path.display());
        assert!(decode_case(&policy, &text, None).is_err(), "{}", path.display());
    }
}

#[test]
fn generated_cases_read_as_the_general_path_reads_them() {
    for path in files(&root().join("policy"), "hall") {
        let policy = compile(&path);
        let mut taken = 0;
        let mut accepted = 0;
        for case in hall::generate::cases(&policy, 2_000, 7) {
            if general(&policy, &case, None).is_ok() {
                accepted += 1;
                taken += usize::from(agrees(&policy, &case, None));
            } else {
                agrees(&policy, &case, None);
            }
        }
        assert_eq!(taken, accepted, "{}", path.display());
    }
}
