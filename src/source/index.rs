//! Blob ids of working-tree files taken from git's index, when the file opened is the version
//! the index recorded: git's own rule (`git status` hashes only the files whose stat data
//! changed).
//!
//! Hashing every file as a git blob (SHA-1 with collision detection) was a quarter of a full
//! `check`. A file is the version the index recorded when its size, modification time, change
//! time and inode are the ones recorded, and the entry is not "racy": both its times are before
//! the index file was written, so a change made afterwards, even within the same clock tick,
//! gives the file a later change time (which only a change of the system clock could set
//! back). Anything else is hashed: an entry in conflict, marked assume-unchanged or
//! skip-worktree, a link, a file reached through a link (its inode is another's), a root
//! outside any repository, a platform without these stat fields. The index is not used at all where git may convert a file between the
//! working tree and the blob (line endings, LFS and other filters): with a `.gitattributes` file
//! anywhere in the repository (a pull request can add one), an attributes file of the
//! repository, the user or the system, or `core.autocrlf` on. Then the bytes on disk are not
//! the blob's, and their own id is what tells two versions apart.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use git2::{Oid, Repository};

use super::tree::blob_id;

/// Blob ids for the files of one working tree: from the index ([`IndexIds`]) once it is worth
/// reading, else hashed.
///
/// libgit2 checksums the whole index file each time it reads it (at 30,000 files a 2.6 MB
/// index, as much work as hashing 2.6 MB of files), so the index is read only once the files
/// hashed so far add up to its size: a run that reads a handful of files (a pull request's)
/// just hashes them, and no run hashes more than twice what it must.
#[derive(Debug, Default)]
pub struct Vouching {
    hashed: AtomicU64,
    index_size: OnceLock<Option<u64>>,
    index: OnceLock<Option<IndexIds>>,
}

impl Vouching {
    /// One that never reads the index: every id is the hash of the bytes. For reading a file
    /// again after the load, so that the index's entries (megabytes at 30,000 files) are not
    /// kept for the few files read again.
    pub fn hashing_only() -> Vouching {
        Vouching {
            index_size: OnceLock::from(None),
            ..Vouching::default()
        }
    }

    /// The blob id of `bytes`, read for `path` (relative to `root`) from the file `meta` is of.
    pub fn id(&self, root: &Path, path: &str, bytes: &[u8], meta: &fs::Metadata) -> Oid {
        if let Some(id) = self
            .index_when_worth_it(root, bytes.len())
            .and_then(|index| index.id(path, meta))
        {
            // Every debug build (so every test run) checks what the index vouched for.
            debug_assert_eq!(id, blob_id(bytes), "the index's id of {path}");
            return id;
        }
        blob_id(bytes)
    }

    fn index_when_worth_it(&self, root: &Path, len: usize) -> Option<&IndexIds> {
        if let Some(loaded) = self.index.get() {
            return loaded.as_ref();
        }
        let size = (*self.index_size.get_or_init(|| index_file_size(root)))?;
        let len = u64::try_from(len).unwrap_or(u64::MAX);
        let hashed = self
            .hashed
            .fetch_add(len, Ordering::Relaxed)
            .saturating_add(len);
        if hashed <= size {
            return None;
        }
        self.index.get_or_init(|| IndexIds::load(root)).as_ref()
    }
}

/// The size of the index of the repository whose working tree holds `root`.
fn index_file_size(root: &Path) -> Option<u64> {
    let repo = Repository::discover(root).ok()?;
    repo.workdir()?;
    fs::metadata(repo.path().join("index"))
        .ok()
        .map(|m| m.len())
}

/// What the index recorded about one file.
#[derive(Clone, Copy, Debug)]
struct Recorded {
    id: Oid,
    size: u32,
    mtime: (i32, u32),
    ctime: (i32, u32),
    ino: u32,
}

/// The index entries that can vouch for a file, by path relative to the governance root.
#[derive(Debug, Default)]
pub struct IndexIds {
    entries: HashMap<String, Recorded>,
}

/// Entry flags that mean the working tree need not hold what the entry says.
const STAGE_MASK: u16 = 0x3000;
const ASSUME_VALID: u16 = 0x8000;
const INTENT_TO_ADD: u16 = 1 << 13;
const SKIP_WORKTREE: u16 = 1 << 14;

impl IndexIds {
    /// The index of the repository whose working tree holds `root`; `None` without one.
    pub fn load(root: &Path) -> Option<IndexIds> {
        let repo = Repository::discover(root).ok()?;
        let workdir = fs::canonicalize(repo.workdir()?).ok()?;
        let root = fs::canonicalize(root).ok()?;
        let prefix: String = root
            .strip_prefix(&workdir)
            .ok()?
            .components()
            .map(|c| format!("{}/", c.as_os_str().to_string_lossy()))
            .collect();
        if may_convert(&repo) {
            return None;
        }
        let written = stamp(&fs::metadata(repo.path().join("index")).ok()?)?;
        let index = repo.index().ok()?;
        let attributes = |p: &[u8]| p == b".gitattributes" || p.ends_with(b"/.gitattributes");
        if index.iter().any(|e| attributes(&e.path)) {
            return None;
        }
        let mut entries = HashMap::new();
        for e in index.iter() {
            let regular = matches!(e.mode, 0o100644 | 0o100755);
            let unsure = e.flags & (STAGE_MASK | ASSUME_VALID) != 0
                || e.flags_extended & (INTENT_TO_ADD | SKIP_WORKTREE) != 0;
            let mtime = (e.mtime.seconds(), e.mtime.nanoseconds());
            let ctime = (e.ctime.seconds(), e.ctime.nanoseconds());
            let racy = later_or_same(mtime, written) || later_or_same(ctime, written);
            if !regular || unsure || racy {
                continue;
            }
            let Ok(path) = std::str::from_utf8(&e.path) else {
                continue;
            };
            if let Some(rel) = path.strip_prefix(prefix.as_str()) {
                let recorded = Recorded {
                    id: e.id,
                    size: e.file_size,
                    mtime,
                    ctime,
                    ino: e.ino,
                };
                entries.insert(rel.to_string(), recorded);
            }
        }
        Some(IndexIds { entries })
    }

    /// The id the index records for `path`, when `meta` (of the file opened for it) is what
    /// the index recorded.
    pub fn id(&self, path: &str, meta: &fs::Metadata) -> Option<Oid> {
        let recorded = self.entries.get(path)?;
        (stat(meta)? == (recorded.size, recorded.mtime, recorded.ctime, recorded.ino))
            .then_some(recorded.id)
    }
}

/// Whether git may convert files between the working tree and the index: settings or
/// attributes files outside the index that could ask for it.
fn may_convert(repo: &Repository) -> bool {
    let config = repo.config().ok();
    let set = |key: &str| {
        config
            .as_ref()
            .is_some_and(|c| c.get_entry(key).is_ok_and(|e| e.has_value()))
    };
    // `core.autocrlf` is off only when unset or false: `input` (not a boolean) converts too.
    let autocrlf_off = !set("core.autocrlf")
        || config
            .as_ref()
            .is_some_and(|c| matches!(c.get_bool("core.autocrlf"), Ok(false)));
    let autocrlf_off = config.is_some() && autocrlf_off && !set("core.eol");
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| home.map(|h| h.join(".config")));
    let files = [
        Some(repo.path().join("info/attributes")),
        xdg.map(|x| x.join("git/attributes")),
        Some(std::path::PathBuf::from("/etc/gitattributes")),
    ];
    !autocrlf_off || set("core.attributesFile") || files.iter().flatten().any(|f| f.exists())
}

/// Whether `a` is at or after `b`.
fn later_or_same(a: (i32, u32), b: (i32, u32)) -> bool {
    a >= b
}

/// A modification time as the index stores it (seconds truncated to 32 bits, nanoseconds).
#[cfg(unix)]
fn stamp(meta: &fs::Metadata) -> Option<(i32, u32)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.mtime() as i32, u32::try_from(meta.mtime_nsec()).ok()?))
}

#[cfg(not(unix))]
fn stamp(_meta: &fs::Metadata) -> Option<(i32, u32)> {
    None
}

/// Size, modification time, change time and inode as the index stores them.
type Stat = (u32, (i32, u32), (i32, u32), u32);

/// The [`Stat`] of a file.
#[cfg(unix)]
fn stat(meta: &fs::Metadata) -> Option<Stat> {
    use std::os::unix::fs::MetadataExt;
    Some((
        u32::try_from(meta.size()).ok()?,
        stamp(meta)?,
        (meta.ctime() as i32, u32::try_from(meta.ctime_nsec()).ok()?),
        meta.ino() as u32,
    ))
}

#[cfg(not(unix))]
fn stat(_meta: &fs::Metadata) -> Option<Stat> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;
    use std::time::{Duration, SystemTime};

    fn git(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir)
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .status()
            .expect("git runs")
            .success();
        assert!(ok, "git {args:?}");
    }

    /// An unchanged file is vouched for; one changed afterwards is not, even with its size and
    /// modification time put back; a racy entry and a path the index lacks are not either.
    #[test]
    fn only_the_recorded_version_is_vouched_for() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        git(root, &["init", "-q"]);
        fs::create_dir(root.join("gov")).expect("mkdir");
        let file = root.join("gov/a.yaml");
        fs::write(&file, "a: 1\n").expect("write");
        fs::write(root.join("gov/racy.yaml"), "r: 1\n").expect("write");
        // Times before the index is written, as after a checkout some time ago.
        let past = SystemTime::now() - Duration::from_secs(3600);
        fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|f| f.set_modified(past))
            .expect("set mtime");
        std::thread::sleep(Duration::from_millis(20));
        git(root, &["add", "-A"]);
        let ids = IndexIds::load(&root.join("gov")).expect("an index");
        let meta = fs::metadata(&file).expect("stat");
        let blob = crate::source::blob_id(b"a: 1\n");
        assert_eq!(ids.id("a.yaml", &meta), Some(blob));
        assert_eq!(ids.id("missing.yaml", &meta), None);

        // Same size, same modification time, other bytes: the change time gives it away.
        std::thread::sleep(Duration::from_millis(20));
        fs::write(&file, "a: 2\n").expect("write");
        fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|f| f.set_modified(past))
            .expect("set mtime");
        let meta = fs::metadata(&file).expect("stat");
        assert_eq!(meta.len(), 5);
        assert_eq!(ids.id("a.yaml", &meta), None);

        // An entry whose times are not before the index file's own is never trusted: a file
        // dated in the future when it was added.
        let racy = root.join("gov/racy.yaml");
        let future = SystemTime::now() + Duration::from_secs(3600);
        fs::File::options()
            .write(true)
            .open(&racy)
            .and_then(|f| f.set_modified(future))
            .expect("set mtime");
        git(root, &["add", "-A"]);
        let ids = IndexIds::load(&root.join("gov")).expect("an index");
        let racy_meta = fs::metadata(&racy).expect("stat");
        assert_eq!(ids.id("racy.yaml", &racy_meta), None);
        assert!(ids.entries.contains_key("a.yaml") && !ids.entries.contains_key("racy.yaml"));

        // `core.autocrlf` set to anything but false (`input` is not a boolean) turns it off.
        for (value, used) in [("false", true), ("input", false), ("true", false)] {
            git(root, &["config", "core.autocrlf", value]);
            assert_eq!(
                IndexIds::load(&root.join("gov")).is_some(),
                used,
                "autocrlf {value}"
            );
        }
        git(root, &["config", "--unset", "core.autocrlf"]);

        // A pull request that adds attributes (line endings, a filter) turns the index off.
        fs::write(root.join("gov/.gitattributes"), "*.yaml text eol=crlf\n").expect("write");
        git(root, &["add", "-A"]);
        assert!(IndexIds::load(&root.join("gov")).is_none());
    }

    /// The index is read once the bytes hashed outweigh it, and then vouches.
    #[test]
    fn the_index_is_read_once_hashing_would_cost_more() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        git(root, &["init", "-q"]);
        let big = "k: v\n".repeat(2000);
        fs::write(root.join("small.yaml"), "a: 1\n").expect("write");
        fs::write(root.join("big.yaml"), &big).expect("write");
        let past = SystemTime::now() - Duration::from_secs(3600);
        for name in ["small.yaml", "big.yaml"] {
            fs::File::options()
                .write(true)
                .open(root.join(name))
                .and_then(|f| f.set_modified(past))
                .expect("set mtime");
        }
        // Setting the time changed the files' change time to now, and the file system's clock
        // is coarse: an index written in the same tick holds them as racy (not vouched for).
        // Wait until a file written now is stamped later (a few milliseconds at most).
        let changed = fs::metadata(root.join("big.yaml")).expect("stat");
        for _ in 0..1000 {
            fs::write(root.join(".git/tick"), "").expect("write");
            let now = fs::metadata(root.join(".git/tick")).expect("stat");
            if stat(&now).map(|s| s.2) > stat(&changed).map(|s| s.2) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        git(root, &["add", "-A"]);
        let index_size = fs::metadata(root.join(".git/index")).expect("stat").len();
        assert!((big.len() as u64) > index_size && index_size > 5);
        let vouching = Vouching::default();
        let small = fs::metadata(root.join("small.yaml")).expect("stat");
        assert_eq!(
            vouching.id(root, "small.yaml", b"a: 1\n", &small),
            blob_id(b"a: 1\n")
        );
        assert!(vouching.index.get().is_none(), "not read for five bytes");
        let meta = fs::metadata(root.join("big.yaml")).expect("stat");
        assert_eq!(
            vouching.id(root, "big.yaml", big.as_bytes(), &meta),
            blob_id(big.as_bytes())
        );
        let index = vouching
            .index
            .get()
            .expect("read")
            .as_ref()
            .expect("an index");
        assert_eq!(index.id("big.yaml", &meta), Some(blob_id(big.as_bytes())));
    }

    #[test]
    fn a_folder_outside_any_repository_has_no_index() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A temp dir may sit inside a repository on a developer's machine; only then is there one.
        if Repository::discover(dir.path()).is_err() {
            assert!(IndexIds::load(dir.path()).is_none());
        }
    }
}
