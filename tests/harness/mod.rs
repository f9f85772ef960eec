//! The one test harness: the `tollgate` binary run in a controlled environment (`run`), a plain
//! repository from fixtures or `tollgate init` (`repo`, `example`), a git repository built by the
//! test (`git`), and readers for JSON reports and text diagnostics (`json`, `text`).

#![allow(dead_code)]

pub mod example;
pub mod git;
pub mod json;
pub mod repo;
pub mod run;
pub mod text;

pub use example::*;
pub use git::*;
pub use json::*;
pub use repo::*;
pub use run::*;
pub use text::*;
