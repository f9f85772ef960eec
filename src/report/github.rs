//! `--format github`: findings as GitHub Actions workflow commands (`::error file=…,line=…::`),
//! which the runner turns into annotations on the pull request. The command syntax and its
//! escaping live in [`crate::github::annotations`], shared with check-run annotations.

use crate::findings::Finding;
use crate::github::annotations::{Annotation, workflow_commands};

/// One workflow command per finding.
pub fn annotations(findings: &[Finding]) -> String {
    let list: Vec<Annotation> = findings.iter().map(Annotation::from_finding).collect();
    workflow_commands(&list)
}
