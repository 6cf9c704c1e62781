//! The parser on any text: a diagnostic or a tree, never a panic; and what parses, formats to
//! text that parses again.
#![no_main]

use hallpolicy_compiler::{format, syntax};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(source) = hallpolicy_fuzz::text(data) else {
        return;
    };
    if syntax::parse(source).is_ok() {
        let formatted = format::format_source(source);
        assert!(
            syntax::parse(&formatted).is_ok(),
            "formatted text does not parse:\n{formatted}"
        );
    }
});
