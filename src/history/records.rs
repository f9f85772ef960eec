//! Records only the project owner can make: gate decisions (decisions.yaml) and project waivers
//! (project.yaml `waivers:`).
//!
//! A decision names its maker in `decided_by` and a waiver its grantor in `approved_by`, but
//! anyone can type those names. A decision or waiver added inside the checked range counts only
//! when the owner (as of the range's base, as for every other authority) is proven to have made
//! the change ([`super::proof`]): otherwise `decision-not-recorded-by-owner` or
//! `waiver-not-by-owner`; a mere e-mail claim is `signoff-unproven`; an uncommitted one is
//! `signoff-unverified`. A waiver is judged again whenever its terms change (a later expiry is a
//! new grant). Edits of recorded decisions are `decision-rewritten`'s business, not this one's.

use super::error::HistoryError;
use super::integrity::Checker;
use super::proof::Verdict;
use super::repo::CommitInfo;
use super::track::{Change, Grant, Track};
use super::walk::{ProjectFiles, Transition};
use crate::findings::{Code, Finding};
use crate::load::ProjectState;
use crate::model::Decision;

/// One record to judge: what it is, who would have to make it, and how to find it at a commit.
struct Record<'r> {
    /// "decision `poc-gate` (PoC gate: continue) was recorded".
    what: String,
    code: Code,
    pointer: String,
    /// Whether the record reads at a commit's files as at the head.
    present: &'r dyn Fn(&ProjectFiles) -> bool,
}

impl Checker<'_> {
    /// Remembers where each decision was first recorded and each waiver granted.
    pub(super) fn records(
        &mut self,
        at: Option<&CommitInfo>,
        is_new: bool,
        t: &Transition,
        track: &mut Track,
    ) {
        if t.removed() {
            return;
        }
        let change = Change {
            at: at.cloned(),
            is_new,
        };
        if let Some(decisions) = &t.after.decisions {
            for d in &decisions.decisions {
                track
                    .recorded
                    .entry(d.id.clone())
                    .or_insert_with(|| change.clone());
            }
        }
        let waivers = |f: &ProjectFiles| {
            f.project
                .as_ref()
                .map(|p| p.waivers.clone())
                .unwrap_or_default()
        };
        let before = waivers(&t.before);
        for w in waivers(&t.after) {
            if !before.contains(&w) && !track.granted.iter().any(|g| g.waiver == w) {
                track.granted.push(Grant {
                    waiver: w,
                    change: change.clone(),
                });
            }
        }
    }

    /// Findings for the decisions and waivers added inside the range and still at the head.
    pub(super) fn judge_records(
        &mut self,
        state: &ProjectState,
        track: &Track,
    ) -> Result<(), HistoryError> {
        let owner = track.owner.clone();
        if let Some(decisions) = &state.decisions {
            for (i, d) in decisions.data.decisions.iter().enumerate() {
                let Some(change) = track.recorded.get(&d.id) else {
                    continue;
                };
                // An edited decision is `decision-rewritten`; judge only the one as recorded.
                if !change.is_new || track.original(&d.id) != Some(d) {
                    continue;
                }
                let present = |f: &ProjectFiles| decision_in(f, &d.id) == Some(d);
                let record = Record {
                    what: format!(
                        "decision `{}` ({} gate: {}) was recorded",
                        d.id,
                        d.gate.title(),
                        d.outcome
                    ),
                    code: Code::DecisionNotRecordedByOwner,
                    pointer: format!("/decisions/{i}/decided_by"),
                    present: &present,
                };
                if let Some(f) = self.judge_record(state, owner.as_deref(), change, &record)? {
                    let path = decisions.path.clone();
                    self.found.push(
                        f.at(self.head.files.value(&path, &record.pointer))
                            .project(&state.id),
                    );
                }
            }
        }
        if let Some(project) = &state.project {
            for (i, w) in project.data.waivers.iter().enumerate() {
                let Some(grant) = track.granted.iter().rev().find(|g| &g.waiver == w) else {
                    continue;
                };
                if !grant.change.is_new {
                    continue;
                }
                let present =
                    |f: &ProjectFiles| f.project.as_ref().is_some_and(|p| p.waivers.contains(w));
                let record = Record {
                    what: format!(
                        "the waiver of `{}` (approved_by `{}`, until {}) was granted",
                        w.rule, w.approved_by, w.expires
                    ),
                    code: Code::WaiverNotByOwner,
                    pointer: format!("/waivers/{i}/approved_by"),
                    present: &present,
                };
                if let Some(f) =
                    self.judge_record(state, owner.as_deref(), &grant.change, &record)?
                {
                    let path = project.path.clone();
                    self.found.push(
                        f.at(self.head.files.value(&path, &record.pointer))
                            .project(&state.id),
                    );
                }
            }
        }
        Ok(())
    }

    fn judge_record(
        &self,
        state: &ProjectState,
        owner: Option<&str>,
        change: &Change,
        record: &Record<'_>,
    ) -> Result<Option<Finding>, HistoryError> {
        let Some(commit) = &change.at else {
            return Ok(Some(
                Finding::new(
                    Code::SignoffUnverified,
                    format!(
                        "{} in the working tree (uncommitted); whether the project owner made it \
                         is checked when it is committed",
                        record.what
                    ),
                )
                .help(
                    "commit it as the project owner (or have the owner approve the pull request)",
                ),
            ));
        };
        let present = record.present;
        let author = self.side_commit(commit, &state.id, &|b, a| present(a) && !present(b))?;
        let made = if author.id == commit.id {
            format!("commit {}", author.short)
        } else {
            format!(
                "commit {} (merged in commit {})",
                author.short, commit.short
            )
        };
        let mut lookup = self.lookup();
        let mut unchanged = |id: &str| -> Result<Option<bool>, HistoryError> {
            let Some(oid) = self.known_commit(id) else {
                return Ok(None);
            };
            Ok(Some(present(&lookup.project_at(oid, &state.id)?)))
        };
        let entitled: Vec<&str> = owner.into_iter().collect();
        Ok(match self.prove(&entitled, &author, &mut unchanged)? {
            Verdict::Proven(_) => None,
            Verdict::Claimed { person, why } => Some(self.claimed(
                &format!("{} in {made}", record.what),
                &person,
                "the project owner",
                &why,
            )),
            Verdict::Unproven(no) => Some(
                Finding::new(
                    record.code,
                    format!(
                        "{} in {made} {}{}; only the project owner{} can {}",
                        record.what,
                        no.author,
                        no.unproven_clause(),
                        owner.map(|o| format!(" `{o}`")).unwrap_or_default(),
                        if record.code == Code::WaiverNotByOwner {
                            "grant a waiver"
                        } else {
                            "record a gate decision"
                        }
                    ),
                )
                .help(format!(
                    "have the project owner{} make the change (a commit signed with their key) or \
                     approve the pull request",
                    owner.map(|o| format!(" `{o}`")).unwrap_or_default()
                )),
            ),
        })
    }
}

fn decision_in<'f>(files: &'f ProjectFiles, id: &str) -> Option<&'f Decision> {
    files
        .decisions
        .as_ref()
        .and_then(|d| d.decisions.iter().find(|d| d.id == id))
}
