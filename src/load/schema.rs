//! The JSON Schemas of the file kinds: embedded in the binary, compiled once per run, and the
//! translation of their errors into findings that point into the user's file.

use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::suggest::closest;
use crate::findings::{Code, Finding};
use crate::text::Files;

/// A kind of file tollgate reads, each with its own schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// tollgate.yaml.
    Config,
    /// people.yaml.
    People,
    /// A project's project.yaml.
    Project,
    /// A project's kpis.yaml.
    Kpis,
    /// A project's results.yaml.
    Results,
    /// A project's governance.yaml.
    Governance,
    /// A project's decisions.yaml.
    Decisions,
    /// A project's issues.yaml.
    Issues,
    /// A policy file.
    Policy,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 9] = [
        Kind::Config,
        Kind::People,
        Kind::Project,
        Kind::Kpis,
        Kind::Results,
        Kind::Governance,
        Kind::Decisions,
        Kind::Issues,
        Kind::Policy,
    ];

    /// The files of a project folder, in the order they are reported.
    pub const PROJECT_FILES: [Kind; 6] = [
        Kind::Project,
        Kind::Kpis,
        Kind::Results,
        Kind::Governance,
        Kind::Decisions,
        Kind::Issues,
    ];

    /// The kind's name, as `tollgate schema` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Config => "config",
            Kind::People => "people",
            Kind::Project => "project",
            Kind::Kpis => "kpis",
            Kind::Results => "results",
            Kind::Governance => "governance",
            Kind::Decisions => "decisions",
            Kind::Issues => "issues",
            Kind::Policy => "policy",
        }
    }

    /// Reads a kind's name.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The file name of a project-folder kind (`kpis.yaml`).
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Config => "tollgate.yaml",
            Kind::People => "people.yaml",
            Kind::Project => "project.yaml",
            Kind::Kpis => "kpis.yaml",
            Kind::Results => "results.yaml",
            Kind::Governance => "governance.yaml",
            Kind::Decisions => "decisions.yaml",
            Kind::Issues => "issues.yaml",
            Kind::Policy => "policy.yaml",
        }
    }

    /// What the file holds, one line, for `schema --list`.
    pub fn summary(self) -> &'static str {
        match self {
            Kind::Config => "tollgate.yaml: repository layout and limits (optional)",
            Kind::People => "people.yaml: the roster roles and approvers refer to",
            Kind::Project => "projects/<id>/project.yaml: stage, scope, roles, partner, data",
            Kind::Kpis => "projects/<id>/kpis.yaml: KPIs and per-gate criteria fixed in advance",
            Kind::Results => "projects/<id>/results.yaml: measured results per KPI and gate",
            Kind::Governance => "projects/<id>/governance.yaml: agreements and their approvers",
            Kind::Decisions => "projects/<id>/decisions.yaml: append-only gate decisions",
            Kind::Issues => "projects/<id>/issues.yaml: open-issue inventory",
            Kind::Policy => "policies/*.yaml: gate policies (rules, severities, gates)",
        }
    }

    /// The schema text as shipped in `schemas/`.
    pub fn schema_text(self) -> &'static str {
        match self {
            Kind::Config => include_str!("../../schemas/config.schema.json"),
            Kind::People => include_str!("../../schemas/people.schema.json"),
            Kind::Project => include_str!("../../schemas/project.schema.json"),
            Kind::Kpis => include_str!("../../schemas/kpis.schema.json"),
            Kind::Results => include_str!("../../schemas/results.schema.json"),
            Kind::Governance => include_str!("../../schemas/governance.schema.json"),
            Kind::Decisions => include_str!("../../schemas/decisions.schema.json"),
            Kind::Issues => include_str!("../../schemas/issues.schema.json"),
            Kind::Policy => include_str!("../../schemas/policy.schema.json"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A compiled schema plus every property name it defines (for "did you mean").
struct Compiled {
    validator: jsonschema::Validator,
    keys: BTreeSet<String>,
}

fn compiled(kind: Kind) -> &'static Compiled {
    static CELLS: [OnceLock<Compiled>; 9] = [const { OnceLock::new() }; 9];
    CELLS[kind.index()].get_or_init(|| {
        // The schemas are part of the binary and covered by tests; failing here is a build defect.
        #[allow(clippy::expect_used)]
        let schema: Value =
            serde_json::from_str(kind.schema_text()).expect("embedded schema is valid JSON");
        #[allow(clippy::expect_used)]
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("embedded schema compiles");
        let mut keys = BTreeSet::new();
        collect_keys(&schema, &mut keys);
        Compiled { validator, keys }
    })
}

fn collect_keys(schema: &Value, keys: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                keys.extend(props.keys().cloned());
            }
            map.values().for_each(|v| collect_keys(v, keys));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_keys(v, keys)),
        _ => {}
    }
}

/// Validates a document against its kind's schema; each violation becomes a finding located at
/// the offending value (or key, for unknown keys) in `path`.
pub fn validate(kind: Kind, value: &Value, path: &str, files: &Files) -> Vec<Finding> {
    let compiled = compiled(kind);
    // Most files are valid: the check that stops at the first error costs a fraction of
    // gathering every error, and only a file that fails it is walked again for them.
    if compiled.validator.is_valid(value) {
        return Vec::new();
    }
    let mut findings = Vec::new();
    // (object pointer, key an unknown key probably meant): a misspelt required key is one
    // mistake, so its "missing" twin is not reported separately.
    let mut meant: HashSet<(String, String)> = HashSet::new();
    // (index in `findings`, object pointer, key) of each missing-key finding.
    let mut missing: Vec<(usize, String, String)> = Vec::new();
    for error in compiled.validator.iter_errors(value) {
        let pointer = error.instance_path().as_str().to_string();
        let shown = || short(error.instance());
        let finding = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                for key in unexpected {
                    let child = format!("{pointer}/{}", crate::text::yaml::escape_segment(key));
                    let mut f = Finding::new(
                        Code::UnknownKey,
                        format!("unknown key `{}` in a {} file", clip(key, 80), kind.name()),
                    )
                    .at(files.key(path, &child));
                    f = match closest(key, compiled.keys.iter().map(String::as_str)) {
                        Some(s) => {
                            meant.insert((pointer.clone(), s.to_string()));
                            f.help(format!("did you mean `{s}`?"))
                        }
                        None => f.help(format!(
                            "see `tollgate schema {}` for the keys this file takes",
                            kind.name()
                        )),
                    };
                    findings.push(f);
                }
                continue;
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                missing.push((findings.len(), pointer.clone(), name.to_string()));
                Finding::new(
                    Code::MissingKey,
                    format!(
                        "missing required key `{name}`{}",
                        context(&clip(&pointer, 80))
                    ),
                )
                .at(files.value(path, &pointer))
                .help(format!(
                    "see `tollgate schema {}` for what `{name}` holds",
                    kind.name()
                ))
            }
            ValidationErrorKind::Type { kind: expected } => Finding::new(
                Code::WrongType,
                format!(
                    "expected {}, found {} {}",
                    type_name(expected),
                    json_type(error.instance()),
                    shown()
                ),
            )
            .at(files.value(path, &pointer))
            .help(format!(
                "see `tollgate schema {}` for what this key holds",
                kind.name()
            )),
            ValidationErrorKind::Enum { options } => {
                let allowed: Vec<&str> = options
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let mut f = Finding::new(
                    Code::InvalidValue,
                    format!("{} is not one of: {}", shown(), allowed.join(", ")),
                )
                .at(files.value(path, &pointer));
                f = match error
                    .instance()
                    .as_str()
                    .and_then(|v| closest(v, allowed.iter().copied()))
                {
                    Some(s) => f.help(format!("did you mean `{s}`?")),
                    None => f.help(format!("write one of: {}", allowed.join(", "))),
                };
                f
            }
            ValidationErrorKind::Minimum { limit } | ValidationErrorKind::Maximum { limit } => {
                let below = matches!(error.kind(), ValidationErrorKind::Minimum { .. });
                Finding::new(
                    Code::InvalidValue,
                    format!(
                        "{} is {} {limit}, the {} value allowed here",
                        shown(),
                        if below { "below" } else { "above" },
                        if below { "smallest" } else { "largest" }
                    ),
                )
                .at(files.value(path, &pointer))
                .help(range_help(&pointer))
            }
            ValidationErrorKind::Format { format } if format == "date" => Finding::new(
                Code::InvalidDate,
                format!("{} is not a calendar date", shown()),
            )
            .at(files.value(path, &pointer))
            .help("write dates as YYYY-MM-DD, e.g. 2026-01-15"),
            ValidationErrorKind::Pattern { pattern } if pattern.contains("a-z0-9") => Finding::new(
                Code::InvalidValue,
                format!("{} is not a valid id", shown()),
            )
            .at(files.value(path, &pointer))
            .help("ids are lower-case letters, digits and `-`, starting with a letter or digit"),
            ValidationErrorKind::Pattern { .. } if kind == Kind::Config => Finding::new(
                Code::InvalidValue,
                format!("{} is not a path inside the repository", shown()),
            )
            .at(files.value(path, &pointer))
            .help(
                "write a relative path below the folder holding tollgate.yaml: no leading `/`, \
                 no `..`, no `\\`",
            ),
            ValidationErrorKind::MaxLength { limit } => {
                let length = error.instance().as_str().map_or(0, |s| s.chars().count());
                Finding::new(
                    Code::InvalidValue,
                    format!(
                        "this text is {length} characters long; at most {limit} are allowed here"
                    ),
                )
                .at(files.value(path, &pointer))
                .help(
                    "shorten it: every report and pull-request comment repeats it; put long \
                     material in a document and refer to it",
                )
            }
            // The validator's own words, which quote the value: cut so a huge value is not
            // copied into the report.
            _ => Finding::new(Code::InvalidValue, clip(&error.to_string(), 300))
                .at(files.value(path, &pointer))
                .help(format!(
                    "see `tollgate schema {}` for what this key allows",
                    kind.name()
                )),
        };
        findings.push(finding);
    }
    // Linear: a file can have a hundred thousand of each.
    let twins: HashSet<usize> = missing
        .into_iter()
        .filter(|(_, pointer, key)| meant.contains(&(pointer.clone(), key.clone())))
        .map(|(i, _, _)| i)
        .collect();
    if !twins.is_empty() {
        let mut index = 0;
        findings.retain(|_| {
            index += 1;
            !twins.contains(&(index - 1))
        });
    }
    findings
}

/// Why a number is out of range: counts are bounded so that every JSON tool reads them exactly;
/// levels and values follow the KPI's unit.
fn range_help(pointer: &str) -> String {
    let key = pointer.rsplit('/').next().unwrap_or_default();
    match key {
        "n" | "successes" | "min_samples" | "max_file_bytes" => format!(
            "counts are whole numbers of at most {}, the largest integer every JSON tool reads exactly",
            crate::model::MAX_COUNT
        ),
        "threshold" | "stop" | "value" => UNIT_RANGES.to_string(),
        _ => "see `tollgate schema KIND` for the range".to_string(),
    }
}

fn context(pointer: &str) -> String {
    if pointer.is_empty() {
        String::new()
    } else {
        format!(" at {pointer}")
    }
}

/// A value as shown in a message: strings quoted, long values cut. The value is serialized
/// only up to the cut, so showing a four-megabyte mapping costs no more than a short one.
fn short(value: &Value) -> String {
    const MAX: usize = 60;
    let mut out = Bounded {
        bytes: Vec::new(),
        limit: (MAX + 1) * 4,
    };
    // Stops with an error once the limit is reached; what was written is kept.
    let _ = serde_json::to_writer(&mut out, value);
    // A cut-short text has more than MAX characters (none takes more than four bytes), so it
    // is marked as cut.
    clip(&String::from_utf8_lossy(&out.bytes), MAX)
}

/// A writer that refuses bytes beyond a limit.
struct Bounded {
    bytes: Vec<u8>,
    limit: usize,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = self.limit.saturating_sub(self.bytes.len());
        if room == 0 {
            return Err(std::io::Error::other("limit reached"));
        }
        let n = room.min(buf.len());
        self.bytes.extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Text cut to at most `max` characters, marked with `...` where it was cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() > max {
        let cut: String = text.chars().take(max - 3).collect();
        format!("{cut}...")
    } else {
        text.to_string()
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn type_name(kind: &jsonschema::error::TypeKind) -> String {
    let raw = format!("{kind:?}");
    raw.replace("Single(", "")
        .replace("Multiple(", "")
        .replace(')', "")
        .replace("Object", "a mapping")
        .replace("Array", "a list")
        .replace("String", "text")
        .to_lowercase()
}

/// What each unit allows, for the help line of an out-of-range value (the schema's and the
/// cross-file checks' alike).
pub(super) const UNIT_RANGES: &str = "percent values run from 0 to 100 and ratios from 0 to 1; seconds, minutes, counts and currency are never negative";

#[cfg(test)]
mod tests {
    use super::*;

    /// Longest ids and person references.
    const ID: u64 = 64;
    /// Names, titles, departments, versions and paths: one line in a table.
    const NAME: u64 = 200;
    /// Descriptions, rationales, reasons, notes and messages: a paragraph or a few.
    const TEXT: u64 = 4000;

    /// The limit of each class of free-text field, by property name.
    fn limit_of(property: &str) -> Option<u64> {
        Some(match property {
            "id" | "person" => ID,
            // GitHub's own limits for a login and RFC 5321's for an address.
            "github" => 39,
            "emails" => 254,
            "expr" => 4096,
            // One OpenSSH public key line (an RSA 4096 key is about 750 characters).
            "signing_keys" => 4096,
            "name" | "title" | "department" | "version" | "provider" | "history_since"
            | "projects_dir" | "people_file" | "policy_dir" => NAME,
            "description" | "rationale" | "reason" | "evidence" | "note" | "resolution"
            | "business_process" | "users" | "business_kpi" | "message" => TEXT,
            _ => return None,
        })
    }

    /// Every string node that is free text (not an enum, a constant or a date), with the name
    /// of the property it belongs to.
    fn free_text<'a>(node: &'a Value, property: &str, out: &mut Vec<(String, &'a Value)>) {
        match node {
            Value::Object(map) => {
                let free = map.get("type") == Some(&Value::from("string"))
                    && !map.contains_key("enum")
                    && !map.contains_key("const")
                    && map.get("format") != Some(&Value::from("date"));
                if free {
                    out.push((property.to_string(), node));
                }
                for (key, child) in map {
                    let named = matches!(key.as_str(), "properties" | "$defs");
                    match child {
                        Value::Object(children) if named => {
                            for (name, schema) in children {
                                free_text(schema, name, out);
                            }
                        }
                        _ => free_text(child, property, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| free_text(v, property, out)),
            _ => {}
        }
    }

    /// The loader validates every file against these schemas, so their `maxLength` is the limit
    /// the loader enforces; this proves that every free-text field has one, of its class.
    #[test]
    fn every_free_text_field_has_the_length_limit_of_its_class() {
        let mut checked = 0;
        for kind in Kind::ALL {
            let schema: Value = serde_json::from_str(kind.schema_text()).expect("valid JSON");
            let mut fields = Vec::new();
            free_text(&schema, "", &mut fields);
            for (property, node) in fields {
                let expected = limit_of(&property)
                    .unwrap_or_else(|| panic!("{}: `{property}` has no length class", kind.name()));
                assert_eq!(
                    node.get("maxLength").and_then(Value::as_u64),
                    Some(expected),
                    "{}: `{property}`",
                    kind.name()
                );
                checked += 1;
            }
        }
        assert!(checked > 40, "only {checked} fields found");
    }

    #[test]
    fn long_values_are_cut_without_serializing_them_whole() {
        let long = Value::from("x".repeat(1_000_000));
        let shown = short(&long);
        assert_eq!(shown.chars().count(), 60);
        assert!(
            shown.starts_with("\"xxx") && shown.ends_with("..."),
            "{shown}"
        );
        let list = Value::Array(vec![Value::from(1); 100_000]);
        assert!(short(&list).ends_with("..."));
        assert_eq!(short(&Value::from("ok")), "\"ok\"");
    }
}
