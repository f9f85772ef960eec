//! `log`'s and `show`'s runs: the repository opened, the revisions resolved, the policy at the
//! walk's head built (it decides recommendations and which datasets count throughout, so that a
//! change in the trail is a change in the project's files, not in the rules), and the walk.

use std::path::Path;

use git2::Oid;

use crate::evaluate::measure::allowed_kinds;
use crate::evaluate::recommendation;
use crate::history::log::{self, Bound, Filter, KindFilter, Log, LogOptions};
use crate::history::show::{self, ProjectView, ShowError};
use crate::history::walk::ProjectFiles;
use crate::history::{HistoryError, Repo};
use crate::model::{DatasetKind, Date, Gate};
use crate::policy::Policy;

use super::read::PolicyAtFailure;
use super::report::{Body, Report, Trail};

/// `--since` / `--until` as given: a date, or a revision resolved in the repository.
#[derive(Clone, Copy, Debug)]
pub enum LogBound<'a> {
    /// Events on or after (before) this date.
    Date(Date),
    /// Events after this revision (in this revision's history).
    Rev(&'a str),
}

/// What one `log` run reads and shows.
#[derive(Clone, Copy)]
pub struct LogRun<'a> {
    /// The governance repository.
    pub root: &'a Path,
    /// Start from this revision instead of HEAD.
    pub rev: Option<&'a str>,
    /// Only this project.
    pub project: Option<&'a str>,
    /// Only events about this gate.
    pub gate: Option<Gate>,
    /// Only these kinds of event (empty: all).
    pub kinds: &'a [KindFilter],
    /// Only what this person made, was entitled to make, or is named in.
    pub person: Option<&'a str>,
    /// Only events from this bound on.
    pub since: Option<LogBound<'a>>,
    /// Only events up to this bound.
    pub until: Option<LogBound<'a>>,
    /// Walk only the first-parent chain.
    pub first_parent: bool,
    /// The date up to which passed review dates and expiries are shown.
    pub now: Date,
    /// Hears how many of the commits were read.
    pub progress: Option<&'a dyn Fn(usize, usize)>,
}

impl std::fmt::Debug for LogRun<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogRun")
            .field("root", &self.root)
            .field("rev", &self.rev)
            .field("project", &self.project)
            .field("since", &self.since)
            .field("until", &self.until)
            .finish_non_exhaustive()
    }
}

/// The audit trail of `run`; `tell` hears the warnings that come before the walk (a policy that
/// cannot be built, a person not in people.yaml).
pub fn log(run: &LogRun, tell: &mut dyn FnMut(&str)) -> Result<Report, HistoryError> {
    let log = trail(run, tell)?;
    Ok(Report {
        source: format!("the history up to commit {}", log.head),
        notes: Vec::new(),
        body: Body::Log(Trail {
            log,
            project: run.project.map(str::to_string),
        }),
    })
}

/// The walk of [`log()`], its filters applied.
fn trail(run: &LogRun, tell: &mut dyn FnMut(&str)) -> Result<Log, HistoryError> {
    let repo = Repo::open(run.root)?;
    let head = match run.rev {
        Some(rev) => repo.resolve(rev)?,
        None => repo.head()?,
    };
    let since = bound(&repo, run.since);
    let until = bound(&repo, run.until);
    let (since, until) = (since?, until?);
    let policy = match head_policy(&repo, head) {
        Ok(p) => Some(p),
        Err(why) => {
            tell(&format!("recommendations are not followed: {why}"));
            None
        }
    };
    let recommend = |files: &ProjectFiles| recommend(policy.as_ref(), files);
    if let Some(person) = run.person
        && let Ok(Some(people)) = repo.people_at(head)
        && people.get(person).is_none()
    {
        tell(&format!(
            "`{person}` is not in people.yaml at {}; only events that name them are shown",
            &head.to_string()[..7]
        ));
    }
    let options = LogOptions {
        project: run.project.map(str::to_string),
        gate: run.gate,
        first_parent: run.first_parent,
        recommend: Some(&recommend),
        progress: run.progress,
        policy: policy.as_ref(),
        now: Some(run.now),
        filter: Filter {
            kinds: run.kinds.to_vec(),
            person: run.person.map(str::to_string),
            since,
            until,
        },
    };
    log::log(&repo, head, &options)
}

/// One project at `rev` (default HEAD), with the trail's events that brought each item there;
/// `tell` hears when the policy at that commit cannot be built (then every dataset counts).
pub fn show(
    root: &Path,
    project: &str,
    rev: Option<&str>,
    now: Date,
    tell: &mut dyn FnMut(&str),
) -> Result<Report, ShowError> {
    let view = view(root, project, rev, now, tell)?;
    Ok(Report {
        source: format!("commit {}", view.commit.short),
        notes: Vec::new(),
        body: Body::Project(view),
    })
}

/// The project's view of [`show()`].
fn view(
    root: &Path,
    project: &str,
    rev: Option<&str>,
    now: Date,
    tell: &mut dyn FnMut(&str),
) -> Result<ProjectView, ShowError> {
    let repo = Repo::open(root)?;
    let commit = rev.map_or_else(|| repo.head(), |r| repo.resolve(r))?;
    let policy = match head_policy(&repo, commit) {
        Ok(p) => Some(p),
        Err(why) => {
            tell(&format!(
                "every dataset counts and recommendations are not followed: {why}"
            ));
            None
        }
    };
    let recommend = |files: &ProjectFiles| recommend(policy.as_ref(), files);
    let options = LogOptions {
        first_parent: true,
        recommend: Some(&recommend),
        policy: policy.as_ref(),
        now: Some(now),
        ..LogOptions::default()
    };
    let allowed = |gate| match &policy {
        Some(p) => allowed_kinds(p, gate),
        None => vec![
            DatasetKind::Test,
            DatasetKind::ProductionLike,
            DatasetKind::Production,
        ],
    };
    show::show(&repo, commit, project, &options, &allowed)
}

/// A bound as the walk takes it: a date as it is, a revision resolved.
fn bound(repo: &Repo, value: Option<LogBound>) -> Result<Option<Bound>, HistoryError> {
    match value {
        None => Ok(None),
        Some(LogBound::Date(date)) => Ok(Some(Bound::Date(date))),
        Some(LogBound::Rev(rev)) => repo.resolve(rev).map(|oid| Some(Bound::Commit(oid))),
    }
}

/// The recommendation for a project's files at one commit, when there is a policy and the
/// project, its KPIs and its results are all there.
fn recommend(
    policy: Option<&Policy>,
    files: &ProjectFiles,
) -> Option<(Gate, Option<crate::model::Outcome>)> {
    Some(recommendation(
        files.project.as_ref()?,
        files.kpis.as_ref()?,
        files.results.as_ref()?,
        policy?,
    ))
}

/// The policy (built-in default plus the repository's policy files) at a commit.
fn head_policy(repo: &Repo, head: Oid) -> Result<Policy, String> {
    super::read::policy_at(repo, head, None).map_err(|e| match e {
        PolicyAtFailure::Unreadable(why) => why,
        PolicyAtFailure::Invalid(problems) => {
            let list: Vec<String> = problems.iter().map(|f| f.message.clone()).collect();
            format!("the policy is invalid: {}", list.join("; "))
        }
    })
}
