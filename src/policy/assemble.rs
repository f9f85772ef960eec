//! The effective policy of a snapshot: the embedded default policy, then the repository's
//! `policies/*.yaml` in name order ([`super::parse`] applies each file), then the checks a schema
//! cannot make (a `kpi-threshold` rule naming a KPI no project defines). Any problem makes the
//! whole policy an `Err`: a broken policy must never judge a gate.

use super::parse;
use super::rules::{Policy, RuleKind};
use crate::findings::{Code, Finding};
use crate::load::{self, Snapshot};
use crate::text::{Files, SourceFile};

/// Path under which the embedded default policy is reported.
pub const DEFAULT_POLICY_PATH: &str = "<builtin>/policies/default.yaml";

/// The embedded default policy text.
pub const DEFAULT_POLICY: &str = include_str!("../../policies/default.yaml");

/// Builds the effective policy for a snapshot: the default policy, then the repository's files.
/// `Err` carries every problem found in any policy file (schema or semantic).
pub fn build(snap: &Snapshot) -> Result<Policy, Vec<Finding>> {
    let mut problems: Vec<Finding> = snap
        .findings
        .iter()
        .filter(|f| {
            f.location
                .as_ref()
                .is_some_and(|l| is_policy_file(&snap.config.policy_dir, &l.file))
        })
        .cloned()
        .collect();
    let mut policy = Policy::default();
    let default = default_document();
    parse::apply(
        &mut policy,
        DEFAULT_POLICY_PATH,
        &default.0,
        &default.1,
        &mut problems,
    );
    for loaded in &snap.policies {
        parse::apply(
            &mut policy,
            &loaded.path,
            &loaded.data,
            &snap.files,
            &mut problems,
        );
    }
    check_kpis_exist(&policy, snap, &mut problems);
    if problems.is_empty() {
        Ok(policy)
    } else {
        Err(problems)
    }
}

fn is_policy_file(policy_dir: &str, file: &str) -> bool {
    file.starts_with(&format!("{}/", policy_dir.trim_end_matches('/')))
}

/// The default policy parsed and validated; its text is part of the binary and tested.
pub fn default_document() -> (serde_json::Value, Files) {
    let mut files = Files::default();
    match crate::text::yaml::parse(DEFAULT_POLICY) {
        Ok(doc) => {
            files.insert(
                DEFAULT_POLICY_PATH.to_string(),
                SourceFile::new(DEFAULT_POLICY.to_string()),
            );
            (doc.value, files)
        }
        // Unreachable for the shipped file (a unit test parses it); an empty policy would make
        // the problem visible as "no rules" rather than crash.
        Err(_) => (serde_json::json!({"version": 1, "rules": []}), files),
    }
}

/// A `kpi-threshold` rule must name a KPI some project defines; otherwise it is a typo that
/// would silently never apply. Checked only when every project was loaded.
fn check_kpis_exist(policy: &Policy, snap: &Snapshot, problems: &mut Vec<Finding>) {
    let known: Vec<&str> = snap
        .projects
        .iter()
        .filter_map(|p| p.kpis.as_ref())
        .flat_map(|k| k.data.kpis.iter().map(|x| x.id.as_str()))
        .collect();
    // With `--project` the other projects were not read, so their KPIs are unknown here; a
    // kpis.yaml that did not load may hold the KPI (its own error and the evaluation's
    // `check-skipped` say so), and must not turn into an invalid policy.
    let unread = snap.projects.iter().any(|p| p.kpis.is_none());
    if known.is_empty() || snap.partial || unread {
        return;
    }
    for rule in &policy.rules {
        if let RuleKind::KpiThreshold { kpi, .. } = &rule.kind
            && !known.contains(&kpi.as_str())
        {
            let mut f = Finding::new(
                Code::PolicyInvalid,
                format!(
                    "rule `{}` names KPI `{kpi}`, which no project defines",
                    rule.id
                ),
            )
            .at(snap
                .files
                .value(&rule.file, &format!("{}/kpi", rule.pointer)));
            f = match load::suggest_closest(kpi, known.iter().copied()) {
                Some(s) => f.help(format!("did you mean `{s}`?")),
                None => f.help("name a KPI id that a project's kpis.yaml defines"),
            };
            problems.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_builds_with_every_kind_but_custom_ones() {
        let snap = Snapshot::default();
        let policy = build(&snap).expect("default policy is valid");
        let kinds: std::collections::BTreeSet<&str> =
            policy.rules.iter().map(|r| r.kind.name()).collect();
        // Every kind but the organisation-specific ones (expr, kpi-threshold).
        assert_eq!(kinds.len(), 13, "{kinds:?}");
        assert!(!kinds.contains("expr") && !kinds.contains("kpi-threshold"));
        assert!(policy.rules.iter().all(|r| !r.gates.is_empty()));
    }
}
