//! Test repositories built with `tollgate init`, edited line by line, and checked through the
//! binary the way a user runs it. Expected locations are computed from the files' text.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

/// Every check is judged as of this date, so expiries and reviews are deterministic.
pub const NOW: &str = "2026-11-28";

/// The PoC project of the example repository.
pub const SUPPORT: &str = "support-reply-drafts";
/// The MVP project of the example repository.
pub const CONTRACT: &str = "contract-review-assist";

/// The tollgate binary under test.
pub fn tollgate() -> assert_cmd::Command {
    crate::util::bare()
}

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from_output(out: std::process::Output) -> Run {
        Run {
            code: out
                .status
                .code()
                .expect("tollgate exited normally, not by a signal"),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    /// The standard output parsed as JSON, validated against the report schema (`--format json`).
    pub fn json(&self) -> Value {
        let doc = self.any_json();
        crate::util::assert_report_schema(&doc);
        doc
    }

    /// The standard output parsed as JSON of any kind (SARIF).
    pub fn any_json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// A governance repository in a temporary folder.
#[derive(Debug)]
pub struct Repo {
    dir: TempDir,
}

/// Path of a project's file, relative to the repository root.
pub fn pfile(project: &str, file: &str) -> String {
    format!("projects/{project}/{file}")
}

impl Repo {
    /// The example repository `tollgate init` writes.
    pub fn init() -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = tollgate()
            .arg("init")
            .arg(dir.path())
            .output()
            .expect("run tollgate init");
        let run = Run::from_output(out);
        assert_eq!(run.code, 0, "tollgate init failed: {run:?}");
        Repo { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Writes a file, creating its folder (e.g. `policies/`).
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {rel}: {e}"));
    }

    /// Replaces `from`, which must occur exactly once in the file, with `to`.
    pub fn set(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        let n = text.matches(from).count();
        assert_eq!(
            n, 1,
            "expected exactly one {from:?} in {rel}, found {n}:\n{text}"
        );
        self.write(rel, &text.replacen(from, to, 1));
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

    /// `tollgate check --root REPO --now NOW ARGS...`
    pub fn check(&self, args: &[&str]) -> Run {
        self.check_env(args, &[])
    }

    /// `check` with extra environment variables.
    pub fn check_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = tollgate();
        cmd.arg("check")
            .arg("--root")
            .arg(self.root())
            .args(["--now", NOW])
            .args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Run::from_output(cmd.output().expect("run tollgate check"))
    }

    /// `check --format json`: the exit code and the parsed document.
    pub fn json(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let run = self.check(&all);
        let doc = run.json();
        (run.code, doc)
    }
}

/// The support project's PoC accuracy result as the example writes it (156 of 200).
pub const ACCURACY_COUNTS: &str =
    "    successes: 156               # 156 of 200 drafts rated correct = 78%\n    n: 200\n";

/// Sets the support project's PoC accuracy result to `successes` of `n`.
pub fn set_accuracy(repo: &Repo, successes: u64, n: u64) {
    repo.pset(
        SUPPORT,
        "results.yaml",
        ACCURACY_COUNTS,
        &format!("    successes: {successes}\n    n: {n}\n"),
    );
}

/// See [`Repo::pos`].
pub fn pos_in(text: &str, context: &str, token: &str) -> Result<(u64, u64), String> {
    let n = text.matches(context).count();
    if n != 1 {
        return Err(format!("expected exactly one {context:?}, found {n}"));
    }
    let start = text.find(context).unwrap_or_default();
    let inner = context
        .find(token)
        .ok_or_else(|| format!("{token:?} is not inside {context:?}"))?;
    let at = start + inner;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    Ok((line as u64, column as u64))
}

/// The findings with a code (optionally of one project).
pub fn findings<'a>(doc: &'a Value, code: &str) -> Vec<&'a Value> {
    doc["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

/// A one-line-per-finding listing, for failure messages.
pub fn listing(doc: &Value) -> String {
    doc["findings"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .map(|f| {
                    format!(
                        "{} {} {}:{}:{} {}",
                        f["severity"].as_str().unwrap_or("?"),
                        f["code"].as_str().unwrap_or("?"),
                        f["file"].as_str().unwrap_or("-"),
                        f["line"],
                        f["column"],
                        f["message"].as_str().unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// The one finding with `code` at `file:line:col`; fails with the full listing otherwise.
pub fn finding_at<'a>(doc: &'a Value, code: &str, file: &str, at: (u64, u64)) -> &'a Value {
    let hits: Vec<&Value> = findings(doc, code)
        .into_iter()
        .filter(|f| {
            f["file"] == file
                && f["line"].as_u64() == Some(at.0)
                && f["column"].as_u64() == Some(at.1)
        })
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "expected one `{code}` at {file}:{}:{}, findings:\n{}",
        at.0,
        at.1,
        listing(doc)
    );
    hits[0]
}

/// Fails when any finding has `code`.
pub fn assert_no(doc: &Value, code: &str) {
    assert!(
        findings(doc, code).is_empty(),
        "unexpected `{code}`, findings:\n{}",
        listing(doc)
    );
}

/// The report of one project.
pub fn project<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["projects"]
        .as_array()
        .expect("projects array")
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no project {id} in the report"))
}

/// The KPI row of a project.
pub fn kpi<'a>(doc: &'a Value, project_id: &str, kpi_id: &str) -> &'a Value {
    project(doc, project_id)["kpis"]
        .as_array()
        .expect("kpis array")
        .iter()
        .find(|k| k["kpi"] == kpi_id)
        .unwrap_or_else(|| panic!("no KPI {kpi_id} in {project_id}"))
}

/// The error findings of a project.
pub fn errors_of<'a>(doc: &'a Value, project_id: &str) -> Vec<&'a Value> {
    doc["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .filter(|f| f["project"] == project_id && f["severity"] == "error")
        .collect()
}

#[test]
fn pos_in_counts_lines_and_characters() {
    let text = "a: 1\nstatus: pending\n  名前: agreed\n";
    assert_eq!(pos_in(text, "status: pending", "pending"), Ok((2, 9)));
    assert_eq!(pos_in(text, "名前: agreed", "agreed"), Ok((3, 7)));
    assert!(pos_in(text, ": ", ":").is_err(), "ambiguous context");
    assert!(pos_in(text, "status", "nope").is_err());
}
