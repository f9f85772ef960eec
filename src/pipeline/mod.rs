//! One run of tollgate, top to bottom: source -> load -> policy ([`read()`]) -> evaluate ->
//! history checks -> one [`Report`] that every renderer and the GitHub layer only read (`check`,
//! `comment`, and `report` with the KPI trends); and the runs of the commands that judge no
//! state: `diff` ([`DiffReport`]), `validate` (the loaded snapshot), `log` and `show` (the audit
//! trail, a project's view) and `log --verify` ([`Verified`]).
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
pub use diff::{DiffError, DiffReport, DiffRun, diff};
pub use error::RunError;
pub use history::{Evidence, history_options};
pub use log::{LogBound, LogRun, log, show};
pub use options::{Environment, RunOptions};
pub use read::{Read, ReadFailure, read};
pub use report::Report;
pub use run::{Evaluated, evaluate, run};
pub use site::{SiteError, SiteRun, SiteState, site};
pub use validate::validate;
pub use verify::{Verified, verify};
