//! The registry of source texts read in one run: each file's text and where each value is, so
//! that any stage can turn (file, JSON pointer) into a `file:line:col` location and any renderer
//! can show the source line. One registry serves the text, JSON, SARIF and annotation outputs
//! alike.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::yaml::{Pos, SpanMap};
use crate::findings::Location;

/// One file's text, and its span map and line index once a location in it has been asked for
/// (most files of a large repository never are, and the map is about the size of the
/// text).
#[derive(Clone, Debug, Default)]
pub struct SourceFile {
    /// The file's text.
    pub text: String,
    spans: OnceLock<SpanMap>,
    /// Byte offset of the start of every line: showing the source line of a finding must not
    /// scan the text from the top each time (a file with 100,000 findings made that quadratic).
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A file with its text; positions are found when first asked for.
    pub fn new(text: String) -> SourceFile {
        SourceFile {
            text,
            spans: OnceLock::new(),
            line_starts: OnceLock::new(),
        }
    }

    /// Where each value of the file is (parsed on first use).
    pub fn spans(&self) -> &SpanMap {
        self.spans.get_or_init(|| super::yaml::span_map(&self.text))
    }

    /// The text of a 1-based line, without its line break (`\n` or `\r\n`).
    pub fn line(&self, line: u32) -> Option<&str> {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *starts.get(index)?;
        let next = starts.get(index + 1);
        let end = next.map_or(self.text.len(), |next| next - 1);
        if start >= self.text.len() {
            // The position just after a final line break (or in an empty text) is not a line.
            return None;
        }
        let text = &self.text[start..end];
        // As `str::lines`: a `\r` is part of the break only right before a `\n`.
        Some(match next {
            Some(_) => text.strip_suffix('\r').unwrap_or(text),
            None => text,
        })
    }
}

/// Files by repository-relative path.
#[derive(Clone, Debug, Default)]
pub struct Files {
    map: BTreeMap<String, SourceFile>,
}

impl Files {
    /// Adds (or replaces) the file at `path`.
    pub fn insert(&mut self, path: String, file: SourceFile) {
        self.map.insert(path, file);
    }

    /// Adds every file of `other` (used to show built-in files beside the repository's).
    pub fn merge(&mut self, other: Files) {
        self.map.extend(other.map);
    }

    /// How many files are held.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no file is held.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Takes the file at `path` out of the registry.
    pub fn remove(&mut self, path: &str) -> Option<SourceFile> {
        self.map.remove(path)
    }

    /// The file at `path`.
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
        self.map.get(path)?.line(line)
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

#[cfg(test)]
mod tests {
    use super::SourceFile;

    /// The index gives what `str::lines` gives, for every line and one past the end.
    #[test]
    fn lines_agree_with_str_lines() {
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\n",
            "x: 1\ny: é\n\nz\r",
        ] {
            let file = SourceFile::new(text.to_string());
            let expected: Vec<&str> = text.lines().collect();
            for n in 1..=expected.len() + 2 {
                let line = u32::try_from(n).expect("small");
                assert_eq!(
                    file.line(line),
                    expected.get(n - 1).copied(),
                    "{text:?} line {n}"
                );
            }
            assert_eq!(file.line(0), None);
        }
    }
}
