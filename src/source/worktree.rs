//! The working tree on disk as a [`Source`].
//!
//! Everything here is in a pull request's hands: a file may be a symbolic link, a named pipe, a
//! device or a socket, and it may change between two looks at it. So a path is confined to the
//! root (no `..`, no absolute path; links are followed only while they stay inside), its type is
//! read from its metadata before it is opened (only regular files are opened: opening a named
//! pipe blocks until someone writes to it), and it is opened without blocking and without
//! following a final link, then checked again on the open handle, so that a file swapped for a
//! pipe between the check and the open is still refused.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use git2::Oid;

use super::error::{ReadError, SourceError};
use super::index::Vouching;
use super::tree::{Entry, EntryKind, Reread, Source};

/// Files under a directory on disk. Symbolic links are followed only while they stay inside the
/// root: a link leading outside is refused, so nothing unreviewed is read.
#[derive(Clone, Debug)]
pub struct WorkTree {
    /// Shared (`Arc`): every file keeps a handle on the tree to be read again (`reread`), and
    /// at 30,000 files copies of the two paths were megabytes.
    root: Arc<Path>,
    canonical_root: Arc<Path>,
    /// Blob ids, from the git index around the root once it is worth reading.
    ids: Arc<Vouching>,
    /// Blob ids of files read again (`reread`): hashed, so that the handles every file keeps
    /// do not keep the index's entries alive after the load.
    reread_ids: Arc<Vouching>,
    /// The real location of each folder resolved so far, by its repository-relative path. The
    /// files of a folder share it, so a file costs one `lstat` of its own name rather than a walk
    /// of every component of its path (`realpath` reads each as a link): at 30,000 files that
    /// walk was most of a run's system calls.
    folders: Arc<Mutex<HashMap<String, PathBuf>>>,
}

impl WorkTree {
    /// Opens a folder of the file system as the repository root; `Err` when it cannot be read
    /// or is not a folder (the only failure that stops a load).
    pub fn open(root: &Path) -> Result<WorkTree, SourceError> {
        let err = |reason: String| SourceError::Root {
            path: root.display().to_string(),
            reason,
        };
        let meta = fs::metadata(root).map_err(|e| err(e.to_string()))?;
        if !meta.is_dir() {
            return Err(err("it is not a directory".to_string()));
        }
        let canonical_root = fs::canonicalize(root).map_err(|e| err(e.to_string()))?;
        Ok(WorkTree {
            root: Arc::from(root),
            canonical_root: Arc::from(canonical_root),
            ids: Arc::default(),
            reread_ids: Arc::new(Vouching::hashing_only()),
            folders: Arc::default(),
        })
    }

    /// The root as it was given (not resolved), for messages and for finding the git
    /// repository around it.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path on disk of a repository-relative path; `Err` with the path itself when it
    /// would leave the root by its spelling (`..`, a leading `/`).
    fn full(&self, rel: &str) -> Result<PathBuf, String> {
        if rel.starts_with('/') || rel.split('/').any(|part| part == "..") {
            return Err(rel.to_string());
        }
        Ok(if rel.is_empty() {
            self.root.to_path_buf()
        } else {
            self.root.join(rel)
        })
    }

    /// The real location of the folder `dir` (at `full` on disk), resolved once and then
    /// remembered; refused when it is outside the root.
    fn folder(&self, dir: &str, full: &Path) -> Result<PathBuf, ReadError> {
        if dir.is_empty() {
            return Ok(self.canonical_root.to_path_buf());
        }
        let known = |f: &Mutex<HashMap<String, PathBuf>>| {
            f.lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(dir)
                .cloned()
        };
        if let Some(real) = known(&self.folders) {
            return Ok(real);
        }
        let real = self.resolve(full)?;
        self.folders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_string(), real.clone());
        Ok(real)
    }

    /// The real location of the file `rel` (at `full` on disk) and its metadata, links
    /// followed. A file that is not itself a link is found in its folder's real location (one
    /// `lstat`, whose answer for a file that is not a link is the file's own metadata); a link,
    /// or anything unexpected, takes the full walk of [`WorkTree::resolve`], which also words
    /// every refusal.
    fn locate(&self, rel: &str, full: &Path) -> Result<(PathBuf, fs::Metadata), ReadError> {
        let quick = || -> Option<(PathBuf, fs::Metadata)> {
            let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
            if name.is_empty() || name == "." {
                return None;
            }
            let parent = self.folder(dir, &self.full(dir).ok()?).ok()?;
            let real = parent.join(name);
            let meta = fs::symlink_metadata(&real).ok()?;
            (!meta.file_type().is_symlink()).then_some((real, meta))
        };
        if let Some(found) = quick() {
            return Ok(found);
        }
        let real = self.resolve(full)?;
        let meta = fs::metadata(&real).map_err(|e| ReadError::Io(e.to_string()))?;
        Ok((real, meta))
    }

    /// The real location of `full` (links followed), refused when it is outside the root.
    fn resolve(&self, full: &Path) -> Result<PathBuf, ReadError> {
        let real = match fs::canonicalize(full) {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let is_link = fs::symlink_metadata(full).is_ok_and(|m| m.file_type().is_symlink());
                if is_link {
                    let target = fs::read_link(full)
                        .map(|t| t.display().to_string())
                        .unwrap_or_default();
                    return Err(ReadError::Io(format!("dangling symbolic link to {target}")));
                }
                return Err(ReadError::NotFound);
            }
            Err(e) => return Err(ReadError::Io(e.to_string())),
        };
        if real.starts_with(&self.canonical_root) {
            Ok(real)
        } else {
            Err(ReadError::OutsideRoot {
                target: real.display().to_string(),
            })
        }
    }
}

impl Source for WorkTree {
    fn describe(&self) -> String {
        format!("working tree {}", self.root.display())
    }

    fn list(&self, dir: &str) -> Result<Vec<Entry>, SourceError> {
        let shown = if dir.is_empty() { "." } else { dir };
        let list_err = |reason: String| SourceError::List {
            path: shown.into(),
            reason,
        };
        let outside = |target: String| SourceError::Outside {
            path: shown.into(),
            target,
        };
        let full = self.full(dir).map_err(outside)?;
        // Listing a folder outside the root would show names that were never reviewed.
        match self.folder(dir, &full) {
            Ok(_) => {}
            // As in a git tree, a missing directory lists as empty.
            Err(ReadError::NotFound) => return Ok(Vec::new()),
            Err(ReadError::OutsideRoot { target }) => return Err(outside(target)),
            Err(e) => return Err(list_err(e.to_string())),
        }
        let iter = match fs::read_dir(&full) {
            Ok(iter) => iter,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(list_err(e.to_string())),
        };
        let mut entries = Vec::new();
        for entry in iter {
            let entry = entry.map_err(|e| list_err(e.to_string()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            // The kind the listing itself gives (no system call); a link is followed to learn
            // its target's kind (`stat` opens nothing, so a pipe cannot block it), and its
            // target is vetted again when it is read.
            let kind = match entry.file_type() {
                Ok(t) if t.is_dir() => EntryKind::Dir,
                Ok(t) if !t.is_symlink() => EntryKind::File,
                _ => match fs::metadata(entry.path()) {
                    Ok(m) if m.is_dir() => EntryKind::Dir,
                    _ => EntryKind::File,
                },
            };
            entries.push(Entry { name, kind });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }

    fn reread(&self, path: &str, cap: u64) -> Option<Reread> {
        let tree = WorkTree {
            ids: Arc::clone(&self.reread_ids),
            ..self.clone()
        };
        let path = path.to_string();
        Some(Arc::new(move || tree.read_identified(&path, cap)))
    }

    fn read(&self, path: &str, cap: u64) -> Result<Vec<u8>, ReadError> {
        self.read_with_meta(path, cap).map(|(bytes, _)| bytes)
    }

    /// The bytes, and their blob id: the one git's index records when the file opened is the
    /// version it recorded (see [`Vouching`]), else computed from the bytes.
    fn read_identified(&self, path: &str, cap: u64) -> Result<(Vec<u8>, Oid), ReadError> {
        let (bytes, meta) = self.read_with_meta(path, cap)?;
        let id = self.ids.id(&self.root, path, &bytes, &meta);
        Ok((bytes, id))
    }
}

impl WorkTree {
    /// [`Source::read`], with the metadata of the file that was opened and read.
    fn read_with_meta(&self, path: &str, cap: u64) -> Result<(Vec<u8>, fs::Metadata), ReadError> {
        let io = |e: std::io::Error| ReadError::Io(e.to_string());
        let full = self
            .full(path)
            .map_err(|target| ReadError::OutsideRoot { target })?;
        // The type first, from metadata: only a regular file is opened at all.
        let (real, meta) = self.locate(path, &full)?;
        regular(&meta)?;
        if meta.len() > cap {
            return Err(ReadError::TooLarge {
                size: meta.len(),
                cap,
            });
        }
        let file = open_without_blocking(&real).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            _ => io(e),
        })?;
        // The path may have been swapped between the look and the open: what counts is what
        // was opened.
        let meta = file.metadata().map_err(io)?;
        regular(&meta)?;
        if meta.len() > cap {
            return Err(ReadError::TooLarge {
                size: meta.len(),
                cap,
            });
        }
        // Read at most cap + 1 bytes: the file may grow between stat and read.
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        let mut limited = (&file).take(cap.saturating_add(1));
        limited.read_to_end(&mut bytes).map_err(io)?;
        // Looked at again after the read: a file changed while it was read has a later change
        // time than the index can vouch for.
        let meta = file.metadata().map_err(io)?;
        if bytes.len() as u64 > cap {
            return Err(ReadError::TooLarge {
                size: bytes.len() as u64,
                cap,
            });
        }
        Ok((bytes, meta))
    }
}

/// Refuses anything but a regular file, naming what it is.
fn regular(meta: &fs::Metadata) -> Result<(), ReadError> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_dir() {
        "a directory"
    } else {
        special_kind(&kind)
    };
    Err(ReadError::NotAFile { what })
}

#[cfg(unix)]
fn special_kind(kind: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_kind: &fs::FileType) -> &'static str {
    "a special file"
}

/// Opens for reading without waiting for a writer (a pipe swapped in after the type check
/// opens at once and is then refused) and without following a link in the last component (the
/// path was resolved already; a link there now is a swap).
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<fs::File> {
    fs::File::open(path)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn paths_that_leave_the_root_by_their_spelling_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.yaml"), "a: 1\n").unwrap();
        let tree = WorkTree::open(dir.path()).unwrap();
        for path in ["../a.yaml", "/etc/passwd", "x/../../a.yaml"] {
            assert!(
                matches!(tree.read(path, 100), Err(ReadError::OutsideRoot { .. })),
                "{path}"
            );
            assert!(
                matches!(tree.list(path), Err(SourceError::Outside { .. })),
                "{path}"
            );
        }
        assert_eq!(tree.read("a.yaml", 100).unwrap(), b"a: 1\n");
        assert!(matches!(
            tree.read("", 100),
            Err(ReadError::NotAFile {
                what: "a directory"
            })
        ));
    }

    /// An empty root, and a folder outside it holding `secret.yaml`.
    #[cfg(unix)]
    fn root_and_outside() -> (tempfile::TempDir, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.yaml"), "s: 1\n").unwrap();
        (dir, outside)
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_linked_outside_the_root_is_not_listed() {
        let (dir, outside) = root_and_outside();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("projects")).unwrap();
        let tree = WorkTree::open(dir.path()).unwrap();
        assert!(matches!(
            tree.list("projects"),
            Err(SourceError::Outside { .. })
        ));
    }

    /// Files are found through their folder's remembered real location; links, wherever they
    /// are, are still judged by where they lead, on every read.
    #[cfg(unix)]
    #[test]
    fn remembered_folders_judge_links_as_the_full_walk_does() {
        use std::os::unix::fs::symlink;
        let (dir, outside) = root_and_outside();
        let a = dir.path().join("projects/a");
        fs::create_dir_all(&a).unwrap();
        fs::write(a.join("kpis.yaml"), "k: 1\n").unwrap();
        symlink("kpis.yaml", a.join("inner.yaml")).unwrap();
        symlink(outside.path().join("secret.yaml"), a.join("leak.yaml")).unwrap();
        symlink("a", dir.path().join("projects/b")).unwrap();
        symlink(outside.path(), dir.path().join("projects/c")).unwrap();
        let tree = WorkTree::open(dir.path()).unwrap();
        let kinds: Vec<_> = tree
            .list("projects")
            .unwrap()
            .into_iter()
            .map(|e| (e.name, e.kind == EntryKind::Dir))
            .collect();
        let expected = [("a", true), ("b", true), ("c", true)].map(|(n, d)| (n.to_string(), d));
        assert_eq!(kinds, expected);
        let files: Vec<_> = tree
            .list("projects/a")
            .unwrap()
            .into_iter()
            .map(|e| (e.name, e.kind == EntryKind::File))
            .collect();
        assert!(files.iter().all(|(_, file)| *file), "{files:?}");
        // Twice each: the second read finds the folder remembered.
        for _ in 0..2 {
            assert_eq!(tree.read("projects/a/kpis.yaml", 100).unwrap(), b"k: 1\n");
            assert_eq!(tree.read("projects/a/inner.yaml", 100).unwrap(), b"k: 1\n");
            assert_eq!(tree.read("projects/b/kpis.yaml", 100).unwrap(), b"k: 1\n");
            assert!(matches!(
                tree.read("projects/a/leak.yaml", 100),
                Err(ReadError::OutsideRoot { .. })
            ));
            assert!(matches!(
                tree.read("projects/c/secret.yaml", 100),
                Err(ReadError::OutsideRoot { .. })
            ));
            assert!(matches!(
                tree.read("projects/a/missing.yaml", 100),
                Err(ReadError::NotFound)
            ));
            assert!(matches!(
                tree.read("projects/a", 100),
                Err(ReadError::NotAFile {
                    what: "a directory"
                })
            ));
        }
        // What a file read again is given: the bytes and their hash, with no index.
        let reread = tree.reread("projects/a/kpis.yaml", 100).unwrap();
        assert_eq!(
            reread().unwrap(),
            (b"k: 1\n".to_vec(), crate::source::blob_id(b"k: 1\n"))
        );
    }
}
