//! `tollgate schema`: print the embedded JSON Schemas: one per file kind the repository holds
//! (for editors), and `report` for what `--format json` prints (for programs reading it).

use tollgate::load::Kind;

use super::{Status, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file kind, or `report` for the JSON output (see --list).
    #[arg(required_unless_present = "list", value_name = "KIND")]
    kind: Option<String>,
    /// List the kinds.
    #[arg(long, conflicts_with = "kind")]
    list: bool,
}

/// The schema of tollgate's own JSON output, beside the file kinds.
const REPORT: &str = "report";

pub fn run(args: &Args) -> anyhow::Result<Status> {
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
