//! The first step of every run that judges a state (`check`, `comment`, `log --verify`,
//! `report`): the repository's files read and its policy built (the built-in default plus the
//! repository's policies/*.yaml), the one way they all do it. Also the policy alone at a
//! commit (the base that judges a pull request, the head a log's verdicts are shown under).

use crate::findings::Finding;
use crate::history::Repo;
use crate::load::{self, LoadOptions, ParseCache, Snapshot};
use crate::policy::{self, Policy};
use crate::source::{Source, SourceError};

use super::error::RunError;

/// A state read, with the policy its own files build.
#[derive(Debug)]
pub struct Read {
    /// The state read.
    pub snap: Snapshot,
    /// Its policy.
    pub policy: Policy,
}

/// Why a state could not be read and given its policy.
#[derive(Debug)]
pub enum ReadFailure {
    /// The files cannot be read.
    Source(SourceError),
    /// The policy files are invalid.
    Policy {
        /// What is wrong with them.
        problems: Vec<Finding>,
        /// The state read, for the problems' locations.
        snap: Box<Snapshot>,
    },
}

impl ReadFailure {
    /// The state read, when the files could be read.
    pub fn snap(&self) -> Option<&Snapshot> {
        match self {
            ReadFailure::Source(_) => None,
            ReadFailure::Policy { snap, .. } => Some(snap),
        }
    }
}

impl From<ReadFailure> for RunError {
    fn from(e: ReadFailure) -> RunError {
        match e {
            ReadFailure::Source(e) => RunError::Source(e),
            ReadFailure::Policy { problems, snap } => RunError::Policy { problems, snap },
        }
    }
}

/// Loads `source` with `options` (reusing the files `cache` parsed before, when given) and
/// builds its policy.
pub fn read(
    source: &dyn Source,
    options: &LoadOptions,
    cache: Option<&ParseCache>,
) -> Result<Read, ReadFailure> {
    let snap = match cache {
        Some(cache) => load::load_with_cache(source, options, cache),
        None => load::load(source, options),
    }
    .map_err(ReadFailure::Source)?;
    match policy::build(&snap) {
        Ok(policy) => Ok(Read { snap, policy }),
        Err(problems) => Err(ReadFailure::Policy {
            problems,
            snap: Box::new(snap),
        }),
    }
}

/// Why the policy at a commit could not be built.
#[derive(Debug)]
pub enum PolicyAtFailure {
    /// The commit's files cannot be read (the message says why).
    Unreadable(String),
    /// Its policy files are invalid.
    Invalid(Vec<Finding>),
}

/// The policy at `commit`: its repository-level files read (no project) and the policy built
/// from them, as [`read`] builds the working tree's.
pub fn policy_at(
    repo: &Repo,
    commit: git2::Oid,
    max_file_bytes: Option<u64>,
) -> Result<Policy, PolicyAtFailure> {
    let source = repo
        .source_at(commit)
        .map_err(|e| PolicyAtFailure::Unreadable(e.to_string()))?;
    let options = LoadOptions {
        max_file_bytes,
        skip_projects: true,
        ..LoadOptions::default()
    };
    let snap =
        load::load(&source, &options).map_err(|e| PolicyAtFailure::Unreadable(e.to_string()))?;
    policy::build(&snap).map_err(PolicyAtFailure::Invalid)
}
