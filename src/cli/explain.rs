//! `tollgate explain`: what a finding code checks and why.

use tollgate::findings::Code;

use super::{Status, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A finding code, e.g. `kpi-below-threshold`.
    #[arg(required_unless_present = "list", value_name = "CODE")]
    code: Option<String>,
    /// List every code with its default severity and summary.
    #[arg(long, conflicts_with = "code")]
    list: bool,
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    if args.list {
        let width = Code::ALL
            .iter()
            .map(|c| c.as_str().len())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for code in Code::ALL {
            out.push_str(&format!(
                "{:<width$}  {:<7}  {}\n",
                code.as_str(),
                code.default_severity().as_str(),
                code.summary()
            ));
        }
        print(&out)?;
        return Ok(Status::Clean);
    }
    let name = args.code.as_deref().unwrap_or_default();
    match Code::parse(name) {
        Some(code) => {
            print(&format!(
                "{} ({} by default)\n\n{}\n\n{}\n",
                code.as_str(),
                code.default_severity().as_str(),
                code.summary(),
                wrap(code.explanation(), 78)
            ))?;
            Ok(Status::Clean)
        }
        None => {
            let names = Code::ALL.iter().map(|c| c.as_str());
            let hint = tollgate::load::suggest_closest(name, names)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            super::eprint(&format!(
                "error: unknown code `{name}`{hint}; `tollgate explain --list` lists them"
            ));
            Ok(Status::InputError)
        }
    }
}

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + 1 + word.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}
