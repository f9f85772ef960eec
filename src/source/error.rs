//! Why a source could not give what the loader asked for: one file ([`ReadError`], which the
//! loader turns into a finding about that file) or a whole folder ([`SourceError`]).

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
