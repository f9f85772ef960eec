//! An in-memory tree of files as a [`Source`]: what `policy test` evaluates after applying a
//! case's edits to its base repository, without writing anything to disk.

use std::collections::BTreeMap;

use super::error::{ReadError, SourceError};
use super::tree::{Entry, EntryKind, Source};

/// Files by repository-relative path.
#[derive(Clone, Debug, Default)]
pub struct MemoryTree {
    files: BTreeMap<String, Vec<u8>>,
    label: String,
}

impl MemoryTree {
    /// An empty tree; `label` is what [`Source::describe`] says of it.
    pub fn new(label: impl Into<String>) -> MemoryTree {
        MemoryTree {
            files: BTreeMap::new(),
            label: label.into(),
        }
    }

    /// Copies every file of another source (recursively, from its root).
    pub fn copy_from(
        source: &dyn Source,
        label: impl Into<String>,
        cap: u64,
    ) -> Result<MemoryTree, SourceError> {
        let mut tree = MemoryTree::new(label);
        let mut dirs = vec![String::new()];
        while let Some(dir) = dirs.pop() {
            for entry in source.list(&dir)? {
                let path = super::tree::join(&dir, &entry.name);
                match entry.kind {
                    EntryKind::Dir => dirs.push(path),
                    EntryKind::File => {
                        // Unreadable files are left out here and reported by the loader as missing
                        // or unreadable when it asks for them.
                        if let Ok(bytes) = source.read(&path, cap) {
                            tree.files.insert(path, bytes);
                        }
                    }
                }
            }
        }
        Ok(tree)
    }

    /// Adds or replaces the file at `path` (folders exist through the files in them).
    pub fn insert(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        self.files.insert(path.into(), bytes);
    }

    /// Removes the file at `path`; whether there was one.
    pub fn remove(&mut self, path: &str) -> bool {
        self.files.remove(path).is_some()
    }

    /// The bytes of the file at `path`, without a size cap.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }
}

impl Source for MemoryTree {
    fn describe(&self) -> String {
        self.label.clone()
    }

    fn list(&self, dir: &str) -> Result<Vec<Entry>, SourceError> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{}/", dir.trim_end_matches('/'))
        };
        let mut entries: BTreeMap<String, EntryKind> = BTreeMap::new();
        for path in self.files.keys() {
            let Some(rest) = path.strip_prefix(&prefix) else {
                continue;
            };
            match rest.split_once('/') {
                Some((name, _)) => entries.insert(name.to_string(), EntryKind::Dir),
                None => entries.insert(rest.to_string(), EntryKind::File),
            };
        }
        Ok(entries
            .into_iter()
            .map(|(name, kind)| Entry { name, kind })
            .collect())
    }

    fn read(&self, path: &str, cap: u64) -> Result<Vec<u8>, ReadError> {
        let bytes = self.files.get(path).ok_or(ReadError::NotFound)?;
        if bytes.len() as u64 > cap {
            return Err(ReadError::TooLarge {
                size: bytes.len() as u64,
                cap,
            });
        }
        Ok(bytes.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_files_and_folders() {
        let mut t = MemoryTree::new("t");
        t.insert("a.yaml", b"x".to_vec());
        t.insert("projects/p/kpis.yaml", b"kpis: []".to_vec());
        t.insert("projects/q/kpis.yaml", b"kpis: []".to_vec());
        let root: Vec<_> = t
            .list("")
            .expect("lists")
            .into_iter()
            .map(|e| (e.name, e.kind))
            .collect();
        assert_eq!(
            root,
            vec![
                ("a.yaml".into(), EntryKind::File),
                ("projects".into(), EntryKind::Dir)
            ]
        );
        assert_eq!(t.list("projects").expect("lists").len(), 2);
        assert!(t.list("nope").expect("lists").is_empty());
        assert!(matches!(
            t.read("a.yaml", 0),
            Err(ReadError::TooLarge { .. })
        ));
        assert!(matches!(t.read("b.yaml", 10), Err(ReadError::NotFound)));
    }
}
