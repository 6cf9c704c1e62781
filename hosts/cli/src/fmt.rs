//! `hall fmt FILE… [--check] [--lang zh|en]`: rewrites rule files in the canonical layout,
//! keeping comments and line breaks, with `--lang` also writing every keyword in Chinese or
//! English (names, strings and comments untouched; the tree stays the same); `--check` only lists the files that are not, exiting 1 (for CI). A file that
//! does not parse is left alone and its diagnostics printed.

use std::path::PathBuf;

use hallpolicy_compiler::format::{format_source, translate, Lang};

use crate::command_error::{CommandError, CommandResult, Outcome};
use crate::diagnostics::print_diagnostics;
use crate::policy::read_source;
use crate::Format;

/// Runs the subcommand: done when every file is (now) canonical, findings when `--check` found
/// one that is not.
pub fn run(files: &[PathBuf], check: bool, lang: Option<Lang>, format: Format) -> CommandResult {
    let mut unformatted = 0;
    for path in files {
        let source = read_source(path, format)?;
        if let Err(diagnostics) = hallpolicy_compiler::syntax::parse(&source) {
            print_diagnostics(path, &source, &diagnostics, format);
            return Err(CommandError::Policy);
        }
        let formatted = match lang {
            None => format_source(&source),
            Some(lang) => match translate(&source, lang) {
                Ok(text) => text,
                Err(diagnostics) => {
                    print_diagnostics(path, &source, &diagnostics, format);
                    return Err(CommandError::Policy);
                }
            },
        };
        if formatted == source {
            continue;
        }
        unformatted += 1;
        if check {
            println!("{}: not formatted", path.display());
        } else {
            std::fs::write(path, &formatted).map_err(CommandError::write(path))?;
            println!("formatted {}", path.display());
        }
    }
    Ok(if check && unformatted > 0 {
        Outcome::Findings
    } else {
        Outcome::Done
    })
}
