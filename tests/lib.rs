//! Helpers shared by the fixture-driven tests: where fixtures live, compiling their policies,
//! rendering diagnostics and evaluations as reviewable snapshot text.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail loudly"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hallpolicy_compiler::Diagnostic;
use hallpolicy_runtime::{Evaluator, Policy};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The policy a folder of case fixtures runs against: `policy/NAME.hall`, or a test policy in
/// `tests/fixtures/policies/NAME.hall`.
pub fn policy_for_cases(dir_name: &str) -> PathBuf {
    let shipped = root().join("policy").join(format!("{dir_name}.hall"));
    if shipped.exists() {
        shipped
    } else {
        root().join("tests/fixtures/policies").join(format!("{dir_name}.hall"))
    }
}

/// Compiles a policy file, failing the test with rendered diagnostics when it does not compile.
pub fn compile(path: &Path) -> Policy {
    let source = std::fs::read_to_string(path).unwrap();
    match hallpolicy_compiler::compile(&source) {
        Ok(policy) => policy,
        Err(diagnostics) => panic!(
            "{}",
            render_diagnostics(&path.display().to_string(), &source, &diagnostics)
        ),
    }
}

/// The folders of case fixtures (`tests/fixtures/cases/NAME`), in name order.
pub fn case_folders() -> Vec<PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(root().join("tests/fixtures/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The `.json` files of a folder, in name order.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// The folder's name: which policy its cases run against.
pub fn folder_name(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

/// An evaluator for the policy a case folder runs against.
pub fn evaluator_for(dir_name: &str) -> Evaluator {
    Evaluator::new(compile(&policy_for_cases(dir_name)))
}

/// The evaluator for a fixture folder, compiled once per test binary and kept for its life, so
/// that evaluations (which borrow rule text from it) can outlive the helper that made them.
pub fn shared_evaluator(dir_name: &str) -> &'static Evaluator {
    static EVALUATORS: std::sync::Mutex<BTreeMap<String, &'static Evaluator>> = std::sync::Mutex::new(BTreeMap::new());
    let mut evaluators = EVALUATORS.lock().unwrap();
    evaluators
        .entry(dir_name.to_string())
        .or_insert_with(|| Box::leak(Box::new(evaluator_for(dir_name))))
}

/// Diagnostics as a person sees them in a terminal, without colour, at a fixed width.
pub fn render_diagnostics(file: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = String::new();
    for d in diagnostics {
        let sourced = d.clone().with_source(file, source);
        handler.render_report(&mut out, &sourced).unwrap();
        out.push('\n');
    }
    out
}

/// The snapshot of one evaluated case: the readable text, then the stable JSON.
pub fn evaluation_snapshot(evaluator: &Evaluator, case_path: &Path) -> String {
    let case = std::fs::read_to_string(case_path).unwrap();
    hallpolicy_runtime::report::render::case_snapshot(evaluator.evaluate_json(&case, None).as_ref())
}
