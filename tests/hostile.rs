//! Hostile inputs generated into a temporary copy of `tests/fixtures/base`: they are big, binary
//! or links, so they are not committed. Each must be refused with a finding (exit 1), never crash
//! the process, and leave the other files checked.

use crate::util::{Repo, assert_diagnostic, codes, one, position};

/// Every other file of the base fixture is still read and valid: the only findings are `code`.
#[track_caller]
fn only(doc: &serde_json::Value, code: &str) {
    // `check-skipped` names what the broken file kept from being checked; it is not a second
    // problem with the input.
    let all: Vec<String> = codes(doc)
        .into_iter()
        .filter(|c| c != "check-skipped")
        .collect();
    assert!(
        !all.is_empty() && all.iter().all(|c| c == code),
        "want only `{code}` findings, got {all:?}"
    );
}

#[test]
fn yaml_alias_bomb_is_refused_as_yaml_limit() {
    let repo = Repo::base();
    // "Billion laughs": nine levels of nine aliases expand to 9^10 nodes.
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        let refs = vec![format!("*a{p}"); 9].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    repo.write("projects/alpha/issues.yaml", &text);
    let run = repo.validate(&[]);
    run.expect_code(1);
    let block = crate::util::diagnostics(&run.stdout, "yaml-limit");
    assert_eq!(block.len(), 1, "{}", run.stdout);
    assert!(
        block[0].contains("--> projects/alpha/issues.yaml:")
            && block[0].contains("the document exceeds tollgate's safety limits"),
        "{}",
        block[0]
    );
    // The message is whole: no half-cut position suffix from the parser.
    assert!(!block[0].contains("(used"), "{}", block[0]);
    let doc = repo.validate_json(1, &[]);
    only(&doc, "yaml-limit");
    let f = &with_file(&doc, "projects/alpha/issues.yaml")[0];
    assert!(
        f["line"].as_u64().is_some_and(|l| (1..=10).contains(&l)),
        "{f:#}"
    );
}

fn with_file<'a>(doc: &'a serde_json::Value, file: &str) -> Vec<&'a serde_json::Value> {
    crate::util::findings(doc)
        .iter()
        .filter(|f| f["file"] == file)
        .collect()
}

#[test]
fn flow_nesting_100k_deep_is_refused_as_yaml_limit() {
    let repo = Repo::base();
    let depth = 100_000;
    repo.write(
        "projects/alpha/decisions.yaml",
        format!("decisions: {}{}\n", "[".repeat(depth), "]".repeat(depth)),
    );
    let run = repo.validate(&[]);
    run.expect_code(1);
    let blocks = crate::util::diagnostics(&run.stdout, "yaml-limit");
    assert_eq!(blocks.len(), 1, "{}", run.stdout);
    assert!(
        blocks[0].contains("--> projects/alpha/decisions.yaml:1:")
            && blocks[0].contains("nest deeper than 24 levels"),
        "{}",
        blocks[0]
    );
    let doc = repo.validate_json(1, &[]);
    only(&doc, "yaml-limit");
}

#[test]
fn block_nesting_100k_deep_is_refused_as_yaml_limit() {
    let repo = Repo::base();
    // `- - - … x`: 100,000 nested block lists on one line.
    repo.write(
        "projects/alpha/issues.yaml",
        format!("issues:\n  {}x\n", "- ".repeat(100_000)),
    );
    let run = repo.validate(&[]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("error[yaml-limit]")
            && run.stdout.contains("--> projects/alpha/issues.yaml:2:"),
        "{}",
        run.stdout
    );
    let doc = repo.validate_json(1, &[]);
    only(&doc, "yaml-limit");
}

#[test]
fn file_above_the_default_4_mib_cap_is_refused_unread() {
    let repo = Repo::base();
    let cap: usize = 4 * 1024 * 1024;
    let mut text = String::from("results: []\n");
    // Comment lines, so the file would be valid YAML if it were read.
    while text.len() <= cap {
        text.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    let size = text.len();
    repo.write("projects/alpha/results.yaml", &text);
    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "file-too-large",
        ("projects/alpha/results.yaml", 1, 1),
        &[&format!(
            "the file is {size} bytes, more than the cap of 4194304 bytes"
        )],
    );
    let doc = repo.validate_json(1, &[]);
    only(&doc, "file-too-large");

    // A larger cap from the command line lets the same file through.
    repo.validate(&["--max-file-bytes", &size.to_string()])
        .expect_code(0);
}

#[test]
fn non_utf8_bytes_are_reported_at_the_first_bad_byte() {
    let repo = Repo::base();
    let mut bytes = repo.read("projects/alpha/kpis.yaml").into_bytes();
    // "Draft accuracy" -> "Draft accur\xE9cy" (Latin-1 é).
    let at = bytes
        .windows(5)
        .position(|w| w == b"accur")
        .expect("kpis.yaml names accuracy")
        + 5;
    bytes[at] = 0xE9;
    let valid = std::str::from_utf8(&bytes[..at]).expect("prefix is UTF-8");
    let (line, col) = position(&format!("{valid}\u{0}"), "\u{0}");
    repo.write("projects/alpha/kpis.yaml", &bytes);

    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "file-not-utf8",
        ("projects/alpha/kpis.yaml", line, col),
        &[
            &format!("is not UTF-8: invalid byte at offset {at}"),
            "save the file as UTF-8",
        ],
    );
    let doc = repo.validate_json(1, &[]);
    only(&doc, "file-not-utf8");
    one(
        &doc,
        "file-not-utf8",
        ("projects/alpha/kpis.yaml", line, col),
    );
}

#[cfg(unix)]
#[test]
fn symlink_outside_the_root_is_refused() {
    let repo = Repo::base();
    // A valid file, so the refusal can only be about where it is.
    let outside = tempfile::tempdir().expect("temporary directory");
    let target = outside.path().join("governance.yaml");
    std::fs::copy(repo.file("projects/alpha/governance.yaml"), &target).expect("copy");
    let link = repo.file("projects/alpha/governance.yaml");
    std::fs::remove_file(&link).expect("remove");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");

    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "symlink-outside-root",
        ("projects/alpha/governance.yaml", 1, 1),
        &[
            "is refused: it is a symbolic link to",
            "outside the repository",
        ],
    );
    let doc = repo.validate_json(1, &[]);
    only(&doc, "symlink-outside-root");
}

#[cfg(unix)]
#[test]
fn symlink_inside_the_root_is_followed() {
    let repo = Repo::base();
    repo.write("shared/issues.yaml", "issues: []\n");
    let link = repo.file("projects/alpha/issues.yaml");
    std::fs::remove_file(&link).expect("remove");
    std::os::unix::fs::symlink("../../shared/issues.yaml", &link).expect("symlink");
    repo.validate(&[]).expect_code(0);
}

#[cfg(unix)]
#[test]
fn symlinked_directory_outside_the_root_is_refused() {
    let repo = Repo::base();
    let outside = tempfile::tempdir().expect("temporary directory");
    let beta = outside.path().join("beta");
    std::fs::create_dir(&beta).expect("mkdir");
    for name in [
        "project.yaml",
        "kpis.yaml",
        "results.yaml",
        "governance.yaml",
        "decisions.yaml",
        "issues.yaml",
    ] {
        let text = repo.read(&format!("projects/alpha/{name}"));
        std::fs::write(beta.join(name), text.replace("id: alpha", "id: beta")).expect("write");
    }
    std::os::unix::fs::symlink(&beta, repo.file("projects/beta")).expect("symlink");
    let doc = repo.validate_json(1, &[]);
    let refused = crate::util::with_code(&doc, "symlink-outside-root");
    assert_eq!(refused.len(), 6, "{doc:#}");
    assert!(refused.iter().all(|f| f["project"] == "beta"), "{doc:#}");
}
