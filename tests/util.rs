//! A small harness: repositories built from fixtures in a temporary directory, the `tollgate`
//! binary run on them as a user would, and helpers to pick diagnostics out of its output.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

/// Where the committed fixtures live.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The binary under test, with colour off and no inherited settings that change output.
pub fn tollgate() -> assert_cmd::Command {
    let mut cmd = bare();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// The binary under test with a controlled environment: nothing inherited but `PATH` and
/// `HOME`, so that a run behaves the same here, on a laptop and inside GitHub Actions (no
/// `GITHUB_*`, `CI`, `NO_COLOR`, `RUNNER_*` or `GIT_*` leaking in). Tests add what they mean.
pub fn bare() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("tollgate");
    cmd.env_clear();
    for keep in ["PATH", "HOME"] {
        if let Some(value) = std::env::var_os(keep) {
            cmd.env(keep, value);
        }
    }
    cmd
}

/// The outcome of one run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit status, showing the output when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit status\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs `tollgate` with `args`.
pub fn run(args: &[&str]) -> Run {
    run_cmd(tollgate().args(args))
}

pub fn run_cmd(cmd: &mut assert_cmd::Command) -> Run {
    let out = cmd.output().expect("tollgate runs");
    Run {
        // A signal (a crash) has no code; -1 never matches an expected status.
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A governance repository in a temporary directory.
#[derive(Debug)]
pub struct Repo {
    dir: TempDir,
}

impl Repo {
    /// An empty directory.
    pub fn empty() -> Repo {
        Repo {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    /// `fixtures/base`: one valid project, `alpha`.
    pub fn base() -> Repo {
        let repo = Repo::empty();
        copy_tree(&fixtures().join("base"), repo.path());
        repo
    }

    /// `fixtures/base` with `fixtures/<name>` laid over it (a scenario holds only the files it
    /// adds or changes).
    pub fn fixture(name: &str) -> Repo {
        let overlay = fixtures().join(name);
        assert!(overlay.is_dir(), "no fixture {}", overlay.display());
        let repo = Repo::base();
        copy_tree(&overlay, repo.path());
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn root_arg(&self) -> String {
        self.path().display().to_string()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).expect("fixture file is readable")
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.file(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent directory");
        }
        std::fs::write(path, bytes).expect("write file");
    }

    /// `tollgate validate --root <repo> <args>`.
    pub fn validate(&self, args: &[&str]) -> Run {
        run_cmd(
            tollgate()
                .arg("validate")
                .arg("--root")
                .arg(self.path())
                .args(args),
        )
    }

    /// `tollgate validate --format json`, parsed; asserts the exit status first.
    pub fn validate_json(&self, code: i32, args: &[&str]) -> Value {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let run = self.validate(&all);
        run.expect_code(code);
        report_json(run.stdout.as_bytes())
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create directory");
    for entry in std::fs::read_dir(from).expect("read fixture directory") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

/// 1-based line and character column of the first occurrence of `needle` in `text`, computed
/// from the content so that tests do not hard-code positions.
#[track_caller]
pub fn position(text: &str, needle: &str) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (
        u32::try_from(line).expect("small"),
        u32::try_from(column).expect("small"),
    )
}

/// The text diagnostics (blocks separated by blank lines) whose header names `code`.
pub fn diagnostics<'a>(stdout: &'a str, code: &str) -> Vec<&'a str> {
    let tag = format!("[{code}]:");
    stdout
        .split("\n\n")
        .filter(|block| block.lines().next().is_some_and(|l| l.contains(&tag)))
        .collect()
}

/// Asserts exactly one text diagnostic with `code` at `file:line:col`, holding every part of
/// `parts`, and returns it.
#[track_caller]
pub fn assert_diagnostic<'a>(
    stdout: &'a str,
    code: &str,
    (file, line, column): (&str, u32, u32),
    parts: &[&str],
) -> &'a str {
    let place = format!("--> {file}:{line}:{column}\n");
    let found: Vec<&str> = diagnostics(stdout, code)
        .into_iter()
        .filter(|block| format!("{block}\n").contains(&place))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "want one `{code}` diagnostic at `{}` in:\n{stdout}",
        place.trim_end()
    );
    let block = found[0];
    for part in parts {
        assert!(block.contains(part), "want `{part}` in:\n{block}");
    }
    block
}

/// The findings of a `validate --format json` document.
#[track_caller]
pub fn findings(doc: &Value) -> &Vec<Value> {
    doc["findings"].as_array().expect("`findings` is a list")
}

/// The findings with `code`.
pub fn with_code<'a>(doc: &'a Value, code: &str) -> Vec<&'a Value> {
    findings(doc).iter().filter(|f| f["code"] == code).collect()
}

/// Asserts exactly one finding with `code`, at `file:line:col`, and returns it.
#[track_caller]
pub fn one<'a>(doc: &'a Value, code: &str, (file, line, column): (&str, u32, u32)) -> &'a Value {
    let found = with_code(doc, code);
    assert_eq!(found.len(), 1, "want one `{code}` finding in:\n{doc:#}");
    let f = found[0];
    assert_eq!(f["file"], file, "{f:#}");
    assert_eq!(f["line"], line, "{f:#}");
    assert_eq!(f["column"], column, "{f:#}");
    f
}

/// The set of codes of all findings, in output order.
pub fn codes(doc: &Value) -> Vec<String> {
    findings(doc)
        .iter()
        .map(|f| f["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Parses a JSON document tollgate printed with `--format json` and validates it against the
/// published report schema (`tollgate schema report`, `schemas/report.schema.json`): every JSON
/// output the suite reads goes through here, so the schema is checked against all of them.
#[track_caller]
pub fn report_json(text: &[u8]) -> Value {
    let doc: Value = serde_json::from_slice(text)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", String::from_utf8_lossy(text)));
    assert_report_schema(&doc);
    doc
}

/// Fails with every schema error when `doc` does not match the report schema. The errors shown
/// are those against the command's own document kind (the `$defs` entry it comes closest to),
/// since a failed `oneOf` alone says little.
#[track_caller]
pub fn assert_report_schema(doc: &Value) {
    type Validators = (jsonschema::Validator, Vec<(String, jsonschema::Validator)>);
    static VALIDATORS: std::sync::OnceLock<Validators> = std::sync::OnceLock::new();
    let (whole, kinds) = VALIDATORS.get_or_init(|| {
        let schema: Value = serde_json::from_str(tollgate::report::json::SCHEMA)
            .expect("the report schema is JSON");
        let build = |s: &Value| {
            jsonschema::options()
                .should_validate_formats(true)
                .build(s)
                .expect("the report schema compiles")
        };
        let kinds = schema["oneOf"]
            .as_array()
            .expect("the report schema is a oneOf of documents")
            .iter()
            .map(|r| {
                let mut one = schema.clone();
                one["oneOf"] = Value::Array(vec![r.clone()]);
                (
                    r["$ref"].as_str().unwrap_or_default().to_string(),
                    build(&one),
                )
            })
            .collect();
        (build(&schema), kinds)
    });
    if whole.is_valid(doc) {
        return;
    }
    let (kind, errors) = kinds
        .iter()
        .map(|(kind, v)| {
            let errors: Vec<String> = v
                .iter_errors(doc)
                .map(|e| format!("  {} at `{}`", e, e.instance_path()))
                .collect();
            (kind, errors)
        })
        .min_by_key(|(_, errors)| errors.len())
        .expect("at least one kind");
    assert!(
        !errors.is_empty(),
        "the JSON output matches more than one document kind of the report schema:\n{doc:#}"
    );
    panic!(
        "the JSON output does not match schemas/report.schema.json (closest: {kind}):\n{}\n{doc:#}",
        errors.join("\n")
    );
}
