//! tollgate: stage-gate checks for generative-AI projects whose state is kept as YAML in git.
//!
//! The crate is one pipeline of plain data, each stage a module:
//!
//! - [`source`]: files from the working tree or a git commit, by repository path;
//! - [`load`]: YAML with positions -> schema validation -> typed [`model`] -> cross-file checks;
//! - [`findings`]: the one findings model (stable codes, severities, locations, help);
//! - [`history`]: across commits: diff, decision log, integrity checks (via git2, no checkout);
//! - [`report`]: renderers of findings (text, JSON, ...);
//! - [`github`]: delivering a report to a pull request (sticky comment, check run, job summary,
//!   annotations), and fetching the pull request reviews the history checks weigh;
//! - [`scaffold`]: the example repository `tollgate init` writes.
//!
//! The binary (`src/main.rs`, `src/cli/`) parses arguments, runs the pipeline and maps the
//! outcome to an exit code: 0 clean, 1 blocking findings, 2 usage or input error.

pub mod evaluate;
pub mod findings;
pub mod github;
pub mod history;
pub mod load;
pub mod model;
pub mod policy;
pub mod policy_cases;
pub mod report;
pub mod scaffold;
pub mod source;
pub mod text;
