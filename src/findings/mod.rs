//! The one findings model every stage produces and every renderer reads.
//!
//! A finding is plain data: a stable code, a severity, a message, where it is (file, line,
//! column and the JSON pointer of the offending value) and a help line. Loading, policy
//! evaluation and history checks all push findings; `report` turns them into text, JSON,
//! Markdown, SARIF, JUnit or workflow commands. Nothing else decides how a problem looks.

mod codes;

pub use codes::Code;

use serde::Serialize;

/// How much a finding matters. Errors block a gate (exit 1); warnings and notes inform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
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

/// A place in a file of the checked repository. Lines and columns are 1-based; `pointer` is the
/// JSON pointer (RFC 6901) of the value inside the document, empty for the whole file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub pointer: String,
}

/// One problem or observation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
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

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn project(mut self, project: impl Into<String>) -> Self {
        self.project = Some(project.into());
        self
    }

    pub fn rule_id(mut self, rule: Option<String>) -> Self {
        self.rule = rule;
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

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
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Counts {
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
