//! `hall check FILE`: every diagnostic of a rule file, rendered for people or as JSON.

use crate::command_error::{CommandError, CommandResult, Outcome};
use crate::diagnostics::print_diagnostics;
use crate::policy::read_source;
use crate::Format;
use std::path::Path;

/// Runs the subcommand: done when the file is clean, findings when it has diagnostics.
pub fn run(path: &Path, format: Format) -> CommandResult {
    let source = match read_source(path, format) {
        Ok(source) => source,
        // Not UTF-8: its diagnostic is printed, a finding like any other.
        Err(CommandError::Policy) => return Ok(Outcome::Findings),
        Err(e) => return Err(e),
    };
    let diagnostics = hallpolicy_compiler::check_source(&source);
    print_diagnostics(path, &source, &diagnostics, format);
    if diagnostics.is_empty() {
        if format == Format::Text {
            println!("{}: ok", path.display());
        }
        Ok(Outcome::Done)
    } else {
        Ok(Outcome::Findings)
    }
}
