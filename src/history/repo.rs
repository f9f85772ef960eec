//! Opening the git repository that holds the governance repository and resolving revisions
//! (which commits a run checks is [`super::range`]'s rule).

use std::path::{Path, PathBuf};

use chrono::Offset as _;
use git2::{ErrorCode, Oid, Repository};
use serde::Serialize;

use super::error::HistoryError;
use crate::model::Config;
use crate::source::{self, GitTree};

/// A git repository and where the governance repository sits inside it.
pub struct Repo {
    /// The repository.
    pub git: Repository,
    /// The governance root relative to the top of the work tree (`""` when it is the top), so
    /// that `--root` may name a folder of a larger repository.
    pub prefix: String,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("path", &self.git.path())
            .field("prefix", &self.prefix)
            .finish()
    }
}

/// One commit as the outputs show it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CommitInfo {
    /// The commit's full id.
    pub id: String,
    /// Its abbreviated id.
    pub short: String,
    /// Author date, RFC 3339 with the author's offset.
    pub date: String,
    /// The author's name.
    pub author: String,
    /// The author's e-mail.
    pub email: String,
    /// The first line of the message.
    pub summary: String,
    /// The pull request the message names (`Merge pull request #N`, `... (#N)`).
    pub pr: Option<u64>,
    /// The committer's e-mail: a signed commit vouches for its committer (who signed it).
    #[serde(skip)]
    pub committer_email: String,
    /// The commit's id.
    #[serde(skip)]
    pub oid: Oid,
    /// Its parents' ids.
    #[serde(skip)]
    pub parents: Vec<Oid>,
}

impl Repo {
    /// Finds the git repository containing `root`.
    pub fn open(root: &Path) -> Result<Repo, HistoryError> {
        // libgit2 re-hashes every object it reads to check its id by default; git itself does
        // not (an object's id is computed from its bytes when it enters the repository: by
        // `git fetch`'s index-pack, or when git writes it). A pull request controls the files
        // of its commits, never the mapping from id to bytes, so the check guards only against
        // a corrupted object store, at the price of hashing the projects folder's tree (one
        // entry per project) on every read of it: O(projects) for a one-project change.
        git2::opts::strict_hash_verification(false);
        let not_repo = || HistoryError::NotARepository {
            path: root.display().to_string(),
        };
        let git = Repository::discover(root).map_err(|_| not_repo())?;
        let prefix = match git.workdir() {
            Some(workdir) => {
                let workdir = std::fs::canonicalize(workdir).map_err(|_| not_repo())?;
                let root = std::fs::canonicalize(root).map_err(|_| not_repo())?;
                let rel: PathBuf = root
                    .strip_prefix(&workdir)
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            }
            None => String::new(),
        };
        Ok(Repo { git, prefix })
    }

    /// Whether history is missing (GitHub's checkout fetches one commit unless told otherwise).
    pub fn is_shallow(&self) -> bool {
        self.git.is_shallow()
    }

    /// The commit HEAD points at (a branch or, detached, a commit).
    pub fn head(&self) -> Result<Oid, HistoryError> {
        match self.git.head() {
            Ok(head) => Ok(head.peel_to_commit()?.id()),
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => {
                Err(HistoryError::NoCommits)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The first commit of `tip`'s first-parent history: the import that a repository's record
    /// starts from.
    pub fn first_commit(&self, tip: Oid) -> Result<Oid, HistoryError> {
        let mut commit = self.git.find_commit(tip)?;
        while commit.parent_count() > 0 {
            commit = commit.parent(0)?;
        }
        Ok(commit.id())
    }

    /// A revision (`main`, `origin/main`, `HEAD~2`, a commit id) as a commit.
    pub fn resolve(&self, rev: &str) -> Result<Oid, HistoryError> {
        let not_found = || HistoryError::RevNotFound {
            rev: rev.to_string(),
            hint: if self.is_shallow() {
                " (the clone is shallow: fetch the full history with `fetch-depth: 0`)".into()
            } else {
                String::new()
            },
        };
        let object = self.git.revparse_single(rev).map_err(|_| not_found())?;
        let commit = object.peel_to_commit().map_err(|_| not_found())?;
        Ok(commit.id())
    }

    /// The author and committer e-mails of the commits reachable from `head` and not from
    /// `base`, sorted and once each: the people a comparison's history checks look up.
    pub fn emails_between(&self, base: Oid, head: Oid) -> Result<Vec<String>, HistoryError> {
        let mut walk = self.git.revwalk()?;
        walk.push(head)?;
        walk.hide(base)?;
        let mut keys = std::collections::BTreeSet::new();
        for oid in walk {
            let commit = self.git.find_commit(oid?)?;
            for who in [commit.author(), commit.committer()] {
                keys.insert(String::from_utf8_lossy(who.email_bytes()).into_owned());
            }
        }
        Ok(keys.into_iter().collect())
    }

    /// The best common ancestor of two commits.
    pub fn merge_base(&self, a: Oid, b: Oid, a_name: &str) -> Result<Oid, HistoryError> {
        match self.git.merge_base(a, b) {
            Ok(oid) => Ok(oid),
            Err(e) if e.code() == ErrorCode::NotFound => {
                if self.is_shallow() {
                    Err(HistoryError::Shallow)
                } else {
                    Err(HistoryError::NoMergeBase {
                        base: a_name.to_string(),
                        head: short(b),
                    })
                }
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The governance root's tree at a commit (`None` when the folder does not exist there).
    pub fn tree_at(&self, commit: Oid) -> Result<Option<Oid>, HistoryError> {
        let tree = self.git.find_commit(commit)?.tree()?;
        if self.prefix.is_empty() {
            return Ok(Some(tree.id()));
        }
        match tree.get_path(Path::new(&self.prefix)) {
            Ok(entry) if entry.kind() == Some(git2::ObjectType::Tree) => Ok(Some(entry.id())),
            Ok(_) => Ok(None),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// A [`GitTree`] source for the governance root at a commit (an empty tree when missing).
    pub fn source_at(&self, commit: Oid) -> Result<GitTree, HistoryError> {
        let tree = match self.tree_at(commit)? {
            Some(tree) => tree,
            None => self.git.treebuilder(None)?.write()?,
        };
        Ok(GitTree::open(
            self.git.path(),
            tree,
            format!("commit {}", short(commit)),
        )?)
    }

    /// The configuration (tollgate.yaml) at a commit, defaults when absent or invalid.
    pub fn config_at(&self, commit: Oid) -> Result<Config, HistoryError> {
        let source = self.source_at(commit)?;
        Ok(config_of(&source))
    }

    /// The roster (people.yaml) at a commit; `None` when it is absent or invalid there.
    pub fn people_at(&self, commit: Oid) -> Result<Option<crate::model::People>, HistoryError> {
        use crate::source::Source as _;
        let source = self.source_at(commit)?;
        let config = config_of(&source);
        let kind = crate::load::Kind::People;
        Ok(source
            .read(&config.people_file, config.max_file_bytes)
            .ok()
            .and_then(|bytes| crate::load::parse_bytes(&config.people_file, bytes, kind).typed()))
    }

    /// The commit `oid` as the outputs show it.
    pub fn commit_info(&self, oid: Oid) -> Result<CommitInfo, HistoryError> {
        let commit = self.git.find_commit(oid)?;
        let author = commit.author();
        let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
        let when = author.when();
        Ok(CommitInfo {
            id: oid.to_string(),
            short: short(oid),
            date: rfc3339(when.seconds(), when.offset_minutes()),
            author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
            email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
            summary: message.lines().next().unwrap_or("").trim().to_string(),
            pr: super::pr::number(&message),
            committer_email: String::from_utf8_lossy(commit.committer().email_bytes()).into_owned(),
            oid,
            parents: commit.parent_ids().collect(),
        })
    }
}

impl Repo {
    /// How a commit is signed (its `gpgsig` header and the bytes it signs), as plain data for
    /// [`super::proof`] to verify.
    pub fn signature(&self, oid: Oid) -> Result<CommitSignature, HistoryError> {
        // Most commits are not signed: their parsed header (libgit2 keeps the commit an
        // earlier step read) says so without reading and scanning the whole object again. A
        // header that names a signature is read the full way; one that does not can only make
        // a signed commit count as unsigned, which proves less, never more.
        if let Err(e) = self.git.find_commit(oid)?.header_field_bytes("gpgsig")
            && e.code() == ErrorCode::NotFound
        {
            return Ok(CommitSignature::Unsigned);
        }
        match self.git.extract_signature(&oid, None) {
            Ok((signature, signed)) => Ok(CommitSignature::from_header(&signature, &signed)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(CommitSignature::Unsigned),
            Err(e) => Err(e.into()),
        }
    }
}

/// Reads tollgate.yaml from a source; defaults when it is absent or invalid (the loader reports
/// an invalid one where it matters).
pub fn config_of(source: &dyn source::Source) -> Config {
    let name = crate::load::Kind::Config.file_name();
    source
        .read(name, Config::default().max_file_bytes)
        .ok()
        .and_then(|bytes| {
            crate::load::parse_bytes(name, bytes, crate::load::Kind::Config).typed::<Config>()
        })
        .unwrap_or_default()
}

/// The seven-character abbreviation people recognise.
pub fn short(oid: Oid) -> String {
    let mut s = oid.to_string();
    s.truncate(7);
    s
}

/// Seconds since the epoch at an offset, as RFC 3339 (`2026-11-28T16:38:29+09:00`).
fn rfc3339(seconds: i64, offset_minutes: i32) -> String {
    let offset = chrono::FixedOffset::east_opt(offset_minutes.saturating_mul(60))
        .unwrap_or_else(|| chrono::Utc.fix());
    match chrono::DateTime::from_timestamp(seconds, 0) {
        Some(utc) => utc
            .with_timezone(&offset)
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        None => seconds.to_string(),
    }
}

/// How a commit is signed, as the repository holds it (read by [`Repo::signature`]; [`super::proof`] decides what it proves).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommitSignature {
    /// The commit carries no signature.
    Unsigned,
    /// An SSH signature (`git -c gpg.format=ssh`): the armored `SSH SIGNATURE` and the commit
    /// bytes it signs.
    Ssh {
        /// The `SSH SIGNATURE` block.
        armored: String,
        /// The commit bytes it signs.
        signed: Vec<u8>,
    },
    /// An OpenPGP or X.509 signature: only GitHub's verification can speak for those here.
    Other {
        /// `OpenPGP` or `X.509`.
        kind: &'static str,
    },
}

impl CommitSignature {
    /// From a commit's `gpgsig` header and the bytes it signs.
    pub fn from_header(signature: &[u8], signed: &[u8]) -> CommitSignature {
        let text = String::from_utf8_lossy(signature);
        let head = text.trim_start();
        if head.starts_with("-----BEGIN SSH SIGNATURE-----") {
            CommitSignature::Ssh {
                armored: text.into_owned(),
                signed: signed.to_vec(),
            }
        } else if head.starts_with("-----BEGIN PGP SIGNATURE-----") {
            CommitSignature::Other { kind: "OpenPGP" }
        } else if head.starts_with("-----BEGIN SIGNED MESSAGE-----") {
            CommitSignature::Other { kind: "X.509" }
        } else {
            CommitSignature::Other {
                kind: "unrecognised",
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rfc3339;

    #[test]
    fn dates_keep_the_author_offset() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00+00:00");
        assert_eq!(rfc3339(1_800_000_000, 540), "2027-01-15T17:00:00+09:00");
        assert_eq!(rfc3339(1_800_000_000, -300), "2027-01-15T03:00:00-05:00");
    }
}
