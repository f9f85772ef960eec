//! The output formats of `check`, in which a stopped run's input problems are printed too
//! (`comment`, `log` and `report` pick one of them for theirs).

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
    Github,
    Sarif,
    Junit,
}

impl From<Format> for tollgate::report::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Text => Self::Text,
            Format::Json => Self::Json,
            Format::Markdown => Self::Markdown,
            Format::Github => Self::Github,
            Format::Sarif => Self::Sarif,
            Format::Junit => Self::Junit,
        }
    }
}
