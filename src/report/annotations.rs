//! Annotations: a finding pinned to a file and line, shown by GitHub on the pull request's diff.
//!
//! A report format like the others: this module decides what an annotation says, where it
//! points and how many of one code in one file are shown ([`super::cap`]); it sends nothing.
//! Two carriers take them: workflow commands printed on standard output
//! (`::error file=…,line=…::message`, read by the Actions runner, needing no token at all;
//! `check --format github`), and the `annotations` of a check run, which
//! [`crate::github::checkrun`] delivers. Escaping follows the runner's rules (actions/toolkit
//! `command.ts`): in the message `%`, `\r` and `\n` become `%25`, `%0D`, `%0A`; in property
//! values `:` and `,` also become `%3A` and `%2C`, since they separate properties.
//!
//! GitHub shows at most 10 error and 10 warning annotations of a step (and 50 of a job) in the
//! pull request; the rest are still in the log. The job summary always has everything.

use super::cap;
use super::paths::Paths;
use crate::findings::{Finding, Severity};

/// How GitHub shows an annotation: the severity of the finding it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AnnotationLevel {
    /// A note.
    Notice,
    /// A warning.
    Warning,
    /// An error (`failure` in a check run).
    Error,
}

impl From<Severity> for AnnotationLevel {
    fn from(severity: Severity) -> AnnotationLevel {
        match severity {
            Severity::Error => AnnotationLevel::Error,
            Severity::Warning => AnnotationLevel::Warning,
            Severity::Note => AnnotationLevel::Notice,
        }
    }
}

impl AnnotationLevel {
    /// The workflow command name.
    pub fn command(self) -> &'static str {
        match self {
            AnnotationLevel::Notice => "notice",
            AnnotationLevel::Warning => "warning",
            AnnotationLevel::Error => "error",
        }
    }

    /// The check-run `annotation_level`.
    pub fn check_run_level(self) -> &'static str {
        match self {
            AnnotationLevel::Notice => "notice",
            AnnotationLevel::Warning => "warning",
            AnnotationLevel::Error => "failure",
        }
    }
}

/// One annotation. Lines and columns are 1-based.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// How GitHub shows it.
    pub level: AnnotationLevel,
    /// Path from the repository root; `None` for findings about no file (shown on the run only).
    pub file: Option<String>,
    /// The line it starts on.
    pub line: Option<u32>,
    /// The column it starts at.
    pub column: Option<u32>,
    /// The line it ends on, when it spans several.
    pub end_line: Option<u32>,
    /// The column it ends at (GitHub takes columns only on a single line).
    pub end_column: Option<u32>,
    /// The title: the finding's code.
    pub title: Option<String>,
    /// The message, with the help line appended.
    pub message: String,
}

impl Annotation {
    /// A finding as an annotation: the code as title, help appended to the message, the file
    /// relative to the repository's top (GitHub resolves it from there), no machine paths in the
    /// message.
    pub fn from_finding(finding: &Finding, paths: &Paths) -> Annotation {
        let level = AnnotationLevel::from(finding.severity);
        let mut message = paths.text(&finding.message);
        if let Some(help) = &finding.help {
            message.push_str("\nhelp: ");
            message.push_str(&paths.text(help));
        }
        let loc = finding.location.as_ref();
        Annotation {
            level,
            file: loc.map(|l| paths.file(&l.file)),
            line: loc.map(|l| l.line.max(1)),
            column: loc.map(|l| l.column.max(1)),
            end_line: None,
            end_column: None,
            title: Some(finding.code.to_string()),
            message,
        }
    }

    /// The workflow command, e.g. `::error file=a.yaml,line=3,col=5,title=t::message`.
    pub fn workflow_command(&self) -> String {
        let mut props = Vec::new();
        if let Some(file) = &self.file {
            props.push(format!("file={}", escape_property(file)));
            if let Some(line) = self.line {
                props.push(format!("line={line}"));
            }
            if let Some(end) = self.end_line {
                props.push(format!("endLine={end}"));
            }
            if let Some(col) = self.column {
                props.push(format!("col={col}"));
            }
            if let Some(end) = self.end_column {
                props.push(format!("endColumn={end}"));
            }
        }
        if let Some(title) = &self.title {
            props.push(format!("title={}", escape_property(title)));
        }
        let props = if props.is_empty() {
            String::new()
        } else {
            format!(" {}", props.join(","))
        };
        format!(
            "::{}{props}::{}",
            self.level.command(),
            escape_data(&self.message)
        )
    }
}

/// `--format github`: one workflow command per finding (capped per file and code, see
/// [`capped`]); files relative to the repository's top.
pub fn render(findings: &[Finding], paths: &Paths) -> String {
    workflow_commands(&capped(findings, paths))
}

/// The annotations of `findings`: at most [`cap::MAX_PER_FILE_AND_CODE`] of one code in one
/// file, then one annotation on that file saying how many more there are.
pub fn capped<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    paths: &Paths,
) -> Vec<Annotation> {
    cap::capped(findings)
        .into_iter()
        .map(|item| match item {
            cap::Item::Finding(f) => Annotation::from_finding(f, paths),
            cap::Item::More(more) => Annotation {
                level: AnnotationLevel::from(more.severity),
                file: more.file.as_deref().map(|f| paths.file(f)),
                line: None,
                column: None,
                end_line: None,
                end_column: None,
                title: Some(more.code.to_string()),
                message: more.message(),
            },
        })
        .collect()
}

/// Every annotation as a workflow command, one a line.
pub fn workflow_commands(annotations: &[Annotation]) -> String {
    let mut out = String::new();
    for a in annotations {
        out.push_str(&a.workflow_command());
        out.push('\n');
    }
    out
}

/// Escapes a command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Code, Location};

    #[test]
    fn escapes_per_the_runners_rules() {
        assert_eq!(escape_data("100%\r\ndone: a,b"), "100%25%0D%0Adone: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn finding_becomes_an_error_command() {
        let f = Finding::new(Code::UnknownKey, "unknown key `treshold`, 50%")
            .at(Location {
                file: "projects/a,b/kpis.yaml".into(),
                line: 12,
                column: 5,
                pointer: "/kpis/0/treshold".into(),
            })
            .help("did you mean `threshold`?");
        let a = Annotation::from_finding(&f, &Paths::at_top());
        assert_eq!(
            a.workflow_command(),
            "::error file=projects/a%2Cb/kpis.yaml,line=12,col=5,title=unknown-key::\
             unknown key `treshold`, 50%25%0Ahelp: did you mean `threshold`?"
        );
    }

    #[test]
    fn finding_without_location_has_no_file() {
        let f = Finding::new(Code::NoProjects, "no projects").severity(Severity::Note);
        assert_eq!(
            Annotation::from_finding(&f, &Paths::at_top()).workflow_command(),
            "::notice title=no-projects::no projects"
        );
    }
}
