//! `scripts/install-tollgate.sh`: the release binary of the action's ref from a release server on
//! loopback, verified against the release's `sha256.sum`; failures said clearly; nothing from the
//! workspace (the pull request's files) run, whatever it holds.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Instant;

use tempfile::TempDir;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{executable, run_script, text};

const REPOSITORY: &str = "octo-org/tollgate";
const REF: &str = "v1.2.3";
const ARCHIVE: &str = "tollgate-x86_64-unknown-linux-musl.tar.gz";
/// What the stand-in binary in the release archive prints for `--version`.
const VERSION: &str = "tollgate 1.2.3-loopback";

/// A runner's scratch space, a workspace holding a hostile pull request, and the release
/// archive.
struct Runner {
    dir: TempDir,
    archive: Vec<u8>,
}

impl Runner {
    fn new() -> Runner {
        let mut runner = Runner {
            dir: tempfile::tempdir().expect("tempdir"),
            archive: Vec::new(),
        };
        std::fs::create_dir_all(runner.temp()).expect("runner temp");
        runner.hostile_workspace();
        runner.archive = runner.release_archive();
        runner
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn temp(&self) -> PathBuf {
        self.path("runner-temp")
    }

    fn workspace(&self) -> PathBuf {
        self.path("workspace")
    }

    /// Set by anything from the workspace that runs.
    fn marker(&self) -> PathBuf {
        self.path("workspace-code-ran")
    }

    /// What a pull request can add: a toolchain override whose `cargo` and `rustc` are its own, a
    /// cargo configuration, and look-alikes of every tool the script uses, first on PATH.
    fn hostile_workspace(&self) {
        let ws = self.workspace();
        let marker = self.marker();
        let evil = format!("echo \"$0 $*\" >> '{}'; exit 0", marker.display());
        for tool in ["cargo", "rustc"] {
            executable(&ws.join("evil-toolchain/bin").join(tool), &evil);
        }
        std::fs::write(
            ws.join("rust-toolchain.toml"),
            format!(
                "[toolchain]\npath = \"{}\"\n",
                ws.join("evil-toolchain").display()
            ),
        )
        .expect("toolchain file");
        std::fs::create_dir_all(ws.join(".cargo")).expect("mkdir");
        std::fs::write(
            ws.join(".cargo/config.toml"),
            format!(
                "[build]\nrustc-wrapper = \"{}\"\n",
                ws.join("evil-toolchain/bin/rustc").display()
            ),
        )
        .expect("cargo config");
        for tool in [
            "curl",
            "tar",
            "sha256sum",
            "shasum",
            "awk",
            "find",
            "mv",
            "unzip",
            "cargo",
            "rustup",
        ] {
            executable(&ws.join("bin").join(tool), &evil);
        }
    }

    /// A release archive as the release workflow makes it: a folder named after the archive
    /// holding the binary (here a stand-in that prints its version).
    fn release_archive(&self) -> Vec<u8> {
        let stage = self.path("stage");
        let folder = stage.join("tollgate-x86_64-unknown-linux-musl");
        executable(
            &folder.join("tollgate"),
            &format!("[ \"$1\" = --version ] && echo '{VERSION}'"),
        );
        let out = std::process::Command::new("tar")
            .args([
                "-czf",
                "release.tar.gz",
                "tollgate-x86_64-unknown-linux-musl",
            ])
            .current_dir(&stage)
            .output()
            .expect("tar runs");
        assert!(out.status.success(), "{}", text(&out.stderr));
        std::fs::read(stage.join("release.tar.gz")).expect("archive")
    }

    /// Runs the install script as action.yml does, from the workspace, with the workspace's
    /// tools first on PATH.
    fn install(&self, mode: &str, releases: &str, extra: &[(&str, String)]) -> Output {
        let path = format!(
            "{}:{}",
            self.workspace().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut env = vec![
            ("PATH", path),
            ("RUNNER_TEMP", self.temp().display().to_string()),
            ("RUNNER_OS", "Linux".to_string()),
            ("RUNNER_ARCH", "X64".to_string()),
            ("TOLLGATE_REPOSITORY", REPOSITORY.to_string()),
            ("TOLLGATE_REF", REF.to_string()),
            ("TOLLGATE_RELEASES_URL", releases.to_string()),
            (
                "TOLLGATE_ACTION_PATH",
                self.path("action").display().to_string(),
            ),
            ("TOLLGATE_TOOLCHAIN", "1.89.0".to_string()),
            ("GITHUB_OUTPUT", self.path("output").display().to_string()),
            ("GITHUB_PATH", self.path("path").display().to_string()),
        ];
        env.extend(extra.iter().cloned());
        run_script("install-tollgate.sh", &[mode], &self.workspace(), &env)
    }

    fn outputs(&self) -> String {
        std::fs::read_to_string(self.path("output")).unwrap_or_default()
    }

    fn installed(&self) -> PathBuf {
        self.temp()
            .join("tollgate-install")
            .join(REF)
            .join("bin/tollgate")
    }

    #[track_caller]
    fn assert_no_workspace_code_ran(&self) {
        assert!(
            !self.marker().exists(),
            "workspace code ran: {}",
            std::fs::read_to_string(self.marker()).unwrap_or_default()
        );
    }
}

/// A release server on loopback: `sha256.sum` and the archive with the given answers.
async fn release_server(sums: (u16, String), archive: (u16, Vec<u8>)) -> MockServer {
    let server = MockServer::start().await;
    let base = format!("/{REPOSITORY}/releases/download/{REF}");
    Mock::given(method("GET"))
        .and(path(format!("{base}/sha256.sum")))
        .respond_with(ResponseTemplate::new(sums.0).set_body_string(sums.1))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{base}/{ARCHIVE}")))
        .respond_with(ResponseTemplate::new(archive.0).set_body_bytes(archive.1))
        .mount(&server)
        .await;
    server
}

fn sums_for(bytes: &[u8]) -> String {
    format!(
        "{}  tollgate-aarch64-apple-darwin.tar.gz\n{}  {ARCHIVE}\n",
        "0".repeat(64),
        sha256_hex(bytes)
    )
}

#[tokio::test]
async fn a_good_checksum_installs_the_release_binary_under_runner_temp() {
    let runner = Runner::new();
    let server = release_server(
        (200, sums_for(&runner.archive)),
        (200, runner.archive.clone()),
    )
    .await;
    let started = Instant::now();
    let out = runner.install("release", &server.uri(), &[]);
    let took = started.elapsed();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let bin = runner.installed();
    assert!(bin.starts_with(runner.temp()), "{}", bin.display());
    assert!(
        stderr.contains(&format!("installed {VERSION} from release {REF}")),
        "{stderr}"
    );
    assert_eq!(
        runner.outputs(),
        format!("path={}\nfound=true\n", bin.display())
    );
    assert_eq!(
        std::fs::read_to_string(runner.path("path")).expect("GITHUB_PATH"),
        format!("{}\n", bin.parent().expect("bin dir").display())
    );
    let version = std::process::Command::new(&bin)
        .arg("--version")
        .output()
        .expect("installed binary runs");
    assert_eq!(text(&version.stdout).trim(), VERSION);
    runner.assert_no_workspace_code_ran();
    #[allow(clippy::print_stderr)]
    {
        eprintln!("install step (loopback release server) took {took:?}");
    }
}

#[tokio::test]
async fn a_bad_checksum_installs_nothing_and_says_both_sums() {
    let runner = Runner::new();
    let mut tampered = runner.archive.clone();
    tampered.extend_from_slice(b"appended by an attacker");
    let server = release_server((200, sums_for(&runner.archive)), (200, tampered.clone())).await;
    let out = runner.install("release", &server.uri(), &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "tollgate install: error: checksum mismatch for {ARCHIVE} of release {REF}: \
             expected {}, got {}; nothing was installed",
            sha256_hex(&runner.archive),
            sha256_hex(&tampered)
        )),
        "{stderr}"
    );
    assert!(!runner.installed().exists());
    assert!(!runner.outputs().contains("path="), "{}", runner.outputs());
    runner.assert_no_workspace_code_ran();
    #[allow(clippy::print_stderr)]
    {
        eprintln!("bad checksum printed: {stderr}");
    }
}

#[tokio::test]
async fn a_missing_asset_fails_clearly() {
    let runner = Runner::new();
    // Listed in sha256.sum, but the archive itself is gone.
    let server = release_server((200, sums_for(&runner.archive)), (404, Vec::new())).await;
    let out = runner.install("release", &server.uri(), &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("lists {ARCHIVE} but it is missing (HTTP 404")),
        "{stderr}"
    );
    // Not listed at all: no build for this platform in that release.
    let listed_elsewhere = format!("{}  tollgate-aarch64-apple-darwin.tar.gz\n", "1".repeat(64));
    let other = release_server((200, listed_elsewhere), (200, runner.archive.clone())).await;
    let out = runner.install("release", &other.uri(), &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("has no {ARCHIVE} in sha256.sum")),
        "{stderr}"
    );
    assert!(!runner.installed().exists());
    runner.assert_no_workspace_code_ran();
}

#[tokio::test]
async fn http_errors_fail_clearly_and_never_fall_back() {
    let runner = Runner::new();
    let cases = [
        (
            (500, String::new()),
            (200, runner.archive.clone()),
            "sha256.sum: HTTP 500",
        ),
        (
            (403, String::new()),
            (200, runner.archive.clone()),
            "sha256.sum: HTTP 403",
        ),
        (
            (200, sums_for(&runner.archive)),
            (502, Vec::new()),
            &*format!("{ARCHIVE}: HTTP 502"),
        ),
    ];
    for (sums, archive, said) in cases {
        let server = release_server(sums, archive).await;
        let out = runner.install("release", &server.uri(), &[]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(said), "want `{said}` in: {stderr}");
        assert!(
            !runner.outputs().contains("found=false"),
            "no fallback to a build"
        );
    }
    // Nothing listening.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let out = runner.install("release", &format!("http://127.0.0.1:{closed}"), &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot download"), "{stderr}");
    // Plain http is accepted only on loopback: this is refused before any connection.
    let out = runner.install("release", "http://releases.example", &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot download"), "{stderr}");
    assert!(!runner.installed().exists());
    runner.assert_no_workspace_code_ran();
}

#[tokio::test]
async fn a_ref_without_a_release_asks_for_a_build_keyed_on_the_source() {
    let runner = Runner::new();
    tiny_action_source(&runner.path("action"));
    let server = release_server((404, String::new()), (404, Vec::new())).await;
    let out = runner.install("release", &server.uri(), &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains(&format!("no release {REF}")), "{stderr}");
    let outputs = runner.outputs();
    assert!(
        outputs.starts_with("found=false\ncache-key=tollgate-build-Linux-X64-1.89.0-v1.2.3-"),
        "{outputs}"
    );
    // A SHA or a branch with a slash names no release: not even asked for.
    let sha = "0123456789abcdef0123456789abcdef01234567";
    let out = runner.install(
        "release",
        &server.uri(),
        &[("TOLLGATE_REF", "feature/x".into())],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("cannot name a release"));
    let before = server.received_requests().await.unwrap_or_default().len();
    let out = runner.install("release", &server.uri(), &[("TOLLGATE_REF", sha.into())]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let after = server.received_requests().await.unwrap_or_default().len();
    assert_eq!(after, before + 1, "one look for sha256.sum of that ref");
    runner.assert_no_workspace_code_ran();
}

/// A crate named tollgate with no dependencies: the "action's own source" for the build test.
fn tiny_action_source(dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).expect("mkdir");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"tollgate\"\nversion = \"0.0.1\"\nedition = \"2021\"\n",
    )
    .expect("manifest");
    std::fs::write(
        dir.join("Cargo.lock"),
        "version = 4\n\n[[package]]\nname = \"tollgate\"\nversion = \"0.0.1\"\n",
    )
    .expect("lock");
    std::fs::write(
        dir.join("src/main.rs"),
        "fn main() { println!(\"tollgate 0.0.1-built-from-source\"); }\n",
    )
    .expect("main");
}

/// The toolchain rustup would use outside any override, when rustup is installed.
fn installed_toolchain(home: &Path) -> Option<String> {
    let out = std::process::Command::new("rustup")
        .args(["show", "active-toolchain"])
        .current_dir(home)
        .env_remove("RUSTUP_TOOLCHAIN")
        .output()
        .ok()?;
    let line = text(&out.stdout);
    line.split_whitespace().next().map(str::to_string)
}

#[test]
fn the_build_fallback_ignores_the_workspace_toolchain_override() {
    let runner = Runner::new();
    tiny_action_source(&runner.path("action"));
    let Some(toolchain) = installed_toolchain(runner.dir.path()) else {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "SKIPPED the_build_fallback_ignores_the_workspace_toolchain_override: no rustup on PATH"
            );
        }
        return;
    };
    // Control: in the workspace, rustup does run the pull request's own cargo.
    let control = std::process::Command::new("cargo")
        .arg("--version")
        .current_dir(runner.workspace())
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .output()
        .expect("cargo runs");
    assert!(
        runner.marker().exists(),
        "the test's toolchain override was not honoured by rustup, so it proves nothing: {}",
        text(&control.stderr)
    );
    std::fs::remove_file(runner.marker()).expect("reset marker");

    let out = runner.install(
        "build",
        "http://127.0.0.1:9",
        &[
            ("TOLLGATE_TOOLCHAIN", toolchain.clone()),
            ("CARGO_NET_OFFLINE", "true".into()),
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let bin = runner.temp().join("tollgate-build/bin/tollgate");
    assert!(
        stderr.contains(
            "installed tollgate 0.0.1-built-from-source from a build of the action's source"
        ),
        "{stderr}"
    );
    assert!(
        runner
            .outputs()
            .contains(&format!("path={}\n", bin.display()))
    );
    runner.assert_no_workspace_code_ran();
    // A second run reuses the build (as restored from the cache).
    let out = runner.install(
        "build",
        "http://127.0.0.1:9",
        &[("TOLLGATE_TOOLCHAIN", toolchain)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("from a cached build"),
        "{}",
        text(&out.stderr)
    );
    runner.assert_no_workspace_code_ran();
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
