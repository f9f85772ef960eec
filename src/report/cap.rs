//! How many findings the outputs people read show: at most [`MAX_PER_FILE_AND_CODE`] of one code
//! in one file, then one line saying how many more there are.
//!
//! A pull request can add a file with a hundred thousand unknown keys; printing a diagnostic for
//! each would flood the CI log, the pull-request comment and the annotations without telling
//! anyone more than the first fifty do. The text, Markdown and workflow-command renderers all
//! take their findings through [`capped`]; JSON and SARIF are read by programs and keep every
//! finding, and every tally counts them all.

use std::collections::HashMap;

use super::paths::Paths;
use crate::findings::{Code, Finding, Severity};

/// Most findings of one code in one file that a human-facing output shows.
pub const MAX_PER_FILE_AND_CODE: usize = 50;

/// One entry of a capped list: a finding to show, or the count of those left out after it.
#[derive(Clone, Debug, PartialEq)]
pub enum Item<'a> {
    /// A finding to show.
    Finding(&'a Finding),
    /// How many of its code in its file were left out after it.
    More(More),
}

/// Findings of one code in one file that were left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct More {
    /// Their code.
    pub code: Code,
    /// The highest severity among those left out.
    pub severity: Severity,
    /// The file they are in; `None` for findings about no file.
    pub file: Option<String>,
    /// How many were left out.
    pub count: usize,
}

impl More {
    /// The same count with its file named from the repository's top, for outputs that leave
    /// tollgate (see [`Paths`]).
    pub fn relative_to(&self, paths: &Paths) -> More {
        More {
            file: self.file.as_deref().map(|f| paths.file(f)),
            ..self.clone()
        }
    }

    /// "and 9950 more `unknown-key` findings in projects/a/project.yaml ...".
    pub fn message(&self) -> String {
        let place = self
            .file
            .as_deref()
            .map(|f| format!(" in {f}"))
            .unwrap_or_default();
        let plural = if self.count == 1 { "" } else { "s" };
        format!(
            "and {} more `{}` finding{plural}{place} of the same kind, not shown; \
             `--format json` or `--format sarif` lists every finding",
            self.count, self.code
        )
    }
}

/// The findings in their order, keeping the first [`MAX_PER_FILE_AND_CODE`] of each code in
/// each file; right after the last one kept of a group comes a [`More`] counting the rest.
/// Linear in the number of findings.
pub fn capped<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Vec<Item<'a>> {
    let all: Vec<&Finding> = findings.into_iter().collect();
    let mut totals: HashMap<Group<'_>, usize> = HashMap::new();
    for f in &all {
        *totals.entry(group(f)).or_default() += 1;
    }
    // Per group: how many were shown, and where its `More` entry is.
    let mut shown: HashMap<Group<'_>, (usize, Option<usize>)> = HashMap::new();
    let mut out = Vec::with_capacity(all.len().min(totals.len() * (MAX_PER_FILE_AND_CODE + 1)));
    for f in all {
        let key = group(f);
        let (count, more_at) = shown.entry(key).or_default();
        if *count < MAX_PER_FILE_AND_CODE {
            *count += 1;
            out.push(Item::Finding(f));
            let total = totals.get(&key).copied().unwrap_or(0);
            if *count == MAX_PER_FILE_AND_CODE && total > MAX_PER_FILE_AND_CODE {
                *more_at = Some(out.len());
                out.push(Item::More(More {
                    code: f.code,
                    severity: Severity::Note,
                    file: key.0.map(str::to_string),
                    count: total - MAX_PER_FILE_AND_CODE,
                }));
            }
        } else if let Some(Item::More(more)) = more_at.and_then(|i| out.get_mut(i)) {
            more.severity = more.severity.max(f.severity);
        }
    }
    out
}

/// Findings are counted per file (or none) and code.
type Group<'a> = (Option<&'a str>, Code);

fn group(f: &Finding) -> Group<'_> {
    (f.location.as_ref().map(|l| l.file.as_str()), f.code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Location;

    fn at(code: Code, file: &str, line: u32) -> Finding {
        Finding::new(code, format!("{code} at {line}")).at(Location {
            file: file.into(),
            line,
            column: 1,
            pointer: String::new(),
        })
    }

    #[test]
    fn keeps_fifty_per_file_and_code_then_counts_the_rest() {
        let mut findings: Vec<Finding> = (1..=120)
            .map(|i| at(Code::UnknownKey, "a.yaml", i))
            .collect();
        // Another code in the same file and the same code in another file are other groups.
        findings.push(at(Code::WrongType, "a.yaml", 200));
        findings.extend((1..=60).map(|i| at(Code::UnknownKey, "b.yaml", i)));
        for f in &mut findings[50..120] {
            f.severity = Severity::Warning;
        }
        let items = capped(&findings);
        let shown: Vec<&Finding> = items
            .iter()
            .filter_map(|i| match i {
                Item::Finding(f) => Some(*f),
                Item::More(_) => None,
            })
            .collect();
        let more: Vec<&More> = items
            .iter()
            .filter_map(|i| match i {
                Item::More(m) => Some(m),
                Item::Finding(_) => None,
            })
            .collect();
        assert_eq!(shown.len(), 50 + 1 + 50);
        assert_eq!(more.len(), 2);
        assert_eq!(
            (more[0].file.as_deref(), more[0].count),
            (Some("a.yaml"), 70)
        );
        assert_eq!(
            (more[1].file.as_deref(), more[1].count),
            (Some("b.yaml"), 10)
        );
        // The count follows the last finding kept of its group.
        assert!(
            matches!(&items[49], Item::Finding(f) if f.location.as_ref().map(|l| l.line) == Some(50))
        );
        assert!(matches!(&items[50], Item::More(m) if m.file.as_deref() == Some("a.yaml")));
        // The severity of those left out (all made warnings here), not of those shown.
        assert_eq!(more[0].severity, Severity::Warning);
        assert_eq!(more[1].severity, Severity::Error);
        assert!(
            more[0]
                .message()
                .starts_with("and 70 more `unknown-key` findings in a.yaml")
        );
    }

    #[test]
    fn fifty_exactly_needs_no_count() {
        let findings: Vec<Finding> = (1..=50)
            .map(|i| at(Code::UnknownKey, "a.yaml", i))
            .collect();
        let items = capped(&findings);
        assert_eq!(items.len(), 50);
        assert!(items.iter().all(|i| matches!(i, Item::Finding(_))));
    }
}
