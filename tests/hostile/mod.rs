//! Hostile inputs: what anyone who can open a pull request can put in the files tollgate reads.
//! They are generated into temporary repositories (they are big, binary, links or special
//! files, so they are not committed). Each must be answered with a finding naming the file
//! (exit status 1) or an input error (exit status 2): never a crash, a hang or a flood of
//! output, and the other files are still checked.
//!
//! One module per kind of attack; `fuzz` mutates the example repository at random.

mod commands;
mod files;
mod fuzz;
mod index;
mod network;
mod paths;
mod policy;
mod volume;
mod yaml;

use serde_json::Value;

/// Every other file of the base fixture is still read and valid: the only findings are `code`.
#[track_caller]
fn only(doc: &Value, code: &str) {
    // `check-skipped` names what the broken file kept from being checked; it is not a second
    // problem with the input.
    let all: Vec<String> = crate::harness::codes(doc)
        .into_iter()
        .filter(|c| c != "check-skipped")
        .collect();
    assert!(
        !all.is_empty() && all.iter().all(|c| c == code),
        "want only `{code}` findings, got {all:?}"
    );
}

/// The findings located in `file`.
fn with_file<'a>(doc: &'a Value, file: &str) -> Vec<&'a Value> {
    crate::harness::findings(doc)
        .iter()
        .filter(|f| f["file"] == file)
        .collect()
}
