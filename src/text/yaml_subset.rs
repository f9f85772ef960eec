//! A reader for the plain shape nearly every tollgate file has, several times faster than
//! serde-saphyr: block mappings with identifier keys, block sequences, one-line plain and quoted
//! scalars, one-line flow sequences of scalars, and `>` / `|` block scalars of one indentation.
//! It reads a text into its JSON value ([`read`]) or into the positions of its values
//! ([`spans`]).
//!
//! Parsing YAML was most of a run's time (a 452 KB people.yaml alone was 41% of a one-project
//! `diff` at 5,000 projects, and the positions of files with findings a third of a full
//! `check`). This reader does not decide anything serde-saphyr would decide differently: the
//! moment a text leaves the shape (an anchor, a tag, a multi-line plain or quoted scalar, an
//! escape, a flow mapping, a key that is not an identifier, a duplicate key, a tab, a control
//! character, a document marker, nesting past [`MAX_DEPTH`], more than [`MAX_NODES`] values, a
//! word YAML may read as something other than text, a number in any but the plainest spelling,
//! indentation that is not exact; for positions also an empty value) it gives up and returns
//! `None`, and [`super::yaml`] reads the text with serde-saphyr as before, which also reports
//! every error. So it accepts no text serde-saphyr refuses, and what it returns is what
//! serde-saphyr returns: a debug build (every test run) reads each text both ways and stops on
//! any difference, and the tests below compare both readers on mutated documents.

use serde_json::{Map, Number, Value};

use super::yaml::{Pos, SpanBuilder, SpanMap, Spot};

/// Deepest nesting read here (serde-saphyr's limit is [`super::yaml::MAX_DEPTH`]; deeper texts
/// go to it, which refuses them with its own message).
const MAX_DEPTH: usize = 16;
/// Most values read here (serde-saphyr refuses more than 250,000 nodes; well below that).
const MAX_NODES: usize = 100_000;
/// Longest key read here (YAML limits an implicit key to 1,024 characters).
const MAX_KEY: usize = 128;
/// Largest text read here.
const MAX_TEXT: usize = 16 << 20;

/// The document as JSON, or `None` when the text is outside the shape read here.
pub fn read(text: &str) -> Option<Value> {
    Reader::new(text, None)?.document().map(|(value, _)| value)
}

/// Where each value of the document is, or `None` when the text is outside the shape read here
/// or has an empty value (whose position serde-saphyr gives by rules of its own).
pub fn spans(text: &str) -> Option<SpanMap> {
    let mut reader = Reader::new(text, Some(Recorder::default()))?;
    reader.document()?;
    reader.spans.map(|r| r.builder.finish())
}

/// The lines of the text, when it has no tab, carriage return or other control character, byte
/// order mark, or character YAML 1.1 took for a line break: each is read here only by giving
/// up.
fn lines_of(text: &str) -> Option<Vec<&str>> {
    let bytes = text.as_bytes();
    // Without an early exit, so that the compiler checks many bytes at a time.
    let (bad, high) = bytes.iter().fold((false, 0u8), |(bad, high), &b| {
        (bad | (b < 0x20 && b != b'\n') | (b == 0x7f), high | b)
    });
    if bad {
        return None;
    }
    let mut lines = Vec::with_capacity(bytes.len() / 40 + 1);
    let mut start = 0;
    while let Some(i) = memchr::memchr(b'\n', &bytes[start..]) {
        lines.push(&text[start..start + i]);
        start += i + 1;
        // Runs of empty lines (a roster read in part has thousands) without a search each.
        while bytes.get(start) == Some(&b'\n') {
            lines.push("");
            start += 1;
        }
    }
    if start < bytes.len() {
        lines.push(&text[start..]);
    }
    let refused = |c: char| {
        matches!(
            c,
            '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
    };
    if high >= 0x80 && text.chars().any(refused) {
        return None;
    }
    Some(lines)
}

/// Where a value starts: the index of its line and the byte offset in that line.
type At = (usize, usize);

/// The JSON pointer being read and the positions recorded so far.
#[derive(Default)]
struct Recorder {
    pointer: String,
    builder: SpanBuilder,
}

/// Lines of the text, where reading is, and the positions when they are wanted.
struct Reader<'a> {
    lines: Vec<&'a str>,
    at: usize,
    nodes: usize,
    spans: Option<Recorder>,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// `-` alone or followed by a space: a sequence entry.
fn is_dash(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, spans: Option<Recorder>) -> Option<Self> {
        if text.len() > MAX_TEXT || !text.ends_with('\n') {
            return None;
        }
        Some(Reader {
            lines: lines_of(text)?,
            at: 0,
            nodes: 0,
            spans,
        })
    }

    /// The root (a mapping or a sequence starting in the first column), and nothing after it.
    fn document(&mut self) -> Option<(Value, At)> {
        if self.peek()? != 0 {
            return None;
        }
        let (root, at) = self.block(0, 1)?;
        if self.peek().is_some() {
            return None;
        }
        self.record(at, None);
        Some((root, at))
    }

    /// The indentation of the next line that holds content, skipping blank and comment lines
    /// (reading moves to it); `None` at the end.
    fn peek(&mut self) -> Option<usize> {
        while let Some(line) = self.lines.get(self.at) {
            let rest = line.trim_start_matches(' ');
            if rest.is_empty() || rest.starts_with('#') {
                self.at += 1;
            } else {
                return Some(line.len() - rest.len());
            }
        }
        None
    }

    /// Counts one value; `None` past [`MAX_NODES`].
    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then_some(())
    }

    /// Where the value being read (at the current pointer) is, when positions are wanted.
    fn record(&mut self, value: At, key: Option<At>) {
        let Some(rec) = self.spans.as_mut() else {
            return;
        };
        let pos = |(line, offset): At| Pos {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(self.lines[line][..offset].chars().count() + 1)
                .unwrap_or(u32::MAX),
        };
        let spot = Spot {
            value: pos(value),
            key: key.map(pos),
        };
        rec.builder.insert(&rec.pointer, spot);
    }

    /// Moves the pointer into a mapping entry or a sequence item; gives back what to
    /// [`Reader::leave`] with.
    fn enter(&mut self, segment: Segment<'_>) -> usize {
        let Some(rec) = self.spans.as_mut() else {
            return 0;
        };
        let len = rec.pointer.len();
        rec.pointer.push('/');
        match segment {
            Segment::Key(key) => rec.pointer.push_str(key),
            Segment::Index(i) => rec.pointer.push_str(&i.to_string()),
        }
        len
    }

    fn leave(&mut self, len: usize) {
        if let Some(rec) = self.spans.as_mut() {
            rec.pointer.truncate(len);
        }
    }

    /// An empty value: null, or giving up when positions are wanted.
    fn null(&mut self) -> Option<(Value, At)> {
        if self.spans.is_some() {
            return None;
        }
        self.count()?;
        Some((Value::Null, (0, 0)))
    }

    /// The mapping or sequence whose first line is the current one, at indentation `n`.
    fn block(&mut self, n: usize, depth: usize) -> Option<(Value, At)> {
        let line = self.lines[self.at];
        if is_dash(&line[n..]) {
            self.sequence(n, depth, false)
        } else {
            self.mapping(n, None, depth)
        }
    }

    /// A block mapping at indentation `n`, where its first key is. `first` is the content of
    /// its first entry when that sits on a sequence entry's line (`- id: x`); reading is on that
    /// line either way.
    fn mapping(
        &mut self,
        n: usize,
        mut first: Option<&'a str>,
        depth: usize,
    ) -> Option<(Value, At)> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.count()?;
        let start = (self.at, n);
        let mut map = Map::new();
        loop {
            let content = match first.take() {
                Some(content) => content,
                None => {
                    match self.peek() {
                        None => break,
                        Some(i) if i < n => break,
                        Some(i) if i > n => return None,
                        Some(_) => {}
                    }
                    &self.lines[self.at][n..]
                }
            };
            let key_at = (self.at, n);
            self.at += 1;
            let (key, after) = split_key(content)?;
            let back = self.enter(Segment::Key(key));
            let (value, at) = self.value_after_key(after, n, depth)?;
            self.record(at, Some(key_at));
            self.leave(back);
            // A key given twice is left to serde-saphyr (which refuses it).
            if map.insert(key.to_string(), value).is_some() {
                return None;
            }
        }
        Some((Value::Object(map), start))
    }

    /// The value of a key at indentation `n`, `after` being the rest of the key's line.
    fn value_after_key(&mut self, after: &'a str, n: usize, depth: usize) -> Option<(Value, At)> {
        let v = after.trim_start_matches(' ');
        if !(v.is_empty() || v.starts_with('#')) {
            return self.inline(v, n);
        }
        match self.peek() {
            Some(i) if i > n => self.block(i, depth + 1),
            // A sequence may sit at its key's own indentation.
            Some(i) if i == n && is_dash(&self.lines[self.at][n..]) => {
                self.sequence(n, depth + 1, true)
            }
            _ => self.null(),
        }
    }

    /// A block sequence at indentation `n`, where it is: its first dash, or when it is
    /// `indentless` (at its key's indentation, so that a line that is not an entry ends it
    /// rather than being an error) what follows that dash.
    fn sequence(&mut self, n: usize, depth: usize, indentless: bool) -> Option<(Value, At)> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.count()?;
        let mut start = (self.at, n);
        let mut items = Vec::new();
        loop {
            match self.peek() {
                None => break,
                Some(i) if i < n => break,
                Some(i) if i > n => return None,
                Some(_) => {}
            }
            let rest = &self.lines[self.at][n..];
            if !is_dash(rest) {
                if indentless {
                    break;
                }
                return None;
            }
            let after = &rest[1..];
            let content = after.trim_start_matches(' ');
            let column = n + 1 + (after.len() - content.len());
            if indentless && items.is_empty() {
                start = (self.at, column);
            }
            let back = self.enter(Segment::Index(items.len()));
            let (item, at) = if content.is_empty() || content.starts_with('#') {
                self.at += 1;
                match self.peek() {
                    Some(i) if i > n => self.block(i, depth + 1)?,
                    _ => self.null()?,
                }
            } else if is_dash(content) {
                return None;
            } else if split_key(content).is_some() {
                self.mapping(column, Some(content), depth + 1)?
            } else {
                self.at += 1;
                self.inline(content, n)?
            };
            self.record(at, None);
            self.leave(back);
            items.push(item);
        }
        Some((Value::Array(items), start))
    }

    /// A value written on the line just read, `v` being the end of that line; no line after it
    /// may be indented deeper than `n`, the indentation of its key or entry.
    fn inline(&mut self, v: &'a str, n: usize) -> Option<(Value, At)> {
        self.count()?;
        let line = self.at - 1;
        let at = (line, self.lines[line].len() - v.len());
        let (value, at) = match v.as_bytes().first()? {
            b'>' | b'|' => self.block_scalar(v, n)?,
            b'[' => (self.flow_sequence(v, line)?, at),
            b'\'' | b'"' => {
                let (s, rest) = quoted(v)?;
                end_of_line(rest)?;
                (Value::String(s), at)
            }
            _ => (plain(strip_comment(v))?, at),
        };
        match self.peek() {
            Some(i) if i > n => None,
            _ => Some((value, at)),
        }
    }

    /// A `>` or `|` block scalar (chomping `-` or clip) whose content lines all start at one
    /// indentation deeper than `n`; folded ones with no line indented further. Its position is
    /// the start of its first content line.
    fn block_scalar(&mut self, header: &str, n: usize) -> Option<(Value, At)> {
        let folded = header.starts_with('>');
        let mut rest = &header[1..];
        let strip = match rest.strip_prefix('-') {
            Some(r) => {
                rest = r;
                true
            }
            None => false,
        };
        end_of_line(rest)?;
        let first = self.lines.get(self.at)?;
        let m = indent(first);
        if m <= n || m == first.len() {
            return None;
        }
        let start = (self.at, m);
        let mut out = String::new();
        let mut blanks = 0usize;
        let mut any = false;
        while let Some(line) = self.lines.get(self.at) {
            let text = line.trim_start_matches(' ');
            if text.is_empty() {
                // Spaces past the content's indentation would be content.
                if line.len() > m {
                    return None;
                }
                blanks += 1;
                self.at += 1;
                continue;
            }
            let i = line.len() - text.len();
            if i < m {
                break;
            }
            if folded {
                if i > m || line.ends_with(' ') {
                    return None;
                }
                if any {
                    if blanks == 0 {
                        out.push(' ');
                    } else {
                        out.extend(std::iter::repeat_n('\n', blanks));
                    }
                }
            } else if any {
                out.extend(std::iter::repeat_n('\n', blanks + 1));
            }
            out.push_str(&line[m..]);
            any = true;
            blanks = 0;
            self.at += 1;
        }
        if !strip {
            out.push('\n');
        }
        // Kept for the whole run: no room to spare (grown by pushes, it had up to twice that).
        out.shrink_to_fit();
        Some((Value::String(out), start))
    }

    /// A one-line flow sequence of plain or quoted scalars (`[a, b]`, `[]`) on line `line`.
    fn flow_sequence(&mut self, v: &'a str, line: usize) -> Option<Value> {
        let width = self.lines[line].len();
        let mut items = Vec::new();
        let mut rest = v[1..].trim_start_matches(' ');
        if let Some(after) = rest.strip_prefix(']') {
            end_of_line(after)?;
            return Some(Value::Array(items));
        }
        loop {
            rest = rest.trim_start_matches(' ');
            let at = (line, width - rest.len());
            let (item, after) = match rest.as_bytes().first()? {
                b'\'' | b'"' => {
                    let (s, after) = quoted(rest)?;
                    (Value::String(s), after)
                }
                _ => {
                    let end = rest.find([',', ']'])?;
                    let raw = rest[..end].trim_end_matches(' ');
                    if raw.is_empty() || raw.contains([':', '#', '[', '{', '}', '\'', '"']) {
                        return None;
                    }
                    (plain(raw)?, &rest[end..])
                }
            };
            self.count()?;
            let back = self.enter(Segment::Index(items.len()));
            self.record(at, None);
            self.leave(back);
            items.push(item);
            let after = after.trim_start_matches(' ');
            if let Some(next) = after.strip_prefix(',') {
                rest = next;
            } else {
                let after = after.strip_prefix(']')?;
                end_of_line(after)?;
                return Some(Value::Array(items));
            }
        }
    }
}

/// One step of a JSON pointer (keys read here never need escaping: they are identifiers).
enum Segment<'k> {
    Key(&'k str),
    Index(usize),
}

/// `key:` followed by a space or the end of the line: the key (an identifier YAML reads as
/// text) and the rest of the line.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let end = memchr::memchr(b':', content.as_bytes())?;
    let (key, after) = (&content[..end], &content[end + 1..]);
    if !(after.is_empty() || after.starts_with(' ')) || key.is_empty() || key.len() > MAX_KEY {
        return None;
    }
    let bytes = key.as_bytes();
    let identifier = (bytes[0].is_ascii_alphabetic() || bytes[0] == b'_')
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-');
    (identifier && !is_word(key)).then_some((key, after))
}

/// Words YAML's core schema, or a float parser, takes for something other than text (a boolean,
/// null, an infinity or not-a-number), in any case. (`y`, `n`, `yes`, `no`, `on` and `off` are
/// text in YAML 1.2, which is how tollgate reads them.)
fn is_word(s: &str) -> bool {
    const WORDS: [&str; 6] = ["true", "false", "null", "inf", "infinity", "nan"];
    // Each starts with one of these letters: most keys and values are told apart by the first.
    let first = s.as_bytes().first().map(u8::to_ascii_lowercase);
    matches!(first, Some(b't' | b'f' | b'n' | b'i'))
        && s.len() <= 8
        && WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
}

/// A plain scalar up to a comment (` #`), without trailing spaces.
fn strip_comment(v: &str) -> &str {
    let cut = after_space(v, b'#').map_or(v, |i| &v[..i]);
    cut.trim_end_matches(' ')
}

/// The first `mark` in `s` that follows a space (its byte offset); `find(" #")` without the
/// cost of setting up a substring search for every scalar.
fn after_space(s: &str, mark: u8) -> Option<usize> {
    let b = s.as_bytes();
    memchr::memchr_iter(mark, b)
        .find(|&i| i > 0 && b[i - 1] == b' ')
        .map(|i| i - 1)
}

/// Whether `s` has a `:` followed by a space (`contains(": ")`, as [`after_space`]).
fn has_colon_space(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(b':', b).any(|i| b.get(i + 1) == Some(&b' '))
}

/// Nothing but spaces and a comment after a value.
fn end_of_line(rest: &str) -> Option<()> {
    if rest.is_empty() {
        return Some(());
    }
    let t = rest.trim_start_matches(' ');
    (rest.starts_with(' ') && (t.is_empty() || t.starts_with('#'))).then_some(())
}

/// A one-line quoted scalar at the start of `v` and the rest of the line; double-quoted ones
/// without escapes.
fn quoted(v: &str) -> Option<(String, &str)> {
    let body = &v[1..];
    if v.starts_with('"') {
        let end = body.find('"')?;
        let s = &body[..end];
        if s.contains('\\') {
            return None;
        }
        return Some((s.to_string(), &body[end + 1..]));
    }
    let mut out = String::new();
    let mut i = 0;
    loop {
        let j = i + body[i..].find('\'')?;
        out.push_str(&body[i..j]);
        if body[j + 1..].starts_with('\'') {
            out.push('\'');
            i = j + 2;
        } else {
            return Some((out, &body[j + 1..]));
        }
    }
}

/// A plain scalar as YAML's core schema reads it, when that is certain: text starting with a
/// letter, `true` / `false`, a decimal integer or fraction, a date.
fn plain(s: &str) -> Option<Value> {
    if has_colon_space(s) || s.ends_with(':') {
        return None;
    }
    let first = s.chars().next()?;
    if first.is_ascii_alphabetic() || (!first.is_ascii() && first.is_alphabetic()) {
        return match s {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ if is_word(s) => None,
            _ => Some(Value::String(s.to_string())),
        };
    }
    if !(first.is_ascii_digit() || first == '-') {
        return None;
    }
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let canonical_whole = digits(whole) && (whole == "0" || !whole.starts_with('0'));
    if canonical_whole && whole.len() <= 18 {
        match fraction {
            None if s == "-0" => return None,
            None if s.starts_with('-') => return s.parse::<i64>().ok().map(Value::from),
            None => return s.parse::<u64>().ok().map(Value::from),
            Some(f) if digits(f) && s.len() <= 20 => {
                return s
                    .parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .map(Value::Number);
            }
            Some(_) => return None,
        }
    }
    is_date(s).then(|| Value::String(s.to_string()))
}

/// `YYYY-MM-DD`: text in YAML 1.2's core schema (only YAML 1.1 had timestamps).
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::mutation::{Lcg, mutate};

    /// What serde-saphyr, with tollgate's options, reads (`None`: it refuses the text).
    fn saphyr(text: &str) -> Option<Value> {
        super::super::yaml::parse_with_saphyr(text)
            .ok()
            .map(|d| d.value)
    }

    /// The property the reader rests on: when it reads a text, serde-saphyr reads the same
    /// value from it.
    fn agrees(text: &str) {
        if let Some(mine) = read(text) {
            assert_eq!(Some(&mine), saphyr(text).as_ref(), "on {text:?}");
        }
        if let Some(mine) = spans(text) {
            assert!(
                read(text).is_some(),
                "positions of a text not read: {text:?}"
            );
            let theirs = super::super::yaml::span_map_with_saphyr(text);
            assert_eq!(mine.entries(), theirs.entries(), "positions in {text:?}");
        }
    }

    const SAMPLE: &str = r#"# a comment
id: call-summaries-00029
name: Call centre call summaries, Sapporo (v2) [beta]
stage: mvp
count: 117
ratio: 0.775
negative: -3
flag: true
off_flag: false
empty:
date: 2025-09-05
url: https://wiki.example.com/a#b
quoted: 'it''s here'   # trailing
double: "a: b # c"
emails: [a@example.com, 'b c', "d"]
nothing: []
description: >
  Summarises recorded calls
  into the CRM case note.

  A second paragraph.

literal: |-
  line one
    indented

  line three
roles:
  owner: kaneko-takeshi        # decides
  business_lead: yamada-makoto-2
data:
  - id: call-recordings
    description: >
      Recorded calls with consent flags.
    available: true
  - plain entry
  -
  - - nested
list_at_key:
- one
- two: 2
  three: 3
after: x
"#;

    #[test]
    fn reads_the_common_shape_as_serde_saphyr_does() {
        // Up to the compact nested entry, which is left to serde-saphyr.
        let cut = SAMPLE.replace("  - - nested\n", "");
        let value = read(&cut).expect("the common shape is read here");
        assert_eq!(Some(value), saphyr(&cut));
        // Positions too, once the empty values (whose positions are left to serde-saphyr) are
        // filled in.
        assert!(spans(&cut).is_none());
        let filled = cut
            .replace("empty:\n", "empty: e\n")
            .replace("  -\n", "  - x\n");
        let mine = spans(&filled).expect("positions of the common shape are read here");
        let theirs = super::super::yaml::span_map_with_saphyr(&filled);
        assert_eq!(mine.entries(), theirs.entries());
        assert!(mine.entries().len() > 30, "{}", mine.entries().len());
        assert_eq!(
            read(SAMPLE),
            None,
            "a compact nested sequence is left to serde-saphyr"
        );
    }

    #[test]
    fn texts_outside_the_shape_are_left_to_serde_saphyr() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: !custom x\n",
            "a: b\n  c\n",
            "a: \"x\\ny\"\n",
            "a: {b: 1}\n",
            "\"a\": 1\n",
            "a: 1\na: 2\n",
            "a:\tb\n",
            "a: b\r\n",
            "---\na: 1\n",
            "a: True\n",
            "a: NULL\n",
            "a: Infinity\n",
            "a: 0x1F\n",
            "a: 007\n",
            "a: +5\n",
            "a: .5\n",
            "a: 1e3\n",
            "a: .inf\n",
            "a: ~\n",
            "a: null\n",
            "true: 1\n",
            "a: 1",
            "  a: 1\n",
            "a: >+\n  x\n",
            "a: >2\n  x\n",
            "a: >\n  x\n    y\n",
            "<<: {a: 1}\n",
            "a: -0\n",
            "null: 1\n",
            "a: [b, [c]]\n",
            "a: [b,\n  c]\n",
            "a:\n  b: 1\n c: 2\n",
        ] {
            assert_eq!(read(text), None, "{text:?}");
        }
    }

    #[test]
    fn nesting_and_size_past_the_limits_are_left_to_serde_saphyr() {
        let mut deep = String::new();
        for i in 0..=MAX_DEPTH {
            deep.push_str(&" ".repeat(i * 2));
            deep.push_str("k:\n");
        }
        deep.push_str(&" ".repeat((MAX_DEPTH + 1) * 2));
        deep.push_str("k: 1\n");
        assert_eq!(read(&deep), None);
        let many = "- a\n".repeat(MAX_NODES + 1);
        assert_eq!(read(&many), None);
        assert!(read(&"- a\n".repeat(1000)).is_some());
    }

    /// Mutations of the sample and of the shipped example's files: characters YAML gives a
    /// meaning to inserted, lines deleted, duplicated, indented or outdented. Whatever the
    /// reader accepts, serde-saphyr must read to the same value; and it must accept some.
    #[test]
    fn mutated_documents_read_the_same_both_ways() {
        let mut corpus: Vec<String> = vec![SAMPLE.replace("  - - nested\n", "")];
        corpus.push(
            SAMPLE
                .replace("  - - nested\n", "")
                .replace("empty:\n", "empty: e\n"),
        );
        corpus.extend(
            crate::scaffold::FILES
                .iter()
                .filter(|(path, _)| path.ends_with(".yaml") || path.ends_with(".yml"))
                .map(|(_, text)| text.to_string()),
        );
        const PIECES: [&str; 34] = [
            " ", "  ", "-", "- ", ":", ": ", "#", " #", "'", "\"", "[", "]", ",", ">", "|", "\n",
            "\n\n", "0", "1.5", "-1", "true", "y", "n", "no", "On", "~", "\t", "&a ", "*a", "!",
            "\r", "\u{85}", "\u{feff}", "\u{e9}",
        ];
        let mut rng = Lcg(0x5eed);
        let (mut accepted, mut positioned, mut total) = (0usize, 0usize, 0usize);
        for base in &corpus {
            agrees(base);
            for _ in 0..400 {
                let text = mutate(base, &mut rng, &PIECES, "a: 1");
                total += 1;
                if read(&text).is_some() {
                    accepted += 1;
                }
                if spans(&text).is_some() {
                    positioned += 1;
                }
                agrees(&text);
            }
        }
        // Most mutations leave the shape (then nothing is compared); enough must stay in it
        // for the comparison to mean something.
        assert!(
            accepted * 5 > total,
            "only {accepted} of {total} mutated texts were read here"
        );
        assert!(
            positioned * 6 > total,
            "positions of only {positioned} of {total} mutated texts were read here"
        );
    }
}
