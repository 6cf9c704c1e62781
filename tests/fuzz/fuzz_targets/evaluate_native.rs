//! Native evaluation of any case that decodes, against every shipped policy: the JSON and text
//! renderings and the explanation, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = hallpolicy_fuzz::text(data) else {
        return;
    };
    for evaluator in hallpolicy_fuzz::evaluators() {
        let Ok(case) = hallpolicy_runtime::decode_case(evaluator.policy(), text, None) else {
            continue;
        };
        let evaluation = evaluator.evaluate(&case);
        assert!(serde_json::to_string(&evaluation).is_ok());
        let _ = hallpolicy_runtime::render_text(&evaluation);
        let _ = hallpolicy_runtime::report::explain::explain(evaluator, &case, &evaluation);
    }
});
