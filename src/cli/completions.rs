//! `tollgate completions SHELL` and `tollgate man`: shell completions and the manual page,
//! generated from the same argument definitions that parse the command line, so they never
//! disagree with it.

use clap::CommandFactory;

use super::{Cli, Status, print};

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The page of one command (e.g. `check`) instead of the overview.
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

/// Prints the completion script; see the README for where each shell reads it from.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<Status> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "tollgate", &mut out);
    print(&String::from_utf8_lossy(&out))?;
    Ok(Status::Clean)
}

/// Prints the manual page in roff (`tollgate man | man -l -`).
pub fn man(args: &ManArgs) -> anyhow::Result<Status> {
    let cmd = Cli::command();
    let page = match &args.command {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) => sub
                .clone()
                .display_name(format!("tollgate-{name}"))
                .bin_name(format!("tollgate {name}"))
                .version(env!("CARGO_PKG_VERSION")),
            None => {
                let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
                super::eprint(&format!(
                    "error: no command `{name}`; one of: {}",
                    names.join(", ")
                ));
                return Ok(Status::InputError);
            }
        },
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page).render(&mut out)?;
    print(&String::from_utf8_lossy(&out))?;
    Ok(Status::Clean)
}
