//! Severity overrides (`severities:` in a policy) and project waivers (`waivers:` in
//! project.yaml), for the findings of every stage. Gate rules pass through here inside the
//! evaluation; loading findings and history findings through [`apply`], so that an override or a
//! waiver means the same for every finding code.

use std::collections::HashMap;

use crate::findings::{Code, Finding, Severity};
use crate::load::{Loaded, Snapshot};
use crate::model::{Date, People, ProjectSpec};
use crate::policy::Policy;
use crate::text::Files;

/// Applies the policy's severity overrides to every finding, then each project's waivers to the
/// findings of that project.
pub fn apply(findings: &mut Vec<Finding>, snap: &Snapshot, policy: &Policy, now: Date) {
    severities(policy, findings);
    let waiving: HashMap<&str, &Loaded<ProjectSpec>> = snap
        .projects
        .iter()
        .filter_map(|s| s.project.as_ref().map(|p| (s.id.as_str(), p)))
        .filter(|(_, p)| !p.data.waivers.is_empty())
        .collect();
    if waiving.is_empty() {
        return;
    }
    let mut kept = Vec::with_capacity(findings.len());
    let mut by_project: HashMap<&str, Vec<Finding>> = HashMap::new();
    for f in std::mem::take(findings) {
        match f.project.as_deref().and_then(|p| waiving.get_key_value(p)) {
            Some((id, _)) => by_project.entry(id).or_default().push(f),
            None => kept.push(f),
        }
    }
    let people = snap.people.as_ref().map(|p| &p.data);
    for (id, mut found) in by_project {
        waivers(id, waiving[id], &snap.files, people, now, &mut found);
        kept.extend(found);
    }
    *findings = kept;
}

/// `severities: {code: level}` of the policy (and the floors of a pull request's policy).
pub(super) fn severities(policy: &Policy, found: &mut [Finding]) {
    for f in found {
        if let Some(sev) = policy.severities.get(&f.code) {
            f.severity = *sev;
        }
        if let Some(floor) = policy.floors.get(&f.code) {
            f.severity = f.severity.max(*floor);
        }
    }
}

/// Project waivers turn a code's findings into notes until the waiver expires; an expired
/// waiver leaves the findings as they are and adds a warning.
pub(super) fn waivers(
    id: &str,
    project: &Loaded<ProjectSpec>,
    files: &Files,
    people: Option<&People>,
    now: Date,
    found: &mut Vec<Finding>,
) {
    let mut extra = Vec::new();
    for (i, w) in project.data.waivers.iter().enumerate() {
        let Some(code) = Code::parse(&w.rule) else {
            continue;
        };
        let matching: Vec<usize> = found
            .iter()
            .enumerate()
            .filter(|(_, f)| f.code == code && f.severity != Severity::Note)
            .map(|(j, _)| j)
            .collect();
        let Some(rule) = matching.first().map(|j| found[*j].rule.clone()) else {
            continue;
        };
        if w.expires < now {
            extra.push(
                Finding::new(
                    Code::WaiverExpired,
                    format!(
                        "waiver of `{}` expired on {}; the rule counts again",
                        w.rule, w.expires
                    ),
                )
                .at(files.value(&project.path, &format!("/waivers/{i}/expires")))
                .help("renew the waiver with a new expiry and reason, or fix what it waived")
                .rule_id(rule)
                .project(id),
            );
            continue;
        }
        for j in matching {
            let f = &mut found[j];
            f.severity = Severity::Note;
            f.message = format!(
                "{} (waived until {} by {}: {})",
                f.message,
                w.expires,
                name_of(people, &w.approved_by),
                w.reason
            );
        }
        extra.push(
            Finding::new(
                Code::RuleWaived,
                format!("`{}` is waived until {}: {}", w.rule, w.expires, w.reason),
            )
            .at(files.value(&project.path, &format!("/waivers/{i}/rule")))
            .help(format!(
                "nothing to do until {}; then fix what it waives or renew the waiver with a new reason",
                w.expires
            ))
            .rule_id(rule)
            .project(id),
        );
    }
    found.extend(extra);
}

/// The display name of a person id: "Name (id)", or the id when the roster does not know it.
pub(super) fn name_of(people: Option<&People>, id: &str) -> String {
    people
        .and_then(|p| p.get(id))
        .map_or_else(|| id.to_string(), |p| format!("{} ({id})", p.name))
}
