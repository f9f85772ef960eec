//! Walking the history one commit at a time, parsing only what changed.
//!
//! A governance repository's history is mostly commits that do not touch the files a question is
//! about, so each commit is compared with its first parent by tree ids, top down: the projects
//! folder, then each project folder, then the tracked files. Only when a tracked file's blob
//! differs are both versions parsed. What depends on an object id alone (a commit's projects
//! tree, a folder's blobs, the folders two projects trees differ in, a blob's typed version) is
//! kept by id and shared with [`Walker::companion`]s, so each version is read and parsed once
//! per run however many commits and walkers carry it, and a project's files are shared, not
//! copied, from one commit to the next. A walk over a whole history ([`Walker::walk_ahead`])
//! parses its versions on every core while this thread compares the next trees and steps through
//! the commits already parsed.
//!
//! A version that does not parse (a broken YAML file committed and fixed later) becomes a
//! [`Warning`], and the last version that did parse stands in for it, so a fix does not look like
//! every decision being recorded anew.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use git2::{ObjectType, Oid, Sort};
use rayon::prelude::*;
use serde::Serialize;

use super::error::HistoryError;
use super::graph::Graph;
use super::raw_tree::{self, FolderChange};
use super::repo::{CommitInfo, Repo};
use crate::load::{self, Kind, ParseCache, Parsed};
use crate::model::{DecisionsFile, GovernanceFile, IssuesFile, KpisFile, ProjectSpec, ResultsFile};

/// The files of one project folder at one commit, as parsed (each `None` when absent, or when
/// no version of it has parsed yet). Each file is shared with every other commit that carries
/// the same version of it (the same blob), so keeping a project's files is cheap and comparing
/// two mostly compares pointers.
#[derive(Clone, Debug, Default)]
pub struct ProjectFiles {
    /// project.yaml: its presence is what makes the folder a project.
    pub project: Option<Arc<ProjectSpec>>,
    /// kpis.yaml.
    pub kpis: Option<Arc<KpisFile>>,
    /// results.yaml.
    pub results: Option<Arc<ResultsFile>>,
    /// governance.yaml.
    pub governance: Option<Arc<GovernanceFile>>,
    /// decisions.yaml.
    pub decisions: Option<Arc<DecisionsFile>>,
    /// Read only by walkers given [`Kind::Issues`] (the audit trail's blocking issues).
    pub issues: Option<Arc<IssuesFile>>,
}

impl PartialEq for ProjectFiles {
    fn eq(&self, other: &ProjectFiles) -> bool {
        same(&self.project, &other.project)
            && same(&self.kpis, &other.kpis)
            && same(&self.results, &other.results)
            && same(&self.governance, &other.governance)
            && same(&self.decisions, &other.decisions)
            && same(&self.issues, &other.issues)
    }
}

/// Two versions of a file are the same when they are one shared value (one blob), or equal.
fn same<T: PartialEq>(a: &Option<Arc<T>>, b: &Option<Arc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Arc::ptr_eq(a, b) || **a == **b,
        (None, None) => true,
        _ => false,
    }
}

impl ProjectFiles {
    /// The results of results.yaml at this version (none when it is missing or did not parse).
    pub fn all_results(&self) -> &[crate::model::MeasuredResult] {
        self.results.as_ref().map_or(&[], |r| r.results.as_slice())
    }

    /// The KPIs of kpis.yaml at this version (none when it is missing or did not parse).
    pub fn all_kpis(&self) -> &[crate::model::Kpi] {
        self.kpis.as_ref().map_or(&[], |k| k.kpis.as_slice())
    }

    /// Keeps `file` as the file of its kind.
    fn put(&mut self, file: &Typed) {
        match file {
            Typed::Project(f) => self.project = Some(Arc::clone(f)),
            Typed::Kpis(f) => self.kpis = Some(Arc::clone(f)),
            Typed::Results(f) => self.results = Some(Arc::clone(f)),
            Typed::Governance(f) => self.governance = Some(Arc::clone(f)),
            Typed::Decisions(f) => self.decisions = Some(Arc::clone(f)),
            Typed::Issues(f) => self.issues = Some(Arc::clone(f)),
        }
    }

    /// The typed files of a loaded project (the working tree side of a comparison), without
    /// issues.yaml, which the history checks do not walk: the two sides compare alike.
    pub fn from_state(state: &load::ProjectState) -> ProjectFiles {
        ProjectFiles {
            project: state.project.as_ref().map(|l| Arc::new(l.data.clone())),
            kpis: state.kpis.as_ref().map(|l| Arc::new(l.data.clone())),
            results: state.results.as_ref().map(|l| Arc::new(l.data.clone())),
            governance: state.governance.as_ref().map(|l| Arc::new(l.data.clone())),
            decisions: state.decisions.as_ref().map(|l| Arc::new(l.data.clone())),
            issues: None,
        }
    }
}

/// One project's change in one commit.
#[derive(Clone, Debug)]
pub struct Transition {
    /// The project's folder name after the commit.
    pub project: String,
    /// The folder's previous name when the commit renamed it.
    pub renamed_from: Option<String>,
    /// The files before the commit (under the old name for a rename).
    pub before: ProjectFiles,
    /// The files after the commit.
    pub after: ProjectFiles,
}

impl Transition {
    /// The commit removed the project folder (or its project.yaml).
    pub fn removed(&self) -> bool {
        self.before.project.is_some() && self.after.project.is_none()
    }
}

/// A commit that changed tracked files, with what it changed.
#[derive(Clone, Debug)]
pub struct Step {
    /// The commit.
    pub commit: CommitInfo,
    /// Each project it changed, in folder order.
    pub transitions: Vec<Transition>,
}

/// A file version that could not be used; the walk went on without it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Warning {
    /// The commit (short id) whose version could not be used.
    pub commit: String,
    /// The file, relative to the repository.
    pub path: String,
    /// Why it could not be used.
    pub message: String,
}

/// A project folder whose tracked files a commit changed: its name, its tree before and after
/// (`None`: absent).
type ChangedFolder = (String, Option<Oid>, Option<Oid>);

/// A project folder's name and its tree (`None`: absent).
type FolderTree = (String, Option<Oid>);

/// One version of a tracked file, typed: parsed once per blob id and shared by every commit and
/// every walker of the run that carries it.
#[derive(Clone, Debug)]
enum Typed {
    Project(Arc<ProjectSpec>),
    Kpis(Arc<KpisFile>),
    Results(Arc<ResultsFile>),
    Governance(Arc<GovernanceFile>),
    Decisions(Arc<DecisionsFile>),
    Issues(Arc<IssuesFile>),
}

impl Typed {
    /// The parsed document as the model type of its kind (`None`: it did not parse, or is not
    /// a project file).
    fn of(kind: Kind, parsed: &Parsed) -> Option<Typed> {
        Some(match kind {
            Kind::Project => Typed::Project(Arc::new(parsed.typed()?)),
            Kind::Kpis => Typed::Kpis(Arc::new(parsed.typed()?)),
            Kind::Results => Typed::Results(Arc::new(parsed.typed()?)),
            Kind::Governance => Typed::Governance(Arc::new(parsed.typed()?)),
            Kind::Decisions => Typed::Decisions(Arc::new(parsed.typed()?)),
            Kind::Issues => Typed::Issues(Arc::new(parsed.typed()?)),
            _ => return None,
        })
    }
}

/// A blob as a walk keeps it: whether it is a usable version, and what it holds. Why an
/// unusable one is not is read again when a warning needs it (the message names the file's
/// path, which differs between folders that carry the same blob).
#[derive(Clone, Debug)]
struct Version {
    /// The document parsed and passed its schema.
    valid: bool,
    /// The document as typed (`None` when it is not valid or not of the model's shape).
    file: Option<Typed>,
}

impl Version {
    fn of(kind: Kind, parsed: &Parsed) -> Version {
        Version {
            valid: parsed.value.is_some(),
            file: Typed::of(kind, parsed),
        }
    }
}

/// Two projects trees, before and after (`None`: absent).
type TreePair = (Option<Oid>, Option<Oid>);

/// The blob of each of [`Kind::PROJECT_FILES`] in a project folder's tree.
type FolderBlobs = [Option<Oid>; 6];

/// What the walkers of one run learn from object ids alone, whatever commit they are at: the
/// same id always names the same content, so none of it is read, verified or parsed twice.
#[derive(Default)]
struct Known<'r> {
    /// commit -> its projects tree.
    projects_trees: HashMap<Oid, Option<Oid>>,
    /// The last projects trees read ([`Walker::listing`]).
    listings: Vec<(Oid, git2::Tree<'r>)>,
    /// project folder tree -> its tracked blobs.
    folders: HashMap<Oid, FolderBlobs>,
    /// (projects tree before, after) -> the folders whose trees differ.
    diffs: HashMap<TreePair, Rc<[FolderChange]>>,
    /// (blob, kind) -> the version.
    versions: HashMap<(Oid, Kind), Version>,
    /// The commits of a whole walk ([`Walker::know_commits`]), for what merges brought in.
    graph: Graph,
    /// The revision walk that finds what a merge brought in when [`Known::graph`] cannot (a
    /// first-parent walk knows only its own line): one for the whole run, reset for each merge,
    /// so the commits it has parsed are parsed once rather than once per merge.
    branch_walk: Option<git2::Revwalk<'r>>,
}

/// Walks commits comparing tracked project files; see the module documentation.
pub struct Walker<'r> {
    repo: &'r Repo,
    /// Shared with the loads of the same run (`None`: nothing else reads this run's parses).
    cache: Option<ParseCache>,
    kinds: Vec<Kind>,
    projects_dir: String,
    cap: u64,
    /// Shared with [`Self::companion`]s.
    known: Rc<RefCell<Known<'r>>>,
    /// (path, kind) -> the last usable version of the file along this walk.
    last_good: HashMap<(String, Kind), Option<Typed>>,
    warned: HashSet<(Oid, String)>,
    warnings: Vec<Warning>,
    /// Each project's files after the last step, by folder tree id: the next commit's "before"
    /// is usually this commit's "after", so it is not assembled again.
    recent: HashMap<String, (Option<Oid>, ProjectFiles)>,
}

impl std::fmt::Debug for Walker<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Walker")
            .field("kinds", &self.kinds)
            .field("projects_dir", &self.projects_dir)
            .finish_non_exhaustive()
    }
}

impl<'r> Walker<'r> {
    /// A walker over `kinds` of project files under `projects_dir` (relative to the governance
    /// root); files above `cap` bytes are not read. Parses are shared through `cache` with the
    /// other loads of the run.
    pub fn new(
        repo: &'r Repo,
        projects_dir: &str,
        kinds: &[Kind],
        cap: u64,
        cache: ParseCache,
    ) -> Walker<'r> {
        let mut walker = Walker::alone(repo, projects_dir, kinds, cap);
        walker.cache = Some(cache);
        walker
    }

    /// A walker whose parses only it and its [`Self::companion`]s read (they keep the typed
    /// files, not the parsed documents).
    pub fn alone(repo: &'r Repo, projects_dir: &str, kinds: &[Kind], cap: u64) -> Walker<'r> {
        Walker {
            repo,
            cache: None,
            kinds: kinds.to_vec(),
            projects_dir: projects_dir.trim_matches('/').to_string(),
            cap,
            known: Rc::default(),
            last_good: HashMap::new(),
            warned: HashSet::new(),
            warnings: Vec::new(),
            recent: HashMap::new(),
        }
    }

    /// A walker of its own (its own position, last good versions and warnings) over the same
    /// files, sharing what this one read and parsed: for a second walk over the same history,
    /// like the commits a merge brought in.
    pub fn companion(&self) -> Walker<'r> {
        Walker {
            repo: self.repo,
            cache: self.cache.clone(),
            kinds: self.kinds.clone(),
            projects_dir: self.projects_dir.clone(),
            cap: self.cap,
            known: Rc::clone(&self.known),
            last_good: HashMap::new(),
            warned: HashSet::new(),
            warnings: Vec::new(),
            recent: HashMap::new(),
        }
    }

    /// Commits reachable from `head`, oldest first: the first-parent chain (the history of the
    /// main branch as merged), or with `first_parent` false every commit in topological order.
    pub fn commits(&self, head: Oid, first_parent: bool) -> Result<Vec<Oid>, HistoryError> {
        let mut walk = self.repo.git.revwalk()?;
        walk.push(head)?;
        if first_parent {
            walk.simplify_first_parent()?;
        } else {
            walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
        }
        let mut commits = walk.collect::<Result<Vec<Oid>, _>>()?;
        commits.reverse();
        Ok(commits)
    }

    /// The commits of [`Walker::commits`], learnt as [`Walker::know_commits`] learns them, in one
    /// walk of the whole history: a first-parent walk's merges then find what they brought in
    /// from the graph too, and the first-parent chain is read off it rather than walked again.
    pub fn commits_known(&self, head: Oid, first_parent: bool) -> Result<Vec<Oid>, HistoryError> {
        let all = self.commits(head, false)?;
        self.know_commits(&all)?;
        if !first_parent {
            return Ok(all);
        }
        let chain = self.known.borrow().graph.first_parent_chain(head);
        match chain {
            Some(chain) => Ok(chain),
            None => self.commits(head, true),
        }
    }

    /// Warnings gathered so far (file versions that did not parse).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The warnings, once the walk is over: reports carry them so nothing is skipped silently.
    pub fn into_warnings(self) -> Vec<Warning> {
        self.warnings
    }

    /// Walks `commits` in order, calling `each` with the walker and each commit's index once
    /// the file versions its step reads are parsed. The versions are parsed on all cores,
    /// ahead of the steps: one commit changes a file or two, too little to share out, while a
    /// whole walk's versions keep every core busy. This thread compares trees and reads ahead
    /// (the repository handle stays on it) and takes the steps while the other cores parse, at
    /// most [`AHEAD`] batches ahead of them. Reading ahead changes nothing the steps report: a
    /// version not parsed yet is parsed by the step that needs it.
    pub fn walk_ahead(
        &mut self,
        commits: &[Oid],
        first_parent: bool,
        each: &mut dyn FnMut(&mut Walker<'r>, usize) -> Result<(), HistoryError>,
    ) -> Result<(), HistoryError> {
        let keep = self.cache.is_some();
        let git_dir = self.repo.git.path().to_path_buf();
        let cap = self.cap;
        let (sender, receiver) = std::sync::mpsc::channel::<(usize, Vec<Done>)>();
        rayon::in_place_scope(|scope| -> Result<(), HistoryError> {
            let spawn = |number: usize, batch: Vec<Unparsed>| {
                let git_dir = git_dir.clone();
                let sender = sender.clone();
                scope.spawn(move |_| {
                    let done: Vec<_> = batch
                        .into_iter()
                        .filter_map(|mut u| {
                            u.bytes = Some(read_here(&git_dir, u.blob, cap)?);
                            Some(u.parse(keep))
                        })
                        .collect();
                    // The receiver outlives the scope, so the send cannot fail.
                    let _ = sender.send((number, done));
                });
            };
            let mut seen = HashSet::new();
            let mut batch = Vec::new();
            // The batch each gathered commit's versions went into (or an earlier one).
            let mut batch_of = Vec::with_capacity(commits.len());
            let mut finished: Vec<bool> = Vec::new();
            // Batches below this number are all parsed and kept.
            let mut parsed_below = 0;
            let (mut gathered, mut stepped) = (0, 0);
            while stepped < commits.len() {
                let mut moved = false;
                // Up to AHEAD batches past the one the next step waits for (however many that
                // step's own commit filled).
                while gathered < commits.len()
                    && finished.len()
                        < batch_of.get(stepped).copied().unwrap_or(finished.len()) + AHEAD
                {
                    self.gather(commits[gathered], first_parent, &mut seen, &mut batch)?;
                    gathered += 1;
                    moved = true;
                    // A commit with more versions than a batch (the first one imports every
                    // project) is shared out in batches too: one core parsing it alone while
                    // the others wait was a quarter of a long walk.
                    while batch.len() >= BATCH {
                        let rest = batch.split_off(BATCH);
                        spawn(finished.len(), std::mem::replace(&mut batch, rest));
                        finished.push(false);
                    }
                    // The last batch holding this commit's versions: the open one, or when it
                    // is empty the last one sent (or the open one, before any was sent).
                    batch_of.push(if batch.is_empty() {
                        finished.len().saturating_sub(1)
                    } else {
                        finished.len()
                    });
                    if gathered == commits.len() {
                        spawn(finished.len(), std::mem::take(&mut batch));
                        finished.push(false);
                    }
                }
                while let Ok((number, done)) = receiver.try_recv() {
                    self.keep(done);
                    parsed_below = mark_parsed(&mut finished, number, parsed_below);
                    moved = true;
                }
                while stepped < gathered && batch_of[stepped] < parsed_below {
                    each(self, stepped)?;
                    stepped += 1;
                    moved = true;
                }
                if moved {
                    continue;
                }
                // Nothing moved: wait for a batch sent and not back yet (one is, when some
                // batch is not parsed). With none (which cannot happen), the steps parse what
                // they need themselves.
                let waiting = parsed_below < finished.len();
                match waiting.then(|| receiver.recv().ok()).flatten() {
                    Some((number, done)) => {
                        self.keep(done);
                        parsed_below = mark_parsed(&mut finished, number, parsed_below);
                    }
                    None => {
                        while stepped < gathered {
                            each(self, stepped)?;
                            stepped += 1;
                        }
                    }
                }
            }
            Ok(())
        })
    }

    /// Adds to `batch` the versions `commit`'s step will read that are neither parsed nor
    /// already asked for (`seen`).
    fn gather(
        &mut self,
        commit: Oid,
        first_parent: bool,
        seen: &mut HashSet<(Oid, Kind)>,
        batch: &mut Vec<Unparsed>,
    ) -> Result<(), HistoryError> {
        for (name, old, new) in self.changed_projects(commit, first_parent)? {
            for tree in [old, new] {
                for kind in self.kinds.clone() {
                    let Some(blob) = self.blob(tree, kind)? else {
                        continue;
                    };
                    if !seen.insert((blob, kind)) {
                        continue;
                    }
                    if !self.known.borrow().versions.contains_key(&(blob, kind)) {
                        batch.push(Unparsed {
                            blob,
                            kind,
                            path: self.path(&name, kind),
                            hit: None,
                            bytes: None,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// What `commit` changed against its first parent, or `None` when it changed no tracked
    /// file. With `first_parent` false, a merge commit reports only what none of its other
    /// parents already had (conflict resolutions), since those commits are walked themselves.
    pub fn step(&mut self, commit: Oid, first_parent: bool) -> Result<Option<Step>, HistoryError> {
        let changed = self.changed_projects(commit, first_parent)?;
        if changed.is_empty() {
            return Ok(None);
        }
        let info = self.repo.commit_info(commit)?;
        let (removed, added) = self.created_and_deleted(&changed)?;
        let renames = self.pair_renames(&removed, &added)?;
        self.prefetch_versions(&changed)?;
        let mut transitions = Vec::new();
        for (name, old, new) in &changed {
            if renames.values().any(|from| from == name) {
                continue; // reported under its new name
            }
            let renamed_from = renames.get(name).cloned();
            let before = match &renamed_from {
                Some(from) => {
                    let tree = removed
                        .iter()
                        .find(|(n, _)| n == from)
                        .and_then(|(_, t)| *t);
                    self.files(tree, from, &info)?
                }
                None => match self.recent.get(name) {
                    Some((tree, files)) if tree == old && old.is_some() => files.clone(),
                    _ => self.files(*old, name, &info)?,
                },
            };
            let after = self.files(*new, name, &info)?;
            self.recent.insert(name.clone(), (*new, after.clone()));
            if before == after && renamed_from.is_none() {
                continue; // only unparsable versions changed
            }
            transitions.push(Transition {
                project: name.clone(),
                renamed_from,
                before,
                after,
            });
        }
        if transitions.is_empty() {
            return Ok(None);
        }
        Ok(Some(Step {
            commit: info,
            transitions,
        }))
    }

    /// The project folders whose tracked files `commit` changed against its first parent, with
    /// their trees before and after; for a merge walked with all parents, only those that no
    /// other parent already had. Empty when the commit changed no tracked file.
    fn changed_projects(
        &mut self,
        commit: Oid,
        first_parent: bool,
    ) -> Result<Vec<ChangedFolder>, HistoryError> {
        let c = self.repo.git.find_commit(commit)?;
        let parents: Vec<Oid> = c.parent_ids().collect();
        drop(c);
        let new_pt = self.projects_tree(commit)?;
        let old_pt = match parents.first() {
            Some(p) => self.projects_tree(*p)?,
            None => None,
        };
        if new_pt == old_pt {
            return Ok(Vec::new());
        }
        let differing = self.changed_dirs(old_pt, new_pt)?;
        let others: Vec<BTreeMap<String, Oid>> = if first_parent || parents.len() < 2 {
            Vec::new()
        } else {
            let mut v = Vec::new();
            for p in &parents[1..] {
                let pt = self.projects_tree(*p)?;
                v.push(self.dirs(pt)?);
            }
            v
        };
        let mut changed = Vec::new();
        for (name, old, new) in differing.iter() {
            if others.iter().any(|o| o.get(name).copied() == *new) {
                continue;
            }
            if self.tracked_blobs(*old)? != self.tracked_blobs(*new)? {
                changed.push((name.clone(), *old, *new));
            }
        }
        Ok(changed)
    }

    /// Of the changed folders, the ones that stopped and the ones that started being a project
    /// (a `project.yaml` removed or added), each with its tree: the candidates of a rename.
    fn created_and_deleted(
        &self,
        changed: &[ChangedFolder],
    ) -> Result<(Vec<FolderTree>, Vec<FolderTree>), HistoryError> {
        let has_project = |tree: Option<Oid>| -> Result<bool, HistoryError> {
            Ok(self.blob(tree, Kind::Project)?.is_some())
        };
        let mut removed = Vec::new();
        let mut added = Vec::new();
        for (name, old, new) in changed {
            match (has_project(*old)?, has_project(*new)?) {
                (true, false) => removed.push((name.clone(), *old)),
                (false, true) => added.push((name.clone(), *new)),
                _ => {}
            }
        }
        Ok((removed, added))
    }

    /// Parses every file version a step needs up front, on all cores: a commit that imports or
    /// rewrites many projects would otherwise parse them one by one.
    fn prefetch_versions(&mut self, changed: &[ChangedFolder]) -> Result<(), HistoryError> {
        let mut wanted = Vec::new();
        for (name, old, new) in changed {
            let known =
                matches!(self.recent.get(name), Some((tree, _)) if tree == old && old.is_some());
            for kind in self.kinds.clone() {
                if let Some(blob) = self.blob(*new, kind)? {
                    wanted.push((blob, kind, self.path(name, kind)));
                }
                if !known && let Some(blob) = self.blob(*old, kind)? {
                    wanted.push((blob, kind, self.path(name, kind)));
                }
            }
        }
        self.prefetch(wanted);
        Ok(())
    }

    /// The steps of the commits a merge commit brought in (reachable from its other parents,
    /// not from its first), oldest first: where a change that arrived through the merge was
    /// made. Empty for a commit that is not a merge.
    pub fn branch_steps(&mut self, merge: &CommitInfo) -> Result<Vec<Step>, HistoryError> {
        if merge.parents.len() < 2 {
            return Ok(Vec::new());
        }
        let known = self.known.borrow().graph.brought_in(&merge.parents);
        let commits = match known {
            Some(commits) => commits,
            None => {
                let mut known = self.known.borrow_mut();
                let walk = match known.branch_walk.take() {
                    Some(mut walk) => {
                        walk.reset()?;
                        known.branch_walk.insert(walk)
                    }
                    None => known.branch_walk.insert(self.repo.git.revwalk()?),
                };
                for p in &merge.parents[1..] {
                    walk.push(*p)?;
                }
                walk.hide(merge.parents[0])?;
                walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
                walk.by_ref().collect::<Result<Vec<Oid>, _>>()?
            }
        };
        let mut steps = Vec::new();
        for oid in commits {
            if let Some(step) = self.step(oid, true)? {
                steps.push(step);
            }
        }
        Ok(steps)
    }

    /// Learns the parents of a whole walk's `commits` (oldest first, as [`Walker::commits`]
    /// gives them), shared with this walker's companions: [`Walker::branch_steps`] then finds
    /// what a merge brought in from them, in the walk's order, rather than by a walk of its
    /// own. A merge whose branch reaches a commit not learnt is walked by libgit2 as before.
    pub fn know_commits(&self, commits: &[Oid]) -> Result<(), HistoryError> {
        let mut known = self.known.borrow_mut();
        for oid in commits {
            let parents = self.repo.git.find_commit(*oid)?.parent_ids().collect();
            known.graph.add(*oid, parents);
        }
        Ok(())
    }

    /// A project's tracked files exactly as they are at `commit` (a version that does not parse
    /// is `None` here: nothing stands in for it), to compare one state with another.
    pub fn project_at(&mut self, commit: Oid, project: &str) -> Result<ProjectFiles, HistoryError> {
        let tree = self.folder_at(commit, project)?;
        self.project_in(tree, project)
    }

    /// The tree id of a project's folder at `commit` (`None` when it has none): looked up by name,
    /// without listing the other project folders.
    pub fn folder_at(&mut self, commit: Oid, project: &str) -> Result<Option<Oid>, HistoryError> {
        let Some(pt) = self.projects_tree(commit)? else {
            return Ok(None);
        };
        Ok(self.listing(Some(pt))?.and_then(|t| {
            t.get_name(project)
                .filter(|e| e.kind() == Some(ObjectType::Tree))
                .map(|e| e.id())
        }))
    }

    /// The blob ids of the tracked files (in the order of the walker's kinds) in a project
    /// folder's tree.
    pub fn blobs_in(&self, folder: Option<Oid>) -> Result<Vec<(Kind, Option<Oid>)>, HistoryError> {
        self.kinds
            .iter()
            .map(|k| Ok((*k, self.blob(folder, *k)?)))
            .collect()
    }

    /// A project folder's tracked files exactly as the tree `folder` holds them (see
    /// [`Self::project_at`]).
    pub fn project_in(
        &mut self,
        tree: Option<Oid>,
        project: &str,
    ) -> Result<ProjectFiles, HistoryError> {
        let mut files = ProjectFiles::default();
        for kind in self.kinds.clone() {
            let Some(blob) = self.blob(tree, kind)? else {
                continue;
            };
            let path = self.path(project, kind);
            if let Some(file) = &self.version(blob, kind, &path).file {
                files.put(file);
            }
        }
        Ok(files)
    }

    /// The tree of the projects folder at a commit.
    fn projects_tree(&mut self, commit: Oid) -> Result<Option<Oid>, HistoryError> {
        if let Some(t) = self.known.borrow().projects_trees.get(&commit) {
            return Ok(*t);
        }
        let tree = match self.repo.tree_at(commit)? {
            None => None,
            Some(root) => {
                let root = self.repo.git.find_tree(root)?;
                match root.get_path(Path::new(&self.projects_dir)) {
                    Ok(e) if e.kind() == Some(ObjectType::Tree) => Some(e.id()),
                    _ => None,
                }
            }
        };
        self.known.borrow_mut().projects_trees.insert(commit, tree);
        Ok(tree)
    }

    /// Project folders (name -> tree id) of a projects tree.
    fn dirs(&self, tree: Option<Oid>) -> Result<BTreeMap<String, Oid>, HistoryError> {
        let mut out = BTreeMap::new();
        if let Some(tree) = tree {
            for entry in self.repo.git.find_tree(tree)?.iter() {
                if entry.kind() == Some(ObjectType::Tree)
                    && let Ok(name) = entry.name()
                    && !name.starts_with('.')
                {
                    out.insert(name.to_string(), entry.id());
                }
            }
        }
        Ok(out)
    }

    /// The project folders whose tree ids differ between two projects trees (name, old, new), in
    /// name order: one pass over both sorted listings, so a commit that changed one project costs
    /// comparing ids, not building a map of every folder. Kept per pair of trees: a merged
    /// branch's commit usually makes the same change as its merge.
    fn changed_dirs(
        &mut self,
        old: Option<Oid>,
        new: Option<Oid>,
    ) -> Result<Rc<[FolderChange]>, HistoryError> {
        if let Some(known) = self.known.borrow().diffs.get(&(old, new)) {
            return Ok(Rc::clone(known));
        }
        let (old_raw, new_raw) = (self.raw_listing(old)?, self.raw_listing(new)?);
        let diff: Rc<[FolderChange]> =
            match raw_tree::changed_folders(old_raw.as_deref(), new_raw.as_deref()) {
                Some(mut diff) => {
                    diff.sort_by(|x, y| x.0.cmp(&y.0));
                    // Every debug build (so every test run) compares with libgit2's reading.
                    #[cfg(debug_assertions)]
                    {
                        let (o, n) = (self.listing(old)?, self.listing(new)?);
                        assert_eq!(
                            diff,
                            diff_listings(o.as_ref(), n.as_ref()),
                            "{old:?} {new:?}"
                        );
                    }
                    diff.into_iter().collect()
                }
                // Bytes that do not read as a tree: libgit2 reads them (and says what is wrong).
                None => {
                    let (old_listing, new_listing) = (self.listing(old)?, self.listing(new)?);
                    diff_listings(old_listing.as_ref(), new_listing.as_ref())
                        .into_iter()
                        .collect()
                }
            };
        self.known
            .borrow_mut()
            .diffs
            .insert((old, new), Rc::clone(&diff));
        Ok(diff)
    }

    /// A projects tree, kept for the next few lookups: git's object cache does not keep trees
    /// this large (thousands of entries), and reading one again means inflating, verifying and
    /// parsing it again.
    fn listing(&mut self, id: Option<Oid>) -> Result<Option<git2::Tree<'r>>, HistoryError> {
        let Some(id) = id else { return Ok(None) };
        if let Some((_, t)) = self.known.borrow().listings.iter().find(|(i, _)| *i == id) {
            return Ok(Some(t.clone()));
        }
        let tree = self.repo.git.find_tree(id)?;
        let listings = &mut self.known.borrow_mut().listings;
        if listings.len() >= 4 {
            listings.remove(0);
        }
        listings.push((id, tree.clone()));
        Ok(Some(tree))
    }

    /// A projects tree's bytes (a commit's tree is its child's parent tree: the process's
    /// cache of large trees keeps it for the next comparison).
    fn raw_listing(&self, id: Option<Oid>) -> Result<Option<Arc<[u8]>>, HistoryError> {
        id.map(|id| crate::source::tree_object::read(&self.repo.git, id))
            .transpose()
            .map_err(HistoryError::from)
    }

    /// Blob ids of the tracked files in a project folder.
    fn tracked_blobs(&self, tree: Option<Oid>) -> Result<Vec<Option<Oid>>, HistoryError> {
        self.kinds.iter().map(|k| self.blob(tree, *k)).collect()
    }

    /// The blob of a tracked file in a project folder's tree (each folder tree read once).
    fn blob(&self, tree: Option<Oid>, kind: Kind) -> Result<Option<Oid>, HistoryError> {
        let Some(tree) = tree else { return Ok(None) };
        let Some(at) = Kind::PROJECT_FILES.iter().position(|k| *k == kind) else {
            return Ok(None);
        };
        if let Some(blobs) = self.known.borrow().folders.get(&tree) {
            return Ok(blobs[at]);
        }
        let folder = self.repo.git.find_tree(tree)?;
        let blobs: FolderBlobs = Kind::PROJECT_FILES.map(|k| {
            folder
                .get_name(k.file_name())
                .filter(|e| e.kind() == Some(ObjectType::Blob))
                .map(|e| e.id())
        });
        self.known.borrow_mut().folders.insert(tree, blobs);
        Ok(blobs[at])
    }

    /// A removed folder and an added one in the same commit are a rename when they carry the same
    /// decisions (the same blob, or the old decision ids all present in the new file), or when
    /// the commit removed exactly one project and added exactly one.
    fn pair_renames(
        &mut self,
        removed: &[FolderTree],
        added: &[FolderTree],
    ) -> Result<BTreeMap<String, String>, HistoryError> {
        let mut pairs = BTreeMap::new();
        let mut taken = HashSet::new();
        for (new_name, new_tree) in added {
            let new_dec = self.blob(*new_tree, Kind::Decisions)?;
            for (old_name, old_tree) in removed {
                if taken.contains(old_name) {
                    continue;
                }
                let old_dec = self.blob(*old_tree, Kind::Decisions)?;
                let same = old_dec.is_some() && old_dec == new_dec;
                let ids = |w: &mut Self, blob: Option<Oid>, name: &str| {
                    let path = w.path(name, Kind::Decisions);
                    match w.version(blob?, Kind::Decisions, &path).file {
                        Some(Typed::Decisions(d)) => {
                            Some(d.decisions.iter().map(|d| d.id.clone()).collect::<Vec<_>>())
                        }
                        _ => None,
                    }
                };
                let old_ids = ids(self, old_dec, old_name).unwrap_or_default();
                let new_ids = ids(self, new_dec, new_name).unwrap_or_default();
                let contained =
                    !old_ids.is_empty() && old_ids.iter().all(|id| new_ids.contains(id));
                let only_pair = removed.len() == 1 && added.len() == 1;
                if same || contained || only_pair {
                    pairs.insert(new_name.clone(), old_name.clone());
                    taken.insert(old_name.clone());
                    break;
                }
            }
        }
        Ok(pairs)
    }

    fn path(&self, project: &str, kind: Kind) -> String {
        format!("{}/{project}/{}", self.projects_dir, kind.file_name())
    }

    /// The tracked files of a project folder, parsed (last good version for broken ones).
    fn files(
        &mut self,
        tree: Option<Oid>,
        project: &str,
        at: &CommitInfo,
    ) -> Result<ProjectFiles, HistoryError> {
        let mut files = ProjectFiles::default();
        for kind in self.kinds.clone() {
            let Some(blob) = self.blob(tree, kind)? else {
                continue;
            };
            let path = self.path(project, kind);
            if let Some(file) = self.usable(blob, kind, &path, at) {
                files.put(&file);
            }
        }
        Ok(files)
    }

    /// A blob's version when it is usable; one that is not yields a warning once and the last
    /// usable version of the same file.
    fn usable(&mut self, blob: Oid, kind: Kind, path: &str, at: &CommitInfo) -> Option<Typed> {
        let version = self.version(blob, kind, path);
        let key = (path.to_string(), kind);
        if version.valid {
            self.last_good.insert(key, version.file.clone());
            return version.file;
        }
        if self.warned.insert((blob, path.to_string())) {
            let parsed = self.parsed(blob, kind, path);
            let why = parsed
                .findings
                .first()
                .map(|f| {
                    let at = f
                        .location
                        .as_ref()
                        .map(|l| format!(" (line {}, column {})", l.line, l.column))
                        .unwrap_or_default();
                    format!("{}{at}", f.message)
                })
                .unwrap_or_else(|| "it cannot be read".into());
            self.warnings.push(Warning {
                commit: at.short.clone(),
                path: self.with_prefix(path),
                message: format!(
                    "`{}` at commit {} is not valid and was skipped: {why}",
                    self.with_prefix(path),
                    at.short
                ),
            });
        }
        self.last_good.get(&key).cloned().flatten()
    }

    /// A blob's version, parsed once per run (and per [`Self::companion`]).
    fn version(&mut self, blob: Oid, kind: Kind, path: &str) -> Version {
        if let Some(known) = self.known.borrow().versions.get(&(blob, kind)) {
            return known.clone();
        }
        let version = Version::of(kind, &self.parsed(blob, kind, path));
        self.known
            .borrow_mut()
            .versions
            .insert((blob, kind), version.clone());
        version
    }

    /// A blob parsed as the file at `path` (through the shared cache, when there is one).
    fn parsed(&self, blob: Oid, kind: Kind, path: &str) -> Arc<Parsed> {
        let Some(cache) = &self.cache else {
            return Arc::new(parse_read(self.read_bytes(blob), kind, path));
        };
        let id = blob.to_string();
        if let Some(hit) = cache.get(&id, kind, path) {
            return hit;
        }
        let parsed = Arc::new(parse_read(self.read_bytes(blob), kind, path));
        cache.insert(&id, kind, path, Arc::clone(&parsed));
        parsed
    }

    /// A blob's bytes, refusing one above the size cap without inflating it.
    fn read_bytes(&self, blob: Oid) -> ReadBytes {
        read_blob(&self.repo.git, blob, self.cap)
    }

    /// Reads (in order: the repository handle is not shared across threads) and then parses
    /// (in parallel) the versions not parsed yet.
    fn prefetch(&mut self, wanted: Vec<(Oid, Kind, String)>) {
        let mut todo = Vec::new();
        let mut seen = HashSet::new();
        for (blob, kind, path) in wanted {
            if seen.insert((blob, kind))
                && let Some(u) = self.unparsed(blob, kind, path)
            {
                todo.push(u);
            }
        }
        let keep = self.cache.is_some();
        // A few are parsed here: sharing them out would wait behind the batches a walk reading
        // ahead has queued for the other cores.
        let parsed: Vec<_> = if todo.len() <= 4 {
            todo.into_iter().map(|u| u.parse(keep)).collect()
        } else {
            todo.into_par_iter().map(|u| u.parse(keep)).collect()
        };
        self.keep(parsed);
    }

    /// A version to parse, read (`None` when it is known already).
    fn unparsed(&self, blob: Oid, kind: Kind, path: String) -> Option<Unparsed> {
        if self.known.borrow().versions.contains_key(&(blob, kind)) {
            return None;
        }
        let hit = self
            .cache
            .as_ref()
            .and_then(|c| c.get(&blob.to_string(), kind, &path));
        let bytes = match &hit {
            Some(_) => None,
            None => Some(self.read_bytes(blob)),
        };
        Some(Unparsed {
            blob,
            kind,
            path,
            hit,
            bytes,
        })
    }

    /// Keeps parsed versions (and the parses, for the shared cache).
    fn keep(&mut self, parsed: Vec<Done>) {
        let mut known = self.known.borrow_mut();
        for (blob, kind, path, version, parsed) in parsed {
            if let (Some(cache), Some(parsed)) = (&self.cache, parsed) {
                cache.insert(&blob.to_string(), kind, &path, Arc::new(parsed));
            }
            known.versions.insert((blob, kind), version);
        }
    }

    /// A governance-root path as a path in the git repository, for messages.
    fn with_prefix(&self, path: &str) -> String {
        crate::source::join(&self.repo.prefix, path)
    }
}

/// For a change that arrived through a merge commit: the commit among the merged branch's
/// `steps` ([`Walker::branch_steps`]) that last changed `project` in the way looked for (its
/// author made the change, not whoever merged); the merge itself when none did. `changed`
/// tells whether a project's files changed in that way.
pub fn made_in(
    steps: &[Step],
    merge: &CommitInfo,
    project: &str,
    changed: &dyn Fn(&ProjectFiles, &ProjectFiles) -> bool,
) -> CommitInfo {
    steps
        .iter()
        .rev()
        .find(|step| {
            step.transitions
                .iter()
                .any(|t| t.project == project && changed(&t.before, &t.after))
        })
        .map_or_else(|| merge.clone(), |step| step.commit.clone())
}

/// Batches of versions [`Walker::walk_ahead`] has parsing at once, ahead of its steps: enough
/// to keep every core busy while the steps are taken, few enough that the versions parsed and
/// not yet stepped through stay a small part of a long walk's memory.
const AHEAD: usize = 8;

/// Versions one parsing job of [`Walker::walk_ahead`] reads and parses: one commit changes a
/// file or two, too little to share out.
const BATCH: usize = 64;

/// Marks batch `number` parsed; the new number below which every batch is.
fn mark_parsed(finished: &mut [bool], number: usize, mut below: usize) -> usize {
    if let Some(f) = finished.get_mut(number) {
        *f = true;
    }
    while finished.get(below) == Some(&true) {
        below += 1;
    }
    below
}

/// A blob's bytes, or why they were not read.
type ReadBytes = Result<Vec<u8>, String>;

/// A blob parsed: its id, kind and path, its version, and the parse for the shared cache.
type Done = (Oid, Kind, String, Version, Option<Parsed>);

/// A blob to parse: found parsed in the shared cache (`hit`), or read (`bytes`).
struct Unparsed {
    blob: Oid,
    kind: Kind,
    path: String,
    hit: Option<Arc<Parsed>>,
    bytes: Option<ReadBytes>,
}

impl Unparsed {
    /// The version, and (`keep`) the parse for the shared cache.
    fn parse(self, keep: bool) -> Done {
        if let Some(hit) = &self.hit {
            let version = Version::of(self.kind, hit);
            return (self.blob, self.kind, self.path, version, None);
        }
        let bytes = self.bytes.unwrap_or_else(|| Err("it was not read".into()));
        let parsed = parse_read(bytes, self.kind, &self.path);
        let version = Version::of(self.kind, &parsed);
        (
            self.blob,
            self.kind,
            self.path,
            version,
            keep.then_some(parsed),
        )
    }
}

/// The project folders whose tree ids differ between two projects tree listings, in name order.
fn diff_listings(old: Option<&git2::Tree<'_>>, new: Option<&git2::Tree<'_>>) -> Vec<FolderChange> {
    let name = |e: &git2::TreeEntry| String::from_utf8_lossy(e.name_bytes()).into_owned();
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    loop {
        let (x, y) = (next_folder(old, i), next_folder(new, j));
        let order = match (&x, &y) {
            (None, None) => break,
            (Some((_, a)), Some((_, b))) => raw_tree::folder_order(a.name_bytes(), b.name_bytes()),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
        };
        match (order, x, y) {
            (std::cmp::Ordering::Less, Some((at, a)), _) => {
                out.push((name(&a), Some(a.id()), None));
                i = at + 1;
            }
            (std::cmp::Ordering::Greater, _, Some((at, b))) => {
                out.push((name(&b), None, Some(b.id())));
                j = at + 1;
            }
            (_, Some((ai, a)), Some((bj, b))) => {
                if a.id() != b.id() {
                    out.push((name(&a), Some(a.id()), Some(b.id())));
                }
                i = ai + 1;
                j = bj + 1;
            }
            _ => break,
        }
    }
    out.sort_by(|x, y| x.0.cmp(&y.0));
    out
}

/// A blob's bytes, refusing one above the size cap without inflating it.
fn read_blob(git: &git2::Repository, blob: Oid, cap: u64) -> ReadBytes {
    let size = match git.odb().and_then(|odb| odb.read_header(blob)) {
        Ok((size, _)) => size as u64,
        Err(e) => return Err(e.message().to_string()),
    };
    if size > cap {
        return Err(format!(
            "the file is {size} bytes, more than the cap of {cap} bytes"
        ));
    }
    match git.find_blob(blob) {
        Ok(b) => Ok(b.content().to_vec()),
        Err(e) => Err(e.message().to_string()),
    }
}

thread_local! {
    /// A parsing thread's own handle on the repository it reads (a handle is not shared
    /// across threads).
    static HANDLE: RefCell<Option<(std::path::PathBuf, git2::Repository)>> =
        const { RefCell::new(None) };
}

/// A blob's bytes read on this thread, through its own handle on the repository at `git_dir`;
/// `None` when the repository cannot be opened here (the walk then reads the blob itself).
fn read_here(git_dir: &Path, blob: Oid, cap: u64) -> Option<ReadBytes> {
    HANDLE.with(|handle| {
        let mut handle = handle.borrow_mut();
        if handle.as_ref().is_none_or(|(dir, _)| dir != git_dir) {
            *handle = git2::Repository::open(git_dir)
                .ok()
                .map(|git| (git_dir.to_path_buf(), git));
        }
        handle.as_ref().map(|(_, git)| read_blob(git, blob, cap))
    })
}

/// The next project folder of a tree listing at or after index `at` (entries are read in place:
/// nothing is copied for the folders that did not change).
fn next_folder<'t>(
    tree: Option<&'t git2::Tree<'_>>,
    mut at: usize,
) -> Option<(usize, git2::TreeEntry<'t>)> {
    let tree = tree?;
    while let Some(e) = tree.get(at) {
        if e.kind() == Some(ObjectType::Tree) && !e.name_bytes().starts_with(b".") {
            return Some((at, e));
        }
        at += 1;
    }
    None
}

/// Parses read bytes, or turns a refusal into the finding that says why.
fn parse_read(bytes: ReadBytes, kind: Kind, path: &str) -> Parsed {
    match bytes {
        Ok(bytes) => load::parse_bytes(path, bytes, kind),
        Err(message) => Parsed {
            findings: vec![crate::findings::Finding::new(
                crate::findings::Code::FileUnreadable,
                message,
            )],
            ..Parsed::default()
        },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A results file with one result of `value`.
    fn results(run: usize, value: usize) -> String {
        format!(
            "results:\n  - id: run-{run}\n    kpi: accuracy\n    gate: poc\n    value: {value}\n    \
             dataset:\n      id: test-set\n      kind: test\n    measured_at: 2026-01-15\n    \
             measured_by: tech-tomas\n"
        )
    }

    /// A history of `commits` commits over `projects` project folders: each commit records a
    /// new result in two of them, and every tenth changes only a file no walk tracks.
    fn history(dir: &Path, projects: usize, commits: usize) -> Oid {
        let git = git2::Repository::init(dir).unwrap();
        let sig =
            git2::Signature::new("T", "t@example.com", &git2::Time::new(1_767_225_600, 0)).unwrap();
        let mut files: Vec<String> = (0..projects).map(|p| results(p, p)).collect();
        let mut parent: Option<Oid> = None;
        for c in 0..commits {
            let note = if c % 10 == 9 {
                format!("note {c}\n")
            } else {
                String::new()
            };
            if note.is_empty() {
                for (k, p) in [c % projects, (c * 7 + 3) % projects]
                    .into_iter()
                    .enumerate()
                {
                    files[p] = results(c * 2 + k, c % 100);
                }
            }
            let mut projects_tree = git.treebuilder(None).unwrap();
            for (p, text) in files.iter().enumerate() {
                let blob = git.blob(text.as_bytes()).unwrap();
                let mut folder = git.treebuilder(None).unwrap();
                folder.insert("results.yaml", blob, 0o100_644).unwrap();
                let folder = folder.write().unwrap();
                projects_tree
                    .insert(format!("p{p:02}"), folder, 0o040_000)
                    .unwrap();
            }
            let mut root = git.treebuilder(None).unwrap();
            root.insert("projects", projects_tree.write().unwrap(), 0o040_000)
                .unwrap();
            root.insert("NOTES", git.blob(note.as_bytes()).unwrap(), 0o100_644)
                .unwrap();
            let tree = git.find_tree(root.write().unwrap()).unwrap();
            let parents: Vec<git2::Commit<'_>> = parent
                .iter()
                .map(|p| git.find_commit(*p).unwrap())
                .collect();
            let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
            let id = git
                .commit(None, &sig, &sig, &format!("commit {c}"), &tree, &parents)
                .unwrap();
            parent = Some(id);
        }
        git.reference("refs/heads/main", parent.unwrap(), true, "test")
            .unwrap();
        git.set_head("refs/heads/main").unwrap();
        parent.unwrap()
    }

    /// Reading ahead (more versions than the batches it keeps in flight, and a first commit
    /// with more versions than one batch) takes every step, in order, exactly as stepping
    /// through the commits one by one does.
    #[test]
    fn walking_ahead_takes_the_steps_of_a_plain_walk() {
        const PROJECTS: usize = 70;
        // The first commit's versions fill more than a batch.
        const { assert!(PROJECTS > BATCH) };
        let dir = tempfile::tempdir().unwrap();
        let head = history(dir.path(), PROJECTS, 400);
        let repo = Repo::open(dir.path()).unwrap();
        let kinds = [Kind::Results];
        let mut plain = Walker::alone(&repo, "projects", &kinds, 1 << 20);
        let commits = plain.commits(head, false).unwrap();
        assert_eq!(commits.len(), 400);
        // The commits learnt with the graph are those of the revision walks.
        let known = Walker::alone(&repo, "projects", &kinds, 1 << 20);
        assert_eq!(known.commits_known(head, false).unwrap(), commits);
        assert_eq!(
            known.commits_known(head, true).unwrap(),
            plain.commits(head, true).unwrap()
        );
        let expected: Vec<String> = commits
            .iter()
            .filter_map(|c| plain.step(*c, false).unwrap())
            .map(|s| format!("{s:?}"))
            .collect();
        let mut ahead = Walker::alone(&repo, "projects", &kinds, 1 << 20);
        let (mut order, mut got) = (Vec::new(), Vec::new());
        ahead
            .walk_ahead(&commits, false, &mut |walker, i| {
                order.push(i);
                if let Some(step) = walker.step(commits[i], false)? {
                    got.push(format!("{step:?}"));
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(order, (0..commits.len()).collect::<Vec<_>>());
        // Every commit but each tenth records results (the first commit among them).
        assert_eq!(got.len(), 360);
        assert_eq!(got, expected);
        let parsed = ahead.known.borrow().versions.len();
        assert!(
            parsed > 64 * AHEAD,
            "{parsed} versions: more than the batches in flight"
        );
        assert!(ahead.warnings().is_empty(), "{:?}", ahead.warnings());
    }
}
