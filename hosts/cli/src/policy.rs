//! Loading a policy for a subcommand: read the rule file, compile it, or print why not.

use std::path::Path;

use hallpolicy_compiler::Diagnostic;
use hallpolicy_runtime::Policy;

use crate::diagnostics::print_diagnostics;
use crate::Format;

/// A rule file's compiled policy; `None` once its diagnostics have been printed.
pub fn load(path: &Path, format: Format) -> Option<Policy> {
    let source = read(path)?;
    hallpolicy_compiler::compile(&source)
        .map_err(|diagnostics: Vec<Diagnostic>| print_diagnostics(path, &source, &diagnostics, format))
        .ok()
}

/// Reads a file; `None` once a plain error has been printed.
pub fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path)
        .map_err(|e| eprintln!("error: cannot read `{}`: {e}", path.display()))
        .ok()
}
