//! `tollgate explain [--list | CODE]`: what a finding code checks and why.

use crate::util::run;

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
    let run = run(&["explain", "unknwn-key"]);
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("unknown code `unknwn-key`")
            && run.stderr.contains("did you mean `unknown-key`?")
            && run.stderr.contains("tollgate explain --list"),
        "{}",
        run.stderr
    );
}

#[test]
fn unrelated_code_gets_no_suggestion() {
    let run = run(&["explain", "zzz"]);
    run.expect_code(2);
    assert!(run.stderr.contains("unknown code `zzz`"), "{}", run.stderr);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}
