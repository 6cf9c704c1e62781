//! Loading a policy for a subcommand: read the rule file, compile it, or print why not.

use std::path::Path;

use hallpolicy_compiler::Diagnostic;
use hallpolicy_runtime::Policy;

use crate::diagnostics::print_diagnostics;
use crate::Format;

/// A rule file's compiled policy; `None` once its diagnostics have been printed.
pub fn load(path: &Path, format: Format) -> Option<Policy> {
    let source = read_source(path, format).ok()?;
    hallpolicy_compiler::compile(&source)
        .map_err(|diagnostics: Vec<Diagnostic>| print_diagnostics(path, &source, &diagnostics, format))
        .ok()
}

/// Why a rule file could not be read as text.
pub enum Unreadable {
    /// The file could not be read at all; a plain error has been printed.
    Missing,
    /// It is not UTF-8; its diagnostic has been printed.
    NotUtf8,
}

/// Reads a rule file as text; a file that is not UTF-8 gets a diagnostic like any other.
pub fn read_source(path: &Path, format: Format) -> Result<String, Unreadable> {
    let bytes = read_bytes(path).ok_or(Unreadable::Missing)?;
    match hallpolicy_compiler::source_text(&bytes) {
        Ok(_) => String::from_utf8(bytes).map_err(|_| Unreadable::NotUtf8),
        Err(diagnostic) => {
            print_diagnostics(path, &String::from_utf8_lossy(&bytes), &[diagnostic], format);
            Err(Unreadable::NotUtf8)
        }
    }
}

/// Reads a file; `None` once a plain error has been printed.
pub fn read_bytes(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| eprintln!("error: cannot read `{}`: {e}", path.display()))
        .ok()
}

/// Reads a text file, saying on stderr why not.
pub fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path)
        .map_err(|e| eprintln!("error: cannot read `{}`: {e}", path.display()))
        .ok()
}
