//! Builds real git repositories for the history tests: the example governance repository from
//! `tollgate init`, then scripted commits with fixed authors and dates (so commit ids are stable).

#![allow(clippy::unwrap_used)]

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

pub const OWNER: (&str, &str) = ("Kenji Yamamoto", "kenji.yamamoto@example.com");
pub const TECH: (&str, &str) = ("Daisuke Suzuki", "daisuke.suzuki@example.com");
pub const IT: (&str, &str) = ("Sho Nakamura", "sho.nakamura@example.com");
pub const STRANGER: (&str, &str) = ("Somebody Else", "somebody@elsewhere.example");

/// The PoC project of the example.
pub const POC: &str = "projects/support-reply-drafts";
/// The MVP project of the example (it has one recorded decision, `poc-gate`).
pub const MVP: &str = "projects/contract-review-assist";

pub struct GitRepo {
    dir: TempDir,
    clock: Cell<i64>,
}

impl GitRepo {
    /// An empty git repository on branch `main`.
    pub fn empty() -> GitRepo {
        let repo = GitRepo {
            dir: tempfile::tempdir().unwrap(),
            clock: Cell::new(1_790_000_000),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// The example repository, committed once by the owner as "Initial import (#1)".
    pub fn example() -> GitRepo {
        GitRepo::example_with(|_| {})
    }

    /// The example repository with `prepare` applied to the files before the import commit
    /// (for example signing keys added to people.yaml, so that the range's base has them).
    pub fn example_with(prepare: impl FnOnce(&GitRepo)) -> GitRepo {
        let repo = GitRepo::empty();
        tollgate::scaffold::write(repo.path(), false).unwrap();
        prepare(&repo);
        repo.commit("Initial import (#1)", OWNER);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.file(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Replaces the one occurrence of `from` in a file.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert_eq!(text.matches(from).count(), 1, "`{from}` in {rel}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Appends to a file.
    pub fn append(&self, rel: &str, text: &str) {
        let old = self.read(rel);
        self.write(rel, &format!("{old}{text}"));
    }

    /// Runs git with a clean, fixed environment; returns trimmed stdout.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_as(args, OWNER)
    }

    pub fn git_as(&self, args: &[&str], who: (&str, &str)) -> String {
        self.git_by(args, who, who)
    }

    /// Runs git with `author` and `committer` as the commit identities.
    pub fn git_by(&self, args: &[&str], author: (&str, &str), committer: (&str, &str)) -> String {
        let t = self.clock.get() + 3600;
        self.clock.set(t);
        let date = format!("@{t} +0900");
        let out = Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("HOME", self.path())
            .env("GIT_AUTHOR_NAME", author.0)
            .env("GIT_AUTHOR_EMAIL", author.1)
            .env("GIT_COMMITTER_NAME", committer.0)
            .env("GIT_COMMITTER_EMAIL", committer.1)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Commits everything (additions and deletions) as `who`; returns the commit id.
    pub fn commit(&self, message: &str, who: (&str, &str)) -> String {
        self.git(&["add", "-A"]);
        self.git_as(&["commit", "-q", "--allow-empty", "-m", message], who);
        self.head()
    }

    /// Commits everything as `who`, signed with `key` the way an approver's git does it
    /// (`gpg.format=ssh`, `user.signingkey`); returns the commit id.
    pub fn commit_signed(&self, message: &str, who: (&str, &str), key: &SshKey) -> String {
        self.commit_signed_by(message, who, who, key)
    }

    /// Like [`Self::commit_signed`], with a committer other than the author.
    pub fn commit_signed_by(
        &self,
        message: &str,
        author: (&str, &str),
        committer: (&str, &str),
        key: &SshKey,
    ) -> String {
        self.git(&["add", "-A"]);
        let signing_key = format!("user.signingkey={}", key.private.display());
        self.git_by(
            &[
                "-c",
                "gpg.format=ssh",
                "-c",
                &signing_key,
                "commit",
                "-S",
                "-q",
                "--allow-empty",
                "-m",
                message,
            ],
            author,
            committer,
        );
        self.head()
    }

    /// A new ed25519 key pair made by `ssh-keygen` (in `.git/`, so it is never committed).
    pub fn ssh_key(&self, name: &str) -> SshKey {
        SshKey::generate(&self.path().join(".git/test-keys"), name)
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"])
    }

    /// `tollgate ARGS --root <repo>`, with no CI environment leaking in.
    pub fn tollgate(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = super::tollgate();
        cmd.args(args).arg("--root").arg(self.path());
        cmd
    }

    /// Runs tollgate and parses its JSON standard output (validated against the report schema).
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.tollgate(args).output().unwrap();
        assert!(
            !out.stdout.is_empty(),
            "no output; stderr {}",
            String::from_utf8_lossy(&out.stderr)
        );
        super::report_json(&out.stdout)
    }

    /// `check --format json --now NOW`: the exit status and the document.
    pub fn check_json(&self) -> (i32, serde_json::Value) {
        json_at(
            self.path(),
            &["check", "--format", "json", "--now", super::NOW],
            &[],
        )
    }

    /// A shallow clone (depth 1) of this repository, as GitHub's checkout makes by default.
    pub fn shallow_clone(&self) -> TempDir {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("file://{}", self.path().display());
        let target = dir.path().join("clone");
        self.git(&[
            "clone",
            "-q",
            "--depth",
            "1",
            &url,
            target.to_str().unwrap(),
        ]);
        dir
    }
}

/// An SSH key pair for signing commits, made by `ssh-keygen`.
#[derive(Clone, Debug)]
pub struct SshKey {
    pub private: PathBuf,
    /// The public key line (`ssh-ed25519 AAAA… comment`), as people.yaml lists it.
    pub public: String,
}

impl SshKey {
    /// Makes a key pair in `dir`. Panics with what to install when `ssh-keygen` is missing: the
    /// signed-commit tests need it (git signs through it), and they must not pass by skipping.
    pub fn generate(dir: &Path, name: &str) -> SshKey {
        std::fs::create_dir_all(dir).unwrap();
        let private = dir.join(name);
        let out = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C"])
            .arg(format!("{name}@keys.example"))
            .arg("-f")
            .arg(&private)
            .output()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run ssh-keygen ({e}): the signed-commit tests need it to make keys \
                     and git needs it to sign; install OpenSSH's client (Debian: apt-get install \
                     openssh-client)"
                )
            });
        assert!(
            out.status.success(),
            "ssh-keygen failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let public = std::fs::read_to_string(format!("{}.pub", private.display()))
            .unwrap()
            .trim()
            .to_string();
        SshKey { private, public }
    }
}

/// Lists `key` under `signing_keys` of person `id` in people.yaml (after their `github` line).
/// `tollgate ARGS --root ROOT` with `env` added (ROOT: a repository, one of its clones or a
/// folder in it): the exit status and the JSON document printed, checked against the report
/// schema; without one, the failure shows standard error.
pub fn json_at(root: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, serde_json::Value) {
    let mut cmd = super::tollgate();
    cmd.args(args).arg("--root").arg(root);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        !out.stdout.is_empty(),
        "no output; stderr {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap_or(-1),
        super::report_json(&out.stdout),
    )
}

pub fn add_signing_key(repo: &GitRepo, id: &str, key: &SshKey) {
    let text = repo.read("people.yaml");
    let start = text.find(&format!("  - id: {id}\n")).unwrap();
    let github = start + text[start..].find("    github: ").unwrap();
    let end = github + text[github..].find('\n').unwrap() + 1;
    let mut new = text.clone();
    new.insert_str(end, &format!("    signing_keys: [\"{}\"]\n", key.public));
    repo.write("people.yaml", &new);
}

/// Makes the folder `path` a git repository whose one commit (by the owner) holds everything in
/// it, as a clone with its history would be; returns the commit id.
pub fn commit_folder(path: &Path) -> String {
    let repo = GitRepo {
        dir: tempfile::tempdir().unwrap(),
        clock: Cell::new(1_790_000_000),
    };
    let at = |args: &[&str]| {
        let mut all = vec!["-C", path.to_str().unwrap()];
        all.extend_from_slice(args);
        repo.git(&all)
    };
    at(&["init", "-q", "-b", "main"]);
    at(&["add", "-A"]);
    at(&["commit", "-q", "-m", "Initial import (#1)"]);
    at(&["rev-parse", "HEAD"])
}

/// A decision entry, as appended to decisions.yaml.
pub fn decision(id: &str, gate: &str, outcome: &str, by: &str, rationale: &str) -> String {
    format!(
        "  - id: {id}\n    gate: {gate}\n    outcome: {outcome}\n    decided_by: {by}\n    decided_at: 2026-11-20\n    rationale: {rationale}\n"
    )
}

/// Records the PoC gate decision `continue` in the PoC project (an empty list before).
pub fn record_poc_decision(repo: &GitRepo) {
    repo.edit(
        &format!("{POC}/decisions.yaml"),
        "decisions: []\n",
        &format!(
            "decisions:\n{}",
            decision(
                "poc-gate",
                "poc",
                "continue",
                "yamamoto-kenji",
                "Accuracy 78% clears 70%."
            )
        ),
    );
}

/// The audit-log item of the PoC project, pending in the example, set to agreed.
pub fn agree_audit_log(repo: &GitRepo) {
    let path = format!("{POC}/governance.yaml");
    let text = repo.read(&path);
    let at = text.find("prompt-audit-log").unwrap();
    let status = at + text[at..].find("status: pending").unwrap();
    let mut new = text.clone();
    new.replace_range(
        status..status + "status: pending".len(),
        "status: agreed\n    agreed_at: 2026-11-20",
    );
    repo.write(&path, &new);
}
