//! The decision history: every commit where a decision was recorded (or, wrongly, edited or
//! deleted), a project's stage changed, or a project was added, renamed or removed — newest
//! first, with who committed it, in which pull request, and why.

use git2::Oid;
use serde::Serialize;

use super::walk::{ProjectFiles, Transition, Walker, Warning};
use super::{CommitInfo, HistoryError, Repo};
use crate::load::{Kind, ParseCache};
use crate::model::{Decision, Gate, Outcome, Stage};

/// What happened to a project in a commit.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Event {
    /// A decision id appeared in decisions.yaml.
    DecisionRecorded { decision: Decision },
    /// A recorded decision's content changed (decisions are append-only: see `decision-rewritten`).
    DecisionEdited { id: String, gate: Gate },
    /// A recorded decision disappeared.
    DecisionRemoved { id: String, gate: Gate },
    /// project.yaml's stage changed (`from` is `None` when the project was created).
    StageChanged { from: Option<Stage>, to: Stage },
    /// The project folder (or its project.yaml) was removed.
    ProjectRemoved { stage: Option<Stage> },
    /// The project folder was renamed.
    ProjectRenamed { from: String },
    /// The outcome the pre-agreed criteria recommend at the project's gate changed (a new
    /// result, changed criteria, or a stage move to another gate); see [`LogOptions::recommend`].
    RecommendationChanged {
        gate: Gate,
        from: Option<Outcome>,
        to: Option<Outcome>,
    },
}

/// One event with its commit.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Entry {
    pub commit: CommitInfo,
    pub project: String,
    /// The gate the event concerns, when it concerns one.
    pub gate: Option<Gate>,
    pub event: Event,
    /// Why: a decision's rationale; for a stage change the rationale of the decision recorded
    /// with it, else the commit's subject.
    pub rationale: Option<String>,
}

/// The decision history.
#[derive(Clone, Debug, Serialize)]
pub struct Log {
    pub head: String,
    pub first_parent: bool,
    pub commits_walked: usize,
    /// Newest first.
    pub entries: Vec<Entry>,
    pub warnings: Vec<Warning>,
}

/// The gate-evaluation hook: the (gate, outcome) recommended for a project's files.
/// `None` when the files needed are missing; otherwise the gate and its recommendation (itself
/// `None` when the criteria cannot decide).
pub type Recommend<'a> = dyn Fn(&ProjectFiles) -> Option<(Gate, Option<Outcome>)> + 'a;

/// What to show and how to walk.
#[derive(Default)]
pub struct LogOptions<'a> {
    /// Only this project (following renames back to its earlier names).
    pub project: Option<String>,
    /// Only events about this gate (decisions for it, stage moves out of it).
    pub gate: Option<Gate>,
    /// Walk only the first-parent chain (the default): the history as merged into the branch.
    pub first_parent: bool,
    /// The outcome recommended for a project state at its current gate
    /// ([`crate::evaluate::recommendation`] with a policy); `None` produces no
    /// `recommendation-changed` events and walks fewer files.
    pub recommend: Option<&'a Recommend<'a>>,
    /// Called after each commit with (commits done, commits in total), for a progress bar.
    pub progress: Option<&'a dyn Fn(usize, usize)>,
}

impl std::fmt::Debug for LogOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogOptions")
            .field("project", &self.project)
            .field("gate", &self.gate)
            .field("first_parent", &self.first_parent)
            .finish_non_exhaustive()
    }
}

/// Builds the decision history of the commits reachable from `head`.
pub fn log(repo: &Repo, head: Oid, options: &LogOptions<'_>) -> Result<Log, HistoryError> {
    if repo.is_shallow() {
        return Err(HistoryError::Shallow);
    }
    let config = repo.config_at(head)?;
    // Recommendations need the criteria and the results as well.
    let kinds: &[Kind] = if options.recommend.is_some() {
        &[Kind::Project, Kind::Decisions, Kind::Kpis, Kind::Results]
    } else {
        &[Kind::Project, Kind::Decisions]
    };
    let mut walker = Walker::new(
        repo,
        &config.projects_dir,
        kinds,
        config.max_file_bytes,
        ParseCache::new(),
    );
    let commits = walker.commits(head, options.first_parent)?;
    // Per commit, oldest first; each commit's events stay in reading order when reversed.
    let mut groups: Vec<Vec<Entry>> = Vec::new();
    for (i, commit) in commits.iter().enumerate() {
        if let Some(step) = walker.step(*commit, options.first_parent)? {
            let mut group = Vec::new();
            for t in &step.transitions {
                events(&step.commit, t, options, &mut group);
            }
            groups.push(group);
        }
        if let Some(progress) = options.progress {
            progress(i + 1, commits.len());
        }
    }
    let mut entries: Vec<Entry> = groups.into_iter().rev().flatten().collect();
    if let Some(project) = &options.project {
        entries = follow(entries, project);
    }
    if let Some(gate) = options.gate {
        entries.retain(|e| e.gate == Some(gate));
    }
    Ok(Log {
        head: head.to_string(),
        first_parent: options.first_parent,
        commits_walked: commits.len(),
        entries,
        warnings: walker.into_warnings(),
    })
}

/// The events of one project's transition, in the order they read best (also the report's
/// decision timeline, from the same walk as its trends).
pub(crate) fn events(
    commit: &CommitInfo,
    t: &Transition,
    options: &LogOptions<'_>,
    out: &mut Vec<Entry>,
) {
    let mut push = |gate: Option<Gate>, event: Event, rationale: Option<String>| {
        out.push(Entry {
            commit: commit.clone(),
            project: t.project.clone(),
            gate,
            event,
            rationale,
        });
    };
    if let Some(from) = &t.renamed_from {
        push(None, Event::ProjectRenamed { from: from.clone() }, None);
    }
    let empty = Vec::new();
    let before = t.before.decisions.as_ref().map_or(&empty, |d| &d.decisions);
    let after = t.after.decisions.as_ref().map_or(&empty, |d| &d.decisions);
    for d in after {
        match before.iter().find(|b| b.id == d.id) {
            None => push(
                Some(d.gate),
                Event::DecisionRecorded {
                    decision: d.clone(),
                },
                Some(d.rationale.clone()),
            ),
            Some(b) if b != d => push(
                Some(d.gate),
                Event::DecisionEdited {
                    id: d.id.clone(),
                    gate: d.gate,
                },
                Some(commit.summary.clone()),
            ),
            Some(_) => {}
        }
    }
    if !t.removed() {
        for b in before {
            if !after.iter().any(|d| d.id == b.id) {
                push(
                    Some(b.gate),
                    Event::DecisionRemoved {
                        id: b.id.clone(),
                        gate: b.gate,
                    },
                    Some(commit.summary.clone()),
                );
            }
        }
    }
    let old_stage = t.before.project.as_ref().map(|p| p.stage);
    let new_stage = t.after.project.as_ref().map(|p| p.stage);
    match (old_stage, new_stage) {
        (from, Some(to)) if from != Some(to) => {
            // A move out of a stage is the outcome of that stage's gate: explain it with the
            // decision for that gate recorded in the same commit, when there is one.
            let gate = from.unwrap_or(to);
            let why = after
                .iter()
                .rev()
                .find(|d| d.gate == gate && !before.iter().any(|b| b.id == d.id))
                .map(|d| d.rationale.clone())
                .unwrap_or_else(|| commit.summary.clone());
            push(Some(gate), Event::StageChanged { from, to }, Some(why));
        }
        (Some(stage), None) => push(
            None,
            Event::ProjectRemoved { stage: Some(stage) },
            Some(commit.summary.clone()),
        ),
        _ => {}
    }
    // A change of recommendation at the same gate; a stage move to another gate, a project's
    // creation or removal are their own events.
    if let Some(recommend) = options.recommend
        && let (Some((g_old, old)), Some((gate, new))) = (recommend(&t.before), recommend(&t.after))
        && g_old == gate
        && old != new
    {
        push(
            Some(gate),
            Event::RecommendationChanged {
                gate,
                from: old,
                to: new,
            },
            Some(commit.summary.clone()),
        );
    }
}

/// Keeps the entries of one project, following renames back in time (entries newest first).
fn follow(entries: Vec<Entry>, project: &str) -> Vec<Entry> {
    let mut names = vec![project.to_string()];
    let mut kept = Vec::new();
    for e in entries {
        if names.contains(&e.project) {
            if let Event::ProjectRenamed { from } = &e.event {
                names.push(from.clone());
            }
            kept.push(e);
        }
    }
    kept
}
