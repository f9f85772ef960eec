//! Integration tests of `tollgate check` and `tollgate explain`, run through the binary.

mod harness;
mod policies;
mod rules;
