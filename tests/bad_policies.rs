//! Malformed rule files: each fixture is named for the code it must raise, and its snapshot
//! shows the source's underlined text, labels and help as a person sees them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::collections::BTreeSet;

use hallpolicy_compiler::{check_source, source_text, Code};
use hallpolicy_tests::{render_diagnostics, root};

#[test]
fn every_bad_policy_gets_its_diagnostic() {
    insta::glob!("fixtures/bad-policies/*.hall", |path| {
        // A file that is not UTF-8 is shown as the CLI shows it, with replacement characters.
        let bytes = std::fs::read(path).unwrap();
        let (source, diagnostics) = match source_text(&bytes) {
            Ok(source) => (source.to_string(), check_source(source)),
            Err(diagnostic) => (String::from_utf8_lossy(&bytes).into_owned(), vec![diagnostic]),
        };
        assert!(!diagnostics.is_empty(), "{} raised nothing", path.display());
        let name = path.file_stem().unwrap().to_string_lossy();
        if let Some(code) = name.split('-').next().filter(|c| c.starts_with('H')) {
            assert!(
                diagnostics.iter().any(|d| d.code.as_str() == code),
                "{name} should raise {code}, raised {:?}",
                diagnostics.iter().map(|d| d.code.as_str()).collect::<Vec<_>>()
            );
        }
        let file = path.file_name().unwrap().to_string_lossy();
        insta::assert_snapshot!(render_diagnostics(&file, &source, &diagnostics));
    });
}

#[test]
fn every_code_has_a_fixture() {
    let names: BTreeSet<String> = std::fs::read_dir(root().join("tests/fixtures/bad-policies"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for code in Code::ALL {
        assert!(
            names.iter().any(|n| n.starts_with(code.as_str())),
            "no fixture for {} ({})",
            code.as_str(),
            code.name()
        );
    }
}

#[test]
fn a_byte_order_mark_moves_no_span_and_takes_no_column() {
    let plain = std::fs::read_to_string(root().join("tests/fixtures/bad-policies/H005-unknown-fact.hall")).unwrap();
    let marked = format!("\u{feff}{plain}");
    let (plain_d, marked_d) = (check_source(&plain), check_source(&marked));
    assert_eq!(plain_d.len(), 1);
    assert_eq!(marked_d.len(), 1);
    assert_eq!(marked_d[0].span.start, plain_d[0].span.start + 3);
    let first_line = "hall 测试 \"x\" { version \"1\" calendar cn-mainland hours 25:00 to 17:00 }\n";
    let at = |source: &str| {
        let d = check_source(source);
        hallpolicy_compiler::diagnostic::line_column(source, d[0].span.start)
    };
    assert_eq!(at(&format!("\u{feff}{first_line}")), at(first_line));
}

#[test]
fn a_rule_file_that_is_not_utf8_gets_a_syntax_diagnostic_at_its_first_bad_byte() {
    let d = source_text(b"hall x \"\xb2\xe2\" {}").unwrap_err();
    assert_eq!(d.code, Code::Syntax);
    assert_eq!((d.span.start, d.span.end), (8, 8));
    assert_eq!(
        d.message,
        "the file is not UTF-8: byte 0xb2 at offset 8 does not belong to a character"
    );
}

#[test]
fn all_problems_of_a_file_come_out_in_one_run() {
    let source =
        std::fs::read_to_string(root().join("tests/fixtures/bad-policies/several-problems-in-one-run.hall")).unwrap();
    let codes: Vec<&str> = check_source(&source).iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["H008", "H004", "H009", "H007", "H004", "H010"]);
}

#[test]
fn diagnostics_underline_the_offending_text() {
    let source =
        std::fs::read_to_string(root().join("tests/fixtures/bad-policies/H009-warning-in-calendar-days.hall")).unwrap();
    let d = &check_source(&source)[0];
    assert_eq!(&source[d.span.start..d.span.end], "2 days");
    assert_eq!(&source[d.related[0].0.start..d.related[0].0.end], "5 working days");
    assert_eq!(
        d.help.as_deref(),
        Some("working days, calendar days and months do not mix: write it in working days")
    );
}

#[test]
fn misspelt_names_get_a_suggestion() {
    let source = std::fs::read_to_string(root().join("tests/fixtures/bad-policies/H004-unknown-event.hall")).unwrap();
    let d = &check_source(&source)[0];
    assert_eq!(&source[d.span.start..d.span.end], "办完");
    assert!(
        d.help.as_deref().unwrap().starts_with("did you mean `办结`?"),
        "{:?}",
        d.help
    );
}

#[test]
fn shipped_policies_are_clean() {
    for entry in std::fs::read_dir(root().join("policy")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "hall") {
            let source = std::fs::read_to_string(&path).unwrap();
            let diagnostics = check_source(&source);
            assert!(
                diagnostics.is_empty(),
                "{}",
                render_diagnostics(&path.display().to_string(), &source, &diagnostics)
            );
        }
    }
}

#[test]
fn nothing_panics_on_truncated_input() {
    // Every prefix of a real policy either compiles or yields diagnostics.
    let source = std::fs::read_to_string(root().join("policy/baicheng-004.hall")).unwrap();
    let cuts: Vec<usize> = source.char_indices().map(|(i, _)| i).step_by(97).collect();
    for cut in cuts {
        let _ = hallpolicy_compiler::compile(&source[..cut]);
    }
}
