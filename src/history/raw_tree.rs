//! The folders that differ between two versions of the projects tree, read from the trees'
//! bytes, looking only at the stretch where the bytes differ.
//!
//! `log` compares the projects tree of every commit with its parent's. Parsed by libgit2, a
//! tree of a thousand project folders costs a thousand entries (each mode parsed as octal, each
//! name measured) per commit, though a commit changes one or two. Both trees are sorted the same
//! way, so what precedes the first differing byte and what follows the last one are the same
//! entries in both: only the entries between are parsed and compared. A tree whose bytes do not
//! read as a tree gives `None`, and the caller falls back to libgit2 (which reports the damage).

use std::cmp::Ordering;

use git2::Oid;

use crate::source::tree_object::{ID_LEN, Item, item};

/// A project folder whose tree differs: its name, its tree before and after (`None`: absent).
pub type FolderChange = (String, Option<Oid>, Option<Oid>);

/// The start of the entry that holds byte `offset`, or the end when `offset` is past the last
/// entry. Entries are stepped over from the start by their `\0` (an entry's mode and name hold
/// none; its id, which may, is skipped whole), each checked to start with a mode digit.
fn entry_start(buf: &[u8], offset: usize) -> Option<usize> {
    let mut at = 0;
    while at < buf.len() {
        if !(b'0'..=b'7').contains(&buf[at]) {
            return None;
        }
        let next = at + memchr::memchr(0, &buf[at..])? + 1 + ID_LEN;
        if next > buf.len() {
            return None;
        }
        if next > offset {
            return Some(at);
        }
        at = next;
    }
    Some(at)
}

/// The entries from `from` up to the first entry boundary whose distance from the end is at
/// most `tail` (that boundary's distance, and the entries).
fn window(buf: &[u8], from: usize, tail: usize) -> Option<(usize, Vec<Item<'_>>)> {
    let mut at = from;
    let mut out = Vec::new();
    while buf.len() - at > tail {
        let (it, next) = item(buf, at)?;
        out.push(it);
        at = next;
    }
    Some((buf.len() - at, out))
}

/// Length of the common prefix of two byte strings, compared a block at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Length of the common suffix of two byte strings.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let mut k = 0;
    while k + BLOCK <= n
        && a[a.len() - k - BLOCK..a.len() - k] == b[b.len() - k - BLOCK..b.len() - k]
    {
        k += BLOCK;
    }
    k + a[..a.len() - k]
        .iter()
        .rev()
        .zip(b[..b.len() - k].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// The entries of two trees' bytes that are not the same on both sides: each side's entries
/// between the longest run of identical leading entries and the longest run of identical
/// trailing ones (either may be empty), in stored order. `None` when the bytes do not read as
/// trees.
pub fn differing<'a>(a: &'a [u8], b: &'a [u8]) -> Option<(Vec<Item<'a>>, Vec<Item<'a>>)> {
    // Entries before the first differing byte are shared; so are those after the last one,
    // once both sides are cut at an entry boundary the same distance from their ends.
    let prefix = common_prefix(a, b);
    if prefix == a.len() && prefix == b.len() {
        return Some((Vec::new(), Vec::new()));
    }
    // A boundary of `a` at or before the first differing byte is one of `b` too: the bytes
    // before it, which alone place it, are the same (when `a` ends there, so does an entry of
    // `b`).
    let start = entry_start(a, prefix)?;
    let suffix = common_suffix(&a[start..], &b[start..]);
    let (mut da, mut wa) = window(a, start, suffix)?;
    let (mut db, mut wb) = window(b, start, suffix)?;
    while da != db {
        // Whichever side stopped further from the end reads one more entry.
        let (d, w, buf) = if da > db {
            (&mut da, &mut wa, a)
        } else {
            (&mut db, &mut wb, b)
        };
        let (it, next) = item(buf, buf.len() - *d)?;
        w.push(it);
        *d = buf.len() - next;
    }
    Some((wa, wb))
}

/// The project folders (not starting with `.`) whose ids differ between two projects trees,
/// given as tree objects' bytes (`None`: absent): (name, old id, new id), in git's order.
pub fn changed_folders(old: Option<&[u8]>, new: Option<&[u8]>) -> Option<Vec<FolderChange>> {
    let empty: &[u8] = &[];
    let (mut wa, mut wb) = differing(old.unwrap_or(empty), new.unwrap_or(empty))?;
    wa.retain(|i| i.is_folder() && !i.name.starts_with(b"."));
    wb.retain(|i| i.is_folder() && !i.name.starts_with(b"."));
    let oid = |i: &Item<'_>| Oid::from_bytes(i.id).ok();
    let name = |i: &Item<'_>| String::from_utf8_lossy(i.name).into_owned();
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < wa.len() || j < wb.len() {
        let order = match (wa.get(i), wb.get(j)) {
            (Some(x), Some(y)) => folder_order(x.name, y.name),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match order {
            Ordering::Less => {
                out.push((name(&wa[i]), oid(&wa[i]), None));
                i += 1;
            }
            Ordering::Greater => {
                out.push((name(&wb[j]), None, oid(&wb[j])));
                j += 1;
            }
            Ordering::Equal => {
                if wa[i].id != wb[j].id {
                    out.push((name(&wa[i]), oid(&wa[i]), oid(&wb[j])));
                }
                i += 1;
                j += 1;
            }
        }
    }
    Some(out)
}

/// Git's order of folders in a tree: by name bytes, each name as if it ended in `/`.
pub fn folder_order(a: &[u8], b: &[u8]) -> Ordering {
    let slash = std::iter::once(b'/');
    a.iter()
        .copied()
        .chain(slash.clone())
        .cmp(b.iter().copied().chain(slash))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> [u8; 20] {
        [n; 20]
    }

    /// A tree object's bytes from (mode, name, id) entries, in the order given.
    fn tree(entries: &[(&str, &str, [u8; 20])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (mode, name, id) in entries {
            out.extend_from_slice(mode.as_bytes());
            out.push(b' ');
            out.extend_from_slice(name.as_bytes());
            out.push(0);
            out.extend_from_slice(id);
        }
        out
    }

    /// A tree of folders only, from (name, id) entries.
    fn folders<N: AsRef<str>>(entries: &[(N, [u8; 20])]) -> Vec<u8> {
        let entries: Vec<_> = entries
            .iter()
            .map(|(n, i)| ("40000", n.as_ref(), *i))
            .collect();
        tree(&entries)
    }

    fn names(v: &[FolderChange]) -> Vec<&str> {
        v.iter().map(|(n, _, _)| n.as_str()).collect()
    }

    /// The names of the folders that differ between two trees' bytes.
    fn changed(old: &[u8], new: &[u8]) -> Vec<String> {
        let got = changed_folders(Some(old), Some(new)).expect("trees");
        names(&got).into_iter().map(str::to_string).collect()
    }

    #[test]
    fn only_the_differing_folders_are_reported() {
        let mut many: Vec<(String, [u8; 20])> =
            (0..200).map(|i| (format!("p-{i:04}"), id(1))).collect();
        let old = folders(&many);
        many[57].1 = id(2);
        many.remove(120);
        many.insert(150, ("p-0149a".into(), id(3)));
        let new = folders(&many);
        let got = changed_folders(Some(&old), Some(&new)).expect("trees");
        assert_eq!(names(&got), ["p-0057", "p-0120", "p-0149a"]);
        assert_eq!(got[0].1, Oid::from_bytes(&id(1)).ok());
        assert_eq!(got[0].2, Oid::from_bytes(&id(2)).ok());
        assert_eq!(got[1].2, None);
        assert_eq!(got[2].1, None);
        assert_eq!(changed_folders(Some(&old), Some(&old)), Some(Vec::new()));
        let all = changed_folders(None, Some(&new)).expect("tree");
        assert_eq!(all.len(), many.len());
    }

    #[test]
    fn files_and_hidden_folders_are_not_project_folders() {
        let old = tree(&[
            ("40000", ".x", id(1)),
            ("100644", "a", id(1)),
            ("40000", "b", id(1)),
        ]);
        let new = tree(&[
            ("40000", ".x", id(2)),
            ("100644", "a", id(2)),
            ("40000", "b", id(2)),
        ]);
        assert_eq!(changed(&old, &new), ["b"]);
    }

    /// Ids that repeat the bytes around them, and names that share long stretches, still cut at
    /// entry boundaries: the answer is the one a full comparison gives.
    #[test]
    fn cuts_fall_on_entry_boundaries_whatever_the_bytes() {
        let id_a = *b"40000 x\0aaaaaaaaaaaa";
        let id_b = *b"40000 x\0aaaaaaaaaaab";
        let old = folders(&[("x", id_a), ("xx", id_a), ("y", id_a)]);
        let new = folders(&[("x", id_a), ("xx", id_b), ("y", id_a)]);
        assert_eq!(changed(&old, &new), ["xx"]);
        let new = folders(&[("x", id_a), ("y", id_a)]);
        assert_eq!(changed(&old, &new), ["xx"]);
        let new = folders(&[("x", id_a), ("x0", id_a), ("xx", id_a), ("y", id_a)]);
        assert_eq!(changed(&old, &new), ["x0"]);
    }

    #[test]
    fn bytes_that_are_not_a_tree_give_none() {
        let good = tree(&[("40000", "a", id(1))]);
        assert_eq!(changed_folders(Some(&good), Some(b"40000 a")), None);
        assert_eq!(
            changed_folders(Some(&good), Some(b"4x000 a\0aaaaaaaaaaaaaaaaaaaa")),
            None
        );
    }
}
