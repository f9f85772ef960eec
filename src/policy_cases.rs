//! The runner of policy test cases (`tollgate policy test`): policy unit tests in the manner of
//! `conftest verify` and `kyverno test`. A case is a YAML file naming a base repository, edits to
//! apply to it in memory (set a value by JSON pointer, append to a list, remove a file), the date
//! to judge at, and what the evaluation must say about one project: readiness, recommended
//! outcome, codes present or absent.
//!
//! A command of its own, above the whole pipeline it drives (source, load, policy, evaluate):
//! [`crate::policy`] only parses and builds policies and never runs one.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::evaluate;
use crate::findings::Code;
use crate::load::{self, LoadOptions};
use crate::model::{Date, Outcome};
use crate::source::{MemoryTree, WorkTree};

/// One case file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What the case shows, printed with PASS or FAIL.
    pub description: String,
    /// The base repository, relative to the case file.
    pub repo: String,
    /// The date to evaluate at.
    pub now: Date,
    /// Values to set before evaluating.
    #[serde(default)]
    pub set: Vec<Edit>,
    /// Files to remove before evaluating.
    #[serde(default)]
    pub remove: Vec<String>,
    /// What the evaluation must say.
    pub expect: Expect,
}

/// Sets the value at a JSON pointer of a file (`/-` appends to a list).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    /// The file, from the base repository's top.
    pub file: String,
    /// The JSON pointer of the value.
    pub pointer: String,
    /// The new value.
    pub value: Value,
}

/// What the evaluation must say about one project.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The project's id.
    pub project: String,
    /// Whether the gate must be ready.
    #[serde(default)]
    pub ready: Option<bool>,
    /// The recommended outcome; `none` for "the criteria cannot decide".
    #[serde(default)]
    pub recommended: Option<String>,
    /// Finding codes that must be there.
    #[serde(default)]
    pub codes: Vec<String>,
    /// Finding codes that must not be there.
    #[serde(default)]
    pub absent: Vec<String>,
}

/// The result of one case.
#[derive(Debug)]
pub struct CaseResult {
    /// The case file.
    pub file: PathBuf,
    /// Its description.
    pub description: String,
    /// Empty when the case passed.
    pub failures: Vec<String>,
}

/// Why a case could not be run at all (an input error, exit 2).
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// The case file (or folder) and what is wrong with it.
    #[error("{file}: {message}")]
    Invalid {
        /// The case file or folder.
        file: String,
        /// What is wrong.
        message: String,
    },
}

/// Runs every `*.yaml` case directly in `dir`, in name order.
pub fn run_dir(dir: &Path) -> Result<Vec<CaseResult>, CaseError> {
    let invalid = |message: String| CaseError::Invalid {
        file: dir.display().to_string(),
        message,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| invalid(format!("cannot read the folder: {e}")))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(invalid("no *.yaml case files".into()));
    }
    paths.iter().map(|p| run_case(p)).collect()
}

/// Runs one case file.
pub fn run_case(path: &Path) -> Result<CaseResult, CaseError> {
    let file = path.display().to_string();
    let invalid = |message: String| CaseError::Invalid {
        file: file.clone(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| invalid(format!("cannot read: {e}")))?;
    let doc = crate::text::yaml::parse(&text).map_err(|e| {
        let at = e
            .pos
            .map(|p| format!("{}:{}: ", p.line, p.column))
            .unwrap_or_default();
        invalid(format!("{at}{}", e.message))
    })?;
    let case: Case = serde_json::from_value(doc.value)
        .map_err(|e| invalid(format!("not a policy test case: {e}")))?;
    let base = path.parent().unwrap_or(Path::new(".")).join(&case.repo);
    let source = WorkTree::open(&base).map_err(|e| invalid(e.to_string()))?;
    let cap = crate::model::Config::default().max_file_bytes;
    let mut tree = MemoryTree::copy_from(&source, base.display().to_string(), cap)
        .map_err(|e| invalid(e.to_string()))?;
    for edit in &case.set {
        apply(&mut tree, edit).map_err(invalid)?;
    }
    for removed in &case.remove {
        if !tree.remove(removed) {
            return Err(invalid(format!(
                "`remove: {removed}`: no such file in the base repository"
            )));
        }
    }
    let snap = load::load(&tree, &LoadOptions::default()).map_err(|e| invalid(e.to_string()))?;
    let mut failures = Vec::new();
    let policy = match crate::policy::build(&snap) {
        Ok(p) => p,
        Err(problems) => {
            let list: Vec<String> = problems.iter().map(|f| f.message.clone()).collect();
            return Err(invalid(format!(
                "the policy is invalid: {}",
                list.join("; ")
            )));
        }
    };
    let eval = match evaluate::evaluate(&snap, &policy, case.now) {
        Ok(eval) => eval,
        Err(e) => {
            failures.push(format!(
                "evaluation failed: {}",
                e.findings
                    .iter()
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
            return Ok(CaseResult {
                file: path.to_path_buf(),
                description: case.description,
                failures,
            });
        }
    };
    let ex = &case.expect;
    let Some(project) = eval.projects.iter().find(|p| p.id == ex.project) else {
        return Err(invalid(format!(
            "no project `{}` in the repository",
            ex.project
        )));
    };
    if let Some(ready) = ex.ready
        && project.ready != ready
    {
        failures.push(format!("expected ready: {ready}, got {}", project.ready));
    }
    if let Some(want) = &ex.recommended {
        let got = project.recommended.map_or("none", Outcome::as_str);
        if got != want {
            failures.push(format!(
                "expected recommended: {want}, got {got} ({})",
                project.reason
            ));
        }
    }
    let codes: Vec<&str> = eval
        .project_findings(&ex.project)
        .map(|f| f.code.as_str())
        .collect();
    for code in ex.codes.iter().chain(&ex.absent) {
        if Code::parse(code).is_none() {
            return Err(invalid(format!("`{code}` is not a finding code")));
        }
    }
    for code in &ex.codes {
        if !codes.contains(&code.as_str()) {
            failures.push(format!("expected finding `{code}`; got: {}", list(&codes)));
        }
    }
    for code in &ex.absent {
        if codes.contains(&code.as_str()) {
            failures.push(format!("expected no finding `{code}`, but it is there"));
        }
    }
    Ok(CaseResult {
        file: path.to_path_buf(),
        description: case.description,
        failures,
    })
}

fn list(codes: &[&str]) -> String {
    if codes.is_empty() {
        "none".into()
    } else {
        codes.join(", ")
    }
}

/// Applies one edit: the file is parsed, changed, and written back as JSON (which is YAML).
fn apply(tree: &mut MemoryTree, edit: &Edit) -> Result<(), String> {
    let bytes = tree.get(&edit.file).ok_or_else(|| {
        format!(
            "`set` names `{}`, which the base repository does not have",
            edit.file
        )
    })?;
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut value = crate::text::yaml::parse(&text)
        .map_err(|e| format!("{}: {}", edit.file, e.message))?
        .value;
    let (parent, last) = edit
        .pointer
        .rsplit_once('/')
        .ok_or_else(|| format!("`{}` is not a JSON pointer", edit.pointer))?;
    let target = value
        .pointer_mut(parent)
        .ok_or_else(|| format!("{}: nothing at `{parent}`", edit.file))?;
    match target {
        Value::Array(items) if last == "-" => items.push(edit.value.clone()),
        Value::Array(items) => {
            let i: usize = last
                .parse()
                .map_err(|_| format!("`{last}` is not a list index"))?;
            let slot = items
                .get_mut(i)
                .ok_or_else(|| format!("{}: no item {i} at `{parent}`", edit.file))?;
            *slot = edit.value.clone();
        }
        Value::Object(map) => {
            let key = last.replace("~1", "/").replace("~0", "~");
            map.insert(key, edit.value.clone());
        }
        _ => {
            return Err(format!(
                "{}: `{parent}` is neither a list nor a mapping",
                edit.file
            ));
        }
    }
    let json = serde_json::to_vec_pretty(&value).map_err(|e| e.to_string())?;
    tree.insert(edit.file.clone(), json);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/tests")
    }

    #[test]
    fn shipped_cases_cover_every_gate_and_outcome_and_pass() {
        let results = run_dir(&shipped()).expect("cases run");
        let failed: Vec<_> = results.iter().filter(|r| !r.failures.is_empty()).collect();
        assert!(failed.is_empty(), "{failed:#?}");
        let mut outcomes = std::collections::BTreeSet::new();
        for r in &results {
            let text = std::fs::read_to_string(&r.file).expect("readable");
            let case: Case =
                serde_json::from_value(crate::text::yaml::parse(&text).expect("yaml").value)
                    .expect("case");
            if let Some(o) = case.expect.recommended {
                outcomes.insert(o);
            }
        }
        for o in [
            "continue",
            "stop",
            "redesign",
            "production",
            "rollout",
            "limited",
            "none",
        ] {
            assert!(
                outcomes.contains(o),
                "no shipped case recommends {o}: {outcomes:?}"
            );
        }
    }

    #[test]
    fn a_wrong_expectation_fails_with_the_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("scaffold");
        let case = format!(
            "description: wrong on purpose\nrepo: {}\nnow: 2026-11-28\nset:\n  - {{file: projects/support-reply-drafts/results.yaml, pointer: /results/0/successes, value: 120}}\nexpect:\n  project: support-reply-drafts\n  recommended: continue\n  codes: [roles-not-separated]\n  absent: [kpi-below-threshold]\n",
            base.display()
        );
        let path = dir.path().join("wrong.yaml");
        std::fs::write(&path, case).expect("write");
        let r = run_case(&path).expect("runs");
        assert_eq!(r.failures.len(), 3, "{:?}", r.failures);
        assert!(r.failures[0].contains("expected recommended: continue, got redesign"));
    }

    #[test]
    fn a_case_naming_a_missing_file_is_an_input_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("scaffold");
        let case = format!(
            "description: bad\nrepo: {}\nnow: 2026-11-28\nset:\n  - {{file: nope.yaml, pointer: /a, value: 1}}\nexpect: {{project: x}}\n",
            base.display()
        );
        let path = dir.path().join("bad.yaml");
        std::fs::write(&path, case).expect("write");
        let err = run_case(&path).expect_err("input error");
        assert!(err.to_string().contains("nope.yaml"), "{err}");
    }
}
