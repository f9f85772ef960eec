//! The text of what a run reads: YAML parsed into a JSON value with a map from JSON pointer to
//! line and column ([`yaml`]), and the registry of every file's text and positions
//! ([`registry`]) that turns a (file, pointer) into a `file:line:col` location and shows the
//! source line beside a finding.
//!
//! A leaf: it knows YAML and positions, not what the files mean (that is [`crate::load`]'s), and
//! every stage from loading to rendering uses it.

#[cfg(test)]
pub(crate) mod mutation;
pub mod registry;
pub mod yaml;
mod yaml_subset;

pub use registry::{Files, Reopen, SourceFile, location};
