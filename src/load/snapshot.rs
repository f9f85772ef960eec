//! What a load returns: the typed state of one version of the repository, with the files it was
//! read from (for locations) and the findings of reading them. Every later stage reads it; none
//! changes it.

use std::collections::HashMap;

use git2::Oid;
use serde_json::Value;

use crate::findings::Finding;
use crate::model::{
    Config, DecisionsFile, GovernanceFile, IssuesFile, KpisFile, People, ProjectSpec, ResultsFile,
};
use crate::text::Files;

/// A typed file with the path it was read from (the key into [`Files`] for locations).
#[derive(Clone, Debug)]
pub struct Loaded<T> {
    /// Repository-relative path: every finding about the file points there.
    pub path: String,
    /// The file's content, already schema-checked and typed.
    pub data: T,
}

/// One project folder: each file is `None` when it is missing or invalid (a finding says why).
#[derive(Clone, Debug, Default)]
pub struct ProjectState {
    /// The folder name, which is the project's id.
    pub id: String,
    /// The folder's repository-relative path (`projects/<id>`).
    pub dir: String,
    /// project.yaml: stage, roles, data, waivers.
    pub project: Option<Loaded<ProjectSpec>>,
    /// kpis.yaml: the KPIs and their criteria per gate.
    pub kpis: Option<Loaded<KpisFile>>,
    /// results.yaml: the measurements.
    pub results: Option<Loaded<ResultsFile>>,
    /// governance.yaml: the sign-offs.
    pub governance: Option<Loaded<GovernanceFile>>,
    /// decisions.yaml: the gate decisions recorded.
    pub decisions: Option<Loaded<DecisionsFile>>,
    /// issues.yaml: the open-issues inventory.
    pub issues: Option<Loaded<IssuesFile>>,
    /// The folder's git tree id, when known: a commit's tree gives it; for the working tree it
    /// is what git would write for the files read, when the folder holds nothing else.
    pub tree: Option<Oid>,
}

impl ProjectState {
    /// All six files loaded and valid, so the project can be evaluated.
    pub fn complete(&self) -> Option<CompleteProject<'_>> {
        Some(CompleteProject {
            id: &self.id,
            project: self.project.as_ref()?,
            kpis: self.kpis.as_ref()?,
            results: self.results.as_ref()?,
            governance: self.governance.as_ref()?,
            decisions: self.decisions.as_ref()?,
            issues: self.issues.as_ref()?,
        })
    }
}

/// A project whose files all loaded: what policies evaluate.
#[derive(Clone, Copy, Debug)]
pub struct CompleteProject<'a> {
    /// The project's id (its folder name).
    pub id: &'a str,
    /// project.yaml.
    pub project: &'a Loaded<ProjectSpec>,
    /// kpis.yaml.
    pub kpis: &'a Loaded<KpisFile>,
    /// results.yaml.
    pub results: &'a Loaded<ResultsFile>,
    /// governance.yaml.
    pub governance: &'a Loaded<GovernanceFile>,
    /// decisions.yaml.
    pub decisions: &'a Loaded<DecisionsFile>,
    /// issues.yaml.
    pub issues: &'a Loaded<IssuesFile>,
}

/// Everything read from one source: the typed state, the files (for locations and snippets) and
/// the findings of loading.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// The text of every file read, so any finding can be located and its line shown.
    pub files: Files,
    /// tollgate.yaml, or the defaults when there is none.
    pub config: Config,
    /// The roster (people.yaml); `None` when missing, invalid or not read.
    pub people: Option<Loaded<People>>,
    /// The project folders read, in folder order.
    pub projects: Vec<ProjectState>,
    /// Raw documents of policy files found in the repository, validated against the policy schema.
    pub policies: Vec<Loaded<Value>>,
    /// The findings of loading (files missing, invalid, inconsistent), sorted.
    pub findings: Vec<Finding>,
    /// Only some projects were loaded (`--project`): the others exist but were not read.
    pub partial: bool,
    /// How many project folders exist but were not read (`only_project(s)`).
    pub unread_projects: usize,
    /// The git blob id of every file read, by path: the same version in a commit and in the
    /// working tree is known to be the same without parsing either again.
    pub blobs: HashMap<String, Oid>,
}

impl Snapshot {
    /// The project with this id, when it was read.
    pub fn project(&self, id: &str) -> Option<&ProjectState> {
        self.projects.iter().find(|p| p.id == id)
    }
}
