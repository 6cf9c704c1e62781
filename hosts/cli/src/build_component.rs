//! `hall build POLICY -o hall.wasm`: check and lower a rule file, splice its IR into the
//! prebuilt evaluator carried in this binary, and write one self-contained component.

use std::path::Path;
use std::time::Instant;

use crate::command_error::{status, CommandError, CommandResult, Outcome};
use crate::policy::load;
use crate::Format;

/// The evaluator core module, built for wasm32 by `build.rs` and carried in the binary.
pub const EVALUATOR: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/evaluator.wasm"));

/// Builds the component bytes of a compiled policy.
pub fn component_bytes(policy: &hallpolicy_runtime::Policy) -> Result<Vec<u8>, hallpolicy_builder::BuildError> {
    hallpolicy_builder::build_component(EVALUATOR, &policy.to_bytes())
}

/// Runs the subcommand: the component written, and a line saying so.
pub fn run(path: &Path, output: &Path, format: Format) -> CommandResult {
    let started = Instant::now();
    let policy = load(path, format)?;
    let component = component_bytes(&policy)?;
    std::fs::write(output, &component).map_err(CommandError::write(output))?;
    status(format_args!(
        "built {} ({} KiB, {} rules) in {:.1} ms",
        output.display(),
        component.len().div_ceil(1024),
        policy.rules.len(),
        started.elapsed().as_secs_f64() * 1000.0
    ));
    Ok(Outcome::Done)
}
