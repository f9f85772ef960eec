//! `tollgate comment`: deliver the report to the pull request (sticky comment, job summary,
//! optionally a check run; annotations when the token cannot write).
//!
//! Inputs come from flags, or in GitHub Actions from the environment: `GITHUB_EVENT_PATH` (PR
//! number and head commit), `GITHUB_REPOSITORY`, `GITHUB_TOKEN`, `GITHUB_API_URL`,
//! `GITHUB_STEP_SUMMARY`. The token is read from the environment only, never from a flag (flags
//! show in process listings).
//!
//! Exit status: 1 when the findings block, else 0, also when writing was refused (a fork PR's
//! read-only token): merge blocking comes from the status, not from the comment. 2 on errors
//! (invalid token, unknown repository, unreadable input).
//!
//! The report is `check`'s evaluation of `--root`: its findings drive the annotations, the
//! check run's conclusion and the exit status; its Markdown (plus the `diff` against the pull
//! request's base when history is available) is the comment's body.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};

use tollgate::evaluate::Evaluation;
use tollgate::findings::Counts;
use tollgate::github::{
    self, Annotation, Client, ClientOptions, Repo, ReportOptions, Target, Token,
};
use tollgate::report;

use super::{RepoArgs, Status, eprint, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    repo: RepoArgs,
    /// The GitHub repository (default: GITHUB_REPOSITORY).
    #[arg(long = "repo", value_name = "OWNER/NAME")]
    github_repo: Option<String>,
    /// The pull request number (default: from the event in GITHUB_EVENT_PATH).
    #[arg(long, value_name = "N")]
    pr: Option<u64>,
    /// The head commit for --check-run (default: the event's `.pull_request.head.sha`).
    #[arg(long, value_name = "SHA")]
    head_sha: Option<String>,
    /// Which sticky comment to write, for several tollgate reports on one pull request.
    #[arg(long, default_value = "default", value_name = "NAME")]
    id: String,
    /// Print the comment instead of posting it.
    #[arg(long)]
    dry_run: bool,
    /// Also create a check run (needs `checks: write`) with the conclusion and annotations.
    #[arg(long)]
    check_run: bool,
    /// Name of the check run.
    #[arg(long, default_value = "tollgate", value_name = "NAME")]
    check_name: String,
    /// Read the Markdown body from FILE (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    body_file: Option<PathBuf>,
    /// The date to judge expiries and reviews against (YYYY-MM-DD or RFC 3339); default today.
    #[arg(long, value_name = "TIME", value_parser = super::check::parse_now)]
    now: Option<tollgate::model::Date>,
    /// Longest total wait, in seconds, for retries of one request (rate limits, 5xx).
    #[arg(
        long,
        default_value_t = 60,
        env = "TOLLGATE_GITHUB_MAX_WAIT",
        value_name = "SECS"
    )]
    max_wait: u64,
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    let now = super::check::today(args.now);
    let eval =
        match super::check::run_pipeline(&args.repo, None, now, super::check::Format::Markdown)? {
            Ok((_, _, eval)) => eval,
            Err(status) => return Ok(status),
        };
    let findings = &eval.findings;
    let counts = Counts::of(findings);
    let status = if counts.errors > 0 {
        Status::Blocked
    } else {
        Status::Clean
    };
    let body = report_body(args.body_file.as_deref(), &eval)?;
    let annotations: Vec<Annotation> = findings.iter().map(Annotation::from_finding).collect();

    if args.dry_run {
        github::comment::validate_id(&args.id)?;
        let (text, _) = github::comment::compose(&args.id, &body);
        print(&text)?;
        return Ok(status);
    }

    let env = Env::read();
    let event = match &env.event_path {
        Some(path) if args.pr.is_none() || (args.check_run && args.head_sha.is_none()) => {
            Some(github::event::read(path)?)
        }
        _ => None,
    };
    let repo = match args.github_repo.as_deref().or(env.repository.as_deref()) {
        Some(r) => Repo::parse(r)?,
        None => bail!("no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY"),
    };
    let Some(pr) = args.pr.or(event.as_ref().map(|e| e.number)) else {
        bail!("no pull request: pass --pr N or run on a pull_request event (GITHUB_EVENT_PATH)");
    };
    let head_sha = args
        .head_sha
        .clone()
        .or_else(|| event.as_ref().map(|e| e.head_sha.clone()));
    let Some(raw_token) = env.token.as_deref() else {
        bail!(
            "GITHUB_TOKEN is not set: pass `env: GITHUB_TOKEN: ${{{{ github.token }}}}` to the step \
             (or use --dry-run)"
        );
    };
    let token = Token::new(raw_token)?;
    let target = Target { repo, pr, head_sha };
    let options = ReportOptions {
        comment_id: args.id.clone(),
        check_run: args.check_run.then(|| args.check_name.clone()),
        summary_path: env.step_summary.clone(),
        blocking: counts.errors > 0,
        title: format!("tollgate: {}", report::text::tally(counts)),
    };
    let client_options = ClientOptions {
        api_url: env.api_url.clone(),
        max_wait: Duration::from_secs(args.max_wait),
        ..ClientOptions::default()
    };

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let outcome = runtime.block_on(async {
        let client = Client::new(Some(token), client_options)?;
        github::post_report(&client, &target, &body, &annotations, &options).await
    })?;

    if let Some(c) = &outcome.comment {
        let action = match c.action {
            github::CommentAction::Created => "created",
            github::CommentAction::Updated => "updated",
            github::CommentAction::Unchanged => "unchanged",
        };
        let mut line = format!(
            "tollgate: comment {} on {}#{pr}: {action}",
            c.comment_id, target.repo
        );
        if c.deleted > 0 {
            line.push_str(&format!(", {} duplicate(s) deleted", c.deleted));
        }
        if c.truncated {
            line.push_str(", truncated (full report in the job summary)");
        }
        eprint(&line);
    }
    if let Some(run) = &outcome.check_run {
        eprint(&format!(
            "tollgate: check run {} created with {} annotation(s)",
            run.id, run.annotations
        ));
    }
    if outcome.is_degraded() {
        for reason in &outcome.degraded {
            eprint(&format!("warning: {reason}"));
        }
        eprint(
            "warning: the report is in the job summary and the annotations below instead; the \
             exit status still reflects the findings",
        );
        print(&github::annotations::workflow_commands(&annotations))?;
    }
    Ok(status)
}

/// The Markdown of the comment: `--body-file` (or `-` for standard input) when given, otherwise
/// the check report.
fn report_body(body_file: Option<&Path>, eval: &Evaluation) -> anyhow::Result<String> {
    match body_file {
        Some(p) if p == Path::new("-") => {
            let mut body = String::new();
            std::io::stdin()
                .read_to_string(&mut body)
                .context("cannot read the body from standard input")?;
            Ok(body)
        }
        Some(p) => std::fs::read_to_string(p)
            .with_context(|| format!("cannot read the body file {}", p.display())),
        None => Ok(report::markdown::check(eval)),
    }
}

/// The GitHub Actions environment.
struct Env {
    event_path: Option<PathBuf>,
    repository: Option<String>,
    token: Option<String>,
    api_url: String,
    step_summary: Option<PathBuf>,
}

impl Env {
    fn read() -> Env {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Env {
            event_path: var("GITHUB_EVENT_PATH").map(PathBuf::from),
            repository: var("GITHUB_REPOSITORY"),
            token: var("GITHUB_TOKEN"),
            api_url: var("GITHUB_API_URL").unwrap_or_else(|| github::DEFAULT_API_URL.to_string()),
            step_summary: var("GITHUB_STEP_SUMMARY").map(PathBuf::from),
        }
    }
}
