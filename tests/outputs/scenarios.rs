//! The repositories whose outputs are checked: built with the example `tollgate init` writes,
//! then edited the way a pull request's author could edit them.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::harness::tollgate;
use crate::harness::{GitRepo, OWNER};

/// Judged as of this date, so that outputs do not depend on today.
pub const NOW: &str = "2026-11-28";

/// A governance root folder whose name needs escaping everywhere a path goes: a space, `%`, `,`
/// and `:` (`:` and `,` separate workflow-command properties, `%` starts an escape there and in
/// URIs, a space is no URI character).
pub const ODD_ROOT: &str = "gov a%b,c:d";

/// A project folder name with the same characters.
pub const ODD_PROJECT: &str = "x y%z,w:v";

/// What a pull request's author can put in a project's name, a title or a rationale to make the
/// Markdown report do something: HTML, a mention, issue references, formatting, a link, a pipe
/// that would end a table cell, math.
pub const HOSTILE: &str = "Drafts <img src=x onerror=alert(1)> <b>bold</b> @octocat #123 GH-45 \
                           **strong** _em_ `tick` [link](https://example.com) a|b ~gone~ $x$ \
                           &amp; <!-- c -->";

/// The same kind of text as a YAML key: an unknown key is quoted in the finding's message.
pub const HOSTILE_KEY: &str = "<script>x</script> @octocat #77";

/// A key with an odd backtick, which unbalances the message's code spans.
pub const BACKTICK_KEY: &str = "tick`<i>@hubot</i> #88";

/// The PoC project of the example.
pub const SUPPORT: &str = "support-reply-drafts";

/// One checked repository: where the git repository's top is (if any), where the governance root
/// is, and the temporary folders that hold them.
pub struct Scenario {
    /// The top of the git repository (`None`: not in one).
    pub top: Option<PathBuf>,
    pub root: PathBuf,
    /// The commit of the unedited example (git scenarios).
    pub first: Option<String>,
    _dirs: Vec<TempDir>,
    git: Option<GitRepo>,
}

impl Scenario {
    /// A git repository whose governance root is the subfolder [`ODD_ROOT`], with one commit of
    /// the example, then uncommitted edits: a sign-off set back to pending (a blocking error at
    /// a known position), [`HOSTILE`] text in the PoC project's name, a KPI name, a governance
    /// title and a new decision's rationale, an unknown key in people.yaml (a repository-level
    /// error), and a copy of the PoC project in the folder [`ODD_PROJECT`].
    pub fn subfolder() -> Scenario {
        let git = GitRepo::empty();
        let root = git.file(ODD_ROOT);
        tollgate::scaffold::write(&root, false).unwrap();
        let first = git.commit("Initial import (#1)", OWNER);
        let scenario = Scenario {
            top: Some(git.path().to_path_buf()),
            root,
            first: Some(first),
            _dirs: Vec::new(),
            git: Some(git),
        };
        scenario.hostile_edits();
        let from = scenario.root.join("projects").join(SUPPORT);
        let to = scenario.root.join("projects").join(ODD_PROJECT);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(&from).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
        scenario
    }

    /// The example in a folder of a temporary directory that is no git repository (so the
    /// history checks report `history-unavailable`, a finding about no file), with the same
    /// hostile edits; the folder's name has a space, `%`, `,` and `:`.
    pub fn outside_git() -> Scenario {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("demo dir %,:");
        tollgate::scaffold::write(&root, false).unwrap();
        let scenario = Scenario {
            top: None,
            root,
            first: None,
            _dirs: vec![dir],
            git: None,
        };
        scenario.hostile_edits();
        scenario
    }

    fn hostile_edits(&self) {
        let support = format!("projects/{SUPPORT}");
        self.edit(
            &format!("{support}/governance.yaml"),
            "    approver: watanabe-aya\n    status: agreed\n    agreed_at: 2026-08-31\n",
            "    approver: watanabe-aya\n    status: pending\n",
        );
        self.edit(
            &format!("{support}/project.yaml"),
            "name: Reply drafts for customer-support inquiries",
            &format!("name: {}", yaml_string(HOSTILE)),
        );
        self.edit(
            &format!("{support}/kpis.yaml"),
            "name: Draft answer accuracy",
            &format!("name: {}", yaml_string(&format!("KPI {HOSTILE}"))),
        );
        // The title of the item whose sign-off was just withdrawn (so that `diff` shows it too).
        let gov = self.read(&format!("{support}/governance.yaml"));
        let at = gov
            .find("approver: watanabe-aya\n    status: pending")
            .unwrap();
        let title = gov[..at].rfind("title:").unwrap();
        let end = title + gov[title..].find('\n').unwrap();
        let line = gov[title..end].to_string();
        self.edit(
            &format!("{support}/governance.yaml"),
            &line,
            &format!("title: {}", yaml_string(&format!("Item {HOSTILE}"))),
        );
        self.edit(
            &format!("{support}/decisions.yaml"),
            "decisions: []\n",
            &format!(
                "decisions:\n  - id: poc-gate\n    gate: poc\n    outcome: continue\n    \
                 decided_by: yamamoto-kenji\n    decided_at: 2026-11-20\n    rationale: {}\n",
                yaml_string(&format!("Why {HOSTILE}"))
            ),
        );
        self.edit(
            "people.yaml",
            "    github: kyamamoto-example\n",
            &format!(
                "    github: kyamamoto-example\n    {}: 1\n    {}: 2\n",
                yaml_string(HOSTILE_KEY),
                yaml_string(BACKTICK_KEY)
            ),
        );
    }

    /// Replaces the one occurrence of `from` in a file of the governance root.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(from).count(), 1, "`{from}` in {rel}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    /// The governance root relative to the repository's top (`""` outside git).
    pub fn prefix(&self) -> String {
        match &self.top {
            Some(top) => self
                .root
                .strip_prefix(top)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/"),
            None => String::new(),
        }
    }

    /// A path relative to the governance root, as it must leave tollgate: relative to the
    /// repository's top.
    pub fn outbound(&self, rel: &str) -> String {
        let prefix = self.prefix();
        if prefix.is_empty() {
            rel.to_string()
        } else {
            format!("{prefix}/{rel}")
        }
    }

    /// The folder repository-relative paths start from: the top of the git repository, else the
    /// governance root.
    pub fn base(&self) -> &Path {
        self.top.as_deref().unwrap_or(&self.root)
    }

    /// Runs `tollgate ARGS --root ROOT` (and `--now` for the commands that judge dates).
    pub fn run(&self, args: &[&str]) -> Output {
        let mut cmd = tollgate();
        cmd.args(args).arg("--root").arg(&self.root);
        if matches!(args.first(), Some(&"check" | &"comment" | &"diff")) {
            cmd.args(["--now", NOW]);
        }
        let out = cmd.output().unwrap();
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Commits the working tree (only in a git scenario).
    pub fn commit(&self, message: &str) {
        if let Some(git) = &self.git {
            git.commit(message, OWNER);
        }
    }
}

/// What one run printed.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `s` as a double-quoted YAML scalar.
pub fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}
