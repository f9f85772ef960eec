//! `tollgate comment`: deliver the report to the pull request (sticky comment, job summary,
//! optionally a check run; annotations when the token cannot write).
//!
//! Inputs come from flags, or in GitHub Actions from the environment: `GITHUB_EVENT_PATH` (PR
//! number and head commit; `--pr` takes over on other events), `GITHUB_REPOSITORY`,
//! `GITHUB_TOKEN`, `GITHUB_API_URL`, `GITHUB_STEP_SUMMARY`, `GITHUB_OUTPUT` (step outputs). The
//! token is read from the environment only, never from a flag (flags show in process listings).
//!
//! Exit status: 1 when the findings block, else 0, also when writing was refused (a fork PR's
//! read-only token): merge blocking comes from the status, not from the comment. 2 on errors
//! (invalid token, unknown repository, unreadable input).
//!
//! The history checks get the pull request's reviews and its commits with GitHub's verification
//! of their signatures (read with `pull-requests: read`; commits GitHub's listing of at most 250
//! lacks are read one by one with `contents: read`), as evidence of who made a sign-off.
//!
//! The report is `check`'s evaluation of `--root`: its findings drive the annotations, the
//! check run's conclusion and the exit status; its Markdown (plus the `diff` against the pull
//! request's base when history is available) is the comment's body.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};

use tollgate::findings::Counts;
use tollgate::github::{self, Client, ClientOptions, Repo, ReportOptions, Target, Token};
use tollgate::history::HistoryReport;
use tollgate::pipeline::{self, Evaluated, Evidence, Report, RunOptions};
use tollgate::report;
use tollgate::report::annotations::{self, Annotation};

use super::{RepoArgs, Status, eprint, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    repo: RepoArgs,
    #[command(flatten)]
    scope: super::scope::ScopeArgs,
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
    /// Missing git history is an error, not a note (always on in GitHub Actions).
    #[arg(long)]
    require_history: bool,
    /// Longest total wait, in seconds, for retries of one request (rate limits, 5xx).
    #[arg(
        long,
        default_value_t = 60,
        env = "TOLLGATE_GITHUB_MAX_WAIT",
        value_name = "SECS"
    )]
    max_wait: u64,
    /// Report without a pull request: job summary, annotations, files and step outputs only (for
    /// pushes, merge queues and schedules). Needs no token and sends nothing.
    #[arg(long, conflicts_with_all = ["dry_run", "pr"])]
    summary_only: bool,
    /// Also write the findings as SARIF 2.1.0 to FILE (for code scanning).
    #[arg(long, value_name = "FILE")]
    sarif: Option<PathBuf>,
    /// Also write `check`'s JSON report to FILE.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    let opts = RunOptions {
        root: &args.repo.root,
        max_file_bytes: args.repo.max_file_bytes,
        project: None,
        base: args.scope.base.as_deref(),
        rev: args.scope.rev.as_deref(),
        all: args.scope.all,
        history: true,
        history_base: None,
        diff: true,
        now: super::check::today(args.now),
        env: super::history::environment(args.require_history)?,
    };
    let run = match pipeline::evaluate(&opts, &mut super::problems::note) {
        Ok(run) => run,
        Err(e) => {
            return super::problems::stopped(e, &args.repo.root, super::format::Format::Markdown);
        }
    };
    let env = Env::read();
    let event = pull_request_event(&env, args.pr)?;
    let root = &args.repo.root;

    if args.dry_run {
        let history = run.history(&opts, Evidence::default())?;
        let report = run.report(&opts, Some(history));
        github::comment::validate_id(&args.id)?;
        let body = report_body(args.body_file.as_deref(), &report, root)?;
        let (text, _) = github::comment::compose(&args.id, &body);
        print(&text)?;
        write_results(args, &env, &report)?;
        return Ok(Status::of(&report));
    }
    if args.summary_only {
        if args.check_run {
            eprint(
                "note: --check-run is left out with --summary-only (no pull request to attach it to)",
            );
        }
        let history = run.history(&opts, Evidence::default())?;
        let report = run.report(&opts, Some(history));
        let body = report_body(args.body_file.as_deref(), &report, root)?;
        summary_only(&env, &report, &body, &report::paths(&report, root))?;
        write_results(args, &env, &report)?;
        return Ok(Status::of(&report));
    }

    let (target, token) = target(args, &env, event.as_ref())?;
    let client_options = ClientOptions {
        api_url: env.api_url.clone(),
        max_wait: Duration::from_secs(args.max_wait),
        ..ClientOptions::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let (outcome, annotations, report) = runtime.block_on(async {
        let client = Client::new(Some(token), client_options)?;
        let history = history_with_evidence(&client, &target, &run, &opts).await?;
        let report = run.report(&opts, Some(history));
        let counts = Counts::of(report.findings());
        let body = report_body(args.body_file.as_deref(), &report, root)?;
        let paths = report::paths(&report, root);
        let annotations: Vec<Annotation> = annotations::capped(report.findings(), &paths);
        let options = ReportOptions {
            comment_id: args.id.clone(),
            check_run: args.check_run.then(|| args.check_name.clone()),
            summary_path: env.step_summary.clone(),
            blocking: report.blocking(),
            title: format!("tollgate: {}", report::text::tally(counts)),
        };
        let outcome = github::post_report(&client, &target, &body, &annotations, &options).await?;
        anyhow::Ok((outcome, annotations, report))
    })?;

    tell_outcome(&outcome, &target);
    // Annotations as workflow commands, unless a check run already carries them.
    if outcome.check_run.is_none() && (outcome.is_degraded() || env.in_actions) {
        print(&annotations::workflow_commands(&annotations))?;
    }
    write_results(args, &env, &report)?;
    Ok(Status::of(&report))
}

/// `--summary-only`: the body appended to the job summary, and the findings as workflow
/// commands (annotations).
fn summary_only(
    env: &Env,
    report: &Report,
    body: &str,
    paths: &report::Paths,
) -> anyhow::Result<()> {
    if let Some(path) = &env.step_summary {
        github::summary::append(path, body)
            .with_context(|| format!("cannot write the job summary {}", path.display()))?;
    }
    let annotations: Vec<Annotation> = report
        .findings()
        .iter()
        .map(|f| Annotation::from_finding(f, paths))
        .collect();
    print(&annotations::workflow_commands(&annotations))
}

/// The pull request written to (`--repo` or `GITHUB_REPOSITORY`, `--pr` or the event's, the
/// head commit for a check run) and the token that writes, each refused in words when missing.
fn target(
    args: &Args,
    env: &Env,
    event: Option<&github::PullRequestEvent>,
) -> anyhow::Result<(Target, Token)> {
    let repo = match args.github_repo.as_deref().or(env.repository.as_deref()) {
        Some(r) => Repo::parse(r)?,
        None => bail!("no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY"),
    };
    let Some(pr) = args.pr.or(event.map(|e| e.number)) else {
        let what = match &env.event_name {
            Some(name) => format!("this `{name}` event has no pull request"),
            None => "no pull request event (GITHUB_EVENT_PATH)".to_string(),
        };
        bail!(
            "no pull request: {what}; pass --pr N, or --summary-only to report without a pull \
             request"
        );
    };
    let head_sha = args
        .head_sha
        .clone()
        .or_else(|| event.map(|e| e.head_sha.clone()));
    let raw_token = match &env.token {
        TokenVar::Set(value) => value,
        TokenVar::Empty => bail!(
            "GITHUB_TOKEN is set but empty: the workflow passed an empty value (a secret that does \
             not exist, or one not given to this event); use `env: GITHUB_TOKEN: ${{{{ \
             github.token }}}}` (or --dry-run)"
        ),
        TokenVar::Unset => bail!(
            "GITHUB_TOKEN is not set: pass `env: GITHUB_TOKEN: ${{{{ github.token }}}}` to the step \
             (or use --dry-run)"
        ),
    };
    let token = Token::new(raw_token)?;
    Ok((Target { repo, pr, head_sha }, token))
}

/// The history checks weighing what GitHub says about the pull request: its reviews and its
/// commits with GitHub's verification of their signatures (each left out, with a warning, when
/// it cannot be read).
async fn history_with_evidence(
    client: &Client,
    target: &Target,
    run: &Evaluated,
    opts: &RunOptions<'_>,
) -> anyhow::Result<HistoryReport> {
    let reviews = match github::fetch_reviews(client, target).await {
        Ok(reviews) => Some(reviews),
        Err(e) => {
            eprint(&format!(
                "warning: cannot read the pull request's reviews, so no approval can prove a \
                 sign-off: {e}"
            ));
            None
        }
    };
    let mut verifications = match github::fetch_pull_request_commits(client, target).await {
        Ok(list) => Some(list),
        Err(e) => {
            eprint(&format!(
                "warning: cannot read the pull request's commits, so GitHub's verification of \
                 their signatures cannot prove a sign-off: {e}"
            ));
            None
        }
    };
    let evidence = Evidence {
        reviews: reviews.as_deref(),
        verifications: verifications.as_deref(),
    };
    let mut history = run.history(opts, evidence)?;
    // GitHub lists at most 250 commits of a pull request: the commits the checks needed and
    // the list lacked are asked for one by one, and the checks run again with them.
    if let Some(list) = verifications.as_mut()
        && !history.unlisted.is_empty()
    {
        for sha in history.unlisted.iter().take(MAX_SINGLE_COMMITS) {
            match github::fetch_commit(client, &target.repo, sha).await {
                Ok(v) => list.push(v),
                Err(e) => eprint(&format!(
                    "warning: cannot read GitHub's verification of commit {sha}: {e}"
                )),
            }
        }
        if history.unlisted.len() > MAX_SINGLE_COMMITS {
            eprint(&format!(
                "warning: {} more commits' verification not read (at most {MAX_SINGLE_COMMITS} \
                 are asked for one by one); their sign-offs need another proof",
                history.unlisted.len() - MAX_SINGLE_COMMITS
            ));
        }
        let evidence = Evidence {
            reviews: reviews.as_deref(),
            verifications: verifications.as_deref(),
        };
        history = run.history(opts, evidence)?;
    }
    Ok(history)
}

/// What the delivery did, on standard error: the comment written, the check run created, and
/// every warning or refused write.
fn tell_outcome(outcome: &github::ReportOutcome, target: &Target) {
    if let Some(c) = &outcome.comment {
        let action = match c.action {
            github::CommentAction::Created => "created",
            github::CommentAction::Updated => "updated",
            github::CommentAction::Unchanged => "unchanged",
        };
        let mut line = format!(
            "tollgate: comment {} on {}#{}: {action}",
            c.comment_id, target.repo, target.pr
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
    for warning in &outcome.warnings {
        eprint(&format!("warning: {warning}"));
    }
    if outcome.is_degraded() {
        for reason in &outcome.degraded {
            eprint(&format!("warning: {reason}"));
        }
        eprint(
            "warning: the report is in the job summary and the annotations below instead; the \
             exit status still reflects the findings",
        );
    }
}

/// The most commits whose verification is asked for one by one (beyond the pull request's
/// listing), so that a huge pull request cannot turn one run into thousands of requests.
const MAX_SINGLE_COMMITS: usize = 100;

fn write_report(path: &Path, kind: &str, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text)
        .with_context(|| format!("cannot write the {kind} report {}", path.display()))
}

/// The pull request event, unless `--pr` names another pull request (then its head and base are
/// not this event's). Events without a pull request give `None`.
fn pull_request_event(
    env: &Env,
    pr: Option<u64>,
) -> anyhow::Result<Option<github::PullRequestEvent>> {
    let Some(path) = &env.event_path else {
        return Ok(None);
    };
    let event = github::event::read(path)?;
    Ok(event.filter(|e| pr.is_none_or(|n| n == e.number)))
}

/// The SARIF and JSON files asked for, and the step outputs (`blocking`, `errors`, `warnings`
/// and the files' paths) when `GITHUB_OUTPUT` is set.
fn write_results(args: &Args, env: &Env, report: &Report) -> anyhow::Result<()> {
    let root = &args.repo.root;
    let counts = Counts::of(report.findings());
    let mut outputs = vec![
        ("blocking", report.blocking().to_string()),
        ("errors", counts.errors.to_string()),
        ("warnings", counts.warnings.to_string()),
    ];
    let files = [
        (&args.sarif, "SARIF", "sarif", report::Format::Sarif),
        (&args.json, "JSON", "json", report::Format::Json),
    ];
    for (path, kind, output, format) in files {
        if let Some(path) = path {
            let options = report::Options {
                root,
                colour: false,
            };
            let text = report::render(report, format, &options)?.out;
            write_report(path, kind, &text)?;
            outputs.push((output, path.display().to_string()));
        }
    }
    if let Some(path) = &env.github_output {
        github::outputs::append(path, &outputs)
            .with_context(|| format!("cannot write the step outputs {}", path.display()))?;
    }
    Ok(())
}

/// The Markdown of the comment: `--body-file` (or `-` for standard input) when given, otherwise
/// the report rendered as the comment's body.
fn report_body(body_file: Option<&Path>, report: &Report, root: &Path) -> anyhow::Result<String> {
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
        None => {
            let options = report::Options {
                root,
                colour: false,
            };
            Ok(report::render(report, report::Format::Comment, &options)?.out)
        }
    }
}

/// `GITHUB_TOKEN` as the step received it: an empty value (a missing secret) is not "not set".
enum TokenVar {
    Unset,
    Empty,
    Set(String),
}

/// The GitHub Actions environment.
struct Env {
    event_path: Option<PathBuf>,
    event_name: Option<String>,
    repository: Option<String>,
    token: TokenVar,
    github_output: Option<PathBuf>,
    api_url: String,
    step_summary: Option<PathBuf>,
    /// Running in GitHub Actions (`GITHUB_ACTIONS=true`), where workflow commands become
    /// annotations.
    in_actions: bool,
}

impl Env {
    fn read() -> Env {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Env {
            event_path: var("GITHUB_EVENT_PATH").map(PathBuf::from),
            event_name: var("GITHUB_EVENT_NAME"),
            repository: var("GITHUB_REPOSITORY"),
            token: match std::env::var("GITHUB_TOKEN") {
                Err(_) => TokenVar::Unset,
                Ok(v) if v.trim().is_empty() => TokenVar::Empty,
                Ok(v) => TokenVar::Set(v),
            },
            github_output: var("GITHUB_OUTPUT").map(PathBuf::from),
            api_url: var("GITHUB_API_URL").unwrap_or_else(|| github::DEFAULT_API_URL.to_string()),
            step_summary: var("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            in_actions: var("GITHUB_ACTIONS").is_some_and(|v| v == "true"),
        }
    }
}
