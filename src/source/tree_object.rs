//! Tree objects as git stores them, read once per process and walked without libgit2's parser.
//!
//! A governance repository's projects tree has one entry per project (about 300 KB at 5,000
//! projects), usually stored as a delta against an older version. libgit2 keeps no tree larger
//! than 4 KB in its object cache, so every reader of it — the folder listing of each side of a
//! comparison, the scope of a pull request, the history walk — inflated and parsed it again: a
//! one-project change cost as much as the whole portfolio. A tree's id names its bytes, so the
//! bytes read once can serve every later reader in the process, whatever repository handle asks.

use std::cmp::Ordering;
use std::sync::{Arc, Mutex};

use git2::{ObjectType, Oid, Repository};

/// Length of an entry's binary object id.
pub const ID_LEN: usize = 20;
/// Trees smaller than this are left to libgit2's own cache (and indexed anew by each reader).
pub const SMALL: usize = 4096;
/// Large trees kept: the two sides of a comparison and the commits next to them.
const KEPT: usize = 8;

/// What the process keeps of its last few large trees (their bytes, their listings), by tree
/// id, oldest first: a tree's id names its bytes, so whatever is derived from them once serves
/// every later reader.
#[derive(Debug)]
pub struct Recent<T: ?Sized>(Mutex<Vec<(Oid, Arc<T>)>>);

impl<T: ?Sized> Default for Recent<T> {
    fn default() -> Recent<T> {
        Recent::new()
    }
}

impl<T: ?Sized> Recent<T> {
    /// Nothing kept yet.
    pub const fn new() -> Recent<T> {
        Recent(Mutex::new(Vec::new()))
    }

    /// What is kept for the tree `id`.
    pub fn get(&self, id: Oid) -> Option<Arc<T>> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, v)| Arc::clone(v))
    }

    /// Keeps `value` for the tree `id`, forgetting the oldest past [`KEPT`].
    pub fn keep(&self, id: Oid, value: &Arc<T>) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push((id, Arc::clone(value)));
    }
}

/// One entry of a tree object: `<octal mode> <name>\0<20-byte id>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item<'a> {
    /// The mode as written (octal digits).
    pub mode: &'a [u8],
    /// The entry's name.
    pub name: &'a [u8],
    /// The binary object id.
    pub id: &'a [u8],
    /// The mode's value (its octal digits read).
    value: i32,
}

impl Item<'_> {
    /// Whether the entry is a folder (a tree).
    pub fn is_folder(&self) -> bool {
        self.mode == b"40000"
    }

    /// The mode as libgit2 reports it (normalised: a regular file is 0o100644 or 0o100755,
    /// whatever other permission bits it was written with) and the kind of object the mode says
    /// the entry is, decided as libgit2 decides them (`git_tree_entry_filemode`,
    /// `git_tree_entry_type`).
    pub fn kind(&self) -> (i32, Option<ObjectType>) {
        let raw = self.mode_value();
        let kind = match raw & 0o170_000 {
            0o160_000 => ObjectType::Commit,
            0o040_000 => ObjectType::Tree,
            _ => ObjectType::Blob,
        };
        let mode = match raw & 0o170_000 {
            0o040_000 => 0o040_000,
            _ if raw & 0o100 != 0 => 0o100_755,
            0o160_000 => 0o160_000,
            0o120_000 => 0o120_000,
            _ => 0o100_644,
        };
        (mode, Some(kind))
    }

    /// The mode's octal digits as a number ([`item`] admits at most 0o177777).
    fn mode_value(&self) -> i32 {
        self.value
    }
}

/// One entry of a tree, owned, as libgit2 reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The entry's name (bytes: git does not require UTF-8).
    pub name: Vec<u8>,
    /// The mode, normalised ([`Item::kind`]).
    pub mode: i32,
    /// The kind of object the mode says the entry is.
    pub kind: Option<ObjectType>,
    /// The object's id.
    pub id: Oid,
}

impl Entry {
    /// Whether the entry is a folder (a tree).
    pub fn is_tree(&self) -> bool {
        self.kind == Some(ObjectType::Tree)
    }
}

impl Item<'_> {
    /// The entry, owned.
    pub fn to_entry(&self) -> Option<Entry> {
        let (mode, kind) = self.kind();
        Some(Entry {
            name: self.name.to_vec(),
            mode,
            kind,
            id: Oid::from_bytes(self.id).ok()?,
        })
    }
}

/// The entry starting at `at` and where the next one starts; `None` when the bytes there do
/// not read as an entry.
pub fn item(buf: &[u8], at: usize) -> Option<(Item<'_>, usize)> {
    let rest = buf.get(at..)?;
    // The mode: one to six octal digits up to the first space (libgit2 refuses a longer one; such
    // a tree is left to it to report).
    let (mut space, mut value) = (0, 0);
    loop {
        match *rest.get(space)? {
            b' ' if space > 0 => break,
            d @ b'0'..=b'7' if space < 6 => {
                value = value * 8 + i32::from(d - b'0');
                space += 1;
            }
            _ => return None,
        }
    }
    let nul = space + 1 + memchr::memchr(0, &rest[space + 1..])?;
    let end = nul + 1 + ID_LEN;
    let id = rest.get(nul + 1..end)?;
    let item = Item {
        mode: &rest[..space],
        name: &rest[space + 1..nul],
        id,
        value,
    };
    // libgit2 refuses a mode above 16 bits and a longer name, and a name must not be empty.
    if item.name.is_empty() || value > 0o177_777 || item.name.len() > usize::from(u16::MAX) {
        return None;
    }
    Some((item, at + end))
}

/// Every entry of a tree object's bytes, in stored order; `None` when they do not read as a
/// tree (libgit2, reading it the full way, reports the damage).
pub fn entries(buf: &[u8]) -> Option<Vec<Item<'_>>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < buf.len() {
        let (it, next) = item(buf, at)?;
        out.push(it);
        at = next;
    }
    Some(out)
}

/// Every entry of the tree `id`, in stored order: read from its bytes here, or by libgit2 when
/// they do not read as a tree (libgit2 then says what is wrong with it). Every test run (a
/// debug build) reads each tree both ways and stops on a difference.
pub fn listing(repo: &Repository, id: Oid) -> Result<Vec<Entry>, git2::Error> {
    let bytes = read(repo, id)?;
    let Some(items) = entries(&bytes) else {
        return libgit2_listing(repo, id);
    };
    let ours: Vec<Entry> = items.iter().filter_map(Item::to_entry).collect();
    #[cfg(debug_assertions)]
    if let Ok(theirs) = libgit2_listing(repo, id) {
        debug_assert_eq!(ours, theirs, "tree {id} read two ways");
    }
    Ok(ours)
}

/// Every entry of the tree `id` as libgit2 parses it.
pub fn libgit2_listing(repo: &Repository, id: Oid) -> Result<Vec<Entry>, git2::Error> {
    Ok(repo
        .find_tree(id)?
        .iter()
        .map(|e| Entry {
            name: e.name_bytes().to_vec(),
            mode: e.filemode(),
            kind: e.kind(),
            id: e.id(),
        })
        .collect())
}

/// Git's order of two tree entries: by name bytes, a folder's name as if it ended in `/`.
pub fn git_cmp(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> Ordering {
    let n = a.len().min(b.len());
    let slash = |tree: bool| tree.then_some(b'/');
    a[..n].cmp(&b[..n]).then_with(|| {
        a[n..]
            .iter()
            .copied()
            .chain(slash(a_tree))
            .cmp(b[n..].iter().copied().chain(slash(b_tree)))
    })
}

/// The bytes of the tree `id`: from the process's last few large trees, else read from the
/// object database (and kept, when large).
pub fn read(repo: &Repository, id: Oid) -> Result<Arc<[u8]>, git2::Error> {
    static BYTES: Recent<[u8]> = Recent::new();
    if let Some(bytes) = BYTES.get(id) {
        return Ok(bytes);
    }
    let odb = repo.odb()?;
    let object = odb.read(id)?;
    if object.kind() != ObjectType::Tree {
        return Err(git2::Error::from_str(&format!("{id} is not a tree")));
    }
    let bytes: Arc<[u8]> = Arc::from(object.data());
    if bytes.len() >= SMALL {
        BYTES.keep(id, &bytes);
    }
    Ok(bytes)
}

/// A tree object's bytes from `(mode, name, id)` entries, in the order given (for tests that
/// write trees git would not).
#[cfg(test)]
pub fn tree_bytes(entries: &[(&str, &str, Oid)]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for (mode, name, id) in entries {
        bytes.extend_from_slice(format!("{mode} {name}\0").as_bytes());
        bytes.extend_from_slice(id.as_bytes());
    }
    bytes
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// libgit2's reading of a tree (names, ids, normalised modes, kinds) is what the entries
    /// read here say, for every kind of entry and for modes written with odd permission bits.
    #[test]
    fn entries_read_as_libgit2_reads_them() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = Repository::init(tmp.path()).unwrap();
        let blob = repo.blob(b"x").unwrap();
        let sub = repo.treebuilder(None).unwrap().write().unwrap();
        let bytes = tree_bytes(&[
            ("100644", "a", blob),
            ("100664", "b", blob),
            ("100755", "c", blob),
            ("120000", "d", blob),
            ("160000", "e", blob),
            ("40000", "f", sub),
            ("120755", "g", blob),
            ("160644", "h", blob),
            ("000644", "i", blob),
            ("040000", "j", sub),
        ]);
        let id = repo.odb().unwrap().write(ObjectType::Tree, &bytes).unwrap();
        let bytes = read(&repo, id).unwrap();
        let ours: Vec<Entry> = entries(&bytes)
            .unwrap()
            .iter()
            .map(|i| i.to_entry().unwrap())
            .collect();
        let theirs = libgit2_listing(&repo, id).unwrap();
        assert_eq!(listing(&repo, id).unwrap(), theirs);
        assert_eq!(ours.len(), 10);
        assert_eq!(ours, theirs);
    }

    #[test]
    fn bytes_that_are_not_a_tree_give_none() {
        assert_eq!(entries(b"40000 a"), None);
        assert_eq!(entries(b"4x000 a\0aaaaaaaaaaaaaaaaaaaa"), None);
        assert_eq!(entries(b"40000 \0aaaaaaaaaaaaaaaaaaaa"), None);
        // A mode past 16 bits, which libgit2 refuses: left to it.
        assert_eq!(entries(b"200000 a\0aaaaaaaaaaaaaaaaaaaa"), None);
        assert_eq!(entries(b"0100644 a\0aaaaaaaaaaaaaaaaaaaa"), None);
        assert_eq!(entries(b""), Some(Vec::new()));
    }
}
