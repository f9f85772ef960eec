//! `tollgate show`: one project's state at a commit, each governance item and KPI with the
//! events of the audit trail that brought it there ("how did we get here").
//!
//! The events are [`super::log`]'s, filtered to the project (its earlier names followed); the
//! state is the project's files at the commit, each KPI measured by [`crate::evaluate::measure`]
//! at every gate it has criteria for. Nothing is decided here that `log` or `check` decides.

use git2::Oid;
use serde::Serialize;

use super::error::HistoryError;
use super::log::{Entry, Log, LogOptions};
use super::repo::{CommitInfo, Repo};
use super::walk::Walker;
use crate::evaluate::measure::{self, KpiRow};
use crate::load::{Kind, ParseCache};
use crate::model::{DatasetKind, Gate, Stage, Status, Topic};

/// One project at one commit, with its history.
#[derive(Clone, Debug, Serialize)]
pub struct ProjectView {
    /// The project's id.
    pub project: String,
    /// The commit shown.
    pub commit: CommitInfo,
    /// `None` when project.yaml is absent or does not parse at the commit.
    pub stage: Option<Stage>,
    /// Each governance item, in file order.
    pub governance: Vec<ItemView>,
    /// Each KPI, in file order.
    pub kpis: Vec<KpiView>,
    /// The project's other events, newest first: decisions, stage moves, recommendations,
    /// issues, rule waivers, and items or KPIs no longer in its files.
    pub other: Vec<Entry>,
    /// How many commits the walk read, to say how much history the view rests on.
    pub commits_walked: usize,
    /// File versions the walk could not use.
    pub warnings: Vec<super::walk::Warning>,
}

/// A governance item as it stands, and its events, newest first.
#[derive(Clone, Debug, Serialize)]
pub struct ItemView {
    /// The item's id.
    pub item: String,
    /// What it governs.
    pub topic: Topic,
    /// Its title.
    pub title: String,
    /// Who must sign it off.
    pub approver: String,
    /// Where it stands.
    pub status: Status,
    /// Its events, newest first.
    pub history: Vec<Entry>,
}

/// A KPI as it stands: measured at each gate it has criteria for (the result that counts,
/// against the criterion), and its events (criteria and results), newest first.
#[derive(Clone, Debug, Serialize)]
pub struct KpiView {
    /// The KPI's id.
    pub kpi: String,
    /// Its name.
    pub name: String,
    /// Each gate it has criteria for.
    pub gates: Vec<GateRow>,
    /// Its events (criteria and results), newest first.
    pub history: Vec<Entry>,
}

/// A KPI at one gate.
#[derive(Clone, Debug, Serialize)]
pub struct GateRow {
    /// The gate.
    pub gate: Gate,
    /// The result that counts there, against the criterion ([`measure::measure`]).
    pub measured: KpiRow,
}

/// Why `show` cannot show a project.
#[derive(Debug, thiserror::Error)]
pub enum ShowError {
    /// The history could not be read.
    #[error(transparent)]
    History(#[from] HistoryError),
    /// The project is not at that commit: an input error, not an empty view.
    #[error("there is no project `{project}` at commit {commit}")]
    NoProject {
        /// The project asked for.
        project: String,
        /// The commit (short id).
        commit: String,
    },
}

/// The project `project` at `commit`. `options` are those of [`super::log::log`] (its
/// `project` is set here); `allowed` gives, per gate, the dataset kinds whose results count
/// ([`measure::allowed_kinds`] of the policy).
pub fn show(
    repo: &Repo,
    commit: Oid,
    project: &str,
    options: &LogOptions<'_>,
    allowed: &dyn Fn(Gate) -> Vec<DatasetKind>,
) -> Result<ProjectView, ShowError> {
    let config = repo.config_at(commit)?;
    let mut walker = Walker::new(
        repo,
        &config.projects_dir,
        &Kind::PROJECT_FILES,
        config.max_file_bytes,
        ParseCache::new(),
    );
    let files = walker.project_at(commit, project)?;
    if files.project.is_none() && files.kpis.is_none() && files.governance.is_none() {
        return Err(ShowError::NoProject {
            project: project.to_string(),
            commit: repo.commit_info(commit)?.short,
        });
    }
    let options = LogOptions {
        project: Some(project.to_string()),
        ..options.clone()
    };
    let Log {
        entries,
        commits_walked,
        warnings,
        ..
    } = super::log::log(repo, commit, &options)?;
    let mut rest = entries;
    let mut take = |id: &str, kpi: bool| -> Vec<Entry> {
        rest.extract_if(.., |e| {
            e.event.subject() == Some(id)
                && e.event.categories().iter().any(|c| {
                    use super::log::Category as C;
                    if kpi {
                        matches!(c, C::Criteria | C::Result)
                    } else {
                        matches!(c, C::Signoff)
                    }
                })
        })
        .map(|e| *e)
        .collect()
    };
    let governance = files
        .governance
        .iter()
        .flat_map(|g| &g.items)
        .map(|i| ItemView {
            item: i.id.clone(),
            topic: i.topic,
            title: i.title.clone(),
            approver: i.approver.clone(),
            status: i.status,
            history: take(&i.id, false),
        })
        .collect();
    let results = files.all_results();
    let kpis = files
        .all_kpis()
        .iter()
        .enumerate()
        .map(|(index, k)| KpiView {
            kpi: k.id.clone(),
            name: k.name.clone(),
            gates: Stage::ALL
                .into_iter()
                .filter_map(|gate| {
                    measure::measure(k, index, gate, results, &allowed(gate)).map(|row| GateRow {
                        gate,
                        measured: row,
                    })
                })
                .collect(),
            history: take(&k.id, true),
        })
        .collect();
    Ok(ProjectView {
        project: project.to_string(),
        commit: repo.commit_info(commit)?,
        stage: files.project.as_ref().map(|p| p.stage),
        governance,
        kpis,
        other: rest.into_iter().map(|e| *e).collect(),
        commits_walked,
        warnings,
    })
}
