//! JSON in and out for hallpolicy, the two directions every host's answer goes through.
//!
//! [`parse`] reads a case's text into a [`Node`] tree whose strings borrow from the text, with
//! serde_json's tree and serde_json's error messages whatever the text holds. [`to_string`]
//! writes any `Serialize` value as the same bytes as `serde_json::to_string`. Both check
//! strings eight bytes (sixteen in the component) a step, where serde_json looks at each byte:
//! rule text is mostly Chinese and almost never needs an escape. Tests hold both to serde_json,
//! on the fixtures and on generated input.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        reason = "tests fail loudly"
    )
)]

mod bytes;
mod node;
mod read;
mod write;

pub use node::{Node, Object};
pub use read::parse;
pub use write::to_string;
