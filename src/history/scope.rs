//! Which projects a pull request changed: the work of a run with a base is that of the change.
//!
//! The base's governance root tree is compared with the head's by tree ids, descending only into
//! folders whose ids differ (so the cost is that of the change, not of the repository), and the
//! working tree's changes against HEAD (uncommitted, untracked and ignored files alike: tollgate
//! reads them all) are added. A changed path inside a project folder changes that project; any
//! other changed path under the governance root (people.yaml, tollgate.yaml, policies/, a file
//! next to the project folders, anything) may change every project's verdict, so then every
//! project is evaluated. A project folder that holds a symbolic link (the loader follows links
//! inside the root) may read another project's files, so it is always evaluated.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use git2::{Oid, Status, StatusOptions};

use super::error::HistoryError;
use super::repo::Repo;
use crate::source::tree_object;

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
        // A project whose folder holds a link (or is one) can read another project's files:
        // a change there changes it too, so it is always evaluated.
        paths.extend(linked(repo)?);
    }
    Ok(classify(paths, projects_dir))
}

/// The paths of the governance root that git records as symbolic links (from the index: no
/// file is read).
fn linked(repo: &Repo) -> Result<Vec<String>, HistoryError> {
    const LINK: u32 = 0o120000;
    let prefix = if repo.prefix.is_empty() {
        String::new()
    } else {
        format!("{}/", repo.prefix)
    };
    let index = repo.git.index()?;
    Ok(index
        .iter()
        .filter(|e| e.mode & 0o170000 == LINK)
        .filter_map(|e| {
            let path = String::from_utf8_lossy(&e.path).into_owned();
            path.strip_prefix(&prefix).map(str::to_string)
        })
        .collect())
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
    let (old, new) = differing(repo, a, b)?;
    // Both listings are in git's order, so one merge pass pairs them (a projects folder of
    // thousands of entries costs one comparison each, not a search).
    let (mut i, mut j) = (0, 0);
    let path = |name: &[u8]| {
        let name = String::from_utf8_lossy(name);
        if at.is_empty() {
            name.into_owned()
        } else {
            format!("{at}/{name}")
        }
    };
    while i < old.len() || j < new.len() {
        let order = match (old.get(i), new.get(j)) {
            (Some(x), Some(y)) => git_order(x, y),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match order {
            Ordering::Less => {
                out.insert(path(&old[i].name));
                i += 1;
            }
            Ordering::Greater => {
                out.insert(path(&new[j].name));
                j += 1;
            }
            Ordering::Equal => {
                let (x, y) = (&old[i], &new[j]);
                if x.id != y.id {
                    if x.is_tree() && y.is_tree() {
                        diff_trees(repo, Some(x.id), Some(y.id), &path(&x.name), out)?;
                    } else {
                        out.insert(path(&x.name));
                    }
                }
                i += 1;
                j += 1;
            }
        }
    }
    Ok(())
}

/// A tree entry.
type Item = tree_object::Entry;

/// The entries of two trees (none for an absent tree) that are not the same on both sides,
/// read through the process's cache of large trees (the loader reads both again right after):
/// a projects folder of thousands of entries where one changed is compared in the stretch of
/// its bytes that differs ([`super::raw_tree::differing`]), not entry by entry.
fn differing(
    repo: &Repo,
    a: Option<Oid>,
    b: Option<Oid>,
) -> Result<(Vec<Item>, Vec<Item>), HistoryError> {
    let read = |id: Option<Oid>| id.map(|id| tree_object::read(&repo.git, id)).transpose();
    let (old, new) = (read(a)?, read(b)?);
    let empty: &[u8] = &[];
    let full = |id: Option<Oid>| -> Result<Vec<Item>, HistoryError> {
        match id {
            Some(id) => Ok(tree_object::libgit2_listing(&repo.git, id)?),
            None => Ok(Vec::new()),
        }
    };
    let Some((x, y)) = super::raw_tree::differing(
        old.as_deref().unwrap_or(empty),
        new.as_deref().unwrap_or(empty),
    ) else {
        // Not trees as read here: libgit2 reads them (and says what is wrong with them).
        return Ok((full(a)?, full(b)?));
    };
    let owned = |items: Vec<tree_object::Item<'_>>| -> Vec<Item> {
        items
            .iter()
            .filter_map(tree_object::Item::to_entry)
            .collect()
    };
    let (x, y) = (owned(x), owned(y));
    // Every test run reads both trees libgit2's way too: each entry that is not the same on the
    // other side must be in the stretch compared.
    #[cfg(debug_assertions)]
    if let (Ok(full_a), Ok(full_b)) = (full(a), full(b)) {
        for (all, other, window) in [(&full_a, &full_b, &x), (&full_b, &full_a, &y)] {
            // (The kind follows from the mode.)
            let key = |e: &Item| (e.name.clone(), e.id, e.mode);
            let other: std::collections::HashSet<_> = other.iter().map(key).collect();
            for e in all.iter().filter(|e| !other.contains(&key(e))) {
                debug_assert!(window.contains(e), "{e:?} outside the compared stretch");
            }
        }
    }
    Ok((x, y))
}

/// Git's order of tree entries: by name bytes, a folder's name as if it ended in `/`. A file
/// and a folder of the same name are different entries (one replaced the other).
fn git_order(a: &Item, b: &Item) -> Ordering {
    tree_object::git_cmp(&a.name, a.is_tree(), &b.name, b.is_tree())
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
