//! `report`'s run: the state reported (the working tree, or `--rev`) evaluated with the same
//! history checks as `check`, so that "ready" and "blocked" mean what they mean there, and the
//! KPI trends walked over the first-parent history beside them. Without git history the trends
//! say why and the state reported is all there is.
//!
//! Two steps, so that the caller reads the environment between them, as `check` does before
//! its history checks: [`site`] reads and judges the state, [`SiteState::finish`] runs the
//! history checks and the walk, and returns the [`Report`] the pages show (a
//! [`super::Body::Site`]: the judged state and its trends).

use std::path::Path;

use git2::Oid;

use crate::evaluate::{self, Evaluation};
use crate::findings::Finding;
use crate::history::trend::{HistoryRead, TrendOptions, Trends, Version};
use crate::history::walk::ProjectFiles;
use crate::history::{HistoryError, Repo, integrity};
use crate::load::{LoadOptions, ParseCache, Snapshot};
use crate::model::Date;
use crate::policy::Policy;
use crate::source::{SourceError, WorkTree};

use super::history::history_options;
use super::options::Environment;
use super::read::{Read, ReadFailure, read};
use super::report::{Body, Judged, Report};

/// What one `report` run reads.
#[derive(Clone, Copy, Debug)]
pub struct SiteRun<'a> {
    /// The governance repository.
    pub root: &'a Path,
    /// Report on this revision instead of the working tree and HEAD.
    pub rev: Option<&'a str>,
    /// Overrides tollgate.yaml's `max_file_bytes`.
    pub max_file_bytes: Option<u64>,
    /// The date expiries and reviews are judged against.
    pub now: Date,
}

/// Why a `report` run has no pages: each an input error (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// The repository exists but cannot be read.
    #[error("cannot read the repository: {0}")]
    Repository(HistoryError),
    /// `--rev` does not name a commit.
    #[error("cannot report: {0}")]
    Rev(HistoryError),
    /// `--rev` was given outside a git repository.
    #[error("--rev needs a git repository: {0}")]
    RevWithoutRepository(String),
    /// The files reported cannot be read.
    #[error("cannot report")]
    Source(#[source] SourceError),
    /// The commit reported cannot be read.
    #[error("cannot report")]
    Commit(#[source] HistoryError),
    /// The policy files are invalid.
    #[error("the policy is invalid")]
    Policy {
        /// What is wrong with them.
        problems: Vec<Finding>,
        /// The state read, for the problems' locations.
        snap: Box<Snapshot>,
    },
    /// A policy rule failed on a project's data.
    #[error("a policy rule could not be evaluated")]
    Runtime {
        /// The `policy-runtime` findings.
        problems: Vec<Finding>,
        /// The state read, for the problems' locations.
        snap: Box<Snapshot>,
    },
    /// The history checks could not run.
    #[error("cannot check the history: {0}")]
    History(HistoryError),
    /// The history checks' thread stopped without an answer.
    #[error("the history checks stopped unexpectedly")]
    Stopped,
    /// The trends' walk could not read the history.
    #[error("cannot read the history: {0}")]
    Walk(HistoryError),
}

impl From<ReadFailure> for SiteError {
    fn from(e: ReadFailure) -> SiteError {
        match e {
            ReadFailure::Source(e) => SiteError::Source(e),
            ReadFailure::Policy { problems, snap } => SiteError::Policy { problems, snap },
        }
    }
}

/// The state reported, read and judged, before the history checks and the walk.
#[derive(Debug)]
pub struct SiteState {
    repo: Result<Repo, String>,
    head: Option<Oid>,
    cache: ParseCache,
    snap: Snapshot,
    policy: Policy,
    eval: Evaluation,
}

/// Opens the repository (none is not an error without `--rev`), reads the state reported (a
/// revision's files into the cache the walk shares, so they are parsed once), builds the policy
/// and evaluates.
pub fn site(run: &SiteRun) -> Result<SiteState, SiteError> {
    let repo = match Repo::open(run.root) {
        Ok(repo) => Ok(repo),
        Err(e @ HistoryError::NotARepository { .. }) => Err(e.to_string()),
        Err(e) => return Err(SiteError::Repository(e)),
    };
    let head = match (&repo, run.rev) {
        (Ok(repo), Some(rev)) => Some(repo.resolve(rev).map_err(SiteError::Rev)?),
        (Err(why), Some(_)) => return Err(SiteError::RevWithoutRepository(why.clone())),
        (Ok(repo), None) => repo.head().ok(),
        (Err(_), None) => None,
    };
    let cache = ParseCache::new();
    let options = LoadOptions {
        max_file_bytes: run.max_file_bytes,
        ..LoadOptions::default()
    };
    let state = match (&repo, run.rev.is_some().then_some(head).flatten()) {
        (Ok(repo), Some(oid)) => {
            let source = repo.source_at(oid).map_err(SiteError::Commit)?;
            read(&source, &options, Some(&cache))
        }
        _ => {
            let source = WorkTree::open(run.root).map_err(SiteError::Source)?;
            read(&source, &options, None)
        }
    };
    let Read { snap, policy } = state.map_err(SiteError::from)?;
    let eval = match evaluate::evaluate(&snap, &policy, run.now) {
        Ok(eval) => eval,
        Err(e) => {
            return Err(SiteError::Runtime {
                problems: e.findings,
                snap: Box::new(snap),
            });
        }
    };
    Ok(SiteState {
        repo,
        head,
        cache,
        snap,
        policy,
        eval,
    })
}

impl SiteState {
    /// Runs the history checks (over the range `env` gives, up to the state reported) beside
    /// the trends' walk; `progress` hears how many commits the walk read, and `tell` the walk's
    /// warnings.
    pub fn finish(
        self,
        run: &SiteRun,
        env: &Environment,
        progress: Option<&dyn Fn(usize, usize)>,
        tell: &mut dyn FnMut(&str),
    ) -> Result<Report, SiteError> {
        let SiteState {
            repo,
            head,
            cache,
            snap,
            policy,
            mut eval,
        } = self;
        let mut history = history_options(None, env, &policy, run.now);
        history.head = run.rev;
        let recommend = |files: &ProjectFiles| {
            Some(evaluate::recommendation(
                files.project.as_ref()?,
                files.kpis.as_ref()?,
                files.results.as_ref()?,
                &policy,
            ))
        };
        // The history checks walk the history on their own, so they run beside the trends'.
        let (checked, walked) = std::thread::scope(|scope| {
            let checker = scope.spawn(|| integrity::check(run.root, &snap, &history));
            let walked = match (&repo, head) {
                (Ok(repo), Some(head)) => Some(Trends::walk(
                    repo,
                    head,
                    &TrendOptions {
                        policy: &policy,
                        cache,
                        recommend: Some(&recommend),
                        progress,
                    },
                )),
                _ => None,
            };
            (checker.join(), walked)
        });
        let history = match checked {
            Ok(Ok(report)) => {
                eval.add_findings(report.findings);
                report.status
            }
            Ok(Err(e)) => return Err(SiteError::History(e)),
            Err(_) => return Err(SiteError::Stopped),
        };
        let mut trends = match walked {
            Some(Ok(trends)) => trends,
            Some(Err(e @ HistoryError::Shallow)) => Trends::unavailable(&policy, e.to_string()),
            Some(Err(e)) => return Err(SiteError::Walk(e)),
            None => Trends::unavailable(
                &policy,
                match &repo {
                    Err(why) => why.clone(),
                    Ok(_) => HistoryError::NoCommits.to_string(),
                },
            ),
        };
        for w in &trends.warnings {
            tell(&w.message);
        }
        // The state reported is a version of its own when it is not a commit already walked.
        match (&repo, head, run.rev) {
            (Ok(repo), Some(oid), Some(_)) => {
                if matches!(trends.history, HistoryRead::Unavailable { .. }) {
                    let commit = repo.commit_info(oid).map_err(SiteError::Commit)?;
                    let commit = Box::new(commit);
                    trends.add_current(&snap, &Version::Commit { commit }, run.now);
                }
            }
            _ => trends.add_current(&snap, &Version::WorkTree, run.now),
        }
        let source = match (head, run.rev) {
            (Some(oid), Some(rev)) => format!("commit {} ({rev})", short(oid)),
            (Some(oid), None) => format!("working tree on commit {}", short(oid)),
            _ => "working tree".to_string(),
        };
        Ok(Report {
            source,
            notes: Vec::new(),
            body: Body::Site {
                judged: Judged {
                    snap,
                    policy,
                    eval,
                    history: Some(history),
                    diff: None,
                },
                trends,
            },
        })
    }
}

fn short(oid: Oid) -> String {
    oid.to_string().chars().take(7).collect()
}
