//! How paths look once they leave tollgate.
//!
//! Findings carry paths relative to the governance root (`--root`), which is how the loader reads
//! files. Everything that leaves the tool for another program (SARIF, annotations, check-run
//! annotations, JSON, Markdown) is instead read relative to the top of the git repository: GitHub
//! resolves an annotation's `file=` and a SARIF `uri` from there. With `--root gov` (the Action's
//! `root:` input) a finding in `projects/a/kpis.yaml` must leave as `gov/projects/a/kpis.yaml`.
//!
//! The prefix is computed once per run, here, and applied by the renderers; findings themselves
//! keep their loader-relative locations (the text renderer looks their lines up by them).
//!
//! Messages that name the governance root as this machine spells it (`/home/runner/work/...`,
//! `/tmp/...`) are rewritten to name it relative to the repository (or the working directory):
//! output posted to a pull request never shows the machine's absolute paths.

use std::path::{Component, Path};

use crate::findings::Finding;
use crate::load::Snapshot;

/// Where outbound paths start, and how the governance root is named in messages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paths {
    /// The governance root relative to the top of the git work tree, `/`-separated; empty when it
    /// is the top, or outside any git repository.
    prefix: String,
    /// Absolute spellings of the governance root and the work tree's top (longest first), each
    /// with how messages name it instead.
    machine: Vec<(String, String)>,
    /// The file a finding about the whole repository is pinned to where a consumer needs a file
    /// (SARIF), relative to the governance root: tollgate.yaml when present, else the roster.
    anchor: String,
    /// The projects folder, relative to the governance root.
    projects_dir: String,
}

impl Paths {
    /// The paths of a run whose governance root is `root`: finds the git repository around it
    /// (none is fine: paths then stay relative to `root`).
    pub fn new(root: &Path) -> Paths {
        let repo = crate::history::Repo::open(root).ok();
        let prefix = repo.as_ref().map(|r| r.prefix.clone()).unwrap_or_default();
        let canonical = std::fs::canonicalize(root).ok();
        let shown = if repo.is_some() {
            if prefix.is_empty() {
                ".".to_string()
            } else {
                prefix.clone()
            }
        } else {
            shown_outside_git(root, canonical.as_deref())
        };
        let mut machine = Vec::new();
        for spelling in [Some(root.to_path_buf()), canonical.clone()]
            .into_iter()
            .flatten()
        {
            if spelling.is_absolute() {
                machine.push((spelling.display().to_string(), shown.clone()));
            }
        }
        if let Some(top) = repo
            .as_ref()
            .and_then(|r| r.git.workdir())
            .and_then(|w| std::fs::canonicalize(w).ok())
        {
            machine.push((top.display().to_string(), ".".to_string()));
        }
        // Only spellings with a folder below `/` are rewritten (never `/` itself).
        machine.retain(|(m, _)| Path::new(m).components().count() > 1);
        machine.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        machine.dedup_by(|a, b| a.0 == b.0);
        Paths {
            prefix,
            machine,
            anchor: "tollgate.yaml".to_string(),
            projects_dir: "projects".to_string(),
        }
    }

    /// The same paths with the snapshot's layout: its projects folder, and tollgate.yaml (when
    /// the repository has one) or else its roster as the file repository-level findings point at.
    pub fn with_layout(mut self, snap: &Snapshot) -> Paths {
        self.projects_dir = snap.config.projects_dir.clone();
        let config = "tollgate.yaml";
        self.anchor = if snap.files.get(config).is_none()
            && snap.files.get(&snap.config.people_file).is_some()
        {
            snap.config.people_file.clone()
        } else {
            config.to_string()
        };
        self
    }

    /// Paths for a governance root at the top of its repository (tests, and callers without one).
    pub fn at_top() -> Paths {
        Paths {
            anchor: "tollgate.yaml".to_string(),
            projects_dir: "projects".to_string(),
            ..Paths::default()
        }
    }

    /// The governance root relative to the repository's top (`""` at the top).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A path relative to the governance root, made relative to the repository's top (built-in
    /// files, `<builtin>/...`, are in no repository and stay as they are).
    pub fn file(&self, rel: &str) -> String {
        if rel.starts_with("<builtin>/") {
            return rel.to_string();
        }
        crate::source::join(&self.prefix, rel)
    }

    /// `text` with every absolute spelling of the governance root (and of the repository's top)
    /// replaced by its relative name.
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (machine, shown) in &self.machine {
            if out.contains(machine.as_str()) {
                out = out.replace(machine.as_str(), shown);
            }
        }
        out
    }

    /// The file a finding is about, relative to the repository's top, for consumers that need
    /// one on every result: its location's file; else its project's project.yaml; else the
    /// repository's configuration file (or roster). The flag says whether it was pinned there
    /// for want of a location.
    pub fn file_of(&self, finding: &Finding) -> (String, bool) {
        if let Some(l) = &finding.location {
            return (self.file(&l.file), false);
        }
        let rel = match &finding.project {
            Some(p) => {
                crate::source::join(&crate::source::join(&self.projects_dir, p), "project.yaml")
            }
            None => self.anchor.clone(),
        };
        (self.file(&rel), true)
    }
}

/// How to name a governance root outside any git repository: relative to the working directory
/// when it is inside it, else by its folder name alone.
fn shown_outside_git(root: &Path, canonical: Option<&Path>) -> String {
    if root.is_relative() {
        return root.display().to_string();
    }
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok());
    if let (Some(cwd), Some(real)) = (cwd, canonical)
        && let Ok(rel) = real.strip_prefix(&cwd)
    {
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        return if parts.is_empty() {
            ".".to_string()
        } else {
            parts.join("/")
        };
    }
    root.file_name()
        .map_or_else(|| ".".to_string(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Code, Location};

    #[test]
    fn files_gain_the_prefix_and_unlocated_findings_an_anchor() {
        let paths = Paths {
            prefix: "gov a".into(),
            ..Paths::at_top()
        };
        assert_eq!(
            paths.file("projects/x/kpis.yaml"),
            "gov a/projects/x/kpis.yaml"
        );
        let located = Finding::new(Code::UnknownKey, "m").at(Location {
            file: "people.yaml".into(),
            line: 2,
            column: 3,
            pointer: "/people/0".into(),
        });
        assert_eq!(
            paths.file_of(&located),
            ("gov a/people.yaml".to_string(), false)
        );
        let project = Finding::new(Code::HistoryUnavailable, "m").project("p-1");
        assert_eq!(
            paths.file_of(&project),
            ("gov a/projects/p-1/project.yaml".to_string(), true)
        );
        let repo = Finding::new(Code::HistoryUnavailable, "m");
        assert_eq!(
            paths.file_of(&repo),
            ("gov a/tollgate.yaml".to_string(), true)
        );
    }

    #[test]
    fn machine_spellings_are_replaced_longest_first() {
        let paths = Paths {
            machine: vec![
                ("/home/u/repo/gov".into(), "gov".into()),
                ("/home/u/repo".into(), ".".into()),
            ],
            ..Paths::at_top()
        };
        assert_eq!(
            paths.text("/home/u/repo/gov is not inside; /home/u/repo/x"),
            "gov is not inside; ./x"
        );
    }

    #[test]
    fn a_folder_outside_git_is_named_without_its_machine_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("demo");
        std::fs::create_dir(&root).expect("mkdir");
        let paths = Paths::new(&root);
        let abs = root.display().to_string();
        let said = paths.text(&format!("{abs} is not inside a git repository"));
        assert!(!said.contains(&abs), "{said}");
        assert!(
            said.ends_with("demo is not inside a git repository"),
            "{said}"
        );
        assert_eq!(paths.prefix(), "");
    }
}
