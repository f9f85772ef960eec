//! A finding: code, severity, message, location, help, and the project and rule it belongs to.

use serde::Serialize;

use super::codes::Code;
use super::severity::Severity;

/// A place in a file of the checked repository. Lines and columns are 1-based; `pointer` is the
/// JSON pointer (RFC 6901) of the value inside the document, empty for the whole file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// The file's path from the repository's top.
    pub file: String,
    /// The 1-based line.
    pub line: u32,
    /// The 1-based column, in characters.
    pub column: u32,
    /// The JSON pointer of the value; empty for the whole file.
    pub pointer: String,
}

/// One problem or observation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The stable code: what kind of problem it is.
    pub code: Code,
    /// How much it matters (the code's default unless a policy says otherwise).
    pub severity: Severity,
    /// What is wrong, in one sentence about this case.
    pub message: String,
    /// Where it is, when it is in a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The project the finding belongs to, when it belongs to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// The policy rule (by id) that produced it; `None` for findings about the files themselves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl Finding {
    /// A finding with the code's default severity.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.default_severity(),
            message: message.into(),
            location: None,
            help: None,
            project: None,
            rule: None,
        }
    }

    /// The finding at `location`.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// The finding with a help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The finding as belonging to `project`.
    pub fn project(mut self, project: impl Into<String>) -> Self {
        self.project = Some(project.into());
        self
    }

    /// The finding as produced by the policy rule `rule`.
    pub fn rule_id(mut self, rule: Option<String>) -> Self {
        self.rule = rule;
        self
    }

    /// The finding with another severity (a policy's choice).
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Whether it blocks.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts findings for stable output: by file, position, then code.
pub fn sort(findings: &mut [Finding]) {
    // Compared by reference: sorting tens of thousands of findings must not copy their text.
    findings.sort_by(|a, b| {
        fn place(f: &Finding) -> Option<(&str, u32, u32)> {
            f.location
                .as_ref()
                .map(|l| (l.file.as_str(), l.line, l.column))
        }
        place(a)
            .cmp(&place(b))
            .then_with(|| a.code.as_str().cmp(b.code.as_str()))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// Counts by severity, for summaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Findings that block.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub notes: usize,
}

impl Counts {
    /// Counts `findings`.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            match f.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Note => c.notes += 1,
            }
        }
        c
    }
}
