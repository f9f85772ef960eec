//! `check --format sarif` against the SARIF 2.1.0 schema and GitHub code scanning's rules.

#![allow(clippy::unwrap_used)]

use serde_json::Value;

use super::consumers::{assert_sarif, fingerprints};
use super::scenarios::{ODD_PROJECT, ODD_ROOT, Scenario};
use crate::harness::report_json;

fn sarif_and_json(s: &Scenario) -> (i32, Value, Value) {
    let sarif = s.run(&["check", "--format", "sarif"]);
    let json = s.run(&["check", "--format", "json"]);
    assert_eq!(sarif.code, json.code, "{}", sarif.stderr);
    let doc: Value = serde_json::from_str(&sarif.stdout).unwrap();
    (sarif.code, doc, report_json(json.stdout.as_bytes()))
}

fn result<'a>(sarif: &'a Value, rule: &str, uri_ends: &str) -> &'a Value {
    let hits: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["ruleId"] == rule
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .ends_with(uri_ends)
        })
        .collect();
    assert!(!hits.is_empty(), "no {rule} at {uri_ends}:\n{sarif:#}");
    hits[0]
}

#[test]
fn a_subfolder_root_with_odd_names_gives_repository_relative_encoded_uris() {
    let s = Scenario::subfolder();
    let (code, sarif, json) = sarif_and_json(&s);
    assert_eq!(code, 1);
    assert_sarif(&sarif, s.base(), &json);

    let run = &sarif["runs"][0];
    assert_eq!(
        run["automationDetails"]["id"],
        format!("tollgate/{ODD_ROOT}/")
    );
    let mismatch = result(&sarif, "project-id-mismatch", "/project.yaml");
    let location = &mismatch["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "gov%20a%25b%2Cc%3Ad/projects/x%20y%25z%2Cw%3Av/project.yaml"
    );
    assert_eq!(mismatch["properties"]["project"], ODD_PROJECT);

    // The repository-level error (people.yaml) is a located result like any other.
    let people = result(&sarif, "unknown-key", "/people.yaml");
    assert_eq!(people["level"], "error");
    assert!(people["properties"].get("project").is_none());

    // The blocking sign-off: the region is exactly the value `pending`.
    let gov = format!("projects/{}/governance.yaml", super::scenarios::SUPPORT);
    let text = s.read(&gov);
    let (line, col) =
        crate::harness::position(&text, "approver: watanabe-aya\n    status: pending");
    let line = u64::from(line) + 1;
    let col = u64::from(col) + "status: ".len() as u64;
    let pending = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["ruleId"] == "governance-pending"
                && r["level"] == "error"
                && r["locations"][0]["physicalLocation"]["region"]["startLine"] == line
        })
        .unwrap_or_else(|| panic!("no blocking governance-pending at line {line}"));
    let region = &pending["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], col);
    assert_eq!(region["endLine"], line);
    assert_eq!(region["endColumn"], col + "pending".len() as u64);
}

#[test]
fn a_finding_about_no_file_is_pinned_to_the_configuration_file() {
    let s = Scenario::outside_git();
    let (code, sarif, json) = sarif_and_json(&s);
    assert_eq!(code, 1);
    assert_sarif(&sarif, s.base(), &json);
    let note = result(&sarif, "history-unavailable", "tollgate.yaml");
    let location = &note["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "tollgate.yaml"
    );
    assert_eq!(location["physicalLocation"]["region"]["startLine"], 1);
    assert!(
        location["message"]["text"]
            .as_str()
            .unwrap()
            .contains("whole")
    );
    assert_eq!(sarif["runs"][0]["automationDetails"]["id"], "tollgate/");

    // Without tollgate.yaml the roster is the file such findings are about.
    std::fs::remove_file(s.root.join("tollgate.yaml")).unwrap();
    let (_, sarif, json) = sarif_and_json(&s);
    assert_sarif(&sarif, s.base(), &json);
    result(&sarif, "history-unavailable", "people.yaml");
}

#[test]
fn fingerprints_follow_a_finding_when_its_lines_move() {
    let s = Scenario::subfolder();
    let (_, before, _) = sarif_and_json(&s);
    let gov = format!("projects/{}/governance.yaml", super::scenarios::SUPPORT);
    for file in [gov.as_str(), "people.yaml"] {
        let text = s.read(file);
        std::fs::write(s.root.join(file), format!("# moved down\n# twice\n{text}")).unwrap();
    }
    let (_, after, json) = sarif_and_json(&s);
    assert_sarif(&after, s.base(), &json);
    let (before, after) = (fingerprints(&before), fingerprints(&after));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same findings keep their fingerprints"
    );
    let moved = before
        .iter()
        .filter(|(fp, (rule, line))| after[*fp] == (rule.clone(), line + 2))
        .count();
    assert!(
        moved >= 3,
        "findings in the edited files moved two lines and kept their fingerprints"
    );
}

#[test]
fn an_invalid_policy_is_reported_in_valid_sarif() {
    let s = Scenario::subfolder();
    std::fs::create_dir_all(s.root.join("policies")).unwrap();
    std::fs::write(
        s.root.join("policies/org.yaml"),
        "version: 1\nrules:\n  - id: org-accuracy\n    kind: kpi-threshold\n    kpi: answer-acuracy\n    threshold: 80\n",
    )
    .unwrap();
    let (code, sarif, json) = sarif_and_json(&s);
    assert_eq!(code, 2);
    assert_sarif(&sarif, s.base(), &json);
    result(
        &sarif,
        "policy-invalid",
        &format!("{}/policies/org.yaml", "c%3Ad"),
    );
}
