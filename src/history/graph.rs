//! The commit graph of one walk: each commit's parents, generation (one more than its highest
//! parent's, so a commit's generation is above all of its ancestors') and position in the walk.
//! It answers which commits a merge brought in (reachable from its other parents, not from its
//! first) without asking libgit2 for a walk per merge: with hundreds of merges those walks, each
//! parsing commits again, were a tenth of `log`'s main thread.

use std::collections::{BinaryHeap, HashMap, HashSet};

use git2::Oid;

/// Parents, generation and position of every commit added.
#[derive(Debug, Default)]
pub struct Graph {
    nodes: HashMap<Oid, Node>,
}

#[derive(Debug)]
struct Node {
    parents: Vec<Oid>,
    generation: u32,
    position: usize,
}

impl Graph {
    /// Adds `commit` with its `parents`, which must have been added before it (a walk's
    /// commits, oldest first, in topological order). A commit with a parent not added gets
    /// no node: any question reaching it gets no answer.
    pub fn add(&mut self, commit: Oid, parents: Vec<Oid>) {
        let mut generation = 1;
        for p in &parents {
            match self.nodes.get(p) {
                Some(node) => generation = generation.max(node.generation.saturating_add(1)),
                None => return,
            }
        }
        let position = self.nodes.len();
        self.nodes.insert(
            commit,
            Node {
                parents,
                generation,
                position,
            },
        );
    }

    /// The commits reachable from `parents[1..]` and not from `parents[0]` (those a merge with
    /// these parents brought in), in the order they were added; `None` when the graph does not
    /// hold every commit the answer depends on.
    pub fn brought_in(&self, parents: &[Oid]) -> Option<Vec<Oid>> {
        const HIDDEN: u8 = 1;
        const SHOWN: u8 = 2;
        let (first, others) = parents.split_first()?;
        let mut flags: HashMap<Oid, u8> = HashMap::new();
        // Highest generation first: every descendant of a commit is taken before it, so its
        // flags are final when it is taken.
        let mut queue: BinaryHeap<(u32, usize, Oid)> = BinaryHeap::new();
        self.mark(*first, HIDDEN, &mut flags, &mut queue)?;
        for p in others {
            self.mark(*p, SHOWN, &mut flags, &mut queue)?;
        }
        let mut taken = HashSet::new();
        let mut shown = Vec::new();
        loop {
            // Done once nothing still to take can be reached from the other parents alone.
            let pending_shown = queue.iter().any(|(_, _, o)| {
                !taken.contains(o) && flags.get(o).is_some_and(|f| f & HIDDEN == 0)
            });
            if !pending_shown {
                break;
            }
            let Some((_, position, oid)) = queue.pop() else {
                break;
            };
            if !taken.insert(oid) {
                continue;
            }
            let flag = flags.get(&oid).copied().unwrap_or(0);
            if flag & HIDDEN == 0 {
                shown.push((position, oid));
            }
            for p in &self.nodes.get(&oid)?.parents {
                self.mark(*p, flag, &mut flags, &mut queue)?;
            }
        }
        shown.sort_unstable();
        Some(shown.into_iter().map(|(_, oid)| oid).collect())
    }

    /// Adds `flag` to `oid`'s flags, queueing it when that added anything; `None` when the
    /// graph does not hold it.
    /// `head` and its first parents back to the root, oldest first (the order of a first-parent
    /// revision walk), or `None` when the chain reaches a commit not added.
    pub fn first_parent_chain(&self, head: Oid) -> Option<Vec<Oid>> {
        let mut chain = Vec::new();
        let mut at = Some(head);
        while let Some(commit) = at {
            chain.push(commit);
            at = self.nodes.get(&commit)?.parents.first().copied();
        }
        chain.reverse();
        Some(chain)
    }

    fn mark(
        &self,
        oid: Oid,
        flag: u8,
        flags: &mut HashMap<Oid, u8>,
        queue: &mut BinaryHeap<(u32, usize, Oid)>,
    ) -> Option<()> {
        let node = self.nodes.get(&oid)?;
        let f = flags.entry(oid).or_insert(0);
        if *f | flag != *f {
            *f |= flag;
            queue.push((node.generation, node.position, oid));
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn id(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).unwrap()
    }

    /// A history with a branch that merged the main line in before being merged back, and a
    /// merge whose branch forked before another merge:
    ///
    /// ```text
    /// 1 - 2 - 3 ------- 6 - 8      (8 merges 7)
    ///      \       \        /
    ///       4 - 5 - (5m merges 3) - 7
    /// ```
    #[test]
    fn a_merge_brings_in_what_its_first_parent_lacks() {
        let mut g = Graph::default();
        g.add(id(1), vec![]);
        g.add(id(2), vec![id(1)]);
        g.add(id(3), vec![id(2)]);
        g.add(id(4), vec![id(2)]);
        g.add(id(5), vec![id(4)]);
        g.add(id(50), vec![id(5), id(3)]);
        g.add(id(6), vec![id(3)]);
        g.add(id(7), vec![id(50)]);
        g.add(id(8), vec![id(6), id(7)]);
        assert_eq!(
            g.brought_in(&[id(6), id(7)]).unwrap(),
            vec![id(4), id(5), id(50), id(7)]
        );
        // The inner merge brought in only the main line's 3.
        assert_eq!(g.brought_in(&[id(5), id(3)]).unwrap(), vec![id(3)]);
        // A merge of something already merged brings in nothing.
        assert_eq!(g.brought_in(&[id(8), id(5)]).unwrap(), Vec::<Oid>::new());
        // A commit the graph does not hold: no answer.
        assert_eq!(g.brought_in(&[id(6), id(99)]), None);
        assert_eq!(
            g.first_parent_chain(id(8)).unwrap(),
            vec![id(1), id(2), id(3), id(6), id(8)]
        );
        assert_eq!(g.first_parent_chain(id(99)), None);
        // A commit added before its parent gets no node, and no answer depends on it silently.
        g.add(id(98), vec![id(97)]);
        assert_eq!(g.brought_in(&[id(6), id(98)]), None);
    }
}
