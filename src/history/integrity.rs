//! Checks that only the history can answer: was the record kept honestly?
//!
//! - `criteria-changed-after-results`: a gate's criteria moved after results for them were in;
//! - `decision-rewritten`: a recorded decision was edited or deleted (decisions are append-only);
//! - `signoff-not-by-approver`: a governance item was set to `agreed` in a commit not authored by
//!   its approver;
//! - `stage-skipped`: a project's stage jumped more than one step forward.
//!
//! The first-parent history of HEAD is walked oldest first (the branch as merged), then the
//! working tree's uncommitted state is compared with HEAD's. With a base commit, only what
//! commits after the base did is reported (what a pull request introduces); the older history
//! still serves as the reference. Without git history (not a repository, a shallow clone) the
//! checks are reported as skipped with a note — never silently passed.

use std::collections::HashMap;
use std::path::Path;

use git2::{Oid, Sort};
use serde::Serialize;

use super::walk::{ProjectFiles, Transition, Walker, Warning};
use super::{CommitInfo, HistoryError, Repo};
use crate::findings::{Code, Finding};
use crate::load::{Kind, ParseCache, Snapshot};
use crate::model::{Confidence, Criteria, Decision, Gate, Stage, Status};

/// Whether the history checks ran.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum HistoryStatus {
    /// The checks ran over this many commits.
    Checked { commits: usize },
    /// The checks could not run; a `history-unavailable` note says why.
    Skipped { reason: String },
}

/// Findings of the history checks and whether they ran.
#[derive(Clone, Debug, Serialize)]
pub struct HistoryReport {
    pub findings: Vec<Finding>,
    pub status: HistoryStatus,
}

impl HistoryReport {
    fn skipped(reason: String) -> HistoryReport {
        HistoryReport {
            findings: vec![
                Finding::new(
                    Code::HistoryUnavailable,
                    format!("history checks skipped: {reason}"),
                )
                .help(
                    "criteria pre-registration, append-only decisions, sign-off authorship and \
                     stage order need the git history; in GitHub Actions set `fetch-depth: 0` \
                     on actions/checkout",
                ),
            ],
            status: HistoryStatus::Skipped { reason },
        }
    }
}

/// Runs the history checks for the repository at `root`, whose current state is `head` (loaded
/// from the working tree). `base` limits the report to what commits after it did.
///
/// Environment problems (no repository, shallow clone, no commits) give a skipped report; a
/// `base` that does not resolve is an error (a usage mistake, exit 2).
pub fn check(
    root: &Path,
    head: &Snapshot,
    base: Option<&str>,
) -> Result<HistoryReport, HistoryError> {
    let repo = match Repo::open(root) {
        Ok(repo) => repo,
        Err(e @ HistoryError::NotARepository { .. }) => {
            return Ok(HistoryReport::skipped(e.to_string()));
        }
        Err(e) => return Err(e),
    };
    if repo.is_shallow() {
        return Ok(HistoryReport::skipped(HistoryError::Shallow.to_string()));
    }
    let tip = match repo.head() {
        Ok(tip) => tip,
        Err(HistoryError::NoCommits) => {
            return Ok(HistoryReport::skipped(
                "the repository has no commits yet".into(),
            ));
        }
        Err(e) => return Err(e),
    };
    let old = match base {
        Some(rev) => {
            let base = repo.resolve(rev)?;
            reachable(&repo, base)?
        }
        None => HashMap::new(),
    };
    let mut checker = Checker {
        repo: &repo,
        head,
        cache: ParseCache::new(),
        tracks: HashMap::new(),
        current: HashMap::new(),
        found: Vec::new(),
    };
    let mut walker = Walker::new(
        &repo,
        &head.config.projects_dir,
        &[
            Kind::Project,
            Kind::Kpis,
            Kind::Results,
            Kind::Governance,
            Kind::Decisions,
        ],
        head.config.max_file_bytes,
        checker.cache.clone(),
    );
    let commits = walker.commits(tip, true)?;
    for commit in &commits {
        if let Some(step) = walker.step(*commit, true)? {
            let is_new = !old.contains_key(commit);
            for t in &step.transitions {
                checker.apply(Some(&step.commit), is_new, t);
            }
        }
    }
    // The working tree's uncommitted changes, as one more step.
    for state in &head.projects {
        let now = ProjectFiles::from_state(state);
        let before = checker.current.get(&state.id).cloned().unwrap_or_default();
        if before != now && now.project.is_some() {
            let t = Transition {
                project: state.id.clone(),
                renamed_from: None,
                before,
                after: now,
            };
            checker.apply(None, true, &t);
        }
    }
    let mut findings = checker.finish()?;
    findings.extend(walker.warnings().iter().map(warning_finding));
    crate::findings::sort(&mut findings);
    Ok(HistoryReport {
        findings,
        status: HistoryStatus::Checked {
            commits: commits.len(),
        },
    })
}

/// Commits reachable from `base` (the history a pull request starts from).
fn reachable(repo: &Repo, base: Oid) -> Result<HashMap<Oid, ()>, HistoryError> {
    let mut walk = repo.git.revwalk()?;
    walk.push(base)?;
    let mut out = HashMap::new();
    for oid in walk {
        out.insert(oid?, ());
    }
    Ok(out)
}

fn warning_finding(w: &Warning) -> Finding {
    Finding::new(Code::HistoryFileInvalid, w.message.clone()).help(
        "this old version was skipped and the one before it stands in; nothing to do unless \
         the file is still invalid now",
    )
}

/// Where something happened: a commit, or the working tree (`None`).
type At = Option<CommitInfo>;

fn at_label(at: &At) -> String {
    match at {
        Some(c) => format!("commit {}", c.short),
        None => "the working tree (uncommitted)".to_string(),
    }
}

/// What is remembered about one project along the walk.
#[derive(Default)]
struct Track {
    /// (kpi, gate) -> where a result for it was first committed.
    first_result: HashMap<(String, Gate), String>,
    /// decision id -> (the decision as first recorded, where).
    originals: HashMap<String, (Decision, String)>,
    /// decision id -> (where it last changed, whether that is after the base).
    changes: HashMap<String, (String, bool)>,
    /// governance item id -> (where it last became agreed, after the base?, approver then).
    agreed: HashMap<String, (At, bool, String)>,
}

struct Checker<'a> {
    repo: &'a Repo,
    head: &'a Snapshot,
    cache: ParseCache,
    tracks: HashMap<String, Track>,
    /// Each project's files at the last commit walked.
    current: HashMap<String, ProjectFiles>,
    found: Vec<Finding>,
}

impl Checker<'_> {
    fn apply(&mut self, at: Option<&CommitInfo>, is_new: bool, t: &Transition) {
        if let Some(from) = &t.renamed_from {
            if let Some(track) = self.tracks.remove(from) {
                self.tracks.insert(t.project.clone(), track);
            }
            self.current.remove(from);
        }
        if t.removed() {
            self.current.remove(&t.project);
        } else {
            self.current.insert(t.project.clone(), t.after.clone());
        }
        let label = at_label(&at.cloned());
        let mut track = self.tracks.remove(&t.project).unwrap_or_default();
        if is_new {
            self.stage_skipped(t, &label);
            self.criteria_changed(t, &track, &label);
        }
        // Results first committed here.
        if let Some(results) = &t.after.results {
            for r in &results.results {
                track
                    .first_result
                    .entry((r.kpi.clone(), r.gate))
                    .or_insert_with(|| label.clone());
            }
        }
        // Decisions: remember originals, and the latest change to each.
        if !t.removed() {
            let empty = Vec::new();
            let before = t.before.decisions.as_ref().map_or(&empty, |d| &d.decisions);
            let after = t.after.decisions.as_ref().map_or(&empty, |d| &d.decisions);
            for b in before {
                if after.iter().find(|d| d.id == b.id) != Some(b) {
                    track.changes.insert(b.id.clone(), (label.clone(), is_new));
                }
            }
            for d in after {
                track
                    .originals
                    .entry(d.id.clone())
                    .or_insert_with(|| (d.clone(), label.clone()));
            }
        }
        // Governance items that became agreed here.
        let items = |f: &ProjectFiles| {
            f.governance
                .as_ref()
                .map(|g| g.items.clone())
                .unwrap_or_default()
        };
        let (before, after) = (items(&t.before), items(&t.after));
        for item in &after {
            let was = before.iter().find(|b| b.id == item.id).map(|b| b.status);
            if item.status == Status::Agreed && was != Some(Status::Agreed) {
                track.agreed.insert(
                    item.id.clone(),
                    (at.cloned(), is_new, item.approver.clone()),
                );
            } else if item.status != Status::Agreed {
                track.agreed.remove(&item.id);
            }
        }
        self.tracks.insert(t.project.clone(), track);
    }

    fn stage_skipped(&mut self, t: &Transition, label: &str) {
        let stage = |f: &ProjectFiles| f.project.as_ref().map(|p| p.stage);
        let (Some(from), Some(to)) = (stage(&t.before), stage(&t.after)) else {
            return;
        };
        if to.index() <= from.index() + 1 {
            return;
        }
        let skipped: Vec<&str> = Stage::ALL
            .iter()
            .filter(|s| s.index() > from.index() && s.index() < to.index())
            .map(|s| s.title())
            .collect();
        let mut f = Finding::new(
            Code::StageSkipped,
            format!(
                "`{}` moved from {} to {} in {label}, skipping the {} stage",
                t.project,
                from.title(),
                to.title(),
                skipped.join(" and ")
            ),
        )
        .help(format!(
            "stages move one step at a time, each after its gate's decision: move to {} first, \
             with a recorded {} gate decision",
            from.next().map_or("the next stage", |s| s.title()),
            from.title()
        ))
        .project(&t.project);
        if let Some(path) = self.path(&t.project, Kind::Project) {
            f = f.at(self.head.files.value(&path, "/stage"));
        }
        self.found.push(f);
    }

    fn criteria_changed(&mut self, t: &Transition, track: &Track, label: &str) {
        let (Some(before), Some(after)) = (&t.before.kpis, &t.after.kpis) else {
            return;
        };
        let owner = t
            .after
            .project
            .as_ref()
            .or(t.before.project.as_ref())
            .map(|p| p.roles.owner.clone());
        for old in &before.kpis {
            let Some(new) = after.kpis.iter().find(|k| k.id == old.id) else {
                continue;
            };
            for gate in Stage::ALL {
                let Some(old_c) = old.criteria(gate) else {
                    continue;
                };
                let new_c = new.criteria(gate);
                let what = criteria_delta(old_c, new_c);
                if what.is_empty() {
                    continue;
                }
                let Some(first) = track.first_result.get(&(old.id.clone(), gate)) else {
                    continue; // no result yet: criteria may still be set
                };
                let recorded: Vec<_> = after
                    .criteria_changes
                    .iter()
                    .filter(|c| c.kpi == old.id && c.gate == gate)
                    .filter(|c| !before.criteria_changes.contains(c))
                    .collect();
                let valid = recorded.iter().any(|c| {
                    Some(&c.changed_by) == owner.as_ref() && !c.rationale.trim().is_empty()
                });
                if valid {
                    continue;
                }
                let why = if recorded.is_empty() {
                    "with no `criteria_changes` entry recorded for it".to_string()
                } else {
                    format!(
                        "and the `criteria_changes` entry recorded for it is not by the project \
                         owner{}",
                        owner
                            .as_ref()
                            .map(|o| format!(" `{o}`"))
                            .unwrap_or_default()
                    )
                };
                let index = self.kpi_index(&t.project, &old.id);
                let pointer = match (index, new_c.is_some()) {
                    (Some(i), true) => format!("/kpis/{i}/criteria/{gate}/threshold"),
                    (Some(i), false) => format!("/kpis/{i}/criteria"),
                    (None, _) => "/kpis".to_string(),
                };
                let mut f = Finding::new(
                    Code::CriteriaChangedAfterResults,
                    format!(
                        "the {} criteria of KPI `{}` changed in {label} ({}) after results for \
                         them were committed in {first}, {why}",
                        gate.title(),
                        old.id,
                        what.join(", ")
                    ),
                )
                .help(
                    "criteria are fixed before results: restore them, or record the change in \
                     `criteria_changes` (kpi, gate, changed_by: the owner, changed_at, rationale) \
                     in the same commit",
                )
                .project(&t.project);
                if let Some(path) = self.path(&t.project, Kind::Kpis) {
                    f = f.at(self.head.files.value(&path, &pointer));
                }
                self.found.push(f);
            }
        }
    }

    /// Findings that need the whole walk: rewritten decisions and sign-off authorship.
    fn finish(mut self) -> Result<Vec<Finding>, HistoryError> {
        let people = self.head.people.as_ref().map(|p| &p.data);
        let tracks = std::mem::take(&mut self.tracks);
        for state in &self.head.projects {
            let Some(track) = tracks.get(&state.id) else {
                continue;
            };
            if let Some(decisions) = &state.decisions {
                let now = &decisions.data.decisions;
                let mut ids: Vec<&String> = track.originals.keys().collect();
                ids.sort();
                for id in ids {
                    let (original, recorded) = &track.originals[id];
                    let index = now.iter().position(|d| &d.id == id);
                    if index.is_some_and(|i| &now[i] == original) {
                        continue;
                    }
                    let Some((changed, true)) = track.changes.get(id) else {
                        continue;
                    };
                    let (verb, pointer) = match index {
                        Some(i) => ("edited", format!("/decisions/{i}")),
                        None => ("deleted", "/decisions".to_string()),
                    };
                    self.found.push(
                        Finding::new(
                            Code::DecisionRewritten,
                            format!(
                                "decision `{id}` ({} gate: {}) recorded in {recorded} was {verb} \
                                 in {changed}",
                                original.gate.title(),
                                original.outcome
                            ),
                        )
                        .at(self.head.files.value(&decisions.path, &pointer))
                        .help(format!(
                            "decisions are append-only: restore `{id}` as recorded and add a new \
                             decision with `supersedes: {id}`"
                        ))
                        .project(&state.id),
                    );
                }
            }
            if let Some(governance) = &state.governance {
                for (i, item) in governance.data.items.iter().enumerate() {
                    if item.status != Status::Agreed {
                        continue;
                    }
                    let Some((Some(commit), true, approver)) = track.agreed.get(&item.id) else {
                        continue;
                    };
                    let author = if commit.parents.len() > 1 {
                        self.side_author(commit, &state.id, &item.id)?
                            .unwrap_or_else(|| commit.clone())
                    } else {
                        commit.clone()
                    };
                    let person = people.and_then(|p| p.by_email(&author.email));
                    if person.is_some_and(|p| &p.id == approver) {
                        continue;
                    }
                    let who = match person {
                        Some(p) => format!("`{}` in people.yaml", p.id),
                        None => "not in people.yaml".to_string(),
                    };
                    let via = if author.id == commit.id {
                        String::new()
                    } else {
                        format!(" (merged in commit {})", commit.short)
                    };
                    self.found.push(
                        Finding::new(
                            Code::SignoffNotByApprover,
                            format!(
                                "`{}` was set to agreed in commit {}{via} by {} <{}> ({who}), \
                                 but its approver is `{approver}`",
                                item.id, author.short, author.author, author.email
                            ),
                        )
                        .at(self
                            .head
                            .files
                            .value(&governance.path, &format!("/items/{i}/status")))
                        .help(format!(
                            "only the named approver can sign off: have `{approver}` author the \
                             change (or approve the pull request), or add their git email to \
                             people.yaml"
                        ))
                        .project(&state.id),
                    );
                }
            }
        }
        Ok(self.found)
    }

    /// For an agreement that arrived through a merge commit: the commit on the merged branch
    /// that set the item to agreed (its author is who signed off, not whoever merged).
    fn side_author(
        &self,
        merge: &CommitInfo,
        project: &str,
        item: &str,
    ) -> Result<Option<CommitInfo>, HistoryError> {
        let mut walk = self.repo.git.revwalk()?;
        for p in &merge.parents[1..] {
            walk.push(*p)?;
        }
        walk.hide(merge.parents[0])?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
        let mut walker = Walker::new(
            self.repo,
            &self.head.config.projects_dir,
            &[Kind::Governance],
            self.head.config.max_file_bytes,
            self.cache.clone(),
        );
        let mut found = None;
        for oid in walk {
            let Some(step) = walker.step(oid?, true)? else {
                continue;
            };
            for t in &step.transitions {
                let status = |f: &ProjectFiles| {
                    f.governance
                        .as_ref()
                        .and_then(|g| g.items.iter().find(|i| i.id == item))
                        .map(|i| i.status)
                };
                if t.project == project
                    && status(&t.after) == Some(Status::Agreed)
                    && status(&t.before) != Some(Status::Agreed)
                {
                    found = Some(step.commit.clone());
                }
            }
        }
        Ok(found)
    }

    fn path(&self, project: &str, kind: Kind) -> Option<String> {
        let state = self.head.project(project)?;
        let path = crate::source::join(&state.dir, kind.file_name());
        self.head.files.get(&path).map(|_| path)
    }

    fn kpi_index(&self, project: &str, kpi: &str) -> Option<usize> {
        let kpis = self.head.project(project)?.kpis.as_ref()?;
        kpis.data.kpis.iter().position(|k| k.id == kpi)
    }
}

/// Which of the criteria that decide a gate differ ("threshold 70 -> 60"); empty when none.
/// `registered_at` alone is bookkeeping, not a change of what passes.
fn criteria_delta(old: &Criteria, new: Option<&Criteria>) -> Vec<String> {
    let Some(new) = new else {
        return vec!["criteria removed".to_string()];
    };
    let mut out = Vec::new();
    if old.threshold != new.threshold {
        out.push(format!("threshold {} -> {}", old.threshold, new.threshold));
    }
    let opt = |v: Option<crate::model::Decimal>| v.map_or("none".to_string(), |v| v.to_string());
    if old.stop != new.stop {
        out.push(format!("stop {} -> {}", opt(old.stop), opt(new.stop)));
    }
    if old.min_samples != new.min_samples {
        let o = |v: Option<u64>| v.map_or("none".to_string(), |v| v.to_string());
        out.push(format!(
            "min_samples {} -> {}",
            o(old.min_samples),
            o(new.min_samples)
        ));
    }
    if old.confidence != new.confidence {
        let name = |c: Confidence| match c {
            Confidence::Point => "point",
            Confidence::Wilson95 => "wilson-95",
        };
        out.push(format!(
            "confidence {} -> {}",
            name(old.confidence),
            name(new.confidence)
        ));
    }
    out
}
