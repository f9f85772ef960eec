//! The JSON Schemas of the file kinds: embedded in the binary, compiled once per run, and the
//! translation of their errors into findings that point into the user's file.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::suggest::closest;
use crate::files::Files;
use crate::findings::{Code, Finding};

/// A kind of file tollgate reads, each with its own schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Config,
    People,
    Project,
    Kpis,
    Results,
    Governance,
    Decisions,
    Issues,
    Policy,
}

impl Kind {
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
    let mut findings = Vec::new();
    // (object pointer, key an unknown key probably meant): a misspelt required key is one
    // mistake, so its "missing" twin is not reported separately.
    let mut meant: Vec<(String, String)> = Vec::new();
    for error in compiled.validator.iter_errors(value) {
        let pointer = error.instance_path().as_str().to_string();
        let shown = short(error.instance());
        let finding = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                for key in unexpected {
                    let child = format!("{pointer}/{}", super::yaml::escape_segment(key));
                    let mut f = Finding::new(
                        Code::UnknownKey,
                        format!("unknown key `{key}` in a {} file", kind.name()),
                    )
                    .at(files.key(path, &child));
                    f = match closest(key, compiled.keys.iter().map(String::as_str)) {
                        Some(s) => {
                            meant.push((pointer.clone(), s.to_string()));
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
                Finding::new(
                    Code::MissingKey,
                    format!("missing required key `{name}`{}", context(&pointer)),
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
                    "expected {}, found {} {shown}",
                    type_name(expected),
                    json_type(error.instance())
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
                    format!("{shown} is not one of: {}", allowed.join(", ")),
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
                        "{shown} is {} {limit}, the {} value allowed here",
                        if below { "below" } else { "above" },
                        if below { "smallest" } else { "largest" }
                    ),
                )
                .at(files.value(path, &pointer))
                .help(range_help(&pointer))
            }
            ValidationErrorKind::Format { format } if format == "date" => {
                Finding::new(Code::InvalidDate, format!("{shown} is not a calendar date"))
                    .at(files.value(path, &pointer))
                    .help("write dates as YYYY-MM-DD, e.g. 2026-01-15")
            }
            ValidationErrorKind::Pattern { pattern } if pattern.contains("a-z0-9") => Finding::new(
                Code::InvalidValue,
                format!("{shown} is not a valid id"),
            )
            .at(files.value(path, &pointer))
            .help("ids are lower-case letters, digits and `-`, starting with a letter or digit"),
            _ => Finding::new(Code::InvalidValue, error.to_string())
                .at(files.value(path, &pointer))
                .help(format!(
                    "see `tollgate schema {}` for what this key allows",
                    kind.name()
                )),
        };
        findings.push(finding);
    }
    findings.retain(|f| {
        f.code != Code::MissingKey
            || !meant.iter().any(|(p, k)| {
                f.location.as_ref().is_some_and(|l| &l.pointer == p)
                    && f.message
                        .starts_with(&format!("missing required key `{k}`"))
            })
    });
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
        "threshold" | "stop" | "value" => super::crossref::UNIT_RANGES.to_string(),
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

/// A value as shown in a message: strings quoted, long values cut.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
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
