//! Policy documents (already schema-valid JSON) -> typed rules merged into a [`Policy`].

use serde::Deserialize;
use serde_json::Value;

use super::cel::ExprRule;
use super::rules::{Policy, Rule, RuleKind};
use crate::findings::{Code, Finding, Severity};
use crate::model::{Area, DatasetKind, Decimal, Gate, Layer, Topic};
use crate::text::Files;

#[derive(Debug, Deserialize)]
struct RawPolicy {
    #[serde(default)]
    severities: std::collections::BTreeMap<String, Severity>,
    rules: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
struct RawRule {
    id: String,
    kind: Option<String>,
    description: Option<String>,
    gates: Option<Vec<Gate>>,
    severity: Option<Severity>,
    #[serde(default)]
    disabled: bool,
    topics: Option<Vec<Topic>>,
    areas: Option<Vec<Area>>,
    layers: Option<Vec<Layer>>,
    kpi: Option<String>,
    threshold: Option<Decimal>,
    dataset_kinds: Option<Vec<DatasetKind>>,
    expr: Option<String>,
    message: Option<String>,
    file: Option<String>,
}

impl<'de> Deserialize<'de> for Severity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Severity::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown severity {s}")))
    }
}

/// Parameters and the kinds they belong to, to reject parameters a kind ignores.
const PARAMS: &[(&str, &[&str])] = &[
    ("topics", &["governance-agreed"]),
    ("areas", &["issues-inventory"]),
    ("layers", &["results-present"]),
    ("kpi", &["kpi-threshold"]),
    ("threshold", &["kpi-threshold"]),
    ("dataset_kinds", &["production-like-data"]),
    ("expr", &["expr"]),
    ("message", &["expr"]),
    ("file", &["expr"]),
];

/// Applies one policy document to the policy being assembled: its severities, then its rules in
/// order (each replacing, removing or adding a rule by id).
pub fn apply(
    policy: &mut Policy,
    path: &str,
    value: &Value,
    files: &Files,
    problems: &mut Vec<Finding>,
) {
    let raw: RawPolicy = match serde_json::from_value(value.clone()) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(
                Finding::new(Code::PolicyInvalid, format!("cannot read policy: {e}"))
                    .at(files.value(path, ""))
                    .help("see `tollgate schema policy` for what a policy file holds"),
            );
            return;
        }
    };
    policy.sources.push(path.to_string());
    let doc = Doc {
        path,
        files,
        rules: value.get("rules").and_then(Value::as_array),
    };
    apply_severities(policy, raw.severities, &doc, problems);
    let mut seen_here: Vec<&str> = Vec::new();
    for (i, rule) in raw.rules.iter().enumerate() {
        if seen_here.contains(&rule.id.as_str()) {
            problems.push(
                Finding::new(
                    Code::PolicyInvalid,
                    format!("rule id `{}` is used twice in this file", rule.id),
                )
                .at(files.value(path, &format!("/rules/{i}/id")))
                .help("give each rule of a file its own id (a later file may reuse an id to replace the rule)"),
            );
            continue;
        }
        seen_here.push(&rule.id);
        apply_rule(policy, rule, i, &doc, problems);
    }
}

/// The policy document being applied: where it is, and its rules as written (to see which
/// parameters a rule spells out).
struct Doc<'a> {
    path: &'a str,
    files: &'a Files,
    rules: Option<&'a Vec<Value>>,
}

/// `severities: {code: level}`: each names a finding code.
fn apply_severities(
    policy: &mut Policy,
    severities: std::collections::BTreeMap<String, Severity>,
    doc: &Doc<'_>,
    problems: &mut Vec<Finding>,
) {
    for (code, severity) in severities {
        match Code::parse(&code) {
            Some(c) => {
                policy.severities.insert(c, severity);
            }
            None => {
                let mut f = Finding::new(
                    Code::PolicyInvalid,
                    format!("`{code}` is not a finding code"),
                )
                .at(doc.files.key(doc.path, &format!("/severities/{code}")));
                f = match crate::load::suggest_closest(&code, Code::ALL.iter().map(|c| c.as_str()))
                {
                    Some(s) => f.help(format!("did you mean `{s}`?")),
                    None => f.help("`tollgate explain --list` lists the codes"),
                };
                problems.push(f);
            }
        }
    }
}

/// One rule (the `i`th of its file): `disabled: true` removes the rule of that id, otherwise the
/// typed rule replaces it or is appended.
fn apply_rule(
    policy: &mut Policy,
    rule: &RawRule,
    i: usize,
    doc: &Doc<'_>,
    problems: &mut Vec<Finding>,
) {
    let (path, files) = (doc.path, doc.files);
    let pointer = format!("/rules/{i}");
    let existing = policy.rules.iter().position(|r| r.id == rule.id);
    if rule.disabled {
        match existing {
            Some(at) => {
                policy.rules.remove(at);
            }
            None => problems.push(
                Finding::new(
                    Code::PolicyInvalid,
                    format!("`disabled: true` for rule `{}`, but no earlier policy defines it", rule.id),
                )
                .at(files.value(path, &format!("{pointer}/id")))
                .help("disable a rule by the id it has in the default policy (`tollgate policy show`)"),
            ),
        }
        return;
    }
    let Some(kind_name) = rule.kind.as_deref() else {
        return;
    };
    if let Some(obj) = doc.rules.and_then(|a| a.get(i)).and_then(Value::as_object) {
        ignored_params(obj, kind_name, &pointer, doc, problems);
    }
    let kind = match kind_from(rule, kind_name, path, &pointer, files) {
        Ok(kind) => kind,
        Err(f) => {
            problems.push(*f);
            return;
        }
    };
    let typed = Rule {
        id: rule.id.clone(),
        kind,
        gates: rule.gates.clone().unwrap_or_else(|| Gate::ALL.to_vec()),
        severity: rule.severity,
        description: rule.description.clone(),
        file: path.to_string(),
        pointer,
    };
    match existing {
        Some(at) => policy.rules[at] = typed,
        None => policy.rules.push(typed),
    }
}

/// Parameters a rule writes that its kind does not read: a mistake the schema cannot see.
fn ignored_params(
    obj: &serde_json::Map<String, Value>,
    kind_name: &str,
    pointer: &str,
    doc: &Doc<'_>,
    problems: &mut Vec<Finding>,
) {
    for (param, kinds) in PARAMS {
        if obj.contains_key(*param) && !kinds.contains(&kind_name) {
            problems.push(
                Finding::new(
                    Code::PolicyInvalid,
                    format!("`{param}` has no meaning for a rule of kind `{kind_name}`"),
                )
                .at(doc.files.key(doc.path, &format!("{pointer}/{param}")))
                .help(format!("`{param}` belongs to kind {}", kinds.join(", "))),
            );
        }
    }
}

fn kind_from(
    rule: &RawRule,
    kind: &str,
    path: &str,
    pointer: &str,
    files: &Files,
) -> Result<RuleKind, Box<Finding>> {
    Ok(match kind {
        "criteria-registered" => RuleKind::CriteriaRegistered,
        "results-present" => RuleKind::ResultsPresent {
            layers: rule.layers.clone().unwrap_or_default(),
        },
        "roles-separated" => RuleKind::RolesSeparated,
        "data-ready" => RuleKind::DataReady,
        "governance-agreed" => RuleKind::GovernanceAgreed {
            topics: rule.topics.clone().unwrap_or_default(),
        },
        "issues-inventory" => RuleKind::IssuesInventory {
            areas: rule.areas.clone().unwrap_or_default(),
        },
        "issues-resolved" => RuleKind::IssuesResolved,
        "criteria-met" => RuleKind::CriteriaMet,
        "kpi-threshold" => RuleKind::KpiThreshold {
            kpi: rule.kpi.clone().unwrap_or_default(),
            threshold: rule.threshold.unwrap_or(Decimal::ZERO),
        },
        "production-like-data" => RuleKind::ProductionLikeData {
            kinds: rule
                .dataset_kinds
                .clone()
                .unwrap_or_else(|| vec![DatasetKind::ProductionLike, DatasetKind::Production]),
        },
        "decision-valid" => RuleKind::DecisionValid,
        "stage-progression" => RuleKind::StageProgression,
        "partner-model" => RuleKind::PartnerModel,
        "business-rationale" => RuleKind::BusinessRationale,
        "expr" => {
            let source = rule.expr.clone().unwrap_or_default();
            let file = rule.file.clone().unwrap_or_else(|| "project".into());
            let rule = ExprRule::compile(&source, rule.message.clone().unwrap_or_default(), &file)
.map_err(|e| {
                    let at = files.value(path, &format!("{pointer}/expr"));
                    let located = e.locate(files, &at);
                    Box::new(
                        Finding::new(Code::PolicyInvalid, format!("CEL expression does not compile: {}", e.message))
                            .at(located)
                            .help("see the CEL language definition; variables: project, kpis, results, governance, decisions, issues, gate, now"),
                    )
                })?;
            RuleKind::Expr(rule)
        }
        other => {
            // The schema's enum rejects unknown kinds first; kept for documents built in code.
            return Err(Box::new(
                Finding::new(Code::PolicyInvalid, format!("unknown rule kind `{other}`"))
                    .at(files.value(path, &format!("{pointer}/kind")))
                    .help("see `tollgate schema policy` for the rule kinds"),
            ));
        }
    })
}
