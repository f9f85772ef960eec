//! A git commit's tree as a [`Source`]: files are read straight from the object database, never
//! checked out, so any commit of the history can be loaded without touching the working tree.
//!
//! The tree is a subtree when the governance repository is a folder of a larger git repository;
//! its root is then that folder, and a symbolic link leading above it is refused just as the
//! working tree refuses one (the loader must read the same files from both).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use git2::{ObjectType, Oid, Repository};

use super::error::{ReadError, SourceError};
use super::tree::{Entry, EntryKind, Source};
use super::tree_index::{self, Listing, View};

/// File mode of a symbolic link in a git tree.
const MODE_LINK: i32 = 0o120_000;
/// File mode of a submodule (a commit inside a tree): never read.
const MODE_COMMIT: i32 = 0o160_000;
/// Links followed in one lookup before giving up (as the kernel's ELOOP limit).
const MAX_LINKS: usize = 40;

/// The files of one git tree.
///
/// `Source` must be `Sync`; a libgit2 repository handle may move between threads but not be
/// shared, so it is kept behind a mutex. Reads are short; contention is not a concern.
pub struct GitTree {
    repo: Mutex<Repository>,
    tree: Oid,
    label: String,
    /// Every folder read so far, by tree id.
    listings: Mutex<Listings>,
}

/// The folders of a tree read so far, by tree id, each read (inflated and indexed) once. A
/// governance repository's `projects/` tree has thousands of entries; libgit2 keeps no parsed
/// tree that large in its own cache, so without this every lookup below that folder (each
/// project's files, its folder id, a listing) would read it again: the cost of reading one
/// project would grow with the number of projects.
#[derive(Debug, Default)]
struct Listings(HashMap<Oid, Arc<Listing>>);

impl Listings {
    /// The entries of the tree `id`, ready for lookups by name, read on first use.
    fn get(&mut self, repo: &Repository, id: Oid) -> Result<Arc<Listing>, git2::Error> {
        if let Some(listing) = self.0.get(&id) {
            return Ok(Arc::clone(listing));
        }
        let listing = tree_index::listing(repo, id)?;
        self.0.insert(id, Arc::clone(&listing));
        Ok(listing)
    }
}

/// The entry named `name` of a listing (a name that is not UTF-8 matches no path).
fn entry<'a>(listing: &'a Listing, name: &str) -> Option<View<'a>> {
    listing.find(name.as_bytes())
}

impl std::fmt::Debug for GitTree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitTree")
            .field("tree", &self.tree)
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

/// What a repository path resolves to inside the tree.
enum Resolved {
    Blob { id: Oid },
    Tree { id: Oid },
    Missing,
    Outside { target: String },
    Other,
}

impl GitTree {
    /// The tree `tree` of the repository at `git_dir` (opened anew: the handle is owned here).
    /// `label` names it in messages, e.g. "commit 1a2b3c4".
    pub fn open(
        git_dir: &std::path::Path,
        tree: Oid,
        label: impl Into<String>,
    ) -> Result<GitTree, SourceError> {
        let repo = Repository::open(git_dir).map_err(|e| SourceError::Root {
            path: git_dir.display().to_string(),
            reason: e.message().to_string(),
        })?;
        Ok(GitTree::new(repo, tree, label))
    }

    /// Wraps an open repository handle.
    pub fn new(repo: Repository, tree: Oid, label: impl Into<String>) -> GitTree {
        GitTree {
            repo: Mutex::new(repo),
            tree,
            label: label.into(),
            listings: Mutex::new(Listings::default()),
        }
    }

    fn with_repo<T>(&self, f: impl FnOnce(&Repository, &mut Listings) -> T) -> T {
        let repo = self.repo.lock().unwrap_or_else(|e| e.into_inner());
        let mut listings = self.listings.lock().unwrap_or_else(|e| e.into_inner());
        f(&repo, &mut listings)
    }
}

impl Source for GitTree {
    fn describe(&self) -> String {
        self.label.clone()
    }

    fn list(&self, dir: &str) -> Result<Vec<Entry>, SourceError> {
        self.with_repo(|repo, listings| {
            let err = |reason: String| SourceError::List {
                path: if dir.is_empty() {
                    ".".into()
                } else {
                    dir.into()
                },
                reason,
            };
            let id = match resolve(repo, self.tree, dir, listings)
                .map_err(|e| err(e.message().into()))?
            {
                Resolved::Tree { id } => id,
                // As on disk, a missing directory lists as empty.
                _ => return Ok(Vec::new()),
            };
            let listing = listings
                .get(repo, id)
                .map_err(|e| err(e.message().into()))?;
            let mut entries = Vec::with_capacity(listing.len());
            listing.for_each(|raw| {
                // No path can name an entry that is not UTF-8: it is not listed.
                let Ok(name) = std::str::from_utf8(raw.name) else {
                    return;
                };
                let kind = match (raw.kind, raw.mode) {
                    (Some(ObjectType::Tree), _) => EntryKind::Dir,
                    (_, MODE_COMMIT) => return,
                    (_, MODE_LINK) => {
                        // Follow the link to learn the kind; its target is vetted again on read.
                        let path = super::tree::join(dir, name);
                        match resolve(repo, self.tree, &path, listings) {
                            Ok(Resolved::Tree { .. }) => EntryKind::Dir,
                            _ => EntryKind::File,
                        }
                    }
                    _ => EntryKind::File,
                };
                entries.push(Entry {
                    name: name.to_string(),
                    kind,
                });
            });
            // The listing may be in git's order (a folder's name as if it ended in `/`).
            entries.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(entries)
        })
    }

    fn read(&self, path: &str, cap: u64) -> Result<Vec<u8>, ReadError> {
        self.read_identified(path, cap).map(|(bytes, _)| bytes)
    }

    fn read_identified(&self, path: &str, cap: u64) -> Result<(Vec<u8>, Oid), ReadError> {
        self.with_repo(|repo, listings| {
            let io = |e: git2::Error| ReadError::Io(e.message().to_string());
            let id = match resolve(repo, self.tree, path, listings).map_err(io)? {
                Resolved::Blob { id } => id,
                Resolved::Missing => return Err(ReadError::NotFound),
                Resolved::Outside { target } => return Err(ReadError::OutsideRoot { target }),
                Resolved::Tree { .. } => {
                    return Err(ReadError::Io("it is a directory, not a file".into()));
                }
                Resolved::Other => return Err(ReadError::Io("it is not a file".into())),
            };
            // The header gives the size without inflating the object: a huge blob is refused
            // before it is read into memory.
            let odb = repo.odb().map_err(io)?;
            let (size, _) = odb.read_header(id).map_err(io)?;
            let size = size as u64;
            if size > cap {
                return Err(ReadError::TooLarge { size, cap });
            }
            let blob = repo.find_blob(id).map_err(io)?;
            Ok((blob.content().to_vec(), id))
        })
    }

    fn folder_id(&self, path: &str) -> Option<String> {
        self.with_repo(
            |repo, listings| match resolve(repo, self.tree, path, listings) {
                Ok(Resolved::Tree { id }) => Some(id.to_string()),
                _ => None,
            },
        )
    }

    fn count_folders(&self, dir: &str) -> Option<usize> {
        self.with_repo(|repo, listings| {
            let mut current = self.tree;
            for part in split(dir) {
                let listing = listings.get(repo, current).ok()?;
                let found = entry(&listing, &part)?;
                if found.kind != Some(ObjectType::Tree) {
                    return None;
                }
                current = found.oid();
            }
            let listing = listings.get(repo, current).ok()?;
            let (mut folders, mut links) = (0, false);
            listing.for_each(|v| {
                links |= v.mode == MODE_LINK;
                if v.kind == Some(ObjectType::Tree)
                    && v.name.first() != Some(&b'.')
                    && std::str::from_utf8(v.name).is_ok()
                {
                    folders += 1;
                }
            });
            (!links).then_some(folders)
        })
    }

    fn content_id(&self, path: &str) -> Option<String> {
        self.with_repo(
            |repo, listings| match resolve(repo, self.tree, path, listings) {
                Ok(Resolved::Blob { id }) => Some(id.to_string()),
                _ => None,
            },
        )
    }
}

/// Resolves a repository-relative path in `root`, following symbolic links that stay inside
/// the root. A link's target is interpreted relative to the folder holding the link, as the
/// operating system would after a checkout.
fn resolve(
    repo: &Repository,
    root: Oid,
    path: &str,
    listings: &mut Listings,
) -> Result<Resolved, git2::Error> {
    // Components still to walk, front last, and the components already resolved.
    let mut pending: Vec<String> = split(path).into_iter().rev().collect();
    let mut done: Vec<String> = Vec::new();
    let mut current = root;
    let mut links = 0;
    while let Some(part) = pending.pop() {
        let listing = listings.get(repo, current)?;
        let Some(found) = entry(&listing, &part) else {
            return Ok(Resolved::Missing);
        };
        match (found.kind, found.mode) {
            (Some(ObjectType::Tree), _) => {
                current = found.oid();
                done.push(part);
            }
            (Some(ObjectType::Blob), MODE_LINK) => {
                links += 1;
                let blob = repo.find_blob(found.oid())?;
                let target = String::from_utf8_lossy(blob.content()).into_owned();
                if links > MAX_LINKS {
                    return Ok(Resolved::Other);
                }
                // Rebuild the path as (folder of the link) + target + rest, then normalise.
                let mut joined: Vec<String> = done.clone();
                if target.starts_with('/') {
                    return Ok(Resolved::Outside { target });
                }
                for t in target.split('/') {
                    match t {
                        "" | "." => {}
                        ".." => {
                            if joined.pop().is_none() {
                                return Ok(Resolved::Outside { target });
                            }
                        }
                        other => joined.push(other.to_string()),
                    }
                }
                // Restart from the root with the normalised prefix followed by what is left.
                let mut rest: Vec<String> = pending.drain(..).rev().collect();
                let mut full = joined;
                full.append(&mut rest);
                pending = full.into_iter().rev().collect();
                done.clear();
                current = root;
            }
            (Some(ObjectType::Blob), _) => {
                if pending.is_empty() {
                    return Ok(Resolved::Blob { id: found.oid() });
                }
                // A file where a folder was expected.
                return Ok(Resolved::Missing);
            }
            _ => return Ok(Resolved::Other),
        }
    }
    Ok(Resolved::Tree { id: current })
}

fn split(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A tree: `a.yaml`, `dir/b.yaml`, and links `in -> dir/b.yaml`, `dirlink -> dir`,
    /// `out -> ../secret`, `abs -> /etc/passwd`, `dir/up -> ../a.yaml`.
    fn fixture() -> (tempfile::TempDir, GitTree) {
        let tmp = tempfile::tempdir().unwrap();
        let repo = Repository::init(tmp.path()).unwrap();
        let blob = |s: &str| repo.blob(s.as_bytes()).unwrap();
        let root = {
            let mut dir = repo.treebuilder(None).unwrap();
            dir.insert("b.yaml", blob("b: 1\n"), 0o100_644).unwrap();
            dir.insert("up", blob("../a.yaml"), MODE_LINK).unwrap();
            let dir = dir.write().unwrap();
            let mut root = repo.treebuilder(None).unwrap();
            root.insert("a.yaml", blob("a: 1\n"), 0o100_644).unwrap();
            root.insert("dir", dir, 0o040_000).unwrap();
            root.insert("in", blob("dir/b.yaml"), MODE_LINK).unwrap();
            root.insert("dirlink", blob("dir"), MODE_LINK).unwrap();
            root.insert("out", blob("../secret"), MODE_LINK).unwrap();
            root.insert("abs", blob("/etc/passwd"), MODE_LINK).unwrap();
            root.write().unwrap()
        };
        let tree = GitTree::new(repo, root, "test tree");
        (tmp, tree)
    }

    #[test]
    fn reads_files_and_follows_links_inside_the_tree() {
        let (_tmp, tree) = fixture();
        assert_eq!(tree.read("a.yaml", 100).unwrap(), b"a: 1\n");
        assert_eq!(tree.read("dir/b.yaml", 100).unwrap(), b"b: 1\n");
        assert_eq!(tree.read("in", 100).unwrap(), b"b: 1\n");
        assert_eq!(tree.read("dirlink/b.yaml", 100).unwrap(), b"b: 1\n");
        assert_eq!(tree.read("dir/up", 100).unwrap(), b"a: 1\n");
        assert!(matches!(
            tree.read("missing.yaml", 100),
            Err(ReadError::NotFound)
        ));
        assert!(matches!(tree.read("dir", 100), Err(ReadError::Io(_))));
        let names: Vec<(String, EntryKind)> = tree
            .list("")
            .unwrap()
            .into_iter()
            .map(|e| (e.name, e.kind))
            .collect();
        assert!(names.contains(&("dirlink".into(), EntryKind::Dir)));
        assert!(names.contains(&("dir".into(), EntryKind::Dir)));
        assert!(names.contains(&("a.yaml".into(), EntryKind::File)));
        assert!(tree.list("nowhere").unwrap().is_empty());
    }

    #[test]
    fn refuses_links_outside_the_tree() {
        let (_tmp, tree) = fixture();
        for path in ["out", "abs"] {
            match tree.read(path, 100) {
                Err(ReadError::OutsideRoot { .. }) => {}
                other => panic!("{path}: {other:?}"),
            }
        }
    }

    #[test]
    fn size_cap_is_checked_before_reading() {
        let (_tmp, tree) = fixture();
        match tree.read("a.yaml", 3) {
            Err(ReadError::TooLarge { size: 5, cap: 3 }) => {}
            other => panic!("{other:?}"),
        }
    }

    /// The folders counted are those a listing gives (hidden ones aside); a folder holding a
    /// link, or reached through one, is not counted.
    #[test]
    fn folders_are_counted_as_listed_unless_a_link_is_involved() {
        let (_tmp, linked) = fixture();
        assert_eq!(linked.count_folders(""), None);
        assert_eq!(linked.count_folders("dir"), None);
        assert_eq!(linked.count_folders("dirlink"), None);
        let tmp = tempfile::tempdir().unwrap();
        let repo = Repository::init(tmp.path()).unwrap();
        let blob = repo.blob(b"x").unwrap();
        let empty = repo.treebuilder(None).unwrap().write().unwrap();
        let projects = {
            let mut dir = repo.treebuilder(None).unwrap();
            for name in ["a", "b-2", "b", ".hidden"] {
                dir.insert(name, empty, 0o040_000).unwrap();
            }
            dir.insert("README.md", blob, 0o100_644).unwrap();
            dir.write().unwrap()
        };
        let root = {
            let mut root = repo.treebuilder(None).unwrap();
            root.insert("projects", projects, 0o040_000).unwrap();
            root.write().unwrap()
        };
        let tree = GitTree::new(repo, root, "test tree");
        let listed = tree
            .list("projects")
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == EntryKind::Dir && !e.name.starts_with('.'))
            .count();
        assert_eq!(listed, 3);
        assert_eq!(tree.count_folders("projects"), Some(3));
        assert_eq!(tree.count_folders(""), Some(1));
        assert_eq!(tree.count_folders("projects/a"), Some(0));
        assert_eq!(tree.count_folders("nowhere"), None);
    }

    #[test]
    fn content_id_is_the_blob_id() {
        let (_tmp, tree) = fixture();
        let expected = Oid::hash_object(ObjectType::Blob, b"b: 1\n")
            .unwrap()
            .to_string();
        assert_eq!(tree.content_id("dir/b.yaml"), Some(expected.clone()));
        assert_eq!(tree.content_id("in"), Some(expected));
        assert_eq!(tree.content_id("out"), None);
    }
}
