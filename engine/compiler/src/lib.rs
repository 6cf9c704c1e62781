//! Compiler side of hallpolicy: a rule file's text in, the runtime's IR out, or diagnostics.
//! Stages, each its own module: [`syntax`] (pest) → [`ast`] → [`check`] → [`lower`].
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        reason = "tests fail loudly"
    )
)]

pub mod ast;
pub mod calendar_data;
pub mod check;
mod check_rule;
pub mod diagnostic;
pub mod format;
pub mod lower;
pub mod syntax;
pub mod trace;

pub use diagnostic::{Code, Diagnostic};
use hallpolicy_runtime::Policy;

/// A rule file's bytes as text, or the diagnostic that says where they stop being UTF-8 (a
/// file saved as GBK, say), so editors get it in the same form as every other.
pub fn source_text(bytes: &[u8]) -> Result<&str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let byte = bytes.get(at).copied().unwrap_or_default();
        Diagnostic::new(
            Code::Syntax,
            ast::Span { start: at, end: at },
            format!("the file is not UTF-8: byte {byte:#04x} at offset {at} does not belong to a character"),
            "not UTF-8",
        )
        .help("save the rule file as UTF-8 (a file in GBK or GB 18030 must be converted first)")
    })
}

/// Parses and checks a rule file; returns all its diagnostics, or none.
pub fn check_source(source: &str) -> Vec<Diagnostic> {
    match syntax::parse(source) {
        Ok(file) => check::check(&file),
        Err(errors) => errors,
    }
}

/// Compiles a rule file to IR, or returns every diagnostic found.
pub fn compile(source: &str) -> Result<Policy, Vec<Diagnostic>> {
    let file = syntax::parse(source)?;
    let diagnostics = check::check(&file);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    lower::lower(&file).map_err(|e| {
        vec![Diagnostic::new(Code::IncompleteRule, ast::Span::default(), e.0, "here")
            .help("the checker should have caught this; please report it with the rule file")]
    })
}

#[cfg(test)]
mod ir_roundtrip {
    #[test]
    fn shipped_and_test_policies_survive_their_ir_bytes() {
        for path in [
            "../../policy/baicheng-004.hall",
            "../../tests/fixtures/policies/counting.hall",
        ] {
            let source = std::fs::read_to_string(path).unwrap();
            let policy = super::compile(&source).unwrap();
            let back = hallpolicy_runtime::Policy::from_bytes(&policy.to_bytes()).unwrap();
            assert_eq!(back, policy, "{path}");
        }
    }
}
