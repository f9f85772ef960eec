//! Severity overrides and waivers apply to every finding code (issue hole 4): loading findings
//! and history findings as much as gate rules, in `check` and `log --verify` alike.

#![allow(clippy::unwrap_used)]

use crate::harness::Repo;
use crate::history_integrity::{codes, only, verify};
use crate::history_scenarios::{self as s, NOW};

const POC: &str = "projects/support-reply-drafts";

/// The example, not in a git repository.
fn example() -> Repo {
    let repo = Repo::empty();
    tollgate::scaffold::write(repo.path(), false).unwrap();
    repo
}

fn check(repo: &Repo) -> (i32, serde_json::Value) {
    let out = crate::harness::tollgate()
        .args(["check", "--format", "json", "--now", NOW, "--root"])
        .arg(repo.path())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

fn severity_of(doc: &serde_json::Value, code: &str) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| f["severity"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_policy_can_make_missing_history_an_error() {
    let repo = example();
    let (code, doc) = check(&repo);
    assert_eq!(
        (code, severity_of(&doc, "history-unavailable")),
        (0, vec!["note".into()])
    );
    repo.write(
        "policies/strict.yaml",
        "version: 1\nrules: []\nseverities:\n  history-unavailable: error\n",
    );
    let (code, doc) = check(&repo);
    assert_eq!(severity_of(&doc, "history-unavailable"), ["error"]);
    assert_eq!(code, 1, "{doc:#}");
}

#[test]
fn overrides_and_waivers_reach_loading_findings() {
    let repo = example();
    repo.write(&format!("{POC}/notes.yaml"), "free: text\n");
    let (code, doc) = check(&repo);
    assert_eq!(
        (code, severity_of(&doc, "unexpected-file")),
        (0, vec!["warning".into()])
    );
    repo.write(
        "policies/strict.yaml",
        "version: 1\nrules: []\nseverities:\n  unexpected-file: error\n",
    );
    let (code, doc) = check(&repo);
    assert_eq!(
        (code, severity_of(&doc, "unexpected-file")),
        (1, vec!["error".into()])
    );
    // The project waives it until 2027: a note again, and the waiver shows.
    let project = format!("{POC}/project.yaml");
    let text = repo.read(&project);
    repo.write(
        &project,
        format!("{text}waivers:\n  - rule: unexpected-file\n    reason: Meeting notes stay here until the wiki exists.\n    approved_by: yamamoto-kenji\n    expires: 2027-03-31\n"),
    );
    let (code, doc) = check(&repo);
    assert_eq!(severity_of(&doc, "unexpected-file"), ["note"], "{doc:#}");
    assert_eq!(severity_of(&doc, "rule-waived"), ["note"]);
    assert_eq!(code, 0, "{doc:#}");
    // Expired, it counts again.
    let text = repo
        .read(&project)
        .replace("expires: 2027-03-31", "expires: 2026-01-31");
    repo.write(&project, text);
    let (code, doc) = check(&repo);
    assert_eq!(severity_of(&doc, "unexpected-file"), ["error"]);
    assert_eq!(severity_of(&doc, "waiver-expired"), ["warning"]);
    assert_eq!(code, 1);
}

#[test]
fn overrides_and_waivers_reach_history_findings() {
    // A project waiver of the history code: the finding becomes a note, in check and
    // log --verify alike.
    let repo = s::signoff_waived();
    let out = verify(&repo);
    let mut found = codes(&out);
    found.sort();
    // (The owner's unsigned waiver commit is a claim: a warning outside Actions.)
    assert_eq!(
        found,
        ["rule-waived", "signoff-not-by-approver", "signoff-unproven"],
        "{out:#}"
    );
    let signoff = out["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "signoff-not-by-approver")
        .unwrap();
    assert_eq!(signoff["severity"], "note");
    assert!(
        signoff["message"]
            .as_str()
            .unwrap()
            .ends_with("(waived until 2027-03-31 by Kenji Yamamoto (yamamoto-kenji): IT signed on paper; the record follows.)"),
        "{out:#}"
    );
    assert_eq!(out["summary"]["errors"], 0);
    let check = repo.json(&["check", "--format", "json", "--now", NOW]);
    assert_eq!(severity_of(&check, "signoff-not-by-approver"), ["note"]);
    // After the waiver expires the error is back.
    let late = repo.json(&["log", "--verify", "--format", "json", "--now", "2027-04-01"]);
    assert_eq!(severity_of(&late, "signoff-not-by-approver"), ["error"]);
    assert_eq!(severity_of(&late, "waiver-expired"), ["warning"]);

    // A policy's severity override.
    let out = verify(&s::signoff_downgraded_by_policy());
    assert_eq!(only(&out, "signoff-not-by-approver")["severity"], "warning");
    // Positive control: without either, the error stands.
    let out = verify(&s::signoff_by_stranger());
    assert_eq!(only(&out, "signoff-not-by-approver")["severity"], "error");
}
