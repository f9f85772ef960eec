//! The copies of the JSON Schemas a repository keeps for editors (`.tollgate/schemas/`, written
//! by `tollgate init` and `tollgate schema --write`), and the check that they are this tollgate's.
//!
//! The copies are only ever compared, never validated with: a pull request can edit them like
//! any other file, so tollgate validates with its embedded schemas alone and merely reports
//! copies that differ (`schema-outdated`), since an editor using them would then judge the YAML
//! by other rules than the gate does. A repository without the folder has set no editor up,
//! which is normal and not a finding.

use serde_json::Value;

use super::schema::Kind;
use crate::findings::{Code, Finding};
use crate::source::{self, EntryKind, ReadError, Source};
use crate::text;

/// Where the editor schemas live, relative to the folder holding tollgate.yaml.
pub const DIR: &str = ".tollgate/schemas";

/// The largest copy read for the comparison. The schemas are a few kilobytes; a file far larger
/// cannot be one of them, and reading it whole would let a pull request make every check slow.
/// Fixed rather than `max_file_bytes`, which is about governance files, not editor settings.
const MAX_BYTES: u64 = 1 << 20;

/// The name of a kind's schema file, as in `schemas/` of the source: `kpis.schema.json`.
pub fn file_name(kind: Kind) -> String {
    format!("{}.schema.json", kind.name())
}

/// Every editor schema file: (file name, text), one per file kind, policy included.
pub fn files() -> impl Iterator<Item = (String, &'static str)> {
    Kind::ALL
        .into_iter()
        .map(|kind| (file_name(kind), kind.schema_text()))
}

/// Compares the committed editor schemas with this binary's: one `schema-outdated` finding per
/// copy that differs, is missing or cannot be read. Nothing when the folder does not exist.
/// Copies are compared as JSON documents, so reformatting or a checkout's CRLF line ends do not
/// count as a difference.
pub fn check(source: &dyn Source) -> Vec<Finding> {
    let (parent, name) = DIR.rsplit_once('/').unwrap_or(("", DIR));
    let entry = match source.list(parent) {
        Ok(entries) => entries.into_iter().find(|e| e.name == name),
        Err(e) => return vec![finding(DIR, format!("`{DIR}` cannot be read: {e}"))],
    };
    match entry {
        None => return Vec::new(),
        Some(e) if e.kind != EntryKind::Dir => {
            return vec![finding(
                DIR,
                format!("`{DIR}` is not a folder, so editors find no schemas in it"),
            )];
        }
        Some(_) => {}
    }
    if let Err(e) = source.list(DIR) {
        return vec![finding(DIR, format!("`{DIR}` cannot be read: {e}"))];
    }
    let version = env!("CARGO_PKG_VERSION");
    let mut findings = Vec::new();
    for kind in Kind::ALL {
        let path = source::join(DIR, &file_name(kind));
        let what = kind.name();
        let problem = match source.read(&path, MAX_BYTES) {
            Ok(bytes) => (!same_schema(&bytes, kind)).then(|| {
                format!(
                    "`{path}` is not the {what} schema of this tollgate ({version}): editors using \
                     it judge {what} files by other rules than tollgate does"
                )
            }),
            Err(ReadError::NotFound) => Some(format!(
                "`{path}` is missing: editors find no schema for {what} files"
            )),
            Err(e) => Some(format!(
                "`{path}` cannot be compared with this tollgate's {what} schema: {e}"
            )),
        };
        if let Some(message) = problem {
            findings.push(finding(&path, message));
        }
    }
    findings
}

/// Whether `bytes` is the kind's schema as a JSON document (key order and layout aside).
/// Anything that is not JSON, or nested too deep for the parser, simply differs.
fn same_schema(bytes: &[u8], kind: Kind) -> bool {
    let Ok(copy) = serde_json::from_slice::<Value>(bytes) else {
        return false;
    };
    serde_json::from_str::<Value>(kind.schema_text()).is_ok_and(|ours| ours == copy)
}

fn finding(path: &str, message: String) -> Finding {
    Finding::new(Code::SchemaOutdated, message)
        .at(text::location(path, "", crate::text::yaml::Pos::START))
        .help(format!(
            "refresh the copies with `tollgate schema --write {DIR}` where tollgate.yaml is, and \
             commit them"
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every property schema with its JSON pointer, outside `if`/`then`/`else` and other than a
    /// bare range: those restate a property (a threshold's range for one unit, the status that
    /// makes a key required) already described where it is defined, and editors show that
    /// definition.
    fn properties<'a>(node: &'a Value, at: &str, out: &mut Vec<(String, &'a Value)>) {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    if matches!(key.as_str(), "if" | "then" | "else") {
                        continue;
                    }
                    let here = format!("{at}/{key}");
                    if key == "properties"
                        && let Value::Object(props) = child
                    {
                        for (name, schema) in props {
                            let range_only = schema.as_object().is_some_and(|s| {
                                s.keys().all(|k| {
                                    matches!(
                                        k.as_str(),
                                        "minimum"
                                            | "maximum"
                                            | "exclusiveMinimum"
                                            | "exclusiveMaximum"
                                    )
                                })
                            });
                            if !range_only {
                                out.push((format!("{here}/{name}"), schema));
                            }
                        }
                    }
                    properties(child, &here, out);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    properties(item, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    /// Every `enum` outside `if`/`then`/`else`, with its JSON pointer.
    fn enums<'a>(node: &'a Value, at: &str, out: &mut Vec<(String, &'a Value)>) {
        match node {
            Value::Object(map) => {
                if map.contains_key("enum") {
                    out.push((at.to_string(), node));
                }
                for (key, child) in map {
                    if !matches!(key.as_str(), "if" | "then" | "else") {
                        enums(child, &format!("{at}/{key}"), out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    enums(item, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    fn text_of<'a>(node: &'a Value, key: &str) -> Option<&'a str> {
        node.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
    }

    /// Editors show a property's title and description on hover and completion and offer its
    /// examples; each example must also be valid, or completion would suggest an error.
    #[test]
    fn every_property_has_a_title_a_description_and_valid_examples() {
        let mut problems = Vec::new();
        let mut count = 0;
        for kind in Kind::ALL {
            let root: Value = serde_json::from_str(kind.schema_text()).expect("schema is JSON");
            let mut found = Vec::new();
            properties(&root, "", &mut found);
            for (pointer, schema) in found {
                count += 1;
                let at = format!("{}{pointer}", file_name(kind));
                for key in ["title", "description"] {
                    if text_of(schema, key).is_none() {
                        problems.push(format!("{at}: no {key}"));
                    }
                }
                let examples = schema.get("examples").and_then(Value::as_array);
                let Some(examples) = examples.filter(|e| !e.is_empty()) else {
                    problems.push(format!("{at}: no examples"));
                    continue;
                };
                // The property's schema on its own, with the definitions it may refer to.
                let mut alone = schema.clone();
                if let Some(defs) = root.get("$defs") {
                    alone["$defs"] = defs.clone();
                }
                let validator = jsonschema::draft202012::options()
                    .should_validate_formats(true)
                    .build(&alone)
                    .unwrap_or_else(|e| panic!("{at}: {e}"));
                for example in examples {
                    for error in validator.iter_errors(example) {
                        problems.push(format!("{at}: example {example} is invalid: {error}"));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        // The nine schemas hold 135 such properties; a walk that finds few is broken.
        assert!(count >= 135, "only {count} properties found");
    }

    /// yaml-language-server shows `enumDescriptions` beside each value in completion and hover
    /// (tests/editor/lsp-check.mjs checks it does), so every value of every vocabulary has one.
    #[test]
    fn every_enum_value_has_a_description() {
        let mut problems = Vec::new();
        let mut count = 0;
        for kind in Kind::ALL {
            let root: Value = serde_json::from_str(kind.schema_text()).expect("schema is JSON");
            let mut found = Vec::new();
            enums(&root, "", &mut found);
            for (pointer, schema) in found {
                count += 1;
                let at = format!("{}{pointer}", file_name(kind));
                let values = schema["enum"].as_array().map_or(0, Vec::len);
                let descriptions = schema.get("enumDescriptions").and_then(Value::as_array);
                match descriptions {
                    Some(d)
                        if d.len() == values
                            && d.iter().all(|t| t.as_str().is_some_and(|s| !s.is_empty())) => {}
                    _ => problems.push(format!(
                        "{at}: {values} values, enumDescriptions {descriptions:?}"
                    )),
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(count >= 15, "only {count} enums found");
    }
}
