//! The policy that judges a pull request: the stricter of the base's and the head's.
//!
//! Anyone who opens a pull request can edit `policies/*.yaml` and tollgate.yaml in it. If the
//! head's policy alone judged the change, a pull request could lower a severity, disable a rule
//! or loosen a threshold and pass its own gate. So a change is judged by both: every rule of the
//! base applies unless the head has the very same rule, every rule the head adds applies, and a
//! finding's severity is the higher of what each side's overrides make it. A stricter policy in
//! the pull request takes effect at once; a weaker one only once it is merged (then it is the
//! base). The same rule as `signoff_proof` ([`crate::history::integrity::signoff_proof`]).

use std::collections::HashMap;

use super::rules::{Policy, Rule};
use crate::findings::{Code, Severity};

/// The stricter of `base` and `head` (see the module documentation). Rules of the base that the
/// head changed or removed are kept under their id, with `file` prefixed by `base_label` (for
/// example `<base 1a2b3c4>`), since that version exists only in the base commit.
pub fn stricter(base: &Policy, head: Policy, base_label: &str) -> Policy {
    let mut out = head;
    // Whether the base's policy changed anything: then its files are named among the sources.
    let mut used = false;
    for b in &base.rules {
        let same_id = out.rules.iter().position(|h| h.id == b.id);
        match same_id {
            Some(at) if same_check(&out.rules[at], b) => {
                let h = &mut out.rules[at];
                // The same check: at every gate either side applies it, at the higher severity
                // when both name one. (`None` keeps each finding's own severity, which may be
                // higher or lower than a named one: then both versions are kept below.)
                for g in &b.gates {
                    if !h.gates.contains(g) {
                        h.gates.push(*g);
                        used = true;
                    }
                }
                match (h.severity, b.severity) {
                    (Some(hs), Some(bs)) => {
                        used |= bs > hs;
                        h.severity = Some(hs.max(bs));
                    }
                    (x, y) if x == y => {}
                    _ => {
                        out.rules.push(from_base(b, base_label));
                        used = true;
                    }
                }
            }
            // Changed parameters (a lower threshold, fewer topics) or removed: the base's
            // version applies too.
            _ => {
                out.rules.push(from_base(b, base_label));
                used = true;
            }
        }
    }
    let head_severities = std::mem::take(&mut out.severities);
    for (code, b) in &base.severities {
        match head_severities.get(code) {
            Some(h) => {
                used |= b > h;
                out.severities.insert(*code, (*b).max(*h));
            }
            None => {
                raise(&mut out.floors, *code, *b);
                used = true;
            }
        }
    }
    for (code, h) in &head_severities {
        if !base.severities.contains_key(code) {
            raise(&mut out.floors, *code, *h);
        }
    }
    for (code, f) in &base.floors {
        raise(&mut out.floors, *code, *f);
    }
    if used {
        out.sources = base
            .sources
            .iter()
            .map(|s| format!("{base_label}/{s}"))
            .chain(out.sources)
            .collect();
    }
    out
}

/// Whether two rules check the same thing with the same parameters (gates and severity aside).
fn same_check(a: &Rule, b: &Rule) -> bool {
    // Every kind's parameters (an expression's source and message included) are in its Debug
    // form; the compiled program is not.
    format!("{:?}", a.kind) == format!("{:?}", b.kind)
}

fn from_base(rule: &Rule, base_label: &str) -> Rule {
    Rule {
        file: format!("{base_label}/{}", rule.file),
        ..rule.clone()
    }
}

/// A code only one side overrides may raise a finding's severity, never lower it: the other
/// side leaves the finding as it is.
fn raise(floors: &mut HashMap<Code, Severity>, code: Code, to: Severity) {
    let e = floors.entry(code).or_insert(to);
    *e = (*e).max(to);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::load::{Loaded, Snapshot};
    use crate::model::Gate;

    /// The default policy plus one repository policy document (YAML).
    fn policy(extra: &str) -> Policy {
        let mut snap = Snapshot::default();
        if !extra.is_empty() {
            snap.policies.push(Loaded {
                path: "policies/x.yaml".into(),
                data: crate::load::yaml::parse(extra).unwrap().value,
            });
        }
        super::super::assemble::build(&snap).unwrap()
    }

    fn rule<'p>(p: &'p Policy, id: &str) -> Vec<&'p Rule> {
        p.rules.iter().filter(|r| r.id == id).collect()
    }

    #[test]
    fn the_same_policy_is_unchanged() {
        let p = policy("");
        let merged = stricter(&p, policy(""), "<base abc>");
        assert_eq!(merged.rules.len(), p.rules.len());
        assert_eq!(merged.sources, p.sources);
        assert!(merged.floors.is_empty() && merged.severities.is_empty());
    }

    #[test]
    fn removed_or_changed_rules_of_the_base_stay() {
        let base = policy("");
        let disabled = policy("version: 1\nrules:\n  - id: criteria-met\n    disabled: true\n");
        let merged = stricter(&base, disabled, "<base abc>");
        let kept = rule(&merged, "criteria-met");
        assert_eq!(kept.len(), 1);
        assert!(kept[0].file.starts_with("<base abc>/"), "{}", kept[0].file);

        let narrowed = policy(
            "version: 1\nrules:\n  - id: governance-poc\n    kind: governance-agreed\n    gates: [poc]\n    topics: [security]\n",
        );
        let merged = stricter(&base, narrowed, "<base abc>");
        assert_eq!(
            rule(&merged, "governance-poc").len(),
            2,
            "both versions apply"
        );
    }

    #[test]
    fn gates_and_severities_take_the_stricter_side() {
        let base = policy(
            "version: 1\nseverities:\n  governance-pending: error\n  kpi-below-threshold: note\nrules:\n  - id: criteria-met\n    kind: criteria-met\n    gates: [poc, mvp]\n    severity: error\n",
        );
        let head = policy(
            "version: 1\nseverities:\n  governance-pending: note\n  stop-criterion-missing: error\nrules:\n  - id: criteria-met\n    kind: criteria-met\n    gates: [production]\n    severity: warning\n",
        );
        let merged = stricter(&base, head, "<base abc>");
        let r = rule(&merged, "criteria-met");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].severity, Some(Severity::Error));
        for g in [Gate::Poc, Gate::Mvp, Gate::Production] {
            assert!(r[0].applies_at(g), "{g:?}");
        }
        assert_eq!(
            merged.severities.get(&Code::GovernancePending),
            Some(&Severity::Error)
        );
        // One-sided overrides only raise.
        assert_eq!(
            merged.floors.get(&Code::KpiBelowThreshold),
            Some(&Severity::Note)
        );
        assert_eq!(
            merged.floors.get(&Code::StopCriterionMissing),
            Some(&Severity::Error)
        );
        let mut found = vec![
            crate::findings::Finding::new(Code::KpiBelowThreshold, "x"),
            crate::findings::Finding::new(Code::StopCriterionMissing, "y").severity(Severity::Note),
        ];
        let now = crate::model::Date::from_ymd_opt(2026, 1, 1).unwrap();
        crate::evaluate::apply_overrides(&mut found, &Snapshot::default(), &merged, now);
        // The base's one-sided `note` does not lower a warning; the head's `error` raises a note.
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[1].severity, Severity::Error);
    }
}
