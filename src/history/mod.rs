//! Across commits: what changed between two states of the governance repository (`diff`), when
//! decisions were recorded and stages moved (`log`), how each KPI's value moved (`trend`, for
//! `report`), and whether the record was kept honestly (`integrity`: criteria fixed before
//! results, decisions append-only, sign-offs by the named approver, one stage at a time). Which commits a run checks is one rule ([`range`]); who made a
//! change is one decision ([`proof`]).
//!
//! Everything is read from git's object database through [`crate::source::GitTree`] and the same
//! loader as the working tree, or, for the many commits of a walk, by parsing only the blobs that
//! changed; parsed files are kept by blob id ([`crate::load::ParseCache`], and the walker's typed
//! versions) so each version of a file is parsed once per run. The results are plain data; `report` renders them.

mod attribution;
mod criteria;
pub mod diff;
mod error;
mod event;
mod graph;
pub mod integrity;
pub mod log;
pub mod pr;
pub mod proof;
pub mod range;
mod raw_tree;
mod records;
mod repo;
pub mod scope;
pub mod show;
mod signoff;
mod track;
mod trail;
pub mod trend;
pub mod walk;

pub use error::HistoryError;
pub use integrity::{HistoryOptions, HistoryReport, HistoryStatus};
pub use proof::{CommitVerification, Review, ReviewState};
pub use range::{Range, Trigger};
pub use repo::{CommitInfo, CommitSignature, Repo, config_of};
