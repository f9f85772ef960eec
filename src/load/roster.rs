//! people.yaml read only as far as a comparison needs.
//!
//! A one-project change in a large organisation still names a handful of people, while its
//! roster can hold tens of thousands (at 5,000 projects the benchmark's people.yaml is 444 KB,
//! 18,000 entries: reading, validating and typing it was most of a one-project `diff`). When a
//! comparison's two sides hold the same people.yaml, the loader may read only the entries that
//! mention a key: a person the loaded projects refer to, or an e-mail of the compared commits.
//!
//! What makes that exact: a value equal to a key without spaces, quotes or backslashes is
//! written as the key itself in a file of the plain shape [`entries`] accepts (no escapes,
//! anchors, aliases, tags, quoted or block scalars, or flow collections over several lines).
//! So an entry whose id, e-mail or login is the key mentions it, and an entry that mentions none
//! cannot answer a lookup by it. A lookup whose key an entry not read mentions is answered by
//! the whole file, read then ([`Unread`]); the roster's answers are the whole file's.
//!
//! What it does not do: the entries not read are not validated in that run (a problem in one of
//! them is the default branch's finding, where the whole file is read), and when the whole file
//! does not read, the entries that did still answer.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

use aho_corasick::{AhoCorasick, MatchKind, packed};
use memchr::memmem;

use super::parse::{Parsed, parse_bytes};
use super::schema::Kind;
use crate::model::People;

/// Which entries mention a set of keys (`None`: no search for them could be built).
type Mentions = Option<Arc<Vec<bool>>>;

/// A choice of a roster's entries: the path read, and the positions of the entries kept.
type Choice = (String, Vec<usize>);

/// A roster of the plain shape, split into its entries; kept per blob id for the run
/// ([`super::ParseCache`]), so that the sides of a comparison scan it once.
pub struct Index {
    /// The whole file.
    text: String,
    /// The same, in ASCII lower case, for case-insensitive search.
    lower: Vec<u8>,
    entries: Entries,
    /// The text kept for a choice of entries (by path and the entries' positions), parsed: the
    /// loads of a comparison's sides usually choose the same entries.
    parsed: Mutex<HashMap<Choice, Arc<Parsed>>>,
    /// The whole file as a roster, read on first need.
    whole: OnceLock<Option<People>>,
    /// Which entries mention a set of keys (sorted), by set: the loads of a comparison's sides
    /// usually search for the same keys.
    mentioned: Mutex<HashMap<Vec<String>, Mentions>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("bytes", &self.text.len())
            .field("entries", &self.entries.starts.len())
            .finish()
    }
}

impl Index {
    /// The index of `text` (kept, not copied), or the text back when it is not of the plain
    /// shape ([`entries`]).
    pub(super) fn of(text: String) -> Result<Index, String> {
        let Some(entries) = entries(&text) else {
            return Err(text);
        };
        Ok(Index {
            lower: text.as_bytes().to_ascii_lowercase(),
            text,
            entries,
            parsed: Mutex::default(),
            whole: OnceLock::new(),
            mentioned: Mutex::default(),
        })
    }
}

/// The entries of a roster in the plain shape, by byte offset.
#[derive(Debug)]
pub(super) struct Entries {
    /// The `people:` line, without its line break.
    header: Range<usize>,
    /// Where each entry (its `- ` line) starts; an entry ends where the next starts.
    starts: Vec<usize>,
    /// How many line breaks each entry holds.
    breaks: Vec<usize>,
}

/// Whether a byte (outside a comment) makes a line leave the plain shape.
fn mark(b: u8) -> bool {
    matches!(
        b,
        b'"' | b'\'' | b'\\' | b'&' | b'*' | b'!' | b'|' | b'>' | b'{' | b'}' | b'%' | b'?' | b'`'
    )
}

/// The entries of `text`, or `None` when it is not of the plain shape, where the lines of one
/// entry are exactly those from its `- ` line to the next one's:
///
/// - only blank lines and `#` comments before a `people:` line, the first line of the file that
///   says anything;
/// - then lines each blank, a comment, a `- ` item at one indentation, or indented more than it;
/// - outside comments no `"`, `'`, `\`, `&`, `*`, `!`, `|`, `>`, `{`, `}`, `%`, `?` or backquote,
///   at most one `[` and `]` on a line, in that order; no control character but line feeds, and
///   none of the characters YAML 1.1 also took for line breaks, a byte-order mark or a
///   non-character (the characters [`crate::text::yaml_subset`] refuses).
pub(super) fn entries(text: &str) -> Option<Entries> {
    let bytes = text.as_bytes();
    // Without an early exit, so that the compiler checks many bytes at a time.
    let (bad, high) = bytes.iter().fold((false, 0u8), |(bad, high), &b| {
        (bad | (b < 0x20 && b != b'\n') | (b == 0x7f), high | b)
    });
    let refused = |c: char| {
        matches!(
            c,
            '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
    };
    if bad || (high >= 0x80 && text.chars().any(refused)) {
        return None;
    }
    let mut header = None;
    let mut indent = None;
    let mut starts = Vec::new();
    // The line each entry starts on.
    let mut lines = Vec::new();
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    let mut count = 0;
    // Whether the text after the header has no mark and its brackets pair on every line (then
    // its lines need no look at each byte): a few vectorised passes rather than one per line.
    let mut clean = false;
    // When clean, where the brackets after the header are (found in one pass), and the first of
    // them not yet on a line read.
    let mut bracket_at: Vec<usize> = Vec::new();
    let mut next_bracket = 0;
    for (number, end) in ends.enumerate() {
        let line = &bytes[start..end];
        let at = start;
        start = end + 1;
        count = number;
        let on_line = next_bracket;
        while bracket_at.get(next_bracket).is_some_and(|&p| p < end) {
            next_bracket += 1;
        }
        let depth = line.iter().take_while(|&&b| b == b' ').count();
        let content = &line[depth..];
        if content.iter().all(|&b| b == b' ') || content[0] == b'#' {
            continue;
        }
        let fine = if clean {
            match &bracket_at[on_line..next_bracket] {
                [] => true,
                [open, close] => bytes[*open] == b'[' && bytes[*close] == b']',
                _ => false,
            }
        } else {
            plain(content)
        };
        if !fine {
            return None;
        }
        if header.is_none() {
            if line.trim_ascii_end() != b"people:" {
                return None;
            }
            header = Some(at..at + line.len());
            let rest = end.min(bytes.len());
            clean = clean_after(&bytes[rest..]);
            if clean {
                bracket_at = memchr::memchr2_iter(b'[', b']', &bytes[rest..])
                    .map(|p| rest + p)
                    .collect();
            }
            continue;
        }
        let item = content
            .strip_prefix(b"- ")
            .is_some_and(|rest| !rest.trim_ascii_start().is_empty());
        match indent {
            None if item => indent = Some(depth),
            Some(k) if depth > k => continue,
            Some(k) if depth == k && item => {}
            _ => return None,
        }
        starts.push(at);
        lines.push(number);
    }
    // An entry's line breaks: one per line up to the next entry's; the last one's up to the
    // file's last line (`count` line breaks in all).
    let breaks = lines
        .iter()
        .zip(lines.iter().skip(1).chain(std::iter::once(&count)))
        .map(|(a, b)| b - a)
        .collect();
    Some(Entries {
        header: header?,
        starts: (!starts.is_empty()).then_some(starts)?,
        breaks,
    })
}

/// Whether `rest` has no mark at all (comments included: a text whose comments have some is
/// checked line by line instead).
fn clean_after(rest: &[u8]) -> bool {
    ![b"\"'\\", b"&*!", b"|>{", b"}%?", b"```"]
        .iter()
        .any(|m| memchr::memchr3(m[0], m[1], m[2], rest).is_some())
}

/// Whether a line's content (indentation removed, not a comment) has nothing that could make a
/// value differ from its text or carry it over the line's end.
fn plain(content: &[u8]) -> bool {
    brackets(content) && !content.iter().any(|&b| mark(b))
}

/// Whether a line's content has no bracket, or one `[` and one `]` after it.
fn brackets(content: &[u8]) -> bool {
    let next = |from: usize| memchr::memchr2(b'[', b']', &content[from..]).map(|i| from + i);
    match next(0) {
        None => true,
        Some(open) if content[open] == b'[' => match next(open + 1) {
            Some(close) if content[close] == b']' => next(close + 1).is_none(),
            _ => false,
        },
        Some(_) => false,
    }
}

/// Whether a lookup key is found by searching the text for it: a value equal to it is then
/// written as it is.
fn searchable(key: &str) -> bool {
    !key.is_empty()
        && !key
            .bytes()
            .any(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'\\'))
}

/// A roster read in part ([`select`]).
pub(super) struct Selection {
    /// The position in the file's `people` list of each entry kept, in order (a JSON pointer
    /// into the text kept numbers them from 0).
    pub kept: Vec<usize>,
    /// The text with the entries left out blanked (line breaks kept, so that every position is
    /// the file's), parsed and validated.
    pub parsed: Arc<Parsed>,
    /// What the entries left out say.
    pub unread: Unread,
}

impl Selection {
    /// `pointer` (into the text kept) as it points into the whole file.
    pub fn pointer_in_file(&self, pointer: &str) -> String {
        let Some(rest) = pointer.strip_prefix("/people/") else {
            return pointer.to_string();
        };
        let (at, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        match at.parse::<usize>().ok().and_then(|i| self.kept.get(i)) {
            Some(i) => format!("/people/{i}{tail}"),
            None => pointer.to_string(),
        }
    }
}

/// A roster read only as far as `keys` need: the entries that mention one of them ([`Selection`]);
/// `None` when nothing would be left out.
pub(super) fn select(path: &str, index: &Arc<Index>, keys: &[&str]) -> Option<Selection> {
    let mut keys: Vec<String> = keys
        .iter()
        .filter(|k| searchable(k))
        .map(|k| k.to_ascii_lowercase())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let read = {
        let mut memo = index.mentioned.lock().unwrap_or_else(|e| e.into_inner());
        match memo.get(&keys) {
            Some(read) => read.clone(),
            None => {
                let read = mentioned(index, &keys).map(Arc::new);
                memo.insert(keys.clone(), read.clone());
                read
            }
        }
    }?;
    let (text, entries) = (&index.text, &index.entries);
    if read.iter().all(|r| *r) {
        return None;
    }
    let kept: Vec<usize> = (0..read.len()).filter(|&i| read[i]).collect();
    let mut unread: Vec<Range<usize>> = Vec::new();
    for (i, &start) in entries.starts.iter().enumerate() {
        let end = entries.starts.get(i + 1).copied().unwrap_or(text.len());
        if !read[i] {
            match unread.last_mut() {
                Some(last) if last.end == start => last.end = end,
                _ => unread.push(start..end),
            }
        }
    }
    let parsed = {
        let mut memo = index.parsed.lock().unwrap_or_else(|e| e.into_inner());
        let parse = || {
            Arc::new(parse_bytes(
                path,
                blank(index, &read).into_bytes(),
                Kind::People,
            ))
        };
        Arc::clone(
            memo.entry((path.to_string(), kept.clone()))
                .or_insert_with(parse),
        )
    };
    let unread = Unread {
        index: Arc::clone(index),
        unread,
        covered: keys.into_iter().collect(),
        seen: Mutex::default(),
        path: path.to_string(),
    };
    Some(Selection {
        kept,
        parsed,
        unread,
    })
}

/// Which entries of `index` mention one of `keys` (lower case); `None` when no search for
/// them can be built.
fn mentioned(index: &Index, keys: &[String]) -> Option<Vec<bool>> {
    let entries = &index.entries;
    let mut read = vec![false; entries.starts.len()];
    let mut mention = |at: usize| {
        // The entry a mention is in (none for the lines before the first).
        if let Some(i) = entries.starts.partition_point(|&s| s <= at).checked_sub(1) {
            read[i] = true;
        }
    };
    // Matches that overlap share a line, so the leftmost of them finds their entry. A SIMD
    // search (Teddy) where it can be built, else an automaton.
    if let Some(search) = packed::Config::new()
        .match_kind(packed::MatchKind::LeftmostFirst)
        .builder()
        .extend(keys)
        .build()
    {
        search
            .find_iter(&index.lower)
            .for_each(|m| mention(m.start()));
    } else if !keys.is_empty() {
        let search = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(keys)
            .ok()?;
        search
            .find_iter(&index.lower)
            .for_each(|m| mention(m.start()));
    }
    Some(read)
}

/// The text of `index` with the entries not `read` blanked, their line breaks kept.
fn blank(index: &Index, read: &[bool]) -> String {
    let (text, entries) = (&index.text, &index.entries);
    let first = entries.starts[0];
    let mut kept = String::with_capacity(first + text.len() / 16);
    if read.iter().any(|r| *r) {
        kept.push_str(&text[..first]);
    } else {
        kept.push_str(&text[..entries.header.start]);
        kept.push_str("people: []");
        kept.push_str(&text[entries.header.end..first]);
    }
    // The line breaks of the entries left out since the last one kept.
    let mut breaks = 0;
    for (i, &start) in entries.starts.iter().enumerate() {
        let end = entries.starts.get(i + 1).copied().unwrap_or(text.len());
        if read[i] {
            kept.extend(std::iter::repeat_n('\n', std::mem::take(&mut breaks)));
            kept.push_str(&text[start..end]);
        } else {
            breaks += entries.breaks[i];
        }
    }
    kept.extend(std::iter::repeat_n('\n', breaks));
    kept
}

/// The entries of a roster not read, for lookups the read ones cannot answer alone
/// ([`crate::model::UnreadPeople`]).
pub(super) struct Unread {
    path: String,
    index: Arc<Index>,
    /// The byte ranges of the entries not read.
    unread: Vec<Range<usize>>,
    /// The keys the entries were chosen by (lower case): every entry mentioning one was read.
    covered: HashSet<String>,
    /// Other keys searched for, and whether an entry not read mentions them.
    seen: Mutex<HashMap<String, bool>>,
}

impl std::fmt::Debug for Unread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Unread")
            .field("path", &self.path)
            .field("index", &self.index)
            .field("unread", &self.unread.len())
            .finish_non_exhaustive()
    }
}

impl crate::model::UnreadPeople for Unread {
    fn mentions(&self, key: &str) -> bool {
        if !searchable(key) {
            return true;
        }
        let key = key.to_ascii_lowercase();
        if self.covered.contains(&key) {
            return false;
        }
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        *seen.entry(key).or_insert_with_key(|key| {
            let search = memmem::Finder::new(key.as_bytes());
            self.unread
                .iter()
                .any(|r| search.find(&self.index.lower[r.clone()]).is_some())
        })
    }

    fn whole(&self) -> Option<&People> {
        self.index
            .whole
            .get_or_init(|| {
                let bytes = self.index.text.clone().into_bytes();
                parse_bytes(&self.path, bytes, Kind::People).typed::<People>()
            })
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UnreadPeople as _;
    use crate::text::mutation::{Lcg, mutate};

    const ROSTER: &str = "# the roster\npeople:\n  - id: ann\n    name: Ann\n    emails: [ann@example.com]\n\n  - id: bob\n    name: Bob\n    emails: [Bob@Example.com, b@example.com]\n    github: bob-gh\n  # a comment\n  - id: annette\n    name: Annette\n";

    #[test]
    fn entries_start_at_each_item_line() {
        let e = entries(ROSTER).expect("plain shape");
        let lines: Vec<&str> = e
            .starts
            .iter()
            .map(|&s| ROSTER[s..].lines().next().unwrap_or_default())
            .collect();
        assert_eq!(lines, ["  - id: ann", "  - id: bob", "  - id: annette"]);
        assert_eq!(&ROSTER[e.header.clone()], "people:");
    }

    #[test]
    fn texts_outside_the_plain_shape_are_not_split() {
        for text in [
            "people:\n  - id: \"ann\"\n",
            "people:\n  - id: ann\n    name: 'Ann'\n",
            "people:\n  - &a\n    id: ann\n",
            "people:\n  - id: ann\n    note: |\n      - id: bob\n",
            "people:\n  - id: ann\n    emails: [a@x,\n      b@x]\n",
            "people:\n  - id: ann\n    emails: [a@x] [b@x]\n",
            "people:\n  - id: ann\n    emails: ]a@x[\n",
            "people:\n  - id: ann\n    emails: [[a@x]]\n",
            "people:\n  - id: ann\n\tname: Ann\n",
            "people:\n  - id: ann\n name: Ann\n",
            "people: []\n",
            "people:\n",
            "version: 1\npeople:\n  - id: ann\n",
            "people:\n  - id: ann\r\n",
            "people:\n  - id: ann\u{2028}  - id: bob\n",
            "\u{feff}people:\n  - id: ann\n",
            "people:\n  - id: ann\n    name: A\\u0041\n",
            "people:\n  -\n    id: ann\n",
            // An escape: the first entry's address is ann@example.com, written otherwise.
            "people:\n  - id: a\n    emails: [\"ann\\x40example.com\"]\n  - id: b\n    emails: [ann@example.com]\n",
            // An alias: the second entry's address is the first one's.
            "people:\n  - id: a\n    emails: &e [ann@example.com]\n  - id: b\n    emails: *e\n",
        ] {
            assert!(entries(text).is_none(), "{text:?} was split");
        }
        // A comment line may say anything; a comment after a value is not told apart from the
        // value, so its line is refused.
        assert!(
            entries("# \"quoted\" & *starred*\npeople:\n  - id: ann\n  # it's 'her'\n").is_some()
        );
        assert!(entries("people:\n  - id: ann # it's 'her'\n").is_none());
        // Brackets in a comment line are not a value's.
        assert!(entries("people:\n  - id: ann\n  # [unclosed\n    emails: [a@x]\n").is_some());
    }

    #[test]
    fn only_entries_mentioning_a_key_are_kept_with_their_lines() {
        let index = Arc::new(Index::of(ROSTER.to_string()).expect("plain shape"));
        let Selection {
            kept: at,
            parsed,
            unread,
        } = select("people.yaml", &index, &["BOB@example.COM"]).expect("some left out");
        let kept = parsed.file.as_ref().and_then(|f| f.text()).expect("text");
        assert_eq!(at, [1]);
        assert_eq!(kept.lines().count(), ROSTER.lines().count());
        for (k, r) in kept.lines().zip(ROSTER.lines()) {
            assert!(k.is_empty() || k == r, "{k:?} is not {r:?}");
        }
        assert!(kept.contains("  - id: bob\n"));
        assert!(!kept.contains("ann"));
        // The key chosen by, an id only the entries left out name, and one nobody has.
        assert!(!unread.mentions("bob@example.com"));
        assert!(unread.mentions("annette"));
        assert!(unread.mentions("ANN"));
        assert!(!unread.mentions("carol"));
        assert!(unread.mentions("has space"));
        assert!(unread.mentions(""));
        assert_eq!(unread.whole().map(|p| p.people.len()), Some(3));
    }

    #[test]
    fn a_key_nobody_mentions_leaves_an_empty_roster_that_still_reads() {
        let index = Arc::new(Index::of(ROSTER.to_string()).expect("plain shape"));
        let part = select("people.yaml", &index, &["carol"]).expect("all left out");
        let kept = part
            .parsed
            .file
            .as_ref()
            .and_then(|f| f.text())
            .expect("text");
        assert!(kept.starts_with("# the roster\npeople: []\n"));
        let value = crate::text::yaml::parse(&kept).expect("reads").value;
        assert_eq!(value, serde_json::json!({ "people": [] }));
        // Every entry mentioned: nothing to leave out.
        assert!(select("people.yaml", &index, &["example", "annette"]).is_none());
    }

    /// Every id, e-mail and login of `whole`, pieces of them, and keys nobody has.
    fn probes(whole: &People) -> Vec<String> {
        let mut keys = vec![
            "nobody".to_string(),
            "example.com".to_string(),
            "-".to_string(),
        ];
        for p in &whole.people {
            keys.push(p.id.clone());
            keys.push(p.id.to_uppercase());
            keys.extend(p.id.get(..3).map(str::to_string));
            keys.extend(p.emails.iter().cloned());
            keys.extend(p.emails.iter().map(|e| e.to_uppercase()));
            keys.extend(p.github.clone());
        }
        keys
    }

    /// Mutations of rosters (YAML's marks inserted, lines deleted, duplicated, indented or
    /// outdented): whenever a text is split into entries and its whole reads, a roster read in
    /// part by any keys answers every lookup as the whole does (and reads where the whole does).
    #[test]
    fn mutated_rosters_read_in_part_answer_as_the_whole() {
        let scaffold = crate::scaffold::FILES
            .iter()
            .find(|(path, _)| *path == "people.yaml")
            .map(|(_, text)| text.to_string())
            .expect("the example has a roster");
        let corpus = [
            scaffold,
            format!(
                "{ROSTER}  - id: cid\n    name: Cid\n    emails:\n      - cid@example.com\n      - ann@example.com\n    github: Bob-GH\n"
            ),
        ];
        const PIECES: [&str; 24] = [
            " ",
            "  ",
            "-",
            "- ",
            ":",
            ": ",
            "#",
            " #",
            "[",
            "]",
            ",",
            "\n",
            "  - id: ann",
            "    name: X",
            "    emails: [ann@example.com]",
            "  - ",
            "people:",
            "'",
            "\"",
            "&a ",
            "*a",
            "|",
            "\t",
            "\u{2028}",
        ];
        let mut rng = Lcg(0x0051_7e55);
        let (mut compared, mut total) = (0usize, 0usize);
        for base in &corpus {
            for _ in 0..300 {
                let text = mutate(base, &mut rng, &PIECES, "people: []");
                total += 1;
                let Ok(index) = Index::of(text.clone()).map(Arc::new) else {
                    continue;
                };
                let read = |t: &str| {
                    crate::load::parse_bytes("people.yaml", t.as_bytes().to_vec(), Kind::People)
                        .typed::<People>()
                };
                let Some(whole) = read(&text) else {
                    continue;
                };
                let keys = probes(&whole);
                for _ in 0..3 {
                    let chosen: Vec<&str> = (0..rng.next(4))
                        .map(|_| keys[rng.next(keys.len())].as_str())
                        .collect();
                    let Some(part) = select("people.yaml", &index, &chosen) else {
                        continue;
                    };
                    let kept = part
                        .parsed
                        .typed::<People>()
                        .unwrap_or_else(|| panic!("{text:?} read whole but not in part"));
                    let roster = kept.with_unread(Arc::new(part.unread));
                    for key in &keys {
                        assert_eq!(roster.get(key), whole.get(key), "{key} in {text:?}");
                        assert_eq!(
                            roster.by_email(key),
                            whole.by_email(key),
                            "{key} in {text:?}"
                        );
                        assert_eq!(
                            roster.by_github(key),
                            whole.by_github(key),
                            "{key} in {text:?}"
                        );
                    }
                    assert_eq!(roster.everyone(), whole.people.as_slice());
                    compared += 1;
                }
            }
        }
        // Most mutations leave the shape or break the file; enough must be compared.
        assert!(
            compared * 4 > total,
            "only {compared} comparisons for {total} texts"
        );
    }
}
