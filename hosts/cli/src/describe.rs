//! `hall describe POLICY`: what the policy's component says of itself, as JSON — the hall,
//! version and content hash, the case schema a portal builds its forms from, and the rules.

use std::path::Path;
use std::process::ExitCode;

use hallpolicy_runtime::report::describe::describe;

use crate::policy::load;
use crate::Format;

/// Runs the subcommand; exit 0 with the description, 2 for a bad policy.
pub fn run(path: &Path, format: Format) -> ExitCode {
    let Some(policy) = load(path, format) else {
        return ExitCode::from(2);
    };
    let description = describe(&policy, &policy.to_bytes());
    println!("{}", serde_json::to_string_pretty(&description).unwrap_or_default());
    ExitCode::SUCCESS
}
