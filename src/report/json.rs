//! Machine output. The shape is documented in `docs/json-output.md` and versioned by `version`.

use serde::Serialize;

use crate::findings::{Counts, Finding};

/// Format version of the JSON output; bumped on any incompatible change.
pub const VERSION: u32 = 1;

/// A finding flattened for JSON: location fields at the top level, as linters commonly emit.
#[derive(Debug, Serialize)]
pub struct FlatFinding<'a> {
    pub code: &'a str,
    pub severity: &'a str,
    pub message: &'a str,
    pub file: Option<&'a str>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub pointer: Option<&'a str>,
    pub help: Option<&'a str>,
    pub project: Option<&'a str>,
}

impl<'a> From<&'a Finding> for FlatFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        FlatFinding {
            code: f.code.as_str(),
            severity: f.severity.as_str(),
            message: &f.message,
            file: f.location.as_ref().map(|l| l.file.as_str()),
            line: f.location.as_ref().map(|l| l.line),
            column: f.location.as_ref().map(|l| l.column),
            pointer: f.location.as_ref().map(|l| l.pointer.as_str()),
            help: f.help.as_deref(),
            project: f.project.as_deref(),
        }
    }
}

#[derive(Debug, Serialize)]
struct ValidateOutput<'a> {
    version: u32,
    valid: bool,
    summary: Counts,
    findings: Vec<FlatFinding<'a>>,
}

/// The document `tollgate validate --format json` prints.
pub fn validate(findings: &[Finding]) -> String {
    let counts = Counts::of(findings);
    let out = ValidateOutput {
        version: VERSION,
        valid: counts.errors == 0,
        summary: counts,
        findings: findings.iter().map(FlatFinding::from).collect(),
    };
    to_string(&out)
}

/// Serializes with a trailing newline; our types always serialize.
pub fn to_string<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialize output: {e}\"}}"));
    s.push('\n');
    s
}
