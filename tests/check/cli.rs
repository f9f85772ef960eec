//! `check`'s options: --project, --now, --root, --format.

use crate::harness::*;

#[test]
fn project_option_checks_only_that_project() {
    let repo = Repo::init();
    // Break the support project; checking only the contract project does not see it.
    repo.pset(
        SUPPORT,
        "project.yaml",
        "business_lead: sato-yuki",
        "business_lead: yamamoto-kenji",
    );
    let (code, doc) = repo.check_json(&["--project", CONTRACT]);
    assert_eq!(code, 0, "{}", listing(&doc));
    let ids: Vec<&str> = doc["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(ids, vec![CONTRACT]);
    assert!(
        doc["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .all(|f| f["project"] == CONTRACT || f["code"] == "history-unavailable"),
        "{}",
        listing(&doc)
    );

    let (code, doc) = repo.check_json(&["--project", SUPPORT]);
    assert_eq!(code, 1);
    assert_eq!(doc["summary"]["projects"], 1);
    assert_eq!(with_code(&doc, "roles-not-separated").len(), 1);
}

#[test]
fn unknown_project_is_an_input_error() {
    let repo = Repo::init();
    let run = repo.check(&["--project", "no-such-project"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no project `no-such-project`"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn invalid_now_is_a_usage_error() {
    let repo = Repo::init();
    for bad in ["2026-02-30", "yesterday", "28.11.2026"] {
        let run = Run::from_output(
            bare()
                .args(["check", "--now", bad, "--root"])
                .arg(repo.path())
                .output()
                .expect("run check"),
        );
        assert_eq!(run.code, 2, "--now {bad}");
        assert!(run.stderr.contains("neither a date"), "{}", run.stderr);
    }
}

#[test]
fn now_decides_expiries_and_accepts_rfc3339_times() {
    let repo = Repo::init();
    // The contract project's usage-rules waiver expires on 2027-03-31.
    let gov = pfile(CONTRACT, "governance.yaml");
    for (now, expired) in [("2027-03-31", false), ("2027-04-01T09:00:00+09:00", true)] {
        let run = Run::from_output(
            bare()
                .args([
                    "check",
                    "--format",
                    "json",
                    "--project",
                    CONTRACT,
                    "--now",
                    now,
                    "--root",
                ])
                .arg(repo.path())
                .output()
                .expect("run check"),
        );
        let doc = run.json();
        assert_eq!(run.code, 0, "{}", listing(&doc));
        let hits = with_code(&doc, "waiver-expired");
        if expired {
            let at = repo.pos(&gov, "expires: 2027-03-31", "2027-03-31");
            let f = finding_at(&doc, "waiver-expired", &gov, at);
            assert_eq!(
                f["severity"], "warning",
                "usage rules are needed only in production"
            );
            assert_eq!(doc["now"], "2027-04-01");
        } else {
            assert!(hits.is_empty(), "{}", listing(&doc));
        }
    }
}

#[test]
fn nonexistent_root_is_an_input_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-such-repo");
    let run = Run::from_output(
        bare()
            .args(["check", "--now", NOW, "--root"])
            .arg(&missing)
            .output()
            .expect("run check"),
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("cannot check"), "{}", run.stderr);
}

#[test]
fn unknown_format_is_a_usage_error() {
    let repo = Repo::init();
    let run = repo.check(&["--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("junit"),
        "lists the formats: {}",
        run.stderr
    );
}

#[test]
fn project_option_accepts_a_policy_about_another_projects_kpi() {
    let repo = Repo::init();
    // answer-accuracy is defined only by the support project.
    repo.write(
        "policies/org.yaml",
        "version: 1\nrules:\n  - id: org-accuracy\n    kind: kpi-threshold\n    kpi: answer-accuracy\n    threshold: 80\n",
    );
    let (code, doc) = repo.check_json(&["--project", CONTRACT]);
    assert_eq!(code, 0, "{}", listing(&doc));
    assert_no(&doc, "policy-invalid");
    assert_eq!(project(&doc, CONTRACT)["recommended"], "production");
    // The rule still applies to the project that defines the KPI.
    let (code, doc) = repo.check_json(&["--project", SUPPORT]);
    assert_eq!(code, 0, "{}", listing(&doc));
    assert_eq!(project(&doc, SUPPORT)["recommended"], "redesign");
}
