//! `--format github`: findings as GitHub Actions workflow commands (`::error file=…,line=…::`),
//! which the runner turns into annotations on the pull request. The command syntax and its
//! escaping live in [`crate::github::annotations`], shared with check-run annotations.

use super::paths::Paths;
use crate::findings::Finding;
use crate::github::annotations::{Annotation, workflow_commands};

/// One workflow command per finding; files relative to the repository's top.
pub fn annotations(findings: &[Finding], paths: &Paths) -> String {
    let list: Vec<Annotation> = findings
        .iter()
        .map(|f| Annotation::from_finding(f, paths))
        .collect();
    workflow_commands(&list)
}
