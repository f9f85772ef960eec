//! The registry of source texts read in one run: each file's text and where each value is, so
//! that any stage can turn (file, JSON pointer) into a `file:line:col` location and any renderer
//! can show the source line. One registry serves the text, JSON, SARIF and annotation outputs
//! alike.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use super::yaml::{Pos, SpanMap};
use crate::findings::Location;

/// How to read a file's text again when it was not kept: called at most once, it gives the text
/// exactly as it was first read, or `None` when that is no longer what the file holds.
pub type Reopen = Arc<dyn Fn() -> Option<String> + Send + Sync>;

/// One file's text, and its span map and line index once a location in it has been asked for
/// (most files of a large repository never are, and the map is about the size of the
/// text).
///
/// A file read from disk need not keep its text: the texts of a large repository are the
/// largest thing a run holds, and most files never get a finding. Such a file has a [`Reopen`]:
/// a file without a finding when parsed gives up its text at once, and any file that can be
/// read again gives up its text, span map and line index when the stage that wanted them is
/// done with it ([`SourceFile::forget`]: evaluation after each project, the text report after
/// each project's part). They are read again, and checked to be the same bytes, when next
/// asked for.
#[derive(Default)]
pub struct SourceFile {
    reopen: Option<Reopen>,
    held: Mutex<Held>,
}

/// What a [`SourceFile`] holds at the moment.
#[derive(Clone, Default)]
struct Held {
    /// The text, once known (`Some(None)`: it could not be read again as it was).
    text: Option<Option<Arc<str>>>,
    spans: Option<Arc<SpanMap>>,
    /// Byte offset of the start of every line: showing the source line of a finding must not
    /// scan the text from the top each time (a file with 100,000 findings made that quadratic).
    line_starts: Option<Arc<Vec<usize>>>,
    /// Lines kept when the text was given up ([`SourceFile::forget_keeping`]): the lines the
    /// findings in the file point at, which the renderers show, so that showing them does not
    /// read the file again. Not given up by [`SourceFile::forget`]; at most one per line.
    /// A list, not a map: a file keeps a line or two, and a map's first node alone is hundreds
    /// of bytes (thousands of files keep lines).
    kept_lines: Vec<(u32, Option<Box<str>>)>,
}

impl Clone for SourceFile {
    fn clone(&self) -> SourceFile {
        SourceFile {
            reopen: self.reopen.clone(),
            held: Mutex::new(self.lock().clone()),
        }
    }
}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile")
            .field("text", &self.lock().text)
            .field("reopen", &self.reopen.is_some())
            .finish_non_exhaustive()
    }
}

impl SourceFile {
    /// A file with its text; positions are found when first asked for.
    pub fn new(text: String) -> SourceFile {
        SourceFile {
            reopen: None,
            held: Mutex::new(Held {
                text: Some(Some(Arc::from(text))),
                ..Held::default()
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Held> {
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The same file without its text, which `reopen` reads again when it is needed; a file
    /// whose positions were already asked for keeps its text (it has a finding).
    pub fn forget_text(self, reopen: Reopen) -> SourceFile {
        let held = self.lock().clone();
        if held.spans.is_some() || held.line_starts.is_some() {
            return self;
        }
        SourceFile {
            reopen: Some(reopen),
            held: Mutex::default(),
        }
    }

    /// The file's text; `None` when it was not kept and the file no longer holds what was read
    /// (then every position is line 1, column 1, and no source line is shown).
    pub fn text(&self) -> Option<Arc<str>> {
        Self::text_in(&mut self.lock(), self.reopen.as_ref())
    }

    fn text_in(held: &mut Held, reopen: Option<&Reopen>) -> Option<Arc<str>> {
        held.text
            .get_or_insert_with(|| reopen.and_then(|reopen| reopen()).map(Arc::from))
            .clone()
    }

    /// Where each value of the file is (parsed on first use, and again after
    /// [`SourceFile::forget`]).
    pub fn spans(&self) -> Arc<SpanMap> {
        let mut held = self.lock();
        if let Some(spans) = &held.spans {
            return Arc::clone(spans);
        }
        let text = Self::text_in(&mut held, self.reopen.as_ref());
        let spans = Arc::new(text.map(|t| super::yaml::span_map(&t)).unwrap_or_default());
        held.spans = Some(Arc::clone(&spans));
        spans
    }

    /// Forgets what can be found again: the span map and line index, and the text when the file
    /// can be read again. The findings that needed them have their locations.
    pub fn forget(&self) {
        let mut held = self.lock();
        held.spans = None;
        if self.reopen.is_some() {
            held.text = None;
            held.line_starts = None;
        }
    }

    /// [`SourceFile::forget`], keeping `lines` (1-based) when the text is at hand: the lines
    /// a renderer will show.
    pub fn forget_keeping(&self, lines: &[u32]) {
        let has_text = matches!(self.lock().text, Some(Some(_)));
        if has_text && self.reopen.is_some() {
            let mut kept: Vec<(u32, Option<Box<str>>)> = Vec::new();
            for &line in lines {
                if !kept.iter().any(|(l, _)| *l == line) {
                    kept.push((line, self.line(line).map(String::into_boxed_str)));
                }
            }
            let mut held = self.lock();
            for (line, text) in kept {
                if !held.kept_lines.iter().any(|(l, _)| *l == line) {
                    held.kept_lines.push((line, text));
                }
            }
            held.kept_lines.shrink_to_fit();
        }
        self.forget();
    }

    /// The text of a 1-based line, without its line break (`\n` or `\r\n`).
    pub fn line(&self, line: u32) -> Option<String> {
        let mut held = self.lock();
        if held.text.is_none()
            && let Some((_, kept)) = held.kept_lines.iter().find(|(l, _)| *l == line)
        {
            return kept.as_deref().map(str::to_string);
        }
        let text = Self::text_in(&mut held, self.reopen.as_ref())?;
        let starts = Arc::clone(held.line_starts.get_or_insert_with(|| {
            Arc::new(
                std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect(),
            )
        }));
        drop(held);
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *starts.get(index)?;
        let next = starts.get(index + 1);
        let end = next.map_or(text.len(), |next| next - 1);
        if start >= text.len() {
            // The position just after a final line break (or in an empty text) is not a line.
            return None;
        }
        let line = &text[start..end];
        // As `str::lines`: a `\r` is part of the break only right before a `\n`.
        Some(
            match next {
                Some(_) => line.strip_suffix('\r').unwrap_or(line),
                None => line,
            }
            .to_string(),
        )
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

    /// [`Files::forget`], keeping the lines the `locations` point at (see
    /// [`SourceFile::forget_keeping`]).
    pub fn forget_keeping<'a>(
        &self,
        prefix: &str,
        locations: impl IntoIterator<Item = &'a Location>,
    ) {
        let mut lines: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for l in locations {
            if l.file.starts_with(prefix) {
                lines.entry(l.file.as_str()).or_default().push(l.line);
            }
        }
        let under = self
            .map
            .range(prefix.to_string()..)
            .take_while(|(path, _)| path.starts_with(prefix));
        for (path, file) in under {
            file.forget_keeping(lines.get(path.as_str()).map_or(&[], Vec::as_slice));
        }
    }

    /// Forgets what the files under `prefix` (every file with `""`) can find again: see
    /// [`SourceFile::forget`].
    pub fn forget(&self, prefix: &str) {
        let under = self
            .map
            .range(prefix.to_string()..)
            .take_while(|(path, _)| path.starts_with(prefix));
        for (_, file) in under {
            file.forget();
        }
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
    pub fn line(&self, path: &str, line: u32) -> Option<String> {
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

    /// A file that gave up its text reads it again once, and keeps what it read.
    #[test]
    fn a_forgotten_text_is_read_again_once() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let reads = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&reads);
        let file = SourceFile::new("a: 1\nb: [2]\n".to_string()).forget_text(Arc::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            Some("a: 1\nb: [2]\n".to_string())
        }));
        assert_eq!(reads.load(Ordering::SeqCst), 0);
        assert_eq!(file.spans().value("/b/0").line, 2);
        assert_eq!(file.line(1).as_deref(), Some("a: 1"));
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        // Forgotten, it is read again when next asked for.
        file.forget();
        assert_eq!(file.line(2).as_deref(), Some("b: [2]"));
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        // A file whose positions were asked for keeps its text.
        let kept = SourceFile::new("x: 1\n".to_string());
        assert_eq!(kept.spans().value("/x").line, 1);
        let kept = kept.forget_text(Arc::new(|| None));
        assert_eq!(kept.text().as_deref(), Some("x: 1\n"));
        // A file that cannot be read again keeps its text when the others forget theirs.
        let inline = SourceFile::new("y: 2\n".to_string());
        inline.forget();
        assert_eq!(inline.line(1).as_deref(), Some("y: 2"));
    }

    /// Giving up a text keeps the lines findings point at: showing them reads nothing again,
    /// and any other line is read again as before.
    #[test]
    fn lines_kept_when_the_text_is_given_up_are_shown_without_reading() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let text = "a: 1\nb: 2\nc: 3\n";
        let reads = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&reads);
        let file = SourceFile::new(text.to_string()).forget_text(Arc::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            Some(text.to_string())
        }));
        assert_eq!(file.spans().value("/b").line, 2);
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        file.forget_keeping(&[2, 9, 2]);
        assert_eq!(file.line(2).as_deref(), Some("b: 2"));
        assert_eq!(file.line(9), None, "past the end, as `line` says");
        assert_eq!(reads.load(Ordering::SeqCst), 1, "kept lines read nothing");
        assert_eq!(file.line(3).as_deref(), Some("c: 3"));
        assert_eq!(
            reads.load(Ordering::SeqCst),
            2,
            "another line reads the file again"
        );
        // A file without its text at hand keeps nothing (and reads nothing to keep it).
        file.forget();
        let before = reads.load(Ordering::SeqCst);
        file.forget_keeping(&[1]);
        assert_eq!(reads.load(Ordering::SeqCst), before);
    }

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
                    file.line(line).as_deref(),
                    expected.get(n - 1).copied(),
                    "{text:?} line {n}"
                );
            }
            assert_eq!(file.line(0), None);
        }
    }
}
