//! Reporting to GitHub: a sticky pull-request comment, a check run, the job summary and workflow
//! annotations.
//!
//! The report itself (Markdown and annotations) is made elsewhere; this module only delivers it.
//! [`post_report`] is the one entry point the CLI uses:
//!
//! 1. the full body is appended to the job summary (`GITHUB_STEP_SUMMARY`, capped at 1 MiB);
//! 2. one comment per pull request and `--id` is created, updated in place, or left alone when it
//!    already says the same ([`comment`]);
//! 3. optionally a completed check run carries the conclusion and the annotations ([`checkrun`]).
//!
//! Merge blocking never depends on any of this: `tollgate` exits 1 on blocking findings, which a
//! required status check turns into a blocked merge, also on fork pull requests whose token
//! cannot write. A write refused with 403 therefore *degrades* (the outcome says so, the CLI
//! prints the annotations and a warning) instead of failing.
//!
//! HTTP goes through octocrab with its own retry layer switched off, because that layer repeats
//! POSTs: [`client`] retries reads, updates and deletes itself, and never blindly repeats a POST.
//! The token is held only by octocrab and by the redaction in [`client`]; no message, log line or
//! error this module makes can contain it.

pub mod approvals;
pub mod checkrun;
pub mod client;
pub mod comment;
pub mod commits;
pub mod event;
pub mod outputs;
pub mod summary;

use std::path::PathBuf;

use crate::report::annotations::Annotation;

pub use approvals::fetch_reviews;
pub use checkrun::{CheckRunOutcome, CheckRunRequest, Conclusion};
pub use client::{Client, ClientOptions, Error, Permission, Token};
pub use comment::{CommentAction, Identity, StickyOutcome};
pub use commits::{fetch_commit, fetch_pull_request_commits};
pub use event::PullRequestEvent;

/// The public GitHub API, used when `GITHUB_API_URL` is not set.
pub const DEFAULT_API_URL: &str = "https://api.github.com";

/// GitHub rejects issue comments longer than this many characters.
pub const MAX_COMMENT_CHARS: usize = 65_536;

/// A repository, `OWNER/NAME`, checked to hold only the characters GitHub allows so that it can be
/// put into a request path as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repo {
    pub owner: String,
    pub name: String,
}

impl Repo {
    /// Parses `OWNER/NAME`.
    pub fn parse(text: &str) -> Result<Repo, Error> {
        let bad = || {
            Error::Input(format!(
                "`{text}` is not a repository of the form OWNER/NAME"
            ))
        };
        let (owner, name) = text.trim().split_once('/').ok_or_else(bad)?;
        let ok = |s: &str| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        if !ok(owner) || !ok(name) {
            return Err(bad());
        }
        Ok(Repo {
            owner: owner.to_string(),
            name: name.to_string(),
        })
    }

    /// `/repos/OWNER/NAME`, the prefix of every repository route.
    pub fn route(&self) -> String {
        format!("/repos/{}/{}", self.owner, self.name)
    }
}

impl std::fmt::Display for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// The pull request a report is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub repo: Repo,
    pub pr: u64,
    /// The head commit of the pull request (`.pull_request.head.sha` of the event), which a check
    /// run is attached to. Not `GITHUB_SHA`: for pull requests that is the merge commit.
    pub head_sha: Option<String>,
}

/// What [`post_report`] should do besides the comment.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// Which sticky comment to write: several tollgate reports can live on one pull request.
    pub comment_id: String,
    /// Create a check run with this name (needs `Target::head_sha` and `checks: write`).
    pub check_run: Option<String>,
    /// The job summary file (`GITHUB_STEP_SUMMARY`), appended to when set.
    pub summary_path: Option<PathBuf>,
    /// Whether the findings block the gate: the check run's conclusion.
    pub blocking: bool,
    /// Title of the check run's output, e.g. "2 errors, 1 warning".
    pub title: String,
}

/// What [`post_report`] did.
#[derive(Clone, Debug, Default)]
pub struct ReportOutcome {
    pub summary: Option<summary::SummaryOutcome>,
    /// The comment, unless writing it was refused.
    pub comment: Option<StickyOutcome>,
    pub check_run: Option<CheckRunOutcome>,
    /// Writes GitHub refused with 403 (read-only token, e.g. a pull request from a fork): the
    /// report is then only in the job summary and the annotations, which the caller prints.
    pub degraded: Vec<String>,
    /// Other reporting failures that do not decide anything: the check run could not be
    /// written (e.g. GitHub answered 502 beyond the retry budget). The caller prints them and
    /// the annotations the check run would have carried.
    pub warnings: Vec<String>,
}

impl ReportOutcome {
    pub fn is_degraded(&self) -> bool {
        !self.degraded.is_empty()
    }
}

/// Delivers a report: job summary, sticky comment and (optionally) a check run.
///
/// `body` is the Markdown report (the comment is truncated to GitHub's limit with a pointer to the
/// job summary, which gets the whole body up to 1 MiB). `annotations` go into the check run; the
/// caller prints them as workflow commands when the outcome is degraded. A 403 on a write
/// degrades; a check run that cannot be written for another reason is a warning; any other
/// failure of the comment (invalid token, unknown repository, GitHub down beyond the retry
/// budget) is an error.
pub async fn post_report(
    client: &Client,
    target: &Target,
    body: &str,
    annotations: &[Annotation],
    options: &ReportOptions,
) -> Result<ReportOutcome, Error> {
    if options.check_run.is_some() && target.head_sha.is_none() {
        return Err(Error::Input(
            "a check run needs the head commit of the pull request (GITHUB_EVENT_PATH or \
             --head-sha)"
                .to_string(),
        ));
    }
    let mut outcome = ReportOutcome::default();
    if let Some(path) = &options.summary_path {
        let written = summary::append(path, body).map_err(|source| Error::Summary {
            path: path.clone(),
            source,
        })?;
        outcome.summary = Some(written);
    }
    match comment::upsert(client, target, &options.comment_id, body).await {
        Ok(sticky) => outcome.comment = Some(sticky),
        Err(e) if e.is_forbidden() => outcome.degraded.push(e.to_string()),
        Err(e) => return Err(e),
    }
    if let (Some(name), Some(head_sha)) = (&options.check_run, &target.head_sha) {
        let request = CheckRunRequest {
            name: name.clone(),
            head_sha: head_sha.clone(),
            conclusion: if options.blocking {
                Conclusion::Failure
            } else {
                Conclusion::Success
            },
            title: options.title.clone(),
            summary: body.to_string(),
            annotations: annotations.to_vec(),
        };
        // The check run only repeats what the exit status decides: no failure of it is fatal.
        match checkrun::create(client, &target.repo, &request).await {
            Ok(run) => outcome.check_run = Some(run),
            Err(e) if e.is_forbidden() => outcome.degraded.push(e.to_string()),
            Err(e) => outcome
                .warnings
                .push(format!("the check run could not be written: {e}")),
        }
    }
    Ok(outcome)
}

/// Cuts `text` so that it, plus `note`, measures at most `max` (by `measure`: characters for
/// comments, bytes for check runs and summaries), at the end of a line where possible. Returns
/// the text unchanged when it fits.
pub(crate) fn truncate_at_line(
    text: &str,
    max: usize,
    note: &str,
    measure: fn(&str) -> usize,
) -> (String, bool) {
    if measure(text) <= max {
        return (text.to_string(), false);
    }
    let budget = max.saturating_sub(measure(note));
    let mut kept = 0;
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        let size = measure(line);
        if kept + size > budget {
            break;
        }
        kept += size;
        end += line.len();
    }
    if end == 0 {
        // Not even the first line fits: cut inside it, at a character boundary.
        for (i, c) in text.char_indices() {
            let size = measure(&text[i..i + c.len_utf8()]);
            if kept + size > budget.saturating_sub(1) {
                break;
            }
            kept += size;
            end = i + c.len_utf8();
        }
    }
    let mut out = text[..end].to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(note);
    (out, true)
}

pub(crate) fn chars(s: &str) -> usize {
    s.chars().count()
}

pub(crate) fn bytes(s: &str) -> usize {
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_parses_and_refuses_path_tricks() {
        let r = Repo::parse("octo-org/gov.repo_1").expect("valid");
        assert_eq!(r.route(), "/repos/octo-org/gov.repo_1");
        for bad in [
            "", "a", "a/", "/b", "a/b/c", "a/..", "a b/c", "a/b?x=1", "a/b#",
        ] {
            assert!(Repo::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn truncation_keeps_whole_lines_and_the_note() {
        let text = "one\ntwo\nthree\n";
        assert_eq!(
            truncate_at_line(text, 100, "N", chars),
            (text.to_string(), false)
        );
        let (cut, truncated) = truncate_at_line(text, 10, "N\n", chars);
        assert!(truncated);
        assert_eq!(cut, "one\ntwo\nN\n");
        assert!(chars(&cut) <= 10);
        // A single long line is cut inside, still within the limit.
        let (cut, _) = truncate_at_line(&"é".repeat(50), 20, "[cut]", bytes);
        assert!(cut.len() <= 20, "{}", cut.len());
        assert!(cut.ends_with("[cut]"));
    }
}
