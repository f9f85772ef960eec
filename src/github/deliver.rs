//! Delivering one report: job summary, sticky comment and (optionally) a check run, and what a
//! refused write degrades to.

use std::path::PathBuf;

use super::checkrun::{self, CheckRunOutcome, CheckRunRequest, Conclusion};
use super::client::{Client, Error};
use super::comment::{self, StickyOutcome};
use super::summary;
use super::target::Target;
use crate::report::annotations::Annotation;

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
    /// What was appended to the job summary, when it was.
    pub summary: Option<summary::SummaryOutcome>,
    /// The comment, unless writing it was refused.
    pub comment: Option<StickyOutcome>,
    /// The check run, when one was asked for and written.
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
    /// Whether a write was refused, so that the report is only in the job summary and the
    /// annotations.
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
