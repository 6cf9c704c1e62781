//! `hall trace POLICY TEXT`: the regulation text's numbered articles against the policy's
//! citations — each article with the rules that encode it, or the reason it is left out.
//! Exit 1 when an article is neither, or a citation names no article of the text.

use std::path::Path;

use hallpolicy_compiler::trace::{render_markdown, trace};

use crate::command_error::{CommandError, CommandResult, Outcome};
use crate::diagnostics::print_diagnostics;
use crate::policy::{read, read_source};
use crate::Format;

/// Runs the subcommand: done when every article is accounted for, findings when not.
pub fn run(policy_path: &Path, text_path: &Path, source: Option<&str>, format: Format) -> CommandResult {
    let policy_text = read_source(policy_path, format)?;
    let text = read(text_path)?;
    let diagnostics = hallpolicy_compiler::check_source(&policy_text);
    let file = match hallpolicy_compiler::syntax::parse(&policy_text) {
        Ok(file) if diagnostics.is_empty() => file,
        Ok(_) => {
            print_diagnostics(policy_path, &policy_text, &diagnostics, format);
            return Err(CommandError::Policy);
        }
        Err(errors) => {
            print_diagnostics(policy_path, &policy_text, &errors, format);
            return Err(CommandError::Policy);
        }
    };
    let sources: Vec<&hallpolicy_compiler::ast::SourceDecl> = match source {
        Some(name) => match file.sources.iter().find(|s| s.id.text == name) {
            Some(s) => vec![s],
            None => return Err(CommandError::Usage(format!("the policy declares no source `{name}`"))),
        },
        // A text holding several documents is cut at each source's heading.
        None => file.sources.iter().collect(),
    };
    let traces: Vec<_> = sources.iter().map(|s| (s, trace(&file, &s.id.text, &text))).collect();
    match format {
        Format::Json => {
            let all: Vec<_> = traces.iter().map(|(_, t)| t).collect();
            println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
        }
        Format::Text => {
            let tables: Vec<String> = traces.iter().map(|(s, t)| render_markdown(t, &s.title.text)).collect();
            print!("{}", tables.join("\n"));
        }
    }
    let incomplete = traces
        .iter()
        .any(|(_, t)| t.missing().next().is_some() || !t.unmatched.is_empty());
    Ok(if incomplete { Outcome::Findings } else { Outcome::Done })
}
