//! `tollgate schema [--list | KIND]`: the embedded JSON Schemas.

use crate::harness::run;

const KINDS: [&str; 9] = [
    "config",
    "people",
    "project",
    "kpis",
    "results",
    "governance",
    "decisions",
    "issues",
    "policy",
];

#[test]
fn list_names_the_nine_kinds_and_the_report() {
    let run = run(&["schema", "--list"]);
    run.expect_code(0);
    let names: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or_default())
        .collect();
    let mut expected = KINDS.to_vec();
    expected.push("report");
    assert_eq!(names, expected);
}

#[test]
fn kpis_schema_is_json_schema_2020_12() {
    let run = run(&["schema", "kpis"]);
    run.expect_code(0);
    let schema: serde_json::Value =
        serde_json::from_str(&run.stdout).expect("schema kpis prints valid JSON");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["type"], "object");
    assert!(
        schema["properties"]["kpis"].is_object(),
        "no `kpis` property: {schema:#}"
    );
}

#[test]
fn every_kind_prints_valid_json() {
    for kind in KINDS.iter().copied().chain(["report"]) {
        let run = run(&["schema", kind]);
        run.expect_code(0);
        let schema: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("schema {kind}: invalid JSON: {e}"));
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{kind}"
        );
    }
}

#[test]
fn unknown_kind_is_a_usage_error() {
    let run = run(&["schema", "kpi"]);
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("unknown kind `kpi`")
            && run.stderr.contains("config, people, project, kpis"),
        "{}",
        run.stderr
    );
}

#[test]
fn kind_and_list_together_are_a_usage_error() {
    let run = run(&["schema", "kpis", "--list"]);
    run.expect_code(2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}
