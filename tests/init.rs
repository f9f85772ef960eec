//! `tollgate init [DIR] [--force]`: the example repository, which must itself validate.

use std::path::Path;

use crate::util::{Repo, assert_diagnostic, position, run, run_cmd, tollgate};

const GOVERNANCE: &str = "projects/support-reply-drafts/governance.yaml";

/// The example as shipped in `scaffold/` (the bytes `init` embeds).
fn shipped(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scaffold")
        .join(rel);
    std::fs::read_to_string(path).expect("scaffold file")
}

/// `tollgate init <tmp>/demo`, asserting success; returns the repo and the demo path.
fn init_demo() -> (Repo, String) {
    let repo = Repo::empty();
    let demo = repo.file("demo").display().to_string();
    let run = run(&["init", &demo]);
    run.expect_code(0);
    assert!(
        run.stdout
            .starts_with(&format!("wrote 16 files to {demo}\n")),
        "{}",
        run.stdout
    );
    (repo, demo)
}

#[test]
fn init_writes_an_example_that_validates() {
    let (repo, demo) = init_demo();
    for rel in [
        "tollgate.yaml",
        "people.yaml",
        "README.md",
        ".github/workflows/tollgate.yml",
        GOVERNANCE,
        "projects/contract-review-assist/kpis.yaml",
    ] {
        assert!(repo.file("demo").join(rel).is_file(), "{rel} not written");
    }
    assert_eq!(
        repo.read(&format!("demo/{GOVERNANCE}")),
        shipped(GOVERNANCE)
    );

    let run = run(&["validate", "--root", &demo]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "valid: 14 files, 2 projects (0 errors, 0 warnings)\n"
    );
    let run = crate::util::run(&["validate", "--root", &demo, "--format", "json"]);
    run.expect_code(0);
    let doc = crate::util::report_json(run.stdout.as_bytes());
    assert_eq!(doc["valid"], true);
    assert_eq!(doc["findings"], serde_json::json!([]));
}

#[test]
fn init_without_dir_writes_into_the_current_directory() {
    let repo = Repo::empty();
    let run = run_cmd(tollgate().current_dir(repo.path()).arg("init"));
    run.expect_code(0);
    assert!(repo.file("people.yaml").is_file());
    assert!(repo.file(GOVERNANCE).is_file());
    run_cmd(tollgate().current_dir(repo.path()).arg("validate")).expect_code(0);
}

#[test]
fn init_refuses_to_overwrite_and_changes_nothing() {
    let (repo, demo) = init_demo();
    let edited = format!(
        "{}# a local note\n",
        repo.read(&format!("demo/{GOVERNANCE}"))
    );
    repo.write(&format!("demo/{GOVERNANCE}"), &edited);
    // One file gone: a refused init must not write it back either.
    let removed = repo.file("demo/projects/support-reply-drafts/issues.yaml");
    std::fs::remove_file(&removed).expect("remove");

    let run = run(&["init", &demo]);
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("error: refusing to overwrite 15 existing file(s):")
            && run.stderr.contains("governance.yaml")
            && run.stderr.contains("use --force to overwrite them"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.read(&format!("demo/{GOVERNANCE}")), edited);
    assert!(!removed.exists(), "a refused init wrote a file");
}

#[test]
fn init_force_overwrites() {
    let (repo, demo) = init_demo();
    repo.write(&format!("demo/{GOVERNANCE}"), "items: []\n");
    let run = run(&["init", &demo, "--force"]);
    run.expect_code(0);
    assert_eq!(
        repo.read(&format!("demo/{GOVERNANCE}")),
        shipped(GOVERNANCE)
    );
}

#[test]
fn misspelt_status_in_the_example_is_located_with_a_suggestion() {
    let (repo, demo) = init_demo();
    let rel = format!("demo/{GOVERNANCE}");
    let original = repo.read(&rel);
    assert!(original.contains("status: agreed"));
    let broken = original.replacen("status: agreed", "status: agred", 1);
    repo.write(&rel, &broken);
    let (line, col) = position(&broken, "agred\n");
    let source_line = broken
        .lines()
        .nth(usize::try_from(line - 1).expect("small"))
        .expect("line exists");

    let run = run(&["validate", "--root", &demo]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "invalid-value",
        (GOVERNANCE, line, col),
        &[
            "\"agred\" is not one of: pending, agreed, rejected, waived",
            source_line,
            "did you mean `agreed`?",
        ],
    );
    assert!(
        run.stdout
            .ends_with("invalid: 1 error, 0 warnings in 14 files read\n"),
        "{}",
        run.stdout
    );
}
