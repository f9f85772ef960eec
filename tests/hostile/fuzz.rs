//! The fuzzer: real files of `tollgate init`'s example, broken at random (bit flips, truncation,
//! inserted bytes, and structural YAML edits: duplicated or deleted lines, values of another
//! type, deep nesting, tags, anchors and aliases, thousands of keys, huge strings), committed,
//! then run through `validate`, `check`, `diff` and `log`. Whatever the input, each run must
//! end (a hang is killed and fails the case), with exit 0, 1 or 2, without a panic, and when it
//! exits 1 or 2 it must say which file: every error finding has a location.
//!
//! CI runs a fixed number of cases from a fixed seed (the same cases every run). A long run
//! with fresh cases, and how to keep what it finds, is in docs/fuzzing.md:
//!
//! ```sh
//! TOLLGATE_FUZZ_CASES=5000 TOLLGATE_FUZZ_SEED=random \
//!     cargo test --locked --release --test tests hostile::fuzz -- --nocapture
//! ```

use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde_json::Value;

use crate::harness::{GitRepo, OWNER};

/// Cases CI runs: about 50 s with a debug build on two shared cores.
const CI_CASES: u32 = 96;
/// The seed CI uses, so that every run tries the same cases.
const CI_SEED: u64 = 0x7011_6a7e;
/// Longest one run of the binary may take before it counts as a hang.
const HANG: Duration = Duration::from_secs(60);
/// The date checks are judged at.
const NOW: &str = "2026-11-28";

/// The files mutated: every YAML file of the example, and a policy file with each kind of
/// parameter (the example has none).
const TARGETS: &[&str] = &[
    "tollgate.yaml",
    "people.yaml",
    "policies/org.yaml",
    "projects/support-reply-drafts/project.yaml",
    "projects/support-reply-drafts/kpis.yaml",
    "projects/support-reply-drafts/results.yaml",
    "projects/support-reply-drafts/governance.yaml",
    "projects/support-reply-drafts/decisions.yaml",
    "projects/support-reply-drafts/issues.yaml",
    "projects/contract-review-assist/project.yaml",
    "projects/contract-review-assist/kpis.yaml",
    "projects/contract-review-assist/results.yaml",
    "projects/contract-review-assist/governance.yaml",
    "projects/contract-review-assist/decisions.yaml",
    "projects/contract-review-assist/issues.yaml",
];

const POLICY: &str = "version: 1
name: Fuzzed policy
severities:
  partner-delivery: error
rules:
  - id: accuracy-floor
    kind: kpi-threshold
    kpi: answer-accuracy
    gates: [poc]
    threshold: 60
  - id: pinned-models
    kind: expr
    gates: [mvp]
    expr: size(project.models) > 0 && project.models.all(m, m.version != '')
    message: pin the model versions
    file: project
  - id: partner-model
    disabled: true
";

/// Errors a valid but changed file can cause in other files (references across files, and what
/// tollgate.yaml decides about where the others are).
const ELSEWHERE: &[&str] = &[
    "unknown-person",
    "unknown-kpi",
    "duplicate-id",
    "project-id-mismatch",
    "missing-file",
    "file-unreadable",
    "symlink-outside-root",
    "file-too-large",
    "gate-without-criteria",
];

/// Values of other types (and of no type at all) put in place of a value.
const VALUES: &[&str] = &[
    "[]",
    "{}",
    "[1, 2]",
    "{a: 1}",
    "\"text\"",
    "-1",
    "0",
    "1e400",
    "123456789012345678901234567890",
    ".nan",
    "-.inf",
    "null",
    "~",
    "true",
    "no",
    "2026-02-30",
    "2026-13-01",
    "'2026-01-15'",
    "''",
    "*undefined",
    "0x1F",
    "1_000",
    "12.0",
    "1e20",
    "-0",
    "\"\\u0000\"",
    "|\n  block",
    "? complex\n: key",
];

/// Tags put before a value or a key.
const TAGS: &[&str] = &[
    "!include ",
    "!!str ",
    "!!int ",
    "!!float ",
    "!!map ",
    "!!python/object:os.system ",
    "!custom ",
    "! ",
    "!!timestamp ",
    "!<tag:yaml.org,2002:str> ",
    "!!binary ",
    "!e!x ",
];

/// Odd characters inserted as they are.
const ODD: &[&str] = &[
    "\u{feff}", "\0", "\t", "\r", "\u{202e}", "😀", "\u{85}", "\u{2028}", "\\", "%", "---\n",
    "...\n", "#", "&", "*", "|", ">", "{", "[", "'", "\"", ": ",
];

/// One edit of a file.
#[derive(Clone, Debug)]
enum Mutation {
    FlipBit {
        at: Index,
        bit: u8,
    },
    Truncate {
        at: Index,
    },
    InsertBytes {
        at: Index,
        bytes: Vec<u8>,
    },
    InsertOdd {
        at: Index,
        which: Index,
    },
    DuplicateLine {
        line: Index,
    },
    DeleteLine {
        line: Index,
    },
    Indent {
        line: Index,
        by: i8,
    },
    ReplaceValue {
        line: Index,
        with: Index,
    },
    Tag {
        line: Index,
        which: Index,
        on_key: bool,
    },
    DeepNest {
        line: Index,
        depth: u16,
        flow: bool,
    },
    Alias {
        define: Index,
        used: Index,
        merge: bool,
    },
    ManyKeys {
        count: u16,
    },
    LongText {
        line: Index,
        length: u32,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        any::<Index>().prop_map(|at| Mutation::Truncate { at }),
        (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::InsertBytes { at, bytes }),
        (any::<Index>(), any::<Index>()).prop_map(|(at, which)| Mutation::InsertOdd { at, which }),
        any::<Index>().prop_map(|line| Mutation::DuplicateLine { line }),
        any::<Index>().prop_map(|line| Mutation::DeleteLine { line }),
        (any::<Index>(), -4i8..=4).prop_map(|(line, by)| Mutation::Indent { line, by }),
        (any::<Index>(), any::<Index>())
            .prop_map(|(line, with)| Mutation::ReplaceValue { line, with }),
        (any::<Index>(), any::<Index>(), any::<bool>()).prop_map(|(line, which, on_key)| {
            Mutation::Tag {
                line,
                which,
                on_key,
            }
        }),
        (any::<Index>(), 1u16..120, any::<bool>())
            .prop_map(|(line, depth, flow)| Mutation::DeepNest { line, depth, flow }),
        (any::<Index>(), any::<Index>(), any::<bool>()).prop_map(|(define, used, merge)| {
            Mutation::Alias {
                define,
                used,
                merge,
            }
        }),
        (1u16..3000).prop_map(|count| Mutation::ManyKeys { count }),
        (any::<Index>(), 1u32..20_000)
            .prop_map(|(line, length)| Mutation::LongText { line, length }),
    ]
}

/// A case: which file, and one to three edits applied in turn.
fn case() -> impl Strategy<Value = (Index, Vec<Mutation>)> {
    (any::<Index>(), prop::collection::vec(mutation(), 1..4))
}

#[test]
fn mutated_example_files_never_crash_hang_or_go_unnamed() {
    let cases = std::env::var("TOLLGATE_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(CI_CASES);
    let seed = match std::env::var("TOLLGATE_FUZZ_SEED").ok().as_deref() {
        Some("random") => RngSeed::Random,
        Some(n) => RngSeed::Fixed(
            n.parse()
                .expect("TOLLGATE_FUZZ_SEED is a number or `random`"),
        ),
        None => RngSeed::Fixed(CI_SEED),
    };
    let config = Config {
        cases,
        rng_seed: seed,
        // A failure is shrunk to a small case and printed; it is kept as a regression test in
        // tests/hostile/, not in a seed file.
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    };
    let repo = GitRepo::example();
    repo.write("policies/org.yaml", POLICY);
    let base = repo.commit("Add the organisation's policy (#2)", OWNER);
    let started = Instant::now();
    // How `validate` answered, by exit status: the cases must not all be accepted unchanged.
    let tally = std::cell::Cell::new([0u32; 3]);
    let mut runner = TestRunner::new(config);
    let outcome = runner.run(&case(), |(target, mutations)| {
        let file = TARGETS[target.index(TARGETS.len())];
        let original = std::fs::read(repo.file(file)).expect("example file");
        let mut bytes = original.clone();
        for m in &mutations {
            bytes = apply(m, bytes);
        }
        let result = exercise(&repo, file, &bytes).map(|code| {
            let mut t = tally.get();
            t[usize::try_from(code).unwrap_or(0).min(2)] += 1;
            tally.set(t);
        });
        repo.git(&["reset", "-q", "--hard", &base]);
        repo.git(&["clean", "-q", "-fd"]);
        result
    });
    let [clean, blocked, refused] = tally.get();
    report(started.elapsed(), tally.get());
    if let Err(e) = outcome {
        panic!("{e}");
    }
    // Most mutations break the file; a run where none did tested nothing.
    assert!(
        blocked + refused > clean,
        "validate exited 0 in {clean} cases, 1 in {blocked}, 2 in {refused}"
    );
}

#[allow(clippy::print_stderr)]
fn report(took: Duration, [clean, blocked, refused]: [u32; 3]) {
    eprintln!(
        "fuzz: {} cases passed in {:.1} s (validate, check, diff and log each); validate \
         exited 0 in {clean}, 1 in {blocked}, 2 in {refused}",
        clean + blocked + refused,
        took.as_secs_f64()
    );
}

/// Writes the mutated file, runs every command on it, and commits it for `diff` and `log` (the
/// caller resets the repository). Returns how `validate` exited.
fn exercise(repo: &GitRepo, file: &str, bytes: &[u8]) -> Result<i32, TestCaseError> {
    std::fs::write(repo.file(file), bytes).expect("write the mutated file");

    let validate = run(repo.path(), &["validate"])?;
    if validate.code == 1 {
        // The broken file is named, unless it is still valid and what it changed breaks a
        // reference from another file (a person's id edited in people.yaml, say).
        let errors: Vec<&str> = validate
            .stdout
            .lines()
            .filter_map(|l| l.strip_prefix("error["))
            .filter_map(|l| l.split(']').next())
            .collect();
        prop_assert!(
            !errors.is_empty() && validate.stdout.contains("--> "),
            "validate exited 1 naming no file:\n{}",
            validate.stdout
        );
        prop_assert!(
            validate.stdout.contains(&format!("--> {file}:"))
                || errors.iter().all(|c| ELSEWHERE.contains(c)),
            "validate exited 1 without naming the broken {file}:\n{}",
            validate.stdout
        );
    }
    let check = run(repo.path(), &["check", "--format", "json", "--now", NOW])?;
    named(&check, "check")?;
    // `check` validates first: what `validate` refuses, `check` cannot pass.
    prop_assert!(
        validate.code == 0 || check.code != 0,
        "validate exited {} but check passed:\n{}",
        validate.code,
        check.stdout
    );

    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "--allow-empty", "-m", "A mutated file (#3)"]);
    let diff = run(
        repo.path(),
        &["diff", "HEAD~1", "--format", "markdown", "--now", NOW],
    )?;
    named(&diff, "diff")?;
    let log = run(repo.path(), &["log", "--format", "json"])?;
    named(&log, "log")?;
    Ok(validate.code)
}

/// What one run printed.
#[derive(Debug)]
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs tollgate on the repository: it must end within [`HANG`], with 0, 1 or 2, and no panic.
fn run(root: &Path, args: &[&str]) -> Result<Outcome, TestCaseError> {
    let out = crate::harness::tollgate()
        .args(args)
        .arg("--root")
        .arg(root)
        .timeout(HANG)
        .output()
        .map_err(|e| TestCaseError::fail(format!("tollgate {args:?} did not run: {e}")))?;
    let outcome = Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    prop_assert!(
        matches!(outcome.code, 0..=2) && !outcome.stderr.contains("panicked"),
        "tollgate {args:?} crashed, hung or exited {} (a signal or the {} s limit is -1):\n\
         --- stdout\n{}\n--- stderr\n{}",
        outcome.code,
        HANG.as_secs(),
        outcome.stdout,
        outcome.stderr
    );
    Ok(outcome)
}

/// A run that exits 1 or 2 says which file: JSON findings that are errors have a location, and
/// an input error names a file of the repository.
fn named(outcome: &Outcome, what: &str) -> Result<(), TestCaseError> {
    match outcome.code {
        1 => {
            let doc: Value = serde_json::from_str(&outcome.stdout).map_err(|e| {
                TestCaseError::fail(format!("{what} printed no JSON ({e}):\n{}", outcome.stdout))
            })?;
            let unnamed: Vec<&Value> = doc["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|f| f["severity"] == "error" && !f["file"].is_string())
                .collect();
            prop_assert!(
                unnamed.is_empty(),
                "{what}: errors without a file: {unnamed:#?}"
            );
        }
        2 => {
            let all = format!("{}{}", outcome.stdout, outcome.stderr);
            prop_assert!(
                all.contains(".yaml") || all.contains("commit") || all.contains("revision"),
                "{what} exited 2 naming nothing:\n{all}"
            );
        }
        _ => {}
    }
    Ok(())
}

/// Applies one edit. Line edits work on the text between `\n`s and keep the rest as it is.
fn apply(m: &Mutation, mut bytes: Vec<u8>) -> Vec<u8> {
    match m {
        Mutation::FlipBit { at, bit } => {
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] ^= 1 << bit;
            }
            bytes
        }
        Mutation::Truncate { at } => {
            bytes.truncate(at.index(bytes.len() + 1));
            bytes
        }
        Mutation::InsertBytes { at, bytes: new } => {
            let i = at.index(bytes.len() + 1);
            bytes.splice(i..i, new.iter().copied());
            bytes
        }
        Mutation::InsertOdd { at, which } => {
            let i = at.index(bytes.len() + 1);
            let odd = ODD[which.index(ODD.len())].as_bytes();
            bytes.splice(i..i, odd.iter().copied());
            bytes
        }
        Mutation::ManyKeys { count } => {
            for i in 0..*count {
                bytes.extend_from_slice(format!("fuzz_key_{i}: {i}\n").as_bytes());
            }
            bytes
        }
        _ => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            edit_lines(m, &mut lines);
            lines.join(&b'\n')
        }
    }
}

fn edit_lines(m: &Mutation, lines: &mut Vec<Vec<u8>>) {
    let n = lines.len();
    match m {
        Mutation::DuplicateLine { line } => {
            let i = line.index(n);
            let copy = lines[i].clone();
            lines.insert(i + 1, copy);
        }
        Mutation::DeleteLine { line } => {
            lines.remove(line.index(n));
        }
        Mutation::Indent { line, by } => {
            let l = &mut lines[line.index(n)];
            if *by > 0 {
                l.splice(
                    0..0,
                    std::iter::repeat_n(b' ', usize::from(by.unsigned_abs())),
                );
            } else {
                let strip = l
                    .iter()
                    .take(usize::from(by.unsigned_abs()))
                    .take_while(|b| **b == b' ')
                    .count();
                l.drain(..strip);
            }
        }
        Mutation::ReplaceValue { line, with } => {
            let value = VALUES[with.index(VALUES.len())];
            set_value(&mut lines[line.index(n)], value.as_bytes());
        }
        Mutation::Tag {
            line,
            which,
            on_key,
        } => {
            let tag = TAGS[which.index(TAGS.len())].as_bytes();
            let l = &mut lines[line.index(n)];
            let at = if *on_key {
                indent_of(l)
            } else {
                value_start(l).unwrap_or(l.len())
            };
            l.splice(at..at, tag.iter().copied());
        }
        Mutation::DeepNest { line, depth, flow } => {
            let d = usize::from(*depth);
            let value = if *flow {
                format!("{}1{}", "[".repeat(d), "]".repeat(d))
            } else {
                let mut v = String::new();
                for level in 0..d {
                    v.push('\n');
                    v.push_str(&" ".repeat(2 * (level + 1)));
                    v.push_str("k:");
                }
                v.push_str(" 1");
                v
            };
            set_value(&mut lines[line.index(n)], value.as_bytes());
        }
        Mutation::Alias {
            define,
            used,
            merge,
        } => {
            let d = define.index(n);
            if let Some(at) = value_start(&lines[d]) {
                lines[d].splice(at..at, b"&fz ".iter().copied());
            }
            let u = used.index(n);
            if *merge {
                let indent = indent_of(&lines[u]);
                let mut merged = vec![b' '; indent];
                merged.extend_from_slice(b"<<: *fz");
                lines.insert(u, merged);
            } else {
                set_value(&mut lines[u], b"*fz");
            }
        }
        Mutation::LongText { line, length } => {
            let text = "long text ".repeat(usize::try_from(*length).unwrap_or(0) / 10 + 1);
            set_value(&mut lines[line.index(n)], text.as_bytes());
        }
        Mutation::FlipBit { .. }
        | Mutation::Truncate { .. }
        | Mutation::InsertBytes { .. }
        | Mutation::InsertOdd { .. }
        | Mutation::ManyKeys { .. } => {}
    }
}

fn indent_of(line: &[u8]) -> usize {
    line.iter()
        .take_while(|b| **b == b' ' || **b == b'-')
        .count()
}

/// Where the value of a `key: value` line starts (after `: `), or after a `- `.
fn value_start(line: &[u8]) -> Option<usize> {
    line.windows(2)
        .position(|w| w == b": ")
        .map(|i| i + 2)
        .or_else(|| line.ends_with(b":").then_some(line.len()))
        .or_else(|| {
            let i = indent_of(line);
            (i > 0 && line.get(i - 1) == Some(&b'-')).then_some(i)
        })
}

/// Replaces the value of a `key: value` line (or appends one to a `key:` line).
fn set_value(line: &mut Vec<u8>, value: &[u8]) {
    match value_start(line) {
        Some(at) => {
            line.truncate(at);
            if line.ends_with(b":") {
                line.push(b' ');
            }
            line.extend_from_slice(value);
        }
        None => line.extend_from_slice(value),
    }
}
