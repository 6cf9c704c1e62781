//! Runtime side of hallpolicy: the compiled policy (IR), the working-day calendar, case
//! decoding and evaluation. A pure function of (policy, case, as-of): no clock, no I/O, no
//! randomness. It never depends on the parser or a diagnostics renderer, so it builds for
//! `wasm32-unknown-unknown` and stays small.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        reason = "tests fail loudly"
    )
)]

pub mod calendar;
pub mod case;
pub mod clock;
pub mod coverage;
pub mod describe;
pub mod diff;
pub mod evaluate;
pub mod explain;
pub mod ir;
pub mod output;
mod packed_days;
pub mod penalty;
pub mod render;
pub mod repetition;
pub mod time;

pub use case::{decode_case, Case, CaseError};
pub use evaluate::Evaluator;
pub use ir::{Policy, RuleBody};
pub use output::Evaluation;
pub use render::render_text;
