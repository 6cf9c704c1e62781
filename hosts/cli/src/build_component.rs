//! `hall build POLICY -o hall.wasm`: check and lower a rule file, splice its IR into the
//! prebuilt evaluator carried in this binary, and write one self-contained component.

use std::path::{Path, PathBuf};

use hallpolicy_runtime::report::describe::policy_hash;
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

/// The component of a compiled policy, from the cache when this `hall` has built it before:
/// `hall eval` builds each policy once, not once a run. Keyed by the policy's hash and the
/// evaluator's, so a changed rule file or a new `hall` builds afresh. The cache is a folder of
/// `.wasm` files (`$HALL_CACHE_DIR`, else `$XDG_CACHE_HOME/hallpolicy`, else
/// `~/.cache/hallpolicy`); when it cannot be read or written the component is built as usual.
pub fn cached_component_bytes(policy: &hallpolicy_runtime::Policy) -> Result<Vec<u8>, hallpolicy_builder::BuildError> {
    match cache_path(policy).and_then(|path| std::fs::read(path).ok()) {
        Some(bytes) => Ok(bytes),
        None => rebuilt_component_bytes(policy),
    }
}

/// Builds the component of a compiled policy and stores it in the cache, replacing what was
/// there.
pub fn rebuilt_component_bytes(policy: &hallpolicy_runtime::Policy) -> Result<Vec<u8>, hallpolicy_builder::BuildError> {
    let ir = policy.to_bytes();
    let bytes = hallpolicy_builder::build_component(EVALUATOR, &ir)?;
    let Some(path) = cache_path(policy) else {
        return Ok(bytes);
    };
    let Some(dir) = path.parent() else {
        return Ok(bytes);
    };
    let key = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Written aside and renamed, so a reader never sees half a component.
    let partial = dir.join(format!("{key}.{}.partial", std::process::id()));
    let stored = std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&partial, &bytes))
        .and_then(|()| std::fs::rename(&partial, &path));
    if stored.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    Ok(bytes)
}

/// Where the component of `policy` is cached: named for the policy's hash and the evaluator's.
fn cache_path(policy: &hallpolicy_runtime::Policy) -> Option<PathBuf> {
    let key = policy_hash(&[policy_hash(EVALUATOR).as_bytes(), &policy.to_bytes()].concat());
    cache_dir().map(|dir| dir.join(format!("{key}.wasm")))
}

/// The folder of built components and their compiled code.
pub fn cache_dir() -> Option<PathBuf> {
    let from = |var: &str| std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from);
    from("HALL_CACHE_DIR")
        .or_else(|| from("XDG_CACHE_HOME").map(|d| d.join("hallpolicy")))
        .or_else(|| from("HOME").map(|d| d.join(".cache/hallpolicy")))
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
