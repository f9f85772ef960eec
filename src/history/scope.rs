//! Which projects a pull request changed: the work of a run with a base is that of the change.
//!
//! The base's governance root tree is compared with the head's by tree ids, descending only into
//! folders whose ids differ (so the cost is that of the change, not of the repository), and the
//! working tree's changes against HEAD (uncommitted, untracked and ignored files alike: tollgate
//! reads them all) are added. A changed path inside a project folder changes that project; any
//! other changed path under the governance root (people.yaml, tollgate.yaml, policies/, a file
//! next to the project folders, anything) may change every project's verdict, so then every
//! project is evaluated.

use std::collections::BTreeSet;

use git2::{ObjectType, Oid, Status, StatusOptions};

use super::{HistoryError, Repo};

/// What changed between a base commit and the working tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changes {
    /// A changed path outside every project folder (relative to the governance root), when there
    /// is one: every project must be evaluated.
    pub repository_level: Option<String>,
    /// The project folders (names under the projects folder) with a changed path, on either
    /// side: a renamed project appears under both names, a deleted one under its old name.
    pub projects: BTreeSet<String>,
}

/// The changes from `base` to the commit `head`, or with `None` to the working tree, of the
/// governance root, with projects under `projects_dir` (the head's; when tollgate.yaml changed,
/// which may move it, that is a repository-level change anyway).
pub fn changes_since(
    repo: &Repo,
    base: Oid,
    head: Option<Oid>,
    projects_dir: &str,
) -> Result<Changes, HistoryError> {
    let mut paths = BTreeSet::new();
    let tip = match head {
        Some(c) => c,
        None => repo.head()?,
    };
    diff_trees(
        repo,
        repo.tree_at(base)?,
        repo.tree_at(tip)?,
        "",
        &mut paths,
    )?;
    if head.is_none() {
        working_tree(repo, &mut paths)?;
    }
    Ok(classify(paths, projects_dir))
}

/// Sorts changed paths into project folders and the rest.
fn classify(paths: BTreeSet<String>, projects_dir: &str) -> Changes {
    let dir = format!("{}/", projects_dir.trim_matches('/'));
    let mut out = Changes {
        repository_level: None,
        projects: BTreeSet::new(),
    };
    for path in paths {
        match path.strip_prefix(&dir) {
            // `projects/<id>/...`, or `projects/<id>` itself (a file where a folder was).
            Some(rest) if !rest.is_empty() => {
                let name = rest.split('/').next().unwrap_or(rest);
                out.projects.insert(name.to_string());
            }
            _ => {
                if out.repository_level.is_none() {
                    out.repository_level = Some(path);
                }
            }
        }
    }
    out
}

/// Paths that differ between two trees, descending only where ids differ. A subtree present on
/// one side only is reported as its own path (its files need not be listed).
fn diff_trees(
    repo: &Repo,
    a: Option<Oid>,
    b: Option<Oid>,
    at: &str,
    out: &mut BTreeSet<String>,
) -> Result<(), HistoryError> {
    if a == b {
        return Ok(());
    }
    let entries = |id: Option<Oid>| -> Result<Vec<(String, Oid, bool)>, HistoryError> {
        let Some(id) = id else {
            return Ok(Vec::new());
        };
        let tree = repo.git.find_tree(id)?;
        Ok(tree
            .iter()
            .map(|e| {
                (
                    String::from_utf8_lossy(e.name_bytes()).into_owned(),
                    e.id(),
                    e.kind() == Some(ObjectType::Tree),
                )
            })
            .collect())
    };
    let (old, new) = (entries(a)?, entries(b)?);
    let find = |list: &[(String, Oid, bool)], name: &str| {
        list.iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, id, tree)| (*id, *tree))
    };
    let names: BTreeSet<&str> = old.iter().chain(&new).map(|(n, _, _)| n.as_str()).collect();
    for name in names {
        let path = if at.is_empty() {
            name.to_string()
        } else {
            format!("{at}/{name}")
        };
        match (find(&old, name), find(&new, name)) {
            (Some(x), Some(y)) if x == y => {}
            (Some((x, true)), Some((y, true))) => diff_trees(repo, Some(x), Some(y), &path, out)?,
            _ => {
                out.insert(path);
            }
        }
    }
    Ok(())
}

/// Paths of the governance root whose working-tree state differs from HEAD (staged, unstaged,
/// untracked or ignored).
fn working_tree(repo: &Repo, out: &mut BTreeSet<String>) -> Result<(), HistoryError> {
    if repo.git.is_bare() {
        return Ok(());
    }
    let mut options = StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(true)
        .recurse_ignored_dirs(true)
        .exclude_submodules(true)
        .renames_head_to_index(false);
    if !repo.prefix.is_empty() {
        options.pathspec(format!("{}/", repo.prefix));
    }
    let statuses = repo.git.statuses(Some(&mut options))?;
    for entry in statuses.iter() {
        if entry.status() == Status::CURRENT {
            continue;
        }
        let path = String::from_utf8_lossy(entry.path_bytes()).into_owned();
        let rel = if repo.prefix.is_empty() {
            Some(path.as_str())
        } else {
            path.strip_prefix(&format!("{}/", repo.prefix))
        };
        if let Some(rel) = rel {
            out.insert(rel.trim_end_matches('/').to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_project_folders_are_repository_level() {
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let c = classify(
            set(&["projects/a/kpis.yaml", "projects/b", "projects/c/x/y"]),
            "projects",
        );
        assert_eq!(c.projects, set(&["a", "b", "c"]));
        assert_eq!(c.repository_level, None);
        for other in [
            "people.yaml",
            "policies/x.yaml",
            "projects",
            "projectsx/a/b",
            "README.md",
        ] {
            let c = classify(set(&["projects/a/kpis.yaml", other]), "projects");
            assert_eq!(c.repository_level.as_deref(), Some(other), "{other}");
        }
        let c = classify(set(&["gov/projects/a/k.yaml"]), "gov/projects/");
        assert_eq!(c.projects, set(&["a"]));
    }
}
