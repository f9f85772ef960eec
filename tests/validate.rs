//! `tollgate validate`: exit statuses, usage errors, output formats and every class of bad input
//! that has a committed fixture (`tests/fixtures/<scenario>/`, laid over `tests/fixtures/base/`).

use crate::harness::{Repo, assert_diagnostic, codes, one, position, run, with_code};

// ---- exit statuses and usage -------------------------------------------------------------------

#[test]
fn valid_repository_exits_0() {
    let repo = Repo::base();
    let run = repo.validate(&[]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "valid: 7 files, 1 project (0 errors, 0 warnings)\n"
    );
    assert_eq!(run.stderr, "");

    let doc = repo.validate_json(0, &[]);
    assert_eq!(doc["valid"], true);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["errors"], 0);
    assert!(codes(&doc).is_empty(), "{doc:#}");
}

#[test]
fn root_defaults_to_the_current_directory() {
    let repo = Repo::fixture("unknown-key");
    let run = crate::harness::run_cmd(
        crate::harness::tollgate()
            .current_dir(repo.path())
            .arg("validate"),
    );
    run.expect_code(1);
    assert!(run.stdout.contains("unknown-key"), "{}", run.stdout);
}

#[test]
fn nonexistent_root_is_an_input_error() {
    let repo = Repo::empty();
    let missing = repo.file("no-such-dir");
    let run = run(&["validate", "--root", &missing.display().to_string()]);
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("cannot read the repository root")
            && run.stderr.contains("no-such-dir"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_as_root_is_an_input_error() {
    let repo = Repo::base();
    let file = repo.file("people.yaml");
    let run = run(&["validate", "--root", &file.display().to_string()]);
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("it is not a directory"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let repo = Repo::base();
    let run = repo.validate(&["--strict-mode"]);
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("unexpected argument '--strict-mode'"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_format_value_is_a_usage_error() {
    let repo = Repo::base();
    let run = repo.validate(&["--format", "xml"]);
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("invalid value 'xml'") && run.stderr.contains("text, json"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_max_file_bytes_value_is_a_usage_error() {
    let repo = Repo::base();
    let run = repo.validate(&["--max-file-bytes", "4MB"]);
    run.expect_code(2);
    assert!(run.stderr.contains("invalid value '4MB'"), "{}", run.stderr);
}

#[test]
fn json_findings_carry_file_line_column_pointer_code_and_message() {
    let repo = Repo::fixture("unknown-key");
    let doc = repo.validate_json(1, &[]);
    assert_eq!(doc["valid"], false);
    assert_eq!(doc["summary"]["errors"], 1);
    let text = repo.read("projects/alpha/kpis.yaml");
    let (line, col) = position(&text, "treshold");
    let f = one(&doc, "unknown-key", ("projects/alpha/kpis.yaml", line, col));
    assert_eq!(f["pointer"], "/kpis/0/criteria/poc/treshold");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["message"], "unknown key `treshold` in a kpis file");
    assert_eq!(f["help"], "did you mean `threshold`?");
    assert_eq!(f["project"], "alpha");
}

#[test]
fn one_bad_file_does_not_hide_another() {
    let repo = Repo::fixture("two-broken-projects");
    let run = repo.validate(&[]);
    run.expect_code(1);
    let kpis = repo.read("projects/alpha/kpis.yaml");
    let gov = repo.read("projects/beta/governance.yaml");
    let (kl, kc) = position(&kpis, "treshold");
    let (gl, gc) = position(&gov, "agred");
    assert_diagnostic(
        &run.stdout,
        "unknown-key",
        ("projects/alpha/kpis.yaml", kl, kc),
        &["did you mean `threshold`?"],
    );
    assert_diagnostic(
        &run.stdout,
        "invalid-value",
        ("projects/beta/governance.yaml", gl, gc),
        &["did you mean `agreed`?"],
    );
    assert!(
        run.stdout
            .ends_with("invalid: 2 errors, 1 warning in 13 files read\n"),
        "{}",
        run.stdout
    );
    // The broken kpis.yaml keeps results.yaml's KPI references from being checked, and says so.
    assert_diagnostic(
        &run.stdout,
        "check-skipped",
        ("projects/alpha/kpis.yaml", 1, 1),
        &["kpis.yaml did not load, so the KPI reference of 1 result in results.yaml"],
    );

    let doc = repo.validate_json(1, &[]);
    assert_eq!(
        codes(&doc),
        ["check-skipped", "unknown-key", "invalid-value"]
    );
    assert_eq!(with_code(&doc, "invalid-value")[0]["project"], "beta");
    assert_eq!(with_code(&doc, "unknown-key")[0]["project"], "alpha");
}

// ---- bad input, one class per fixture -----------------------------------------------------------

#[test]
fn malformed_yaml_is_reported_where_the_parser_stopped() {
    let repo = Repo::fixture("malformed-yaml");
    let text = repo.read("projects/alpha/kpis.yaml");
    // `name: [Draft accuracy` opens a flow list that is never closed; the parser gives up at the
    // `:` of the next line's key, which is the position it reports.
    let (line, col) = position(&text, ": quantitative");
    let run = repo.validate(&[]);
    run.expect_code(1);
    let block = assert_diagnostic(
        &run.stdout,
        "yaml-syntax",
        ("projects/alpha/kpis.yaml", line, col),
        &["error[yaml-syntax]", "':'", "layer: quantitative"],
    );
    assert!(
        !block.contains(" at line "),
        "position repeated in message: {block}"
    );
    let doc = repo.validate_json(1, &[]);
    // The KPI references of results.yaml could not be checked: said, not skipped silently.
    assert_eq!(codes(&doc), ["check-skipped", "yaml-syntax"]);
    one(&doc, "yaml-syntax", ("projects/alpha/kpis.yaml", line, col));
}

#[test]
fn wrong_type_is_reported_at_the_value() {
    let repo = Repo::fixture("wrong-type");
    let text = repo.read("projects/alpha/results.yaml");
    let (line, col) = position(&text, "seventy-eight");
    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "wrong-type",
        ("projects/alpha/results.yaml", line, col),
        &[
            "expected number, found text \"seventy-eight\"",
            "value: seventy-eight",
        ],
    );
    let doc = repo.validate_json(1, &[]);
    let f = one(
        &doc,
        "wrong-type",
        ("projects/alpha/results.yaml", line, col),
    );
    assert_eq!(f["pointer"], "/results/0/value");
}

#[test]
fn unknown_key_suggests_the_known_one_and_is_not_also_reported_missing() {
    let repo = Repo::fixture("unknown-key");
    let text = repo.read("projects/alpha/kpis.yaml");
    let (line, col) = position(&text, "treshold");
    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "unknown-key",
        ("projects/alpha/kpis.yaml", line, col),
        &[
            "unknown key `treshold` in a kpis file",
            "treshold: 70",
            "help: did you mean `threshold`?",
        ],
    );
    // `threshold` is required; the misspelling is one mistake, not two (the KPI references it
    // kept from being checked are named apart).
    let doc = repo.validate_json(1, &[]);
    assert_eq!(codes(&doc), ["check-skipped", "unknown-key"]);
}

#[test]
fn duplicate_key_is_reported_at_the_second_key() {
    let repo = Repo::fixture("duplicate-key");
    let text = repo.read("projects/alpha/governance.yaml");
    let (line, col) = position(&text, "status: agreed");
    assert!(
        position(&text, "status: pending").0 < line,
        "fixture gives `status` twice"
    );
    let run = repo.validate(&[]);
    run.expect_code(1);
    let block = assert_diagnostic(
        &run.stdout,
        "duplicate-key",
        ("projects/alpha/governance.yaml", line, col),
        &["key `status` is given twice in the same mapping"],
    );
    assert!(!block.contains("DuplicateKeyPolicy"), "{block}");
    let doc = repo.validate_json(1, &[]);
    assert_eq!(codes(&doc), ["duplicate-key"]);
}

#[test]
fn empty_files_are_errors_with_the_list_to_write() {
    let repo = Repo::fixture("empty-file");
    assert_eq!(repo.read("projects/alpha/decisions.yaml"), "");
    let run = repo.validate(&[]);
    run.expect_code(1);
    // A 0-byte file has no line to show; the place must still be 1:1, as in the JSON output.
    assert_diagnostic(
        &run.stdout,
        "file-empty",
        ("projects/alpha/decisions.yaml", 1, 1),
        &["is empty", "write `decisions: []`"],
    );
    let doc = repo.validate_json(1, &[]);
    assert_eq!(codes(&doc), ["file-empty", "file-empty"]);
    let empties = with_code(&doc, "file-empty");
    assert_eq!(empties[0]["file"], "projects/alpha/decisions.yaml");
    assert_eq!(empties[0]["line"], 1);
    assert_eq!(empties[0]["column"], 1);
    // Only a comment is as empty as nothing.
    assert_eq!(empties[1]["file"], "projects/alpha/issues.yaml");
    assert_eq!(
        empties[1]["help"],
        "write `issues: []` to say there is nothing yet"
    );
}

#[test]
fn unquoted_and_quoted_dates_are_accepted() {
    let repo = Repo::base();
    let results = repo.read("projects/alpha/results.yaml");
    assert!(results.contains("measured_at: 2026-01-15\n"), "{results}");
    repo.validate(&[]).expect_code(0);

    repo.write(
        "projects/alpha/results.yaml",
        results.replace("measured_at: 2026-01-15", "measured_at: \"2026-01-15\""),
    );
    repo.validate(&[]).expect_code(0);
}

#[test]
fn impossible_calendar_date_is_invalid_date() {
    let repo = Repo::fixture("invalid-date");
    let text = repo.read("projects/alpha/results.yaml");
    let (line, col) = position(&text, "2026-02-30");
    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "invalid-date",
        ("projects/alpha/results.yaml", line, col),
        &["\"2026-02-30\" is not a calendar date", "YYYY-MM-DD"],
    );
    let doc = repo.validate_json(1, &[]);
    let f = one(
        &doc,
        "invalid-date",
        ("projects/alpha/results.yaml", line, col),
    );
    assert_eq!(f["pointer"], "/results/0/measured_at");
}

#[test]
fn unknown_person_suggests_the_closest_id() {
    let repo = Repo::fixture("unknown-person");
    let text = repo.read("projects/alpha/governance.yaml");
    let (line, col) = position(&text, "legal-le\n");
    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "unknown-person",
        ("projects/alpha/governance.yaml", line, col),
        &[
            "approver `legal-le` is not in people.yaml",
            "did you mean `legal-lea`?",
        ],
    );
    let doc = repo.validate_json(1, &[]);
    assert_eq!(codes(&doc), ["unknown-person"]);
}

#[test]
fn result_for_an_undefined_kpi_is_unknown_kpi() {
    let repo = Repo::fixture("unknown-kpi");
    let text = repo.read("projects/alpha/results.yaml");
    let (line, col) = position(&text, "acuracy");
    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "unknown-kpi",
        ("projects/alpha/results.yaml", line, col),
        &[
            "KPI `acuracy` is not defined in kpis.yaml",
            "did you mean `accuracy`?",
        ],
    );
}

#[test]
fn result_for_a_gate_without_criteria_is_reported() {
    let repo = Repo::fixture("gate-without-criteria");
    let text = repo.read("projects/alpha/results.yaml");
    let (line, col) = position(&text, "mvp");
    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "gate-without-criteria",
        ("projects/alpha/results.yaml", line, col),
        &["result for KPI `accuracy` at gate `mvp`", "criteria.mvp"],
    );
}

#[test]
fn duplicate_ids_point_at_the_second_and_name_the_first() {
    let repo = Repo::fixture("duplicate-id");
    let text = repo.read("projects/alpha/results.yaml");
    let (first, _) = position(&text, "accuracy-run-1");
    // The second entry is the one with `value: 81`.
    let (line, col) = position(
        &text,
        "accuracy-run-1\n    kpi: accuracy\n    gate: poc\n    value: 81",
    );
    assert!(line > first);
    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "duplicate-id",
        ("projects/alpha/results.yaml", line, col),
        &[
            "result id `accuracy-run-1` is used twice",
            &format!("first used at line {first}"),
        ],
    );
}

#[test]
fn project_id_must_match_its_folder() {
    let repo = Repo::fixture("project-id-mismatch");
    let text = repo.read("projects/alpha/project.yaml");
    let (line, col) = position(&text, "alfa");
    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "project-id-mismatch",
        ("projects/alpha/project.yaml", line, col),
        &[
            "project id `alfa` differs from its folder `alpha`",
            "set `id: alpha`",
        ],
    );
}

#[test]
fn project_folder_missing_files_reports_each_one() {
    let repo = Repo::fixture("missing-file");
    let doc = repo.validate_json(1, &[]);
    let missing = with_code(&doc, "missing-file");
    let mut named: Vec<&str> = missing
        .iter()
        .map(|f| f["message"].as_str().unwrap_or_default())
        .collect();
    named.sort_unstable();
    assert_eq!(
        named,
        [
            "missing decisions file `projects/beta/decisions.yaml`",
            "missing governance file `projects/beta/governance.yaml`",
            "missing issues file `projects/beta/issues.yaml`",
            "missing kpis file `projects/beta/kpis.yaml`",
            "missing results file `projects/beta/results.yaml`",
        ]
    );
    assert!(missing.iter().all(|f| f["project"] == "beta"), "{doc:#}");
    assert_eq!(codes(&doc).len(), 5, "only the missing files: {doc:#}");

    let run = repo.validate(&[]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("error[missing-file]: missing kpis file `projects/beta/kpis.yaml`"),
        "{}",
        run.stdout
    );
}

#[test]
fn misspelt_file_name_is_an_unexpected_file_warning() {
    let repo = Repo::fixture("unexpected-file");
    let run = repo.validate(&[]);
    // A warning does not fail validation.
    run.expect_code(0);
    assert_diagnostic(
        &run.stdout,
        "unexpected-file",
        ("projects/alpha/kpi.yaml", 1, 1),
        &[
            "warning[unexpected-file]",
            "`kpi.yaml` is not one of a project folder's files",
            "did you mean `kpis.yaml`?",
        ],
    );
    assert!(
        run.stdout.ends_with("(0 errors, 1 warning)\n"),
        "{}",
        run.stdout
    );
    let doc = repo.validate_json(0, &[]);
    assert_eq!(doc["valid"], true);
    assert_eq!(with_code(&doc, "unexpected-file")[0]["severity"], "warning");
}

#[test]
fn max_file_bytes_in_tollgate_yaml_caps_file_size() {
    let repo = Repo::fixture("size-cap-config");
    assert!(repo.read("tollgate.yaml").contains("max_file_bytes: 200"));
    let over: Vec<String> = over_cap(&repo, 200);
    assert!(!over.is_empty(), "fixture needs files above 200 bytes");
    let doc = repo.validate_json(1, &[]);
    let mut refused: Vec<String> = with_code(&doc, "file-too-large")
        .iter()
        .map(|f| f["file"].as_str().unwrap_or_default().to_string())
        .collect();
    refused.sort();
    assert_eq!(refused, over);
    let f = with_code(&doc, "file-too-large")[0];
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("more than the cap of 200 bytes")),
        "{f:#}"
    );
    assert_eq!(f["line"], 1);

    // The command line overrides the configuration.
    repo.validate(&["--max-file-bytes", "100000"])
        .expect_code(0);
}

/// Repository files larger than `cap` bytes, sorted, with `/` separators.
fn over_cap(repo: &Repo, cap: u64) -> Vec<String> {
    fn walk(dir: &std::path::Path, rel: &str, cap: u64, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("readable") {
            let entry = entry.expect("entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            let meta = entry.metadata().expect("metadata");
            if meta.is_dir() {
                walk(&entry.path(), &path, cap, out);
            } else if meta.len() > cap {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(repo.path(), "", cap, &mut out);
    out.sort();
    out
}

#[test]
fn max_file_bytes_flag_caps_file_size() {
    let repo = Repo::base();
    let size = std::fs::metadata(repo.file("people.yaml"))
        .expect("people.yaml")
        .len();
    let cap = size - 1;
    let cap_arg = cap.to_string();
    let run = repo.validate(&["--max-file-bytes", &cap_arg]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "file-too-large",
        ("people.yaml", 1, 1),
        &[&format!(
            "the file is {size} bytes, more than the cap of {cap} bytes"
        )],
    );
    let doc = repo.validate_json(1, &["--max-file-bytes", &cap_arg]);
    let mut refused: Vec<String> = with_code(&doc, "file-too-large")
        .iter()
        .map(|f| f["file"].as_str().unwrap_or_default().to_string())
        .collect();
    refused.sort();
    assert_eq!(refused, over_cap(&repo, cap));
    // people.yaml is the largest file of the base fixture.
    assert_eq!(refused, ["people.yaml"]);
    // A file exactly at the cap is read.
    let doc = repo.validate_json(0, &["--max-file-bytes", &size.to_string()]);
    assert!(with_code(&doc, "file-too-large").is_empty(), "{doc:#}");
}
