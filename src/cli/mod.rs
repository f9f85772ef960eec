//! Command-line interface: argument definitions and one module per command. Each command parses
//! its arguments, calls its run in `tollgate::pipeline`, has the report printed in the format asked
//! for ([`print_report`]) and returns the exit status ([`Status::of`]); it decides nothing in between.

mod check;
mod comment;
mod completions;
mod diff;
mod explain;
mod format;
mod history;
mod init;
mod log;
mod policy;
mod problems;
mod progress;
mod report;
mod schema;
mod scope;
mod show;
mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use tollgate::pipeline::Report;

/// Exit statuses, as documented in the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Nothing blocks.
    Clean = 0,
    /// At least one error finding (a gate is blocked or a file is invalid).
    Blocked = 1,
    /// Usage error, unreadable input, or a failure of the tool's environment.
    InputError = 2,
}

impl Status {
    /// The exit status of a run that has its report, for every command: 1 when the report
    /// blocks ([`Report::blocking`]), else 0.
    pub fn of(report: &Report) -> Status {
        if report.blocking() {
            Status::Blocked
        } else {
            Status::Clean
        }
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "tollgate",
    version,
    about = "Stage-gate checks for generative-AI projects kept as YAML in git",
    long_about = "tollgate validates a governance repository (KPIs with criteria fixed in advance, \
                  results, governance sign-offs, roles, decisions, open issues), evaluates gate \
                  policies and reports what blocks each project's next decision.\n\n\
                  Exit status: 0 clean, 1 blocking findings, 2 usage or input error."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate, then evaluate each project's current gate: readiness, recommendation, findings.
    Check(check::Args),
    /// Check every file against its schema and cross-file references.
    Validate(validate::Args),
    /// Write a complete example governance repository.
    Init(init::Args),
    /// Run policy tests or print the default policy.
    Policy(policy::Args),
    /// Print the JSON Schema of a file kind, for editors and other validators.
    Schema(schema::Args),
    /// Explain what a finding code checks and why.
    Explain(explain::Args),
    /// Post the report to a pull request: sticky comment, job summary, optional check run.
    Comment(comment::Args),
    /// Show what a change does to each project: stage, KPI results, governance, decisions.
    Diff(diff::Args),
    /// Show the audit trail, newest first: sign-offs (and whether they are proven), criteria
    /// changes, results, decisions, stage moves, waivers and blocking issues.
    Log(log::Args),
    /// Show one project at a commit: each governance item and KPI, and how it got there.
    Show(show::Args),
    /// Print the shell completion script for bash, zsh, fish, elvish or PowerShell.
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff): `tollgate man | man -l -`.
    Man(completions::ManArgs),
    /// Write a static HTML report: the portfolio, and per project its KPI trends from history.
    Report(report::Args),
}

/// Options shared by commands that read a repository.
#[derive(Debug, clap::Args)]
pub struct RepoArgs {
    /// The governance repository to read.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Refuse files larger than this many bytes (default: tollgate.yaml's max_file_bytes, 4 MiB).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    max_file_bytes: Option<u64>,
}

pub fn run(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Policy(args) => policy::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Comment(args) => comment::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Log(args) => log::run(&args),
        Command::Show(args) => show::run(&args),
        Command::Completions(args) => completions::completions(&args),
        Command::Man(args) => completions::man(&args),
        Command::Report(args) => report::run(&args),
    }
}

/// Prints `report` in `format` (the renderer picked by [`tollgate::report::render`]): what it
/// warns about on standard error, then the output; returns the run's exit status.
pub fn print_report(
    report: &Report,
    format: tollgate::report::Format,
    root: &Path,
) -> anyhow::Result<Status> {
    let options = tollgate::report::Options {
        root,
        colour: tollgate::report::use_colour(),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut warn = |w: &str| eprint(&format!("warning: {w}"));
    match tollgate::report::write(report, format, &options, &mut out, &mut warn) {
        Ok(()) => out.flush()?,
        // The `io::Error` itself, so that the edge knows a closed pipe when it sees one.
        Err(tollgate::report::WriteError::Io(e)) => return Err(e.into()),
        Err(e) => return Err(e.into()),
    }
    Ok(Status::of(report))
}

/// Writes to standard output, reporting a closed pipe as an error the edge ignores.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Writes a line to standard error (never fails: there is nowhere left to report to).
///
/// Messages name folders, revisions and values a pull request's author chose, and a CI log
/// reads stderr too: control characters and workflow-command lines are defused as in every
/// text output (`report::inert`).
pub fn eprint(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", tollgate::report::inert::output(text.to_owned()));
}
