//! The working tree on disk as a [`Source`].

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Entry, EntryKind, ReadError, Source, SourceError};

/// Files under a directory on disk. Symbolic links are followed only while they stay inside the
/// root: a link leading outside is refused, so nothing unreviewed is read.
#[derive(Debug)]
pub struct WorkTree {
    root: PathBuf,
    canonical_root: PathBuf,
}

impl WorkTree {
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
            root: root.to_path_buf(),
            canonical_root,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn full(&self, rel: &str) -> PathBuf {
        if rel.is_empty() {
            self.root.clone()
        } else {
            self.root.join(rel)
        }
    }

    /// Refuses a path whose real location (after following links) is outside the root.
    fn check_inside(&self, full: &Path) -> Result<(), ReadError> {
        let is_link = fs::symlink_metadata(full)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false);
        let real = match fs::canonicalize(full) {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
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
            Ok(())
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
        let full = self.full(dir);
        let list_err = |reason: String| SourceError::List {
            path: if dir.is_empty() {
                ".".into()
            } else {
                dir.into()
            },
            reason,
        };
        let iter = match fs::read_dir(&full) {
            Ok(iter) => iter,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(list_err(e.to_string())),
        };
        let mut entries = Vec::new();
        for entry in iter {
            let entry = entry.map_err(|e| list_err(e.to_string()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            // Follow links to learn the kind; a link's target is vetted again when it is read.
            let kind = match fs::metadata(entry.path()) {
                Ok(m) if m.is_dir() => EntryKind::Dir,
                _ => EntryKind::File,
            };
            entries.push(Entry { name, kind });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }

    fn read(&self, path: &str, cap: u64) -> Result<Vec<u8>, ReadError> {
        let full = self.full(path);
        self.check_inside(&full)?;
        let file = fs::File::open(&full).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Io(e.to_string()),
        })?;
        let meta = file.metadata().map_err(|e| ReadError::Io(e.to_string()))?;
        if meta.is_dir() {
            return Err(ReadError::Io("it is a directory, not a file".into()));
        }
        if meta.len() > cap {
            return Err(ReadError::TooLarge {
                size: meta.len(),
                cap,
            });
        }
        // Read at most cap + 1 bytes: the file may grow between stat and read.
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        file.take(cap.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| ReadError::Io(e.to_string()))?;
        if bytes.len() as u64 > cap {
            return Err(ReadError::TooLarge {
                size: bytes.len() as u64,
                cap,
            });
        }
        Ok(bytes)
    }
}
