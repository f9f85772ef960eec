//! The editor setup (docs/editors.md): `tollgate schema --write`, what `tollgate init` writes for
//! editors, and `schema-outdated` for the copies in `.tollgate/schemas/`, which tollgate only
//! compares and never validates with. The language server itself is exercised by
//! `.ci/editor.sh` (tests/editor/lsp-check.mjs), which needs Node.js.

use serde_json::Value;

use crate::harness::{Repo, codes, report_json, run, run_cmd, tollgate, with_code};

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

const SCHEMAS: &str = ".tollgate/schemas";
const PROJECT: &str = "projects/support-reply-drafts/project.yaml";

/// The example of `tollgate init` in a temporary folder.
fn demo() -> Repo {
    let repo = Repo::empty();
    run(&["init", &repo.root_arg(), "--force"]).expect_code(0);
    repo
}

/// `tollgate validate --format json` on the repository, parsed; asserts the exit status.
fn validate(repo: &Repo, code: i32) -> Value {
    repo.validate_json(code, &[])
}

/// The `schema-outdated` findings as (file, message) pairs.
fn outdated(doc: &Value) -> Vec<(String, String)> {
    with_code(doc, "schema-outdated")
        .into_iter()
        .map(|f| {
            assert_eq!(f["severity"], "warning", "{f:#}");
            (
                f["file"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn schema_write_writes_each_kind_as_schema_prints_it() {
    let repo = Repo::empty();
    let dir = repo.file("out/schemas");
    let run = run(&["schema", "--write", &dir.display().to_string()]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        format!("wrote 9 schemas to {}\n", dir.display())
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the folder was created")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = KINDS.iter().map(|k| format!("{k}.schema.json")).collect();
    expected.sort();
    assert_eq!(names, expected);
    for kind in KINDS {
        let printed = crate::harness::run(&["schema", kind]);
        printed.expect_code(0);
        let written = repo.read(&format!("out/schemas/{kind}.schema.json"));
        assert_eq!(written, printed.stdout, "{kind}");
    }
}

#[test]
fn schema_write_into_a_file_or_with_a_kind_is_an_error() {
    let repo = Repo::empty();
    repo.write("taken", "not a folder\n");
    let target = repo.file("taken").display().to_string();
    let run = run(&["schema", "--write", &target]);
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains(&format!("error: cannot write the schemas to {target}")),
        "{}",
        run.stderr
    );
    let run = crate::harness::run(&["schema", "kpis", "--write", &repo.root_arg()]);
    run.expect_code(2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

#[test]
fn init_points_every_yaml_file_and_file_name_at_its_schema() {
    let repo = demo();
    // The first line names the schema relative to the file, and the schema file is there.
    let mut checked = 0;
    for (file, kind) in [
        ("tollgate.yaml", "config"),
        ("people.yaml", "people"),
        ("projects/support-reply-drafts/project.yaml", "project"),
        ("projects/support-reply-drafts/kpis.yaml", "kpis"),
        ("projects/support-reply-drafts/results.yaml", "results"),
        (
            "projects/support-reply-drafts/governance.yaml",
            "governance",
        ),
        ("projects/support-reply-drafts/decisions.yaml", "decisions"),
        ("projects/support-reply-drafts/issues.yaml", "issues"),
        ("projects/contract-review-assist/project.yaml", "project"),
        ("projects/contract-review-assist/kpis.yaml", "kpis"),
        ("projects/contract-review-assist/results.yaml", "results"),
        (
            "projects/contract-review-assist/governance.yaml",
            "governance",
        ),
        (
            "projects/contract-review-assist/decisions.yaml",
            "decisions",
        ),
        ("projects/contract-review-assist/issues.yaml", "issues"),
    ] {
        let text = repo.read(file);
        let first = text.lines().next().unwrap_or_default();
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{file}: first line is `{first}`"));
        assert!(
            target.ends_with(&format!("/{kind}.schema.json")),
            "{file}: {target}"
        );
        let resolved = repo.file(file).parent().expect("parent").join(target);
        let schema = std::fs::read_to_string(&resolved)
            .unwrap_or_else(|e| panic!("{file}: {}: {e}", resolved.display()));
        assert_eq!(schema, run(&["schema", kind]).stdout, "{file}");
        checked += 1;
    }
    assert_eq!(checked, 14);

    // .vscode/settings.json maps each kind's file names to its schema, and nothing else.
    let settings: Value =
        serde_json::from_str(&repo.read(".vscode/settings.json")).expect("settings are JSON");
    let map = settings["yaml.schemas"]
        .as_object()
        .expect("a yaml.schemas object");
    assert_eq!(map.len(), KINDS.len(), "{map:#?}");
    for kind in KINDS {
        let key = format!("./{SCHEMAS}/{kind}.schema.json");
        assert!(map.contains_key(&key), "no mapping for {key}");
        assert!(repo.file(&key).is_file(), "{key} is mapped but not written");
    }
    assert_eq!(
        map[&format!("./{SCHEMAS}/kpis.schema.json")],
        serde_json::json!(["projects/*/kpis.yaml"])
    );
    assert_eq!(
        map[&format!("./{SCHEMAS}/policy.schema.json")],
        serde_json::json!(["policies/*.yaml"])
    );
}

#[test]
fn current_copies_reformatted_or_with_crlf_are_not_outdated() {
    let repo = demo();
    assert_eq!(outdated(&validate(&repo, 0)), vec![]);
    // Compact JSON and CRLF line ends: the same documents.
    let kpis = format!("{SCHEMAS}/kpis.schema.json");
    let value: Value = serde_json::from_str(&repo.read(&kpis)).expect("JSON");
    repo.write(&kpis, serde_json::to_string(&value).expect("serialize"));
    let people = format!("{SCHEMAS}/people.schema.json");
    repo.write(&people, repo.read(&people).replace('\n', "\r\n"));
    assert_eq!(outdated(&validate(&repo, 0)), vec![]);
    // No folder at all: no editor set up, nothing to report.
    std::fs::remove_dir_all(repo.file(SCHEMAS)).expect("remove");
    assert_eq!(outdated(&validate(&repo, 0)), vec![]);
}

#[test]
fn each_differing_missing_or_unreadable_copy_is_reported_until_rewritten() {
    let repo = demo();
    // An older schema: a value the binary accepts missing from the copy.
    let issues = format!("{SCHEMAS}/issues.schema.json");
    let old = repo.read(&issues).replacen("\"resolved\"", "\"closed\"", 1);
    assert_ne!(old, repo.read(&issues));
    repo.write(&issues, old);
    std::fs::remove_file(repo.file(&format!("{SCHEMAS}/policy.schema.json"))).expect("remove");
    repo.write(&format!("{SCHEMAS}/results.schema.json"), "{ not json");

    let doc = validate(&repo, 0);
    let version = env!("CARGO_PKG_VERSION");
    // Sorted by file, as every report is.
    assert_eq!(
        outdated(&doc),
        vec![
            (
                issues.clone(),
                format!(
                    "`{issues}` is not the issues schema of this tollgate ({version}): editors \
                     using it judge issues files by other rules than tollgate does"
                )
            ),
            (
                format!("{SCHEMAS}/policy.schema.json"),
                format!(
                    "`{SCHEMAS}/policy.schema.json` is missing: editors find no schema for policy \
                     files"
                )
            ),
            (
                format!("{SCHEMAS}/results.schema.json"),
                format!(
                    "`{SCHEMAS}/results.schema.json` is not the results schema of this tollgate \
                     ({version}): editors using it judge results files by other rules than \
                     tollgate does"
                )
            ),
        ]
    );
    let finding = &with_code(&doc, "schema-outdated")[0];
    assert_eq!(
        finding["help"],
        format!(
            "refresh the copies with `tollgate schema --write {SCHEMAS}` where tollgate.yaml is, \
             and commit them"
        )
    );
    // The text report says it too, as a warning that does not fail validate.
    let text = repo.validate(&[]);
    text.expect_code(0);
    assert!(
        text.stdout.contains("warning[schema-outdated]"),
        "{}",
        text.stdout
    );

    // `tollgate schema --write` refreshes them.
    let dir = repo.file(SCHEMAS).display().to_string();
    run(&["schema", "--write", &dir]).expect_code(0);
    assert_eq!(outdated(&validate(&repo, 0)), vec![]);

    // A file where the folder should be.
    std::fs::remove_dir_all(repo.file(SCHEMAS)).expect("remove");
    repo.write(SCHEMAS, "{}");
    assert_eq!(
        outdated(&validate(&repo, 0)),
        vec![(
            SCHEMAS.to_string(),
            format!("`{SCHEMAS}` is not a folder, so editors find no schemas in it")
        )]
    );
}

/// The attack: a pull request loosens the committed project schema so that `stage: pilot` and
/// an unknown key are allowed, points the file at the loosened copy (and at a permissive schema
/// of its own), and hopes tollgate validates with them. It validates with its built-in schemas,
/// so the file stays invalid for `validate` and `check`, and the edited copy is reported too.
#[test]
fn a_loosened_committed_schema_does_not_make_an_invalid_file_pass() {
    let repo = demo();
    let copy = format!("{SCHEMAS}/project.schema.json");
    let mut schema: Value = serde_json::from_str(&repo.read(&copy)).expect("JSON");
    schema["$defs"]["gate"]["enum"]
        .as_array_mut()
        .expect("the gate enum")
        .push("pilot".into());
    schema["additionalProperties"] = true.into();
    repo.write(&copy, serde_json::to_string_pretty(&schema).expect("JSON"));
    repo.write(".tollgate/anything.json", "{}");
    let original = repo.read(PROJECT);
    assert!(original.contains("\nstage: poc\n"));
    repo.write(
        PROJECT,
        format!(
            "# yaml-language-server: $schema=../../.tollgate/anything.json\n{}sponsor: nobody\n",
            original.replace("\nstage: poc\n", "\nstage: pilot\n")
        ),
    );

    let doc = validate(&repo, 1);
    let in_project: Vec<(String, String)> = crate::harness::findings(&doc)
        .iter()
        .filter(|f| f["file"] == PROJECT)
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        in_project,
        vec![
            (
                "invalid-value".to_string(),
                "\"pilot\" is not one of: poc, mvp, production".to_string()
            ),
            (
                "unknown-key".to_string(),
                "unknown key `sponsor` in a project file".to_string()
            ),
        ],
        "{doc:#}"
    );
    assert_eq!(
        outdated(&doc)
            .into_iter()
            .map(|(file, _)| file)
            .collect::<Vec<_>>(),
        vec![copy.clone()]
    );

    let check = run_cmd(
        tollgate()
            .args(["check", "--format", "json", "--now", "2026-11-28", "--root"])
            .arg(repo.path()),
    );
    check.expect_code(1);
    let doc = report_json(check.stdout.as_bytes());
    let all = codes(&doc);
    for code in ["invalid-value", "unknown-key", "schema-outdated"] {
        assert!(all.iter().any(|c| c == code), "{code} missing: {all:?}");
    }
}

/// Hostile copies: one far larger than any schema is not read whole, and a symbolic link out
/// of the repository is not followed; both are reported, neither stops the validation.
#[cfg(unix)]
#[test]
fn an_oversized_or_outside_copy_is_reported_without_being_read() {
    let repo = demo();
    let kpis = format!("{SCHEMAS}/kpis.schema.json");
    repo.write(&kpis, " ".repeat(2 << 20));
    let outside = Repo::empty();
    outside.write("secret.json", "{}");
    let people = format!("{SCHEMAS}/people.schema.json");
    std::fs::remove_file(repo.file(&people)).expect("remove");
    std::os::unix::fs::symlink(outside.file("secret.json"), repo.file(&people)).expect("symlink");

    let found = outdated(&validate(&repo, 0));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].0, kpis);
    assert_eq!(
        found[0].1,
        format!(
            "`{kpis}` cannot be compared with this tollgate's kpis schema: the file is 2097152 \
             bytes, more than the cap of 1048576 bytes"
        )
    );
    assert_eq!(found[1].0, people);
    assert!(
        found[1]
            .1
            .starts_with(&format!("`{people}` cannot be compared with this tollgate's people schema: it is a symbolic link to")),
        "{}",
        found[1].1
    );
}

/// `.tollgate/schemas` comes from the repository, so a pull request can turn a schema file or
/// a folder into a symbolic link to a file of whoever later runs `tollgate schema --write`.
/// A linked schema file is replaced, its target untouched; a linked folder is refused.
#[cfg(unix)]
#[test]
fn schema_write_never_writes_through_a_symbolic_link() {
    let repo = demo();
    let home = Repo::empty();
    home.write("profile", "export KEEP=1\n");
    home.write("dotdir/keep", "mine\n");
    let kpis = format!("{SCHEMAS}/kpis.schema.json");
    std::fs::remove_file(repo.file(&kpis)).expect("remove");
    std::os::unix::fs::symlink(home.file("profile"), repo.file(&kpis)).expect("symlink");

    let run = run(&[
        "schema",
        "--write",
        &repo.file(SCHEMAS).display().to_string(),
    ]);
    run.expect_code(0);
    assert_eq!(home.read("profile"), "export KEEP=1\n");
    let meta = repo.file(&kpis).symlink_metadata().expect("written");
    assert!(meta.file_type().is_file(), "{meta:?}");
    assert_eq!(
        repo.read(&kpis),
        crate::harness::run(&["schema", "kpis"]).stdout
    );

    // The whole `.tollgate` folder a link: refused, nothing written where it leads.
    std::fs::remove_dir_all(repo.file(".tollgate")).expect("remove");
    std::os::unix::fs::symlink(home.file("dotdir"), repo.file(".tollgate")).expect("symlink");
    let run = run_cmd(
        tollgate()
            .current_dir(repo.path())
            .args(["schema", "--write", SCHEMAS]),
    );
    run.expect_code(2);
    assert!(
        run.stderr.contains(
            ".tollgate is a symbolic link; refusing to write through it (remove it, or give the \
             folder it leads to)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !home.file("dotdir/schemas").exists(),
        "wrote through the link"
    );
}
