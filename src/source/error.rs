//! Why a source could not give what the loader asked for: one file ([`ReadError`], which the
//! loader turns into a finding about that file) or a whole folder ([`SourceError`]).

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file does not exist: the loader reports a missing file, not an unreadable one.
    #[error("no such file")]
    NotFound,
    #[error("the file is {size} bytes, more than the cap of {cap} bytes")]
    /// The file is larger than the cap: refused before it is read, so a huge file cannot
    /// exhaust memory.
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The cap it exceeds, in bytes.
        cap: u64,
    },
    /// A link leading outside the repository: following it would read files a pull request
    /// does not show.
    #[error("it is a symbolic link to {target}, outside the repository")]
    OutsideRoot {
        /// Where the link leads.
        target: String,
    },
    /// A named pipe, device, socket or directory where a file belongs: never opened for reading
    /// (a pipe would block forever, a device could be anything).
    #[error("it is {what}, not a regular file")]
    NotAFile {
        /// What it is instead ("a named pipe", "a directory", ...).
        what: &'static str,
    },
    /// Any other failure of the operating system or of git, with its message.
    #[error("{0}")]
    Io(String),
}

/// Why a whole source cannot be used (as opposed to one file in it).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The root itself cannot be read: nothing can be loaded, so this is an input error.
    #[error("cannot read the repository root {path}: {reason}")]
    Root {
        /// The root as given.
        path: String,
        /// Why it cannot be read.
        reason: String,
    },
    /// A folder cannot be listed (not a folder, no permission).
    #[error("cannot list {path}: {reason}")]
    List {
        /// The folder, relative to the repository.
        path: String,
        /// Why it cannot be listed.
        reason: String,
    },
    /// A folder whose real location (after following links) is outside the repository.
    #[error("cannot list {path}: it leads to {target}, outside the repository")]
    Outside {
        /// The folder, relative to the repository.
        path: String,
        /// Where it leads.
        target: String,
    },
}
