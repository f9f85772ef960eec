//! Hostile YAML: alias bombs, nesting beyond the limit, bytes that are not UTF-8, and tags.

use super::{only, with_file};
use crate::harness::{Repo, assert_diagnostic, one, position};

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
    let block = crate::harness::diagnostics(&run.stdout, "yaml-limit");
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
    let blocks = crate::harness::diagnostics(&run.stdout, "yaml-limit");
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

/// A tag other than the YAML core ones is refused at the tag, in every kind of file: other tools
/// give `!include` and its kind a meaning (insert a file, build an object), serde-saphyr kept
/// the value and dropped the tag, so the same file read two ways.
#[test]
fn tags_other_than_the_core_ones_are_refused_at_the_tag_in_every_file_kind() {
    let repo = Repo::base();
    repo.write(
        "tollgate.yaml",
        "version: 1\nhistory_since: !env GITHUB_SHA\n",
    );
    repo.write(
        "policies/org.yaml",
        "version: 1\nname: !!python/object:os.system echo\nrules: []\n",
    );
    // (file, text to find, the same with a tag)
    let edits = [
        (
            "people.yaml",
            "name: Olga Owner",
            "name: !include /etc/passwd",
        ),
        (
            "projects/alpha/project.yaml",
            "stage: poc",
            "stage: !!timestamp poc",
        ),
        ("projects/alpha/kpis.yaml", "kpis:", "kpis: !custom"),
        ("projects/alpha/results.yaml", "results:", "results: !!omap"),
        (
            "projects/alpha/governance.yaml",
            "status: agreed",
            "status: !str agreed",
        ),
        (
            "projects/alpha/decisions.yaml",
            "decisions:",
            "? !key decisions\n:",
        ),
        ("projects/alpha/issues.yaml", "issues:", "issues: !!set"),
    ];
    for (file, from, to) in edits {
        let text = repo.read(file);
        assert!(text.contains(from), "{file} has `{from}`");
        repo.write(file, text.replacen(from, to, 1));
    }
    let doc = repo.validate_json(1, &[]);
    only(&doc, "yaml-tag");
    let mut expected: Vec<(String, &str)> = edits
        .iter()
        .map(|(file, _, to)| (file.to_string(), *to))
        .collect();
    expected.push(("tollgate.yaml".into(), "!env"));
    expected.push(("policies/org.yaml".into(), "!!python/object:os.system"));
    for (file, tagged) in &expected {
        let tag = tagged
            .split_whitespace()
            .find(|w| w.starts_with('!'))
            .expect("a tag");
        let (line, column) = position(&repo.read(file), tag);
        let f = one_in(&doc, file);
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64()),
            (Some(line.into()), Some(column.into())),
            "{f:#}"
        );
        assert!(
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains(&format!("tag `{tag}` is not a YAML core tag"))),
            "{f:#}"
        );
    }
    // The text output points at the tag, with the source line.
    let run = repo.validate(&[]);
    let (line, column) = position(&repo.read("people.yaml"), "!include");
    assert_diagnostic(
        &run.stdout,
        "yaml-tag",
        ("people.yaml", line, column),
        &["name: !include /etc/passwd"],
    );
}

/// Core tags, the non-specific `!`, and `!` inside text are plain YAML and stay accepted.
#[test]
fn core_tags_and_exclamation_marks_in_text_are_accepted() {
    let repo = Repo::base();
    let file = "projects/alpha/project.yaml";
    let text = repo
        .read(file)
        .replacen(
            "name: Alpha reply drafts",
            "name: !!str Alpha reply drafts!",
            1,
        )
        .replacen("stage: poc", "stage: ! poc", 1);
    repo.write(file, text);
    repo.validate(&[]).expect_code(0);
}

/// The one finding located in `file`.
#[track_caller]
fn one_in<'a>(doc: &'a serde_json::Value, file: &str) -> &'a serde_json::Value {
    let found = with_file(doc, file);
    assert_eq!(found.len(), 1, "want one finding in {file}: {doc:#}");
    found[0]
}
