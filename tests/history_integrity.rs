//! History integrity checks, through `tollgate log --verify` (which runs what `check` will run)
//! and the library function `history::integrity::check`.

#![allow(clippy::unwrap_used)]

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

use tollgate::history::integrity::{self, HistoryStatus};

use crate::gitrepo::{GitRepo, IT, MVP, OWNER, POC, STRANGER, TECH, decision, record_poc_decision};

/// `log --verify --base <first commit>`: the example's own import is the reference, and what
/// came after it is checked.
fn verify(repo: &GitRepo, base: &str) -> serde_json::Value {
    repo.json(&["log", "--verify", "--base", base, "--format", "json"])
}

fn codes(out: &serde_json::Value) -> Vec<String> {
    out["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_clean_history_passes() {
    let repo = GitRepo::example();
    let base = repo.head();
    record_poc_decision(&repo);
    repo.edit(&format!("{POC}/project.yaml"), "stage: poc", "stage: mvp");
    repo.commit("Record the PoC decision (#2)", OWNER);
    let out = verify(&repo, &base);
    assert_eq!(codes(&out), Vec::<String>::new());
    assert_eq!(out["history"]["status"], "checked");
    assert_eq!(out["history"]["commits"], 2);
    repo.tollgate(&["log", "--verify", "--base", &base])
        .assert()
        .success()
        .stdout(contains(
            "history: 2 commits checked (0 errors, 0 warnings)",
        ));
}

#[test]
fn criteria_changed_after_results() {
    let repo = GitRepo::example();
    let base = repo.head();
    let kpis = format!("{POC}/kpis.yaml");
    repo.edit(&kpis, "threshold: 70 ", "threshold: 60 ");
    let lowered = repo.commit("Lower the accuracy bar", TECH);
    let out = verify(&repo, &base);
    assert_eq!(codes(&out), ["criteria-changed-after-results"]);
    let f = &out["findings"][0];
    assert_eq!(f["severity"], "error");
    assert_eq!(f["file"], kpis.as_str());
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(13), Some(20))
    );
    assert_eq!(f["pointer"], "/kpis/0/criteria/poc/threshold");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("in commit {}", &lowered[..7])),
        "{message}"
    );
    assert!(message.contains("threshold 70 -> 60"), "{message}");
    repo.tollgate(&["log", "--verify", "--base", &base])
        .assert()
        .code(1)
        .stdout(contains("error[criteria-changed-after-results]"))
        .stdout(contains(format!("--> {kpis}:13:20")))
        .stdout(contains("help: criteria are fixed before results"));
}

#[test]
fn criteria_change_recorded_by_the_owner_is_accepted() {
    let repo = GitRepo::example();
    let base = repo.head();
    let kpis = format!("{POC}/kpis.yaml");
    repo.edit(&kpis, "threshold: 70 ", "threshold: 60 ");
    repo.edit(
        &kpis,
        "criteria_changes: []",
        "criteria_changes:\n  - kpi: answer-accuracy\n    gate: poc\n    changed_by: yamamoto-kenji\n    changed_at: 2026-11-02\n    rationale: Legal asked for a lower bar for drafts that are always reviewed.\n",
    );
    repo.commit("Lower the accuracy bar with a recorded change", OWNER);
    assert_eq!(codes(&verify(&repo, &base)), Vec::<String>::new());
}

#[test]
fn criteria_change_recorded_by_someone_else_is_not_enough() {
    let repo = GitRepo::example();
    let base = repo.head();
    let kpis = format!("{POC}/kpis.yaml");
    repo.edit(&kpis, "min_samples: 100", "min_samples: 20");
    repo.edit(
        &kpis,
        "criteria_changes: []",
        "criteria_changes:\n  - kpi: answer-accuracy\n    gate: poc\n    changed_by: suzuki-daisuke\n    changed_at: 2026-11-02\n    rationale: Fewer samples are enough.\n",
    );
    repo.commit("Fewer samples", TECH);
    let out = verify(&repo, &base);
    assert_eq!(codes(&out), ["criteria-changed-after-results"]);
    let message = out["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("min_samples 100 -> 20"), "{message}");
    assert!(
        message.contains("not by the project owner `yamamoto-kenji`"),
        "{message}"
    );
}

#[test]
fn criteria_without_results_may_change() {
    let repo = GitRepo::example();
    let base = repo.head();
    let kpis = format!("{POC}/kpis.yaml");
    // MVP criteria for a KPI with PoC results only: no MVP result yet, so they may still move.
    repo.edit(
        &kpis,
        "        registered_at: 2026-09-01\n\n  - id: field-usability",
        "        registered_at: 2026-09-01\n      mvp:\n        threshold: 85\n\n  - id: field-usability",
    );
    repo.commit("Register MVP accuracy criteria", OWNER);
    repo.edit(&kpis, "threshold: 85", "threshold: 80");
    repo.commit("Adjust them before any MVP result", OWNER);
    assert_eq!(codes(&verify(&repo, &base)), Vec::<String>::new());
}

#[test]
fn decision_edited_or_deleted() {
    let repo = GitRepo::example();
    let base = repo.head();
    let decisions = format!("{MVP}/decisions.yaml");
    repo.edit(&decisions, "outcome: continue", "outcome: redesign");
    let edited = repo.commit("Fix the decision", TECH);
    let out = verify(&repo, &base);
    assert_eq!(codes(&out), ["decision-rewritten"]);
    let f = &out["findings"][0];
    assert_eq!(f["file"], decisions.as_str());
    assert_eq!(f["pointer"], "/decisions/0");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(3), Some(5))
    );
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("was edited in commit {}", &edited[..7])),
        "{message}"
    );

    repo.write(&decisions, "decisions: []\n");
    let deleted = repo.commit("Drop the decision", TECH);
    let out = verify(&repo, &base);
    assert_eq!(codes(&out), ["decision-rewritten"]);
    let message = out["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("was deleted in commit {}", &deleted[..7])),
        "{message}"
    );
    repo.tollgate(&["log", "--verify", "--base", &base])
        .assert()
        .code(1)
        .stdout(contains("error[decision-rewritten]"))
        .stdout(contains("supersedes: poc-gate"));
}

#[test]
fn decision_rewritten_in_the_working_tree() {
    let repo = GitRepo::example();
    let base = repo.head();
    repo.edit(
        &format!("{MVP}/decisions.yaml"),
        "outcome: continue",
        "outcome: stop",
    );
    let out = verify(&repo, &base);
    assert_eq!(codes(&out), ["decision-rewritten"]);
    assert!(
        out["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("the working tree (uncommitted)")
    );
}

#[test]
fn superseding_a_decision_is_fine() {
    let repo = GitRepo::example();
    let base = repo.head();
    repo.append(
        &format!("{MVP}/decisions.yaml"),
        &format!(
            "{}    supersedes: poc-gate\n",
            decision(
                "poc-gate-2",
                "poc",
                "continue",
                "kato-ryo",
                "Re-confirmed on new data."
            )
        ),
    );
    repo.commit("Supersede", OWNER);
    assert_eq!(codes(&verify(&repo, &base)), Vec::<String>::new());
}

#[test]
fn signoff_must_come_from_the_approver() {
    let repo = GitRepo::example();
    let base = repo.head();
    let governance = format!("{POC}/governance.yaml");
    repo.edit(
        &governance,
        "    status: pending\n",
        "    status: agreed\n    agreed_at: 2026-11-01\n",
    );
    let signed = repo.commit("Audit log agreed", TECH);
    let out = verify(&repo, &base);
    assert_eq!(codes(&out), ["signoff-not-by-approver"]);
    let f = &out["findings"][0];
    assert_eq!(f["file"], governance.as_str());
    assert_eq!(f["pointer"], "/items/5/status");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "`prompt-audit-log` was set to agreed in commit {} by Daisuke Suzuki <daisuke.suzuki@example.com> (`suzuki-daisuke` in people.yaml), but its approver is `nakamura-sho`",
            &signed[..7]
        )),
        "{message}"
    );
}

#[test]
fn signoff_by_an_unknown_email() {
    let repo = GitRepo::example();
    let base = repo.head();
    repo.edit(
        &format!("{POC}/governance.yaml"),
        "    status: pending\n",
        "    status: agreed\n    agreed_at: 2026-11-01\n",
    );
    repo.commit("Agreed", STRANGER);
    let out = verify(&repo, &base);
    assert_eq!(codes(&out), ["signoff-not-by-approver"]);
    assert!(
        out["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("(not in people.yaml)")
    );
}

#[test]
fn signoff_by_the_approver_matches_email_case_insensitively() {
    let repo = GitRepo::example();
    let base = repo.head();
    repo.edit(
        &format!("{POC}/governance.yaml"),
        "    status: pending\n",
        "    status: agreed\n    agreed_at: 2026-11-01\n",
    );
    repo.commit("Agreed", ("Sho Nakamura", "Sho.Nakamura@EXAMPLE.com"));
    assert_eq!(codes(&verify(&repo, &base)), Vec::<String>::new());
}

#[test]
fn signoff_through_a_merge_commit_is_judged_by_the_branch_commit() {
    let repo = GitRepo::example();
    let base = repo.head();
    repo.git(&["checkout", "-q", "-b", "agree"]);
    repo.edit(
        &format!("{POC}/governance.yaml"),
        "    status: pending\n",
        "    status: agreed\n    agreed_at: 2026-11-01\n",
    );
    repo.commit("Agree to the audit log", IT);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("README.md", "meanwhile\n");
    repo.commit("Docs", TECH);
    // Merged by the owner: the approver's own commit on the branch is what counts.
    repo.git_as(
        &[
            "merge",
            "-q",
            "--no-ff",
            "agree",
            "-m",
            "Merge pull request #9 from acme/agree",
        ],
        OWNER,
    );
    assert_eq!(codes(&verify(&repo, &base)), Vec::<String>::new());

    // And a branch commit by someone else is caught even though the approver merged it.
    let repo = GitRepo::example();
    let base = repo.head();
    repo.git(&["checkout", "-q", "-b", "agree"]);
    repo.edit(
        &format!("{POC}/governance.yaml"),
        "    status: pending\n",
        "    status: agreed\n    agreed_at: 2026-11-01\n",
    );
    let by_tech = repo.commit("Agree to the audit log", TECH);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("README.md", "meanwhile\n");
    repo.commit("Docs", TECH);
    repo.git_as(
        &[
            "merge",
            "-q",
            "--no-ff",
            "agree",
            "-m",
            "Merge pull request #9 from acme/agree",
        ],
        IT,
    );
    let merge = repo.head();
    let out = verify(&repo, &base);
    assert_eq!(codes(&out), ["signoff-not-by-approver"]);
    let message = out["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "in commit {} (merged in commit {})",
            &by_tech[..7],
            &merge[..7]
        )),
        "{message}"
    );
}

#[test]
fn stage_skipped() {
    let repo = GitRepo::example();
    let base = repo.head();
    let project = format!("{POC}/project.yaml");
    repo.edit(&project, "stage: poc", "stage: production");
    let jumped = repo.commit("Straight to production", OWNER);
    let out = verify(&repo, &base);
    assert_eq!(codes(&out), ["stage-skipped"]);
    let f = &out["findings"][0];
    assert_eq!(f["file"], project.as_str());
    assert_eq!(f["pointer"], "/stage");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(4), Some(8))
    );
    assert_eq!(
        f["message"],
        format!("`support-reply-drafts` moved from PoC to production in commit {}, skipping the MVP stage", &jumped[..7]).as_str()
    );
    repo.tollgate(&["log", "--verify", "--base", &base])
        .assert()
        .code(1)
        .stdout(contains("error[stage-skipped]").and(contains(format!("--> {project}:4:8"))));
}

#[test]
fn without_a_base_the_whole_history_is_checked() {
    let repo = GitRepo::example();
    // The import itself set every agreed item, by the owner: each is reported.
    let out = repo.json(&["log", "--verify", "--format", "json"]);
    let codes = codes(&out);
    assert!(!codes.is_empty());
    assert!(codes.iter().all(|c| c == "signoff-not-by-approver"));
}

#[test]
fn old_unparsable_file_is_a_warning_and_the_walk_continues() {
    let repo = GitRepo::example();
    let base = repo.head();
    let project = format!("{POC}/project.yaml");
    let good = repo.read(&project);
    repo.write(&project, "stage: [\n");
    let broken = repo.commit("Oops", TECH);
    repo.write(&project, &good.replace("stage: poc", "stage: production"));
    repo.commit("Fix and jump", OWNER);
    let out = verify(&repo, &base);
    assert_eq!(codes(&out), ["history-file-invalid", "stage-skipped"]);
    assert_eq!(out["findings"][0]["severity"], "warning");
    assert!(
        out["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&broken[..7])
    );
}

#[test]
fn shallow_clone_is_skipped_with_a_note() {
    let repo = GitRepo::example();
    repo.commit("Another", OWNER);
    let clone = repo.shallow_clone();
    let root = clone.path().join("clone");
    let out = crate::util::tollgate()
        .args(["log", "--verify", "--format", "json", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = crate::util::report_json(&out.stdout);
    assert_eq!(out["history"]["status"], "skipped");
    assert_eq!(codes(&out), ["history-unavailable"]);
    assert_eq!(out["findings"][0]["severity"], "note");
    assert!(
        out["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("fetch-depth: 0")
    );
    crate::util::tollgate()
        .args(["log", "--verify", "--root"])
        .arg(&root)
        .assert()
        .success()
        .stdout(contains("note[history-unavailable]"))
        .stdout(contains("history: checks skipped"));
}

#[test]
fn not_a_repository_is_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    tollgate::scaffold::write(dir.path(), false).unwrap();
    let source = tollgate::source::WorkTree::open(dir.path()).unwrap();
    let snap = tollgate::load::load(&source, &Default::default()).unwrap();
    let report = integrity::check(dir.path(), &snap, None).unwrap();
    assert!(matches!(report.status, HistoryStatus::Skipped { .. }));
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].code.as_str(), "history-unavailable");
}

#[test]
fn unknown_base_is_an_error() {
    let repo = GitRepo::example();
    repo.tollgate(&["log", "--verify", "--base", "nope"])
        .assert()
        .code(2)
        .stderr(contains("revision `nope` not found"));
}
