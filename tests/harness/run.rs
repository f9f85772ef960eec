//! Running the `tollgate` binary as a user would, in a controlled environment: nothing inherited
//! but `PATH` and `HOME` (tests add the `GITHUB_*` / `CI` variables they mean), and the outcome of
//! one run.

use serde_json::Value;

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
    for (key, value) in kept_env() {
        cmd.env(key, value);
    }
    cmd
}

/// [`tollgate`] as a `std::process::Command`, for a test that must hold the running process
/// (spawn it, close its pipes, wait for it).
pub fn spawnable() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_tollgate"));
    cmd.env_clear();
    for (key, value) in kept_env() {
        cmd.env(key, value);
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

/// The only variables a run inherits.
fn kept_env() -> Vec<(&'static str, std::ffi::OsString)> {
    ["PATH", "HOME"]
        .into_iter()
        .filter_map(|keep| std::env::var_os(keep).map(|value| (keep, value)))
        .collect()
}

/// The outcome of one run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// A run whose output must be UTF-8 and which must have exited normally (not by a signal).
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

    /// A run read leniently: bytes that are not UTF-8 are replaced, and a signal (a crash) gives
    /// the code -1, which never matches an expected status.
    pub fn lossy(out: std::process::Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

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

    /// The standard output parsed as JSON, validated against the report schema (`--format json`).
    pub fn json(&self) -> Value {
        let doc = self.any_json();
        super::json::assert_report_schema(&doc);
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

/// Runs `tollgate` with `args`.
pub fn run(args: &[&str]) -> Run {
    run_cmd(tollgate().args(args))
}

/// Runs a prepared command; see [`Run::lossy`].
pub fn run_cmd(cmd: &mut assert_cmd::Command) -> Run {
    Run::lossy(cmd.output().expect("tollgate runs"))
}
