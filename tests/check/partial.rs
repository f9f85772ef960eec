//! One bad file never hides another: everything that does not depend on a broken file is
//! still checked, and what could not be is named (`check-skipped`) at the broken file.

use crate::harness::*;

fn skipped_at<'a>(doc: &'a serde_json::Value, file: &str) -> Vec<&'a serde_json::Value> {
    with_code(doc, "check-skipped")
        .into_iter()
        .filter(|f| f["file"] == file)
        .collect()
}

#[test]
fn broken_roster_says_which_references_were_not_checked_and_every_rule_still_runs() {
    let repo = Repo::init();
    repo.set("people.yaml", "  - id: kato-ryo\n", "  - id: [kato-ryo\n");
    // Problems that do not need the roster are still found.
    repo.pset(
        SUPPORT,
        "project.yaml",
        "tech_lead: suzuki-daisuke",
        "tech_lead: sato-yuki",
    );
    set_accuracy(&repo, 130, 200);
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(with_code(&doc, "yaml-syntax")[0]["file"], "people.yaml");
    let skipped = skipped_at(&doc, "people.yaml");
    assert_eq!(skipped.len(), 1, "{}", listing(&doc));
    let message = skipped[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("people.yaml did not load, so ")
            && message
                .ends_with(" references to people (roles, approvers, authors) were not checked"),
        "{message}"
    );
    assert_eq!(skipped[0]["severity"], "warning");
    // Both projects are evaluated in full.
    for id in [SUPPORT, CONTRACT] {
        let p = project(&doc, id);
        assert_eq!(p["evaluated"], true);
        assert_eq!(p["rules_not_run"], serde_json::json!([]), "{p}");
    }
    assert_eq!(with_code(&doc, "roles-not-separated").len(), 1);
    assert_eq!(project(&doc, SUPPORT)["recommended"], "redesign");
    assert_eq!(with_code(&doc, "kpi-below-threshold").len(), 1);
}

#[test]
fn broken_governance_file_stops_only_the_governance_rules() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        "governance.yaml",
        "  - id: inquiry-data-use\n",
        "  - id: [inquiry-data-use\n",
    );
    repo.pset(
        SUPPORT,
        "project.yaml",
        "model: accompanying",
        "model: delivery",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let p = project(&doc, SUPPORT);
    assert_eq!(p["evaluated"], true);
    assert_eq!(p["rules_not_run"], serde_json::json!(["governance-poc"]));
    assert_eq!(p["recommended"], "continue", "the KPIs are still measured");
    assert_eq!(p["governance"], serde_json::json!([]));
    assert_eq!(with_code(&doc, "partner-delivery").len(), 1);
    let skipped = skipped_at(&doc, &pfile(SUPPORT, "governance.yaml"));
    assert_eq!(skipped.len(), 1, "{}", listing(&doc));
    assert_eq!(
        skipped[0]["message"],
        "governance.yaml did not load, so at the PoC gate 1 rule was not run (`governance-poc`)"
    );
    assert_no(&doc, "governance-missing");
}

#[test]
fn broken_decisions_file_stops_only_the_decision_rules() {
    let repo = Repo::init();
    repo.pset(
        CONTRACT,
        "decisions.yaml",
        "outcome: continue",
        "outcome: [continue",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let p = project(&doc, CONTRACT);
    assert_eq!(
        p["rules_not_run"],
        serde_json::json!(["decision-valid", "stage-progression"])
    );
    assert_eq!(p["recommended"], "production");
    assert!(p["recorded"].is_null());
    assert_no(&doc, "stage-without-decision");
    let skipped = skipped_at(&doc, &pfile(CONTRACT, "decisions.yaml"));
    assert_eq!(skipped.len(), 1, "{}", listing(&doc));
    assert!(
        skipped[0]["message"].as_str().is_some_and(
            |m| m.contains("2 rules were not run (`decision-valid`, `stage-progression`)")
        ),
        "{}",
        listing(&doc)
    );
}

#[test]
fn broken_results_file_still_reports_the_premise_and_the_other_rules() {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        "results.yaml",
        "  - id: poc-accuracy-run-1\n",
        "  - id: [poc-accuracy-run-1\n",
    );
    repo.pset(
        SUPPORT,
        "project.yaml",
        "    permitted: true\nmodels:",
        "    permitted: false\nmodels:",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let p = project(&doc, SUPPORT);
    // The premise needs project.yaml alone.
    assert_eq!(p["recommended"], "stop");
    assert_eq!(with_code(&doc, "data-not-ready").len(), 1);
    assert_eq!(p["kpis"], serde_json::json!([]));
    let skipped = skipped_at(&doc, &pfile(SUPPORT, "results.yaml"));
    assert_eq!(skipped.len(), 1, "{}", listing(&doc));
}

#[test]
fn policy_minimum_for_a_kpi_in_a_broken_file_is_not_an_invalid_policy() {
    let repo = Repo::init();
    repo.write(
        "policies/org.yaml",
        "version: 1\nrules:\n  - id: response-floor\n    kind: kpi-threshold\n    kpi: response-time\n    gates: [poc]\n    threshold: 20\n",
    );
    let (code, _) = repo.check_json(&[]);
    assert_eq!(code, 0);
    // The only kpis.yaml defining the KPI is broken: the check says what did not run and exits
    // 1 for the broken file, not 2 for the policy.
    repo.pset(
        SUPPORT,
        "kpis.yaml",
        "  - id: response-time\n",
        "  - id: [response-time\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1, "{}", listing(&doc));
    assert_no(&doc, "policy-invalid");
    let rules = project(&doc, SUPPORT)["rules_not_run"].clone();
    assert!(
        rules
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x == "response-floor")),
        "{rules}"
    );
}

#[test]
fn broken_project_file_says_no_rule_ran() {
    let repo = Repo::init();
    repo.pset(SUPPORT, "project.yaml", "stage: poc", "stage: [poc");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let p = project(&doc, SUPPORT);
    assert_eq!(p["evaluated"], false);
    assert!(p["recommended"].is_null());
    let skipped = skipped_at(&doc, &pfile(SUPPORT, "project.yaml"));
    assert_eq!(skipped.len(), 1, "{}", listing(&doc));
    assert_eq!(
        skipped[0]["message"],
        "project.yaml did not load, so the project's stage and gate are unknown and no rule of the policy ran"
    );
    assert_eq!(project(&doc, CONTRACT)["ready"], true);
}
