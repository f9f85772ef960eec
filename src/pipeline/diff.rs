//! `diff`'s run: what a change does to each project between a base and a head, and what the
//! history checks say about the commits in between.

use std::collections::BTreeSet;
use std::path::Path;

use crate::history::diff::{self, Diff, DiffOptions};
use crate::history::{HistoryError, HistoryOptions, Repo, integrity};
use crate::load::{self, LoadOptions, ParseCache, Snapshot};
use crate::model::Date;
use crate::source::{SourceError, WorkTree};

use super::options::Environment;
use super::report::{Body, DiffReport, Report};

/// What one `diff` run compares.
#[derive(Clone, Debug)]
pub struct DiffRun<'a> {
    /// The governance repository.
    pub root: &'a Path,
    /// The base revision; `None` for the base of the history range.
    pub base: Option<&'a str>,
    /// The head revision; `None` for the working tree.
    pub head: Option<&'a str>,
    /// Overrides tollgate.yaml's `max_file_bytes`.
    pub max_file_bytes: Option<u64>,
    /// The date both sides are evaluated at.
    pub now: Date,
    /// Also run the history checks over the range (and keep the head's state for their
    /// findings' locations).
    pub history: bool,
    /// What the environment says about history.
    pub env: Environment,
}

/// Why a `diff` run has no report.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// The two sides cannot be compared.
    #[error("cannot diff: {0}")]
    Diff(HistoryError),
    /// The working tree at the head cannot be read.
    #[error(transparent)]
    Source(SourceError),
    /// The head commit cannot be found or read.
    #[error(transparent)]
    Head(HistoryError),
    /// The head commit's files cannot be loaded.
    #[error("cannot load the head")]
    LoadHead(#[source] SourceError),
}

/// Compares the base with the head; with `run.history`, also runs the history checks over the
/// range with the head's policy overrides. The report's source names both sides.
pub fn diff(run: &DiffRun) -> Result<Report, DiffError> {
    let found = compare(run)?;
    Ok(Report {
        source: format!("{} to {}", found.diff.base.label, found.diff.head.label),
        notes: Vec::new(),
        body: Body::Diff(found),
    })
}

/// The comparison, and the history checks when asked for.
fn compare(run: &DiffRun) -> Result<DiffReport, DiffError> {
    let options = DiffOptions {
        base: run.base.map(str::to_string),
        head: run.head.map(str::to_string),
        trigger: run.env.trigger.clone(),
        max_file_bytes: run.max_file_bytes,
        now: Some(run.now),
    };
    // The head is loaded again below for the history checks: what the diff parsed is reused.
    let cache = ParseCache::new();
    let mut diff = diff::diff_with_cache(run.root, &options, &cache).map_err(DiffError::Diff)?;
    if !run.history {
        return Ok(DiffReport {
            diff,
            head: None,
            history_failed: None,
        });
    }
    let changed = diff.projects.iter().map(|p| p.id.clone()).collect();
    let head = head_snapshot(run, changed, diff.roster_keys.clone(), &cache)?;
    let history_failed = match history(run, &diff, &head) {
        Ok(h) => {
            diff.history = Some(h);
            None
        }
        Err(e) => Some(e),
    };
    Ok(DiffReport {
        diff,
        head: Some(head),
        history_failed,
    })
}

/// The state at the diff's head (the working tree, or the head commit), with only the projects
/// the diff found changed: the history checks compare the working tree with the range's tip
/// only for those, and the others are not read at all. people.yaml is read as the diff read it.
fn head_snapshot(
    run: &DiffRun,
    changed: BTreeSet<String>,
    roster_keys: Option<Vec<String>>,
    cache: &ParseCache,
) -> Result<Snapshot, DiffError> {
    let options = LoadOptions {
        max_file_bytes: run.max_file_bytes,
        only_projects: Some(changed),
        roster_keys,
        ..LoadOptions::default()
    };
    match run.head {
        None => {
            let source = WorkTree::open(run.root).map_err(DiffError::Source)?;
            load::load_with_cache(&source, &options, cache).map_err(DiffError::Source)
        }
        Some(rev) => {
            let repo = Repo::open(run.root).map_err(DiffError::Head)?;
            let oid = repo.resolve(rev).map_err(DiffError::Head)?;
            let source = repo.source_at(oid).map_err(DiffError::Head)?;
            load::load_with_cache(&source, &options, cache).map_err(DiffError::LoadHead)
        }
    }
}

/// The history checks over the diff's range (from its base to its head), with the head's
/// policy overrides.
fn history(
    run: &DiffRun,
    diff: &Diff,
    head: &Snapshot,
) -> Result<crate::history::HistoryReport, HistoryError> {
    let policy = crate::policy::build(head).ok();
    let options = HistoryOptions {
        base: diff.base.commit.as_deref(),
        head: run.head,
        adjust: policy.as_ref().map(|p| (p, run.now)),
        proof_default: run.env.proof_default,
        ..HistoryOptions::default()
    };
    integrity::check(run.root, head, &options)
}
