//! Human output: rustc-style diagnostics with `file:line:col`, the source line and a pointer.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::files::Files;
use crate::findings::{Counts, Finding, Severity};

/// Renders findings, one diagnostic each, followed by a one-line summary.
pub fn findings(findings: &[Finding], files: &Files, colour: bool) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for f in findings {
        out.push_str(&diagnostic(f, files, &renderer));
        out.push_str("\n\n");
    }
    out
}

/// One-line tally: "2 errors, 1 warning".
pub fn tally(counts: Counts) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut parts = vec![
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
    ];
    if counts.notes > 0 {
        parts.push(plural(counts.notes, "note"));
    }
    parts.join(", ")
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
}

/// One finding as a rustc-style diagnostic.
pub fn diagnostic(f: &Finding, files: &Files, renderer: &Renderer) -> String {
    let title = level(f.severity)
        .primary_title(f.message.as_str())
        .id(f.code.as_str());
    let help = f.help.as_deref().map(|h| Level::HELP.message(h));
    let Some(loc) = &f.location else {
        let group = match help {
            Some(h) => title.element(h),
            None => Group::with_title(title),
        };
        return renderer.render(&[group]);
    };
    let line_text = files.line(&loc.file, loc.line);
    let group = match line_text {
        Some(text) => {
            let span = highlight(text, loc.column);
            let snippet = Snippet::source(text)
                .line_start(usize::try_from(loc.line).unwrap_or(1))
                .path(loc.file.as_str())
                .annotation(AnnotationKind::Primary.span(span));
            let g = title.element(snippet);
            match help {
                Some(h) => g.element(h),
                None => g,
            }
        }
        None => {
            // The file has no text to show (missing, unreadable): name the place only.
            let origin = annotate_snippets::Origin::path(loc.file.as_str())
                .line(usize::try_from(loc.line).unwrap_or(1))
                .char_column(usize::try_from(loc.column).unwrap_or(1).saturating_sub(1));
            let g = title.element(origin);
            match help {
                Some(h) => g.element(h),
                None => g,
            }
        }
    };
    renderer.render(&[group])
}

/// Byte range to underline: the token starting at the (1-based, character) column, up to a
/// key's `:`, a comment, or the end of the line.
fn highlight(line: &str, column: u32) -> std::ops::Range<usize> {
    let skip = usize::try_from(column).unwrap_or(1).saturating_sub(1);
    let start = line.char_indices().nth(skip).map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let mut end = rest.len();
    if let Some(i) = rest.find(": ") {
        end = end.min(i);
    }
    if rest.ends_with(':') {
        end = end.min(rest.len() - 1);
    }
    if let Some(i) = rest.find(" #") {
        end = end.min(i);
    }
    let token = rest[..end].trim_end();
    let len = token.len().max(1);
    start..(start + len).min(line.len().max(start + 1))
}

#[cfg(test)]
mod tests {
    use super::highlight;

    #[test]
    fn highlights_keys_values_and_skips_comments() {
        assert_eq!(highlight("  treshold: 70", 3), 2..10);
        assert_eq!(highlight("  status: agred  # soon", 11), 10..15);
        assert_eq!(highlight("stage: mvp", 8), 7..10);
        assert_eq!(highlight("", 1), 0..1);
    }
}
