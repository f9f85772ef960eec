//! The GitHub Action's own parts, run as the runner runs them: the install script against a
//! release server on loopback, the history fetch against real shallow clones, and the workflow
//! files tollgate ships.

mod history;
mod install;
mod workflows;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A script of `scripts/`.
fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(name)
}

/// Runs `bash scripts/NAME ARGS` in `cwd` with only `env` (plus `PATH` and `HOME` unless given),
/// as a composite action's step runs it.
fn run_script(name: &str, args: &[&str], cwd: &Path, env: &[(&str, String)]) -> Output {
    let mut cmd = Command::new("bash");
    cmd.arg(script(name))
        .args(args)
        .current_dir(cwd)
        .env_clear();
    for keep in ["PATH", "HOME"] {
        if let Some(value) = std::env::var_os(keep) {
            cmd.env(keep, value);
        }
    }
    for (name, value) in env {
        cmd.env(name, value);
    }
    cmd.output().expect("bash runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Writes an executable shell script.
fn executable(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).expect("write");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}
