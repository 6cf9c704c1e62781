//! Loading a policy for a subcommand: read the rule file, compile it, or print why not.

use std::path::Path;

use hallpolicy_compiler::Diagnostic;
use hallpolicy_runtime::Policy;

use crate::diagnostics::print_diagnostics;
use crate::Format;

/// A rule file's text and compiled policy, or its diagnostics already printed.
pub fn load(path: &Path, format: Format) -> Result<Policy, ()> {
    let source = read(path)?;
    hallpolicy_compiler::compile(&source).map_err(|diagnostics: Vec<Diagnostic>| {
        print_diagnostics(path, &source, &diagnostics, format);
    })
}

/// Reads a file, printing a plain error when it cannot.
pub fn read(path: &Path) -> Result<String, ()> {
    std::fs::read_to_string(path).map_err(|e| eprintln!("error: cannot read `{}`: {e}", path.display()))
}
