//! Integration tests of `tollgate check`, run through the binary.

mod cli;
mod done_when;
mod formats;
mod measure;
mod numbers;
mod partial;
mod policies;
mod rules;
mod verdicts;
