//! One run of tollgate, top to bottom: source -> load -> policy ([`read()`]) -> evaluate ->
//! history checks -> one [`Report`] that every renderer and the GitHub layer only read. Every
//! command that reads a repository gets its run here and a `Report` back: what every report
//! has (the state or range read, the run's notes) and a [`Body`] saying what kind it is: a
//! [`Judged`] state (`check`, `comment`), the same with the KPI trends (`report`), a
//! [`DiffReport`] (`diff`), a [`Trail`] (`log`), a project's view (`show`), the history checks
//! alone ([`Verified`], `log --verify`), or the files checked alone (`validate`). Whether a
//! report blocks (exit status 1) is [`Report::blocking`], for every command.
//!
//! This module decides the order of the stages, what a run compares with (the base of a pull
//! request: which projects are evaluated, which policy judges the change), which commits the
//! history checks read, and which history findings belong to the run. It does not read the
//! environment or flags (the caller passes them in as [`RunOptions`]), print, or render: what
//! the run has to say while it goes (notes) is handed to the caller's `tell`.

mod baseline;
mod diff;
mod error;
mod history;
mod log;
mod options;
mod read;
mod report;
mod run;
mod site;
mod validate;
mod verify;

pub use baseline::{Baseline, baseline};
pub use diff::{DiffError, DiffRun, diff};
pub use error::RunError;
pub use history::{Evidence, history_options};
pub use log::{LogBound, LogRun, log, show};
pub use options::{Environment, RunOptions};
pub use read::{Read, ReadFailure, read};
pub use report::{Body, DiffReport, Judged, Kind, Report, Trail, Verified};
pub use run::{Evaluated, evaluate, run};
pub use site::{SiteError, SiteRun, SiteState, site};
pub use validate::validate;
pub use verify::{VerifyState, verify};
