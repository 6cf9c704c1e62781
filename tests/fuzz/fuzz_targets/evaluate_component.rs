//! Evaluation through the component (wasmtime, as `hall eval` runs it) of any text: the
//! instance never traps, and its answer is the native one byte for byte.
#![no_main]

use std::sync::{Mutex, OnceLock};

use hall::build_component::component_bytes;
use hall::component_host::{ComponentHost, Limits, Session};
use hallpolicy_runtime::Evaluator;
use libfuzzer_sys::fuzz_target;

/// The 白城 policy as a component, and a native evaluator of the same policy.
fn host() -> &'static (ComponentHost, Evaluator) {
    static HOST: OnceLock<(ComponentHost, Evaluator)> = OnceLock::new();
    HOST.get_or_init(|| {
        let (_, source) = hallpolicy_fuzz::POLICIES[0];
        let Ok(policy) = hallpolicy_compiler::compile(source) else {
            panic!("the 白城 policy does not compile");
        };
        let Ok(bytes) = component_bytes(&policy) else {
            panic!("the component does not build");
        };
        let Ok(host) = ComponentHost::new(&bytes, Limits::default()) else {
            panic!("the component does not load");
        };
        (host, Evaluator::new(policy))
    })
}

/// One instance serves every input, as a portal's would; a new one replaces it after a failure.
static SESSION: Mutex<Option<Session>> = Mutex::new(None);

fuzz_target!(|data: &[u8]| {
    let Some(text) = hallpolicy_fuzz::text(data) else {
        return;
    };
    let (host, native) = host();
    let Ok(mut slot) = SESSION.lock() else {
        return;
    };
    let session = match slot.take() {
        Some(session) => session,
        None => match host.session() {
            Ok(session) => session,
            Err(e) => panic!("no instance: {e}"),
        },
    };
    let session = slot.insert(session);
    let through_component = match session.evaluate_json(text, None) {
        Ok(answer) => answer,
        Err(e) => panic!("the component failed: {e}"),
    };
    let in_process = match native.evaluate_json(text, None) {
        Ok(evaluation) => serde_json::to_string(&evaluation).map_err(|e| e.to_string()),
        Err(error) => Err(serde_json::to_string(&error).unwrap_or_default()),
    };
    assert_eq!(
        through_component, in_process,
        "the component and native evaluation differ"
    );
});
