//! `tollgate init`: write the example governance repository.

use std::path::PathBuf;

use anyhow::Context;

use tollgate::scaffold;

use super::{Status, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the repository (created if missing).
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    match scaffold::write(&args.dir, args.force) {
        Ok(written) => {
            print(&format!(
                "wrote {} files to {}\nnext: tollgate check --root {}\n",
                written.len(),
                args.dir.display(),
                args.dir.display()
            ))?;
            Ok(Status::Clean)
        }
        Err(scaffold::Error::Exists(paths)) => {
            let list: Vec<String> = paths.iter().map(|p| format!("  {}", p.display())).collect();
            super::eprint(&format!(
                "error: refusing to overwrite {} existing file(s):\n{}\nuse --force to overwrite them",
                paths.len(),
                list.join("\n")
            ));
            Ok(Status::InputError)
        }
        Err(e) => Err(e).context("cannot write the example repository"),
    }
}
