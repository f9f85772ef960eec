//! The published schema of the JSON output (`tollgate schema report`), and the JSON documents of
//! odd repositories against it. (Every JSON document the rest of the suite reads is validated
//! against it too, in `crate::harness::report_json`.)

#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use super::scenarios::Scenario;
use crate::harness::report_json;

#[test]
fn schema_report_prints_the_published_draft_2020_12_schema() {
    let run = crate::harness::run(&["schema", "report"]);
    run.expect_code(0);
    let file = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/report.schema.json"),
    )
    .unwrap();
    assert_eq!(run.stdout, file);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("not a valid schema: {e}"));
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json-output.md"),
    )
    .unwrap();
    assert!(docs.contains("tollgate schema report"));
    assert!(
        docs.contains("(../schemas/report.schema.json)"),
        "linked from the docs"
    );
}

/// The schema is no rubber stamp: documents that break the documented shape fail it.
#[test]
fn the_schema_rejects_what_the_documentation_rules_out() {
    let schema: Value = serde_json::from_str(tollgate::report::json::SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let finding = json!({
        "code": "unknown-key", "severity": "error", "message": "m", "file": "a.yaml",
        "line": 1, "column": 2, "pointer": "/a", "help": null, "project": null, "rule": null
    });
    let validate = |findings: Vec<Value>| {
        json!({"version": 1, "valid": false,
               "summary": {"errors": 1, "warnings": 0, "notes": 0}, "findings": findings})
    };
    assert!(validator.is_valid(&validate(vec![finding.clone()])));
    let mut bad = Vec::new();
    for (key, value) in [
        ("severity", json!("fatal")),
        ("code", json!("Unknown Key")),
        ("line", json!(0)),
        ("pointer", json!("a")),
        ("file", Value::Null),
        ("extra", json!(1)),
    ] {
        let mut f = finding.clone();
        f[key] = value;
        bad.push(validate(vec![f]));
    }
    let mut missing = finding.clone();
    missing.as_object_mut().unwrap().remove("help");
    bad.push(validate(vec![missing]));
    let mut version = validate(vec![]);
    version["version"] = json!(2);
    bad.push(version);
    for doc in bad {
        assert!(!validator.is_valid(&doc), "accepted: {doc:#}");
    }
}

#[test]
fn every_json_document_of_odd_repositories_matches_the_schema() {
    for s in [Scenario::subfolder(), Scenario::outside_git()] {
        let check = report_json(s.run(&["check", "--format", "json"]).stdout.as_bytes());
        let validate = report_json(s.run(&["validate", "--format", "json"]).stdout.as_bytes());
        // Files are relative to the repository's top: each names a file there.
        for doc in [&check, &validate] {
            for f in doc["findings"].as_array().unwrap() {
                if let Some(file) = f["file"].as_str() {
                    assert!(s.base().join(file).is_file(), "{file}: {f:#}");
                }
            }
        }
        assert!(
            check["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["file"] == s.outbound("people.yaml")),
            "{check:#}"
        );
        if s.top.is_some() {
            report_json(
                s.run(&["diff", "HEAD", "--format", "json"])
                    .stdout
                    .as_bytes(),
            );
            s.commit("Hostile edits");
            let log = report_json(s.run(&["log", "--format", "json"]).stdout.as_bytes());
            assert!(!log["entries"].as_array().unwrap().is_empty());
            let verify = s.run(&["log", "--verify", "--format", "json"]);
            report_json(verify.stdout.as_bytes());
        } else {
            let verify = s.run(&["log", "--verify", "--format", "json"]);
            let doc = report_json(verify.stdout.as_bytes());
            assert_eq!(doc["history"]["status"], "skipped");
        }
    }
}
