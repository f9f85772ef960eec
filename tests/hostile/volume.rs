//! Volume: a file with thousands of findings, and texts of a megabyte. The outputs people read
//! stay short; the outputs programs read keep everything. (How long the 100,000-key file takes
//! is a benchmark, in docs/benchmarks.md, not a test.)

use crate::harness::{Repo, diagnostics, run_cmd, tollgate, with_code};

const KEYS: usize = 2_000;
const FILE: &str = "projects/alpha/project.yaml";

/// The base fixture with `KEYS` unknown keys appended to a project file.
fn many_unknown_keys() -> Repo {
    let repo = Repo::base();
    let mut text = repo.read(FILE);
    for i in 0..KEYS {
        text.push_str(&format!("unknown_key_{i}: {i}\n"));
    }
    repo.write(FILE, text);
    repo
}

#[test]
fn thousands_of_findings_are_capped_per_file_and_code_in_text_and_kept_in_json() {
    let repo = many_unknown_keys();
    let more = format!(
        "and {} more `unknown-key` findings in {FILE} of the same kind, not shown",
        KEYS - 50
    );

    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_eq!(diagnostics(&run.stdout, "unknown-key").len(), 50);
    assert_eq!(run.stdout.matches(&more).count(), 1, "{}", run.stdout);
    // The count follows the 50th diagnostic, and the tally still counts every finding.
    assert!(
        run.stdout.ends_with(&format!(
            "invalid: {KEYS} errors, 0 warnings in 7 files read\n"
        )),
        "{}",
        run.stdout
    );
    assert!(run.stdout.len() < 40_000, "{} bytes", run.stdout.len());

    let doc = repo.validate_json(1, &[]);
    assert_eq!(with_code(&doc, "unknown-key").len(), KEYS);
}

#[test]
fn check_outputs_for_people_are_capped_and_sarif_keeps_every_finding() {
    let repo = many_unknown_keys();
    let check = |format: &str| {
        let run = run_cmd(
            tollgate()
                .args([
                    "check",
                    "--no-history",
                    "--now",
                    "2026-11-28",
                    "--format",
                    format,
                ])
                .arg("--root")
                .arg(repo.path()),
        );
        run.expect_code(1);
        run.stdout
    };
    let text = check("text");
    assert_eq!(diagnostics(&text, "unknown-key").len(), 50);
    assert_eq!(text.matches("1950 more `unknown-key` findings").count(), 1);

    let markdown = check("markdown");
    assert_eq!(
        markdown.matches("- `unknown-key` ").count(),
        50,
        "{markdown}"
    );
    assert_eq!(
        markdown.matches("- … and 1950 more `unknown-key`").count(),
        1
    );

    let github = check("github");
    let commands: Vec<&str> = github
        .lines()
        .filter(|l| l.contains("title=unknown-key"))
        .collect();
    assert_eq!(commands.len(), 51, "{github}");
    assert!(
        commands[50].starts_with(&format!(
            "::error file={FILE},title=unknown-key::and 1950 more"
        )),
        "{}",
        commands[50]
    );

    let sarif: serde_json::Value = serde_json::from_str(&check("sarif")).expect("SARIF is JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let unknown = results
        .iter()
        .filter(|r| r["ruleId"] == "unknown-key")
        .count();
    assert_eq!(unknown, KEYS);
}

/// A megabyte-long name is refused at the value, and not copied into the report. The limit is
/// the schema's `maxLength`, which the loader enforces: the longest allowed passes.
#[test]
fn free_text_beyond_its_limit_is_refused_and_not_copied_into_the_report() {
    let repo = Repo::base();
    let original = repo.read(FILE);
    let huge = "x".repeat(1_048_576);
    repo.write(
        FILE,
        original.replacen("name: Alpha reply drafts", &format!("name: {huge}"), 1),
    );
    let run = repo.validate(&[]);
    run.expect_code(1);
    let found = diagnostics(&run.stdout, "invalid-value");
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert!(
        found[0].contains("this text is 1048576 characters long; at most 200 are allowed here")
            && found[0].contains(&format!("--> {FILE}:2:7")),
        "{}",
        &found[0][..found[0].len().min(2_000)]
    );
    // The source line shown under the diagnostic is cropped too.
    assert!(
        run.stdout.len() < 10_000,
        "{} bytes of text",
        run.stdout.len()
    );
    let doc = repo.validate_json(1, &[]);
    let text = serde_json::to_string(&doc).expect("JSON");
    assert!(text.len() < 10_000, "{} bytes of JSON", text.len());

    // At the limit: accepted. One more character: refused.
    for (length, code) in [(200, 0), (201, 1)] {
        let name = "n".repeat(length);
        repo.write(
            FILE,
            original.replacen("name: Alpha reply drafts", &format!("name: {name}"), 1),
        );
        repo.validate(&[]).expect_code(code);
    }
    // Prose fields are longer: a 4,000-character rationale passes, 4,001 does not.
    let file = "projects/alpha/decisions.yaml";
    let decisions = |rationale: &str| {
        format!(
            "decisions:\n  - id: poc-gate\n    gate: poc\n    outcome: continue\n    \
             decided_by: owner-olga\n    decided_at: 2026-01-20\n    rationale: {rationale}\n"
        )
    };
    repo.write(
        FILE,
        original.replacen("name: Alpha reply drafts", "name: Alpha", 1),
    );
    repo.write(file, decisions(&"r".repeat(4_000)));
    repo.validate(&[]).expect_code(0);
    repo.write(file, decisions(&"r".repeat(4_001)));
    let doc = repo.validate_json(1, &[]);
    let f = with_code(&doc, "invalid-value");
    assert_eq!(f.len(), 1, "{doc:#}");
    assert_eq!(
        f[0]["message"],
        "this text is 4001 characters long; at most 4000 are allowed here"
    );
}

/// `diff` lists the findings a change introduces (its Markdown is part of the pull-request
/// comment): capped the same way; its JSON keeps them all.
#[test]
fn diff_lists_are_capped_and_its_json_keeps_every_finding() {
    use crate::harness::{GitRepo, OWNER, POC};
    let repo = GitRepo::example();
    let file = format!("{POC}/project.yaml");
    let mut text = repo.read(&file);
    for i in 0..KEYS {
        text.push_str(&format!("unknown_key_{i}: {i}\n"));
    }
    repo.write(&file, &text);
    repo.commit("Many keys (#2)", OWNER);
    let diff = |format: &str| {
        let out = repo
            .tollgate(&["diff", "HEAD~1", "HEAD", "--format", format])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let more = format!("and 1950 more `unknown-key` findings in {file}");
    let text = diff("text");
    assert_eq!(text.matches("+ error[unknown-key]").count(), 50, "{text}");
    assert_eq!(text.matches(&format!("+ ... {more}")).count(), 1, "{text}");
    let markdown = diff("markdown");
    assert_eq!(markdown.matches("| ❌ new | `unknown-key` |").count(), 50);
    assert_eq!(
        markdown
            .matches(&format!("| … new | `unknown-key` | | {more}"))
            .count(),
        1
    );
    let json: serde_json::Value = serde_json::from_str(&diff("json")).expect("JSON");
    let introduced = json.to_string().matches("\"code\":\"unknown-key\"").count();
    assert_eq!(introduced, KEYS);
}

/// tollgate.yaml is in the pull request's hands: raising the size cap without bound would let
/// the same pull request add a file of gigabytes. The cap itself is capped (64 MiB).
#[test]
fn the_size_cap_in_tollgate_yaml_cannot_be_raised_without_bound() {
    let repo = Repo::base();
    repo.write("tollgate.yaml", "version: 1\nmax_file_bytes: 67108865\n");
    let doc = repo.validate_json(1, &[]);
    let f = crate::harness::one(&doc, "invalid-value", ("tollgate.yaml", 2, 17));
    assert!(
        f["message"]
            .as_str()
            .expect("a message")
            .contains("67108864"),
        "{f:#}"
    );
    repo.write("tollgate.yaml", "version: 1\nmax_file_bytes: 67108864\n");
    repo.validate_json(0, &[]);
}
