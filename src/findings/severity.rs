//! How much a finding matters.

use serde::Serialize;

/// How much a finding matters. Errors block a gate (exit 1); warnings and notes inform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informs; never blocks.
    Note,
    /// Worth a look; does not block.
    Warning,
    /// Blocks the gate (exit 1).
    Error,
}

impl Severity {
    /// The lower-case name, as in every output and in policy files.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses the lower-case name used in configuration and policy files.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "note" => Some(Severity::Note),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}
