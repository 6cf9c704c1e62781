//! Any bytes as a case, three ways that must agree: through the component's bytes entry, natively
//! with hallpolicy-json's writer, and natively with serde_json's (the reference). The case's
//! tree must also be serde_json's, or fail with serde_json's message.
#![no_main]

use std::sync::{Mutex, OnceLock};

use hall::build_component::component_bytes;
use hall::component_host::{ComponentHost, Limits, Session};
use hallpolicy_json::Node;
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

/// One instance serves every input, as a portal's would.
static SESSION: Mutex<Option<Session>> = Mutex::new(None);

fuzz_target!(|data: &[u8]| {
    let (host, native) = host();
    if let Ok(text) = std::str::from_utf8(data) {
        let ours = hallpolicy_json::parse(text).map_err(|e| e.to_string());
        let reference = serde_json::from_str::<Node<'_>>(text).map_err(|e| e.to_string());
        assert_eq!(ours, reference, "hallpolicy-json and serde_json read the text differently");
    }
    let (with_ours, with_serde) = match native.evaluate_json_bytes(data, None) {
        Ok(evaluation) => (
            Ok(evaluation.to_json()),
            serde_json::to_string(&evaluation).map_err(|e| e.to_string()),
        ),
        Err(error) => {
            let error = serde_json::to_string(&error).unwrap_or_default();
            (Err(error.clone()), Err(error))
        }
    };
    assert_eq!(with_ours, with_serde, "hallpolicy-json and serde_json write the evaluation differently");
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
    let through_component = match session.evaluate_json_bytes(data, None) {
        Ok(answer) => answer.map(|bytes| String::from_utf8(bytes).unwrap_or_default()),
        Err(e) => panic!("the component failed: {e}"),
    };
    assert_eq!(through_component, with_ours, "the component and native evaluation differ");
});
