//! `hall trace POLICY TEXT`: the regulation text's numbered articles against the policy's
//! citations — each article with the rules that encode it, or the reason it is left out.
//! Exit 1 when an article is neither, or a citation names no article of the text.

use std::path::Path;
use std::process::ExitCode;

use hallpolicy_compiler::trace::{render_markdown, trace};

use crate::diagnostics::print_diagnostics;
use crate::policy::read;
use crate::Format;

/// Runs the subcommand: 0 when every article is accounted for, 1 when not, 2 for a bad policy
/// or an unreadable file.
pub fn run(policy_path: &Path, text_path: &Path, source: Option<&str>, format: Format) -> ExitCode {
    let (Some(policy_text), Some(text)) = (read(policy_path), read(text_path)) else {
        return ExitCode::from(2);
    };
    let diagnostics = hallpolicy_compiler::check_source(&policy_text);
    let file = match hallpolicy_compiler::syntax::parse(&policy_text) {
        Ok(file) if diagnostics.is_empty() => file,
        Ok(_) => {
            print_diagnostics(policy_path, &policy_text, &diagnostics, format);
            return ExitCode::from(2);
        }
        Err(errors) => {
            print_diagnostics(policy_path, &policy_text, &errors, format);
            return ExitCode::from(2);
        }
    };
    let source = match (source, file.sources.as_slice()) {
        (Some(s), _) => s.to_string(),
        (None, [only]) => only.id.text.clone(),
        (None, _) => {
            eprintln!("error: the policy declares several sources; name the text's with `--source`");
            return ExitCode::from(2);
        }
    };
    let Some(declared) = file.sources.iter().find(|s| s.id.text == source) else {
        eprintln!("error: the policy declares no source `{source}`");
        return ExitCode::from(2);
    };
    let traced = trace(&file, &source, &text);
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&traced).unwrap_or_default()),
        Format::Text => print!("{}", render_markdown(&traced, &declared.title.text)),
    }
    if traced.missing().next().is_some() || !traced.unmatched.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
