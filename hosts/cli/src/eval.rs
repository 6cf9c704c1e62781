//! `hall eval POLICY CASE`: evaluate a case through the policy's component (as portals run it),
//! or in process with `--native`, and print the evaluation.

use std::path::Path;
use std::process::ExitCode;

use hallpolicy_runtime::{render_text, CaseError, Evaluation, Evaluator, Policy};

use crate::build_component::component_bytes;
use crate::component_host::{ComponentHost, HostError, Limits};
use crate::policy::{load, read_bytes};
use crate::Format;

/// How to run the policy.
pub struct Engine {
    pub native: bool,
    pub limits: Limits,
}

/// The canonical JSON of an evaluation or of a case error, from either engine. The case is
/// bytes, so one that is not UTF-8 gets the same `{path, reason}` error as on every host, and
/// both engines refuse a case over the hosts' size limit before reading it.
fn evaluate(
    policy: Policy,
    case_json: &[u8],
    as_of: Option<&str>,
    engine: &Engine,
) -> Result<Result<String, String>, String> {
    if case_json.len() > engine.limits.case_bytes {
        return Err(HostError::TooLarge(engine.limits.case_bytes).to_string());
    }
    if engine.native {
        let evaluator = Evaluator::new(policy);
        return Ok(match evaluator.evaluate_json_bytes(case_json, as_of) {
            Ok(e) => Ok(e.to_json()),
            Err(e) => Err(serde_json::to_string(&e).unwrap_or_default()),
        });
    }
    let component = component_bytes(&policy).map_err(|e| e.to_string())?;
    let host = ComponentHost::new(&component, engine.limits).map_err(|e| e.to_string())?;
    host.evaluate_json_bytes(case_json, as_of).map_err(|e| e.to_string())
}

/// Runs the subcommand; exit 0 with an evaluation, 1 for a bad case, 2 for a bad policy, 3 when
/// the component fails or exceeds its limits.
pub fn run(policy_path: &Path, case_path: &Path, as_of: Option<&str>, format: Format, engine: &Engine) -> ExitCode {
    let Some(policy) = load(policy_path, format) else {
        return ExitCode::from(2);
    };
    let Some(case_json) = read_bytes(case_path) else {
        return ExitCode::from(1);
    };
    match evaluate(policy, &case_json, as_of, engine) {
        Ok(Ok(json)) => {
            match format {
                Format::Json => println!("{json}"),
                Format::Text => match serde_json::from_str::<Evaluation>(&json) {
                    Ok(evaluation) => print!("{}", render_text(&evaluation)),
                    Err(e) => {
                        eprintln!("error: the evaluation could not be read back: {e}");
                        return ExitCode::from(3);
                    }
                },
            }
            ExitCode::SUCCESS
        }
        Ok(Err(error_json)) => {
            match format {
                Format::Json => println!("{{\"error\":{error_json}}}"),
                Format::Text => match serde_json::from_str::<CaseError>(&error_json) {
                    Ok(error) => eprintln!("error: {}: {error}", case_path.display()),
                    Err(_) => eprintln!("error: {}: {error_json}", case_path.display()),
                },
            }
            ExitCode::from(1)
        }
        Err(host_error) => {
            eprintln!("error: {host_error}");
            ExitCode::from(3)
        }
    }
}
