//! Machine output. The shape is documented in `docs/json-output.md`, published as a JSON Schema
//! ([`SCHEMA`], `tollgate schema report`) and versioned by `version`.

use serde::Serialize;

use super::paths::Paths;
use crate::findings::{Counts, Finding};
use crate::history::HistoryStatus;
use crate::pipeline::{Judged, Verified};

/// Format version of the JSON output; bumped on any incompatible change.
pub const VERSION: u32 = 1;

/// The JSON Schema (draft 2020-12) of every JSON document tollgate prints: `check`, `validate`,
/// `diff`, `log` and `log --verify` with `--format json`.
pub const SCHEMA: &str = include_str!("../../schemas/report.schema.json");

/// A finding flattened for JSON: location fields at the top level, as linters commonly emit.
/// `file` is relative to the git repository's top; messages name no machine path.
#[derive(Debug, Serialize)]
pub struct FlatFinding<'a> {
    /// The finding's code.
    pub code: &'a str,
    /// `error`, `warning` or `note`.
    pub severity: &'a str,
    /// The message, without machine paths.
    pub message: String,
    /// The file, relative to the repository's top.
    pub file: Option<String>,
    /// The 1-based line.
    pub line: Option<u32>,
    /// The 1-based column.
    pub column: Option<u32>,
    /// The JSON pointer of the value in the file.
    pub pointer: Option<&'a str>,
    /// What to do about it.
    pub help: Option<String>,
    /// The project it belongs to.
    pub project: Option<&'a str>,
    /// The policy rule that produced it.
    pub rule: Option<&'a str>,
}

impl<'a> FlatFinding<'a> {
    /// The finding as the JSON output shows it, paths relative to the repository's top.
    pub fn new(f: &'a Finding, paths: &Paths) -> Self {
        FlatFinding {
            code: f.code.as_str(),
            severity: f.severity.as_str(),
            message: paths.text(&f.message),
            file: f.location.as_ref().map(|l| paths.file(&l.file)),
            line: f.location.as_ref().map(|l| l.line),
            column: f.location.as_ref().map(|l| l.column),
            pointer: f.location.as_ref().map(|l| l.pointer.as_str()),
            help: f.help.as_deref().map(|h| paths.text(h)),
            project: f.project.as_deref(),
            rule: f.rule.as_deref(),
        }
    }
}

/// Every finding flattened for JSON.
pub fn flat<'a>(findings: &'a [Finding], paths: &Paths) -> Vec<FlatFinding<'a>> {
    findings
        .iter()
        .map(|f| FlatFinding::new(f, paths))
        .collect()
}

#[derive(Debug, Serialize)]
struct ValidateOutput<'a> {
    version: u32,
    valid: bool,
    summary: Counts,
    findings: Vec<FlatFinding<'a>>,
}

/// The document `tollgate validate --format json` prints.
pub fn validate(findings: &[Finding], paths: &Paths) -> String {
    let counts = Counts::of(findings);
    let out = ValidateOutput {
        version: VERSION,
        valid: counts.errors == 0,
        summary: counts,
        findings: flat(findings, paths),
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

#[derive(Debug, Serialize)]
struct CheckOutput<'a> {
    version: u32,
    now: String,
    policy: &'a [String],
    blocking: bool,
    summary: CheckSummary,
    projects: &'a [crate::evaluate::ProjectReport],
    findings: Vec<FlatFinding<'a>>,
}

#[derive(Debug, Serialize)]
struct CheckSummary {
    projects: usize,
    ready: usize,
    blocked: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
}

/// The document `tollgate check --format json` prints (see docs/json-output.md).
pub fn check(judged: &Judged, paths: &Paths) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail, and serde_json writes UTF-8.
    let _ = write_check(judged, paths, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`check`], written to `out` as it is serialized: at thousands of projects the document is
/// tens of megabytes, held beside everything the run read.
pub fn write_check(
    judged: &Judged,
    paths: &Paths,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let eval = &judged.eval;
    let counts = Counts::of(&eval.findings);
    let ready = eval.projects.iter().filter(|p| p.ready).count();
    let doc = CheckOutput {
        version: VERSION,
        now: eval.now.to_string(),
        policy: &eval.policy,
        blocking: eval.blocking(),
        summary: CheckSummary {
            projects: eval.projects.len(),
            ready,
            blocked: eval.projects.len() - ready,
            errors: counts.errors,
            warnings: counts.warnings,
            notes: counts.notes,
        },
        projects: &eval.projects,
        findings: flat(&eval.findings, paths),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

#[derive(Debug, Serialize)]
struct VerifiedOutput<'a> {
    version: u32,
    history: &'a HistoryStatus,
    summary: Counts,
    findings: Vec<FlatFinding<'a>>,
}

/// The document `tollgate log --verify --format json` prints: the range the history checks
/// read (or why they did not run, its paths relative) and their findings.
pub fn verified(verified: &Verified, paths: &Paths) -> String {
    let report = &verified.history;
    let status = match &report.status {
        HistoryStatus::Skipped { reason } => HistoryStatus::Skipped {
            reason: paths.text(reason),
        },
        checked => checked.clone(),
    };
    to_string(&VerifiedOutput {
        version: VERSION,
        history: &status,
        summary: Counts::of(&report.findings),
        findings: flat(&report.findings, paths),
    })
}
