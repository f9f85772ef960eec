//! Where the repository's files come from.
//!
//! The loader never touches the file system directly: it asks a [`Source`] for directory
//! listings and file bytes by repository-relative path (`projects/x/kpis.yaml`, always with `/`).
//! The working tree is one source; a git commit's tree is another ([`GitTree`]). Both refuse what the
//! loader must not read — files above the size cap, links leading outside the repository, paths
//! with `..`, and anything that is not a regular file (a named pipe would block the read) — with
//! a typed [`ReadError`] (or, for a folder, [`SourceError`]) that the loader turns into a finding.

mod error;
mod git;
mod index;
mod memory;
mod tree;
mod tree_index;
pub mod tree_object;
mod worktree;

pub use error::{ReadError, SourceError};
pub use git::GitTree;
pub use memory::MemoryTree;
pub use tree::{Entry, EntryKind, Reread, Source, blob_id, join};
pub use worktree::WorkTree;
