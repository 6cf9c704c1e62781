//! `hall build POLICY -o hall.wasm`: check and lower a rule file, splice its IR into the
//! prebuilt evaluator carried in this binary, and write one self-contained component.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::policy::load;
use crate::Format;

/// The evaluator core module, built for wasm32 by `build.rs` and carried in the binary.
pub const EVALUATOR: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/evaluator.wasm"));

/// Builds the component bytes of a compiled policy.
pub fn component_bytes(policy: &hallpolicy_runtime::Policy) -> Result<Vec<u8>, hallpolicy_builder::BuildError> {
    hallpolicy_builder::build_component(EVALUATOR, &policy.to_bytes())
}

/// Runs the subcommand; exit 0 with a component written, 2 for a bad policy or write failure.
pub fn run(path: &Path, output: &Path, format: Format) -> ExitCode {
    let started = Instant::now();
    let Some(policy) = load(path, format) else {
        return ExitCode::from(2);
    };
    let component = match component_bytes(&policy) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = std::fs::write(output, &component) {
        eprintln!("error: cannot write `{}`: {e}", output.display());
        return ExitCode::from(2);
    }
    eprintln!(
        "built {} ({} KiB, {} rules) in {:.1} ms",
        output.display(),
        component.len().div_ceil(1024),
        policy.rules.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}
