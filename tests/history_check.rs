//! `tollgate check` with history: the integrity checks run whenever a git history is there,
//! starting after the first commit (or tollgate.yaml's `history_since`, or `--history-base`),
//! and are reported as skipped, never silently passed, when it is not.

#![allow(clippy::unwrap_used)]

use crate::harness::{GitRepo, IT, POC, STRANGER, agree_audit_log};

const NOW: &str = "2026-11-28";

fn check(repo: &GitRepo, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--format", "json", "--now", NOW];
    args.extend_from_slice(extra);
    let out = repo.tollgate(&args).output().unwrap();
    let doc = if out.stdout.is_empty() {
        serde_json::Value::Null
    } else {
        crate::harness::report_json(&out.stdout)
    };
    (out.status.code().unwrap_or(-1), doc)
}

fn codes(doc: &serde_json::Value) -> Vec<&str> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect()
}

#[test]
fn the_imported_state_is_the_reference_and_later_sign_offs_are_checked() {
    let repo = GitRepo::example();
    let (code, doc) = check(&repo, &[]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(!codes(&doc).contains(&"history-unavailable"), "{doc:#}");

    agree_audit_log(&repo);
    repo.commit("Agree the audit log", STRANGER);
    let (code, doc) = check(&repo, &[]);
    assert_eq!(code, 1, "{doc:#}");
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "signoff-not-by-approver")
        .unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(f["file"], format!("{POC}/governance.yaml"));
    let line = repo
        .read(&format!("{POC}/governance.yaml"))
        .lines()
        .position(|l| l.contains("agreed_at: 2026-11-20"))
        .unwrap(); // the status line is the one before, 1-based: position + 0
    assert_eq!(f["line"], line);
    let blocked = doc["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "support-reply-drafts")
        .unwrap();
    assert_eq!(blocked["ready"], false);

    // The same change by the approver passes.
    let repo = GitRepo::example();
    agree_audit_log(&repo);
    repo.commit("Agree the audit log", IT);
    let (code, doc) = check(&repo, &[]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(!codes(&doc).contains(&"signoff-not-by-approver"));
}

#[test]
fn no_history_and_an_explicit_base_are_respected() {
    let repo = GitRepo::example();
    agree_audit_log(&repo);
    repo.commit("Agree the audit log", STRANGER);
    let (code, doc) = check(&repo, &["--no-history"]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(!codes(&doc).contains(&"signoff-not-by-approver"));
    // A base at HEAD takes the stranger's commit as given.
    let (code, _) = check(&repo, &["--history-base", "HEAD"]);
    assert_eq!(code, 0);
    // So does `history_since` in tollgate.yaml.
    let config = repo.read("tollgate.yaml");
    repo.write("tollgate.yaml", &format!("{config}history_since: HEAD\n"));
    let (code, doc) = check(&repo, &[]);
    assert_eq!(code, 0, "{doc:#}");
    // A base that does not exist is a usage error.
    let (code, _) = check(&repo, &["--history-base", "no-such-rev"]);
    assert_eq!(code, 2);
}

#[test]
fn a_shallow_clone_reports_the_checks_as_skipped() {
    let repo = GitRepo::example();
    agree_audit_log(&repo);
    repo.commit("Agree the audit log", STRANGER);
    let shallow = repo.shallow_clone();
    let out = crate::harness::tollgate()
        .args(["check", "--format", "json", "--now", NOW, "--root"])
        .arg(shallow.path().join("clone"))
        .output()
        .unwrap();
    let doc = crate::harness::report_json(&out.stdout);
    let note = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "history-unavailable")
        .unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(note["severity"], "note");
    assert!(
        note["message"].as_str().unwrap().contains("fetch-depth: 0"),
        "{note:#}"
    );
}
