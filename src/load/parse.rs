//! One file's bytes to its validated document: decoding, YAML with positions, emptiness, the
//! schema. Pure (no source, no snapshot), so that its outcome can be cached by content id and
//! a people.yaml read in part can be read whole later ([`super::roster`]).

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::findings::{Code, Finding};
use crate::text::yaml::{self, Pos};
use crate::text::{self as files, Files, SourceFile};

use super::schema::{self, Kind};

/// The outcome of parsing and schema-validating one file's bytes.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The text and span map, when the bytes were UTF-8 (also kept for files that fail to parse,
    /// so a finding can show the offending line).
    pub file: Option<SourceFile>,
    /// The document, when it parsed, was not empty and passed its schema.
    pub value: Option<Value>,
    /// Why `value` is `None` (or nothing, when it is `Some`).
    pub findings: Vec<Finding>,
}

impl Parsed {
    /// The document as a typed model value; `None` when it did not parse or validate.
    pub fn typed<T: DeserializeOwned>(&self) -> Option<T> {
        // Deserialize from a borrowed value: no copy of the document.
        T::deserialize(self.value.as_ref()?).ok()
    }
}

/// Parses and schema-validates one file's bytes: decoding, YAML with spans, emptiness, schema.
/// Pure (no source, no snapshot), so its outcome can be cached by content id.
pub fn parse_bytes(path: &str, bytes: Vec<u8>, kind: Kind) -> Parsed {
    let at_start = files::location(path, "", Pos::START);
    let mut out = Parsed::default();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = &e.as_bytes()[..offset];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let col_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[col_start..]).chars().count() + 1;
            let pos = yaml::Pos {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                column: u32::try_from(column).unwrap_or(u32::MAX),
            };
            out.findings.push(
                Finding::new(
                    Code::FileNotUtf8,
                    format!("`{path}` is not UTF-8: invalid byte at offset {offset}"),
                )
                .at(files::location(path, "", pos))
                .help("save the file as UTF-8"),
            );
            return out;
        }
    };
    let text = without_bom(text);
    let parsed = yaml::parse(&text);
    let doc = match parsed {
        Ok(doc) => doc,
        Err(err) => {
            let code = if err.limit {
                Code::YamlLimit
            } else if err.tag {
                Code::YamlTag
            } else if err.duplicate_key {
                Code::DuplicateKey
            } else {
                Code::YamlSyntax
            };
            let pos = err.pos.unwrap_or(Pos::START);
            out.file = Some(SourceFile::new(text));
            let help = if err.message.contains(yaml::NOT_FINITE) {
                "write the measured number, or leave the key out until there is one"
            } else {
                parse_help(code)
            };
            out.findings.push(
                Finding::new(code, err.message)
                    .at(files::location(path, "", pos))
                    .help(help),
            );
            return out;
        }
    };
    let empty = doc.value.is_null();
    let mut one = Files::default();
    one.insert(path.to_string(), SourceFile::new(text));
    if empty {
        out.findings.push(
            Finding::new(Code::FileEmpty, format!("`{path}` is empty"))
                .at(at_start)
                .help(empty_help(kind)),
        );
    } else {
        let problems = schema::validate(kind, &doc.value, path, &one);
        if problems.is_empty() {
            out.value = Some(doc.value);
        } else {
            out.findings = problems;
        }
    }
    out.file = one.remove(path);
    out
}

/// What to do about a file the YAML parser refused.
fn parse_help(code: Code) -> &'static str {
    match code {
        Code::DuplicateKey => {
            "keep one of the two keys: which value counts would otherwise depend on the tool"
        }
        Code::YamlLimit => {
            "write the values out: tollgate's files need neither deep nesting nor many aliases"
        }
        _ => "fix the YAML at this position (indentation with spaces, closed brackets and quotes)",
    }
}

fn empty_help(kind: Kind) -> String {
    let list = match kind {
        Kind::People => "people: []",
        Kind::Kpis => "kpis: []",
        Kind::Results => "results: []",
        Kind::Governance => "items: []",
        Kind::Decisions => "decisions: []",
        Kind::Issues => "issues: []",
        Kind::Config => "version: 1",
        Kind::Project | Kind::Policy => {
            return format!("see `tollgate schema {}` for what it holds", kind.name());
        }
    };
    format!("write `{list}` to say there is nothing yet")
}

/// The text without a leading byte-order mark (which is not part of the document).
pub(super) fn without_bom(text: String) -> String {
    text.strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text)
}
