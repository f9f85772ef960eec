//! Parsed files cached by content id, so that each version of a file is parsed once per run.
//!
//! History walks read the same blob many times: a `decisions.yaml` unchanged across a thousand
//! commits is one blob, and `tollgate diff` loads two snapshots that mostly share their files.
//! Parsing (YAML with spans, then schema validation) is the expensive step, so its outcome is
//! kept per (content id, kind, path). The path is part of the key because findings name it: the
//! same empty `decisions: []` blob in two project folders yields findings about two files.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::parse::Parsed;
use super::roster::Index;
use super::schema::Kind;

/// (content id, kind, repository path).
type Key = (String, Kind, String);

/// A cache of [`Parsed`] files, shared by every load of one run. Cheap to clone (shared).
#[derive(Clone, Debug, Default)]
pub struct ParseCache {
    map: Arc<Mutex<HashMap<Key, Arc<Parsed>>>>,
    /// people.yaml versions split into entries for reading in part ([`super::roster`]), by
    /// content id; `None` for a version not of the plain shape.
    rosters: Arc<Mutex<HashMap<String, Option<Arc<Index>>>>>,
}

impl ParseCache {
    /// An empty cache.
    pub fn new() -> ParseCache {
        ParseCache::default()
    }

    /// The parsed file for this content id, kind and path, if it was parsed before.
    pub fn get(&self, content_id: &str, kind: Kind, path: &str) -> Option<Arc<Parsed>> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&(content_id.to_string(), kind, path.to_string()))
            .cloned()
    }

    /// Keeps the parsed file for this content id, kind and path.
    pub fn insert(&self, content_id: &str, kind: Kind, path: &str, parsed: Arc<Parsed>) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.insert((content_id.to_string(), kind, path.to_string()), parsed);
    }

    /// The people.yaml version with this content id split into entries, if it was before
    /// (`Some(None)`: it is not of the plain shape).
    pub(super) fn roster(&self, content_id: &str) -> Option<Option<Arc<Index>>> {
        let map = self.rosters.lock().unwrap_or_else(|e| e.into_inner());
        map.get(content_id).cloned()
    }

    /// Keeps a people.yaml version split into entries (or that it cannot be).
    pub(super) fn keep_roster(&self, content_id: &str, index: Option<Arc<Index>>) {
        let mut map = self.rosters.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(content_id.to_string(), index);
    }

    /// How many distinct file versions have been parsed.
    pub fn len(&self) -> usize {
        self.map.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether nothing was parsed yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
