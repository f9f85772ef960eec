//! The "done when": the example passes; breaking a sign-off the gate needs blocks it;
//! lowering one KPI result changes the recommendation without blocking, unless a recorded
//! decision then contradicts the criteria.

use crate::harness::*;

#[test]
fn example_passes_in_the_default_text_output() {
    let repo = Repo::init();
    let run = repo.check(&[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // The example is not a git repository: the history checks say they were skipped.
    assert!(
        run.stdout.contains("note[history-unavailable]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "2 projects: 2 ready, 0 blocked; 0 errors, 2 warnings, 1 note (as of 2026-11-28)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("recommended: continue"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("recommended: production"),
        "{}",
        run.stdout
    );
}

#[test]
fn pending_sign_off_the_gate_needs_blocks_it() {
    let repo = Repo::init();
    let gov = pfile(SUPPORT, "governance.yaml");
    repo.set(
        &gov,
        "    approver: takahashi-mai\n    status: agreed\n    agreed_at: 2026-08-28\n",
        "    approver: takahashi-mai\n    status: pending\n",
    );
    let run = repo.check(&[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let (line, col) = repo.pos(
        &gov,
        "approver: takahashi-mai\n    status: pending",
        "pending",
    );
    assert!(
        run.stdout
            .contains("error[governance-pending]: `provider-terms` (legal-terms"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("--> {gov}:{line}:{col}")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("1 ready, 1 blocked"), "{}", run.stdout);
}

#[test]
fn lower_accuracy_changes_the_recommendation_but_only_a_contradicting_decision_blocks() {
    let repo = Repo::init();
    let (code, doc) = repo.check_json(&["--project", SUPPORT]);
    assert_eq!(code, 0);
    assert_eq!(project(&doc, SUPPORT)["recommended"], "continue");

    // 139 of 200 = 69.5%, just short of the agreed 70%.
    repo.pset(
        SUPPORT,
        "results.yaml",
        "successes: 156               # 156 of 200 drafts rated correct = 78%",
        "successes: 139",
    );
    let (code, doc) = repo.check_json(&["--project", SUPPORT]);
    assert_eq!(code, 0, "{}", listing(&doc));
    let p = project(&doc, SUPPORT);
    assert_eq!(p["recommended"], "redesign");
    assert_eq!(p["ready"], true);
    assert!(
        p["reason"]
            .as_str()
            .is_some_and(|r| r.contains("answer-accuracy")),
        "{p}"
    );

    // The owner records "continue" anyway, without an override.
    repo.write(
        &pfile(SUPPORT, "decisions.yaml"),
        "decisions:\n  - id: poc-gate\n    gate: poc\n    outcome: continue\n    decided_by: yamamoto-kenji\n    decided_at: 2026-11-25\n    rationale: Close enough.\n",
    );
    let (code, doc) = repo.check_json(&["--project", SUPPORT]);
    assert_eq!(code, 1);
    let at = repo.pos(
        &pfile(SUPPORT, "decisions.yaml"),
        "outcome: continue",
        "continue",
    );
    finding_at(
        &doc,
        "decision-contradicts-criteria",
        &pfile(SUPPORT, "decisions.yaml"),
        at,
    );
}
