//! The case decoder on any text, against every shipped policy: a case or an error naming a
//! field, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = hallpolicy_fuzz::text(data) else {
        return;
    };
    for evaluator in hallpolicy_fuzz::evaluators() {
        if let Err(error) = hallpolicy_runtime::decode_case(evaluator.policy(), text, None) {
            assert!(!error.reason.is_empty(), "an error without a reason");
        }
    }
});
