//! The checker and the lowering on any text that parses: diagnostics or a policy, never a
//! panic; and a compiled policy survives its IR bytes.
#![no_main]

use hallpolicy_runtime::Policy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(source) = hallpolicy_fuzz::text(data) else {
        return;
    };
    if let Ok(policy) = hallpolicy_compiler::compile(source) {
        let back = Policy::from_bytes(&policy.to_bytes());
        assert!(back.as_ref() == Ok(&policy), "the IR does not round-trip");
    }
});
