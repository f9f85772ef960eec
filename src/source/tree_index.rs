//! Lookups by name in a tree object, answered from its bytes.
//!
//! Every path below the projects folder resolves through the projects tree: at 5,000 projects
//! that tree has 5,000 entries (about 250 KB), and parsing each into an owned name and sorting
//! them by name cost more than everything else a one-project `diff` does at that size. Git
//! writes a tree's entries sorted (by name, a folder's name as if it ended in `/`), so a lookup
//! can binary-search where each entry starts, and a listing only has to sort entries that are
//! already nearly in order. A tree that is not strictly in that order (git would not write it)
//! is parsed and sorted whole, as before, and so is a lookup that two entries answer (a file
//! and a folder of the same name): the answer is then the one the whole sorted listing gives.

use std::cmp::Ordering;
use std::sync::{Arc, OnceLock};

use git2::{ObjectType, Oid, Repository};

use super::tree_object::{self, Entry, Item, Recent, SMALL, git_cmp, item};

/// One entry as a lookup or a listing sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct View<'a> {
    /// The entry's name (bytes: git does not require UTF-8).
    pub name: &'a [u8],
    /// The mode, normalised as libgit2 reports it ([`Item::kind`]).
    pub mode: i32,
    /// The kind of object the mode says the entry is.
    pub kind: Option<ObjectType>,
    /// The object's id (20 bytes).
    pub id: &'a [u8],
}

impl View<'_> {
    /// The object's id.
    pub fn oid(&self) -> Oid {
        // Every id here is 20 bytes (read so, or an `Oid`'s own); the zero id cannot be reached.
        Oid::from_bytes(self.id).unwrap_or(Oid::ZERO_SHA1)
    }

    fn of_entry(e: &Entry) -> View<'_> {
        View {
            name: &e.name,
            mode: e.mode,
            kind: e.kind,
            id: e.id.as_bytes(),
        }
    }
}

/// Where one entry's name lies in the tree's bytes (its id follows the name's `\0`), and what
/// its mode says, read once when the tree is indexed.
#[derive(Clone, Copy, Debug)]
struct Rec {
    name_start: u32,
    name_end: u32,
    mode: i32,
    kind: Option<ObjectType>,
}

impl Rec {
    fn view<'a>(&self, bytes: &'a [u8]) -> View<'a> {
        let (start, end) = (self.name_start as usize, self.name_end as usize);
        View {
            name: &bytes[start..end],
            mode: self.mode,
            kind: self.kind,
            id: &bytes[end + 1..end + 1 + tree_object::ID_LEN],
        }
    }

    fn is_tree(&self) -> bool {
        self.kind == Some(ObjectType::Tree)
    }
}

/// A tree's entries, ready for lookups by name.
#[derive(Debug)]
pub struct Listing(Inner);

#[derive(Debug)]
enum Inner {
    /// The tree's bytes, strictly in git's order, and each entry's place in them.
    Indexed {
        bytes: Arc<[u8]>,
        recs: Box<[Rec]>,
        /// The whole listing sorted by name, built only if a lookup is ambiguous.
        sorted: OnceLock<Arc<[Entry]>>,
    },
    /// Every entry, sorted by name.
    Sorted(Arc<[Entry]>),
}

impl Listing {
    /// The entry named `name`, as a binary search of the listing sorted by name finds it.
    pub fn find(&self, name: &[u8]) -> Option<View<'_>> {
        match &self.0 {
            Inner::Sorted(entries) => by_name(entries, name),
            Inner::Indexed {
                bytes,
                recs,
                sorted,
            } => {
                let at = |tree: bool| {
                    recs.binary_search_by(|r| {
                        let own = &bytes[r.name_start as usize..r.name_end as usize];
                        git_cmp(own, r.is_tree(), name, tree)
                    })
                    .ok()
                };
                match (at(false), at(true)) {
                    (None, None) => None,
                    (Some(i), None) | (None, Some(i)) => Some(recs[i].view(bytes)),
                    // A file and a folder of the same name (git writes no such tree).
                    (Some(_), Some(_)) => {
                        by_name(sorted.get_or_init(|| sorted_entries(bytes)), name)
                    }
                }
            }
        }
    }

    /// How many entries the tree has.
    pub fn len(&self) -> usize {
        match &self.0 {
            Inner::Sorted(entries) => entries.len(),
            Inner::Indexed { recs, .. } => recs.len(),
        }
    }

    /// Calls `f` with every entry: in the tree's order, or by name (a caller that needs an order
    /// sorts what it keeps).
    pub fn for_each<'a>(&'a self, mut f: impl FnMut(View<'a>)) {
        match &self.0 {
            Inner::Sorted(entries) => entries.iter().map(View::of_entry).for_each(f),
            Inner::Indexed { bytes, recs, .. } => recs.iter().for_each(|r| f(r.view(bytes))),
        }
    }

    /// The listing of a tree's bytes: indexed when they read as a tree strictly in git's order,
    /// else `None`.
    fn indexed(bytes: Arc<[u8]>) -> Option<Listing> {
        let mut recs: Vec<Rec> = Vec::new();
        let mut at = 0;
        let mut last: Option<&[u8]> = None;
        while at < bytes.len() {
            let (it, next) = item(&bytes, at)?;
            let (mode, kind) = it.kind();
            let name_start = at + it.mode.len() + 1;
            let rec = Rec {
                name_start: u32::try_from(name_start).ok()?,
                name_end: u32::try_from(name_start + it.name.len()).ok()?,
                mode,
                kind,
            };
            if let (Some(prev), Some(p)) = (last, recs.last())
                && git_cmp(prev, p.is_tree(), it.name, rec.is_tree()) != Ordering::Less
            {
                return None;
            }
            last = Some(it.name);
            recs.push(rec);
            at = next;
        }
        Some(Listing(Inner::Indexed {
            bytes,
            recs: recs.into(),
            sorted: OnceLock::new(),
        }))
    }
}

/// The listing of the tree `id`: a large tree's is kept for the process, so that every reader
/// of a commit (both sides of a comparison, each load of a side) indexes it once.
pub fn listing(repo: &Repository, id: Oid) -> Result<Arc<Listing>, git2::Error> {
    static LISTINGS: Recent<Listing> = Recent::new();
    if let Some(found) = LISTINGS.get(id) {
        return Ok(found);
    }
    let bytes = tree_object::read(repo, id)?;
    let large = bytes.len() >= SMALL;
    let built = Arc::new(build(repo, id, bytes)?);
    if large {
        LISTINGS.keep(id, &built);
    }
    Ok(built)
}

fn build(repo: &Repository, id: Oid, bytes: Arc<[u8]>) -> Result<Listing, git2::Error> {
    let Some(listing) = Listing::indexed(bytes) else {
        let mut entries = tree_object::listing(repo, id)?;
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        return Ok(Listing(Inner::Sorted(entries.into())));
    };
    // Every test run (a debug build) also reads the tree libgit2's way, in its order.
    #[cfg(debug_assertions)]
    if let Ok(theirs) = tree_object::libgit2_listing(repo, id) {
        let mut ours = Vec::new();
        listing.for_each(|v| ours.push(v));
        let theirs: Vec<View<'_>> = theirs.iter().map(View::of_entry).collect();
        debug_assert_eq!(ours, theirs, "tree {id} indexed");
    }
    Ok(listing)
}

/// The entry named `name` of a listing sorted by name.
fn by_name<'a>(entries: &'a [Entry], name: &[u8]) -> Option<View<'a>> {
    entries
        .binary_search_by(|e| e.name.as_slice().cmp(name))
        .ok()
        .map(|i| View::of_entry(&entries[i]))
}

/// Every entry of bytes that read as a tree, sorted by name (stably: the order a tree parsed
/// whole and sorted gets).
fn sorted_entries(bytes: &[u8]) -> Arc<[Entry]> {
    let mut entries: Vec<Entry> = tree_object::entries(bytes)
        .unwrap_or_default()
        .iter()
        .filter_map(Item::to_entry)
        .collect();
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    entries.into()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A tree object's bytes from `(mode, name)` pairs, in the order given, every entry `id`.
    fn tree_bytes(entries: &[(&str, &str)], id: Oid) -> Arc<[u8]> {
        let entries: Vec<_> = entries
            .iter()
            .map(|&(mode, name)| (mode, name, id))
            .collect();
        tree_object::tree_bytes(&entries).into()
    }

    /// What the whole listing sorted by name answers for `name` (the answer before indexing).
    fn whole(bytes: &[u8], name: &[u8]) -> Option<(Vec<u8>, i32)> {
        by_name(&sorted_entries(bytes), name).map(|v| (v.name.to_vec(), v.mode))
    }

    #[test]
    fn git_order_puts_a_folder_after_names_that_continue_below_a_slash() {
        // "abc" the folder sorts as "abc/": after "abc-2" and "abc.d", before "abc0".
        assert_eq!(git_cmp(b"abc", true, b"abc-2", false), Ordering::Greater);
        assert_eq!(git_cmp(b"abc", false, b"abc-2", false), Ordering::Less);
        assert_eq!(git_cmp(b"abc", true, b"abc0", true), Ordering::Less);
        assert_eq!(git_cmp(b"abc", true, b"abc", false), Ordering::Greater);
        assert_eq!(git_cmp(b"abc", true, b"abc", true), Ordering::Equal);
        assert_eq!(git_cmp(b"a", false, b"b", false), Ordering::Less);
    }

    /// Every name present, absent or half-present is answered as the whole sorted listing
    /// answers it, in a tree git wrote and in trees it would not write.
    #[test]
    fn lookups_answer_as_the_whole_sorted_listing() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = Repository::init(tmp.path()).unwrap();
        let blob = repo.blob(b"x").unwrap();
        let sub = repo.treebuilder(None).unwrap().write().unwrap();
        // As git writes it: "abc" the folder after "abc-2" and "abc.d".
        let mut builder = repo.treebuilder(None).unwrap();
        for name in ["abc-2", "abc.d", "abd", "zz"] {
            builder.insert(name, blob, 0o100_644).unwrap();
        }
        for name in ["abc", "abc0", "b"] {
            builder.insert(name, sub, 0o040_000).unwrap();
        }
        let written = builder.write().unwrap();
        let written_bytes = tree_object::read(&repo, written).unwrap();
        let git = Listing::indexed(Arc::clone(&written_bytes)).unwrap();
        let dir = "40000";
        let file = "100644";
        let unsorted = tree_bytes(&[(file, "b"), (file, "a")], blob);
        let duplicate = tree_bytes(&[(file, "a"), (file, "a")], blob);
        let both = tree_bytes(&[(file, "a"), (file, "a-b"), (dir, "a")], blob);
        assert!(Listing::indexed(Arc::clone(&unsorted)).is_none());
        assert!(Listing::indexed(Arc::clone(&duplicate)).is_none());
        let ambiguous = Listing::indexed(Arc::clone(&both)).unwrap();
        let names: [&[u8]; 11] = [
            b"abc", b"abc-2", b"abc.d", b"abd", b"zz", b"abc0", b"b", b"a", b"a-b", b"ab", b"zzz",
        ];
        for (listing, bytes) in [(&git, &written_bytes), (&ambiguous, &both)] {
            for name in names {
                let ours = listing.find(name).map(|v| (v.name.to_vec(), v.mode));
                assert_eq!(
                    ours,
                    whole(bytes, name),
                    "{}",
                    String::from_utf8_lossy(name)
                );
            }
        }
        assert_eq!(git.find(b"abc").unwrap().kind, Some(ObjectType::Tree));
        assert_eq!(git.find(b"abd").unwrap().kind, Some(ObjectType::Blob));
        assert!(git.find(b"ab").is_none());
        assert!(ambiguous.find(b"a").is_some());
        // The listing in the tree's order is libgit2's.
        let mut ours = Vec::new();
        git.for_each(|v| ours.push((v.name.to_vec(), v.mode, v.oid())));
        let theirs: Vec<_> = tree_object::libgit2_listing(&repo, written)
            .unwrap()
            .into_iter()
            .map(|e| (e.name, e.mode, e.id))
            .collect();
        assert_eq!(ours, theirs);
    }

    /// A tree that is not in git's order is read whole: it still answers every lookup.
    #[test]
    fn a_tree_out_of_order_is_read_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = Repository::init(tmp.path()).unwrap();
        let blob = repo.blob(b"x").unwrap();
        let bytes = tree_bytes(&[("100644", "b"), ("100644", "a")], blob);
        let id = repo.odb().unwrap().write(ObjectType::Tree, &bytes).unwrap();
        let listing = listing(&repo, id).unwrap();
        assert!(matches!(listing.0, Inner::Sorted(_)));
        assert_eq!(listing.find(b"a").unwrap().name, b"a");
        assert_eq!(listing.find(b"b").unwrap().name, b"b");
        assert!(listing.find(b"c").is_none());
    }
}
