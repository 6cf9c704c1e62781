//! `hall describe POLICY`: what the policy's component says of itself, as JSON — the hall,
//! version and content hash, the case schema a portal builds its forms from, and the rules.

use std::path::Path;

use hallpolicy_runtime::report::describe::describe;

use crate::command_error::{CommandResult, Outcome};
use crate::policy::load;
use crate::Format;

/// Runs the subcommand: the description on stdout.
pub fn run(path: &Path, format: Format) -> CommandResult {
    let policy = load(path, format)?;
    let description = describe(&policy, &policy.to_bytes());
    println!("{}", serde_json::to_string_pretty(&description).unwrap_or_default());
    Ok(Outcome::Done)
}
