//! Helpers shared by the fixture-driven tests: where fixtures live, compiling their policies,
//! rendering diagnostics and evaluations as reviewable snapshot text.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail loudly"
)]

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

/// An evaluator for the policy a case folder runs against.
pub fn evaluator_for(dir_name: &str) -> Evaluator {
    Evaluator::new(compile(&policy_for_cases(dir_name)))
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
    hallpolicy_runtime::render::case_snapshot(evaluator.evaluate_json(&case, None).as_ref())
}
