//! `--format github`: findings as GitHub Actions workflow commands (`::error file=…,line=…::`),
//! which the runner turns into annotations on the pull request. The command syntax and its
//! escaping live in [`crate::github::annotations`], shared with check-run annotations.

use super::cap;
use super::paths::Paths;
use crate::findings::Finding;
use crate::github::annotations::{Annotation, AnnotationLevel, workflow_commands};

/// One workflow command per finding (capped per file and code); files relative to the
/// repository's top.
pub fn annotations(findings: &[Finding], paths: &Paths) -> String {
    workflow_commands(&annotation_list(findings, paths))
}

/// The annotations of `findings`: at most [`cap::MAX_PER_FILE_AND_CODE`] of one code in one
/// file, then one annotation on that file saying how many more there are.
pub fn annotation_list<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    paths: &Paths,
) -> Vec<Annotation> {
    cap::capped(findings)
        .into_iter()
        .map(|item| match item {
            cap::Item::Finding(f) => Annotation::from_finding(f, paths),
            cap::Item::More(more) => Annotation {
                level: match more.severity {
                    crate::findings::Severity::Error => AnnotationLevel::Error,
                    crate::findings::Severity::Warning => AnnotationLevel::Warning,
                    crate::findings::Severity::Note => AnnotationLevel::Notice,
                },
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
