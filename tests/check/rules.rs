//! Every rule kind of the default policy, each with a fixture that passes and one that fails,
//! asserting the exit status, the finding code, its file:line:col and the recommendation.

use crate::harness::*;

const PROJECT: &str = "project.yaml";
const KPIS: &str = "kpis.yaml";
const RESULTS: &str = "results.yaml";
const GOVERNANCE: &str = "governance.yaml";
const DECISIONS: &str = "decisions.yaml";
const ISSUES: &str = "issues.yaml";

fn support(file: &str) -> String {
    pfile(SUPPORT, file)
}

fn contract(file: &str) -> String {
    pfile(CONTRACT, file)
}

/// Records a PoC decision for the support project.
fn decide(repo: &Repo, outcome: &str, by: &str, extra: &str) {
    repo.write(
        &support(DECISIONS),
        format!(
            "decisions:\n  - id: poc-gate\n    gate: poc\n    outcome: {outcome}\n    decided_by: {by}\n    decided_at: 2026-11-25\n    rationale: Decided on the PoC evidence.\n{extra}"
        ),
    );
}

#[test]
fn example_repository_is_clean_with_the_recommendations_of_its_criteria() {
    let repo = Repo::init();
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["blocking"], false);
    let s = project(&doc, SUPPORT);
    assert_eq!(s["ready"], true);
    assert_eq!(s["gate"], "poc");
    assert_eq!(s["recommended"], "continue");
    let c = project(&doc, CONTRACT);
    assert_eq!(c["ready"], true);
    assert_eq!(c["gate"], "mvp");
    assert_eq!(c["recommended"], "production");
    for k in ["answer-accuracy", "field-usability", "response-time"] {
        assert_eq!(kpi(&doc, SUPPORT, k)["status"], "pass", "{k}");
    }
    assert_eq!(doc["summary"]["errors"], 0);
}

// ---- criteria-registered ----------------------------------------------------------------

#[test]
fn criteria_registered_after_the_first_result_is_not_preregistered() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        KPIS,
        "confidence: point\n        registered_at: 2026-09-01",
        "confidence: point\n        registered_at: 2026-10-25",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support(KPIS), "registered_at: 2026-10-25", "2026-10-25");
    let f = finding_at(&doc, "criteria-not-preregistered", &support(KPIS), at);
    assert_eq!(f["severity"], "error");
    assert_eq!(f["rule"], "criteria-registered");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("2026-10-20")),
        "{f}"
    );
    assert_eq!(project(&doc, SUPPORT)["ready"], false);
    assert_eq!(project(&doc, CONTRACT)["ready"], true);
}

#[test]
fn criteria_registered_on_the_day_of_the_first_result_count_as_preregistered() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        KPIS,
        "confidence: point\n        registered_at: 2026-09-01",
        "confidence: point\n        registered_at: 2026-10-20",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    assert_no(&doc, "criteria-not-preregistered");
}

#[test]
fn criteria_without_registration_date_point_at_the_gate_criteria() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        KPIS,
        "        registered_at: 2026-09-01\n\ncriteria_changes",
        "\ncriteria_changes",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    // The pointer is the `poc:` criteria mapping of response-time, whose value starts at its
    // first key.
    let at = repo.pos(
        &support(KPIS),
        "      poc:\n        threshold: 30",
        "threshold",
    );
    let f = finding_at(&doc, "criteria-not-preregistered", &support(KPIS), at);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("response-time")),
        "{f}"
    );
}

#[test]
fn gate_without_any_kpi_criteria_cannot_be_decided() {
    let repo = Repo::init();
    let kpis = repo
        .read(&support(KPIS))
        .replace("      poc:\n", "      mvp:\n");
    repo.write(&support(KPIS), &kpis);
    repo.write(&support(RESULTS), "results: []\n");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    // A finding about the list points at the list's key, not at its first item.
    let at = repo.pos(&support(KPIS), "kpis:\n  - id: answer-accuracy", "kpis");
    let f = finding_at(&doc, "gate-has-no-criteria", &support(KPIS), at);
    assert_eq!(f["rule"], "criteria-registered");
    let p = project(&doc, SUPPORT);
    assert!(p["recommended"].is_null());
    assert_eq!(p["kpis"].as_array().map(Vec::len), Some(0));
}

// ---- results-present ----------------------------------------------------------------------

const RESPONSE_TIME_RESULT: &str = "  - id: poc-response-time-run-1
    kpi: response-time
    gate: poc
    value: 11.8
    dataset:
      id: support-inquiry-test-set
      kind: test
    measured_at: 2026-10-20
    measured_by: suzuki-daisuke
    evidence: https://wiki.example.com/ai/support-reply-drafts/poc-eval-2026-10-20

";

#[test]
fn kpi_without_result_is_result_missing_and_blocks_the_recommendation() {
    let repo = Repo::init();
    repo.pset(SUPPORT, RESULTS, RESPONSE_TIME_RESULT, "");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(
        &support(KPIS),
        "      poc:\n        threshold: 30",
        "threshold",
    );
    let f = finding_at(&doc, "result-missing", &support(KPIS), at);
    assert_eq!(f["rule"], "results-both-layers");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("response-time"))
    );
    assert_eq!(kpi(&doc, SUPPORT, "response-time")["status"], "no-result");
    let p = project(&doc, SUPPORT);
    assert!(p["recommended"].is_null(), "{p}");
    assert_no(&doc, "layer-missing");
}

#[test]
fn no_qualitative_result_is_layer_missing() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        RESULTS,
        "    kpi: field-usability\n    gate: poc\n",
        "    kpi: field-usability\n    gate: mvp\n",
    );
    // A result for a gate the KPI has no criteria for is itself an error; give it criteria.
    repo.pset(
        SUPPORT,
        KPIS,
        "        threshold: 3.5\n",
        "        threshold: 3.5\n      mvp:\n        threshold: 3.5\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1, "{}", listing(&doc));
    let at = repo.pos(&support(KPIS), "kpis:\n  - id: answer-accuracy", "kpis");
    let f = finding_at(&doc, "layer-missing", &support(KPIS), at);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("qualitative")),
        "{f}"
    );
    assert_eq!(
        with_code(&doc, "layer-missing").len(),
        1,
        "only the qualitative layer"
    );
    let at = repo.pos(
        &support(KPIS),
        "      poc:\n        threshold: 3.5",
        "threshold",
    );
    finding_at(&doc, "result-missing", &support(KPIS), at);
}

// ---- roles-separated ----------------------------------------------------------------------

#[test]
fn one_person_in_two_roles_is_not_separated() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        PROJECT,
        "business_lead: sato-yuki",
        "business_lead: yamamoto-kenji",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(
        &support(PROJECT),
        "business_lead: yamamoto-kenji",
        "yamamoto-kenji",
    );
    let f = finding_at(&doc, "roles-not-separated", &support(PROJECT), at);
    assert_eq!(f["rule"], "roles-separated");
    assert_eq!(f["project"], SUPPORT);
    // Readiness and recommendation are separate: the criteria still recommend continue.
    let p = project(&doc, SUPPORT);
    assert_eq!(p["ready"], false);
    assert_eq!(p["recommended"], "continue");
}

// ---- data-ready ---------------------------------------------------------------------------

#[test]
fn unavailable_data_source_is_not_ready() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        PROJECT,
        "August 2026\n    owner: sato-yuki\n    available: true",
        "August 2026\n    owner: sato-yuki\n    available: false",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support(PROJECT), "available: false", "false");
    let f = finding_at(&doc, "data-not-ready", &support(PROJECT), at);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("support-inquiry-archive"))
    );
    assert_eq!(with_code(&doc, "data-not-ready").len(), 1);
}

#[test]
fn data_source_not_permitted_is_not_ready() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        PROJECT,
        "    permitted: true\nmodels:",
        "    permitted: false\nmodels:",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support(PROJECT), "permitted: false", "false");
    let f = finding_at(&doc, "data-not-ready", &support(PROJECT), at);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("product-faq") && m.contains("permitted"))
    );
}

// ---- governance-agreed ----------------------------------------------------------------------

const WRONG_DRAFT_AGREED: &str =
    "    approver: watanabe-aya\n    status: agreed\n    agreed_at: 2026-08-31\n";

#[test]
fn pending_item_the_gate_needs_is_an_error_at_its_status() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        GOVERNANCE,
        WRONG_DRAFT_AGREED,
        "    approver: watanabe-aya\n    status: pending\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(
        &support(GOVERNANCE),
        "approver: watanabe-aya\n    status: pending",
        "pending",
    );
    let f = finding_at(&doc, "governance-pending", &support(GOVERNANCE), at);
    assert_eq!(f["severity"], "error");
    assert_eq!(f["rule"], "governance-poc");
    // The audit-log item, needed only at the MVP gate, stays a warning.
    let at = repo.pos(
        &support(GOVERNANCE),
        "approver: nakamura-sho\n    status: pending",
        "pending",
    );
    assert_eq!(
        finding_at(&doc, "governance-pending", &support(GOVERNANCE), at)["severity"],
        "warning"
    );
    let row = project(&doc, SUPPORT)["governance"]
        .as_array()
        .and_then(|g| g.iter().find(|r| r["id"] == "wrong-draft-handling"))
        .cloned()
        .expect("governance row");
    assert_eq!(row["required"], true);
    assert_eq!(row["settled"], false);
}

#[test]
fn rejected_item_is_governance_rejected() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        GOVERNANCE,
        WRONG_DRAFT_AGREED,
        "    approver: watanabe-aya\n    status: rejected\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support(GOVERNANCE), "status: rejected", "rejected");
    let f = finding_at(&doc, "governance-rejected", &support(GOVERNANCE), at);
    assert_eq!(f["severity"], "error");
    assert_no(&doc, "governance-missing");
}

#[test]
fn topic_without_any_item_is_governance_missing() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        GOVERNANCE,
        "  - id: provider-terms
    topic: legal-terms
    title: Provider terms of use, ownership of generated text and the disclaimer shown to operators
    department: legal
    approver: takahashi-mai
    status: agreed
    agreed_at: 2026-08-28
    evidence: https://wiki.example.com/legal/approvals/2026-034

",
        "",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(
        &support(GOVERNANCE),
        "items:\n  - id: inquiry-data-use",
        "items",
    );
    let f = finding_at(&doc, "governance-missing", &support(GOVERNANCE), at);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("legal-terms")),
        "{f}"
    );
    assert_eq!(with_code(&doc, "governance-missing").len(), 1);
}

fn waive_wrong_draft(repo: &Repo, expires: &str) {
    repo.pset(
        SUPPORT,
        GOVERNANCE,
        WRONG_DRAFT_AGREED,
        &format!(
            "    approver: watanabe-aya\n    status: waived\n    waiver:\n      approved_by: watanabe-aya\n      reason: Operators check every draft during the trial.\n      expires: {expires}\n"
        ),
    );
}

#[test]
fn waived_item_counts_until_its_waiver_expires() {
    let repo = Repo::init();
    waive_wrong_draft(&repo, "2027-01-31");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    assert_no(&doc, "waiver-expired");
    assert!(errors_of(&doc, SUPPORT).is_empty(), "{}", listing(&doc));
    let row = project(&doc, SUPPORT)["governance"]
        .as_array()
        .and_then(|g| g.iter().find(|r| r["id"] == "wrong-draft-handling"))
        .cloned()
        .expect("governance row");
    assert_eq!(row["status"], "waived");
    assert_eq!(row["settled"], true);
}

#[test]
fn expired_waiver_of_an_item_the_gate_needs_blocks() {
    let repo = Repo::init();
    waive_wrong_draft(&repo, "2026-10-01");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support(GOVERNANCE), "expires: 2026-10-01", "2026-10-01");
    let f = finding_at(&doc, "waiver-expired", &support(GOVERNANCE), at);
    assert_eq!(f["severity"], "error");
    assert_eq!(f["rule"], "governance-poc");
}

#[test]
fn review_date_in_the_past_is_overdue_but_does_not_block() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        GOVERNANCE,
        "review_due: 2027-08-31",
        "review_due: 2026-11-27",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    let at = repo.pos(&support(GOVERNANCE), "review_due: 2026-11-27", "2026-11-27");
    let f = finding_at(&doc, "review-overdue", &support(GOVERNANCE), at);
    assert_eq!(f["severity"], "warning");
    assert_eq!(with_code(&doc, "review-overdue").len(), 1);
}

#[test]
fn review_due_today_is_not_overdue() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        GOVERNANCE,
        "review_due: 2027-08-31",
        &format!("review_due: {NOW}"),
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0);
    assert_no(&doc, "review-overdue");
}

// ---- issues-inventory and issues-resolved ------------------------------------------------------

#[test]
fn inventory_without_an_area_is_issue_area_missing() {
    let repo = Repo::init();
    repo.pset(SUPPORT, ISSUES, "area: model-management", "area: other");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(
        &support(ISSUES),
        "issues:\n  - id: archive-maintenance",
        "issues",
    );
    let f = finding_at(&doc, "issue-area-missing", &support(ISSUES), at);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("model-management")),
        "{f}"
    );
    assert_eq!(f["rule"], "issues-inventory");
}

#[test]
fn open_issue_without_owner_is_reported_at_the_issue_but_resolved_ones_need_none() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        ISSUES,
        "    owner: suzuki-daisuke\n    due: 2027-01-15\n",
        "    due: 2027-01-15\n",
    );
    // A resolved issue without an owner is fine.
    repo.pset(
        SUPPORT,
        ISSUES,
        "    owner: watanabe-aya\n    due: 2026-12-18\n",
        "    due: 2026-12-18\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support(ISSUES), "- id: model-version-impact", "id: model");
    let f = finding_at(&doc, "issue-owner-missing", &support(ISSUES), at);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("model-version-impact"))
    );
    assert_eq!(with_code(&doc, "issue-owner-missing").len(), 1);
}

#[test]
fn open_issue_blocks_only_the_gate_it_names() {
    let repo = Repo::init();
    // In the example, open issues block the MVP gate; the PoC gate passes.
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0);
    assert_no(&doc, "issue-blocks-gate");

    repo.pset(
        SUPPORT,
        ISSUES,
        "    blocks: mvp\n    status: open\n\n  - id: prompt-change-approval",
        "    blocks: poc\n    status: open\n\n  - id: prompt-change-approval",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support(ISSUES), "blocks: poc", "poc");
    let f = finding_at(&doc, "issue-blocks-gate", &support(ISSUES), at);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("model-version-impact"))
    );
    assert_eq!(f["rule"], "issues-resolved");
}

// ---- criteria-met -------------------------------------------------------------------------

#[test]
fn accuracy_below_threshold_recommends_redesign() {
    let repo = Repo::init();
    set_accuracy(&repo, 130, 200); // 65%
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(
        code,
        0,
        "a shortfall informs; it does not block: {}",
        listing(&doc)
    );
    let p = project(&doc, SUPPORT);
    assert_eq!(p["recommended"], "redesign");
    assert_eq!(p["ready"], true);
    assert_eq!(kpi(&doc, SUPPORT, "answer-accuracy")["status"], "fail");
    let at = repo.pos(&support(RESULTS), "successes: 130", "130");
    let f = finding_at(&doc, "kpi-below-threshold", &support(RESULTS), at);
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["rule"], "criteria-met");
}

#[test]
fn accuracy_exactly_at_threshold_passes() {
    let repo = Repo::init();
    set_accuracy(&repo, 140, 200); // 70%
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0);
    assert_eq!(kpi(&doc, SUPPORT, "answer-accuracy")["status"], "pass");
    assert_eq!(project(&doc, SUPPORT)["recommended"], "continue");
    assert_no(&doc, "kpi-below-threshold");
}

#[test]
fn accuracy_beyond_the_stop_criterion_recommends_stop() {
    let repo = Repo::init();
    set_accuracy(&repo, 60, 200); // 30% < stop 40
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    assert_eq!(project(&doc, SUPPORT)["recommended"], "stop");
    assert_eq!(kpi(&doc, SUPPORT, "answer-accuracy")["status"], "stop");
    let at = repo.pos(&support(RESULTS), "successes: 60", "60");
    let f = finding_at(&doc, "kpi-stop-criterion-met", &support(RESULTS), at);
    assert_eq!(f["severity"], "warning");
    assert_no(&doc, "kpi-below-threshold");
}

#[test]
fn too_small_sample_gives_no_recommendation() {
    let repo = Repo::init();
    set_accuracy(&repo, 78, 90); // 86.7%, but min_samples is 100
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support(RESULTS), "    successes: 78\n    n: 90", "90");
    let f = finding_at(&doc, "sample-too-small", &support(RESULTS), at);
    assert_eq!(f["severity"], "error");
    assert_eq!(
        kpi(&doc, SUPPORT, "answer-accuracy")["status"],
        "too-few-samples"
    );
    let p = project(&doc, SUPPORT);
    assert!(p["recommended"].is_null(), "{p}");
    assert!(
        p["reason"]
            .as_str()
            .is_some_and(|r| r.contains("answer-accuracy"))
    );
}

#[test]
fn wilson_bound_must_clear_the_threshold() {
    let repo = Repo::init();
    repo.pset(SUPPORT, KPIS, "confidence: point", "confidence: wilson-95");
    // 156/200: the lower bound 71.8% clears 70.
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    assert_eq!(kpi(&doc, SUPPORT, "answer-accuracy")["status"], "pass");
    assert_eq!(project(&doc, SUPPORT)["recommended"], "continue");

    // 150/200 = 75% passes on the point value, but the lower bound (about 68.6%) does not.
    set_accuracy(&repo, 150, 200);
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0);
    let row = kpi(&doc, SUPPORT, "answer-accuracy");
    assert_eq!(row["status"], "fail");
    let lo = row["interval"][0].as_f64().expect("interval");
    assert!(lo < 70.0 && lo > 68.0, "{row}");
    assert!((row["value"].as_f64().expect("value") - 75.0).abs() < 1e-9);
    assert_eq!(project(&doc, SUPPORT)["recommended"], "redesign");
    let at = repo.pos(&support(RESULTS), "successes: 150", "150");
    let f = finding_at(&doc, "kpi-below-threshold", &support(RESULTS), at);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("95% lower bound")),
        "{f}"
    );
}

#[test]
fn wilson_criterion_on_a_plain_value_requires_counts() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        KPIS,
        "        threshold: 3.5\n",
        "        threshold: 3.5\n        confidence: wilson-95\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support(RESULTS), "value: 3.9", "3.9");
    finding_at(&doc, "counts-required", &support(RESULTS), at);
    assert!(project(&doc, SUPPORT)["recommended"].is_null());
}

// ---- production-like-data ----------------------------------------------------------------------

#[test]
fn mvp_result_only_on_test_data_does_not_count() {
    let repo = Repo::init();
    repo.pset(
        CONTRACT,
        RESULTS,
        "      id: mvp-reviewer-survey\n      kind: production-like",
        "      id: mvp-reviewer-survey\n      kind: test",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(
        &contract(RESULTS),
        "id: mvp-reviewer-survey\n      kind: test",
        "test",
    );
    let f = finding_at(&doc, "results-not-production-like", &contract(RESULTS), at);
    assert_eq!(f["rule"], "production-like-data");
    let row = kpi(&doc, CONTRACT, "reviewer-trust");
    assert_eq!(row["status"], "no-result");
    assert!(row["result"].is_null());
    assert!(project(&doc, CONTRACT)["recommended"].is_null());
    // Test data is fine at the PoC gate: the support project's results are all on test data.
    assert_eq!(project(&doc, SUPPORT)["ready"], true);
}

// ---- decision-valid ----------------------------------------------------------------------------

#[test]
fn decision_following_the_criteria_is_valid_but_the_stage_must_move_on() {
    let repo = Repo::init();
    decide(&repo, "continue", "yamamoto-kenji", "");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    for c in [
        "decision-outcome-invalid",
        "decision-not-by-owner",
        "decision-contradicts-criteria",
        "decision-overrides-criteria",
        "decision-while-blocked",
    ] {
        assert_no(&doc, c);
    }
    let at = repo.pos(&support(PROJECT), "stage: poc", "poc");
    let f = finding_at(&doc, "stage-not-advanced", &support(PROJECT), at);
    assert_eq!(f["severity"], "warning");
    let recorded = &project(&doc, SUPPORT)["recorded"];
    assert_eq!(recorded["outcome"], "continue");
    assert_eq!(recorded["id"], "poc-gate");
}

#[test]
fn outcome_the_gate_does_not_allow_is_invalid() {
    let repo = Repo::init();
    decide(
        &repo,
        "rollout",
        "yamamoto-kenji",
        "    override:\n      reason: Testing.\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support(DECISIONS), "outcome: rollout", "rollout");
    let f = finding_at(&doc, "decision-outcome-invalid", &support(DECISIONS), at);
    assert!(
        f["help"]
            .as_str()
            .is_some_and(|h| h.contains("continue, stop, redesign")),
        "{f}"
    );
}

#[test]
fn decision_by_someone_other_than_the_owner() {
    let repo = Repo::init();
    decide(&repo, "continue", "sato-yuki", "");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support(DECISIONS), "decided_by: sato-yuki", "sato-yuki");
    finding_at(&doc, "decision-not-by-owner", &support(DECISIONS), at);
}

#[test]
fn decision_contradicting_the_criteria_without_override_blocks() {
    let repo = Repo::init();
    decide(&repo, "stop", "yamamoto-kenji", "");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support(DECISIONS), "outcome: stop", "stop");
    let f = finding_at(
        &doc,
        "decision-contradicts-criteria",
        &support(DECISIONS),
        at,
    );
    assert_eq!(f["severity"], "error");
    assert_eq!(f["rule"], "decision-valid");
    let p = project(&doc, SUPPORT);
    assert_eq!(p["recommended"], "continue");
    assert_eq!(p["ready"], false);
}

#[test]
fn decision_overriding_the_criteria_with_a_reason_is_only_a_note() {
    let repo = Repo::init();
    decide(
        &repo,
        "stop",
        "yamamoto-kenji",
        "    override:\n      reason: The budget moved to another project.\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    let at = repo.pos(&support(DECISIONS), "override:\n      reason", "reason");
    let f = finding_at(&doc, "decision-overrides-criteria", &support(DECISIONS), at);
    assert_eq!(f["severity"], "note");
    assert_no(&doc, "decision-contradicts-criteria");
    assert!(errors_of(&doc, SUPPORT).is_empty(), "{}", listing(&doc));
    assert_eq!(project(&doc, SUPPORT)["recorded"]["overridden"], true);
}

#[test]
fn decision_recorded_while_the_gate_is_blocked() {
    let repo = Repo::init();
    decide(&repo, "continue", "yamamoto-kenji", "");
    repo.pset(
        SUPPORT,
        PROJECT,
        "tech_lead: suzuki-daisuke",
        "tech_lead: sato-yuki",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support(DECISIONS), "  - id: poc-gate", "id: poc-gate");
    let f = finding_at(&doc, "decision-while-blocked", &support(DECISIONS), at);
    assert_eq!(f["severity"], "error");
    finding_at(
        &doc,
        "roles-not-separated",
        &support(PROJECT),
        repo.pos(&support(PROJECT), "tech_lead: sato-yuki", "sato-yuki"),
    );
}

#[test]
fn later_decision_supersedes_an_earlier_one() {
    let repo = Repo::init();
    decide(
        &repo,
        "stop",
        "yamamoto-kenji",
        "  - id: poc-gate-2\n    gate: poc\n    outcome: continue\n    decided_by: yamamoto-kenji\n    decided_at: 2026-11-26\n    rationale: Reconsidered.\n    supersedes: poc-gate\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    assert_no(&doc, "decision-contradicts-criteria");
    assert_eq!(project(&doc, SUPPORT)["recorded"]["id"], "poc-gate-2");
}

// ---- stage-progression -------------------------------------------------------------------------

#[test]
fn stage_reached_without_a_decision_at_the_previous_gate() {
    let repo = Repo::init();
    // The MVP project passes thanks to its PoC decision.
    let (_, doc) = repo.check_json(&[]);
    assert_no(&doc, "stage-without-decision");

    repo.write(&contract(DECISIONS), "decisions: []\n");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&contract(PROJECT), "stage: mvp", "mvp");
    let f = finding_at(&doc, "stage-without-decision", &contract(PROJECT), at);
    assert_eq!(f["rule"], "stage-progression");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("none is recorded")),
        "{f}"
    );
}

#[test]
fn stage_reached_after_a_redesign_decision() {
    let repo = Repo::init();
    repo.pset(
        CONTRACT,
        DECISIONS,
        "outcome: continue",
        "outcome: redesign",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&contract(PROJECT), "stage: mvp", "mvp");
    let f = finding_at(&doc, "stage-without-decision", &contract(PROJECT), at);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("redesign")),
        "{f}"
    );
}

// ---- partner-model -----------------------------------------------------------------------------

#[test]
fn delivery_partner_is_a_warning() {
    let repo = Repo::init();
    let (_, doc) = repo.check_json(&[]);
    assert_no(&doc, "partner-delivery");
    repo.pset(SUPPORT, PROJECT, "model: accompanying", "model: delivery");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0);
    let at = repo.pos(&support(PROJECT), "model: delivery", "delivery");
    let f = finding_at(&doc, "partner-delivery", &support(PROJECT), at);
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["rule"], "partner-model");
}

// ---- a project whose files do not load --------------------------------------------------------

#[test]
fn project_with_a_broken_file_runs_every_rule_that_does_not_need_it_and_blocks() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        KPIS,
        "  - id: response-time\n",
        "  - id: [response-time\n",
    );
    // Two problems the broken kpis.yaml must not hide.
    repo.pset(
        SUPPORT,
        PROJECT,
        "tech_lead: suzuki-daisuke",
        "tech_lead: yamamoto-kenji",
    );
    repo.pset(SUPPORT, ISSUES, "area: model-management", "area: other");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let p = project(&doc, SUPPORT);
    assert_eq!(p["evaluated"], true);
    assert_eq!(p["ready"], false);
    assert!(p["recommended"].is_null());
    assert_eq!(p["reason"], "cannot decide: kpis.yaml did not load");
    assert_eq!(
        p["rules_not_run"],
        serde_json::json!(["criteria-registered", "results-both-layers", "criteria-met"])
    );
    let f = &with_code(&doc, "yaml-syntax");
    assert_eq!(f.len(), 1, "{}", listing(&doc));
    assert_eq!(f[0]["file"], support(KPIS).as_str());
    // Rules that do not read kpis.yaml ran.
    finding_at(
        &doc,
        "roles-not-separated",
        &support(PROJECT),
        repo.pos(
            &support(PROJECT),
            "tech_lead: yamamoto-kenji",
            "yamamoto-kenji",
        ),
    );
    assert_eq!(with_code(&doc, "issue-area-missing").len(), 1);
    // What did not run is said, at the broken file.
    let skipped = with_code(&doc, "check-skipped");
    let rules = skipped
        .iter()
        .find(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("rules were not run"))
        })
        .unwrap_or_else(|| panic!("no check-skipped about rules:\n{}", listing(&doc)));
    assert_eq!(rules["file"], support(KPIS).as_str());
    assert_eq!(rules["severity"], "warning");
    assert_eq!(
        rules["message"],
        "kpis.yaml did not load, so at the PoC gate 3 rules were not run (`criteria-registered`, \
         `results-both-layers`, `criteria-met`); the KPIs were not measured, so the criteria \
         recommend nothing"
    );
    // And results.yaml's references to KPIs could not be checked either.
    assert!(
        skipped.iter().any(|f| f["message"].as_str().is_some_and(
            |m| m.starts_with("kpis.yaml did not load, so the KPI references of 3 results")
        )),
        "{}",
        listing(&doc)
    );
    let run = repo.check(&["--project", SUPPORT]);
    assert!(
        run.stdout.contains(
            "   not run:     criteria-registered, results-both-layers, criteria-met (a file they need did not load)\n"
        ),
        "{}",
        run.stdout
    );
    // The other project is still evaluated.
    assert_eq!(project(&doc, CONTRACT)["ready"], true);
}
