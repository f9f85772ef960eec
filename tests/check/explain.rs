//! `tollgate explain`: the list names every code once, and each listed code is explained.

use std::collections::BTreeSet;

use super::harness::*;

fn run(args: &[&str]) -> Run {
    Run::from_output(tollgate().args(args).output().expect("run explain"))
}

#[test]
fn list_names_every_code_once_and_each_is_explained() {
    let list = run(&["explain", "--list"]);
    assert_eq!(list.code, 0);
    let rows: Vec<Vec<&str>> = list
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    let codes: Vec<&str> = rows.iter().filter_map(|r| r.first().copied()).collect();
    let unique: BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(unique.len(), codes.len(), "a code is listed twice");
    for expected in [
        "governance-pending",
        "criteria-not-preregistered",
        "policy-expr",
        "decision-overrides-criteria",
        "rule-waived",
    ] {
        assert!(
            unique.contains(expected),
            "{expected} missing from the list"
        );
    }
    for row in &rows {
        let code = row[0];
        let severity = row[1];
        assert!(["error", "warning", "note"].contains(&severity), "{row:?}");
        let out = run(&["explain", code]);
        assert_eq!(out.code, 0, "explain {code}: {}", out.stderr);
        let first = out.stdout.lines().next().unwrap_or_default();
        assert_eq!(first, format!("{code} ({severity} by default)"));
        // The summary from the list reappears, and an explanation follows it.
        let summary = row[2..].join(" ");
        assert!(
            out.stdout.contains(&summary),
            "explain {code}:\n{}",
            out.stdout
        );
        assert!(
            out.stdout.len() > first.len() + summary.len() + 80,
            "explain {code} is too short"
        );
    }
}

#[test]
fn unknown_code_suggests_the_closest() {
    let out = run(&["explain", "governance-pendng"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `governance-pending`"),
        "{}",
        out.stderr
    );
}
