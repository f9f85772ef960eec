//! `tollgate explain [--list | CODE]`: what a finding code checks and why. The list names every
//! code once with its default severity, and each listed code is explained.

use std::collections::BTreeSet;

use crate::harness::run;

#[test]
fn list_names_every_code_with_severity() {
    let run = run(&["explain", "--list"]);
    run.expect_code(0);
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().take(2).collect())
        .collect();
    for (code, severity) in [
        ("unknown-key", "error"),
        ("yaml-limit", "error"),
        ("symlink-outside-root", "error"),
        ("unexpected-file", "warning"),
        ("no-projects", "warning"),
        ("project-id-mismatch", "error"),
    ] {
        assert!(
            rows.iter().any(|r| r[..] == [code, severity]),
            "`{code} {severity}` not listed:\n{}",
            run.stdout
        );
    }
    assert!(rows.len() >= 21, "{}", run.stdout);
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
fn explain_prints_the_explanation() {
    let run = run(&["explain", "unknown-key"]);
    run.expect_code(0);
    assert!(
        run.stdout.starts_with(
            "unknown-key (error by default)\n\nA key that the file's schema does not define.\n\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("`treshold` for `threshold`"),
        "{}",
        run.stdout
    );
    // Wrapped for a terminal.
    assert!(
        run.stdout.lines().all(|l| l.chars().count() <= 78),
        "{}",
        run.stdout
    );
}

#[test]
fn unknown_code_is_a_usage_error_with_a_suggestion() {
    for (typo, meant) in [
        ("unknwn-key", "unknown-key"),
        ("governance-pendng", "governance-pending"),
    ] {
        let run = run(&["explain", typo]);
        run.expect_code(2);
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.contains(&format!("unknown code `{typo}`"))
                && run.stderr.contains(&format!("did you mean `{meant}`?"))
                && run.stderr.contains("tollgate explain --list"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn unrelated_code_gets_no_suggestion() {
    let run = run(&["explain", "zzz"]);
    run.expect_code(2);
    assert!(run.stderr.contains("unknown code `zzz`"), "{}", run.stderr);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}
