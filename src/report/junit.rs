//! JUnit XML, which CI systems show as test results: one test suite per project, one test case
//! per rule that applied at its gate (plus `files` for loading), failing when the rule produced an
//! error finding; and a `(repository)` suite for what belongs to no project (tollgate.yaml,
//! people.yaml, policies, the history), so that every error finding is in a `<failure>`.
//! Warnings and notes go to the case's system-out.
//!
//! The document validates against the JUnit schema Jenkins' xUnit plugin uses. User text may hold
//! characters XML 1.0 cannot carry (most control characters): they are written as `\u{..}`.

use std::fmt::Write;

use super::paths::Paths;
use crate::evaluate::FILES_RULE;
use crate::findings::{Finding, Severity};
use crate::pipeline::Judged;

/// The name of the suite of findings that belong to no project (not a valid project id).
pub const REPOSITORY_SUITE: &str = "(repository)";

/// `--format junit`: one test case per project and rule, failing where the rule found errors.
pub fn render(judged: &Judged, paths: &Paths) -> String {
    let Judged { eval, policy, .. } = judged;
    let mut suites = String::new();
    let mut total = 0;
    let mut failed = 0;
    let general: Vec<&Finding> = eval
        .findings
        .iter()
        .filter(|f| f.project.is_none())
        .collect();
    let mut groups: Vec<(String, Vec<String>, Vec<&Finding>)> = vec![(
        REPOSITORY_SUITE.to_string(),
        vec![FILES_RULE.to_string()],
        general,
    )];
    for p in &eval.projects {
        let mut cases: Vec<String> = vec![FILES_RULE.to_string()];
        if let Some(gate) = p.gate.filter(|_| p.evaluated) {
            cases.extend(
                policy
                    .rules
                    .iter()
                    .filter(|r| r.applies_at(gate))
                    .map(|r| r.id.clone()),
            );
        }
        groups.push((p.id.clone(), cases, eval.project_findings(&p.id).collect()));
    }
    // Findings of a project that has no report (it could not be read as one) get a suite too.
    for f in &eval.findings {
        let Some(id) = f.project.as_deref() else {
            continue;
        };
        if let Some(group) = groups.iter_mut().skip(1).find(|g| g.0 == id) {
            if !eval.projects.iter().any(|p| p.id == id) {
                group.2.push(f);
            }
        } else {
            groups.push((id.to_string(), vec![FILES_RULE.to_string()], vec![f]));
        }
    }
    for (suite, mut cases, findings) in groups {
        for f in &findings {
            let name = case_of(f);
            if !cases.iter().any(|c| c == name) {
                cases.push(name.to_string());
            }
        }
        let classname = if suite == REPOSITORY_SUITE {
            "tollgate".to_string()
        } else {
            format!("tollgate.{suite}")
        };
        let mut body = String::new();
        let mut suite_failed = 0;
        for case in &cases {
            let mine: Vec<&Finding> = findings
                .iter()
                .copied()
                .filter(|f| case_of(f) == case)
                .collect();
            let (errors, others): (Vec<&Finding>, Vec<&Finding>) =
                mine.iter().partition(|f| f.severity == Severity::Error);
            let _ = write!(
                body,
                "    <testcase name=\"{}\" classname=\"{}\">",
                attr(case),
                attr(&classname)
            );
            if let Some(first) = errors.first() {
                suite_failed += 1;
                let text: Vec<String> = errors.iter().map(|f| line(f, paths)).collect();
                let message = if errors.len() == 1 {
                    paths.text(&first.message)
                } else {
                    format!(
                        "{} errors; first: {}",
                        errors.len(),
                        paths.text(&first.message)
                    )
                };
                let _ = write!(
                    body,
                    "\n      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    attr(&message),
                    first.code,
                    xml(&text.join("\n"))
                );
            }
            if !others.is_empty() {
                let text: Vec<String> = others.iter().map(|f| line(f, paths)).collect();
                let _ = write!(
                    body,
                    "\n      <system-out>{}</system-out>",
                    xml(&text.join("\n"))
                );
            }
            body.push_str(if mine.is_empty() {
                "</testcase>\n"
            } else {
                "\n    </testcase>\n"
            });
        }
        total += cases.len();
        failed += suite_failed;
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{suite_failed}\" errors=\"0\">\n{body}  </testsuite>\n",
            attr(&suite),
            cases.len()
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tollgate\" tests=\"{total}\" failures=\"{failed}\" errors=\"0\">\n{suites}</testsuites>\n"
    )
}

/// The test case a finding belongs to: its policy rule, or `files` for problems of the files.
fn case_of(f: &Finding) -> &str {
    f.rule.as_deref().unwrap_or(FILES_RULE)
}

fn line(f: &Finding, paths: &Paths) -> String {
    let at = f
        .location
        .as_ref()
        .map(|l| format!("{}:{}:{}: ", paths.file(&l.file), l.line, l.column))
        .unwrap_or_default();
    let mut out = format!(
        "{at}{} [{}] {}",
        f.severity.as_str(),
        f.code,
        paths.text(&f.message)
    );
    if let Some(h) = &f.help {
        out.push_str("\n  help: ");
        out.push_str(&paths.text(h));
    }
    out
}

/// Escapes text for XML 1.0 element content. Characters XML cannot carry at all (control
/// characters other than tab, line feed and carriage return; U+FFFE, U+FFFF) are written as
/// `\u{..}`; a carriage return as a character reference (a parser would drop it otherwise).
pub fn xml(s: &str) -> String {
    escape(s, false)
}

/// Escapes text for an XML 1.0 attribute value in double quotes, as [`xml`]; tab and line feed
/// also as character references, which survive in attributes (a parser turns them into spaces).
pub fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c < ' ') || c == '\u{fffe}' || c == '\u{ffff}' => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{attr, xml};

    #[test]
    fn text_xml_cannot_carry_is_spelled_out() {
        let s = "a<b>&\"c\"\u{1b}[31m\u{0}\u{ffff}\t\n\r\u{85}é";
        assert_eq!(
            attr(s),
            "a&lt;b&gt;&amp;&quot;c&quot;\\u{1b}[31m\\u{0}\\u{ffff}&#9;&#10;&#13;\u{85}é"
        );
        assert_eq!(
            xml(s),
            "a&lt;b&gt;&amp;\"c\"\\u{1b}[31m\\u{0}\\u{ffff}\t\n&#13;\u{85}é"
        );
    }
}
