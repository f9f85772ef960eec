//! `tollgate policy`: inspect and test gate policies.

use std::path::PathBuf;

use tollgate::policy;
use tollgate::policy_cases;

use super::{Status, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Run policy test cases (each a base repository, edits, and the expected evaluation).
    Test {
        /// The folder of `*.yaml` case files.
        #[arg(default_value = "policies/tests", value_name = "DIR")]
        dir: PathBuf,
    },
    /// Print the built-in default policy.
    Show,
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    match &args.command {
        Command::Show => {
            print(policy::DEFAULT_POLICY)?;
            Ok(Status::Clean)
        }
        Command::Test { dir } => {
            let results = match policy_cases::run_dir(dir) {
                Ok(r) => r,
                Err(e) => {
                    super::eprint(&format!("error: {e}"));
                    return Ok(Status::InputError);
                }
            };
            let mut out = String::new();
            let mut failed = 0;
            for r in &results {
                let name = r.file.file_name().map_or_else(
                    || r.file.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                if r.failures.is_empty() {
                    out.push_str(&format!("PASS {name}: {}\n", r.description));
                } else {
                    failed += 1;
                    out.push_str(&format!("FAIL {name}: {}\n", r.description));
                    for f in &r.failures {
                        out.push_str(&format!("     {f}\n"));
                    }
                }
            }
            out.push_str(&format!(
                "\n{} passed, {failed} failed\n",
                results.len() - failed
            ));
            print(&out)?;
            Ok(if failed > 0 {
                Status::Blocked
            } else {
                Status::Clean
            })
        }
    }
}
