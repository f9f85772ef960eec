//! History integrity checks through `tollgate log --verify` (the same checks and range as
//! `check`), on the repositories of `history_scenarios`, and the library entry point.

#![allow(clippy::unwrap_used)]

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

use tollgate::history::integrity::{self, HistoryStatus};

use crate::harness::{GitRepo, MVP, OWNER, POC};
use crate::history_scenarios::{self as s, NOW};

/// `log --verify --format json` with the default range (after the first commit).
pub fn verify(repo: &GitRepo) -> serde_json::Value {
    repo.json(&["log", "--verify", "--format", "json", "--now", NOW])
}

pub fn codes(out: &serde_json::Value) -> Vec<String> {
    out["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// Asserts that `out` holds exactly `n` findings, each `signoff-unproven` at warning: what an
/// honest change by the entitled person's unsigned commit gets with the default `signoff_proof`
/// outside GitHub Actions (`email`: the e-mail is accepted, with a warning that it is only a
/// claim). The same change signed with their key gets none (`history_identity`).
#[track_caller]
pub fn assert_claims(out: &serde_json::Value, n: usize) {
    assert_eq!(codes(out), vec!["signoff-unproven"; n], "{out:#}");
    for f in out["findings"].as_array().unwrap() {
        assert_eq!(f["severity"], "warning", "{f:#}");
    }
}

/// The one finding of `out`, asserting there is exactly one and it has `code`.
#[track_caller]
pub fn only<'a>(out: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    assert_eq!(codes(out), [code], "{out:#}");
    &out["findings"][0]
}

#[test]
fn a_clean_history_passes() {
    let repo = s::clean_history();
    let first = repo.git(&["rev-list", "--max-parents=0", "HEAD"]);
    let out = verify(&repo);
    // The owner's decision in an unsigned commit: accepted with a warning outside Actions.
    assert_claims(&out, 1);
    assert_eq!(out["history"]["status"], "checked");
    assert_eq!(out["history"]["commits"], 1);
    assert_eq!(out["history"]["range"]["base"], first.as_str());
    assert_eq!(out["history"]["range"]["head"], repo.head().as_str());
    assert_eq!(out["history"]["range"]["rule"], "first commit");
    repo.tollgate(&["log", "--verify"])
        .assert()
        .success()
        .stdout(contains(format!(
            "history: 1 commit checked after {} (first commit): 0 errors, 1 warning",
            &first[..7]
        )));
}

#[test]
fn the_import_is_the_reference_and_nothing_before_it_is_judged() {
    // The import set every agreed item of the example, by the owner: it is the starting point
    // of the record, and `log --verify` no longer disagrees with `check` about it.
    let out = verify(&s::imported());
    assert_eq!(codes(&out), Vec::<String>::new());
    assert_eq!(out["history"]["commits"], 0);
}

#[test]
fn criteria_changed_after_results() {
    let repo = s::threshold_lowered_after_results();
    let lowered = repo.head();
    let f = only(&verify(&repo), "criteria-changed-after-results").clone();
    assert_eq!(f["severity"], "error");
    assert_eq!(f["file"], s::kpis().as_str());
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
    repo.tollgate(&["log", "--verify"])
        .assert()
        .code(1)
        .stdout(contains("error[criteria-changed-after-results]"))
        .stdout(contains(format!("--> {}:13:20", s::kpis())))
        .stdout(contains("help: criteria are fixed before results"));
}

#[test]
fn criteria_change_recorded_by_the_owner_is_accepted() {
    assert_claims(&verify(&s::criteria_change_recorded_by_owner()), 1);
}

#[test]
fn criteria_change_recorded_by_someone_else_is_not_enough() {
    let out = verify(&s::criteria_change_recorded_for_someone_else());
    let message = only(&out, "criteria-changed-after-results")["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("min_samples 100 -> 20"), "{message}");
    assert!(
        message.contains("not by the project owner `yamamoto-kenji`"),
        "{message}"
    );
}

#[test]
fn criteria_without_results_may_change() {
    // MVP criteria for a KPI with PoC results only: no MVP result yet, so they may still move.
    assert_eq!(
        codes(&verify(&s::criteria_set_before_results())),
        Vec::<String>::new()
    );
}

#[test]
fn decision_edited_or_deleted() {
    let repo = GitRepo::example();
    let decisions = format!("{MVP}/decisions.yaml");
    repo.edit(&decisions, "outcome: continue", "outcome: redesign");
    let edited = repo.commit("Fix the decision", OWNER);
    let out = verify(&repo);
    let f = only(&out, "decision-rewritten");
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

    let repo = s::decision_deleted();
    let deleted = repo.head();
    let out = verify(&repo);
    let message = only(&out, "decision-rewritten")["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains(&format!("was deleted in commit {}", &deleted[..7])),
        "{message}"
    );
    repo.tollgate(&["log", "--verify"])
        .assert()
        .code(1)
        .stdout(contains("error[decision-rewritten]"))
        .stdout(contains("supersedes: poc-gate"));
}

#[test]
fn decision_rewritten_in_the_working_tree() {
    let out = verify(&s::decision_rewritten_uncommitted());
    let message = only(&out, "decision-rewritten")["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("the working tree (uncommitted)"),
        "{message}"
    );
}

#[test]
fn superseding_a_decision_is_fine() {
    assert_claims(&verify(&s::decision_superseded()), 1);
}

#[test]
fn signoff_must_come_from_the_approver() {
    let repo = s::signoff_by_tech();
    let signed = repo.head();
    let out = verify(&repo);
    let f = only(&out, "signoff-not-by-approver");
    assert_eq!(f["file"], s::governance().as_str());
    assert_eq!(f["pointer"], "/items/5/status");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "`prompt-audit-log` was set to agreed in commit {} by Daisuke Suzuki <daisuke.suzuki@example.com> (`suzuki-daisuke` in people.yaml), but its approver is `nakamura-sho`",
            &signed[..7]
        )),
        "{message}"
    );
    // The positive control: the approver's own commit.
    assert_claims(&verify(&s::signoff_by_the_approver()), 1);
}

#[test]
fn signoff_by_an_unknown_email() {
    let out = verify(&s::signoff_by_stranger());
    let message = only(&out, "signoff-not-by-approver")["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("(not in people.yaml)"), "{message}");
}

#[test]
fn signoff_by_the_approver_matches_email_case_insensitively() {
    assert_claims(&verify(&s::signoff_by_the_approver_in_capitals()), 1);
}

#[test]
fn signoff_through_a_merge_commit_is_judged_by_the_branch_commit() {
    // Merged by the owner: the approver's own commit on the branch is what counts.
    assert_claims(
        &verify(&s::signoff_by_the_approver_merged_by_the_owner()),
        1,
    );
    // And a branch commit by someone else is caught even though the approver merged it.
    let repo = s::signoff_by_tech_merged_by_the_approver();
    let merge = repo.head();
    let by_tech = repo.git(&["rev-parse", "HEAD^2"]);
    let out = verify(&repo);
    let message = only(&out, "signoff-not-by-approver")["message"]
        .as_str()
        .unwrap();
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
    let repo = s::stage_skipped();
    let jumped = repo.head();
    let project = format!("{POC}/project.yaml");
    let out = verify(&repo);
    let f = only(&out, "stage-skipped");
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
    repo.tollgate(&["log", "--verify"])
        .assert()
        .code(1)
        .stdout(contains("error[stage-skipped]").and(contains(format!("--> {project}:4:8"))));
}

#[test]
fn old_unparsable_file_is_a_warning_and_the_walk_continues() {
    let repo = s::broken_file_then_stage_skipped();
    let broken = repo.git(&["rev-parse", "HEAD~1"]);
    let out = verify(&repo);
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
fn an_explicit_base_takes_what_it_holds_as_given() {
    let repo = s::signoff_by_tech();
    let out = repo.json(&["log", "--verify", "--base", "HEAD", "--format", "json"]);
    assert_eq!(codes(&out), Vec::<String>::new());
    assert_eq!(out["history"]["commits"], 0);
    assert_eq!(out["history"]["range"]["rule"], "base `HEAD` given");
}

#[test]
fn not_a_repository_is_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    tollgate::scaffold::write(dir.path(), false).unwrap();
    let source = tollgate::source::WorkTree::open(dir.path()).unwrap();
    let snap = tollgate::load::load(&source, &Default::default()).unwrap();
    let report = integrity::check(dir.path(), &snap, &Default::default()).unwrap();
    assert!(matches!(report.status, HistoryStatus::Skipped { .. }));
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].code.as_str(), "history-unavailable");
    assert_eq!(report.findings[0].severity.as_str(), "note");
    // Required, the same is an error.
    let required = integrity::HistoryOptions {
        require: true,
        ..Default::default()
    };
    let report = integrity::check(dir.path(), &snap, &required).unwrap();
    assert_eq!(report.findings[0].severity.as_str(), "error");
}

#[test]
fn unknown_base_is_an_error() {
    let repo = GitRepo::example();
    repo.tollgate(&["log", "--verify", "--base", "nope"])
        .assert()
        .code(2)
        .stderr(contains("revision `nope` not found"));
}

/// `log --verify` prints text or JSON only: the Markdown and CSV of the audit trail are refused
/// as a usage error before anything is read, and nothing reaches standard output.
#[test]
fn verify_refuses_the_trail_formats() {
    let repo = GitRepo::example();
    for format in ["markdown", "csv"] {
        repo.tollgate(&["log", "--verify", "--format", format])
            .assert()
            .code(2)
            .stdout("")
            .stderr("error: `log --verify` prints text or json\n");
    }
}
