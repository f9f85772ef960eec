//! `tollgate schema`: print the embedded JSON Schemas.

use tollgate::load::Kind;

use super::{Status, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file kind (see --list).
    #[arg(required_unless_present = "list", value_name = "KIND")]
    kind: Option<String>,
    /// List the kinds.
    #[arg(long, conflicts_with = "kind")]
    list: bool,
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    if args.list {
        let mut out = String::new();
        for kind in Kind::ALL {
            out.push_str(&format!("{:<11} {}\n", kind.name(), kind.summary()));
        }
        print(&out)?;
        return Ok(Status::Clean);
    }
    let name = args.kind.as_deref().unwrap_or_default();
    match Kind::parse(name) {
        Some(kind) => {
            print(kind.schema_text())?;
            Ok(Status::Clean)
        }
        None => {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
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
