//! tollgate: stage-gate checks for generative-AI projects whose state is kept as YAML in git.
//!
//! The crate is one pipeline of plain data, each stage a module that imports only the stages
//! before it (docs/architecture.md draws it):
//!
//! - [`source`]: files from the working tree or a git commit, by repository path;
//! - [`load`]: YAML -> schema validation -> typed [`model`] -> cross-file checks;
//! - [`policy`]: which rules apply at which gate;
//! - [`evaluate`]: per project, the rules at its gate, the KPI table and the recommendation;
//! - [`history`]: across commits: diff, decision log, integrity checks (via git2, no checkout);
//! - [`pipeline`]: one run in order, from the base it compares with to one report of findings,
//!   project verdicts, history and diff that the renderers and the GitHub layer only read;
//! - [`report`]: renderers of findings and evaluations (text, JSON, SARIF, Markdown, ...);
//! - [`github`]: transport to a pull request (sticky comment, check run, job summary), and
//!   fetching the reviews and commits the history checks weigh.
//!
//! Every stage uses [`text`] (YAML with positions, the registry of source texts), [`model`] and
//! [`findings`] (the one findings model: stable codes, severities, locations, help).
//! [`policy_cases`] runs `tollgate policy test` over the pipeline; [`scaffold`] is the example
//! repository `tollgate init` writes.
//!
//! The binary (`src/main.rs`, `src/cli/`) parses arguments, runs the pipeline and maps the
//! outcome to an exit code: 0 clean, 1 blocking findings, 2 usage or input error.

pub mod evaluate;
pub mod findings;
pub mod github;
pub mod history;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod policy;
pub mod policy_cases;
pub mod report;
pub mod scaffold;
pub mod source;
pub mod text;
