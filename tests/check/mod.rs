//! Integration tests of `tollgate check` and `tollgate explain`, run through the binary.

mod cli;
mod done_when;
mod explain;
mod formats;
mod harness;
mod measure;
mod numbers;
mod partial;
mod policies;
mod rules;
mod verdicts;
