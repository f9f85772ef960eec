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
use tollgate::findings::{Code, Counts, Finding};
use tollgate::github::{
    self, Annotation, Client, ClientOptions, Repo, ReportOptions, Target, Token,
};
use tollgate::history::diff::{self, DiffOptions};
use tollgate::load::Snapshot;
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
    let (snap, _, mut eval) =
        match super::check::run_pipeline(&args.repo, None, now, super::check::Format::Markdown)? {
            Ok(done) => done,
            Err(status) => return Ok(status),
        };
    let env = Env::read();
    let event = match &env.event_path {
        Some(path) => Some(github::event::read(path)?),
        None => None,
    };
    let base = event.as_ref().and_then(|e| e.base_sha.clone());
    match super::check::history_findings(&args.repo.root, &snap, base.as_deref(), None) {
        Ok(found) => eval.add_findings(found),
        Err(e) => {
            eprint(&format!("error: cannot check the history: {e}"));
            return Ok(Status::InputError);
        }
    }
    let diff = diff_markdown(&args.repo, base.as_deref(), now);

    if args.dry_run {
        github::comment::validate_id(&args.id)?;
        let body = report_body(args.body_file.as_deref(), &eval, &diff)?;
        let (text, _) = github::comment::compose(&args.id, &body);
        print(&text)?;
        return Ok(status_of(&eval));
    }

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
    let client_options = ClientOptions {
        api_url: env.api_url.clone(),
        max_wait: Duration::from_secs(args.max_wait),
        ..ClientOptions::default()
    };

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let (outcome, annotations) = runtime.block_on(async {
        let client = Client::new(Some(token), client_options)?;
        approvals(&client, &target, &snap, &mut eval).await;
        let counts = Counts::of(&eval.findings);
        let body = report_body(args.body_file.as_deref(), &eval, &diff)?;
        let annotations: Vec<Annotation> = report::github::annotation_list(&eval.findings);
        let options = ReportOptions {
            comment_id: args.id.clone(),
            check_run: args.check_run.then(|| args.check_name.clone()),
            summary_path: env.step_summary.clone(),
            blocking: counts.errors > 0,
            title: format!("tollgate: {}", report::text::tally(counts)),
        };
        let outcome = github::post_report(&client, &target, &body, &annotations, &options).await?;
        anyhow::Ok((outcome, annotations))
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
    }
    // Annotations as workflow commands, unless a check run already carries them.
    if outcome.check_run.is_none() && (outcome.is_degraded() || env.in_actions) {
        print(&github::annotations::workflow_commands(&annotations))?;
    }
    Ok(status_of(&eval))
}

fn status_of(eval: &Evaluation) -> Status {
    if eval.blocking() {
        Status::Blocked
    } else {
        Status::Clean
    }
}

/// The diff against the pull request's base, as Markdown; a short note when it cannot be made
/// (no git history), so that the comment says what is missing rather than leaving it out.
fn diff_markdown(repo: &RepoArgs, base: Option<&str>, now: tollgate::model::Date) -> String {
    let options = DiffOptions {
        base: base.map(str::to_string),
        head: None,
        base_ref: std::env::var("GITHUB_BASE_REF").ok(),
        max_file_bytes: repo.max_file_bytes,
        now: Some(now),
    };
    match diff::diff(&repo.root, &options) {
        Ok(d) => report::diff::markdown(&d),
        Err(e) => format!("_What this change does could not be shown: {e}._\n"),
    }
}

/// Sign-off by pull-request review: a governance item set to `agreed` in a commit not authored by
/// its approver (`signoff-not-by-approver`) is proven by an APPROVED review from the approver's
/// GitHub login instead; without one it is `signoff-not-approved`. When the reviews cannot be
/// read, the history finding stands, with a warning.
async fn approvals(client: &Client, target: &Target, snap: &Snapshot, eval: &mut Evaluation) {
    let items = agreed_items(snap, &eval.findings);
    if items.is_empty() {
        return;
    }
    let Some(people) = snap.people.as_ref() else {
        return;
    };
    let reviews = match github::fetch_reviews(client, target).await {
        Ok(r) => r,
        Err(e) => {
            eprint(&format!(
                "warning: cannot read the pull request's reviews, so approvals cannot prove sign-offs: {e}"
            ));
            return;
        }
    };
    let unproven = github::check_approvals(&items, &reviews, &people.data);
    let at: Vec<_> = items.iter().map(|i| i.location.clone()).collect();
    let mut findings: Vec<Finding> = std::mem::take(&mut eval.findings)
        .into_iter()
        .filter(|f| {
            !(f.code == Code::SignoffNotByApprover
                && f.location.as_ref().is_some_and(|l| at.contains(l)))
        })
        .collect();
    findings.extend(unproven.into_iter().map(|f| {
        let project = items
            .iter()
            .find(|i| Some(&i.location) == f.location.as_ref())
            .map(|i| i.project.clone());
        Finding { project, ..f }
    }));
    eval.findings = Vec::new();
    eval.add_findings(findings);
}

/// The items the history checks found set to agreed by someone other than their approver.
fn agreed_items(snap: &Snapshot, findings: &[Finding]) -> Vec<github::AgreedItem> {
    findings
        .iter()
        .filter(|f| f.code == Code::SignoffNotByApprover)
        .filter_map(|f| {
            let loc = f.location.as_ref()?;
            let project = snap.project(f.project.as_deref()?)?;
            let gov = project.governance.as_ref()?;
            let index: usize = loc
                .pointer
                .strip_prefix("/items/")?
                .split('/')
                .next()?
                .parse()
                .ok()?;
            let item = gov.data.items.get(index)?;
            Some(github::AgreedItem {
                project: project.id.clone(),
                item_id: item.id.clone(),
                approver: item.approver.clone(),
                location: loc.clone(),
                committed_by_approver: false,
            })
        })
        .collect()
}

/// The Markdown of the comment: `--body-file` (or `-` for standard input) when given, otherwise
/// the check report followed by what the change does.
fn report_body(body_file: Option<&Path>, eval: &Evaluation, diff: &str) -> anyhow::Result<String> {
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
        None => Ok(format!("{}\n{diff}", report::markdown::check(eval))),
    }
}

/// The GitHub Actions environment.
struct Env {
    event_path: Option<PathBuf>,
    repository: Option<String>,
    token: Option<String>,
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
            repository: var("GITHUB_REPOSITORY"),
            token: var("GITHUB_TOKEN"),
            api_url: var("GITHUB_API_URL").unwrap_or_else(|| github::DEFAULT_API_URL.to_string()),
            step_summary: var("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            in_actions: var("GITHUB_ACTIONS").is_some_and(|v| v == "true"),
        }
    }
}
