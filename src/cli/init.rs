//! `tollgate init`: write the example governance repository, and with `--git` make it a git
//! repository whose first commit holds it, so that the history checks have a start to work from.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

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
    /// Also make DIR a git repository (branch `main`) and commit the example as its first
    /// commit. DIR must not be inside a git repository already.
    #[arg(long)]
    git: bool,
    /// Who the first commit is by, as `Name <email>`. Default: git's `user.name` and
    /// `user.email`; without either, `--git` stops before writing anything.
    #[arg(long, value_name = "NAME <EMAIL>", requires = "git")]
    author: Option<String>,
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    // Everything that can refuse `--git` is checked before a file is written.
    let identity = if args.git {
        match identity(&args.dir, args.author.as_deref()) {
            Ok(signature) => Some(signature),
            Err(e) => {
                super::eprint(&format!("error: {e:#}"));
                return Ok(Status::InputError);
            }
        }
    } else {
        None
    };
    let written = match scaffold::write(&args.dir, args.force) {
        Ok(written) => written,
        Err(scaffold::Error::Exists(paths)) => {
            let list: Vec<String> = paths.iter().map(|p| format!("  {}", p.display())).collect();
            super::eprint(&format!(
                "error: refusing to overwrite {} existing file(s):\n{}\nuse --force to overwrite them",
                paths.len(),
                list.join("\n")
            ));
            return Ok(Status::InputError);
        }
        Err(e @ scaffold::Error::LinkedFolder(_)) => {
            super::eprint(&format!("error: {e}"));
            return Ok(Status::InputError);
        }
        Err(e) => return Err(e).context("cannot write the example repository"),
    };
    let mut report = format!("wrote {} files to {}\n", written.len(), args.dir.display());
    if let Some(signature) = identity {
        let id = commit(&args.dir, &written, &signature)
            .context("cannot commit the example repository")?;
        report.push_str(&format!(
            "committed them on branch main as {id} by {} <{}>\n",
            signature.name().unwrap_or_default(),
            signature.email().unwrap_or_default()
        ));
    }
    report.push_str(&format!(
        "next: tollgate check --root {}\n",
        args.dir.display()
    ));
    print(&report)?;
    Ok(Status::Clean)
}

/// The first commit's author and committer: `--author`, else git's configuration. Also refuses a
/// directory that is already inside a git repository: its history is not ours to start.
fn identity(dir: &Path, author: Option<&str>) -> anyhow::Result<git2::Signature<'static>> {
    // DIR may not exist yet: look from its nearest existing ancestor.
    let existing = dir
        .ancestors()
        .find(|p| p.is_dir())
        .unwrap_or(Path::new("."));
    if let Ok(repo) = git2::Repository::discover(existing) {
        let at = repo.workdir().unwrap_or(repo.path()).display().to_string();
        bail!(
            "{} is already inside the git repository {at}; drop --git and commit the files yourself",
            dir.display()
        );
    }
    if let Some(text) = author {
        let (name, email) = parse_author(text)
            .with_context(|| format!("--author `{text}` is not of the form `Name <email>`"))?;
        return Ok(git2::Signature::now(name, email)?);
    }
    let config = git2::Config::open_default().context("cannot read git's configuration")?;
    let name = config.get_string("user.name").ok();
    let email = config.get_string("user.email").ok();
    match (name, email) {
        (Some(name), Some(email)) if !name.trim().is_empty() && !email.trim().is_empty() => {
            Ok(git2::Signature::now(name.trim(), email.trim())?)
        }
        _ => bail!(
            "no identity for the first commit: pass --author 'Name <email>' or set git's \
             user.name and user.email"
        ),
    }
}

fn parse_author(text: &str) -> Option<(&str, &str)> {
    let (name, rest) = text.split_once('<')?;
    let email = rest.strip_suffix('>')?;
    let name = name.trim();
    let ok = !name.is_empty() && email.contains('@') && !email.contains(['<', '>', ' ']);
    ok.then_some((name, email))
}

/// Creates the repository on branch `main` and commits `files` (the example) as its first commit.
fn commit(
    dir: &Path,
    files: &[PathBuf],
    signature: &git2::Signature<'_>,
) -> anyhow::Result<git2::Oid> {
    let mut options = git2::RepositoryInitOptions::new();
    options.initial_head("main");
    let repo = git2::Repository::init_opts(dir, &options)?;
    let mut index = repo.index()?;
    for file in files {
        let rel = file.strip_prefix(dir).unwrap_or(file);
        index.add_path(rel)?;
    }
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let message = "Start the governance repository from tollgate's example\n";
    Ok(repo.commit(Some("HEAD"), signature, signature, message, &tree, &[])?)
}

#[cfg(test)]
mod tests {
    use super::parse_author;

    #[test]
    fn authors_are_name_and_email() {
        assert_eq!(
            parse_author("Kenji Yamamoto <kenji@example.com>"),
            Some(("Kenji Yamamoto", "kenji@example.com"))
        );
        for bad in [
            "Kenji",
            "<kenji@example.com>",
            "Kenji <kenji>",
            "K <a b@c>",
            "K <a@b",
        ] {
            assert_eq!(parse_author(bad), None, "{bad}");
        }
    }
}
