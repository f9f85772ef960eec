//! Who made a change in the audit trail, and how that is known.
//!
//! For each event: the commit that made it (for a change merged into the first-parent history,
//! the commit on the merged branch, found as the history checks find it:
//! [`Walker::branch_steps`], [`super::walk::made_in`]); who was entitled to make it (the
//! approver named before a sign-off, the project owner for a decision, a criteria change or a
//! waiver of a rule, the owner or previous approver for an approver change; for a result or an
//! issue anybody, and then the author's own identity is what is proven); and the verdict of
//! [`Evidence::prove`], the one place that decides, over people.yaml as it was before the change
//! (a change cannot vouch for itself by adding its author's key or e-mail).
//!
//! `log` reads no GitHub API, so the evidence here is the commit's SSH signature; GitHub's
//! verification and pull-request approvals are read by `tollgate comment`.

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use git2::{ObjectType, Oid};

use super::error::HistoryError;
use super::event::{Attribution, Event, ProofStatus};
use super::proof::{Evidence, Proof, Roster, Verdict};
use super::repo::{CommitInfo, Repo};
use super::walk::{ProjectFiles, Step, Transition, Walker};
use crate::model::{Config, People};

/// Attributes the trail's events, caching what several events of a commit share.
pub(super) struct Attributor<'r> {
    repo: &'r Repo,
    /// For the commits a merge brought in.
    lookup: Walker<'r>,
    people_file: String,
    /// people.yaml by blob id.
    rosters: HashMap<Oid, Rc<Option<People>>>,
    /// people.yaml by commit.
    people: HashMap<Oid, Rc<Option<People>>>,
    /// A merge commit's branch steps.
    branches: HashMap<Oid, Rc<Vec<Step>>>,
    /// (commit walked, commit that made the change, people tried) -> what proves it.
    verdicts: HashMap<(Oid, Oid, Vec<String>), Attribution>,
    /// The walk follows first parents: a merge commit carries its branch's changes, made by
    /// the branch's commits. (Walking every parent, a merge shows only what it resolved itself.)
    first_parent: bool,
}

impl<'r> Attributor<'r> {
    /// `lookup` walks the commits merges brought in (a companion of the trail's walker, so
    /// what one read the other does not read again).
    pub fn new(
        repo: &'r Repo,
        config: &Config,
        lookup: Walker<'r>,
        first_parent: bool,
    ) -> Attributor<'r> {
        Attributor {
            repo,
            lookup,
            people_file: config.people_file.clone(),
            rosters: HashMap::new(),
            people: HashMap::new(),
            branches: HashMap::new(),
            verdicts: HashMap::new(),
            first_parent,
        }
    }

    /// Who made `event`, part of `commit`'s change `t`, and how that is known; `None` for what
    /// no person does (a recommendation follows from other changes).
    pub fn attribute(
        &mut self,
        commit: &CommitInfo,
        t: &Transition,
        event: &Event,
    ) -> Result<Option<Attribution>, HistoryError> {
        let Some(entitled) = entitled(event, t) else {
            return Ok(None);
        };
        let author = if self.first_parent && commit.parents.len() > 1 {
            let steps = self.branch(commit)?;
            super::walk::made_in(&steps, commit, &t.project, &|b, a| changed(event, b, a))
        } else {
            commit.clone()
        };
        let base = self.roster(commit.parents.first().copied())?;
        let now = self.roster(Some(commit.oid))?;
        let roster = Roster {
            base: (*base).as_ref(),
            now: (*now).as_ref(),
        };
        // Anybody may make it: then what is proven, or claimed, is the author's own identity.
        let tried: Vec<String> = if entitled.is_empty() {
            roster
                .by_email(&author.email)
                .map(|p| vec![p.id.clone()])
                .unwrap_or_default()
        } else {
            entitled.clone()
        };
        let key = (commit.oid, author.oid, tried.clone());
        if let Some(known) = self.verdicts.get(&key) {
            return Ok(Some(Attribution {
                entitled,
                ..known.clone()
            }));
        }
        let signature = self.repo.signature(author.oid)?;
        let evidence = Evidence {
            people: roster,
            reviews: None,
            verifications: None,
        };
        let people: Vec<&str> = tried.iter().map(String::as_str).collect();
        // No reviews are read here, so no reviewed commit is ever looked at.
        let mut unchanged = |_: &str| Ok(None);
        let verdict = evidence.prove(&people, &author, &signature, &mut unchanged)?;
        let (status, person, proof, missing) = match verdict {
            Verdict::Proven(proof) => {
                let person = match &proof {
                    Proof::SignedCommit { email, .. } => roster.by_email(email),
                    Proof::VerifiedOnGitHub { login, .. }
                    | Proof::ApprovingReview { login, .. } => roster.by_github(login),
                };
                (
                    ProofStatus::Proven,
                    person.map(|p| p.id.clone()),
                    Some(proof),
                    None,
                )
            }
            Verdict::Claimed { person, why } => (
                ProofStatus::Claimed,
                Some(person),
                None,
                Some(why.missing()),
            ),
            Verdict::Unproven(why) => (
                ProofStatus::Unproven,
                roster.by_email(&author.email).map(|p| p.id.clone()),
                None,
                Some(why.missing()),
            ),
        };
        let attribution = Attribution {
            commit: author.id.clone(),
            author: author.author.clone(),
            email: author.email.clone(),
            entitled,
            status,
            person,
            proof,
            missing,
        };
        self.verdicts.insert(key, attribution.clone());
        Ok(Some(attribution))
    }

    fn branch(&mut self, merge: &CommitInfo) -> Result<Rc<Vec<Step>>, HistoryError> {
        if let Some(steps) = self.branches.get(&merge.oid) {
            return Ok(Rc::clone(steps));
        }
        let steps = Rc::new(self.lookup.branch_steps(merge)?);
        self.branches.insert(merge.oid, Rc::clone(&steps));
        Ok(steps)
    }

    /// people.yaml at a commit (`None` before the first commit, or when it is absent or
    /// invalid there).
    fn roster(&mut self, commit: Option<Oid>) -> Result<Rc<Option<People>>, HistoryError> {
        let Some(commit) = commit else {
            return Ok(Rc::new(None));
        };
        if let Some(people) = self.people.get(&commit) {
            return Ok(Rc::clone(people));
        }
        let people = self.roster_at(commit)?;
        self.people.insert(commit, Rc::clone(&people));
        Ok(people)
    }

    /// people.yaml at a commit, parsed once per blob.
    fn roster_at(&mut self, commit: Oid) -> Result<Rc<Option<People>>, HistoryError> {
        let blob = match self.repo.tree_at(commit)? {
            Some(tree) => self
                .repo
                .git
                .find_tree(tree)?
                .get_path(Path::new(&self.people_file))
                .ok()
                .filter(|e| e.kind() == Some(ObjectType::Blob))
                .map(|e| e.id()),
            None => None,
        };
        let Some(blob) = blob else {
            return Ok(Rc::new(self.repo.people_at(commit)?));
        };
        if let Some(people) = self.rosters.get(&blob) {
            return Ok(Rc::clone(people));
        }
        let people = Rc::new(self.repo.people_at(commit)?);
        self.rosters.insert(blob, Rc::clone(&people));
        Ok(people)
    }
}

/// Who may make the change: `Some(vec![])` when anybody may, `None` when no person makes it.
fn entitled(event: &Event, t: &Transition) -> Option<Vec<String>> {
    let owner: Vec<String> = t
        .before
        .project
        .as_ref()
        .or(t.after.project.as_ref())
        .map(|p| p.roles.owner.clone())
        .into_iter()
        .collect();
    let approver_before = |item: &str| {
        t.before
            .governance
            .as_ref()
            .and_then(|g| g.items.iter().find(|i| i.id == item))
            .map(|i| i.approver.clone())
    };
    let with = |mut people: Vec<String>, more: Option<String>| {
        if let Some(more) = more
            && !people.contains(&more)
        {
            people.push(more);
        }
        people
    };
    Some(match event {
        Event::RecommendationChanged { .. }
        | Event::ReviewDuePassed { .. }
        | Event::WaiverExpired { .. } => return None,
        Event::DecisionRecorded { .. } | Event::DecisionSuperseded { .. } => owner,
        Event::GovernanceStatusChanged { approver, .. } => vec![approver.clone()],
        Event::GovernanceAdded { status, .. } => match status {
            crate::model::Status::Agreed | crate::model::Status::Waived => owner,
            _ => Vec::new(),
        },
        Event::ApproverChanged { from, .. } => with(owner, Some(from.clone())),
        Event::GovernanceRemoved { item, .. } => with(owner, approver_before(item)),
        Event::WaiverGranted {
            item: Some(item), ..
        } => approver_before(item).into_iter().collect(),
        Event::WaiverGranted { .. }
        | Event::CriteriaChanged { .. }
        | Event::CriteriaRemoved { .. } => owner,
        Event::DecisionEdited { .. }
        | Event::DecisionRemoved { .. }
        | Event::StageChanged { .. }
        | Event::ProjectRemoved { .. }
        | Event::ProjectRenamed { .. }
        | Event::CriteriaRegistered { .. }
        | Event::ResultRecorded { .. }
        | Event::ResultChanged { .. }
        | Event::ResultRemoved { .. }
        | Event::IssueOpened { .. }
        | Event::IssueResolved { .. }
        | Event::IssueRemoved { .. } => Vec::new(),
    })
}

/// Whether a project's files changed in the way `event` describes (to find, among a merged
/// branch's commits, the one that made it).
fn changed(event: &Event, b: &ProjectFiles, a: &ProjectFiles) -> bool {
    fn by_id<'f, T>(list: Option<&'f Vec<T>>, id: &str, key: impl Fn(&T) -> &str) -> Option<&'f T> {
        list.and_then(|l| l.iter().find(|x| key(x) == id))
    }
    let item = |f: &ProjectFiles, id: &str| {
        by_id(f.governance.as_ref().map(|g| &g.items), id, |i| &i.id).cloned()
    };
    let kpi = |f: &ProjectFiles, id: &str| {
        (
            by_id(f.kpis.as_ref().map(|k| &k.kpis), id, |k| &k.id).cloned(),
            f.kpis.as_ref().map(|k| k.criteria_changes.clone()),
        )
    };
    let result = |f: &ProjectFiles, id: &str| {
        by_id(f.results.as_ref().map(|r| &r.results), id, |r| &r.id).cloned()
    };
    let decision = |f: &ProjectFiles, id: &str| {
        by_id(f.decisions.as_ref().map(|d| &d.decisions), id, |d| &d.id).cloned()
    };
    let issue = |f: &ProjectFiles, id: &str| {
        by_id(f.issues.as_ref().map(|i| &i.issues), id, |i| &i.id).cloned()
    };
    match event {
        Event::GovernanceAdded { item: id, .. }
        | Event::GovernanceStatusChanged { item: id, .. }
        | Event::GovernanceRemoved { item: id, .. }
        | Event::ApproverChanged { item: id, .. }
        | Event::WaiverGranted { item: Some(id), .. } => item(b, id) != item(a, id),
        Event::WaiverGranted { .. } => {
            b.project.as_ref().map(|p| &p.waivers) != a.project.as_ref().map(|p| &p.waivers)
        }
        Event::CriteriaRegistered { kpi: id, .. }
        | Event::CriteriaChanged { kpi: id, .. }
        | Event::CriteriaRemoved { kpi: id, .. } => kpi(b, id) != kpi(a, id),
        Event::ResultRecorded { result: id, .. }
        | Event::ResultChanged { result: id, .. }
        | Event::ResultRemoved { result: id, .. } => result(b, id) != result(a, id),
        Event::DecisionRecorded { decision: d } => decision(b, &d.id) != decision(a, &d.id),
        Event::DecisionSuperseded { by: id, .. }
        | Event::DecisionEdited { id, .. }
        | Event::DecisionRemoved { id, .. } => decision(b, id) != decision(a, id),
        Event::IssueOpened { issue: id, .. }
        | Event::IssueResolved { issue: id, .. }
        | Event::IssueRemoved { issue: id, .. } => issue(b, id) != issue(a, id),
        Event::StageChanged { .. }
        | Event::ProjectRemoved { .. }
        | Event::ProjectRenamed { .. }
        | Event::RecommendationChanged { .. }
        | Event::ReviewDuePassed { .. }
        | Event::WaiverExpired { .. } => {
            b.project.as_ref().map(|p| p.stage) != a.project.as_ref().map(|p| p.stage)
        }
    }
}
