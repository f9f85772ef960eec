//! Integration tests, compiled into one binary (`autotests = false` in Cargo.toml).

mod gitrepo;
mod history_diff;
mod history_integrity;
mod history_log;
