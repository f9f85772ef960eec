//! GitHub as transport: delivering a report (a sticky pull-request comment, a check run, the job
//! summary) and reading what the history checks weigh (reviews, commits with GitHub's
//! verification of their signatures).
//!
//! The report itself (Markdown and annotations) is made in [`crate::report`]; this module only
//! carries it and decides nothing about what it says. [`post_report`] is the one entry point the
//! CLI uses:
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
mod deliver;
pub mod event;
pub mod outputs;
pub mod summary;
mod target;
mod truncate;

pub use approvals::fetch_reviews;
pub use checkrun::{CheckRunOutcome, CheckRunRequest, Conclusion};
pub use client::{Client, ClientOptions, DEFAULT_API_URL, Error, Permission, Token};
pub use comment::{CommentAction, Identity, MAX_COMMENT_CHARS, StickyOutcome};
pub use commits::{fetch_commit, fetch_pull_request_commits};
pub use deliver::{ReportOptions, ReportOutcome, post_report};
pub use event::PullRequestEvent;
pub use target::{Repo, Target};
