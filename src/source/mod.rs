//! Where the repository's files come from.
//!
//! The loader never touches the file system directly: it asks a [`Source`] for directory
//! listings and file bytes by repository-relative path (`projects/x/kpis.yaml`, always with `/`).
//! The working tree is one source; a git commit's tree is another ([`GitTree`]). Both refuse what the
//! loader must not read — files above the size cap, links leading outside the repository, paths
//! with `..`, and anything that is not a regular file (a named pipe would block the read) — with
//! a typed [`ReadError`] (or, for a folder, [`SourceError`]) that the loader turns into a finding.

mod git;
mod memory;
mod worktree;

use git2::Oid;

pub use git::GitTree;
pub use memory::MemoryTree;
pub use worktree::WorkTree;

/// What a directory entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
}

/// One entry of a directory listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub kind: EntryKind,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("no such file")]
    NotFound,
    #[error("the file is {size} bytes, more than the cap of {cap} bytes")]
    TooLarge { size: u64, cap: u64 },
    #[error("it is a symbolic link to {target}, outside the repository")]
    OutsideRoot { target: String },
    /// A named pipe, device, socket or directory where a file belongs: never opened for reading
    /// (a pipe would block forever, a device could be anything).
    #[error("it is {what}, not a regular file")]
    NotAFile { what: &'static str },
    #[error("{0}")]
    Io(String),
}

/// Why a whole source cannot be used (as opposed to one file in it).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read the repository root {path}: {reason}")]
    Root { path: String, reason: String },
    #[error("cannot list {path}: {reason}")]
    List { path: String, reason: String },
    /// A folder whose real location (after following links) is outside the repository.
    #[error("cannot list {path}: it leads to {target}, outside the repository")]
    Outside { path: String, target: String },
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

    /// A content id of a whole folder (git's tree id), when the source has one: two folders with
    /// the same id hold the same files.
    fn folder_id(&self, _path: &str) -> Option<String> {
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
