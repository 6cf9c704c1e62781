//! `hall check FILE`: every diagnostic of a rule file, rendered for people or as JSON.

use std::path::Path;
use std::process::ExitCode;

use crate::diagnostics::print_diagnostics;
use crate::policy::{read_source, Unreadable};
use crate::Format;

/// Runs the subcommand; exit 0 when the file is clean, 1 when it has diagnostics.
pub fn run(path: &Path, format: Format) -> ExitCode {
    let source = match read_source(path, format) {
        Ok(source) => source,
        Err(Unreadable::Missing) => return ExitCode::from(2),
        Err(Unreadable::NotUtf8) => return ExitCode::from(1),
    };
    let diagnostics = hallpolicy_compiler::check_source(&source);
    print_diagnostics(path, &source, &diagnostics, format);
    if diagnostics.is_empty() {
        if format == Format::Text {
            println!("{}: ok", path.display());
        }
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
