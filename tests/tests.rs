//! Integration tests: the `tollgate` binary run as a user runs it. One test binary, with one
//! module per command (see `util` for the harness and `fixtures/` for the repositories; `check/`
//! has its own harness that edits a fresh `tollgate init` example).

mod util;

mod check;
mod explain;
mod github;
mod hostile;
mod init;
mod schema;
mod snapshot;
mod validate;
