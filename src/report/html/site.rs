//! What the report is of and what it is made of: the inputs every page reads, the pages, and
//! the file name a project's page gets.

use crate::evaluate::Evaluation;
use crate::history::trend::Trends;
use crate::load::Snapshot;
use crate::model::Date;

/// What the report is of.
#[derive(Clone, Debug)]
pub struct Meta {
    /// A name for the repository (its folder name), never a machine path.
    pub repository: String,
    /// What was read: "working tree at 1a2b3c4", "commit 1a2b3c4 (v1.2)".
    pub source: String,
    /// The date expiries and reviews were judged against.
    pub now: Date,
    /// "tollgate 0.1.0".
    pub generator: String,
}

/// Everything the pages show: the parts of the [`crate::pipeline::Report`] they read (its
/// [`crate::pipeline::Body::Site`]) and what the report is of.
#[derive(Clone, Copy, Debug)]
pub struct Site<'a> {
    /// The evaluation of the reported revision.
    pub eval: &'a Evaluation,
    /// The files it was made from (names, stages, text for locations).
    pub snap: &'a Snapshot,
    /// The KPI trends and decision timelines from history.
    pub trends: &'a Trends,
    /// When, of what and by which version the report was made.
    pub meta: &'a Meta,
}

/// One file of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// Relative to the report folder, `/`-separated.
    pub path: String,
    /// The whole page.
    pub html: String,
}

/// A project's page file name: its id when that is a plain name (`[a-z0-9-]`, as the schema
/// asks of ids), else a readable part and a hash, so that no folder name can reach outside the
/// report folder or collide with another.
pub fn page_file(id: &str) -> String {
    let plain = !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-');
    if plain {
        return format!("{id}.html");
    }
    let readable: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    // FNV-1a: stable across runs and machines, unlike the standard library's hasher.
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("p{}-{hash:016x}.html", readable.trim_matches('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_files_stay_in_the_folder_and_apart() {
        assert_eq!(
            page_file("support-reply-drafts"),
            "support-reply-drafts.html"
        );
        let odd = page_file("../../etc/passwd");
        assert!(odd.starts_with("p") && odd.ends_with(".html"), "{odd}");
        assert!(!odd.contains('/') && !odd.contains(".."), "{odd}");
        assert_ne!(page_file("a b"), page_file("a?b"));
        assert_ne!(page_file("Alpha"), page_file("alpha"));
        let hostile = page_file("<script>\"x\"");
        assert!(
            hostile
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'),
            "{hostile}"
        );
        assert!(page_file(&"x".repeat(500)).len() < 80);
    }
}
