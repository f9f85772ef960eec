//! A plain governance repository (no git) in a temporary directory: empty, built from the
//! committed fixtures in `tests/fixtures/`, or the example `tollgate init` writes, then edited by
//! the test and checked through the binary.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

use super::example::NOW;
use super::json::report_json;
use super::run::{Run, bare, run_cmd, tollgate};
use super::text::pos_in;

/// Where the committed fixtures live.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
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

    /// The example repository `tollgate init` writes.
    pub fn init() -> Repo {
        let repo = Repo::empty();
        let out = bare()
            .arg("init")
            .arg(repo.path())
            .output()
            .expect("run tollgate init");
        let run = Run::from_output(out);
        assert_eq!(run.code, 0, "tollgate init failed: {run:?}");
        repo
    }

    /// The repository's root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn root_arg(&self) -> String {
        self.path().display().to_string()
    }

    /// A file of the repository, from its path relative to the root.
    pub fn file(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Writes a file, creating its folder (e.g. `policies/`).
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.file(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent directory");
        }
        std::fs::write(path, bytes).unwrap_or_else(|e| panic!("write {rel}: {e}"));
    }

    /// Replaces `from`, which must occur exactly once in the file, with `to`.
    pub fn set(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        let n = text.matches(from).count();
        assert_eq!(
            n, 1,
            "expected exactly one {from:?} in {rel}, found {n}:\n{text}"
        );
        self.write(rel, text.replacen(from, to, 1));
    }

    /// `set` in a file of a project.
    pub fn pset(&self, project: &str, file: &str, from: &str, to: &str) {
        self.set(&pfile(project, file), from, to);
    }

    /// The 1-based line and column (in characters) where `token` starts inside the one
    /// occurrence of `context` in the file (`context` must contain `token`).
    pub fn pos(&self, rel: &str, context: &str, token: &str) -> (u64, u64) {
        pos_in(&self.read(rel), context, token).unwrap_or_else(|e| panic!("{rel}: {e}"))
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

    /// `validate --format json`: the exit code and the parsed document, whatever the code.
    pub fn validate_doc(&self) -> (i32, Value) {
        let run = self.validate(&["--format", "json"]);
        let doc = run.json();
        (run.code, doc)
    }

    /// `tollgate check --root REPO --now NOW ARGS...` (without `NO_COLOR`).
    pub fn check(&self, args: &[&str]) -> Run {
        self.check_env(args, &[])
    }

    /// `check` with extra environment variables.
    pub fn check_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = bare();
        cmd.arg("check")
            .arg("--root")
            .arg(self.path())
            .args(["--now", NOW])
            .args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Run::from_output(cmd.output().expect("run tollgate check"))
    }

    /// `check --format json`: the exit code and the parsed document.
    pub fn check_json(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let run = self.check(&all);
        let doc = run.json();
        (run.code, doc)
    }
}

/// Path of a project's file, relative to the repository root.
pub fn pfile(project: &str, file: &str) -> String {
    format!("projects/{project}/{file}")
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
