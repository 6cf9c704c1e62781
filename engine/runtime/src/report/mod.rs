//! What is made from evaluations for people and tools: the text `hall eval` prints, the
//! explanation of a clock, a policy's description, the difference between two evaluations, and
//! which rules a folder of cases shows met and breached.

pub mod coverage;
pub mod describe;
pub mod diff;
pub mod explain;
pub mod render;
mod words;
