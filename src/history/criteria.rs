//! `criteria-changed-after-results`: the criteria a gate is judged by must not move once results
//! for it exist.
//!
//! Each step's criteria are compared with the last ones seen *before* the step's results are
//! recorded, counting the results this step brings: a commit that adds the first results and
//! lowers the threshold with them is the case this check exists for. What counts as a change:
//! threshold, stop level, minimum samples, confidence rule, criteria removed (or added once
//! results were in), the KPI's direction or unit, and the KPI deleted. A change is accepted when
//! the same step adds a `criteria_changes` entry for that KPI and gate, with the project owner
//! as `changed_by` and a rationale, and the step is proven to be the owner's
//! ([`super::proof`]): the entry alone is a claim anyone can type.

use std::collections::HashSet;

use super::error::HistoryError;
use super::integrity::{Checker, at_label};
use super::proof::{NoProof, Verdict};
use super::repo::CommitInfo;
use super::track::Track;
use super::walk::{ProjectFiles, Transition};
use crate::findings::{Code, Finding};
use crate::load::Kind;
use crate::model::{Confidence, Criteria, CriteriaChange, Direction, Gate, Kpi, KpisFile, Stage};

impl Checker<'_> {
    /// Judges the step's criteria changes (inside the range), then records its results.
    pub(super) fn criteria(
        &mut self,
        at: Option<&CommitInfo>,
        is_new: bool,
        t: &Transition,
        track: &mut Track,
    ) -> Result<(), HistoryError> {
        let results = |f: &ProjectFiles| -> Vec<(String, Gate)> {
            f.results
                .as_ref()
                .map(|r| r.results.iter().map(|r| (r.kpi.clone(), r.gate)).collect())
                .unwrap_or_default()
        };
        let baseline = t.before.kpis.as_ref().or(track.kpis.as_ref()).cloned();
        if is_new
            && t.after.project.is_some()
            && let (Some(before), Some(after)) = (baseline.as_ref(), t.after.kpis.as_ref())
        {
            let brought: HashSet<(String, Gate)> = results(&t.after).into_iter().collect();
            self.compare(at, t, track, before, after, &brought)?;
        }
        let label = at_label(at);
        for key in results(&t.after) {
            track
                .first_result
                .entry(key)
                .or_insert_with(|| label.clone());
        }
        if let Some(kpis) = &t.after.kpis {
            track.kpis = Some(kpis.clone());
        }
        Ok(())
    }

    fn compare(
        &mut self,
        at: Option<&CommitInfo>,
        t: &Transition,
        track: &Track,
        before: &KpisFile,
        after: &KpisFile,
        brought: &HashSet<(String, Gate)>,
    ) -> Result<(), HistoryError> {
        let label = at_label(at);
        for old in &before.kpis {
            let new = after.kpis.iter().find(|k| k.id == old.id);
            for gate in Stage::ALL {
                if delta(old, new, gate, true).is_empty() {
                    continue; // nothing that judges this gate changed
                }
                let key = (old.id.clone(), gate);
                let earlier = self.results_before(&t.project, &key, track)?;
                let when = match (&earlier, brought.contains(&key)) {
                    (Some(first), _) => format!("after results for them were committed in {first}"),
                    (None, true) => "in the same change that brings their first results".into(),
                    (None, false) => continue, // no result yet: criteria may still be set
                };
                let what = delta(old, new, gate, earlier.is_some());
                if what.is_empty() {
                    continue;
                }
                let recorded: Vec<&CriteriaChange> = after
                    .criteria_changes
                    .iter()
                    .filter(|c| c.kpi == old.id && c.gate == gate)
                    .filter(|c| !before.criteria_changes.contains(c))
                    .collect();
                let owner = track.owner.as_deref();
                let by_owner = recorded.iter().position(|c| {
                    Some(c.changed_by.as_str()) == owner && !c.rationale.trim().is_empty()
                });
                let why = match (by_owner, owner, at) {
                    (Some(i), Some(owner), Some(commit)) => {
                        match self.owner_made(commit, t, owner, &old.id, recorded[i])? {
                            OwnerMade::Yes => continue,
                            OwnerMade::Claimed(made, why) => {
                                let f = self.claimed(
                                    &format!(
                                        "the {} criteria of KPI `{}` changed in {label} ({}) \
                                         {when}, with a `criteria_changes` entry for the owner, \
                                         in {made}",
                                        gate.title(),
                                        old.id,
                                        what.join(", ")
                                    ),
                                    owner,
                                    "the project owner",
                                    &why,
                                );
                                self.push_at_kpi(f, &t.project, &old.id, gate, &what);
                                continue;
                            }
                            OwnerMade::No(why) => why,
                        }
                    }
                    (Some(i), _, None) => {
                        self.unverified_change(t, &old.id, gate, recorded[i]);
                        continue;
                    }
                    (None, _, _) if recorded.is_empty() => {
                        "with no `criteria_changes` entry recorded for it".to_string()
                    }
                    _ => format!(
                        "and the `criteria_changes` entry recorded for it is not by the project \
                         owner{}",
                        owner.map(|o| format!(" `{o}`")).unwrap_or_default()
                    ),
                };
                let f = Finding::new(
                    Code::CriteriaChangedAfterResults,
                    format!(
                        "the {} criteria of KPI `{}` changed in {label} ({}) {when}, {why}",
                        gate.title(),
                        old.id,
                        what.join(", ")
                    ),
                )
                .help(
                    "criteria are fixed before results: restore them, or record the change in \
                     `criteria_changes` (kpi, gate, changed_by: the owner, changed_at, rationale) \
                     in the same commit, made or approved by the owner",
                );
                self.push_at_kpi(f, &t.project, &old.id, gate, &what);
            }
        }
        Ok(())
    }

    /// Adds a finding about KPI `kpi`'s criteria, pointing at the first changed field at the
    /// head.
    fn push_at_kpi(&mut self, f: Finding, project: &str, kpi: &str, gate: Gate, what: &[String]) {
        let mut f = f.project(project);
        if let Some(path) = self.path(project, Kind::Kpis) {
            let pointer = self.pointer(project, kpi, gate, what);
            f = f.at(self.head.files.value(&path, &pointer));
        }
        self.found.push(f);
    }

    /// Whether the owner is proven to have made the change `commit` made to KPI `kpi` (their
    /// signed commit, or an approving review of a commit where the KPI and the entry read as at
    /// the head); otherwise what only claims it, or the clause saying why not.
    fn owner_made(
        &self,
        commit: &CommitInfo,
        t: &Transition,
        owner: &str,
        kpi: &str,
        entry: &CriteriaChange,
    ) -> Result<OwnerMade, HistoryError> {
        let kpi_of = |f: &ProjectFiles| {
            f.kpis
                .as_ref()
                .and_then(|k| k.kpis.iter().find(|k| k.id == kpi).cloned())
        };
        let author = self.side_commit(commit, &t.project, &|b, a| kpi_of(b) != kpi_of(a))?;
        let head_kpis = self
            .head
            .project(&t.project)
            .and_then(|p| p.kpis.as_ref())
            .map(|k| &k.data);
        let head_kpi = head_kpis.and_then(|k| k.kpis.iter().find(|k| k.id == kpi));
        let mut lookup = self.lookup();
        let mut unchanged = |id: &str| -> Result<Option<bool>, HistoryError> {
            let Some(oid) = self.known_commit(id) else {
                return Ok(None);
            };
            let there = lookup.project_at(oid, &t.project)?;
            let same_kpi = kpi_of(&there).as_ref() == head_kpi;
            let has_entry = there
                .kpis
                .as_ref()
                .is_some_and(|k| k.criteria_changes.contains(entry));
            Ok(Some(same_kpi && has_entry))
        };
        let made = if author.id == commit.id {
            format!("commit {}", commit.short)
        } else {
            format!(
                "commit {} (merged in commit {})",
                author.short, commit.short
            )
        };
        Ok(match self.prove(&[owner], &author, &mut unchanged)? {
            Verdict::Proven(_) => OwnerMade::Yes,
            Verdict::Claimed { why, .. } => OwnerMade::Claimed(made, why),
            Verdict::Unproven(no) => OwnerMade::No(format!(
                "and the `criteria_changes` entry names the owner `{owner}`, but {made} was made \
                 {}{}",
                no.author,
                no.unproven_clause()
            )),
        })
    }

    /// A criteria change recorded for the owner but not committed: nobody can tell yet who made
    /// it.
    fn unverified_change(&mut self, t: &Transition, kpi: &str, gate: Gate, entry: &CriteriaChange) {
        let mut f = Finding::new(
            Code::SignoffUnverified,
            format!(
                "the {} criteria of KPI `{kpi}` changed in the working tree (uncommitted) with a \
                 `criteria_changes` entry for `{}`; whether the owner made the change is checked \
                 when it is committed",
                gate.title(),
                entry.changed_by
            ),
        )
        .help("commit the change as the project owner (or have the owner approve the pull request)")
        .project(&t.project);
        if let Some(path) = self.path(&t.project, Kind::Kpis) {
            let index = self
                .head
                .project(&t.project)
                .and_then(|p| p.kpis.as_ref())
                .and_then(|k| k.data.criteria_changes.iter().position(|c| c == entry));
            let pointer = index.map_or("/criteria_changes".to_string(), |i| {
                format!("/criteria_changes/{i}")
            });
            f = f.at(self.head.files.value(&path, &pointer));
        }
        self.found.push(f);
    }

    /// Where the finding points: the first changed field of the KPI at the head.
    fn pointer(&self, project: &str, kpi: &str, gate: Gate, what: &[String]) -> String {
        let Some(i) = self.kpi_index(project, kpi) else {
            return "/kpis".to_string();
        };
        let first = what.first().map(String::as_str).unwrap_or_default();
        let field = first.split_whitespace().next().unwrap_or_default();
        match field {
            "direction" | "unit" => format!("/kpis/{i}/{field}"),
            "threshold" | "stop" | "min_samples" | "confidence" => {
                format!("/kpis/{i}/criteria/{gate}/{field}")
            }
            _ => format!("/kpis/{i}/criteria"),
        }
    }
}

/// Whether the owner made a recorded criteria change.
enum OwnerMade {
    Yes,
    /// Only the author e-mail says so: where the change was made, and what did not prove it.
    Claimed(String, NoProof),
    /// Not the owner: the clause saying why not.
    No(String),
}

/// What differs in how KPI `old` judges `gate` ("threshold 70 -> 60"); empty when nothing.
/// `registered_at` alone is bookkeeping, not a change of what passes. `results_before`: results
/// for the gate were committed before this change (adding criteria then is setting them after
/// the fact).
pub(super) fn delta(old: &Kpi, new: Option<&Kpi>, gate: Gate, results_before: bool) -> Vec<String> {
    let Some(new) = new else {
        return vec!["KPI removed".to_string()];
    };
    let mut out = Vec::new();
    if old.direction != new.direction {
        let name = |d: Direction| match d {
            Direction::HigherIsBetter => "higher-is-better",
            Direction::LowerIsBetter => "lower-is-better",
        };
        out.push(format!(
            "direction {} -> {}",
            name(old.direction),
            name(new.direction)
        ));
    }
    if old.unit != new.unit {
        out.push(format!(
            "unit {} -> {}",
            old.unit.as_str(),
            new.unit.as_str()
        ));
    }
    match (old.criteria(gate), new.criteria(gate)) {
        (Some(o), Some(n)) => out.extend(criteria_delta(o, n)),
        (Some(_), None) => out.push("criteria removed".to_string()),
        (None, Some(_)) if results_before => out.push("criteria added after results".to_string()),
        _ => {}
    }
    out
}

fn criteria_delta(old: &Criteria, new: &Criteria) -> Vec<String> {
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
