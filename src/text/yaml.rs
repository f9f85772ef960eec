//! YAML text -> a JSON value, and on demand a map from JSON pointer to source position.
//!
//! Schema validation and the typed model work on `serde_json::Value`, which forgets where a value
//! came from. Positions are needed only for the few files that have findings, so parsing is done
//! twice when needed rather than always: [`parse`] reads the text straight into a value with
//! serde-saphyr (its safety limits on: nesting depth, alias expansion, node count), and
//! [`span_map`] reads it again into a small spanned tree (`Node`) flattened into a [`SpanMap`]
//! when the first location in that file is asked for. Both use the same parser and options, so
//! they accept exactly the same documents. A finding about `/results/3/value` then points at the
//! exact line and column. A text with a `!` in it is also read as parser events first, to refuse
//! tags other than the YAML core ones where they are written (`core_tags_only`).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Pos {
    /// The 1-based line.
    pub line: u32,
    /// The 1-based column, in characters.
    pub column: u32,
}

impl Pos {
    /// Line 1, column 1: where a finding about a whole file or folder points.
    pub const START: Pos = Pos { line: 1, column: 1 };

    fn from_location(loc: &serde_saphyr::Location) -> Self {
        Pos {
            line: u32::try_from(loc.line()).unwrap_or(u32::MAX).max(1),
            column: u32::try_from(loc.column()).unwrap_or(u32::MAX).max(1),
        }
    }
}

/// Where each value of a document is: its own position, and for mapping entries the position of
/// the key (an unknown key is best shown at the key, a wrong value at the value).
///
/// Kept compact, since every file with a finding has one for the rest of the run: the pointers
/// are written one after another into one text, and the entries, sorted by pointer, refer to
/// them by offset (a map with one allocated pointer per value took twice the memory).
#[derive(Clone, Debug, Default)]
pub struct SpanMap {
    /// Every pointer of the document, one after another.
    pointers: String,
    /// One entry per value, sorted by pointer (each pointer once).
    spots: Vec<Entry>,
}

/// One value's pointer (a range of [`SpanMap::pointers`]) and where it is.
#[derive(Clone, Copy, Debug)]
struct Entry {
    start: u32,
    len: u32,
    spot: Spot,
}

/// Where one value is, and its key when it is a mapping entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Spot {
    pub(super) value: Pos,
    pub(super) key: Option<Pos>,
}

impl SpanMap {
    fn pointer(&self, e: &Entry) -> &str {
        let start = e.start as usize;
        &self.pointers[start..start + e.len as usize]
    }

    /// Every pointer with where its value (and key) is, in pointer order: what two maps are
    /// compared by.
    #[cfg(any(test, debug_assertions))]
    pub(super) fn entries(&self) -> Vec<(&str, Spot)> {
        self.spots
            .iter()
            .map(|e| (self.pointer(e), e.spot))
            .collect()
    }

    fn get(&self, pointer: &str) -> Option<Spot> {
        self.spots
            .binary_search_by(|e| self.pointer(e).cmp(pointer))
            .ok()
            .map(|i| self.spots[i].spot)
    }

    /// Position of the value at `pointer`, or of the closest enclosing value that has one.
    pub fn value(&self, pointer: &str) -> Pos {
        let mut p = pointer;
        loop {
            if let Some(spot) = self.get(p) {
                return spot.value;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return Pos { line: 1, column: 1 },
            }
        }
    }

    /// Whether the document has a value at `pointer`.
    pub fn contains(&self, pointer: &str) -> bool {
        self.get(pointer).is_some()
    }

    /// Position of the mapping key whose value is at `pointer`, falling back to the value.
    pub fn key(&self, pointer: &str) -> Pos {
        self.get(pointer)
            .and_then(|spot| spot.key)
            .unwrap_or_else(|| self.value(pointer))
    }
}

/// Gathers a [`SpanMap`]'s entries in document order; [`SpanBuilder::finish`] sorts them.
#[derive(Default)]
pub(super) struct SpanBuilder {
    map: SpanMap,
}

impl SpanBuilder {
    pub(super) fn insert(&mut self, pointer: &str, spot: Spot) {
        // A text over 4 GiB is refused long before (the size cap); saturating keeps it total.
        let start = u32::try_from(self.map.pointers.len()).unwrap_or(u32::MAX);
        let len = u32::try_from(pointer.len()).unwrap_or(u32::MAX);
        self.map.pointers.push_str(pointer);
        self.map.spots.push(Entry { start, len, spot });
    }

    /// Sorted by pointer; where two values share one (keys `1` and `"1"` are both `/1`), the
    /// one recorded last counts, as it did when each was inserted into a map in turn.
    pub(super) fn finish(self) -> SpanMap {
        let mut map = self.map;
        let mut spots = std::mem::take(&mut map.spots);
        // Stable: among equal pointers the order of recording is kept.
        spots.sort_by(|a, b| map.pointer(a).cmp(map.pointer(b)));
        let mut kept: Vec<Entry> = Vec::with_capacity(spots.len());
        for e in spots {
            match kept.last_mut() {
                Some(last) if map.pointer(last) == map.pointer(&e) => *last = e,
                _ => kept.push(e),
            }
        }
        kept.shrink_to_fit();
        map.spots = kept;
        map.pointers.shrink_to_fit();
        map
    }
}

/// A parse failure, with the parser's position when it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong, without the parser's position suffix.
    pub message: String,
    /// Where, when the parser says.
    pub pos: Option<Pos>,
    /// True when a safety limit (depth, aliases, size of the expanded document) was hit.
    pub limit: bool,
    /// True for a key given twice in one mapping.
    pub duplicate_key: bool,
    /// True for a tag other than the YAML core ones.
    pub tag: bool,
}

/// A parsed document in the JSON data model (positions: [`span_map`]).
#[derive(Clone, Debug)]
pub struct Document {
    /// The document as JSON.
    pub value: serde_json::Value,
}

/// What the message of a refused `.nan`, `.inf` or `1e400` says.
pub const NOT_FINITE: &str = "is not a finite number";

/// Deepest nesting of lists and mappings accepted in one file.
pub const MAX_DEPTH: usize = 24;

/// Parses one YAML document. An empty document (only comments or nothing) is `Value::Null`.
/// A tag other than the YAML core ones is an error at the tag (`core_tags_only`).
pub fn parse(text: &str) -> Result<Document, YamlError> {
    // Most texts have the plain shape the subset reader knows (it never reads a tag); it gives
    // up on anything else, which serde-saphyr then reads.
    if let Some(value) = super::yaml_subset::read(text) {
        // Every debug build, so every test run, checks that both readers agree.
        #[cfg(debug_assertions)]
        assert_eq!(
            parse_with_saphyr(text).ok().map(|d| d.value).as_ref(),
            Some(&value),
            "the YAML subset reader and serde-saphyr disagree on {text:?}"
        );
        return Ok(Document { value });
    }
    parse_with_saphyr(text)
}

/// [`parse`] with serde-saphyr alone.
pub(super) fn parse_with_saphyr(text: &str) -> Result<Document, YamlError> {
    // First, since serde-saphyr fails on some tags with messages that do not name them. Every
    // tag starts with `!`: a text without one needs no look.
    if text.contains('!') {
        core_tags_only(text)?;
    }
    let value: serde_json::Value =
        serde_saphyr::from_str_with_options(text, options()).map_err(|e| to_error(&e))?;
    Ok(Document { value })
}

/// Refuses the first tag that is not one of the YAML 1.2 core schema's (`!!str`, `!!int`,
/// `!!float`, `!!bool`, `!!null`, `!!seq`, `!!map`, in any spelling that resolves to them) or the
/// non-specific `!`.
///
/// Other tags mean what the tool reading the file decides: `name: !include /etc/passwd` is a
/// file to insert for one tool, a Python object for another (`!!python/object`), a date for a
/// YAML 1.1 reader (`!!timestamp`) and plain text for serde-saphyr, which keeps the value and
/// drops the tag. A governance record must read the same everywhere, so the file is refused
/// rather than read one of those ways. The check walks the parser's events, which carry each
/// tag resolved through `%TAG` directives and the position of the tag itself.
fn core_tags_only(text: &str) -> Result<(), YamlError> {
    use serde_saphyr::granit_parser::{Event, Parser};
    for item in Parser::new_from_str(text) {
        // Malformed YAML: the parse that follows reports it, with its position.
        let Ok((event, span)) = item else {
            return Ok(());
        };
        let tag = match &event {
            Event::Scalar(_, _, _, Some(tag))
            | Event::SequenceStart(_, _, Some(tag))
            | Event::MappingStart(_, _, Some(tag)) => tag,
            _ => continue,
        };
        let non_specific = matches!((tag.handle(), tag.suffix()), ("!", "") | ("", "!"));
        if tag.is_yaml_core_schema() || non_specific {
            continue;
        }
        let at = span.tag_start.unwrap_or(span.start);
        let spelled: String = tag.original().chars().take(80).collect();
        return Err(YamlError {
            message: format!(
                "tag `{spelled}` is not a YAML core tag; YAML tools disagree on what it means, \
                 so tollgate refuses it"
            ),
            pos: Some(Pos {
                line: u32::try_from(at.line()).unwrap_or(u32::MAX).max(1),
                column: u32::try_from(at.col().saturating_add(1)).unwrap_or(u32::MAX),
            }),
            limit: false,
            duplicate_key: false,
            tag: true,
        });
    }
    Ok(())
}

/// Where each value of a document is. A text that does not parse has no positions (its error
/// carries the parser's own).
pub fn span_map(text: &str) -> SpanMap {
    // As in [`parse`]: the subset reader first, serde-saphyr for everything else.
    if let Some(map) = super::yaml_subset::spans(text) {
        #[cfg(debug_assertions)]
        assert_eq!(
            span_map_with_saphyr(text).entries(),
            map.entries(),
            "the YAML subset reader and serde-saphyr disagree on the positions in {text:?}"
        );
        return map;
    }
    span_map_with_saphyr(text)
}

/// [`span_map`] with serde-saphyr alone.
pub(super) fn span_map_with_saphyr(text: &str) -> SpanMap {
    let mut spans = SpanBuilder::default();
    if let Ok(root) = serde_saphyr::from_str_with_options::<Spanned<Node>>(text, options()) {
        let mut pointer = String::new();
        flatten(root, &mut pointer, None, &mut spans);
    }
    spans.finish()
}

/// The parser settings every read uses.
fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    // YAML 1.2: only `true`/`false` are booleans, so `answer: no` or a key `y` stays text.
    options.strict_booleans = true;
    if let Some(budget) = options.budget.as_mut() {
        // tollgate's files nest about six levels; the default of 64 is deeper than a 2 MiB
        // thread stack survives with serde's recursion in a debug build.
        budget.max_depth = MAX_DEPTH;
        budget.flow_nesting_limit = MAX_DEPTH;
    }
    options
}

fn to_error(e: &serde_saphyr::Error) -> YamlError {
    let inner = e.without_snippet();
    let pos = e
        .location()
        .and_then(|l| (l.line() > 0).then(|| Pos::from_location(&l)));
    let raw = inner.to_string();
    let mut message = strip_position_suffix(&raw);
    let lower = message.to_lowercase();
    let limit = lower.contains("budget") || lower.contains("limit") || lower.contains("depth");
    if lower.contains("recursion limit") || lower.contains("depth") {
        message = format!(
            "lists and mappings nest deeper than {MAX_DEPTH} levels; tollgate refuses such files \
             to keep memory and stack bounded"
        );
    } else if limit {
        message = format!(
            "{message}: the document exceeds tollgate's safety limits (alias expansion or size)"
        );
    }
    if lower.contains("non-finite float") {
        // serde-saphyr speaks of "the configured policy", which is not a tollgate policy.
        let written = message.split('`').nth(1).unwrap_or("this number");
        message = format!(
            "`{written}` {NOT_FINITE} (NaN and infinity cannot be compared with a criterion); write a number"
        );
    }
    let duplicate_key = lower.contains("duplicate mapping key");
    if duplicate_key {
        // serde-saphyr's text tells the programmer to "set DuplicateKeyPolicy in Options".
        let named = message
            .strip_prefix("duplicate mapping key: ")
            .and_then(|rest| rest.split(", set DuplicateKeyPolicy").next())
            .or_else(|| message.split('`').nth(1));
        message = match named {
            Some(key) => format!("key `{key}` is given twice in the same mapping"),
            None => "a key is given twice in the same mapping".to_string(),
        };
    }
    YamlError {
        limit,
        duplicate_key,
        tag: false,
        message,
        pos,
    }
}

/// serde-saphyr appends " at line L, column C" to messages, and for aliases also
/// " (defined at line L, column C) (used at line L, column C)"; the position is shown separately,
/// so the message is cut at the first of these suffixes.
fn strip_position_suffix(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let cut = [" at line ", " (defined at line ", " (used at line "]
        .iter()
        .filter_map(|s| first.find(s))
        .min();
    match cut {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}

/// The spanned tree read from YAML; kept private, flattened right away. Only positions are
/// wanted, so a scalar value keeps none of its text (mapping keys do: they name the pointers).
#[derive(Debug)]
enum Node {
    Scalar,
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_string<E: de::Error>(self, _: String) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            let key = Spanned::new(key.value.0, key.referenced, key.defined);
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

/// A mapping key as text: YAML allows `1: x` or `true: x`; JSON keys are strings.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = KeyText;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping key")
    }
    fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
        Ok(KeyText("null".to_string()))
    }
    fn visit_none<E: de::Error>(self) -> Result<KeyText, E> {
        Ok(KeyText("null".to_string()))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<KeyText, D::Error> {
        KeyText::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyText, E> {
        Ok(KeyText(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyText, E> {
        Ok(KeyText(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyText, E> {
        Ok(KeyText(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<KeyText, E> {
        Ok(KeyText((v as f64).to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<KeyText, E> {
        Ok(KeyText((v as f64).to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyText, E> {
        Ok(KeyText(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
        Ok(KeyText(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<KeyText, E> {
        Ok(KeyText(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<KeyText, E> {
        Ok(KeyText(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<KeyText, A::Error> {
        Err(de::Error::custom(
            "a mapping key must be a plain value, not a list or a mapping",
        ))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<KeyText, A::Error> {
        Err(de::Error::custom(
            "a mapping key must be a plain value, not a list or a mapping",
        ))
    }
}

/// Escapes one JSON-pointer segment (RFC 6901); most need no escaping and are not copied.
pub fn escape_segment(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['~', '/']) {
        std::borrow::Cow::Owned(s.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Records where every value (and every mapping key) of the tree is, by JSON pointer; `pointer`
/// is the value's, and is given back as it came.
fn flatten(node: Spanned<Node>, pointer: &mut String, key: Option<Pos>, spans: &mut SpanBuilder) {
    use std::fmt::Write as _;
    let value = Pos::from_location(&node.referenced);
    let len = pointer.len();
    match node.value {
        Node::Seq(items) => {
            for (i, item) in items.into_iter().enumerate() {
                let _ = write!(pointer, "/{i}");
                flatten(item, pointer, None, spans);
                pointer.truncate(len);
            }
        }
        Node::Map(entries) => {
            for (k, v) in entries {
                pointer.push('/');
                pointer.push_str(&escape_segment(&k.value));
                flatten(v, pointer, Some(Pos::from_location(&k.referenced)), spans);
                pointer.truncate(len);
            }
        }
        Node::Scalar => {}
    }
    spans.insert(pointer, Spot { value, key });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_suffixes_are_cut_whole() {
        assert_eq!(
            strip_position_suffix(
                "budget breached: Nodes { nodes: 9 } at line 1, column 22 (defined at line 5, \
                 column 9) (used at line 6, column 20)"
            ),
            "budget breached: Nodes { nodes: 9 }"
        );
        assert_eq!(
            strip_position_suffix(
                "invalid u16 (defined at line 1, column 10) (used at line 3, column 7)"
            ),
            "invalid u16"
        );
        assert_eq!(
            strip_position_suffix("did not find expected key at line 2, column 1"),
            "did not find expected key"
        );
    }

    #[test]
    fn positions_point_at_values_and_keys() {
        let text = "a: 1\nlist:\n  - x: hello\n    y: [1, 2]\n";
        let doc = parse(text).expect("parses");
        assert_eq!(doc.value["list"][0]["x"], "hello");
        let spans = span_map(text);
        assert_eq!(spans.value("/a"), Pos { line: 1, column: 4 });
        assert_eq!(spans.key("/a"), Pos { line: 1, column: 1 });
        assert_eq!(spans.value("/list/0/x"), Pos { line: 3, column: 8 });
        assert_eq!(spans.key("/list/0/y"), Pos { line: 4, column: 5 });
    }

    #[test]
    fn a_pointer_two_keys_share_is_the_later_one() {
        // `1` and `"1"` are different YAML keys but the same JSON pointer segment.
        let text = "a:\n  1: x\n  \"1\": y\nb~c/d: [z]\n";
        let spans = span_map(text);
        assert_eq!(spans.value("/a/1"), Pos { line: 3, column: 8 });
        assert_eq!(spans.key("/a/1"), Pos { line: 3, column: 3 });
        assert_eq!(spans.value("/b~0c~1d/0"), Pos { line: 4, column: 9 });
        assert!(spans.contains("/b~0c~1d"));
        assert!(!spans.contains("/b"));
        // A pointer below a scalar falls back to the closest value there is.
        assert_eq!(spans.value("/a/1/deeper/0"), Pos { line: 3, column: 8 });
        assert_eq!(spans.value("/nothing"), Pos { line: 1, column: 1 });
    }

    #[test]
    fn yaml_1_1_booleans_stay_text() {
        let doc = parse("y: no\nok: yes\nreal: true\n").expect("parses");
        assert_eq!(doc.value["y"], "no");
        assert_eq!(doc.value["ok"], "yes");
        assert_eq!(doc.value["real"], true);
    }

    #[test]
    fn unquoted_dates_stay_text() {
        let doc = parse("measured_at: 2026-01-15\n").expect("parses");
        assert_eq!(doc.value["measured_at"], "2026-01-15");
    }

    #[test]
    fn empty_document_is_null() {
        let doc = parse("# only a comment\n").expect("parses");
        assert!(doc.value.is_null());
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        let err = parse("a: 1\na: 2\n").expect_err("duplicate");
        assert!(err.duplicate_key, "{err:?}");
        assert_eq!(err.message, "key `a` is given twice in the same mapping");
        assert_eq!(err.pos.map(|p| p.line), Some(2));
    }

    #[test]
    fn syntax_error_has_position() {
        let err = parse("a: [1, 2\nb: 3\n").expect_err("unclosed");
        assert!(err.pos.is_some(), "{err:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(&text).expect_err("bomb");
        assert!(err.limit, "{err:?}");
        assert!(!err.message.contains(" at line"), "{err:?}");
        assert!(!err.message.contains("(used"), "{err:?}");
    }

    #[test]
    fn tags_other_than_the_core_ones_are_refused_at_the_tag() {
        for (text, tag, line, column) in [
            ("name: !include /etc/passwd\n", "!include", 1, 7),
            (
                "a: 1\nb: !!python/object:os.system x\n",
                "!!python/object:os.system",
                2,
                4,
            ),
            ("when: !!timestamp 2026-01-15\n", "!!timestamp", 1, 7),
            ("data: !!binary aGVsbG8=\n", "!!binary", 1, 7),
            ("x: !str 1\n", "!str", 1, 4),
            ("list:\n  - !custom {a: 1}\n", "!custom", 2, 5),
            ("? !key k\n: v\n", "!key", 1, 3),
            (
                "%TAG !! tag:example.com,2000:\n---\nx: !!str y\n",
                "!!str",
                3,
                4,
            ),
            (
                "x: !<tag:example.com,2000:thing> y\n",
                "tag:example.com,2000:thing",
                1,
                4,
            ),
            ("s: !!set {a, b}\n", "!!set", 1, 4),
            ("a: &x !env HOME\nb: *x\n", "!env", 1, 7),
        ] {
            let err = parse(text).expect_err(text);
            assert!(err.tag, "{text}: {err:?}");
            assert!(err.message.contains(tag), "{text}: {err:?}");
            assert_eq!(err.pos, Some(Pos { line, column }), "{text}: {err:?}");
        }
    }

    #[test]
    fn core_tags_and_exclamation_marks_in_text_are_accepted() {
        let doc = parse(
            "a: !!str 12\nb: !!int \"7\"\nc: !!float 1\nd: !!bool true\ne: !!null ~\n\
             f: !!seq [1]\ng: !!map {k: v}\nh: ! 12\ni: Great!\nj: \"!include x\"\n\
             k: !<tag:yaml.org,2002:str> v\n",
        )
        .expect("core tags parse");
        assert_eq!(doc.value["a"], "12");
        assert_eq!(doc.value["h"], "12");
        assert_eq!(doc.value["i"], "Great!");
        assert_eq!(doc.value["j"], "!include x");
        assert_eq!(doc.value["k"], "v");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse(&text).expect_err("deep");
        assert!(err.limit, "{err:?}");
        let block: String = (0..2000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        let err = parse(&block).expect_err("deep block");
        assert!(err.limit, "{err:?}");
    }
}
