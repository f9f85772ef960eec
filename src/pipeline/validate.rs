//! `validate`'s run: the working tree read and checked against the schemas and across files,
//! with no policy and no evaluation.

use std::path::Path;

use crate::load::{self, LoadOptions};
use crate::source::{SourceError, WorkTree};

use super::report::{Body, Report};

/// Reads every file of the working tree at `root` (files larger than `max_file_bytes` refused);
/// the report holds the snapshot, whose findings are the validation's.
pub fn validate(root: &Path, max_file_bytes: Option<u64>) -> Result<Report, SourceError> {
    let source = WorkTree::open(root)?;
    let options = LoadOptions {
        max_file_bytes,
        only_project: None,
        editor_schemas: true,
        ..LoadOptions::default()
    };
    Ok(Report {
        source: "working tree".to_string(),
        notes: Vec::new(),
        body: Body::Validated(load::load(&source, &options)?),
    })
}
