//! Integration tests: the `tollgate` binary run as a user runs it. One test binary
//! (`autotests = false`), with one module per command or area. `harness` is the one test
//! harness (the binary in a controlled environment, plain repositories from `fixtures/` or
//! `tollgate init`, real git histories, JSON and text readers), and `github/` runs a fake GitHub
//! API on loopback.

mod harness;

mod action;
mod check;
mod completions;
mod explain;
mod github;
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
