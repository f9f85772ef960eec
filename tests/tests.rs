//! Integration tests: the `tollgate` binary run as a user runs it. One test binary
//! (`autotests = false`), with one module per command or area. `util` is the harness for fixture
//! repositories in `fixtures/`, `check/` edits a fresh `tollgate init` example, `gitrepo` builds
//! real git histories, and `github/` runs a fake GitHub API on loopback.

mod util;

mod action;
mod check;
mod completions;
mod explain;
mod github;
mod gitrepo;
mod history_check;
mod history_criteria;
mod history_diff;
mod history_identity;
mod history_integrity;
mod history_log;
mod history_overrides;
mod history_range;
mod history_scenarios;
mod history_signoff;
mod history_trail;
mod hostile;
mod init;
mod outputs;
mod report;
mod schema;
mod schema_files;
mod scope;
mod snapshot;
mod validate;
