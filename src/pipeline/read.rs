//! The first step of every run that judges a state (`check`, `comment`, `log --verify`,
//! `report`): the repository's files read and its policy built (the built-in default plus the
//! repository's policies/*.yaml), the one way they all do it.

use crate::findings::Finding;
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
