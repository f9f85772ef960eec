//! The repositories of the history tests, each built by a named function from the example
//! (imported by the owner as the first commit), and the test that `check` and `log --verify`
//! agree on every one of them: both call the same range rule and the same history checks.
//!
//! Scenarios are what a PR author might commit: honest changes (the positive controls) and the
//! ways around the gate the checks exist to close.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use crate::harness::{
    GitRepo, IT, MVP, OWNER, POC, STRANGER, SshKey, TECH, add_signing_key, agree_audit_log,
    decision, record_poc_decision,
};

/// The owner of the MVP project (`kato-ryo`).
pub const MVP_OWNER: (&str, &str) = ("Ryo Kato", "ryo.kato@example.com");

/// The date every check of a scenario is judged at.
pub const NOW: &str = "2026-11-28";

pub fn kpis() -> String {
    format!("{POC}/kpis.yaml")
}

pub fn governance() -> String {
    format!("{POC}/governance.yaml")
}

pub fn results() -> String {
    format!("{POC}/results.yaml")
}

/// Replaces the first `from` after `id: ITEM` in a file (items share field values).
pub fn edit_item(repo: &GitRepo, path: &str, item: &str, from: &str, to: &str) {
    let text = repo.read(path);
    let start = text.find(&format!("id: {item}\n")).unwrap();
    let at = start + text[start..].find(from).unwrap();
    let mut new = text.clone();
    new.replace_range(at..at + from.len(), to);
    repo.write(path, &new);
}

/// A `criteria_changes` entry for the PoC project's answer-accuracy KPI.
pub fn criteria_change(gate: &str, by: &str) -> String {
    format!(
        "criteria_changes:\n  - kpi: answer-accuracy\n    gate: {gate}\n    changed_by: {by}\n    changed_at: 2026-11-02\n    rationale: Legal asked for a lower bar for drafts that are always reviewed.\n"
    )
}

/// MVP criteria for answer-accuracy (threshold 85), registered by the owner before any MVP
/// result.
pub fn register_mvp_accuracy(repo: &GitRepo) {
    repo.edit(
        &kpis(),
        "        registered_at: 2026-09-01\n\n  - id: field-usability",
        "        registered_at: 2026-09-01\n      mvp:\n        threshold: 85\n        registered_at: 2026-11-01\n\n  - id: field-usability",
    );
    repo.commit("Register MVP accuracy criteria", OWNER);
}

/// The first MVP result for answer-accuracy (70%, below the registered 85).
pub fn add_mvp_result(repo: &GitRepo) {
    repo.append(
        &results(),
        "\n  - id: mvp-accuracy-run-1\n    kpi: answer-accuracy\n    gate: mvp\n    successes: 140\n    n: 200\n    dataset:\n      id: support-inquiry-live\n      kind: production-like\n    measured_at: 2026-11-25\n    measured_by: suzuki-daisuke\n",
    );
}

// ---- integrity basics ------------------------------------------------------------------------

pub fn imported() -> GitRepo {
    GitRepo::example()
}

pub fn clean_history() -> GitRepo {
    let repo = GitRepo::example();
    record_poc_decision(&repo);
    repo.edit(&format!("{POC}/project.yaml"), "stage: poc", "stage: mvp");
    repo.commit("Record the PoC decision (#2)", OWNER);
    repo
}

pub fn threshold_lowered_after_results() -> GitRepo {
    let repo = GitRepo::example();
    repo.edit(&kpis(), "threshold: 70 ", "threshold: 60 ");
    repo.commit("Lower the accuracy bar", TECH);
    repo
}

pub fn criteria_change_recorded_by_owner() -> GitRepo {
    let repo = GitRepo::example();
    repo.edit(&kpis(), "threshold: 70 ", "threshold: 60 ");
    repo.edit(
        &kpis(),
        "criteria_changes: []",
        &criteria_change("poc", "yamamoto-kenji"),
    );
    repo.commit("Lower the accuracy bar with a recorded change", OWNER);
    repo
}

pub fn criteria_change_recorded_for_someone_else() -> GitRepo {
    let repo = GitRepo::example();
    repo.edit(&kpis(), "min_samples: 100", "min_samples: 20");
    repo.edit(
        &kpis(),
        "criteria_changes: []",
        &criteria_change("poc", "suzuki-daisuke"),
    );
    repo.commit("Fewer samples", TECH);
    repo
}

pub fn criteria_set_before_results() -> GitRepo {
    let repo = GitRepo::example();
    register_mvp_accuracy(&repo);
    repo.edit(&kpis(), "threshold: 85", "threshold: 80");
    repo.commit("Adjust them before any MVP result", OWNER);
    repo
}

pub fn decision_deleted() -> GitRepo {
    let repo = GitRepo::example();
    let decisions = format!("{MVP}/decisions.yaml");
    repo.edit(&decisions, "outcome: continue", "outcome: redesign");
    repo.commit("Fix the decision", TECH);
    repo.write(&decisions, "decisions: []\n");
    repo.commit("Drop the decision", TECH);
    repo
}

pub fn decision_rewritten_uncommitted() -> GitRepo {
    let repo = GitRepo::example();
    repo.edit(
        &format!("{MVP}/decisions.yaml"),
        "outcome: continue",
        "outcome: stop",
    );
    repo
}

pub fn decision_superseded() -> GitRepo {
    let repo = GitRepo::example();
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
    repo.commit("Supersede", MVP_OWNER);
    repo
}

pub fn signoff_by(who: (&str, &str)) -> GitRepo {
    let repo = GitRepo::example();
    agree_audit_log(&repo);
    repo.commit("Agree the audit log", who);
    repo
}

pub fn signoff_by_tech() -> GitRepo {
    signoff_by(TECH)
}

pub fn signoff_by_stranger() -> GitRepo {
    signoff_by(STRANGER)
}

pub fn signoff_by_the_approver() -> GitRepo {
    signoff_by(IT)
}

pub fn signoff_by_the_approver_in_capitals() -> GitRepo {
    signoff_by(("Sho Nakamura", "Sho.Nakamura@EXAMPLE.com"))
}

/// The sign-off is made on a branch by `author`, merged into main by `merger` after main moved.
pub fn signoff_merged(author: (&str, &str), merger: (&str, &str)) -> GitRepo {
    let repo = GitRepo::example();
    repo.git(&["checkout", "-q", "-b", "agree"]);
    agree_audit_log(&repo);
    repo.commit("Agree to the audit log", author);
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
        merger,
    );
    repo
}

pub fn signoff_by_the_approver_merged_by_the_owner() -> GitRepo {
    signoff_merged(IT, OWNER)
}

pub fn signoff_by_tech_merged_by_the_approver() -> GitRepo {
    signoff_merged(TECH, IT)
}

pub fn stage_skipped() -> GitRepo {
    let repo = GitRepo::example();
    repo.edit(
        &format!("{POC}/project.yaml"),
        "stage: poc",
        "stage: production",
    );
    repo.commit("Straight to production", OWNER);
    repo
}

pub fn broken_file_then_stage_skipped() -> GitRepo {
    let repo = GitRepo::example();
    let project = format!("{POC}/project.yaml");
    let good = repo.read(&project);
    repo.write(&project, "stage: [\n");
    repo.commit("Oops", TECH);
    repo.write(&project, &good.replace("stage: poc", "stage: production"));
    repo.commit("Fix and jump", OWNER);
    repo
}

// ---- hole 1: approvers -------------------------------------------------------------------------

/// One commit by the technical lead names themselves approver of the audit-log item and agrees.
pub fn approver_swap() -> GitRepo {
    let repo = GitRepo::example();
    edit_item(
        &repo,
        &governance(),
        "prompt-audit-log",
        "approver: nakamura-sho",
        "approver: suzuki-daisuke",
    );
    agree_audit_log(&repo);
    repo.commit("Audit log agreed", TECH);
    repo
}

/// The same in two commits: first the approver, then the "sign-off" by the new approver.
pub fn approver_swap_then_agree() -> GitRepo {
    let repo = GitRepo::example();
    edit_item(
        &repo,
        &governance(),
        "prompt-audit-log",
        "approver: nakamura-sho",
        "approver: suzuki-daisuke",
    );
    repo.commit("Take over the audit-log item", TECH);
    agree_audit_log(&repo);
    repo.commit("Audit log agreed", TECH);
    repo
}

/// The owner hands the item to the technical lead, who then agrees it: legitimate.
pub fn approver_changed_by_the_owner() -> GitRepo {
    let repo = GitRepo::example();
    edit_item(
        &repo,
        &governance(),
        "prompt-audit-log",
        "approver: nakamura-sho",
        "approver: suzuki-daisuke",
    );
    repo.commit("Information systems answers for the audit log now", OWNER);
    agree_audit_log(&repo);
    repo.commit("Audit log agreed", TECH);
    repo
}

/// The previous approver hands the item over: legitimate.
pub fn approver_handed_over() -> GitRepo {
    let repo = GitRepo::example();
    edit_item(
        &repo,
        &governance(),
        "prompt-audit-log",
        "approver: nakamura-sho",
        "approver: suzuki-daisuke",
    );
    repo.commit("Hand the audit-log item over", IT);
    repo
}

/// The technical lead replaces the pending item with a new one naming themselves, agreed.
pub fn new_item_with_a_self_named_approver() -> GitRepo {
    let repo = GitRepo::example();
    let text = repo.read(&governance());
    let at = text.find("  - id: prompt-audit-log").unwrap();
    repo.write(
        &governance(),
        &format!(
            "{}  - id: audit-log-2\n    topic: audit-log\n    title: Prompts and drafts are logged\n    department: information-systems\n    approver: suzuki-daisuke\n    status: agreed\n    agreed_at: 2026-11-20\n",
            &text[..at]
        ),
    );
    repo.commit("Replace the audit-log item", TECH);
    repo
}

/// The owner adds an item naming the IT approver; the approver agrees it later: legitimate.
pub fn new_item_named_by_the_owner() -> GitRepo {
    let repo = GitRepo::example();
    repo.append(
        &governance(),
        "\n  - id: draft-retention\n    topic: other\n    title: Drafts are deleted after 30 days\n    department: it\n    approver: nakamura-sho\n    status: pending\n",
    );
    repo.commit("Add the retention agreement", OWNER);
    edit_item(
        &repo,
        &governance(),
        "draft-retention",
        "status: pending",
        "status: agreed\n    agreed_at: 2026-11-21",
    );
    repo.commit("Retention agreed", IT);
    repo
}

/// The technical lead makes themselves owner, then changes the approver "as the owner".
pub fn owner_swapped_then_approver_changed() -> GitRepo {
    let repo = GitRepo::example();
    repo.edit(
        &format!("{POC}/project.yaml"),
        "owner: yamamoto-kenji",
        "owner: suzuki-daisuke",
    );
    repo.commit("Take over the project", TECH);
    edit_item(
        &repo,
        &governance(),
        "prompt-audit-log",
        "approver: nakamura-sho",
        "approver: suzuki-daisuke",
    );
    repo.commit("Take over the audit-log item", TECH);
    repo
}

/// The technical lead adds their own address to the approver's roster entry and signs off.
pub fn email_added_to_the_approver() -> GitRepo {
    let repo = GitRepo::example();
    repo.edit(
        "people.yaml",
        "emails: [sho.nakamura@example.com]",
        "emails: [sho.nakamura@example.com, daisuke.suzuki@example.com]",
    );
    agree_audit_log(&repo);
    repo.commit("Agree the audit log", TECH);
    repo
}

// ---- hole 2: criteria drift --------------------------------------------------------------------

/// The first MVP results and a lowered MVP threshold, in one commit.
pub fn first_results_with_a_lowered_threshold() -> GitRepo {
    let repo = GitRepo::example();
    register_mvp_accuracy(&repo);
    add_mvp_result(&repo);
    repo.edit(&kpis(), "threshold: 85", "threshold: 60");
    repo.commit("MVP results", TECH);
    repo
}

/// The same change recorded in `criteria_changes` by the owner, in the owner's commit.
pub fn first_results_with_a_recorded_change() -> GitRepo {
    let repo = GitRepo::example();
    register_mvp_accuracy(&repo);
    add_mvp_result(&repo);
    repo.edit(&kpis(), "threshold: 85", "threshold: 60");
    repo.edit(
        &kpis(),
        "criteria_changes: []",
        &criteria_change("mvp", "yamamoto-kenji"),
    );
    repo.commit("MVP results, with the bar lowered on record", OWNER);
    repo
}

/// A KPI with results deleted (with its results).
pub fn kpi_with_results_deleted() -> GitRepo {
    let repo = GitRepo::example();
    let text = repo.read(&kpis());
    let (from, to) = (
        text.find("  - id: field-usability").unwrap(),
        text.find("  - id: response-time").unwrap(),
    );
    repo.write(&kpis(), &format!("{}{}", &text[..from], &text[to..]));
    let text = repo.read(&results());
    let from = text.find("\n  - id: poc-usability-survey").unwrap();
    repo.write(&results(), &format!("{}\n", &text[..from]));
    repo.commit("Drop the usability survey", TECH);
    repo
}

/// One criterion of a KPI with results changed by the technical lead, without a record.
pub fn criterion_changed(from: &str, to: &str) -> GitRepo {
    let repo = GitRepo::example();
    repo.edit(&kpis(), from, to);
    repo.commit("Adjust a criterion", TECH);
    repo
}

pub fn stop_loosened() -> GitRepo {
    criterion_changed("stop: 40 ", "stop: 20 ")
}

pub fn min_samples_loosened() -> GitRepo {
    criterion_changed("min_samples: 100", "min_samples: 50")
}

pub fn confidence_changed() -> GitRepo {
    criterion_changed("confidence: point", "confidence: wilson-95")
}

pub fn direction_changed() -> GitRepo {
    criterion_changed("direction: lower-is-better", "direction: higher-is-better")
}

pub fn unit_changed() -> GitRepo {
    criterion_changed("unit: seconds", "unit: minutes")
}

/// A `criteria_changes` entry naming the owner, typed by the technical lead.
pub fn owner_entry_typed_by_someone_else() -> GitRepo {
    let repo = GitRepo::example();
    repo.edit(&kpis(), "threshold: 70 ", "threshold: 60 ");
    repo.edit(
        &kpis(),
        "criteria_changes: []",
        &criteria_change("poc", "yamamoto-kenji"),
    );
    repo.commit("Lower the bar (the owner agreed, honest)", TECH);
    repo
}

/// kpis.yaml deleted, then added back with a lower threshold.
pub fn kpis_deleted_and_added_back_lower() -> GitRepo {
    let repo = GitRepo::example();
    let text = repo.read(&kpis());
    std::fs::remove_file(repo.file(&kpis())).unwrap();
    repo.commit("Remove the KPIs for a rewrite", TECH);
    repo.write(&kpis(), &text.replace("threshold: 70 ", "threshold: 60 "));
    repo.commit("Rewritten KPIs", TECH);
    repo
}

/// A lowered threshold with an entry for the owner, not committed yet.
pub fn criteria_change_uncommitted() -> GitRepo {
    let repo = GitRepo::example();
    repo.edit(&kpis(), "threshold: 70 ", "threshold: 60 ");
    repo.edit(
        &kpis(),
        "criteria_changes: []",
        &criteria_change("poc", "yamamoto-kenji"),
    );
    repo
}

/// A lowered threshold without a record, not committed yet.
pub fn threshold_lowered_uncommitted() -> GitRepo {
    let repo = GitRepo::example();
    repo.edit(&kpis(), "threshold: 70 ", "threshold: 60 ");
    repo
}

// ---- hole 4: overrides and waivers -------------------------------------------------------------

/// A stranger's sign-off, with a project waiver of `signoff-not-by-approver` until 2027.
pub fn signoff_waived() -> GitRepo {
    let repo = signoff_by_stranger();
    repo.append(
        &format!("{POC}/project.yaml"),
        "waivers:\n  - rule: signoff-not-by-approver\n    reason: IT signed on paper; the record follows.\n    approved_by: yamamoto-kenji\n    expires: 2027-03-31\n",
    );
    repo.commit(
        "Waive the sign-off check until the paper record is filed",
        OWNER,
    );
    repo
}

/// A stranger's sign-off under a policy that makes the finding a warning.
pub fn signoff_downgraded_by_policy() -> GitRepo {
    let repo = signoff_by_stranger();
    repo.write(
        "policies/relaxed.yaml",
        "version: 1\nrules: []\nseverities:\n  signoff-not-by-approver: warning\n",
    );
    repo.commit("Relax sign-off findings", OWNER);
    repo
}

// ---- hole 7: uncommitted -----------------------------------------------------------------------

pub fn signoff_uncommitted() -> GitRepo {
    let repo = GitRepo::example();
    agree_audit_log(&repo);
    repo
}

pub fn approver_change_uncommitted() -> GitRepo {
    let repo = GitRepo::example();
    edit_item(
        &repo,
        &governance(),
        "prompt-audit-log",
        "approver: nakamura-sho",
        "approver: suzuki-daisuke",
    );
    repo
}

// ---- issue 19: proven identities ----------------------------------------------------------------

/// The example imported with signing keys for the approver of the audit-log item (IT), the
/// owner and the technical lead in people.yaml, and, beside them, a key nobody lists.
pub struct Keys {
    pub it: SshKey,
    pub owner: SshKey,
    pub tech: SshKey,
    pub unlisted: SshKey,
}

pub fn signed_example(prepare: impl FnOnce(&GitRepo)) -> (GitRepo, Keys) {
    let mut keys = None;
    let repo = GitRepo::example_with(|repo| {
        let made = Keys {
            it: repo.ssh_key("it"),
            owner: repo.ssh_key("owner"),
            tech: repo.ssh_key("tech"),
            unlisted: repo.ssh_key("unlisted"),
        };
        add_signing_key(repo, "nakamura-sho", &made.it);
        add_signing_key(repo, "yamamoto-kenji", &made.owner);
        add_signing_key(repo, "suzuki-daisuke", &made.tech);
        prepare(repo);
        keys = Some(made);
    });
    (repo, keys.expect("keys made"))
}

/// `signoff_proof: verified` in tollgate.yaml.
pub fn require_verified(repo: &GitRepo) {
    repo.append("tollgate.yaml", "signoff_proof: verified\n");
}

/// The approver signs their own sign-off with their listed key: proven.
pub fn signoff_signed_by_the_approver() -> GitRepo {
    let (repo, keys) = signed_example(require_verified);
    agree_audit_log(&repo);
    repo.commit_signed("Agree the audit log", IT, &keys.it);
    repo
}

/// The approver's e-mail, no signature, under `signoff_proof: verified`: an error.
pub fn signoff_unsigned_under_verified() -> GitRepo {
    let (repo, _) = signed_example(require_verified);
    agree_audit_log(&repo);
    repo.commit("Agree the audit log", IT);
    repo
}

/// The approver's e-mail, signed with a key nobody lists.
pub fn signoff_signed_with_an_unlisted_key() -> GitRepo {
    let (repo, keys) = signed_example(require_verified);
    agree_audit_log(&repo);
    repo.commit_signed("Agree the audit log", IT, &keys.unlisted);
    repo
}

/// The approver's e-mail as author, signed by the technical lead's own (listed) key.
pub fn signoff_signed_with_someone_elses_key() -> GitRepo {
    let (repo, keys) = signed_example(require_verified);
    agree_audit_log(&repo);
    repo.commit_signed("Agree the audit log", IT, &keys.tech);
    repo
}

/// Authored under the approver's e-mail and signed with the approver's key, but committed under
/// the technical lead's e-mail: the signature vouches for its committer, who is not the approver.
pub fn signoff_signed_with_another_committer() -> GitRepo {
    let (repo, keys) = signed_example(require_verified);
    agree_audit_log(&repo);
    repo.commit_signed_by("Agree the audit log", IT, TECH, &keys.it);
    repo
}

/// The technical lead adds a key of their own to the approver's entry and signs off with it
/// under the approver's e-mail: the keys that count are the base's.
pub fn signing_key_added_to_the_approver() -> GitRepo {
    let (repo, keys) = signed_example(require_verified);
    add_signing_key(&repo, "nakamura-sho", &keys.unlisted);
    agree_audit_log(&repo);
    repo.commit_signed("Agree the audit log", IT, &keys.unlisted);
    repo
}

/// The base requires verified proof; the change sets `signoff_proof: email` and signs off by
/// e-mail: the stricter setting (the base's) applies.
pub fn signoff_proof_loosened_in_the_change() -> GitRepo {
    let (repo, _) = signed_example(require_verified);
    repo.edit(
        "tollgate.yaml",
        "\nsignoff_proof: verified\n",
        "\nsignoff_proof: email\n",
    );
    agree_audit_log(&repo);
    repo.commit("Agree the audit log; e-mail is enough", IT);
    repo
}

/// No setting at the base (e-mail accepted outside Actions); the change requires verified proof
/// and signs off by e-mail: the stricter setting (the head's) applies.
pub fn signoff_proof_tightened_in_the_change() -> GitRepo {
    let (repo, _) = signed_example(|_| {});
    require_verified(&repo);
    agree_audit_log(&repo);
    repo.commit("Agree the audit log", IT);
    repo
}

/// The owner hands the audit-log item to the technical lead (signed), who signs their
/// sign-off: both proven.
pub fn approver_changed_signed_by_the_owner() -> GitRepo {
    let (repo, keys) = signed_example(require_verified);
    edit_item(
        &repo,
        &governance(),
        "prompt-audit-log",
        "approver: nakamura-sho",
        "approver: suzuki-daisuke",
    );
    repo.commit_signed(
        "Information systems answers for the audit log",
        OWNER,
        &keys.owner,
    );
    agree_audit_log(&repo);
    repo.commit_signed("Audit log agreed", TECH, &keys.tech);
    repo
}

/// The owner's signed commit lowers a bar on record: proven.
pub fn criteria_change_signed_by_the_owner() -> GitRepo {
    let (repo, keys) = signed_example(require_verified);
    repo.edit(&kpis(), "threshold: 70 ", "threshold: 60 ");
    repo.edit(
        &kpis(),
        "criteria_changes: []",
        &criteria_change("poc", "yamamoto-kenji"),
    );
    repo.commit_signed("Lower the accuracy bar on record", OWNER, &keys.owner);
    repo
}

/// The owner's signed commit records the PoC decision: proven.
pub fn decision_signed_by_the_owner() -> GitRepo {
    let (repo, keys) = signed_example(require_verified);
    record_poc_decision(&repo);
    repo.commit_signed("Record the PoC decision", OWNER, &keys.owner);
    repo
}

/// The technical lead records the PoC decision in the owner's name.
pub fn decision_recorded_by_tech() -> GitRepo {
    let repo = GitRepo::example();
    record_poc_decision(&repo);
    repo.commit("Record the PoC decision", TECH);
    repo
}

/// A project waiver in the owner's name, committed by the technical lead.
pub fn waiver_granted_by_tech() -> GitRepo {
    let repo = GitRepo::example();
    repo.append(
        &format!("{POC}/project.yaml"),
        "waivers:\n  - rule: partner-delivery\n    reason: Renegotiating.\n    approved_by: yamamoto-kenji\n    expires: 2027-03-31\n",
    );
    repo.commit("Waive the partner rule", TECH);
    repo
}

/// A stranger's sign-off, and a waiver of the findings it causes (including the one about the
/// waiver itself), all committed by the stranger.
pub fn signoff_waived_by_the_stranger() -> GitRepo {
    let repo = GitRepo::example();
    agree_audit_log(&repo);
    repo.append(
        &format!("{POC}/project.yaml"),
        "waivers:\n  - rule: signoff-not-by-approver\n    reason: Signed on paper.\n    approved_by: yamamoto-kenji\n    expires: 2027-03-31\n  - rule: waiver-not-by-owner\n    reason: Trust me.\n    approved_by: yamamoto-kenji\n    expires: 2027-03-31\n",
    );
    repo.commit("Agree the audit log, waived", STRANGER);
    repo
}

/// The owner's signed commit grants a project waiver: proven.
pub fn waiver_signed_by_the_owner() -> GitRepo {
    let (repo, keys) = signed_example(require_verified);
    repo.append(
        &format!("{POC}/project.yaml"),
        "waivers:\n  - rule: partner-delivery\n    reason: Renegotiating.\n    approved_by: yamamoto-kenji\n    expires: 2027-03-31\n",
    );
    repo.commit_signed("Waive the partner rule", OWNER, &keys.owner);
    repo
}

/// A stranger waives the audit-log item.
pub fn item_waived_by_a_stranger() -> GitRepo {
    let repo = GitRepo::example();
    edit_item(
        &repo,
        &governance(),
        "prompt-audit-log",
        "status: pending",
        "status: waived\n    waiver:\n      approved_by: nakamura-sho\n      reason: Logged by the helpdesk already.\n      expires: 2027-03-31",
    );
    repo.commit("Waive the audit log", STRANGER);
    repo
}

/// A function that builds one scenario's repository.
pub type Build = fn() -> GitRepo;

/// Every scenario, by name.
pub const ALL: &[(&str, Build)] = &[
    ("imported", imported),
    ("clean-history", clean_history),
    (
        "threshold-lowered-after-results",
        threshold_lowered_after_results,
    ),
    (
        "criteria-change-recorded-by-owner",
        criteria_change_recorded_by_owner,
    ),
    (
        "criteria-change-recorded-for-someone-else",
        criteria_change_recorded_for_someone_else,
    ),
    ("criteria-set-before-results", criteria_set_before_results),
    ("decision-deleted", decision_deleted),
    (
        "decision-rewritten-uncommitted",
        decision_rewritten_uncommitted,
    ),
    ("decision-superseded", decision_superseded),
    ("signoff-by-tech", signoff_by_tech),
    ("signoff-by-stranger", signoff_by_stranger),
    ("signoff-by-the-approver", signoff_by_the_approver),
    (
        "signoff-by-the-approver-in-capitals",
        signoff_by_the_approver_in_capitals,
    ),
    (
        "signoff-by-the-approver-merged-by-the-owner",
        signoff_by_the_approver_merged_by_the_owner,
    ),
    (
        "signoff-by-tech-merged-by-the-approver",
        signoff_by_tech_merged_by_the_approver,
    ),
    ("stage-skipped", stage_skipped),
    (
        "broken-file-then-stage-skipped",
        broken_file_then_stage_skipped,
    ),
    ("approver-swap", approver_swap),
    ("approver-swap-then-agree", approver_swap_then_agree),
    (
        "approver-changed-by-the-owner",
        approver_changed_by_the_owner,
    ),
    ("approver-handed-over", approver_handed_over),
    (
        "new-item-with-a-self-named-approver",
        new_item_with_a_self_named_approver,
    ),
    ("new-item-named-by-the-owner", new_item_named_by_the_owner),
    (
        "owner-swapped-then-approver-changed",
        owner_swapped_then_approver_changed,
    ),
    (
        "first-results-with-a-lowered-threshold",
        first_results_with_a_lowered_threshold,
    ),
    (
        "first-results-with-a-recorded-change",
        first_results_with_a_recorded_change,
    ),
    ("kpi-with-results-deleted", kpi_with_results_deleted),
    ("stop-loosened", stop_loosened),
    ("min-samples-loosened", min_samples_loosened),
    ("confidence-changed", confidence_changed),
    ("direction-changed", direction_changed),
    ("unit-changed", unit_changed),
    (
        "owner-entry-typed-by-someone-else",
        owner_entry_typed_by_someone_else,
    ),
    (
        "kpis-deleted-and-added-back-lower",
        kpis_deleted_and_added_back_lower,
    ),
    ("email-added-to-the-approver", email_added_to_the_approver),
    ("criteria-change-uncommitted", criteria_change_uncommitted),
    (
        "threshold-lowered-uncommitted",
        threshold_lowered_uncommitted,
    ),
    ("signoff-waived", signoff_waived),
    ("signoff-downgraded-by-policy", signoff_downgraded_by_policy),
    ("signoff-uncommitted", signoff_uncommitted),
    ("approver-change-uncommitted", approver_change_uncommitted),
    (
        "signoff-signed-by-the-approver",
        signoff_signed_by_the_approver,
    ),
    (
        "signoff-unsigned-under-verified",
        signoff_unsigned_under_verified,
    ),
    (
        "signoff-signed-with-an-unlisted-key",
        signoff_signed_with_an_unlisted_key,
    ),
    (
        "signoff-signed-with-someone-elses-key",
        signoff_signed_with_someone_elses_key,
    ),
    (
        "signoff-signed-with-another-committer",
        signoff_signed_with_another_committer,
    ),
    (
        "signing-key-added-to-the-approver",
        signing_key_added_to_the_approver,
    ),
    (
        "signoff-proof-loosened-in-the-change",
        signoff_proof_loosened_in_the_change,
    ),
    (
        "signoff-proof-tightened-in-the-change",
        signoff_proof_tightened_in_the_change,
    ),
    (
        "approver-changed-signed-by-the-owner",
        approver_changed_signed_by_the_owner,
    ),
    (
        "criteria-change-signed-by-the-owner",
        criteria_change_signed_by_the_owner,
    ),
    ("decision-signed-by-the-owner", decision_signed_by_the_owner),
    ("decision-recorded-by-tech", decision_recorded_by_tech),
    ("waiver-granted-by-tech", waiver_granted_by_tech),
    (
        "signoff-waived-by-the-stranger",
        signoff_waived_by_the_stranger,
    ),
    ("waiver-signed-by-the-owner", waiver_signed_by_the_owner),
    ("item-waived-by-a-stranger", item_waived_by_a_stranger),
];

/// One finding as both commands print it, for comparison.
type Row = (String, String, String, u64, u64, String);

fn history_rows(doc: &serde_json::Value) -> BTreeSet<Row> {
    let codes: Vec<&str> = tollgate::history::integrity::CODES
        .iter()
        .map(|c| c.as_str())
        .collect();
    doc["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings in {doc:#}"))
        .iter()
        .filter(|f| codes.contains(&f["code"].as_str().unwrap_or_default()))
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            let n = |k: &str| f[k].as_u64().unwrap_or_default();
            (
                s("code"),
                s("severity"),
                s("file"),
                n("line"),
                n("column"),
                s("message"),
            )
        })
        .collect()
}

fn run_json(repo: &GitRepo, args: &[&str]) -> (i32, serde_json::Value) {
    let out = repo.tollgate(args).output().unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), doc)
}

#[test]
fn log_verify_and_check_agree_on_every_scenario() {
    let mut with_errors = 0;
    for (name, build) in ALL {
        let repo = build();
        let (check_code, check) = run_json(&repo, &["check", "--format", "json", "--now", NOW]);
        let (verify_code, verify) = run_json(
            &repo,
            &["log", "--verify", "--format", "json", "--now", NOW],
        );
        let (c, v) = (history_rows(&check), history_rows(&verify));
        assert_eq!(c, v, "{name}: check and log --verify disagree");
        assert_eq!(verify["history"]["status"], "checked", "{name}: {verify:#}");
        let errors = v.iter().filter(|r| r.1 == "error").count();
        assert_eq!(verify_code, i32::from(errors > 0), "{name}: {verify:#}");
        if errors > 0 {
            with_errors += 1;
            assert_eq!(check_code, 1, "{name}: history errors block check");
        }
    }
    // The comparison means something only if the scenarios do produce findings.
    assert!(
        with_errors >= 15,
        "{with_errors} scenarios with history errors"
    );
}
