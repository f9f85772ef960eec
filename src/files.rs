//! The registry of files read in one run: their text and where each value is, so that any stage
//! can turn (file, JSON pointer) into a `file:line:col` location and any renderer can show the
//! source line. One registry serves the text, JSON, SARIF and annotation outputs alike.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::findings::Location;
use crate::load::yaml::{Pos, SpanMap};

/// One file's text, and its span map once a location in it has been asked for (most files of
/// a large repository never are, and the map is several times the size of the text).
#[derive(Clone, Debug, Default)]
pub struct SourceFile {
    pub text: String,
    spans: OnceLock<SpanMap>,
}

impl SourceFile {
    pub fn new(text: String) -> SourceFile {
        SourceFile {
            text,
            spans: OnceLock::new(),
        }
    }

    pub fn spans(&self) -> &SpanMap {
        self.spans
            .get_or_init(|| crate::load::yaml::span_map(&self.text))
    }
}

/// Files by repository-relative path.
#[derive(Clone, Debug, Default)]
pub struct Files {
    map: BTreeMap<String, SourceFile>,
}

impl Files {
    pub fn insert(&mut self, path: String, file: SourceFile) {
        self.map.insert(path, file);
    }

    /// Adds every file of `other` (used to show built-in files beside the repository's).
    pub fn merge(&mut self, other: Files) {
        self.map.extend(other.map);
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn remove(&mut self, path: &str) -> Option<SourceFile> {
        self.map.remove(path)
    }

    pub fn get(&self, path: &str) -> Option<&SourceFile> {
        self.map.get(path)
    }

    /// Location of the value at `pointer` in `path` (line 1, column 1 when unknown).
    pub fn value(&self, path: &str, pointer: &str) -> Location {
        let pos = self
            .map
            .get(path)
            .map_or(Pos { line: 1, column: 1 }, |f| f.spans().value(pointer));
        location(path, pointer, pos)
    }

    /// Location of the key of the mapping entry at `pointer` (for unknown or misplaced keys).
    pub fn key(&self, path: &str, pointer: &str) -> Location {
        let pos = self
            .map
            .get(path)
            .map_or(Pos { line: 1, column: 1 }, |f| f.spans().key(pointer));
        location(path, pointer, pos)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, path: &str, line: u32) -> Option<&str> {
        let text = &self.map.get(path)?.text;
        text.lines()
            .nth(usize::try_from(line).ok()?.checked_sub(1)?)
    }
}

/// A location at a known position (for parser errors, which have no pointer).
pub fn location(path: &str, pointer: &str, pos: Pos) -> Location {
    Location {
        file: path.to_string(),
        line: pos.line,
        column: pos.column,
        pointer: pointer.to_string(),
    }
}
