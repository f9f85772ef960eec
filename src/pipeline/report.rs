//! The one value every command's run produces: what every renderer and the GitHub layer read,
//! and nothing they change. What every report has (which state or range was read, the run's
//! notes) sits beside a [`Body`] that says what kind of report it is, so that a renderer takes
//! the one section it shows and never has to handle parts another kind lacks.

use std::fmt;

use crate::evaluate::Evaluation;
use crate::findings::Finding;
use crate::history::diff::Diff;
use crate::history::log::Log;
use crate::history::show::ProjectView;
use crate::history::trend::Trends;
use crate::history::{HistoryError, HistoryReport, HistoryStatus};
use crate::load::Snapshot;
use crate::policy::Policy;

/// Everything one run found.
#[derive(Debug)]
pub struct Report {
    /// Which state or range was read: "working tree", for `report` "working tree on commit
    /// 1a2b3c4" or "commit 1a2b3c4 (REV)", for `diff` its two sides, for `log` and `show` the
    /// commit walked from.
    pub source: String,
    /// What the run says about its scope (projects left unevaluated, a base policy not used).
    pub notes: Vec<String>,
    /// What kind of report it is, and what it holds.
    pub body: Body,
}

/// What a report holds, by the kind of run that made it.
#[derive(Debug)]
pub enum Body {
    /// A state judged (`check`, `comment`).
    Judged(Judged),
    /// A state judged with the KPI trends walked over its history (`report`'s pages).
    Site {
        /// The state reported, judged as `check` judges it.
        judged: Judged,
        /// The KPI trends and decision timelines walked over the history.
        trends: Trends,
    },
    /// What a change does between two states (`diff`).
    Diff(DiffReport),
    /// The audit trail (`log`).
    Log(Trail),
    /// One project at a commit, with the events that brought it there (`show`).
    Project(ProjectView),
    /// The history checks alone over the working tree (`log --verify`).
    Verified(Verified),
    /// The files checked against their schemas and references alone (`validate`).
    Validated(Snapshot),
}

/// A state read and judged: what the renderers of `check`, `comment` and `report` read.
#[derive(Debug)]
pub struct Judged {
    /// The state read (its files give findings their source lines; its layout, their paths).
    pub snap: Snapshot,
    /// The policy that judged it (with a base: the stricter of the base's and its own).
    pub policy: Policy,
    /// The project verdicts and every finding, the history checks' included.
    pub eval: Evaluation,
    /// Whether the history checks ran, and over which commits; `None` when not asked for.
    pub history: Option<HistoryStatus>,
    /// What the change does since the base of the history range, when asked for (`Err`: why
    /// it cannot be shown).
    pub diff: Option<Result<Diff, HistoryError>>,
}

/// What a `diff` run found: the comparison and, when asked for, the history checks over its
/// range.
#[derive(Debug)]
pub struct DiffReport {
    /// The comparison, with the history checks' report when they ran.
    pub diff: Diff,
    /// The state at the head, with only the changed projects, when the history checks were
    /// asked for (its files give their findings their source lines).
    pub head: Option<Snapshot>,
    /// Why the history checks, asked for, could not run.
    pub history_failed: Option<HistoryError>,
}

/// The audit trail a `log` run read, with the project it was narrowed to (which names the
/// trail in its Markdown).
#[derive(Debug)]
pub struct Trail {
    /// The events, newest first.
    pub log: Log,
    /// The project asked for (`--project`), when one was.
    pub project: Option<String>,
}

/// The history checks of `log --verify`, with the state whose files give their findings their
/// source lines.
#[derive(Debug)]
pub struct Verified {
    /// The working tree read.
    pub snap: Snapshot,
    /// The history checks' findings and the range they read.
    pub history: HistoryReport,
}

/// The kinds of report, for asking what a kind can be shown as before a run makes one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// [`Body::Judged`].
    Judged,
    /// [`Body::Site`].
    Site,
    /// [`Body::Diff`].
    Diff,
    /// [`Body::Log`].
    Log,
    /// [`Body::Project`].
    Project,
    /// [`Body::Verified`].
    Verified,
    /// [`Body::Validated`].
    Validated,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Judged => "check",
            Kind::Site => "report",
            Kind::Diff => "diff",
            Kind::Log => "log",
            Kind::Project => "show",
            Kind::Verified => "log --verify",
            Kind::Validated => "validate",
        })
    }
}

impl Report {
    /// What kind of report it is.
    pub fn kind(&self) -> Kind {
        match &self.body {
            Body::Judged(_) => Kind::Judged,
            Body::Site { .. } => Kind::Site,
            Body::Diff(_) => Kind::Diff,
            Body::Log(_) => Kind::Log,
            Body::Project(_) => Kind::Project,
            Body::Verified(_) => Kind::Verified,
            Body::Validated(_) => Kind::Validated,
        }
    }

    /// Every finding the report shows: a judged state's (history checks included), the history
    /// checks' of `diff` and `log --verify`, the files' of `validate`; none in a trail or a
    /// project's view.
    pub fn findings(&self) -> &[Finding] {
        match &self.body {
            Body::Judged(judged) | Body::Site { judged, .. } => &judged.eval.findings,
            Body::Diff(d) => d.diff.history.as_ref().map_or(&[], |h| &h.findings),
            Body::Verified(v) => &v.history.findings,
            Body::Validated(snap) => &snap.findings,
            Body::Log(_) | Body::Project(_) => &[],
        }
    }

    /// Whether the run blocks (exit status 1): an error finding in a report that gates, which
    /// are the judged state of `check` and `comment`, the history checks of `log --verify` and
    /// the files of `validate`. `report`'s pages, a diff, the audit trail and a project's view
    /// show their findings to a reader and never block.
    pub fn blocking(&self) -> bool {
        match &self.body {
            Body::Judged(judged) => judged.eval.blocking(),
            Body::Verified(_) | Body::Validated(_) => self.findings().iter().any(Finding::is_error),
            Body::Site { .. } | Body::Diff(_) | Body::Log(_) | Body::Project(_) => false,
        }
    }
}
