//! JUnit XML, which CI systems show as test results: one test suite per project, one test case
//! per rule that applied at its gate (plus `files` for loading), failing when the rule produced an
//! error finding. Warnings and notes go to the case's system-out.

use std::fmt::Write;

use crate::evaluate::{Evaluation, FILES_RULE};
use crate::findings::{Finding, Severity};
use crate::policy::Policy;

pub fn render(eval: &Evaluation, policy: &Policy) -> String {
    let mut suites = String::new();
    let mut total = 0;
    let mut failed = 0;
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
        for f in eval.project_findings(&p.id) {
            let name = f.rule.clone().unwrap_or_else(|| FILES_RULE.into());
            if !cases.contains(&name) {
                cases.push(name);
            }
        }
        let mut body = String::new();
        let mut suite_failed = 0;
        for case in &cases {
            let mine: Vec<&Finding> = eval
                .project_findings(&p.id)
                .filter(|f| f.rule.as_deref().unwrap_or(FILES_RULE) == case)
                .collect();
            let errors: Vec<&&Finding> = mine
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            let _ = write!(
                body,
                "    <testcase name=\"{}\" classname=\"tollgate.{}\">",
                xml(case),
                xml(&p.id)
            );
            if !errors.is_empty() {
                suite_failed += 1;
                let text: Vec<String> = errors.iter().map(|f| line(f)).collect();
                let _ = write!(
                    body,
                    "\n      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    xml(&errors[0].message),
                    errors[0].code,
                    xml(&text.join("\n"))
                );
            }
            let others: Vec<String> = mine
                .iter()
                .filter(|f| f.severity != Severity::Error)
                .map(|f| line(f))
                .collect();
            if !others.is_empty() {
                let _ = write!(
                    body,
                    "\n      <system-out>{}</system-out>",
                    xml(&others.join("\n"))
                );
            }
            body.push_str(if errors.is_empty() && others.is_empty() {
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
            xml(&p.id),
            cases.len()
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tollgate\" tests=\"{total}\" failures=\"{failed}\" errors=\"0\">\n{suites}</testsuites>\n"
    )
}

fn line(f: &Finding) -> String {
    let at = f
        .location
        .as_ref()
        .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
        .unwrap_or_default();
    format!("{at}{} [{}] {}", f.severity.as_str(), f.code, f.message)
}

/// Escapes text for XML attributes and content.
fn xml(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
