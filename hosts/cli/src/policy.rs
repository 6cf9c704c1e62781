//! Reading what a subcommand is given: a rule file (compiled, or its diagnostics printed), a
//! case, a folder of cases.

use std::path::{Path, PathBuf};

use hallpolicy_compiler::Diagnostic;
use hallpolicy_runtime::Policy;

use crate::command_error::CommandError;
use crate::diagnostics::print_diagnostics;
use crate::Format;

/// A rule file's compiled policy, or [`CommandError::Policy`] once its diagnostics are printed.
pub fn load(path: &Path, format: Format) -> Result<Policy, CommandError> {
    let source = read_source(path, format)?;
    hallpolicy_compiler::compile(&source).map_err(|diagnostics: Vec<Diagnostic>| {
        print_diagnostics(path, &source, &diagnostics, format);
        CommandError::Policy
    })
}

/// Reads a rule file as text; a file that is not UTF-8 gets a diagnostic like any other.
pub fn read_source(path: &Path, format: Format) -> Result<String, CommandError> {
    let bytes = std::fs::read(path).map_err(CommandError::read(path))?;
    match hallpolicy_compiler::source_text(&bytes) {
        Ok(_) => String::from_utf8(bytes).map_err(|_| CommandError::Policy),
        Err(diagnostic) => {
            print_diagnostics(path, &String::from_utf8_lossy(&bytes), &[diagnostic], format);
            Err(CommandError::Policy)
        }
    }
}

/// Reads a text file (a regulation's text).
pub fn read(path: &Path) -> Result<String, CommandError> {
    std::fs::read_to_string(path).map_err(CommandError::read(path))
}

/// Reads a case file as bytes: the evaluator says whether they are UTF-8, as on every host.
pub fn read_case(path: &Path) -> Result<Vec<u8>, CommandError> {
    std::fs::read(path).map_err(|source| CommandError::ReadCase {
        path: path.to_path_buf(),
        source,
    })
}

/// The `.json` files of a folder of cases, in name order.
pub fn case_files(dir: &Path) -> Result<Vec<PathBuf>, CommandError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(CommandError::read(dir))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    Ok(files)
}
