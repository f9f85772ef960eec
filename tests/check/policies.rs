//! Organisation policies in the checked repository's `policies/*.yaml`: replacing, disabling and
//! adding rules, severity overrides, CEL rules and project waivers; and broken policies, which
//! are input errors (exit 2) located in the policy file.

use crate::harness::*;

const ORG: &str = "policies/org.yaml";

fn support(file: &str) -> String {
    pfile(SUPPORT, file)
}

/// The support project's wrong-output item, agreed in the example.
const WRONG_DRAFT_AGREED: &str =
    "    approver: watanabe-aya\n    status: agreed\n    agreed_at: 2026-08-31\n";

fn wrong_draft_pending(repo: &Repo) {
    repo.pset(
        SUPPORT,
        "governance.yaml",
        WRONG_DRAFT_AGREED,
        "    approver: watanabe-aya\n    status: pending\n",
    );
}

fn wrong_draft_status(repo: &Repo) -> (u64, u64) {
    repo.pos(
        &support("governance.yaml"),
        "approver: watanabe-aya\n    status: pending",
        "pending",
    )
}

#[test]
fn rule_with_a_default_id_replaces_the_default_rule() {
    let repo = Repo::init();
    wrong_draft_pending(&repo);
    let (code, _) = repo.check_json(&[]);
    assert_eq!(
        code, 1,
        "the default governance-poc needs wrong-output-flow"
    );

    repo.write(
        ORG,
        "version: 1\nrules:\n  - id: governance-poc\n    kind: governance-agreed\n    gates: [poc]\n    topics: [data-rights, security]\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    let f = finding_at(
        &doc,
        "governance-pending",
        &support("governance.yaml"),
        wrong_draft_status(&repo),
    );
    assert_eq!(f["severity"], "warning", "no longer needed at the PoC gate");
    let policy: Vec<&str> = doc["policy"]
        .as_array()
        .expect("policy list")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert_eq!(policy.last(), Some(&ORG), "{policy:?}");
}

#[test]
fn disabled_rule_no_longer_applies() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        "project.yaml",
        "model: accompanying",
        "model: delivery",
    );
    repo.write(
        ORG,
        "version: 1\nrules:\n  - id: partner-model\n    disabled: true\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0);
    assert_no(&doc, "partner-delivery");
}

#[test]
fn disabling_an_unknown_rule_is_a_policy_error() {
    let repo = Repo::init();
    repo.write(
        ORG,
        "version: 1\nrules:\n  - id: partner-modle\n    disabled: true\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 2);
    let at = repo.pos(ORG, "id: partner-modle", "partner-modle");
    finding_at(&doc, "policy-invalid", ORG, at);
}

#[test]
fn severity_override_turns_a_warning_into_a_blocking_error() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        "project.yaml",
        "model: accompanying",
        "model: delivery",
    );
    let (code, _) = repo.check_json(&[]);
    assert_eq!(code, 0);
    repo.write(
        ORG,
        "version: 1\nseverities:\n  partner-delivery: error\nrules: []\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support("project.yaml"), "model: delivery", "delivery");
    let f = finding_at(&doc, "partner-delivery", &support("project.yaml"), at);
    assert_eq!(f["severity"], "error");
    assert_eq!(project(&doc, SUPPORT)["ready"], false);
}

#[test]
fn severity_override_for_an_unknown_code_is_a_policy_error() {
    let repo = Repo::init();
    repo.write(
        ORG,
        "version: 1\nseverities:\n  partner-delivry: error\nrules: []\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 2);
    let at = repo.pos(ORG, "  partner-delivry: error", "partner-delivry");
    let f = finding_at(&doc, "policy-invalid", ORG, at);
    assert!(
        f["help"]
            .as_str()
            .is_some_and(|h| h.contains("partner-delivery")),
        "{f}"
    );
}

fn kpi_threshold(repo: &Repo, threshold: &str) {
    repo.write(
        ORG,
        format!(
            "version: 1\nrules:\n  - id: org-accuracy\n    kind: kpi-threshold\n    gates: [poc]\n    kpi: answer-accuracy\n    threshold: {threshold}\n"
        ),
    );
}

#[test]
fn organisation_kpi_threshold_above_the_result_recommends_redesign() {
    let repo = Repo::init();
    kpi_threshold(&repo, "75");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0);
    assert_no(&doc, "kpi-below-threshold");
    assert_eq!(project(&doc, SUPPORT)["recommended"], "continue");

    kpi_threshold(&repo, "80"); // the result is 78%
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    let at = repo.pos(&support("results.yaml"), "successes: 156", "156");
    let f = finding_at(&doc, "kpi-below-threshold", &support("results.yaml"), at);
    assert_eq!(f["rule"], "org-accuracy");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("organisation")),
        "{f}"
    );
    assert_eq!(project(&doc, SUPPORT)["recommended"], "redesign");
    // The project's own criterion still passes.
    assert_eq!(kpi(&doc, SUPPORT, "answer-accuracy")["status"], "pass");
}

fn expr_rule(repo: &Repo, expr: &str, file: &str) {
    repo.write(
        ORG,
        format!(
            "version: 1\nrules:\n  - id: partner-named\n    kind: expr\n    gates: [poc]\n    expr: {expr}\n    message: PoC projects work with an accompanying partner\n    file: {file}\n"
        ),
    );
}

#[test]
fn expr_rule_that_holds_produces_no_finding() {
    let repo = Repo::init();
    expr_rule(
        &repo,
        "\"has(project.partner) && project.partner.model == 'accompanying' && gate == 'poc'\"",
        "project",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    assert_no(&doc, "policy-expr");
}

#[test]
fn expr_rule_that_fails_reports_its_message_in_the_named_file() {
    let repo = Repo::init();
    expr_rule(
        &repo,
        "\"has(project.partner) && project.partner.model == 'delivery'\"",
        "kpis",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&support("kpis.yaml"), "\nkpis:", "kpis:");
    let f = finding_at(&doc, "policy-expr", &support("kpis.yaml"), at);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("PoC projects work with an accompanying partner")),
        "{f}"
    );
    assert_eq!(f["rule"], "partner-named");
    assert_eq!(f["severity"], "error");
    // The rule applies at the PoC gate only: the MVP project is untouched.
    assert_eq!(with_code(&doc, "policy-expr").len(), 1);
    assert_eq!(project(&doc, CONTRACT)["ready"], true);
}

fn waive(repo: &Repo, rule: &str, expires: &str) {
    repo.pset(
        SUPPORT,
        "project.yaml",
        "models:\n",
        &format!(
            "waivers:\n  - rule: {rule}\n    reason: Risk accepted the trial without the flow.\n    approved_by: watanabe-aya\n    expires: {expires}\nmodels:\n"
        ),
    );
}

#[test]
fn project_waiver_turns_the_rule_into_a_note() {
    let repo = Repo::init();
    wrong_draft_pending(&repo);
    waive(&repo, "governance-pending", "2027-02-28");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    let f = finding_at(
        &doc,
        "governance-pending",
        &support("governance.yaml"),
        wrong_draft_status(&repo),
    );
    assert_eq!(f["severity"], "note");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("waived until 2027-02-28"))
    );
    let at = repo.pos(
        &support("project.yaml"),
        "  - rule: governance-pending",
        "governance-pending",
    );
    let w = finding_at(&doc, "rule-waived", &support("project.yaml"), at);
    assert_eq!(w["severity"], "note");
    assert_eq!(project(&doc, SUPPORT)["ready"], true);
}

#[test]
fn expired_project_waiver_counts_again() {
    let repo = Repo::init();
    wrong_draft_pending(&repo);
    waive(&repo, "governance-pending", "2026-11-27");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let f = finding_at(
        &doc,
        "governance-pending",
        &support("governance.yaml"),
        wrong_draft_status(&repo),
    );
    assert_eq!(f["severity"], "error");
    let at = repo.pos(
        &support("project.yaml"),
        "expires: 2026-11-27",
        "2026-11-27",
    );
    let w = finding_at(&doc, "waiver-expired", &support("project.yaml"), at);
    assert_eq!(w["severity"], "warning");
    assert_no(&doc, "rule-waived");
}

// ---- broken policies: exit 2, located in the policy file --------------------------------------

#[test]
fn unknown_rule_kind_suggests_the_closest() {
    let repo = Repo::init();
    repo.write(
        ORG,
        "version: 1\nrules:\n  - id: legal-first\n    kind: governance-agred\n    topics: [legal-terms]\n",
    );
    let run = repo.check(&["--format", "json"]);
    assert_eq!(run.code, 2);
    let doc = run.json();
    let at = repo.pos(ORG, "kind: governance-agred", "governance-agred");
    let f = finding_at(&doc, "invalid-value", ORG, at);
    assert!(
        f["help"]
            .as_str()
            .is_some_and(|h| h.contains("did you mean `governance-agreed`")),
        "{f}"
    );
    assert!(
        run.stderr.contains("the policy is invalid"),
        "{}",
        run.stderr
    );
    // Text output shows the same place.
    let run = repo.check(&[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!("--> {ORG}:{}:{}", at.0, at.1)),
        "{}",
        run.stderr
    );
}

#[test]
fn kpi_threshold_naming_an_unknown_kpi() {
    let repo = Repo::init();
    kpi_threshold(&repo, "80");
    repo.set(ORG, "kpi: answer-accuracy", "kpi: answer-acuracy");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 2);
    let at = repo.pos(ORG, "kpi: answer-acuracy", "answer-acuracy");
    let f = finding_at(&doc, "policy-invalid", ORG, at);
    assert!(
        f["help"]
            .as_str()
            .is_some_and(|h| h.contains("answer-accuracy")),
        "{f}"
    );
}

#[test]
fn cel_that_does_not_parse_is_located_inside_the_expression() {
    let repo = Repo::init();
    repo.write(
        ORG,
        "version: 1\nrules:\n  - id: broken\n    kind: expr\n    expr: project.stage == ) || true\n    message: m\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 2);
    let at = repo.pos(ORG, "expr: project.stage == ) || true", ")");
    let f = finding_at(&doc, "policy-invalid", ORG, at);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("does not compile")),
        "{f}"
    );
}

#[test]
fn cel_error_in_a_quoted_expression_accounts_for_the_quote() {
    let repo = Repo::init();
    repo.write(
        ORG,
        "version: 1\nrules:\n  - id: broken\n    kind: expr\n    expr: \"gate == ) \"\n    message: m\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 2);
    let at = repo.pos(ORG, "expr: \"gate == ) \"", ")");
    finding_at(&doc, "policy-invalid", ORG, at);
}

#[test]
fn cel_error_in_a_block_scalar_is_on_its_own_line() {
    let repo = Repo::init();
    repo.write(
        ORG,
        "version: 1\nrules:\n  - id: broken\n    kind: expr\n    expr: |\n      project.stage == 'poc' &&\n        ) == gate\n    message: m\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 2);
    let at = repo.pos(ORG, "        ) == gate", ")");
    finding_at(&doc, "policy-invalid", ORG, at);
}

#[test]
fn cel_that_fails_at_run_time_is_policy_runtime() {
    let repo = Repo::init();
    repo.write(
        ORG,
        "version: 1\nrules:\n  - id: partner-check\n    kind: expr\n    expr: project.partner.model == 'accompanying'\n    message: m\n",
    );
    let run = repo.check(&["--format", "json"]);
    assert_eq!(run.code, 2);
    let doc = run.json();
    // The MVP project has no partner: the expression fails there, not in the PoC project.
    let at = repo.pos(
        ORG,
        "expr: project.partner.model == 'accompanying'",
        "project.partner",
    );
    let f = finding_at(&doc, "policy-runtime", ORG, at);
    assert_eq!(f["project"], CONTRACT);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("partner-check")),
        "{f}"
    );
    assert_eq!(with_code(&doc, "policy-runtime").len(), 1);
    assert!(
        run.stderr.contains("could not be evaluated"),
        "{}",
        run.stderr
    );
}

#[test]
fn threshold_of_the_wrong_type() {
    let repo = Repo::init();
    kpi_threshold(&repo, "high");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 2);
    let at = repo.pos(ORG, "threshold: high", "high");
    finding_at(&doc, "wrong-type", ORG, at);
}

#[test]
fn parameter_of_another_kind_is_rejected_at_its_key() {
    let repo = Repo::init();
    repo.write(
        ORG,
        "version: 1\nrules:\n  - id: partner-model\n    kind: partner-model\n    topics: [security]\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 2);
    let at = repo.pos(ORG, "    topics: [security]", "topics");
    let f = finding_at(&doc, "policy-invalid", ORG, at);
    assert!(
        f["help"]
            .as_str()
            .is_some_and(|h| h.contains("governance-agreed")),
        "{f}"
    );
}
