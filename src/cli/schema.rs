//! `tollgate schema`: print the embedded JSON Schemas: one per file kind the repository holds
//! (for editors), and `report` for what `--format json` prints (for programs reading it); or
//! write the file kinds' schemas as files, for editors (`--write`, docs/editors.md).

use std::path::Path;

use anyhow::Context;

use tollgate::load::{Kind, schema_files};

use super::{Status, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file kind, or `report` for the JSON output (see --list).
    #[arg(required_unless_present_any = ["list", "write"], value_name = "KIND")]
    kind: Option<String>,
    /// List the kinds.
    #[arg(long, conflicts_with_all = ["kind", "write"])]
    list: bool,
    /// Write every file kind's schema (policy included) into DIR as KIND.schema.json, for
    /// editors; overwrites what is there. The repository's copies belong in .tollgate/schemas.
    #[arg(long, value_name = "DIR", conflicts_with = "kind")]
    write: Option<std::path::PathBuf>,
}

/// The schema of tollgate's own JSON output, beside the file kinds.
const REPORT: &str = "report";

pub fn run(args: &Args) -> anyhow::Result<Status> {
    if let Some(dir) = &args.write {
        let count =
            write(dir).with_context(|| format!("cannot write the schemas to {}", dir.display()))?;
        print(&format!("wrote {count} schemas to {}\n", dir.display()))?;
        return Ok(Status::Clean);
    }
    if args.list {
        let mut out = String::new();
        for kind in Kind::ALL {
            out.push_str(&format!("{:<11} {}\n", kind.name(), kind.summary()));
        }
        out.push_str(&format!(
            "{REPORT:<11} what check, validate, diff and log print with --format json\n"
        ));
        print(&out)?;
        return Ok(Status::Clean);
    }
    let name = args.kind.as_deref().unwrap_or_default();
    if name == REPORT {
        print(tollgate::report::json::SCHEMA)?;
        return Ok(Status::Clean);
    }
    match Kind::parse(name) {
        Some(kind) => {
            print(kind.schema_text())?;
            Ok(Status::Clean)
        }
        None => {
            let mut names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            names.push(REPORT);
            let hint = tollgate::load::suggest_closest(name, names.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            super::eprint(&format!(
                "error: unknown kind `{name}`{hint}; kinds are: {}",
                names.join(", ")
            ));
            Ok(Status::InputError)
        }
    }
}

/// Writes the editor schemas into `dir` (created if missing); returns how many.
///
/// The folder is usually `.tollgate/schemas` of a checkout, whose entries a pull request can
/// make symbolic links (git stores them). So a link is never written through: a schema file
/// that is a link is replaced by a regular file (the link's target is left alone), and a
/// relative `dir` with a link among its folders is refused, so the command writes only where
/// it was pointed.
fn write(dir: &Path) -> anyhow::Result<usize> {
    if dir.is_relative() {
        let mut at = std::path::PathBuf::new();
        for part in dir.components() {
            at.push(part);
            if at
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
            {
                anyhow::bail!(
                    "{} is a symbolic link; refusing to write through it (remove it, or give \
                     the folder it leads to)",
                    at.display()
                );
            }
        }
    }
    std::fs::create_dir_all(dir)?;
    let mut count = 0;
    for (name, text) in schema_files::files() {
        let path = dir.join(&name);
        if path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot replace the symbolic link {}", path.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        count += 1;
    }
    Ok(count)
}
