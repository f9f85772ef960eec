//! What every source offers the loader: directory listings and file bytes by
//! repository-relative path, and the git ids that let the same version be recognised wherever it
//! is read.

use std::sync::Arc;

use git2::Oid;

use super::error::{ReadError, SourceError};

/// Reads one file's bytes again, later and without the source borrowed, with their blob id (as
/// [`Source::read_identified`]).
pub type Reread = Arc<dyn Fn() -> Result<(Vec<u8>, Oid), ReadError> + Send + Sync>;

/// What a directory entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file (or a link to one inside the repository).
    File,
    /// A folder.
    Dir,
}

/// One entry of a directory listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The entry's name inside its folder (no `/`).
    pub name: String,
    /// Whether it is a file or a folder.
    pub kind: EntryKind,
}

/// A tree of files addressed by repository-relative paths.
pub trait Source: Sync {
    /// Human-readable name of what is read ("working tree /x", "commit 1a2b3c4").
    fn describe(&self) -> String;

    /// Entries of a directory, sorted by name; `""` is the root. A missing directory is empty.
    fn list(&self, dir: &str) -> Result<Vec<Entry>, SourceError>;

    /// The bytes of a file, refusing files larger than `cap` bytes.
    fn read(&self, path: &str, cap: u64) -> Result<Vec<u8>, ReadError>;

    /// [`Source::read`], with the file's git blob id: the one the source already knows (a
    /// commit's tree), else computed from the bytes as git would ([`blob_id`]), so that a file of
    /// the working tree and the same version in a commit are known to be the same.
    fn read_identified(&self, path: &str, cap: u64) -> Result<(Vec<u8>, Oid), ReadError> {
        let bytes = self.read(path, cap)?;
        let id = blob_id(&bytes);
        Ok((bytes, id))
    }

    /// A content id for caching parsed files (git's blob id), when the source has one.
    fn content_id(&self, _path: &str) -> Option<String> {
        None
    }

    /// A way to read `path` again later (refusing more than `cap` bytes), when the source has
    /// one: the working tree does, so the loader need not keep the texts of files without a
    /// finding. `None`: the text is kept.
    fn reread(&self, _path: &str, _cap: u64) -> Option<Reread> {
        None
    }

    /// A content id of a whole folder (git's tree id), when the source has one: two folders with
    /// the same id hold the same files.
    fn folder_id(&self, _path: &str) -> Option<String> {
        None
    }

    /// How many folders [`Source::list`] gives for `dir` whose name does not start with `.`,
    /// counted without naming each, when the source can and no kind there depends on following
    /// a symbolic link (`dir` is reached without one, and holds none). `None`: list it instead.
    /// A commit's projects folder holds thousands of folders, of which a comparison needs the
    /// number and the few that changed.
    fn count_folders(&self, _dir: &str) -> Option<usize> {
        None
    }
}

/// The id git gives a file with these bytes (the SHA-1 of `blob <size>\0` and the bytes).
pub fn blob_id(bytes: &[u8]) -> Oid {
    // Hashing cannot fail for a blob; the zero id (which no content has) stands in if it did.
    Oid::hash_object(git2::ObjectType::Blob, bytes).unwrap_or(Oid::ZERO_SHA1)
}

/// Joins repository-relative path parts with `/`.
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{}/{}", dir.trim_end_matches('/'), name)
    }
}
