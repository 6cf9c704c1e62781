//! `hall eval POLICY CASE`: evaluate a case through the policy's component (as portals run it),
//! or in process with `--native`, and print the evaluation.

use std::path::Path;

use hallpolicy_runtime::{render_text, CaseError, Evaluator, Lang, Policy};

use crate::build_component::{cached_component_bytes, rebuilt_component_bytes};
use crate::command_error::{CommandError, CommandResult, Outcome};
use crate::component_host::{ComponentHost, HostError, Limits};
use crate::policy::{load, read_case};
use crate::Format;

/// How to run the policy.
pub struct Engine {
    pub native: bool,
    pub limits: Limits,
    /// The language of the messages (Chinese unless `--lang en`).
    pub lang: Lang,
}

/// The evaluation as `format` writes it (its canonical JSON, or the text a person reads), or
/// the case error, from either engine; the component writes both itself, as it does for every
/// host. The case is bytes, so one that is not UTF-8 gets the same `{path, reason}` error as on
/// every host, and both engines refuse a case over the hosts' size limit before reading it.
fn evaluate(
    policy: Policy,
    case_json: &[u8],
    as_of: Option<&str>,
    format: Format,
    engine: &Engine,
) -> Result<Result<String, CaseError>, CommandError> {
    if case_json.len() > engine.limits.case_bytes {
        return Err(HostError::TooLarge(engine.limits.case_bytes).into());
    }
    if engine.native {
        let evaluator = Evaluator::new(policy);
        return Ok(evaluator
            .evaluate_json_bytes_in(case_json, as_of, engine.lang)
            .map(|e| match format {
                Format::Json => e.to_json(),
                Format::Text => render_text(&e),
            }));
    }
    let host = match ComponentHost::new(&cached_component_bytes(&policy)?, engine.limits) {
        Ok(host) => host,
        // A cached component that does not load (a disk fault, a hand edit): built afresh.
        Err(_) => ComponentHost::new(&rebuilt_component_bytes(&policy)?, engine.limits)?,
    };
    let answer = match format {
        Format::Json => host.evaluate_json_bytes_in(case_json, as_of, Some(engine.lang.tag()))?,
        Format::Text => host.evaluate_text_in(case_json, as_of, Some(engine.lang.tag()))?,
    };
    match answer {
        Ok(written) => Ok(Ok(written)),
        Err(error_json) => serde_json::from_str::<CaseError>(&error_json)
            // Worded by the component in the call's language already.
            .map(|error| {
                Err(CaseError {
                    lang: engine.lang,
                    ..error
                })
            })
            .map_err(|e| HostError::Wasm(format!("the component's case error is not one: {e}")).into()),
    }
}

/// Runs the subcommand: the evaluation on stdout; a refused case is the case's fault (exit 1),
/// a component that fails or exceeds its limits the component's (3).
pub fn run(
    policy_path: &Path,
    case_path: &Path,
    as_of: Option<&str>,
    format: Format,
    engine: &Engine,
) -> CommandResult {
    let policy = load(policy_path, format)?;
    let case_json = read_case(case_path)?;
    match evaluate(policy, &case_json, as_of, format, engine)? {
        Ok(written) => {
            match format {
                Format::Json => println!("{written}"),
                Format::Text => print!("{written}"),
            }
            Ok(Outcome::Done)
        }
        Err(error) => {
            if format == Format::Json {
                println!("{{\"error\":{}}}", serde_json::to_string(&error).unwrap_or_default());
            }
            Err(CommandError::Case {
                path: case_path.to_path_buf(),
                error: Box::new(error),
            })
        }
    }
}
