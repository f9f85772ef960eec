//! Checks that only the history can answer: was the record kept honestly? This is the one entry
//! point ([`check`]) that `check`, `comment`, `diff` and `log --verify` call.
//!
//! - `criteria-changed-after-results`: a gate's criteria (or the KPI's direction or unit, or the
//!   KPI itself) changed once results for them were in, or in the commit that brought the first
//!   ones, without a `criteria_changes` entry made by the owner (`criteria.rs`);
//! - `decision-rewritten`: a recorded decision was edited or deleted (decisions are append-only);
//! - `signoff-not-by-approver` / `signoff-not-approved`: a governance item was set to `agreed`
//!   without proof that the approver named before that commit made or approved the change;
//!   `approver-changed`: an item's approver was changed without proof that the owner or the
//!   previous approver did it; `signoff-unverified`: either exists only in the working tree
//!   (`signoff.rs`);
//! - `decision-not-recorded-by-owner` / `waiver-not-by-owner`: a gate decision or a project
//!   waiver was added without proof that the owner made it (`records.rs`);
//! - `signoff-unproven`: any of these changes is attributed to the entitled person only by the
//!   commit's author e-mail, a claim anyone can type; an error or a warning as tollgate.yaml's
//!   `signoff_proof` (the stricter of the range's base and head) says;
//! - `stage-skipped`: a project's stage jumped more than one step forward.
//!
//! Which commits are checked is [`super::range`]'s rule. The first-parent history of the head is
//! walked oldest first (the branch as merged); commits up to the range's base build the reference
//! (which results existed, what each decision said) and only later ones are judged. Then, unless
//! a head commit was given, the working tree's uncommitted state is one more step. Who made a
//! change is decided by [`super::proof`]. Without git history (not a repository, a shallow clone)
//! the checks are reported as not run, never silently passed: a note, or an error where the
//! history is required (GitHub Actions, `--require-history`). Finally the policy's severity
//! overrides and the projects' waivers apply, as they do to every other finding.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use git2::Oid;
use serde::Serialize;

use super::error::HistoryError;
use super::proof::{CommitVerification, Evidence, NoProof, Review, Roster, Verdict};
use super::range::{self, Range, RangeOptions, Trigger};
use super::repo::{CommitInfo, Repo};
use super::track::{Change, Grant, Track};
use super::walk::{ProjectFiles, Transition, Walker, Warning};
use crate::findings::{Code, Finding, Severity};
use crate::load::{Kind, ParseCache, Snapshot};
use crate::model::{Date, Gate, People, SignoffProof, Stage};
use crate::policy::Policy;
use crate::source::Source as _;

/// The codes the history checks report (a report's other findings come from loading and the
/// gate rules).
pub const CODES: &[Code] = &[
    Code::CriteriaChangedAfterResults,
    Code::DecisionRewritten,
    Code::SignoffNotByApprover,
    Code::SignoffNotApproved,
    Code::ApproverChanged,
    Code::SignoffUnverified,
    Code::SignoffUnproven,
    Code::WaiverNotByOwner,
    Code::DecisionNotRecordedByOwner,
    Code::StageSkipped,
    Code::HistoryUnavailable,
    Code::HistoryFileInvalid,
];

/// How to run the history checks.
#[derive(Clone, Debug, Default)]
pub struct HistoryOptions<'a> {
    /// A base given on the command line (see [`super::range`]).
    pub base: Option<&'a str>,
    /// What started the run (pull request, push, or neither).
    pub trigger: Trigger,
    /// Check up to this commit instead of HEAD and the working tree; the snapshot passed to
    /// [`check`] must then be that commit's.
    pub head: Option<&'a str>,
    /// The pull request's reviews, when there is one and they could be read: an approving
    /// review then proves a change too, and unproven sign-offs are `signoff-not-approved`.
    pub reviews: Option<&'a [Review]>,
    /// GitHub's verification of the pull request's commits, when it could be read: a commit
    /// GitHub verified for the entitled person's account proves their change.
    pub verifications: Option<&'a [CommitVerification]>,
    /// What proves a sign-off when tollgate.yaml does not say (`signoff_proof`): `verified` in
    /// GitHub Actions, `email` elsewhere.
    pub proof_default: SignoffProof,
    /// Missing history is an error (GitHub Actions, `--require-history`), not a note.
    pub require: bool,
    /// The policy and date whose severity overrides and waivers apply to the findings.
    pub adjust: Option<(&'a Policy, Date)>,
}

/// Whether the history checks ran.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum HistoryStatus {
    /// The checks ran over the commits of `range` (`commits` of them after its base).
    Checked {
        /// How many commits after the range's base were judged.
        commits: usize,
        /// The range checked, and why it was chosen.
        range: Range,
    },
    /// The checks could not run; a `history-unavailable` finding says why.
    Skipped {
        /// Why (not a repository, a shallow clone, ...).
        reason: String,
    },
}

/// Findings of the history checks and whether they ran.
#[derive(Clone, Debug, Serialize)]
pub struct HistoryReport {
    /// The history findings, after the policy's severities and the projects' waivers.
    pub findings: Vec<Finding>,
    /// Whether the checks ran, over which range: a skipped check must never read as passed.
    #[serde(flatten)]
    pub status: HistoryStatus,
    /// Commits whose GitHub verification was needed but not among those given
    /// ([`HistoryOptions::verifications`]): a caller can fetch them and check again.
    #[serde(skip)]
    pub unlisted: Vec<String>,
}

impl HistoryReport {
    fn skipped(reason: String) -> HistoryReport {
        HistoryReport {
            findings: vec![
                Finding::new(
                    Code::HistoryUnavailable,
                    format!("history checks not run: {reason}"),
                )
                .help(
                    "criteria fixed before results, append-only decisions, who signed off and \
                     stage order need the git history; in GitHub Actions set `fetch-depth: 0` \
                     on actions/checkout",
                ),
            ],
            status: HistoryStatus::Skipped { reason },
            unlisted: Vec::new(),
        }
    }
}

/// Runs the history checks for the repository at `root`, whose state at the head is `head`
/// (loaded from the working tree, or from `options.head`).
///
/// Environment problems (no repository, shallow clone, no commits) give a report whose status
/// is skipped; a base that does not resolve is an error (a usage mistake, exit 2).
pub fn check(
    root: &Path,
    head: &Snapshot,
    options: &HistoryOptions<'_>,
) -> Result<HistoryReport, HistoryError> {
    let mut report = run(root, head, options)?;
    if let Some((policy, now)) = options.adjust {
        // A waiver nobody entitled granted cannot waive (or a policy the same change may carry
        // lower) the finding that says so.
        let (fixed, mut rest): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut report.findings)
            .into_iter()
            .partition(|f| f.code == Code::WaiverNotByOwner);
        crate::evaluate::apply_overrides(&mut rest, head, policy, now);
        rest.extend(fixed);
        report.findings = rest;
    }
    if options.require {
        // Required history cannot be waived away by a policy the change itself may carry.
        for f in &mut report.findings {
            if f.code == Code::HistoryUnavailable {
                f.severity = Severity::Error;
            }
        }
    }
    crate::findings::sort(&mut report.findings);
    Ok(report)
}

fn run(
    root: &Path,
    head: &Snapshot,
    options: &HistoryOptions<'_>,
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
    let tip = match options.head {
        Some(rev) => repo.resolve(rev)?,
        None => match repo.head() {
            Ok(tip) => tip,
            Err(e @ HistoryError::NoCommits) => return Ok(HistoryReport::skipped(e.to_string())),
            Err(e) => return Err(e),
        },
    };
    let range = range::resolve(
        &repo,
        tip,
        &RangeOptions {
            base: options.base,
            since: head.config.history_since.as_deref(),
            trigger: &options.trigger,
        },
    )?;
    let chain = range_chain(&repo, tip, range.base_oid)?;
    // The state the range starts from: the commit before its oldest, or the tip when the range
    // is empty (nothing after the base).
    let start = match chain.first() {
        Some(oldest) => repo.git.find_commit(*oldest)?.parent_id(0).ok(),
        None => Some(tip),
    };
    let base_people = base_roster(&repo, range.base_oid, head)?;
    let mode = signoff_proof(
        repo.config_at(range.base_oid)?.signoff_proof,
        head.config.signoff_proof,
        options.proof_default,
    );
    let cache = ParseCache::new();
    let mut checker = Checker {
        repo: &repo,
        head,
        cache: cache.clone(),
        evidence: Evidence {
            people: Roster {
                base: base_people.as_deref(),
                now: head.people.as_ref().map(|p| &p.data),
            },
            reviews: options.reviews,
            verifications: options.verifications,
        },
        mode,
        start: match start {
            Some(oid) => Some(repo.commit_info(oid)?),
            None => None,
        },
        priors: HashMap::new(),
        unlisted: RefCell::default(),
        tracks: HashMap::new(),
        current: HashMap::new(),
        found: Vec::new(),
    };
    let mut walker = Walker::new(
        &repo,
        &head.config.projects_dir,
        TRACKED,
        head.config.max_file_bytes,
        cache,
    );
    for commit in &chain {
        if let Some(step) = walker.step(*commit, true)? {
            for t in &step.transitions {
                checker.begin(t);
                checker.apply(Some(&step.commit), true, t)?;
            }
        }
    }
    if options.head.is_none() {
        // The working tree's uncommitted changes, as one more step.
        for state in &head.projects {
            let before = match checker.current.get(&state.id) {
                Some(files) => files.clone(),
                // Removed inside the range, back in the working tree.
                None if checker.tracks.contains_key(&state.id) => ProjectFiles::default(),
                None => {
                    // Untouched by the range: as at the tip, unless the working tree changed it.
                    let folder = walker.folder_at(tip, &state.id)?;
                    if state.tree.is_some() && state.tree == folder {
                        continue;
                    }
                    let same = walker.blobs_in(folder)?.into_iter().all(|(kind, blob)| {
                        let path = crate::source::join(&state.dir, kind.file_name());
                        head.blobs.get(&path).copied() == blob
                    });
                    if same {
                        continue;
                    }
                    walker.project_in(folder, &state.id)?
                }
            };
            let now = ProjectFiles::from_state(state);
            if before != now && now.project.is_some() {
                let t = Transition {
                    project: state.id.clone(),
                    renamed_from: None,
                    before,
                    after: now,
                };
                checker.begin(&t);
                checker.apply(None, true, &t)?;
            }
        }
    }
    let (mut findings, unlisted) = checker.finish()?;
    findings.extend(walker.warnings().iter().map(warning_finding));
    Ok(HistoryReport {
        findings,
        status: HistoryStatus::Checked {
            commits: chain.len(),
            range,
        },
        unlisted,
    })
}

/// The `signoff_proof` that applies: the stricter of the setting at the range's base and at its
/// head (each `default` when absent), so that a change can tighten its own gate but never loosen
/// it; a loosening applies to ranges whose base already has it.
pub fn signoff_proof(
    base: Option<SignoffProof>,
    head: Option<SignoffProof>,
    default: SignoffProof,
) -> SignoffProof {
    base.unwrap_or(default).max(head.unwrap_or(default))
}

/// The files of a project folder the history checks follow.
const TRACKED: &[Kind] = &[
    Kind::Project,
    Kind::Kpis,
    Kind::Results,
    Kind::Governance,
    Kind::Decisions,
];

/// The commits the range checks, oldest first: head's first-parent chain down to the first
/// commit the base can reach. Only the commits after the base are read (never the history
/// before it), so the work is that of the range.
fn range_chain(repo: &Repo, tip: Oid, base: Oid) -> Result<Vec<Oid>, HistoryError> {
    let mut walk = repo.git.revwalk()?;
    walk.push(tip)?;
    walk.hide(base)?;
    let after_base = walk.collect::<Result<HashSet<Oid>, _>>()?;
    let mut chain = Vec::new();
    let mut at = Some(tip);
    while let Some(oid) = at.filter(|oid| after_base.contains(oid)) {
        chain.push(oid);
        at = repo.git.find_commit(oid)?.parent_id(0).ok();
    }
    chain.reverse();
    Ok(chain)
}

/// The roster at the range's base. When people.yaml there is the very version the head has
/// (the same blob), the head's parse is used rather than parsing it again.
fn base_roster<'h>(
    repo: &Repo,
    base: Oid,
    head: &'h Snapshot,
) -> Result<Option<Cow<'h, People>>, HistoryError> {
    let source = repo.source_at(base)?;
    let config = super::repo::config_of(&source);
    let at_base = source
        .content_id(&config.people_file)
        .and_then(|id| Oid::from_str(&id).ok());
    let at_head = head.blobs.get(&head.config.people_file).copied();
    if let (Some(b), Some(people)) = (at_base, &head.people)
        && Some(b) == at_head
    {
        return Ok(Some(Cow::Borrowed(&people.data)));
    }
    Ok(repo.people_at(base)?.map(Cow::Owned))
}

fn warning_finding(w: &Warning) -> Finding {
    Finding::new(Code::HistoryFileInvalid, w.message.clone()).help(
        "this old version was skipped and the one before it stands in; nothing to do unless \
         the file is still invalid now",
    )
}

/// Where something happened: a commit, or the working tree (`None`).
pub(super) fn at_label(at: Option<&CommitInfo>) -> String {
    match at {
        Some(c) => format!("commit {}", c.short),
        None => "the working tree (uncommitted)".to_string(),
    }
}

pub(super) struct Checker<'a> {
    pub repo: &'a Repo,
    pub head: &'a Snapshot,
    pub cache: ParseCache,
    pub evidence: Evidence<'a>,
    /// What proves a sign-off (`signoff_proof`): decides how a mere e-mail claim is reported.
    pub mode: SignoffProof,
    /// The commit the range starts from (`None` when its oldest commit has no parent).
    pub start: Option<CommitInfo>,
    /// Per project, what its history before the range's start holds (the commit that first
    /// brought each result, each decision as first recorded), read only when a finding needs it.
    pub priors: HashMap<String, Track>,
    /// Commits whose GitHub verification was looked for and not given.
    pub unlisted: RefCell<BTreeSet<String>>,
    pub tracks: HashMap<String, Track>,
    /// Each project's files at the last commit walked.
    pub current: HashMap<String, ProjectFiles>,
    pub found: Vec<Finding>,
}

impl Checker<'_> {
    /// Before a project's first change in the range: its track starts from its files at the
    /// range's start, the reference that is taken as given (owner, criteria, governance,
    /// decisions and waivers already recorded).
    fn begin(&mut self, t: &Transition) {
        let name = t.renamed_from.as_ref().unwrap_or(&t.project);
        if self.tracks.contains_key(name) {
            return;
        }
        let at = t.before.clone();
        let mut track = Track {
            owner: at.project.as_ref().map(|p| p.roles.owner.clone()),
            kpis: at.kpis,
            governance: at.governance,
            ..Track::default()
        };
        let before = Change {
            at: self.start.clone(),
            is_new: false,
        };
        for d in at.decisions.iter().flat_map(|d| &d.decisions) {
            track
                .originals
                .entry(d.id.clone())
                .or_insert_with(|| (d.clone(), None));
            track.recorded.insert(d.id.clone(), before.clone());
        }
        for w in at.project.iter().flat_map(|p| &p.waivers) {
            track.granted.push(Grant {
                waiver: w.clone(),
                change: before.clone(),
            });
        }
        self.tracks.insert(name.clone(), track);
    }

    fn apply(
        &mut self,
        at: Option<&CommitInfo>,
        is_new: bool,
        t: &Transition,
    ) -> Result<(), HistoryError> {
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
        let mut track = self.tracks.remove(&t.project).unwrap_or_default();
        self.advance(at, is_new, t, &mut track)?;
        self.tracks.insert(t.project.clone(), track);
        Ok(())
    }

    /// What a step changes in a project's track (and, inside the range, the findings it makes).
    fn advance(
        &mut self,
        at: Option<&CommitInfo>,
        is_new: bool,
        t: &Transition,
        track: &mut Track,
    ) -> Result<(), HistoryError> {
        let label = at_label(at);
        let owner = |f: &ProjectFiles| f.project.as_ref().map(|p| p.roles.owner.clone());
        if !is_new {
            track.owner = owner(&t.after).or(track.owner.take());
        } else if track.owner.is_none() {
            track.owner = owner(&t.before).or_else(|| owner(&t.after));
        }
        if is_new {
            self.stage_skipped(t, &label);
        }
        self.criteria(at, is_new, t, track)?;
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
                    .or_insert_with(|| (d.clone(), Some(label.clone())));
            }
        }
        self.governance(at, is_new, t, track);
        self.records(at, is_new, t, track);
        Ok(())
    }

    /// A project's track over its history up to the range's start (first-parent, by its
    /// folder's name), as a walk from the first commit would have built it. Read once per
    /// project, and only when a finding needs to know what happened before the range.
    fn prior(&mut self, project: &str) -> Result<&Track, HistoryError> {
        if !self.priors.contains_key(project) {
            let mut track = Track::default();
            if let Some(start) = self.start.as_ref().map(|c| c.oid) {
                let mut walk = self.repo.git.revwalk()?;
                walk.push(start)?;
                walk.simplify_first_parent()?;
                let mut chain = walk.collect::<Result<Vec<Oid>, _>>()?;
                chain.reverse();
                let mut lookup = Walker::new(
                    self.repo,
                    &self.head.config.projects_dir,
                    TRACKED,
                    self.head.config.max_file_bytes,
                    self.cache.clone(),
                );
                let (mut folder, mut files) = (None, ProjectFiles::default());
                for oid in chain {
                    let now = lookup.folder_at(oid, project)?;
                    if now == folder {
                        continue;
                    }
                    folder = now;
                    let after = lookup.project_in(folder, project)?;
                    if after == files {
                        continue;
                    }
                    let t = Transition {
                        project: project.to_string(),
                        renamed_from: None,
                        before: std::mem::replace(&mut files, after.clone()),
                        after,
                    };
                    let info = self.repo.commit_info(oid)?;
                    self.advance(Some(&info), false, &t, &mut track)?;
                }
            }
            self.priors.insert(project.to_string(), track);
        }
        Ok(&self.priors[project])
    }

    /// Where a result for (kpi, gate) was first committed: inside the range (`track`), or
    /// before it (read from the project's earlier history).
    pub(super) fn results_before(
        &mut self,
        project: &str,
        key: &(String, Gate),
        track: &Track,
    ) -> Result<Option<String>, HistoryError> {
        if let Some(first) = self.prior(project)?.first_result.get(key) {
            return Ok(Some(first.clone()));
        }
        Ok(track.first_result.get(key).cloned())
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

    /// Findings that need the whole walk: rewritten decisions, sign-offs and approver changes
    /// still in force at the head.
    /// The findings about what is in force at the head, and the commits whose GitHub
    /// verification was needed and not given.
    fn finish(mut self) -> Result<(Vec<Finding>, Vec<String>), HistoryError> {
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
                    let Some((changed, true)) = track.changes.get(id) else {
                        continue;
                    };
                    let (mut original, mut recorded) = track.originals[id].clone();
                    if recorded.is_none() {
                        // Recorded before the range: as first recorded, and where.
                        if let Some((first, at)) = self.prior(&state.id)?.originals.get(id) {
                            (original, recorded) = (first.clone(), at.clone());
                        }
                    }
                    let index = now.iter().position(|d| &d.id == id);
                    if index.is_some_and(|i| now[i] == original) {
                        continue;
                    }
                    let recorded = recorded
                        .unwrap_or_else(|| format!("{} or earlier", at_label(self.start.as_ref())));
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
            self.judge_governance(state, track)?;
            self.judge_records(state, track)?;
        }
        let unlisted = self.unlisted.take().into_iter().collect();
        Ok((self.found, unlisted))
    }

    /// For a change that arrived through a merge commit: the commit on the merged branch that
    /// made it (its author made the change, not whoever merged). `changed` tells whether a
    /// project's files changed in the way looked for.
    pub(super) fn side_commit(
        &self,
        merge: &CommitInfo,
        project: &str,
        changed: &dyn Fn(&ProjectFiles, &ProjectFiles) -> bool,
    ) -> Result<CommitInfo, HistoryError> {
        let steps = self.lookup().branch_steps(merge)?;
        Ok(super::walk::made_in(&steps, merge, project, changed))
    }

    /// Whether one of `people` is proven to have made `commit`'s change (see
    /// [`Evidence::prove`]); `unchanged` tells whether the changed thing reads at a reviewed
    /// commit as at the head.
    pub(super) fn prove(
        &self,
        people: &[&str],
        commit: &CommitInfo,
        unchanged: &mut super::proof::Unchanged<'_>,
    ) -> Result<Verdict, HistoryError> {
        if let Some(given) = self.evidence.verifications
            && !given.iter().any(|v| v.sha == commit.id)
        {
            self.unlisted.borrow_mut().insert(commit.id.clone());
        }
        let signature = self.repo.signature(commit.oid)?;
        self.evidence.prove(people, commit, &signature, unchanged)
    }

    /// `signoff-unproven` for a change only its author e-mail attributes to `person`: an error
    /// under `signoff_proof: verified`, a warning under `email`. `what` says what changed and
    /// where ("`x` was set to agreed in commit abc1234"), `role` what `person` is to it ("its
    /// approver").
    pub(super) fn claimed(&self, what: &str, person: &str, role: &str, why: &NoProof) -> Finding {
        let mut f = Finding::new(
            Code::SignoffUnproven,
            format!(
                "{what} {}, {role}, but only the commit's e-mail says so: {}",
                why.author,
                why.missing()
            ),
        )
        .help(format!(
            "an e-mail is whatever the committer typed: have `{person}` sign the commit with an \
             SSH key listed under their `signing_keys` in people.yaml (git config gpg.format \
             ssh), or approve the pull request after its last change{}",
            match self.mode {
                SignoffProof::Verified => "",
                SignoffProof::Email =>
                    "; `signoff_proof: email` accepts the e-mail with this warning (under \
                     `verified`, the default in GitHub Actions, it is an error)",
            }
        ));
        if self.mode == SignoffProof::Email {
            f.severity = Severity::Warning;
        }
        f
    }

    /// A walker for looking things up at single commits (sharing the parse cache).
    pub(super) fn lookup(&self) -> Walker<'_> {
        Walker::new(
            self.repo,
            &self.head.config.projects_dir,
            &[Kind::Project, Kind::Kpis, Kind::Governance, Kind::Decisions],
            self.head.config.max_file_bytes,
            self.cache.clone(),
        )
    }

    /// A commit id from a review, when the clone has that commit.
    pub(super) fn known_commit(&self, id: &str) -> Option<Oid> {
        let oid = Oid::from_str(id).ok()?;
        self.repo.git.find_commit(oid).ok().map(|c| c.id())
    }

    pub(super) fn path(&self, project: &str, kind: Kind) -> Option<String> {
        let state = self.head.project(project)?;
        let path = crate::source::join(&state.dir, kind.file_name());
        self.head.files.get(&path).map(|_| path)
    }

    pub(super) fn kpi_index(&self, project: &str, kpi: &str) -> Option<usize> {
        let kpis = self.head.project(project)?.kpis.as_ref()?;
        kpis.data.kpis.iter().position(|k| k.id == kpi)
    }
}
