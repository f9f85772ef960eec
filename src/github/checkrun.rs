//! A completed check run on the pull request's head commit: its conclusion, the report as its
//! summary, and the annotations.
//!
//! The conclusion is `failure` when findings block (a required check that is `neutral` would not
//! block the merge) and `success` otherwise. GitHub takes at most 50 annotations per request: the
//! first 50 go with the create, the rest are appended 50 at a time with `PATCH
//! /check-runs/{id}`. `output.summary` is cut to 65,535 bytes.
//!
//! Creating a check run is a POST, so it is not repeated after an ambiguous failure: there is no
//! documented way in our API subset to look for a half-created run, and a duplicate run would
//! show twice. The exit status of `tollgate check` is what blocks the merge anyway.

use serde::{Deserialize, Serialize};

use crate::report::annotations::Annotation;

use super::client::{Client, Error, Op, Permission};
use super::target::Repo;
use super::truncate::{bytes, truncate_at_line};

/// GitHub's limit on `output.summary` and `output.text`, in bytes.
pub const MAX_OUTPUT_BYTES: usize = 65_535;

/// GitHub's limit on annotations in one request.
pub const MAX_ANNOTATIONS_PER_REQUEST: usize = 50;

const TITLE_MAX_CHARS: usize = 255;

const NOTE: &str =
    "\n> **Truncated**: the full report is in the job summary of the workflow run.\n";

/// How the check run ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conclusion {
    /// Nothing blocks.
    Success,
    /// Findings block the gate.
    Failure,
}

impl Conclusion {
    /// The value GitHub's API takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Conclusion::Success => "success",
            Conclusion::Failure => "failure",
        }
    }
}

/// A check run to create.
#[derive(Clone, Debug)]
pub struct CheckRunRequest {
    /// The check's name, shown on the pull request.
    pub name: String,
    /// The commit it is attached to.
    pub head_sha: String,
    /// Its conclusion.
    pub conclusion: Conclusion,
    /// The output's title.
    pub title: String,
    /// Markdown; cut to 65,535 bytes.
    pub summary: String,
    /// The annotations it carries.
    pub annotations: Vec<Annotation>,
}

/// The check run written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckRunOutcome {
    /// Its id.
    pub id: u64,
    /// Annotations sent (those with a file and line).
    pub annotations: usize,
    /// Requests made: 1 create plus the update batches.
    pub requests: usize,
    /// Whether the summary was cut to GitHub's limit.
    pub truncated: bool,
}

#[derive(Serialize)]
struct Create<'a> {
    name: &'a str,
    head_sha: &'a str,
    status: &'static str,
    conclusion: &'static str,
    output: Output<'a>,
}

#[derive(Serialize)]
struct Update<'a> {
    output: Output<'a>,
}

#[derive(Serialize)]
struct Output<'a> {
    title: &'a str,
    summary: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    annotations: Vec<CheckAnnotation<'a>>,
}

#[derive(Serialize)]
struct CheckAnnotation<'a> {
    path: &'a str,
    start_line: u32,
    end_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    annotation_level: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
}

#[derive(Deserialize)]
struct Created {
    id: u64,
}

/// Creates the check run, then appends the annotations beyond the first 50.
pub async fn create(
    client: &Client,
    repo: &Repo,
    request: &CheckRunRequest,
) -> Result<CheckRunOutcome, Error> {
    let (summary, truncated) = truncate_at_line(&request.summary, MAX_OUTPUT_BYTES, NOTE, bytes);
    let title: String = request.title.chars().take(TITLE_MAX_CHARS).collect();
    let all: Vec<CheckAnnotation<'_>> = request.annotations.iter().filter_map(convert).collect();
    let mut batches = all.chunks(MAX_ANNOTATIONS_PER_REQUEST);
    let first = batches.next().map(<[_]>::to_vec).unwrap_or_default();
    let body = Create {
        name: &request.name,
        head_sha: &request.head_sha,
        status: "completed",
        conclusion: request.conclusion.as_str(),
        output: Output {
            title: &title,
            summary: &summary,
            annotations: first,
        },
    };
    let op = Op::new(
        format!("creating check run `{}` in {repo}", request.name),
        Permission::ChecksWrite,
    );
    let created: Created = client
        .post_once(&op, &format!("{}/check-runs", repo.route()), &body)
        .await?;
    let mut requests = 1;
    for batch in batches {
        let op = Op::new(
            format!("adding annotations to check run {} in {repo}", created.id),
            Permission::ChecksWrite,
        );
        let body = Update {
            output: Output {
                title: &title,
                summary: &summary,
                annotations: batch.to_vec(),
            },
        };
        let route = format!("{}/check-runs/{}", repo.route(), created.id);
        let _: serde_json::Value = client.patch(&op, &route, &body).await?;
        requests += 1;
    }
    Ok(CheckRunOutcome {
        id: created.id,
        annotations: all.len(),
        requests,
        truncated,
    })
}

impl Clone for CheckAnnotation<'_> {
    fn clone(&self) -> Self {
        CheckAnnotation {
            path: self.path,
            start_line: self.start_line,
            end_line: self.end_line,
            start_column: self.start_column,
            end_column: self.end_column,
            annotation_level: self.annotation_level,
            message: self.message.clone(),
            title: self.title.clone(),
        }
    }
}

/// A check-run annotation needs a path and a line; others are left to the summary. Columns are
/// only allowed on a single line.
fn convert(a: &Annotation) -> Option<CheckAnnotation<'_>> {
    let path = a.file.as_deref()?;
    let start_line = a.line?.max(1);
    let end_line = a.end_line.unwrap_or(start_line).max(start_line);
    let single = start_line == end_line;
    let start_column = a.column.filter(|_| single);
    let end_column = if single {
        a.end_column.or(start_column)
    } else {
        None
    };
    let (message, _) = truncate_at_line(&a.message, 64 * 1024 - 1, "…", bytes);
    Some(CheckAnnotation {
        path,
        start_line,
        end_line,
        start_column,
        end_column,
        annotation_level: a.level.check_run_level(),
        message,
        title: a
            .title
            .as_ref()
            .map(|t| t.chars().take(TITLE_MAX_CHARS).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::annotations::AnnotationLevel;

    #[test]
    fn annotations_need_a_place_and_columns_need_one_line() {
        let mut a = Annotation {
            level: AnnotationLevel::Error,
            file: None,
            line: Some(3),
            column: Some(2),
            end_line: None,
            end_column: None,
            title: None,
            message: "m".into(),
        };
        assert!(convert(&a).is_none());
        a.file = Some("x.yaml".into());
        let c = convert(&a).expect("converted");
        assert_eq!((c.start_line, c.end_line, c.start_column), (3, 3, Some(2)));
        assert_eq!(c.annotation_level, "failure");
        a.end_line = Some(5);
        let c = convert(&a).expect("converted");
        assert_eq!((c.start_column, c.end_column), (None, None));
    }
}
