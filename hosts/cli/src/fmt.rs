//! `hall fmt FILE… [--check] [--lang zh|en]`: rewrites rule files in the canonical layout,
//! keeping comments and line breaks, with `--lang` also writing every keyword in Chinese or
//! English (names, strings and comments untouched; the tree stays the same); `--check` only lists the files that are not, exiting 1 (for CI). A file that
//! does not parse is left alone and its diagnostics printed.

use std::path::PathBuf;
use std::process::ExitCode;

use hallpolicy_compiler::format::{format_source, translate, Lang};

use crate::diagnostics::print_diagnostics;
use crate::policy::read;
use crate::Format;

/// Runs the subcommand: 0 when every file is (now) canonical, 1 when `--check` found one that
/// is not, 2 when a file cannot be read, parsed or written.
pub fn run(files: &[PathBuf], check: bool, lang: Option<Lang>, format: Format) -> ExitCode {
    let mut unformatted = 0;
    for path in files {
        let Some(source) = read(path) else {
            return ExitCode::from(2);
        };
        if let Err(diagnostics) = hallpolicy_compiler::syntax::parse(&source) {
            print_diagnostics(path, &source, &diagnostics, format);
            return ExitCode::from(2);
        }
        let formatted = match lang {
            None => format_source(&source),
            Some(lang) => match translate(&source, lang) {
                Ok(text) => text,
                Err(diagnostics) => {
                    print_diagnostics(path, &source, &diagnostics, format);
                    return ExitCode::from(2);
                }
            },
        };
        if formatted == source {
            continue;
        }
        unformatted += 1;
        if check {
            println!("{}: not formatted", path.display());
        } else if let Err(e) = std::fs::write(path, &formatted) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        } else {
            println!("formatted {}", path.display());
        }
    }
    if check && unformatted > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
