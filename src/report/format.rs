//! Which renderer shows which kind of report in which format: the one place where a run's
//! [`Report`] and the format asked for become what is printed (and what is said beside it on
//! standard error). Each renderer it calls takes only the section of the report it shows.

use std::fmt;
use std::path::Path;

use super::html::{self, Meta, Page};
use super::paths::Paths;
use super::{annotations, comment, diff, json, junit, log, markdown, sarif, show, text};
use crate::load::Snapshot;
use crate::pipeline::{Body, Kind, Report};

/// The formats a report is printed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For people on a terminal.
    Text,
    /// For programs (see docs/json-output.md).
    Json,
    /// For a pull request or a meeting's minutes.
    Markdown,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    /// One row per event, for a spreadsheet (RFC 4180).
    Csv,
    /// The body of the pull-request comment: the Markdown report, the run's notes and what the
    /// change does.
    Comment,
    /// A folder of HTML pages, written by [`pages`] rather than printed.
    Html,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Github => "github",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Csv => "csv",
            Format::Comment => "comment",
            Format::Html => "html",
        })
    }
}

/// The formats a kind of report is printed in (by [`render`]); `report` prints none: its pages
/// are written ([`pages`]).
pub fn formats(kind: Kind) -> &'static [Format] {
    use Format::*;
    match kind {
        Kind::Judged => &[Text, Json, Markdown, Github, Sarif, Junit, Comment],
        Kind::Site => &[],
        Kind::Diff => &[Text, Json, Markdown],
        Kind::Log => &[Text, Json, Markdown, Csv],
        Kind::Project | Kind::Verified | Kind::Validated => &[Text, Json],
    }
}

/// Why a report was not rendered: its kind is not shown in the format asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{kind}` prints {}", list(formats(*kind)))]
pub struct Unsupported {
    /// The kind of report.
    pub kind: Kind,
    /// The format asked for.
    pub format: Format,
}

impl Unsupported {
    /// The error when `kind` is not printed as `format` (`None` when it is), so that a command
    /// can refuse a format before its run.
    pub fn check(kind: Kind, format: Format) -> Result<(), Unsupported> {
        if formats(kind).contains(&format) {
            Ok(())
        } else {
            Err(Unsupported { kind, format })
        }
    }
}

/// "text or json", "text, json or markdown".
fn list(formats: &[Format]) -> String {
    let names: Vec<String> = formats.iter().map(Format::to_string).collect();
    match names.split_last() {
        None => "no format".to_string(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// What rendering a report needs besides the report.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    /// The governance root (`--root`), which outbound paths are made relative to.
    pub root: &'a Path,
    /// Colour the text output (see [`super::use_colour`]).
    pub colour: bool,
}

/// What a report rendered in one format is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// What goes to standard output.
    pub out: String,
    /// What the report warns about that the output does not carry (for standard error): a
    /// history walk's unusable file versions, history checks that could not run.
    pub warnings: Vec<String>,
}

/// The paths a report's outbound locations are written with: relative to the repository's top,
/// with the layout (projects folder, configuration file) of the state read when the report
/// holds one.
pub fn paths(report: &Report, root: &Path) -> Paths {
    let paths = Paths::new(root);
    match snapshot(report) {
        Some(snap) => paths.with_layout(snap),
        None => paths,
    }
}

/// The state a report read, when it holds one.
fn snapshot(report: &Report) -> Option<&Snapshot> {
    match &report.body {
        Body::Judged(judged) | Body::Site { judged, .. } => Some(&judged.snap),
        Body::Diff(found) => found.head.as_ref(),
        Body::Verified(verified) => Some(&verified.snap),
        Body::Validated(snap) => Some(snap),
        Body::Log(_) | Body::Project(_) => None,
    }
}

/// Why a report was not printed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Its kind is not shown in the format asked for.
    #[error(transparent)]
    Unsupported(#[from] Unsupported),
    /// The output could not be written (a closed pipe, a full disk).
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Writes `report` in `format` to `out` as [`render`] renders it, after handing `warn` its
/// warnings. The text and the JSON document of a judged state are written as they are made
/// rather than built whole first: at thousands of projects they are megabytes, held beside
/// everything the run read.
pub fn write(
    report: &Report,
    format: Format,
    options: &Options,
    out: &mut dyn std::io::Write,
    warn: &mut dyn FnMut(&str),
) -> Result<(), WriteError> {
    match (&report.body, format) {
        (Body::Judged(judged), Format::Text) => {
            text::write_check(judged, options.colour, out)?;
            return Ok(());
        }
        (Body::Judged(judged), Format::Json) => {
            json::write_check(judged, &paths(report, options.root), out)?;
            return Ok(());
        }
        (Body::Log(trail), Format::Text) => {
            for w in &trail.log.warnings {
                warn(&w.message);
            }
            log::write_text(&trail.log, out)?;
            return Ok(());
        }
        _ => {}
    }
    let rendered = render(report, format, options)?;
    for w in &rendered.warnings {
        warn(w);
    }
    out.write_all(rendered.out.as_bytes())?;
    Ok(())
}

/// `report` in `format`: the renderer of its kind for that format, or [`Unsupported`].
pub fn render(report: &Report, format: Format, options: &Options) -> Result<Rendered, Unsupported> {
    Unsupported::check(report.kind(), format)?;
    let paths = || paths(report, options.root);
    let colour = options.colour;
    let mut warnings = Vec::new();
    let out = match (&report.body, format) {
        (Body::Judged(judged), Format::Text) => text::check(judged, colour),
        (Body::Judged(judged), Format::Json) => json::check(judged, &paths()),
        (Body::Judged(judged), Format::Markdown) => markdown::check(judged, &paths()),
        (Body::Judged(judged), Format::Github) => {
            annotations::render(&judged.eval.findings, &paths())
        }
        (Body::Judged(judged), Format::Sarif) => {
            sarif::render(&judged.eval.findings, &judged.snap.files, &paths())
        }
        (Body::Judged(judged), Format::Junit) => junit::render(judged, &paths()),
        (Body::Judged(judged), Format::Comment) => comment::body(&report.notes, judged, &paths()),
        (Body::Diff(found), format) => {
            if let Some(e) = &found.history_failed {
                warnings.push(format!("the history checks could not run: {e}"));
            }
            match format {
                Format::Json => diff::json(&found.diff, &paths()),
                Format::Markdown => diff::markdown(&found.diff, &paths()),
                _ => diff::text_with_history(found, colour),
            }
        }
        (Body::Log(trail), format) => {
            // The JSON carries the walk's warnings itself.
            if format != Format::Json {
                warnings.extend(trail.log.warnings.iter().map(|w| w.message.clone()));
            }
            match format {
                Format::Json => log::json(&trail.log),
                Format::Markdown => {
                    let title = match &trail.project {
                        Some(p) => format!("Audit trail of {p}"),
                        None => "Audit trail".to_string(),
                    };
                    log::markdown(&trail.log, &title)
                }
                Format::Csv => log::csv(&trail.log),
                _ => log::text(&trail.log),
            }
        }
        (Body::Project(view), Format::Json) => show::json(view),
        (Body::Project(view), _) => {
            warnings.extend(view.warnings.iter().map(|w| w.message.clone()));
            show::text(view)
        }
        (Body::Verified(verified), Format::Json) => json::verified(verified, &paths()),
        (Body::Verified(verified), _) => text::verified(verified, colour),
        (Body::Validated(snap), Format::Json) => json::validate(&snap.findings, &paths()),
        (Body::Validated(snap), _) => text::validated(snap, colour),
        (Body::Judged(_) | Body::Site { .. }, _) => {
            return Err(Unsupported {
                kind: report.kind(),
                format,
            });
        }
    };
    Ok(Rendered { out, warnings })
}

/// `report`'s pages: a judged state with its trends as HTML, or [`Unsupported`] for a report
/// of another kind.
pub fn pages(report: &Report, meta: &Meta) -> Result<Vec<Page>, Unsupported> {
    match &report.body {
        Body::Site { judged, trends } => Ok(html::render(judged, trends, meta)),
        _ => Err(Unsupported {
            kind: report.kind(),
            format: Format::Html,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_prints_only_its_formats() {
        assert_eq!(Unsupported::check(Kind::Verified, Format::Json), Ok(()));
        let refused =
            Unsupported::check(Kind::Verified, Format::Markdown).expect_err("markdown refused");
        assert_eq!(refused.to_string(), "`log --verify` prints text or json");
        let refused = Unsupported::check(Kind::Diff, Format::Csv).expect_err("csv refused");
        assert_eq!(refused.to_string(), "`diff` prints text, json or markdown");
        // `report` writes pages and prints nothing.
        assert!(formats(Kind::Site).is_empty());
        assert!(Unsupported::check(Kind::Site, Format::Html).is_err());
        assert!(formats(Kind::Judged).contains(&Format::Comment));
    }
}
