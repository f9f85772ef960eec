//! Every output format of `check` on the same blocked repository: what each shows, and that
//! the machine formats parse back and agree with the JSON report.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::harness::*;

/// A repository where the support project is blocked (a pending sign-off the PoC gate needs)
/// and warned (a delivery partner); returns it with the blocking finding's location.
fn blocked() -> (Repo, String, (u64, u64)) {
    let repo = Repo::init();
    let gov = pfile(SUPPORT, "governance.yaml");
    repo.set(
        &gov,
        "    approver: watanabe-aya\n    status: agreed\n    agreed_at: 2026-08-31\n",
        "    approver: watanabe-aya\n    status: pending\n",
    );
    repo.pset(
        SUPPORT,
        "project.yaml",
        "model: accompanying",
        "model: delivery",
    );
    let at = repo.pos(
        &gov,
        "approver: watanabe-aya\n    status: pending",
        "pending",
    );
    (repo, gov, at)
}

/// The codes `tollgate explain --list` prints, in order.
fn listed_codes() -> Vec<String> {
    let run = Run::from_output(
        bare()
            .args(["explain", "--list"])
            .output()
            .expect("run explain"),
    );
    assert_eq!(run.code, 0);
    run.stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn text_shows_the_project_header_kpi_table_and_locations_without_colour() {
    let (repo, gov, (line, col)) = blocked();
    for env in [vec![], vec![("NO_COLOR", "1")]] {
        let run = repo.check_env(&[], &env);
        assert_eq!(run.code, 1);
        let out = &run.stdout;
        assert!(
            out.contains("== support-reply-drafts — Reply drafts for customer-support inquiries [stage PoC, PoC gate]"),
            "{out}"
        );
        assert!(out.contains("readiness:   blocked (1 error)\n"), "{out}");
        // The criterion column shows the stop level beside the threshold.
        assert!(
            out.contains(
                "KPI              value   criterion                 n    95% interval  status"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "answer-accuracy  78%     >= 70% (stop at <= 40%)   200  71.8%..83.2%  pass"
            ),
            "{out}"
        );
        assert!(
            out.contains("response-time    11.8 s  < 30 s (stop at >= 60 s)  -"),
            "{out}"
        );
        assert!(out.contains(&format!("--> {gov}:{line}:{col}")), "{out}");
        assert!(out.contains("warning[partner-delivery]"), "{out}");
        assert!(
            out.contains("2 projects: 1 ready, 1 blocked; 1 error"),
            "{out}"
        );
        assert!(
            !out.contains('\u{1b}'),
            "ANSI escape in non-terminal output: {out:?}"
        );
        assert!(!run.stderr.contains('\u{1b}'));
    }
}

#[test]
fn json_has_version_summary_projects_and_located_findings() {
    let (repo, gov, at) = blocked();
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["now"], NOW);
    assert_eq!(doc["blocking"], true);
    assert_eq!(doc["summary"]["projects"], 2);
    assert_eq!(doc["summary"]["ready"], 1);
    assert_eq!(doc["summary"]["blocked"], 1);
    assert_eq!(doc["summary"]["errors"], 1);
    let f = finding_at(&doc, "governance-pending", &gov, at);
    assert_eq!(f["project"], SUPPORT);
    assert_eq!(f["pointer"], "/items/3/status");
    let p = project(&doc, SUPPORT);
    assert_eq!(p["errors"], 1);
    assert_eq!(p["ready"], false);
}

#[test]
fn markdown_has_tables_and_a_blocking_section_only_when_blocked() {
    let clean = Repo::init();
    let run = clean.check(&["--format", "markdown"]);
    assert_eq!(run.code, 0);
    let md = &run.stdout;
    assert!(
        md.starts_with("## ✅ tollgate: all 2 projects can be decided"),
        "{md}"
    );
    assert!(md.contains("| project | stage | gate ready | recommended | recorded decision |"));
    assert!(md.contains("| KPI | layer | result | criterion | n | 95% interval | data | status |"));
    assert!(
        md.contains("| `answer-accuracy` | quantitative | 78% | ≥ 70% (stop at ≤ 40%) | 200 |"),
        "{md}"
    );
    assert!(!md.contains("**Blocking**"), "{md}");

    let (repo, gov, (line, col)) = blocked();
    let run = repo.check(&["--format", "markdown"]);
    assert_eq!(run.code, 1);
    let md = &run.stdout;
    crate::outputs::consumers::assert_markdown(md, &["<builtin>/policies/default.yaml"]);
    assert!(
        md.starts_with("## ❌ tollgate: 1 of 2 projects blocked"),
        "{md}"
    );
    let blocking = md.split("**Blocking**").nth(1).expect("a blocking section");
    let first_item = blocking
        .lines()
        .find(|l| l.starts_with("- "))
        .expect("a blocking item");
    assert!(
        first_item.starts_with(&format!("- `governance-pending` `{gov}:{line}:{col}`")),
        "{first_item}"
    );
    assert_eq!(
        md.matches("**Blocking**").count(),
        1,
        "only the blocked project"
    );
}

#[test]
fn github_annotations_carry_file_line_column_and_code() {
    let (repo, gov, (line, col)) = blocked();
    let run = repo.check(&["--format", "github"]);
    assert_eq!(run.code, 1);
    let (_, doc) = repo.check_json(&[]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        doc["findings"].as_array().map_or(0, Vec::len),
        "one annotation per finding"
    );
    let prefix = format!("::error file={gov},line={line},col={col},title=governance-pending::");
    assert_eq!(
        lines.iter().filter(|l| l.starts_with(&prefix)).count(),
        1,
        "{}",
        run.stdout
    );
    let (pl, pc) = repo.pos(
        &pfile(SUPPORT, "project.yaml"),
        "model: delivery",
        "delivery",
    );
    let warning = format!(
        "::warning file=projects/support-reply-drafts/project.yaml,line={pl},col={pc},title=partner-delivery::"
    );
    assert!(run.stdout.contains(&warning), "{}", run.stdout);
    assert!(lines.iter().all(|l| l.starts_with("::")));
}

#[test]
fn sarif_parses_back_with_one_rule_per_code_and_located_results() {
    let (repo, gov, (line, col)) = blocked();
    let run = repo.check(&["--format", "sarif"]);
    assert_eq!(run.code, 1);
    let sarif = run.any_json();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "tollgate");
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
    assert_eq!(ids, listed_codes(), "one rule per code");

    let results = run0["results"].as_array().expect("results");
    let (_, doc) = repo.check_json(&[]);
    crate::outputs::consumers::assert_sarif(&sarif, repo.path(), &doc);
    assert_eq!(
        results.len(),
        doc["findings"].as_array().map_or(0, Vec::len)
    );
    for r in results {
        let id = r["ruleId"].as_str().expect("ruleId");
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids.get(index), Some(&id), "ruleIndex points at the rule");
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap_or("")));
    }
    let hit: Vec<&Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "governance-pending" && r["level"] == "error")
        .collect();
    assert_eq!(hit.len(), 1);
    let loc = &hit[0]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], gov.as_str());
    assert_eq!(loc["region"]["startLine"].as_u64(), Some(line));
    assert_eq!(loc["region"]["startColumn"].as_u64(), Some(col));
}

#[test]
fn junit_has_a_suite_per_project_and_fails_the_rules_with_errors() {
    let (repo, _, _) = blocked();
    // A second error from another rule of the same project.
    repo.pset(
        SUPPORT,
        "project.yaml",
        "tech_lead: suzuki-daisuke",
        "tech_lead: sato-yuki",
    );
    let run = repo.check(&["--format", "junit"]);
    assert_eq!(run.code, 1);
    crate::outputs::consumers::assert_junit(&run.stdout);
    let xml = roxmltree::Document::parse(&run.stdout).expect("JUnit parses as XML");
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");

    // The rules with error findings, per project, from the JSON report.
    let (_, doc) = repo.check_json(&[]);
    let mut failing: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in doc["findings"].as_array().expect("findings") {
        if f["severity"] == "error" {
            failing
                .entry(f["project"].as_str().unwrap_or("(repository)").to_string())
                .or_default()
                .insert(f["rule"].as_str().unwrap_or("files").to_string());
        }
    }
    assert_eq!(
        failing.get(SUPPORT).map(BTreeSet::len),
        Some(2),
        "{failing:?}"
    );

    let suites: Vec<roxmltree::Node> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let names: Vec<&str> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert_eq!(names, vec!["(repository)", CONTRACT, SUPPORT]);
    let mut total_failures = 0;
    for suite in &suites {
        let name = suite.attribute("name").unwrap_or_default();
        let cases: Vec<roxmltree::Node> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(
            suite.attribute("tests"),
            Some(cases.len().to_string().as_str())
        );
        let failed: BTreeSet<String> = cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
            .filter_map(|c| c.attribute("name").map(str::to_string))
            .collect();
        let expected = failing.get(name).cloned().unwrap_or_default();
        assert_eq!(failed, expected, "failing cases of {name}");
        assert_eq!(
            suite.attribute("failures"),
            Some(failed.len().to_string().as_str())
        );
        total_failures += failed.len();
    }
    assert_eq!(
        root.attribute("failures"),
        Some(total_failures.to_string().as_str())
    );
    // The failure names the code.
    let failure = xml
        .descendants()
        .find(|n| n.has_tag_name("failure") && n.attribute("type") == Some("governance-pending"));
    assert!(failure.is_some(), "{}", run.stdout);
}

#[test]
fn junit_of_the_clean_example_has_no_failures() {
    let repo = Repo::init();
    let run = repo.check(&["--format", "junit"]);
    assert_eq!(run.code, 0);
    crate::outputs::consumers::assert_junit(&run.stdout);
    let xml = roxmltree::Document::parse(&run.stdout).expect("JUnit parses as XML");
    assert_eq!(xml.root_element().attribute("failures"), Some("0"));
    assert_eq!(
        xml.descendants()
            .filter(|n| n.has_tag_name("failure"))
            .count(),
        0
    );
    // One case per rule applying at the gate, plus `files`.
    let support = xml
        .descendants()
        .find(|n| n.has_tag_name("testsuite") && n.attribute("name") == Some(SUPPORT))
        .expect("support suite");
    let cases: BTreeSet<&str> = support
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .filter_map(|n| n.attribute("name"))
        .collect();
    for rule in [
        "files",
        "governance-poc",
        "criteria-met",
        "issues-inventory",
    ] {
        assert!(cases.contains(rule), "{cases:?}");
    }
    assert!(
        !cases.contains("governance-mvp"),
        "not at the PoC gate: {cases:?}"
    );
}

#[test]
fn input_errors_are_reported_in_the_machine_formats_too() {
    let repo = Repo::init();
    let org = "policies/org.yaml";
    repo.write(
        org,
        "version: 1\nrules:\n  - id: org-accuracy\n    kind: kpi-threshold\n    kpi: answer-acuracy\n    threshold: 80\n",
    );
    let (line, col) = repo.pos(org, "kpi: answer-acuracy", "answer-acuracy");

    let run = repo.check(&["--format", "sarif"]);
    assert_eq!(run.code, 2);
    let sarif = run.any_json();
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1, "{sarif}");
    assert_eq!(results[0]["ruleId"], "policy-invalid");
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"].as_u64(), Some(line));
    assert_eq!(region["startColumn"].as_u64(), Some(col));

    let run = repo.check(&["--format", "github"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.starts_with(&format!(
            "::error file={org},line={line},col={col},title=policy-invalid::"
        )),
        "{}",
        run.stdout
    );
}

/// `tollgate check | head`: a reader that leaves before the report is written is not an error
/// (exit 0, nothing on standard error), in every format; the report is written as it is
/// rendered, so the write that finds the pipe closed may come in the middle.
#[test]
fn a_reader_that_leaves_early_is_not_an_error() {
    let (repo, _, _) = blocked();
    for format in ["text", "json", "sarif"] {
        let mut child = spawnable()
            .args(["check", "--root", &repo.root_arg(), "--now", "2026-11-28"])
            .args(["--format", format])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn tollgate");
        // The reading end closes before anything is written.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait for tollgate");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
    }
}
